/**
 * Sealed-bid routes (issue 6 §3, §6), outside tRPC because they stream:
 *
 * - `PUT /bids/uploads/:uploadId/pieces/:index`: one transport piece (raw body, exactly 4 MiB except the
 *   last), session cookie, same origin (the global CSRF hook). Streamed straight into the object store
 *   with backpressure and an exact-size cap; piece 0's envelope header is checked at once (B2). 200
 *   `{ index, sha256, size, received }`.
 * - `GET /bids/:bidId/parts/:part/sealed`: the sealed file of a part of the caller's company's own bid,
 *   streamed from its pieces (decryption rehearsal); NOT_FOUND for anyone else, administrators included (B5).
 * - `GET /bids/:bidId/receipt.pdf`: the receipt as a PDF sealed by the platform (issue 16 §6), made on the
 *   first request and the same bytes afterwards; the bidding company only (NOT_FOUND otherwise, B5).
 *
 * Errors take the same shape as everywhere: `{ error: { code, messageZh, messageEn, details? } }`.
 */
import type { FastifyInstance } from 'fastify';
import { AppError, isAppError } from '@ebid/domain';
import { bidReceiptPdf, openSealedPart, putBidPiece, type Deps } from '@ebid/services';
import { addUploadIdleTimeout, contentDisposition, sendAppError, sendPrivatePdf, sendStoredObject, signedInContext } from './http.ts';
import { TRANSPORT_CHUNK_SIZE } from '@ebid/pki/constants';

function nonNegative(s: string, notFound = true): number {
  const n = Number(s);
  if (!/^\d{1,10}$/.test(s) || !Number.isSafeInteger(n)) {
    throw notFound ? new AppError('NOT_FOUND') : new AppError('VALIDATION', { zh: '分块序号无效', en: 'Invalid piece index' }, { field: 'index', reason: 'PIECE_INDEX' });
  }
  return n;
}

export async function registerBidRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_req, payload, done) => done(null, payload));
    addUploadIdleTimeout(scope, deps); // a client that goes quiet mid-body is cut off (issue 13 §9.5)

    scope.put<{ Params: { uploadId: string; index: string } }>('/bids/uploads/:uploadId/pieces/:index', { bodyLimit: TRANSPORT_CHUNK_SIZE }, async (req, reply) => {
      try {
        const ctx = await signedInContext(deps, req);
        const uploadId = nonNegative(req.params.uploadId);
        const index = nonNegative(req.params.index, false);
        const declared = Number(req.headers['content-length'] ?? Number.NaN);
        if (Number.isFinite(declared) && declared > TRANSPORT_CHUNK_SIZE) {
          throw new AppError('PAYLOAD_TOO_LARGE', { zh: '分块超过4 MiB', en: 'A piece may not exceed 4 MiB' }, { field: 'body', max: TRANSPORT_CHUNK_SIZE });
        }
        const out = await putBidPiece(deps, ctx, { uploadId, index, body: req.raw });
        return reply.status(200).send(out);
      } catch (e) {
        if (isAppError(e)) {
          if (!req.raw.readableEnded) reply.header('connection', 'close');
          return sendAppError(reply, e);
        }
        if (req.raw.destroyed) return sendAppError(reply, new AppError('INTEGRITY_FAILED', { zh: '上传中断，分块未保存', en: 'The upload was interrupted; the piece was not stored' }, { reason: 'ABORTED' }));
        throw e;
      }
    });
  });

  app.get<{ Params: { bidId: string; part: string } }>('/bids/:bidId/parts/:part/sealed', async (req, reply) => {
    try {
      const ctx = await signedInContext(deps, req);
      const sealed = await openSealedPart(deps, ctx, { bidId: nonNegative(req.params.bidId), part: req.params.part });
      reply
        .type('application/octet-stream')
        .header('content-length', String(sealed.size))
        .header('content-disposition', contentDisposition('attachment', sealed.fileName))
        .header('x-part-hash', sealed.partHash)
        .header('x-header-sha256', sealed.headerSha256)
        .header('cache-control', 'private, no-store');
      return sendStoredObject(deps, req, reply, sealed.stream);
    } catch (e) {
      if (isAppError(e)) return sendAppError(reply, e);
      throw e;
    }
  });

  app.get<{ Params: { bidId: string } }>('/bids/:bidId/receipt.pdf', async (req, reply) => {
    try {
      const ctx = await signedInContext(deps, req);
      return sendPrivatePdf(deps, req, reply, await bidReceiptPdf(deps, ctx, { bidId: nonNegative(req.params.bidId) }));
    } catch (e) {
      if (isAppError(e)) return sendAppError(reply, e);
      throw e;
    }
  });
}
