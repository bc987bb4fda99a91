import { describe, expect, it } from 'vitest';
import type { ComplianceFinding } from './compliance.ts';
import { evaluate, type EvaluationBid, type EvaluationInput, type EvaluationResult } from './evaluate.ts';
import type { EvaluationMethodSpec } from './method.ts';
import type { ScoreSheet } from './score-sheet.ts';
import { allPass, engComprehensive, engLowest, gpComprehensive, gpLowest, MEMBERS5, reasonOf, sheetOf, yuan } from './test-fixtures.ts';

const bid = (id: string, priceFen: number, over: Partial<EvaluationBid> = {}): EvaluationBid => ({ id, priceFen, policy: null, adjustmentsFen: null, costFinding: null, ...over });
const byId = (r: EvaluationResult, id: string) => r.bids.find((b) => b.bidId === id)!;
const MEMBERS7 = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7'];

// ── engineering 综合评估法: the domain §3.2 prices, K = 0.98, 5 members, trimmed mean ──
const ENG_PRICES: Record<string, number> = { b1: 1_000_000, b2: 950_000, b3: 900_000, b4: 1_050_000, b5: 980_000 };
/** The same scores from every member, except b1's T1, which m4 and m5 score high and low. */
const ENG_SCORES: Record<string, Record<string, string>> = {
  b1: { T1: '20', T2: '8', C1: '4' },
  b2: { T1: '18', T2: '7.5', C1: '3' },
  b3: { T1: '22', T2: '9', C1: '5' },
  b4: { T1: '25', T2: '10', C1: '5' },
  b5: { T1: '15', T2: '6', C1: '2' },
};
function engSheets(members = MEMBERS5): ScoreSheet[] {
  return members.map((m) => sheetOf(m, { ...ENG_SCORES, b1: { ...ENG_SCORES.b1!, T1: m === 'm4' ? '25' : m === 'm5' ? '10' : '20' } }));
}
function engInput(over: Partial<EvaluationInput> = {}): EvaluationInput {
  const ids = Object.keys(ENG_PRICES);
  return {
    members: MEMBERS5,
    ceilingFen: yuan(1_100_000),
    k: '0.98',
    bids: ids.map((id) => bid(id, yuan(ENG_PRICES[id]!))),
    compliance: allPass(MEMBERS5, ids),
    sheets: engSheets(),
    ...over,
  };
}

