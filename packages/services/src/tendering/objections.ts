/**
 * Objections (异议, engineering) and challenges (质疑, government procurement) (issue 5 §3, issue 12 §7;
 * domain N8, C2, §1.1 step 5 / P2, §1.2). Any active bidder company files one inside its window, judged by
 * the instant the request was received (T1). From that receipt:
 * - engineering, against the documents: the project is SUSPENDED at once (ZTBT §22 "作出答复前，应当暂停
 *   招标投标活动") and the answer is due within 3 days; the owner side may acknowledge it (受理), must answer,
 *   and a refusal (不予受理, with reasons) is an answer;
 * - government procurement: a challenge to the documents, to a step of the process or to the result is
 *   answered within 7 working days (CG §53) and does not suspend the procurement by itself (a suspension is
 *   the supervisor's power, CG §57);
 * - a yellow warning at the start of the last day and a red alert at the due instant go to the owner side
 *   and the supervisors (jobs), whether or not anyone acted.
 * Answers are published (public change feed, notification to every downloader and registered company);
 * the project resumes when no suspending objection is left open. Other parties may still file while the
 * project is suspended.
 *
 * The filer's identity reaches only the owner side and the center: another bidder sees an answered
 * objection's title, text and answer, never who filed it.
 */
import { and, eq, inArray, min, or, sql } from 'drizzle-orm';
import { auditEvents, documentDownloads, objections, openings, organizations, projects, registrations, users, type Tx } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import {
  AppError,
  allowedEvents,
  challengeWindow,
  formatBeijingDateTime,
  objectionAnswerDue,
  objectionSubjects,
  objectionSuspends,
  objectionWindow,
  type HolidayTable,
  type ObjectionStage,
  type ObjectionSubject,
  type ObjectionWindow,
  type ProcedureState,
  type ProcedureStatus,
  type Schedule,
  type ScheduleField,
} from '@ebid/domain';
import type { Actor } from '../auth/session.ts';
import { arrivalOf, audit, requireActor, requireRole, SYSTEM_CONTEXT, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { enqueueJob } from '../jobs/queue.ts';
import { notify } from '../notifications/notify.ts';
import { loadHolidayTable } from '../projects/holidays.ts';
import { applyProjectEvent, assertOwnerSide, flagsOf, isPartyOrCenter, isPublic, loadProject, recordPublicChange } from '../projects/index.ts';

type ObjectionRow = typeof objections.$inferSelect;
type ProjectRow = typeof projects.$inferSelect;
export type ObjectionStatus = ObjectionRow['status'];

export const OBJECTION_OVERDUE_JOB = 'objection.overdue';
export const OBJECTION_DUE_SOON_JOB = 'objection.due_soon';

/** Steps of a procurement whose end starts a process challenge (CGT §53: 各采购程序环节结束之日). */
export const PROCESS_STEPS = ['prequalification', 'opening'] as const;
export type ProcessStep = (typeof PROCESS_STEPS)[number];
const STEP_LABELS: Record<ProcessStep, { zh: string; en: string }> = {
  prequalification: { zh: '资格预审', en: 'prequalification' },
  opening: { zh: '开标', en: 'bid opening' },
};

export interface ObjectionView {
  id: number;
  projectId: number;
  stage: ObjectionStage;
  subject: ObjectionSubject;
  step: string | null;
  title: string;
  body: string;
  status: ObjectionStatus;
  /** The filing company: null for anyone but the owner side, the center and the filer's own company. */
  filerName: string | null;
  /** Filed by the caller's own company. */
  mine: boolean;
  /** Receiving it suspended the procedure (engineering documents, ZTBT §22). */
  suspends: boolean;
  filedAt: string;
  decidedAt: string | null;
  declineReason: string | null;
  answerDueAt: string | null;
  /** The due date was computed on a provisional calendar (暂定). */
  answerDueProvisional: boolean;
  /** Not yet answered (nor refused). */
  open: boolean;
  /** Open and past its due time. */
  overdue: boolean;
  answer: string | null;
  answeredAt: string | null;
  version: number;
}

export interface ObjectionWindowView {
  stage: ObjectionStage;
  closesAt: string;
  ruleRef: string;
  /** The end was computed on a provisional calendar (暂定). */
  provisional: boolean;
  /** Filing is possible now (inside the window and the project in a state that accepts objections). */
  open: boolean;
  /** What the caller may object to here (engineering: the documents; GP: documents, process, result). */
  subjects: ObjectionSubject[];
}

const OPEN_STATUSES: readonly ObjectionStatus[] = ['filed', 'accepted'];

function toView(o: ObjectionRow, now: Date, filerName: string | null, mine: boolean): ObjectionView {
  return {
    id: o.id,
    projectId: o.projectId,
    stage: o.stage as ObjectionStage,
    subject: o.subject as ObjectionSubject,
    step: o.step,
    title: o.title,
    body: o.body,
    status: o.status,
    filerName,
    mine,
    suspends: o.suspends,
    filedAt: o.filedAt.toISOString(),
    decidedAt: o.decidedAt?.toISOString() ?? null,
    declineReason: o.declineReason,
    answerDueAt: o.answerDueAt?.toISOString() ?? null,
    answerDueProvisional: o.answerDueProvisional,
    open: OPEN_STATUSES.includes(o.status),
    overdue: isObjectionOverdue(o, now),
    answer: o.answer,
    answeredAt: o.answeredAt?.toISOString() ?? null,
    version: o.version,
  };
}

export function isObjectionOverdue(o: Pick<ObjectionRow, 'status' | 'answerDueAt'>, now: Date): boolean {
  // answerDueAt is the exclusive end of the period (24:00): at that instant the answer is late.
  return OPEN_STATUSES.includes(o.status) && o.answerDueAt !== null && now.getTime() >= o.answerDueAt.getTime();
}

/** States in which nothing can be objected to any more. A SUSPENDED project still accepts filings. */
const CLOSED_STATUSES = ['TERMINATED', 'FAILED', 'ARCHIVED'];

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

async function documentsWindow(tx: Tx, p: ProjectRow, orgId: number | null, now: Date, table: HolidayTable): Promise<{ stage: ObjectionStage; window: ObjectionWindow | null }> {
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
    table,
  );
  return { stage, window };
}

