/**
 * GET /qualification/evidence/:answerId/:index — one evidence file of a qualification answer (issue 5 §5),
 * for the answering company, center staff/admin/supervisor, and the owner side once the review is
 * complete; NOT_FOUND to everyone else (no existence leak). The object store verifies the file's hash
 * while streaming.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { httpStatusOf, SESSION_COOKIE } from '@ebid/api';
import { AppError, isAppError } from '@ebid/domain';
import { actorFromSessionToken, qualificationEvidence, type Deps } from '@ebid/services';

function cookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i <= 0 || part.slice(0, i).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(i + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}

const send = (reply: FastifyReply, e: AppError) => reply.status(httpStatusOf(e)).send({ error: e.toJSON() });

export function registerQualificationRoutes(app: FastifyInstance, deps: Deps): void {
  app.get<{ Params: { answerId: string; index: string } }>('/qualification/evidence/:answerId/:index', async (req, reply) => {
    const answerId = Number(req.params.answerId);
    const index = Number(req.params.index);
    if (!Number.isSafeInteger(answerId) || answerId <= 0 || !Number.isSafeInteger(index) || index < 0 || index > 100) {
      return send(reply, new AppError('NOT_FOUND'));
    }
    const token = cookie(req.headers.cookie, SESSION_COOKIE);
    const actor = token ? await actorFromSessionToken(deps.db, deps.clock, token) : null;
    if (!actor) return send(reply, new AppError('UNAUTHORIZED'));
    try {
      const f = await qualificationEvidence(deps, { actor, clientAddress: req.ip, userAgent: String(req.headers['user-agent'] ?? '').slice(0, 500) }, { answerId, index });
      return reply
        .type(f.contentType)
        .header('content-length', String(f.size))
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.fileName)}`)
        .header('cache-control', 'private, no-store')
        .send(f.stream);
    } catch (e) {
      if (isAppError(e)) return send(reply, e);
      throw e;
    }
  });
}
