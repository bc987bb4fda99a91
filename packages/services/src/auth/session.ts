/**
 * Login and sessions (DESIGN §5, issue 3 §2, issue 13 §1 §3). A session is an opaque random token given to
 * the browser in an httpOnly SameSite cookie; only its SHA-256 is stored. Password login has one failure
 * message for every cause (no account enumeration) and the limits of login-limits.ts; certificate login
 * verifies a CMS signature over a single-use server challenge. A session opened by certificate login lives
 * only as long as its signing certificate is the user's active one.
 */
import crypto from 'node:crypto';
import { and, eq, gt, inArray, isNull, ne } from 'drizzle-orm';
import { hash, verify } from '@node-rs/argon2';
import { PLATFORM_CHAIN, appendAuditEvent } from '@ebid/audit';
import { authChallenges, certificates, organizations, sessions, users, type DbOrTx, type Tx } from '@ebid/db';
import type { Config } from '@ebid/config';
import { AppError, type Role } from '@ebid/domain';
import { PKI_REASON_MESSAGES, canonicalOrigin, loginChallenge } from '@ebid/pki';
import type { Clock } from '../clock.ts';
import { publishLiveEvent } from '../live/hub.ts';
import { knownDevice, rememberDevice, reserveLoginAttempt, settleLoginAttempt } from './login-limits.ts';

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
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

/**
 * The stored "hash" of an account that has no password yet (the first administrator before activation,
 * issue 15 §1). It is no PHC string, so no password can ever verify against it; password login treats it
 * like a wrong password (after the same dummy check), never as an error.
 */
export const NO_PASSWORD_HASH = '!no-password:activation-pending';

/** Whether a stored hash is a real password hash (anything starting with '!' is not). */
export const isUsablePasswordHash = (stored: string): boolean => !stored.startsWith('!');

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
  meta: LoginMeta & { method: 'password' | 'certificate'; certSerial: string | null },
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
      deviceFingerprint: meta.deviceFingerprint ?? null,
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
    userAgent: meta.userAgent ?? null,
    deviceFingerprint: meta.deviceFingerprint ?? null,
    at: clock.now(),
  });
  return { token, expiresAt, actor };
}

export interface LoginMeta {
  clientAddress: string;
  userAgent?: string | null;
  /** What the client says identifies its device (X4); recorded, never trusted. */
  deviceFingerprint?: string | null;
  /** The browser's device cookie (login-limits.ts), if it sent one. */
  deviceToken?: string;
}

export interface LoginResult {
  token: string;
  expiresAt: Date;
  actor: Actor;
  /** The device cookie to (re)set: this browser is now known to the account. */
  device: { token: string; expiresAt: Date };
}

/**
 * Password login with the limits of issue 13 §3 (login-limits.ts): the check is reserved atomically per
 * account before the password is hashed; a known device has its own allowance; past an allowance the
 * scope slows down (RATE_LIMITED with retryAfterSeconds) rather than locking; certificate login is never
 * limited. Limits are checked before the password, so a slowed account gives no oracle either way.
 */
export async function loginWithPassword(
  db: DbOrTx,
  clock: Clock,
  input: { username: string; password: string } & LoginMeta,
): Promise<LoginResult> {
  const username = input.username.trim().toLowerCase();
  const [row] = await db
    .select({ user: users, orgName: organizations.name, orgStatus: organizations.status })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(eq(users.username, username));
  const deviceHash = await knownDevice(db, clock, row?.user.id ?? null, input.deviceToken);
  const attemptId = await reserveLoginAttempt(db, clock, { username, clientAddress: input.clientAddress, deviceHash });
  let ok = false;
  if (row && isUsablePasswordHash(row.user.passwordHash)) {
    ok = await verify(row.user.passwordHash, input.password).catch(() => false);
  } else {
    // No such user, or an account without a password yet: as long as a real check, and a failure.
    dummyHash ??= hash(crypto.randomBytes(16).toString('hex'));
    await verify(await dummyHash, input.password).catch(() => false);
  }
  // Inactive users and companies not (yet) approved fail like a wrong password.
  const allowed = ok && row !== undefined && row.user.active && row.orgStatus === 'active';
  if (!allowed || !row) {
    await settleLoginAttempt(db, attemptId, false);
    throw loginFailed();
  }
  return db.transaction(async (tx) => {
    await settleLoginAttempt(tx, attemptId, true);
    const device = await rememberDevice(tx, clock, row.user.id, input.deviceToken);
    const session = await openSession(tx, clock, row.user, row.orgName, { ...input, method: 'password', certSerial: null });
    return { ...session, device };
  });
}

/**
 * The origin a login challenge is issued for and checked against (issue 14 §5): the origin of the
 * request (its Origin header, else scheme://Host as the HTTP edge saw it), which must be the configured
 * PUBLIC_URL when there is one. VALIDATION / LOGIN_ORIGIN_MISMATCH otherwise.
 */
export function loginOriginOf(config: Pick<Config, 'publicUrl'>, requestOrigin: string | null | undefined): string {
  const fail = (detail: string) => new AppError('VALIDATION', PKI_REASON_MESSAGES.LOGIN_ORIGIN_MISMATCH, { reason: 'LOGIN_ORIGIN_MISMATCH', detail });
  let origin: string | null = null;
  try {
    origin = requestOrigin ? canonicalOrigin(new URL(requestOrigin).origin) : null;
  } catch {
    origin = null;
  }
  if (origin === null) throw fail('the request names no http(s) origin');
  if (config.publicUrl) {
    const allowed = canonicalOrigin(new URL(config.publicUrl).origin);
    if (origin !== allowed) throw fail(`the request's origin ${origin} is not the platform's ${allowed ?? config.publicUrl}`);
  }
  return origin;
}

/** A fresh single-use challenge for certificate login at `origin` (loginOriginOf): `ebid-login:v1:<origin>:<nonce>`. */
export async function createLoginChallenge(db: DbOrTx, clock: Clock, origin: string): Promise<{ challenge: string; expiresAt: Date }> {
  const challenge = loginChallenge(origin, crypto.randomBytes(32).toString('base64url'));
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

/** Open a session for a user whose certificate login was verified by the caller (never rate limited). */
export async function openCertificateSession(
  tx: Tx,
  clock: Clock,
  userId: number,
  meta: LoginMeta & { certSerial: string },
): Promise<LoginResult> {
  const [row] = await tx
    .select({ user: users, orgName: organizations.name, orgStatus: organizations.status })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(eq(users.id, userId));
  if (!row || !row.user.active || row.orgStatus !== 'active') throw loginFailed();
  const device = await rememberDevice(tx, clock, row.user.id, meta.deviceToken);
  return { ...(await openSession(tx, clock, row.user, row.orgName, { ...meta, method: 'certificate' })), device };
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
  return toActor(row.user, row.orgName, row.session.id, row.session.certSerial);
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
