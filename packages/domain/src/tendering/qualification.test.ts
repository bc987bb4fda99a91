/** Qualification rules (issue 5 §5; domain §1 P3/P4 — fewer than 3 qualified → RE_TENDER; B8). */
import { describe, expect, it } from 'vitest';
import { answerHint, applicantOutcome, qualificationDecisionRefusal, type AnswerHint } from './qualification.ts';

describe('answerHint (a reviewer hint, never the decision)', () => {
  const file = [{ uploadId: 1 }];
  it.each<[string, { minValue: number | null; evidenceRequired: boolean }, { value: number | null; evidence: unknown[] } | null, AnswerHint]>([
    ['no answer', { minValue: null, evidenceRequired: false }, null, 'unanswered'],
    ['no answer, threshold', { minValue: 5, evidenceRequired: true }, null, 'unanswered'],
    ['no threshold, no evidence needed', { minValue: null, evidenceRequired: false }, { value: null, evidence: [] }, 'meets'],
    ['evidence needed and given', { minValue: null, evidenceRequired: true }, { value: null, evidence: file }, 'meets'],
    ['evidence needed, none', { minValue: null, evidenceRequired: true }, { value: null, evidence: [] }, 'missing_evidence'],
    ['value exactly the minimum (boundary)', { minValue: 100_000_000, evidenceRequired: false }, { value: 100_000_000, evidence: [] }, 'meets'],
    ['value one fen below (boundary)', { minValue: 100_000_000, evidenceRequired: false }, { value: 99_999_999, evidence: [] }, 'below_threshold'],
    ['value above', { minValue: 3, evidenceRequired: true }, { value: 4, evidence: file }, 'meets'],
    ['threshold but no value', { minValue: 3, evidenceRequired: false }, { value: null, evidence: [] }, 'below_threshold'],
    ['minimum 0 and value 0', { minValue: 0, evidenceRequired: false }, { value: 0, evidence: [] }, 'meets'],
    ['below threshold wins over missing evidence', { minValue: 3, evidenceRequired: true }, { value: 2, evidence: [] }, 'below_threshold'],
    ['meets threshold, missing evidence', { minValue: 3, evidenceRequired: true }, { value: 3, evidence: [] }, 'missing_evidence'],
  ])('%s', (_n, criterion, answer, expected) => {
    expect(answerHint(criterion, answer)).toBe(expected);
  });
});

describe('applicantOutcome (P3: pass/fail per criterion)', () => {
  it.each<[string, number[], { criterionId: number; pass: boolean }[], string]>([
    ['no criteria', [], [], 'qualified'],
    ['all pass', [1, 2], [{ criterionId: 1, pass: true }, { criterionId: 2, pass: true }], 'qualified'],
    ['one undecided', [1, 2], [{ criterionId: 1, pass: true }], 'pending'],
    ['one failed, one undecided → still pending', [1, 2], [{ criterionId: 1, pass: false }], 'pending'],
    ['any fail', [1, 2], [{ criterionId: 1, pass: true }, { criterionId: 2, pass: false }], 'disqualified'],
    ['decisions on other criteria ignored', [1], [{ criterionId: 1, pass: true }, { criterionId: 9, pass: false }], 'qualified'],
    ['nothing decided', [1], [], 'pending'],
  ])('%s', (_n, ids, decisions, expected) => {
    expect(applicantOutcome(ids, decisions)).toBe(expected);
  });
});

describe('qualificationDecisionRefusal (issue 18 §3, P3: no pass on an unanswered criterion)', () => {
  it.each<[boolean, AnswerHint, string | null]>([
    [true, 'unanswered', 'PASS_WITHOUT_ANSWER'],
    [false, 'unanswered', null],
    [true, 'meets', null],
    [false, 'meets', null],
    [true, 'below_threshold', null],
    [false, 'below_threshold', null],
    [true, 'missing_evidence', null],
    [false, 'missing_evidence', null],
  ])('pass=%s on %s → %s', (pass, hint, reason) => {
    const e = qualificationDecisionRefusal(pass, hint);
    if (reason === null) expect(e).toBeNull();
    else expect(e).toMatchObject({ code: 'VALIDATION', details: { field: 'pass', reason }, messageZh: expect.stringContaining('未答复'), messageEn: expect.stringContaining('did not answer') });
  });
});
