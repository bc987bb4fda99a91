import { describe, expect, it } from 'vitest';
import { Dec, fixed2, yuan2 } from './decimal.ts';
import { basePrice, checkK, checkPolicyClaim, deviationScores, flagAbnormallyLow, lowPriceFirstScores, policyDeduction, type PolicyClaim } from './price.ts';
import { engComprehensive, gpComprehensive, reasonOf, yuan } from './test-fixtures.ts';

const rule = engComprehensive().basePrice;
const asBids = (prices: number[]) => prices.map((p, i) => ({ bidId: `b${i + 1}`, evaluatedPriceFen: yuan(p), priceFen: yuan(p) }));
const F = new Dec(60);

describe('S4 base-price deviation: the domain §3.2 vectors (F = 60, E1 = 1, E2 = 0.5)', () => {
  const prices = asBids([1_000_000, 950_000, 900_000, 1_050_000, 980_000]);
  it.each([
    ['1.00', '976666.67', ['2.39', '-2.73', '-7.85', '7.51', '0.34'], ['57.61', '58.64', '56.08', '52.49', '59.66']],
    ['0.98', '957133.33', ['4.48', '-0.75', '-5.97', '9.70', '2.39'], ['55.52', '59.63', '57.02', '50.30', '57.61']],
  ])('S4 vector: K = %s → base %s, deviations %j, scores %j', (k, base, devs, scores) => {
    const b = basePrice({ ...rule, kRange: { min: '0.95', max: '1' } }, prices, new Dec(k));
    expect(yuan2(b.baseFen)).toBe(base);
    expect(b.dropped).toEqual(['b4', 'b3']);
    const out = deviationScores(rule, b, prices, F);
    expect(out.map((d) => fixed2(d.deviationPercent))).toEqual(devs);
    expect(out.map((d) => fixed2(d.score))).toEqual(scores);
  });

  it('S4: K multiplies the UNROUNDED mean (976,666.666… × 0.98 = 957,133.33; the rounded mean would give 957,133.34)', () => {
    expect(yuan2(new Dec('976666.67').times('0.98').times(100))).toBe('957133.34');
    expect(yuan2(basePrice(rule, prices, new Dec('0.98')).baseFen)).toBe('957133.33');
  });

  it('S4 determinism: the same inputs in another order give the same base, deviations and scores', () => {
    const reversed = [...prices].reverse();
    const a = deviationScores(rule, basePrice(rule, prices, new Dec('0.98')), prices, F);
    const b = deviationScores(rule, basePrice(rule, reversed, new Dec('0.98')), reversed, F);
    const byId = (xs: typeof a) => Object.fromEntries(xs.map((x) => [x.bidId, [fixed2(x.deviationPercent), fixed2(x.score)]]));
    expect(byId(b)).toEqual(byId(a));
  });
});

describe('S4 base-price strategies', () => {
  it.each([
    ['drop_extremes_mean, 3 bids: the plain mean', 'drop_extremes_mean', [900_000, 1_000_000, 1_100_000], '1000000.00', []],
    ['drop_extremes_mean, 4 bids: one highest and one lowest dropped', 'drop_extremes_mean', [900_000, 1_000_000, 1_010_000, 1_100_000], '1005000.00', ['b4', 'b1']],
    ['drop_extremes_mean, equal extremes: only ONE of each dropped (the smallest id)', 'drop_extremes_mean', [900_000, 900_000, 1_000_000, 1_100_000, 1_100_000], '1000000.00', ['b4', 'b1']],
    ['mean, 5 bids: nothing dropped', 'mean', [1_000_000, 950_000, 900_000, 1_050_000, 980_000], '976000.00', []],
  ])('%s', (_n, strategy, ps, base, dropped) => {
    const b = basePrice({ ...rule, strategy }, asBids(ps), new Dec(1));
    expect(yuan2(b.baseFen)).toBe(base);
    expect(b.dropped).toEqual(dropped);
  });

  it('an unknown strategy or version → BASE_STRATEGY_UNKNOWN', () => {
    expect(reasonOf(() => basePrice({ ...rule, strategy: 'second_lowest' }, asBids([1, 2, 3]), new Dec(1)))).toBe('BASE_STRATEGY_UNKNOWN');
    expect(reasonOf(() => basePrice({ ...rule, version: 2 }, asBids([1, 2, 3]), new Dec(1)))).toBe('BASE_STRATEGY_UNKNOWN');
  });
});

