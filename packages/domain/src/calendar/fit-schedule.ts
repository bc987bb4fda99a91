/**
 * Fitting a schedule to the statutory limits: every field that breaks a limit or an ordering rule moves
 * to its earliest lawful instant (09:30 北京时间 of that day for a point, 09:30 of the next day for a
 * window that must run to 24:00), until the schedule passes `checkSchedule`. Fields named `fixed` never
 * move: a limit whose target is fixed cannot be met by moving it, and the result is null (the caller
 * moves an anchor earlier instead).
 *
 * Used where the platform itself proposes a schedule — the demo seed, which must be lawful on any day of
 * the year (a 20-day period that ends on 国庆 rolls past the block) — and usable for a "suggest lawful
 * dates" action. It only ever moves fields later, so it terminates.
 */
import { beijingDate, startOfBeijingDay, MS_PER_DAY } from './dates.ts';
import type { HolidayTable } from './holidays.ts';
import { checkSchedule, scheduleAsPublished, type Schedule, type ScheduleCheckInput } from './check-schedule.ts';
import type { ScheduleField } from './limits.ts';

const NINE_THIRTY = 9.5 * 3_600_000;

/** 09:30 北京时间 of the day of `at`, or of the next day when that is earlier than `at`. */
function atNineThirty(at: Date): Date {
  const sameDay = startOfBeijingDay(beijingDate(at)).getTime() + NINE_THIRTY;
  return new Date(sameDay >= at.getTime() ? sameDay : sameDay + MS_PER_DAY);
}

export interface FitOptions {
  /** Fields that must not move. */
  fixed?: readonly ScheduleField[];
  /** Check the schedule as published at this instant (the notice's real time, `scheduleAsPublished`). */
  publishedAt?: Date;
}

/** The schedule moved to the earliest lawful instants, or null when a fixed field would have to move. */
export function fitSchedule(input: ScheduleCheckInput, table: HolidayTable, options: FitOptions = {}): Schedule | null {
  const fixed = new Set(options.fixed ?? []);
  let s: Schedule = { ...input.schedule };
  if (options.publishedAt) s = scheduleAsPublished(s, options.publishedAt).schedule;
  for (let round = 0; round < 40; round++) {
    if (s.bidDeadline && s.openingAt && !fixed.has('openingAt')) s.openingAt = s.bidDeadline;
    const r = checkSchedule({ ...input, schedule: s }, table);
    if (r.ok) return s;
    for (const v of r.violations) {
      if (fixed.has(v.field)) return null;
      const current = s[v.field];
      if (v.limitId === 'OPENING_EQ_DEADLINE') {
        s = { ...s, openingAt: s.bidDeadline };
        continue;
      }
      if (current && current.getTime() >= v.earliestAllowed.getTime()) continue;
      // A point: 09:30 of its earliest day. A window runs to 24:00 of its last day (= 00:00 of the next):
      // 09:30 of that next day ends it lawfully. Accelerated sandbox periods have no days: the instant itself.
      const to = (input.acceleration ?? 1) === 1 ? atNineThirty(v.earliestAllowed) : v.earliestAllowed;
      s = { ...s, [v.field]: to };
    }
  }
  return null;
}
