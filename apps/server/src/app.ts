/**
 * The HTTP process (DESIGN §2): fastify with the tRPC plugin at /trpc, GET /healthz, and the built web
 * app. Bodies over the limit, malformed JSON and malformed batches get the same typed error shape as
 * every other failure: { error: { code, messageZh, messageEn } } with the right HTTP status.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import { appRouter, SESSION_COOKIE, type AppRouter, type Context, type CookieJar } from '@ebid/api';
import { AppError, findUnsafeText, isAppError, unsafeTextError } from '@ebid/domain';
import { actorFromSessionToken, checkHealth, getPublicAuditRoot, latestCrl, listPublicAuditRoots, publicNoticePdf, type Deps } from '@ebid/services';
import { registerFileRoutes } from './files.ts';
import { contentDisposition, deviceFingerprintOf, parseCookies, sendAppError, sendStoredObject } from './http.ts';
import { registerQualificationRoutes } from './qualification-routes.ts';
import { registerBidRoutes } from './bid-routes.ts';
import { registerAuditRoutes } from './audit-routes.ts';
import { registerEvaluationRoutes } from './evaluation-routes.ts';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;
const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));


export interface BuildOptions {
  /** The process's pino logger; omitted in tests that want silence. */
  logger?: FastifyBaseLogger;
}

/**
 * The origin the client connected to (issue 14 §5: login challenges are bound to it): the Origin header
 * (a cross-site one was refused above), else scheme://Host as this server sees them (the scheme from a
 * trusted proxy's X-Forwarded-Proto). The services check it against PUBLIC_URL when that is set.
 */
function requestOriginOf(req: FastifyRequest): string | null {
  const origin = req.headers.origin;
  if (typeof origin === 'string' && origin !== '' && origin !== 'null') return origin;
  const host = req.headers.host;
  return host ? `${req.protocol}://${host}` : null;
}

