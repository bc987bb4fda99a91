// Statutory calendar (issue 4 §2, issue 12): Beijing dates, the holiday table and the provisional calendar
// of unpublished years, the one leaning rule, MFD §201–203 periods, the limits of domain §2 as data, and
// the schedule check. Re-exported by packages/domain/src/index.ts.
export * from './dates.ts';
export * from './leaning.ts';
export * from './provisional.ts';
export * from './holidays.ts';
export * from './official-year.ts';
export * from './periods.ts';
export * from './limits.ts';
export * from './check-schedule.ts';
export * from './schedule-sanity.ts';
export * from './outage.ts';
export * from './fit-schedule.ts';
export * from './next-milestone.ts';
export * from './working-hours.ts';
