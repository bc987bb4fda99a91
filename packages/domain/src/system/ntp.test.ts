import { describe, expect, it } from 'vitest';
import {
  combinedOffsetMs,
  judgeNtpReply,
  msToNtpTimestamp,
  NTP_ABSURD_OFFSET_MS,
  ntpClientRequest,
  ntpOffsetAndDelay,
  ntpTimestampToMs,
  timeSourceBlocks,
  timeSourceState,
  timeSourceTransition,
  type NtpRejection,
  type TimeSourceAlertLevel,
  type TimeSourceState,
} from './ntp.ts';

const nonce = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
const asked = { address: '127.0.0.1', port: 12300 };
const t1 = Date.parse('2026-12-07T08:00:00.000Z');

interface ReplyOpts {
  leap?: number;
  version?: number;
  mode?: number;
  stratum?: number;
  refId?: string;
  rootDelayS?: number;
  rootDispersionS?: number;
  originate?: Uint8Array;
  receiveMs?: number | null;
  transmitMs?: number | null;
  length?: number;
}

/** A server reply as a server would build it: server clock = ours + offsetMs, 5 ms each way. */
function reply(offsetMs: number, o: ReplyOpts = {}): Uint8Array {
  const b = new Uint8Array(o.length ?? 48);
  const v = new DataView(b.buffer);
  if (b.length >= 48) {
    b[0] = ((o.leap ?? 0) << 6) | ((o.version ?? 4) << 3) | (o.mode ?? 4);
    b[1] = o.stratum ?? 1;
    v.setInt32(4, Math.round((o.rootDelayS ?? 0.01) * 65536));
    v.setUint32(8, Math.round((o.rootDispersionS ?? 0.01) * 65536));
    b.set(new TextEncoder().encode((o.refId ?? 'NTSC').padEnd(4, '\0').slice(0, 4)), 12);
    b.set(o.originate ?? nonce, 24);
    const receive = o.receiveMs === undefined ? t1 + 5 + offsetMs : o.receiveMs;
    const transmit = o.transmitMs === undefined ? t1 + 6 + offsetMs : o.transmitMs;
    if (receive !== null) b.set(msToNtpTimestamp(receive), 32);
    if (transmit !== null) b.set(msToNtpTimestamp(transmit), 40);
  }
  return b;
}

const judge = (r: Uint8Array, from = asked, t4 = t1 + 11) => judgeNtpReply({ reply: r, from, asked, nonce, t1Ms: t1, t4Ms: t4 });

describe('NTP timestamps and arithmetic (RFC 4330 / 5905)', () => {
  it.each([
    ['the Unix epoch', 0],
    ['a 2026 instant with milliseconds', t1 + 123],
    ['after the 2036 era roll-over', Date.parse('2036-02-07T06:28:17.500Z')],
  ])('%s survives the round trip through 64-bit NTP format', (_l, ms) => {
    const b = msToNtpTimestamp(ms);
    const v = new DataView(b.buffer);
    expect(ntpTimestampToMs(v.getUint32(0), v.getUint32(4))).toBeCloseTo(ms, 3);
  });

  it.each([
    // t1, t2, t3, t4 → offset, delay
    [0, 5, 6, 11, 0, 10],
    [0, 1005, 1006, 11, 1000, 10],
    [0, -995, -994, 11, -1000, 10],
    [100, 150, 150, 300, -50, 200],
  ])('t=(%d, %d, %d, %d) → offset %d ms, round trip %d ms', (a, b, c, d, offset, delay) => {
    expect(ntpOffsetAndDelay(a, b, c, d)).toEqual({ offsetMs: offset, roundTripMs: delay });
  });

  it('the request is 48 bytes, version 4 client mode, our nonce as transmit timestamp and nothing else', () => {
    const r = ntpClientRequest(nonce);
    expect(r.length).toBe(48);
    expect(r[0]).toBe(0x23);
    expect([...r.subarray(40)]).toEqual([...nonce]);
    expect(r.subarray(0, 40).slice(1).every((x) => x === 0)).toBe(true);
    expect(() => ntpClientRequest(new Uint8Array(7))).toThrow(RangeError);
  });
});

