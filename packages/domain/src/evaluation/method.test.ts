import { describe, expect, it } from 'vitest';
import { Dec } from './decimal.ts';
import { DEFAULT_AGGREGATION, priceWeightFraction, validateMethod, type EvaluationMethodSpec, type GpComprehensiveMethod, type ScoredCriterion } from './method.ts';
import { engComprehensive, engLowest, gpComprehensive, gpLowest, reasonOf } from './test-fixtures.ts';

const gp = gpComprehensive();
const eng = engComprehensive();

describe('validateMethod: the four kinds, frozen as JSON (S1)', () => {
  it.each<[string, EvaluationMethodSpec]>([
    ['eng.comprehensive', eng],
    ['eng.lowest_evaluated_price', engLowest()],
    ['gp.comprehensive', gp],
    ['gp.lowest_price', gpLowest()],
  ])('%s is valid and survives a JSON round trip unchanged', (_n, spec) => {
    const frozen = JSON.parse(JSON.stringify(spec)) as unknown;
    expect(validateMethod(frozen)).toEqual(spec);
  });

  it('S6 defaults: GP the plain mean, engineering the trimmed mean from 5', () => {
    expect(DEFAULT_AGGREGATION['gp.comprehensive']).toEqual({ mode: 'mean' });
    expect(DEFAULT_AGGREGATION['eng.comprehensive']).toEqual({ mode: 'trimmed_mean', minMembers: 5 });
  });

  it('the price weight as a fraction: 60 of 100 → 0.6; 0.30 → 0.3; none for the lowest-price kinds', () => {
    expect(priceWeightFraction(eng).toString()).toBe('0.6');
    expect(priceWeightFraction(gp).toString()).toBe('0.3');
    expect(priceWeightFraction(gpLowest()).toString()).toBe('0');
  });
});

/** gp.comprehensive with the price weight `w`, the technical and commercial groups sharing the rest. */
function gpWeighted(w: string, over: Partial<GpComprehensiveMethod> = {}): GpComprehensiveMethod {
  const half = new Dec(1).minus(w).div(2).toString();
  return gpComprehensive({ weights: { scale: 'fraction', price: w, groups: { technical: half, commercial: half } }, ...over });
}

const WORKS_POLICY = { smeRate: '0.03', consortiumRate: '0.01' };

describe('S2 price weight at each range edge (R87 §55; R214 §24 for 磋商)', () => {
  it.each<[string, string, Partial<GpComprehensiveMethod>, string | null]>([
    ['招标 goods 30% (the floor)', '0.30', {}, null],
    ['招标 goods 29.99%', '0.2999', {}, 'PRICE_WEIGHT_OUT_OF_RANGE'],
    ['招标 goods 80% (no ceiling under R87)', '0.80', {}, null],
    ['招标 services 10% (the floor)', '0.10', { subject: 'services' }, null],
    ['招标 services 9.99%', '0.0999', { subject: 'services' }, 'PRICE_WEIGHT_OUT_OF_RANGE'],
    ['磋商 goods 30%', '0.30', { procedure: 'consultation' }, null],
    ['磋商 goods 60%', '0.60', { procedure: 'consultation' }, null],
    ['磋商 goods 60.01%', '0.6001', { procedure: 'consultation' }, 'PRICE_WEIGHT_OUT_OF_RANGE'],
    ['磋商 goods 29.99%', '0.2999', { procedure: 'consultation' }, 'PRICE_WEIGHT_OUT_OF_RANGE'],
    ['磋商 services 10%', '0.10', { procedure: 'consultation', subject: 'services' }, null],
    ['磋商 services 30%', '0.30', { procedure: 'consultation', subject: 'services' }, null],
    ['磋商 services 30.01%', '0.3001', { procedure: 'consultation', subject: 'services' }, 'PRICE_WEIGHT_OUT_OF_RANGE'],
    ['磋商 goods 70% with the finance department’s approval', '0.70', { procedure: 'consultation', priceWeightApproval: '财采审〔2026〕12号' }, null],
    ['磋商 works: no statutory range, needs the approval', '0.40', { procedure: 'consultation', subject: 'works', policy: WORKS_POLICY }, 'PRICE_WEIGHT_OUT_OF_RANGE'],
    ['磋商 works with the approval', '0.40', { procedure: 'consultation', subject: 'works', policy: WORKS_POLICY, priceWeightApproval: '财采审〔2026〕13号' }, null],
    ['fixed price: weight 0', '0', { fixedPrice: true }, null],
    ['fixed price with a price weight', '0.30', { fixedPrice: true }, 'PRICE_WEIGHT_FIXED_PRICE'],
    ['not a fixed price, weight 0', '0', {}, 'PRICE_WEIGHT_OUT_OF_RANGE'],
  ])('S2: %s → %s', (_n, w, over, reason) => {
    expect(reasonOf(() => validateMethod(gpWeighted(w, over)))).toBe(reason);
  });

  it('S2: an approval is only for 磋商 (招标 has no way outside the range)', () => {
    expect(reasonOf(() => validateMethod(gpWeighted('0.30', { priceWeightApproval: 'x' })))).toBe('METHOD_FIELD_INVALID');
  });

  it('S2: GP works let by tender follow the Tendering Law (CG §4) → an engineering kind', () => {
    expect(reasonOf(() => validateMethod(gpComprehensive({ subject: 'works' })))).toBe('GP_WORKS_TENDER');
    expect(reasonOf(() => validateMethod(gpLowest({ subject: 'works' })))).toBe('GP_WORKS_TENDER');
  });
});

