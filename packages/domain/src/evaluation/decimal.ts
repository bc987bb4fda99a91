/**
 * The one decimal of the evaluation methods (DESIGN §10; domain S4): decimal.js configured once, 40
 * significant digits, ROUND_HALF_UP — ties round AWAY FROM ZERO, so −2.735 → −2.74 as S4 asks for negative
 * deviations. No score, price or weight of this folder is ever a JS float: scores, weights and rates come in
 * as decimal strings, money as integer fen (converted exactly), and results leave as fixed 2-dp strings.
 */
import Decimal from 'decimal.js';
import { AppError } from '../errors.ts';

export const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type Dec = Decimal;

/** A plain non-negative decimal: no sign, exponent, blank or leading zeros ("0.5", "12", "12.50"). */
const PLAIN_DECIMAL = /^(0|[1-9]\d{0,14})(\.\d{1,12})?$/;

export const ZERO = new Dec(0);
export const ONE = new Dec(1);
export const HUNDRED = new Dec(100);

/** Parses a plain non-negative decimal string; null for anything else (numbers included: no floats). */
export function parseDecimal(v: unknown): Dec | null {
  return typeof v === 'string' && PLAIN_DECIMAL.test(v) ? new Dec(v) : null;
}

/** The decimals a plain decimal string's VALUE has: "1.25" → 2, "1.50" → 1, "5.0" → 0 (a trailing zero adds none). */
export function decimalsOf(v: string): number {
  const dot = v.indexOf('.');
  return dot < 0 ? 0 : v.replace(/0+$/, '').length - dot - 1;
}

/** Integer fen → Dec, exactly (the caller has checked it is a safe integer). */
export function fen(v: number): Dec {
  return new Dec(v);
}

export function isFen(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v);
}

/**
 * Removes the noise a division at 40 digits may leave (12.3449999…9 for 12.345) before the 2-dp rounding.
 * Exact: every quantity here is a ratio of small decimals, whose distance from a 2-dp tie is far above
 * 10^-24 unless it IS the tie.
 */
export function settle(d: Dec): Dec {
  return d.toDecimalPlaces(24);
}

/** Half-up (away from zero) to `dp` places, after settling. */
export function roundTo(d: Dec, dp: number): Dec {
  return settle(d).toDecimalPlaces(dp);
}

/** A fixed 2-dp string, half-up, never "-0.00". */
export function fixed2(d: Dec): string {
  const r = roundTo(d, 2);
  return r.isZero() ? '0.00' : r.toFixed(2);
}

/** Fen (possibly fractional, e.g. a mean) as yuan with 2 dp: 97666666.666… fen → "976666.67". */
export function yuan2(fenValue: Dec): string {
  return fixed2(fenValue.div(100));
}

/** Money is whole fen: a computed amount (a deduction, a corrected line) rounds half-up to the fen. */
export function toWholeFen(d: Dec): number {
  return roundTo(d, 0).toNumber();
}

/** The VALIDATION error of this folder: `details` always names the field and the reason. */
export function invalid(reason: string, field: string, zh: string, en: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError('VALIDATION', { zh, en }, { field, reason, ...extra });
}

/** A total order on ids that does not depend on the runtime's locale (deterministic output, replay). */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
