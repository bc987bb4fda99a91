/**
 * Test helpers for issue 13 §5 (a corrupted object never downloads as a success): tamper with a stored
 * object behind the store's back, download it through the real server as a client would, and read the
 * integrity alert (audit event, staff notifications). The object's bytes are put back afterwards, so the
 * rest of a test file keeps working.
 */
import { and, count, eq, like } from 'drizzle-orm';
import { auditEvents, notifications } from '@ebid/db';
import { INTEGRITY_ALERT_ACTION } from '@ebid/services';
import { readStoredObject, tamperStoredObject } from '@ebid/testing';
import type { TestApp } from './test-app.ts';

export interface DownloadOutcome {
  status: number;
  /** 'typed' = an error response; 'cut' = the body could not be read to its end; 'complete' = a full body. */
  outcome: 'typed' | 'cut' | 'complete';
  /** The AppError code of a typed response. */
  code?: string;
  bodyLength?: number;
}

/** GET `path` (with a cookie) and classify what the client saw. */
export async function download(app: TestApp, path: string, cookie?: string): Promise<DownloadOutcome> {
  const res = await fetch(app.base + path, { headers: cookie ? { cookie } : {} });
  let body: Buffer;
  try {
    body = Buffer.from(await res.arrayBuffer());
  } catch {
    return { status: res.status, outcome: 'cut' };
  }
  if (res.status !== 200) {
    let code: string | undefined;
    try {
      code = (JSON.parse(body.toString('utf8')) as { error?: { code?: string } }).error?.code;
    } catch {
      code = undefined;
    }
    return { status: res.status, outcome: 'typed', ...(code ? { code } : {}), bodyLength: body.length };
  }
  const declared = Number(res.headers.get('content-length') ?? Number.NaN);
  return { status: 200, outcome: Number.isFinite(declared) && body.length < declared ? 'cut' : 'complete', bodyLength: body.length };
}

/**
 * Flips one bit of the stored object `sha256` (same length), downloads `path`, and puts the original
 * bytes back. `mutate` may make another corruption (e.g. a longer object).
 */
export async function downloadTampered(app: TestApp, o: { path: string; cookie?: string; sha256: string; mutate?: (original: Buffer) => Buffer }): Promise<DownloadOutcome> {
  const original = await readStoredObject(app.deps.storage, o.sha256);
  const evil = o.mutate
    ? o.mutate(original)
    : (() => {
        const b = Buffer.from(original);
        const i = Math.floor(b.length / 2);
        b[i] = (b[i] ?? 0) ^ 1;
        return b;
      })();
  await tamperStoredObject(app.deps.storage, o.sha256, evil);
  try {
    return await download(app, o.path, o.cookie);
  } finally {
    await tamperStoredObject(app.deps.storage, o.sha256, original);
  }
}

/** The integrity alert of an object: its audit events and the notifications it sent (waits for them to appear). */
export async function integrityAlert(app: TestApp, sha256: string, opts: { waitMs?: number } = {}): Promise<{ events: (typeof auditEvents.$inferSelect)[]; notifications: number }> {
  const deadline = Date.now() + (opts.waitMs ?? 3000);
  for (;;) {
    const events = await app.deps.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, INTEGRITY_ALERT_ACTION), eq(auditEvents.subjectType, 'object'), eq(auditEvents.subjectId, sha256)));
    const [n] = await app.deps.db
      .select({ n: count() })
      .from(notifications)
      .where(and(eq(notifications.kind, INTEGRITY_ALERT_ACTION), like(notifications.bodyEn, `%${sha256}%`)));
    if (events.length > 0 || Date.now() > deadline) return { events, notifications: n?.n ?? 0 };
    await new Promise((r) => setTimeout(r, 50));
  }
}
