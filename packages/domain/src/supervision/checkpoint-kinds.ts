/**
 * The declared kinds of checkpoint (监督点, issue 20 §1; domain §2, §6.1–6.2; M1): every statutory timer of
 * a project that applies so far — what it is called, the rule it watches (a row of domain §2), whether it
 * counts calendar or working days, its warning window, and who must act. The due instant itself always
 * comes from the ONE calendar engine (calendar/periods.ts, with the `due` leaning of leaning.ts: a watched
 * duty is due at the earliest date the official calendar can make it, provisional in an unpublished year).
 *
 * ── Adding a timer for a new step is one declaration next to the step ──────────────────────────────────
 *
 * 1. Declare the kind here (a line in CHECKPOINT_KINDS: key, names, rule, unit, default warning window,
 *    responsible party, the act that completes it). Its warning window can then be overridden by
 *    configuration (CHECKPOINT_WARN_MINUTES, JSON: `{"award.contract": 2880}`), see `resolveWarnMinutes`.
 * 2. At the step that starts the clock, inside the step's own transaction, one call:
 *
 *        const due = checkpointDue('award.contract', { tradeType: p.tradeType, anchor: awardNoticeAt }, table);
 *        await declareCheckpoint(tx, deps, { projectId: p.id, kind: 'award.contract', subjectKey: `award:${a.id}`,
 *          ...due, responsibleOrgId: p.tendereeOrgId });
 *
 *    (`declareCheckpoint` from services/supervision: it upserts the row — a moved deadline moves it — and
 *    schedules the 'checkpoint.evaluate' jobs at warnAt and dueAt.) For a kind whose due instant is set by
 *    the schedule rather than a period (`unit: 'instant'`), use `checkpointAt(kind, dueAt)`.
 * 3. At the act that completes it, in the act's transaction:
 *
 *        await completeCheckpoint(tx, deps, { projectId: p.id, kind: 'award.contract', subjectKey: `award:${a.id}`, act: 'contract.sign' });
 *
 * A minimum period (a window the law says must stay open at least N days: 文件发售期, 公告期) is declared
 * with `period: 'window'` and the statutory window limits it watches (`windows`, calendar/limits.ts):
 * `windowCheckpoints()` below derives one checkpoint per applicable limit from the project's schedule,
 * due when the minimum has surely run (the limit's earliest lawful end, `owed` leaning — the same count
 * the schedule was validated with). It is done at that instant when the window was open until then, red
 * when the window closed before it (cut short — e.g. a year's official calendar published after the
 * notice made the period too short).
 *
 * That is all: the engine computes green / yellow / red from server time, raises the yellow and the red
 * alert once each (restarts and several instances included) to the responsible party and the project's
 * supervisors, audited in the project's chain. A kind that wants its own alert text registers a raiser
 * (services checkpoint-raisers.ts); otherwise the engine's generic text names the kind and its rule.
 */
import { AppError } from '../errors.ts';
import type { HolidayTable } from '../calendar/holidays.ts';
import { LEANING } from '../calendar/leaning.ts';
import { periodEnd, type PeriodUnit } from '../calendar/periods.ts';
import { addDays, beijingDate, endOfBeijingDay, startOfBeijingDay } from '../calendar/dates.ts';
import { isWorkingDay } from '../calendar/holidays.ts';
import type { Bilingual } from '../calendar/limits.ts';
import type { TradeType } from '../procedure/flags.ts';
import { applicableLimits, limitEarliest, parseBusinessHoursEnd, type ScheduleCheckInput } from '../calendar/check-schedule.ts';
import type { LimitId, ScheduleField } from '../calendar/limits.ts';

/** Who must act: the trading center's staff, or the owner side (tenderee and its agent). */
export type CheckpointResponsible = 'center' | 'owner_side';

export interface CheckpointKindDecl {
  name: Bilingual;
  /** The rule watched: the domain §2 row and its source. */
  rule: string;
  /**
   * How the due instant is counted: a period of calendar ('d') or working ('wd') days from an anchor,
   * per trade type (absent trade types do not have this checkpoint); 'instant': set by the schedule; or
   * 'window': a minimum period the schedule must keep open, due at the earliest lawful end of one of the
   * statutory window limits in `windows` (see `windowCheckpoints`).
   */
  period: Partial<Record<TradeType, { n: number; unit: PeriodUnit }>> | 'instant' | 'window';
  /** For `period: 'window'`: the statutory window limits (calendar/limits.ts) this kind watches. */
  windows?: readonly LimitId[];
  /** Default warning window before the due instant, in minutes (0 = green → red, no yellow). */
  warnMinutes: number;
  responsible: CheckpointResponsible;
  /** The act that completes it. */
  act: Bilingual;
}

