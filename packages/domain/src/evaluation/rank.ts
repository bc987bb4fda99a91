/**
 * Ranking and ties (S9; domain §3.1 "Ranking and ties", §3.2 "Ties"). The legal tie-breaks, in order:
 * - gp.comprehensive (R87 §56): higher total → lower bid price;
 * - gp.lowest_price (R87 §56): lower evaluated price;
 * - eng.comprehensive (标准施工招标文件): higher total → lower bid price → higher technical score;
 * - eng.lowest_evaluated_price (标准施工招标文件): lower evaluated price → lower bid price.
 * Bids equal on every key share a rank (并列: 1, 1, 3). A tie is never broken silently: a tied group that
 * reaches into the candidate positions is returned in `needsDraw` with the method's last resort (an
 * auditable random draw unless the docs say the tenderee decides), and the candidate list stops before it.
 * A tie wholly below the candidates stays 并列 (each bidder is told its own score and rank, A3).
 *
 * Same brand (R87 §31, same-brand.ts; GP only, `brandOf`): a bid ranked below another of its brand is no
 * candidate (`candidates.sameBrand` lists them; they keep their score and rank); a tied group fills at most
 * one seat per brand in it.
 */
import { compareIds, type Dec } from './decimal.ts';
import type { EvaluationKind, LastResort } from './method.ts';

export type TieBreakKey = 'total' | 'evaluatedPrice' | 'price' | 'technical';

export const TIE_BREAKS: Readonly<Record<EvaluationKind, readonly { key: TieBreakKey; order: 'asc' | 'desc' }[]>> = {
  'gp.comprehensive': [
    { key: 'total', order: 'desc' },
    { key: 'price', order: 'asc' },
  ],
  'gp.lowest_price': [{ key: 'evaluatedPrice', order: 'asc' }],
  'eng.comprehensive': [
    { key: 'total', order: 'desc' },
    { key: 'price', order: 'asc' },
    { key: 'technical', order: 'desc' },
  ],
  'eng.lowest_evaluated_price': [
    { key: 'evaluatedPrice', order: 'asc' },
    { key: 'price', order: 'asc' },
  ],
};

/** A bid's values for the keys of its kind (a key the method does not have, e.g. no technical group: null). */
export interface RankInput {
  bidId: string;
  values: Partial<Record<TieBreakKey, Dec | null>>;
}

export interface RankedBid {
  rank: number;
  bidId: string;
  /** the key that set this bid apart from those equal to it on the first key; null while tied on all */
  decidedBy: TieBreakKey | null;
}

export interface DrawGroup {
  rank: number;
  bidIds: string[];
  /** how many candidate positions the group fills: the draw orders it (or picks that many) */
  seats: number;
  resolution: LastResort;
}

export interface Ranking {
  ranking: RankedBid[];
  needsDraw: DrawGroup[];
  /** the candidates in order, up to the wanted count or the first undrawn tie */
  candidates: {
    count: number;
    decided: string[];
    complete: boolean;
    /** R87 §31: the bids ranked below another of their brand, never candidates (present only when there are some) */
    sameBrand?: string[];
  };
}

function compareOn(kind: EvaluationKind, a: RankInput, b: RankInput): { diff: number; at: number } {
  const keys = TIE_BREAKS[kind];
  for (let i = 0; i < keys.length; i++) {
    const { key, order } = keys[i]!;
    const x = a.values[key] ?? null;
    const y = b.values[key] ?? null;
    if (x === null || y === null) continue; // a key the method lacks breaks no tie
    const c = x.cmp(y);
    if (c !== 0) return { diff: order === 'asc' ? c : -c, at: i };
  }
  return { diff: 0, at: -1 };
}

/** Ranks the valid bids of a method by its legal keys; ties go to `needsDraw`, never silently broken. */
export function rankBids(kind: EvaluationKind, entries: readonly RankInput[], candidateCount: number, lastResort: LastResort, brandOf: ReadonlyMap<string, string> = new Map()): Ranking {
  // one seat per brand in a group (R87 §31); a bid without a brand is its own
  const seatsIn = (ids: readonly string[]): number => new Set(ids.map((id) => brandOf.get(id) ?? `\u0000${id}`)).size;
  const sorted = [...entries].sort((a, b) => compareOn(kind, a, b).diff || compareIds(a.bidId, b.bidId));
  const ranking: RankedBid[] = [];
  const needsDraw: DrawGroup[] = [];
  const keys = TIE_BREAKS[kind];
  // the first key alone: bids equal on it stand together in `sorted`
  const firstEqual = (a: RankInput, b: RankInput) => compareOn(kind, a, b).at !== 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i + 1;
    while (j < sorted.length && compareOn(kind, sorted[i]!, sorted[j]!).diff === 0) j++;
    const rank = i + 1;
    if (j - i > 1) {
      for (let m = i; m < j; m++) ranking.push({ rank, bidId: sorted[m]!.bidId, decidedBy: null });
      const tied = sorted.slice(i, j).map((e) => e.bidId);
      const seats = Math.min(Math.max(0, Math.min(candidateCount, j) - i), seatsIn(tied));
      if (seats > 0) needsDraw.push({ rank, bidIds: tied, seats, resolution: lastResort });
    } else {
      const e = sorted[i]!;
      // the deepest key that separates it from a neighbour equal to it on the first key
      let deepest = 0;
      for (let m = i - 1; m >= 0 && firstEqual(sorted[m]!, e); m--) deepest = Math.max(deepest, compareOn(kind, sorted[m]!, e).at);
      for (let m = i + 1; m < sorted.length && firstEqual(sorted[m]!, e); m++) deepest = Math.max(deepest, compareOn(kind, e, sorted[m]!).at);
      ranking.push({ rank, bidId: e.bidId, decidedBy: keys[deepest]!.key });
    }
    i = j;
  }
  // R87 §31: below the best rank of its brand, a bid is no candidate
  const bestOfBrand = new Map<string, number>();
  for (const r of ranking) {
    const b = brandOf.get(r.bidId);
    if (b !== undefined && !bestOfBrand.has(b)) bestOfBrand.set(b, r.rank);
  }
  const sameBrand = ranking.filter((r) => brandOf.has(r.bidId) && r.rank > bestOfBrand.get(brandOf.get(r.bidId)!)!).map((r) => r.bidId);
  const excluded = new Set(sameBrand);
  const decided: string[] = [];
  for (const r of ranking) {
    if (excluded.has(r.bidId)) continue;
    if (decided.length >= candidateCount || r.decidedBy === null) break;
    decided.push(r.bidId);
  }
  const complete = decided.length === Math.min(candidateCount, seatsIn(ranking.map((r) => r.bidId)));
  return { ranking, needsDraw, candidates: { count: candidateCount, decided, complete, ...(sameBrand.length > 0 ? { sameBrand } : {}) } };
}
