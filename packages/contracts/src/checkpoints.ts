/** Checkpoints (监督点, issue 20 §1, M1): a project's statutory timers with their state computed from server time. */
import { z } from 'zod';
import { CHECKPOINT_KIND_KEYS, CHECKPOINT_STATES } from '@ebid/domain';

export const ZCheckpointListInput = z.object({ projectId: z.number().int().positive() });
export type CheckpointListInput = z.infer<typeof ZCheckpointListInput>;

export const ZCheckpointView = z.object({
  id: z.number().int(),
  projectId: z.number().int(),
  kind: z.enum(CHECKPOINT_KIND_KEYS as [string, ...string[]]),
  nameZh: z.string(),
  nameEn: z.string(),
  /** The rule watched (domain §2 row and source). */
  rule: z.string(),
  /** The instance it watches, e.g. 'objection:12', 'project'. */
  subjectKey: z.string(),
  /** At the server's time now. */
  state: z.enum(CHECKPOINT_STATES),
  warnAt: z.string(),
  dueAt: z.string(),
  /** The due instant depends on a year whose holidays are not yet published (暂定). */
  provisional: z.boolean(),
  responsible: z.object({
    party: z.enum(['center', 'owner_side']),
    orgId: z.number().int().nullable(),
    orgName: z.string().nullable(),
  }),
  doneAt: z.string().nullable(),
  /** The audit action of the act that completed it. */
  doneAct: z.string().nullable(),
  /** Done after its due instant. */
  late: z.boolean(),
  yellowRaisedAt: z.string().nullable(),
  redRaisedAt: z.string().nullable(),
});
export type CheckpointView = z.infer<typeof ZCheckpointView>;
