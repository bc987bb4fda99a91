/**
 * Login and sessions (DESIGN §5, issue 3 §2). A session is an opaque random token given to the browser
 * in an httpOnly SameSite cookie; only its SHA-256 is stored. Password login has one failure message for
 * every cause (no account enumeration) and rate limits per account and per client address; certificate
 * login verifies a CMS signature over a single-use server challenge.
 */
import crypto from 'node:crypto';
import { and, count, eq, gt, isNull } from 'drizzle-orm';
import { hash, verify } from '@node-rs/argon2';
import { PLATFORM_CHAIN, appendAuditEvent } from '@ebid/audit';
import { authChallenges, loginAttempts, organizations, sessions, users, type DbOrTx, type Tx } from '@ebid/db';
import { AppError, type Role } from '@ebid/domain';
import type { Clock } from '../clock.ts';

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
/** Rate limits (issue 3 §2): failures within the window, per account and per client address. */
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;
export const CHALLENGE_TTL_MS = 2 * 60 * 1000;

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
}

export function hashPassword(password: string): Promise<string> {
  return hash(password); // argon2id with the library's OWASP defaults
}

export const sha256Hex = (s: string | Buffer) => crypto.createHash('sha256').update(s).digest('hex');

// Verifying against this when the user does not exist takes as long as a real check, so response time
// does not reveal which usernames exist.
let dummyHash: Promise<string> | undefined;

export const loginFailed = () => new AppError('UNAUTHORIZED', { zh: '用户名或密码错误', en: 'Wrong username or password' });

/** A password that passes the platform's minimum (checked again by the API schema). */
export function assertPasswordStrength(password: string): void {
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  if (password.length < 8 || password.length > 128 || classes < 3) {
    throw new AppError(
      'VALIDATION',
      { zh: '密码至少8位，且包含大写字母、小写字母、数字、符号中的三类', en: 'The password needs at least 8 characters from three of: upper case, lower case, digits, symbols' },
      { field: 'password' },
    );
  }
}

type UserRow = typeof users.$inferSelect;

