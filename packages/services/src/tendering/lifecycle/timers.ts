/**
 * Procedure timers (issue 5 §5, domain §1 P2 → P3, T1): when a notice is published the server schedules
 * the transitions that follow from the schedule alone —
 * - prequalification projects: `start_prequalification` at the application deadline (applications close,
 *   the review starts), and the 'prequal.review' checkpoint due at the review deadline (issue 20 §1, M1:
 *   yellow a day before, red when the review is still open then, to staff and supervisors; completed by
 *   the review's completion);
 * - sealed-bid and negotiation projects without prequalification: `open_bidding` when the tender
 *   documents start being issued (now when that time is absent or past).
 * - every project: the minimum-period checkpoints of its schedule (period-checkpoints.ts);
 * - single source (issue 18 §3, CGT §38): `publicity_done` at the publicity end — the procedure moves on
 *   to the negotiation with the named supplier. An objection to the publicity still open then holds it:
 *   the project is suspended for that objection instead (R74 §39, K: the purchaser reviews it first) and
 *   resumes when it is answered (objections/answering.ts); the timer, retried hourly, then moves it on.
 * The handler re-reads the project and the schedule when it runs: a moved deadline (N5 clarification)
 * re-schedules the job for the new instant, a suspended project (N8 objection) is retried an hour later,
 * and an event the state machine no longer allows is a no-op. Time is the server clock only.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { objections, projects, users, type ProjectRow, type Tx } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import { allowedEvents, checkpointAt, formatBeijingDateTime, procedureStateOf, type ScheduleField } from '@ebid/domain';
import { audit, SYSTEM_CONTEXT } from '../../context.ts';
import type { Deps } from '../../deps.ts';
import { enqueueJob } from '../../jobs/queue.ts';
import { scheduleDeadlineCheckpoint } from '../../audit/checkpoints.ts';
import { scheduleOpeningTimers } from '../../opening/opening-schedule.ts';
import { notify } from '../../notifications/notify.ts';
import { applyProjectEvent, flagsOf } from '../../projects/index.ts';
import { OPEN_STATUSES } from '../objections/views.ts';
import { ownerSideUserIds } from '../recipients.ts';
import { declareCheckpoint, findCheckpoint, warnOverrides } from '../../supervision/checkpoints.ts';
import { evaluateCheckpoint, type CheckpointRaiser } from '../../supervision/engine.ts';
import { declarePeriodCheckpoints } from './period-checkpoints.ts';

export const PROJECT_TIMER_JOB = 'project.timer';
/** A timer that finds the project suspended tries again after this long. */
export const SUSPENDED_RETRY_MS = 60 * 60 * 1000;

export type TimerEvent = 'start_prequalification' | 'open_bidding' | 'publicity_done';

/** The schedule field whose instant fires each timer event. */
const EVENT_FIELD: Record<TimerEvent, ScheduleField> = {
  start_prequalification: 'prequalApplicationDeadline',
  open_bidding: 'docsIssueStart',
  publicity_done: 'publicityEnd',
};

