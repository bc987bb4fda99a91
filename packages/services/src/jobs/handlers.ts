import type { Deps } from '../deps.ts';
import { auditCheckpoint } from '../audit/audit-trail.ts';
import { CHECKPOINT_REQUEST_JOB, DEADLINE_CHECKPOINT_JOB, runDeadlineCheckpoint, runRequestedCheckpoint } from '../audit/checkpoints.ts';
import { SYSTEM_CONTEXT } from '../context.ts';
import { publishLiveEvent } from '../live/hub.ts';
import { deliverOutboxEmail } from '../notifications/notify.ts';
import { objectionDueSoonAlert, objectionOverdueAlert } from '../tendering/objections/index.ts';
import { runScheduledPublication } from '../projects/index.ts';
import { refundOverdueAlert } from '../tendering/deposits/index.ts';
import { enqueueJob, type JobHandler } from './queue.ts';
import { runPrequalReviewOverdue, runProjectTimer, type TimerEvent } from '../tendering/lifecycle/index.ts';
import { runBidUploadCleanup } from '../bids/uploads.ts';
import { runBidDigest } from '../bids/digests.ts';
import { runOpeningWindowEnd } from '../opening/session.ts';
import { storeOpeningPlaintext } from '../opening/decrypt.ts';
import { DRAW_RUN_JOB, runDraw } from '../draws/service.ts';

export const CHECKPOINT_INTERVAL_MS = 60 * 60 * 1000;

/** Every job kind the platform runs. Later capabilities add theirs (notifications, archive …). */
export function createJobHandlers(deps: Deps): Record<string, JobHandler> {
  return {
    /** Operational probe: proves the queue and live events work across instances. */
    'system.ping': async ({ job, instanceId }) => {
      await publishLiveEvent(deps.db, { topic: 'system', type: 'job.ping', data: { jobId: job.id, instanceId } });
      return { instanceId };
    },
    /** One outbox e-mail through SMTP; the queue retries a failure with backoff. */
    'notify.email': async ({ job }) => {
      const { outboxId } = job.payload as { outboxId: number };
      await deliverOutboxEmail(deps, outboxId, job.attempts >= job.maxAttempts);
      return { outboxId };
    },
    /** An objection or challenge still unanswered at its due time (ZTBT §22, CG §53): red alert to the owner side and supervisors. */
    'objection.overdue': async ({ job }) => {
      const { objectionId } = job.payload as { objectionId: number };
      return { objectionId, ...(await objectionOverdueAlert(deps, objectionId)) };
    },
    /** … and still open at the start of its last day: yellow warning (M1). */
    'objection.due_soon': async ({ job }) => {
      const { objectionId } = job.payload as { objectionId: number };
      return { objectionId, ...(await objectionDueSoonAlert(deps, objectionId)) };
    },
    /** A notice approved before its 公告发布时间 is published at that time (issue 12 §6). */
    'notice.publish_scheduled': async ({ job }) => runScheduledPublication(deps, job.payload as { noticeId: number }),
    /** A deposit still not refunded at its refund due date (B10): red alert to staff and supervisors. */
    'deposit.refund_overdue': async ({ job }) => {
      const { depositId } = job.payload as { depositId: number };
      return { depositId, ...(await refundOverdueAlert(deps, depositId)) };
    },
    /** Signed checkpoint of every audit chain head (DESIGN §7), then the next one an hour later. */
    'audit.checkpoint': async () => {
      const ev = await auditCheckpoint(deps, SYSTEM_CONTEXT);
      await scheduleAuditCheckpoint(deps, new Date(deps.clock.now().getTime() + CHECKPOINT_INTERVAL_MS));
      return { eventId: ev.id, rootId: ev.auditRoot.id };
    },
    /** A checkpoint right after a legally significant act (issue 13 §6); a burst of acts joins one. */
    [CHECKPOINT_REQUEST_JOB]: async ({ job }) => runRequestedCheckpoint(deps, job),
    /** A checkpoint at a project's bid deadline (re-scheduled if the deadline moved later). */
    [DEADLINE_CHECKPOINT_JOB]: async ({ job }) => runDeadlineCheckpoint(deps, job.payload as { projectId: number }),
    /** A procedure transition due at a schedule instant (tendering/lifecycle/timers.ts); a no-op if no longer allowed. */
    'project.timer': async ({ job }) => runProjectTimer(deps, job.payload as { projectId: number; event: TimerEvent }),
    /** Red alert to staff and supervisors when the prequalification review is past its deadline. */
    'prequal.review_overdue': async ({ job }) => runPrequalReviewOverdue(deps, job.payload as { projectId: number }),
    /** SHA-256 and SM3 of every part of a finalized bid, from the stored pieces (X3). */
    'bid.digest': async ({ job }) => runBidDigest(deps, job.payload as { bidId: number }),
    /** Open bid uploads past the deadline or idle 24 h → abandoned; unreferenced piece objects removed (issue 6). */
    'bid.upload_cleanup': async () => runBidUploadCleanup(deps),
    /** The end of an opening's decryption window: pending bids revoked or withdrawn by cause (O3), then publication (O4). */
    'opening.window_end': async ({ job }) => runOpeningWindowEnd(deps, job.payload as { projectId: number }),
    /** A public draw at its reveal close: the platform share revealed, the result computed (issue 14 §2). */
    [DRAW_RUN_JOB]: async ({ job }) => runDraw(deps, job.payload as { drawId: number }),
    /** The plaintext of a decrypted bid stored by hash for the evaluation; the handed-over key erased. */
    'opening.store_plaintext': async ({ job }) => storeOpeningPlaintext(deps, job.payload as { bidId: number }),
  };
}

/** Make sure one checkpoint job is pending (the dedupe key keeps it to one across instances). */
export async function scheduleAuditCheckpoint(deps: Pick<Deps, 'db' | 'clock'>, runAt: Date): Promise<void> {
  await enqueueJob(deps.db, deps.clock, { kind: 'audit.checkpoint', runAt, dedupeKey: 'audit.checkpoint' });
}
