import { declareNoConflict, evaluationDeclaration, setEvaluationMethod, signInToEvaluation, startEvaluation } from '@ebid/services';
import {
  ZEvaluationDeclaration,
  ZEvaluationDeclareInput,
  ZEvaluationDeclareResult,
  ZEvaluationIdInput,
  ZEvaluationSignInResult,
  ZSetEvaluationMethodInput,
  ZSetEvaluationMethodResult,
  ZStartEvaluationInput,
  ZStartEvaluationResult,
} from '@ebid/contracts';
import { createTRPCRouter, guardedProcedure, requestContext } from '../trpc.ts';
import { evaluationReportProcedures } from './evaluation-report.ts';
import { evaluationReviewProcedures } from './evaluation-review.ts';
import { evaluationSessionProcedures } from './evaluation-session.ts';

/**
 * The evaluation (issue 22): the method frozen in the tender, the session's start, the members' sign-in and
 * declaration. Who may see which evaluation is decided in the services (evaluation/access.ts).
 */
export const evaluationRouter = createTRPCRouter({
  setMethod: guardedProcedure
    .input(ZSetEvaluationMethodInput)
    .output(ZSetEvaluationMethodResult)
    .mutation(({ ctx, input }) => setEvaluationMethod(ctx.deps, requestContext(ctx), input)),
  start: guardedProcedure
    .input(ZStartEvaluationInput)
    .output(ZStartEvaluationResult)
    .mutation(({ ctx, input }) => startEvaluation(ctx.deps, requestContext(ctx), input)),
  signIn: guardedProcedure
    .input(ZEvaluationIdInput)
    .output(ZEvaluationSignInResult)
    .mutation(({ ctx, input }) => signInToEvaluation(ctx.deps, requestContext(ctx), input)),
  declaration: guardedProcedure
    .input(ZEvaluationIdInput)
    .output(ZEvaluationDeclaration)
    .query(({ ctx, input }) => evaluationDeclaration(ctx.deps, requestContext(ctx), input)),
  declare: guardedProcedure
    .input(ZEvaluationDeclareInput)
    .output(ZEvaluationDeclareResult)
    .mutation(({ ctx, input }) => declareNoConflict(ctx.deps, requestContext(ctx), input)),
  ...evaluationSessionProcedures,
  ...evaluationReviewProcedures,
  ...evaluationReportProcedures,
});