/** When a procurement step ended (the start of "knowing" for a process challenge), or null if it has not. */
async function stepEndedAt(tx: Tx, p: ProjectRow, step: ProcessStep): Promise<Date | null> {
  if (step === 'opening') {
    const [o] = await tx.select({ closedAt: openings.closedAt }).from(openings).where(eq(openings.projectId, p.id));
    return o?.closedAt ?? null;
  }
  // The review ended when the procedure recorded its result (the audited transition, its server time).
  const [e] = await tx
    .select({ at: auditEvents.at })
    .from(auditEvents)
    .where(and(eq(auditEvents.chain, projectChain(p.id)), eq(auditEvents.action, 'project.prequalification_done')))
    .limit(1);
  return e?.at ?? null;
}

const noProcedure = () =>
  new AppError('INVALID_STATE', { zh: '该项目没有异议或质疑程序', en: 'This project has no objection or challenge procedure' }, { reason: 'NO_OBJECTION_PROCEDURE' });

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

/** The documents window a caller would file in now (the bidder's own first download counts). */
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
    const { stage, window } = await documentsWindow(tx, p, actor.role === 'bidder' ? actor.orgId : null, now, await loadHolidayTable(tx));
    if (!window) return null;
    return {
      stage,
      closesAt: window.closesAt.toISOString(),
      ruleRef: window.ruleRef,
      provisional: window.provisional,
      open: isPublic(p) && !CLOSED_STATUSES.includes(p.status) && now.getTime() < window.closesAt.getTime(),
      subjects: [...objectionSubjects(p.tradeType)],
    };
  });
}

function windowClosed(window: ObjectionWindow): AppError {
  return new AppError(
    'VALIDATION',
    {
      zh: `已超过提出期限（${formatBeijingDateTime(window.closesAt)}；${window.ruleRef}）`,
      en: `The window closed at ${formatBeijingDateTime(window.closesAt)} Beijing time (${window.ruleRef})`,
    },
    { reason: 'OBJECTION_WINDOW', closesAt: window.closesAt.toISOString(), ruleRef: window.ruleRef },
  );
}

