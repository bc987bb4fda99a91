/**
 * The earliest lawful moment as a person would set it (issue 19 §6). A limit's earliest instant is a
 * boundary of the law — 00:00 of a day, 24:00 (= the next day's 00:00) at the end of a window, one
 * millisecond after another field — and may fall at night, on a weekend or in a holiday block. What the
 * platform shows and suggests instead is the first moment at or after it that is inside working hours
 * (09:00–17:00 北京时间, both ends included) of a working day, on a whole minute:
 *
 * - a working day between 09:00 and 17:00 → the instant itself (rounded up to the minute);
 * - a working day before 09:00 → 09:00 of that day;
 * - a working day after 17:00, or any rest day (weekend, holiday, with 调休 make-up days working) → 09:00 of
 *   the next working day.
 *
 * Never earlier than the instant, so the suggestion is always lawful. Uncertain days of an unpublished
 * year count as rest days (the `owed` leaning): the suggested day is a working day whatever the notice says.
 */
import { addDays, beijingDate, startOfBeijingDay, formatDateZh, dayOfWeek, type LocalDate } from './dates.ts';
import { WorkCalendar, type HolidayTable } from './holidays.ts';
import { LEANING } from './leaning.ts';

const MINUTE = 60_000;

/** Working hours in minutes after 00:00 北京时间: [09:00, 17:00]. */
export const WORKING_HOURS = { start: 9 * 60, end: 17 * 60 } as const;

function at(day: LocalDate, minutes: number): Date {
  return new Date(startOfBeijingDay(day).getTime() + minutes * MINUTE);
}

/** The first moment at or after `instant` inside working hours of a working day (see above). */
export function workingHoursMoment(instant: Date, table: HolidayTable): { at: Date; provisional: boolean } {
  const t = new Date(Math.ceil(instant.getTime() / MINUTE) * MINUTE);
  const day = beijingDate(t);
  const minutes = (t.getTime() - startOfBeijingDay(day).getTime()) / MINUTE;
  const cal = new WorkCalendar(table, LEANING.owed);
  let result: Date;
  if (cal.isWorkingDay(day) && minutes <= WORKING_HOURS.end) {
    result = minutes < WORKING_HOURS.start ? at(day, WORKING_HOURS.start) : t;
  } else {
    result = at(cal.nextWorkingDayOnOrAfter(addDays(day, 1)), WORKING_HOURS.start);
  }
  return { at: result, provisional: cal.provisional };
}

const WEEKDAY_ZH = ['一', '二', '三', '四', '五', '六', '日'];
const WEEKDAY_EN = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** `2026年3月9日（星期一）09:00` / `Mon 2026-03-09 09:00 (Beijing time)`: a suggested moment in a message. */
export function formatMoment(instant: Date): { zh: string; en: string } {
  const day = beijingDate(instant);
  const minutes = Math.floor((instant.getTime() - startOfBeijingDay(day).getTime()) / MINUTE);
  const hhmm = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  const w = dayOfWeek(day) - 1;
  return { zh: `${formatDateZh(day)}（星期${WEEKDAY_ZH[w] ?? ''}）${hhmm}`, en: `${WEEKDAY_EN[w] ?? ''} ${day} ${hhmm} (Beijing time)` };
}
