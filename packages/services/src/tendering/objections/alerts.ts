/**
 * The clock of an objection's answer (M1) on the checkpoint engine (issue 20 §1): receipt declares the
 * checkpoint 'objection.answer' (engineering, ZTBT §22: 3 d) or 'challenge.answer' (procurement, CG §53:
 * 7 wd) — yellow from the start of the last day, red at the due instant, both raised once to the owner
 * side and the supervisors; the answer or refusal completes it; a due date is computed again (the
 * checkpoint moved) when a year's holidays are published. The words of its alerts are the raiser below.
 */
import { eq, inArray } from 'drizzle-orm';
import { objections, projects, type ProjectRow, type Tx } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import { checkpointAt, formatBeijingDateTime, objectionAnswerDue, type AlertLevel, type AuditAction, type CheckpointKind, type HolidayTable, type TradeType } from '@ebid/domain';
import { audit, type RequestContext } from '../../context.ts';
import type { Deps } from '../../deps.ts';
import { notify } from '../../notifications/notify.ts';
import { loadProject } from '../../projects/index.ts';
import { completeCheckpoint, declareCheckpoint, findCheckpoint, warnOverrides } from '../../supervision/checkpoints.ts';
import { evaluateCheckpoint, type CheckpointRaiser } from '../../supervision/engine.ts';
import type { DueDateChange } from '../due-date-change.ts';
import { ownerSideUserIds } from '../recipients.ts';
import { CLOSED_STATUSES, objectionLink, OPEN_STATUSES } from './views.ts';

/** The checkpoint kind of an answer: a 质疑 (procurement) or an 异议. */
export const answerCheckpointKind = (tradeType: TradeType): CheckpointKind => (tradeType === 'procurement' ? 'challenge.answer' : 'objection.answer');
const subjectKeyOf = (objectionId: number) => `objection:${objectionId}`;

/** Declare (or move) the answer's checkpoint, in the filing (or recomputing) transaction. */
export async function scheduleAnswerAlerts(tx: Tx, deps: Pick<Deps, 'clock'>, p: Pick<ProjectRow, 'id' | 'tradeType' | 'tendereeOrgId'>, objectionId: number, due: { at: Date; provisional: boolean }) {
  return declareCheckpoint(tx, deps, { projectId: p.id, kind: answerCheckpointKind(p.tradeType), subjectKey: subjectKeyOf(objectionId), dueAt: due.at, provisional: due.provisional, responsibleOrgId: p.tendereeOrgId });
}

/** The answer or refusal completes the checkpoint (in the act's transaction). */
export function completeAnswerCheckpoint(tx: Tx, deps: Pick<Deps, 'clock'>, p: Pick<ProjectRow, 'id' | 'tradeType'>, objectionId: number, act: AuditAction, at: Date): Promise<boolean> {
  return completeCheckpoint(tx, deps, { projectId: p.id, kind: answerCheckpointKind(p.tradeType), subjectKey: subjectKeyOf(objectionId), act, at });
}

/** The act that ended a closed project (a checkpoint of it no longer applies). */
const endingAct = (status: string): AuditAction => (status === 'TERMINATED' ? 'project.terminate' : status === 'FAILED' ? 'project.fail' : 'project.archive');

/**
 * The raiser of 'objection.answer' / 'challenge.answer': an objection still open → the yellow warning or
 * the red alert (to the owner side and every supervisor, whether or not the owner side acknowledged it),
 * audited as objection.due_soon / objection.overdue. Answered or refused (old data) → done; its due date
 * changed → the checkpoint moves; the project ended → nothing is owed any more.
 */
