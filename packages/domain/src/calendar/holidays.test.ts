import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { localDate, type LocalDate } from './dates.ts';
import {
  addWorkingDays,
  dayStatus,
  holidayTableFrom,
  isRestDay,
  isWorkingDay,
  nextWorkingDayOnOrAfter,
  WorkCalendar,
  workingDaysBetween,
  type HolidayTable,
} from './holidays.ts';
import type { Leaning } from './leaning.ts';

// A copy of /work/shared/reference/holidays-cn-2025-2026.json (State Council notices 2025 and 2026).
const RAW = readFileSync(new URL('./holidays-cn-2025-2026.json', import.meta.url), 'utf8');
const TABLE: HolidayTable = holidayTableFrom(JSON.parse(RAW) as unknown);
const D = (s: string): LocalDate => localDate(s);

describe('the 2025–2026 holiday JSON', () => {
  it('loads and validates (object or JSON text)', () => {
    expect(TABLE.coveredYears).toEqual([2025, 2026]);
    expect(Object.keys(TABLE.holidays)).toHaveLength(61);
    expect(Object.keys(TABLE.workdays)).toHaveLength(11);
    expect(holidayTableFrom(RAW)).toEqual(TABLE);
    expect(Object.isFrozen(TABLE.holidays)).toBe(true);
  });

  it('an explicit coveredYears wins over the derived one', () => {
    const t = holidayTableFrom({ holidays: { '2025-01-01': '元旦' }, workdays: {}, coveredYears: [2026, 2025, 2025] });
    expect(t.coveredYears).toEqual([2025, 2026]);
  });
});

describe('isWorkingDay', () => {
  it.each([
    // 国庆 + 中秋 2025: 10月1–8日 off; make-up Sunday 9/28 and Saturday 10/11
    ['2025-09-27', false, 'Saturday before the block'],
    ['2025-09-28', true, 'Sunday, 调休 workday'],
    ['2025-09-30', true, 'Tuesday'],
    ['2025-10-01', false, '国庆节'],
    ['2025-10-06', false, '中秋 inside the block'],
    ['2025-10-08', false, 'last day of the block'],
    ['2025-10-09', true, 'first working day after the block'],
    ['2025-10-11', true, 'Saturday, 调休 workday'],
    ['2025-10-12', false, 'ordinary Sunday'],
    // 春节 2026: 2月15–23日 off; make-up Saturdays 2/14 and 2/28
    ['2026-02-13', true, 'Friday'],
    ['2026-02-14', true, 'Saturday, 调休 workday'],
    ['2026-02-15', false, '春节'],
    ['2026-02-23', false, 'Monday inside the block'],
    ['2026-02-24', true, 'Tuesday after the block'],
    ['2026-02-28', true, 'Saturday, 调休 workday'],
    ['2026-03-01', false, 'ordinary Sunday'],
    // other 2026 make-up days and ordinary days
    ['2026-01-04', true, 'Sunday, 元旦 调休'],
    ['2026-05-09', true, 'Saturday, 劳动节 调休'],
    ['2026-09-20', true, 'Sunday, 国庆 调休'],
    ['2026-10-10', true, 'Saturday, 国庆 调休'],
    ['2026-03-07', false, 'ordinary Saturday'],
    ['2026-03-09', true, 'ordinary Monday'],
    ['2025-01-01', false, '元旦 on a Wednesday'],
  ])('%s → %s (%s)', (d, expected) => {
    // A published year: both leanings agree (leaning only matters for uncertain days).
    for (const leaning of ['latest', 'earliest'] as const) {
      expect(isWorkingDay(D(d), TABLE, leaning)).toBe(expected);
      expect(isRestDay(D(d), TABLE, leaning)).toBe(!expected);
    }
    expect(dayStatus(D(d), TABLE).official).toBe(true);
  });

  it('every workday in the data is a Saturday or Sunday and none is also a holiday', () => {
    for (const d of Object.keys(TABLE.workdays) as LocalDate[]) {
      expect(isWorkingDay(d, TABLE, 'latest')).toBe(true);
      expect(TABLE.holidays[d]).toBeUndefined();
    }
  });

  it.each<[string, boolean | 'uncertain', string]>([
    // 2027 is not published: the provisional calendar answers (provisional.ts), never an error.
    ['2027-01-01', false, '元旦, a statutory day: certainly off'],
    ['2027-02-05', false, '除夕 (statutory since the 2024 revision)'],
    ['2027-02-09', 'uncertain', 'Tuesday after 正月初三: inside the likely 春节 block'],
    ['2027-06-15', true, 'an ordinary Tuesday far from any holiday'],
    ['2027-07-17', false, 'an ordinary Saturday'],
    ['2027-06-12', 'uncertain', 'Saturday three days after 端午 (6/9): may be a 调休 workday'],
    ['2024-11-12', true, '2024 is not in this table either: an ordinary Tuesday'],
  ])('%s in a year without a published calendar → %s (%s)', (d, expected) => {
    const s = dayStatus(D(d), TABLE);
    expect(s.official).toBe(false);
    if (expected === 'uncertain') {
      expect(s.kind).toBe('uncertain');
      expect(isWorkingDay(D(d), TABLE, 'latest')).toBe(false); // owed periods: counted as a rest day
      expect(isWorkingDay(D(d), TABLE, 'earliest')).toBe(true); // due dates: counted as a working day
    } else {
      for (const leaning of ['latest', 'earliest'] as const) expect(isWorkingDay(D(d), TABLE, leaning)).toBe(expected);
    }
  });

  it('entries of a year outside coveredYears are not consulted (a draft is not the calendar)', () => {
    const t = holidayTableFrom({ holidays: { '2027-06-15': '试录入' }, workdays: {}, coveredYears: [2026] });
    expect(dayStatus(D('2027-06-15'), t)).toMatchObject({ kind: 'working', official: false });
    expect(isWorkingDay(D('2027-06-15'), t, 'latest')).toBe(true);
  });
});