describe('weights: Σ = 1 (fraction) or 100 (percent), every group weighted and scored', () => {
  it.each<[string, EvaluationMethodSpec, string | null]>([
    ['fraction, Σ = 1', gp, null],
    ['fraction, Σ = 0.99', gpComprehensive({ weights: { scale: 'fraction', price: '0.30', groups: { technical: '0.49', commercial: '0.20' } } }), 'WEIGHTS_SUM'],
    ['percent, Σ = 100', eng, null],
    ['percent, Σ = 101', engComprehensive({ weights: { scale: 'percent', price: '60', groups: { technical: '36', commercial: '5' } } }), 'WEIGHTS_SUM'],
    ['percent written as fractions', engComprehensive({ weights: { scale: 'percent', price: '0.6', groups: { technical: '0.35', commercial: '0.05' } } }), 'WEIGHTS_SUM'],
    ['a weighted group without criteria', gpComprehensive({ weights: { scale: 'fraction', price: '0.30', groups: { technical: '0.40', commercial: '0.20', service: '0.10' } } }), 'WEIGHT_GROUP_EMPTY'],
    ['a criterion whose group has no weight', gpComprehensive({ weights: { scale: 'fraction', price: '0.50', groups: { technical: '0.50' } } }), 'CRITERION_GROUP_UNWEIGHTED'],
    ['a zero group weight', gpComprehensive({ weights: { scale: 'fraction', price: '0.30', groups: { technical: '0.70', commercial: '0' } } }), 'WEIGHT_NOT_POSITIVE'],
    ['a float weight', gpComprehensive({ weights: { scale: 'fraction', price: 0.3 as unknown as string, groups: { technical: '0.50', commercial: '0.20' } } }), 'METHOD_FIELD_INVALID'],
    ['a negative weight', gpComprehensive({ weights: { scale: 'fraction', price: '-0.3', groups: { technical: '0.50', commercial: '0.20' } } }), 'METHOD_FIELD_INVALID'],
    ['an unknown scale', gpComprehensive({ weights: { scale: 'points' as 'percent', price: '30', groups: { technical: '50', commercial: '20' } } }), 'METHOD_FIELD_INVALID'],
    ['engineering without a price score', engComprehensive({ weights: { scale: 'percent', price: '0', groups: { technical: '95', commercial: '5' } } }), 'PRICE_WEIGHT_OUT_OF_RANGE'],
  ])('%s → %s', (_n, spec, reason) => {
    expect(reasonOf(() => validateMethod(spec))).toBe(reason);
  });
});

const crit = (over: Partial<ScoredCriterion>): ScoredCriterion => ({ id: 'T1', nameZh: '技术参数响应', group: 'technical', maxScore: '30', decimals: 2, step: null, objective: false, ...over });
const withT1 = (over: Partial<ScoredCriterion>) => gpComprehensive({ criteria: [crit(over), ...gp.criteria.slice(1)] });

