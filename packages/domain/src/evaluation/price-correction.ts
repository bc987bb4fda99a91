/**
 * Price inconsistencies (S8; R87 §59), corrected in the law's order, each step applied to what the previous
 * one left:
 *   1. the 开标一览表 (opening form) beats the body of the bid;
 *   2. the amount in words beats the amount in figures;
 *   3. an obvious decimal slip in a unit price (the unit price × quantity is the line amount × 10^±k) → the
 *      line amount rules and the unit price is corrected;
 *   4. a total that differs from Σ unit price × quantity → the unit prices rule.
 * Pure: it returns the corrected price and the steps applied. The bidder must confirm the correction with
 * its e-signature or the bid is invalid — the service's job (`needsConfirmation`). Money is integer fen; a
 * quantity is a decimal string; a line amount computed from a unit price rounds half-up to the fen.
 */
import { decimalsOf, type Dec, fen, invalid, isFen, parseDecimal, toWholeFen, ZERO } from './decimal.ts';

export interface PriceLine {
  id: string;
  quantity: string;
  unitPriceFen: number;
  amountFen: number;
}

export interface StatedPrice {
  /** the 开标一览表: the total in figures, in words (parsed to fen by the caller) and its lines if it has any */
  opening: { figuresFen: number; wordsFen: number | null; lines: PriceLine[] | null };
  /** the price in the body of the bid (报价明细), when it states one */
  body: { totalFen: number; lines: PriceLine[] | null } | null;
}

export type CorrectionCode = 'OPENING_FORM_OVER_BODY' | 'WORDS_OVER_FIGURES' | 'UNIT_PRICE_DECIMAL_SLIP' | 'LINE_AMOUNT_FROM_UNIT_PRICE' | 'TOTAL_FROM_UNIT_PRICES';

export interface CorrectionStep {
  /** the R87 §59 item (1–4) */
  step: 1 | 2 | 3 | 4;
  code: CorrectionCode;
  /** the line a correction concerns (step 3, or a line amount in step 4), null for the total */
  lineId: string | null;
  /** the figure replaced and its replacement, in fen (step 3: the unit price; a line: its amount) */
  fromFen: number;
  toFen: number;
}

export interface PriceCorrection {
  priceFen: number;
  steps: CorrectionStep[];
  /** the lines that priced the bid after correction (null when no document had lines) */
  lines: PriceLine[] | null;
  /** a correction was made: the bidder's signed confirmation is required, or the bid is invalid (S8) */
  needsConfirmation: boolean;
}

const SLIP_POWERS = [1, 2, 3, 4];

function checkFen(v: unknown, field: string, positive: boolean): number {
  if (!isFen(v) || v < 0 || (positive && v === 0)) {
    throw invalid('PRICE_FIGURE_INVALID', field, '金额应为以分计的非负整数', 'An amount must be a non-negative whole number of fen', { rule: 'S8' });
  }
  return v;
}

function checkLines(lines: PriceLine[] | null, field: string): { line: PriceLine; qty: Dec }[] | null {
  if (lines === null) return null;
  if (!Array.isArray(lines) || lines.length === 0) throw invalid('PRICE_FIGURE_INVALID', field, '分项报价应为非空数组或 null', 'Price lines must be a non-empty array or null', { rule: 'S8' });
  const ids = new Set<string>();
  return lines.map((line, i) => {
    if (typeof line.id !== 'string' || ids.has(line.id)) throw invalid('PRICE_LINE_ID_INVALID', `${field}[${i}].id`, '分项编号缺失或重复', 'A line id is missing or repeated', { rule: 'S8' });
    ids.add(line.id);
    const qty = parseDecimal(line.quantity);
    if (qty === null || qty.isZero() || decimalsOf(line.quantity) > 6) {
      throw invalid('PRICE_LINE_QUANTITY_INVALID', `${field}[${i}].quantity`, '数量应为大于0的十进制数字符串（至多6位小数）', 'A quantity must be a decimal string above 0 (at most 6 decimals)', { rule: 'S8', line: line.id });
    }
    checkFen(line.unitPriceFen, `${field}[${i}].unitPriceFen`, false);
    checkFen(line.amountFen, `${field}[${i}].amountFen`, false);
    return { line, qty };
  });
}

/** Corrects a bid's price in the R87 §59 order (S8). */
export function correctPrice(stated: StatedPrice): PriceCorrection {
  const opening = stated.opening;
  let price = checkFen(opening.figuresFen, 'opening.figuresFen', true);
  const words = opening.wordsFen === null ? null : checkFen(opening.wordsFen, 'opening.wordsFen', true);
  const openingLines = checkLines(opening.lines, 'opening.lines');
  const steps: CorrectionStep[] = [];
  let lines = openingLines;
  if (stated.body !== null) {
    const bodyTotal = checkFen(stated.body.totalFen, 'body.totalFen', true);
    const bodyLines = checkLines(stated.body.lines, 'body.lines');
    // 1. the opening form rules; the body's breakdown counts only where the body agrees with it
    if (bodyTotal !== price) steps.push({ step: 1, code: 'OPENING_FORM_OVER_BODY', lineId: null, fromFen: bodyTotal, toFen: price });
    else if (lines === null) lines = bodyLines;
  }
  // 2. words over figures
  if (words !== null && words !== price) {
    steps.push({ step: 2, code: 'WORDS_OVER_FIGURES', lineId: null, fromFen: price, toFen: words });
    price = words;
  }
  if (lines === null) return { priceFen: price, steps, lines: null, needsConfirmation: steps.length > 0 };
  // 3. a unit price with its decimal point slipped: the line amount rules
  const corrected = lines.map(({ line, qty }) => {
    const amount = fen(line.amountFen);
    if (qty.times(line.unitPriceFen).eq(amount)) return { line, qty };
    for (const k of SLIP_POWERS) {
      for (const unit of [fen(line.unitPriceFen).times(10 ** k), fen(line.unitPriceFen).div(10 ** k)]) {
        if (unit.isInteger() && !unit.isZero() && qty.times(unit).eq(amount)) {
          steps.push({ step: 3, code: 'UNIT_PRICE_DECIMAL_SLIP', lineId: line.id, fromFen: line.unitPriceFen, toFen: unit.toNumber() });
          return { line: { ...line, unitPriceFen: unit.toNumber() }, qty };
        }
      }
    }
    return { line, qty };
  });
  // 4. the unit prices rule: every line amount and the total are recomputed from them
  const out = corrected.map(({ line, qty }) => {
    const amountFen = toWholeFen(qty.times(line.unitPriceFen));
    if (amountFen !== line.amountFen) steps.push({ step: 4, code: 'LINE_AMOUNT_FROM_UNIT_PRICE', lineId: line.id, fromFen: line.amountFen, toFen: amountFen });
    return { ...line, amountFen };
  });
  const fromUnits = out.reduce((s, l) => s.plus(l.amountFen), ZERO).toNumber();
  if (fromUnits !== price) {
    steps.push({ step: 4, code: 'TOTAL_FROM_UNIT_PRICES', lineId: null, fromFen: price, toFen: fromUnits });
    price = fromUnits;
  }
  if (price <= 0) throw invalid('PRICE_FIGURE_INVALID', 'opening.lines', '修正后的报价应大于0', 'The corrected price must be above 0', { rule: 'S8' });
  return { priceFen: price, steps, lines: out, needsConfirmation: steps.length > 0 };
}
