/**
 * The clock of an objection's answer (M1): a yellow warning at the start of the last day and a red alert
 * at the due instant go to the owner side and the supervisors (jobs); a due date is computed again when a
 * year's holidays are published.
 */
import { eq, inArray } from 'drizzle-orm';
import { objections, projects, type Tx } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import { formatBeijingDateTime, objectionAnswerDue, type HolidayTable } from '@ebid/domain';
import { audit, SYSTEM_CONTEXT, type RequestContext } from '../../context.ts';
import type { Deps } from '../../deps.ts';
import { enqueueJob } from '../../jobs/queue.ts';
import { notify } from '../../notifications/notify.ts';
import { loadProject } from '../../projects/index.ts';
import type { DueDateChange } from '../due-date-change.ts';
import { ownerSideUserIds } from '../recipients.ts';
import { CLOSED_STATUSES, isObjectionOverdue, objectionLink, OPEN_STATUSES } from './views.ts';
import { supervisorUserIdsFor } from '../../supervision/scope.ts';

export const OBJECTION_OVERDUE_JOB = 'objection.overdue';
export const OBJECTION_DUE_SOON_JOB = 'objection.due_soon';

/** Schedule both alerts of an answer due at `due.at` (idempotent per instant: dedupe keys). */
export async function scheduleAnswerAlerts(tx: Tx, deps: Pick<Deps, 'clock'>, objectionId: number, due: { at: Date; warnAt: Date }): Promise<void> {
  await enqueueJob(tx, deps.clock, { kind: OBJECTION_DUE_SOON_JOB, payload: { objectionId }, runAt: due.warnAt, dedupeKey: `${OBJECTION_DUE_SOON_JOB}:${objectionId}:${due.warnAt.getTime()}` });
  await enqueueJob(tx, deps.clock, { kind: OBJECTION_OVERDUE_JOB, payload: { objectionId }, runAt: due.at, dedupeKey: `${OBJECTION_OVERDUE_JOB}:${objectionId}:${due.at.getTime()}` });
}

/**
 * Jobs: an objection still open at the start of the last day before its answer is due → yellow warning;
 * still open at the due instant → red alert (M1). Both go to the owner side and every supervisor, with an
 * audit event, whether or not the owner side ever acknowledged it. Nothing happens when it was answered
 * or refused, or the project has ended; a due date moved later (a year published) is left to its own job.
 */
async function objectionAlert(deps: Pick<Deps, 'db' | 'clock' | 'config'>, objectionId: number, level: 'yellow' | 'red'): Promise<{ alerted: boolean }> {
  return deps.db.transaction(async (tx) => {
    const [o] = await tx.select().from(objections).where(eq(objections.id, objectionId));
    if (!o || !OPEN_STATUSES.includes(o.status) || o.answerDueAt === null) return { alerted: false };
    const now = deps.clock.now();
    const at = level === 'red' ? o.answerDueAt : new Date(o.answerDueAt.getTime() - 86_400_000);
    if (now.getTime() < at.getTime()) {
      // Claimed early (clock skew between instances, or a due date moved later): look again then.
      await enqueueJob(tx, deps.clock, { kind: level === 'red' ? OBJECTION_OVERDUE_JOB : OBJECTION_DUE_SOON_JOB, payload: { objectionId: o.id }, runAt: at });
      return { alerted: false };
    }
    if (level === 'yellow' && isObjectionOverdue(o, now)) return { alerted: false }; // the red alert says it
    const p = await loadProject(tx, o.projectId);
    if (CLOSED_STATUSES.includes(p.status)) return { alerted: false };
    const supervisors = (await supervisorUserIdsFor(tx, p)).map((id) => ({ id })); // the project's supervisors (issue 20 §4)
    const due = formatBeijingDateTime(o.answerDueAt);
    const gp = p.tradeType === 'procurement';
    const noun = gp ? '质疑' : '异议';
    const rule = gp ? '政府采购法第五十三条：收到质疑后7个工作日内答复' : '招标投标法实施条例第二十二条：收到异议之日起3日内答复';
    const ruleEn = gp ? 'Government Procurement Law Art. 53: 7 working days' : 'Regulation on the Tendering Law Art. 22: 3 days';
    const state = o.suspends && p.status === 'SUSPENDED' ? '，项目仍处于暂停状态' : '';
    await notify(tx, deps, {
      userIds: [...new Set([...(await ownerSideUserIds(tx, p)), ...supervisors.map((s) => s.id)])],
      kind: level === 'red' ? 'objection.overdue' : 'objection.due_soon',
      title:
        level === 'red'
          ? { zh: `【红色预警】${noun}答复逾期`, en: `[Red alert] ${gp ? 'Challenge' : 'Objection'} answer overdue` }
          : { zh: `【黄色预警】${noun}答复即将到期`, en: `[Yellow warning] ${gp ? 'Challenge' : 'Objection'} answer due within a day` },
      body:
        level === 'red'
          ? {
              zh: `${p.name}（${p.unifiedDealCode}）的${noun}「${o.title}」未在法定期限（${due}）内答复（${rule}）${state}。`,
              en: `The ${gp ? 'challenge' : 'objection'} "${o.title}" on ${p.name} (${p.unifiedDealCode}) was not answered by ${due} Beijing time (${ruleEn}).`,
            }
          : {
              zh: `${p.name}（${p.unifiedDealCode}）的${noun}「${o.title}」应于 ${due} 之前答复（${rule}），尚未答复。`,
              en: `The ${gp ? 'challenge' : 'objection'} "${o.title}" on ${p.name} (${p.unifiedDealCode}) must be answered before ${due} Beijing time (${ruleEn}) and is not yet.`,
            },
      link: objectionLink(p.id),
    });
    await audit(tx, deps, SYSTEM_CONTEXT, {
      chain: projectChain(p.id),
      action: level === 'red' ? 'objection.overdue' : 'objection.due_soon',
      subject: { type: 'objection', id: o.id },
      payload: { answerDueAt: o.answerDueAt.toISOString(), provisional: o.answerDueProvisional, level },
    });
    return { alerted: true };
  });
}

