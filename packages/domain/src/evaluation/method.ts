/**
 * The evaluation method a tender freezes at publication (issue 22 §3; domain §3, S1): a JSON object with a
 * `kind` and a `version`, holding everything the committee's scores are turned into a ranking with — the
 * criteria, the weights, the aggregation, the price rule and its parameters, the policy deductions, the
 * abnormally-low threshold, how many candidates, and what settles a tie nothing else settles. Only what is
 * written here may be used (S1; ZTBT §49): a change after publication is a new, versioned amendment.
 *
 * Kinds:
 * - `eng.comprehensive` 综合评估法 (R12 §35): scored criteria + the price score by the base-price deviation
 *   method, K drawn at opening (S4);
 * - `eng.lowest_evaluated_price` 经评审的最低投标价法 (R12 §29–30): the lowest evaluated price not below cost
 *   (ZTB §33, §41); the evaluated price may carry the monetary conversions the docs list (`adjustments`);
 * - `gp.comprehensive` 综合评分法 (R87 §55): scored criteria + the low-price-first price score (S2);
 * - `gp.lowest_price` 最低评标价法 (R87 §54): the lowest price; the only adjustments are the arithmetic
 *   correction and the policy deductions, so the kind has no other field.
 *
 * Every decimal (weight, max score, step, rate, K, E1/E2) is a plain decimal string, never a number.
 * `validateMethod` refuses an illegal method with VALIDATION and a precise `details.reason`.
 */
import type { AppError } from '../errors.ts';
import { decimalsOf, Dec, HUNDRED, invalid, ONE, parseDecimal, ZERO } from './decimal.ts';

export const EVALUATION_KINDS = ['eng.comprehensive', 'eng.lowest_evaluated_price', 'gp.comprehensive', 'gp.lowest_price'] as const;
export type EvaluationKind = (typeof EVALUATION_KINDS)[number];

/** The versions this code can evaluate, per kind. A tender frozen with a version keeps being evaluated by it. */
export const EVALUATION_METHOD_VERSIONS: Readonly<Record<EvaluationKind, readonly number[]>> = {
  'eng.comprehensive': [1],
  'eng.lowest_evaluated_price': [1],
  'gp.comprehensive': [1],
  'gp.lowest_price': [1],
};

export const EVALUATION_KIND_NAMES: Readonly<Record<EvaluationKind, { zh: string; en: string }>> = {
  'eng.comprehensive': { zh: '综合评估法', en: 'comprehensive evaluation' },
  'eng.lowest_evaluated_price': { zh: '经评审的最低投标价法', en: 'lowest evaluated bid price' },
  'gp.comprehensive': { zh: '综合评分法', en: 'comprehensive scoring' },
  'gp.lowest_price': { zh: '最低评标价法', en: 'lowest evaluated price' },
};

/** What is bought: it sets the GP price-weight range (S2) and the SME deduction range (S3). */
export const EVALUATION_SUBJECTS = ['goods', 'services', 'works'] as const;
export type EvaluationSubject = (typeof EVALUATION_SUBJECTS)[number];

/** Groups of scored criteria. `qualification` may not be scored under GP (CGT §34, S2). */
export const CRITERION_GROUPS = ['technical', 'commercial', 'service', 'qualification', 'other'] as const;
export type CriterionGroup = (typeof CRITERION_GROUPS)[number];

export interface ScoredCriterion {
  id: string;
  nameZh: string;
  group: CriterionGroup;
  /** the highest score, a decimal string > 0 */
  maxScore: string;
  /** the decimals a member may write: 0, 1 or 2 */
  decimals: number;
  /** a score must be a multiple of this (e.g. "0.5"), null for any value with `decimals` places */
  step: string | null;
  /** objective items must be scored identically by every member (S5) */
  objective: boolean;
}

/** A pass/fail item of the compliance review (初步评审): every member finds pass or fail, majority rules. */
export const COMPLIANCE_KINDS = ['qualification', 'responsiveness', 'formality'] as const;
export interface ComplianceCriterion {
  id: string;
  nameZh: string;
  kind: (typeof COMPLIANCE_KINDS)[number];
}

