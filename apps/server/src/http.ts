/**
 * What every plain (non-tRPC) route of the server shares: the typed error reply, the session cookie, the
 * request context of a signed-in caller, and download headers. tRPC builds its context in app.ts from the
 * same pieces.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { httpStatusOf, SESSION_COOKIE } from '@ebid/api';
import { AppError, FINGERPRINT_RE, isAppError } from '@ebid/domain';
import { actorFromSessionToken, reportIntegrityFailure, type Deps, type RequestContext } from '@ebid/services';

/** Headers of a download; they describe a file, not an error sent in its place. */
const DOWNLOAD_HEADERS = ['content-type', 'content-length', 'content-disposition', 'x-content-sha256', 'x-part-hash', 'x-header-sha256'];

/** The device fingerprint a client reports (X4: the web app's and `ebid`'s); a malformed one is ignored. */
export function deviceFingerprintOf(req: FastifyRequest): string | null {
  const v = req.headers['x-ebid-device'];
  return typeof v === 'string' && FINGERPRINT_RE.test(v) ? v : null;
}

/** `{ error: { code, messageZh, messageEn, details? } }` with the code's HTTP status. */
export function sendAppError(reply: FastifyReply, e: AppError): FastifyReply {
  // A download that failed before its first byte left (a corrupt object, issue 13 §5): fastify already put
  // the file's headers on the raw response; the error goes out without them.
  if (!reply.raw.headersSent) {
    for (const h of DOWNLOAD_HEADERS) {
      reply.removeHeader(h);
      reply.raw.removeHeader(h);
    }
  }
  return reply.status(httpStatusOf(e)).type('application/json; charset=utf-8').send({ error: e.toJSON() });
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    const k = part.slice(0, i).trim();
    const v = part.slice(i + 1).trim();
    try {
      out.set(k, decodeURIComponent(v));
    } catch {
      // a malformed cookie value is ignored
    }
  }
  return out;
}

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * Server time at which the request was fully received (domain T1): set by the preValidation hook,
     * which fastify runs once the body is parsed. A route that streams its body judges by the stream's end.
     */
    receivedAt?: Date;
  }
}

/** The caller's request context; `actor` is null without a live session. */
export async function optionalContext(deps: Deps, req: FastifyRequest): Promise<RequestContext> {
  const token = parseCookies(req.headers.cookie).get(SESSION_COOKIE);
  const actor = token ? await actorFromSessionToken(deps.db, deps.clock, token) : null;
  return {
    actor,
    clientAddress: req.ip,
    userAgent: String(req.headers['user-agent'] ?? '').slice(0, 500),
    deviceFingerprint: deviceFingerprintOf(req),
    receivedAt: req.receivedAt ?? null,
  };
}

/** The caller's request context; UNAUTHORIZED without a live session. */
export async function signedInContext(deps: Deps, req: FastifyRequest): Promise<RequestContext> {
  const ctx = await optionalContext(deps, req);
  if (!ctx.actor) throw new AppError('UNAUTHORIZED');
  return ctx;
}

/** Content-Disposition for a download (RFC 6266 / 5987: UTF-8 names such as 招标文件.pdf). */
export function contentDisposition(kind: 'attachment' | 'inline', fileName: string): string {
  return `${kind}; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * Cuts off a streamed upload body whose client goes quiet (issue 13 §9.5): when no byte arrives for
 * `deps.config.uploadIdleTimeoutMs` while the server is waiting for one, the connection is destroyed;
 * the store's pipeline then fails and keeps nothing. Time the server spends not reading (backpressure
 * from a slow store: bytes are buffered or the stream is paused) does not count as the client's idleness.
 * Registered as an onRequest hook of the scopes that stream request bodies (files.ts, bid-routes.ts).
 */
export function addUploadIdleTimeout(scope: FastifyInstance, deps: Deps): void {
  scope.addHook('onRequest', async (req) => {
    const raw = req.raw;
    const socket = raw.socket;
    const limitMs = deps.config.uploadIdleTimeoutMs;
    let lastBytes = socket.bytesRead;
    let lastProgress = Date.now();
    const timer = setInterval(
      () => {
        if (raw.readableEnded || raw.destroyed || socket.destroyed) return clearInterval(timer);
        const now = Date.now();
        const waitingOnServer = raw.readableLength > 0 || raw.isPaused();
        if (socket.bytesRead !== lastBytes || waitingOnServer) {
          lastBytes = socket.bytesRead;
          lastProgress = now;
          return;
        }
        if (now - lastProgress < limitMs) return;
        clearInterval(timer);
        req.log.warn({ idleMs: now - lastProgress, received: lastBytes }, 'upload body idle too long: connection closed');
        socket.destroy();
      },
      Math.max(25, Math.min(1000, Math.floor(limitMs / 5))),
    );
    timer.unref();
    raw.once('close', () => clearInterval(timer));
  });
}

/** A stored PDF for the signed-in caller: inline (the browser's PDF viewer), private, with its hash when known. */
export function sendPrivatePdf(deps: Deps, req: FastifyRequest, reply: FastifyReply, pdf: { stream: NodeJS.ReadableStream; size: number; fileName: string; sha256?: string }): FastifyReply {
  reply.type('application/pdf').header('content-length', String(pdf.size)).header('content-disposition', contentDisposition('inline', pdf.fileName)).header('cache-control', 'private, no-store');
  if (pdf.sha256) reply.header('x-content-sha256', pdf.sha256);
  return sendStoredObject(deps, req, reply, pdf.stream);
}

/**
 * Sends a stored object's stream as the response body (every download route). The object store holds
 * back the last bytes until the whole object hashes right (issue 13 §5): a corrupt object fails the
 * response — a typed INTEGRITY_FAILED before any byte for a small one, a cut connection short of the
 * declared length for a larger one — and never arrives complete. Such a failure raises the integrity
 * alert (audit event and staff notification, once per object and day) naming this route.
 */
export function sendStoredObject(deps: Deps, req: FastifyRequest, reply: FastifyReply, stream: NodeJS.ReadableStream): FastifyReply {
  stream.once('error', (e: unknown) => {
    if (!isAppError(e) || e.code !== 'INTEGRITY_FAILED') return;
    const sha256 = typeof e.details?.expectedSha256 === 'string' ? e.details.expectedSha256 : 'unknown';
    const actualSha256 = typeof e.details?.actualSha256 === 'string' ? e.details.actualSha256 : null;
    reportIntegrityFailure(deps, { sha256, route: `${req.method} ${req.routeOptions.url ?? req.url}`, requestId: req.id, clientAddress: req.ip, actualSha256 }).catch(
      (err: unknown) => req.log.error({ err, sha256 }, 'integrity alert could not be recorded'),
    );
  });
  return reply.send(stream);
}
