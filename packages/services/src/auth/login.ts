/**
 * Signing in (DESIGN §5, issue 3 §2, issue 13 §3, issue 14 §5). Password login has one failure message for
 * every cause (no account enumeration) and the limits of login-limits.ts; certificate login
 * (certificate-login.ts) signs a single-use challenge bound to the platform's origin. Either opens a
 * session (session.ts) and remembers the browser (login-limits.ts).
 */
import crypto from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { hash, verify } from '@node-rs/argon2';
import { PLATFORM_CHAIN, appendAuditEvent } from '@ebid/audit';
import { authChallenges, organizations, sessions, users, type DbOrTx, type Tx, type UserRow } from '@ebid/db';
import type { Config } from '@ebid/config';
import { AppError } from '@ebid/domain';
import { PKI_REASON_MESSAGES, canonicalOrigin, loginChallenge } from '@ebid/pki';
import type { Clock } from '../clock.ts';
import { knownDevice, rememberDevice, reserveLoginAttempt, settleLoginAttempt } from './login-limits.ts';
import { isUsablePasswordHash, sha256Hex } from './passwords.ts';
import { SESSION_TTL_MS, toActor, type Actor } from './session.ts';

export const CHALLENGE_TTL_MS = 2 * 60 * 1000;

// Verifying against this when the user does not exist takes as long as a real check, so response time
// does not reveal which usernames exist.
let dummyHash: Promise<string> | undefined;

export const loginFailed = () => new AppError('UNAUTHORIZED', { zh: '用户名或密码错误', en: 'Wrong username or password' });

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
