/**
 * Land and property modelled as sales (issue 18 §4; domain §1.3, §1.4, §5, L1, L7): what a land plot
 * (地块) and a property item (交易标的) must state before they can be offered, as pure rules returning typed
 * violations the services turn into AppErrors (VALIDATION, the reason and the field).
 *
 * - A land plot states its 起始价 (starting price) and 加价幅度 (increment), both > 0 (domain §5.1: the
 *   first offer ≥ the starting price, then whole increments), and its 竞买保证金 (optional here, ≥ 0).
 * - A property item states its 转让底价 (the floor the listing starts from, `startingPriceFen`), the 评估值
 *   (appraisal, GZ §55: the floor is based on a recognised appraisal) and its 评估基准日. L7 (R32 §17–18):
 *   the FIRST disclosure's floor is not below the appraisal; a re-disclosure may lower it, and a new floor
 *   below 90 % of the appraisal needs the written approval of the approving body (批准文件文号). An appraisal
 *   older than 12 months blocks the listing until a new one is attached (R32, K).
 * - Neither carries a ceiling (招标控制价 / 最高限价): the floor is not a ceiling. Engineering and
 *   procurement sections carry none of the sale fields.
 *
 * Money is integer fen; the 90 % comparison is done in integers (floor × 100 < appraisal × 90).
 */
import { beijingDate, compare, fromYmd, isLocalDate, toYmd, type LocalDate } from '../calendar/dates.ts';
import { formatYuan } from '../format.ts';
import type { ProcedureMethod, TradeType } from '../procedure/flags.ts';
import { PROPERTY_KINDS } from '../calendar/limits.ts';
import { termPair } from '../vocabulary/terms.ts';

/** A new floor below this share of the appraisal needs the approving body's written consent (L7; R32 §18). */
export const FLOOR_APPROVAL_PERCENT = 90;
/** An appraisal is usable this many months from its reference date (评估基准日; L7, R32, K). */
export const APPRAISAL_VALID_MONTHS = 12;

/** Is this trade type a sale (a floor and offers) rather than a tender (a ceiling and sealed bids)? */
export function isSaleTrade(tradeType: TradeType): tradeType is 'land' | 'property' {
  return tradeType === 'land' || tradeType === 'property';
}

/** The fields of a section as created or stored; absent and null both mean "not given". */
export interface SaleSectionFields {
  name?: string;
  ceilingFen?: number | null;
  startingPriceFen?: number | null;
  incrementFen?: number | null;
  securityFen?: number | null;
  appraisalFen?: number | null;
  appraisalDate?: string | null;
  floorApprovalRef?: string | null;
}

export type SaleField = 'ceilingFen' | 'startingPriceFen' | 'incrementFen' | 'appraisalFen' | 'appraisalDate' | 'floorApprovalRef';

export type SaleViolationReason =
  /** A ceiling on a land plot or property item: the floor is not a ceiling. */
  | 'CEILING_NOT_APPLICABLE'
  /** A sale field on an engineering / procurement section, or a property-only field on a land plot. */
  | 'SALE_FIELD_NOT_APPLICABLE'
  | 'STARTING_PRICE_REQUIRED'
  | 'STARTING_PRICE_NOT_POSITIVE'
  | 'INCREMENT_REQUIRED'
  | 'INCREMENT_NOT_POSITIVE'
  | 'APPRAISAL_REQUIRED'
  | 'APPRAISAL_NOT_POSITIVE'
  | 'APPRAISAL_DATE_REQUIRED'
  | 'APPRAISAL_DATE_INVALID'
  | 'APPRAISAL_DATE_IN_FUTURE'
  /** L7: the appraisal is older than 12 months at the instant checked (submission, disclosure start). */
  | 'APPRAISAL_EXPIRED'
  /** L7: a first disclosure's floor below the appraisal. */
  | 'FLOOR_BELOW_APPRAISAL'
  /** L7: a re-disclosure's floor below 90 % of the appraisal without the approval document. */
  | 'FLOOR_APPROVAL_REQUIRED'
  /** An approval document where none is needed (the floor is not below 90 %): refused, not silently stored. */
  | 'FLOOR_APPROVAL_NOT_APPLICABLE';

