/**
 * Users of an organization (issue 3 §1): several per company, managed by the company administrator;
 * center staff and the platform admin manage any. Object-level checks live here, not in the router.
 * The expert pool is listed to the center and the supervisor only; an expert sees itself (issue 13 §9.3).
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { certificates, isUniqueViolation, organizations, users, type Tx, type UserRow } from '@ebid/db';
import type { CreateUserInput, SetUserActiveInput, User, UserListInput } from '@ebid/contracts';
import { AppError, type Role } from '@ebid/domain';
import { assertPasswordStrength, hashPassword } from '../auth/passwords.ts';
import { endCertificateSessions, revokeAllSessions, type Actor } from '../auth/session.ts';
import { publishCrl } from '../certificates/crl.ts';
import { audit, requireActor, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { roleForOrgKind } from './org-rules.ts';
import { cleanSpecialties, insertExpertProfile } from '../experts/profile-rules.ts';

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
          specialties: org.kind === 'expert_pool' ? (input.specialties?.length ? cleanSpecialties(input.specialties) : []) : [],
        })
        .returning();
      if (!u) throw new AppError('INTERNAL');
      await audit(tx, deps, ctx, {
        action: 'user.create',
        subject: { type: 'user', id: u.id },
        payload: { orgId, username: u.username, role: u.role, isOrgAdmin: u.isOrgAdmin },
      });
      // An expert account joins the pool with a profile (issue 21 §1): the center completes it.
      if (u.role === 'expert') await insertExpertProfile(tx, deps, ctx, u.id, {});
      return toUserView(u);
    })
    .catch((e: unknown) => {
      if (isUniqueViolation(e)) throw new AppError('CONFLICT', { zh: '用户名已被使用', en: 'This username is already taken' }, { field: 'username' });
      throw e;
    });
}

/** The user `actor` may manage (NOT_FOUND otherwise, not revealing other companies' users). */
export async function loadManagedUser(tx: Tx, actor: Actor, userId: number): Promise<UserRow> {
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
