/**
 * One evaluation, end to end (issue 22 §3): the frozen method and the committee's inputs in, a
 * deterministic JSON result out, so `ebid replay-evaluation` can recompute it from the signed sheets and
 * compare byte for byte. Money stays integer fen; every other decimal leaves as a fixed 2-dp string; bids are
 * listed by id, the ranking by rank then id, so the input's order does not matter.
 *
 * Stages:
 *  1. compliance review (majority per item; above the ceiling → rejected); a bid the committee found below
 *     cost (S7; ZTB §33) is rejected too;
 *  2. enough valid bids? GP < 3 → `failed` (O2; bids of one brand count as one, R87 §31); none → `failed`;
 *     engineering < 3 → flagged, goes on;
 *  3. policy deductions (S3) and, for 经评审的最低投标价法, the docs' monetary adjustments → evaluated price;
 *  4. abnormally low prices (S7): a flagged bid without the committee's recorded finding → `needs_explanation`;
 *  5. objective items agree (S5), every member's sheet complete → aggregate (S6);
 *  6. price score (S2 low-price-first | S4 base-price deviation), totals, ranking and ties (S9); GP: one
 *     candidate per brand (R87 §31).
 */
import { aggregateScores } from './aggregate.ts';
import { checkEnoughBids, reviewCompliance, type ComplianceFinding, type ComplianceItem } from './compliance.ts';
import { compareIds, Dec, fixed2, invalid, isFen, roundTo, yuan2, ZERO } from './decimal.ts';
import { isComprehensive, priceWeightFraction, validateMethod, type CriterionGroup, type EvaluationKind, type EvaluationMethodSpec } from './method.ts';
import { basePrice, checkK, checkPolicyClaim, deviationScores, flagAbnormallyLow, lowPriceFirstScores, policyDeduction, type Deduction, type PolicyClaim } from './price.ts';
import { rankBids, type DrawGroup, type RankedBid, type RankInput, type Ranking } from './rank.ts';
import { appliesSameBrand, BRAND_MAX, biddersFor, brandsOf } from './same-brand.ts';
import { objectiveDisagreements, type ScoreSheet } from './score-sheet.ts';

export interface EvaluationBid {
  id: string;
  /** the bid price after the R87 §59 correction the bidder confirmed (S8), or as read at opening; fen */
  priceFen: number;
  policy: PolicyClaim | null;
  /** eng.lowest_evaluated_price: the committee's amount per adjustment factor of the docs, fen (±) */
  adjustmentsFen: Record<string, number> | null;
  /** the committee's recorded outcome of a written explanation (S7; ZTB §33), null when none was needed */
  costFinding: 'justified' | 'below_cost' | null;
  /** GP: the brand of the core product as the committee recorded it (R87 §31, same-brand.ts); absent or null: none */
  brand?: string | null;
}

export interface EvaluationInput {
  /** the committee's current members (a replaced member's findings are void, E5) */
  members: string[];
  /** the price ceiling in fen, null when none */
  ceilingFen: number | null;
  /** the K drawn at opening (eng.comprehensive), a decimal string; null otherwise */
  k: string | null;
  bids: EvaluationBid[];
  compliance: ComplianceFinding[];
  /** one per member (comprehensive kinds); [] for the lowest-price kinds */
  sheets: ScoreSheet[];
}

export type CostCheck = 'not_flagged' | 'justified' | 'below_cost' | 'pending';

export interface BidResult {
  bidId: string;
  status: 'valid' | 'rejected';
  rejection: 'COMPLIANCE_FAILED' | 'ABOVE_CEILING' | 'BELOW_COST' | null;
  compliance: ComplianceItem[];
  priceFen: number;
  deduction: Deduction | null;
  /** Σ of the committee's monetary adjustments (eng.lowest_evaluated_price), null otherwise */
  adjustmentsFen: number | null;
  evaluatedPriceFen: number | null;
  /** S7 / ZTB §33: the not-below-cost state of the bid */
  costCheck: CostCheck;
  abnormallyLow: { meanOfOthersYuan: string; thresholdYuan: string } | null;
  deviationPercent: string | null;
  /** GP: base ÷ price × 100 before the weight */
  priceScoreRaw: string | null;
  priceScore: string | null;
  criteriaScore: string | null;
  groupScores: Partial<Record<CriterionGroup, string>> | null;
  /** the members whose totals were dropped by the trimmed mean (highest, lowest) */
  droppedMembers: string[];
  total: string | null;
  rank: number | null;
}

