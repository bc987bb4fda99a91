/**
 * The password-login limits in the database (issue 13 §3; the rule itself: @ebid/domain login-policy.ts).
 *
 * Counting and checking are one atomic step per account: a short transaction takes a transaction-scoped
 * advisory lock on the account (and one on the client address), counts the failures of each scope, and
 * — if every scope allows a check — records the attempt as "in flight" (success null) BEFORE the password
 * is checked. Parallel attempts on one account queue on the lock and each sees the others' rows, so 150
 * parallel wrong passwords make exactly the allowance's number of password checks. The lock is held only
 * for that count-and-insert (no password hashing inside), so an attack never ties up connections.
 *
 * Device cookies: a browser that signed in to an account before holds a random token (httpOnly cookie);
 * its attempts count against that device alone.
 */
import crypto from 'node:crypto';
import { and, count, eq, gt, isNull, max, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { loginAttempts, loginDevices, type DbOrTx, type Tx } from '@ebid/db';
import { AppError, LOGIN_POLICY, nextLoginAllowedAt, type LoginScope } from '@ebid/domain';
import type { Clock } from '../clock.ts';

export const DEVICE_COOKIE_TTL_MS = 365 * 24 * 60 * 60 * 1000;
const DEVICE_TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;

const sha256Hex = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

/** The device hash of a cookie token if it belongs to a device that signed in to this user before. */
export async function knownDevice(db: DbOrTx, clock: Clock, userId: number | null, token: string | undefined): Promise<string | null> {
  if (userId === null || !token || !DEVICE_TOKEN_RE.test(token)) return null;
  const hash = sha256Hex(token);
  const [row] = await db
    .select({ id: loginDevices.id })
    .from(loginDevices)
    .where(and(eq(loginDevices.tokenHash, hash), eq(loginDevices.userId, userId), gt(loginDevices.expiresAt, clock.now())));
  return row ? hash : null;
}

/**
 * After a successful login: remember this browser for the user. Keeps the browser's token when it has a
 * well-formed one (one token per browser, several accounts), else makes a new one. Returns the token to
 * set in the cookie.
 */
export async function rememberDevice(tx: Tx, clock: Clock, userId: number, token: string | undefined): Promise<{ token: string; expiresAt: Date }> {
  const t = token && DEVICE_TOKEN_RE.test(token) ? token : crypto.randomBytes(32).toString('base64url');
  const now = clock.now();
  const expiresAt = new Date(now.getTime() + DEVICE_COOKIE_TTL_MS);
  await tx
    .insert(loginDevices)
    .values({ tokenHash: sha256Hex(t), userId, expiresAt, lastUsedAt: now })
    .onConflictDoUpdate({ target: [loginDevices.tokenHash, loginDevices.userId], set: { expiresAt, lastUsedAt: now } });
  return { token: t, expiresAt };
}

const succeeded = alias(loginAttempts, 'succeeded');

/** The rows of one scope (attempts from known devices are never counted for an account or address). */
function scopeOf(t: typeof loginAttempts | typeof succeeded, scope: LoginScope, value: string): SQL {
  if (scope === 'device') return eq(t.deviceHash, value);
  return and(eq(scope === 'account' ? t.username : t.clientAddress, value), isNull(t.deviceHash))!;
}

/** Failures and attempts in flight of one scope, in the window, after the scope's latest success. */
async function failuresIn(tx: Tx, clock: Clock, scope: LoginScope, value: string): Promise<{ count: number; latestAt: Date | null }> {
  const since = new Date(clock.now().getTime() - LOGIN_POLICY.windowMs);
  const lastSuccess = tx
    .select({ at: max(succeeded.at) })
    .from(succeeded)
    .where(and(scopeOf(succeeded, scope, value), eq(succeeded.success, true), gt(succeeded.at, since)));
  const [r] = await tx
    .select({ count: count(), latestAt: max(loginAttempts.at) })
    .from(loginAttempts)
    .where(
      and(
        scopeOf(loginAttempts, scope, value),
        gt(loginAttempts.at, since),
        or(isNull(loginAttempts.success), eq(loginAttempts.success, false)),
        sql`${loginAttempts.at} > coalesce((${lastSuccess}), '-infinity'::timestamptz)`,
      ),
    );
  return { count: r?.count ?? 0, latestAt: r?.latestAt ?? null };
}

const rateLimited = (scope: LoginScope, retryAt: Date, now: Date) =>
  new AppError(
    'RATE_LIMITED',
    {
      zh: `密码错误次数过多，请在 ${Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000))} 秒后重试，或使用数字证书登录`,
      en: `Too many wrong passwords; try again in ${Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000))} s, or sign in with your certificate`,
    },
    { scope, retryAt: retryAt.toISOString(), retryAfterSeconds: Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000)) },
  );

/**
 * Reserve one password check for (username, address, device) or throw RATE_LIMITED naming the scope and
 * when to retry. Returns the attempt's id; the caller records its outcome with `settleLoginAttempt`.
 */
export async function reserveLoginAttempt(
  db: DbOrTx,
  clock: Clock,
  input: { username: string; clientAddress: string; deviceHash: string | null },
): Promise<number> {
  return db.transaction(async (tx) => {
    // Lock order: account, then address (every login takes them in this order, so no deadlock).
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${'ebid.login.account:' + input.username}, 0))`);
    const now = clock.now();
    const scopes: [LoginScope, string][] = input.deviceHash
      ? [['device', input.deviceHash]]
      : [
          ['account', input.username],
          ['address', input.clientAddress],
        ];
    if (!input.deviceHash) await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${'ebid.login.address:' + input.clientAddress}, 0))`);
    for (const [scope, value] of scopes) {
      const retryAt = nextLoginAllowedAt(scope, await failuresIn(tx, clock, scope, value), now);
      if (retryAt) throw rateLimited(scope, retryAt, now);
    }
    const [row] = await tx
      .insert(loginAttempts)
      .values({ username: input.username, clientAddress: input.clientAddress, deviceHash: input.deviceHash, success: null, at: now })
      .returning({ id: loginAttempts.id });
    if (!row) throw new AppError('INTERNAL');
    return row.id;
  });
}

/** Record the outcome of a reserved check (an attempt left in flight by a crash counts as a failure). */
export async function settleLoginAttempt(db: DbOrTx, attemptId: number, success: boolean): Promise<void> {
  await db.update(loginAttempts).set({ success }).where(eq(loginAttempts.id, attemptId));
}
