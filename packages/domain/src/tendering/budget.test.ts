import { describe, expect, it } from 'vitest';
import type { TradeType } from '../procedure/flags.ts';
import { budgetViolations } from './budget.ts';

describe('budgetViolations (issue 16 §2, R87 §63)', () => {
  it.each<[TradeType, number | null, (number | null)[], string[]]>([
    ['procurement', null, [null], ['BUDGET_MISSING']],
    ['procurement', null, [5_000_00], ['BUDGET_MISSING']], // no budget: nothing to compare the ceiling with
    ['procurement', 1_000_000_00, [1_000_000_00], []], // the ceiling equal to the budget is within it
    ['procurement', 1_000_000_00, [1_000_000_01], ['CEILING_ABOVE_BUDGET']], // one fen above
    ['procurement', 1_000_000_00, [999_999_99, null], []],
    ['procurement', 1_000_000_00, [null, 2_000_000_00, 1_000_000_01], ['CEILING_ABOVE_BUDGET', 'CEILING_ABOVE_BUDGET']],
    ['procurement', 0, [null], []],
    ['engineering', null, [9_999_999_00], []],
    ['land', null, [9_999_999_00], []],
    ['property', null, [null], []],
  ])('%s budget %s, ceilings %j → %j', (tradeType, budgetFen, ceilings, reasons) => {
    const v = budgetViolations({ tradeType, budgetFen, sections: ceilings.map((ceilingFen) => ({ ceilingFen })) });
    expect(v.map((x) => x.reason)).toEqual(reasons);
  });

  it('names the package, the ceiling and the budget in both languages', () => {
    const [v] = budgetViolations({ tradeType: 'procurement', budgetFen: 100_000_000, sections: [{ code: '002', ceilingFen: 100_000_001 }] });
    expect(v).toMatchObject({ field: 'sections.0.ceilingFen' });
    expect(v!.messageZh).toBe('第002包的最高限价（1,000,000.01元）超过采购预算（1,000,000.00元）');
    expect(v!.messageEn).toContain('CNY 1,000,000.01');
  });
});
