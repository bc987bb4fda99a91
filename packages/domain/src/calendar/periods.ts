/**
 * Period computation per 民法典 总则 (MFD) §201–203 (domain §0, T2):
 *
 *   第二百零一条 按照年、月、日计算期间的，开始的当日不计入，自下一日开始计算。
 *   第二百零三条 期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日。
 *                期间的最后一日的截止时间为二十四时；有业务时间的，停止业务活动的时间为截止时间。
 *
 * Readings implemented here:
 * - Day boundaries are 北京时间. The anchor is an instant; only its Beijing DATE matters (any hour of
 *   3月1日 is "3月1日"), and that day is never counted.
 * - `'d'` (日) = calendar days: the last day is anchorDate + N.
 * - `'wd'` (工作日) = working days per the holiday table (调休 workdays count, holiday blocks and ordinary
 *   weekends do not): the last day is the N-th working day after the anchor date. It is a working day by
 *   construction, so the §203 roll never applies to it.
 * - 法定休假日 (§203) = every non-working day of the table: the announced holiday blocks AND ordinary
 *   Saturdays/Sundays (周休息日 under 国务院关于职工工作时间的规定; Chinese practice, courts included,
 *   rolls periods over weekends). "法定休假日结束的次日" is therefore the first working day after
 *   the last day; a 调休 weekend workday is a working day and ends the roll.
 * - The period ends at 24:00 Beijing of the last day: `endsAt` is the exclusive instant (next day 00:00).
 *   "有业务时间的" cut-offs are not modelled; a document that sets a time uses its own time.
 */
import { AppError } from '../errors.ts';
import { addDays, beijingDate, endOfBeijingDay, startOfBeijingDay, type LocalDate } from './dates.ts';
import { addWorkingDays, nextWorkingDayOnOrAfter, type HolidayTable } from './holidays.ts';

/** `'d'` = 日 (calendar days); `'wd'` = 工作日 (working days). */
export type PeriodUnit = 'd' | 'wd';

export interface PeriodOptions {
  /**
   * Apply MFD §203: when the last day of a calendar-day period is a rest day, the period runs to the
   * next working day. Needs the table for the last day's year (VALIDATION `{ year }` if not covered).
   * Irrelevant for `'wd'`. Defaults: `true` in `periodEnd`, `false` in `earliestAllowed`.
   */
  rollHoliday?: boolean;
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
 * The N-th unit day after the anchor's Beijing date, before any §203 roll: anchorDate + N for `'d'`,
 * the N-th working day after it for `'wd'`.
 */
export function nthDayAfter(anchor: Date, n: number, unit: PeriodUnit, table: HolidayTable): LocalDate {
  assertCount(n);
  assertUnit(unit);
  const start = beijingDate(anchor);
  return unit === 'd' ? addDays(start, n) : addWorkingDays(start, n, table);
}

/**
 * When a period of `n` days (`'d'`) or working days (`'wd'`) that starts at `anchor` expires
 * (MFD §201–203). Use it for periods that RUN OUT: objection windows, refund deadlines, reply limits.
 *
 * - `lastDay`: the last day of the period (after the §203 roll unless `rollHoliday: false`).
 * - `endsAt`: 24:00 北京时间 of `lastDay`, exclusive — an act at instant `t` is in time iff `t < endsAt`.
 *
 * Example: a 15-day period from 2025-09-16 reaches 2025-10-01 (国庆), and rolls to 2025-10-09.
 */
export function periodEnd(
  anchor: Date,
  n: number,
  unit: PeriodUnit,
  table: HolidayTable,
  options: PeriodOptions = {},
): { lastDay: LocalDate; endsAt: Date } {
  const rollHoliday = options.rollHoliday ?? true;
  const raw = nthDayAfter(anchor, n, unit, table);
  const lastDay = unit === 'd' && rollHoliday ? nextWorkingDayOnOrAfter(raw, table) : raw;
  return { lastDay, endsAt: endOfBeijingDay(lastDay) };
}

/**
 * The earliest instant at which a target event may be scheduled so that "target − anchor ≥ N units"
 * holds — the scheduler's reading of 不得少于 N 日 / N 个工作日 minimum periods:
 *
 *   the target's Beijing DATE must be on or after the N-th unit day after the anchor's date,
 *
 * i.e. the N counted days are anchorDate+1 … targetDate and the target day itself counts, whatever the
 * hour. Engineering docs issued on 3月1日 (any hour) → the 20 days are 3月2日…3月21日 → a bid deadline at
 * any time on 3月21日 (from 00:00:00) is lawful, 3月20日 23:59:59 is not. The result is therefore always
 * 00:00 北京时间 of that day.
 *
 * `rollHoliday` (default `false`): a minimum period is never SHORTENED by a holiday, and tendering
 * practice does not push a 不得少于 deadline off a rest day (a bid deadline on a Saturday 20 days out is
 * accepted). With `rollHoliday: true` the §203 roll is applied to the N-th day as in `periodEnd`, so the
 * earliest day moves to the next working day (stricter). It has no effect on `'wd'`, whose N-th day is
 * a working day.
 *
 * With `unit: 'd'` and no roll the table is not consulted; `'wd'`, or a roll, throws VALIDATION `{ year }`
 * for a year the table does not cover.
 */
export function earliestAllowed(
  anchor: Date,
  n: number,
  unit: PeriodUnit,
  table: HolidayTable,
  options: PeriodOptions = {},
): Date {
  const rollHoliday = options.rollHoliday ?? false;
  const raw = nthDayAfter(anchor, n, unit, table);
  const day = unit === 'd' && rollHoliday ? nextWorkingDayOnOrAfter(raw, table) : raw;
  return startOfBeijingDay(day);
}

/** Whether `target` satisfies the minimum period of `earliestAllowed` (same options, same default). */
export function meetsMinimum(
  anchor: Date,
  target: Date,
  n: number,
  unit: PeriodUnit,
  table: HolidayTable,
  options: PeriodOptions = {},
): boolean {
  beijingDate(target); // validates the instant
  return target.getTime() >= earliestAllowed(anchor, n, unit, table, options).getTime();
}
