/** Electronic supervision (issue 20): the signed handling of alerts (§2). The integrator merges the other parts' exports here. */
export { getSupervisionAlert, handleSupervisionAlert, isResponsibleFor, listSupervisionAlerts } from './handling.ts';
// Electronic supervision (issue 20): the checkpoint engine — declare / complete at the steps
// (checkpoints.ts), evaluate, sweep and raise once (engine.ts, raise.ts), the read (read.ts); the
// supervisor's scope (scope.ts).
export { completeCheckpoint, declareCheckpoint, findCheckpoint, scheduleEvaluation, warnOverrides, CHECKPOINT_EVALUATE_JOB, type DeclareCheckpointInput } from './checkpoints.ts';
export {
  evaluateCheckpoint,
  runCheckpointSweep,
  scheduleCheckpointSweep,
  sweepCheckpoints,
  CHECKPOINT_SWEEP_INTERVAL_MS,
  CHECKPOINT_SWEEP_JOB,
  GENERIC_RAISER,
  type CheckpointRaiser,
  type EvaluateOutcome,
  type RaiserFor,
  type RaiserVerdict,
} from './engine.ts';
export { alertRecipients, genericAlertMessage, raiseOnce, type AlertMessage } from './raise.ts';
export { listProjectCheckpoints } from './read.ts';
