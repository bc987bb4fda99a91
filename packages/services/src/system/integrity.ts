/**
 * A stored object failed its integrity check on the way out (issue 13 §5): the object store held back
 * the download's last bytes, so the client never got a corrupt file complete; here the platform raises
 * the alarm. One audit event on the platform chain (`storage.integrity_failed`, naming the object's hash
 * and the route) and one notification to center staff and the platform admin per object and day: a
 * corrupt public PDF downloaded a thousand times is one alert, not a thousand. Every failure is logged.
 */
import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import { auditEvents, users } from '@ebid/db';
import { audit } from '../context.ts';
import type { Deps } from '../deps.ts';
import { notify } from '../notifications/notify.ts';

/** Alerts for one object at most once in this window. */
export const INTEGRITY_ALERT_WINDOW_MS = 24 * 3600_000;
export const INTEGRITY_ALERT_ACTION = 'storage.integrity_failed';

export interface IntegrityFailure {
  /** The object's content hash (its key). */
  sha256: string;
  /** What served it, e.g. `GET /documents/:id`. */
  route: string;
  requestId?: string | null;
  clientAddress?: string | null;
  /** What the bytes hashed to, when the whole object was read. */
  actualSha256?: string | null;
}

export async function reportIntegrityFailure(deps: Pick<Deps, 'db' | 'clock' | 'config' | 'logger'>, f: IntegrityFailure): Promise<{ alerted: boolean }> {
  deps.logger.error({ sha256: f.sha256, route: f.route, requestId: f.requestId ?? null, actualSha256: f.actualSha256 ?? null }, 'stored object failed its integrity check');
  return deps.db.transaction(async (tx) => {
    // One alert per object at a time, across concurrent downloads and instances.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`storage.integrity:${f.sha256}`}, 0))`);
    const since = new Date(deps.clock.now().getTime() - INTEGRITY_ALERT_WINDOW_MS);
    const [recent] = await tx
      .select({ id: auditEvents.id })
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectType, 'object'), eq(auditEvents.subjectId, f.sha256), eq(auditEvents.action, INTEGRITY_ALERT_ACTION), gt(auditEvents.at, since)))
      .limit(1);
    if (recent) return { alerted: false };
    await audit(
      tx,
      deps,
      { actor: null, clientAddress: f.clientAddress ?? null },
      {
        action: INTEGRITY_ALERT_ACTION,
        subject: { type: 'object', id: f.sha256 },
        payload: { sha256: f.sha256, route: f.route, requestId: f.requestId ?? null, actualSha256: f.actualSha256 ?? null },
      },
    );
    const center = await tx.select({ id: users.id }).from(users).where(inArray(users.role, ['staff', 'platform_admin']));
    await notify(tx, deps, {
      userIds: center.map((u) => u.id),
      kind: INTEGRITY_ALERT_ACTION,
      title: { zh: '存储文件完整性告警', en: 'A stored file failed its integrity check' },
      body: {
        zh: `文件（SHA-256 ${f.sha256}）在下载（${f.route}）时摘要校验失败，可能已损坏或被篡改，下载已中止。请核查对象存储并从备份恢复。`,
        en: `The file with SHA-256 ${f.sha256} failed its hash check when downloaded (${f.route}); it may be corrupt or tampered with, and the download was aborted. Check the object store and restore it from a backup.`,
      },
    });
    return { alerted: true };
  });
}
