import { describe, expect, it } from 'vitest';
import { beijingDateTime, beijingDateTimeZh, formatFen, formatYuan } from './format.ts';

describe('formatYuan / formatFen (issue 17 §5: one money formatter, integer fen)', () => {
  it.each([
    [0, '0.00', '¥0.00'],
    [5, '0.05', '¥0.05'],
    [100, '1.00', '¥1.00'],
    [123456789, '1,234,567.89', '¥1,234,567.89'],
    [100000000, '1,000,000.00', '¥1,000,000.00'],
    [-150, '-1.50', '-¥1.50'],
    [Number.MAX_SAFE_INTEGER, '90,071,992,547,409.91', '¥90,071,992,547,409.91'],
  ])('%i fen → %s / %s', (fen, yuan, withSign) => {
    expect(formatYuan(fen)).toBe(yuan);
    expect(formatFen(fen)).toBe(withSign);
  });

  it('null and undefined → —', () => {
    expect(formatFen(null)).toBe('—');
    expect(formatFen(undefined)).toBe('—');
  });
});

describe('beijingDateTimeZh / beijingDateTime (UTC+8)', () => {
  it.each([
    ['2026-03-05T01:30:00Z', '2026年3月5日 09:30', '2026-03-05 09:30'],
    // 16:00 UTC on 31 Dec is already the next year in Beijing.
    ['2026-12-31T16:00:00Z', '2027年1月1日 00:00', '2027-01-01 00:00'],
    ['2026-12-31T15:59:59Z', '2026年12月31日 23:59', '2026-12-31 23:59'],
  ])('%s → %s', (iso, zh, plain) => {
    expect(beijingDateTimeZh(new Date(iso))).toBe(zh);
    expect(beijingDateTime(new Date(iso))).toBe(plain);
  });
});
