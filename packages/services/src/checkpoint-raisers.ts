/**
 * The checkpoint raisers (issue 20 §1): the kinds that word their own alerts, each raiser defined next to
 * its step. Like job-handlers.ts this registry sits ABOVE the features — it imports them — while the
 * engine (supervision/) sits below and receives it as a function. A kind without a raiser here is raised
 * with the engine's generic words (supervision/raise.ts).
 */
import { isCheckpointKind, type CheckpointKind } from '@ebid/domain';
import type { CheckpointRaiser, RaiserFor } from './supervision/engine.ts';
import { objectionAnswerRaiser } from './tendering/objections/alerts.ts';
import { depositRefundRaiser } from './tendering/deposits/refunds.ts';
import { prequalReviewRaiser } from './tendering/lifecycle/timers.ts';
import { periodCheckpointRaiser } from './tendering/lifecycle/period-checkpoints.ts';
import { openingDecryptionRaiser, openingStartRaiser } from './opening/opening-timers.ts';

export const CHECKPOINT_RAISERS: Partial<Record<CheckpointKind, CheckpointRaiser>> = {
  'objection.answer': objectionAnswerRaiser,
  'challenge.answer': objectionAnswerRaiser,
  'deposit.refund': depositRefundRaiser,
  'prequal.review': prequalReviewRaiser,
  'opening.start': openingStartRaiser,
  'opening.decryption': openingDecryptionRaiser,
  'notice.period': periodCheckpointRaiser,
  'documents.sale_period': periodCheckpointRaiser,
};

/** The raiser of a kind, or undefined for the generic one. */
export const raiserFor: RaiserFor = (kind) => (isCheckpointKind(kind) ? CHECKPOINT_RAISERS[kind] : undefined);