export interface SaleViolation {
  reason: SaleViolationReason;
  field: SaleField;
  messageZh: string;
  messageEn: string;
}

// ---------------------------------------------------------------------------------------------- dates

/** `date` + `months` calendar months, the day clamped to the month's last day (2024-02-29 + 12 → 2025-02-28). */
export function addMonthsClamped(date: LocalDate, months: number): LocalDate {
  const { y, m, d } = toYmd(date);
  const index = y * 12 + (m - 1) + months;
  const ny = Math.floor(index / 12);
  const nm = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return fromYmd(ny, nm, Math.min(d, lastDay));
}

/** The last Beijing day an appraisal of `appraisalDate` may be used on: the same date 12 months later. */
export function appraisalLastValidDay(appraisalDate: LocalDate): LocalDate {
  return addMonthsClamped(appraisalDate, APPRAISAL_VALID_MONTHS);
}

/**
 * Is an appraisal with reference date `appraisalDate` still usable at `at` (L7)? Yes up to and including
 * the Beijing day 12 months after it ("older than 12 months" blocks: exactly 12 months is not older), no
 * from the day after. A date that is not a real YYYY-MM-DD is never valid.
 */
export function appraisalValid(appraisalDate: string, at: Date): boolean {
  if (!isLocalDate(appraisalDate)) return false;
  return compare(beijingDate(at), appraisalLastValidDay(appraisalDate)) <= 0;
}

// ---------------------------------------------------------------------------------------------- rules

const given = (v: number | string | null | undefined): boolean => v !== null && v !== undefined && v !== '';

/** How a section is named in a message: 地块「…」 / 交易标的「…」. */
function sectionLabel(tradeType: 'land' | 'property', name: string | undefined): { zh: string; en: string } {
  const n = name?.trim();
  if (tradeType === 'land') return n ? { zh: `地块「${n}」`, en: `Plot "${n}"` } : { zh: '地块', en: 'The plot' };
  return n ? { zh: `交易标的「${n}」`, en: `Item "${n}"` } : { zh: '交易标的', en: 'The item' };
}

const FIELD_WORDS: Readonly<Record<Exclude<SaleField, 'startingPriceFen' | 'ceilingFen'>, { zh: string; en: string }>> = {
  incrementFen: { zh: '加价幅度', en: 'increment' },
  appraisalFen: { zh: '评估值', en: 'appraised value' },
  appraisalDate: { zh: '评估基准日', en: 'appraisal reference date' },
  floorApprovalRef: { zh: '批准文件文号', en: 'approval document number' },
};

function wordOf(field: SaleField, tradeType: TradeType, method: ProcedureMethod | string): { zh: string; en: string } {
  if (field === 'startingPriceFen') return termPair('ceiling', isSaleTrade(tradeType) ? tradeType : 'land', method);
  if (field === 'ceilingFen') return termPair('ceiling', 'engineering', 'open');
  return FIELD_WORDS[field];
}

function v(reason: SaleViolationReason, field: SaleField, zh: string, en: string): SaleViolation {
  return { reason, field, messageZh: zh, messageEn: en };
}

/** The positive-amount check of a required field: missing → `missing`, ≤ 0 → `notPositive`. */
function positive(
  value: number | null | undefined,
  field: SaleField,
  reasons: { missing: SaleViolationReason; notPositive: SaleViolationReason },
  label: { zh: string; en: string },
  word: { zh: string; en: string },
): SaleViolation[] {
  if (value === null || value === undefined) return [v(reasons.missing, field, `${label.zh}未填写${word.zh}`, `${label.en}: the ${word.en} (${word.zh}) is missing`)];
  if (!Number.isSafeInteger(value) || value <= 0) {
    return [v(reasons.notPositive, field, `${label.zh}的${word.zh}必须大于零`, `${label.en}: the ${word.en} (${word.zh}) must be greater than zero`)];
  }
  return [];
}