/** The "answer due" sentence the filer and the owner side are told (issue 12 §7: the right limit). */
function dueSentence(tradeType: ProjectRow['tradeType'], due: Date, provisional: boolean, suspends: boolean): { zh: string; en: string } {
  const when = `${formatBeijingDateTime(due)}${provisional ? '（暂定：该年度放假安排尚未公布）' : ''}`;
  const whenEn = `${formatBeijingDateTime(due)} Beijing time${provisional ? ' (provisional: that year’s holidays are not yet published)' : ''}`;
  if (tradeType === 'procurement') {
    return {
      zh: `采购人应在收到质疑后7个工作日内答复，即 ${when} 之前（政府采购法第五十三条）；质疑不暂停采购活动。`,
      en: `The purchaser answers within 7 working days of receipt, i.e. before ${whenEn} (Government Procurement Law Art. 53); a challenge does not suspend the procurement.`,
    };
  }
  return {
    zh: `招标人应自收到异议之日起3日内答复，即 ${when} 之前${suspends ? '；答复前暂停招标投标活动' : ''}（招标投标法实施条例第二十二条）。`,
    en: `The tenderee answers within 3 days of receipt, i.e. before ${whenEn}${suspends ? '; the procedure is suspended until then' : ''} (Regulation on the Tendering Law Art. 22).`,
  };
}

/**
 * A bidder company files an objection (engineering, against the documents) or a challenge (GP, against
 * the documents, a step of the process or the result), judged by the instant its request arrived (T1).
 */
