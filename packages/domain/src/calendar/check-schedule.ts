/**
 * Checks a project schedule against the statutory minimum periods (issue 4 §2, issue 12 §3–4; domain §2,
 * N1–N4, L1, L7, T2) and the structural ordering rules, when the schedule is saved, previewed, or the
 * notice is actually published (`scheduleAsPublished`).
 *
 * - Every limit of `STATUTORY_LIMITS` that applies to the trade type / method (/ property kind) and
 *   whose anchor AND target are both present is checked with `earliestAllowed` (periods.ts): a point must
 *   fall on or after the N-th (working) day after the anchor's day, rolled off a rest day for calendar
 *   days; a window must stay open until 24:00 of that day (or the documents' business-hours end).
 * - These are periods owed to bidders and applicants: provisional years are counted with the `owed`
 *   leaning (leaning.ts), and a violation whose earliest date depended on an uncertain day says so.
 * - Missing fields are skipped, not reported: completeness is the caller's business.
 *
 * Acceleration (sandbox demos only, DESIGN §4; production refuses it upstream): with `acceleration = f`
 * (> 1) every statutory period becomes a plain duration of `n × 24 h ÷ f` of real time from the anchor
 * INSTANT — calendar-day and working-day semantics are dropped (1 d and 1 wd both become 24 h ÷ f; no
 * start-day exclusion, no 24:00 cut-off, no holiday table, so no uncovered-year errors). `f = 1` (the
 * default) is the statutory mode. Structural rules are unchanged.
 */
import { AppError } from '../errors.ts';
import { MS_PER_DAY, beijingDate, formatBeijingDateTime, formatDateZh, startOfBeijingDay, type LocalDate } from './dates.ts';
import type { HolidayTable } from './holidays.ts';
import { LEANING } from './leaning.ts';
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
import { formatMoment, workingHoursMoment } from './working-hours.ts';
import { ORDER_RULE } from '../procedure/laws.ts';

export type Schedule = Partial<Record<ScheduleField, Date>>;
/** A schedule as stored (projects.schedule) and sent: field → ISO instant. */
export type IsoSchedule = Partial<Record<ScheduleField, string>>;

/** The stored schedule as instants (issue 17 §3: one conversion instead of a loop in each service). */
export function scheduleFromIso(iso: IsoSchedule): Schedule {
  const out: Schedule = {};
  for (const [k, v] of Object.entries(iso) as [ScheduleField, string | undefined][]) if (v !== undefined) out[k] = new Date(v);
  return out;
}

/** The schedule as stored: instants as ISO strings. */
export function scheduleToIso(s: Schedule): IsoSchedule {
  const out: IsoSchedule = {};
  for (const [k, v] of Object.entries(s) as [ScheduleField, Date | undefined][]) if (v !== undefined) out[k] = v.toISOString();
  return out;
}

