import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { localDate, type LocalDate } from './dates.ts';
import {
  addWorkingDays,
  holidayTableFrom,
  isRestDay,
  isWorkingDay,
  nextWorkingDayOnOrAfter,
  workingDaysBetween,
  type HolidayTable,
} from './holidays.ts';

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
    expect(isWorkingDay(D(d), TABLE)).toBe(expected);
    expect(isRestDay(D(d), TABLE)).toBe(!expected);
  });

  it('every workday in the data is a Saturday or Sunday and none is also a holiday', () => {
    for (const d of Object.keys(TABLE.workdays) as LocalDate[]) {
      expect(isWorkingDay(d, TABLE)).toBe(true);
      expect(TABLE.holidays[d]).toBeUndefined();
    }
  });

  it.each([
    ['2027-01-01', 2027],
    ['2027-06-15', 2027],
    ['2024-12-31', 2024],
  ])('%s: year %i not in the table → VALIDATION naming the year', (d, year) => {
    const err = (() => {
      try {
        isWorkingDay(D(d), TABLE);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toMatchObject({ code: 'VALIDATION', details: { year } });
    expect((err as { messageZh: string }).messageZh).toContain(`${year}年的节假日安排尚未公布`);
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
    expect(addWorkingDays(D(d), n, TABLE)).toBe(expected);
    if (n > 0) expect(workingDaysBetween(D(d), D(expected), TABLE)).toBe(n);
  });

  it.each([
    ['2025-10-01', '2025-10-09'],
    ['2025-10-09', '2025-10-09'],
    ['2026-02-15', '2026-02-24'],
    ['2026-03-21', '2026-03-23'],
    ['2025-09-27', '2025-09-28'],
  ])('nextWorkingDayOnOrAfter(%s) = %s', (d, expected) => {
    expect(nextWorkingDayOnOrAfter(D(d), TABLE)).toBe(expected);
  });

  it('walking into 2027 throws VALIDATION { year: 2027 }', () => {
    expect(() => addWorkingDays(D('2026-12-28'), 5, TABLE)).toThrow(
      expect.objectContaining({ code: 'VALIDATION', details: { year: 2027 } }),
    );
    expect(() => nextWorkingDayOnOrAfter(D('2027-01-01'), TABLE)).toThrow(
      expect.objectContaining({ details: { year: 2027 } }),
    );
  });

  it('rejects a negative or fractional count', () => {
    expect(() => addWorkingDays(D('2026-03-02'), -1, TABLE)).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
    expect(() => addWorkingDays(D('2026-03-02'), 1.5, TABLE)).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
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
    ['covers no year', { holidays: {}, workdays: {} }, {}],
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

  it('the minimal valid table passes', () => {
    expect(holidayTableFrom(ok).coveredYears).toEqual([2025]);
  });
});
