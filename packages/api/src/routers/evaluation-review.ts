import { closeStage, evaluationObjects, mySheet, recordBidInput, reopenSheet, replayEvaluation, saveSheetDraft, sheetToSign, signSheet } from '@ebid/services';
import {
  ZBidInputView,
  ZCloseStageResult,
  ZEvaluationIdInput,
  ZEvaluationObjects,
  ZEvaluationSheet,
  ZEvaluationStageInput,
  ZRecordBidInputInput,
  ZReplayCheck,
  ZSaveSheetDraftInput,
  ZSheetToSign,
  ZSignSheetInput,
  ZSignSheetResult,
} from '@ebid/contracts';
import { guardedProcedure, requestContext } from '../trpc.ts';

/**
 * The evaluation's review procedures (issue 22 §2–§4), merged into the `evaluation` router (evaluation.ts):
 * a member's sheets (draft, the bytes to sign, the signature, re-opening for S5), the chair's stage closing
 * and bid inputs, the replay and its objects. Who may do what per evaluation is decided in the services.
 */
export const evaluationReviewProcedures = {
  sheet: guardedProcedure
    .input(ZEvaluationStageInput)
    .output(ZEvaluationSheet)
    .query(({ ctx, input }) => mySheet(ctx.deps, requestContext(ctx), input)),
  saveSheetDraft: guardedProcedure
    .input(ZSaveSheetDraftInput)
    .output(ZEvaluationSheet)
    .mutation(({ ctx, input }) => saveSheetDraft(ctx.deps, requestContext(ctx), input)),
  sheetToSign: guardedProcedure
    .input(ZEvaluationStageInput)
    .output(ZSheetToSign)
    .query(({ ctx, input }) => sheetToSign(ctx.deps, requestContext(ctx), input)),
  signSheet: guardedProcedure
    .input(ZSignSheetInput)
    .output(ZSignSheetResult)
    .mutation(({ ctx, input }) => signSheet(ctx.deps, requestContext(ctx), input)),
  reopenSheet: guardedProcedure
    .input(ZEvaluationStageInput)
    .output(ZEvaluationSheet)
    .mutation(({ ctx, input }) => reopenSheet(ctx.deps, requestContext(ctx), input)),
  closeStage: guardedProcedure
    .input(ZEvaluationIdInput)
    .output(ZCloseStageResult)
    .mutation(({ ctx, input }) => closeStage(ctx.deps, requestContext(ctx), input)),
  recordBidInput: guardedProcedure
    .input(ZRecordBidInputInput)
    .output(ZBidInputView)
    .mutation(({ ctx, input }) => recordBidInput(ctx.deps, requestContext(ctx), input)),
  replay: guardedProcedure
    .input(ZEvaluationIdInput)
    .output(ZReplayCheck)
    .query(({ ctx, input }) => replayEvaluation(ctx.deps, requestContext(ctx), input)),
  objects: guardedProcedure
    .input(ZEvaluationIdInput)
    .output(ZEvaluationObjects)
    .query(({ ctx, input }) => evaluationObjects(ctx.deps, requestContext(ctx), input)),
};