export interface ScheduleCheckInput {
  tradeType: TradeType;
  method: TradeMethod;
  schedule: Schedule;
  /** Sandbox factor ≥ 1 that shrinks every period to duration ÷ factor of real time. Default 1. */
  acceleration?: number;
  /**
   * The counter's business hours end where the documents set them (`HH:MM`, 北京时间): a window then
   * lasts until that time of its last day instead of 24:00 (MFD §203 ¶2). Absent or null = 24:00.
   */
  businessHoursEnd?: string | null;
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
  /**
   * What the platform shows and suggests instead (issue 19 §6): the first working-hours moment of a working
   * day at or after `earliestAllowed` (working-hours.ts); the instant itself in sandbox acceleration and for
   * 'OPENING_EQ_DEADLINE'. The messages end with it: 最早可设为 2026年3月9日（星期一）09:00.
   */
  suggestedAt: Date;
  /** The earliest instant was computed on a provisional calendar (a year not yet published): 暂定. */
  provisional: boolean;
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

function validateInput(input: ScheduleCheckInput): { factor: number; propertyKind: PropertyKind; businessHoursEndMinutes: number | null } {
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
  const businessHoursEndMinutes = parseBusinessHoursEnd(input.businessHoursEnd);
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
  return { factor, propertyKind, businessHoursEndMinutes };
}

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** `HH:MM` → minutes after 00:00, null when absent; VALIDATION for anything else. */
export function parseBusinessHoursEnd(v: string | null | undefined): number | null {
  if (v === undefined || v === null) return null;
  const m = HH_MM.exec(v);
  if (!m) {
    throw bad(`营业时间截止应为 HH:MM（如 17:00）：${String(v)}`, `The business-hours end must be HH:MM (e.g. 17:00): ${String(v)}`, { field: 'businessHoursEnd' });
  }
  return Number(m[1]) * 60 + Number(m[2]);
}

/** The suggestion for an earliest lawful instant: working hours of a working day (statutory mode only). */
function suggestion(earliest: Date, factor: number, table: HolidayTable): Date {
  return factor === 1 ? workingHoursMoment(earliest, table).at : new Date(Math.ceil(earliest.getTime() / 60_000) * 60_000);
}

/** The messages' ending: 最早可设为 <a working-hours moment> (none in sandbox acceleration: the instant is exact). */
function suggestionText(at: Date, factor: number): { zh: string; en: string } {
  if (factor !== 1) return { zh: '', en: '' };
  const m = formatMoment(at);
  return { zh: `；最早可设为 ${m.zh}`, en: `; the earliest to set is ${m.en}` };
}

function limitViolation(limit: Limit, earliest: { at: Date; provisional: boolean }, factor: number, table: HolidayTable): ScheduleViolation {
  const label = limit.targetLabel ?? SCHEDULE_FIELD_LABELS[limit.target];
  let whenZh: string;
  let whenEn: string;
  let suffixZh = '';
  let suffixEn = '';
  if (factor !== 1) {
    whenZh = formatBeijingDateTime(earliest.at);
    whenEn = `${whenZh} (Beijing time)`;
    suffixZh = `；沙箱加速 ×${factor}`;
    suffixEn = `; sandbox acceleration ×${factor}`;
  } else if (limit.kind === 'point') {
    const day: LocalDate = beijingDate(earliest.at);
    whenZh = formatDateZh(day);
    whenEn = day;
  } else {
    // A window lasts until the end of its last day: 24:00 (= next day 00:00) or the business-hours end.
    const atMidnight = earliest.at.getTime() === startOfBeijingDay(beijingDate(earliest.at)).getTime();
    const day: LocalDate = beijingDate(new Date(earliest.at.getTime() - (atMidnight ? 1 : 0)));
    const time = atMidnight ? '24:00' : formatBeijingDateTime(earliest.at).slice(11, 16);
    whenZh = `${formatDateZh(day)} ${time}`;
    whenEn = `${day} ${time} (Beijing time)`;
  }
  if (earliest.provisional) {
    suffixZh += '；按暂定节假日安排计算，该年度放假安排尚未公布';
    suffixEn += '; computed on the provisional holiday calendar, that year’s schedule is not yet published';
  }
  const suggestedAt = suggestion(earliest.at, factor, table);
  const s = suggestionText(suggestedAt, factor);
  return {
    limitId: limit.id,
    ruleRef: limit.ruleRef,
    field: limit.target,
    earliestAllowed: earliest.at,
    suggestedAt,
    provisional: earliest.provisional,
    messageZh: `${label.zh}不得早于 ${whenZh}（${limit.descriptionZh}，${limit.citationZh}${suffixZh}）${s.zh}`,
    messageEn: `${capitalize(label.en)} must not be earlier than ${whenEn} (${limit.descriptionEn}; ${limit.citationEn}${suffixEn})${s.en}`,
  };
}

function structuralViolation(rule: StructuralRule, reference: Date, factor: number, table: HolidayTable): ScheduleViolation {
  const label = SCHEDULE_FIELD_LABELS[rule.field];
  const rel = SCHEDULE_FIELD_LABELS[rule.relativeTo];
  const at = formatBeijingDateTime(reference);
  const cite = rule.ruleRef === ORDER_RULE ? '' : `，${rule.citationZh}`;
  const citeEn = rule.ruleRef === ORDER_RULE ? '' : `; ${rule.citationEn}`;
  switch (rule.relation) {
    case 'eq':
      return {
        limitId: rule.id,
        ruleRef: rule.ruleRef,
        field: rule.field,
        earliestAllowed: reference,
        suggestedAt: reference,
        provisional: false,
        messageZh: `${label.zh}应当与${rel.zh}为同一时间（${at}${cite}）`,
        messageEn: `${capitalize(label.en)} must be the same instant as the ${rel.en} (${at} Beijing time${citeEn})`,
      };
    case 'gt': {
      const earliestAllowed = new Date(reference.getTime() + 1);
      const suggestedAt = suggestion(earliestAllowed, factor, table);
      const s = suggestionText(suggestedAt, factor);
      return {
        limitId: rule.id,
        ruleRef: rule.ruleRef,
        field: rule.field,
        earliestAllowed,
        suggestedAt,
        provisional: false,
        messageZh: `${label.zh}应当晚于${rel.zh}（${at}${cite}）${s.zh}`,
        messageEn: `${capitalize(label.en)} must be after the ${rel.en} (${at} Beijing time${citeEn})${s.en}`,
      };
    }
    case 'gte': {
      const suggestedAt = suggestion(reference, factor, table);
      const s = suggestionText(suggestedAt, factor);
      return {
        limitId: rule.id,
        ruleRef: rule.ruleRef,
        field: rule.field,
        earliestAllowed: reference,
        suggestedAt,
        provisional: false,
        messageZh: `${label.zh}不得早于${rel.zh}（${at}${cite}）${s.zh}`,
        messageEn: `${capitalize(label.en)} must not be before the ${rel.en} (${at} Beijing time${citeEn})${s.en}`,
      };
    }
  }
}

/** The earliest lawful target for `limit` given its anchor instant (statutory or accelerated mode). */
export function limitEarliest(
  limit: Limit,
  anchor: Date,
  table: HolidayTable,
  options: { acceleration?: number; businessHoursEndMinutes?: number | null } = {},
): { at: Date; provisional: boolean } {
  const factor = options.acceleration ?? 1;
  if (factor !== 1) return { at: new Date(anchor.getTime() + Math.ceil((limit.min.n * MS_PER_DAY) / factor)), provisional: false };
  const r = earliestAllowed(anchor, limit.min.n, limit.min.unit, table, {
    leaning: LEANING.owed,
    kind: limit.kind,
    anchorIsWindowEnd: limit.anchorIsWindowEnd ?? false,
    businessHoursEndMinutes: options.businessHoursEndMinutes ?? null,
  });
  return { at: r.at, provisional: r.provisional };
}

/**
 * Checks `input.schedule` (instants) against every applicable statutory limit and structural rule.
 * Returns `{ ok: true }` or every violation, limits first (in STATUTORY_LIMITS order), then structural.
 * Throws VALIDATION for an unknown trade type / method / property kind, an acceleration < 1, an invalid
 * Date or a malformed business-hours end. A year without a published calendar is never an error.
 */
export function checkSchedule(input: ScheduleCheckInput, table: HolidayTable): ScheduleCheckResult {
  const { factor, propertyKind, businessHoursEndMinutes } = validateInput(input);
  const { schedule } = input;
  const violations: ScheduleViolation[] = [];

  for (const limit of applicableLimits(input.tradeType, input.method, propertyKind)) {
    const anchor = schedule[limit.anchor];
    const target = schedule[limit.target];
    if (anchor === undefined || target === undefined) continue;
    const earliest = limitEarliest(limit, anchor, table, { acceleration: factor, businessHoursEndMinutes });
    if (target.getTime() < earliest.at.getTime()) violations.push(limitViolation(limit, earliest, factor, table));
  }

  for (const rule of applicableStructural(input.tradeType, input.method)) {
    const value = schedule[rule.field];
    const reference = schedule[rule.relativeTo];
    if (value === undefined || reference === undefined) continue;
    const v = value.getTime();
    const r = reference.getTime();
    const holds = rule.relation === 'eq' ? v === r : rule.relation === 'gt' ? v > r : v >= r;
    if (!holds) violations.push(structuralViolation(rule, reference, factor, table));
  }

  return violations.length === 0 ? { ok: true } : { ok: false, violations };
}

/**
 * Schedule fields that cannot come before the notice is actually published (issue 12 §6): the notice
 * itself, the first issue of the documents (they become available with the notice), the start of a
 * disclosure or publicity that the notice opens.
 */
export const ANCHORED_ON_PUBLICATION: readonly ScheduleField[] = ['noticePublishAt', 'docsIssueStart', 'disclosureStart', 'publicityStart'];

/**
 * The schedule as it stands when the notice is published at `publishedAt`: the publication instant is
 * the real one, and every field anchored on publication moves to it if it was planned earlier. Checking
 * this schedule tells whether publishing now would shorten a period owed to bidders.
 */
export function scheduleAsPublished(schedule: Schedule, publishedAt: Date): { schedule: Schedule; moved: ScheduleField[] } {
  const out: Schedule = { ...schedule };
  const moved: ScheduleField[] = [];
  for (const f of ANCHORED_ON_PUBLICATION) {
    const v = schedule[f];
    const late = f === 'noticePublishAt' ? v?.getTime() !== publishedAt.getTime() : v !== undefined && v.getTime() < publishedAt.getTime();
    if (late) {
      out[f] = publishedAt;
      moved.push(f);
    }
  }
  return { schedule: out, moved };
}
