/**
 * File routes (issue 5 §1, §2), outside tRPC because they stream:
 *
 * - `POST /files?name=<url-encoded name>`: the raw body is the file; `x-content-sha256` (64 hex) and the
 *   size (`x-content-size`, else `content-length`) are declared up front. The session, the name, the hash
 *   format and the size limit are checked BEFORE any byte is read; the body streams straight into the
 *   object store, which verifies hash and size and stores nothing on a mismatch (INTEGRITY_FAILED); then a
 *   short transaction records the upload. 201 `{ uploadId, fileName, sha256, size }`.
 * - `GET /documents/:id`: a tender document, for any signed-in user it is visible to (N7); the download is
 *   recorded without an audit event (N6, see openDocumentDownload).
 * - `GET /clarifications/:id.pdf`: the sealed PDF of a published clarification.
 * - `GET /openings/:projectId/record.pdf`: the current opening record (participants; everyone once closed).
 * - `GET /evaluations/:evaluationId/report.pdf[?sha256=<hex>]`: the sealed evaluation report (issue 22 §5) — the current
 *   one, or an earlier one of the same evaluation by its SHA-256 — for the declared members, the center and
 *   the project's supervisors; anyone else NOT_FOUND.
 *
 * Errors take the same shape as everywhere: `{ error: { code, messageZh, messageEn, details? } }`.
 */
import type { FastifyInstance } from 'fastify';
import { AppError, isAppError } from '@ebid/domain';
import { clarificationPdf, createUpload, evaluationReportPdf, openingRecordPdf, openDocumentDownload, validateFileName, validateUploadDeclaration, type Deps } from '@ebid/services';
import { addUploadIdleTimeout, contentDisposition, optionalContext, sendAppError, sendPrivatePdf, sendStoredObject, signedInContext } from './http.ts';

function positiveId(s: string): number {
  const id = Number(s);
  if (!/^\d{1,15}$/.test(s) || !Number.isSafeInteger(id) || id <= 0) throw new AppError('NOT_FOUND');
  return id;
}


export async function registerFileRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  // Encapsulated: the pass-through body parser applies to these routes only, never to /trpc.
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_req, payload, done) => done(null, payload));
    addUploadIdleTimeout(scope, deps); // a client that goes quiet mid-body is cut off (issue 13 §9.5)

    scope.post<{ Querystring: { name?: string } }>('/files', { bodyLimit: deps.config.uploadMaxBytes }, async (req, reply) => {
      try {
        const ctx = await signedInContext(deps, req);
        const fileName = validateFileName(typeof req.query.name === 'string' ? req.query.name : '');
        const sizeHeader = req.headers['x-content-size'] ?? req.headers['content-length'];
        const declared = validateUploadDeclaration(deps, {
          sha256: req.headers['x-content-sha256'],
          size: typeof sizeHeader === 'string' && /^\d{1,16}$/.test(sizeHeader) ? Number(sizeHeader) : Number.NaN,
        });
        const contentType = String(req.headers['content-type'] ?? 'application/octet-stream').split(';')[0]!.trim();
        const out = await createUpload(deps, ctx, { fileName, ...declared, contentType, body: req.raw });
        return reply.status(201).send(out);
      } catch (e) {
        if (isAppError(e)) {
          // Unread body bytes would otherwise keep the connection busy; refuse further requests on it.
          if (!req.raw.readableEnded) reply.header('connection', 'close');
          return sendAppError(reply, e);
        }
        // The client went away mid-body: nothing was stored (the store cleans up its temporary object).
        if (req.raw.destroyed) return sendAppError(reply, new AppError('INTEGRITY_FAILED', { zh: '上传中断，文件未保存', en: 'The upload was interrupted; nothing was stored' }, { reason: 'ABORTED' }));
        throw e;
      }
    });
  });

  app.get<{ Params: { id: string } }>('/documents/:id', async (req, reply) => {
    try {
      const ctx = await signedInContext(deps, req);
      // A HEAD request (fastify answers it with this handler) transfers nothing and is not a download.
      const doc = await openDocumentDownload(deps, ctx, { documentId: positiveId(req.params.id), record: req.method !== 'HEAD' });
      reply
        .type(doc.contentType || 'application/octet-stream')
        .header('content-length', String(doc.size))
        .header('content-disposition', contentDisposition('attachment', doc.fileName))
        .header('x-content-sha256', doc.sha256)
        .header('cache-control', 'private, no-store');
      return sendStoredObject(deps, req, reply, doc.stream);
    } catch (e) {
      if (isAppError(e)) return sendAppError(reply, e);
      throw e;
    }
  });

  app.get<{ Params: { projectId: string } }>('/openings/:projectId/record.pdf', async (req, reply) => {
    try {
      const ctx = await optionalContext(deps, req);
      return sendPrivatePdf(deps, req, reply, await openingRecordPdf(deps, ctx, { projectId: positiveId(req.params.projectId) }));
    } catch (e) {
      if (isAppError(e)) return sendAppError(reply, e);
      throw e;
    }
  });

  app.get<{ Params: { evaluationId: string }; Querystring: { sha256?: string } }>('/evaluations/:evaluationId/report.pdf', async (req, reply) => {
    try {
      const ctx = await signedInContext(deps, req);
      const sha256 = typeof req.query.sha256 === 'string' ? req.query.sha256 : undefined;
      return sendPrivatePdf(deps, req, reply, await evaluationReportPdf(deps, ctx, { evaluationId: positiveId(req.params.evaluationId), ...(sha256 !== undefined ? { sha256 } : {}) }));
    } catch (e) {
      if (isAppError(e)) return sendAppError(reply, e);
      throw e;
    }
  });

  app.get<{ Params: { id: string } }>('/clarifications/:id.pdf', async (req, reply) => {
    try {
      const ctx = await signedInContext(deps, req);
      return sendPrivatePdf(deps, req, reply, await clarificationPdf(deps, ctx, { clarificationId: positiveId(req.params.id) }));
    } catch (e) {
      if (isAppError(e)) return sendAppError(reply, e);
      throw e;
    }
  });
}
