/**
 * The evaluation session (issue 22): start, sign-in and declaration (start.ts), the method frozen in the
 * tender (method.ts), who may see what (access.ts). Pure rules are in @ebid/domain/evaluation.
 */
export { evaluationTopic, loadEvaluationFor, type EvaluationViewer } from './access.ts';
export { methodSha256, setEvaluationMethod, type SetEvaluationMethodInput } from './method.ts';
export { declareNoConflict, evaluationDeclaration, signInToEvaluation, startEvaluation, type StartEvaluationInput } from './start.ts';
export { evaluationReportSpec, type EvaluationReportData } from './report-spec.ts';
export {
  EVALUATION_REOPEN_CASES,
  evaluationReport,
  evaluationReportPdf,
  recordDissent,
  reportSignatures,
  reopenEvaluation,
  sealEvaluationReport,
  signEvaluationReport,
  withdrawDissent,
  type EvaluationReopenCase,
  type EvaluationReportView,
  type ReopenEvaluationInput,
  type ReportSignatures,
} from './report.ts';
export { mySheet, reopenSheet, saveSheetDraft, sheetToSign, signSheet, type SaveSheetDraftInput, type SheetView, type SignSheetInput } from './sheets.ts';
export { closeStage, type CloseStageResult } from './review.ts';
export { recordBidInput, type BidInputView, type RecordBidInputInput } from './bid-inputs.ts';
export { evaluationObjects, parseManifest, replayEvaluation, replayFromObjects, type EvaluationObjects, type GetObject, type ReplayCheck, type ReplayOptions, type ReplayResult, type ReplaySheet } from './replay.ts';
export { chairMajority, chairTally, maybeBeginReview, requireRunning, voteChair } from './chair.ts';
export { evaluationsForCenter, getEvaluation, myEvaluations } from './view.ts';
export { blindPartUrl, evaluationBidParts, evaluationPartStream, partUrl, type EvaluationPartRef, type EvaluationPartStream } from './viewer.ts';
export { answerClarification, askClarification, evaluationClarificationList, myEvaluationClarifications } from './clarify.ts';
export { medianMinutes, requestExtension } from './extension.ts';
export { replaceMember, type ReplaceMemberInput } from './replace.ts';
export { evaluationProgress, expectedEntries, mayFollowEvaluation } from './progress.ts';