describe('evaluate eng.comprehensive: the §3.2 vector end to end (S4, S6, S9)', () => {
  const spec = engComprehensive();
  const r = evaluate(spec, engInput());

  it('S4 vector (K = 0.98): base 957,133.33, the deviations and price scores of domain §3.2', () => {
    expect(r.status).toBe('complete');
    expect(r.k).toBe('0.98');
    expect(r.basePriceYuan).toBe('957133.33');
    expect(r.basePriceDropped).toEqual(['b4', 'b3']);
    expect(r.bids.map((b) => b.deviationPercent)).toEqual(['4.48', '-0.75', '-5.97', '9.70', '2.39']);
    expect(r.bids.map((b) => b.priceScore)).toEqual(['55.52', '59.63', '57.02', '50.30', '57.61']);
  });

  it('S6: the trimmed mean drops m4 (37) and m5 (22) for b1: criteria 32.00, not the plain 31.00', () => {
    expect(byId(r, 'b1')).toMatchObject({ criteriaScore: '32.00', droppedMembers: ['m4', 'm5'], total: '87.52', groupScores: { commercial: '4.00', technical: '28.00' } });
    const plain = evaluate(engComprehensive({ aggregation: { mode: 'mean' } }), engInput());
    expect(byId(plain, 'b1')).toMatchObject({ criteriaScore: '31.00', droppedMembers: [], total: '86.52' });
  });

  it('S9: ranked by total; at most 3 candidates (A1)', () => {
    expect(r.bids.map((b) => [b.bidId, b.total, b.rank])).toEqual([
      ['b1', '87.52', 4],
      ['b2', '88.13', 3],
      ['b3', '93.02', 1],
      ['b4', '90.30', 2],
      ['b5', '80.61', 5],
    ]);
    expect(r.candidates).toEqual({ count: 3, decided: ['b3', 'b4', 'b2'], complete: true });
    expect(r.needsDraw).toEqual([]);
    expect(r.competitionMayBeLacking).toBe(false);
  });

  it('S4 K = 1.00 gives the first row of the vector', () => {
    const k1 = evaluate(spec, engInput({ k: '1.00' }));
    expect(k1.basePriceYuan).toBe('976666.67');
    expect(k1.bids.map((b) => b.priceScore)).toEqual(['57.61', '58.64', '56.08', '52.49', '59.66']);
  });

  it('a bid above the ceiling is rejected and leaves the base price (S7, ZTBT §51)', () => {
    const out = evaluate(spec, engInput({ ceilingFen: yuan(1_049_999) }));
    expect(byId(out, 'b4')).toMatchObject({ status: 'rejected', rejection: 'ABOVE_CEILING', total: null, rank: null });
    // 4 valid: drop 1,000,000 and 900,000 → (950,000 + 980,000) / 2 × 0.98
    expect(out.basePriceYuan).toBe('945700.00');
  });

  it('engineering with 2 valid bids goes on, flagged (the committee may reject all, R12 §27)', () => {
    const failing: ComplianceFinding[] = allPass(MEMBERS5, ['b1', 'b2', 'b3', 'b4', 'b5']).map((f) => (['b1', 'b2', 'b3'].includes(f.bidId) && f.criterionId === 'Q1' ? { ...f, pass: false, reason: '无有效资质' } : f));
    const out = evaluate(spec, engInput({ compliance: failing }));
    expect(out.status).toBe('complete');
    expect(out.competitionMayBeLacking).toBe(true);
    expect(out.ranking.map((x) => x.bidId)).toEqual(['b4', 'b5']);
  });
});

// ── GP 综合评分法: the domain §3.2 GP prices, weight 30%, 7 members, plain mean, SME deduction ──
const GP_IDS = ['g1', 'g2', 'g3'];
const gpSheets = (members = MEMBERS7) => members.map((m) => sheetOf(m, { g1: { T1: '25', T2: '15', C1: '15' }, g2: { T1: '26', T2: '16', C1: '15' }, g3: { T1: '24.5', T2: '17.5', C1: '15' } }));
function gpInput(over: Partial<EvaluationInput> = {}): EvaluationInput {
  return {
    members: MEMBERS7,
    ceilingFen: 1_000_000_000,
    k: null,
    bids: [bid('g1', yuan(480_000)), bid('g2', yuan(500_000)), bid('g3', yuan(520_000))],
    compliance: allPass(MEMBERS7, GP_IDS),
    sheets: gpSheets(),
    ...over,
  };
}

