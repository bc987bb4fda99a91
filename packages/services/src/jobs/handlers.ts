import type { Deps } from '../deps.ts';
import { auditCheckpoint } from '../audit/audit-trail.ts';
import { SYSTEM_CONTEXT } from '../context.ts';
import { publishLiveEvent } from '../live/hub.ts';
import { deliverOutboxEmail } from '../notifications/notify.ts';
import { enqueueJob, type JobHandler } from './queue.ts';

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
    /** Signed checkpoint of every audit chain head (DESIGN §7), then the next one an hour later. */
    'audit.checkpoint': async () => {
      const ev = await auditCheckpoint(deps, SYSTEM_CONTEXT);
      await scheduleAuditCheckpoint(deps, new Date(deps.clock.now().getTime() + CHECKPOINT_INTERVAL_MS));
      return { eventId: ev.id };
    },
  };
}

/** Make sure one checkpoint job is pending (the dedupe key keeps it to one across instances). */
export async function scheduleAuditCheckpoint(deps: Pick<Deps, 'db' | 'clock'>, runAt: Date): Promise<void> {
  await enqueueJob(deps.db, deps.clock, { kind: 'audit.checkpoint', runAt, dedupeKey: 'audit.checkpoint' });
}
