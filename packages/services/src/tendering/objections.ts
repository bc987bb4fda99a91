/**
 * Objections (异议 / 质疑) against the tender or prequalification documents (issue 5 §3, domain N8, §1.1
 * step 5 / P2, §1.2 challenges): any active bidder company files one inside the window; the owner side
 * accepts it — the project is SUSPENDED (ZTBT §22 "暂停招标投标活动") and the answer is due in 3 days
 * (tracked by a job: overdue → red alert to the owner side and the supervisors) — or declines it; the
 * answer is published (public change feed, notification to every downloader and registered company) and
 * the project resumes when no accepted objection is left unanswered.
 *
 * The filer's identity reaches only the owner side and the center: another bidder sees an answered
 * objection's title, text and answer, never who filed it.
 */
import { and, eq, inArray, min, or, sql } from 'drizzle-orm';
import { documentDownloads, objections, organizations, projects, registrations, users, type Tx } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import {
  AppError,
  objectionAnswerDue,
  objectionWindow,
  type ObjectionStage,
  type ObjectionWindow,
  type ProcedureState,
  type Schedule,
  type ScheduleField,
} from '@ebid/domain';
import type { Actor } from '../auth/session.ts';
import { audit, requireActor, requireRole, SYSTEM_CONTEXT, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { enqueueJob } from '../jobs/queue.ts';
import { notify } from '../notifications/notify.ts';
import { loadHolidayTable } from '../projects/holidays.ts';
import { recordPublicChange } from '../projects/notices.ts';
import { applyProjectEvent, assertOwnerSide, flagsOf, isPartyOrCenter, isPublic, loadProject } from '../projects/projects.ts';

type ObjectionRow = typeof objections.$inferSelect;
type ProjectRow = typeof projects.$inferSelect;
export type ObjectionStatus = ObjectionRow['status'];

export const OBJECTION_OVERDUE_JOB = 'objection.overdue';

export interface ObjectionView {
  id: number;
  projectId: number;
  stage: ObjectionStage;
  title: string;
  body: string;
  status: ObjectionStatus;
  /** The filing company: null for anyone but the owner side, the center and the filer's own company. */
  filerName: string | null;
  /** Filed by the caller's own company. */
  mine: boolean;
  filedAt: string;
  decidedAt: string | null;
  declineReason: string | null;
  answerDueAt: string | null;
  /** Accepted, unanswered and past its due time. */
  overdue: boolean;
  answer: string | null;
  answeredAt: string | null;
  version: number;
}

export interface ObjectionWindowView {
  stage: ObjectionStage;
  closesAt: string;
  ruleRef: string;
  /** Filing is possible now (inside the window and the project in a state that accepts objections). */
  open: boolean;
}

function toView(o: ObjectionRow, now: Date, filerName: string | null, mine: boolean): ObjectionView {
  return {
    id: o.id,
    projectId: o.projectId,
    stage: o.stage as ObjectionStage,
    title: o.title,
    body: o.body,
    status: o.status,
    filerName,
    mine,
    filedAt: o.filedAt.toISOString(),
    decidedAt: o.decidedAt?.toISOString() ?? null,
    declineReason: o.declineReason,
    answerDueAt: o.answerDueAt?.toISOString() ?? null,
    overdue: isObjectionOverdue(o, now),
    answer: o.answer,
    answeredAt: o.answeredAt?.toISOString() ?? null,
    version: o.version,
  };
}

export function isObjectionOverdue(o: Pick<ObjectionRow, 'status' | 'answerDueAt'>, now: Date): boolean {
  // answerDueAt is the exclusive end of the period (24:00): at that instant the answer is late.
  return o.status === 'accepted' && o.answerDueAt !== null && now.getTime() >= o.answerDueAt.getTime();
}

/** States in which an objection to the documents can no longer be filed. */
const CLOSED_STATUSES = ['SUSPENDED', 'TERMINATED', 'FAILED', 'ARCHIVED'];

function scheduleOf(p: ProjectRow): Schedule {
  const out: Schedule = {};
  for (const [k, v] of Object.entries(p.schedule as Record<string, string>)) out[k as ScheduleField] = new Date(v);
  return out;
}

/** Which documents an objection filed now is against: the prequalification documents until their deadline. */
function stageAt(p: ProjectRow, now: Date): ObjectionStage {
  const deadline = (p.schedule as Record<string, string>).prequalApplicationDeadline;
  return flagsOf(p).qualification === 'pre' && deadline && now.getTime() <= new Date(deadline).getTime() ? 'prequalification' : 'tender';
}

async function firstDownloadAt(tx: Tx, projectId: number, orgId: number): Promise<Date | null> {
  const [r] = await tx
    .select({ at: min(documentDownloads.at) })
    .from(documentDownloads)
    .where(and(eq(documentDownloads.projectId, projectId), eq(documentDownloads.orgId, orgId)));
  return r?.at ? new Date(r.at) : null;
}

async function windowFor(tx: Tx, p: ProjectRow, orgId: number | null, now: Date): Promise<{ stage: ObjectionStage; window: ObjectionWindow | null }> {
  const stage = stageAt(p, now);
  const window = objectionWindow(
    {
      tradeType: p.tradeType,
      method: p.method,
      prequalification: flagsOf(p).qualification === 'pre',
      stage,
      schedule: scheduleOf(p),
      firstDownloadAt: orgId === null ? null : await firstDownloadAt(tx, p.id, orgId),
    },
    await loadHolidayTable(tx),
  );
  return { stage, window };
}

const noProcedure = () =>
  new AppError('INVALID_STATE', { zh: '该项目没有对文件提出异议的程序', en: 'This project has no objection procedure against its documents' }, { reason: 'NO_OBJECTION_PROCEDURE' });

/** User ids of the owner side (tenderee and agent organizations) of a project. */
export async function ownerSideUserIds(tx: Tx, p: Pick<ProjectRow, 'tendereeOrgId' | 'agentOrgId'>): Promise<number[]> {
  const orgIds = [p.tendereeOrgId, ...(p.agentOrgId !== null ? [p.agentOrgId] : [])];
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.orgId, orgIds), inArray(users.role, ['tenderee', 'agent']), eq(users.active, true)));
  return rows.map((r) => r.id);
}