describe('evaluate gp.comprehensive (S2, S3, O2, S7)', () => {
  const spec = gpComprehensive();

  it('S2 vector: 480k / 500k / 520k at 30% → raw 100.00 / 96.00 / 92.31, weighted 30.00 / 28.80 / 27.69', () => {
    const r = evaluate(spec, gpInput());
    expect(r.basePriceYuan).toBe('480000.00');
    expect(r.bids.map((b) => b.priceScoreRaw)).toEqual(['100.00', '96.00', '92.31']);
    expect(r.bids.map((b) => b.priceScore)).toEqual(['30.00', '28.80', '27.69']);
    expect(r.bids.map((b) => b.total)).toEqual(['85.00', '85.80', '84.69']);
    expect(r.ranking.map((x) => x.bidId)).toEqual(['g2', 'g1', 'g3']);
  });

  it('S2 vector under 磋商 at 40%: 40.00 / 38.40 / 36.92', () => {
    const consult = gpComprehensive({ procedure: 'consultation', weights: { scale: 'fraction', price: '0.40', groups: { technical: '0.40', commercial: '0.20' } } });
    expect(evaluate(consult, gpInput()).bids.map((b) => b.priceScore)).toEqual(['40.00', '38.40', '36.92']);
  });

  it('S3: an SME’s 10% deduction applies before the base and its own score (520k → 468k is the base)', () => {
    const r = evaluate(spec, gpInput({ bids: [bid('g1', yuan(480_000)), bid('g2', yuan(500_000)), bid('g3', yuan(520_000), { policy: { kind: 'sme', smeShare: null, evidence: 'sha256:aa' } })] }));
    expect(r.basePriceYuan).toBe('468000.00');
    expect(byId(r, 'g3')).toMatchObject({ evaluatedPriceFen: yuan(468_000), priceFen: yuan(520_000), priceScore: '30.00', deduction: { applied: true, amountFen: yuan(52_000), rate: '0.10', evidence: 'sha256:aa' } });
    expect(r.bids.map((b) => b.priceScore)).toEqual(['29.25', '28.08', '30.00']);
  });

  it('S9: equal totals → the lower bid price (not the deducted one) first; then a draw', () => {
    const same = MEMBERS7.map((m) => sheetOf(m, { g1: { T1: '20', T2: '10', C1: '10' }, g2: { T1: '20', T2: '10', C1: '10' }, g3: { T1: '20', T2: '10', C1: '10' } }));
    const fixedPrice = gpComprehensive({ fixedPrice: true, weights: { scale: 'fraction', price: '0', groups: { technical: '0.80', commercial: '0.20' } } });
    const r = evaluate(fixedPrice, gpInput({ sheets: same, bids: [bid('g1', yuan(500_000)), bid('g2', yuan(480_000)), bid('g3', yuan(500_000))] }));
    expect(r.bids.map((b) => b.priceScore)).toEqual([null, null, null]);
    expect(r.basePriceYuan).toBeNull();
    expect(r.ranking).toEqual([
      { rank: 1, bidId: 'g2', decidedBy: 'price' },
      { rank: 2, bidId: 'g1', decidedBy: null },
      { rank: 2, bidId: 'g3', decidedBy: null },
    ]);
    expect(r.needsDraw).toEqual([{ rank: 2, bidIds: ['g1', 'g3'], seats: 2, resolution: 'random_draw' }]);
    expect(r.candidates).toEqual({ count: 3, decided: ['g2'], complete: false });
  });

  it.each([
    [2, 'failed', 'GP_FEWER_THAN_THREE'],
    [3, 'complete', null],
  ])('O2: %i responsive bids → %s', (n, status, reason) => {
    const ids = ['g1', 'g2', 'g3', 'g4'];
    const compliance = allPass(MEMBERS7, ids).map((f) => (ids.indexOf(f.bidId) >= n && f.criterionId === 'R1' ? { ...f, pass: false, reason: '投标有效期不足' } : f));
    const r = evaluate(spec, gpInput({ bids: [...gpInput().bids, bid('g4', yuan(510_000))], compliance, sheets: MEMBERS7.map((m) => sheetOf(m, { g1: { T1: '1', T2: '1', C1: '1' }, g2: { T1: '1', T2: '1', C1: '1' }, g3: { T1: '1', T2: '1', C1: '1' }, g4: { T1: '1', T2: '1', C1: '1' } })) }));
    expect(r.status).toBe(status);
    expect(r.stopReason?.reason ?? null).toBe(reason);
    if (r.status === 'failed') {
      expect(r.stopReason?.rule).toBe('O2');
      expect(r.ranking).toEqual([]);
      expect(r.bids.filter((b) => b.status === 'rejected').map((b) => b.rejection)).toEqual(['COMPLIANCE_FAILED', 'COMPLIANCE_FAILED']);
    }
  });

  describe('S7: an abnormally low price waits for the committee’s recorded finding', () => {
    // g1's others: (500,000 + 520,000 + 505,000) / 3 = 508,333.33 × 0.8 = 406,666.67: 400,000 is flagged
    const low = (costFinding: 'justified' | 'below_cost' | null) => gpInput({ bids: [bid('g1', yuan(400_000), { costFinding }), bid('g2', yuan(500_000)), bid('g3', yuan(520_000)), bid('g4', yuan(505_000))], compliance: allPass(MEMBERS7, [...GP_IDS, 'g4']), sheets: MEMBERS7.map((m) => sheetOf(m, { g1: { T1: '1', T2: '1', C1: '1' }, g2: { T1: '1', T2: '1', C1: '1' }, g3: { T1: '1', T2: '1', C1: '1' }, g4: { T1: '1', T2: '1', C1: '1' } })) });
    it.each<[string, 'justified' | 'below_cost' | null, string, string, string | null]>([
      ['no finding yet → needs_explanation', null, 'needs_explanation', 'pending', null],
      ['explained and accepted → evaluated', 'justified', 'complete', 'justified', null],
      ['found below cost → rejected, the rest evaluated', 'below_cost', 'complete', 'below_cost', 'BELOW_COST'],
    ])('%s', (_n, finding, status, costCheck, rejection) => {
      const r = evaluate(spec, low(finding));
      expect(r.status).toBe(status);
      expect(byId(r, 'g1')).toMatchObject({ costCheck, rejection });
      if (finding !== 'below_cost') expect(byId(r, 'g1').abnormallyLow).toEqual({ meanOfOthersYuan: '508333.33', thresholdYuan: '406666.67' });
      if (status === 'needs_explanation') expect(r.stopReason).toMatchObject({ reason: 'ABNORMALLY_LOW_PENDING', rule: 'S7' });
    });
  });
});

