/**
 * The owner side deals with an objection (issue 12 §7): acknowledges it (受理), refuses it with reasons
 * (不予受理 — a refusal is an answer) or answers it. Answers are published (public change feed, a message
 * to every downloader and registered company); the project resumes when no suspending objection is left
 * open and it was suspended for an objection.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { objections, projects, type ObjectionRow, type ProjectRow, type Tx } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import { AppError, formatBeijingDateTime } from '@ebid/domain';
import type { AnswerObjectionInput, DeclineObjectionInput, ObjectionRef, ObjectionView } from '@ebid/contracts';
import type { Actor } from '../../auth/session.ts';
import { arrivalOf, audit, requireActor, type RequestContext } from '../../context.ts';
import type { Deps } from '../../deps.ts';
import { notify } from '../../notifications/notify.ts';
import { recordPublicChange } from '../../projects/index.ts';
import { applyProjectEvent, assertOwnerSide } from '../../projects/index.ts';
import { interestedUserIds } from '../recipients.ts';
import { completeAnswerCheckpoint } from './alerts.ts';
import { isObjectionOverdue, loadObjection, objectionLink, OPEN_STATUSES, orgName, toView, type ObjectionStatus } from './views.ts';

/** Guarded status change of an objection (WHERE status = expected AND version = read). */
async function updateObjection(tx: Tx, o: ObjectionRow, set: Partial<ObjectionRow>): Promise<ObjectionRow> {
  const [u] = await tx
    .update(objections)
    .set({ ...set, version: o.version + 1 })
    .where(and(eq(objections.id, o.id), eq(objections.status, o.status), eq(objections.version, o.version)))
    .returning();
  if (!u) throw new AppError('CONFLICT', { zh: '异议已被他人处理，请刷新', en: 'The objection changed meanwhile; refresh' });
  return u;
}

function assertStatus(o: ObjectionRow, ...expected: ObjectionStatus[]): void {
  if (!expected.includes(o.status)) {
    const zh: Record<ObjectionStatus, string> = { filed: '已收到', accepted: '已受理', declined: '不予受理', answered: '已答复' };
    throw new AppError('INVALID_STATE', { zh: `该异议当前为「${zh[o.status]}」，不能进行此操作`, en: `The objection is ${o.status}; this action is not possible` }, { status: o.status });
  }
}

async function ownerSideObjection(tx: Tx, deps: Pick<Deps, 'clock'>, actor: Actor, id: number): Promise<{ o: ObjectionRow; p: ProjectRow }> {
  const o = await loadObjection(tx, id, true);
  // Lock the project row: concurrent filings and answers of one project decide suspend/resume one at a time.
  const [p] = await tx.select().from(projects).where(eq(projects.id, o.projectId)).for('update');
  if (!p) throw new AppError('NOT_FOUND');
  await assertOwnerSide(tx, deps, actor, p);
  return { o, p };
}

/**
 * The project resumes when no suspending objection is left open and it is suspended for an objection
 * (not for a complaint or a supervisor's order). Returns whether it resumed.
 */
async function resumeIfNoneOpen(tx: Tx, deps: Pick<Deps, 'clock'>, ctx: RequestContext, p: ProjectRow): Promise<boolean> {
  const [open] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(objections)
    .where(and(eq(objections.projectId, p.id), eq(objections.suspends, true), inArray(objections.status, [...OPEN_STATUSES])));
  const resume = (open?.n ?? 0) === 0 && p.status === 'SUSPENDED' && p.statusDetail.suspension?.reason === 'objection';
  if (resume) await applyProjectEvent(tx, deps, ctx, p, { type: 'resume' });
  return resume;
}

/**
 * The owner side acknowledges an objection (受理). It changes no clock: the procedure was suspended and
 * the answer fell due from receipt.
 */
export async function acceptObjection(deps: Pick<Deps, 'db' | 'clock' | 'config'>, ctx: RequestContext, input: ObjectionRef): Promise<ObjectionView> {
  const actor = requireActor(ctx);
  const at = arrivalOf(ctx, deps);
  return deps.db.transaction(async (tx) => {
    const { o, p } = await ownerSideObjection(tx, deps, actor, input.objectionId);
    assertStatus(o, 'filed');
    const u = await updateObjection(tx, o, { status: 'accepted', decidedAt: at, decidedBy: actor.userId });
    await audit(tx, deps, ctx, {
      chain: projectChain(p.id),
      action: 'objection.accept',
      subject: { type: 'objection', id: o.id },
      payload: { answerDueAt: o.answerDueAt?.toISOString() ?? null, at: at.toISOString() },
    });
    await notify(tx, deps, {
      userIds: [o.filerUserId],
      kind: 'objection.accepted',
      title: { zh: '异议已受理', en: 'Your objection was accepted' },
      body: {
        zh: `您对${p.name}（${p.unifiedDealCode}）提出的「${o.title}」已受理，将于 ${o.answerDueAt ? formatBeijingDateTime(o.answerDueAt) : '法定期限'} 之前答复。`,
        en: `Your objection "${o.title}" to ${p.name} (${p.unifiedDealCode}) was accepted and will be answered before ${o.answerDueAt ? formatBeijingDateTime(o.answerDueAt) : 'the legal limit'}.`,
      },
      link: objectionLink(p.id),
    });
    return toView(u, at, await orgName(tx, o.filerOrgId), actor.orgId === o.filerOrgId);
  });
}

