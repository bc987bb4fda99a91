/**
 * Clarifications and amendments (澄清/修改; issue 5 §2; domain N5, N6, S1). The owner side drafts one on a
 * public project (optionally attaching new document versions to it), previews whether publishing now
 * moves the deadline, and publishes: numbered per project, rendered to a sealed PDF, added to the public
 * change feed and pushed to every user who downloaded a document and every user of a registered company.
 * A clarification that affects bid preparation and comes too late moves the deadline automatically (N5),
 * or — when the owner asks for a deadline earlier than the law allows — cannot be published.
 */
import { and, desc, eq, inArray, lt, max, ne, sql } from 'drizzle-orm';
import { clarifications, organizations, projects, registrations, users, type Tx } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import { AppError, formatBeijingDateTime, planClarification, SCHEDULE_FIELD_LABELS, SCHEDULE_FIELDS, type ClarificationStage, type ProcedureMethod, type ScheduleField } from '@ebid/domain';
import { renderDocument, sealPdf, type PdfDocumentSpec } from '@ebid/pdf';
import type { Actor } from '../auth/session.ts';
import { arrivalOf, audit, requireActor, requireRole, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { documentIssuer, type CenterIdentity } from '../identity/center.ts';
import { notify } from '../notifications/notify.ts';
import { loadHolidayTable } from '../projects/holidays.ts';
import { assertOwnerSide, isPartyOrCenter, isPublic, loadProject, recordPublicChange } from '../projects/index.ts';
import { requestCheckpoint } from '../audit/checkpoints.ts';
import { clarificationDocuments, downloaderUserIds, supersedeByClarification } from './documents.ts';

type ClarRow = typeof clarifications.$inferSelect;
type ProjectRow = typeof projects.$inferSelect;

export interface ClarificationView {
  id: number;
  projectId: number;
  /** 1, 2, … in publishing order; null while a draft. */
  seq: number | null;
  title: string;
  body: string;
  affectsPreparation: boolean;
  status: 'draft' | 'published';
  deadlineField: string | null;
  previousDeadline: string | null;
  /** Set when publishing moved the deadline (N5). */
  newDeadline: string | null;
  /** The moved deadline was computed on a provisional calendar (暂定). */
  newDeadlineProvisional: boolean;
  pdfSha256: string | null;
  publishedAt: string | null;
  version: number;
  createdAt: string;
  documents: { id: number; name: string; version: number; sha256: string; size: number }[];
}

export interface ClarificationPreview {
  deadlineField: ScheduleField;
  currentDeadline: string;
  earliestLegal: string | null;
  moveTo: string | null;
  /** Computed on a provisional calendar (a year not yet published). */
  provisional: boolean;
}

function view(c: ClarRow, docs: ClarificationView['documents']): ClarificationView {
  return {
    id: c.id,
    projectId: c.projectId,
    seq: c.seq > 0 ? c.seq : null,
    title: c.title,
    body: c.body,
    affectsPreparation: c.affectsPreparation,
    status: c.status,
    deadlineField: c.deadlineField,
    previousDeadline: c.previousDeadline?.toISOString() ?? null,
    newDeadline: c.newDeadline?.toISOString() ?? null,
    newDeadlineProvisional: c.newDeadlineProvisional,
    pdfSha256: c.pdfSha256,
    publishedAt: c.publishedAt?.toISOString() ?? null,
    version: c.version,
    createdAt: c.createdAt.toISOString(),
    documents: docs,
  };
}

async function viewsOf(tx: Tx, rows: ClarRow[]): Promise<ClarificationView[]> {
  const docs = await clarificationDocuments(
    tx,
    rows.map((r) => r.id),
  );
  return rows.map((c) =>
    view(
      c,
      docs.filter((d) => d.clarificationId === c.id).map((d) => ({ id: d.id, name: d.name, version: d.version, sha256: d.sha256, size: d.size })),
    ),
  );
}

/** The deadline a clarification is judged against now (prequalification application, else bid/response). */
export function clarificationDeadline(p: Pick<ProjectRow, 'prequalification' | 'schedule'>, now: Date): { field: ScheduleField; stage: ClarificationStage; deadline: Date } | null {
  const s = p.schedule as Partial<Record<ScheduleField, string>>;
  if (p.prequalification && s.prequalApplicationDeadline && now.getTime() <= new Date(s.prequalApplicationDeadline).getTime()) {
    return { field: 'prequalApplicationDeadline', stage: 'prequalification', deadline: new Date(s.prequalApplicationDeadline) };
  }
  for (const field of ['bidDeadline', 'listingEnd', 'disclosureEnd'] as const) {
    if (s[field]) return { field, stage: 'tender', deadline: new Date(s[field]) };
  }
  return null;
}

/** Refuses unless the project accepts clarifications now: public, running, its deadline not passed. */
function assertOpenForClarification(p: ProjectRow, now: Date): { field: ScheduleField; stage: ClarificationStage; deadline: Date } {
  if (!isPublic(p)) {
    throw new AppError('INVALID_STATE', { zh: '公告发布前直接修改招标文件即可，无需澄清', en: 'Before the notice is published, edit the documents directly; no clarification is needed' }, { reason: 'NOT_PUBLIC', status: p.status });
  }
  if (['SUSPENDED', 'TERMINATED', 'FAILED', 'ARCHIVED'].includes(p.status)) {
    throw new AppError('INVALID_STATE', { zh: '项目已暂停、终止或流标，不能发布澄清', en: 'The project is suspended, terminated or failed; no clarification can be published' }, { status: p.status });
  }
  const d = clarificationDeadline(p, now);
  if (!d) throw new AppError('INVALID_STATE', { zh: '项目没有截止时间', en: 'The project has no deadline' }, { reason: 'NO_DEADLINE' });
  if (now.getTime() > d.deadline.getTime()) {
    throw new AppError('INVALID_STATE', { zh: `${SCHEDULE_FIELD_LABELS[d.field].zh}已过，不能再发布澄清`, en: `The ${SCHEDULE_FIELD_LABELS[d.field].en} has passed; no clarification can be published` }, { reason: 'DEADLINE_PASSED', field: d.field });
  }
  return d;
}

async function ownerClarification(tx: Tx, deps: Pick<Deps, 'clock'>, actor: Actor, clarificationId: number): Promise<{ c: ClarRow; p: ProjectRow }> {
  const [c] = await tx.select().from(clarifications).where(eq(clarifications.id, clarificationId));
  if (!c) throw new AppError('NOT_FOUND');
  const p = await loadProject(tx, c.projectId);
  await assertOwnerSide(tx, deps, actor, p);
  return { c, p };
}

function assertDraft(c: ClarRow): void {
  if (c.status !== 'draft') throw new AppError('INVALID_STATE', { zh: '澄清已发布，不能修改', en: 'The clarification is published and cannot be changed' }, { status: c.status });
}

export async function draftClarification(
  deps: Pick<Deps, 'db' | 'clock'>,
  ctx: RequestContext,
  input: { projectId: number; title: string; body: string; affectsPreparation: boolean },
): Promise<ClarificationView> {
  const actor = requireRole(ctx, 'tenderee', 'agent');
  return deps.db.transaction(async (tx) => {
    const [p] = await tx.select().from(projects).where(eq(projects.id, input.projectId)).for('update');
    if (!p) throw new AppError('NOT_FOUND');
    await assertOwnerSide(tx, deps, actor, p);
    assertOpenForClarification(p, deps.clock.now());
    // Drafts carry negative placeholder numbers (-1, -2, …); publishing assigns 1, 2, … in order.
    const [m] = await tx.select({ min: sql<number | null>`min(${clarifications.seq})` }).from(clarifications).where(and(eq(clarifications.projectId, p.id), lt(clarifications.seq, 0)));
    const seq = Math.min(0, Number(m?.min ?? 0)) - 1;
    const [c] = await tx
      .insert(clarifications)
      .values({ projectId: p.id, seq, title: input.title, body: input.body, affectsPreparation: input.affectsPreparation, createdBy: actor.userId })
      .returning();
    await audit(tx, deps, ctx, { chain: projectChain(p.id), action: 'clarification.draft', subject: { type: 'clarification', id: c!.id }, payload: { title: input.title, affectsPreparation: input.affectsPreparation } });
    return view(c!, []);
  });
}

export async function updateClarification(
  deps: Pick<Deps, 'db' | 'clock'>,
  ctx: RequestContext,
  input: { clarificationId: number; title: string; body: string; affectsPreparation: boolean; expectedVersion: number },
): Promise<ClarificationView> {
  const actor = requireRole(ctx, 'tenderee', 'agent');
  return deps.db.transaction(async (tx) => {
    const { c } = await ownerClarification(tx, deps, actor, input.clarificationId);
    assertDraft(c);
    const [u] = await tx
      .update(clarifications)
      .set({ title: input.title, body: input.body, affectsPreparation: input.affectsPreparation, version: c.version + 1 })
      .where(and(eq(clarifications.id, c.id), eq(clarifications.status, 'draft'), eq(clarifications.version, input.expectedVersion)))
      .returning();
    if (!u) throw new AppError('CONFLICT');
    await audit(tx, deps, ctx, { chain: projectChain(c.projectId), action: 'clarification.update', subject: { type: 'clarification', id: c.id }, payload: { title: input.title, affectsPreparation: input.affectsPreparation } });
    return (await viewsOf(tx, [u]))[0]!;
  });
}

interface Plan {
  field: ScheduleField;
  deadline: Date;
  earliest: Date | null;
  moveTo: Date | null;
  /** Computed on a provisional calendar (a year not yet published): the moved deadline is 暂定. */
  provisional: boolean;
}

async function planFor(tx: Tx, deps: Pick<Deps, 'config'>, p: ProjectRow, c: ClarRow, now: Date, requested: Date | null): Promise<Plan> {
  const d = assertOpenForClarification(p, now);
  const table = await loadHolidayTable(tx);
  const r = planClarification(
    {
      tradeType: p.tradeType,
      method: p.method as ProcedureMethod,
      stage: d.stage,
      publishAt: now,
      deadline: d.deadline,
      affectsPreparation: c.affectsPreparation,
      requestedDeadline: requested,
      acceleration: deps.config.testing.acceleration,
    },
    table,
  );
  if (!r.ok) {
    throw new AppError(
      'VALIDATION',
      {
        zh: `请求的${SCHEDULE_FIELD_LABELS[d.field].zh}早于法定最早时间 ${formatBeijingDateTime(r.earliest)}（影响投标文件编制的澄清须留足法定期限）`,
        en: `The requested ${SCHEDULE_FIELD_LABELS[d.field].en} is before the earliest lawful time ${formatBeijingDateTime(r.earliest)} Beijing time (N5)`,
      },
      { field: 'requestedDeadline', reason: 'N5_TOO_EARLY', earliest: r.earliest.toISOString() },
    );
  }
  return { field: d.field, deadline: d.deadline, earliest: r.earliest, moveTo: r.moveTo, provisional: r.provisional };
}

/** What publishing now would do to the deadline. */
export async function previewClarification(deps: Pick<Deps, 'db' | 'clock' | 'config'>, ctx: RequestContext, input: { clarificationId: number }): Promise<ClarificationPreview> {
  const actor = requireRole(ctx, 'tenderee', 'agent');
  return deps.db.transaction(async (tx) => {
    const { c, p } = await ownerClarification(tx, deps, actor, input.clarificationId);
    assertDraft(c);
    const plan = await planFor(tx, deps, p, c, arrivalOf(ctx, deps), null);
    return {
      deadlineField: plan.field,
      currentDeadline: plan.deadline.toISOString(),
      earliestLegal: plan.earliest?.toISOString() ?? null,
      moveTo: plan.moveTo?.toISOString() ?? null,
      provisional: plan.provisional,
    };
  });
}

/**
 * The schedule after moving `field` to `moveTo`: every later field that would now come before it (the
 * opening time, the review end, the bid deadline after a prequalification deadline) moves by the same delta.
 */
export function movedSchedule(schedule: Partial<Record<ScheduleField, string>>, field: ScheduleField, moveTo: Date): Partial<Record<ScheduleField, string>> {
  const old = new Date(schedule[field]!).getTime();
  const delta = moveTo.getTime() - old;
  const out: Partial<Record<ScheduleField, string>> = { ...schedule, [field]: moveTo.toISOString() };
  for (const f of SCHEDULE_FIELDS) {
    const v = schedule[f];
    if (f === field || v === undefined) continue;
    const t = new Date(v).getTime();
    if (t >= old && t < moveTo.getTime()) out[f] = new Date(t + delta).toISOString();
  }
  return out;
}

const STAGE_ZH: Record<string, string> = { prequalApplicationDeadline: '资格预审申请文件提交截止时间', bidDeadline: '投标截止时间', listingEnd: '挂牌截止时间', disclosureEnd: '信息披露截止时间' };

function clarificationSpec(
  c: ClarRow,
  p: ProjectRow,
  tendereeName: string,
  seq: number,
  publishedAt: Date,
  plan: Plan,
  docs: { name: string; version: number; sha256: string; size: number }[],
  center: CenterIdentity,
): PdfDocumentSpec {
  const label = STAGE_ZH[plan.field] ?? SCHEDULE_FIELD_LABELS[plan.field].zh;
  const deadlineText = plan.moveTo
    ? `${label}由 ${formatBeijingDateTime(plan.deadline)} 顺延至 ${formatBeijingDateTime(plan.moveTo)}（北京时间）${plan.provisional ? '※' : ''}`
    : `${label}不变：${formatBeijingDateTime(plan.deadline)}（北京时间）`;
  return {
    documentId: `${p.unifiedDealCode}-C${seq}`,
    title: c.title,
    subtitle: `澄清/修改（第${seq}号）`,
    metadata: { title: c.title, subject: '澄清/修改', author: center.centerName, keywords: [p.unifiedDealCode], creationDate: publishedAt },
    footerText: center.platformName,
    issuer: documentIssuer(center),
    blocks: [
      {
        kind: 'keyValue',
        title: '项目概况',
        columns: 2,
        items: [
          { label: '统一交易标识码', value: p.unifiedDealCode, span: 2 },
          { label: '项目名称', value: p.name, span: 2 },
          { label: '招标人', value: tendereeName, span: 2 },
          { label: '澄清编号', value: `第${seq}号` },
          { label: '影响投标文件编制', value: c.affectsPreparation ? '是' : '否' },
          { label: '截止时间', value: deadlineText, span: 2 },
        ],
      },
      { kind: 'heading', text: '澄清/修改内容', level: 2 },
      ...c.body
        .split(/\n{2,}/)
        .map((para) => para.trim())
        .filter(Boolean)
        .map((para) => ({ kind: 'paragraph' as const, text: para, indent: true })),
      ...(docs.length
        ? [
            {
              kind: 'table' as const,
              title: '随本澄清发布的文件',
              columns: [{ header: '文件名', width: 4 }, { header: '版本', width: 1 }, { header: 'SHA-256', width: 6 }],
              rows: docs.map((d) => [d.name, `V${d.version}`, d.sha256]),
            },
          ]
        : []),
      ...(plan.moveTo && plan.provisional
        ? [
            {
              kind: 'paragraph' as const,
              text: `※ 顺延后的截止时间按暂定节假日安排计算：该年度国务院放假安排尚未在平台公布，平台按法定节假日及调休可能影响的日期取最长期限；正式安排公布后如有变化，将另行通知（《民法典》第二百零三条）。`,
              style: 'small' as const,
            },
          ]
        : []),
      { kind: 'paragraph', text: `发布时间：${formatBeijingDateTime(publishedAt)}（北京时间）。本澄清经${center.platformName}电子签章，是招标文件的组成部分，内容以平台发布的版本为准。`, style: 'small' },
    ],
  };
}

export async function publishClarification(
  deps: Pick<Deps, 'db' | 'clock' | 'pki' | 'storage' | 'config'>,
  ctx: RequestContext,
  input: { clarificationId: number; requestedDeadline?: string | null },
): Promise<ClarificationView> {
  const actor = requireRole(ctx, 'tenderee', 'agent');
  let requested: Date | null = null;
  if (input.requestedDeadline) {
    requested = new Date(input.requestedDeadline);
    if (Number.isNaN(requested.getTime())) throw new AppError('VALIDATION', { zh: '时间格式错误', en: 'Invalid time' }, { field: 'requestedDeadline' });
  }
  // T1: judged at the server time the request arrived (and published as of it, issue 12 §6). Plan and
  // render outside any long transaction; the transaction below re-checks versions, so a concurrent change
  // fails instead of publishing stale content.
  const publishedAt = arrivalOf(ctx, deps);
  const pre = await deps.db.transaction(async (tx) => {
    const { c, p } = await ownerClarification(tx, deps, actor, input.clarificationId);
    assertDraft(c);
    const plan = await planFor(tx, deps, p, c, publishedAt, requested);
    const [org] = await tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, p.tendereeOrgId));
    const [m] = await tx.select({ max: max(clarifications.seq) }).from(clarifications).where(eq(clarifications.projectId, p.id));
    const docs = await clarificationDocuments(tx, [c.id]);
    if (docs.length > 0 && !c.affectsPreparation) {
      // S1: a change of the documents after publication is an amendment subject to N5.
      throw new AppError(
        'VALIDATION',
        {
          zh: '附带新增或修改文件的澄清属于对招标文件的修改，影响投标文件编制，请勾选“影响投标文件编制”后再发布',
          en: 'A clarification that carries new or changed documents amends the tender documents and affects bid preparation (S1, N5); mark it so before publishing',
        },
        { field: 'affectsPreparation', reason: 'DOCUMENTS_AFFECT_PREPARATION' },
      );
    }
    return { c, p, plan, tendereeName: org?.name ?? '', seq: Math.max(0, Number(m?.max ?? 0)) + 1, docs };
  });
  const { c, p, plan } = pre;
  const pdf = await sealPdf(await renderDocument(clarificationSpec(c, p, pre.tendereeName, pre.seq, publishedAt, plan, pre.docs, deps.config.center)), deps.pki.platform, {
    reason: '澄清/修改 平台签章',
    location: deps.config.center.centerName,
    signingTime: publishedAt,
  });
  const stored = await deps.storage.put(pdf, { contentType: 'application/pdf' });
  return deps.db.transaction(async (tx) => {
    const [fresh] = await tx.select().from(projects).where(eq(projects.id, p.id)).for('update');
    if (!fresh || fresh.version !== p.version || fresh.status !== p.status) throw new AppError('CONFLICT');
    const [m] = await tx.select({ max: max(clarifications.seq) }).from(clarifications).where(eq(clarifications.projectId, p.id));
    const seq = Math.max(0, Number(m?.max ?? 0)) + 1;
    if (seq !== pre.seq) throw new AppError('CONFLICT'); // another clarification was published meanwhile (the PDF carries the number)
    const [u] = await tx
      .update(clarifications)
      .set({
        status: 'published',
        seq,
        deadlineField: plan.field,
        previousDeadline: plan.moveTo ? plan.deadline : null,
        newDeadline: plan.moveTo,
        newDeadlineProvisional: plan.moveTo !== null && plan.provisional,
        pdfSha256: stored.sha256,
        publishedAt,
        publishedBy: actor.userId,
      })
      .where(and(eq(clarifications.id, c.id), eq(clarifications.status, 'draft'), eq(clarifications.version, c.version)))
      .returning();
    if (!u) throw new AppError('CONFLICT');
    let schedule: Partial<Record<ScheduleField, string>> | null = null;
    if (plan.moveTo) {
      schedule = movedSchedule(fresh.schedule as Partial<Record<ScheduleField, string>>, plan.field, plan.moveTo);
      const [moved] = await tx
        .update(projects)
        .set({ schedule, version: fresh.version + 1, updatedAt: publishedAt })
        .where(and(eq(projects.id, p.id), eq(projects.version, fresh.version)))
        .returning({ id: projects.id });
      if (!moved) throw new AppError('CONFLICT');
    }
    await supersedeByClarification(tx, c.id, publishedAt);
    await recordPublicChange(tx, deps, 'clarification', c.id, 'published');
    await requestCheckpoint(tx, deps, { reason: 'clarification.publish', projectId: p.id }); // issue 13 §6
    if (plan.moveTo) await recordPublicChange(tx, deps, 'project', p.id, 'deadline_moved');
    // N6: pushed to every downloader and every user of a registered company. The recipients are never
    // written to the audit trail or returned (their identities and number stay secret until the deadline).
    const downloaders = await downloaderUserIds(tx, p.id);
    const regOrgs = await tx.selectDistinct({ orgId: registrations.bidderOrgId }).from(registrations).where(and(eq(registrations.projectId, p.id), ne(registrations.status, 'withdrawn')));
    const regUsers = regOrgs.length ? await tx.select({ id: users.id }).from(users).where(inArray(users.orgId, regOrgs.map((r) => r.orgId))) : [];
    const recipients = [...new Set([...downloaders, ...regUsers.map((r) => r.id)])];
    const label = SCHEDULE_FIELD_LABELS[plan.field];
    await notify(tx, deps, {
      userIds: recipients,
      kind: 'clarification.published',
      title: { zh: `澄清/修改（第${seq}号）：${p.name}`, en: `Clarification No. ${seq}: ${p.name}` },
      body: plan.moveTo
        ? {
            zh: `${c.title}。${label.zh}已顺延至 ${formatBeijingDateTime(plan.moveTo)}（北京时间，原 ${formatBeijingDateTime(plan.deadline)}）。`,
            en: `${c.title}. The ${label.en} has been moved to ${formatBeijingDateTime(plan.moveTo)} Beijing time (was ${formatBeijingDateTime(plan.deadline)}).`,
          }
        : { zh: `${c.title}。请查阅澄清内容。`, en: `${c.title}. Please read the clarification.` },
      link: `/projects/${p.id}`,
    });
    await audit(tx, deps, ctx, {
      chain: projectChain(p.id),
      action: 'clarification.publish',
      subject: { type: 'clarification', id: c.id },
      payload: {
        seq,
        deadlineField: plan.field,
        previousDeadline: plan.deadline.toISOString(),
        newDeadline: plan.moveTo?.toISOString() ?? null,
        provisional: plan.provisional,
        earliestLegal: plan.earliest?.toISOString() ?? null,
        requestedDeadline: requested?.toISOString() ?? null,
        schedule,
        pdfSha256: stored.sha256,
      },
      objectHashes: [stored.sha256],
    });
    return (await viewsOf(tx, [u]))[0]!;
  });
}