function toActor(user: UserRow, orgName: string, sessionId: number, certSerial: string | null): Actor {
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

async function openSession(
  tx: Tx,
  clock: Clock,
  user: UserRow,
  orgName: string,
  meta: { clientAddress: string; userAgent?: string; method: 'password' | 'certificate'; certSerial: string | null },
): Promise<{ token: string; expiresAt: Date; actor: Actor }> {
  const token = crypto.randomBytes(32).toString('base64url');
  const expiresAt = new Date(clock.now().getTime() + SESSION_TTL_MS);
  const [s] = await tx
    .insert(sessions)
    .values({
      tokenHash: sha256Hex(token),
      userId: user.id,
      expiresAt,
      clientAddress: meta.clientAddress,
      userAgent: meta.userAgent?.slice(0, 500) ?? null,
      authMethod: meta.method,
      certSerial: meta.certSerial,
    })
    .returning({ id: sessions.id });
  if (!s) throw new AppError('INTERNAL');
  const actor = toActor(user, orgName, s.id, meta.certSerial);
  await appendAuditEvent(tx, {
    chain: PLATFORM_CHAIN,
    actor: { userId: actor.userId, role: actor.role, orgId: actor.orgId, certSerial: meta.certSerial },
    action: 'auth.login',
    subject: { type: 'user', id: user.id },
    payload: { method: meta.method, sessionId: s.id },
    clientAddress: meta.clientAddress,
    at: clock.now(),
  });
  return { token, expiresAt, actor };
}

async function recentFailures(db: DbOrTx, clock: Clock, by: 'username' | 'address', value: string): Promise<number> {
  const since = new Date(clock.now().getTime() - LOGIN_WINDOW_MS);
  const col = by === 'username' ? loginAttempts.username : loginAttempts.clientAddress;
  const [r] = await db
    .select({ n: count() })
    .from(loginAttempts)
    .where(and(eq(col, value), eq(loginAttempts.success, false), gt(loginAttempts.at, since)));
  return r?.n ?? 0;
}

export async function loginWithPassword(
  db: DbOrTx,
  clock: Clock,
  input: { username: string; password: string; clientAddress: string; userAgent?: string },
): Promise<{ token: string; expiresAt: Date; actor: Actor }> {
  const username = input.username.trim().toLowerCase();
  // Limits are checked before the password, so a locked account gives no oracle either way.
  if (
    (await recentFailures(db, clock, 'username', username)) >= MAX_FAILURES_PER_ACCOUNT ||
    (await recentFailures(db, clock, 'address', input.clientAddress)) >= MAX_FAILURES_PER_ADDRESS
  ) {
    throw new AppError('RATE_LIMITED', {
      zh: '登录失败次数过多，请15分钟后再试',
      en: 'Too many failed sign-ins; try again in 15 minutes',
    });
  }
  const [row] = await db
    .select({ user: users, orgName: organizations.name, orgStatus: organizations.status })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(eq(users.username, username));
  let ok = false;
  if (row) {
    ok = await verify(row.user.passwordHash, input.password).catch(() => false);
  } else {
    dummyHash ??= hash(crypto.randomBytes(16).toString('hex'));
    await verify(await dummyHash, input.password).catch(() => false);
  }
  // Inactive users and companies not (yet) approved fail like a wrong password.
  const allowed = ok && row !== undefined && row.user.active && row.orgStatus === 'active';
  if (!allowed || !row) {
    await db.insert(loginAttempts).values({ username, clientAddress: input.clientAddress, success: false, at: clock.now() });
    throw loginFailed();
  }
  return db.transaction(async (tx) => {
    await tx.insert(loginAttempts).values({ username, clientAddress: input.clientAddress, success: true, at: clock.now() });
    return openSession(tx, clock, row.user, row.orgName, { ...input, method: 'password', certSerial: null });
  });
}

/** A fresh single-use challenge for certificate login. */
export async function createLoginChallenge(db: DbOrTx, clock: Clock): Promise<{ challenge: string; expiresAt: Date }> {
  const challenge = `ebid-login:${crypto.randomBytes(32).toString('base64url')}`;
  const expiresAt = new Date(clock.now().getTime() + CHALLENGE_TTL_MS);
  await db.insert(authChallenges).values({ nonce: challenge, expiresAt });
  return { challenge, expiresAt };
}

/** Consume a challenge (single use); false if unknown, used or expired. */
export async function consumeLoginChallenge(tx: Tx, clock: Clock, challenge: string): Promise<boolean> {
  const rows = await tx
    .update(authChallenges)
    .set({ usedAt: clock.now() })
    .where(and(eq(authChallenges.nonce, challenge), isNull(authChallenges.usedAt), gt(authChallenges.expiresAt, clock.now())))
    .returning({ id: authChallenges.id });
  return rows.length === 1;
}

/** Open a session for a user whose certificate login was verified by the caller. */
export async function openCertificateSession(
  tx: Tx,
  clock: Clock,
  userId: number,
  meta: { clientAddress: string; userAgent?: string; certSerial: string },
): Promise<{ token: string; expiresAt: Date; actor: Actor }> {
  const [row] = await tx
    .select({ user: users, orgName: organizations.name, orgStatus: organizations.status })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(eq(users.id, userId));
  if (!row || !row.user.active || row.orgStatus !== 'active') throw loginFailed();
  return openSession(tx, clock, row.user, row.orgName, { ...meta, method: 'certificate' });
}

/** The actor of a session token, or null when the token is unknown, expired, revoked or forged. */
export async function actorFromSessionToken(db: DbOrTx, clock: Clock, token: string): Promise<Actor | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const [row] = await db
    .select({ session: sessions, user: users, orgName: organizations.name, orgStatus: organizations.status })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(and(eq(sessions.tokenHash, sha256Hex(token)), isNull(sessions.revokedAt), gt(sessions.expiresAt, clock.now())));
  if (!row || !row.user.active || row.orgStatus !== 'active') return null;
  return toActor(row.user, row.orgName, row.session.id, row.session.certSerial);
}

export async function logout(db: DbOrTx, clock: Clock, actor: Actor, clientAddress: string | null): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .update(sessions)
      .set({ revokedAt: clock.now() })
      .where(and(eq(sessions.id, actor.sessionId), isNull(sessions.revokedAt)));
    await appendAuditEvent(tx, {
      chain: PLATFORM_CHAIN,
      actor: { userId: actor.userId, role: actor.role, orgId: actor.orgId, certSerial: actor.certSerial },
      action: 'auth.logout',
      subject: { type: 'session', id: actor.sessionId },
      payload: {},
      clientAddress,
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
  return rows.length;
}
