/**
 * Checks a project schedule against the statutory minimum periods (issue 4 §2; domain §2, N1–N4, L1,
 * L7) and the structural ordering rules, when the schedule is saved.
 *
 * - Every limit of `STATUTORY_LIMITS` that applies to the trade type / method (/ property kind) and
 *   whose anchor AND target are both present is checked with `earliestAllowed` (periods.ts): the
 *   target's Beijing date must be ≥ the N-th (working) day after the anchor's date.
 * - Missing fields are skipped, not reported: completeness is the caller's business.
 * - Uncovered holiday years propagate as VALIDATION `{ year }` — a working-day rule is never guessed.
 *
 * Acceleration (sandbox demos only, DESIGN §4; production refuses it upstream): with `acceleration = f`
 * (> 1) every statutory period becomes a plain duration of `n × 24 h ÷ f` of real time from the anchor
 * INSTANT — calendar-day and working-day semantics are dropped (1 d and 1 wd both become 24 h ÷ f; no
 * start-day exclusion, no 24:00 cut-off, no holiday table, so no uncovered-year errors). `f = 1` (the
 * default) is the statutory mode. Structural rules are unchanged.
 */
import { AppError } from '../errors.ts';
import { MS_PER_DAY, beijingDate, formatBeijingDateTime, formatDateZh, type LocalDate } from './dates.ts';
import type { HolidayTable } from './holidays.ts';
import { METHODS_BY_TRADE_TYPE, TRADE_TYPES, type TradeType } from '../procedure/flags.ts';
import {
  PROPERTY_KINDS,
  SCHEDULE_FIELDS,
  SCHEDULE_FIELD_LABELS,
  STATUTORY_LIMITS,
  STRUCTURAL_RULES,
  isMethodOf,
  type Limit,
  type LimitId,
  type PropertyKind,
  type ScheduleField,
  type StructuralRule,
  type StructuralRuleId,
  type TradeMethod,
} from './limits.ts';
import { earliestAllowed } from './periods.ts';

export type Schedule = Partial<Record<ScheduleField, Date>>;

export interface ScheduleCheckInput {
  tradeType: TradeType;
  method: TradeMethod;
  schedule: Schedule;
  /** Sandbox factor ≥ 1 that shrinks every period to duration ÷ factor of real time. Default 1. */
  acceleration?: number;
  /**
   * Apply the MFD §203 roll to minimum calendar-day periods (see `earliestAllowed`). Default `false`:
   * 不得少于 minimums are not pushed off weekends/holidays in tendering practice.
   */
  rollHoliday?: boolean;
  /** Property deals only: what is transferred (decides the R32 disclosure period). Default 'equity_transfer'. */
  propertyKind?: PropertyKind;
}

export interface ScheduleViolation {
  limitId: LimitId | StructuralRuleId;
  ruleRef: string;
  /** The field that must move. */
  field: ScheduleField;
  /** The earliest lawful instant for `field` (for 'OPENING_EQ_DEADLINE': the only lawful one). */
  earliestAllowed: Date;
  messageZh: string;
  messageEn: string;
}

export type ScheduleCheckResult = { ok: true } | { ok: false; violations: ScheduleViolation[] };

