/**
 * The evaluation benchmarks' synthetic committee (issue 22 §7): `criteria` criteria (2/3 technical, 1/3
 * commercial, max 5 points, 1 decimal), `bids` bids priced 4,000,000.00–4,999,999.99 yuan, and one sheet per
 * member scoring every bid on every criterion "0.0"–"5.0" — from a fixed seed, so every run scores the same.
 */
import type { ScoreSheet, ScoredCriterion } from '@ebid/domain/evaluation';

export interface SyntheticEvaluation {
  criteria: ScoredCriterion[];
  bidIds: string[];
  memberIds: string[];
  priceFen: Map<string, number>;
  sheets: ScoreSheet[];
}

export function syntheticEvaluation(n: { bids: number; members: number; criteria: number }): SyntheticEvaluation {
  const technical = Math.ceil((n.criteria * 2) / 3);
  const criteria: ScoredCriterion[] = Array.from({ length: n.criteria }, (_, i) => ({
    id: `C${String(i + 1).padStart(2, '0')}`,
    nameZh: `评分因素${i + 1}`,
    group: i < technical ? 'technical' : 'commercial',
    maxScore: '5',
    decimals: 1,
    step: null,
    objective: false,
  }));
  let seed = 22;
  const rnd = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  const bidIds = Array.from({ length: n.bids }, (_, i) => `bid-${String(i + 1).padStart(3, '0')}`);
  const memberIds = Array.from({ length: n.members }, (_, m) => `m${m + 1}`);
  const priceFen = new Map(bidIds.map((id) => [id, 400_000_000 + Math.floor(rnd() * 100_000_000)]));
  const sheets: ScoreSheet[] = memberIds.map((memberId) => ({
    memberId,
    scores: bidIds.flatMap((bidId) => criteria.map((c) => ({ bidId, criterionId: c.id, score: (Math.floor(rnd() * 51) / 10).toFixed(1) }))),
  }));
  return { criteria, bidIds, memberIds, priceFen, sheets };
}
