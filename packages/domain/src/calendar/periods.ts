/**
 * Period computation per 民法典 总则 (MFD) §201–203 (domain §0, T2; issue 12 §3–4):
 *
 *   第二百零一条 按照年、月、日计算期间的，开始的当日不计入，自下一日开始计算。
 *   第二百零三条 期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日。
 *                期间的最后一日的截止时间为二十四时；有业务时间的，停止业务活动的时间为截止时间。
 *
 * Readings implemented here:
 * - Day boundaries are 北京时间. The anchor is an instant; only its Beijing DATE matters (any hour of
 *   3月1日 is "3月1日"), and that day is never counted. An anchor that is itself the end of a window
 *   stored as 24:00 (the next day's 00:00) belongs to the day that ended.
 * - `'d'` (日) = calendar days: the N-th day is anchorDate + N. `'wd'` (工作日) = working days (调休
 *   workdays count, holiday blocks and ordinary weekends do not): the N-th working day after the anchor
 *   date, a working day by construction, so it never rolls.
 * - 法定休假日 (§203) = every non-working day: the holiday blocks AND ordinary Saturdays/Sundays (周休息日;
 *   Chinese practice, courts included, rolls periods over weekends). "法定休假日结束的次日" is the first
 *   working day after the N-th day; a 调休 weekend workday is a working day and ends the roll.
 * - Periods counted FORWARD roll (§203 ¶1): a period that runs out (an answer, a refund) and a minimum
 *   period owed forward (N1–N4, L1, the deadline N5 moves). Limits counted BACK from a deadline ("no later
 *   than N days before it": objections, the N5 check itself) never roll: rolling would move them past the
 *   statutory distance (tendering/objection.ts, tendering/clarification.ts).
 * - Points and windows (§203 ¶2): a minimum period whose target is a POINT in time (a bid deadline, a
 *   listing start) is met by any instant of its earliest lawful day, from 00:00. A WINDOW that must last
 *   N days (a document sale, a listing, a disclosure) must stay open until 24:00 of its N-th day, or until
 *   the end of business hours where the documents set them; a window ending at 00:00 of its N-th day is
 *   one day short.
 * - Every computation states its `Leaning` (leaning.ts): how an uncertain day of a provisional year counts.
 *   Results say whether they depended on one (`provisional`).
 */
import { AppError } from '../errors.ts';
import { addDays, beijingDate, endOfBeijingDay, startOfBeijingDay, type LocalDate } from './dates.ts';
import { WorkCalendar, type HolidayTable } from './holidays.ts';
import type { Leaning } from './leaning.ts';

/** `'d'` = 日 (calendar days); `'wd'` = 工作日 (working days). */
export type PeriodUnit = 'd' | 'wd';

/** A minimum period's target: a point in time, or the end of a window that must last the whole period. */
export type MinimumKind = 'point' | 'window';

export interface PeriodOptions {
  /** How uncertain days of a provisional year count (leaning.ts). */
  leaning: Leaning;
  /**
   * Apply MFD §203 ¶1 to a calendar-day period: a last day on a rest day moves to the next working day.
   * Default true (every forward-counted period). Irrelevant for `'wd'`.
   */
  roll?: boolean;
}

export interface PeriodResult {
  /** The last day of the period, after the §203 roll. */
  lastDay: LocalDate;
  /** 24:00 北京时间 of `lastDay`, exclusive: an act at instant `t` is in time iff `t < endsAt`. */
  endsAt: Date;
  /** The answer depended on an uncertain day of a provisional year (show it as 暂定). */
  provisional: boolean;
}

function assertCount(n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new AppError(
      'VALIDATION',
      { zh: `期间长度必须为非负整数：${n}`, en: `Period length must be a non-negative integer: ${n}` },
      { n },
    );
  }
}

function assertUnit(unit: string): void {
  if (unit !== 'd' && unit !== 'wd') {
    throw new AppError('VALIDATION', { zh: `期间单位无效：${unit}`, en: `Invalid period unit: ${unit}` }, { unit });
  }
}

/**
 * The Beijing day an anchor instant stands for: its date, or — for the end of a window stored as 24:00
 * (exactly 00:00 of the next day) — the day that ended.
 */