/** User ids of every company that downloaded the project's documents or registered for it. */
async function interestedUserIds(tx: Tx, projectId: number): Promise<number[]> {
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        eq(users.active, true),
        or(
          inArray(users.orgId, tx.selectDistinct({ o: documentDownloads.orgId }).from(documentDownloads).where(eq(documentDownloads.projectId, projectId))),
          inArray(users.orgId, tx.selectDistinct({ o: registrations.bidderOrgId }).from(registrations).where(eq(registrations.projectId, projectId))),
        ),
      ),
    );
  return rows.map((r) => r.id);
}

async function loadObjection(tx: Tx, id: number, lock = false): Promise<ObjectionRow> {
  const q = tx.select().from(objections).where(eq(objections.id, id));
  const [o] = lock ? await q.for('update') : await q;
  if (!o) throw new AppError('NOT_FOUND');
  return o;
}

async function orgName(tx: Tx, orgId: number): Promise<string> {
  const [o] = await tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, orgId));
  return o?.name ?? '';
}

const link = (projectId: number) => `/projects/${projectId}`;

/** The objection window a caller would file in now (the bidder's own first download counts). */
export async function getObjectionWindow(
  deps: Pick<Deps, 'db' | 'clock'>,
  ctx: RequestContext,
  input: { projectId: number },
): Promise<ObjectionWindowView | null> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const p = await loadProject(tx, input.projectId);
    if (!isPartyOrCenter(actor, p) && !isPublic(p)) throw new AppError('NOT_FOUND');
    const now = deps.clock.now();
    const { stage, window } = await windowFor(tx, p, actor.role === 'bidder' ? actor.orgId : null, now);
    if (!window) return null;
    return {
      stage,
      closesAt: window.closesAt.toISOString(),
      ruleRef: window.ruleRef,
      open: isPublic(p) && !CLOSED_STATUSES.includes(p.status) && now.getTime() < window.closesAt.getTime(),
    };
  });
}