describe('evaluate eng.lowest_evaluated_price and gp.lowest_price', () => {
  const ids = ['e1', 'e2', 'e3'];
  const input = (over: Partial<EvaluationInput> = {}): EvaluationInput => ({
    members: MEMBERS5,
    ceilingFen: null,
    k: null,
    bids: [bid('e1', yuan(1_000_000), { adjustmentsFen: { A1: yuan(20_000) } }), bid('e2', yuan(1_010_000), { adjustmentsFen: { A1: yuan(10_000) } }), bid('e3', yuan(1_030_000))],
    compliance: allPass(MEMBERS5, ids),
    sheets: [],
    ...over,
  });

  it('经评审的最低投标价法: evaluated price = price + the docs’ adjustments; equal → lower bid price; then the tenderee', () => {
    const r = evaluate(engLowest(), input());
    expect(r.bids.map((b) => [b.bidId, b.evaluatedPriceFen, b.adjustmentsFen, b.rank, b.costCheck])).toEqual([
      ['e1', yuan(1_020_000), yuan(20_000), 1, 'not_flagged'],
      ['e2', yuan(1_020_000), yuan(10_000), 2, 'not_flagged'],
      ['e3', yuan(1_030_000), 0, 3, 'not_flagged'],
    ]);
    expect(r.ranking.slice(0, 2)).toEqual([
      { rank: 1, bidId: 'e1', decidedBy: 'price' },
      { rank: 2, bidId: 'e2', decidedBy: 'price' },
    ]);
    const tied = evaluate(engLowest(), input({ bids: [bid('e1', yuan(1_000_000)), bid('e2', yuan(1_000_000)), bid('e3', yuan(1_030_000))] }));
    expect(tied.needsDraw).toEqual([{ rank: 1, bidIds: ['e1', 'e2'], seats: 2, resolution: 'tenderee_decides' }]);
  });

  it('ZTB §33/§41: the lowest price must not be below cost — an abnormally low one waits for the finding', () => {
    // others' mean 1,020,000 × 0.85 = 867,000: 860,000 is flagged
    const r = evaluate(engLowest(), input({ bids: [bid('e1', yuan(860_000)), bid('e2', yuan(1_010_000)), bid('e3', yuan(1_030_000))] }));
    expect(r.status).toBe('needs_explanation');
    expect(byId(r, 'e1').costCheck).toBe('pending');
    const justified = evaluate(engLowest(), input({ bids: [bid('e1', yuan(860_000), { costFinding: 'justified' }), bid('e2', yuan(1_010_000)), bid('e3', yuan(1_030_000))] }));
    expect(justified.candidates.decided[0]).toBe('e1');
    expect(byId(justified, 'e1').costCheck).toBe('justified');
  });

  it('最低评标价法: SME 20% deducted, ranked by the evaluated price, one candidate', () => {
    const r = evaluate(gpLowest(), input({ bids: [bid('e1', yuan(1_000_000)), bid('e2', yuan(1_200_000), { policy: { kind: 'sme', smeShare: null, evidence: 'decl' } }), bid('e3', yuan(1_030_000))] }));
    expect(r.bids.map((b) => b.evaluatedPriceFen)).toEqual([yuan(1_000_000), yuan(960_000), yuan(1_030_000)]);
    expect(r.candidates).toEqual({ count: 1, decided: ['e2'], complete: true });
    expect(r.bids.every((b) => b.total === null && b.priceScore === null)).toBe(true);
  });
});

