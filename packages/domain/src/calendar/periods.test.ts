import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { holidayTableFrom, type HolidayTable } from './holidays.ts';
import { earliestAllowed, meetsMinimum, nthDayAfter, periodEnd, type PeriodUnit } from './periods.ts';

const TABLE: HolidayTable = holidayTableFrom(
  JSON.parse(readFileSync(new URL('./holidays-cn-2025-2026.json', import.meta.url), 'utf8')) as unknown,
);
/** An instant given in 北京时间: bj('2026-03-01 09:00') */
const bj = (s: string): Date => {
  const [date, time = '00:00:00'] = s.split(' ');
  const t = time.length === 5 ? `${time}:00` : time;
  return new Date(`${date}T${t}+08:00`);
};

describe('periodEnd — MFD §201–203 for periods that run out', () => {
  it.each<[string, number, PeriodUnit, string, string]>([
    // calendar days: anchor day excluded, last day = anchor + N, rolled off rest days
    ['2025-09-16 10:00', 15, 'd', '2025-10-09', '2025-10-01 is 国庆 → first working day after the block'],
    ['2025-09-16 00:00', 15, 'd', '2025-10-09', 'the anchor hour does not matter'],
    ['2026-03-01 09:00', 20, 'd', '2026-03-23', '3/21 is a Saturday → Monday'],
    ['2026-03-02 09:00', 3, 'd', '2026-03-05', 'ordinary weekday, no roll'],
    ['2025-10-01 09:00', 10, 'd', '2025-10-11', '10/11 is a 调休 Saturday workday → no roll'],
    ['2025-09-18 09:00', 10, 'd', '2025-09-28', '9/28 is a 调休 Sunday workday → no roll'],
    ['2026-02-10 09:00', 10, 'd', '2026-02-24', '2/20 in 春节 → 2/24'],
    ['2026-02-04 09:00', 10, 'd', '2026-02-14', '2/14 is a 调休 Saturday workday → no roll'],
    ['2026-12-20 09:00', 11, 'd', '2026-12-31', 'last covered day'],
    // working days: the N-th working day after the anchor day, never rolled
    ['2025-09-26 17:00', 5, 'wd', '2025-10-10', '国庆 2025: 9/28 (调休), 9/29, 9/30, 10/9, 10/10'],
    ['2025-10-03 09:00', 1, 'wd', '2025-10-09', 'anchor inside the block'],
    ['2026-02-12 09:00', 5, 'wd', '2026-02-26', '春节 2026: 2/13, 2/14 (调休), 2/24, 2/25, 2/26'],
    ['2026-02-12 09:00', 10, 'wd', '2026-03-04', '… 2/27, 2/28 (调休), 3/2, 3/3, 3/4'],
    ['2026-03-02 09:00', 5, 'wd', '2026-03-09', 'plain week'],
  ])('%s + %i %s → last day %s (%s)', (anchor, n, unit, lastDay) => {
    const r = periodEnd(bj(anchor), n, unit, TABLE);
    expect(r.lastDay).toBe(lastDay);
    expect(r.endsAt.getTime()).toBe(bj(`${lastDay} 00:00`).getTime() + 86_400_000); // 24:00, exclusive
  });

  it('without the roll the last day is anchor + N even on a holiday', () => {
    expect(periodEnd(bj('2025-09-16 10:00'), 15, 'd', TABLE, { rollHoliday: false }).lastDay).toBe('2025-10-01');
    expect(periodEnd(bj('2026-03-01 09:00'), 20, 'd', TABLE, { rollHoliday: false }).lastDay).toBe('2026-03-21');
  });

  it('endsAt is 24:00 Beijing: 23:59:59.999 of the last day is in time, 00:00 next day is not', () => {
    const { endsAt } = periodEnd(bj('2025-09-16 10:00'), 15, 'd', TABLE);
    expect(bj('2025-10-09 23:59:59.999').getTime() < endsAt.getTime()).toBe(true);
    expect(bj('2025-10-10 00:00:00').getTime() < endsAt.getTime()).toBe(false);
  });

  it.each<[string, number, PeriodUnit]>([
    ['2026-12-28 09:00', 5, 'wd'], // needs 2027 working days
    ['2026-12-20 09:00', 13, 'd'], // ends 2027-01-02: the roll needs 2027
    ['2027-03-01 09:00', 20, 'd'],
  ])('%s + %i %s needs 2027 → VALIDATION { year: 2027 }', (anchor, n, unit) => {
    expect(() => periodEnd(bj(anchor), n, unit, TABLE)).toThrow(
      expect.objectContaining({ code: 'VALIDATION', details: { year: 2027 } }),
    );
  });

  it('a calendar-day period into 2027 without the roll needs no table', () => {
    expect(periodEnd(bj('2026-12-20 09:00'), 13, 'd', TABLE, { rollHoliday: false }).lastDay).toBe('2027-01-02');
  });

  it.each([
    [-1, 'd'],
    [1.5, 'd'],
    [Number.NaN, 'wd'],
    [3, 'h'],
  ])('rejects n=%s unit=%s', (n, unit) => {
    expect(() => periodEnd(bj('2026-03-02 09:00'), n, unit as PeriodUnit, TABLE)).toThrow(
      expect.objectContaining({ code: 'VALIDATION' }),
    );
  });
});