/** A bidder company files an objection to the documents (N8 window, server time T1). */
export async function fileObjection(
  deps: Pick<Deps, 'db' | 'clock' | 'config'>,
  ctx: RequestContext,
  input: { projectId: number; title: string; body: string },
): Promise<ObjectionView> {
  const actor = requireRole(ctx, 'bidder');
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const [org] = await tx.select().from(organizations).where(eq(organizations.id, actor.orgId));
    if (!org || org.kind !== 'bidder' || org.status !== 'active') {
      throw new AppError('FORBIDDEN', { zh: '只有已审核的投标单位可以提出异议', en: 'Only an approved bidder company can file an objection' }, { reason: 'ORG_NOT_ACTIVE' });
    }
    const p = await loadProject(tx, input.projectId);
    if (!isPublic(p)) throw new AppError('NOT_FOUND');
    if (CLOSED_STATUSES.includes(p.status)) {
      throw new AppError('INVALID_STATE', { zh: '项目当前状态不接受异议', en: 'The project does not accept objections in its current state' }, { status: p.status });
    }
    const { stage, window } = await windowFor(tx, p, actor.orgId, now);
    if (!window) throw noProcedure();
    if (now.getTime() >= window.closesAt.getTime()) {
      throw new AppError(
        'VALIDATION',
        { zh: `已超过异议提出期限（${window.ruleRef}）`, en: 'The objection window has closed' },
        { reason: 'OBJECTION_WINDOW', closesAt: window.closesAt.toISOString(), ruleRef: window.ruleRef },
      );
    }
    const [o] = await tx
      .insert(objections)
      .values({ projectId: p.id, stage, filerOrgId: actor.orgId, filerUserId: actor.userId, title: input.title, body: input.body, filedAt: now })
      .returning();
    await audit(tx, deps, ctx, {
      chain: projectChain(p.id),
      action: 'objection.file',
      subject: { type: 'objection', id: o!.id },
      payload: { stage, title: input.title, closesAt: window.closesAt.toISOString(), ruleRef: window.ruleRef },
    });
    await notify(tx, deps, {
      userIds: await ownerSideUserIds(tx, p),
      kind: 'objection.filed',
      title: { zh: '收到异议', en: 'An objection was filed' },
      body: { zh: `${p.name}（${p.unifiedDealCode}）收到异议：${input.title}。请决定是否受理。`, en: `${p.name} (${p.unifiedDealCode}) received an objection: ${input.title}. Decide whether to accept it.` },
      link: link(p.id),
    });
    return toView(o!, now, org.name, true);
  });
}

/** Guarded status change of an objection (WHERE status = expected AND version = read). */
async function updateObjection(tx: Tx, o: ObjectionRow, expected: ObjectionStatus, set: Partial<ObjectionRow>): Promise<ObjectionRow> {
  const [u] = await tx
    .update(objections)
    .set({ ...set, version: o.version + 1 })
    .where(and(eq(objections.id, o.id), eq(objections.status, expected), eq(objections.version, o.version)))
    .returning();
  if (!u) throw new AppError('CONFLICT', { zh: '异议已被他人处理，请刷新', en: 'The objection changed meanwhile; refresh' });
  return u;
}

function assertStatus(o: ObjectionRow, expected: ObjectionStatus): void {
  if (o.status !== expected) {
    const zh: Record<ObjectionStatus, string> = { filed: '待受理', accepted: '已受理', declined: '不予受理', answered: '已答复' };
    throw new AppError('INVALID_STATE', { zh: `该异议当前为「${zh[o.status]}」，不能进行此操作`, en: `The objection is ${o.status}; this action is not possible` }, { status: o.status });
  }
}

async function ownerSideObjection(tx: Tx, deps: Pick<Deps, 'clock'>, actor: Actor, id: number): Promise<{ o: ObjectionRow; p: ProjectRow }> {
  const o = await loadObjection(tx, id, true);
  // Lock the project row: concurrent accepts/answers of one project decide suspend/resume one at a time.
  const [p] = await tx.select().from(projects).where(eq(projects.id, o.projectId)).for('update');
  if (!p) throw new AppError('NOT_FOUND');
  await assertOwnerSide(tx, deps, actor, p);
  return { o, p };
}