describe('evaluate is deterministic: the same inputs in any order give the same bytes (replay)', () => {
  it('shuffled bids, members, findings and sheets → an identical JSON string', () => {
    const a = evaluate(engComprehensive(), engInput());
    const input = engInput();
    const shuffled: EvaluationInput = {
      ...input,
      members: [...input.members].reverse(),
      bids: [input.bids[3]!, input.bids[0]!, input.bids[4]!, input.bids[2]!, input.bids[1]!],
      compliance: [...input.compliance].reverse(),
      sheets: [...input.sheets].reverse().map((s) => ({ ...s, scores: [...s.scores].reverse() })),
    };
    const b = evaluate(JSON.parse(JSON.stringify(engComprehensive())) as EvaluationMethodSpec, shuffled);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
  });

  it('an altered score changes the result (a replay with a tampered sheet does not match)', () => {
    const sheets = engSheets();
    sheets[2] = { ...sheets[2]!, scores: sheets[2]!.scores.map((s) => (s.bidId === 'b1' && s.criterionId === 'T1' ? { ...s, score: '21' } : s)) };
    expect(JSON.stringify(evaluate(engComprehensive(), engInput({ sheets })))).not.toBe(JSON.stringify(evaluate(engComprehensive(), engInput())));
  });
});

describe('evaluate: bad input is refused with its reason', () => {
  const eng = engComprehensive();
  const disagree = engSheets().map((s) => (s.memberId === 'm2' ? { ...s, scores: s.scores.map((e) => (e.bidId === 'b3' && e.criterionId === 'C1' ? { ...e, score: '4' } : e)) } : s));
  it.each<[string, EvaluationMethodSpec, Partial<EvaluationInput>, string]>([
    ['S5: objective items that disagree', eng, { sheets: disagree }, 'OBJECTIVE_DISAGREEMENT'],
    ['a member without a sheet', eng, { sheets: engSheets().slice(1) }, 'SHEET_MISSING'],
    ['E5: a sheet by a replaced member', eng, { sheets: [...engSheets(), ...engSheets(['m9'])] }, 'SHEET_NOT_A_MEMBER'],
    ['two sheets of one member', eng, { sheets: [...engSheets(), ...engSheets(['m1'])] }, 'SHEET_DUPLICATE'],
    ['a score out of range', eng, { sheets: engSheets().map((s) => ({ ...s, scores: s.scores.map((e) => (e.criterionId === 'T2' ? { ...e, score: '10.5' } : e)) })) }, 'SCORE_OUT_OF_RANGE'],
    ['a score with one decimal too many', eng, { sheets: engSheets().map((s) => ({ ...s, scores: s.scores.map((e) => (e.criterionId === 'T1' ? { ...e, score: '20.25' } : e)) })) }, 'SCORE_TOO_MANY_DECIMALS'],
    ['no K for the base-price method', eng, { k: null }, 'K_MISSING'],
    ['a K outside the frozen range', eng, { k: '0.9' }, 'K_OUT_OF_RANGE'],
    ['a K for a method without one', gpComprehensive(), { k: '0.98' }, 'K_NOT_APPLICABLE'],
    ['sheets for a lowest-price method', engLowest(), { k: null }, 'SHEETS_NOT_APPLICABLE'],
    ['undecided compliance items', eng, { compliance: allPass(MEMBERS5, ['b1', 'b2', 'b3', 'b4']) }, 'COMPLIANCE_UNDECIDED'],
    ['a repeated bid id', eng, { bids: [...engInput().bids, bid('b1', 1)] }, 'BID_ID_DUPLICATE'],
    ['an adjustment the docs do not list', engLowest(), { k: null, sheets: [], bids: engInput().bids.map((b) => ({ ...b, adjustmentsFen: { X1: 1 } })) }, 'ADJUSTMENT_UNKNOWN_FACTOR'],
    ['an adjustment under a scoring method', eng, { bids: engInput().bids.map((b) => ({ ...b, adjustmentsFen: { A1: 1 } })) }, 'ADJUSTMENT_NOT_IN_METHOD'],
    ['an adjustment in yuan with decimals', engLowest(), { k: null, sheets: [], bids: engInput().bids.map((b) => ({ ...b, adjustmentsFen: { A1: 1.5 } })) }, 'ADJUSTMENT_INVALID'],
    ['an adjustment that takes the price to 0', engLowest(), { k: null, sheets: [], bids: engInput().bids.map((b) => ({ ...b, adjustmentsFen: { A1: -b.priceFen } })) }, 'EVALUATED_PRICE_INVALID'],
    ['a cost finding of another word', eng, { bids: engInput().bids.map((b) => ({ ...b, costFinding: 'ok' as 'justified' })) }, 'COST_FINDING_INVALID'],
    ['a policy claim without evidence', eng, { bids: engInput().bids.map((b) => ({ ...b, policy: { kind: 'sme' as const, smeShare: null, evidence: '' } })) }, 'POLICY_EVIDENCE_MISSING'],
    ['no member', eng, { members: [] }, 'MEMBERS_INVALID'],
    ['a repeated member', eng, { members: ['m1', 'm1'] }, 'MEMBERS_INVALID'],
    ['a negative ceiling', eng, { ceilingFen: -1 }, 'CEILING_INVALID'],
    ['a price in yuan with decimals', eng, { bids: engInput().bids.map((b, i) => (i === 0 ? { ...b, priceFen: 1000.5 } : b)) }, 'PRICE_INVALID'],
    ['an invalid method', engComprehensive({ candidates: 5 }), {}, 'CANDIDATES_INVALID'],
  ])('%s → %s', (_n, spec, over, reason) => {
    expect(reasonOf(() => evaluate(spec, engInput(over)))).toBe(reason);
  });
});

