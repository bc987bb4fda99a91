/**
 * Sessions (DESIGN §5, issue 3 §2, issue 13 §1). A session is an opaque random token given to the browser
 * in an httpOnly SameSite cookie; only its SHA-256 is stored. A session opened by certificate login lives
 * only as long as its signing certificate is the user's active one. Signing in: login.ts.
 */
import { and, eq, gt, inArray, isNull, ne } from 'drizzle-orm';
import { PLATFORM_CHAIN, appendAuditEvent } from '@ebid/audit';
import { certificates, organizations, sessions, users, type DbOrTx, type Tx, type UserRow } from '@ebid/db';
import type { Role } from '@ebid/domain';
import type { Clock } from '../clock.ts';
import { publishLiveEvent } from '../live/hub.ts';
import { sha256Hex } from './passwords.ts';
import { scopesOf, type SupervisorScope } from '../supervision/scope.ts';

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  role: Role;
  orgId: number;
  orgName: string;
  isOrgAdmin: boolean;
  sessionId: number;
  /** Set when the session was opened by certificate login. */
  certSerial: string | null;
  /**
   * A supervisor's scopes (issue 20 §4, M3), read with the session on each request; absent for everyone
   * else. A supervisor actor without them (built by hand) sees no project on the synchronous checks
   * (projects/project-access.ts); supervision/scope.ts reads them from the database then.
   */
  supervisorScopes?: readonly SupervisorScope[];
}

export function toActor(user: UserRow, orgName: string, sessionId: number, certSerial: string | null): Actor {
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    orgId: user.orgId,
    orgName,
    isOrgAdmin: user.isOrgAdmin,
    sessionId,
    certSerial,
  };
}

/**
 * The actor of a session token, or null when the token is unknown, expired, revoked or forged — or when
 * the session was opened by certificate login and that signing certificate is no longer the user's active,
 * unexpired one (issue 13 §1: revoking or superseding a certificate takes effect at once, even for a
 * session some other path forgot to end).
 */
export async function actorFromSessionToken(db: DbOrTx, clock: Clock, token: string): Promise<Actor | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const now = clock.now();
  const [row] = await db
    .select({ session: sessions, user: users, orgName: organizations.name, orgStatus: organizations.status, certStatus: certificates.status, certNotAfter: certificates.notAfter })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .leftJoin(certificates, and(eq(certificates.serialHex, sessions.certSerial), eq(certificates.userId, sessions.userId), eq(certificates.usage, 'signing')))
    .where(and(eq(sessions.tokenHash, sha256Hex(token)), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)));
  if (!row || !row.user.active || row.orgStatus !== 'active') return null;
  if (row.session.certSerial !== null && (row.certStatus !== 'active' || !row.certNotAfter || row.certNotAfter.getTime() <= now.getTime())) return null;
  const actor = toActor(row.user, row.orgName, row.session.id, row.session.certSerial);
  if (actor.role === 'supervisor') actor.supervisorScopes = await scopesOf(db, actor.userId);
  return actor;
}

/**
 * End every live session opened with one of these signing certificates (issue 13 §1), except `keep` (the
 * session that renewed the certificate, which is moved to the new one by the caller). Returns their ids.
 */
export async function endCertificateSessions(tx: Tx, clock: Clock, userId: number, serials: string[], keep?: number): Promise<number[]> {
  if (serials.length === 0) return [];
  const rows = await tx
    .update(sessions)
    .set({ revokedAt: clock.now() })
    .where(
      and(
        eq(sessions.userId, userId),
        inArray(sessions.certSerial, serials),
        isNull(sessions.revokedAt),
        keep === undefined ? undefined : ne(sessions.id, keep),
      ),
    )
    .returning({ id: sessions.id });
  await announceSessionsEnded(tx, rows.map((r) => r.id));
  return rows.map((r) => r.id);
}

/** The live topic on which a session's end is announced: its open event streams close (routers/live.ts). */
export const sessionTopic = (sessionId: number) => `session.${sessionId}`;

/**
 * Tell every instance that these sessions ended, so event streams opened with them close at once (a
 * revoked user must not keep watching an opening room); a reconnect is then judged without a session.
 */
async function announceSessionsEnded(tx: Tx, ids: number[]): Promise<void> {
  for (const id of ids) await publishLiveEvent(tx, { topic: sessionTopic(id), type: 'ended', data: {} });
}

export async function logout(db: DbOrTx, clock: Clock, actor: Actor, meta: { clientAddress: string | null; userAgent?: string | null; deviceFingerprint?: string | null }): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .update(sessions)
      .set({ revokedAt: clock.now() })
      .where(and(eq(sessions.id, actor.sessionId), isNull(sessions.revokedAt)));
    await announceSessionsEnded(tx, [actor.sessionId]);
    await appendAuditEvent(tx, {
      chain: PLATFORM_CHAIN,
      actor: { userId: actor.userId, role: actor.role, orgId: actor.orgId, certSerial: actor.certSerial },
      action: 'auth.logout',
      subject: { type: 'session', id: actor.sessionId },
      payload: {},
      clientAddress: meta.clientAddress,
      userAgent: meta.userAgent ?? null,
      deviceFingerprint: meta.deviceFingerprint ?? null,
      at: clock.now(),
    });
  });
}

/** End every session of a user (e.g. after a password change or a lost device). */
export async function revokeAllSessions(tx: Tx, clock: Clock, userId: number): Promise<number> {
  const rows = await tx
    .update(sessions)
    .set({ revokedAt: clock.now() })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  await announceSessionsEnded(tx, rows.map((r) => r.id));
  return rows.length;
}

