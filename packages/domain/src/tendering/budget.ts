/**
 * The government-procurement budget rules (issue 16 §2; R87 §63 and CGT): a procurement project states its
 * budget (采购预算) before it is published — a bid above it (or above the 最高限价 where one is set) is
 * invalid, so without a budget neither bidders nor the committee can apply the rule — and a package's 最高限价
 * lies within the budget. Money is integer fen.
 */
import type { TradeType } from '../procedure/flags.ts';
import { formatYuan } from '../format.ts';

export type BudgetViolationReason = 'BUDGET_MISSING' | 'CEILING_ABOVE_BUDGET';

export interface BudgetViolation {
  reason: BudgetViolationReason;
  /** `budgetFen` or `sections.<i>.ceilingFen` (the create form's field). */
  field: string;
  messageZh: string;
  messageEn: string;
}

/**
 * The budget violations of a procurement project: no budget, or a 最高限价 above it. Checked when the project
 * is created and again when its notice is submitted and published. Other trade types: none.
 */
export function budgetViolations(input: {
  tradeType: TradeType;
  budgetFen: number | null | undefined;
  sections: readonly { code?: string; ceilingFen?: number | null }[];
}): BudgetViolation[] {
  if (input.tradeType !== 'procurement') return [];
  const out: BudgetViolation[] = [];
  const budget = input.budgetFen;
  if (budget === null || budget === undefined) {
    out.push({
      reason: 'BUDGET_MISSING',
      field: 'budgetFen',
      messageZh: '政府采购项目须填写采购预算（公告发布前必须确定）',
      messageEn: 'A government-procurement project needs its budget (it must be set before the notice is published)',
    });
    return out;
  }
  input.sections.forEach((s, i) => {
    if (s.ceilingFen !== null && s.ceilingFen !== undefined && s.ceilingFen > budget) {
      const name = s.code ?? String(i + 1);
      out.push({
        reason: 'CEILING_ABOVE_BUDGET',
        field: `sections.${i}.ceilingFen`,
        messageZh: `第${name}包的最高限价（${formatYuan(s.ceilingFen)}元）超过采购预算（${formatYuan(budget)}元）`,
        messageEn: `Package ${name}: the price ceiling (CNY ${formatYuan(s.ceilingFen)}) exceeds the budget (CNY ${formatYuan(budget)})`,
      });
    }
  });
  return out;
}