describe('S4 rounding: a deviation on a tie at the 4th place rounds away from zero', () => {
  // mean of 972,650 / 1,027,350 / 1,000,000 = 1,000,000 exactly → deviations −2.735 %, +2.735 %, 0
  const ps = asBids([972_650, 1_027_350, 1_000_000]);
  it.each([
    ['b1', '-2.74', '58.63', '−0.02735 → −0.0274 (a float Math.round would give −0.0273)'],
    ['b2', '2.74', '57.26', '+0.02735 → +0.0274'],
    ['b3', '0.00', '60.00', 'on the base: full points'],
  ])('%s: deviation %s %%, score %s (%s)', (id, dev, score) => {
    const out = deviationScores(rule, basePrice(rule, ps, new Dec(1)), ps, F).find((d) => d.bidId === id)!;
    expect(fixed2(out.deviationPercent)).toBe(dev);
    expect(fixed2(out.score)).toBe(score);
  });

  it('a score never falls below 0 (F − 88.89 × 1 → 0.00)', () => {
    const far = asBids([1_000_000, 1_000_000, 3_400_000]);
    const out = deviationScores(rule, basePrice(rule, far, new Dec(1)), far, F);
    expect(fixed2(out[2]!.score)).toBe('0.00');
  });
});

describe('S4 K drawn at opening: checked against the frozen range [0.95, 1] and choices', () => {
  it.each<[unknown, string | null, string]>([
    ['0.95', null, 'the lower edge'],
    ['1', null, 'the upper edge'],
    ['1.00', null, 'the upper edge written with decimals'],
    ['0.9499', 'K_OUT_OF_RANGE', 'just below'],
    ['1.0001', 'K_OUT_OF_RANGE', 'just above'],
    [null, 'K_MISSING', 'no K'],
    [0.98, 'K_MISSING', 'a float is not a K'],
  ])('K %s → %s (%s)', (k, reason) => {
    expect(reasonOf(() => checkK(rule, k))).toBe(reason);
  });

  it.each([
    ['0.985', null],
    ['0.9975', null],
    ['0.99', 'K_NOT_A_CHOICE'],
  ])('with the 浮动点 choices 1 − {1.5%, 1.25%, …, 0.25%}: K %s → %s', (k, reason) => {
    const choices = { ...rule, kRange: { min: '0.985', max: '0.9975' }, kChoices: ['0.985', '0.9875', '0.99', '0.9925', '0.995', '0.9975'].filter((c) => c !== '0.99') };
    expect(reasonOf(() => checkK(choices, k))).toBe(reason);
  });
});

describe('S2 low-price-first (R87 §55): the domain §3.2 GP vector', () => {
  const bids = asBids([480_000, 500_000, 520_000]);
  it.each([
    ['招标 goods, weight 30%', '0.30', ['100.00', '96.00', '92.31'], ['30.00', '28.80', '27.69']],
    ['磋商, weight 40%', '0.40', ['100.00', '96.00', '92.31'], ['40.00', '38.40', '36.92']],
  ])('S2 vector: %s → raw %j, weighted %j', (_n, weight, raw, weighted) => {
    const out = lowPriceFirstScores(bids, new Dec(weight));
    expect(out.baseFen).toBe(yuan(480_000));
    expect(out.scores.map((s) => fixed2(s.raw))).toEqual(raw);
    expect(out.scores.map((s) => fixed2(s.weighted))).toEqual(weighted);
  });

  it('S2: neither the highest nor the lowest price is dropped (a single bid scores full points)', () => {
    expect(lowPriceFirstScores(asBids([520_000]), new Dec('0.3')).scores.map((s) => fixed2(s.weighted))).toEqual(['30.00']);
  });
});

