/** Platform outages (issue 12 §8): recorded by center staff; the deadlines and windows they extended. */
import { z } from 'zod';

export const ZOutageItemKind = z.enum(['bid_deadline', 'application_deadline', 'decryption_window', 'decryption_expired']);
export type OutageItemKind = z.infer<typeof ZOutageItemKind>;

/** One deadline or window of a project the outage touched, and what was done with it. */
export const ZOutageAffectedItem = z.object({
  projectId: z.number().int(),
  unifiedDealCode: z.string(),
  name: z.string(),
  kind: ZOutageItemKind,
  action: z.enum(['extended', 'not_extended', 'reclassified']),
  from: z.string(),
  to: z.string().nullable(),
  provisional: z.boolean(),
  /** Why it was not extended, or what was reclassified. */
  noteZh: z.string().nullable(),
  noteEn: z.string().nullable(),
  noticeId: z.number().int().nullable(),
});
export type OutageAffectedItem = z.infer<typeof ZOutageAffectedItem>;

export const ZOutage = z.object({
  id: z.number().int(),
  startsAt: z.string(),
  endsAt: z.string(),
  description: z.string(),
  marginMinutes: z.number().int(),
  extensionHours: z.number().int(),
  recordedAt: z.string(),
  recordedBy: z.number().int(),
  affected: z.array(ZOutageAffectedItem),
});
export type OutageRecord = z.infer<typeof ZOutage>;

export const ZRecordOutageInput = z.object({
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }),
  description: z.string().trim().min(2).max(500),
});
export type RecordOutageInput = z.infer<typeof ZRecordOutageInput>;

export const ZOutageListInput = z.object({}).optional();
