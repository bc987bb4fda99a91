import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import type { ProcedureMethod, TradeType } from '../procedure/flags.ts';
import { assertMayChair, checkComposition, GP_LARGE_BUDGET_FEN, GP_OPEN_TENDER_THRESHOLD_FEN, mayChair, minimumCommitteeSize } from './composition.ts';

function reasonOf(f: () => unknown): string | null {
  try {
    f();
    return null;
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    expect(e.code).toBe('VALIDATION');
    expect(e.messageZh).not.toBe('');
    expect(e.messageEn).not.toBe('');
    return String(e.details?.reason);
  }
}

const base = { budgetFen: 50_000_000, complex: false, ownerReps: 0 };

describe('checkComposition: size and parity (E1)', () => {
  it.each<[string, TradeType, ProcedureMethod, number, string | null]>([
    ['engineering open, 4 members: below the minimum', 'engineering', 'open', 4, 'COMMITTEE_TOO_SMALL'],
    ['engineering open, 5 members: the minimum', 'engineering', 'open', 5, null],
    ['engineering open, 6 members: even', 'engineering', 'open', 6, 'COMMITTEE_EVEN'],
    ['engineering open, 7 members', 'engineering', 'open', 7, null],
    ['engineering invited, 3 members: below the minimum', 'engineering', 'invited', 3, 'COMMITTEE_TOO_SMALL'],
    ['GP open, 4 members', 'procurement', 'open', 4, 'COMMITTEE_TOO_SMALL'],
    ['GP open, 5 members (small budget)', 'procurement', 'open', 5, null],
    ['GP open, 6 members', 'procurement', 'open', 6, 'COMMITTEE_EVEN'],
    ['GP open, 7 members', 'procurement', 'open', 7, null],
    ['GP negotiation, 2 members', 'procurement', 'negotiation', 2, 'COMMITTEE_TOO_SMALL'],
    ['GP negotiation, 3 members', 'procurement', 'negotiation', 3, null],
    ['GP inquiry, 4 members', 'procurement', 'inquiry', 4, 'COMMITTEE_EVEN'],
    ['GP consultation, 5 members', 'procurement', 'consultation', 5, null],
    ['GP single source: no drawn committee', 'procurement', 'single_source', 5, 'COMMITTEE_NOT_APPLICABLE'],
    ['land auction: no drawn committee', 'land', 'auction', 5, 'COMMITTEE_NOT_APPLICABLE'],
    ['property listing: no drawn committee', 'property', 'listing', 5, 'COMMITTEE_NOT_APPLICABLE'],
    ['size 0', 'engineering', 'open', 0, 'COMMITTEE_SIZE_INVALID'],
    ['size 5.5', 'engineering', 'open', 5.5, 'COMMITTEE_SIZE_INVALID'],
    ['size 51 (beyond the sanity bound)', 'engineering', 'open', 51, 'COMMITTEE_SIZE_INVALID'],
  ])('%s', (_n, tradeType, method, size, reason) => {
    expect(reasonOf(() => checkComposition({ ...base, tradeType, method, size }))).toBe(reason);
  });
});

describe('checkComposition: GP 招标 ≥ 7 at 10,000,000 yuan or more (以上 includes the figure) or complex (E1)', () => {
  it.each<[string, number | null, boolean, number, string | null]>([
    ['9,999,999.99 yuan, 5 members: enough', 999_999_999, false, 5, null],
    ['10,000,000.00 yuan, 5 members: too small', 1_000_000_000, false, 5, 'COMMITTEE_TOO_SMALL'],
    ['10,000,000.00 yuan, 7 members', 1_000_000_000, false, 7, null],
    ['10,000,000.01 yuan, 5 members', 1_000_000_001, false, 5, 'COMMITTEE_TOO_SMALL'],
    ['small budget flagged complex, 5 members', 100_000, true, 5, 'COMMITTEE_TOO_SMALL'],
    ['small budget flagged complex, 7 members', 100_000, true, 7, null],
    ['no budget declared, 5 members', null, false, 5, null],
    ['a negative budget', -1, false, 7, 'COMMITTEE_BUDGET_INVALID'],
    ['a fractional budget', 1.5, false, 7, 'COMMITTEE_BUDGET_INVALID'],
  ])('%s', (_n, budgetFen, complex, size, reason) => {
    expect(reasonOf(() => checkComposition({ tradeType: 'procurement', method: 'open', budgetFen, complex, size, ownerReps: 0 }))).toBe(reason);
  });

  it('engineering is not raised to 7 by a large budget (the ≥ 7 rule is GP)', () => {
    expect(minimumCommitteeSize({ tradeType: 'engineering', method: 'open', budgetFen: GP_LARGE_BUDGET_FEN * 10, complex: true })).toBe(5);
  });
});

describe('checkComposition: 谈判 / 询价 / 磋商 ≥ 5 from the open-tender threshold (E1, R74 §7)', () => {
  it.each<[string, number, number | undefined, number]>([
    ['one fen below the threshold', GP_OPEN_TENDER_THRESHOLD_FEN - 1, undefined, 3],
    ['exactly the threshold', GP_OPEN_TENDER_THRESHOLD_FEN, undefined, 5],
    ["a region's own threshold, below it", 299_999_999, 300_000_000, 3],
    ["a region's own threshold, at it", 300_000_000, 300_000_000, 5],
  ])('%s → minimum %i', (_n, budgetFen, openTenderThresholdFen, min) => {
    expect(minimumCommitteeSize({ tradeType: 'procurement', method: 'negotiation', budgetFen, complex: false, ...(openTenderThresholdFen !== undefined ? { openTenderThresholdFen } : {}) })).toBe(min);
  });
});

describe("checkComposition: experts ≥ 2/3, the owner's representatives ≤ 1/3 (E1)", () => {
  it.each<[number, number, string | null, number | null]>([
    [5, 0, null, 5],
    [5, 1, null, 4],
    [5, 2, 'COMMITTEE_OWNER_REPS', null],
    [7, 2, null, 5],
    [7, 3, 'COMMITTEE_OWNER_REPS', null],
    [9, 3, null, 6],
    [9, 4, 'COMMITTEE_OWNER_REPS', null],
    [5, -1, 'COMMITTEE_OWNER_REPS_INVALID', null],
  ])('size %i with %i owner reps', (size, ownerReps, reason, experts) => {
    expect(reasonOf(() => checkComposition({ tradeType: 'engineering', method: 'open', budgetFen: null, complex: false, size, ownerReps }))).toBe(reason);
    if (experts !== null) expect(checkComposition({ tradeType: 'engineering', method: 'open', budgetFen: null, complex: false, size, ownerReps }).experts).toBe(experts);
  });
});

describe("the purchaser's representative may not chair (issue 21 §4, for issue 22)", () => {
  it.each<['expert' | 'owner_rep', boolean]>([
    ['expert', true],
    ['owner_rep', false],
  ])('%s may chair: %s', (kind, ok) => {
    expect(mayChair(kind)).toBe(ok);
    expect(reasonOf(() => assertMayChair(kind))).toBe(ok ? null : 'CHAIR_OWNER_REP');
  });
});