describe('S3 policy deductions before the base price and each price', () => {
  const gp = gpComprehensive();
  const sme: PolicyClaim = { kind: 'sme', smeShare: null, evidence: 'sha256:decl' };
  it.each<[string, PolicyClaim | null, number, number, string | null]>([
    ['no claim', null, 1_000_000_00, 1_000_000_00, null],
    ['SME 10%', sme, 1_000_000_00, 900_000_00, 'APPLIED'],
    ['SME 10% of 1,234.57 yuan: 123.457 → 123.46 (half-up to the fen)', sme, 123_457, 111_111, 'APPLIED'],
    ['consortium, SME share 30% (以上 includes it): 4%', { kind: 'consortium_sme', smeShare: '0.30', evidence: 'x' }, 1_000_000_00, 960_000_00, 'APPLIED'],
    ['consortium, SME share 29.99%: none', { kind: 'consortium_sme', smeShare: '0.2999', evidence: 'x' }, 1_000_000_00, 1_000_000_00, 'SME_SHARE_BELOW_MINIMUM'],
  ])('%s', (_n, claim, price, evaluated, outcome) => {
    const out = policyDeduction(gp, price, claim);
    expect(out.evaluatedPriceFen).toBe(evaluated);
    expect(out.deduction?.outcome ?? null).toBe(outcome);
  });

  it('a claim the method grants no deduction for is recorded, not applied', () => {
    const out = policyDeduction(gpComprehensive({ policy: { smeRate: '0.10', consortiumRate: null } }), 100_00, { kind: 'consortium_sme', smeShare: '0.5', evidence: 'x' });
    expect(out).toEqual({ evaluatedPriceFen: 100_00, deduction: { kind: 'consortium_sme', applied: false, outcome: 'NOT_IN_METHOD', rate: null, amountFen: 0, evidence: 'x' } });
    expect(policyDeduction(gpComprehensive({ policy: null }), 100_00, sme).deduction?.outcome).toBe('NOT_IN_METHOD');
  });

  it('S3: the deduction moves the low-price-first base (SME 1,000,000 → 900,000 is the base)', () => {
    const evaluated = [
      { bidId: 'sme', evaluatedPriceFen: policyDeduction(gp, yuan(1_000_000), sme).evaluatedPriceFen },
      { bidId: 'big', evaluatedPriceFen: yuan(950_000) },
    ];
    const out = lowPriceFirstScores(evaluated, new Dec('0.3'));
    expect(out.baseFen).toBe(yuan(900_000));
    expect(out.scores.map((s) => fixed2(s.weighted))).toEqual(['30.00', '28.42']);
  });

  it.each<[string, PolicyClaim, string]>([
    ['no evidence', { kind: 'sme', smeShare: null, evidence: ' ' }, 'POLICY_EVIDENCE_MISSING'],
    ['an unknown kind', { kind: 'veteran' as 'sme', smeShare: null, evidence: 'x' }, 'POLICY_CLAIM_INVALID'],
    ['consortium without a share', { kind: 'consortium_sme', smeShare: null, evidence: 'x' }, 'SME_SHARE_INVALID'],
    ['consortium share above 1', { kind: 'consortium_sme', smeShare: '1.2', evidence: 'x' }, 'SME_SHARE_INVALID'],
    ['an SME with a share', { kind: 'sme', smeShare: '0.5', evidence: 'x' }, 'SME_SHARE_INVALID'],
  ])('a bad claim: %s → %s', (_n, claim, reason) => {
    expect(reasonOf(() => checkPolicyClaim(claim, 'b1'))).toBe(reason);
  });
});

describe('S7 abnormally low: below threshold × the mean of the OTHER valid bids (strictly)', () => {
  const rule7 = { belowMeanOfOthers: '0.8' };
  // the others' mean is 12,500,000.00 yuan, × 0.8 = 10,000,000.00 yuan
  it.each([
    [999_999_999, true, '9,999,999.99 yuan: below 10,000,000.00 → flagged'],
    [1_000_000_000, false, '10,000,000.00 yuan: at the threshold → not flagged'],
  ])('price %i fen → %s (%s)', (priceFen, flagged) => {
    const out = flagAbnormallyLow(rule7, [
      { bidId: 'low', priceFen },
      { bidId: 'a', priceFen: yuan(12_000_000) },
      { bidId: 'b', priceFen: yuan(13_000_000) },
    ]);
    const low = out.find((f) => f.bidId === 'low')!;
    expect(low.flagged).toBe(flagged);
    expect(yuan2(low.thresholdFen!)).toBe('10000000.00');
    expect(yuan2(low.meanOfOthersFen!)).toBe('12500000.00');
    expect(out.filter((f) => f.bidId !== 'low').every((f) => !f.flagged)).toBe(true);
  });

  it('a single bid has no others: never flagged', () => {
    expect(flagAbnormallyLow(rule7, [{ bidId: 'a', priceFen: 1 }])).toEqual([{ bidId: 'a', meanOfOthersFen: null, thresholdFen: null, flagged: false }]);
  });
});
