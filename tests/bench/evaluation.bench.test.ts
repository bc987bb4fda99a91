/**
 * The cost of decimal arithmetic in the evaluation (`npm run bench`, issue 22 §7, first half): 200 bids ×
 * 7 members × 30 criteria, every sheet checked, aggregated by the trimmed mean, the low-price-first price
 * score added, totalled and ranked with the domain's decimal code (`@ebid/domain/evaluation`) — against the
 * same arithmetic on plain JS numbers in the same run (the same checks of range and decimals, the same
 * weighting, trimming, rounding and tie-breaks, with Math.round). Goal: decimal ÷ plain ≤ 20×.
 * Both run alternately after a warm-up; the fastest of RUNS counts for each. Prints the times, the ratio and
 * how many of the plain totals differ from the decimal ones; asserts a generous bound and that the decimal
 * ranking is complete. Knobs: BENCH_EVAL_BIDS (200), BENCH_EVAL_MEMBERS (7), BENCH_EVAL_CRITERIA (30).
 */
import { describe, expect, it } from 'vitest';
import {
  aggregateScores,
  fixed2,
  lowPriceFirstScores,
  priceWeightFraction,
  rankBids,
  EvaluationDecimal as Dec,
  type GpComprehensiveMethod,
  type RankInput,
} from '@ebid/domain/evaluation';
import { syntheticEvaluation } from './evaluation-data.ts';

const BIDS = Number(process.env.BENCH_EVAL_BIDS ?? 200);
const MEMBERS = Number(process.env.BENCH_EVAL_MEMBERS ?? 7);
const CRITERIA = Number(process.env.BENCH_EVAL_CRITERIA ?? 30);
const RUNS = 7;
const GOAL = 20;

// ── the method (30 % price) over the synthetic committee's criteria (evaluation-data.ts) ──
const { criteria, bidIds, priceFen, sheets } = syntheticEvaluation({ bids: BIDS, members: MEMBERS, criteria: CRITERIA });
const spec: GpComprehensiveMethod = {
  kind: 'gp.comprehensive',
  version: 1,
  subject: 'goods',
  procedure: 'tender',
  fixedPrice: false,
  compliance: [],
  policy: null,
  abnormallyLow: null,
  candidates: 3,
  lastResort: 'random_draw',
  criteria,
  weights: { scale: 'percent', price: '30', groups: { technical: '50', commercial: '20' } },
  aggregation: { mode: 'trimmed_mean', minMembers: 5 },
  priceWeightApproval: null,
};


interface Outcome {
  totals: Map<string, string>;
  order: string[];
}

/** The domain's decimal code: check + aggregate (trimmed), price score, total (2 dp), rank. */
function withDecimals(): Outcome {
  const aggregates = aggregateScores(spec, sheets, bidIds);
  const prices = bidIds.map((bidId) => ({ bidId, evaluatedPriceFen: priceFen.get(bidId)! }));
  const price = new Map(lowPriceFirstScores(prices, priceWeightFraction(spec)).scores.map((s) => [s.bidId, s.weighted]));
  const totals = new Map<string, string>();
  const inputs: RankInput[] = aggregates.map((a) => {
    const total = new Dec(fixed2(a.criteria.value)).plus(fixed2(price.get(a.bidId)!));
    totals.set(a.bidId, fixed2(total));
    return { bidId: a.bidId, values: { total, price: new Dec(priceFen.get(a.bidId)!) } };
  });
  const ranked = rankBids(spec.kind, inputs, spec.candidates, spec.lastResort);
  return { totals, order: ranked.ranking.map((r) => r.bidId) };
}