/** Σ(price + groups) = 1 (`fraction`) or 100 (`percent`) exactly. A group's criteria are normalized to it. */
export interface Weights {
  scale: 'fraction' | 'percent';
  price: string;
  groups: Partial<Record<CriterionGroup, string>>;
}

/** S6: the plain mean, or drop ONE highest and ONE lowest member total when members ≥ `minMembers`. */
export type Aggregation = { mode: 'mean' } | { mode: 'trimmed_mean'; minMembers: number };

/** S6 defaults: GP the plain mean (R87 §55: no trimming unless the docs say so); engineering drops from 5. */
export const DEFAULT_AGGREGATION: Readonly<Record<'eng.comprehensive' | 'gp.comprehensive', Aggregation>> = {
  'eng.comprehensive': { mode: 'trimmed_mean', minMembers: 5 },
  'gp.comprehensive': { mode: 'mean' },
};

/**
 * The engineering base-price strategies (S4: versioned plug-ins; domain §3.2). Every one takes the evaluated
 * prices of the bids that passed the compliance review and were not rejected since:
 * - `drop_extremes_mean` v1 — the 标准施工招标文件 / C-FJ rule: n ≤ 3 → the mean; else drop ONE highest and
 *   ONE lowest;
 * - `mean` v1 — the plain mean of all of them.
 * The base is then × K (K = 1 − 浮动点, drawn at opening), on the UNROUNDED mean.
 */
export const BASE_PRICE_STRATEGIES: Readonly<Record<string, readonly number[]>> = {
  drop_extremes_mean: [1],
  mean: [1],
};

export interface BasePriceRule {
  strategy: string;
  version: number;
  /** the K drawn at opening must lie in [min, max]; 0 < min ≤ max ≤ 1, at most 4 decimals */
  kRange: { min: string; max: string };
  /** the values the draw picks from (e.g. 1 − {1.5%, 1.25%, …}), or null for any value in the range */
  kChoices: string[] | null;
  /** E1: points off per +1% above the base */
  e1: string;
  /** E2: points off per −1% below the base */
  e2: string;
}

/** S3: the price deductions the docs grant; null when the docs grant none (e.g. a lot reserved for SMEs). */
export interface PolicyRates {
  /** a small/micro enterprise's price × (1 − smeRate) */
  smeRate: string;
  /** a consortium or subcontract with SME share ≥ 30%: price × (1 − consortiumRate); null when not granted */
  consortiumRate: string | null;
}

/** S7: a price below `belowMeanOfOthers` × the mean of the OTHER valid bids is flagged (e.g. "0.8"). */
export interface AbnormallyLowRule {
  belowMeanOfOthers: string;
}

/** What settles a tie every legal tie-break left (S9): the docs say nothing → an auditable random draw. */
export type LastResort = 'random_draw' | 'tenderee_decides';

interface MethodCommon {
  version: number;
  subject: EvaluationSubject;
  compliance: ComplianceCriterion[];
  policy: PolicyRates | null;
  abnormallyLow: AbnormallyLowRule | null;
  /** ranked candidates to recommend: engineering 1–3 (A1), GP 1–10 */
  candidates: number;
  lastResort: LastResort;
}

export interface EngComprehensiveMethod extends MethodCommon {
  kind: 'eng.comprehensive';
  criteria: ScoredCriterion[];
  weights: Weights;
  aggregation: Aggregation;
  basePrice: BasePriceRule;
}

export interface EngLowestEvaluatedPriceMethod extends MethodCommon {
  kind: 'eng.lowest_evaluated_price';
  /** the monetary conversions the docs list (价格折算因素); the committee fixes each bid's amount in fen */
  adjustments: { id: string; nameZh: string }[];
}

export interface GpComprehensiveMethod extends MethodCommon {
  kind: 'gp.comprehensive';
  /** 招标 (R87) or 竞争性磋商 (R214): they differ in the price-weight range */
  procedure: 'tender' | 'consultation';
  /** fixed or state price: no price factor, price weight 0 (R87 §55) */
  fixedPrice: boolean;
  criteria: ScoredCriterion[];
  weights: Weights;
  aggregation: Aggregation;
  /** 磋商 only: the finance department's approval for a weight outside the range (R214 §24), or null */
  priceWeightApproval: string | null;
}

