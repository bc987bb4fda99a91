/** A new certificate application without certificate login (a lost key) needs another person's approval (issue 13 §4). */
import { eq } from 'drizzle-orm';
import { certificateApprovals, users } from '@ebid/db';
import type { ApproveIssuanceInput, IssuanceApproval } from '@ebid/contracts';
import { AppError } from '@ebid/domain';
import { audit, requireActor, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { centerWithContact } from '../identity/center.ts';
import { notify } from '../notifications/notify.ts';

/** An approval to obtain certificates without a certificate login is used once, within this time. */
export const CERT_APPROVAL_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Approve a user's application for new certificates without a certificate login (a lost key): the
 * company's administrator (another person than the user) or center staff. Audited, single use, valid
 * for CERT_APPROVAL_TTL_MS; the user is notified.
 */
export async function approveCertificateIssuance(
  deps: Pick<Deps, 'db' | 'clock' | 'config'>,
  ctx: RequestContext,
  input: ApproveIssuanceInput,
): Promise<IssuanceApproval> {
  const actor = requireActor(ctx);
  const reason = input.reason.trim();
  if (reason.length < 2 || reason.length > 500) {
    throw new AppError('VALIDATION', { zh: '请填写审核同意的理由（2–500字）', en: 'Give the reason for the approval (2–500 characters)' }, { field: 'reason' });
  }
  const center = actor.role === 'staff' || actor.role === 'platform_admin';
  return deps.db.transaction(async (tx) => {
    const [u] = await tx.select().from(users).where(eq(users.id, input.userId));
    if (!u || (!center && !(actor.isOrgAdmin && actor.orgId === u.orgId))) throw new AppError('NOT_FOUND');
    if (u.id === actor.userId) {
      throw new AppError('FORBIDDEN', { zh: '不能审核同意自己的证书申请', en: 'You cannot approve your own certificate application' }, { reason: 'SELF_APPROVAL' });
    }
    const now = deps.clock.now();
    const expiresAt = new Date(now.getTime() + CERT_APPROVAL_TTL_MS);
    const [a] = await tx.insert(certificateApprovals).values({ userId: u.id, approvedBy: actor.userId, reason, expiresAt }).returning({ id: certificateApprovals.id });
    if (!a) throw new AppError('INTERNAL');
    await audit(tx, deps, ctx, {
      action: 'cert.approve_issuance',
      subject: { type: 'user', id: u.id },
      payload: { approvalId: a.id, reason, expiresAt: expiresAt.toISOString() },
    });
    await notify(tx, deps, {
      userIds: [u.id],
      kind: 'cert.approved',
      title: { zh: '证书申请已获同意', en: 'Your certificate application was approved' },
      body: {
        zh: `${actor.displayName}（${actor.orgName}）已同意您重新申请数字证书，24小时内有效，理由：${reason}。如非本人申请，请立即联系${centerWithContact(deps.config.center)}。`,
        en: `${actor.displayName} (${actor.orgName}) approved a new certificate application for you, valid for 24 hours; reason: ${reason}. If you did not ask for it, call ${centerWithContact(deps.config.center)} at once.`,
      },
      link: '/certificates',
    });
    return { approvalId: a.id, expiresAt: expiresAt.toISOString() };
  });
}
