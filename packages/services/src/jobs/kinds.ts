/**
 * Every job kind the platform runs and the payload it carries (issue 17 §5) — declared once, here.
 * `enqueueJob` is typed by it (a kind's payload is checked where the job is enqueued), and the handler
 * registry above the features (job-handlers.ts) must give each kind a handler that receives that payload.
 * A new kind: add its line here, enqueue it from the feature, handle it in job-handlers.ts.
 *
 * Nothing here imports a feature: the queue sits below them all.
 */
import type { CheckpointReason } from '@ebid/audit';

/** The payload of a kind that needs none. */
export type NoPayload = Record<string, never>;

export interface JobPayloads {
  /** Operational probe: proves the queue and live events work across instances. */
  'system.ping': NoPayload;
  /** One outbox e-mail (notifications/notify.ts). */
  'notify.email': { outboxId: number };
  /** A checkpoint at its warning start or due instant: raise its yellow / red alert once (supervision/engine.ts, issue 20). */
  'checkpoint.evaluate': { checkpointId: number };
  /** Every few minutes: evaluate the checkpoints yellow or red and not yet raised (a lost job still raises). */
  'checkpoint.sweep': NoPayload;
  /** Before issue 20: an objection or challenge unanswered at its due time / at the start of its last day (tendering/objections.ts). */
  'objection.overdue': { objectionId: number };
  'objection.due_soon': { objectionId: number };
  /** A notice approved before its publication time (projects/notices.ts). */
  'notice.publish_scheduled': { noticeId: number };
  /** A deposit not refunded at its refund due date (tendering/deposits.ts). */
  'deposit.refund_overdue': { depositId: number };
  /** The hourly checkpoint of every audit chain (audit/checkpoints.ts). */
  'audit.checkpoint': NoPayload;
  /** A checkpoint after legally significant acts; the acts that join it append their reasons. */
  'audit.checkpoint_request': { reasons: CheckpointReason[] };
  /** A checkpoint at a project's bid deadline. */
  'audit.deadline_checkpoint': { projectId: number };
  /** A procedure transition due at a schedule instant (tendering/timers.ts). */
  'project.timer': { projectId: number; event: 'start_prequalification' | 'open_bidding' | 'publicity_done' };
  'prequal.review_overdue': { projectId: number };
  /** Digests of a finalized bid's parts (bids/digests.ts). */
  'bid.digest': { bidId: number };
  /** Abandon idle or late bid uploads and remove their unreferenced pieces (bids/uploads.ts). */
  'bid.upload_cleanup': NoPayload;
  /** The end of an opening's decryption window (opening/session.ts). */
  'opening.window_end': { projectId: number };
  /** The platform opens the session at the bid deadline (opening/opening-timers.ts, issue 18 §5). */
  'opening.auto_open': { projectId: number };
  /** The alert when the opening has not started, or has no host, by the end of the start grace. */
  'opening.grace_alert': { projectId: number };
  /** Store a decrypted bid's plaintext for the evaluation (opening/decrypt.ts). */
  'opening.store_plaintext': { bidId: number };
  /** A public draw at its reveal close (draws/service.ts). */
  'draw.run': { drawId: number };
  /** An invited expert's answer due time (committee/respond.ts, issue 21 §6): unanswered → the next backup. */
  'committee.respond_timeout': { seatId: number };
}

export type JobKind = keyof JobPayloads;