describe('judgeNtpReply (T3: only a well-formed, matching, sane answer counts)', () => {
  it.each([
    ['in step', 0],
    ['exactly 1 s ahead', 1000],
    ['1 s behind', -1000],
    ['2.5 s ahead', 2500],
    ['a year ahead (the absurdity bound, inclusive)', NTP_ABSURD_OFFSET_MS],
  ])('%s: accepted with that offset', (_l, offset) => {
    const j = judge(reply(offset));
    expect(j.ok).toBe(true);
    if (j.ok) {
      expect(j.sample.offsetMs).toBeCloseTo(offset, 3);
      expect(j.sample.roundTripMs).toBeCloseTo(10, 3);
      expect(j.sample.refId).toBe('NTSC');
      expect(j.sample.stratum).toBe(1);
    }
  });

  it.each<[string, Uint8Array, NtpRejection, { address: string; port: number }?, number?]>([
    ['from another port', reply(0), 'WRONG_SOURCE', { address: '127.0.0.1', port: 12301 }],
    ['from another address', reply(0), 'WRONG_SOURCE', { address: '127.0.0.2', port: 12300 }],
    ['empty', new Uint8Array(0), 'MALFORMED_LENGTH'],
    ['47 bytes', reply(0, { length: 47 }), 'MALFORMED_LENGTH'],
    ['49 bytes (not whole words)', reply(0, { length: 49 }), 'MALFORMED_LENGTH'],
    ['over 1024 bytes', reply(0, { length: 1028 }), 'MALFORMED_LENGTH'],
    ['another originate (spoof or stale)', reply(0, { originate: new Uint8Array(8) }), 'ORIGINATE_MISMATCH'],
    ['mode 3 (a client request echoed)', reply(0, { mode: 3 }), 'WRONG_MODE'],
    ['mode 5 (broadcast)', reply(0, { mode: 5 }), 'WRONG_MODE'],
    ['version 2', reply(0, { version: 2 }), 'BAD_VERSION'],
    ['version 5', reply(0, { version: 5 }), 'BAD_VERSION'],
    ['stratum 0 (kiss-o\'-death RATE)', reply(0, { stratum: 0, refId: 'RATE' }), 'KISS_OF_DEATH'],
    ['leap 3 (alarm)', reply(0, { leap: 3 }), 'LEAP_ALARM'],
    ['stratum 16', reply(0, { stratum: 16 }), 'UNSYNCHRONIZED'],
    ['a zero transmit timestamp', reply(0, { transmitMs: null }), 'ZERO_TIMESTAMP'],
    ['a zero receive timestamp', reply(0, { receiveMs: null }), 'ZERO_TIMESTAMP'],
    ['transmit before receive', reply(0, { receiveMs: t1 + 9, transmitMs: t1 + 6 }), 'SERVER_TIMES_INVERTED'],
    ['a negative root delay', reply(0, { rootDelayS: -0.5 }), 'ROOT_DISTANCE'],
    ['root dispersion 1.1 s', reply(0, { rootDispersionS: 1.1 }), 'ROOT_DISTANCE'],
    ['a year and a day and a second ahead', reply(NTP_ABSURD_OFFSET_MS + 1000), 'ABSURD_OFFSET'],
    ['the 1900 epoch (a server that lost its clock)', reply(0, { receiveMs: -2_208_988_800_000 + 1000, transmitMs: -2_208_988_800_000 + 1001 }), 'ABSURD_OFFSET'],
    ['a round trip of 1.5 s', reply(0), 'ROUND_TRIP', undefined, t1 + 1511],
  ])('%s → %s', (_l, r, reason, from, t4) => {
    const j = judge(r, from ?? asked, t4 ?? t1 + 11);
    expect(j).toMatchObject({ ok: false, reason });
  });

  it("names the kiss code of a kiss-o'-death", () => {
    expect(judge(reply(0, { stratum: 0, refId: 'DENY' }))).toEqual({ ok: false, reason: 'KISS_OF_DEATH', detail: 'DENY' });
  });

  it('accepts a reply with a 20-byte MAC after the header, and root distance exactly 1 s', () => {
    expect(judge(reply(0, { length: 68 })).ok).toBe(true);
    expect(judge(reply(0, { rootDelayS: 1, rootDispersionS: 0.5 })).ok).toBe(true);
  });
});