function ceilingRefused(tradeType: 'land' | 'property', method: ProcedureMethod | string, s: SaleSectionFields, label: { zh: string; en: string }): SaleViolation[] {
  if (!given(s.ceilingFen)) return [];
  const floor = termPair('ceiling', tradeType, method);
  return [
    v(
      'CEILING_NOT_APPLICABLE',
      'ceilingFen',
      `${label.zh}不设招标控制价或最高限价：${floor.zh}是成交价的下限，不是上限`,
      `${label.en}: a sale has no price ceiling; the ${floor.en} (${floor.zh}) is a floor, not a ceiling`,
    ),
  ];
}

function notApplicable(fields: readonly SaleField[], s: SaleSectionFields, label: { zh: string; en: string }, whereZh: string, whereEn: string, tradeType: TradeType, method: ProcedureMethod | string): SaleViolation[] {
  return fields
    .filter((f) => given(s[f]))
    .map((f) => {
      const w = wordOf(f, tradeType, method);
      return v('SALE_FIELD_NOT_APPLICABLE', f, `${label.zh}不填写${w.zh}（${whereZh}）`, `${label.en}: no ${w.en} (${w.zh}) here (${whereEn})`);
    });
}

/**
 * A land plot (issue 18 §4; domain §1.3, §5.1): 起始价 and 加价幅度 given and > 0; no ceiling; none of the
 * property fields (appraisal, its date, the approval document).
 */
export function checkLandPlot(s: SaleSectionFields, method: ProcedureMethod | string = 'listing'): SaleViolation[] {
  const label = sectionLabel('land', s.name);
  return [
    ...ceilingRefused('land', method, s, label),
    ...positive(s.startingPriceFen, 'startingPriceFen', { missing: 'STARTING_PRICE_REQUIRED', notPositive: 'STARTING_PRICE_NOT_POSITIVE' }, label, wordOf('startingPriceFen', 'land', method)),
    ...positive(s.incrementFen, 'incrementFen', { missing: 'INCREMENT_REQUIRED', notPositive: 'INCREMENT_NOT_POSITIVE' }, label, wordOf('incrementFen', 'land', method)),
    ...notApplicable(['appraisalFen', 'appraisalDate', 'floorApprovalRef'], s, label, '评估值与批准文件属于产权交易', 'appraisals and approvals belong to property deals', 'land', method),
  ];
}

export interface PropertyItemContext {
  /** The instant the item is checked at (creation, submission, the disclosure start). */
  at: Date;
  /**
   * A first disclosure (首次正式披露): the floor may not be below the appraisal. False for a
   * re-disclosure after no buyer came (a re-tender of a failed property deal): it may be lowered, below
   * 90 % only with the approval document (R32 §18).
   */
  firstDisclosure: boolean;
  method?: ProcedureMethod | string;
}

/**
 * A property item (issue 18 §4; L7, R32 §17–18, GZ §55): 转让底价, 评估值 (> 0) and 评估基准日 given; the
 * reference date a real date not after `at` and not older than 12 months at `at`; the floor not below the
 * appraisal on a first disclosure, and below 90 % of it only with the approval document; the increment, if
 * given, > 0; no ceiling.
 */
