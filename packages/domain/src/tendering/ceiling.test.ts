import { describe, expect, it } from 'vitest';
import type { TradeType } from '../procedure/flags.ts';
import { aboveCeiling, priceCeiling, priceCeilingFen } from './ceiling.ts';
import type { PriceKind } from '../procedure/project-fields.ts';

describe('priceCeilingFen (issue 16 §2; ZTBT §27, §51; R87 §63)', () => {
  it.each<[TradeType, PriceKind, number | null, number | null, number | null, string]>([
    ['engineering', 'amount', 500_000_00, 900_000_00, 500_000_00, 'engineering: the section’s 最高投标限价'],
    ['engineering', 'amount', null, 900_000_00, null, 'engineering without 最高投标限价: none (the budget is no ceiling)'],
    ['engineering', 'amount', 0, null, 0, 'a zero ceiling is a ceiling'],
    ['engineering', 'rate', 500_000_00, 900_000_00, null, 'rate bid (费率报价): exempt'],
    ['procurement', 'amount', 300_000_00, 400_000_00, 300_000_00, 'GP with 最高限价: the 最高限价'],
    ['procurement', 'amount', null, 400_000_00, 400_000_00, 'GP without 最高限价: the budget'],
    ['procurement', 'amount', null, null, null, 'GP without either: none'],
    ['procurement', 'rate', 300_000_00, 400_000_00, null, 'GP rate bid: exempt'],
    ['land', 'amount', 52_000_000_00, null, null, 'land: ceilingFen is a reserve/starting price'],
    ['property', 'amount', 3_680_000_00, 3_680_000_00, null, 'property: no ceiling'],
    ['engineering', 'amount', -1, null, null, 'a malformed amount is no ceiling'],
  ])('%s %s, section %s, budget %s → %s (%s)', (tradeType, priceKind, sectionCeilingFen, budgetFen, expected) => {
    expect(priceCeilingFen({ tradeType, priceKind, sectionCeilingFen, budgetFen })).toBe(expected);
  });
});

describe('priceCeiling: what the ceiling is called', () => {
  it.each<[TradeType, number | null, number | null, string | null]>([
    ['engineering', 100, 200, '最高投标限价'],
    ['procurement', 100, 200, '最高限价'],
    ['procurement', null, 200, '采购预算'],
    ['procurement', null, null, null],
  ])('%s, section %s, budget %s → %s', (tradeType, sectionCeilingFen, budgetFen, zh) => {
    expect(priceCeiling({ tradeType, priceKind: 'amount', sectionCeilingFen, budgetFen })?.label.zh ?? null).toBe(zh);
  });
});

describe('aboveCeiling: strictly greater (equal is within)', () => {
  it.each<[number | null, number | null, boolean, string]>([
    [499_999_99, 500_000_00, false, 'ceiling − 1 fen'],
    [500_000_00, 500_000_00, false, 'at the ceiling'],
    [500_000_01, 500_000_00, true, 'ceiling + 1 fen'],
    [1, 0, true, 'above a zero ceiling'],
    [900_000_00, null, false, 'no ceiling'],
    [null, 500_000_00, false, 'no price'],
  ])('price %s vs ceiling %s → %s (%s)', (price, ceiling, expected) => {
    expect(aboveCeiling(price, ceiling)).toBe(expected);
  });
});