/** The owner side accepts an objection: the project is suspended until the answer (due in 3 days, ZTBT §22). */
export async function acceptObjection(
  deps: Pick<Deps, 'db' | 'clock' | 'config'>,
  ctx: RequestContext,
  input: { objectionId: number },
): Promise<ObjectionView> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const { o, p } = await ownerSideObjection(tx, deps, actor, input.objectionId);
    assertStatus(o, 'filed');
    if (['TERMINATED', 'FAILED', 'ARCHIVED'].includes(p.status)) {
      throw new AppError('INVALID_STATE', { zh: '项目已结束，不能受理异议', en: 'The project has ended; the objection cannot be accepted' }, { status: p.status });
    }
    const now = deps.clock.now();
    const answerDueAt = objectionAnswerDue(o.filedAt, await loadHolidayTable(tx));
    const u = await updateObjection(tx, o, 'filed', { status: 'accepted', decidedAt: now, decidedBy: actor.userId, answerDueAt });
    // A second ground of suspension is not stacked (machine.ts): an already suspended project stays so,
    // and resumes when every accepted objection is answered.
    if (p.status !== 'SUSPENDED') await applyProjectEvent(tx, deps, ctx, p, { type: 'suspend', reason: 'objection' });
    await enqueueJob(tx, deps.clock, { kind: OBJECTION_OVERDUE_JOB, payload: { objectionId: o.id }, runAt: answerDueAt, dedupeKey: `objection.overdue:${o.id}` });
    await audit(tx, deps, ctx, {
      chain: projectChain(p.id),
      action: 'objection.accept',
      subject: { type: 'objection', id: o.id },
      payload: { answerDueAt: answerDueAt.toISOString(), suspended: p.status !== 'SUSPENDED' },
    });
    await notify(tx, deps, {
      userIds: [o.filerUserId],
      kind: 'objection.accepted',
      title: { zh: '异议已受理', en: 'Your objection was accepted' },
      body: {
        zh: `您对${p.name}（${p.unifiedDealCode}）提出的异议「${o.title}」已受理，招标活动暂停，招标人将于3日内答复。`,
        en: `Your objection "${o.title}" to ${p.name} (${p.unifiedDealCode}) was accepted; the procedure is suspended and the tenderee answers within 3 days.`,
      },
      link: link(p.id),
    });
    return toView(u, now, await orgName(tx, o.filerOrgId), actor.orgId === o.filerOrgId);
  });
}

/** The owner side declines an objection, with the reason; nothing is suspended. */
export async function declineObjection(
  deps: Pick<Deps, 'db' | 'clock' | 'config'>,
  ctx: RequestContext,
  input: { objectionId: number; reason: string },
): Promise<ObjectionView> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const { o, p } = await ownerSideObjection(tx, deps, actor, input.objectionId);
    assertStatus(o, 'filed');
    const now = deps.clock.now();
    const u = await updateObjection(tx, o, 'filed', { status: 'declined', decidedAt: now, decidedBy: actor.userId, declineReason: input.reason });
    await audit(tx, deps, ctx, { chain: projectChain(p.id), action: 'objection.decline', subject: { type: 'objection', id: o.id }, payload: { reason: input.reason } });
    await notify(tx, deps, {
      userIds: [o.filerUserId],
      kind: 'objection.declined',
      title: { zh: '异议不予受理', en: 'Your objection was declined' },
      body: { zh: `您对${p.name}（${p.unifiedDealCode}）提出的异议「${o.title}」不予受理。理由：${input.reason}`, en: `Your objection "${o.title}" to ${p.name} (${p.unifiedDealCode}) was declined. Reason: ${input.reason}` },
      link: link(p.id),
    });
    return toView(u, now, await orgName(tx, o.filerOrgId), actor.orgId === o.filerOrgId);
  });
}

/** The owner side answers an accepted objection: published, pushed, and the project resumes when none is left open. */
export async function answerObjection(
  deps: Pick<Deps, 'db' | 'clock' | 'config'>,
  ctx: RequestContext,
  input: { objectionId: number; answer: string },
): Promise<ObjectionView> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const { o, p } = await ownerSideObjection(tx, deps, actor, input.objectionId);
    assertStatus(o, 'accepted');
    const now = deps.clock.now();
    const u = await updateObjection(tx, o, 'accepted', { status: 'answered', answer: input.answer, answeredAt: now, answeredBy: actor.userId });
    await recordPublicChange(tx, deps, 'objection', o.id, 'answered');
    const [open] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(objections)
      .where(and(eq(objections.projectId, p.id), eq(objections.status, 'accepted')));
    const detail = p.statusDetail as Omit<ProcedureState, 'status'>;
    const resumed = (open?.n ?? 0) === 0 && p.status === 'SUSPENDED' && detail.suspension?.reason === 'objection';
    if (resumed) await applyProjectEvent(tx, deps, ctx, p, { type: 'resume' });
    await audit(tx, deps, ctx, {
      chain: projectChain(p.id),
      action: 'objection.answer',
      subject: { type: 'objection', id: o.id },
      payload: { answer: input.answer, late: isObjectionOverdue(o, now), resumed },
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
      link: link(p.id),
    });
    return toView(u, now, await orgName(tx, o.filerOrgId), actor.orgId === o.filerOrgId);
  });
}