export function checkPropertyItem(s: SaleSectionFields, ctx: PropertyItemContext): SaleViolation[] {
  const method = ctx.method ?? 'listing';
  const label = sectionLabel('property', s.name);
  const floorWord = wordOf('startingPriceFen', 'property', method);
  const out: SaleViolation[] = [
    ...ceilingRefused('property', method, s, label),
    ...positive(s.startingPriceFen, 'startingPriceFen', { missing: 'STARTING_PRICE_REQUIRED', notPositive: 'STARTING_PRICE_NOT_POSITIVE' }, label, floorWord),
    ...(given(s.incrementFen) ? positive(s.incrementFen, 'incrementFen', { missing: 'INCREMENT_REQUIRED', notPositive: 'INCREMENT_NOT_POSITIVE' }, label, FIELD_WORDS.incrementFen) : []),
    ...positive(s.appraisalFen, 'appraisalFen', { missing: 'APPRAISAL_REQUIRED', notPositive: 'APPRAISAL_NOT_POSITIVE' }, label, FIELD_WORDS.appraisalFen),
    ...appraisalDateViolations(s, ctx.at, label),
  ];
  const floor = s.startingPriceFen;
  const appraisal = s.appraisalFen;
  if (typeof floor === 'number' && floor > 0 && typeof appraisal === 'number' && appraisal > 0) out.push(...floorViolations(floor, appraisal, s.floorApprovalRef, ctx.firstDisclosure, label, floorWord));
  return out;
}

function appraisalDateViolations(s: SaleSectionFields, at: Date, label: { zh: string; en: string }): SaleViolation[] {
  const w = FIELD_WORDS.appraisalDate;
  const d = s.appraisalDate;
  if (!given(d) || d === null || d === undefined) return [v('APPRAISAL_DATE_REQUIRED', 'appraisalDate', `${label.zh}未填写${w.zh}`, `${label.en}: the ${w.en} (${w.zh}) is missing`)];
  if (!isLocalDate(d)) return [v('APPRAISAL_DATE_INVALID', 'appraisalDate', `${label.zh}的${w.zh}不是有效日期：${d}`, `${label.en}: the ${w.en} is not a valid date: ${d}`)];
  const today = beijingDate(at);
  if (compare(d, today) > 0) {
    return [v('APPRAISAL_DATE_IN_FUTURE', 'appraisalDate', `${label.zh}的${w.zh}（${d}）晚于今天（${today}）`, `${label.en}: the ${w.en} (${d}) is after today (${today})`)];
  }
  if (!appraisalValid(d, at)) {
    const last = appraisalLastValidDay(d);
    return [
      v(
        'APPRAISAL_EXPIRED',
        'appraisalDate',
        `${label.zh}的评估结果已超过${APPRAISAL_VALID_MONTHS}个月（${w.zh} ${d}，可使用至 ${last}），须重新评估并填写新的评估值后方可挂牌（企业国有资产交易监督管理办法）`,
        `${label.en}: the appraisal is older than ${APPRAISAL_VALID_MONTHS} months (reference date ${d}, usable until ${last}); attach a new appraisal before listing (SASAC/MOF Order No. 32)`,
      ),
    ];
  }
  return [];
}

function floorViolations(
  floor: number,
  appraisal: number,
  approvalRef: string | null | undefined,
  firstDisclosure: boolean,
  label: { zh: string; en: string },
  floorWord: { zh: string; en: string },
): SaleViolation[] {
  const amounts = `${floorWord.zh} ${formatYuan(floor)} 元，评估值 ${formatYuan(appraisal)} 元`;
  const amountsEn = `${floorWord.en} CNY ${formatYuan(floor)}, appraised value CNY ${formatYuan(appraisal)}`;
  if (firstDisclosure && floor < appraisal) {
    return [
      v(
        'FLOOR_BELOW_APPRAISAL',
        'startingPriceFen',
        `${label.zh}首次正式披露的${floorWord.zh}不得低于评估值（${amounts}；企业国有资产交易监督管理办法）`,
        `${label.en}: the ${floorWord.en} of a first disclosure may not be below the appraised value (${amountsEn}; SASAC/MOF Order No. 32)`,
      ),
    ];
  }
  const belowThreshold = floor * 100 < appraisal * FLOOR_APPROVAL_PERCENT;
  const approved = given(approvalRef?.trim());
  if (belowThreshold && !approved) {
    return [
      v(
        'FLOOR_APPROVAL_REQUIRED',
        'floorApprovalRef',
        `${label.zh}新的${floorWord.zh}低于评估值的${FLOOR_APPROVAL_PERCENT}%，须填写转让行为批准单位书面同意的批准文件文号（${amounts}；企业国有资产交易监督管理办法第十八条）`,
        `${label.en}: the new ${floorWord.en} is below ${FLOOR_APPROVAL_PERCENT}% of the appraised value and needs the approving body's written consent (approval document number) (${amountsEn}; SASAC/MOF Order No. 32, Art. 18)`,
      ),
    ];
  }
  if (!belowThreshold && approved) {
    return [
      v(
        'FLOOR_APPROVAL_NOT_APPLICABLE',
        'floorApprovalRef',
        `${label.zh}的${floorWord.zh}不低于评估值的${FLOOR_APPROVAL_PERCENT}%，无需填写批准文件文号`,
        `${label.en}: the ${floorWord.en} is not below ${FLOOR_APPROVAL_PERCENT}% of the appraised value; no approval document applies`,
      ),
    ];
  }
  return [];
}

