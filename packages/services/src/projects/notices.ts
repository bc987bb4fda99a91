/**
 * Notices (issue 4 §3, §4): drafted by the owner side, reviewed and published by center staff. Publishing
 * renders the notice to a Chinese PDF (embedded CJK font subset), seals it with the platform signature
 * (pdfsig-valid), stores it by hash, records the content hash per publication venue (N9), moves the
 * project to PUBLISHED and appends to the public change feed. A published notice is never edited.
 */
import crypto from 'node:crypto';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { noticePublications, notices, organizations, projects, publicChanges, sections, users, type Tx } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import {
  AppError,
  checkSchedule,
  documentsMissing,
  formatBeijingDateTime,
  isAppError,
  requiredDocumentKind,
  scheduleAsPublished,
  type ProcedureMethod,
  type ProjectSubject,
  type Schedule,
  type ScheduleField,
} from '@ebid/domain';
import { renderDocument, sealPdf, type PdfDocumentSpec } from '@ebid/pdf';
import type { Actor } from '../auth/session.ts';
import { arrivalOf, audit, requireActor, requireRole, SYSTEM_CONTEXT, type RequestContext } from '../context.ts';
import { enqueueJob } from '../jobs/queue.ts';
import { requestCheckpoint } from '../audit/checkpoints.ts';
import { loadHolidayTable } from './holidays.ts';
import type { Deps } from '../deps.ts';
import { documentIssuer, type CenterIdentity } from '../identity/center.ts';
import { hasMandate } from '../identity/mandates.ts';
import { notify } from '../notifications/notify.ts';
import { applyProjectEvent, assertPublishableProject, assertSubmittableSchedule, flagsOf } from './projects.ts';
import { currentDocumentIds } from '../tendering/documents/index.ts';
import { scheduleProjectTimers } from '../tendering/lifecycle/index.ts';

export type NoticeKind = (typeof notices.$inferSelect)['kind'];
export const PUBLICATION_VENUES = ['platform', 'provincial_service_platform'] as const;

export const NOTICE_KIND_LABELS: Record<NoticeKind, { zh: string; en: string }> = {
  tender: { zh: '招标公告', en: 'Tender notice' },
  prequalification: { zh: '资格预审公告', en: 'Prequalification notice' },
  amendment: { zh: '变更公告', en: 'Amendment notice' },
  land_sale: { zh: '出让公告', en: 'Land sale notice' },
  property_disclosure: { zh: '挂牌披露公告', en: 'Listing disclosure notice' },
  single_source: { zh: '单一来源公示', en: 'Single-source publicity' },
  termination: { zh: '终止公告', en: 'Termination notice' },
  failure: { zh: '流标公告', en: 'Failed tender notice' },
};

export interface NoticeView {
  id: number;
  projectId: number;
  kind: NoticeKind;
  title: string;
  body: string;
  status: 'draft' | 'pending_review' | 'scheduled' | 'published' | 'rejected';
  /** Approved before its 公告发布时间: published by a timer at this instant. */
  scheduledFor: string | null;
  amendsNoticeId: number | null;
  contentSha256: string | null;
  pdfSha256: string | null;
  publishedAt: string | null;
  reviewNote: string | null;
  version: number;
}

const view = (n: typeof notices.$inferSelect): NoticeView => ({
  id: n.id,
  projectId: n.projectId,
  kind: n.kind,
  title: n.title,
  body: n.body,
  status: n.status,
  amendsNoticeId: n.amendsNoticeId,
  contentSha256: n.contentSha256,
  pdfSha256: n.pdfSha256,
  publishedAt: n.publishedAt?.toISOString() ?? null,
  scheduledFor: n.scheduledFor?.toISOString() ?? null,
  reviewNote: n.reviewNote,
  version: n.version,
});

async function ownerSideProject(tx: Tx, deps: Pick<Deps, 'clock'>, actor: Actor, projectId: number) {
  const [p] = await tx.select().from(projects).where(eq(projects.id, projectId));
  if (!p) throw new AppError('NOT_FOUND');
  if (actor.role === 'tenderee' && actor.orgId === p.tendereeOrgId) return p;
  if (actor.role === 'agent' && actor.orgId === p.agentOrgId) {
    if (await hasMandate(tx, actor.orgId, p.tendereeOrgId, deps.clock.now())) return p;
    throw new AppError('FORBIDDEN', { zh: '代理机构没有该招标人的有效委托', en: 'The agent has no mandate in force from this tenderee' }, { reason: 'NO_MANDATE' });
  }
  throw new AppError('NOT_FOUND');
}