function scheduleAt(p: Pick<ProjectRow, 'schedule'>, field: ScheduleField): Date | null {
  const v = p.schedule[field];
  if (!v) return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

const timerKey = (projectId: number, event: TimerEvent, runAt: Date) => `project.timer:${projectId}:${event}:${runAt.toISOString()}`;

async function enqueueTimer(tx: Tx, deps: Pick<Deps, 'clock'>, projectId: number, event: TimerEvent, runAt: Date): Promise<void> {
  await enqueueJob(tx, deps.clock, { kind: PROJECT_TIMER_JOB, payload: { projectId, event }, runAt, dedupeKey: timerKey(projectId, event, runAt) });
}

/** Declare (or move) the prequalification review's checkpoint: the center runs the review. */
function declareReview(tx: Tx, deps: Pick<Deps, 'clock'>, projectId: number, reviewEnd: Date) {
  return declareCheckpoint(tx, deps, { projectId, kind: 'prequal.review', subjectKey: 'project', dueAt: reviewEnd, provisional: false, responsibleOrgId: null });
}

/**
 * Schedule the timers of a just-published project (call inside the publishing transaction, after the
 * publish_notice transition). Idempotent per instant (dedupe keys).
 */
export async function scheduleProjectTimers(tx: Tx, deps: Pick<Deps, 'clock'>, project: ProjectRow): Promise<void> {
  await scheduleDeadlineCheckpoint(tx, deps, project); // issue 13 §6: a checkpoint at the bid deadline
  await scheduleOpeningTimers(tx, deps, project); // issue 18 §5: the opening at the deadline, the alert after its grace
  await declarePeriodCheckpoints(tx, deps, project); // issue 20 §1: the minimum periods (公告期, 文件发售期)
  const flags = flagsOf(project);
  const now = deps.clock.now();
  if (flags.qualification === 'pre') {
    const deadline = scheduleAt(project, 'prequalApplicationDeadline');
    if (deadline) await enqueueTimer(tx, deps, project.id, 'start_prequalification', deadline);
    const reviewEnd = scheduleAt(project, 'prequalReviewEnd');
    if (reviewEnd) await declareReview(tx, deps, project.id, reviewEnd);
    return;
  }
  if (flags.submission === 'direct') {
    const end = scheduleAt(project, 'publicityEnd');
    if (end) await enqueueTimer(tx, deps, project.id, 'publicity_done', end.getTime() > now.getTime() ? end : now);
    return;
  }
  if (flags.submission === 'sealed_bids' || flags.submission === 'negotiation') {
    const start = scheduleAt(project, 'docsIssueStart');
    await enqueueTimer(tx, deps, project.id, 'open_bidding', start && start.getTime() > now.getTime() ? start : now);
  }
}

export type TimerOutcome = 'applied' | 'rescheduled' | 'suspended_retry' | 'held_by_objection' | 'noop';

/** The 'project.timer' job: apply the event if the machine still allows it now. */
export async function runProjectTimer(
  deps: Pick<Deps, 'db' | 'clock' | 'config'>,
  payload: { projectId: number; event: TimerEvent },
): Promise<{ outcome: TimerOutcome; status?: string }> {
  return deps.db.transaction(async (tx) => {
    const [p] = await tx.select().from(projects).where(eq(projects.id, payload.projectId)).for('update');
    if (!p || !(payload.event in EVENT_FIELD)) return { outcome: 'noop' as const };
    const now = deps.clock.now();
    // A deadline moved later (clarification, N5): fire at the new instant instead.
    const due = scheduleAt(p, EVENT_FIELD[payload.event]);
    if (due && due.getTime() > now.getTime()) {
      await enqueueTimer(tx, deps, p.id, payload.event, due);
      return { outcome: 'rescheduled' as const, status: p.status };
    }
    const flags = flagsOf(p);
    const state = procedureStateOf(p);
    if (p.status === 'SUSPENDED') {
      const from = state.suspendedFrom;
      if (from && allowedEvents({ status: from }, flags).includes(payload.event)) {
        await enqueueTimer(tx, deps, p.id, payload.event, new Date(now.getTime() + SUSPENDED_RETRY_MS));
        return { outcome: 'suspended_retry' as const, status: p.status };
      }
      return { outcome: 'noop' as const, status: p.status };
    }
    if (!allowedEvents(state, flags).includes(payload.event)) return { outcome: 'noop' as const, status: p.status };
    if (payload.event === 'publicity_done' && (await holdForObjections(tx, deps, p))) {
      await enqueueTimer(tx, deps, p.id, payload.event, new Date(now.getTime() + SUSPENDED_RETRY_MS));
      const held: TimerOutcome = 'held_by_objection';
      return { outcome: held, status: 'SUSPENDED' };
    }
    const updated = await applyProjectEvent(tx, deps, SYSTEM_CONTEXT, p, { type: payload.event });
    if (payload.event === 'publicity_done') await tellPublicityEnded(tx, deps, updated);
    return { outcome: 'applied' as const, status: updated.status };
  });
}

/** The owner side and the named supplier learn that the publicity ended and the negotiation may start. */
async function tellPublicityEnded(tx: Tx, deps: Pick<Deps, 'clock' | 'config'>, p: ProjectRow): Promise<void> {
  const supplierUsers = p.singleSourceSupplierOrgId !== null ? await tx.select({ id: users.id }).from(users).where(eq(users.orgId, p.singleSourceSupplierOrgId)) : [];
  await notify(tx, deps, {
    userIds: [...(await ownerSideUserIds(tx, p)), ...supplierUsers.map((u) => u.id)],
    kind: 'project.publicity_ended',
    title: { zh: '单一来源公示期满，进入协商', en: 'The single-source publicity ended: negotiation' },
    body: {
      zh: `${p.name}（${p.unifiedDealCode}）单一来源采购公示期满，无未处理的异议，项目进入与拟定供应商的协商阶段。`,
      en: `The single-source publicity of ${p.name} (${p.unifiedDealCode}) ended with no objection pending; the negotiation with the named supplier may start.`,
    },
    link: `/workspace/projects/${p.id}`,
  });
}

/**
 * At the end of a single-source publicity: objections to it still unanswered suspend the project for them
 * (they now hold the procedure, so answering the last one resumes it). Returns whether any did.
 */
async function holdForObjections(tx: Tx, deps: Pick<Deps, 'clock'>, p: ProjectRow): Promise<boolean> {
  const open = await tx
    .update(objections)
    .set({ suspends: true })
    .where(and(eq(objections.projectId, p.id), inArray(objections.status, [...OPEN_STATUSES])))
    .returning({ id: objections.id });
  if (open.length === 0) return false;
  await applyProjectEvent(tx, deps, SYSTEM_CONTEXT, p, { type: 'suspend', reason: 'objection' });
  await audit(tx, deps, SYSTEM_CONTEXT, {
    chain: projectChain(p.id),
    action: 'project.publicity_held',
    subject: { type: 'project', id: p.id },
    payload: { publicityEnd: p.schedule.publicityEnd ?? null, objections: open.map((o) => o.id), ruleRef: 'CGT §38; R74 §39 (K)' },
  });
  return true;
}

/** The statuses before or in the review; any other means it was completed or the project ended. */
const REVIEW_PENDING = new Set(['DRAFT', 'PENDING_REVIEW', 'PUBLISHED', 'PREQUALIFICATION', 'SUSPENDED']);

/**
 * The raiser of 'prequal.review': while the project is in PREQUALIFICATION past (or a day before) its
 * review deadline, the red (yellow) alert to staff and supervisors. The review deadline moved → the
 * checkpoint moves; the review over (old data) → done; suspended or not yet started → nothing now.
 */
export const prequalReviewRaiser: CheckpointRaiser = {
  async inspect(_tx, deps, { checkpoint: cp, project: p, level, now }) {
    const due = scheduleAt(p, 'prequalReviewEnd');
    if (!REVIEW_PENDING.has(p.status)) return { type: 'done', act: p.status === 'TERMINATED' ? 'project.terminate' : p.status === 'FAILED' ? 'project.fail' : 'project.prequalification_done', at: now };
    if (due && due.getTime() !== cp.dueAt.getTime()) return { type: 'moved', ...checkpointAt('prequal.review', due, { overrides: warnOverrides(deps) }) };
    if (p.status !== 'PREQUALIFICATION') return { type: 'skip' };
    const red = level === 'red';
    return {
      type: 'raise',
      message: {
        kind: red ? 'prequal.review_overdue' : 'prequal.review_due_soon',
        title: red ? { zh: '红色预警：资格审查已超期', en: 'Red alert: prequalification review overdue' } : { zh: '黄色预警：资格审查即将到期', en: 'Yellow warning: prequalification review due soon' },
        body: red
          ? {
              zh: `${p.name}（${p.unifiedDealCode}）的资格审查截止时间已过，审查尚未完成，请尽快完成资格审查。`,
              en: `The prequalification review of ${p.name} (${p.unifiedDealCode}) is past its deadline and not complete.`,
            }
          : {
              zh: `${p.name}（${p.unifiedDealCode}）的资格审查将于 ${formatBeijingDateTime(cp.dueAt)} 截止，审查尚未完成。`,
              en: `The prequalification review of ${p.name} (${p.unifiedDealCode}) ends at ${formatBeijingDateTime(cp.dueAt)} Beijing time and is not complete.`,
            },
        link: '/workspace/staff/qualification',
        audit: {
          action: red ? 'qualification.review_overdue' : 'qualification.review_due_soon',
          subject: { type: 'project', id: p.id },
          payload: { prequalReviewEnd: due?.toISOString() ?? null },
        },
      },
    };
  },
};

/**
 * The 'prequal.review_overdue' job of before the engine, kept as a thin wrapper for jobs already queued:
 * the project's review checkpoint (declared here for a project published before the engine) evaluated
 * for its red level. Returns whether it raised it now.
 */
export async function runPrequalReviewOverdue(deps: Pick<Deps, 'db' | 'clock' | 'config'>, payload: { projectId: number }): Promise<{ alerted: boolean }> {
  const checkpointId = await deps.db.transaction(async (tx) => {
    const [p] = await tx.select().from(projects).where(eq(projects.id, payload.projectId));
    const due = p ? scheduleAt(p, 'prequalReviewEnd') : null;
    if (!p || !due) return null;
    return ((await findCheckpoint(tx, { projectId: p.id, kind: 'prequal.review', subjectKey: 'project' })) ?? (await declareReview(tx, deps, p.id, due))).id;
  });
  if (checkpointId === null) return { alerted: false };
  return { alerted: (await evaluateCheckpoint(deps, () => prequalReviewRaiser, checkpointId, { only: 'red' })).raised === 'red' };
}