const ALL_TRADES = <P>(p: P): Record<TradeType, P> => ({ engineering: p, procurement: p, land: p, property: p });
const DAY_MIN = 24 * 60;

/** Every kind of checkpoint that applies so far (domain §2 rows; the later issues add theirs here). */
export const CHECKPOINT_KINDS = {
  'notice.period': {
    name: { zh: '公告期', en: 'Notice period' },
    rule: '§2 Notice period 5 wd; the documents available ≥ 5 wd from the notice (R87 §16, §18, K)',
    period: 'window',
    windows: ['GP_NOTICE_PERIOD'],
    // A minimum period: nothing for anyone to do before it ends, so no yellow.
    warnMinutes: 0,
    responsible: 'owner_side',
    act: { zh: '公告期届满', en: 'Notice period run' },
  },
  'documents.sale_period': {
    name: { zh: '文件发售期', en: 'Document sale period' },
    rule: '§2 Prequal/tender doc sale period ≥ 5 d (ZTBT §16, V); tender doc availability ≥ 5 wd (CGT §31, V; R214 §10, K)',
    period: 'window',
    windows: ['N3_ENG_DOC_SALE', 'N3_ENG_PREQUAL_DOC_SALE', 'N3_GP_DOC_AVAILABILITY', 'N3_GP_CONSULTATION_DOC_SALE'],
    warnMinutes: 0,
    responsible: 'owner_side',
    act: { zh: '文件发售期届满', en: 'Document sale period run' },
  },
  'objection.answer': {
    name: { zh: '异议答复', en: 'Objection answer' },
    rule: '§2 Objection reply ≤ 3 d, process paused (ZTBT §22, §54, V)',
    period: { engineering: { n: 3, unit: 'd' } },
    warnMinutes: DAY_MIN,
    responsible: 'owner_side',
    act: { zh: '答复异议', en: 'Objection answered' },
  },
  'challenge.answer': {
    name: { zh: '质疑答复', en: 'Challenge answer' },
    rule: '§2 Challenge answer 7 wd (CG §52–53, V)',
    period: { procurement: { n: 7, unit: 'wd' } },
    warnMinutes: DAY_MIN,
    responsible: 'owner_side',
    act: { zh: '答复质疑', en: 'Challenge answered' },
  },
  'prequal.review': {
    name: { zh: '资格预审评审', en: 'Prequalification review' },
    rule: '§2 Prequal application/review per the notice (ZTBT §17, V; CGT §21, V): review done by its scheduled end',
    period: 'instant',
    warnMinutes: DAY_MIN,
    responsible: 'center',
    act: { zh: '资格审查完成', en: 'Prequalification review completed' },
  },
  'opening.start': {
    name: { zh: '开标', en: 'Opening start' },
    rule: '§2 Opening time = bid deadline (ZTB §34, V), started and hosted within the start grace (O1)',
    period: 'instant',
    warnMinutes: 0,
    responsible: 'center',
    act: { zh: '开标并主持', en: 'Opening started and hosted' },
  },
  'opening.decryption': {
    name: { zh: '解密时段', en: 'Decryption window' },
    rule: '§2 Opening at the bid deadline (ZTB §34, V): the decryption window closes at its end (O3)',
    period: 'instant',
    warnMinutes: 0,
    responsible: 'center',
    act: { zh: '解密时段结束', en: 'Decryption window closed' },
  },
  'deposit.refund': {
    name: { zh: '保证金退还', en: 'Security refund' },
    rule: '§2 Security refund ≤ 5 d (ZTBT §35, §57, V) / ≤ 5 wd (CGT §33, V; C-FJL §46, K) (B10)',
    period: { ...ALL_TRADES({ n: 5, unit: 'wd' as PeriodUnit }), engineering: { n: 5, unit: 'd' } },
    warnMinutes: DAY_MIN,
    responsible: 'center',
    act: { zh: '退还保证金', en: 'Security refunded' },
  },
} as const satisfies Record<string, CheckpointKindDecl>;

