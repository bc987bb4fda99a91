import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatBeijingDateTime } from './dates.ts';
import { holidayTableFrom } from './holidays.ts';
import { formatMoment, workingHoursMoment } from './working-hours.ts';

const table = holidayTableFrom(JSON.parse(readFileSync(new URL('./holidays-cn-2025-2026.json', import.meta.url), 'utf8')) as unknown);
/** `YYYY-MM-DD HH:MM[:SS.mmm]` 北京时间 → instant. */
const bj = (s: string): Date => new Date(`${s.replace(' ', 'T')}+08:00`);
const show = (d: Date): string => formatBeijingDateTime(d).slice(0, 16);

describe('the earliest lawful moment as a working-hours moment of a working day (issue 19 §6)', () => {
  it.each([
    // ---- an ordinary week: 2026-03-06 is a Friday, 03-07/08 the weekend, 03-09 a Monday ----
    ['Friday 10:30 stays', '2026-03-06 10:30', '2026-03-06 10:30'],
    ['Friday 09:00 stays (start included)', '2026-03-06 09:00', '2026-03-06 09:00'],
    ['Friday 08:59 → 09:00 the same day', '2026-03-06 08:59', '2026-03-06 09:00'],
    ['Friday 00:00 → 09:00 the same day', '2026-03-06 00:00', '2026-03-06 09:00'],
    ['Friday 17:00 stays (end included)', '2026-03-06 17:00', '2026-03-06 17:00'],
    ['Friday 17:00:00.001 → Monday 09:00', '2026-03-06 17:00:00.001', '2026-03-09 09:00'],
    ['Friday 17:01 → Monday 09:00', '2026-03-06 17:01', '2026-03-09 09:00'],
    ['Saturday 00:00 (a window ending Friday 24:00) → Monday 09:00', '2026-03-07 00:00', '2026-03-09 09:00'],
    ['Saturday 10:00 → Monday 09:00', '2026-03-07 10:00', '2026-03-09 09:00'],
    ['Sunday 23:59 → Monday 09:00', '2026-03-08 23:59', '2026-03-09 09:00'],
    ['Monday 00:00 → Monday 09:00', '2026-03-09 00:00', '2026-03-09 09:00'],
    ['a second past the minute rounds up', '2026-03-09 10:00:01', '2026-03-09 10:01'],
    ['one millisecond after 10:00 (a "must be after" rule) → 10:01', '2026-03-09 10:00:00.001', '2026-03-09 10:01'],
    // ---- 春节 2026: 02-14 (Saturday) is a 调休 working day, 02-15…23 days off, 02-24 the first day back ----
    ['the 调休 Saturday before 春节 is a working day', '2026-02-14 10:00', '2026-02-14 10:00'],
    ['the 调休 Saturday after 17:00 → the first day after the block', '2026-02-14 17:30', '2026-02-24 09:00'],
    ['the first day of 春节 → the first day after the block', '2026-02-15 09:00', '2026-02-24 09:00'],
    ['the last day of 春节 → the next morning', '2026-02-23 16:00', '2026-02-24 09:00'],
    ['the first day back stays', '2026-02-24 09:30', '2026-02-24 09:30'],
    // ---- 国庆 2025: 10-01…08 days off, 10-11 (Saturday) a 调休 working day ----
    ['the day before 国庆 at 17:30 → after the block', '2025-09-30 17:30', '2025-10-09 09:00'],
    ['inside 国庆 → after the block', '2025-10-05 12:00', '2025-10-09 09:00'],
    ['the 调休 Saturday after 国庆 is a working day', '2025-10-11 08:00', '2025-10-11 09:00'],
  ])('%s: %s → %s', (_name, from, to) => {
    const r = workingHoursMoment(bj(from), table);
    expect(show(r.at)).toBe(to);
    expect(r.at.getTime()).toBeGreaterThanOrEqual(bj(from).getTime());
    expect(r.provisional).toBe(false);
  });

  it('in a year without a published calendar it leans to a certain working day and says so only when it met an uncertain day', () => {
    // 2027 is not in the table: an ordinary Wednesday is certain; the result is never before the instant.
    const r = workingHoursMoment(bj('2027-03-10 18:00'), table);
    expect(show(r.at)).toBe('2027-03-11 09:00');
    expect(r.at.getTime()).toBeGreaterThan(bj('2027-03-10 18:00').getTime());
  });

  it.each([
    ['2026-03-09 09:00', '2026年3月9日（星期一）09:00', 'Mon 2026-03-09 09:00 (Beijing time)'],
    ['2026-02-14 16:45', '2026年2月14日（星期六）16:45', 'Sat 2026-02-14 16:45 (Beijing time)'],
  ])('writes %s as %s', (at, zh, en) => {
    expect(formatMoment(bj(at))).toEqual({ zh, en });
  });
});