/**
 * A project's objections. The owner side and the center: all, with the filing company. A bidder: its
 * own company's in full, and others' only once answered (published) and without the filer. Anyone else
 * who can see the project: the answered ones, without the filer.
 */
export async function listObjections(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: { projectId: number }): Promise<ObjectionView[]> {
  const actor = requireActor(ctx);
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const p = await loadProject(tx, input.projectId);
    const party = isPartyOrCenter(actor, p);
    if (!party && !isPublic(p)) throw new AppError('NOT_FOUND');
    const rows = await tx
      .select({ o: objections, filerName: organizations.name })
      .from(objections)
      .innerJoin(organizations, eq(organizations.id, objections.filerOrgId))
      .where(
        and(
          eq(objections.projectId, p.id),
          party ? undefined : or(eq(objections.status, 'answered'), actor.role === 'bidder' ? eq(objections.filerOrgId, actor.orgId) : undefined),
        ),
      )
      .orderBy(objections.id);
    return rows.map(({ o, filerName }) => {
      const mine = actor.role === 'bidder' && o.filerOrgId === actor.orgId;
      return toView(o, now, party || mine ? filerName : null, mine);
    });
  });
}

/**
 * Job: an accepted objection still unanswered at its due time → red alert (M1) to the owner side and
 * every supervisor, and an audit event. Nothing happens when it was answered or the project has ended.
 */
export async function objectionOverdueAlert(deps: Pick<Deps, 'db' | 'clock' | 'config'>, objectionId: number): Promise<{ alerted: boolean }> {
  return deps.db.transaction(async (tx) => {
    const [o] = await tx.select().from(objections).where(eq(objections.id, objectionId));
    if (!o || o.status !== 'accepted' || o.answeredAt !== null) return { alerted: false };
    const now = deps.clock.now();
    if (!isObjectionOverdue(o, now)) {
      // Claimed before the due time (clock skew between instances): look again at the due time.
      await enqueueJob(tx, deps.clock, { kind: OBJECTION_OVERDUE_JOB, payload: { objectionId: o.id }, runAt: o.answerDueAt! });
      return { alerted: false };
    }
    const p = await loadProject(tx, o.projectId);
    if (['TERMINATED', 'FAILED', 'ARCHIVED'].includes(p.status)) return { alerted: false };
    const supervisors = await tx.select({ id: users.id }).from(users).where(and(eq(users.role, 'supervisor'), eq(users.active, true)));
    const due = o.answerDueAt!.toISOString();
    await notify(tx, deps, {
      userIds: [...new Set([...(await ownerSideUserIds(tx, p)), ...supervisors.map((s) => s.id)])],
      kind: 'objection.overdue',
      title: { zh: '【红色预警】异议答复逾期', en: '[Red alert] Objection answer overdue' },
      body: {
        zh: `${p.name}（${p.unifiedDealCode}）已受理的异议「${o.title}」未在法定期限（${due}）内答复（ZTBT §22，3日内答复），项目仍处于暂停状态。`,
        en: `The accepted objection "${o.title}" on ${p.name} (${p.unifiedDealCode}) was not answered by ${due} (ZTBT §22: 3 days); the project remains suspended.`,
      },
      link: link(p.id),
    });
    await audit(tx, deps, SYSTEM_CONTEXT, {
      chain: projectChain(p.id),
      action: 'objection.overdue',
      subject: { type: 'objection', id: o.id },
      payload: { answerDueAt: due, level: 'red' },
    });
    return { alerted: true };
  });
}
