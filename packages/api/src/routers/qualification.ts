/** Qualification criteria, answers with evidence, and the prequalification review (issue 5 §5; P1–P4, B8). */
import { z } from 'zod';
import {
  answerQualification,
  completeQualificationReview,
  decideQualification,
  listQualificationApplicants,
  listQualificationCriteria,
  myProjectQualification,
  myQualification,
  qualificationReviewQueue,
  setQualificationCriteria,
} from '@ebid/services';
import { CRITERION_CATEGORIES, CRITERION_UNITS, PROCEDURE_STATUSES } from '@ebid/domain';
import { ZId } from '@ebid/contracts';
import { createTRPCRouter, guardedProcedure, requestContext } from '../trpc.ts';

const ZInt = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const ZRegStatus = z.enum(['applied', 'qualified', 'disqualified', 'withdrawn']);

const ZCriterionInput = z.object({
  code: z.string().trim().min(1).max(20),
  category: z.enum(CRITERION_CATEGORIES),
  title: z.string().trim().min(2).max(100),
  requirement: z.string().trim().min(2).max(2000),
  minValue: ZInt.nullish(),
  unit: z.enum(CRITERION_UNITS).nullish(),
  evidenceRequired: z.boolean(),
  sectionId: ZId.nullish(),
});

const ZCriterion = z.object({
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

const ZEvidence = z.object({ uploadId: z.number().int(), fileName: z.string(), sha256: z.string(), size: z.number().int() });
const ZAnswer = z.object({
  id: z.number().int(),
  criterionId: z.number().int(),
  statement: z.string(),
  value: z.number().int().nullable(),
  evidence: z.array(ZEvidence),
  submittedAt: z.string(),
  version: z.number().int(),
});
const ZDecision = z.object({
  criterionId: z.number().int(),
  pass: z.boolean(),
  reason: z.string(),
  decidedAt: z.string(),
  reviewerName: z.string().nullable(),
});

const ZMine = z.object({
  registration: z.object({
    id: z.number().int(),
    projectId: z.number().int(),
    sectionId: z.number().int(),
    sectionCode: z.string(),
    sectionName: z.string(),
    status: ZRegStatus,
    decidedAt: z.string().nullable(),
    decisionNote: z.string().nullable(),
  }),
  answersCloseAt: z.string().nullable(),
  answersOpen: z.boolean(),
  decided: z.boolean(),
  items: z.array(z.object({ criterion: ZCriterion, answer: ZAnswer.nullable(), decision: ZDecision.nullable() })),
});

const ZApplicants = z.object({
  projectId: z.number().int(),
  projectStatus: z.enum(PROCEDURE_STATUSES),
  prequalification: z.boolean(),
  reviewComplete: z.boolean(),
  minQualified: z.number().int(),
  criteria: z.array(ZCriterion),
  applicants: z.array(
    z.object({
      registrationId: z.number().int(),
      bidderOrgId: z.number().int(),
      companyName: z.string(),
      sectionId: z.number().int(),
      sectionCode: z.string(),
      sectionName: z.string(),
      status: ZRegStatus,
      decidedAt: z.string().nullable(),
      decisionNote: z.string().nullable(),
      outcome: z.enum(['pending', 'qualified', 'disqualified']),
      items: z.array(
        z.object({
          criterionId: z.number().int(),
          answer: ZAnswer.nullable(),
          hint: z.enum(['meets', 'below_threshold', 'missing_evidence', 'unanswered']),
          decision: ZDecision.nullable(),
        }),
      ),
    }),
  ),
});

export const qualificationRouter = createTRPCRouter({
  setCriteria: guardedProcedure
    .input(z.object({ projectId: ZId, criteria: z.array(ZCriterionInput).max(50) }))
    .output(z.array(ZCriterion))
    .mutation(({ ctx, input }) => setQualificationCriteria(ctx.deps, requestContext(ctx), input)),
  criteria: guardedProcedure
    .input(z.object({ projectId: ZId }))
    .output(z.array(ZCriterion))
    .query(({ ctx, input }) => listQualificationCriteria(ctx.deps, requestContext(ctx), input)),
  answer: guardedProcedure
    .input(
      z.object({
        registrationId: ZId,
        criterionId: ZId,
        statement: z.string().trim().min(1).max(2000),
        value: ZInt.nullish(),
        evidenceUploadIds: z.array(ZId).max(10),
      }),
    )
    .output(ZAnswer)
    .mutation(({ ctx, input }) => answerQualification(ctx.deps, requestContext(ctx), input)),
  mine: guardedProcedure
    .input(z.object({ registrationId: ZId }))
    .output(ZMine)
    .query(({ ctx, input }) => myQualification(ctx.deps, requestContext(ctx), input)),
  mineForProject: guardedProcedure
    .input(z.object({ projectId: ZId }))
    .output(z.array(ZMine))
    .query(({ ctx, input }) => myProjectQualification(ctx.deps, requestContext(ctx), input)),
  applicants: guardedProcedure
    .input(z.object({ projectId: ZId }))
    .output(ZApplicants)
    .query(({ ctx, input }) => listQualificationApplicants(ctx.deps, requestContext(ctx), input)),
  reviewQueue: guardedProcedure
    .input(z.void())
    .output(
      z.array(
        z.object({
          projectId: z.number().int(),
          name: z.string(),
          unifiedDealCode: z.string(),
          prequalReviewEnd: z.string().nullable(),
          applicantCount: z.number().int().nullable(),
        }),
      ),
    )
    .query(({ ctx }) => qualificationReviewQueue(ctx.deps, requestContext(ctx))),
  decide: guardedProcedure
    .input(z.object({ registrationId: ZId, criterionId: ZId, pass: z.boolean(), reason: z.string().trim().min(2).max(1000) }))
    .output(ZDecision)
    .mutation(({ ctx, input }) => decideQualification(ctx.deps, requestContext(ctx), input)),
  completeReview: guardedProcedure
    .input(z.object({ projectId: ZId }))
    .output(
      z.object({
        projectId: z.number().int(),
        status: z.enum(PROCEDURE_STATUSES),
        qualifiedCount: z.number().int(),
        qualified: z.array(z.number().int()),
        disqualified: z.array(z.number().int()),
        failureNoticeId: z.number().int().nullable(),
        failedSections: z.array(z.string()),
      }),
    )
    .mutation(({ ctx, input }) => completeQualificationReview(ctx.deps, requestContext(ctx), input)),
});
