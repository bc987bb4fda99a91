/**
 * The evaluation's report procedures' inputs and outputs (issue 22 §5; S11, R87 §64): the sealed report and
 * who has signed it, a member's signature over its bytes, a member's written dissent, the reopening by the
 * center, and every member's detached CMS for independent checking. The PDF itself is an HTTP download
 * (`GET /evaluations/:id/report.pdf`).
 */
import { z } from 'zod';
import { ZId } from './common.ts';

const ZSha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const ZEvaluationReportView = z.object({
  evaluationId: z.number().int(),
  status: z.string(),
  round: z.number().int(),
  /** the current sealed report; null before scoring is finished and after a reopening until it is again */
  reportSha256: z.string().nullable(),
  size: z.number().int().nullable(),
  sealedAt: z.string().nullable(),
  signedAt: z.string().nullable(),
  signatures: z.array(z.object({ memberUserId: z.number().int(), name: z.string(), signedAt: z.string(), certSerial: z.string() })),
  pending: z.array(z.object({ memberUserId: z.number().int(), name: z.string() })),
  dissents: z.array(z.object({ memberUserId: z.number().int(), name: z.string(), text: z.string(), at: z.string() })),
  me: z.object({ signedAt: z.string().nullable(), dissent: z.string().nullable() }).nullable(),
});
export type EvaluationReportViewDto = z.infer<typeof ZEvaluationReportView>;

/** A detached CMS (DER, base64) over the sealed report's exact bytes, by the member's own signing certificate. */
export const ZSignEvaluationReportInput = z.object({ evaluationId: ZId, reportSha256: ZSha256, signatureBase64: z.string().min(1).max(64 * 1024) });

/** S11: the text is checked by the service (1–2000 characters, printable, no control characters). */
export const ZEvaluationDissentInput = z.object({ evaluationId: ZId, text: z.string().max(8000) });

/** R87 §64: `case` is one of sum_error, out_of_range, objective_mismatch, extreme_scores (checked by the service, rule S11). */
export const ZReopenEvaluationInput = z.object({ evaluationId: ZId, case: z.string().max(64), note: z.string().max(8000) });

export const ZEvaluationReportSignaturesInput = z.object({ evaluationId: ZId, reportSha256: ZSha256.optional() });
export const ZEvaluationReportSignatures = z.object({
  evaluationId: z.number().int(),
  reportSha256: z.string(),
  signatures: z.array(
    z.object({ memberUserId: z.number().int(), name: z.string(), certSerial: z.string(), signedAt: z.string(), dissent: z.string().nullable(), cmsBase64: z.string() }),
  ),
});
