/**
 * The opening's timers (issue 18 §5; scheduled by opening-schedule.ts):
 * - `opening.auto_open` at the bid deadline: the platform opens the session — the same work as a staff
 *   start (O1 never before the deadline by the server clock, O2 too few bids fails it), audited as opened
 *   by the timer — and the session waits for its staff host. A deadline moved later re-schedules it; a
 *   session already opened, a project no longer bidding, or a run after the start grace (the platform was
 *   down: staff then start it with the reason) opens nothing. While the time source refuses the start
 *   (T3, issue 20 §5) it tries again every CLOCK_RETRY_MS until the grace ends.
 * - `opening.grace_alert` one second after the grace end: when the opening was not started by then — no
 *   session, or a session without a host, or one opened or hosted only after the grace — staff and
 *   supervisors are alerted, exactly once per project and deadline.
 */
import { eq } from 'drizzle-orm';
import { openingStartAlerts, projects } from '@ebid/db';
import { isAppError, formatBeijingDateTime, startGraceEnd } from '@ebid/domain';
import { SYSTEM_CONTEXT } from '../context.ts';
import type { Deps } from '../deps.ts';
import { bidDeadlineOf } from '../bids/bidding-window.ts';
import { raiseStaffAlert } from '../alerts/staff-alert.ts';
import { enqueueJob } from '../jobs/queue.ts';
import { CLOCK_UNTRUSTED } from '../system/time-source/guard.ts';
import { enqueueAutoOpen, enqueueGraceAlert, graceAlertAt, hasOpeningSession, OPENING_AUTO_OPEN_JOB } from './opening-schedule.ts';
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
async function lateStartOf(deps: Pick<Deps, 'db'>, p: typeof projects.$inferSelect, graceEnd: Date): Promise<'not_opened' | 'no_host' | null> {
  const o = await loadOpening(deps.db, p.id);
  if (!o) return p.status === 'BIDDING' ? 'not_opened' : null; // suspended, terminated …: no opening is due
  if (o.openedAt.getTime() > graceEnd.getTime()) return 'not_opened';
  if (o.status === 'failed') return null; // O2: nothing to host
  return o.hostedAt === null || o.hostedAt.getTime() > graceEnd.getTime() ? 'no_host' : null;
}

/** The 'opening.grace_alert' job. */
export async function runOpeningGraceAlert(deps: Pick<Deps, 'db' | 'clock' | 'config'>, payload: { projectId: number }): Promise<{ alerted: boolean; reason?: 'not_opened' | 'no_host'; rescheduled?: boolean }> {
  const [p] = await deps.db.select().from(projects).where(eq(projects.id, payload.projectId));
  const deadline = p ? bidDeadlineOf(p) : null;
  const at = p ? graceAlertAt(p) : null;
  if (!p || !deadline || !at || !hasOpeningSession(p)) return { alerted: false };
  const now = deps.clock.now();
  if (now.getTime() < at.getTime()) {
    await deps.db.transaction((tx) => enqueueGraceAlert(tx, deps, p.id, at)); // the deadline was moved later
    return { alerted: false, rescheduled: true };
  }
  const graceMinutes = openingRulesOf(p).startGraceMinutes;
  const reason = await lateStartOf(deps, p, startGraceEnd(deadline, graceMinutes));
  if (!reason) return { alerted: false };
  return deps.db.transaction(async (tx) => {
    // Exactly once per project and deadline: the unique row decides.
    const [row] = await tx.insert(openingStartAlerts).values({ projectId: p.id, bidDeadline: deadline, reason, raisedAt: now, notified: 0 }).onConflictDoNothing().returning();
    if (!row) return { alerted: false };
    const when = formatBeijingDateTime(deadline);
    const what = reason === 'not_opened' ? { zh: '尚未开标', en: 'has not been opened' } : { zh: '尚无主持人主持', en: 'has no host' };
    const notified = await raiseStaffAlert(tx, deps, {
      projectId: p.id,
      level: 'red',
      kind: 'opening.start_overdue',
      title: { zh: `红色预警：开标未按时开始（${p.unifiedDealCode}）`, en: `Red alert: the opening did not start on time (${p.unifiedDealCode})` },
      body: {
        zh: `${p.name}（${p.unifiedDealCode}）开标时间为${when}（北京时间），超过${graceMinutes}分钟宽限时间后${what.zh}。请立即主持开标；迟延开标须写明原因并记入开标记录表。`,
        en: `${p.name} (${p.unifiedDealCode}) was due to open at ${when} Beijing time and ${what.en} ${graceMinutes} minutes later. Take the chair now; a late opening records its reason.`,
      },
      link: `/workspace/projects/${p.id}?tab=opening`,
      payload: { reason, bidDeadline: deadline.toISOString(), graceMinutes },
    });
    await tx.update(openingStartAlerts).set({ notified }).where(eq(openingStartAlerts.id, row.id));
    return { alerted: true, reason };
  });
}
