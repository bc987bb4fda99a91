/**
 * The password-login limits (issue 13 §3), as one pure rule. Failed password checks are counted in
 * three separate scopes, each over the last `windowMs`, since the scope's last success:
 *
 * - a KNOWN DEVICE (a browser that signed in to this account before and holds its device cookie): its
 *   own failures only. A rival failing a bidder's password from elsewhere never slows the bidder's own
 *   browser (OWASP "device cookies").
 * - the ACCOUNT, for attempts from unknown devices: this is what stops password guessing on one account.
 * - the client ADDRESS, for attempts from unknown devices, with a higher allowance: this is what stops
 *   one address from spraying passwords over many accounts. Known devices behind a shared office
 *   address are not counted here, so one colleague's (or intruder's) failures never lock the office out.
 *
 * Past its allowance a scope SLOWS rather than locks: the next check is allowed once a delay has passed
 * since the scope's latest failure, doubling from `baseDelayMs` with every further failure, up to
 * `maxDelayMs`. Certificate login is never limited by any of this (it cannot be guessed), so a bidder
 * whose password is under attack near a deadline still signs in with the certificate.
 *
 * The caller counts an attempt in flight as a failure (it is recorded before the password is checked,
 * under a per-account lock), so N parallel attempts cannot make more than the allowance of checks.
 */

export type LoginScope = 'device' | 'account' | 'address';

export interface LoginPolicy {
  windowMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Failures allowed before the scope slows down. */
  allowance: Record<LoginScope, number>;
}

export const LOGIN_POLICY: LoginPolicy = {
  windowMs: 15 * 60_000,
  baseDelayMs: 60_000,
  maxDelayMs: 15 * 60_000,
  allowance: { device: 5, account: 5, address: 20 },
};

export interface ScopeFailures {
  /** Failures (and attempts in flight) in the window since the scope's last success. */
  count: number;
  /** The latest of them (null when there are none). */
  latestAt: Date | null;
}

/**
 * When the scope allows its next password check: null = now. Otherwise the instant from which it will
 * (the caller answers RATE_LIMITED with it).
 */
export function nextLoginAllowedAt(scope: LoginScope, f: ScopeFailures, now: Date, policy: LoginPolicy = LOGIN_POLICY): Date | null {
  const allowance = policy.allowance[scope];
  if (f.count < allowance || f.latestAt === null) return null;
  const over = f.count - allowance; // 0 for the first check past the allowance
  const delay = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(over, 30));
  const at = new Date(f.latestAt.getTime() + delay);
  return at.getTime() > now.getTime() ? at : null;
}
