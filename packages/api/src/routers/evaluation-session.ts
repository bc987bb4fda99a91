import { z } from 'zod';
import {
  answerClarification,
  askClarification,
  evaluationBidParts,
  evaluationClarificationList,
  evaluationProgress,
  evaluationsForCenter,
  getEvaluation,
  myEvaluationClarifications,
  myEvaluations,
  replaceMember,
  requestExtension,
  voteChair,
} from '@ebid/services';
import {
  ZAnswerEvaluationClarificationInput,
  ZCenterEvaluation,
  ZEvaluationBidParts,
  ZEvaluationBidPartsInput,
  ZEvaluationChairResult,
  ZEvaluationClarification,
  ZEvaluationClarifyInput,
  ZEvaluationExtensionInput,
  ZEvaluationExtensionResult,
  ZEvaluationIdInput,
  ZEvaluationProgress,
  ZEvaluationReplaceInput,
  ZEvaluationReplaceResult,
  ZEvaluationView,
  ZEvaluationVoteChairInput,
  ZMyEvaluation,
  ZMyEvaluationClarification,
} from '@ebid/contracts';
import { guardedProcedure, requestContext } from '../trpc.ts';

/**
 * The evaluation's session procedures (issue 22 §1), merged into the `evaluation` router (evaluation.ts):
 * the chair's election, the views, the bid viewer's listing (the bytes stream over HTTP), clarifications
 * (S10), the extension (E6), the replacement (E5) and the progress. Who may act on which evaluation is
 * decided in the services (evaluation/access.ts).
 */
export const evaluationSessionProcedures = {
  voteChair: guardedProcedure
    .input(ZEvaluationVoteChairInput)
    .output(ZEvaluationChairResult)
    .mutation(({ ctx, input }) => voteChair(ctx.deps, requestContext(ctx), input)),
  get: guardedProcedure
    .input(ZEvaluationIdInput)
    .output(ZEvaluationView)
    .query(({ ctx, input }) => getEvaluation(ctx.deps, requestContext(ctx), input)),
  mine: guardedProcedure
    .input(z.object({}).optional())
    .output(z.array(ZMyEvaluation))
    .query(({ ctx }) => myEvaluations(ctx.deps, requestContext(ctx))),
  list: guardedProcedure
    .input(z.object({}).optional())
    .output(z.array(ZCenterEvaluation))
    .query(({ ctx }) => evaluationsForCenter(ctx.deps, requestContext(ctx))),
  bidParts: guardedProcedure
    .input(ZEvaluationBidPartsInput)
    .output(ZEvaluationBidParts)
    .query(({ ctx, input }) => evaluationBidParts(ctx.deps, requestContext(ctx), input)),
  clarify: guardedProcedure
    .input(ZEvaluationClarifyInput)
    .output(ZEvaluationClarification)
    .mutation(({ ctx, input }) => askClarification(ctx.deps, requestContext(ctx), input)),
  clarifications: guardedProcedure
    .input(ZEvaluationIdInput)
    .output(z.array(ZEvaluationClarification))
    .query(({ ctx, input }) => evaluationClarificationList(ctx.deps, requestContext(ctx), input)),
  myClarifications: guardedProcedure
    .input(z.object({}).optional())
    .output(z.array(ZMyEvaluationClarification))
    .query(({ ctx }) => myEvaluationClarifications(ctx.deps, requestContext(ctx))),
  answerClarification: guardedProcedure
    .input(ZAnswerEvaluationClarificationInput)
    .output(ZMyEvaluationClarification)
    .mutation(({ ctx, input }) => answerClarification(ctx.deps, requestContext(ctx), input)),
  requestExtension: guardedProcedure
    .input(ZEvaluationExtensionInput)
    .output(ZEvaluationExtensionResult)
    .mutation(({ ctx, input }) => requestExtension(ctx.deps, requestContext(ctx), input)),
  replaceMember: guardedProcedure
    .input(ZEvaluationReplaceInput)
    .output(ZEvaluationReplaceResult)
    .mutation(({ ctx, input }) => replaceMember(ctx.deps, requestContext(ctx), input)),
  progress: guardedProcedure
    .input(ZEvaluationIdInput)
    .output(ZEvaluationProgress)
    .query(({ ctx, input }) => evaluationProgress(ctx.deps, requestContext(ctx), input)),
};