export async function buildServer(deps: Deps, opts: BuildOptions): Promise<FastifyInstance> {
  const secureCookies = deps.config.mode === 'production';
  const app = Fastify({
    ...(opts.logger ? { loggerInstance: opts.logger } : { logger: false }),
    bodyLimit: deps.config.bodyLimitBytes,
    // The client address (login limits, audit, sessions) comes from X-Forwarded-For only through the
    // configured proxy hops: req.ip is then the last hop that is not a trusted proxy (issue 13 §3).
    // Nothing configured = trust nobody: the socket's peer is the client, whatever the headers say.
    trustProxy: deps.config.trustedProxies.length > 0 ? deps.config.trustedProxies : false,
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : crypto.randomUUID();
    },
    routerOptions: { maxParamLength: 5000 },
    // SSE subscriptions are long-lived; on close they are ended by the live hub, idle sockets dropped.
    forceCloseConnections: 'idle',
  });

  // T1 (DESIGN §4): the instant the request is fully received. fastify runs preValidation after the body
  // has been read and parsed, so this is the arrival of the whole request, before any service works on it.
  app.addHook('preValidation', async (req) => {
    req.receivedAt = deps.clock.now();
  });

  // The character rule of every text input (issue 13 §9.1) on the plain HTTP routes: query string, route
  // parameters (names, ids: no line breaks either) and a parsed body (free text). tRPC applies the same rule
  // to its raw input in a middleware (packages/api trpc.ts), with field paths of its own. A streamed body
  // (uploads, bid pieces) is not text and is never looked at.
  app.addHook('preValidation', async (req, reply) => {
    if (req.url.startsWith('/trpc/')) return;
    // fastify's query and params objects inherit from a null-prototype object: copy their own keys into
    // plain objects, which the walker reads (it skips anything that is not plain data, e.g. a stream body).
    const parts: [string, unknown, boolean][] = [
      ['query', { ...(req.query as object) }, false],
      ['params', { ...(req.params as object) }, false],
      ['body', req.body, true],
    ];
    for (const [where, value, allowLineBreaks] of parts) {
      const hit = findUnsafeText(value, { allowLineBreaks });
      if (hit) {
        if (!req.raw.readableEnded) reply.header('connection', 'close'); // an unread body stays unread
        return sendAppError(reply, unsafeTextError(hit, where));
      }
    }
  });

  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });

  // Security headers on every response (issue 13 §9.4), by helmet: a Content-Security-Policy for the web
  // app — scripts only from this origin (plus WebAssembly compilation: the browser hashes bid files with
  // hash-wasm), inline styles allowed (antd's CSS-in-JS injects <style> elements and style attributes),
  // no plugins, no framing, connections (API, live events) to this origin only — nosniff, same-origin
  // referrers, DENY framing, and HSTS in production only (the embedded mode serves plain HTTP).
  const production = deps.config.mode === 'production';
  await app.register(fastifyHelmet, {
    global: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(production ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    hsts: production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  });

  // Fastify's own failures (body too large, malformed JSON, wrong content type) in our error shape.
  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
    if (isAppError(err)) return sendAppError(reply, err);
    const status = err.statusCode ?? 500;
    if (status === 413) return sendAppError(reply, new AppError('PAYLOAD_TOO_LARGE'));
    if (status === 415)
      return sendAppError(
        reply,
        new AppError('VALIDATION', { zh: '不支持的内容类型', en: 'Unsupported content type' }),
      );
    if (status >= 400 && status < 500)
      return sendAppError(
        reply,
        new AppError('VALIDATION', { zh: '请求格式错误（无法解析）', en: 'Malformed request (cannot be parsed)' }),
      );
    req.log.error({ err }, 'unhandled error');
    return sendAppError(reply, new AppError('INTERNAL'));
  });

  // CSRF (issue 3 §2): session cookies are SameSite=Lax, and every state-changing request must come from
  // this origin: a cross-site Origin is refused, and tRPC POSTs must be JSON (a cross-site form cannot
  // send application/json without a CORS preflight, which this server never grants).
  app.addHook('onRequest', async (req, reply) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return;
    const origin = req.headers.origin;
    if (origin !== undefined) {
      let sameHost = false;
      try {
        sameHost = new URL(origin).host === req.headers.host;
      } catch {
        sameHost = false;
      }
      if (!sameHost) {
        return sendAppError(reply, new AppError('FORBIDDEN', { zh: '拒绝跨站请求', en: 'Cross-site request refused' }, { reason: 'CSRF' }));
      }
    }
    if (req.url.startsWith('/trpc/') && req.method === 'POST') {
      const type = String(req.headers['content-type'] ?? '');
      const hasBody = Number(req.headers['content-length'] ?? '0') > 0 || req.headers['transfer-encoding'] !== undefined;
      if (hasBody && !type.startsWith('application/json')) {
        return sendAppError(reply, new AppError('VALIDATION', { zh: '请求必须是JSON', en: 'The request must be JSON' }, { reason: 'CONTENT_TYPE' }));
      }
    }
  });

  // The platform CA's certificate and its latest CRL, for anyone verifying our signatures offline.
  app.get('/pki/root.pem', async (_req, reply) =>
    reply.type('application/x-pem-file').header('content-disposition', 'attachment; filename="ebid-root-ca.pem"').send(deps.pki.platform.rootCertPem),
  );
  // The issuing CA and every certificate above it, the root last (issue 15 §2): what a verifier needs
  // besides the root when the center's CA issues through an intermediate.
  app.get('/pki/chain.pem', async (_req, reply) =>
    reply.type('application/x-pem-file').header('content-disposition', 'attachment; filename="ebid-ca-chain.pem"').send(deps.pki.platform.chainPem.join('')),
  );
  app.get('/pki/crl.der', async (req, reply) => {
    const crl = await latestCrl(deps);
    if (!crl) return sendAppError(reply, new AppError('NOT_FOUND', { zh: '尚未发布证书吊销列表', en: 'No CRL has been published yet' }));
    return sendStoredObject(deps, req, reply.type('application/pkix-crl'), crl);
  });

  // A published notice's sealed PDF (public). The object store verifies its hash while streaming.
  app.get<{ Params: { id: string } }>('/portal/notices/:id.pdf', async (req, reply) => {
    const id = Number(req.params.id);
    if (!Number.isSafeInteger(id) || id <= 0) return sendAppError(reply, new AppError('NOT_FOUND'));
    const pdf = await publicNoticePdf(deps, id);
    reply
      .type('application/pdf')
      .header('content-length', String(pdf.size))
      .header('content-disposition', contentDisposition('inline', pdf.fileName));
    return sendStoredObject(deps, req, reply, pdf.stream);
  });

  // The published audit roots for outside witnesses (issue 13 §6): the list (oldest first, `after` = last
  // id kept), one root, and its signed bytes and CMS for `openssl cms -verify` as they are.
  const rootId = (v: string) => {
    const id = Number(v);
    if (!Number.isSafeInteger(id) || id <= 0) throw new AppError('NOT_FOUND', { zh: '审计根不存在', en: 'No such audit root' });
    return id;
  };
  app.get<{ Querystring: { after?: string; limit?: string } }>('/portal/audit/roots', async (req, reply) => {
    const after = Number(req.query.after ?? 0);
    const limit = Number(req.query.limit ?? 100);
    if (!Number.isSafeInteger(after) || after < 0 || !Number.isSafeInteger(limit) || limit < 1 || limit > 500) {
      return sendAppError(reply, new AppError('VALIDATION', { zh: '分页参数无效', en: 'after must be ≥ 0 and limit 1 … 500' }));
    }
    return reply.send(await listPublicAuditRoots(deps, { after, limit }));
  });
  app.get<{ Params: { id: string } }>('/portal/audit/roots/:id', async (req, reply) => reply.send(await getPublicAuditRoot(deps, rootId(req.params.id))));
  app.get<{ Params: { id: string } }>('/portal/audit/roots/:id/root.json', async (req, reply) =>
    reply.type('application/json').send((await getPublicAuditRoot(deps, rootId(req.params.id))).document),
  );
  app.get<{ Params: { id: string } }>('/portal/audit/roots/:id/root.p7s', async (req, reply) =>
    reply.type('application/pkcs7-signature').send(Buffer.from((await getPublicAuditRoot(deps, rootId(req.params.id))).signature, 'base64')),
  );

  registerQualificationRoutes(app, deps);
  registerAuditRoutes(app, deps); // the filtered audit view as CSV (issue 19 §4)
  registerEvaluationRoutes(app, deps); // the evaluation's bid viewer: decrypted parts, blind parts by label (issue 22 §1)

  app.get('/healthz', async (_req, reply) => {
    const report = await checkHealth(deps);
    return reply.status(report.status === 'ok' ? 200 : 503).send(report);
  });

  // Uploads, tender-document downloads and clarification PDFs (streamed; issue 5).
  await registerFileRoutes(app, deps);
  await registerBidRoutes(app, deps); // sealed-bid pieces and the rehearsal download (issue 6)

  await app.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    trpcOptions: {
      router: appRouter,
      allowBatching: true,
      maxBatchSize: 20,
      createContext: async ({ req, res }): Promise<Context> => {
        const cookies = parseCookies(req.headers.cookie);
        const jar: CookieJar = {
          get: (name) => cookies.get(name),
          set: (name, value, o) => {
            const maxAge = Math.max(0, Math.floor((o.expires.getTime() - deps.clock.now().getTime()) / 1000));
            void res.header(
              'set-cookie',
              `${name}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secureCookies ? '; Secure' : ''}`,
            );
          },
          clear: (name) => {
            void res.header(
              'set-cookie',
              `${name}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secureCookies ? '; Secure' : ''}`,
            );
          },
        };
        const token = cookies.get(SESSION_COOKIE);
        const actor = token ? await actorFromSessionToken(deps.db, deps.clock, token) : null;
        return {
          deps,
          actor,
          cookies: jar,
          meta: {
            requestId: String(req.id),
            clientAddress: req.ip,
            userAgent: String(req.headers['user-agent'] ?? '').slice(0, 500),
            deviceFingerprint: deviceFingerprintOf(req),
            receivedAt: req.receivedAt ?? deps.clock.now(),
            origin: requestOriginOf(req),
          },
        };
      },
      onError: ({ error, path: procedure, req }) => {
        if (error.code === 'INTERNAL_SERVER_ERROR') {
          req.log.error({ procedure, err: error.cause ?? error }, 'procedure failed');
        }
      },
    } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions'],
  });

  // The web app (built by `vite build`); unknown non-API GETs get index.html (client-side routes).
  const webDist = deps.config.webDistDir ?? DEFAULT_WEB_DIST;
  const hasWeb = fs.existsSync(path.join(webDist, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: webDist, wildcard: false, index: ['index.html'] });
  }
  app.setNotFoundHandler((req: FastifyRequest, reply: FastifyReply) => {
    const url = req.url.split('?')[0] ?? '';
    if (hasWeb && req.method === 'GET' && !url.startsWith('/trpc') && !path.extname(url)) {
      return reply.type('text/html; charset=utf-8').sendFile('index.html');
    }
    return sendAppError(reply, new AppError('NOT_FOUND'));
  });

  return app;
}