export async function fileObjection(
  deps: Pick<Deps, 'db' | 'clock' | 'config'>,
  ctx: RequestContext,
  input: { projectId: number; title: string; body: string; subject?: ObjectionSubject; step?: ProcessStep | null },
): Promise<ObjectionView> {
  const actor = requireRole(ctx, 'bidder');
  const receivedAt = arrivalOf(ctx, deps);
  const subject: ObjectionSubject = input.subject ?? 'documents';
  return deps.db.transaction(async (tx) => {
    const [org] = await tx.select().from(organizations).where(eq(organizations.id, actor.orgId));
    if (!org || org.kind !== 'bidder' || org.status !== 'active') {
      throw new AppError('FORBIDDEN', { zh: '只有已审核的投标单位可以提出异议', en: 'Only an approved bidder company can file an objection' }, { reason: 'ORG_NOT_ACTIVE' });
    }
    // Lock the project: a filing that suspends must not race an answer that resumes.
    const [p] = await tx.select().from(projects).where(eq(projects.id, input.projectId)).for('update');
    if (!p || !isPublic(p)) throw new AppError('NOT_FOUND');
    if (CLOSED_STATUSES.includes(p.status)) {
      throw new AppError('INVALID_STATE', { zh: '项目当前状态不接受异议', en: 'The project does not accept objections in its current state' }, { status: p.status });
    }
    if (!objectionSubjects(p.tradeType).includes(subject)) {
      if (objectionSubjects(p.tradeType).length === 0) throw noProcedure();
      throw new AppError('VALIDATION', { zh: '该交易类型不能对此事项提出异议', en: 'This trade type has no objection against that' }, { field: 'subject', allowed: objectionSubjects(p.tradeType) });
    }
    const table = await loadHolidayTable(tx);
    let stage = stageAt(p, receivedAt);
    let window: ObjectionWindow | null;
    let step: ProcessStep | null = null;
    if (subject === 'documents') {
      ({ stage, window } = await documentsWindow(tx, p, actor.orgId, receivedAt, table));
      if (!window) throw noProcedure();
    } else if (subject === 'process') {
      step = input.step ?? null;
      if (!step || !(PROCESS_STEPS as readonly string[]).includes(step)) {
        throw new AppError('VALIDATION', { zh: '请选择被质疑的采购环节', en: 'Name the step of the procurement challenged' }, { field: 'step', allowed: PROCESS_STEPS });
      }
      const ended = await stepEndedAt(tx, p, step);
      if (!ended) {
        throw new AppError(
          'INVALID_STATE',
          { zh: `「${STEP_LABELS[step].zh}」环节尚未结束，质疑期限自该环节结束之日起算`, en: `The ${STEP_LABELS[step].en} step has not ended; the challenge period runs from its end` },
          { reason: 'STEP_NOT_ENDED', step },
        );
      }
      window = challengeWindow(ended, table);
    } else {
      // CGT §53: a challenge to the result runs from the end of the result announcement period.
      throw new AppError(
        'INVALID_STATE',
        { zh: '中标（成交）结果尚未公告，对结果的质疑期限自结果公告期限届满之日起算', en: 'The result has not been announced; a challenge to the result runs from the end of its announcement period' },
        { reason: 'RESULT_NOT_ANNOUNCED' },
      );
    }
    if (receivedAt.getTime() >= window.closesAt.getTime()) throw windowClosed(window);

    const due = objectionAnswerDue(p.tradeType, receivedAt, table);
    const suspends = objectionSuspends(p.tradeType, subject) && allowedEvents({ ...(p.statusDetail as Omit<ProcedureState, 'status'>), status: p.status as ProcedureStatus }, flagsOf(p)).includes('suspend');
    const alreadySuspended = p.status === 'SUSPENDED';
    const [o] = await tx
      .insert(objections)
      .values({
        projectId: p.id,
        stage,
        subject,
        step,
        suspends: objectionSuspends(p.tradeType, subject) && (suspends || alreadySuspended),
        filerOrgId: actor.orgId,
        filerUserId: actor.userId,
        title: input.title,
        body: input.body,
        filedAt: receivedAt,
        answerDueAt: due.at,
        answerDueProvisional: due.provisional,
      })
      .returning();
    // ZTBT §22: suspended from receipt. A second ground is not stacked: an already suspended project stays
    // so, and resumes when every suspending objection is answered.
    if (suspends && !alreadySuspended) await applyProjectEvent(tx, deps, ctx, p, { type: 'suspend', reason: 'objection' });
    await enqueueJob(tx, deps.clock, { kind: OBJECTION_DUE_SOON_JOB, payload: { objectionId: o!.id }, runAt: due.warnAt, dedupeKey: `${OBJECTION_DUE_SOON_JOB}:${o!.id}:${due.warnAt.getTime()}` });
    await enqueueJob(tx, deps.clock, { kind: OBJECTION_OVERDUE_JOB, payload: { objectionId: o!.id }, runAt: due.at, dedupeKey: `${OBJECTION_OVERDUE_JOB}:${o!.id}:${due.at.getTime()}` });
    await audit(tx, deps, ctx, {
      chain: projectChain(p.id),
      action: 'objection.file',
      subject: { type: 'objection', id: o!.id },
      payload: {
        stage,
        subject,
        step,
        title: input.title,
        receivedAt: receivedAt.toISOString(),
        closesAt: window.closesAt.toISOString(),
        ruleRef: window.ruleRef,
        answerDueAt: due.at.toISOString(),
        answerDueProvisional: due.provisional,
        suspended: suspends && !alreadySuspended,
      },
    });
    const sentence = dueSentence(p.tradeType, due.at, due.provisional, o!.suspends);
    const noun = p.tradeType === 'procurement' ? { zh: '质疑', en: 'challenge' } : { zh: '异议', en: 'objection' };
    await notify(tx, deps, {
      userIds: await ownerSideUserIds(tx, p),
      kind: 'objection.filed',
      title: { zh: `收到${noun.zh}`, en: `A ${noun.en} was filed` },
      body: { zh: `${p.name}（${p.unifiedDealCode}）收到${noun.zh}：${input.title}。${sentence.zh}`, en: `${p.name} (${p.unifiedDealCode}) received a ${noun.en}: ${input.title}. ${sentence.en}` },
      link: link(p.id),
    });
    await notify(tx, deps, {
      userIds: [actor.userId],
      kind: 'objection.received',
      title: { zh: `${noun.zh}已收到`, en: `Your ${noun.en} was received` },
      body: {
        zh: `您对${p.name}（${p.unifiedDealCode}）提出的${noun.zh}「${input.title}」已于 ${formatBeijingDateTime(receivedAt)} 收到。${sentence.zh}`,
        en: `Your ${noun.en} "${input.title}" on ${p.name} (${p.unifiedDealCode}) was received at ${formatBeijingDateTime(receivedAt)} Beijing time. ${sentence.en}`,
      },
      link: link(p.id),
    });
    return toView(o!, receivedAt, org.name, true);
  });
}

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
  const detail = p.statusDetail as Omit<ProcedureState, 'status'>;
  const resume = (open?.n ?? 0) === 0 && p.status === 'SUSPENDED' && detail.suspension?.reason === 'objection';
  if (resume) await applyProjectEvent(tx, deps, ctx, p, { type: 'resume' });
  return resume;
}

