/**
 * Raising a checkpoint's alert (issue 20 §1–2, M1): once per level, whatever the number of instances or
 * restarts. In ONE transaction: the conditional UPDATE of the level's raised instant (… WHERE it IS NULL
 * RETURNING — a second instance finds it set and raises nothing), the `supervision_alerts` row (ON
 * CONFLICT DO NOTHING on checkpoint × level), the notification to the responsible party and the project's
 * supervisors, and the audit event in the project's chain.
 */
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { checkpoints, supervisionAlerts, users, type CheckpointRow, type ProjectRow, type Tx } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import { checkpointKind, formatBeijingDateTime, isCheckpointKind, type AlertLevel, type AuditAction, type LocalizedMessage } from '@ebid/domain';
import { audit, SYSTEM_CONTEXT } from '../context.ts';
import type { Deps } from '../deps.ts';
import { notify } from '../notifications/notify.ts';
import { ownerSideUserIds } from '../tendering/recipients.ts';
import { supervisorUserIdsFor } from './scope.ts';

/** What an alert says and records. */
export interface AlertMessage {
  /** The notification kind, e.g. 'objection.overdue' (generic: 'checkpoint.red'). */
  kind: string;
  title: LocalizedMessage;
  body: LocalizedMessage;
  link: string;
  audit: { action: AuditAction; subject: { type: string; id: number | string }; payload: Record<string, unknown> };
}

/**
 * Who is told: the responsible party — the center's active staff when no organization is responsible,
 * else the project's owner side (tenderee and agent users) and the responsible organization's users —
 * and the supervisors of the project (scope.ts).
 */
export async function alertRecipients(tx: Tx, cp: Pick<CheckpointRow, 'responsibleOrgId'>, project: ProjectRow): Promise<number[]> {
  const responsible =
    cp.responsibleOrgId === null
      ? (await tx.select({ id: users.id }).from(users).where(and(eq(users.role, 'staff'), eq(users.active, true)))).map((u) => u.id)
      : [
          ...(await ownerSideUserIds(tx, project)),
          ...(await tx.select({ id: users.id }).from(users).where(and(eq(users.orgId, cp.responsibleOrgId), eq(users.active, true), inArray(users.role, ['tenderee', 'agent'])))).map((u) => u.id),
        ];
  return [...new Set([...responsible, ...(await supervisorUserIdsFor(tx, project))])];
}

/** The engine's own words for a kind without a raiser of its own. */
export function genericAlertMessage(cp: CheckpointRow, project: ProjectRow, level: AlertLevel): AlertMessage {
  const decl = isCheckpointKind(cp.kind) ? checkpointKind(cp.kind) : { name: { zh: cp.kind, en: cp.kind }, rule: '', act: { zh: '办理', en: 'act' } };
  const due = formatBeijingDateTime(cp.dueAt);
  const tentative = cp.provisional ? { zh: '，暂定', en: ', provisional' } : { zh: '', en: '' };
  const code = project.unifiedDealCode;
  return {
    kind: level === 'red' ? 'checkpoint.red' : 'checkpoint.yellow',
    title:
      level === 'red'
        ? { zh: `【红色预警】${decl.name.zh}已超期（${code}）`, en: `[Red alert] ${decl.name.en} overdue (${code})` }
        : { zh: `【黄色预警】${decl.name.zh}即将到期（${code}）`, en: `[Yellow warning] ${decl.name.en} due soon (${code})` },
    body:
      level === 'red'
        ? {
            zh: `${project.name}（${code}）的${decl.name.zh}应于 ${due}（北京时间${tentative.zh}）前完成，至今未${decl.act.zh}（${decl.rule}）。`,
            en: `${decl.name.en} of ${project.name} (${code}) was due by ${due} Beijing time${tentative.en} and is not done (${decl.rule}).`,
          }
        : {
            zh: `${project.name}（${code}）的${decl.name.zh}应于 ${due}（北京时间${tentative.zh}）前完成，尚未${decl.act.zh}（${decl.rule}）。`,
            en: `${decl.name.en} of ${project.name} (${code}) is due by ${due} Beijing time${tentative.en} and not yet done (${decl.rule}).`,
          },
    link: `/workspace/projects/${project.id}`,
    audit: {
      action: level === 'red' ? 'checkpoint.red' : 'checkpoint.yellow',
      subject: { type: 'checkpoint', id: cp.id },
      payload: { subjectKey: cp.subjectKey, dueAt: cp.dueAt.toISOString(), provisional: cp.provisional },
    },
  };
}

export interface RaisedAlert {
  alertId: number;
  notified: number;
}

/**
 * Raise the level's alert of the checkpoint once, in the caller's transaction. Returns null when it was
 * already raised (by this or another instance) or the checkpoint is done meanwhile.
 */
export async function raiseOnce(tx: Tx, deps: Pick<Deps, 'clock' | 'config'>, cp: CheckpointRow, project: ProjectRow, level: AlertLevel, msg: AlertMessage): Promise<RaisedAlert | null> {
  const now = deps.clock.now();
  const raised = level === 'red' ? checkpoints.redRaisedAt : checkpoints.yellowRaisedAt;
  const [claimed] = await tx
    .update(checkpoints)
    .set(level === 'red' ? { redRaisedAt: now } : { yellowRaisedAt: now })
    .where(and(eq(checkpoints.id, cp.id), isNull(raised), isNull(checkpoints.doneAt)))
    .returning({ id: checkpoints.id });
  if (!claimed) return null;
  const [alert] = await tx.insert(supervisionAlerts).values({ checkpointId: cp.id, projectId: project.id, level, raisedAt: now, notified: 0 }).onConflictDoNothing().returning({ id: supervisionAlerts.id });
  if (!alert) return null;
  const told = await notify(tx, deps, { userIds: await alertRecipients(tx, cp, project), kind: msg.kind, title: msg.title, body: msg.body, link: msg.link });
  await tx.update(supervisionAlerts).set({ notified: told.length }).where(eq(supervisionAlerts.id, alert.id));
  await audit(tx, deps, SYSTEM_CONTEXT, {
    chain: projectChain(project.id),
    action: msg.audit.action,
    subject: msg.audit.subject,
    payload: { ...msg.audit.payload, alertLevel: level, notified: told.length, checkpointId: cp.id, checkpointKind: cp.kind, alertId: alert.id },
  });
  return { alertId: alert.id, notified: told.length };
}
