/**
 * Prices (issue 22 §3; domain §3.1, §3.2): the policy deductions (S3), the GP low-price-first price score
 * (S2), the engineering base-price deviation score (S4) and the abnormally-low flag (S7). Money in and out
 * is integer fen; every intermediate is a decimal; nothing is rounded before the rule says so.
 */
import { compareIds as cmp, Dec, fen, HUNDRED, invalid, parseDecimal, roundTo, toWholeFen, ZERO } from './decimal.ts';
import { BASE_PRICE_STRATEGIES, CONSORTIUM_MIN_SME_SHARE, type AbnormallyLowRule, type BasePriceRule, type EvaluationMethodSpec } from './method.ts';

/** A bidder's policy claim with its evidence (the 中小企业声明函, by hash or reference). */
export interface PolicyClaim {
  kind: 'sme' | 'consortium_sme';
  /** consortium / subcontract: the SMEs' share of the contract, a fraction ("0.35"); null for `sme` */
  smeShare: string | null;
  evidence: string;
}

export interface Deduction {
  kind: PolicyClaim['kind'];
  applied: boolean;
  /** APPLIED, or why not: the method grants no such deduction, or the SME share is below 30% */
  outcome: 'APPLIED' | 'NOT_IN_METHOD' | 'SME_SHARE_BELOW_MINIMUM';
  rate: string | null;
  amountFen: number;
  evidence: string;
}

/** Checks a claim's shape; VALIDATION naming the bid. */
export function checkPolicyClaim(claim: PolicyClaim, bidId: string): void {
  const field = `bids.${bidId}.policy`;
  if (claim.kind !== 'sme' && claim.kind !== 'consortium_sme') throw invalid('POLICY_CLAIM_INVALID', field, '政策优惠类型应为小微企业或联合体/分包', 'A policy claim is sme or consortium_sme', { bid: bidId });
  if (typeof claim.evidence !== 'string' || claim.evidence.trim() === '') {
    throw invalid('POLICY_EVIDENCE_MISSING', field, '价格扣除须有声明函等证明材料', 'A price deduction needs its evidence (the declaration letter)', { bid: bidId, rule: 'S3' });
  }
  if (claim.kind === 'consortium_sme') {
    const share = parseDecimal(claim.smeShare);
    if (share === null || share.gt(1)) throw invalid('SME_SHARE_INVALID', field, '小微企业合同份额应为0至1之间的小数', 'The SME share must be a fraction from 0 to 1', { bid: bidId });
  } else if (claim.smeShare !== null) {
    throw invalid('SME_SHARE_INVALID', field, '小微企业本身报价扣除不填写合同份额', 'An SME claim carries no share', { bid: bidId });
  }
}

/**
 * S3: the price a bid is evaluated at after its policy deduction — before the base price and every price
 * score are computed. The deduction is price × rate, half-up to the fen.
 */
export function policyDeduction(spec: EvaluationMethodSpec, priceFen: number, claim: PolicyClaim | null): { evaluatedPriceFen: number; deduction: Deduction | null } {
  if (claim === null) return { evaluatedPriceFen: priceFen, deduction: null };
  const rate = claim.kind === 'sme' ? (spec.policy?.smeRate ?? null) : (spec.policy?.consortiumRate ?? null);
  const none = (outcome: Deduction['outcome']) => ({ evaluatedPriceFen: priceFen, deduction: { kind: claim.kind, applied: false, outcome, rate, amountFen: 0, evidence: claim.evidence } });
  if (rate === null) return none('NOT_IN_METHOD');
  if (claim.kind === 'consortium_sme' && new Dec(claim.smeShare!).lt(CONSORTIUM_MIN_SME_SHARE)) return none('SME_SHARE_BELOW_MINIMUM');
  const amountFen = toWholeFen(fen(priceFen).times(rate));
  return { evaluatedPriceFen: priceFen - amountFen, deduction: { kind: claim.kind, applied: true, outcome: 'APPLIED', rate, amountFen, evidence: claim.evidence } };
}

export interface LowPriceFirstScore {
  bidId: string;
  /** (base ÷ price) × 100, unrounded */
  raw: Dec;
  /** raw × the price weight, unrounded */
  weighted: Dec;
}

/**
 * S2 低价优先法 (R87 §55; R214 for 磋商): base = the lowest evaluated price of the valid bids — none is
 * dropped —, raw = base ÷ price × 100, weighted by the price weight (a fraction).
 */
export function lowPriceFirstScores(bids: readonly { bidId: string; evaluatedPriceFen: number }[], weight: Dec): { baseFen: number; scores: LowPriceFirstScore[] } {
  const baseFen = Math.min(...bids.map((b) => b.evaluatedPriceFen));
  const base = fen(baseFen).times(HUNDRED);
  return {
    baseFen,
    // one division each, so a terminating value is exact before it is rounded
    scores: bids.map((b) => ({ bidId: b.bidId, raw: base.div(b.evaluatedPriceFen), weighted: base.times(weight).div(b.evaluatedPriceFen) })),
  };
}

