/**
 * The price ceiling a bid is measured against (issue 16 §2):
 * - engineering: the section's 最高投标限价 (ZTBT §27 V allows it; a price above it is a mandatory
 *   rejection, ZTBT §51 V) — none set, no ceiling;
 * - procurement: the section's 最高限价 where one is set, otherwise the project's budget (a price above
 *   the budget or the ceiling is an invalid bid, R87 §63 K);
 * - land, property: none — there the section's amount is a reserve or starting price, not a ceiling;
 * - rate bids (费率报价, priceKind 'rate'): exempt, the "price" is a rate and not comparable.
 *
 * The ceiling is public; comparing a price with it happens where the price is (the bidder's browser or
 * `ebid seal` before sealing, the opening once prices are published). A price above it is flagged, never
 * rejected here: rejecting (否决) is the committee's act in the evaluation (实施条例 §51).
 * Money is integer fen.
 */
import type { TradeType } from '../procedure/flags.ts';
import type { PriceKind } from '../procedure/project-fields.ts';

export interface CeilingInput {
  tradeType: TradeType;
  priceKind: PriceKind;
  /** The section's ceilingFen (最高投标限价 / 最高限价; for land and property a reserve or starting price). */
  sectionCeilingFen: number | null | undefined;
  /** The project's budgetFen (预算). */
  budgetFen: number | null | undefined;
}

const amount = (v: number | null | undefined): number | null => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : null);

/** The ceiling in fen a bid price of this section may not exceed, or null when there is none. */
export function priceCeilingFen(input: CeilingInput): number | null {
  return priceCeiling(input)?.fen ?? null;
}

/** The ceiling and what it is called where it is shown (sealing form, `ebid seal`, opening record). */
export function priceCeiling(input: CeilingInput): { fen: number; label: { zh: string; en: string } } | null {
  if (input.priceKind === 'rate') return null;
  const section = amount(input.sectionCeilingFen);
  switch (input.tradeType) {
    case 'engineering':
      return section === null ? null : { fen: section, label: { zh: '最高投标限价', en: 'price ceiling' } };
    case 'procurement': {
      if (section !== null) return { fen: section, label: { zh: '最高限价', en: 'price ceiling' } };
      const budget = amount(input.budgetFen);
      return budget === null ? null : { fen: budget, label: { zh: '采购预算', en: 'budget' } };
    }
    case 'land':
    case 'property':
      return null;
  }
}

/** Is the price above the ceiling? Strictly: a price equal to the ceiling is within it; no ceiling → false. */
export function aboveCeiling(priceFen: number | null | undefined, ceilingFen: number | null | undefined): boolean {
  return typeof priceFen === 'number' && typeof ceilingFen === 'number' && priceFen > ceilingFen;
}