/**
 * The owner side acknowledges an objection (受理). It changes no clock: the procedure was suspended and
 * the answer fell due from receipt.
 */
export async function acceptObjection(
  deps: Pick<Deps, 'db' | 'clock' | 'config'>,
  ctx: RequestContext,
  input: { objectionId: number },
): Promise<ObjectionView> {
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
      link: link(p.id),
    });
    return toView(u, at, await orgName(tx, o.filerOrgId), actor.orgId === o.filerOrgId);
  });
}

/** The owner side refuses an objection (不予受理), with the reason: a refusal is an answer (issue 12 §7). */
export async function declineObjection(
  deps: Pick<Deps, 'db' | 'clock' | 'config'>,
  ctx: RequestContext,
  input: { objectionId: number; reason: string },
): Promise<ObjectionView> {
  const actor = requireActor(ctx);
  const at = arrivalOf(ctx, deps);
  return deps.db.transaction(async (tx) => {
    const { o, p } = await ownerSideObjection(tx, deps, actor, input.objectionId);
    assertStatus(o, 'filed');
    const u = await updateObjection(tx, o, { status: 'declined', decidedAt: at, decidedBy: actor.userId, declineReason: input.reason, answeredAt: at, answeredBy: actor.userId });
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
      link: link(p.id),
    });
    return toView(u, at, await orgName(tx, o.filerOrgId), actor.orgId === o.filerOrgId);
  });
}

/** The owner side answers an open objection: published, pushed, and the project resumes when none is left open. */
export async function answerObjection(
  deps: Pick<Deps, 'db' | 'clock' | 'config'>,
  ctx: RequestContext,
  input: { objectionId: number; answer: string },
): Promise<ObjectionView> {
  const actor = requireActor(ctx);
  const at = arrivalOf(ctx, deps);
  return deps.db.transaction(async (tx) => {
    const { o, p } = await ownerSideObjection(tx, deps, actor, input.objectionId);
    assertStatus(o, 'filed', 'accepted');
    const u = await updateObjection(tx, o, { status: 'answered', answer: input.answer, answeredAt: at, answeredBy: actor.userId, decidedAt: o.decidedAt ?? at, decidedBy: o.decidedBy ?? actor.userId });
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
      link: link(p.id),
    });
    return toView(u, at, await orgName(tx, o.filerOrgId), actor.orgId === o.filerOrgId);
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
          party ? undefined : or(inArray(objections.status, ['answered', 'declined']), actor.role === 'bidder' ? eq(objections.filerOrgId, actor.orgId) : undefined),
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
    const supervisors = await tx.select({ id: users.id }).from(users).where(and(eq(users.role, 'supervisor'), eq(users.active, true)));
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
      link: link(p.id),
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

export interface DueDateChange {
  kind: 'objection_answer' | 'deposit_refund';
  id: number;
  projectId: number;
  from: string;
  to: string;
  provisional: boolean;
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
    await enqueueJob(tx, deps.clock, { kind: OBJECTION_DUE_SOON_JOB, payload: { objectionId: o.id }, runAt: due.warnAt, dedupeKey: `${OBJECTION_DUE_SOON_JOB}:${o.id}:${due.warnAt.getTime()}` });
    await enqueueJob(tx, deps.clock, { kind: OBJECTION_OVERDUE_JOB, payload: { objectionId: o.id }, runAt: due.at, dedupeKey: `${OBJECTION_OVERDUE_JOB}:${o.id}:${due.at.getTime()}` });
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
        link: link(p.id),
      });
    }
  }
  return changes;
}
