/**
 * Plain calendar dates in 北京时间 (Asia/Shanghai = UTC+8, no DST since 1991) — domain §0, T2.
 *
 * `LocalDate` is an ISO `YYYY-MM-DD` string carrying a type brand. A string was chosen over `{y,m,d}`
 * because it is a valid object key (the holiday table is `Record<LocalDate, string>`), it is what the
 * holiday JSON and the database hold, it compares correctly with `<` (fixed 4-digit years), and it
 * prints as itself. Obtain one only through `localDate()` (validates) or the functions below.
 *
 * Arithmetic runs on a day number (days since 1970-01-01) using H. Hinnant's civil-calendar algorithms,
 * so nothing here depends on the host time zone, and `Date` is used only as an instant.
 */
import { AppError } from '../errors.ts';

declare const localDateBrand: unique symbol;
/** An ISO calendar date `YYYY-MM-DD` (proleptic Gregorian, year 1000–9999), meant as a Beijing date. */
export type LocalDate = string & { readonly [localDateBrand]: true };

/** ISO weekday: 1 = Monday (星期一) … 6 = Saturday, 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export const MS_PER_DAY = 86_400_000;
/** Beijing is UTC+8 all year. */
export const BEIJING_OFFSET_MS = 8 * 3_600_000;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/** Parses `s` if it is a real calendar date in `YYYY-MM-DD` form (year 1000–9999), else null. */
function parse(s: string): { y: number; m: number; d: number } | null {
  const match = ISO_DATE.exec(s);
  if (!match) return null;
  const y = Number(match[1]);
  const m = Number(match[2]);
  const d = Number(match[3]);
  if (y < 1000 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return { y, m, d };
}

export function isLocalDate(s: unknown): s is LocalDate {
  return typeof s === 'string' && parse(s) !== null;
}

/** Validates and brands an ISO date string. Throws VALIDATION naming the bad value. */
export function localDate(s: string): LocalDate {
  if (!isLocalDate(s)) {
    throw new AppError(
      'VALIDATION',
      { zh: `日期格式无效：${String(s)}（应为 YYYY-MM-DD）`, en: `Invalid date: ${String(s)} (expected YYYY-MM-DD)` },
      { date: s },
    );
  }
  return s;
}

/** Year, month (1–12) and day of a LocalDate. */
export function toYmd(d: LocalDate): { y: number; m: number; d: number } {
  const p = parse(d);
  if (!p) throw new AppError('VALIDATION', { zh: `日期无效：${d}`, en: `Invalid date: ${d}` }, { date: d });
  return p;
}

/** Builds a LocalDate from its parts; throws VALIDATION when the parts are not a real date. */
export function fromYmd(y: number, m: number, d: number): LocalDate {
  return localDate(`${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
}

export function yearOf(d: LocalDate): number {
  return toYmd(d).y;
}

// ---- day numbers (days since 1970-01-01) ----

function dayNumber(d: LocalDate): number {
  const { y: y0, m, d: day } = toYmd(d);
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function fromDayNumber(z0: number): LocalDate {
  const z = z0 + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return fromYmd(y, m, day);
}

// ---- instants ----

function assertInstant(instant: Date, what = 'instant'): number {
  const ms = instant instanceof Date ? instant.getTime() : Number.NaN;
  if (!Number.isFinite(ms)) {
    throw new AppError('VALIDATION', { zh: `时间无效：${what}`, en: `Invalid time: ${what}` }, { field: what });
  }
  return ms;
}

/** The Beijing calendar date on which `instant` falls. Throws VALIDATION for an invalid Date. */
export function beijingDate(instant: Date): LocalDate {
  const ms = assertInstant(instant);
  return fromDayNumber(Math.floor((ms + BEIJING_OFFSET_MS) / MS_PER_DAY));
}

/** 00:00:00.000 北京时间 of `d`, as an instant. */
export function startOfBeijingDay(d: LocalDate): Date {
  return new Date(dayNumber(d) * MS_PER_DAY - BEIJING_OFFSET_MS);
}

/**
 * 24:00 北京时间 of `d` (MFD §203 "截止时间为二十四时"), i.e. 00:00 of the next day: an EXCLUSIVE end —
 * an instant `t` is on or before the end of `d` iff `t < endOfBeijingDay(d)`.
 */
export function endOfBeijingDay(d: LocalDate): Date {
  return startOfBeijingDay(addDays(d, 1));
}

// ---- calendar arithmetic ----

/** `d` plus `n` calendar days (`n` may be negative; must be an integer). */
export function addDays(d: LocalDate, n: number): LocalDate {
  if (!Number.isSafeInteger(n)) {
    throw new AppError('VALIDATION', { zh: `天数必须为整数：${n}`, en: `Day count must be an integer: ${n}` }, { n });
  }
  return fromDayNumber(dayNumber(d) + n);
}

/** −1, 0 or 1 as `a` is before, equal to or after `b`. */
export function compare(a: LocalDate, b: LocalDate): -1 | 0 | 1 {
  const x = dayNumber(a);
  const y = dayNumber(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Calendar days from `a` to `b` (`b − a`; negative when `b` is earlier). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return dayNumber(b) - dayNumber(a);
}

/** ISO weekday of `d`: 1 = Monday … 7 = Sunday. */
export function dayOfWeek(d: LocalDate): IsoWeekday {
  // 1970-01-01 was a Thursday (ISO 4).
  return ((((((dayNumber(d) + 3) % 7) + 7) % 7) + 1) as IsoWeekday);
}

export function isWeekend(d: LocalDate): boolean {
  return dayOfWeek(d) >= 6;
}

// ---- formatting (for messages) ----

/** `2026年3月21日` */
export function formatDateZh(d: LocalDate): string {
  const { y, m, d: day } = toYmd(d);
  return `${y}年${m}月${day}日`;
}

/** `2026-03-21 09:00:00` in 北京时间. */
export function formatBeijingDateTime(instant: Date): string {
  const ms = assertInstant(instant);
  const shifted = new Date(ms + BEIJING_OFFSET_MS);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return (
    `${shifted.getUTCFullYear()}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())} ` +
    `${pad(shifted.getUTCHours())}:${pad(shifted.getUTCMinutes())}:${pad(shifted.getUTCSeconds())}`
  );
}