/** A tender section (engineering, procurement) carries none of the sale fields. */
function checkTenderSection(tradeType: TradeType, method: ProcedureMethod | string, s: SaleSectionFields, index: number): SaleViolation[] {
  const label = { zh: `第${index + 1}标段`, en: `Section ${index + 1}` };
  return notApplicable(['startingPriceFen', 'incrementFen', 'appraisalFen', 'appraisalDate', 'floorApprovalRef'], s, label, '仅土地和产权交易填写', 'land and property sales only', tradeType, method);
}

export interface SaleSectionsInput {
  tradeType: TradeType;
  method: ProcedureMethod | string;
  sections: readonly SaleSectionFields[];
  at: Date;
  firstDisclosure: boolean;
}

/** Every section's violations, their field as the create form names it (`sections.<i>.<field>`). */
export function saleSectionViolations(input: SaleSectionsInput): (SaleViolation & { section: number; path: string })[] {
  return input.sections.flatMap((s, i) => {
    const vs =
      input.tradeType === 'land'
        ? checkLandPlot(s, input.method)
        : input.tradeType === 'property'
          ? checkPropertyItem(s, { at: input.at, firstDisclosure: input.firstDisclosure, method: input.method })
          : checkTenderSection(input.tradeType, input.method, s, i);
    return vs.map((x) => ({ ...x, section: i, path: `sections.${i}.${x.field}` }));
  });
}

export type PropertyKindViolationReason = 'PROPERTY_KIND_REQUIRED' | 'PROPERTY_KIND_NOT_APPLICABLE' | 'PROPERTY_KIND_INVALID';

/** The deal kind (交易类型) is required for property and refused for every other trade type (L7). */
export function propertyKindViolation(tradeType: TradeType, propertyKind: string | null | undefined): { reason: PropertyKindViolationReason; messageZh: string; messageEn: string } | null {
  const has = propertyKind !== null && propertyKind !== undefined;
  if (tradeType !== 'property') {
    return has ? { reason: 'PROPERTY_KIND_NOT_APPLICABLE', messageZh: '只有产权交易项目填写交易类型（产权转让、增资扩股、资产转让）', messageEn: 'Only property deals have a deal kind (equity transfer, capital increase, asset transfer)' } : null;
  }
  if (!has) return { reason: 'PROPERTY_KIND_REQUIRED', messageZh: '产权交易项目须选择交易类型：产权转让、增资扩股或资产转让（决定信息披露期限）', messageEn: 'A property deal needs its deal kind: equity transfer, capital increase or asset transfer (it decides the disclosure period)' };
  if (!(PROPERTY_KINDS as readonly string[]).includes(propertyKind)) return { reason: 'PROPERTY_KIND_INVALID', messageZh: `交易类型无效：${propertyKind}`, messageEn: `Unknown deal kind: ${propertyKind}` };
  return null;
}

