import { describe, expect, it } from 'vitest';
import { LOGIN_POLICY, nextLoginAllowedAt, type LoginScope } from './login-policy.ts';

const NOW = new Date('2026-03-24T08:00:00Z');
const ago = (s: number) => new Date(NOW.getTime() - s * 1000);

describe('nextLoginAllowedAt — issue 13 §3: slow, not lock; each scope its own allowance', () => {
  it.each<[LoginScope, number, number | null, number | null, string]>([
    // scope, failures, latest failure (s ago), expected wait from now (s) or null = allowed now, why
    ['account', 0, null, null, 'no failures'],
    ['account', 4, 1, null, 'the 5th check is allowed'],
    ['account', 5, 0, 60, 'past the allowance: 60 s after the latest failure'],
    ['account', 5, 59, 1, 'one second left'],
    ['account', 5, 60, null, 'exactly 60 s later: allowed again (slowed, not locked)'],
    ['account', 6, 0, 120, 'then 120 s'],
    ['account', 7, 0, 240, 'then 240 s'],
    ['account', 9, 0, 900, 'capped at 15 min (960 → 900)'],
    ['account', 150, 0, 900, 'however many: never more than 15 min'],
    ['device', 5, 0, 60, 'a known device has its own allowance of 5'],
    ['device', 4, 0, null, '…and is not touched by the account’s failures'],
    ['address', 19, 0, null, 'a shared address allows 20 failures from unknown devices'],
    ['address', 20, 0, 60, 'the 21st waits 60 s'],
  ])('%s with %i failures, latest %ss ago → wait %ss (%s)', (scope, count, agoS, waitS) => {
    const r = nextLoginAllowedAt(scope, { count, latestAt: agoS === null ? null : ago(agoS) }, NOW);
    if (waitS === null) expect(r).toBeNull();
    else expect(r?.getTime()).toBe(NOW.getTime() + waitS * 1000);
  });

  it('the allowances: device 5, account 5, address 20; a 15-minute window', () => {
    expect(LOGIN_POLICY.allowance).toEqual({ device: 5, account: 5, address: 20 });
    expect(LOGIN_POLICY.windowMs).toBe(15 * 60_000);
  });
});
