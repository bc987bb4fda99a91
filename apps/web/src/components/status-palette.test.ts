import { describe, expect, it } from 'vitest';
import { STATUS_FAMILIES } from '@ebid/domain';
import { FAMILY_PALETTE } from './status-palette.ts';

/** WCAG 2.1 relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  const [r, g, b] = [m[1]!, m[2]!, m[3]!].map((h) => {
    const c = parseInt(h, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** WCAG 2.1 contrast ratio (1–21). */
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

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
