import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import {
  assertMayCommit,
  assertMayContributeRole,
  assertMayReveal,
  commitmentText,
  drawPhaseAt,
  mayRunDraw,
  openingDrawTimeline,
  pickIndex,
  resultText,
  userParticipant,
} from './draw.ts';

const T = { commitCloseAt: new Date('2026-06-24T02:10:00Z'), revealCloseAt: new Date('2026-06-24T02:15:00Z') };
const at = (deltaMs: number, base: Date) => new Date(base.getTime() + deltaMs);
const V = 'ab'.repeat(32);

function errOf(f: () => unknown): { code: string; reason: unknown } | null {
  try {
    f();
    return null;
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return { code: e.code, reason: e.details?.reason };
  }
}

describe('drawPhaseAt / assertMayCommit / assertMayReveal (T1: server time at arrival; a close instant belongs to the earlier phase)', () => {
  it.each<[string, Date, 'commit' | 'reveal' | 'closed', null | [string, string], null | [string, string], boolean]>([
    ['long before the commit close', at(-60_000, T.commitCloseAt), 'commit', null, ['INVALID_STATE', 'REVEAL_NOT_OPEN'], false],
    ['1 ms before the commit close', at(-1, T.commitCloseAt), 'commit', null, ['INVALID_STATE', 'REVEAL_NOT_OPEN'], false],
    ['exactly at the commit close: a commitment is still accepted, a reveal not yet', T.commitCloseAt, 'commit', null, ['INVALID_STATE', 'REVEAL_NOT_OPEN'], false],
    ['1 ms after the commit close: commitments refused, reveals open', at(1, T.commitCloseAt), 'reveal', ['DEADLINE_PASSED', 'COMMIT_CLOSED'], null, false],
    ['exactly at the reveal close: a reveal is still accepted', T.revealCloseAt, 'reveal', ['DEADLINE_PASSED', 'COMMIT_CLOSED'], null, false],
    ['1 ms after the reveal close: nothing accepted, the draw runs', at(1, T.revealCloseAt), 'closed', ['DEADLINE_PASSED', 'COMMIT_CLOSED'], ['DEADLINE_PASSED', 'REVEAL_CLOSED'], true],
  ])('%s', (_name, when, phase, commitErr, revealErr, runs) => {
    expect(drawPhaseAt(T, when)).toBe(phase);
    expect(errOf(() => assertMayCommit(T, when))).toEqual(commitErr ? { code: commitErr[0], reason: commitErr[1] } : null);
    expect(errOf(() => assertMayReveal(T, when))).toEqual(revealErr ? { code: revealErr[0], reason: revealErr[1] } : null);
    expect(mayRunDraw(T, when)).toBe(runs);
  });
});

describe('assertMayContributeRole: the center never contributes', () => {
  it.each([
    ['staff', 'FORBIDDEN'],
    ['platform_admin', 'FORBIDDEN'],
    ['bidder', null],
    ['supervisor', null],
    ['tenderee', null],
    ['agent', null],
  ])('%s → %s', (role, code) => {
    expect(errOf(() => assertMayContributeRole(role))?.code ?? null).toBe(code);
  });
});

describe('openingDrawTimeline: commit close min(10 min, window/2), reveal close + min(5 min, window/4)', () => {
  const start = new Date('2026-06-24T02:00:00Z');
  it.each([
    [30, 10 * 60, 15 * 60],
    [240, 10 * 60, 15 * 60],
    [20, 10 * 60, 15 * 60],
    [16, 8 * 60, 12 * 60],
    [10, 5 * 60, 7 * 60 + 30], // the rules' minimum window: both inside it
  ])('window %i min → commit +%i s, reveal +%i s', (w, commitS, revealS) => {
    const t = openingDrawTimeline(start, w);
    expect((t.commitCloseAt.getTime() - start.getTime()) / 1000).toBe(commitS);
    expect((t.revealCloseAt.getTime() - start.getTime()) / 1000).toBe(revealS);
    expect(t.revealCloseAt.getTime()).toBeLessThan(start.getTime() + w * 60_000);
  });
  it('refuses a window that is not positive', () => {
    expect(errOf(() => openingDrawTimeline(start, 0))?.code).toBe('VALIDATION');
  });
});