/** The owner side refuses an objection (不予受理), with the reason: a refusal is an answer (issue 12 §7). */
export async function declineObjection(deps: Pick<Deps, 'db' | 'clock' | 'config'>, ctx: RequestContext, input: DeclineObjectionInput): Promise<ObjectionView> {
  const actor = requireActor(ctx);
  const at = arrivalOf(ctx, deps);
  return deps.db.transaction(async (tx) => {
    const { o, p } = await ownerSideObjection(tx, deps, actor, input.objectionId);
    assertStatus(o, 'filed');
    const u = await updateObjection(tx, o, { status: 'declined', decidedAt: at, decidedBy: actor.userId, declineReason: input.reason, answeredAt: at, answeredBy: actor.userId });
    await completeAnswerCheckpoint(tx, deps, p, o.id, 'objection.decline', at);
    await recordPublicChange(tx, deps, 'objection', o.id, 'declined');
    const resumed = await resumeIfNoneOpen(tx, deps, ctx, p);
    await audit(tx, deps, ctx, {
      chain: projectChain(p.id),
      action: 'objection.decline',
      subject: { type: 'objection', id: o.id },
      payload: { reason: input.reason, at: at.toISOString(), late: isObjectionOverdue(o, at), resumed },
    });
    await notify(tx, deps, {
      userIds: [o.filerUserId],
      kind: 'objection.declined',
      title: { zh: '异议不予受理', en: 'Your objection was declined' },
      body: {
        zh: `您对${p.name}（${p.unifiedDealCode}）提出的异议「${o.title}」不予受理。理由：${input.reason}${resumed ? '。招标活动已恢复。' : ''}`,
        en: `Your objection "${o.title}" to ${p.name} (${p.unifiedDealCode}) was declined. Reason: ${input.reason}${resumed ? '. The procedure has resumed.' : ''}`,
      },
      link: objectionLink(p.id),
    });
    return toView(u, at, await orgName(tx, o.filerOrgId), actor.orgId === o.filerOrgId);
  });
}

/** The owner side answers an open objection: published, pushed, and the project resumes when none is left open. */
export async function answerObjection(deps: Pick<Deps, 'db' | 'clock' | 'config'>, ctx: RequestContext, input: AnswerObjectionInput): Promise<ObjectionView> {
  const actor = requireActor(ctx);
  const at = arrivalOf(ctx, deps);
  return deps.db.transaction(async (tx) => {
    const { o, p } = await ownerSideObjection(tx, deps, actor, input.objectionId);
    assertStatus(o, 'filed', 'accepted');
    const u = await updateObjection(tx, o, { status: 'answered', answer: input.answer, answeredAt: at, answeredBy: actor.userId, decidedAt: o.decidedAt ?? at, decidedBy: o.decidedBy ?? actor.userId });
    await completeAnswerCheckpoint(tx, deps, p, o.id, 'objection.answer', at);
    await recordPublicChange(tx, deps, 'objection', o.id, 'answered');
    const resumed = await resumeIfNoneOpen(tx, deps, ctx, p);
    await audit(tx, deps, ctx, {
      chain: projectChain(p.id),
      action: 'objection.answer',
      subject: { type: 'objection', id: o.id },
      payload: { answer: input.answer, at: at.toISOString(), late: isObjectionOverdue(o, at), resumed },
    });
    const recipients = new Set([o.filerUserId, ...(await interestedUserIds(tx, p.id))]);
    await notify(tx, deps, {
      userIds: [...recipients],
      kind: 'objection.answered',
      title: { zh: '异议答复已发布', en: 'An objection was answered' },
      body: {
        zh: `${p.name}（${p.unifiedDealCode}）关于「${o.title}」的异议答复已发布，请在项目页查看。${resumed ? '招标活动已恢复。' : ''}`,
        en: `The answer to the objection "${o.title}" on ${p.name} (${p.unifiedDealCode}) is published on the project page.${resumed ? ' The procedure has resumed.' : ''}`,
      },
      link: objectionLink(p.id),
    });
    return toView(u, at, await orgName(tx, o.filerOrgId), actor.orgId === o.filerOrgId);
  });
}
