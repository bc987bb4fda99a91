/**
 * The evaluation session (issue 22): the method a tender freezes (S1), starting the session, the members'
 * sign-in and avoidance declaration (E3). The session's other procedures are in evaluation-session.ts
 * (chair, bid viewer, clarifications, extension, replacement, progress) and evaluation-review.ts
 * (compliance, scoring, signed sheets, result, replay).
 */
import { z } from 'zod';
import { ZId } from './common.ts';

export const ZEvaluationIdInput = z.object({ evaluationId: ZId });
export type EvaluationIdInput = z.infer<typeof ZEvaluationIdInput>;

export const ZSetEvaluationMethodInput = z.object({
  projectId: ZId,
  sectionId: ZId,
  /** an EvaluationMethodSpec (@ebid/domain/evaluation), validated by `validateMethod` in the service */
  method: z.record(z.string(), z.unknown()),
  blindTechnical: z.boolean().default(false),
});
export const ZSetEvaluationMethodResult = z.object({ sectionId: z.number().int(), methodSha256: z.string(), blindTechnical: z.boolean() });

export const ZStartEvaluationInput = z.object({ committeeId: ZId, hours: z.number().int().min(1).max(72) });
export const ZStartEvaluationResult = z.object({ evaluationId: z.number().int() });

export const ZEvaluationSignInResult = z.object({ signedInAt: z.string() });
export const ZEvaluationDeclaration = z.object({ text: z.string() });
export const ZEvaluationDeclareInput = z.object({ evaluationId: ZId, signatureBase64: z.string().min(1).max(64 * 1024) });
export const ZEvaluationDeclareResult = z.object({ declaredAt: z.string() });
