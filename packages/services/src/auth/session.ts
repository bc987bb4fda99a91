/**
 * Password login and sessions (DESIGN §5). A session is an opaque random token given to the browser in an
 * httpOnly cookie; only its SHA-256 is stored. One failure message for every cause (no enumeration).
 * Issue 3 adds certificate login, rate limits and revoke-all on top of this.
 */
import crypto from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { hash, verify } from '@node-rs/argon2';
import { organizations, sessions, users, type DbOrTx } from '@ebid/db';
import { AppError, type Role } from '@ebid/domain';
import type { Clock } from '../clock.ts';

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  role: Role;
  orgId: number;
  orgName: string;
  sessionId: number;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password); // argon2id with the library's OWASP defaults
}

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

// A fixed argon2id hash of a random password: verifying against it when the user does not exist takes
// as long as a real check, so response time does not reveal which usernames exist.
let dummyHash: Promise<string> | undefined;

const LOGIN_FAILED = () =>
  new AppError('UNAUTHORIZED', { zh: '用户名或密码错误', en: 'Wrong username or password' });

export async function loginWithPassword(
  db: DbOrTx,
  clock: Clock,
  input: { username: string; password: string; clientAddress?: string; userAgent?: string },
): Promise<{ token: string; expiresAt: Date; actor: Actor }> {
  const [row] = await db
    .select({ user: users, orgName: organizations.name })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(eq(users.username, input.username));
  if (!row || !row.user.active) {
    dummyHash ??= hash(crypto.randomBytes(16).toString('hex'));
    await verify(await dummyHash, input.password).catch(() => false);
    throw LOGIN_FAILED();
  }
  const ok = await verify(row.user.passwordHash, input.password).catch(() => false);
  if (!ok) throw LOGIN_FAILED();
  const token = crypto.randomBytes(32).toString('base64url');
  const expiresAt = new Date(clock.now().getTime() + SESSION_TTL_MS);
  const [s] = await db
    .insert(sessions)
    .values({
      tokenHash: sha256(token),
      userId: row.user.id,
      expiresAt,
      clientAddress: input.clientAddress ?? null,
      userAgent: input.userAgent?.slice(0, 500) ?? null,
    })
    .returning({ id: sessions.id });
  if (!s) throw new AppError('INTERNAL');
  return { token, expiresAt, actor: toActor(row.user, row.orgName, s.id) };
}

function toActor(user: typeof users.$inferSelect, orgName: string, sessionId: number): Actor {
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    orgId: user.orgId,
    orgName,
    sessionId,
  };
}

/** The actor of a session token, or null when the token is unknown, expired or revoked. */
export async function actorFromSessionToken(db: DbOrTx, clock: Clock, token: string): Promise<Actor | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const [row] = await db
    .select({ session: sessions, user: users, orgName: organizations.name })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(
      and(eq(sessions.tokenHash, sha256(token)), isNull(sessions.revokedAt), gt(sessions.expiresAt, clock.now())),
    );
  if (!row || !row.user.active) return null;
  return toActor(row.user, row.orgName, row.session.id);
}

export async function logout(db: DbOrTx, clock: Clock, actor: Actor): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: clock.now() })
    .where(and(eq(sessions.id, actor.sessionId), isNull(sessions.revokedAt)));
}
