import { describe, expect, it } from 'vitest';
import { AppError } from './errors.ts';
import { BID_SUMMARY_SIZE, encodeBidSummary, parseBidSummary, type BidSummaryFields } from './bid-summary.ts';
import { parseJsonStrict, StrictJsonError } from './strict-json.ts';

const ids = { projectId: 101, sectionId: 202 };
const salt = new Uint8Array(16).map((_, i) => i * 17);
const SALT_HEX = '00112233445566778899aabbccddeeff';
const fields: BidSummaryFields = { ...ids, priceFen: 388_000_000, durationDays: 365, quality: '合格' };
const enc = new TextEncoder();
const pad = (s: string) => {
  const b = enc.encode(s);
  const out = new Uint8Array(BID_SUMMARY_SIZE).fill(0x20);
  out.set(b);
  return out;
};
const canonical = (over: Record<string, unknown> = {}) =>
  JSON.stringify({ type: 'ebid-bid-summary', v: 2, projectId: 101, sectionId: 202, priceFen: 388_000_000, durationDays: 365, quality: '合格', salt: SALT_HEX, ...over });

function causeOf(f: () => unknown): string | null {
  try {
    f();
    return null;
  } catch (e) {
    if (e instanceof AppError) return String((e.details as { cause?: string }).cause);
    throw e;
  }
}

describe('parseJsonStrict (issue 14 §7)', () => {
  it.each([
    ['an object', '{"a":1,"b":[true,false,null],"c":"x\\u00e9"}', { a: 1, b: [true, false, null], c: 'xé' }],
    ['whitespace around', ' \n{ "a" : 1 }\t', { a: 1 }],
    ['a nested duplicate is still refused', '{"a":{"b":1,"b":2}}', 'DUPLICATE_KEY'],
    ['a duplicate key', '{"a":1,"a":2}', 'DUPLICATE_KEY'],
    ['an escaped duplicate', '{"a":1,"\\u0061":2}', 'DUPLICATE_KEY'],
    ['a trailing comma', '{"a":1,}', 'SYNTAX'],
    ['a raw control character', '{"a":"x\ny"}', 'SYNTAX'],
    ['text after the value', '{"a":1} x', 'SYNTAX'],
    ['a leading zero', '{"a":01}', 'SYNTAX'],
    ['__proto__ is data', '{"__proto__":1}', JSON.parse('{"__proto__":1}')],
  ])('%s', (_n, text, want) => {
    if (typeof want === 'string') {
      expect(() => parseJsonStrict(text)).toThrow(StrictJsonError);
      try {
        parseJsonStrict(text);
      } catch (e) {
        expect((e as StrictJsonError).reason).toBe(want);
      }
    } else {
      expect(parseJsonStrict(text)).toEqual(want);
    }
  });
});

describe('encodeBidSummary (issue 14 §1)', () => {
  it.each([
    ['99,999,999 fen', 99_999_999],
    ['100,000,000 fen', 100_000_000],
    ['1 fen', 1],
    ['the largest safe integer', Number.MAX_SAFE_INTEGER],
  ])('%s encodes to exactly %#-independent 4096 bytes', (_n, priceFen) => {
    const b = encodeBidSummary({ ...fields, priceFen });
    expect(b.length).toBe(BID_SUMMARY_SIZE);
    expect(parseBidSummary(b, { expect: ids, allowLegacy: false }).priceFen).toBe(priceFen);
  });

  it('draws a fresh 16-byte salt each time, so the same price gives different bytes', () => {
    const a = encodeBidSummary(fields);
    const b = encodeBidSummary(fields);
    expect(a).not.toEqual(b);
    expect(new TextDecoder().decode(a)).toMatch(/"salt":"[0-9a-f]{32}"\}/);
  });

  it('is the canonical layout padded with spaces', () => {
    expect(encodeBidSummary(fields, salt)).toEqual(pad(canonical()));
  });

  it.each([
    ['price 0', { priceFen: 0 }, 'FIELD'],
    ['a fractional price', { priceFen: 1.5 }, 'FIELD'],
    ['duration 0', { durationDays: 0 }, 'FIELD'],
    ['empty quality', { quality: '' }, 'FIELD'],
    ['quality too long', { quality: 'x'.repeat(501) }, 'FIELD'],
    ['no project', { projectId: 0 }, 'FIELD'],
  ])('refuses %s', (_n, over, cause) => {
    expect(causeOf(() => encodeBidSummary({ ...fields, ...over } as BidSummaryFields, salt))).toBe(cause);
  });

  it('fits the worst case quality (500 control characters, 6 bytes each when escaped)', () => {
    expect(encodeBidSummary({ ...fields, quality: '\u0001'.repeat(500) }, salt).length).toBe(BID_SUMMARY_SIZE);
  });
});

