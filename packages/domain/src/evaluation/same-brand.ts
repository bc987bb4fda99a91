/**
 * The same-brand rule (R87 §31; domain §3.1): in a GP tender, bidders offering the same brand of the core
 * product count as ONE bidder — for the three the law needs (O2, CG §36) as for the candidates — and only one
 * of them may be recommended: under 综合评分法 the highest scorer, under 最低评标价法 the lowest evaluated price
 * (the ranking's own order, rank.ts). Equal ones stand together in the ranking and go to the docs' rule, else
 * the auditable random draw (S9's last resort). Engineering has no such rule.
 *
 * The brand is what the committee recorded for the bid's core product (bid inputs); brands compare
 * normalized — NFKC, spaces collapsed, Latin case folded — so "HUAWEI", " Huawei" and "ＨＵＡＷＥＩ" are one
 * brand. A bid without a recorded brand is a bidder of its own.
 */
import type { EvaluationKind } from './method.ts';

/** The longest brand text recorded. */
export const BRAND_MAX = 100;

/** The rule applies to GP kinds only. */
export const appliesSameBrand = (kind: EvaluationKind): boolean => kind.startsWith('gp.');

/** The brand as compared, or null when none was recorded (blank counts as none). */
export function brandKey(brand: string | null | undefined): string | null {
  if (typeof brand !== 'string') return null;
  const k = brand.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
  return k === '' ? null : k;
}

/** How many bidders the bids count as: one per brand, one per bid without a brand (R87 §31). */
export function countBidders(bids: readonly { brand?: string | null }[]): number {
  const brands = new Set<string>();
  let unbranded = 0;
  for (const b of bids) {
    const k = brandKey(b.brand);
    if (k === null) unbranded++;
    else brands.add(k);
  }
  return brands.size + unbranded;
}

/** bid id → brand key, for the bids that have one (none for a kind the rule does not apply to). */
export function brandsOf(kind: EvaluationKind, bids: readonly { id: string; brand?: string | null }[]): Map<string, string> {
  const out = new Map<string, string>();
  if (!appliesSameBrand(kind)) return out;
  for (const b of bids) {
    const k = brandKey(b.brand);
    if (k !== null) out.set(b.id, k);
  }
  return out;
}

/** How many bidders the valid bids of a method count as for O2: by brand under GP (R87 §31), else each bid. */
export function biddersFor(kind: EvaluationKind, bids: readonly { brand?: string | null }[]): number {
  return appliesSameBrand(kind) ? countBidders(bids) : bids.length;
}