describe('commitmentText: the draw and the participant are bound', () => {
  it('is a fixed text, value lower-cased', () => {
    expect(commitmentText(7, userParticipant(42), V.toUpperCase())).toBe(`ebid-draw-commit:v1\ndraw:7\nparticipant:user:42\nvalue:${V}\n`);
    expect(commitmentText(7, 'platform', V)).toBe(`ebid-draw-commit:v1\ndraw:7\nparticipant:platform\nvalue:${V}\n`);
  });
  it.each<[string, () => unknown, string]>([
    ['another draw differs', () => commitmentText(8, 'user:42', V) === commitmentText(7, 'user:42', V), 'false'],
    ['another participant differs', () => commitmentText(7, 'user:43', V) === commitmentText(7, 'user:42', V), 'false'],
  ])('%s', (_n, f, want) => expect(String(f())).toBe(want));
  it.each<[string, () => unknown, string]>([
    ['a short value', () => commitmentText(7, 'user:42', 'ab'), 'DRAW_HEX_INVALID'],
    ['a non-hex value', () => commitmentText(7, 'user:42', 'zz'.repeat(32)), 'DRAW_HEX_INVALID'],
    ['draw id 0', () => commitmentText(0, 'user:42', V), 'DRAW_ID_INVALID'],
    ['a participant with a newline', () => commitmentText(7, 'user:42\nvalue:00', V), 'DRAW_PARTICIPANT_INVALID'],
    ['an unknown participant kind', () => commitmentText(7, 'staff:1', V), 'DRAW_PARTICIPANT_INVALID'],
  ])('refuses %s', (_n, f, reason) => {
    const e = errOf(f);
    expect(e).toEqual({ code: 'VALIDATION', reason });
  });
});

describe('resultText: sorted by commitment id, duplicates refused', () => {
  const P = '11'.repeat(32);
  it('lists the platform share and the reveals in commitment-id order, whatever the input order', () => {
    const a = { commitmentId: 9, participant: 'user:3', valueHex: 'cc'.repeat(32) };
    const b = { commitmentId: 2, participant: 'user:5', valueHex: 'DD'.repeat(32) };
    const t = resultText({ drawId: 4, n: 6, platformShareHex: P, reveals: [a, b] });
    expect(t).toBe(`ebid-draw-result:v1\ndraw:4\nn:6\nplatform:${P}\n2:user:5:${'dd'.repeat(32)}\n9:user:3:${'cc'.repeat(32)}\n`);
    expect(resultText({ drawId: 4, n: 6, platformShareHex: P, reveals: [b, a] })).toBe(t);
    expect(resultText({ drawId: 4, n: 6, platformShareHex: P, reveals: [] })).toBe(`ebid-draw-result:v1\ndraw:4\nn:6\nplatform:${P}\n`);
  });
  it.each<[string, Parameters<typeof resultText>[0], string]>([
    ['a duplicate id', { drawId: 4, n: 6, platformShareHex: P, reveals: [{ commitmentId: 1, participant: 'user:1', valueHex: V }, { commitmentId: 1, participant: 'user:2', valueHex: V }] }, 'DRAW_REVEAL_DUPLICATE'],
    ['n = 0', { drawId: 4, n: 0, platformShareHex: P, reveals: [] }, 'DRAW_OPTIONS_INVALID'],
    ['a bad share', { drawId: 4, n: 6, platformShareHex: 'x', reveals: [] }, 'DRAW_HEX_INVALID'],
  ])('refuses %s', (_n, input, reason) => {
    expect(errOf(() => resultText(input))).toEqual({ code: 'VALIDATION', reason });
  });
});

describe('pickIndex: rejection sampling on 32-bit big-endian words', () => {
  const block = (...words: number[]) => {
    const b = new Uint8Array(words.length * 4);
    words.forEach((w, i) => new DataView(b.buffer).setUint32(i * 4, w));
    return b;
  };
  it.each<[string, Uint8Array, number, number | null]>([
    ['n = 1 always 0', block(0xffffffff), 1, 0],
    ['a small word', block(7), 6, 1],
    ['the largest accepted word for n = 6 (2^32 − 4 − 1)', block(0xfffffffb), 6, 0xfffffffb % 6],
    ['the first rejected word for n = 6 falls through to the next', block(0xfffffffc, 13), 6, 1],
    ['every word rejected → null', block(0xfffffffc, 0xfffffffd, 0xffffffff), 6, null],
    ['n = 4 divides 2^32: nothing is rejected', block(0xffffffff), 4, 3],
  ])('%s', (_n, b, n, want) => {
    expect(pickIndex(b, n)).toBe(want);
  });
});