describe('working-day arithmetic', () => {
  it.each([
    ['2025-09-26', 5, '2025-10-10'], // Fri → 9/28(Sun 调休), 9/29, 9/30, 10/9, 10/10
    ['2025-09-30', 1, '2025-10-09'],
    ['2025-10-09', 2, '2025-10-11'], // 10/10, 10/11 (Saturday 调休)
    ['2026-02-12', 5, '2026-02-26'], // Thu → 2/13, 2/14(Sat 调休), [春节], 2/24, 2/25, 2/26
    ['2026-02-26', 2, '2026-02-28'], // 2/27, 2/28 (Saturday 调休)
    ['2026-03-02', 0, '2026-03-02'],
  ])('addWorkingDays(%s, %i) = %s', (d, n, expected) => {
    expect(addWorkingDays(D(d), n, TABLE, 'latest')).toBe(expected);
    if (n > 0) expect(workingDaysBetween(D(d), D(expected), TABLE, 'earliest')).toBe(n);
  });

  it.each([
    ['2025-10-01', '2025-10-09'],
    ['2025-10-09', '2025-10-09'],
    ['2026-02-15', '2026-02-24'],
    ['2026-03-21', '2026-03-23'],
    ['2025-09-27', '2025-09-28'],
  ])('nextWorkingDayOnOrAfter(%s) = %s', (d, expected) => {
    expect(nextWorkingDayOnOrAfter(D(d), TABLE, 'latest')).toBe(expected);
  });

  it.each<[string, number, Leaning, string, boolean]>([
    // Walking into 2027 (not published) works; the leaning decides the uncertain days, and says so.
    ['2026-12-28', 5, 'latest', '2027-01-05', false], // 12/29–12/31 (2026, published), 1/4, 1/5: 元旦 2027 is a Friday, nothing uncertain
    ['2027-02-01', 5, 'earliest', '2027-02-10', true], // 2/2–2/4 and 2/9–2/10 may be working days
    ['2027-02-01', 5, 'latest', '2027-02-22', true], // … or all off with 2/13–2/15 and 2/20–2/21: 2/16–2/19, 2/22
    ['2026-12-21', 3, 'latest', '2026-12-24', false], // all in published 2026
    ['2027-03-08', 5, 'latest', '2027-03-15', false], // March 2027: no uncertain day met → not provisional
  ])('addWorkingDays(%s, %i, %s) = %s (provisional: %s)', (d, n, leaning, expected, provisional) => {
    const cal = new WorkCalendar(TABLE, leaning);
    expect(cal.addWorkingDays(D(d), n)).toBe(expected);
    expect(cal.provisional).toBe(provisional);
  });

  it('nextWorkingDayOnOrAfter in 2027 follows the leaning', () => {
    expect(nextWorkingDayOnOrAfter(D('2027-01-01'), TABLE, 'earliest')).toBe('2027-01-04'); // certain either way
    expect(nextWorkingDayOnOrAfter(D('2027-01-01'), TABLE, 'latest')).toBe('2027-01-04');
    expect(nextWorkingDayOnOrAfter(D('2027-02-05'), TABLE, 'earliest')).toBe('2027-02-09'); // 除夕: the block may end at 初三
    expect(nextWorkingDayOnOrAfter(D('2027-02-05'), TABLE, 'latest')).toBe('2027-02-16'); // … or run on to 2/15
  });

  it('rejects a negative or fractional count', () => {
    expect(() => addWorkingDays(D('2026-03-02'), -1, TABLE, 'latest')).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
    expect(() => addWorkingDays(D('2026-03-02'), 1.5, TABLE, 'latest')).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
  });
});