describe('parseBidSummary (issue 14 §7)', () => {
  const v2 = (b: Uint8Array, allowLegacy = false) => causeOf(() => parseBidSummary(b, { expect: ids, allowLegacy }));
  const bad = new Uint8Array([...pad(canonical())]);
  bad[BID_SUMMARY_SIZE - 1] = 0xff;
  const tabPad = new Uint8Array([...pad(canonical())]);
  tabPad[BID_SUMMARY_SIZE - 2] = 0x09;
  const nulPad = new Uint8Array([...pad(canonical())]);
  nulPad[BID_SUMMARY_SIZE - 1] = 0x00;

  it.each([
    ['the canonical bytes', pad(canonical()), null],
    ['null duration and quality', pad(canonical({ durationDays: null, quality: null })), null],
    ['invalid UTF-8 in the padding', bad, 'UTF8'],
    ['a tab in the padding', tabPad, 'PADDING'],
    ['a NUL in the padding', nulPad, 'SYNTAX'],
    ['a duplicate priceFen', pad(canonical().replace('"priceFen":388000000', '"priceFen":1,"priceFen":388000000')), 'DUPLICATE_KEY'],
    ['a missing salt', pad(JSON.stringify({ type: 'ebid-bid-summary', v: 2, projectId: 101, sectionId: 202, priceFen: 1, durationDays: 1, quality: 'q' })), 'FIELDS'],
    ['an unknown field', pad(canonical({ note: 'x' })), 'FIELDS'],
    ['keys reordered', pad(canonical().replace('"projectId":101,"sectionId":202', '"sectionId":202,"projectId":101')), 'FIELDS'],
    ['whitespace inside', pad(canonical().replace('"v":2', '"v": 2')), 'LAYOUT'],
    ['leading spaces', pad(' ' + canonical()), 'LAYOUT'],
    ['a short file (unpadded v2)', enc.encode(canonical()), 'SIZE'],
    ['a longer file', new Uint8Array([...pad(canonical()), 0x20]), 'SIZE'],
    ['the price as a string', pad(canonical({ priceFen: '388000000' })), 'FIELD'],
    ['a negative price', pad(canonical({ priceFen: -1 })), 'FIELD'],
    ['an upper-case salt', pad(canonical({ salt: SALT_HEX.toUpperCase() })), 'FIELD'],
    ['a short salt', pad(canonical({ salt: 'abcd' })), 'FIELD'],
    ['another type', pad(canonical({ type: 'ebid-bid-manifest' })), 'TYPE'],
    ['another section', pad(canonical({ sectionId: 203 })), 'WRONG_TARGET'],
    ['a BOM', new Uint8Array([0xef, 0xbb, 0xbf, ...enc.encode(canonical())]), 'UTF8'],
    ['an array', pad('[1]'), 'LAYOUT'],
    ['legacy web format where legacy is not allowed', enc.encode(JSON.stringify({ type: 'ebid-bid-summary', v: 1, ...ids, priceFen: 1, durationDays: 1, quality: 'q' })), 'VERSION'],
  ])('%s', (_n, bytes, cause) => {
    expect(v2(bytes)).toBe(cause);
  });

  it.each([
    ['legacy web format', { type: 'ebid-bid-summary', v: 1, ...ids, priceFen: 5, durationDays: 30, quality: 'q' }, null, { format: 1, ...ids, priceFen: 5, durationDays: 30, quality: 'q' }],
    ['legacy bare form', { priceFen: 388_000_000, durationDays: 365, quality: '合格' }, null, { format: 1, projectId: null, sectionId: null, priceFen: 388_000_000, durationDays: 365, quality: '合格' }],
    ['legacy bare price only', { priceFen: 7 }, null, { format: 1, projectId: null, sectionId: null, priceFen: 7, durationDays: null, quality: null }],
    ['legacy with an unknown field', { priceFen: 7, projectManager: 'x' }, 'FIELDS', null],
    ['legacy web format, another project', { type: 'ebid-bid-summary', v: 1, projectId: 9, sectionId: 202, priceFen: 5, durationDays: 30, quality: 'q' }, 'WRONG_TARGET', null],
    ['legacy web format, missing quality', { type: 'ebid-bid-summary', v: 1, ...ids, priceFen: 5, durationDays: 30 }, 'FIELDS', null],
    ['legacy v3', { type: 'ebid-bid-summary', v: 3, ...ids, priceFen: 5, durationDays: 30, quality: 'q' }, 'FIELDS', null],
    ['legacy price as text', { priceFen: '5' }, 'FIELD', null],
    ['legacy fractional duration', { priceFen: 5, durationDays: 1.5 }, 'FIELD', null],
  ])('%s', (_n, obj, cause, want) => {
    const bytes = enc.encode(JSON.stringify(obj, null, 2));
    expect(v2(bytes, true)).toBe(cause);
    if (want) expect(parseBidSummary(bytes, { expect: ids, allowLegacy: true })).toEqual(want);
  });

  it('legacy: a duplicate key is refused', () => {
    expect(v2(enc.encode('{"priceFen":1,"priceFen":2}'), true)).toBe('DUPLICATE_KEY');
  });
});