export interface EvaluationResult {
  kind: EvaluationKind;
  version: number;
  status: 'complete' | 'failed' | 'needs_explanation';
  /** why the evaluation stopped before ranking (`failed`, `needs_explanation`), null when complete */
  stopReason: { reason: string; rule: string | null; zh: string; en: string } | null;
  /** engineering with fewer than 3 valid bids: the committee may reject all (R12 §27, ZTB §42) */
  competitionMayBeLacking: boolean;
  k: string | null;
  /** eng.comprehensive: the base price × K; gp.comprehensive: the lowest evaluated price; yuan */
  basePriceYuan: string | null;
  /** the bids dropped from the base price as the highest and lowest (eng.comprehensive) */
  basePriceDropped: string[];
  bids: BidResult[];
  ranking: RankedBid[];
  needsDraw: DrawGroup[];
  candidates: Ranking['candidates'];
}

/** Checks the input against the method; returns the K drawn at opening (eng.comprehensive), else null. */
function checkInput(spec: EvaluationMethodSpec, input: EvaluationInput): Dec | null {
  const members = new Set<string>();
  if (!Array.isArray(input.members) || input.members.length === 0) throw invalid('MEMBERS_INVALID', 'members', '评审委员会成员不能为空', 'The committee has no member');
  for (const m of input.members) {
    if (typeof m !== 'string' || members.has(m)) throw invalid('MEMBERS_INVALID', 'members', '成员编号缺失或重复', 'A member id is missing or repeated', { member: m });
    members.add(m);
  }
  if (input.ceilingFen !== null && (!isFen(input.ceilingFen) || input.ceilingFen < 0)) throw invalid('CEILING_INVALID', 'ceilingFen', '最高限价应为以分计的非负整数', 'The ceiling must be a non-negative whole number of fen');
  const bids = new Set<string>();
  const factors = new Set(spec.kind === 'eng.lowest_evaluated_price' ? spec.adjustments.map((a) => a.id) : []);
  for (const b of input.bids) {
    if (typeof b.id !== 'string' || b.id === '' || bids.has(b.id)) throw invalid('BID_ID_DUPLICATE', 'bids', '投标编号缺失或重复', 'A bid id is missing or repeated', { bid: b.id });
    bids.add(b.id);
    if (b.policy !== null) checkPolicyClaim(b.policy, b.id);
    if (b.brand !== undefined && b.brand !== null) {
      if (!appliesSameBrand(spec.kind)) throw invalid('BRAND_NOT_APPLICABLE', `bids.${b.id}.brand`, '同品牌规则只适用于政府采购招标', 'The same-brand rule is for GP tenders only', { bid: b.id, rule: 'R87 §31' });
      if (typeof b.brand !== 'string' || b.brand.length > BRAND_MAX) throw invalid('BRAND_INVALID', `bids.${b.id}.brand`, `品牌应为不超过${BRAND_MAX}个字符的文本`, `A brand is text of at most ${BRAND_MAX} characters`, { bid: b.id });
    }
    if (b.costFinding !== null && b.costFinding !== 'justified' && b.costFinding !== 'below_cost') throw invalid('COST_FINDING_INVALID', `bids.${b.id}.costFinding`, '成本评审结论应为合理或低于成本', 'A cost finding is justified or below_cost', { bid: b.id });
    if (b.adjustmentsFen !== null) {
      if (spec.kind !== 'eng.lowest_evaluated_price') throw invalid('ADJUSTMENT_NOT_IN_METHOD', `bids.${b.id}.adjustmentsFen`, '该评标办法没有价格折算因素', 'This method has no monetary adjustments', { bid: b.id });
      for (const [f, v] of Object.entries(b.adjustmentsFen)) {
        if (!factors.has(f)) throw invalid('ADJUSTMENT_UNKNOWN_FACTOR', `bids.${b.id}.adjustmentsFen.${f}`, `招标文件没有该价格折算因素：${f}`, `The docs list no adjustment ${f}`, { bid: b.id, factor: f, rule: 'S1' });
        if (!isFen(v)) throw invalid('ADJUSTMENT_INVALID', `bids.${b.id}.adjustmentsFen.${f}`, '折算金额应为以分计的整数', 'An adjustment must be a whole number of fen', { bid: b.id, factor: f });
      }
    }
  }
  const k = spec.kind === 'eng.comprehensive' ? checkK(spec.basePrice, input.k) : null;
  if (k === null && input.k !== null) throw invalid('K_NOT_APPLICABLE', 'k', '该评标办法不使用K值', 'This method uses no K', { rule: 'S4' });
  if (!isComprehensive(spec) && input.sheets.length > 0) throw invalid('SHEETS_NOT_APPLICABLE', 'sheets', '该评标办法不打分', 'This method has no scored criteria');
  if (isComprehensive(spec)) {
    const seen = new Set<string>();
    for (const s of input.sheets) {
      if (!members.has(s.memberId)) throw invalid('SHEET_NOT_A_MEMBER', 'sheets', `${s.memberId} 不是本委员会的现任成员，其评分无效`, `${s.memberId} is not a current member: the sheet is void`, { member: s.memberId, rule: 'E5' });
      if (seen.has(s.memberId)) throw invalid('SHEET_DUPLICATE', 'sheets', `${s.memberId} 提交了两份评分表`, `${s.memberId} has two sheets`, { member: s.memberId });
      seen.add(s.memberId);
    }
    const missing = [...members].filter((m) => !seen.has(m)).sort(compareIds);
    if (missing.length > 0) throw invalid('SHEET_MISSING', 'sheets', `尚有成员未提交评分表：${missing.join('、')}`, `Members without a sheet: ${missing.join(', ')}`, { members: missing });
  }
  return k;
}