export function objectionOverdueAlert(deps: Pick<Deps, 'db' | 'clock' | 'config'>, objectionId: number): Promise<{ alerted: boolean }> {
  return objectionAlert(deps, objectionId, 'red');
}

export function objectionDueSoonAlert(deps: Pick<Deps, 'db' | 'clock' | 'config'>, objectionId: number): Promise<{ alerted: boolean }> {
  return objectionAlert(deps, objectionId, 'yellow');
}

/**
 * A year was published (projects/calendar-years.ts): every open objection's answer due date is computed
 * again from its receipt with the official calendar; a changed one is updated, its alerts re-scheduled,
 * audited and told to the owner side. Returns the changes.
 */
export async function recomputeObjectionDueDates(tx: Tx, deps: Pick<Deps, 'clock' | 'config'>, ctx: RequestContext, table: HolidayTable): Promise<DueDateChange[]> {
  const rows = await tx
    .select({ o: objections, p: projects })
    .from(objections)
    .innerJoin(projects, eq(projects.id, objections.projectId))
    .where(inArray(objections.status, [...OPEN_STATUSES]))
    .for('update', { of: objections });
  const changes: DueDateChange[] = [];
  for (const { o, p } of rows) {
    const due = objectionAnswerDue(p.tradeType, o.filedAt, table);
    if (o.answerDueAt?.getTime() === due.at.getTime() && o.answerDueProvisional === due.provisional) continue;
    await tx.update(objections).set({ answerDueAt: due.at, answerDueProvisional: due.provisional }).where(eq(objections.id, o.id));
    await scheduleAnswerAlerts(tx, deps, o.id, due);
    const change: DueDateChange = { kind: 'objection_answer', id: o.id, projectId: p.id, from: o.answerDueAt?.toISOString() ?? '', to: due.at.toISOString(), provisional: due.provisional };
    changes.push(change);
    await audit(tx, deps, ctx, { chain: projectChain(p.id), action: 'objection.due_recomputed', subject: { type: 'objection', id: o.id }, payload: change });
    if (o.answerDueAt?.getTime() !== due.at.getTime()) {
      await notify(tx, deps, {
        userIds: [...new Set([...(await ownerSideUserIds(tx, p)), o.filerUserId])],
        kind: 'objection.due_recomputed',
        title: { zh: '答复期限按正式放假安排重新计算', en: 'Answer due date recomputed on the official calendar' },
        body: {
          zh: `${p.name}（${p.unifiedDealCode}）「${o.title}」的答复期限由 ${o.answerDueAt ? formatBeijingDateTime(o.answerDueAt) : '—'} 改为 ${formatBeijingDateTime(due.at)}（放假安排已正式公布）。`,
          en: `The answer to "${o.title}" on ${p.name} (${p.unifiedDealCode}) is now due before ${formatBeijingDateTime(due.at)} Beijing time (was ${o.answerDueAt ? formatBeijingDateTime(o.answerDueAt) : '—'}): the official holiday schedule was published.`,
        },
        link: objectionLink(p.id),
      });
    }
  }
  return changes;
}
