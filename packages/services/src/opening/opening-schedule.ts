/**
 * The opening's own timers (issue 18 §5), scheduled with the procedure's (tendering/lifecycle/timers.ts)
 * when the tender is published: the session opened by the platform at the bid deadline (O1), and the
 * 'opening.start' checkpoint (issue 20 §1) due one second after the end of the start grace — its red
 * alert says the opening has not started, or has no host, by then; hosting (or an O2 failure) completes
 * it. Both re-read the schedule when they run: a deadline moved later (clarification N5, outage
 * extension) re-schedules them for the new instant, as the deadline checkpoint does. Nothing here opens anything
 * (opening-timers.ts does): this file stays below the features so the lifecycle may call it.
 */
import type { ProjectRow, Tx } from '@ebid/db';
import { startGraceEnd } from '@ebid/domain';
import type { Deps } from '../deps.ts';
import { enqueueJob } from '../jobs/queue.ts';
import { declareCheckpoint } from '../supervision/checkpoints.ts';
import { bidDeadlineOf } from '../bids/bidding-window.ts';
import { flagsOf } from '../projects/procedure-events.ts';
import { openingRulesOf } from './rules.ts';

export const OPENING_AUTO_OPEN_JOB = 'opening.auto_open';

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

/** Declare (or move) the opening's start checkpoint: due at `at` (graceAlertAt), the center's staff host. */
export function declareOpeningStart(tx: Tx, deps: Pick<Deps, 'clock'>, projectId: number, at: Date) {
  return declareCheckpoint(tx, deps, { projectId, kind: 'opening.start', subjectKey: 'project', dueAt: at, provisional: false, responsibleOrgId: null });
}

/**
 * How long after the decryption window's end the results must be published (the window-end job waits
 * for decryptions in flight, DECRYPT_IN_FLIGHT_MS): the 'opening.decryption' checkpoint is due then.
 */
export const DECRYPTION_CLOSE_MARGIN_MS = 10 * 60_000; // DECRYPT_IN_FLIGHT_MS (5 min, session-state.ts) + 5 min

/** Declare (or move) the decryption window's checkpoint (issue 20 §1): red when still open past its end and the margin. */
export function declareDecryptionCheckpoint(tx: Tx, deps: Pick<Deps, 'clock'>, projectId: number, decryptDeadline: Date) {
  return declareCheckpoint(tx, deps, { projectId, kind: 'opening.decryption', subjectKey: 'project', dueAt: new Date(decryptDeadline.getTime() + DECRYPTION_CLOSE_MARGIN_MS), provisional: false, responsibleOrgId: null });
}

/** Schedule the auto-open at the bid deadline and declare the start checkpoint after its grace (idempotent per instant). */
export async function scheduleOpeningTimers(tx: Tx, deps: Pick<Deps, 'clock'>, project: ScheduledProject): Promise<void> {
  if (!hasOpeningSession(project)) return;
  const deadline = bidDeadlineOf(project);
  const alertAt = graceAlertAt(project);
  if (!deadline || !alertAt) return;
  await enqueueAutoOpen(tx, deps, project.id, deadline);
  await declareOpeningStart(tx, deps, project.id, alertAt);
}
