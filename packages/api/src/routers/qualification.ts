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
import {
  ZAnswer,
  ZAnswerInput,
  ZApplicants,
  ZCompleteReviewResult,
  ZCriterion,
  ZDecision,
  ZDecisionInput,
  ZMyQualification,
  ZProjectRef,
  ZRegistrationRef,
  ZReviewQueueItem,
  ZSetCriteriaInput,
} from '@ebid/contracts';
import { createTRPCRouter, guardedProcedure, requestContext } from '../trpc.ts';

export const qualificationRouter = createTRPCRouter({
  setCriteria: guardedProcedure
    .input(ZSetCriteriaInput)
    .output(z.array(ZCriterion))
    .mutation(({ ctx, input }) => setQualificationCriteria(ctx.deps, requestContext(ctx), input)),
  criteria: guardedProcedure
    .input(ZProjectRef)
    .output(z.array(ZCriterion))
    .query(({ ctx, input }) => listQualificationCriteria(ctx.deps, requestContext(ctx), input)),
  answer: guardedProcedure
    .input(ZAnswerInput)
    .output(ZAnswer)
    .mutation(({ ctx, input }) => answerQualification(ctx.deps, requestContext(ctx), input)),
  mine: guardedProcedure
    .input(ZRegistrationRef)
    .output(ZMyQualification)
    .query(({ ctx, input }) => myQualification(ctx.deps, requestContext(ctx), input)),
  mineForProject: guardedProcedure
    .input(ZProjectRef)
    .output(z.array(ZMyQualification))
    .query(({ ctx, input }) => myProjectQualification(ctx.deps, requestContext(ctx), input)),
  applicants: guardedProcedure
    .input(ZProjectRef)
    .output(ZApplicants)
    .query(({ ctx, input }) => listQualificationApplicants(ctx.deps, requestContext(ctx), input)),
  reviewQueue: guardedProcedure
    .input(z.void())
    .output(z.array(ZReviewQueueItem))
    .query(({ ctx }) => qualificationReviewQueue(ctx.deps, requestContext(ctx))),
  decide: guardedProcedure
    .input(ZDecisionInput)
    .output(ZDecision)
    .mutation(({ ctx, input }) => decideQualification(ctx.deps, requestContext(ctx), input)),
  completeReview: guardedProcedure
    .input(ZProjectRef)
    .output(ZCompleteReviewResult)
    .mutation(({ ctx, input }) => completeQualificationReview(ctx.deps, requestContext(ctx), input)),
});
