// Statutory calendar (issue 4 §2): Beijing dates, the holiday table, MFD §201–203 periods, the limits
// of domain §2 as data, and the schedule check. Re-exported by packages/domain/src/index.ts.
export * from './dates.ts';
export * from './holidays.ts';
export * from './periods.ts';
export * from './limits.ts';
export * from './check-schedule.ts';