/** Append a public change in commit order (see publicChanges): serialize feed writers on one lock. */
export async function recordPublicChange(tx: Tx, deps: Pick<Deps, 'clock'>, entity: string, entityId: number, change: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(72817002)`);
  await tx.insert(publicChanges).values({ entity, entityId, change, at: deps.clock.now() });
}

export async function draftNotice(
  deps: Pick<Deps, 'db' | 'clock'>,
  ctx: RequestContext,
  input: { projectId: number; kind: NoticeKind; title: string; body: string },
): Promise<NoticeView> {
  const actor = requireRole(ctx, 'tenderee', 'agent');
  return deps.db.transaction(async (tx) => {
    const p = await ownerSideProject(tx, deps, actor, input.projectId);
    let amends: number | null = null;
    if (input.kind === 'amendment') {
      const [orig] = await tx
        .select()
        .from(notices)
        .where(and(eq(notices.projectId, p.id), eq(notices.status, 'published')))
        .orderBy(desc(notices.id))
        .limit(1);
      if (!orig) throw new AppError('INVALID_STATE', { zh: '没有可变更的已发布公告', en: 'There is no published notice to amend' });
      amends = orig.id;
    } else if (p.status !== 'DRAFT') {
      throw new AppError('INVALID_STATE', { zh: '项目已提交或发布，只能发布变更公告', en: 'The project is submitted or published; only an amendment notice may change it' });
    }
    const [n] = await tx
      .insert(notices)
      .values({ projectId: p.id, kind: input.kind, title: input.title, body: input.body, amendsNoticeId: amends, createdBy: actor.userId })
      .returning();
    await audit(tx, deps, ctx, { chain: projectChain(p.id), action: 'notice.draft', subject: { type: 'notice', id: n!.id }, payload: { kind: input.kind, title: input.title } });
    return view(n!);
  });
}

/** Edit a draft (or a rejected notice); a submitted or published notice cannot be edited. */
export async function updateNotice(
  deps: Pick<Deps, 'db' | 'clock'>,
  ctx: RequestContext,
  input: { noticeId: number; title: string; body: string; expectedVersion: number },
): Promise<NoticeView> {
  const actor = requireRole(ctx, 'tenderee', 'agent');
  return deps.db.transaction(async (tx) => {
    const [n] = await tx.select().from(notices).where(eq(notices.id, input.noticeId));
    if (!n) throw new AppError('NOT_FOUND');
    await ownerSideProject(tx, deps, actor, n.projectId);
    if (n.status === 'published' || n.status === 'pending_review') {
      throw new AppError('INVALID_STATE', { zh: '已提交或已发布的公告不能修改，请发布变更公告', en: 'A submitted or published notice cannot be edited; publish an amendment notice' }, { status: n.status });
    }
    const [u] = await tx
      .update(notices)
      .set({ title: input.title, body: input.body, version: n.version + 1, status: 'draft' })
      .where(and(eq(notices.id, n.id), eq(notices.version, input.expectedVersion), eq(notices.status, n.status)))
      .returning();
    if (!u) throw new AppError('CONFLICT');
    await audit(tx, deps, ctx, { chain: projectChain(n.projectId), action: 'notice.update', subject: { type: 'notice', id: n.id }, payload: { title: input.title } });
    return view(u);
  });
}

/**
 * Issue 16 §1 (no tender without documents): a notice that issues documents is refused (INVALID_STATE
 * DOCUMENTS_MISSING, naming the kind) while the project has no current document of that kind. Locks the
 * project row so a concurrent removal of the last document (removeDocument) is serialized with it.
 */
async function assertNoticeDocuments(tx: Tx, n: typeof notices.$inferSelect, stage: 'submit' | 'publish'): Promise<void> {
  const [p] = await tx.select().from(projects).where(eq(projects.id, n.projectId)).for('update');
  const kind = requiredDocumentKind(n.kind, flagsOf(p!));
  if (kind && (await currentDocumentIds(tx, p!.id, kind)).length === 0) throw documentsMissing(n.kind, kind, stage);
}

/** Submit a notice for staff review; a first notice also submits the project (DRAFT → PENDING_REVIEW). */
export async function submitNotice(deps: Pick<Deps, 'db' | 'clock' | 'config'>, ctx: RequestContext, input: { noticeId: number }): Promise<NoticeView> {
  const actor = requireRole(ctx, 'tenderee', 'agent');
  return deps.db.transaction(async (tx) => {
    const [n] = await tx.select().from(notices).where(eq(notices.id, input.noticeId));
    if (!n) throw new AppError('NOT_FOUND');
    const p = await ownerSideProject(tx, deps, actor, n.projectId);
    // A first notice takes the schedule to review: it must make sense and have no deadline already past
    // (issue 13 §8). An amendment comes later, when some dates have rightly passed.
    if (n.kind !== 'amendment' && (n.status === 'draft' || n.status === 'rejected')) assertSubmittableSchedule(p, arrivalOf(ctx, deps));
    if (n.kind !== 'amendment') await assertPublishableProject(tx, p);
    if (n.status === 'draft' || n.status === 'rejected') await assertNoticeDocuments(tx, n, 'submit');
    const [u] = await tx
      .update(notices)
      .set({ status: 'pending_review', submittedAt: deps.clock.now() })
      .where(and(eq(notices.id, n.id), sql`${notices.status} in ('draft', 'rejected')`))
      .returning();
    if (!u) throw new AppError('INVALID_STATE', { zh: '该公告不能提交', en: 'This notice cannot be submitted' }, { status: n.status });
    if (n.kind !== 'amendment') await applyProjectEvent(tx, deps, ctx, p, { type: 'submit_notice' });
    const staff = await tx.select({ id: users.id }).from(users).where(eq(users.role, 'staff'));
    await notify(tx, deps, {
      userIds: staff.map((x) => x.id),
      kind: 'notice.submitted',
      title: { zh: '公告待审核', en: 'A notice awaits review' },
      body: { zh: `${n.title}（${p.unifiedDealCode}）已提交，请审核发布。`, en: `${n.title} (${p.unifiedDealCode}) was submitted for review.` },
      link: '/workspace/staff/notices',
    });
    await audit(tx, deps, ctx, { chain: projectChain(p.id), action: 'notice.submit', subject: { type: 'notice', id: n.id }, payload: {} });
    return view(u);
  });
}

/** Chinese labels for official documents (PDFs); the web app has its own bilingual dictionary. */
export const TRADE_LABELS: Record<string, string> = { engineering: '工程建设', procurement: '政府采购', land: '土地使用权', property: '产权交易' };
export const METHOD_LABELS: Record<string, string> = {
  open: '公开招标',
  invited: '邀请招标',
  negotiation: '竞争性谈判',
  consultation: '竞争性磋商',
  inquiry: '询价',
  single_source: '单一来源',
  tender: '招标出让',
  auction: '拍卖',
  listing: '挂牌',
  online_bidding: '网络竞价',
};

/** What an engineering project buys (issue 16 §8), as official documents say it. */
export const SUBJECT_LABELS: Record<ProjectSubject, string> = { works: '施工', goods: '货物', survey: '勘察', design: '设计', supervision: '监理', epc: '工程总承包' };

/** Fen as `¥1,234.56` for official documents (integer arithmetic, no floats). */
export function fen(v: number | null): string {
  if (v === null) return '—';
  const yuan = Math.trunc(v / 100);
  return `¥${yuan.toLocaleString('en-US')}.${String(v % 100).padStart(2, '0')}`;
}

function beijing(iso: string | undefined): string {
  if (!iso) return '—';
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

/**
 * The notice as a document spec: same notice, same bytes (dates come from the record, not the clock).
 * `center` (the configured identity) is its author, the issuer on every page and the sealing platform.
 */
export function noticeSpec(
  n: typeof notices.$inferSelect,
  p: typeof projects.$inferSelect,
  tendereeName: string,
  secs: (typeof sections.$inferSelect)[],
  publishedAt: Date,
  center: CenterIdentity,
): PdfDocumentSpec {
  const schedule = p.schedule as Record<string, string>;
  return {
    documentId: `${p.unifiedDealCode}-N${n.id}`,
    title: n.title,
    subtitle: NOTICE_KIND_LABELS[n.kind].zh,
    metadata: { title: n.title, subject: NOTICE_KIND_LABELS[n.kind].zh, author: center.centerName, keywords: [p.unifiedDealCode], creationDate: publishedAt },
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
          { label: '预算/估算', value: fen(p.budgetFen) },
          { label: '交易类型', value: `${TRADE_LABELS[p.tradeType]} · ${METHOD_LABELS[p.method] ?? p.method}` },
          ...(p.subject ? [{ label: '招标内容', value: SUBJECT_LABELS[p.subject] }] : []),
          ...(p.priceKind === 'rate' ? [{ label: '报价方式', value: '费率报价' }] : []),
          { label: '文件发售开始', value: beijing(schedule.docsIssueStart) },
          { label: '文件发售截止', value: beijing(schedule.docsIssueEnd) },
          { label: '投标截止时间', value: beijing(schedule.bidDeadline), span: 2 },
        ],
      },
      {
        kind: 'table',
        title: '标段（包）',
        columns: [{ header: '编号', width: 1 }, { header: '名称', width: 4 }, { header: '最高限价', width: 2, align: 'right' }, { header: '投标保证金', width: 2, align: 'right' }],
        rows: secs.map((s) => [s.code, s.name, fen(s.ceilingFen), p.securityWaived ? '免收' : fen(s.securityFen)]),
      },
      { kind: 'heading', text: '公告内容', level: 2 },
      ...n.body.split(/\n{2,}/).map((para) => ({ kind: 'paragraph' as const, text: para.trim(), indent: true })),
      { kind: 'paragraph', text: `发布时间：${beijing(publishedAt.toISOString())}（北京时间）。本公告经${center.platformName}电子签章，内容以平台发布的版本为准。`, style: 'small' },
    ],
  };
}

export const NOTICE_PUBLISH_JOB = 'notice.publish_scheduled';

function scheduleDates(p: typeof projects.$inferSelect): Schedule {
  const out: Schedule = {};
  for (const [k, v] of Object.entries(p.schedule as Record<string, string>)) out[k as ScheduleField] = new Date(v);
  return out;
}

/**
 * The schedule as it stands if the notice goes out at `publishedAt` (issue 12 §6): the notice and every
 * period anchored on it or on the documents' first issue are checked again against the real instant.
 * Refused (VALIDATION PUBLICATION_TOO_LATE, naming each rule and its earliest lawful date) when publishing
 * now would shorten a period owed to bidders; the owner side must move the schedule first.
 */
async function checkPublicationTime(tx: Tx, deps: Pick<Deps, 'config'>, p: typeof projects.$inferSelect, publishedAt: Date): Promise<{ schedule: Schedule; moved: ScheduleField[] }> {
  const effective = scheduleAsPublished(scheduleDates(p), publishedAt);
  const r = checkSchedule(
    { tradeType: p.tradeType, method: p.method as ProcedureMethod, schedule: effective.schedule, acceleration: deps.config.testing.acceleration, businessHoursEnd: p.businessHoursEnd },
    await loadHolidayTable(tx),
  );
  if (!r.ok) {
    const first = r.violations[0]!;
    throw new AppError(
      'VALIDATION',
      {
        zh: `现在（${formatBeijingDateTime(publishedAt)}）发布公告将使法定期限不足：${first.messageZh}。请退回招标人调整时间安排后再发布`,
        en: `Publishing now (${formatBeijingDateTime(publishedAt)} Beijing time) would shorten a statutory period: ${first.messageEn}. Return it to the owner side to move the schedule first`,
      },
      { reason: 'PUBLICATION_TOO_LATE', publishedAt: publishedAt.toISOString(), violations: r.violations.map((v) => ({ ...v, earliestAllowed: v.earliestAllowed.toISOString() })) },
    );
  }
  return effective;
}

/**
 * Staff approve a notice under review. A first notice whose 公告发布时间 is still ahead is SCHEDULED: a timer
 * publishes it at that instant (issue 12 §6); otherwise it is published now — provided publishing now
 * shortens no period (checked against the real instant).
 */
export async function publishNotice(
  deps: Pick<Deps, 'db' | 'clock' | 'pki' | 'storage' | 'config'>,
  ctx: RequestContext,
  input: { noticeId: number },
): Promise<NoticeView> {
  const actor = requireRole(ctx, 'staff', 'platform_admin');
  const at = arrivalOf(ctx, deps);
  const [n] = await deps.db.select().from(notices).where(eq(notices.id, input.noticeId));
  if (!n) throw new AppError('NOT_FOUND');
  if (n.status !== 'pending_review') throw new AppError('INVALID_STATE', { zh: '该公告不在待审核状态', en: 'This notice is not pending review' }, { status: n.status });
  const [p] = await deps.db.select().from(projects).where(eq(projects.id, n.projectId));
  if (n.kind !== 'amendment') await assertPublishableProject(deps.db, p!);
  const planned = n.kind === 'amendment' ? undefined : (p!.schedule as Record<string, string>).noticePublishAt;
  if (planned && new Date(planned).getTime() > at.getTime()) {
    const scheduledFor = new Date(planned);
    return deps.db.transaction(async (tx) => {
      await assertNoticeDocuments(tx, n, 'publish');
      const [u] = await tx
        .update(notices)
        .set({ status: 'scheduled', scheduledFor, publishedBy: actor.userId, version: n.version + 1 })
        .where(and(eq(notices.id, n.id), eq(notices.status, 'pending_review'), eq(notices.version, n.version)))
        .returning();
      if (!u) throw new AppError('CONFLICT');
      await enqueueJob(tx, deps.clock, { kind: NOTICE_PUBLISH_JOB, payload: { noticeId: n.id }, runAt: scheduledFor, dedupeKey: `${NOTICE_PUBLISH_JOB}:${n.id}:${scheduledFor.getTime()}` });
      await audit(tx, deps, ctx, { chain: projectChain(n.projectId), action: 'notice.schedule', subject: { type: 'notice', id: n.id }, payload: { scheduledFor: scheduledFor.toISOString(), approvedAt: at.toISOString() } });
      await notify(tx, deps, {
        userIds: await ownerSideUsers(tx, p!),
        kind: 'notice.scheduled',
        title: { zh: '公告已审核，定时发布', en: 'Notice approved for scheduled publication' },
        body: {
          zh: `${n.title}已审核通过，将于 ${formatBeijingDateTime(scheduledFor)}（公告发布时间）自动发布。`,
          en: `${n.title} was approved and will be published automatically at ${formatBeijingDateTime(scheduledFor)} Beijing time.`,
        },
        link: `/projects/${n.projectId}`,
      });
      return view(u);
    });
  }
  return publishNow(deps, ctx, n, at, actor.userId);
}

async function ownerSideUsers(tx: Tx, p: Pick<typeof projects.$inferSelect, 'tendereeOrgId' | 'agentOrgId'>): Promise<number[]> {
  const orgIds = [p.tendereeOrgId, ...(p.agentOrgId !== null ? [p.agentOrgId] : [])];
  const rows = await tx.select({ id: users.id }).from(users).where(and(inArray(users.orgId, orgIds), eq(users.active, true)));
  return rows.map((r) => r.id);
}

/** Render, seal, store by hash, record venues, fix the schedule to the real instant, move the project, append to the feed. */
async function publishNow(
  deps: Pick<Deps, 'db' | 'clock' | 'pki' | 'storage' | 'config'>,
  ctx: RequestContext,
  n: typeof notices.$inferSelect,
  publishedAt: Date,
  publishedBy: number | null,
): Promise<NoticeView> {
  // Check before the slow rendering (a refused publication costs nothing), then render and seal outside
  // any transaction from a consistent read; the transaction re-checks the state and the time.
  const [p] = await deps.db.select().from(projects).where(eq(projects.id, n.projectId));
  await deps.db.transaction((tx) => assertNoticeDocuments(tx, n, 'publish'));
  const effective = n.kind === 'amendment' ? null : await deps.db.transaction((tx) => checkPublicationTime(tx, deps, p!, publishedAt));
  const asPublished = effective ? { ...p!, schedule: isoSchedule(effective.schedule) } : p!;
  const [org] = await deps.db.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, p!.tendereeOrgId));
  const secs = await deps.db.select().from(sections).where(eq(sections.projectId, p!.id)).orderBy(sections.code);
  const pdf = await sealPdf(await renderDocument(noticeSpec(n, asPublished, org?.name ?? '', secs, publishedAt, deps.config.center)), deps.pki.platform, {
    reason: `${NOTICE_KIND_LABELS[n.kind].zh} 平台签章`,
    location: deps.config.center.centerName,
    signingTime: publishedAt,
  });
  const stored = await deps.storage.put(pdf, { contentType: 'application/pdf' });
  const contentSha256 = crypto.createHash('sha256').update(JSON.stringify({ title: n.title, body: n.body, kind: n.kind, project: p!.unifiedDealCode })).digest('hex');
  return deps.db.transaction(async (tx) => {
    const [u] = await tx
      .update(notices)
      .set({ status: 'published', publishedAt, publishedBy, pdfSha256: stored.sha256, pdfSize: stored.size, contentSha256 })
      .where(and(eq(notices.id, n.id), inArray(notices.status, ['pending_review', 'scheduled']), eq(notices.version, n.version)))
      .returning();
    if (!u) throw new AppError('CONFLICT');
    for (const venue of PUBLICATION_VENUES) {
      await tx.insert(noticePublications).values({ noticeId: n.id, venue, contentSha256: stored.sha256, publishedAt });
    }
    let [fresh] = await tx.select().from(projects).where(eq(projects.id, n.projectId)).for('update');
    if (effective) {
      // The schedule the project runs on is the one checked: the real publication instant, and the
      // documents available from it at the earliest.
      const iso = { ...(fresh!.schedule as Record<string, string>), ...isoSchedule(effective.schedule) };
      [fresh] = await tx.update(projects).set({ schedule: iso, updatedAt: deps.clock.now() }).where(eq(projects.id, fresh!.id)).returning();
      await audit(tx, deps, ctx, {
        chain: projectChain(n.projectId),
        action: 'project.schedule_published',
        subject: { type: 'project', id: n.projectId },
        payload: { publishedAt: publishedAt.toISOString(), moved: effective.moved, schedule: iso },
      });
      await scheduleProjectTimers(tx, deps, await applyProjectEvent(tx, deps, ctx, fresh!, { type: 'publish_notice' }));
    }
    await recordPublicChange(tx, deps, 'notice', n.id, 'published');
    await requestCheckpoint(tx, deps, { reason: 'notice.publish', projectId: n.projectId }); // issue 13 §6
    await audit(tx, deps, ctx, {
      chain: projectChain(n.projectId),
      action: 'notice.publish',
      subject: { type: 'notice', id: n.id },
      payload: { pdfSha256: stored.sha256, contentSha256, venues: PUBLICATION_VENUES, publishedAt: publishedAt.toISOString(), scheduledFor: n.scheduledFor?.toISOString() ?? null },
      objectHashes: [stored.sha256],
    });
    return view(u);
  });
}

function isoSchedule(s: Schedule): Record<string, string> {
  return Object.fromEntries(Object.entries(s).map(([k, v]) => [k, (v as Date).toISOString()]));
}

/**
 * Job 'notice.publish_scheduled': publish a scheduled notice at its 公告发布时间. If the timer runs so late
 * that publishing now would shorten a period (a long outage), the notice goes back to the owner side
 * (rejected, with the rules and earliest dates in the note), the project returns to draft, and the owner
 * side and staff are told — never a silent late publication. Likewise if its documents went missing
 * (issue 16 §1; removeDocument refuses to remove them, so only a repair outside the platform can).
 */
export async function runScheduledPublication(
  deps: Pick<Deps, 'db' | 'clock' | 'pki' | 'storage' | 'config'>,
  payload: { noticeId: number },
): Promise<{ outcome: 'published' | 'returned' | 'rescheduled' | 'noop' }> {
  const [n] = await deps.db.select().from(notices).where(eq(notices.id, payload.noticeId));
  if (!n || n.status !== 'scheduled' || !n.scheduledFor) return { outcome: 'noop' };
  const now = deps.clock.now();
  if (now.getTime() < n.scheduledFor.getTime()) {
    await enqueueJob(deps.db, deps.clock, { kind: NOTICE_PUBLISH_JOB, payload: { noticeId: n.id }, runAt: n.scheduledFor });
    return { outcome: 'rescheduled' };
  }
  try {
    await publishNow(deps, SYSTEM_CONTEXT, n, now, n.publishedBy);
    return { outcome: 'published' };
  } catch (e) {
    const reason = isAppError(e) ? e.details?.reason : undefined;
    if (!isAppError(e) || (reason !== 'PUBLICATION_TOO_LATE' && reason !== 'DOCUMENTS_MISSING')) throw e;
    await deps.db.transaction(async (tx) => {
      const [u] = await tx
        .update(notices)
        .set({ status: 'rejected', reviewNote: e.messageZh, version: n.version + 1 })
        .where(and(eq(notices.id, n.id), eq(notices.status, 'scheduled'), eq(notices.version, n.version)))
        .returning();
      if (!u) return;
      const [p] = await tx.select().from(projects).where(eq(projects.id, n.projectId)).for('update');
      if (p!.status === 'PENDING_REVIEW') await applyProjectEvent(tx, deps, SYSTEM_CONTEXT, p!, { type: 'reject_notice' });
      const staff = await tx.select({ id: users.id }).from(users).where(and(eq(users.role, 'staff'), eq(users.active, true)));
      await notify(tx, deps, {
        userIds: [...new Set([...(await ownerSideUsers(tx, p!)), ...staff.map((x) => x.id)])],
        kind: 'notice.publication_refused',
        title:
          reason === 'DOCUMENTS_MISSING'
            ? { zh: '定时发布未能进行：文件缺失', en: 'Scheduled publication refused: the documents are missing' }
            : { zh: '定时发布未能进行：期限不足', en: 'Scheduled publication refused: a period would be too short' },
        body: { zh: `${n.title}：${e.messageZh}`, en: `${n.title}: ${e.messageEn}` },
        link: `/projects/${n.projectId}`,
      });
      await audit(tx, deps, SYSTEM_CONTEXT, {
        chain: projectChain(n.projectId),
        action: 'notice.publication_refused',
        subject: { type: 'notice', id: n.id },
        payload: { scheduledFor: n.scheduledFor!.toISOString(), at: now.toISOString(), details: e.details ?? null },
      });
    });
    return { outcome: 'returned' };
  }
}

export async function rejectNotice(
  deps: Pick<Deps, 'db' | 'clock'>,
  ctx: RequestContext,
  input: { noticeId: number; note: string },
): Promise<NoticeView> {
  requireRole(ctx, 'staff', 'platform_admin');
  return deps.db.transaction(async (tx) => {
    // A notice waiting for review, or approved and waiting for its publication time, can be sent back.
    const [u] = await tx
      .update(notices)
      .set({ status: 'rejected', reviewNote: input.note, scheduledFor: null })
      .where(and(eq(notices.id, input.noticeId), inArray(notices.status, ['pending_review', 'scheduled'])))
      .returning();
    if (!u) throw new AppError('INVALID_STATE', { zh: '该公告不在待审核或待发布状态', en: 'This notice is neither pending review nor scheduled' });
    const [p] = await tx.select().from(projects).where(eq(projects.id, u.projectId));
    if (u.kind !== 'amendment' && p!.status === 'PENDING_REVIEW') await applyProjectEvent(tx, deps, ctx, p!, { type: 'reject_notice' });
    await audit(tx, deps, ctx, { chain: projectChain(u.projectId), action: 'notice.reject', subject: { type: 'notice', id: u.id }, payload: { note: input.note } });
    return view(u);
  });
}

/** Notices a user may see: the owner side and the center all of a project's; others only published ones. */
export async function listProjectNotices(deps: Pick<Deps, 'db'>, ctx: RequestContext, input: { projectId: number }): Promise<NoticeView[]> {
  const actor = requireActor(ctx);
  const [p] = await deps.db.select().from(projects).where(eq(projects.id, input.projectId));
  if (!p) throw new AppError('NOT_FOUND');
  const party = ['staff', 'platform_admin', 'supervisor'].includes(actor.role) || actor.orgId === p.tendereeOrgId || actor.orgId === p.agentOrgId;
  const rows = await deps.db
    .select()
    .from(notices)
    .where(and(eq(notices.projectId, p.id), party ? undefined : eq(notices.status, 'published')))
    .orderBy(notices.id);
  return rows.map(view);
}

/** Notices waiting for staff review, and approved ones waiting for their publication time. */
export async function listPendingNotices(deps: Pick<Deps, 'db'>, ctx: RequestContext): Promise<NoticeView[]> {
  requireRole(ctx, 'staff', 'platform_admin');
  return (await deps.db.select().from(notices).where(inArray(notices.status, ['pending_review', 'scheduled'])).orderBy(notices.id)).map(view);
}

