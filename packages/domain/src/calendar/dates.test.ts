import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import {
  addDays,
  beijingDate,
  compare,
  dayOfWeek,
  daysBetween,
  endOfBeijingDay,
  formatBeijingDateTime,
  formatDateZh,
  fromYmd,
  isLocalDate,
  localDate,
  startOfBeijingDay,
  type LocalDate,
} from './dates.ts';

const D = (s: string): LocalDate => localDate(s);

describe('beijingDate: an instant → its 北京时间 calendar date', () => {
  it.each([
    ['2026-02-28T15:59:59.999Z', '2026-02-28'], // 23:59:59.999 +08
    ['2026-02-28T16:00:00.000Z', '2026-03-01'], // 00:00 +08 = already 3月1日
    ['2026-03-01T15:59:59.000Z', '2026-03-01'], // 23:59:59 +08
    ['2026-03-01T16:30:00.000Z', '2026-03-02'], // a UTC 3月1日 instant that is 3月2日 in Beijing
    ['2024-02-28T16:00:00.000Z', '2024-02-29'], // leap day
    ['2025-12-31T16:00:00.000Z', '2026-01-01'], // year boundary
    ['1970-01-01T00:00:00.000Z', '1970-01-01'],
    ['1969-12-31T15:59:59.999Z', '1969-12-31'],
  ])('%s → %s', (iso, expected) => {
    expect(beijingDate(new Date(iso))).toBe(expected);
  });

  it('agrees with the getUTC* reading of (ms + 8 h) for every hour over three years', () => {
    const start = Date.parse('2024-01-01T00:00:00Z');
    for (let ms = start; ms < start + 3 * 366 * 86_400_000; ms += 3_600_000) {
      const s = new Date(ms + 8 * 3_600_000);
      const expected = `${s.getUTCFullYear()}-${String(s.getUTCMonth() + 1).padStart(2, '0')}-${String(s.getUTCDate()).padStart(2, '0')}`;
      expect(beijingDate(new Date(ms))).toBe(expected);
    }
  });

  it('rejects an invalid Date', () => {
    expect(() => beijingDate(new Date('nope'))).toThrow(AppError);
  });
});

describe('start and end of a Beijing day', () => {
  it.each([
    ['2026-03-21', '2026-03-20T16:00:00.000Z', '2026-03-21T16:00:00.000Z'],
    ['2025-10-09', '2025-10-08T16:00:00.000Z', '2025-10-09T16:00:00.000Z'],
    ['2024-02-29', '2024-02-28T16:00:00.000Z', '2024-02-29T16:00:00.000Z'],
    ['2026-12-31', '2026-12-30T16:00:00.000Z', '2026-12-31T16:00:00.000Z'],
  ])('%s: 00:00 = %s, 24:00 (exclusive) = %s', (d, start, end) => {
    expect(startOfBeijingDay(D(d)).toISOString()).toBe(start);
    expect(endOfBeijingDay(D(d)).toISOString()).toBe(end);
    expect(beijingDate(startOfBeijingDay(D(d)))).toBe(d);
    expect(beijingDate(new Date(endOfBeijingDay(D(d)).getTime() - 1))).toBe(d);
  });
});

describe('calendar arithmetic', () => {
  it.each([
    ['2026-03-01', 20, '2026-03-21'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2024-02-29', 1, '2024-03-01'],
    ['1900-02-28', 1, '1900-03-01'], // not a leap year
    ['2000-02-28', 1, '2000-02-29'], // leap year
    ['2025-12-31', 1, '2026-01-01'],
    ['2026-01-01', -1, '2025-12-31'],
    ['2025-09-16', 15, '2025-10-01'],
    ['2026-03-21', 0, '2026-03-21'],
    ['2025-01-01', 730, '2027-01-01'],
  ])('addDays(%s, %i) = %s', (d, n, expected) => {
    expect(addDays(D(d), n)).toBe(expected);
    expect(daysBetween(D(d), D(expected))).toBe(n);
  });

  it('addDays rejects a non-integer', () => {
    expect(() => addDays(D('2026-03-01'), 1.5)).toThrow(AppError);
  });

  it.each([
    ['2026-03-01', '2026-03-21', -1],
    ['2026-03-21', '2026-03-21', 0],
    ['2027-01-01', '2026-12-31', 1],
  ] as const)('compare(%s, %s) = %i', (a, b, expected) => {
    expect(compare(D(a), D(b))).toBe(expected);
  });

  it.each([
    ['2026-03-01', 7], // Sunday
    ['2026-03-02', 1], // Monday
    ['2026-03-21', 6], // Saturday
    ['2025-09-28', 7], // Sunday (调休 workday)
    ['2025-10-11', 6], // Saturday (调休 workday)
    ['2025-10-01', 3], // Wednesday
    ['2026-02-14', 6],
    ['1970-01-01', 4],
    ['1969-12-28', 7],
  ])('dayOfWeek(%s) = %i (ISO: 1 Mon … 7 Sun)', (d, expected) => {
    expect(dayOfWeek(D(d))).toBe(expected);
  });
});

describe('LocalDate validation and formatting', () => {
  it.each(['2026-03-01', '2024-02-29', '2000-02-29', '9999-12-31'])('%s is a date', (s) => {
    expect(isLocalDate(s)).toBe(true);
    expect(localDate(s)).toBe(s);
  });

  it.each(['2025-02-29', '1900-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '2026-3-1', '26-03-01', '2026-03-01T00:00', '', '0999-01-01'])(
    '%j is not a date → VALIDATION',
    (s) => {
      expect(isLocalDate(s)).toBe(false);
      expect(() => localDate(s)).toThrow(expect.objectContaining({ code: 'VALIDATION', details: { date: s } }));
    },
  );

  it('fromYmd pads and validates', () => {
    expect(fromYmd(2026, 3, 1)).toBe('2026-03-01');
    expect(() => fromYmd(2026, 2, 30)).toThrow(AppError);
  });

  it('formats for messages', () => {
    expect(formatDateZh(D('2026-03-21'))).toBe('2026年3月21日');
    expect(formatBeijingDateTime(new Date('2026-03-21T01:02:03Z'))).toBe('2026-03-21 09:02:03');
  });
});