export type CheckpointKind = keyof typeof CHECKPOINT_KINDS;
export const CHECKPOINT_KIND_KEYS = Object.keys(CHECKPOINT_KINDS) as CheckpointKind[];

export function isCheckpointKind(k: string): k is CheckpointKind {
  return Object.hasOwn(CHECKPOINT_KINDS, k);
}

/** The declaration of a kind (typed as the general shape). */
export function checkpointKind(kind: CheckpointKind): CheckpointKindDecl {
  return CHECKPOINT_KINDS[kind];
}

/** Per-kind warning windows overriding the declarations, in minutes. */
export type WarnOverrides = Partial<Record<CheckpointKind, number>>;

const MAX_WARN_MINUTES = 60 * DAY_MIN;

/**
 * Parse the configured overrides (JSON text `{"objection.answer": 720}`, or an object). Unknown kinds and
 * values that are not whole minutes in 0‥60 days are refused: a typo must not silently keep the default.
 */
export function parseWarnOverrides(input: unknown): WarnOverrides {
  if (input === undefined || input === null || input === '') return {};
  let v: unknown = input;
  if (typeof input === 'string') {
    try {
      v = JSON.parse(input);
    } catch {
      throw new AppError('VALIDATION', { zh: '预警时间配置不是有效的 JSON', en: 'The warning window configuration is not valid JSON' }, { reason: 'WARN_CONFIG_JSON' });
    }
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new AppError('VALIDATION', { zh: '预警时间配置须为对象', en: 'The warning window configuration must be an object' }, { reason: 'WARN_CONFIG_SHAPE' });
  }
  const out: WarnOverrides = {};
  for (const [k, m] of Object.entries(v)) {
    if (!isCheckpointKind(k)) throw new AppError('VALIDATION', { zh: `未知的监督点类型：${k}`, en: `Unknown checkpoint kind: ${k}` }, { reason: 'WARN_CONFIG_KIND', kind: k });
    if (typeof m !== 'number' || !Number.isInteger(m) || m < 0 || m > MAX_WARN_MINUTES) {
      throw new AppError('VALIDATION', { zh: `预警时间无效：${k}`, en: `Invalid warning window: ${k}` }, { reason: 'WARN_CONFIG_VALUE', kind: k });
    }
    out[k] = m;
  }
  return out;
}

/** The warning window of a kind, in minutes: the configured override, else the declaration's default. */
export function resolveWarnMinutes(kind: CheckpointKind, overrides: WarnOverrides = {}): number {
  return overrides[kind] ?? CHECKPOINT_KINDS[kind].warnMinutes;
}

export interface CheckpointDue {
  /** From here yellow: dueAt − the kind's warning window (= dueAt without a window). */
  warnAt: Date;
  /** Exclusive: red from this instant unless done. */
  dueAt: Date;
  /** The due instant depended on an uncertain day of an unpublished year (暂定). */
  provisional: boolean;
}

/** The times of a kind whose due instant is given (the schedule's, `period: 'instant'`, or already computed). */
export function checkpointAt(kind: CheckpointKind, dueAt: Date, options: { provisional?: boolean; overrides?: WarnOverrides } = {}): CheckpointDue {
  if (Number.isNaN(dueAt.getTime())) throw new AppError('VALIDATION', { zh: '到期时间无效', en: 'Invalid due instant' }, { reason: 'DUE_INVALID' });
  const warn = resolveWarnMinutes(kind, options.overrides) * 60_000;
  return { warnAt: new Date(dueAt.getTime() - warn), dueAt, provisional: options.provisional ?? false };
}

/**
 * The due instant of a period kind (MFD §201–203 via calendar/periods.ts, `due` leaning): the anchor's day
 * is not counted; calendar days roll off a rest day; working days skip rest days; 24:00 北京时间 of the
 * last day, exclusive. Provisional when it depended on an uncertain day of an unpublished year.
 *
 * The warning window of a working-day kind counts working time back from the due instant (domain §6.2,
 * C-GGZY: a 2-working-day limit is yellow "on its 2nd working day after 15:00" — a 540-minute window):
 * the rest days in between do not count, so a two-day window before a Monday's 24:00 starts on the
 * Friday, not on the Sunday (`workingWarnStart`). Calendar-day kinds count their window in plain time.
 */
