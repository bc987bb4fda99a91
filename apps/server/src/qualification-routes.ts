/**
 * GET /qualification/evidence/:answerId/:index — one evidence file of a qualification answer (issue 5 §5),
 * for the answering company, center staff/admin/supervisor, and the owner side once the review is
 * complete; NOT_FOUND to everyone else (no existence leak). The object store verifies the file's hash
 * while streaming.
 */
import type { FastifyInstance } from 'fastify';
import { AppError, isAppError } from '@ebid/domain';
import { qualificationEvidence, type Deps } from '@ebid/services';
import { contentDisposition, sendAppError, sendStoredObject, signedInContext } from './http.ts';

export function registerQualificationRoutes(app: FastifyInstance, deps: Deps): void {
  app.get<{ Params: { answerId: string; index: string } }>('/qualification/evidence/:answerId/:index', async (req, reply) => {
    const answerId = Number(req.params.answerId);
    const index = Number(req.params.index);
    if (!Number.isSafeInteger(answerId) || answerId <= 0 || !Number.isSafeInteger(index) || index < 0 || index > 100) {
      return sendAppError(reply, new AppError('NOT_FOUND'));
    }
    try {
      const f = await qualificationEvidence(deps, await signedInContext(deps, req), { answerId, index });
      reply
        .type(f.contentType)
        .header('content-length', String(f.size))
        .header('content-disposition', contentDisposition('attachment', f.fileName))
        .header('cache-control', 'private, no-store');
      return sendStoredObject(deps, req, reply, f.stream);
    } catch (e) {
      if (isAppError(e)) return sendAppError(reply, e);
      throw e;
    }
  });
}