export function anchorDay(anchor: Date, isWindowEnd = false): LocalDate {
  const day = beijingDate(anchor);
  return isWindowEnd && anchor.getTime() === startOfBeijingDay(day).getTime() ? addDays(day, -1) : day;
}

/** The N-th unit day after `day` with the §203 roll applied to calendar days when `roll` (default true). */
function lastDayOf(day: LocalDate, n: number, unit: PeriodUnit, cal: WorkCalendar, roll = true): LocalDate {
  assertCount(n);
  assertUnit(unit);
  if (unit === 'wd') return cal.addWorkingDays(day, n);
  const raw = addDays(day, n);
  return roll ? cal.nextWorkingDayOnOrAfter(raw) : raw;
}

/**
 * When a period of `n` days or working days that starts at `anchor` runs out (MFD §201–203): objection
 * answers, refunds, challenge windows. Calendar days roll off rest days unless `roll: false`.
 *
 * Example: a 15-day period from 2025-09-16 reaches 2025-10-01 (国庆), and rolls to 2025-10-09.
 */
export function periodEnd(anchor: Date, n: number, unit: PeriodUnit, table: HolidayTable, options: PeriodOptions): PeriodResult {
  const cal = new WorkCalendar(table, options.leaning);
  const lastDay = lastDayOf(beijingDate(anchor), n, unit, cal, options.roll ?? true);
  return { lastDay, endsAt: endOfBeijingDay(lastDay), provisional: cal.provisional };
}

export interface MinimumOptions extends PeriodOptions {
  /** A point in time (earliest lawful day from 00:00) or a window (open until the end of its N-th day). */
  kind: MinimumKind;
  /** The anchor is the end of a window (24:00 belongs to the day that ended). */
  anchorIsWindowEnd?: boolean;
  /**
   * Windows only: the counter's business hours end (minutes after 00:00 北京时间) where the documents set
   * them (§203 ¶2); absent = 24:00.
   */
  businessHoursEndMinutes?: number | null;
}

export interface MinimumResult {
  /** The earliest lawful instant for the target. */
  at: Date;
  /** The earliest lawful day (the N-th day, rolled). */
  lastDay: LocalDate;
  provisional: boolean;
}

/**
 * The earliest lawful target of a minimum period ("不得少于 N 日 / N 个工作日") anchored at `anchor`:
 * - `point`: 00:00 北京时间 of the N-th (working) day after the anchor's day, rolled off a rest day for
 *   calendar days (engineering docs issued on 3月1日 → a bid deadline on 3月21日 from 00:00, or the next
 *   working day when 3月21日 is a rest day);
 * - `window`: 24:00 of that day (exclusive instant = next day's 00:00), or its business-hours end.
 */
export function earliestAllowed(anchor: Date, n: number, unit: PeriodUnit, table: HolidayTable, options: MinimumOptions): MinimumResult {
  const cal = new WorkCalendar(table, options.leaning);
  const lastDay = lastDayOf(anchorDay(anchor, options.anchorIsWindowEnd), n, unit, cal, options.roll ?? true);
  let at: Date;
  if (options.kind === 'point') at = startOfBeijingDay(lastDay);
  else if (options.businessHoursEndMinutes !== undefined && options.businessHoursEndMinutes !== null) {
    at = new Date(startOfBeijingDay(lastDay).getTime() + options.businessHoursEndMinutes * 60_000);
  } else at = endOfBeijingDay(lastDay);
  return { at, lastDay, provisional: cal.provisional };
}

/** Whether `target` satisfies the minimum period of `earliestAllowed` (same options). */
export function meetsMinimum(anchor: Date, target: Date, n: number, unit: PeriodUnit, table: HolidayTable, options: MinimumOptions): boolean {
  beijingDate(target); // validates the instant
  return target.getTime() >= earliestAllowed(anchor, n, unit, table, options).at.getTime();
}

/**
 * The N-th unit day after the anchor's Beijing date, before any roll (`'d'`: anchorDate + N; `'wd'`: the
 * N-th working day after it), and whether it depended on an uncertain day.
 */
export function nthDayAfter(anchor: Date, n: number, unit: PeriodUnit, table: HolidayTable, leaning: Leaning): { day: LocalDate; provisional: boolean } {
  const cal = new WorkCalendar(table, leaning);
  return { day: lastDayOf(beijingDate(anchor), n, unit, cal, false), provisional: cal.provisional };
}
