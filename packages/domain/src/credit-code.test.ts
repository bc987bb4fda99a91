import { describe, expect, it } from 'vitest';
import { creditCodeCheckChar, isValidCreditCode } from './credit-code.ts';

describe('统一社会信用代码 check character (GB 32100)', () => {
  it.each([
    ['91350100M000100Y43', true], // the standard's published example
    ['91350100M000100Y44', false], // wrong check character
    ['91350100M000100Y4', false], // too short
    ['91350100M000100Y433', false], // too long
    ['91350100I000100Y43', false], // I is not in the alphabet
    ['91350100m000100Y43', false], // lower case
    ['9135010AM000100Y43', false], // region code must be digits
    ['', false],
  ])('%s → %s', (code, ok) => {
    expect(isValidCreditCode(code)).toBe(ok);
  });

  it('check char of 0…0 is 0 (sum 0 → 31 mod 31)', () => {
    expect(creditCodeCheckChar('0'.repeat(17))).toBe('0');
  });
  it('rejects characters outside the alphabet', () => {
    expect(creditCodeCheckChar('O'.repeat(17))).toBeNull();
  });
});
