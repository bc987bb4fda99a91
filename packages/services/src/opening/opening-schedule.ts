/**
 * The opening's own timers (issue 18 §5), scheduled with the procedure's (tendering/lifecycle/timers.ts)
 * when the tender is published: the session opened by the platform at the bid deadline (O1), and the
 * alert when the opening has not started — or has no host — by the end of the start grace. Both re-read
 * the schedule when they run: a deadline moved later (clarification N5, outage extension) re-schedules
 * them for the new instant, as the deadline checkpoint does. Nothing here opens anything
 * (opening-timers.ts does): this file stays below the features so the lifecycle may call it.
 */
import type { ProjectRow, Tx } from '@ebid/db';
import { startGraceEnd } from '@ebid/domain';
import type { Deps } from '../deps.ts';
import { enqueueJob } from '../jobs/queue.ts';
import { bidDeadlineOf } from '../bids/bidding-window.ts';
import { flagsOf } from '../projects/procedure-events.ts';
import { openingRulesOf } from './rules.ts';

export const OPENING_AUTO_OPEN_JOB = 'opening.auto_open';
export const OPENING_GRACE_ALERT_JOB = 'opening.grace_alert';

type ScheduledProject = Pick<ProjectRow, 'id' | 'schedule' | 'openingRules' | 'tradeType' | 'method' | 'prequalification'>;

/** Does the procedure open bids in a session (sealed bids, negotiation responses)? */
export function hasOpeningSession(p: Pick<ProjectRow, 'tradeType' | 'method' | 'prequalification'>): boolean {
  const s = flagsOf(p).submission;
  return s === 'sealed_bids' || s === 'negotiation';
}

/** The instant the grace alert checks: one second after the grace end (the end itself is still on time). */
export function graceAlertAt(p: Pick<ProjectRow, 'schedule' | 'openingRules' | 'tradeType'>): Date | null {
  const deadline = bidDeadlineOf(p);
  return deadline ? new Date(startGraceEnd(deadline, openingRulesOf(p).startGraceMinutes).getTime() + 1000) : null;
}

export async function enqueueAutoOpen(tx: Tx, deps: Pick<Deps, 'clock'>, projectId: number, at: Date): Promise<void> {
  await enqueueJob(tx, deps.clock, { kind: OPENING_AUTO_OPEN_JOB, payload: { projectId }, runAt: at, dedupeKey: `${OPENING_AUTO_OPEN_JOB}:${projectId}:${at.toISOString()}` });
}

export async function enqueueGraceAlert(tx: Tx, deps: Pick<Deps, 'clock'>, projectId: number, at: Date): Promise<void> {
  await enqueueJob(tx, deps.clock, { kind: OPENING_GRACE_ALERT_JOB, payload: { projectId }, runAt: at, dedupeKey: `${OPENING_GRACE_ALERT_JOB}:${projectId}:${at.toISOString()}` });
}

/** Schedule the auto-open at the bid deadline and the grace alert after it (idempotent per instant). */
export async function scheduleOpeningTimers(tx: Tx, deps: Pick<Deps, 'clock'>, project: ScheduledProject): Promise<void> {
  if (!hasOpeningSession(project)) return;
  const deadline = bidDeadlineOf(project);
  const alertAt = graceAlertAt(project);
  if (!deadline || !alertAt) return;
  await enqueueAutoOpen(tx, deps, project.id, deadline);
  await enqueueGraceAlert(tx, deps, project.id, alertAt);
}