export interface GpLowestPriceMethod extends MethodCommon {
  kind: 'gp.lowest_price';
}

/** The frozen method (named apart from the procedure flag `EvaluationMethod`, which is only a word). */
export type EvaluationMethodSpec = EngComprehensiveMethod | EngLowestEvaluatedPriceMethod | GpComprehensiveMethod | GpLowestPriceMethod;
export type ComprehensiveMethod = EngComprehensiveMethod | GpComprehensiveMethod;

export function isComprehensive(spec: EvaluationMethodSpec): spec is ComprehensiveMethod {
  return spec.kind === 'eng.comprehensive' || spec.kind === 'gp.comprehensive';
}

/** [min, max] of the GP price weight as a fraction, inclusive (S2). Absent: no statutory range. */
export const GP_PRICE_WEIGHT_RANGES: Readonly<Record<'tender' | 'consultation', Partial<Record<EvaluationSubject, readonly [string, string]>>>> = {
  // R87 §55: goods ≥ 30%, services ≥ 10%. GP works by tender follow 招标投标法 (CG §4): an eng.* kind.
  tender: { goods: ['0.30', '1'], services: ['0.10', '1'] },
  // R214 §24: goods 30–60%, services 10–30%; outside (and works, which it gives no range) needs approval.
  consultation: { goods: ['0.30', '0.60'], services: ['0.10', '0.30'] },
};

/**
 * [min, max] of the deduction rates, inclusive (S3; R46 §9 as amended by 财库〔2022〕19号): SME goods /
 * services 10–20%, works 3–5%; consortium / subcontract with SME share ≥ 30%: goods / services 4–6%, works
 * 1–2% (the works figure is from 19号's text, K; domain §3.1 gives only goods / services).
 */
export const POLICY_RATE_RANGES: Readonly<Record<'sme' | 'consortium', Record<EvaluationSubject, readonly [string, string]>>> = {
  sme: { goods: ['0.10', '0.20'], services: ['0.10', '0.20'], works: ['0.03', '0.05'] },
  consortium: { goods: ['0.04', '0.06'], services: ['0.04', '0.06'], works: ['0.01', '0.02'] },
};

/** A consortium / subcontract earns its deduction when the SMEs' share is 30% or more (以上 includes it). */
export const CONSORTIUM_MIN_SME_SHARE = '0.30';

export const MAX_CANDIDATES: Readonly<Record<'eng' | 'gp', number>> = { eng: 3, gp: 10 };

const COMMON_FIELDS = ['kind', 'version', 'subject', 'compliance', 'policy', 'abnormallyLow', 'candidates', 'lastResort'];
const FIELDS: Readonly<Record<EvaluationKind, readonly string[]>> = {
  'eng.comprehensive': [...COMMON_FIELDS, 'criteria', 'weights', 'aggregation', 'basePrice'],
  'eng.lowest_evaluated_price': [...COMMON_FIELDS, 'adjustments'],
  'gp.comprehensive': [...COMMON_FIELDS, 'procedure', 'fixedPrice', 'criteria', 'weights', 'aggregation', 'priceWeightApproval'],
  'gp.lowest_price': COMMON_FIELDS,
};

const ID = /^[A-Za-z0-9_.:-]{1,64}$/;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isName = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '' && v.length <= 200;

function shape(field: string, what: string): AppError {
  return invalid('METHOD_FIELD_INVALID', field, `评标办法字段 ${field} 无效：应为${what}`, `The method's field ${field} is not valid: expected ${what}`);
}

/** A decimal field: a plain non-negative decimal string, or VALIDATION naming the field. */
function decimalField(v: unknown, field: string): Dec {
  const d = parseDecimal(v);
  if (d === null) throw shape(field, '非负十进制数字符串 (a plain decimal string)');
  return d;
}

function inRange(d: Dec, [min, max]: readonly [string, string]): boolean {
  return d.gte(min) && d.lte(max);
}

/**
 * Checks a method before it is frozen (S1) and before every evaluation (a stored method is re-checked, not
 * trusted). Returns the method typed; throws VALIDATION with `details.reason` and `details.field`.
 */
