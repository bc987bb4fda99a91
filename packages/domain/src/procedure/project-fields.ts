/**
 * Fields of a project that decide rules beyond its trade type and method (issue 16 §2, §5, §8).
 */
import type { TradeType } from './flags.ts';

/**
 * What an engineering project buys (工程建设项目的招标内容): works (施工), goods (货物), survey (勘察), design
 * (设计), supervision (监理) or EPC (工程总承包). It decides the B6 security cap (survey/design ≤ 100,000 CNY,
 * R2) and, later, the evaluation rules of each sub-type (domain §3.2, BidProtype A03/A04/A05/A08/A12).
 * Only engineering projects have one.
 */
export const PROJECT_SUBJECTS = ['works', 'goods', 'survey', 'design', 'supervision', 'epc'] as const;
export type ProjectSubject = (typeof PROJECT_SUBJECTS)[number];

/** Does this trade type carry a subject? (engineering only) */
export function hasSubject(tradeType: TradeType): boolean {
  return tradeType === 'engineering';
}

/**
 * How bids state their price: an amount (报价金额, the default) or a fee rate (费率报价, e.g. 监理 or 代建 fees
 * as a percentage), which has no price ceiling to exceed (issue 16 §2).
 */
export const PRICE_KINDS = ['amount', 'rate'] as const;
export type PriceKind = (typeof PRICE_KINDS)[number];

/**
 * Opening rules as frozen with the tender (projects.opening_rules, issue 7): what the tender set; the
 * opening service fills the defaults.
 */
export interface StoredOpeningRules {
  decryptWindowMinutes?: number;
  signInLeadMinutes?: number;
  floatPointsBp?: number[] | null;
  /** Minutes after the bid deadline an opening is still on time (issue 18 §5; default DEFAULT_START_GRACE_MINUTES). */
  startGraceMinutes?: number;
  /** Minutes each record version gives the bidders to confirm or object (issue 18 §5; default DEFAULT_CONFIRM_WINDOW_MINUTES). */
  confirmWindowMinutes?: number;
}
