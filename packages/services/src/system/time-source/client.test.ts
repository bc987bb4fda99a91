/**
 * The SNTP client against a real NTP responder on loopback (node:dgram, issue 20 §5, T3): a good answer
 * gives the offset against the platform clock (the fake clock here); every malformed, misdirected,
 * spoofed or absurd answer is refused with its reason and gives no offset.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNtpResponder, type NtpResponder, type NtpResponderMode } from '@ebid/testing';
import { FakeClock } from '../../clock.ts';
import { queryNtpServer } from './client.ts';

const clock = new FakeClock(new Date('2026-12-07T08:00:00Z'));
let ntp: NtpResponder;
beforeAll(async () => {
  ntp = await startNtpResponder({ now: () => clock.now() });
});
afterAll(() => ntp.close());

const ask = (timeoutMs = 500) => queryNtpServer({ host: ntp.address, port: ntp.port }, { clock, timeoutMs });

describe('queryNtpServer (RFC 4330 client on node:dgram)', () => {
  it.each([0, 1000, -1500, 2500, 86_400_000])('a server %d ms ahead of the platform clock → that offset (±50 ms)', async (offsetMs) => {
    ntp.set({ mode: 'normal', offsetMs });
    const r = await ask();
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(Math.abs(r.sample.offsetMs - offsetMs)).toBeLessThan(50);
    expect(r.sample.roundTripMs).toBeGreaterThanOrEqual(0);
    expect(r.sample.roundTripMs).toBeLessThan(200);
    expect(r).toMatchObject({ server: `127.0.0.1:${ntp.port}`, address: '127.0.0.1', sample: { stratum: 1, refId: 'NTSC' } });
  });

  it('measures against the platform clock: moving the fake clock does not change a responder that follows it', async () => {
    ntp.set({ mode: 'normal', offsetMs: 0 });
    clock.advance(30 * 86_400_000);
    const r = await ask();
    expect(r.ok && Math.abs(r.sample.offsetMs)).toBeLessThan(50);
  });

  it.each<[NtpResponderMode, string, string | undefined]>([
    ['short', 'MALFORMED_LENGTH', '47'],
    ['wrong-mode', 'WRONG_MODE', '3'],
    ['kiss-of-death', 'KISS_OF_DEATH', 'RATE'],
    ['zero-transmit', 'ZERO_TIMESTAMP', 'transmit'],
    ['absurd-year', 'ABSURD_OFFSET', undefined],
    ['other-port', 'WRONG_SOURCE', undefined],
    ['other-address', 'WRONG_SOURCE', '127.0.0.2:'],
    ['wrong-originate', 'ORIGINATE_MISMATCH', undefined],
    ['silent', 'TIMEOUT', '300 ms'],
  ])('%s → refused (%s), no offset', async (mode, reason, detail) => {
    ntp.set({ mode, offsetMs: 0 });
    const r = await ask(300);
    expect(r).toMatchObject({ ok: false, reason });
    expect(r).not.toHaveProperty('sample');
    if (detail && !r.ok) expect(r.detail).toContain(detail);
  });

  it('a reply from another port first is ignored, and the real reply after it believed (a spoofer cannot make us give up)', async () => {
    ntp.set({ mode: 'spoof-then-real', offsetMs: 1200 });
    const r = await ask(1000);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(Math.abs(r.sample.offsetMs - 1200)).toBeLessThan(50); // not the spoof's hour
    expect(r.ignored).toEqual([{ reason: 'WRONG_SOURCE', detail: expect.stringMatching(/^127\.0\.0\.1:\d+$/) }]);
  });

  it('an unresolvable name is a NETWORK refusal, not a crash', async () => {
    const r = await queryNtpServer({ host: 'ntp.invalid', port: 123 }, { clock, timeoutMs: 300 });
    expect(r).toMatchObject({ ok: false, reason: 'NETWORK', address: null });
  });
});
