/**
 * From the members' sheets to one criteria score per bid (S6; domain §3.2 "Expert score aggregation").
 *
 * Each member's points for a bid are first weighted: a group's points are Σ its scores × the group's weight
 * (in points of 100) ÷ Σ its criteria's max scores — the identity when the criteria's max scores already add
 * up to the weight, as they do in most documents. The member's total is the sum over groups.
 *
 * The aggregate is taken over the members' totals (C-FJ `getAvgScoreBySth`: "computed per bidder over the
 * summed item scores of each expert"): the plain mean, or with `trimmed_mean` and at least `minMembers`
 * members, (Σ − one highest − one lowest) ÷ (n − 2). Example: 80, 85, 78, 90, 70 → 81.00 (plain 80.60).
 * The per-group aggregates (used for the "higher technical score" tie-break and the report) use the same
 * mode over the members' group points, so they need not add up to the trimmed total.
 * Nothing is rounded here: the caller rounds once, to 2 dp.
 */
import { compareIds as cmp, Dec, ZERO } from './decimal.ts';
import type { Aggregation, ComprehensiveMethod, CriterionGroup } from './method.ts';
import { validateScoreSheet, type ScoreSheet } from './score-sheet.ts';

export interface AggregateOf {
  value: Dec;
  /** the members whose value was dropped (highest, lowest), [] for the plain mean */
  dropped: string[];
}

/** The plain or trimmed mean of members' values (S6). Ties for highest / lowest drop the smallest member id. */
export function aggregateValues(values: readonly { memberId: string; value: Dec }[], aggregation: Aggregation): AggregateOf {
  const n = values.length;
  if (n === 0) return { value: ZERO, dropped: [] };
  const sum = values.reduce((s, v) => s.plus(v.value), ZERO);
  if (aggregation.mode === 'mean' || n < aggregation.minMembers) return { value: sum.div(n), dropped: [] };
  // the highest (smallest member id among equals), then the lowest of the others: independent of input order
  const pick = (pool: readonly { memberId: string; value: Dec }[], better: (a: Dec, b: Dec) => boolean) =>
    pool.reduce((best, v) => (better(v.value, best.value) || (v.value.eq(best.value) && cmp(v.memberId, best.memberId) < 0) ? v : best));
  const hi = pick(values, (a, b) => a.gt(b));
  const lo = pick(values.filter((v) => v !== hi), (a, b) => a.lt(b));
  return { value: sum.minus(hi.value).minus(lo.value).div(n - 2), dropped: [hi.memberId, lo.memberId] };
}

export interface BidAggregate {
  bidId: string;
  /** the aggregated criteria points (all groups, weighted), unrounded */
  criteria: AggregateOf;
  /** the aggregated points per weighted group, unrounded */
  groups: Partial<Record<CriterionGroup, Dec>>;
}

interface GroupPlan {
  group: CriterionGroup;
  criteria: string[];
  /** the group's weight in points of 100 */
  points: Dec;
  /** Σ of its criteria's max scores */
  max: Dec;
}

function groupPlan(spec: ComprehensiveMethod): GroupPlan[] {
  const toPoints = spec.weights.scale === 'fraction' ? new Dec(100) : new Dec(1);
  return Object.entries(spec.weights.groups).map(([g, w]) => {
    const criteria = spec.criteria.filter((c) => c.group === g);
    return {
      group: g as CriterionGroup,
      criteria: criteria.map((c) => c.id),
      points: new Dec(w!).times(toPoints),
      max: criteria.reduce((s, c) => s.plus(c.maxScore), ZERO),
    };
  });
}

/**
 * Validates every sheet (each must score every criterion of every bid in `bidIds`) and aggregates per bid.
 * The sheets are those of the committee's current members; a replaced member's sheet is void (E5).
 */
export function aggregateScores(spec: ComprehensiveMethod, sheets: readonly ScoreSheet[], bidIds: readonly string[]): BidAggregate[] {
  const plan = groupPlan(spec);
  const parsed = sheets.map((s) => ({ memberId: s.memberId, scores: validateScoreSheet(spec, s, bidIds) }));
  return bidIds.map((bidId) => {
    const totals: { memberId: string; value: Dec }[] = [];
    const perGroup = new Map<CriterionGroup, { memberId: string; value: Dec }[]>(plan.map((p) => [p.group, []]));
    for (const { memberId, scores } of parsed) {
      const byCriterion = scores.get(bidId)!;
      let total = ZERO;
      for (const p of plan) {
        const raw = p.criteria.reduce((s, id) => s.plus(byCriterion.get(id)!), ZERO);
        // multiply before dividing: one division, exact whenever the true value terminates
        const points = raw.times(p.points).div(p.max);
        perGroup.get(p.group)!.push({ memberId, value: points });
        total = total.plus(points);
      }
      totals.push({ memberId, value: total });
    }
    const groups: Partial<Record<CriterionGroup, Dec>> = {};
    for (const p of plan) groups[p.group] = aggregateValues(perGroup.get(p.group)!, spec.aggregation).value;
    return { bidId, criteria: aggregateValues(totals, spec.aggregation), groups };
  });
}