/** Published clarifications for any signed-in user of a public project; drafts too for the owner side and center. Newest first. */
export async function listClarifications(deps: Pick<Deps, 'db'>, ctx: RequestContext, input: { projectId: number }): Promise<ClarificationView[]> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const p = await loadProject(tx, input.projectId);
    const party = isPartyOrCenter(actor, p);
    if (!party && !isPublic(p)) throw new AppError('NOT_FOUND');
    const rows = await tx
      .select()
      .from(clarifications)
      .where(and(eq(clarifications.projectId, p.id), party ? undefined : eq(clarifications.status, 'published')))
      .orderBy(desc(clarifications.publishedAt), desc(clarifications.id));
    // drafts (publishedAt null) first for the owner side: postgres sorts nulls first in descending order
    return viewsOf(tx, rows);
  });
}

/** The sealed PDF of a published clarification, for anyone who may see it. */
export async function clarificationPdf(deps: Pick<Deps, 'db' | 'storage'>, ctx: RequestContext, input: { clarificationId: number }): Promise<{ stream: NodeJS.ReadableStream; size: number; fileName: string }> {
  const actor = requireActor(ctx);
  const { c, p } = await deps.db.transaction(async (tx) => {
    const [c] = await tx.select().from(clarifications).where(eq(clarifications.id, input.clarificationId));
    if (!c || c.status !== 'published' || !c.pdfSha256) throw new AppError('NOT_FOUND');
    const p = await loadProject(tx, c.projectId);
    if (!isPartyOrCenter(actor, p) && !isPublic(p)) throw new AppError('NOT_FOUND');
    return { c, p };
  });
  const info = await deps.storage.stat(c.pdfSha256!);
  if (!info) throw new AppError('NOT_FOUND');
  return { stream: await deps.storage.get(c.pdfSha256!), size: info.size, fileName: `澄清-${p.unifiedDealCode}-${c.seq}.pdf` };
}
