/** Revocation (issue 3 §3, issue 13 §1): the sessions opened with the certificate end, a new CRL is published. */
import { and, eq } from 'drizzle-orm';
import { certificates } from '@ebid/db';
import type { Certificate, RevokeCertificateInput } from '@ebid/contracts';
import { AppError } from '@ebid/domain';
import { endCertificateSessions } from '../auth/session.ts';
import { audit, requireActor, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { centerWithContact } from '../identity/center.ts';
import { notify } from '../notifications/notify.ts';
import { publishCrl } from './crl.ts';
import { toCertificate } from './list.ts';

/** Revoke one's own certificate (key lost) or, as staff, anyone's; then publish a fresh CRL. */
export async function revokeCertificate(
  deps: Pick<Deps, 'db' | 'clock' | 'pki' | 'storage' | 'config'>,
  ctx: RequestContext,
  input: RevokeCertificateInput,
): Promise<Certificate> {
  const actor = requireActor(ctx);
  const center = actor.role === 'staff' || actor.role === 'platform_admin';
  const revoked = await deps.db.transaction(async (tx) => {
    const [c] = await tx.select().from(certificates).where(eq(certificates.id, input.certificateId));
    if (!c || (c.userId !== actor.userId && !center)) throw new AppError('NOT_FOUND');
    const [r] = await tx
      .update(certificates)
      .set({ status: 'revoked', revokedAt: deps.clock.now(), revocationReason: input.reason })
      .where(and(eq(certificates.id, c.id), eq(certificates.status, c.status)))
      .returning();
    if (!r || c.status === 'revoked') {
      throw new AppError('INVALID_STATE', { zh: '证书已被吊销', en: 'The certificate is already revoked' });
    }
    // Issue 13 §1: every session opened with a revoked signing certificate ends now.
    const endedSessions = r.usage === 'signing' ? await endCertificateSessions(tx, deps.clock, r.userId, [r.serialHex]) : [];
    await audit(tx, deps, ctx, {
      action: 'cert.revoke',
      subject: { type: 'certificate', id: r.id },
      payload: { serialHex: r.serialHex, usage: r.usage, reason: input.reason, endedSessions },
    });
    await notify(tx, deps, {
      userIds: [r.userId],
      kind: 'cert.revoked',
      title: { zh: '您的数字证书已被吊销', en: 'Your certificate was revoked' },
      body: {
        zh: `您的${r.usage === 'signing' ? '签名' : '加密'}证书（序列号 ${r.serialHex}）已由${r.userId === actor.userId ? '您本人' : `${actor.displayName}（${actor.orgName}）`}吊销${r.usage === 'signing' ? '，使用该证书登录的会话已全部结束' : ''}。如非本人知情，请立即联系${centerWithContact(deps.config.center)}。`,
        en: `Your ${r.usage} certificate (serial ${r.serialHex}) was revoked by ${r.userId === actor.userId ? 'you' : `${actor.displayName} (${actor.orgName})`}${r.usage === 'signing' ? '; every session opened with it has ended' : ''}. If you did not know of this, call ${centerWithContact(deps.config.center)} at once.`,
      },
      link: '/certificates',
    });
    return r;
  });
  await publishCrl(deps, ctx);
  return toCertificate(revoked);
}
