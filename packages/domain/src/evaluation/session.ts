/**
 * The pure rules of an evaluation session (issue 22 §1; domain §8 E5, E6; ZTBT §48):
 * - E6: the evaluation time is extended when MORE than 1/3 of the members ask — 3 × requests > members,
 *   in integers: 2 of 5 yes, 2 of 6 no (exactly a third), 3 of 9 no, 4 of 9 yes;
 * - E5: replacing a member voids its findings; the replacement re-reviews every item the replaced member
 *   had decided or scored — the list comes from here, the remaining findings stay;
 * - the chair is a member of the committee and not the purchaser's (tenderee's) representative
 *   (`mayChair` of committee/composition.ts, the one place that rule lives; the error here names the field).
 */
import { mayChair } from '../committee/composition.ts';
import type { ComplianceFinding } from './compliance.ts';
import { compareIds, invalid } from './decimal.ts';
import type { ScoreSheet } from './score-sheet.ts';

/** E6: is the extension granted? `requests` distinct members asking, out of `members`. */
export function extensionGranted(members: number, requests: number): boolean {
  if (!Number.isSafeInteger(members) || members < 1 || !Number.isSafeInteger(requests) || requests < 0 || requests > members) {
    throw invalid('EXTENSION_COUNT_INVALID', 'requests', '请求延长的人数应为0至成员总数之间的整数', 'The requests must be a whole number from 0 to the members', { members, requests, rule: 'E6' });
  }
  return 3 * requests > members;
}

/** E6: the fewest requests that grant an extension for a committee of `members`. */
export function extensionThreshold(members: number): number {
  return Math.floor(members / 3) + 1;
}

export interface ReReviewItem {
  stage: 'compliance' | 'scoring';
  bidId: string;
  criterionId: string;
}

/**
 * E5: the replaced member's findings are void. Returns the findings and sheets that remain (the other
 * members') and the items the replacement must review again, sorted by stage, bid, criterion.
 */
export function voidMemberFindings(
  memberId: string,
  findings: { compliance: readonly ComplianceFinding[]; sheets: readonly ScoreSheet[] },
): { compliance: ComplianceFinding[]; sheets: ScoreSheet[]; reReview: ReReviewItem[] } {
  const reReview: ReReviewItem[] = [
    ...findings.compliance.filter((f) => f.memberId === memberId).map((f) => ({ stage: 'compliance' as const, bidId: f.bidId, criterionId: f.criterionId })),
    ...findings.sheets.filter((s) => s.memberId === memberId).flatMap((s) => s.scores.map((e) => ({ stage: 'scoring' as const, bidId: e.bidId, criterionId: e.criterionId }))),
  ];
  reReview.sort((a, b) => compareIds(a.stage, b.stage) || compareIds(a.bidId, b.bidId) || compareIds(a.criterionId, b.criterionId));
  return {
    compliance: findings.compliance.filter((f) => f.memberId !== memberId),
    sheets: findings.sheets.filter((s) => s.memberId !== memberId),
    reReview,
  };
}

/** The chair: one of the members, and not the purchaser's representative. VALIDATION otherwise. */
export function assertChair(members: readonly { id: string; seat: 'expert' | 'owner_rep' }[], chairId: string): void {
  const chair = members.find((m) => m.id === chairId);
  if (!chair) throw invalid('CHAIR_NOT_A_MEMBER', 'chair', '组长应为本委员会成员', 'The chair must be a member of the committee', { chair: chairId });
  if (!mayChair(chair.seat)) {
    throw invalid('CHAIR_OWNER_REP', 'chair', '采购人代表不得担任评审委员会组长', "The purchaser's representative may not chair the committee", { chair: chairId });
  }
}
