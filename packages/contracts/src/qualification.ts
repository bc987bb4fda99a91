/**
 * Qualification (issue 5 §5; P1–P4, B8): the criteria the owner side sets, the answers with evidence each
 * applicant gives, the reviewers' decisions and the review's completion — input and output schemas and
 * the types inferred from them (issue 17 §1).
 */
import { z } from 'zod';
import { CRITERION_CATEGORIES, CRITERION_UNITS, PROCEDURE_STATUSES } from '@ebid/domain';
import { ZId } from './common.ts';
import { ZRegistrationStatus } from './registrations.ts';

const ZCount = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const ZCriterionInput = z.object({
  code: z.string().trim().min(1).max(20),
  category: z.enum(CRITERION_CATEGORIES),
  title: z.string().trim().min(2).max(100),
  requirement: z.string().trim().min(2).max(2000),
  minValue: ZCount.nullish(),
  unit: z.enum(CRITERION_UNITS).nullish(),
  evidenceRequired: z.boolean(),
  sectionId: ZId.nullish(),
});
export type CriterionInput = z.infer<typeof ZCriterionInput>;

export const ZSetCriteriaInput = z.object({ projectId: ZId, criteria: z.array(ZCriterionInput).max(50) });
export type SetCriteriaInput = z.infer<typeof ZSetCriteriaInput>;

export const ZCriterion = z.object({
  id: z.number().int(),
  projectId: z.number().int(),
  sectionId: z.number().int().nullable(),
  code: z.string(),
  category: z.enum(CRITERION_CATEGORIES),
  title: z.string(),
  requirement: z.string(),
  minValue: z.number().int().nullable(),
  unit: z.enum(CRITERION_UNITS).nullable(),
  evidenceRequired: z.boolean(),
  sortOrder: z.number().int(),
});
export type CriterionView = z.infer<typeof ZCriterion>;

/** One evidence file of an answer (an upload of the answering company, by hash). */
export const ZEvidence = z.object({ uploadId: z.number().int(), fileName: z.string(), sha256: z.string(), size: z.number().int() });
export type EvidenceItem = z.infer<typeof ZEvidence>;

export const ZAnswerInput = z.object({
  registrationId: ZId,
  criterionId: ZId,
  statement: z.string().trim().min(1).max(2000),
  value: ZCount.nullish(),
  evidenceUploadIds: z.array(ZId).max(10),
});
export type AnswerInput = z.infer<typeof ZAnswerInput>;

export const ZAnswer = z.object({
  id: z.number().int(),
  criterionId: z.number().int(),
  statement: z.string(),
  value: z.number().int().nullable(),
  evidence: z.array(ZEvidence),
  submittedAt: z.string(),
  version: z.number().int(),
});
export type AnswerView = z.infer<typeof ZAnswer>;

export const ZDecisionInput = z.object({ registrationId: ZId, criterionId: ZId, pass: z.boolean(), reason: z.string().trim().min(2).max(1000) });
export type DecisionInput = z.infer<typeof ZDecisionInput>;

export const ZDecision = z.object({
  criterionId: z.number().int(),
  pass: z.boolean(),
  reason: z.string(),
  decidedAt: z.string(),
  reviewerName: z.string().nullable(),
});
export type DecisionView = z.infer<typeof ZDecision>;

export const ZRegistrationRef = z.object({ registrationId: ZId });

/** Where an applicant stands: its section, and the review's result with its reasons. */
const applicationState = {
  sectionId: z.number().int(),
  sectionCode: z.string(),
  sectionName: z.string(),
  status: ZRegistrationStatus,
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
};

/** My company's criteria, answers and (once decided) decisions for one registration. */
export const ZMyQualification = z.object({
  registration: z.object({ id: z.number().int(), projectId: z.number().int(), ...applicationState }),
  /** Answers may be changed until this instant (the registration deadline), while the registration is 'applied'. */
  answersCloseAt: z.string().nullable(),
  answersOpen: z.boolean(),
  /** The review is complete for this registration: decisions and reasons are shown. */
  decided: z.boolean(),
  items: z.array(z.object({ criterion: ZCriterion, answer: ZAnswer.nullable(), decision: ZDecision.nullable() })),
});
export type MyQualificationView = z.infer<typeof ZMyQualification>;

export const ZApplicant = z.object({
  registrationId: z.number().int(),
  bidderOrgId: z.number().int(),
  companyName: z.string(),
  ...applicationState,
  outcome: z.enum(['pending', 'qualified', 'disqualified']),
  items: z.array(
    z.object({
      criterionId: z.number().int(),
      answer: ZAnswer.nullable(),
      hint: z.enum(['meets', 'below_threshold', 'missing_evidence', 'unanswered']),
      decision: ZDecision.nullable(),
    }),
  ),
});
export type ApplicantView = z.infer<typeof ZApplicant>;

export const ZApplicants = z.object({
  projectId: z.number().int(),
  projectStatus: z.enum(PROCEDURE_STATUSES),
  prequalification: z.boolean(),
  reviewComplete: z.boolean(),
  minQualified: z.number().int(),
  criteria: z.array(ZCriterion),
  applicants: z.array(ZApplicant),
});
export type ApplicantsView = z.infer<typeof ZApplicants>;

/** A project in the reviewers' queue; `applicantCount` is null until the reader may see the applicants. */
export const ZReviewQueueItem = z.object({
  projectId: z.number().int(),
  name: z.string(),
  unifiedDealCode: z.string(),
  prequalReviewEnd: z.string().nullable(),
  applicantCount: z.number().int().nullable(),
});
export type ReviewQueueItem = z.infer<typeof ZReviewQueueItem>;

export const ZCompleteReviewResult = z.object({
  projectId: z.number().int(),
  status: z.enum(PROCEDURE_STATUSES),
  qualifiedCount: z.number().int(),
  qualified: z.array(z.number().int()),
  disqualified: z.array(z.number().int()),
  failureNoticeId: z.number().int().nullable(),
  /** The 资格预审结果公告 published when the procedure goes on (issue 18 §3); null when it failed. */
  resultNoticeId: z.number().int().nullable(),
  /** Sections that failed alone now (fewer than the minimum qualified; issue 16 §7), by code. */
  failedSections: z.array(z.string()),
});
export type CompleteReviewResult = z.infer<typeof ZCompleteReviewResult>;