const fixed2OrNull = (d: Dec | null | undefined) => (d === null || d === undefined ? null : fixed2(d));

/** Evaluates a section by its frozen method (see the file comment for the stages). */
export function evaluate(specInput: EvaluationMethodSpec, input: EvaluationInput): EvaluationResult {
  const spec = validateMethod(specInput);
  const k = checkInput(spec, input);
  const bids = [...input.bids].sort((a, b) => compareIds(a.id, b.id));

  // 1. compliance review, ceiling, below cost
  const review = reviewCompliance(spec, { members: input.members, bids: bids.map((b) => ({ id: b.id, priceFen: b.priceFen })), ceilingFen: input.ceilingFen, findings: input.compliance });
  const undecided = review.filter((r) => r.passed === null);
  if (undecided.length > 0) {
    throw invalid('COMPLIANCE_UNDECIDED', 'compliance', '初步评审尚有未形成结论的事项', 'Some compliance items are not decided yet', {
      items: undecided.flatMap((r) => r.items.filter((i) => i.decision === 'undecided').map((i) => ({ bid: r.bidId, criterion: i.criterionId }))),
    });
  }
  const reviewed = new Map(review.map((r) => [r.bidId, r]));
  const results = new Map<string, BidResult>();
  for (const b of bids) {
    const r = reviewed.get(b.id)!;
    const rejection = r.aboveCeiling ? 'ABOVE_CEILING' : !r.passed ? 'COMPLIANCE_FAILED' : b.costFinding === 'below_cost' ? 'BELOW_COST' : null;
    results.set(b.id, {
      bidId: b.id,
      status: rejection === null ? 'valid' : 'rejected',
      rejection,
      compliance: r.items,
      priceFen: b.priceFen,
      deduction: null,
      adjustmentsFen: null,
      evaluatedPriceFen: null,
      costCheck: b.costFinding ?? 'not_flagged',
      abnormallyLow: null,
      deviationPercent: null,
      priceScoreRaw: null,
      priceScore: null,
      criteriaScore: null,
      groupScores: null,
      droppedMembers: [],
      total: null,
      rank: null,
    });
  }
  const valid = bids.filter((b) => results.get(b.id)!.status === 'valid');
  const result: EvaluationResult = {
    kind: spec.kind,
    version: spec.version,
    status: 'complete',
    stopReason: null,
    competitionMayBeLacking: false,
    k: k === null ? null : k.toString(),
    basePriceYuan: null,
    basePriceDropped: [],
    bids: [...results.values()],
    ranking: [],
    needsDraw: [],
    candidates: { count: spec.candidates, decided: [], complete: false },
  };

  // 2. enough bids (O2)
  // GP: same-brand bidders count as one (R87 §31)
  const enough = checkEnoughBids(spec.kind, biddersFor(spec.kind, valid));
  if (!enough.ok) return { ...result, status: 'failed', stopReason: { reason: enough.reason, rule: enough.rule, zh: enough.zh, en: enough.en } };
  result.competitionMayBeLacking = enough.competitionMayBeLacking;

  // 3. evaluated prices
  const priced = valid.map((b) => {
    const r = results.get(b.id)!;
    const { evaluatedPriceFen, deduction } = policyDeduction(spec, b.priceFen, b.policy);
    const adjustments = b.adjustmentsFen === null ? null : Object.values(b.adjustmentsFen).reduce((s, v) => s + v, 0);
    r.deduction = deduction;
    r.adjustmentsFen = spec.kind === 'eng.lowest_evaluated_price' ? (adjustments ?? 0) : null;
    r.evaluatedPriceFen = evaluatedPriceFen + (adjustments ?? 0);
    if (r.evaluatedPriceFen <= 0) throw invalid('EVALUATED_PRICE_INVALID', `bids.${b.id}.adjustmentsFen`, '评审价格应大于0', 'The evaluated price must be above 0', { bid: b.id });
    return { bidId: b.id, priceFen: b.priceFen, evaluatedPriceFen: r.evaluatedPriceFen };
  });

  // 4. abnormally low (S7)
  if (spec.abnormallyLow !== null) {
    let pending = false;
    for (const f of flagAbnormallyLow(spec.abnormallyLow, priced)) {
      if (!f.flagged) continue;
      const r = results.get(f.bidId)!;
      r.abnormallyLow = { meanOfOthersYuan: yuan2(f.meanOfOthersFen!), thresholdYuan: yuan2(f.thresholdFen!) };
      if (r.costCheck === 'not_flagged') {
        r.costCheck = 'pending';
        pending = true;
      }
    }
    if (pending) {
      return {
        ...result,
        status: 'needs_explanation',
        stopReason: { reason: 'ABNORMALLY_LOW_PENDING', rule: 'S7', zh: '有投标报价明显低于其他投标报价，须要求其书面说明并记录评审结论', en: 'A price is abnormally low: ask for a written explanation and record the finding' },
      };
    }
  }

  // 5–6. scores, price score, totals
  const rankInputs: RankInput[] = [];
  if (isComprehensive(spec)) {
    const validIds = valid.map((b) => b.id);
    const validSet = new Set(validIds);
    const disagreements = objectiveDisagreements(spec, input.sheets).filter((d) => validSet.has(d.bidId));
    if (disagreements.length > 0) {
      throw invalid('OBJECTIVE_DISAGREEMENT', 'sheets', '客观评审因素的评分不一致，须核对一致后再汇总', 'Members scored objective items differently: reconcile them first', { rule: 'S5', items: disagreements });
    }
    const aggregates = new Map(aggregateScores(spec, input.sheets, validIds).map((a) => [a.bidId, a]));
    const priceScores = new Map<string, { raw: Dec | null; score: Dec; dev: Dec | null }>();
    const weight = priceWeightFraction(spec);
    if (spec.kind === 'eng.comprehensive') {
      const base = basePrice(spec.basePrice, priced, k!);
      result.basePriceYuan = yuan2(base.baseFen);
      result.basePriceDropped = base.dropped;
      for (const d of deviationScores(spec.basePrice, base, priced, weight.times(100))) priceScores.set(d.bidId, { raw: null, score: d.score, dev: d.deviationPercent });
    } else if (!weight.isZero()) {
      const lp = lowPriceFirstScores(priced, weight);
      result.basePriceYuan = yuan2(new Dec(lp.baseFen));
      for (const s of lp.scores) priceScores.set(s.bidId, { raw: s.raw, score: roundTo(s.weighted, 2), dev: null });
    }
    for (const p of priced) {
      const r = results.get(p.bidId)!;
      const a = aggregates.get(p.bidId)!;
      const ps = priceScores.get(p.bidId);
      const criteria = roundTo(a.criteria.value, 2);
      const price = ps?.score ?? ZERO;
      const total = criteria.plus(price);
      const groups: Partial<Record<CriterionGroup, string>> = {};
      for (const g of Object.keys(a.groups).sort(compareIds) as CriterionGroup[]) groups[g] = fixed2(a.groups[g]!);
      r.criteriaScore = fixed2(criteria);
      r.groupScores = groups;
      r.droppedMembers = a.criteria.dropped;
      r.priceScore = ps ? fixed2(price) : null;
      r.priceScoreRaw = fixed2OrNull(ps?.raw);
      r.deviationPercent = fixed2OrNull(ps?.dev);
      r.total = fixed2(total);
      const technical = a.groups.technical;
      rankInputs.push({ bidId: p.bidId, values: { total, price: new Dec(p.priceFen), evaluatedPrice: new Dec(p.evaluatedPriceFen), technical: technical === undefined ? null : roundTo(technical, 2) } });
    }
  } else {
    for (const p of priced) rankInputs.push({ bidId: p.bidId, values: { evaluatedPrice: new Dec(p.evaluatedPriceFen), price: new Dec(p.priceFen) } });
  }

  const ranked = rankBids(spec.kind, rankInputs, spec.candidates, spec.lastResort, brandsOf(spec.kind, valid));
  for (const r of ranked.ranking) results.get(r.bidId)!.rank = r.rank;
  return { ...result, ranking: ranked.ranking, needsDraw: ranked.needsDraw, candidates: ranked.candidates };
}