function bad(zh: string, en: string, details: Record<string, unknown>): AppError {
  return new AppError('VALIDATION', { zh, en }, details);
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The limits that apply to a trade type and method (property: and kind, default 'equity_transfer'). */
export function applicableLimits(
  tradeType: TradeType,
  method: TradeMethod,
  propertyKind: PropertyKind = 'equity_transfer',
): readonly Limit[] {
  return STATUTORY_LIMITS.filter(
    (l) =>
      l.tradeTypes.includes(tradeType) &&
      l.methods.includes(method) &&
      (l.propertyKinds === undefined || l.propertyKinds.includes(propertyKind)),
  );
}

function applicableStructural(tradeType: TradeType, method: TradeMethod): readonly StructuralRule[] {
  return STRUCTURAL_RULES.filter(
    (r) =>
      (r.tradeTypes === undefined || r.tradeTypes.includes(tradeType)) &&
      (r.methods === undefined || r.methods.includes(method)),
  );
}

function validateInput(input: ScheduleCheckInput): { factor: number; propertyKind: PropertyKind } {
  if (!(TRADE_TYPES as readonly string[]).includes(input.tradeType)) {
    throw bad(`交易类型无效：${String(input.tradeType)}`, `Unknown trade type: ${String(input.tradeType)}`, {
      tradeType: input.tradeType,
    });
  }
  if (!isMethodOf(input.tradeType, input.method)) {
    const allowed = METHODS_BY_TRADE_TYPE[input.tradeType].join(', ');
    throw bad(
      `交易方式 ${String(input.method)} 不适用于 ${input.tradeType}（可选：${allowed}）`,
      `Method ${String(input.method)} does not belong to ${input.tradeType} (one of: ${allowed})`,
      { tradeType: input.tradeType, method: input.method },
    );
  }
  const propertyKind = input.propertyKind ?? 'equity_transfer';
  if (!(PROPERTY_KINDS as readonly string[]).includes(propertyKind)) {
    throw bad(`产权交易类别无效：${String(propertyKind)}`, `Unknown property kind: ${String(propertyKind)}`, {
      propertyKind,
    });
  }
  const factor = input.acceleration ?? 1;
  if (typeof factor !== 'number' || !Number.isFinite(factor) || factor < 1) {
    throw bad(`加速倍数必须是不小于1的有限数：${String(factor)}`, `Acceleration must be a finite number ≥ 1: ${String(factor)}`, {
      acceleration: factor,
    });
  }
  for (const field of SCHEDULE_FIELDS) {
    const v = input.schedule[field];
    if (v === undefined) continue;
    if (!(v instanceof Date) || !Number.isFinite(v.getTime())) {
      const label = SCHEDULE_FIELD_LABELS[field];
      throw bad(`${label.zh}不是有效的时间`, `The ${label.en} is not a valid time`, { field });
    }
  }
  return { factor, propertyKind };
}

function limitViolation(limit: Limit, earliest: Date, factor: number): ScheduleViolation {
  const label = limit.targetLabel ?? SCHEDULE_FIELD_LABELS[limit.target];
  let whenZh: string;
  let whenEn: string;
  let suffixZh = '';
  let suffixEn = '';
  if (factor === 1) {
    const day: LocalDate = beijingDate(earliest);
    whenZh = formatDateZh(day);
    whenEn = day;
  } else {
    whenZh = formatBeijingDateTime(earliest);
    whenEn = `${whenZh} (Beijing time)`;
    suffixZh = `；沙箱加速 ×${factor}`;
    suffixEn = `; sandbox acceleration ×${factor}`;
  }
  return {
    limitId: limit.id,
    ruleRef: limit.ruleRef,
    field: limit.target,
    earliestAllowed: earliest,
    messageZh: `${label.zh}不得早于 ${whenZh}（${limit.descriptionZh}，${limit.citationZh}${suffixZh}）`,
    messageEn: `${capitalize(label.en)} must not be earlier than ${whenEn} (${limit.descriptionEn}; ${limit.citationEn}${suffixEn})`,
  };
}

function structuralViolation(rule: StructuralRule, reference: Date): ScheduleViolation {
  const label = SCHEDULE_FIELD_LABELS[rule.field];
  const rel = SCHEDULE_FIELD_LABELS[rule.relativeTo];
  const at = formatBeijingDateTime(reference);
  const cite = rule.ruleRef === 'ORDER' ? '' : `，${rule.citationZh}`;
  const citeEn = rule.ruleRef === 'ORDER' ? '' : `; ${rule.citationEn}`;
  switch (rule.relation) {
    case 'eq':
      return {
        limitId: rule.id,
        ruleRef: rule.ruleRef,
        field: rule.field,
        earliestAllowed: reference,
        messageZh: `${label.zh}应当与${rel.zh}为同一时间（${at}${cite}）`,
        messageEn: `${capitalize(label.en)} must be the same instant as the ${rel.en} (${at} Beijing time${citeEn})`,
      };
    case 'gt':
      return {
        limitId: rule.id,
        ruleRef: rule.ruleRef,
        field: rule.field,
        earliestAllowed: new Date(reference.getTime() + 1),
        messageZh: `${label.zh}应当晚于${rel.zh}（${at}${cite}）`,
        messageEn: `${capitalize(label.en)} must be after the ${rel.en} (${at} Beijing time${citeEn})`,
      };
    case 'gte':
      return {
        limitId: rule.id,
        ruleRef: rule.ruleRef,
        field: rule.field,
        earliestAllowed: reference,
        messageZh: `${label.zh}不得早于${rel.zh}（${at}${cite}）`,
        messageEn: `${capitalize(label.en)} must not be before the ${rel.en} (${at} Beijing time${citeEn})`,
      };
  }
}

/** The earliest lawful target for `limit` given its anchor instant (statutory or accelerated mode). */
export function limitEarliest(
  limit: Limit,
  anchor: Date,
  table: HolidayTable,
  options: { acceleration?: number; rollHoliday?: boolean } = {},
): Date {
  const factor = options.acceleration ?? 1;
  if (factor !== 1) return new Date(anchor.getTime() + Math.ceil((limit.min.n * MS_PER_DAY) / factor));
  return earliestAllowed(anchor, limit.min.n, limit.min.unit, table, { rollHoliday: options.rollHoliday ?? false });
}

/**
 * Checks `input.schedule` (instants) against every applicable statutory limit and structural rule.
 * Returns `{ ok: true }` or every violation, limits first (in STATUTORY_LIMITS order), then structural.
 * Throws VALIDATION for an unknown trade type / method / property kind, an acceleration < 1, an invalid
 * Date, or a working-day computation in a year the holiday table does not cover.
 */
export function checkSchedule(input: ScheduleCheckInput, table: HolidayTable): ScheduleCheckResult {
  const { factor, propertyKind } = validateInput(input);
  const { schedule } = input;
  const violations: ScheduleViolation[] = [];

  for (const limit of applicableLimits(input.tradeType, input.method, propertyKind)) {
    const anchor = schedule[limit.anchor];
    const target = schedule[limit.target];
    if (anchor === undefined || target === undefined) continue;
    const earliest = limitEarliest(limit, anchor, table, {
      acceleration: factor,
      rollHoliday: input.rollHoliday ?? false,
    });
    if (target.getTime() < earliest.getTime()) violations.push(limitViolation(limit, earliest, factor));
  }

  for (const rule of applicableStructural(input.tradeType, input.method)) {
    const value = schedule[rule.field];
    const reference = schedule[rule.relativeTo];
    if (value === undefined || reference === undefined) continue;
    const v = value.getTime();
    const r = reference.getTime();
    const holds = rule.relation === 'eq' ? v === r : rule.relation === 'gt' ? v > r : v >= r;
    if (!holds) violations.push(structuralViolation(rule, reference));
  }

  return violations.length === 0 ? { ok: true } : { ok: false, violations };
}
