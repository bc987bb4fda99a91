/**
 * `GET /audit/export.csv?projectId=&actorUserId=&action=&from=&to=&lang=zh|en` (issue 19 §4): the
 * filtered audit view as CSV, streamed — session-checked, the same readers and masking as `audit.list`
 * (the service decides), its own audit event. A GET that writes an audit event is refused when the
 * browser says it came from another site (Sec-Fetch-Site), so a link elsewhere cannot make one.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { ZAuditExportQuery } from '@ebid/contracts';
import { AppError, isAppError } from '@ebid/domain';
import { exportAuditCsv, type Deps } from '@ebid/services';
import { contentDisposition, sendAppError, signedInContext } from './http.ts';

const NUMERIC = ['projectId', 'actorUserId'] as const;

/** The query string as the export's input: ids as numbers, empty values left out. */
function exportQuery(q: Record<string, unknown>) {
  const raw: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(q)) {
    if (typeof v !== 'string' || v === '') continue;
    raw[k] = (NUMERIC as readonly string[]).includes(k) && /^\d{1,15}$/.test(v) ? Number(v) : v;
  }
  const parsed = ZAuditExportQuery.safeParse(raw);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.join('.') ?? null;
    throw new AppError('VALIDATION', { zh: `导出条件无效：${field ?? ''}`, en: `Invalid export filter: ${field ?? ''}` }, { field });
  }
  return parsed.data;
}

export function registerAuditRoutes(app: FastifyInstance, deps: Deps): void {
  app.get<{ Querystring: Record<string, unknown> }>('/audit/export.csv', async (req, reply) => {
    try {
      if (req.headers['sec-fetch-site'] === 'cross-site') throw new AppError('FORBIDDEN', { zh: '拒绝跨站请求', en: 'Cross-site request refused' }, { reason: 'CSRF' });
      const ctx = await signedInContext(deps, req);
      const out = await exportAuditCsv(deps, ctx, exportQuery(req.query));
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', contentDisposition('attachment', out.fileName))
        .header('cache-control', 'private, no-store');
      return reply.send(Readable.from(out.chunks));
    } catch (e) {
      if (isAppError(e)) return sendAppError(reply, e);
      throw e;
    }
  });
}
