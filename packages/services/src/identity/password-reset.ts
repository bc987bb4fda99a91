/**
 * Password reset links (issue 13 §4): sent to the user's own e-mail address by the company administrator
 * or staff, single use; redeeming one ends every session of the user.
 */
import crypto from 'node:crypto';
import { and, eq, gt, isNull, notInArray } from 'drizzle-orm';
import { passwordResetTokens, users, type Tx } from '@ebid/db';
import type { PasswordResetIssued, TokenPasswordInput, UserIdInput } from '@ebid/contracts';
import { AppError, formatBeijingDateTime } from '@ebid/domain';
import { assertPasswordStrength, hashPassword, NO_PASSWORD_HASH, sha256Hex } from '../auth/passwords.ts';
import { revokeAllSessions } from '../auth/session.ts';
import { audit, requireActor, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { notify, sendSecretEmail } from '../notifications/notify.ts';
import { centerWithContact } from './center.ts';
import { loadManagedUser } from './users.ts';

export const RESET_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;

/** "c***@example.com": enough for the issuer to see where the link went, not the whole address. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

/**
 * Send a user a single-use password reset link (company admin or staff; issue 13 §4). The link goes to
 * the user's own e-mail address — never to the issuer, who learns only where it went — and every earlier
 * unused link of the user stops working. The user also gets an in-app message (without the link).
 */
export async function issuePasswordReset(
  deps: Pick<Deps, 'db' | 'clock' | 'config'>,
  ctx: RequestContext,
  input: UserIdInput,
): Promise<PasswordResetIssued> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const u = await loadManagedUser(tx, actor, input.userId);
    if (!u.email) {
      throw new AppError(
        'VALIDATION',
        { zh: '该用户没有登记电子邮箱，无法发送重置链接；请先为其登记邮箱', en: 'This user has no e-mail address to send the link to; record one first' },
        { field: 'email', reason: 'NO_EMAIL' },
      );
    }
    const now = deps.clock.now();
    const invalidated = await invalidateOpenTokens(tx, u.id, now);
    const token = crypto.randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + RESET_TOKEN_TTL_MS);
    await tx.insert(passwordResetTokens).values({ userId: u.id, tokenHash: sha256Hex(token), expiresAt });
    const link = `${deps.config.publicUrl ?? ''}/reset-password?token=${token}`;
    const until = formatBeijingDateTime(expiresAt);
    await sendSecretEmail(tx, deps, {
      to: u.email,
      subject: '重置密码 / Reset your password',
      body:
        `${u.displayName}，您好：\n\n${actor.displayName}（${actor.orgName}）为您的账号 ${u.username} 发起了密码重置。请在 ${until}（北京时间）前打开以下链接设置新密码（仅可使用一次）：\n\n${link}\n\n` +
        `如果不是您本人申请，请忽略本邮件并联系${centerWithContact(deps.config.center)}；您的数字证书登录不受影响。\n\n` +
        `${actor.displayName} (${actor.orgName}) started a password reset for your account ${u.username}. Open the link above before ${expiresAt.toISOString()} to set a new password (single use). If you did not ask for it, ignore this e-mail and call ${centerWithContact(deps.config.center)}; certificate login is not affected.`,
    });
    await notify(tx, deps, {
      userIds: [u.id],
      kind: 'user.password_reset_issued',
      title: { zh: '密码重置已发起', en: 'A password reset was started' },
      body: {
        zh: `${actor.displayName}（${actor.orgName}）为您的账号发起了密码重置，链接已发送至 ${maskEmail(u.email)}。如非本人申请，请立即联系${centerWithContact(deps.config.center)}。`,
        en: `${actor.displayName} (${actor.orgName}) started a password reset for your account; the link went to ${maskEmail(u.email)}. If you did not ask for it, call ${centerWithContact(deps.config.center)} at once.`,
      },
    });
    await audit(tx, deps, ctx, {
      action: 'user.password_reset_issue',
      subject: { type: 'user', id: u.id },
      payload: { expiresAt: expiresAt.toISOString(), sentTo: maskEmail(u.email), invalidated: invalidated.map((r) => r.id) },
    });
    return { sentTo: maskEmail(u.email), expiresAt: expiresAt.toISOString() };
  });
}

/** Every unused, unexpired reset or activation link of the user stops working (a new one replaces them); their ids. */
export async function invalidateOpenTokens(tx: Tx, userId: number, now: Date): Promise<{ id: number }[]> {
  return tx
    .update(passwordResetTokens)
    .set({ usedAt: now })
    .where(and(eq(passwordResetTokens.userId, userId), isNull(passwordResetTokens.usedAt), gt(passwordResetTokens.expiresAt, now)))
    .returning({ id: passwordResetTokens.id });
}

const badResetToken = () =>
  new AppError('VALIDATION', { zh: '重置链接无效、已使用或已过期', en: 'The reset token is invalid, used or expired' }, { field: 'token' });

/** Redeem a reset token: sets the new password, ends every session of the user. Single use. */
export async function resetPassword(
  deps: Pick<Deps, 'db' | 'clock' | 'config'>,
  ctx: RequestContext,
  input: TokenPasswordInput,
): Promise<void> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(input.token)) throw badResetToken();
  assertPasswordStrength(input.newPassword);
  const passwordHash = await hashPassword(input.newPassword);
  await deps.db.transaction(async (tx) => {
    const [t] = await tx
      .update(passwordResetTokens)
      .set({ usedAt: deps.clock.now() })
      .where(
        and(
          eq(passwordResetTokens.tokenHash, sha256Hex(input.token)),
          isNull(passwordResetTokens.usedAt),
          gt(passwordResetTokens.expiresAt, deps.clock.now()),
          // An activation link (an account that never had a password) is redeemed by activateAccount only.
          notInArray(passwordResetTokens.userId, tx.select({ id: users.id }).from(users).where(eq(users.passwordHash, NO_PASSWORD_HASH))),
        ),
      )
      .returning({ userId: passwordResetTokens.userId });
    if (!t) throw badResetToken();
    await tx.update(users).set({ passwordHash }).where(eq(users.id, t.userId));
    const revoked = await revokeAllSessions(tx, deps.clock, t.userId);
    await audit(tx, deps, ctx, { action: 'user.password_reset', subject: { type: 'user', id: t.userId }, payload: { revokedSessions: revoked } });
    await notify(tx, deps, {
      userIds: [t.userId],
      kind: 'user.password_changed',
      title: { zh: '您的密码已重置', en: 'Your password was reset' },
      body: {
        zh: `您的密码已通过重置链接修改，所有已登录的会话均已退出。如非本人操作，请立即联系${centerWithContact(deps.config.center)}。`,
        en: `Your password was changed through a reset link and every session was signed out. If this was not you, call ${centerWithContact(deps.config.center)} at once.`,
      },
    });
  });
}
