import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { holidayTableFrom, type HolidayTable } from './holidays.ts';
import { anchorDay, earliestAllowed, meetsMinimum, nthDayAfter, periodEnd, type MinimumKind, type PeriodUnit } from './periods.ts';
import type { Leaning } from './leaning.ts';

const TABLE: HolidayTable = holidayTableFrom(
  JSON.parse(readFileSync(new URL('./holidays-cn-2025-2026.json', import.meta.url), 'utf8')) as unknown,
);
/** An instant given in 北京时间: bj('2026-03-01 09:00') */
const bj = (s: string): Date => {
  const [date, time = '00:00:00'] = s.split(' ');
  const t = time.length === 5 ? `${time}:00` : time;
  return new Date(`${date}T${t}+08:00`);
};

const owed = { leaning: 'latest' as const };
const point = { leaning: 'latest' as const, kind: 'point' as const };
const DAY = 86_400_000;

describe('periodEnd — MFD §201–203 for periods that run out (forward, rolled)', () => {
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
    ['2026-12-20 09:00', 11, 'd', '2026-12-31', 'last day of the published 2026'],
    // working days: the N-th working day after the anchor day, never rolled
    ['2025-09-26 17:00', 5, 'wd', '2025-10-10', '国庆 2025: 9/28 (调休), 9/29, 9/30, 10/9, 10/10'],
    ['2025-10-03 09:00', 1, 'wd', '2025-10-09', 'anchor inside the block'],
    ['2026-02-12 09:00', 5, 'wd', '2026-02-26', '春节 2026: 2/13, 2/14 (调休), 2/24, 2/25, 2/26'],
    ['2026-02-12 09:00', 10, 'wd', '2026-03-04', '… 2/27, 2/28 (调休), 3/2, 3/3, 3/4'],
    ['2026-03-02 09:00', 5, 'wd', '2026-03-09', 'plain week'],
  ])('%s + %i %s → last day %s (%s)', (anchor, n, unit, lastDay) => {
    for (const leaning of ['latest', 'earliest'] as const) {
      const r = periodEnd(bj(anchor), n, unit, TABLE, { leaning });
      expect(r.lastDay).toBe(lastDay);
      expect(r.endsAt.getTime()).toBe(bj(`${lastDay} 00:00`).getTime() + DAY); // 24:00, exclusive
      expect(r.provisional).toBe(false);
    }
  });

  it('without the roll the last day is anchor + N even on a holiday', () => {
    expect(periodEnd(bj('2025-09-16 10:00'), 15, 'd', TABLE, { ...owed, roll: false }).lastDay).toBe('2025-10-01');
    expect(periodEnd(bj('2026-03-01 09:00'), 20, 'd', TABLE, { ...owed, roll: false }).lastDay).toBe('2026-03-21');
  });

  it('endsAt is 24:00 Beijing: 23:59:59.999 of the last day is in time, 00:00 next day is not', () => {
    const { endsAt } = periodEnd(bj('2025-09-16 10:00'), 15, 'd', TABLE, owed);
    expect(bj('2025-10-09 23:59:59.999').getTime() < endsAt.getTime()).toBe(true);
    expect(bj('2025-10-10 00:00:00').getTime() < endsAt.getTime()).toBe(false);
  });

  // Years without a published calendar (2027 here): never an error; the leaning decides uncertain days.
  it.each<[string, number, PeriodUnit, Leaning, string, boolean, string]>([
    ['2026-12-28 09:00', 5, 'wd', 'earliest', '2027-01-05', false, '元旦 2027 is a Friday: nothing uncertain'],
    ['2026-12-20 09:00', 13, 'd', 'earliest', '2027-01-04', false, '1/2 is a Saturday → the certain Monday'],
    ['2027-01-25 09:00', 10, 'd', 'earliest', '2027-02-04', true, '2/4 (Thu) may be a working day'],
    ['2027-01-25 09:00', 10, 'd', 'latest', '2027-02-16', true, '2/4 may already be off: rolled past the whole possible block'],
    ['2027-02-03 10:00', 3, 'd', 'earliest', '2027-02-09', true, 'refund/answer due: 除夕 2/5–2/8 certain, 2/9 may be working'],
    ['2027-02-03 10:00', 5, 'wd', 'earliest', '2027-02-12', true, '2/4, 2/9, 2/10, 2/11, 2/12 counted as working days'],
    ['2027-03-01 09:00', 20, 'd', 'latest', '2027-03-22', false, '3/21 is a Sunday far from any holiday'],
  ])('%s + %i %s (%s) → %s, provisional %s (%s)', (anchor, n, unit, leaning, lastDay, provisional) => {
    const r = periodEnd(bj(anchor), n, unit, TABLE, { leaning });
    expect(r.lastDay).toBe(lastDay);
    expect(r.provisional).toBe(provisional);
  });

  it.each([
    [-1, 'd'],
    [1.5, 'd'],
    [Number.NaN, 'wd'],
    [3, 'h'],
  ])('rejects n=%s unit=%s', (n, unit) => {
    expect(() => periodEnd(bj('2026-03-02 09:00'), n, unit as PeriodUnit, TABLE, owed)).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
  });
});

