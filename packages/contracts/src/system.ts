/** The platform itself: server time (the only clock, T1), what the platform is, and the fake clock. */
import { z } from 'zod';

export const ZServerTime = z.object({
  epochMs: z.number().int(),
  iso: z.string(),
  timeZone: z.literal('Asia/Shanghai'),
  fakeClock: z.boolean(),
  acceleration: z.number(),
});
export type ServerTime = z.infer<typeof ZServerTime>;

/** A platform certificate (root, intermediates, issuing CA, seal) that ends soon. */
export const ZPkiWarning = z.object({
  role: z.enum(['root', 'intermediate', 'issuing', 'seal']),
  subject: z.string(),
  notAfter: z.string(),
  daysLeft: z.number().int(),
});

export const ZSystemInfo = z.object({
  name: z.string(),
  version: z.string(),
  mode: z.enum(['embedded', 'production']),
  database: z.enum(['postgres', 'pglite']),
  objectStore: z.enum(['s3', 'fs']),
  instance: z.string(),
  /**
   * The platform certificates (root, intermediates, issuing CA, seal) that end within
   * PKI_EXPIRY_WARNING_DAYS (issue 15 §2): for center staff and platform administrators only, who must
   * have them renewed; absent for anybody else.
   */
  pkiWarnings: z.array(ZPkiWarning).optional(),
  /** The configured platform and center (issue 15 §3): public facts, shown in the top bar and the footer. */
  center: z.object({ platformName: z.string(), centerName: z.string(), regionCode: z.string(), address: z.string(), contact: z.string() }),
});
export type SystemInfo = z.infer<typeof ZSystemInfo>;

/** Test and rehearsal only: move the fake clock to this instant. */
export const ZSetFakeClockInput = z.object({ iso: z.iso.datetime({ offset: true }) });
export type SetFakeClockInput = z.infer<typeof ZSetFakeClockInput>;

export const ZFakeClockMoved = ZServerTime.pick({ epochMs: true, iso: true });
export type FakeClockMoved = z.infer<typeof ZFakeClockMoved>;

/** One NTP server's last answer as the monitor judged it (issue 20 §5). */
export const ZNtpServerResult = z.object({
  /** As configured (`host:port`). */
  server: z.string(),
  /** The address asked (after DNS), or null when the name did not resolve. */
  address: z.string().nullable(),
  ok: z.boolean(),
  offsetMs: z.number().nullable(),
  roundTripMs: z.number().nullable(),
  stratum: z.number().int().nullable(),
  /** Why the answer was not believed (NtpRejection: WRONG_SOURCE, KISS_OF_DEATH, ABSURD_OFFSET, TIMEOUT …). */
  rejection: z.string().nullable(),
  detail: z.string().nullable(),
});
export type NtpServerResult = z.infer<typeof ZNtpServerResult>;

/**
 * The time source of this instance (issue 20 §5, domain §4.3, T3): the measured offset against the
 * configured NTP servers and the state — unmonitored (none configured), ok, warn (> 1 s: operations
 * alert), blocked (> the limit), unknown (no valid answer lately; blocks too). The platform never sets
 * its clock from NTP; it only measures.
 */
export const ZTimeSourceStatus = z.object({
  instance: z.string(),
  state: z.enum(['unmonitored', 'ok', 'warn', 'blocked', 'unknown']),
  /** Whether the opening start, decryption and auction close are refused now. */
  blocking: z.boolean(),
  /** Server time minus ours, ms (median of the servers that answered); null without a valid sample. */
  offsetMs: z.number().nullable(),
  roundTripMs: z.number().nullable(),
  /** The platform clock when the latest valid sample was taken. */
  lastSampleAt: z.string().nullable(),
  /** The platform clock at the latest poll (valid or not). */
  lastPollAt: z.string().nullable(),
  warnOffsetMs: z.number().int(),
  maxOffsetMs: z.number().int(),
  pollMs: z.number().int(),
  servers: z.array(z.string()),
  /** Each server's answer at the latest poll. */
  results: z.array(ZNtpServerResult),
});
export type TimeSourceStatus = z.infer<typeof ZTimeSourceStatus>;
