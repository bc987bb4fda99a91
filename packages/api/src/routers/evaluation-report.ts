import { evaluationReport, recordDissent, reopenEvaluation, reportSignatures, signEvaluationReport, withdrawDissent } from '@ebid/services';
import {
  ZEvaluationDissentInput,
  ZEvaluationIdInput,
  ZEvaluationReportSignatures,
  ZEvaluationReportSignaturesInput,
  ZEvaluationReportView,
  ZReopenEvaluationInput,
  ZSignEvaluationReportInput,
} from '@ebid/contracts';
import { guardedProcedure, requestContext } from '../trpc.ts';

/**
 * The evaluation's report procedures (issue 22 §5; S11, R87 §64), merged into the `evaluation` router
 * (evaluation.ts): the sealed report and its signatures, a member's dissent, the center's reopening. Who may
 * do what with which evaluation is decided in the services (evaluation/report.ts, access.ts). The sealed PDF
 * is downloaded over HTTP: `GET /evaluations/:id/report.pdf`.
 */
export const evaluationReportProcedures = {
  report: guardedProcedure
    .input(ZEvaluationIdInput)
    .output(ZEvaluationReportView)
    .query(({ ctx, input }) => evaluationReport(ctx.deps, requestContext(ctx), input)),
  signReport: guardedProcedure
    .input(ZSignEvaluationReportInput)
    .output(ZEvaluationReportView)
    .mutation(({ ctx, input }) => signEvaluationReport(ctx.deps, requestContext(ctx), input)),
  recordDissent: guardedProcedure
    .input(ZEvaluationDissentInput)
    .output(ZEvaluationReportView)
    .mutation(({ ctx, input }) => recordDissent(ctx.deps, requestContext(ctx), input)),
  withdrawDissent: guardedProcedure
    .input(ZEvaluationIdInput)
    .output(ZEvaluationReportView)
    .mutation(({ ctx, input }) => withdrawDissent(ctx.deps, requestContext(ctx), input)),
  reopen: guardedProcedure
    .input(ZReopenEvaluationInput)
    .output(ZEvaluationReportView)
    .mutation(({ ctx, input }) => reopenEvaluation(ctx.deps, requestContext(ctx), input)),
  reportSignatures: guardedProcedure
    .input(ZEvaluationReportSignaturesInput)
    .output(ZEvaluationReportSignatures)
    .query(({ ctx, input }) => reportSignatures(ctx.deps, requestContext(ctx), input)),
};