describe('earliestAllowed — minimum periods (T2): points from 00:00 of the earliest day, windows to 24:00', () => {
  it.each([['2026-03-03 00:00:00'], ['2026-03-03 09:00:00'], ['2026-03-03 23:59:59.999']])(
    'docs issued %s (Beijing) → earliest bid deadline 2026-03-23 00:00 +08 (the 20th day, a Monday)',
    (anchor) => {
      expect(earliestAllowed(bj(anchor), 20, 'd', TABLE, point).at.getTime()).toBe(bj('2026-03-23 00:00').getTime());
    },
  );

  it.each([
    ['2026-03-23 00:00:00', true],
    ['2026-03-23 09:00:00', true],
    ['2026-03-22 23:59:59.999', false],
    ['2026-03-21 09:00:00', false], // the 20th day after 3/1 would be 3/21 — here the anchor is 3/3
  ])('anchor 3月3日 → deadline %s lawful: %s', (deadline, ok) => {
    expect(meetsMinimum(bj('2026-03-03 23:59'), bj(deadline), 20, 'd', TABLE, point)).toBe(ok);
  });

  it.each([
    ['2026-03-01T16:30:00Z', '2026-03-23 00:00'], // already 3月2日 00:30 in Beijing → 3/22 is a Sunday → 3/23
    ['2026-03-02T15:59:59Z', '2026-03-23 00:00'], // 3月2日 23:59:59 Beijing
    ['2026-03-02T16:00:00Z', '2026-03-23 00:00'], // 3月3日 00:00 Beijing, still 3月2日 in UTC
  ])('UTC anchor %s → earliest %s +08', (anchorIso, expected) => {
    expect(earliestAllowed(new Date(anchorIso), 20, 'd', TABLE, point).at.getTime()).toBe(bj(expected).getTime());
  });

  describe('points roll off rest days (民法典 §203): the earliest lawful deadline is the next working day', () => {
    it.each<[string, number, PeriodUnit, string, string]>([
      // anchor, n, unit, N-th day, earliest lawful day
      ['2025-09-11 09:00', 20, 'd', '2025-10-01', '2025-10-09'], // the vector: 国庆 → after the block
      ['2026-03-01 09:00', 20, 'd', '2026-03-21', '2026-03-23'], // Saturday → Monday
      ['2026-01-26 09:00', 20, 'd', '2026-02-15', '2026-02-24'], // 春节 → after the block
      ['2025-09-21 09:00', 20, 'd', '2025-10-11', '2025-10-11'], // 调休 Saturday workday: no roll
      ['2026-01-25 09:00', 20, 'd', '2026-02-14', '2026-02-14'], // 调休 Saturday workday before 春节: no roll
      ['2026-03-02 09:00', 10, 'd', '2026-03-12', '2026-03-12'], // Thursday: no roll
      ['2025-09-26 09:00', 5, 'wd', '2025-10-10', '2025-10-10'], // wd: the N-th day is a working day
      ['2026-02-12 09:00', 5, 'wd', '2026-02-26', '2026-02-26'],
    ])('%s + %i %s: N-th day %s → earliest %s', (anchor, n, unit, nth, earliest) => {
      expect(nthDayAfter(bj(anchor), n, unit, TABLE, 'latest').day).toBe(nth);
      const r = earliestAllowed(bj(anchor), n, unit, TABLE, point);
      expect(r.at.getTime()).toBe(bj(earliest).getTime());
      expect(r.lastDay).toBe(earliest);
      // One day short is refused; the earliest day itself is lawful from 00:00.
      expect(meetsMinimum(bj(anchor), new Date(bj(earliest).getTime() - 1), n, unit, TABLE, point)).toBe(false);
      expect(meetsMinimum(bj(anchor), bj(earliest), n, unit, TABLE, point)).toBe(true);
    });

    it('roll: false keeps the N-th day (for callers that count a limit back, which never rolls)', () => {
      expect(earliestAllowed(bj('2025-09-11 09:00'), 20, 'd', TABLE, { ...point, roll: false }).lastDay).toBe('2025-10-01');
    });
  });

  describe('windows last whole days: open until 24:00 of the N-th day (or the business-hours end)', () => {
    it.each<[string, number, PeriodUnit, string, string, string]>([
      // anchor, n, unit, last day, lawful end, one-day-short end refused
      ['2026-03-02 09:00', 5, 'd', '2026-03-09', '2026-03-10 00:00', '2026-03-09 00:00'], // 3/7 Sat → Mon 3/9, until 24:00
      ['2026-03-03 09:00', 5, 'd', '2026-03-09', '2026-03-10 00:00', '2026-03-09 23:59'], // 3/8 Sun → Mon
      ['2026-03-04 09:00', 5, 'd', '2026-03-09', '2026-03-10 00:00', '2026-03-09 17:00'],
      ['2026-03-05 09:00', 5, 'd', '2026-03-10', '2026-03-11 00:00', '2026-03-10 00:00'], // an end at 00:00 of day N is a day short
      ['2026-03-02 09:00', 5, 'wd', '2026-03-09', '2026-03-10 00:00', '2026-03-09 00:00'],
      ['2025-09-26 09:00', 5, 'wd', '2025-10-10', '2025-10-11 00:00', '2025-10-10 00:00'], // 国庆 inside
      ['2026-02-11 09:00', 10, 'wd', '2026-03-03', '2026-03-04 00:00', '2026-03-03 12:00'], // 春节 + two 调休 Saturdays
    ])('%s + %i %s → open until 24:00 of %s', (anchor, n, unit, lastDay, end, short) => {
      const window = { leaning: 'latest' as const, kind: 'window' as MinimumKind };
      const r = earliestAllowed(bj(anchor), n, unit, TABLE, window);
      expect(r.lastDay).toBe(lastDay);
      expect(r.at.getTime()).toBe(bj(end).getTime());
      expect(meetsMinimum(bj(anchor), bj(end), n, unit, TABLE, window)).toBe(true);
      expect(meetsMinimum(bj(anchor), bj(short), n, unit, TABLE, window)).toBe(false);
    });

    it('business hours set by the documents end the window at that time of the last day (§203 ¶2)', () => {
      const w = { leaning: 'latest' as const, kind: 'window' as const, businessHoursEndMinutes: 17 * 60 };
      expect(earliestAllowed(bj('2026-03-02 09:00'), 5, 'd', TABLE, w).at.getTime()).toBe(bj('2026-03-09 17:00').getTime());
      expect(meetsMinimum(bj('2026-03-02 09:00'), bj('2026-03-09 16:59'), 5, 'd', TABLE, w)).toBe(false);
    });

    it('an anchor that ends a window at 24:00 belongs to the day that ended', () => {
      expect(anchorDay(bj('2026-03-07 00:00'), true)).toBe('2026-03-06');
      expect(anchorDay(bj('2026-03-07 00:00'), false)).toBe('2026-03-07');
      expect(anchorDay(bj('2026-03-06 17:00'), true)).toBe('2026-03-06');
      // prequalification documents on sale until 24:00 of 3/6 → applications from 3/11 (5 d), a Wednesday
      expect(earliestAllowed(bj('2026-03-07 00:00'), 5, 'd', TABLE, { ...point, anchorIsWindowEnd: true }).lastDay).toBe('2026-03-11');
    });
  });

  describe('provisional years: periods owed are the latest the official calendar can make them', () => {
    it.each<[string, number, PeriodUnit, MinimumKind, string, boolean]>([
      ['2027-01-18 09:00', 20, 'd', 'point', '2027-02-16', true], // 2/7 is 春节; the block may run to 2/15
      ['2027-03-01 09:00', 20, 'd', 'point', '2027-03-22', false], // Sunday → Monday, certain
      ['2027-01-20 09:00', 10, 'wd', 'window', '2027-02-17', true], // 1/23–1/24, 2/2–2/4 and the block may be off
      ['2027-07-01 09:00', 10, 'wd', 'window', '2027-07-15', false], // July: nothing uncertain
    ])('%s + %i %s (%s) → last day %s, provisional %s', (anchor, n, unit, kind, lastDay, provisional) => {
      const r = earliestAllowed(bj(anchor), n, unit, TABLE, { leaning: 'latest', kind });
      expect(r.lastDay).toBe(lastDay);
      expect(r.provisional).toBe(provisional);
      // The 'latest' answer is never earlier than the 'earliest' one.
      expect(r.at.getTime()).toBeGreaterThanOrEqual(earliestAllowed(bj(anchor), n, unit, TABLE, { leaning: 'earliest', kind }).at.getTime());
    });
  });

  it('rejects an invalid target instant', () => {
    expect(() => meetsMinimum(bj('2026-03-01'), new Date('x'), 20, 'd', TABLE, point)).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
  });
});
