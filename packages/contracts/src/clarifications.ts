/**
 * Clarifications and amendments (澄清/修改; issue 5 §2; N5: publishing may move the deadline). Input and
 * output schemas and their types (issue 17 §1).
 */
import { z } from 'zod';
import { ZId } from './common.ts';

const ZTitle = z.string().trim().min(2).max(200);
const ZBody = z.string().trim().min(2).max(20_000);

export const ZClarification = z.object({
  id: z.number().int(),
  projectId: z.number().int(),
  /** 1, 2, … in publishing order; null while a draft. */
  seq: z.number().int().nullable(),
  title: z.string(),
  body: z.string(),
  affectsPreparation: z.boolean(),
  status: z.enum(['draft', 'published']),
  deadlineField: z.string().nullable(),
  previousDeadline: z.string().nullable(),
  /** Set when publishing moved the deadline (N5). */
  newDeadline: z.string().nullable(),
  /** The moved deadline was computed on a provisional calendar (暂定). */
  newDeadlineProvisional: z.boolean(),
  pdfSha256: z.string().nullable(),
  publishedAt: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  documents: z.array(z.object({ id: z.number().int(), name: z.string(), version: z.number().int(), sha256: z.string(), size: z.number().int() })),
});
export type ClarificationView = z.infer<typeof ZClarification>;

export const ZDraftClarificationInput = z.object({ projectId: ZId, title: ZTitle, body: ZBody, affectsPreparation: z.boolean() });
export type DraftClarificationInput = z.infer<typeof ZDraftClarificationInput>;

export const ZUpdateClarificationInput = z.object({ clarificationId: ZId, title: ZTitle, body: ZBody, affectsPreparation: z.boolean(), expectedVersion: z.number().int().min(1) });
export type UpdateClarificationInput = z.infer<typeof ZUpdateClarificationInput>;

export const ZClarificationRef = z.object({ clarificationId: ZId });
export type ClarificationRef = z.infer<typeof ZClarificationRef>;

/** What publishing now would do to the deadline. */
export const ZClarificationPreview = z.object({
  deadlineField: z.string(),
  currentDeadline: z.string(),
  earliestLegal: z.string().nullable(),
  moveTo: z.string().nullable(),
  /** Computed on a provisional calendar (a year not yet published). */
  provisional: z.boolean(),
});
export type ClarificationPreview = z.infer<typeof ZClarificationPreview>;

export const ZPublishClarificationInput = z.object({ clarificationId: ZId, requestedDeadline: z.iso.datetime({ offset: true }).optional() });
export type PublishClarificationInput = z.infer<typeof ZPublishClarificationInput>;
