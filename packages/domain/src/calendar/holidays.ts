/**
 * The working-day calendar (domain §0, T2; issue 12 §1–2): the official holiday table of the published
 * years (国务院办公厅 部分节假日安排) and, for every other year, the provisional calendar built from the law
 * (provisional.ts). No year is ever refused.
 *
 * - `holidays`: days off announced by the State Council, including the weekend days inside a block.
 * - `workdays`: weekend days that are working days (调休上班).
 * - In a published year a Monday–Friday not in `holidays` is a working day; a Saturday/Sunday is a rest
 *   day unless it is in `workdays`.
 * - `coveredYears`: the years whose official schedule is published on the platform. Entries of other years
 *   (a draft staff are still entering) are never consulted: a year counts as announced only when staff
 *   publish it as complete.
 * - A day of an unpublished year is certainly a rest day, certainly a working day, or uncertain; how an
 *   uncertain day counts is the caller's `Leaning` (leaning.ts, the one rule). `WorkCalendar` records
 *   whether a computation met an uncertain day (its result is then provisional).
 *
 * The table is data passed in by the caller (staff maintain it; domain does no I/O).
 */
import { AppError } from '../errors.ts';
import { addDays, compare, dayOfWeek, isLocalDate, isWeekend, yearOf, type LocalDate } from './dates.ts';
import type { Leaning } from './leaning.ts';
import { provisionalDayKind } from './provisional.ts';

export interface HolidayTable {
  /** Days off (holiday blocks, weekend days inside them included) → name, e.g. '国庆节'. */
  readonly holidays: Readonly<Record<LocalDate, string>>;
  /** 调休 weekend working days → the holiday they make up for. */
  readonly workdays: Readonly<Record<LocalDate, string>>;
  /** Years whose schedule is entered, ascending. */
  readonly coveredYears: readonly number[];
}

function invalid(zh: string, en: string, details: Record<string, unknown>): AppError {
  return new AppError('VALIDATION', { zh: `节假日表无效：${zh}`, en: `Invalid holiday table: ${en}` }, details);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function readDateMap(json: Record<string, unknown>, list: 'holidays' | 'workdays'): Record<LocalDate, string> {
  const raw = json[list];
  if (!isPlainObject(raw)) {
    throw invalid(`缺少 ${list} 对象`, `"${list}" must be an object of date → name`, { list });
  }
  const out: Record<LocalDate, string> = {};
  for (const [date, name] of Object.entries(raw)) {
    if (!isLocalDate(date)) {
      throw invalid(`${list} 中的日期无效：${date}`, `bad date in ${list}: ${date}`, { list, date });
    }
    if (typeof name !== 'string' || name.trim() === '') {
      throw invalid(`${list} 中 ${date} 的名称必须为非空字符串`, `the name of ${date} in ${list} must be a non-empty string`, {
        list,
        date,
      });
    }
    out[date] = name;
  }
  return out;
}

/**
 * Builds a HolidayTable from the JSON shape of `holidays-cn-*.json` (an object, or its JSON text):
 * `{ holidays: { 'YYYY-MM-DD': name }, workdays: { 'YYYY-MM-DD': name }, coveredYears?: number[] }`.
 * Other keys (`source`, `note`) are ignored. Without `coveredYears`, the covered years are the years that
 * have at least one entry in `holidays` (each annual notice starts with 元旦 and 春节). With an explicit
 * `coveredYears`, entries outside those years are kept but never consulted (their year stays uncovered).
 *
 * Throws VALIDATION naming the first bad entry: a date that is not a real `YYYY-MM-DD` date, an empty
 * name, a date listed both as holiday and as workday, or a "workday" that is not a Saturday or Sunday.
 * A table that covers no year is valid: every year is then provisional.
 */
export function holidayTableFrom(json: unknown): HolidayTable {
  let value = json;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch (e) {
      throw invalid('不是合法的 JSON', 'not valid JSON', { cause: e instanceof Error ? e.message : String(e) });
    }
  }
  if (!isPlainObject(value)) throw invalid('必须是对象', 'must be an object', {});

  const holidays = readDateMap(value, 'holidays');
  const workdays = readDateMap(value, 'workdays');

  for (const date of Object.keys(workdays) as LocalDate[]) {
    if (holidays[date] !== undefined) {
      throw invalid(`${date} 同时列为休息日和调休工作日`, `${date} is both a holiday and a workday`, { date });
    }
    if (!isWeekend(date)) {
      throw invalid(
        `调休工作日 ${date} 不是周六或周日`,
        `workday ${date} is not a Saturday or Sunday (weekday ${dayOfWeek(date)})`,
        { list: 'workdays', date },
      );
    }
  }

  let coveredYears: number[];
  if (value.coveredYears !== undefined) {
    const cy = value.coveredYears;
    if (!Array.isArray(cy) || !cy.every((y) => Number.isInteger(y) && (y as number) >= 1000 && (y as number) <= 9999)) {
      throw invalid('coveredYears 必须是年份数组', '"coveredYears" must be an array of years', { coveredYears: cy });
    }
    coveredYears = [...new Set(cy as number[])];
  } else {
    coveredYears = [...new Set((Object.keys(holidays) as LocalDate[]).map(yearOf))];
  }
  coveredYears.sort((a, b) => a - b);

  return Object.freeze({
    holidays: Object.freeze(holidays),
    workdays: Object.freeze(workdays),
    coveredYears: Object.freeze(coveredYears),
  });
}

