/**
 * The statutory holiday table (国务院办公厅 部分节假日安排) and working days (domain §0, T2).
 *
 * - `holidays`: days off announced by the State Council, including the weekend days inside a block.
 * - `workdays`: weekend days that are working days (调休上班).
 * - A Monday–Friday date not in `holidays` is a working day; a Saturday/Sunday is a rest day unless it is
 *   in `workdays`.
 * - `coveredYears`: the years whose notice has been entered. A date in any other year has no known
 *   working-day status, and every function here that needs one throws VALIDATION with `{ year }`
 *   — the schedule of a year is never guessed (the 2027 notice was not published when this was written).
 *
 * The table is data passed in by the caller (staff maintain it; domain does no I/O).
 */
import { AppError } from '../errors.ts';
import { addDays, compare, dayOfWeek, isLocalDate, isWeekend, yearOf, type LocalDate } from './dates.ts';

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
 * name, a date listed both as holiday and as workday, a "workday" that is not a Saturday or Sunday, or a
 * table that covers no year.
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
  if (coveredYears.length === 0) throw invalid('没有任何年份的安排', 'it covers no year', {});

  return Object.freeze({
    holidays: Object.freeze(holidays),
    workdays: Object.freeze(workdays),
    coveredYears: Object.freeze(coveredYears),
  });
}

/** The VALIDATION error for a date whose year's schedule is not in the table. */
export function yearNotCoveredError(year: number): AppError {
  return new AppError(
    'VALIDATION',
    {
      zh: `${year}年的节假日安排尚未公布（或尚未录入节假日表），无法计算工作日或法定休假日顺延`,
      en: `The ${year} public-holiday schedule has not been published (or not entered in the holiday table); working days and holiday roll-over cannot be computed`,
    },
    { year },
  );
}

export function isYearCovered(year: number, table: HolidayTable): boolean {
  return table.coveredYears.includes(year);
}

/** Throws the year-not-covered VALIDATION unless `d`'s year is in the table. */
export function assertCovered(d: LocalDate, table: HolidayTable): void {
  const year = yearOf(d);
  if (!isYearCovered(year, table)) throw yearNotCoveredError(year);
}

/**
 * Whether `d` is a working day (工作日): a 调休 workday, or a Monday–Friday that is not a holiday.
 * Throws VALIDATION `{ year }` when `d`'s year is not covered by the table.
 */
export function isWorkingDay(d: LocalDate, table: HolidayTable): boolean {
  assertCovered(d, table);
  if (table.workdays[d] !== undefined) return true;
  if (table.holidays[d] !== undefined) return false;
  return !isWeekend(d);
}

/**
 * Whether `d` is a 法定休假日 in the MFD §203 sense: every day that is not a working day — the
 * announced holiday blocks and the ordinary weekly rest days (周六、周日) not moved by 调休.
 */
export function isRestDay(d: LocalDate, table: HolidayTable): boolean {
  return !isWorkingDay(d, table);
}

/** The holiday name of `d` if it is in the holiday list, else undefined (no coverage check). */
export function holidayName(d: LocalDate, table: HolidayTable): string | undefined {
  return table.holidays[d];
}

/** The first working day on or after `d`. */
export function nextWorkingDayOnOrAfter(d: LocalDate, table: HolidayTable): LocalDate {
  let day = d;
  // Terminates: each step either finds a working day or eventually reaches an uncovered year and throws.
  while (!isWorkingDay(day, table)) day = addDays(day, 1);
  return day;
}

/**
 * The `n`-th working day after `d` (`d` itself is not counted, MFD §201); `n` ≥ 0, and `n` = 0 gives `d`.
 */
export function addWorkingDays(d: LocalDate, n: number, table: HolidayTable): LocalDate {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new AppError(
      'VALIDATION',
      { zh: `工作日数必须为非负整数：${n}`, en: `Working-day count must be a non-negative integer: ${n}` },
      { n },
    );
  }
  let day = d;
  let left = n;
  while (left > 0) {
    day = addDays(day, 1);
    if (isWorkingDay(day, table)) left -= 1;
  }
  return day;
}

/** Number of working days in the half-open range (a, b]; 0 when b ≤ a. */
export function workingDaysBetween(a: LocalDate, b: LocalDate, table: HolidayTable): number {
  let count = 0;
  for (let day = addDays(a, 1); compare(day, b) <= 0; day = addDays(day, 1)) {
    if (isWorkingDay(day, table)) count += 1;
  }
  return count;
}
