/** The time source (issue 20 §5, domain §4.3, T3): NTP offset measured, alerted, and guarding critical acts. */
export { ntpServerLabel, queryNtpServer, type NtpQueryResult } from './client.ts';
export { startTimeSourceMonitor, TimeSourceMonitor, TIME_SOURCE_ALERT_ACTION, TIME_SOURCE_RECOVERED_ACTION, TIME_SOURCE_SUBJECT } from './monitor.ts';
export { assertClockTrusted, CLOCK_UNTRUSTED } from './guard.ts';
export { timeSourceStatus } from './view.ts';
