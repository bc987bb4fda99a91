import { describe, expect, it } from 'vitest';
import { isSpecialtyCode, SPECIALTIES, SPECIALTY_CODES, specialtyCodeOfName } from './specialties.ts';

describe('specialty vocabulary', () => {
  it('has at least 8 codes, each with a distinct Chinese and English name', () => {
    expect(SPECIALTY_CODES.length).toBeGreaterThanOrEqual(8);
    expect(new Set(SPECIALTY_CODES.map((c) => SPECIALTIES[c].zh)).size).toBe(SPECIALTY_CODES.length);
    expect(new Set(SPECIALTY_CODES.map((c) => SPECIALTIES[c].en)).size).toBe(SPECIALTY_CODES.length);
  });

  it.each([
    ['房屋建筑', 'housing'],
    ['市政工程', 'municipal'],
    ['公路工程', 'highway'],
    ['水利工程', 'water'],
    ['信息化', 'it'],
    ['医疗设备', 'medical'],
    ['造价', 'cost'],
    ['法律', 'legal'],
    ['不存在', null],
  ])('the demo name %s maps to %s (as migration 0023 does)', (zh, code) => {
    expect(specialtyCodeOfName(zh)).toBe(code);
  });

  it.each([
    ['housing', true],
    ['legal', true],
    ['房屋建筑', false],
    ['', false],
  ])('isSpecialtyCode(%j) → %s', (s, expected) => {
    expect(isSpecialtyCode(s)).toBe(expected);
  });
});