describe('earliestAllowed — "at least N days from A to B": target DATE ≥ anchor date + N', () => {
  // The vector: engineering docs issued on 3月1日 → bid deadline ≥ 20 d → any hour of 3月21日.
  const MARCH_21 = bj('2026-03-21 00:00');

  it.each([
    ['2026-03-01 00:00:00'],
    ['2026-03-01 09:00:00'],
    ['2026-03-01 23:59:00'],
    ['2026-03-01 23:59:59.999'],
  ])('docs issued %s (Beijing) → earliest deadline 2026-03-21 00:00 +08', (anchor) => {
    expect(earliestAllowed(bj(anchor), 20, 'd', TABLE).getTime()).toBe(MARCH_21.getTime());
  });

  it.each([
    ['2026-03-21 00:00:00', true],
    ['2026-03-21 00:00:01', true],
    ['2026-03-21 09:00:00', true],
    ['2026-03-21 23:59:59', true],
    ['2026-03-22 09:00:00', true],
    ['2026-03-20 23:59:59', false],
    ['2026-03-20 23:59:59.999', false],
    ['2026-03-20 09:00:00', false],
    ['2026-03-01 09:00:00', false],
  ])('anchor 3月1日 23:59 → deadline %s legal: %s', (deadline, ok) => {
    expect(meetsMinimum(bj('2026-03-01 23:59'), bj(deadline), 20, 'd', TABLE)).toBe(ok);
    expect(meetsMinimum(bj('2026-03-01 00:00'), bj(deadline), 20, 'd', TABLE)).toBe(ok);
  });

  it.each([
    ['2026-03-01T16:30:00Z', '2026-03-22 00:00'], // already 3月2日 00:30 in Beijing → counts from 3月2日
    ['2026-03-01T15:59:59Z', '2026-03-21 00:00'], // 3月1日 23:59:59 Beijing
    ['2026-02-28T16:00:00Z', '2026-03-21 00:00'], // 3月1日 00:00 Beijing, still 2月28日 in UTC
  ])('UTC anchor %s → earliest %s +08', (anchorIso, expected) => {
    expect(earliestAllowed(new Date(anchorIso), 20, 'd', TABLE).getTime()).toBe(bj(expected).getTime());
  });

  it('an anchor that is 3月2日 in Beijing makes 3月21日 09:00 too early', () => {
    expect(meetsMinimum(new Date('2026-03-01T16:30:00Z'), bj('2026-03-21 09:00'), 20, 'd', TABLE)).toBe(false);
    expect(meetsMinimum(new Date('2026-03-01T16:30:00Z'), bj('2026-03-22 00:00'), 20, 'd', TABLE)).toBe(true);
  });

  describe('rollHoliday: default false for minimum periods; true applies MFD §203 (stricter)', () => {
    it.each<[string, number, PeriodUnit, string, string]>([
      // anchor, n, unit, earliest without roll (default), earliest with roll
      ['2026-03-01 09:00', 20, 'd', '2026-03-21', '2026-03-23'], // Saturday → Monday
      ['2025-09-11 09:00', 20, 'd', '2025-10-01', '2025-10-09'], // 国庆 → after the block
      ['2026-01-26 09:00', 20, 'd', '2026-02-15', '2026-02-24'], // 春节 → after the block
      ['2025-09-21 09:00', 20, 'd', '2025-10-11', '2025-10-11'], // 调休 Saturday workday: no roll
      ['2026-03-02 09:00', 20, 'd', '2026-03-22', '2026-03-23'], // Sunday → Monday
      ['2026-03-02 09:00', 10, 'd', '2026-03-12', '2026-03-12'], // Thursday: no roll
      ['2025-09-26 09:00', 5, 'wd', '2025-10-10', '2025-10-10'], // wd: N-th day is a working day
      ['2026-02-12 09:00', 5, 'wd', '2026-02-26', '2026-02-26'],
    ])('%s + %i %s → %s (no roll) / %s (roll)', (anchor, n, unit, plain, rolled) => {
      expect(earliestAllowed(bj(anchor), n, unit, TABLE).getTime()).toBe(bj(plain).getTime());
      expect(earliestAllowed(bj(anchor), n, unit, TABLE, { rollHoliday: false }).getTime()).toBe(bj(plain).getTime());
      expect(earliestAllowed(bj(anchor), n, unit, TABLE, { rollHoliday: true }).getTime()).toBe(bj(rolled).getTime());
    });
  });

  it('calendar days without the roll never consult the table (2027 is fine); wd or a roll into 2027 throw', () => {
    expect(earliestAllowed(bj('2026-12-20 09:00'), 20, 'd', TABLE).getTime()).toBe(bj('2027-01-09').getTime());
    expect(() => earliestAllowed(bj('2026-12-20 09:00'), 20, 'd', TABLE, { rollHoliday: true })).toThrow(
      expect.objectContaining({ code: 'VALIDATION', details: { year: 2027 } }),
    );
    expect(() => earliestAllowed(bj('2026-12-25 09:00'), 5, 'wd', TABLE)).toThrow(
      expect.objectContaining({ code: 'VALIDATION', details: { year: 2027 } }),
    );
  });

  it('nthDayAfter is the un-rolled N-th day', () => {
    expect(nthDayAfter(bj('2025-09-11 09:00'), 20, 'd', TABLE)).toBe('2025-10-01');
    expect(nthDayAfter(bj('2025-09-26 09:00'), 5, 'wd', TABLE)).toBe('2025-10-10');
  });

  it('rejects an invalid target instant', () => {
    expect(() => meetsMinimum(bj('2026-03-01'), new Date('x'), 20, 'd', TABLE)).toThrow(
      expect.objectContaining({ code: 'VALIDATION' }),
    );
  });
});