export function isYearCovered(year: number, table: HolidayTable): boolean {
  return table.coveredYears.includes(year);
}

export interface DayStatus {
  /** The official status, or for a provisional year the certain one ('uncertain' when the notice decides). */
  kind: 'working' | 'rest' | 'uncertain';
  /** The day's year is published on the platform. */
  official: boolean;
  /** The holiday (or 调休) the day belongs to, if any. */
  name?: string;
}

/** The status of `d`: from the official table in a published year, else from the provisional calendar. */
export function dayStatus(d: LocalDate, table: HolidayTable): DayStatus {
  if (isYearCovered(yearOf(d), table)) {
    const w = table.workdays[d];
    if (w !== undefined) return { kind: 'working', official: true, name: w };
    const h = table.holidays[d];
    if (h !== undefined) return { kind: 'rest', official: true, name: h };
    return { kind: isWeekend(d) ? 'rest' : 'working', official: true };
  }
  return { ...provisionalDayKind(d), official: false };
}

function assertCount(n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new AppError(
      'VALIDATION',
      { zh: `工作日数必须为非负整数：${n}`, en: `Working-day count must be a non-negative integer: ${n}` },
      { n },
    );
  }
}

/**
 * Working-day arithmetic on one table with one leaning, remembering whether any answer depended on an
 * uncertain day of a provisional year (`provisional`). Create one per computation.
 */
export class WorkCalendar {
  private metUncertain = false;

  constructor(
    readonly table: HolidayTable,
    readonly leaning: Leaning,
  ) {}

  /** Some answer so far depended on a day the official notice may still set either way. */
  get provisional(): boolean {
    return this.metUncertain;
  }

  /** Whether `d` is a working day (工作日): a 调休 workday, or a Monday–Friday that is not a day off. */
  isWorkingDay(d: LocalDate): boolean {
    const s = dayStatus(d, this.table);
    if (s.kind !== 'uncertain') return s.kind === 'working';
    this.metUncertain = true;
    return this.leaning === 'earliest';
  }

  /** The first working day on or after `d`. */
  nextWorkingDayOnOrAfter(d: LocalDate): LocalDate {
    let day = d;
    // Terminates: the longest run of days off in any calendar is far below a month.
    for (let i = 0; i < 60 && !this.isWorkingDay(day); i++) day = addDays(day, 1);
    return day;
  }

  /** The `n`-th working day after `d` (`d` itself is not counted, MFD §201); `n` = 0 gives `d`. */
  addWorkingDays(d: LocalDate, n: number): LocalDate {
    assertCount(n);
    let day = d;
    let left = n;
    while (left > 0) {
      day = addDays(day, 1);
      if (this.isWorkingDay(day)) left -= 1;
    }
    return day;
  }

  /** Number of working days in the half-open range (a, b]; 0 when b ≤ a. */
  workingDaysBetween(a: LocalDate, b: LocalDate): number {
    let count = 0;
    for (let day = addDays(a, 1); compare(day, b) <= 0; day = addDays(day, 1)) {
      if (this.isWorkingDay(day)) count += 1;
    }
    return count;
  }
}

/** Whether `d` is a working day under `leaning` (see WorkCalendar). */
export function isWorkingDay(d: LocalDate, table: HolidayTable, leaning: Leaning): boolean {
  return new WorkCalendar(table, leaning).isWorkingDay(d);
}

/**
 * Whether `d` is a 法定休假日 in the MFD §203 sense: every day that is not a working day — the
 * announced holiday blocks and the ordinary weekly rest days (周六、周日) not moved by 调休.
 */
export function isRestDay(d: LocalDate, table: HolidayTable, leaning: Leaning): boolean {
  return !isWorkingDay(d, table, leaning);
}

/** The holiday name of `d` if it is a day off of a published year, else undefined. */
export function holidayName(d: LocalDate, table: HolidayTable): string | undefined {
  return isYearCovered(yearOf(d), table) ? table.holidays[d] : undefined;
}

/** The first working day on or after `d`. */
export function nextWorkingDayOnOrAfter(d: LocalDate, table: HolidayTable, leaning: Leaning): LocalDate {
  return new WorkCalendar(table, leaning).nextWorkingDayOnOrAfter(d);
}

/** The `n`-th working day after `d` (`d` itself is not counted, MFD §201); `n` ≥ 0, and `n` = 0 gives `d`. */
export function addWorkingDays(d: LocalDate, n: number, table: HolidayTable, leaning: Leaning): LocalDate {
  return new WorkCalendar(table, leaning).addWorkingDays(d, n);
}

/** Number of working days in the half-open range (a, b]; 0 when b ≤ a. */
export function workingDaysBetween(a: LocalDate, b: LocalDate, table: HolidayTable, leaning: Leaning): number {
  return new WorkCalendar(table, leaning).workingDaysBetween(a, b);
}