// ── R87 §31: same-brand bidders count as one; only the best of a brand may be recommended ──
describe('evaluate, the same-brand rule (R87 §31)', () => {
  const spec = gpComprehensive();
  const four = (brands: (string | null)[]) => {
    const ids = ['g1', 'g2', 'g3', 'g4'];
    const prices = [480_000, 500_000, 520_000, 510_000];
    return gpInput({
      bids: ids.map((id, i) => bid(id, yuan(prices[i]!), { brand: brands[i] })),
      compliance: allPass(MEMBERS7, ids),
      sheets: MEMBERS7.map((m) => sheetOf(m, { g1: { T1: '25', T2: '15', C1: '15' }, g2: { T1: '26', T2: '16', C1: '15' }, g3: { T1: '24.5', T2: '17.5', C1: '15' }, g4: { T1: '20', T2: '10', C1: '10' } })),
    });
  };

  it.each<[string, (string | null)[], 'complete' | 'failed']>([
    ['4 valid bids, 4 brands → 4 bidders', ['华为', '中兴', '新华三', '浪潮'], 'complete'],
    ['4 valid bids, 3 brands → 3 bidders', ['华为', '中兴', '华为', '浪潮'], 'complete'],
    ['华为 and HUAWEI are different words: 3 brands → 3 bidders', ['华为', '中兴', 'HUAWEI', 'huawei'], 'complete'],
    ['4 valid bids of 2 brands written differently (NFKC, case, spaces) → 2 bidders: fewer than 3 (O2, CG §36)', ['ＨＵＡＷＥＩ', ' Huawei ', 'huawei', '中兴'], 'failed'],
    ['no brand recorded → each bid is a bidder', [null, null, null, ''], 'complete'],
  ])('O2 counts bidders by brand: %s', (_n, brands, status) => {
    expect(evaluate(spec, four(brands)).status).toBe(status);
  });

  it('综合评分法: a lower-ranked bid of a brand already ranked is no candidate; it keeps its score and rank', () => {
    // totals: g2 85.80 > g1 85.00 > g3 84.69 > g4 (lowest); g1 and g3 are both 华为
    const r = evaluate(spec, four(['华为', '中兴', '华为', '浪潮']));
    expect(r.ranking.map((x) => x.bidId)).toEqual(['g2', 'g1', 'g3', 'g4']);
    expect(r.candidates).toEqual({ count: 3, decided: ['g2', 'g1', 'g4'], complete: true, sameBrand: ['g3'] });
    expect(byId(r, 'g3')).toMatchObject({ status: 'valid', rank: 3, total: '84.69' });
  });

  it('最低评标价法: only the lowest price of a brand is recommended', () => {
    const ids = ['e1', 'e2', 'e3', 'e4'];
    const r = evaluate(gpLowest(), {
      members: MEMBERS5,
      ceilingFen: null,
      k: null,
      bids: [bid('e1', yuan(1_000_000), { brand: '联想' }), bid('e2', yuan(990_000), { brand: '联想' }), bid('e3', yuan(1_010_000), { brand: '戴尔' }), bid('e4', yuan(1_020_000), { brand: '惠普' })],
      compliance: allPass(MEMBERS5, ids),
      sheets: [],
    });
    expect(r.ranking.map((x) => x.bidId)).toEqual(['e2', 'e1', 'e3', 'e4']);
    expect(r.candidates).toEqual({ count: gpLowest().candidates, decided: ['e2', 'e3', 'e4'].slice(0, gpLowest().candidates), complete: true, sameBrand: ['e1'] });
  });

  it('a tie between two bids of one brand fills one seat: the docs’ rule or a draw picks it (S9)', () => {
    const ids = ['e1', 'e2', 'e3', 'e4'];
    const r = evaluate(gpLowest(), {
      members: MEMBERS5,
      ceilingFen: null,
      k: null,
      bids: [bid('e1', yuan(990_000), { brand: '联想' }), bid('e2', yuan(990_000), { brand: '联想' }), bid('e3', yuan(1_010_000), { brand: '戴尔' }), bid('e4', yuan(1_020_000), { brand: '惠普' })],
      compliance: allPass(MEMBERS5, ids),
      sheets: [],
    });
    expect(r.needsDraw).toEqual([{ rank: 1, bidIds: ['e1', 'e2'], seats: 1, resolution: gpLowest().lastResort }]);
    expect(r.candidates.decided).toEqual([]);
    expect(r.candidates.complete).toBe(false);
    expect(r.candidates.sameBrand).toBeUndefined();
  });

  it('without brands the result is what it was (no sameBrand field): results recorded before the rule replay the same', () => {
    expect(evaluate(spec, gpInput()).candidates).toEqual({ count: 3, decided: ['g2', 'g1', 'g3'], complete: true });
  });

  it('bad input: a brand under an engineering method, or longer than 100 characters', () => {
    expect(() => evaluate(engComprehensive(), engInput({ bids: engInput().bids.map((b, i) => (i === 0 ? { ...b, brand: '华为' } : b)) }))).toThrow(/same-brand rule is for GP tenders only/);
    expect(() => evaluate(spec, four(['x'.repeat(101), null, null, null]))).toThrow(/at most 100 characters/);
  });
});
