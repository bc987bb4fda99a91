/** The platform itself: health, clock and identity, the fake clock, stored-object integrity, outages. */
export { checkHealth, pkiExpiry } from './health.ts';
export { serverTime, systemInfo } from './info.ts';
export { CLOCK_MOVED_EVENT, moveFakeClock } from './fake-clock.ts';
export { INTEGRITY_ALERT_ACTION, reportIntegrityFailure } from './integrity.ts';
export { listOutages, recordOutage } from './outages.ts';
export * from './time-source/index.ts';