describe('combinedOffsetMs', () => {
  it.each([
    [[], null],
    [[5], 5],
    [[5, 15], 10],
    [[0, 3_000, 10], 10],
  ] as const)('%j → %s', (offsets, expected) => {
    expect(combinedOffsetMs(offsets)).toBe(expected);
  });
});

describe('timeSourceState (T3: > 1 s alerts, > the limit blocks; unknown blocks, unmonitored never)', () => {
  const policy = { configured: true, maxOffsetMs: 2000, staleAfterMs: 3 * 64_000 };
  it.each<[string, { offsetMs: number; ageMs: number } | null, TimeSourceState, boolean]>([
    ['no sample yet', null, 'unknown', true],
    ['0 ms', { offsetMs: 0, ageMs: 0 }, 'ok', false],
    ['exactly 1 s', { offsetMs: 1000, ageMs: 0 }, 'ok', false],
    ['exactly −1 s', { offsetMs: -1000, ageMs: 0 }, 'ok', false],
    ['1 s + 1 ms', { offsetMs: 1001, ageMs: 0 }, 'warn', false],
    ['−1.5 s', { offsetMs: -1500, ageMs: 0 }, 'warn', false],
    ['exactly the limit', { offsetMs: 2000, ageMs: 0 }, 'warn', false],
    ['the limit + 1 ms', { offsetMs: 2001, ageMs: 0 }, 'blocked', true],
    ['−the limit − 1 ms', { offsetMs: -2001, ageMs: 0 }, 'blocked', true],
    ['in step, exactly at the staleness bound', { offsetMs: 0, ageMs: 192_000 }, 'ok', false],
    ['in step but stale by 1 ms', { offsetMs: 0, ageMs: 192_001 }, 'unknown', true],
  ])('%s → %s (blocks: %s)', (_l, latest, state, blocks) => {
    expect(timeSourceState(policy, latest)).toBe(state);
    expect(timeSourceBlocks(state)).toBe(blocks);
  });

  it('without configured servers it is unmonitored whatever the sample, and never blocks', () => {
    expect(timeSourceState({ ...policy, configured: false }, null)).toBe('unmonitored');
    expect(timeSourceState({ ...policy, configured: false }, { offsetMs: 99_999, ageMs: 0 })).toBe('unmonitored');
    expect(timeSourceBlocks('unmonitored')).toBe(false);
  });
});

describe('timeSourceTransition (one operations alert per excursion and level)', () => {
  it.each<[TimeSourceAlertLevel | null, TimeSourceState, ReturnType<typeof timeSourceTransition>]>([
    [null, 'ok', null],
    [null, 'unmonitored', null],
    [null, 'warn', { raise: 'warn' }],
    [null, 'blocked', { raise: 'blocked' }],
    [null, 'unknown', { raise: 'unknown' }],
    ['warn', 'warn', null],
    ['warn', 'blocked', { raise: 'blocked' }],
    ['warn', 'unknown', { raise: 'unknown' }],
    ['blocked', 'warn', null],
    ['blocked', 'blocked', null],
    ['blocked', 'unknown', null],
    ['unknown', 'blocked', null],
    ['warn', 'ok', { recover: 'warn' }],
    ['blocked', 'ok', { recover: 'blocked' }],
    ['blocked', 'unmonitored', null],
  ])('alerted %s, now %s → %j', (alerted, state, expected) => {
    expect(timeSourceTransition(alerted, state)).toEqual(expected);
  });
});
