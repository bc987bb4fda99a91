/**
 * Users of an organization (issue 3 §1): several per company, managed by the company administrator;
 * center staff and the platform admin manage any. Object-level checks live here, not in the router.
 * The expert pool is listed to the center and the supervisor only; an expert sees itself (issue 13 §9.3).
 */
import crypto from 'node:crypto';
import { and, asc, eq, gt, inArray, isNull, notInArray } from 'drizzle-orm';
import { certificates, isUniqueViolation, organizations, passwordResetTokens, users, type Tx, type UserRow } from '@ebid/db';
import type { CreateUserInput, PasswordResetIssued, SetUserActiveInput, TokenPasswordInput, User, UserIdInput, UserListInput } from '@ebid/contracts';
import { AppError, formatBeijingDateTime, type Role } from '@ebid/domain';
import { assertPasswordStrength, endCertificateSessions, hashPassword, NO_PASSWORD_HASH, revokeAllSessions, sha256Hex, type Actor } from '../auth/session.ts';
import { audit, requireActor, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { notify, sendSecretEmail } from '../notifications/notify.ts';
import { publishCrl } from '../pki/certificates.ts';
import { centerWithContact } from './center.ts';
import { roleForOrgKind } from './organizations.ts';

export const RESET_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;

function toUserView(u: UserRow): User {
  return {
    id: u.id,
    orgId: u.orgId,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    email: u.email,
    isOrgAdmin: u.isOrgAdmin,
    active: u.active,
    specialties: u.specialties,
    createdAt: u.createdAt.toISOString(),
  };
}

const isCenter = (a: Actor) => a.role === 'staff' || a.role === 'platform_admin';

/** May `actor` manage the users of `orgId`? Company admins their own company; staff any but the center's own admin accounts. */
function assertManages(actor: Actor, orgId: number): void {
  if (isCenter(actor)) return;
  if (actor.isOrgAdmin && actor.orgId === orgId) return;
  // Not revealing whether another company exists.
  throw new AppError('NOT_FOUND');
}

export async function listOrgUsers(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  input: UserListInput,
): Promise<User[]> {
  const actor = requireActor(ctx);
  const orgId = input.orgId ?? actor.orgId;
  if (orgId !== actor.orgId && !isCenter(actor) && actor.role !== 'supervisor') throw new AppError('NOT_FOUND');
  // The expert library is confidential (E2, E4): an expert's "organization" is the pool, and listing it
  // would hand every expert the names of all the others. Experts see themselves only.
  const onlySelf = actor.role === 'expert' ? eq(users.id, actor.userId) : undefined;
  const rows = await deps.db.select().from(users).where(and(eq(users.orgId, orgId), onlySelf)).orderBy(asc(users.id));
  return rows.map(toUserView);
}

export async function createOrgUser(
  deps: Pick<Deps, 'db' | 'clock'>,
  ctx: RequestContext,
  input: CreateUserInput,
): Promise<User> {
  const actor = requireActor(ctx);
  const orgId = input.orgId ?? actor.orgId;
  assertManages(actor, orgId);
  assertPasswordStrength(input.password);
  const passwordHash = await hashPassword(input.password);
  return deps.db
    .transaction(async (tx) => {
      const [org] = await tx.select().from(organizations).where(eq(organizations.id, orgId));
      if (!org) throw new AppError('NOT_FOUND');
      if (org.status !== 'active') {
        throw new AppError('INVALID_STATE', { zh: '机构尚未通过审核', en: 'The organization is not approved yet' });
      }
      let role: Role = roleForOrgKind(org.kind);
      if (org.kind === 'center' && actor.role !== 'platform_admin') {
        throw new AppError('FORBIDDEN', { zh: '只有平台管理员可以创建交易中心账号', en: 'Only the platform admin creates center accounts' });
      }
      if (org.kind === 'center' && input.isOrgAdmin) role = 'platform_admin';
      const [u] = await tx
        .insert(users)
        .values({
          orgId,
          username: input.username.toLowerCase(),
          displayName: input.displayName,
          role,
          passwordHash,
          email: input.email ?? null,
          isOrgAdmin: input.isOrgAdmin ?? false,
          specialties: org.kind === 'expert_pool' ? (input.specialties ?? []) : [],
        })
        .returning();
      if (!u) throw new AppError('INTERNAL');
      await audit(tx, deps, ctx, {
        action: 'user.create',
        subject: { type: 'user', id: u.id },
        payload: { orgId, username: u.username, role: u.role, isOrgAdmin: u.isOrgAdmin },
      });
      return toUserView(u);
    })
    .catch((e: unknown) => {
      if (isUniqueViolation(e)) throw new AppError('CONFLICT', { zh: '用户名已被使用', en: 'This username is already taken' }, { field: 'username' });
      throw e;
    });
}

async function loadManagedUser(tx: Tx, actor: Actor, userId: number): Promise<typeof users.$inferSelect> {
  const [u] = await tx.select().from(users).where(eq(users.id, userId));
  if (!u) throw new AppError('NOT_FOUND');
  assertManages(actor, u.orgId);
  return u;
}

/** RFC 5280 CRLReason affiliationChanged: the person no longer acts for the organization. */
export const DEACTIVATION_REVOCATION_REASON = 3;

/**
 * Deactivate or reactivate a user. Deactivation (issue 14 §8) revokes every certificate of the user that
 * is not revoked yet (active, and superseded ones still within their validity), reason
 * affiliationChanged, each with its 'cert.revoke' audit event; ends the sessions opened with its signing
 * certificates, then every other session — all in one transaction with the 'user.deactivate' event —
 * and then publishes a fresh CRL, as revokeCertificate does. Reactivation revokes nothing back: the user
 * asks for new certificates.
 */
export async function setUserActive(
  deps: Pick<Deps, 'db' | 'clock' | 'pki' | 'storage'>,
  ctx: RequestContext,
  input: SetUserActiveInput,
): Promise<User> {
  const actor = requireActor(ctx);
  if (input.userId === actor.userId && !input.active) {
    throw new AppError('INVALID_STATE', { zh: '不能停用自己的账号', en: 'You cannot deactivate your own account' });
  }
  const { user, revokedCertificates } = await deps.db.transaction(async (tx) => {
    await loadManagedUser(tx, actor, input.userId);
    const [u] = await tx.update(users).set({ active: input.active }).where(eq(users.id, input.userId)).returning();
    if (!u) throw new AppError('NOT_FOUND');
    const now = deps.clock.now();
    const revokedCerts = input.active
      ? []
      : await tx
          .update(certificates)
          .set({ status: 'revoked', revokedAt: now, revocationReason: DEACTIVATION_REVOCATION_REASON })
          .where(and(eq(certificates.userId, u.id), inArray(certificates.status, ['active', 'superseded'])))
          .returning();
    for (const c of revokedCerts) {
      const endedSessions = c.usage === 'signing' ? await endCertificateSessions(tx, deps.clock, u.id, [c.serialHex]) : [];
      await audit(tx, deps, ctx, {
        action: 'cert.revoke',
        subject: { type: 'certificate', id: c.id },
        payload: { serialHex: c.serialHex, usage: c.usage, reason: DEACTIVATION_REVOCATION_REASON, cause: 'user.deactivate', userId: u.id, endedSessions },
      });
    }
    const revoked = input.active ? 0 : await revokeAllSessions(tx, deps.clock, u.id);
    await audit(tx, deps, ctx, {
      action: input.active ? 'user.activate' : 'user.deactivate',
      subject: { type: 'user', id: u.id },
      payload: input.active ? { revokedSessions: revoked } : { revokedSessions: revoked, revokedCertificates: revokedCerts.map((c) => c.serialHex) },
    });
    return { user: u, revokedCertificates: revokedCerts.length };
  });
  if (revokedCertificates > 0) await publishCrl(deps, ctx);
  return toUserView(user);
}

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

/** The signed-in user ends all of their sessions (this one included). */
export async function revokeMySessions(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext): Promise<number> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const n = await revokeAllSessions(tx, deps.clock, actor.userId);
    await audit(tx, deps, ctx, { action: 'auth.revoke_all', subject: { type: 'user', id: actor.userId }, payload: { revokedSessions: n } });
    return n;
  });
}
