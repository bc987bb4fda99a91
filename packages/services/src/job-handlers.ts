/**
 * The job handler registry (DESIGN §3, issue 17 §5): one handler per kind of jobs/kinds.ts, each calling
 * its feature's use case with the kind's typed payload. It sits ABOVE the features — it imports each of
 * them — while the queue (jobs/) sits below and imports none. `JobHandlers` makes a kind without a
 * handler a compile error.
 */
import type { Deps } from './deps.ts';
import { runHourlyCheckpoint, runDeadlineCheckpoint, runRequestedCheckpoint } from './audit/checkpoints.ts';
import { publishLiveEvent } from './live/hub.ts';
import { deliverOutboxEmail } from './notifications/notify.ts';
import { objectionDueSoonAlert, objectionOverdueAlert } from './tendering/objections/index.ts';
import { runScheduledPublication } from './projects/index.ts';
import { refundOverdueAlert } from './tendering/deposits/index.ts';
import type { JobHandler, JobHandlers } from './jobs/queue.ts';
import type { JobKind, JobPayloads } from './jobs/kinds.ts';
import { runPrequalReviewOverdue, runProjectTimer } from './tendering/lifecycle/index.ts';
import { runBidUploadCleanup } from './bids/index.ts';
import { runBidDigest } from './bids/digests.ts';
import { runOpeningWindowEnd } from './opening/session.ts';
import { storeOpeningPlaintext } from './opening/decrypt.ts';
import { runOpeningAutoOpen, runOpeningGraceAlert } from './opening/opening-timers.ts';
import { runDraw } from './draws/service.ts';
import { runCommitteeRespondTimeout } from './committee/respond.ts';
import { evaluateCheckpoint, runCheckpointSweep } from './supervision/engine.ts';
import { raiserFor } from './checkpoint-raisers.ts';

/** Every job kind the platform runs, with its handler. */
export function createJobHandlers(deps: Deps): JobHandlers {
  return {
    /** Operational probe: proves the queue and live events work across instances. */
    'system.ping': async ({ job, instanceId }) => {
      await publishLiveEvent(deps.db, { topic: 'system', type: 'job.ping', data: { jobId: job.id, instanceId } });
      return { instanceId };
    },
    /** One outbox e-mail through SMTP; the queue retries a failure with backoff. */
    'notify.email': async ({ job: { payload, attempts, maxAttempts } }) => {
      await deliverOutboxEmail(deps, payload.outboxId, attempts >= maxAttempts);
      return { outboxId: payload.outboxId };
    },
    /** A checkpoint at its warning start or due instant: its yellow / red alert raised once (M1, issue 20). */
    'checkpoint.evaluate': async ({ job }) => ({ checkpointId: job.payload.checkpointId, ...(await evaluateCheckpoint(deps, raiserFor, job.payload.checkpointId)) }),
    /** The periodic sweep: checkpoints yellow or red and not yet raised are evaluated; the next sweep scheduled. */
    'checkpoint.sweep': async ({ job }) => runCheckpointSweep(deps, raiserFor, job),
    /** Legacy (issue 20: now a checkpoint): an objection or challenge still unanswered at its due time (ZTBT §22, CG §53): red alert to the owner side and supervisors. */
    'objection.overdue': async ({ job: { payload } }) => ({ objectionId: payload.objectionId, ...(await objectionOverdueAlert(deps, payload.objectionId)) }),
    /** … and still open at the start of its last day: yellow warning (M1). */
    'objection.due_soon': async ({ job: { payload } }) => ({ objectionId: payload.objectionId, ...(await objectionDueSoonAlert(deps, payload.objectionId)) }),
    /** A notice approved before its 公告发布时间 is published at that time (issue 12 §6). */
    'notice.publish_scheduled': async ({ job }) => runScheduledPublication(deps, job.payload),
    /** A deposit still not refunded at its refund due date (B10): red alert to staff and supervisors. */
    'deposit.refund_overdue': async ({ job: { payload } }) => ({ depositId: payload.depositId, ...(await refundOverdueAlert(deps, payload.depositId)) }),
    /** Signed checkpoint of every audit chain head (DESIGN §7), then the next one an hour later. */
    'audit.checkpoint': async () => runHourlyCheckpoint(deps),
    /** A checkpoint right after a legally significant act (issue 13 §6); a burst of acts joins one. */
    'audit.checkpoint_request': async ({ job }) => runRequestedCheckpoint(deps, job),
    /** A checkpoint at a project's bid deadline (re-scheduled if the deadline moved later). */
    'audit.deadline_checkpoint': async ({ job }) => runDeadlineCheckpoint(deps, job.payload),
    /** A procedure transition due at a schedule instant (tendering/timers.ts); a no-op if no longer allowed. */
    'project.timer': async ({ job }) => runProjectTimer(deps, job.payload),
    /** Red alert to staff and supervisors when the prequalification review is past its deadline. */
    'prequal.review_overdue': async ({ job }) => runPrequalReviewOverdue(deps, job.payload),
    /** SHA-256 and SM3 of every part of a finalized bid, from the stored pieces (X3). */
    'bid.digest': async ({ job }) => runBidDigest(deps, job.payload),
    /** Open bid uploads past the deadline or idle 24 h → abandoned; unreferenced piece objects removed (issue 6). */
    'bid.upload_cleanup': async () => runBidUploadCleanup(deps),
    /** The end of an opening's decryption window: pending bids revoked or withdrawn by cause (O3), then publication (O4). */
    'opening.window_end': async ({ job }) => runOpeningWindowEnd(deps, job.payload),
    /** The platform opens the session at the bid deadline (O1, O2); staff host it (issue 18 §5). */
    'opening.auto_open': async ({ job }) => runOpeningAutoOpen(deps, job.payload),
    /** Red alert to staff and supervisors when the opening has not started or has no host after the grace. */
    'opening.grace_alert': async ({ job }) => runOpeningGraceAlert(deps, job.payload),
    /** The plaintext of a decrypted bid stored by hash for the evaluation; the handed-over key erased. */
    'opening.store_plaintext': async ({ job }) => storeOpeningPlaintext(deps, job.payload),
    /** A public draw at its reveal close: the platform share revealed, the result computed (issue 14 §2). */
    'draw.run': async ({ job }) => runDraw(deps, job.payload),
    /** An invited expert has not answered by its due time: timed out, the next backup invited (issue 21 §6). */
    'committee.respond_timeout': async ({ job }) => runCommitteeRespondTimeout(deps, job.payload),
  };
}

/** A kind's payload as an argument: optional for the kinds that carry none. */
export type JobPayloadArg<K extends JobKind> = Record<string, never> extends JobPayloads[K] ? [payload?: JobPayloads[K]] : [payload: JobPayloads[K]];

/**
 * Run one kind's handler at once, outside the queue, as a runner would on the job's first attempt.
 * Exported for the tests that drive timers and jobs directly instead of waiting for the queue.
 */
export function runJobNow<K extends JobKind>(deps: Deps, kind: K, ...[payload]: JobPayloadArg<K>): Promise<unknown> {
  const handler: JobHandler<JobPayloads, K> = createJobHandlers(deps)[kind];
  const job = { id: 0, kind, payload: payload ?? ({} as JobPayloads[K]), attempts: 1, maxAttempts: 5 };
  return handler({ job, instanceId: 'test', signal: new AbortController().signal });
}