describe('holidayTableFrom rejects malformed tables with VALIDATION naming the problem', () => {
  const ok = { holidays: { '2025-10-01': '国庆节' }, workdays: { '2025-10-11': '国庆节' } };
  it.each<[string, unknown, Record<string, unknown>]>([
    ['not an object', 42, {}],
    ['an array', [], {}],
    ['bad JSON text', '{"holidays":', {}],
    ['no holidays', { workdays: {} }, { list: 'holidays' }],
    ['holidays is an array', { holidays: [], workdays: {} }, { list: 'holidays' }],
    ['no workdays', { holidays: ok.holidays }, { list: 'workdays' }],
    ['impossible date', { ...ok, holidays: { '2025-02-30': '春节' } }, { list: 'holidays', date: '2025-02-30' }],
    ['not ISO', { ...ok, holidays: { '2025/10/01': '国庆节' } }, { list: 'holidays', date: '2025/10/01' }],
    ['bad workday date', { ...ok, workdays: { '2025-9-28': '国庆节' } }, { list: 'workdays', date: '2025-9-28' }],
    ['empty name', { ...ok, holidays: { '2025-10-01': ' ' } }, { list: 'holidays', date: '2025-10-01' }],
    ['name not a string', { ...ok, holidays: { '2025-10-01': 1 } }, { list: 'holidays', date: '2025-10-01' }],
    ['holiday and workday', { holidays: { '2025-10-11': 'x' }, workdays: { '2025-10-11': 'x' } }, { date: '2025-10-11' }],
    ['weekday as workday', { ...ok, workdays: { '2025-10-10': '国庆节' } }, { list: 'workdays', date: '2025-10-10' }],
    ['bad coveredYears', { ...ok, coveredYears: ['2025'] }, {}],
  ])('%s', (_name, json, details) => {
    let caught: unknown;
    try {
      holidayTableFrom(json);
    } catch (e) {
      caught = e;
    }
    expect(caught).toMatchObject({ code: 'VALIDATION', details });
    const date = details.date;
    if (typeof date === 'string') expect((caught as Error).message).toContain(date);
  });

  it('the minimal valid table passes; an empty one is valid too (every year provisional)', () => {
    expect(holidayTableFrom(ok).coveredYears).toEqual([2025]);
    expect(holidayTableFrom({ holidays: {}, workdays: {} }).coveredYears).toEqual([]);
  });
});
