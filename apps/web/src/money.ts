/**
 * Money is integer fen everywhere (API, database). The user types yuan; the conversion parses the decimal
 * string digit by digit, so 0.29 元 is 29 分 (never 28.999… from a float multiplication).
 */

/** Yuan as typed ("1,234.5", "0.01") → fen; null for anything that is not a non-negative amount with ≤ 2 decimals. */
export function yuanToFen(input: string): number | null {
  const s = input.trim().replace(/[,，\s]/g, '');
  const m = /^(\d+)(?:\.(\d{0,2}))?$/.exec(s);
  if (!m) return null;
  const intPart = m[1]!.replace(/^0+(?=\d)/, '');
  if (intPart.length > 15) return null;
  const fen = Number(intPart) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(fen) ? fen : null;
}

/** Fen → the yuan string for an input ("1234.50"). */
export function fenToYuanInput(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Fen → "¥1,234.50" (always two decimals, thousands grouped): the one formatter of domain format.ts. */
export { formatFen } from '@ebid/domain';