/** The same arithmetic on plain numbers: the baseline a float implementation would cost. */
function withNumbers(): Outcome {
  const maxOf = new Map(criteria.map((c) => [c.id, Number(c.maxScore)]));
  const groupOf = new Map(criteria.map((c) => [c.id, c.group]));
  const groupMax = { technical: 0, commercial: 0 } as Record<string, number>;
  for (const c of criteria) groupMax[c.group]! += Number(c.maxScore);
  const groupPoints = { technical: 50, commercial: 20 } as Record<string, number>;
  // member → bid → group → raw points
  const raw = sheets.map((s) => {
    const byBid = new Map<string, Record<string, number>>();
    const seen = new Set<string>();
    for (const e of s.scores) {
      const v = Number(e.score);
      const max = maxOf.get(e.criterionId);
      if (max === undefined || !(v >= 0 && v <= max)) throw new Error('score out of range');
      const dot = e.score.indexOf('.');
      if (dot >= 0 && e.score.length - dot - 1 > 1) throw new Error('too many decimals');
      const key = `${e.bidId}\u0000${e.criterionId}`;
      if (seen.has(key)) throw new Error('duplicate');
      seen.add(key);
      let g = byBid.get(e.bidId);
      if (!g) byBid.set(e.bidId, (g = { technical: 0, commercial: 0 }));
      g[groupOf.get(e.criterionId)!]! += v;
    }
    return { memberId: s.memberId, byBid };
  });
  const round2 = (x: number) => Math.round(x * 100) / 100;
  const base = Math.min(...bidIds.map((id) => priceFen.get(id)!));
  const rows = bidIds.map((bidId) => {
    const memberTotals = raw.map((r) => {
      const g = r.byBid.get(bidId)!;
      return { memberId: r.memberId, v: (g.technical! * groupPoints.technical!) / groupMax.technical! + (g.commercial! * groupPoints.commercial!) / groupMax.commercial! };
    });
    let sum = 0;
    for (const t of memberTotals) sum += t.v;
    let agg = sum / memberTotals.length;
    if (memberTotals.length >= 5) {
      let hi = memberTotals[0]!;
      for (const t of memberTotals) if (t.v > hi.v || (t.v === hi.v && t.memberId < hi.memberId)) hi = t;
      let lo = memberTotals.find((t) => t !== hi)!;
      for (const t of memberTotals) if (t !== hi && (t.v < lo.v || (t.v === lo.v && t.memberId < lo.memberId))) lo = t;
      agg = (sum - hi.v - lo.v) / (memberTotals.length - 2);
    }
    const price = (base / priceFen.get(bidId)!) * 100 * 0.3;
    return { bidId, total: round2(round2(agg) + round2(price)), price: priceFen.get(bidId)! };
  });
  rows.sort((a, b) => b.total - a.total || a.price - b.price || (a.bidId < b.bidId ? -1 : 1));
  return { totals: new Map(rows.map((r) => [r.bidId, r.total.toFixed(2)])), order: rows.map((r) => r.bidId) };
}

function timed(fn: () => Outcome): { out: Outcome; ms: number } {
  const t0 = performance.now();
  const out = fn();
  return { out, ms: performance.now() - t0 };
}

describe(`evaluation arithmetic: ${BIDS} bids × ${MEMBERS} members × ${CRITERIA} criteria`, () => {
  it('decimal (trimmed mean, price score, totals, ranking) ÷ plain numbers', () => {
    withNumbers();
    withDecimals();
    const plain: number[] = [];
    const dec: number[] = [];
    let last: { d: Outcome; p: Outcome } | null = null;
    for (let i = 0; i < RUNS; i++) {
      const p = timed(withNumbers);
      const d = timed(withDecimals);
      plain.push(p.ms);
      dec.push(d.ms);
      last = { d: d.out, p: p.out };
    }
    const p = Math.min(...plain);
    const d = Math.min(...dec);
    const ratio = d / p;
    const { d: dOut, p: pOut } = last!;
    const differ = bidIds.filter((id) => dOut.totals.get(id) !== pOut.totals.get(id)).length;
    const orderDiffers = dOut.order.some((id, i) => pOut.order[i] !== id);
    console.log(
      `[bench] evaluation ${BIDS} bids × ${MEMBERS} members × ${CRITERIA} criteria (${BIDS * MEMBERS * CRITERIA} scores): ` +
        `decimal ${d.toFixed(1)} ms vs plain numbers ${p.toFixed(2)} ms (best of ${RUNS}; runs ${dec.map((x) => x.toFixed(0)).join('/')} vs ${plain.map((x) => x.toFixed(1)).join('/')} ms) — ` +
        `ratio ${ratio.toFixed(1)}× (goal ≤ ${GOAL}×); plain totals differing from the decimal ones: ${differ} of ${BIDS}${orderDiffers ? ', ranking differs' : ''}`,
    );
    expect(dOut.order).toHaveLength(BIDS);
    expect(dOut.totals.size).toBe(BIDS);
    // a generous bound: the goal is printed, the assertion only catches a collapse
    expect(ratio).toBeLessThan(GOAL * 10);
  }, 300_000);
});
