/**
 * Qualification review (issue 5 §5, domain §1 P3/P4, B8): pure rules over criteria, answers and the
 * reviewers' pass/fail decisions. The hint is a help for reviewers only — the decision is always a
 * person's, per criterion, with a written reason.
 */
import { AppError } from '../errors.ts';

export const CRITERION_CATEGORIES = ['licence', 'experience', 'financial', 'personnel', 'other'] as const;
export type CriterionCategory = (typeof CRITERION_CATEGORIES)[number];

/** The unit of a criterion's numeric threshold: integer fen (money) or a plain count. */
export const CRITERION_UNITS = ['fen', 'count'] as const;
export type CriterionUnit = (typeof CRITERION_UNITS)[number];

export type AnswerHint = 'meets' | 'below_threshold' | 'missing_evidence' | 'unanswered';

export interface CriterionForHint {
  minValue: number | null;
  evidenceRequired: boolean;
}

export interface AnswerForHint {
  value: number | null;
  evidence: readonly unknown[];
}

/**
 * What the answer looks like against the criterion, for the reviewer's eye (never the decision):
 * no answer → 'unanswered'; a threshold that the declared value misses (or no value given) →
 * 'below_threshold'; evidence required but none attached → 'missing_evidence'; else 'meets'.
 * The threshold is checked before the evidence: a value below the minimum fails on substance whatever
 * is attached.
 */
export function answerHint(criterion: CriterionForHint, answer: AnswerForHint | null | undefined): AnswerHint {
  if (!answer) return 'unanswered';
  if (criterion.minValue !== null && (answer.value === null || answer.value < criterion.minValue)) return 'below_threshold';
  if (criterion.evidenceRequired && answer.evidence.length === 0) return 'missing_evidence';
  return 'meets';
}

export type ApplicantOutcome = 'pending' | 'qualified' | 'disqualified';

/**
 * One applicant's result from the decisions on the criteria that apply to it: 'pending' while any of
 * them is undecided (the review is not complete, even if one already failed), else 'disqualified' when
 * any failed, else 'qualified'. Decisions on other criteria are ignored. No criteria at all → qualified.
 */
export function applicantOutcome(
  criteriaIds: readonly number[],
  decisions: readonly { criterionId: number; pass: boolean }[],
): ApplicantOutcome {
  const byId = new Map(decisions.map((d) => [d.criterionId, d.pass]));
  if (criteriaIds.some((id) => !byId.has(id))) return 'pending';
  return criteriaIds.some((id) => byId.get(id) === false) ? 'disqualified' : 'qualified';
}

/**
 * May a reviewer decide `pass` on a criterion whose answer looks like `hint` (issue 18 §3; P3)? A pass
 * needs something to pass: an applicant that did not answer a criterion has not shown it meets it, so a
 * pass is refused (VALIDATION 'PASS_WITHOUT_ANSWER'). A fail is always allowed (with its written reason),
 * and a pass on an answer the hint doubts (below the threshold, evidence missing) stays the reviewer's
 * judgement. Returns the refusal or null.
 */
export function qualificationDecisionRefusal(pass: boolean, hint: AnswerHint): AppError | null {
  if (!pass || hint !== 'unanswered') return null;
  return new AppError(
    'VALIDATION',
    { zh: '申请人未答复该资格条件，不能判定为通过；可判定为不通过并说明理由', en: 'The applicant did not answer this criterion, so it cannot pass; decide a fail with its reason instead' },
    { field: 'pass', reason: 'PASS_WITHOUT_ANSWER' },
  );
}
