import { describe, expect, it } from 'vitest';
import { STATUS_FAMILIES } from '@ebid/domain';
import { contrast } from '../contrast.ts';
import { FAMILY_PALETTE } from './status-palette.ts';

describe('the status families\' palette (issue 19 §2, §7)', () => {
  it('computes contrast as WCAG does (known pairs)', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2); // the classic just-below-AA grey
    expect(contrast('#ffffff', '#ffffff')).toBe(1);
  });

  it.each(STATUS_FAMILIES.map((f) => [f, FAMILY_PALETTE[f]] as const))('%s: text ≥ 4.5:1 on its tint and on white (AA)', (_f, c) => {
    expect(contrast(c.fg, c.bg)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(c.fg, '#ffffff')).toBeGreaterThanOrEqual(4.5);
  });

  it('has a palette for every family and no other', () => {
    expect(Object.keys(FAMILY_PALETTE).sort()).toEqual([...STATUS_FAMILIES].sort());
  });

  it('gives each family its own text colour and its own tint: families are told apart', () => {
    const fg = STATUS_FAMILIES.map((f) => FAMILY_PALETTE[f].fg.toLowerCase());
    const bg = STATUS_FAMILIES.map((f) => FAMILY_PALETTE[f].bg.toLowerCase());
    expect(new Set(fg).size).toBe(STATUS_FAMILIES.length);
    expect(new Set(bg).size).toBe(STATUS_FAMILIES.length);
  });
});