export function validateMethod(input: unknown): EvaluationMethodSpec {
  if (!isObject(input)) throw invalid('METHOD_NOT_OBJECT', 'method', '评标办法应为对象', 'The evaluation method must be an object');
  const kind = input.kind;
  if (typeof kind !== 'string' || !(EVALUATION_KINDS as readonly string[]).includes(kind)) {
    throw invalid('METHOD_KIND_UNKNOWN', 'kind', '未知的评标办法', 'Unknown evaluation method kind', { kind });
  }
  const k = kind as EvaluationKind;
  if (typeof input.version !== 'number' || !EVALUATION_METHOD_VERSIONS[k].includes(input.version)) {
    throw invalid('METHOD_VERSION_UNKNOWN', 'version', '该评标办法版本不受支持', 'This version of the method is not supported', { kind, version: input.version });
  }
  const extra = Object.keys(input).filter((f) => !FIELDS[k].includes(f));
  if (extra.length > 0) {
    throw invalid('METHOD_UNKNOWN_FIELD', extra[0]!, `评标办法（${EVALUATION_KIND_NAMES[k].zh}）不含字段 ${extra[0]}`, `The method ${k} has no field ${extra[0]}`, { fields: extra });
  }
  const spec = input as unknown as EvaluationMethodSpec;
  if (!(EVALUATION_SUBJECTS as readonly string[]).includes(spec.subject as string)) throw invalid('SUBJECT_INVALID', 'subject', '采购对象应为货物、服务或工程', 'The subject must be goods, services or works');
  if (spec.kind === 'gp.comprehensive' || spec.kind === 'gp.lowest_price') {
    if (spec.subject === 'works' && (spec.kind === 'gp.lowest_price' || spec.procedure === 'tender')) {
      throw invalid('GP_WORKS_TENDER', 'subject', '政府采购工程进行招标投标的，适用招标投标法：请使用工程建设评标办法', 'Government-procured works let by tender follow the Tendering Law: use an engineering method', { rule: 'CG §4' });
    }
  }
  const ids = new Set<string>();
  const addId = (id: unknown, field: string) => {
    if (typeof id !== 'string' || !ID.test(id)) throw shape(field, '标识符 (an id of letters, digits, _.:-)');
    if (ids.has(id)) throw invalid('CRITERION_ID_DUPLICATE', field, `评审因素编号重复：${id}`, `Duplicate criterion id: ${id}`, { id });
    ids.add(id);
  };
  if (!Array.isArray(spec.compliance)) throw shape('compliance', '数组 (an array)');
  spec.compliance.forEach((c, i) => {
    if (!isObject(c)) throw shape(`compliance[${i}]`, '对象 (an object)');
    addId(c.id, `compliance[${i}].id`);
    if (!isName(c.nameZh)) throw shape(`compliance[${i}].nameZh`, '名称 (a name)');
    if (!(COMPLIANCE_KINDS as readonly string[]).includes(c.kind)) throw shape(`compliance[${i}].kind`, COMPLIANCE_KINDS.join(' | '));
  });
  const family = spec.kind.startsWith('eng.') ? 'eng' : 'gp';
  if (!Number.isSafeInteger(spec.candidates) || spec.candidates < 1 || spec.candidates > MAX_CANDIDATES[family]) {
    throw invalid('CANDIDATES_INVALID', 'candidates', `推荐的中标候选人应为1至${MAX_CANDIDATES[family]}名`, `Candidates must be 1 to ${MAX_CANDIDATES[family]}`, { candidates: spec.candidates });
  }
  if (spec.lastResort !== 'random_draw' && spec.lastResort !== 'tenderee_decides') throw shape('lastResort', 'random_draw | tenderee_decides');
  validatePolicy(spec);
  if (spec.abnormallyLow !== null) {
    if (!isObject(spec.abnormallyLow)) throw shape('abnormallyLow', '对象或 null (an object or null)');
    const t = decimalField(spec.abnormallyLow.belowMeanOfOthers, 'abnormallyLow.belowMeanOfOthers');
    if (t.lte(ZERO) || t.gte(ONE)) {
      throw invalid('ABNORMALLY_LOW_THRESHOLD_INVALID', 'abnormallyLow.belowMeanOfOthers', '异常低价阈值应大于0且小于1', 'The abnormally-low threshold must be above 0 and below 1', { rule: 'S7' });
    }
  }
  if (spec.kind === 'eng.lowest_evaluated_price') {
    if (!Array.isArray(spec.adjustments)) throw shape('adjustments', '数组 (an array)');
    spec.adjustments.forEach((a, i) => {
      if (!isObject(a)) throw shape(`adjustments[${i}]`, '对象 (an object)');
      addId(a.id, `adjustments[${i}].id`);
      if (!isName(a.nameZh)) throw shape(`adjustments[${i}].nameZh`, '名称 (a name)');
    });
  }
  if (spec.kind === 'eng.comprehensive' || spec.kind === 'gp.comprehensive') validateScoring(spec, addId);
  return spec;
}

