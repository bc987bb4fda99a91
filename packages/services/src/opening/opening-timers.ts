/**
 * The opening's timers (issue 18 §5; scheduled by opening-schedule.ts):
 * - `opening.auto_open` at the bid deadline: the platform opens the session — the same work as a staff
 *   start (O1 never before the deadline by the server clock, O2 too few bids fails it), audited as opened
 *   by the timer — and the session waits for its staff host. A deadline moved later re-schedules it; a
 *   session already opened, a project no longer bidding, or a run after the start grace (the platform was
 *   down: staff then start it with the reason) opens nothing. While the time source refuses the start
 *   (T3, issue 20 §5) it tries again every CLOCK_RETRY_MS until the grace ends.
 * - the 'opening.start' checkpoint (issue 20 §1, M1), due one second after the grace end: when the
 *   opening was not started by then — no session, or a session without a host — the engine raises the
 *   red alert to staff and supervisors, exactly once (the raiser below words it and records the
 *   opening_start_alerts row). Hosting, a staff start or an O2 failure completes it; a deadline moved
 *   later moves it. The 'opening.grace_alert' job of before the engine stays as a thin wrapper.
 */
import { eq } from 'drizzle-orm';
import { openingStartAlerts, projects, type DbOrTx } from '@ebid/db';
import { isAppError, formatBeijingDateTime, startGraceEnd } from '@ebid/domain';
import { SYSTEM_CONTEXT } from '../context.ts';
import type { Deps } from '../deps.ts';
import { bidDeadlineOf } from '../bids/bidding-window.ts';
import { findCheckpoint } from '../supervision/checkpoints.ts';
import { evaluateCheckpoint, type CheckpointRaiser } from '../supervision/engine.ts';
import { genericAlertMessage } from '../supervision/raise.ts';
import { enqueueJob } from '../jobs/queue.ts';
import { CLOCK_UNTRUSTED } from '../system/time-source/guard.ts';
import { DECRYPTION_CLOSE_MARGIN_MS, declareOpeningStart, enqueueAutoOpen, graceAlertAt, hasOpeningSession, OPENING_AUTO_OPEN_JOB } from './opening-schedule.ts';
import { openingRulesOf } from './rules.ts';
import { openSession } from './session.ts';
import { loadOpening } from './session-state.ts';

export type AutoOpenOutcome = 'opened' | 'failed' | 'rescheduled' | 'already_opened' | 'too_late' | 'noop';

/** While the time source refuses the start (T3), the timer tries again this much later (within the grace). */
export const CLOCK_RETRY_MS = 30_000;

/** Refusals of the start that mean "nothing to open now" rather than a fault to retry. */
const NOTHING_TO_OPEN = new Set(['ALREADY_OPENED', 'NOT_BIDDING', 'SUSPENDED', 'NO_OPENING', 'NO_DEADLINE', 'TIMER_TOO_LATE']);

/** The 'opening.auto_open' job. */
export async function runOpeningAutoOpen(
  deps: Pick<Deps, 'db' | 'clock' | 'config' | 'pki' | 'storage' | 'secrets' | 'timeSource'>,
  payload: { projectId: number },
): Promise<{ outcome: AutoOpenOutcome; reason?: string }> {
  const [p] = await deps.db.select().from(projects).where(eq(projects.id, payload.projectId));
  const deadline = p ? bidDeadlineOf(p) : null;
  if (!p || !deadline || !hasOpeningSession(p)) return { outcome: 'noop' };
  if (deps.clock.now().getTime() < deadline.getTime()) {
    await deps.db.transaction((tx) => enqueueAutoOpen(tx, deps, p.id, deadline)); // the deadline was moved later
    return { outcome: 'rescheduled' };
  }
  if (await loadOpening(deps.db, p.id)) return { outcome: 'already_opened' };
  try {
    const after = await openSession(deps, SYSTEM_CONTEXT, p.id, { by: 'timer' });
    return { outcome: after.status === 'FAILED' ? 'failed' : 'opened' };
  } catch (e) {
    const reason = isAppError(e) && typeof e.details?.reason === 'string' ? e.details.reason : null;
    if (reason && NOTHING_TO_OPEN.has(reason)) return { outcome: reason === 'ALREADY_OPENED' ? 'already_opened' : reason === 'TIMER_TOO_LATE' ? 'too_late' : 'noop', reason };
    if (reason === CLOCK_UNTRUSTED) {
      // T3 (issue 20 §5): the clock is off NTP beyond the limit. Try again in a while, within the start
      // grace only; after it the timer opens nothing and staff start it with the reason (as after an outage).
      const now = deps.clock.now();
      if (now.getTime() > startGraceEnd(deadline, openingRulesOf(p).startGraceMinutes).getTime()) return { outcome: 'too_late', reason };
      const retryAt = new Date(now.getTime() + CLOCK_RETRY_MS);
      await deps.db.transaction((tx) =>
        enqueueJob(tx, deps.clock, { kind: OPENING_AUTO_OPEN_JOB, payload: { projectId: p.id }, runAt: retryAt, dedupeKey: `${OPENING_AUTO_OPEN_JOB}:${p.id}:clock:${retryAt.toISOString()}` }),
      );
      return { outcome: 'rescheduled', reason };
    }
    throw e; // CONFLICT and faults: the queue retries
  }
}

/** Why the opening did not start in time, or null (started and hosted by the grace end, or nothing to start). */
async function lateStartOf(db: DbOrTx, p: typeof projects.$inferSelect, graceEnd: Date): Promise<'not_opened' | 'no_host' | null> {
  const o = await loadOpening(db, p.id);
  if (!o) return p.status === 'BIDDING' ? 'not_opened' : null; // suspended, terminated …: no opening is due
  if (o.openedAt.getTime() > graceEnd.getTime()) return 'not_opened';
  if (o.status === 'failed') return null; // O2: nothing to host
  return o.hostedAt === null || o.hostedAt.getTime() > graceEnd.getTime() ? 'no_host' : null;
}

