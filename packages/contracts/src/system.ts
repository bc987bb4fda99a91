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