function validatePolicy(spec: EvaluationMethodSpec): void {
  if (spec.policy === null) return;
  if (!isObject(spec.policy)) throw shape('policy', '对象或 null (an object or null)');
  const sme = decimalField(spec.policy.smeRate, 'policy.smeRate');
  const range = POLICY_RATE_RANGES.sme[spec.subject];
  if (!inRange(sme, range)) {
    throw invalid('SME_RATE_OUT_OF_RANGE', 'policy.smeRate', `小微企业价格扣除比例应在${pct(range[0])}至${pct(range[1])}之间`, `The SME deduction must be from ${pct(range[0])} to ${pct(range[1])}`, { rule: 'S3', range });
  }
  if (spec.policy.consortiumRate !== null) {
    const c = decimalField(spec.policy.consortiumRate, 'policy.consortiumRate');
    const cr = POLICY_RATE_RANGES.consortium[spec.subject];
    if (!inRange(c, cr)) {
      throw invalid('CONSORTIUM_RATE_OUT_OF_RANGE', 'policy.consortiumRate', `联合体或分包价格扣除比例应在${pct(cr[0])}至${pct(cr[1])}之间`, `The consortium deduction must be from ${pct(cr[0])} to ${pct(cr[1])}`, { rule: 'S3', range: cr });
    }
  }
}

const pct = (fraction: string) => `${new Dec(fraction).times(100).toString()}%`;

function validateScoring(spec: ComprehensiveMethod, addId: (id: unknown, field: string) => void): void {
  if (!Array.isArray(spec.criteria)) throw shape('criteria', '数组 (an array)');
  if (spec.criteria.length === 0) throw invalid('CRITERIA_EMPTY', 'criteria', '综合评分（评估）法至少应有一项评分因素', 'A comprehensive method needs at least one scored criterion');
  spec.criteria.forEach((c, i) => validateCriterion(spec, c, i, addId));
  const w = spec.weights;
  if (!isObject(w) || (w.scale !== 'fraction' && w.scale !== 'percent') || !isObject(w.groups)) throw shape('weights', '{ scale, price, groups }');
  const total = w.scale === 'fraction' ? ONE : HUNDRED;
  const price = decimalField(w.price, 'weights.price');
  let sum = price;
  for (const [g, v] of Object.entries(w.groups)) {
    if (!(CRITERION_GROUPS as readonly string[]).includes(g)) throw shape(`weights.groups.${g}`, CRITERION_GROUPS.join(' | '));
    const gw = decimalField(v, `weights.groups.${g}`);
    if (gw.lte(ZERO)) throw invalid('WEIGHT_NOT_POSITIVE', `weights.groups.${g}`, `分组 ${g} 的权重应大于0`, `The weight of group ${g} must be above 0`);
    if (!spec.criteria.some((c) => c.group === g)) throw invalid('WEIGHT_GROUP_EMPTY', `weights.groups.${g}`, `分组 ${g} 有权重但没有评分因素`, `Group ${g} has a weight but no criterion`);
    sum = sum.plus(gw);
  }
  const unweighted = spec.criteria.find((c) => w.groups[c.group] === undefined);
  if (unweighted) throw invalid('CRITERION_GROUP_UNWEIGHTED', `criteria.${unweighted.id}.group`, `评分因素 ${unweighted.id} 所属分组没有权重`, `The group of criterion ${unweighted.id} has no weight`, { criterion: unweighted.id });
  if (!sum.eq(total)) {
    throw invalid('WEIGHTS_SUM', 'weights', `权重之和应为${total.toString()}，实为${sum.toString()}`, `The weights must sum to ${total.toString()}, not ${sum.toString()}`, { sum: sum.toString(), expected: total.toString() });
  }
  const priceFraction = price.div(total);
  if (spec.kind === 'eng.comprehensive') {
    if (priceFraction.isZero()) throw invalid('PRICE_WEIGHT_OUT_OF_RANGE', 'weights.price', '综合评估法应有价格分', 'The comprehensive evaluation needs a price score');
    validateBasePrice(spec.basePrice);
  } else {
    validateGpPriceWeight(spec, priceFraction);
  }
  validateAggregation(spec.aggregation);
}