describe('criteria: max > 0, decimals 0–2, a step that divides the max, qualification never scored under GP', () => {
  it.each<[string, EvaluationMethodSpec, string | null]>([
    ['max 0', withT1({ maxScore: '0' }), 'CRITERION_MAX_NOT_POSITIVE'],
    ['max "-5"', withT1({ maxScore: '-5' }), 'METHOD_FIELD_INVALID'],
    ['decimals 3', withT1({ decimals: 3 }), 'CRITERION_DECIMALS_INVALID'],
    ['max with more decimals than allowed', withT1({ maxScore: '29.5', decimals: 0 }), 'CRITERION_MAX_DECIMALS'],
    ['step 0.5 on max 30, 1 decimal', withT1({ step: '0.5', decimals: 1 }), null],
    ['step 0.25 with 1 decimal', withT1({ step: '0.25', decimals: 1 }), 'CRITERION_STEP_INVALID'],
    ['step 4 does not divide 30', withT1({ step: '4', decimals: 0 }), 'CRITERION_STEP_INVALID'],
    ['step 0', withT1({ step: '0' }), 'CRITERION_STEP_INVALID'],
    ['a missing step (null is required)', withT1({ step: undefined as unknown as null }), 'METHOD_FIELD_INVALID'],
    ['duplicate ids', gpComprehensive({ criteria: [crit({}), crit({ group: 'commercial', maxScore: '20' })] }), 'CRITERION_ID_DUPLICATE'],
    ['an id shared with a compliance item', withT1({ id: 'Q1' }), 'CRITERION_ID_DUPLICATE'],
    ['S2: a qualification condition as a GP score factor', withT1({ group: 'qualification' }), 'QUALIFICATION_AS_SCORE'],
    ['no criteria', gpComprehensive({ criteria: [] }), 'CRITERIA_EMPTY'],
    ['an unknown group', withT1({ group: 'price' as 'technical' }), 'METHOD_FIELD_INVALID'],
    ['objective not a boolean', withT1({ objective: 'yes' as unknown as boolean }), 'METHOD_FIELD_INVALID'],
  ])('%s → %s', (_n, spec, reason) => {
    expect(reasonOf(() => validateMethod(spec))).toBe(reason);
  });

  it('engineering may score a qualification-type factor (ZTBT §49: what the docs write)', () => {
    const spec = engComprehensive({ criteria: [...eng.criteria.slice(0, 2), { ...eng.criteria[2]!, group: 'qualification' }], weights: { scale: 'percent', price: '60', groups: { technical: '35', qualification: '5' } } });
    expect(reasonOf(() => validateMethod(spec))).toBeNull();
  });
});

