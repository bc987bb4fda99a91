/**
 * The evaluation's bid viewer downloads (issue 22 §1), outside tRPC because they stream:
 *
 * - `GET /evaluations/:evaluationId/parts/:label/:part` — a decrypted part of a bid under review, by its
 *   session label (URL-encoded, e.g. 投标人1) and part (summary, commercial, technical, qualification);
 * - `GET /evaluations/:evaluationId/blind/:blindLabel` — a blind technical part (暗标) by its blind label,
 *   served as `<blind label>-技术标.pdf`, never under the bidder's file name.
 *
 * For a declared member of the committee, the center staff and the project's supervisors (the session
 * cookie; evaluation/viewer.ts decides); NOT_FOUND to everyone else, a caller without a session included.
 * Every GET is audited; a HEAD request transfers nothing and is not. PDFs open inline in the browser's
 * viewer, anything else downloads.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, isAppError } from '@ebid/domain';
import { isBidPart } from '@ebid/pki/constants';
import { evaluationPartStream, type Deps, type EvaluationPartRef } from '@ebid/services';
import { contentDisposition, optionalContext, sendAppError, sendStoredObject } from './http.ts';

function evaluationIdOf(s: string): number {
  const id = Number(s);
  if (!/^\d{1,15}$/.test(s) || !Number.isSafeInteger(id) || id <= 0) throw new AppError('NOT_FOUND');
  return id;
}

async function sendPart(deps: Deps, req: FastifyRequest, reply: FastifyReply, evaluationId: string, ref: EvaluationPartRef): Promise<FastifyReply> {
  try {
    // No session: the service answers NOT_FOUND like for any outsider (no existence oracle).
    const ctx = await optionalContext(deps, req);
    const f = await evaluationPartStream(deps, ctx, { evaluationId: evaluationIdOf(evaluationId), ref, record: req.method !== 'HEAD' });
    const pdf = f.contentType === 'application/pdf';
    reply
      .type(f.contentType)
      .header('content-length', String(f.size))
      .header('content-disposition', contentDisposition(pdf ? 'inline' : 'attachment', f.fileName))
      .header('x-content-sha256', f.sha256)
      .header('cache-control', 'private, no-store')
      // Bid bytes are the bidder's, not ours: never run as a page of this origin.
      .header('content-security-policy', 'sandbox');
    return sendStoredObject(deps, req, reply, f.stream);
  } catch (e) {
    if (isAppError(e)) return sendAppError(reply, e);
    throw e;
  }
}

export function registerEvaluationRoutes(app: FastifyInstance, deps: Deps): void {
  app.get<{ Params: { evaluationId: string; label: string; part: string } }>('/evaluations/:evaluationId/parts/:label/:part', async (req, reply) => {
    const { part, label } = req.params;
    if (!isBidPart(part) || label.length === 0 || label.length > 40) return sendAppError(reply, new AppError('NOT_FOUND'));
    return sendPart(deps, req, reply, req.params.evaluationId, { label, part });
  });
  app.get<{ Params: { evaluationId: string; blindLabel: string } }>('/evaluations/:evaluationId/blind/:blindLabel', async (req, reply) => {
    const { blindLabel } = req.params;
    if (blindLabel.length === 0 || blindLabel.length > 40) return sendAppError(reply, new AppError('NOT_FOUND'));
    return sendPart(deps, req, reply, req.params.evaluationId, { blindLabel });
  });
}