function validateCriterion(spec: ComprehensiveMethod, c: ScoredCriterion, i: number, addId: (id: unknown, field: string) => void): void {
  const f = `criteria[${i}]`;
  if (!isObject(c)) throw shape(f, '对象 (an object)');
  addId(c.id, `${f}.id`);
  if (!isName(c.nameZh)) throw shape(`${f}.nameZh`, '名称 (a name)');
  if (!(CRITERION_GROUPS as readonly string[]).includes(c.group)) throw shape(`${f}.group`, CRITERION_GROUPS.join(' | '));
  if (typeof c.objective !== 'boolean') throw shape(`${f}.objective`, 'true | false');
  if (spec.kind === 'gp.comprehensive' && c.group === 'qualification') {
    throw invalid('QUALIFICATION_AS_SCORE', `${f}.group`, `资格条件不得作为评审因素：${c.nameZh}`, `A qualification condition may not be a score factor: ${c.id}`, { rule: 'S2', criterion: c.id });
  }
  const max = decimalField(c.maxScore, `${f}.maxScore`);
  if (max.lte(ZERO)) throw invalid('CRITERION_MAX_NOT_POSITIVE', `${f}.maxScore`, `评分因素 ${c.id} 的满分应大于0`, `The max score of criterion ${c.id} must be above 0`, { criterion: c.id });
  if (c.decimals !== 0 && c.decimals !== 1 && c.decimals !== 2) {
    throw invalid('CRITERION_DECIMALS_INVALID', `${f}.decimals`, `评分因素 ${c.id} 的小数位数应为0、1或2`, `The decimals of criterion ${c.id} must be 0, 1 or 2`, { criterion: c.id });
  }
  if (decimalsOf(c.maxScore) > c.decimals) {
    throw invalid('CRITERION_MAX_DECIMALS', `${f}.maxScore`, `评分因素 ${c.id} 的满分小数位多于允许的位数`, `The max score of criterion ${c.id} has more decimals than its scores may`, { criterion: c.id });
  }
  if (c.step !== null) {
    const step = decimalField(c.step, `${f}.step`);
    if (step.lte(ZERO) || decimalsOf(c.step) > c.decimals || !max.mod(step).isZero()) {
      throw invalid('CRITERION_STEP_INVALID', `${f}.step`, `评分因素 ${c.id} 的分值步长应大于0、不超过允许的小数位并能整除满分`, `The step of criterion ${c.id} must be above 0, within its decimals and divide its max score`, { criterion: c.id });
    }
  }
}

