/**
 * Platform outages (issue 12 §8). 电子招标投标办法 makes the platform answer for its own faults: a bidder
 * must not lose its bid, or its right to decrypt, because the platform was down. Staff record an outage
 * after the fact; every bid deadline, opening or decryption window that fell inside it, or within a
 * configured margin after it, is extended.
 *
 * - A bid (or application) deadline moves to at least `extensionHours` after the outage ended, on a
 *   working day, at the old deadline's time of day (a deadline is a business event: nobody is asked to
 *   submit at night or during 国庆). It is a deadline owed to bidders: the `owed` leaning (leaning.ts).
 * - A decryption window reopens for its full length from the later of the outage's end and now.
 */
import { AppError } from '../errors.ts';
import { addDays, beijingDate, formatBeijingDateTime, startOfBeijingDay } from './dates.ts';
import { WorkCalendar, type HolidayTable } from './holidays.ts';
import { LEANING } from './leaning.ts';

export interface Outage {
  startsAt: Date;
  endsAt: Date;
}

/** VALIDATION unless the outage is a real, finished interval: end after start, end not in the future. */
export function checkOutage(o: Outage, now: Date): void {
  for (const [field, v] of [['startsAt', o.startsAt], ['endsAt', o.endsAt]] as const) {
    if (!(v instanceof Date) || !Number.isFinite(v.getTime())) {
      throw new AppError('VALIDATION', { zh: '时间格式错误', en: 'Invalid time' }, { field });
    }
  }
  if (o.endsAt.getTime() <= o.startsAt.getTime()) {
    throw new AppError(
      'VALIDATION',
      { zh: '故障结束时间应晚于开始时间', en: 'The outage must end after it starts' },
      { field: 'endsAt', reason: 'OUTAGE_END_BEFORE_START' },
    );
  }
  if (o.endsAt.getTime() > now.getTime()) {
    throw new AppError(
      'VALIDATION',
      {
        zh: `故障结束时间不能晚于当前服务器时间（${formatBeijingDateTime(now)}）：请在故障结束后登记`,
        en: `The outage end cannot be later than the server time now (${formatBeijingDateTime(now)}); record it once it is over`,
      },
      { field: 'endsAt', reason: 'OUTAGE_IN_FUTURE', serverTime: now.toISOString() },
    );
  }
}

/** Whether an instant fell inside the outage or within `marginMinutes` after its end. */
export function affectedByOutage(at: Date, o: Outage, marginMinutes: number): boolean {
  return at.getTime() >= o.startsAt.getTime() && at.getTime() <= o.endsAt.getTime() + marginMinutes * 60_000;
}

/**
 * The new deadline for one that an outage affected: the first working day on which the old deadline's
 * time of day is at least `extensionHours` after the outage's end.
 */
export function extendedDeadline(old: Date, o: Outage, extensionHours: number, table: HolidayTable): { at: Date; provisional: boolean } {
  const cal = new WorkCalendar(table, LEANING.owed);
  const earliest = o.endsAt.getTime() + extensionHours * 3_600_000;
  const timeOfDay = old.getTime() - startOfBeijingDay(beijingDate(old)).getTime();
  let day = cal.nextWorkingDayOnOrAfter(beijingDate(new Date(earliest)));
  while (startOfBeijingDay(day).getTime() + timeOfDay < earliest) day = cal.nextWorkingDayOnOrAfter(addDays(day, 1));
  return { at: new Date(startOfBeijingDay(day).getTime() + timeOfDay), provisional: cal.provisional };
}
