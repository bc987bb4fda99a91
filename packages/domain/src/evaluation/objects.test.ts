/**
 * The evaluation's signed bytes (issue 22 §4, S11): canonical sheets (same entries → same bytes, whatever their
 * order), a failed item needs its reason, no control or bidi character in a signed reason, only canonical bytes
 * parse back, and canonical JSON whatever the key order (jsonb reorders keys).
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { canonicalEntries, canonicalJson, parseSheetBytes, sheetBytes, sheetObject } from './objects.ts';

const HASH = 'a'.repeat(64);
const base = { evaluationId: 7, round: 1, memberId: '12', methodSha256: HASH, labelsSha256: HASH };
const reasonOf = (f: () => unknown): string | null => {
  try {
    f();
    return null;
  } catch (e) {
    return e instanceof AppError ? String(e.details?.reason) : 'NOT_APP_ERROR';
  }
};

describe('sheet objects', () => {
  it('the same entries in any order give the same bytes, which parse back', () => {
    const a = [
      { bid: '投标人2', criterionId: 'T1', score: '8' },
      { bid: '投标人1', criterionId: 'T2', score: '7.5' },
      { bid: '投标人1', criterionId: 'T1', score: '9' },
    ];
    const one = sheetBytes(sheetObject({ ...base, stage: 'scores', entries: a }));
    const two = sheetBytes(sheetObject({ ...base, stage: 'scores', entries: [...a].reverse() }));
    expect(Buffer.from(one).equals(Buffer.from(two))).toBe(true);
    expect(parseSheetBytes(one).entries.map((e) => `${e.bid}/${e.criterionId}`)).toEqual(['投标人1/T1', '投标人1/T2', '投标人2/T1']);
  });

  it('bytes that are not canonical do not parse (SHEET_NOT_CANONICAL)', () => {
    const o = sheetObject({ ...base, stage: 'scores', entries: [{ bid: '投标人1', criterionId: 'T1', score: '9' }] });
    const spaced = new TextEncoder().encode(JSON.stringify(o, null, 1));
    expect(reasonOf(() => parseSheetBytes(spaced))).toBe('SHEET_NOT_CANONICAL');
  });

  it.each([
    ['a failed item without a reason', { pass: false, reason: '  ' }, 'REASON_REQUIRED'],
    ['a NUL in the reason', { pass: false, reason: '资格\u0000不符' }, 'REASON_INVALID'],
    ['a bidi override in the reason', { pass: false, reason: '资格\u202e不符' }, 'REASON_INVALID'],
    ['a reason over 1000 characters', { pass: false, reason: '字'.repeat(1001) }, 'REASON_TOO_LONG'],
    ['a reason on two lines', { pass: false, reason: '资格不符\r\n见第3页' }, null],
  ])('compliance: %s', (_n, patch, reason) => {
    expect(reasonOf(() => canonicalEntries('compliance', [{ bid: '投标人1', criterionId: 'Q1', ...patch }]))).toBe(reason);
  });

  it('an item judged twice is refused (ENTRY_DUPLICATE)', () => {
    const e = { bid: '投标人1', criterionId: 'Q1', pass: true, reason: null };
    expect(reasonOf(() => canonicalEntries('compliance', [e, e]))).toBe('ENTRY_DUPLICATE');
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ y: 1, x: 2 }], c: undefined } })).toBe('{"a":{"d":[{"x":2,"y":1}]},"b":1}');
  });
});