function validateGpPriceWeight(spec: GpComprehensiveMethod, priceFraction: Dec): void {
  if (spec.procedure !== 'tender' && spec.procedure !== 'consultation') throw shape('procedure', 'tender | consultation');
  if (typeof spec.fixedPrice !== 'boolean') throw shape('fixedPrice', 'true | false');
  if (spec.priceWeightApproval !== null && (!isName(spec.priceWeightApproval) || spec.procedure !== 'consultation')) {
    throw shape('priceWeightApproval', '磋商项目财政部门批准文号或 null (a consultation approval reference or null)');
  }
  if (spec.fixedPrice) {
    if (!priceFraction.isZero()) throw invalid('PRICE_WEIGHT_FIXED_PRICE', 'weights.price', '执行统一价格标准或固定价格的项目，价格不列为评审因素', 'A fixed or state price has no price factor: the price weight must be 0', { rule: 'S2' });
    return;
  }
  const range = GP_PRICE_WEIGHT_RANGES[spec.procedure][spec.subject];
  if (range !== undefined && inRange(priceFraction, range)) return;
  if (spec.procedure === 'consultation' && spec.priceWeightApproval !== null && priceFraction.gt(ZERO) && priceFraction.lte(ONE)) return;
  const rangeText = range ? `${pct(range[0])}–${pct(range[1])}` : '—';
  throw invalid(
    'PRICE_WEIGHT_OUT_OF_RANGE',
    'weights.price',
    `价格分权重${pct(priceFraction.toString())}不在法定范围（${rangeText}）内${spec.procedure === 'consultation' ? '，超出范围须经财政部门批准' : ''}`,
    `The price weight ${pct(priceFraction.toString())} is outside the legal range (${rangeText})${spec.procedure === 'consultation' ? '; outside it needs the finance department’s approval' : ''}`,
    { rule: 'S2', range: range ?? null, procedure: spec.procedure, subject: spec.subject },
  );
}

function validateBasePrice(rule: BasePriceRule): void {
  if (!isObject(rule)) throw shape('basePrice', '对象 (an object)');
  if (!(rule.strategy in BASE_PRICE_STRATEGIES) || !BASE_PRICE_STRATEGIES[rule.strategy]!.includes(rule.version)) {
    throw invalid('BASE_STRATEGY_UNKNOWN', 'basePrice.strategy', '未知的基准价计算方法或版本', 'Unknown base-price strategy or version', { strategy: rule.strategy, version: rule.version, rule: 'S4' });
  }
  if (!isObject(rule.kRange)) throw shape('basePrice.kRange', '{ min, max }');
  const min = decimalField(rule.kRange.min, 'basePrice.kRange.min');
  const max = decimalField(rule.kRange.max, 'basePrice.kRange.max');
  const kBad = (s: string) => decimalsOf(s) > 4;
  if (min.lte(ZERO) || max.gt(ONE) || min.gt(max) || kBad(rule.kRange.min) || kBad(rule.kRange.max)) {
    throw invalid('K_RANGE_INVALID', 'basePrice.kRange', 'K值范围应满足 0 < 下限 ≤ 上限 ≤ 1，至多4位小数', 'The K range must satisfy 0 < min ≤ max ≤ 1, with at most 4 decimals', { rule: 'S4' });
  }
  if (rule.kChoices !== null) {
    if (!Array.isArray(rule.kChoices) || rule.kChoices.length === 0) throw shape('basePrice.kChoices', '非空数组或 null (a non-empty array or null)');
    rule.kChoices.forEach((s, i) => {
      const k = decimalField(s, `basePrice.kChoices[${i}]`);
      if (k.lt(min) || k.gt(max) || kBad(s)) throw invalid('K_RANGE_INVALID', `basePrice.kChoices[${i}]`, `K值备选项 ${s} 不在范围内`, `The K choice ${s} is outside the range`, { rule: 'S4' });
    });
  }
  for (const f of ['e1', 'e2'] as const) decimalField(rule[f], `basePrice.${f}`);
}

function validateAggregation(a: Aggregation): void {
  if (!isObject(a)) throw shape('aggregation', '{ mode }');
  if (a.mode === 'mean') return;
  if (a.mode === 'trimmed_mean' && Number.isSafeInteger(a.minMembers) && a.minMembers >= 3) return;
  throw invalid('AGGREGATION_INVALID', 'aggregation', '汇总方式应为算术平均，或去掉一个最高分和一个最低分（至少3名成员起适用）', 'The aggregation must be the mean, or the trimmed mean from at least 3 members', { rule: 'S6' });
}

/** The price weight as a fraction (0 for the lowest-price kinds, which have no weights). */
export function priceWeightFraction(spec: EvaluationMethodSpec): Dec {
  if (!isComprehensive(spec)) return ZERO;
  return new Dec(spec.weights.price).div(spec.weights.scale === 'fraction' ? ONE : HUNDRED);
}
