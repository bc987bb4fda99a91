/**
 * The evaluation's review procedures' inputs and outputs (issue 22 §2–§4): a member's sheet drafts, the
 * exact bytes it signs and its signature, re-opening a score sheet to reconcile objective items (S5), the
 * chair's stage closing and recorded bid inputs (S3, S7, S8), the replay and the objects it runs on.
 * Shapes only: every rule (labels, items, score ranges, who may) is checked in the services.
 */
import { z } from 'zod';
import { ZId } from './common.ts';

const HEX64 = /^[0-9a-f]{64}$/;

export const ZSheetStage = z.enum(['compliance', 'technical', 'scores']);

/** compliance: pass / fail with the reason (required on fail); technical / scores: a decimal string score. */
export const ZSheetEntry = z.union([
  z.object({ bid: z.string().max(40), criterionId: z.string().max(64), pass: z.boolean(), reason: z.string().max(2000).nullable().optional() }),
  z.object({ bid: z.string().max(40), criterionId: z.string().max(64), score: z.string().max(20) }),
]);
export type SheetEntry = z.infer<typeof ZSheetEntry>;

export const ZEvaluationStageInput = z.object({ evaluationId: ZId, stage: ZSheetStage });

export const ZSaveSheetDraftInput = z.object({ evaluationId: ZId, stage: ZSheetStage, entries: z.array(ZSheetEntry).max(50_000) });

export const ZEvaluationSheet = z.object({
  stage: ZSheetStage,
  round: z.number().int(),
  /** the stage's bids by the name it shows (labels; blind labels in the technical stage) */
  bids: z.array(z.string()),
  /** the stage's compliance items or scored criteria, by id */
  items: z.array(z.string()),
  entries: z.array(ZSheetEntry),
  updatedAt: z.string().nullable(),
  signed: z.boolean(),
  sha256: z.string().nullable(),
  signedAt: z.string().nullable(),
});
export type EvaluationSheet = z.infer<typeof ZEvaluationSheet>;

export const ZSheetToSign = z.object({ stage: ZSheetStage, bytesBase64: z.string(), sha256: z.string() });

export const ZSignSheetInput = z.object({
  evaluationId: ZId,
  stage: ZSheetStage,
  sha256: z.string().regex(HEX64),
  signatureBase64: z.string().min(1).max(64 * 1024),
});
export const ZSignSheetResult = z.object({ stage: ZSheetStage, sha256: z.string(), signedAt: z.string() });

export const ZCloseStageResult = z.object({
  status: z.enum(['technical', 'scoring', 'reporting', 'failed']),
  closed: ZSheetStage,
  failureReason: z.string().nullable(),
  /** the failure notice (废标 / 流标公告) of the section or project when the evaluation failed (O2) */
  failureNoticeId: z.number().int().nullable(),
});

const ZPolicyClaim = z.object({ kind: z.enum(['sme', 'consortium_sme']), smeShare: z.string().max(20).nullable(), evidence: z.string().max(500) });

export const ZRecordBidInputInput = z.object({
  evaluationId: ZId,
  /** the bid's session label (投标人N) */
  bid: z.string().max(40),
  correctedPriceFen: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).nullable().optional(),
  /** S8: the answered clarification in which the bidder confirmed the corrected price */
  clarificationId: ZId.optional(),
  costFinding: z.enum(['justified', 'below_cost']).nullable().optional(),
  policy: ZPolicyClaim.nullable().optional(),
  adjustmentsFen: z.record(z.string().max(64), z.number().int()).nullable().optional(),
  /** GP: the brand of the bid's core product (R87 §31: same-brand bidders count as one); null or blank clears it */
  brand: z.string().max(200).nullable().optional(),
});
export const ZBidInputView = z.object({
  bid: z.string(),
  correctedPriceFen: z.number().int().nullable(),
  costFinding: z.enum(['justified', 'below_cost']).nullable(),
  policy: ZPolicyClaim.nullable(),
  adjustmentsFen: z.record(z.string(), z.number().int()).nullable(),
  brand: z.string().nullable(),
  updatedAt: z.string(),
});

export const ZReplayCheck = z.object({
  matches: z.boolean(),
  manifestSha256: z.string(),
  resultSha256: z.string().nullable(),
  storedResultSha256: z.string().nullable(),
  problem: z.string().nullable(),
});
export type ReplayCheckView = z.infer<typeof ZReplayCheck>;

export const ZEvaluationObjects = z.object({
  evaluationId: z.number().int(),
  manifestSha256: z.string(),
  resultSha256: z.string(),
  sheets: z.array(z.object({ memberId: z.string(), stage: ZSheetStage, sha256: z.string(), cmsSha256: z.string(), signedAt: z.string(), certificatePem: z.string() })),
  objects: z.array(z.object({ sha256: z.string(), base64: z.string() })),
});
export type EvaluationObjectsView = z.infer<typeof ZEvaluationObjects>;
