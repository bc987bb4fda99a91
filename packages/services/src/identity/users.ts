/**
 * Users of an organization (issue 3 §1): several per company, managed by the company administrator;
 * center staff and the platform admin manage any. Object-level checks live here, not in the router.
 * The expert pool is listed to the center and the supervisor only; an expert sees itself (issue 13 §9.3).
 */
import crypto from 'node:crypto';
import { and, asc, eq, gt, isNull } from 'drizzle-orm';
import { isUniqueViolation, organizations, passwordResetTokens, users, type Tx } from '@ebid/db';
import { AppError, type Role } from '@ebid/domain';
import { assertPasswordStrength, hashPassword, revokeAllSessions, sha256Hex, type Actor } from '../auth/session.ts';
import { audit, requireActor, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { roleForOrgKind } from './organizations.ts';

export const RESET_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;

export interface UserView {
  id: number;
  orgId: number;
  username: string;
  displayName: string;
  role: Role;
  email: string | null;
  isOrgAdmin: boolean;
  active: boolean;
  specialties: string[];
  createdAt: string;
}

function toUserView(u: typeof users.$inferSelect): UserView {
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
  input: { orgId?: number },
): Promise<UserView[]> {
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
  input: { orgId?: number; username: string; displayName: string; password: string; email?: string | null; isOrgAdmin?: boolean; specialties?: string[] },
): Promise<UserView> {
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

/** Deactivate or reactivate a user; deactivation ends their sessions at once. */
export async function setUserActive(
  deps: Pick<Deps, 'db' | 'clock'>,
  ctx: RequestContext,
  input: { userId: number; active: boolean },
): Promise<UserView> {
  const actor = requireActor(ctx);
  if (input.userId === actor.userId && !input.active) {
    throw new AppError('INVALID_STATE', { zh: '不能停用自己的账号', en: 'You cannot deactivate your own account' });
  }
  return deps.db.transaction(async (tx) => {
    await loadManagedUser(tx, actor, input.userId);
    const [u] = await tx.update(users).set({ active: input.active }).where(eq(users.id, input.userId)).returning();
    if (!u) throw new AppError('NOT_FOUND');
    const revoked = input.active ? 0 : await revokeAllSessions(tx, deps.clock, u.id);
    await audit(tx, deps, ctx, {
      action: input.active ? 'user.activate' : 'user.deactivate',
      subject: { type: 'user', id: u.id },
      payload: { revokedSessions: revoked },
    });
    return toUserView(u);
  });
}

/**
 * Issue a single-use password reset token for a user (company admin or staff); it is shown once to the
 * issuer, who hands it over out of band (e-mail delivery arrives with the notification center).
 */
export async function issuePasswordReset(
  deps: Pick<Deps, 'db' | 'clock'>,
  ctx: RequestContext,
  input: { userId: number },
): Promise<{ token: string; expiresAt: string }> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const u = await loadManagedUser(tx, actor, input.userId);
    const token = crypto.randomBytes(32).toString('base64url');
    const expiresAt = new Date(deps.clock.now().getTime() + RESET_TOKEN_TTL_MS);
    await tx.insert(passwordResetTokens).values({ userId: u.id, tokenHash: sha256Hex(token), expiresAt });
    await audit(tx, deps, ctx, { action: 'user.password_reset_issue', subject: { type: 'user', id: u.id }, payload: { expiresAt: expiresAt.toISOString() } });
    return { token, expiresAt: expiresAt.toISOString() };
  });
}

const badResetToken = () =>
  new AppError('VALIDATION', { zh: '重置链接无效、已使用或已过期', en: 'The reset token is invalid, used or expired' }, { field: 'token' });

/** Redeem a reset token: sets the new password, ends every session of the user. Single use. */
export async function resetPassword(
  deps: Pick<Deps, 'db' | 'clock'>,
  ctx: RequestContext,
  input: { token: string; newPassword: string },
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
        ),
      )
      .returning({ userId: passwordResetTokens.userId });
    if (!t) throw badResetToken();
    await tx.update(users).set({ passwordHash }).where(eq(users.id, t.userId));
    const revoked = await revokeAllSessions(tx, deps.clock, t.userId);
    await audit(tx, deps, ctx, { action: 'user.password_reset', subject: { type: 'user', id: t.userId }, payload: { revokedSessions: revoked } });
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