const ENDED = new Set(['TERMINATED', 'FAILED', 'ARCHIVED']);

/**
 * The raiser of 'opening.start' (red only: the kind has no warning window). The deadline moved → the
 * checkpoint moves; hosted in time or failed (O2) → done; the project ended → done by that act;
 * suspended → nothing now; else the red alert, which also records the opening_start_alerts row.
 */
export const openingStartRaiser: CheckpointRaiser = {
  async inspect(tx, _deps, { checkpoint: cp, project: p, now }) {
    const deadline = bidDeadlineOf(p);
    const at = graceAlertAt(p);
    if (!deadline || !at || !hasOpeningSession(p)) return { type: 'skip' };
    if (at.getTime() !== cp.dueAt.getTime()) return { type: 'moved', warnAt: at, dueAt: at, provisional: false };
    const graceMinutes = openingRulesOf(p).startGraceMinutes;
    const reason = await lateStartOf(tx, p, startGraceEnd(deadline, graceMinutes));
    if (!reason) {
      const o = await loadOpening(tx, p.id);
      if (o?.status === 'failed') return { type: 'done', act: 'opening.fail', at: o.openedAt };
      if (o?.hostedAt) return { type: 'done', act: 'opening.host', at: o.hostedAt };
      if (ENDED.has(p.status)) return { type: 'done', act: p.status === 'TERMINATED' ? 'project.terminate' : p.status === 'FAILED' ? 'project.fail' : 'project.archive', at: now };
      return { type: 'skip' };
    }
    const when = formatBeijingDateTime(deadline);
    const what = reason === 'not_opened' ? { zh: '尚未开标', en: 'has not been opened' } : { zh: '尚无主持人主持', en: 'has no host' };
    return {
      type: 'raise',
      result: { reason },
      message: {
        kind: 'opening.start_overdue',
        title: { zh: `红色预警：开标未按时开始（${p.unifiedDealCode}）`, en: `Red alert: the opening did not start on time (${p.unifiedDealCode})` },
        body: {
          zh: `${p.name}（${p.unifiedDealCode}）开标时间为${when}（北京时间），超过${graceMinutes}分钟宽限时间后${what.zh}。请立即主持开标；迟延开标须写明原因并记入开标记录表。`,
          en: `${p.name} (${p.unifiedDealCode}) was due to open at ${when} Beijing time and ${what.en} ${graceMinutes} minutes later. Take the chair now; a late opening records its reason.`,
        },
        link: `/workspace/projects/${p.id}?tab=opening`,
        audit: { action: 'opening.start_overdue', subject: { type: 'project', id: p.id }, payload: { reason, bidDeadline: deadline.toISOString(), graceMinutes } },
      },
      // The per-deadline record of issue 18 §5, kept beside the checkpoint's alert.
      onRaised: async (t, alert) => {
        await t.insert(openingStartAlerts).values({ projectId: p.id, bidDeadline: deadline, reason, raisedAt: now, notified: alert.notified }).onConflictDoNothing();
      },
    };
  },
};

/**
 * The raiser of 'opening.decryption': the results published (the window closed) → done; the window
 * extended (an outage) → the checkpoint moves; still decrypting past its end and the margin → the
 * engine's words, red, to staff and supervisors.
 */
export const openingDecryptionRaiser: CheckpointRaiser = {
  async inspect(tx, _deps, { checkpoint: cp, project: p, level }) {
    const o = await loadOpening(tx, p.id);
    if (!o) return { type: 'skip' };
    if (o.status !== 'decrypting') return { type: 'done', act: 'opening.publish', at: o.publishedAt ?? o.openedAt };
    const due = new Date(o.decryptDeadline.getTime() + DECRYPTION_CLOSE_MARGIN_MS);
    if (due.getTime() !== cp.dueAt.getTime()) return { type: 'moved', warnAt: due, dueAt: due, provisional: false };
    return { type: 'raise', message: genericAlertMessage(cp, p, level) };
  },
};

/**
 * The 'opening.grace_alert' job of before the engine, kept as a thin wrapper for jobs already queued:
 * early (the deadline moved later) it moves the checkpoint; else the checkpoint (declared here for a
 * project published before the engine) is evaluated — raised once, with its reason.
 */
export async function runOpeningGraceAlert(deps: Pick<Deps, 'db' | 'clock' | 'config'>, payload: { projectId: number }): Promise<{ alerted: boolean; reason?: 'not_opened' | 'no_host'; rescheduled?: boolean }> {
  const [p] = await deps.db.select().from(projects).where(eq(projects.id, payload.projectId));
  const at = p ? graceAlertAt(p) : null;
  if (!p || !at || !hasOpeningSession(p)) return { alerted: false };
  if (deps.clock.now().getTime() < at.getTime()) {
    await deps.db.transaction((tx) => declareOpeningStart(tx, deps, p.id, at)); // the deadline was moved later
    return { alerted: false, rescheduled: true };
  }
  const checkpointId = await deps.db.transaction(async (tx) => ((await findCheckpoint(tx, { projectId: p.id, kind: 'opening.start', subjectKey: 'project' })) ?? (await declareOpeningStart(tx, deps, p.id, at))).id);
  const out = await evaluateCheckpoint(deps, () => openingStartRaiser, checkpointId, { only: 'red' });
  if (out.raised !== 'red') return { alerted: false };
  const reason = out.result?.reason === 'no_host' ? 'no_host' : 'not_opened';
  return { alerted: true, reason };
}