/** Checks the K drawn at opening against the frozen range and choices (S4). */
export function checkK(rule: BasePriceRule, k: unknown): Dec {
  const d = parseDecimal(k);
  if (d === null) throw invalid('K_MISSING', 'k', '缺少开标时抽取的K值', 'The K drawn at opening is missing', { rule: 'S4' });
  if (d.lt(rule.kRange.min) || d.gt(rule.kRange.max)) {
    throw invalid('K_OUT_OF_RANGE', 'k', `K值${String(k)}不在招标文件规定的${rule.kRange.min}至${rule.kRange.max}之间`, `K ${String(k)} is outside the range ${rule.kRange.min}–${rule.kRange.max} of the docs`, { rule: 'S4', k });
  }
  if (rule.kChoices !== null && !rule.kChoices.some((c) => d.eq(c))) {
    throw invalid('K_NOT_A_CHOICE', 'k', `K值${String(k)}不是招标文件列出的备选值`, `K ${String(k)} is not one of the values the docs list`, { rule: 'S4', k });
  }
  return d;
}

export interface BasePrice {
  /** Σ of the prices that make the mean, in fen */
  sumFen: Dec;
  /** how many prices the mean divides by */
  count: number;
  /** the bids dropped as the highest and lowest ([] when none is) */
  dropped: string[];
  k: Dec;
  /** sum ÷ count × K, unrounded (K multiplies the UNROUNDED mean) */
  baseFen: Dec;
}

/** The base price of a versioned strategy (S4). The prices are the valid bids' evaluated prices. */
export function basePrice(rule: BasePriceRule, bids: readonly { bidId: string; evaluatedPriceFen: number }[], k: Dec): BasePrice {
  if (!BASE_PRICE_STRATEGIES[rule.strategy]?.includes(rule.version)) {
    throw invalid('BASE_STRATEGY_UNKNOWN', 'basePrice.strategy', '未知的基准价计算方法或版本', 'Unknown base-price strategy or version', { rule: 'S4' });
  }
  const all = bids.reduce((s, b) => s.plus(b.evaluatedPriceFen), ZERO);
  let sumFen = all;
  let count = bids.length;
  const dropped: string[] = [];
  if (rule.strategy === 'drop_extremes_mean' && bids.length > 3) {
    // ONE highest and ONE lowest, whatever the ties (the first by bid id among equals)
    const sorted = [...bids].sort((a, b) => a.evaluatedPriceFen - b.evaluatedPriceFen || cmp(a.bidId, b.bidId));
    const lo = sorted[0]!;
    const maxFen = sorted[sorted.length - 1]!.evaluatedPriceFen;
    const highest = sorted.find((b) => b.evaluatedPriceFen === maxFen && b !== lo)!;
    sumFen = all.minus(highest.evaluatedPriceFen).minus(lo.evaluatedPriceFen);
    count = bids.length - 2;
    dropped.push(highest.bidId, lo.bidId);
  }
  return { sumFen, count, dropped, k, baseFen: sumFen.times(k).div(count) };
}

export interface DeviationScore {
  bidId: string;
  /** 偏差率 in %, exactly 2 dp: round((P − base) ÷ base, 4) × 100, half-up away from zero */
  deviationPercent: Dec;
  /** max(F − dev × E1 (dev ≥ 0) | F + dev × E2 (dev < 0), 0), half-up to 2 dp */
  score: Dec;
}

/** S4: the deviation of each price from the base and its price score, F = the price's full points. */
export function deviationScores(rule: BasePriceRule, base: BasePrice, bids: readonly { bidId: string; evaluatedPriceFen: number }[], fullPoints: Dec): DeviationScore[] {
  // (P − S·K/c) ÷ (S·K/c) = (P·c − S·K) ÷ (S·K): one division, so a tie at the 4th place is a true tie
  const sk = base.sumFen.times(base.k);
  return bids.map((b) => {
    const ratio = fen(b.evaluatedPriceFen).times(base.count).minus(sk).div(sk).toDecimalPlaces(4);
    const dev = ratio.times(HUNDRED);
    const raw = dev.gte(ZERO) ? fullPoints.minus(dev.times(rule.e1)) : fullPoints.plus(dev.times(rule.e2));
    return { bidId: b.bidId, deviationPercent: dev, score: roundTo(Dec.max(raw, ZERO), 2) };
  });
}

export interface AbnormallyLowFlag {
  bidId: string;
  /** the mean of the OTHER valid bids' prices, fen, unrounded (null when there is no other bid) */
  meanOfOthersFen: Dec | null;
  /** threshold × that mean: a price strictly below it is flagged */
  thresholdFen: Dec | null;
  flagged: boolean;
}

/**
 * S7 (R87 §60; R12 §21): a price below `belowMeanOfOthers` × the mean of the other valid bids' prices is
 * flagged; the committee asks for a written explanation and records the outcome. Compared without a
 * division: P × (n − 1) < t × (Σ − P). The prices are the bid prices after correction, before deductions.
 */
export function flagAbnormallyLow(rule: AbnormallyLowRule, bids: readonly { bidId: string; priceFen: number }[]): AbnormallyLowFlag[] {
  const t = new Dec(rule.belowMeanOfOthers);
  const sum = bids.reduce((s, b) => s.plus(b.priceFen), ZERO);
  const others = bids.length - 1;
  return bids.map((b) => {
    if (others === 0) return { bidId: b.bidId, meanOfOthersFen: null, thresholdFen: null, flagged: false };
    const rest = sum.minus(b.priceFen);
    return { bidId: b.bidId, meanOfOthersFen: rest.div(others), thresholdFen: rest.times(t).div(others), flagged: fen(b.priceFen).times(others).lt(rest.times(t)) };
  });
}
