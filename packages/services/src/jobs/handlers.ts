import type { Deps } from '../deps.ts';
import { publishLiveEvent } from '../live/hub.ts';
import type { JobHandler } from './queue.ts';

/** Every job kind the platform runs. Later capabilities add theirs (notifications, archive …). */
export function createJobHandlers(deps: Pick<Deps, 'db'>): Record<string, JobHandler> {
  return {
    /** Operational probe: proves the queue and live events work across instances. */
    'system.ping': async ({ job, instanceId }) => {
      await publishLiveEvent(deps.db, { topic: 'system', type: 'job.ping', data: { jobId: job.id, instanceId } });
      return { instanceId };
    },
  };
}