export function checkpointDue(kind: CheckpointKind, input: { tradeType: TradeType; anchor: Date }, table: HolidayTable, overrides: WarnOverrides = {}): CheckpointDue {
  const decl = checkpointKind(kind);
  const p = decl.period === 'instant' || decl.period === 'window' ? undefined : decl.period[input.tradeType];
  if (!p) {
    throw new AppError('VALIDATION', { zh: `${decl.name.zh}不适用于该交易类型`, en: `${decl.name.en} does not apply to this trade type` }, { reason: 'CHECKPOINT_NOT_APPLICABLE', kind, tradeType: input.tradeType });
  }
  const end = periodEnd(input.anchor, p.n, p.unit, table, { leaning: LEANING.due });
  const due = checkpointAt(kind, end.endsAt, { provisional: end.provisional, overrides });
  if (p.unit !== 'wd') return due;
  return { ...due, warnAt: workingWarnStart(end.endsAt, resolveWarnMinutes(kind, overrides), table) };
}

/**
 * The start of a warning window of `minutes` of working time before `dueAt` (24:00 of a working day):
 * whole rest days between are skipped, on the same view of an unpublished year as the due instant's
 * (`due` leaning: an uncertain day counts as working). Pure.
 */
export function workingWarnStart(dueAt: Date, minutes: number, table: HolidayTable): Date {
  let remaining = minutes * 60_000;
  let day = beijingDate(new Date(dueAt.getTime() - 1)); // the day that ends at dueAt
  let cursor = dueAt.getTime();
  for (let guard = 0; guard < 400; guard++) {
    const available = cursor - startOfBeijingDay(day).getTime();
    if (remaining <= available) return new Date(cursor - remaining);
    remaining -= available;
    do day = addDays(day, -1);
    while (!isWorkingDay(day, table, LEANING.due));
    cursor = endOfBeijingDay(day).getTime();
  }
  throw new AppError('INTERNAL', undefined, { reason: 'WARN_WINDOW_UNBOUNDED' });
}

/** One minimum-period checkpoint of a schedule (`period: 'window'` kinds). */
export interface WindowCheckpoint extends CheckpointDue {
  kind: CheckpointKind;
  limitId: LimitId;
  /** The checkpoint's instance key inside the project: `limit:<limit id>`. */
  subjectKey: string;
  /** The schedule field that ends the window, and its instant. */
  windowField: ScheduleField;
  windowEnd: Date;
  /** The window closes before the minimum has run: the checkpoint turns red at its due instant. */
  cutShort: boolean;
}

/** The subject key of a window checkpoint, and back (null: not a window checkpoint's key). */
export const windowSubjectKey = (limitId: LimitId): string => `limit:${limitId}`;

/**
 * The minimum-period checkpoints of a schedule (issue 20 §1, M1; domain §6.2 文件发售期, 等标期): for every
 * statutory window limit that a `period: 'window'` kind watches, applies to the trade type and method, and
 * whose anchor and window end are both in the schedule — due at the limit's earliest lawful end, counted
 * exactly as the schedule check counts it (`limitEarliest`: `owed` leaning, business hours, sandbox
 * acceleration). Pure; the same list at the publication (declaration) and at the due instant (the raiser,
 * which sees a moved anchor or a newly published calendar year).
 */
export function windowCheckpoints(input: ScheduleCheckInput, table: HolidayTable, overrides: WarnOverrides = {}): WindowCheckpoint[] {
  const watched = new Map<LimitId, CheckpointKind>();
  for (const kind of CHECKPOINT_KIND_KEYS) for (const id of checkpointKind(kind).windows ?? []) watched.set(id, kind);
  const businessHoursEndMinutes = parseBusinessHoursEnd(input.businessHoursEnd);
  const out: WindowCheckpoint[] = [];
  for (const limit of applicableLimits(input.tradeType, input.method, input.propertyKind)) {
    const kind = watched.get(limit.id);
    const anchor = input.schedule[limit.anchor];
    const windowEnd = input.schedule[limit.target];
    if (!kind || limit.kind !== 'window' || !anchor || !windowEnd) continue;
    const earliest = limitEarliest(limit, anchor, table, { acceleration: input.acceleration ?? 1, businessHoursEndMinutes });
    out.push({
      kind,
      limitId: limit.id,
      subjectKey: windowSubjectKey(limit.id),
      windowField: limit.target,
      windowEnd,
      cutShort: windowEnd.getTime() < earliest.at.getTime(),
      ...checkpointAt(kind, earliest.at, { provisional: earliest.provisional, overrides }),
    });
  }
  return out;
}
