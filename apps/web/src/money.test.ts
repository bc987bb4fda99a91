import { describe, expect, it } from 'vitest';
import { fenToYuanInput, formatFen, yuanToFen } from './money.ts';

describe('yuan → fen (decimal string, no float drift)', () => {
  it.each([
    ['0', 0],
    ['0.01', 1],
    ['0.1', 10],
    ['0.29', 29],
    ['1.005'.slice(0, 4), 100],
    ['19.99', 1999],
    ['1,234.56', 123_456],
    [' 100 ', 10_000],
    ['100.', 10_000],
    ['007.50', 750],
    ['123456789.12', 12_345_678_912],
    ['90071992547409.91', 9_007_199_254_740_991],
  ])('%s 元 → %d 分', (yuan, fen) => {
    expect(yuanToFen(yuan)).toBe(fen);
  });

  it.each([[''], ['abc'], ['-1'], ['1.001'], ['1e3'], ['.5'], ['90071992547409.92'], ['1234567890123456']])('refuses %j', (yuan) => {
    expect(yuanToFen(yuan)).toBeNull();
  });
});

describe('fen → display / input', () => {
  it.each([
    [0, '¥0.00', '0.00'],
    [1, '¥0.01', '0.01'],
    [10, '¥0.10', '0.10'],
    [999, '¥9.99', '9.99'],
    [123_456, '¥1,234.56', '1234.56'],
    [12_345_678_900, '¥123,456,789.00', '123456789.00'],
    [-5, '-¥0.05', '-0.05'],
  ])('%d 分 → %s', (fen, shown, input) => {
    expect(formatFen(fen)).toBe(shown);
    expect(fenToYuanInput(fen)).toBe(input);
    if (fen >= 0) expect(yuanToFen(input)).toBe(fen);
  });

  it('shows a missing amount as a dash', () => {
    expect(formatFen(null)).toBe('—');
  });
});