export const objectionAnswerRaiser: CheckpointRaiser = {
  async inspect(tx, deps, { checkpoint: cp, project: p, level }) {
    const id = Number(cp.subjectKey.slice('objection:'.length));
    const [o] = await tx.select().from(objections).where(eq(objections.id, id));
    if (!o || o.answerDueAt === null) return { type: 'skip' };
    if (!OPEN_STATUSES.includes(o.status)) return { type: 'done', act: o.status === 'declined' ? 'objection.decline' : 'objection.answer', at: o.answeredAt ?? o.decidedAt ?? cp.dueAt };
    if (CLOSED_STATUSES.includes(p.status)) return { type: 'done', act: endingAct(p.status), at: p.updatedAt };
    if (o.answerDueAt.getTime() !== cp.dueAt.getTime()) {
      const moved = checkpointAt(answerCheckpointKind(p.tradeType), o.answerDueAt, { provisional: o.answerDueProvisional, overrides: warnOverrides(deps) });
      return { type: 'moved', ...moved };
    }
    const due = formatBeijingDateTime(o.answerDueAt);
    const gp = p.tradeType === 'procurement';
    const noun = gp ? '质疑' : '异议';
    const rule = gp ? '政府采购法第五十三条：收到质疑后7个工作日内答复' : '招标投标法实施条例第二十二条：收到异议之日起3日内答复';
    const ruleEn = gp ? 'Government Procurement Law Art. 53: 7 working days' : 'Regulation on the Tendering Law Art. 22: 3 days';
    const state = o.suspends && p.status === 'SUSPENDED' ? '，项目仍处于暂停状态' : '';
    const red = level === 'red';
    return {
      type: 'raise',
      message: {
        kind: red ? 'objection.overdue' : 'objection.due_soon',
        title: red
          ? { zh: `【红色预警】${noun}答复逾期`, en: `[Red alert] ${gp ? 'Challenge' : 'Objection'} answer overdue` }
          : { zh: `【黄色预警】${noun}答复即将到期`, en: `[Yellow warning] ${gp ? 'Challenge' : 'Objection'} answer due within a day` },
        body: red
          ? {
              zh: `${p.name}（${p.unifiedDealCode}）的${noun}「${o.title}」未在法定期限（${due}）内答复（${rule}）${state}。`,
              en: `The ${gp ? 'challenge' : 'objection'} "${o.title}" on ${p.name} (${p.unifiedDealCode}) was not answered by ${due} Beijing time (${ruleEn}).`,
            }
          : {
              zh: `${p.name}（${p.unifiedDealCode}）的${noun}「${o.title}」应于 ${due} 之前答复（${rule}），尚未答复。`,
              en: `The ${gp ? 'challenge' : 'objection'} "${o.title}" on ${p.name} (${p.unifiedDealCode}) must be answered before ${due} Beijing time (${ruleEn}) and is not yet.`,
            },
        link: objectionLink(p.id),
        audit: {
          action: red ? 'objection.overdue' : 'objection.due_soon',
          subject: { type: 'objection', id: o.id },
          payload: { answerDueAt: o.answerDueAt.toISOString(), provisional: o.answerDueProvisional, level },
        },
      },
    };
  },
};

/**
 * The per-alert jobs of before the engine ('objection.due_soon' / 'objection.overdue'), kept as thin
 * wrappers for jobs already queued: the objection's checkpoint (declared here for an objection filed
 * before the engine) is evaluated for that one level. Returns whether it raised it now.
 */
async function legacyObjectionAlert(deps: Pick<Deps, 'db' | 'clock' | 'config'>, objectionId: number, level: AlertLevel): Promise<{ alerted: boolean }> {
  const checkpointId = await deps.db.transaction(async (tx) => {
    const [o] = await tx.select().from(objections).where(eq(objections.id, objectionId));
    if (!o || o.answerDueAt === null) return null;
    const p = await loadProject(tx, o.projectId);
    const cp = await findCheckpoint(tx, { projectId: p.id, kind: answerCheckpointKind(p.tradeType), subjectKey: subjectKeyOf(o.id) });
    if (cp) return cp.id;
    if (!OPEN_STATUSES.includes(o.status)) return null;
    return (await scheduleAnswerAlerts(tx, deps, p, o.id, { at: o.answerDueAt, provisional: o.answerDueProvisional })).id;
  });
  if (checkpointId === null) return { alerted: false };
  const out = await evaluateCheckpoint(deps, () => objectionAnswerRaiser, checkpointId, { only: level });
  return { alerted: out.raised === level };
}

export function objectionOverdueAlert(deps: Pick<Deps, 'db' | 'clock' | 'config'>, objectionId: number): Promise<{ alerted: boolean }> {
  return legacyObjectionAlert(deps, objectionId, 'red');
}

export function objectionDueSoonAlert(deps: Pick<Deps, 'db' | 'clock' | 'config'>, objectionId: number): Promise<{ alerted: boolean }> {
  return legacyObjectionAlert(deps, objectionId, 'yellow');
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
    await scheduleAnswerAlerts(tx, deps, p, o.id, due);
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
