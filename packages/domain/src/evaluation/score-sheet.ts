/**
 * A member's score sheet (issue 22 §3, §4): the scores one member gives each bid on each scored criterion of
 * the frozen method. Scores are decimal strings ("8.5"): a number would be a float. The sheet the member
 * signs is this object; the ranking is recomputed from the signed sheets and the method.
 *
 * - `validateScoreSheet`: every score lies in [0, max], writes no more decimals than the criterion allows,
 *   sits on its step, names a known criterion once per bid (and, given the bids, none is missing);
 * - `objectiveDisagreements` (S5): the objective items on which the members did not write the same score —
 *   submission is blocked, or the committee reconciles them, before anything is aggregated.
 */
import { compareIds as cmp, decimalsOf, type Dec, invalid, parseDecimal } from './decimal.ts';
import type { ComprehensiveMethod, ScoredCriterion } from './method.ts';

export interface ScoreEntry {
  bidId: string;
  criterionId: string;
  score: string;
}

export interface ScoreSheet {
  memberId: string;
  scores: ScoreEntry[];
}

/** A score, parsed and checked against its criterion; VALIDATION naming the criterion, the bid and the member. */
export function checkScore(c: ScoredCriterion, entry: ScoreEntry, memberId: string): Dec {
  const where = { criterion: c.id, bid: entry.bidId, member: memberId };
  const field = `scores.${entry.bidId}.${c.id}`;
  const d = parseDecimal(entry.score);
  if (d === null) {
    throw invalid('SCORE_NOT_DECIMAL', field, `「${c.nameZh}」的得分应为十进制数字符串`, `The score of ${c.id} for bid ${entry.bidId} must be a decimal string`, where);
  }
  if (d.gt(c.maxScore)) {
    throw invalid('SCORE_OUT_OF_RANGE', field, `「${c.nameZh}」的得分应在0至${c.maxScore}之间（投标 ${entry.bidId}）`, `The score of ${c.id} for bid ${entry.bidId} must be from 0 to ${c.maxScore}`, { ...where, max: c.maxScore });
  }
  if (decimalsOf(entry.score) > c.decimals) {
    throw invalid('SCORE_TOO_MANY_DECIMALS', field, `「${c.nameZh}」的得分至多${c.decimals}位小数（投标 ${entry.bidId}）`, `The score of ${c.id} for bid ${entry.bidId} may have at most ${c.decimals} decimals`, { ...where, decimals: c.decimals });
  }
  if (c.step !== null && !d.mod(c.step).isZero()) {
    throw invalid('SCORE_OFF_STEP', field, `「${c.nameZh}」的得分应为${c.step}的整数倍（投标 ${entry.bidId}）`, `The score of ${c.id} for bid ${entry.bidId} must be a multiple of ${c.step}`, { ...where, step: c.step });
  }
  return d;
}

/**
 * Checks one sheet against the method; with `bidIds`, also that it scores every criterion of every one of
 * those bids (a missing score is not a zero). Returns the parsed scores by bid, then by criterion.
 */
export function validateScoreSheet(spec: ComprehensiveMethod, sheet: ScoreSheet, bidIds?: readonly string[]): Map<string, Map<string, Dec>> {
  if (typeof sheet !== 'object' || sheet === null || typeof sheet.memberId !== 'string' || !Array.isArray(sheet.scores)) {
    throw invalid('SHEET_INVALID', 'sheet', '评分表格式无效', 'The score sheet is not valid');
  }
  const criteria = new Map(spec.criteria.map((c) => [c.id, c]));
  const out = new Map<string, Map<string, Dec>>();
  for (const entry of sheet.scores) {
    const c = criteria.get(entry?.criterionId);
    if (!c) {
      throw invalid('SCORE_UNKNOWN_CRITERION', 'scores', `评分表含评标办法以外的评分因素：${String(entry?.criterionId)}`, `The sheet scores a criterion the method does not have: ${String(entry?.criterionId)}`, { criterion: entry?.criterionId ?? null, member: sheet.memberId });
    }
    const d = checkScore(c, entry, sheet.memberId);
    let byCriterion = out.get(entry.bidId);
    if (!byCriterion) out.set(entry.bidId, (byCriterion = new Map()));
    if (byCriterion.has(c.id)) {
      throw invalid('SCORE_DUPLICATE', `scores.${entry.bidId}.${c.id}`, `同一投标的「${c.nameZh}」评了两次`, `Criterion ${c.id} is scored twice for bid ${entry.bidId}`, { criterion: c.id, bid: entry.bidId, member: sheet.memberId });
    }
    byCriterion.set(c.id, d);
  }
  for (const bidId of bidIds ?? []) {
    for (const c of spec.criteria) {
      if (!out.get(bidId)?.has(c.id)) {
        throw invalid('SCORE_MISSING', `scores.${bidId}.${c.id}`, `评分表缺少投标 ${bidId} 的「${c.nameZh}」得分`, `The sheet has no score of ${c.id} for bid ${bidId}`, { criterion: c.id, bid: bidId, member: sheet.memberId });
      }
    }
  }
  return out;
}

export interface ObjectiveDisagreement {
  bidId: string;
  criterionId: string;
  /** every member's score on the item, by member id (sorted) */
  scores: { memberId: string; score: string }[];
}

/**
 * S5: the objective items (criterion × bid) where the members' scores differ — by value, so "8" and "8.0"
 * agree. Items a member has not scored yet are compared among those who have. Sorted by bid, then criterion.
 */
export function objectiveDisagreements(spec: ComprehensiveMethod, sheets: readonly ScoreSheet[]): ObjectiveDisagreement[] {
  const objective = new Set(spec.criteria.filter((c) => c.objective).map((c) => c.id));
  const items = new Map<string, ObjectiveDisagreement>();
  for (const sheet of sheets) {
    for (const e of sheet.scores) {
      if (!objective.has(e.criterionId)) continue;
      const key = JSON.stringify([e.bidId, e.criterionId]);
      let item = items.get(key);
      if (!item) items.set(key, (item = { bidId: e.bidId, criterionId: e.criterionId, scores: [] }));
      item.scores.push({ memberId: sheet.memberId, score: e.score });
    }
  }
  const out: ObjectiveDisagreement[] = [];
  for (const item of items.values()) {
    const values = item.scores.map((s) => parseDecimal(s.score));
    const first = values[0];
    const differ = values.some((v) => v === null || first === null || first === undefined || !v.eq(first));
    if (differ) out.push({ ...item, scores: [...item.scores].sort((a, b) => cmp(a.memberId, b.memberId)) });
  }
  return out.sort((a, b) => cmp(a.bidId, b.bidId) || cmp(a.criterionId, b.criterionId));
}