describe('aggregation (S6), K range (S4), base strategy, policy rates (S3), S7 threshold, candidates', () => {
  const base = eng.basePrice;
  it.each<[string, EvaluationMethodSpec, string | null]>([
    ['trimmed mean from 3 members', engComprehensive({ aggregation: { mode: 'trimmed_mean', minMembers: 3 } }), null],
    ['trimmed mean from 2 members', engComprehensive({ aggregation: { mode: 'trimmed_mean', minMembers: 2 } }), 'AGGREGATION_INVALID'],
    ['median', engComprehensive({ aggregation: { mode: 'median' } as never }), 'AGGREGATION_INVALID'],
    ['K range [0.95, 1]', eng, null],
    ['K range [1, 1]', engComprehensive({ basePrice: { ...base, kRange: { min: '1', max: '1' } } }), null],
    ['K range up to 1.01', engComprehensive({ basePrice: { ...base, kRange: { min: '0.95', max: '1.01' } } }), 'K_RANGE_INVALID'],
    ['K range from 0', engComprehensive({ basePrice: { ...base, kRange: { min: '0', max: '1' } } }), 'K_RANGE_INVALID'],
    ['K range reversed', engComprehensive({ basePrice: { ...base, kRange: { min: '0.99', max: '0.98' } } }), 'K_RANGE_INVALID'],
    ['K with 5 decimals', engComprehensive({ basePrice: { ...base, kRange: { min: '0.98765', max: '1' } } }), 'K_RANGE_INVALID'],
    ['a K choice outside the range', engComprehensive({ basePrice: { ...base, kChoices: ['0.94'] } }), 'K_RANGE_INVALID'],
    ['an empty K choice list', engComprehensive({ basePrice: { ...base, kChoices: [] } }), 'METHOD_FIELD_INVALID'],
    ['E1 negative', engComprehensive({ basePrice: { ...base, e1: '-1' } }), 'METHOD_FIELD_INVALID'],
    ['an unknown base strategy', engComprehensive({ basePrice: { ...base, strategy: 'ceiling_mix' } }), 'BASE_STRATEGY_UNKNOWN'],
    ['a base strategy version from the future', engComprehensive({ basePrice: { ...base, version: 2 } }), 'BASE_STRATEGY_UNKNOWN'],
    ['SME goods 10%', gpComprehensive({ policy: { smeRate: '0.10', consortiumRate: null } }), null],
    ['SME goods 20%', gpComprehensive({ policy: { smeRate: '0.20', consortiumRate: null } }), null],
    ['SME goods 9.99%', gpComprehensive({ policy: { smeRate: '0.0999', consortiumRate: null } }), 'SME_RATE_OUT_OF_RANGE'],
    ['SME goods 20.01%', gpComprehensive({ policy: { smeRate: '0.2001', consortiumRate: null } }), 'SME_RATE_OUT_OF_RANGE'],
    ['SME goods 6% (the old R46 rate)', gpComprehensive({ policy: { smeRate: '0.06', consortiumRate: null } }), 'SME_RATE_OUT_OF_RANGE'],
    ['SME works 3%', engComprehensive({ policy: { smeRate: '0.03', consortiumRate: null } }), null],
    ['SME works 5.01%', engComprehensive({ policy: { smeRate: '0.0501', consortiumRate: null } }), 'SME_RATE_OUT_OF_RANGE'],
    ['consortium goods 4%', gpComprehensive({ policy: { smeRate: '0.10', consortiumRate: '0.04' } }), null],
    ['consortium goods 6%', gpComprehensive({ policy: { smeRate: '0.10', consortiumRate: '0.06' } }), null],
    ['consortium goods 3% (the old rate)', gpComprehensive({ policy: { smeRate: '0.10', consortiumRate: '0.03' } }), 'CONSORTIUM_RATE_OUT_OF_RANGE'],
    ['consortium works 2%', engComprehensive({ policy: { smeRate: '0.05', consortiumRate: '0.02' } }), null],
    ['S7 threshold 0.8', gpComprehensive({ abnormallyLow: { belowMeanOfOthers: '0.8' } }), null],
    ['S7 threshold 1', gpComprehensive({ abnormallyLow: { belowMeanOfOthers: '1' } }), 'ABNORMALLY_LOW_THRESHOLD_INVALID'],
    ['S7 threshold 0', gpComprehensive({ abnormallyLow: { belowMeanOfOthers: '0' } }), 'ABNORMALLY_LOW_THRESHOLD_INVALID'],
    ['engineering, 3 candidates', engComprehensive({ candidates: 3 }), null],
    ['engineering, 4 candidates (A1: at most 3)', engComprehensive({ candidates: 4 }), 'CANDIDATES_INVALID'],
    ['GP, 0 candidates', gpComprehensive({ candidates: 0 }), 'CANDIDATES_INVALID'],
    ['an unknown last resort', gpComprehensive({ lastResort: 'coin' as 'random_draw' }), 'METHOD_FIELD_INVALID'],
    ['an unknown subject', gpComprehensive({ subject: 'land' as 'goods' }), 'SUBJECT_INVALID'],
    ['a compliance item of an unknown kind', gpComprehensive({ compliance: [{ id: 'Q1', nameZh: '资格', kind: 'price' as 'formality' }] }), 'METHOD_FIELD_INVALID'],
  ])('%s → %s', (_n, spec, reason) => {
    expect(reasonOf(() => validateMethod(spec))).toBe(reason);
  });
});

describe('kind, version and fields', () => {
  it.each<[string, unknown, string]>([
    ['not an object', 'gp.comprehensive', 'METHOD_NOT_OBJECT'],
    ['an array', [], 'METHOD_NOT_OBJECT'],
    ['an unknown kind', { ...gp, kind: 'gp.negotiation' }, 'METHOD_KIND_UNKNOWN'],
    ['an unknown version', { ...gp, version: 2 }, 'METHOD_VERSION_UNKNOWN'],
    ['a version as a string', { ...gp, version: '1' }, 'METHOD_VERSION_UNKNOWN'],
    ['R87 §54: 最低评标价法 with another adjustment', { ...gpLowest(), adjustments: [{ id: 'A1', nameZh: '付款条件' }] }, 'METHOD_UNKNOWN_FIELD'],
    ['a field of another kind', { ...eng, procedure: 'tender' }, 'METHOD_UNKNOWN_FIELD'],
  ])('%s → %s', (_n, spec, reason) => {
    expect(reasonOf(() => validateMethod(spec))).toBe(reason);
  });
});
