/**
 * Publishing a notice (issue 4 §3–4, issue 12 §6): render it to a Chinese PDF (documents/notice-spec.ts),
 * seal it with the platform signature (pdfsig-valid), store it by hash, record the content hash per
 * publication venue (N9), fix the schedule to the real instant, move the project to PUBLISHED and append
 * to the public change feed. A published notice is never edited. Also the timer job that publishes a
 * notice approved ahead of its 公告发布时间.
 */
import crypto from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { notices, organizations, projects, sections, type NoticeRow, type ProjectRow, type Tx } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import {
  AppError,
  checkSchedule,
  documentsMissing,
  formatBeijingDateTime,
  isAppError,
  requiredDocumentKind,
  scheduleAsPublished,
  scheduleFromIso,
  scheduleToIso,
  termWord,
  type Schedule,
  type ScheduleField,
} from '@ebid/domain';
import type { NoticeView } from '@ebid/contracts';
import { renderDocument, sealPdf } from '@ebid/pdf';
import { audit, SYSTEM_CONTEXT, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { noticeKindLabel } from '../documents/labels.ts';
import { noticeSpec } from '../documents/notice-spec.ts';
import { enqueueJob } from '../jobs/queue.ts';
import { notify } from '../notifications/notify.ts';
import { currentDocumentIds } from '../tendering/documents/index.ts';
import { scheduleProjectTimers } from '../tendering/lifecycle/index.ts';
import { loadHolidayTable } from './holidays.ts';
import { toNoticeView } from './notice-view.ts';
import { activeStaff, loadProject, lockProject, ownerSideUsers } from './project-access.ts';
import { applyProjectEvent, flagsOf } from './procedure-events.ts';
import { projectScheduleCheck, violationViews } from './project-schedule.ts';
import { PUBLICATION_VENUES, recordNoticePublished } from './public-changes.ts';
import { assertPublishableProject } from './submit-project.ts';

export const NOTICE_PUBLISH_JOB = 'notice.publish_scheduled';

/**
 * Issue 16 §1 (no tender without documents): a notice that issues documents is refused (INVALID_STATE
 * DOCUMENTS_MISSING, naming the kind) while the project has no current document of that kind. Locks the
 * project row so a concurrent removal of the last document (removeDocument) is serialized with it.
 */
export async function assertNoticeDocuments(tx: Tx, n: NoticeRow, stage: 'submit' | 'publish'): Promise<void> {
  const p = await lockProject(tx, n.projectId);
  const kind = requiredDocumentKind(n.kind, flagsOf(p));
  if (kind && (await currentDocumentIds(tx, p.id, kind)).length === 0) throw documentsMissing(n.kind, kind, stage);
}

/**
 * The schedule as it stands if the notice goes out at `publishedAt` (issue 12 §6): the notice and every
 * period anchored on it or on the documents' first issue are checked again against the real instant.
 * Refused (VALIDATION PUBLICATION_TOO_LATE, naming each rule and its earliest lawful date) when publishing
 * now would shorten a period owed to bidders; the owner side must move the schedule first.
 */
async function checkPublicationTime(tx: Tx, deps: Pick<Deps, 'config'>, p: ProjectRow, publishedAt: Date): Promise<{ schedule: Schedule; moved: ScheduleField[] }> {
  const effective = scheduleAsPublished(scheduleFromIso(p.schedule), publishedAt);
  const r = checkSchedule(projectScheduleCheck(p, effective.schedule, { acceleration: deps.config.testing.acceleration }), await loadHolidayTable(tx));
  if (!r.ok) {
    const [first] = r.violations;
    throw new AppError(
      'VALIDATION',
      first && {
        zh: `现在（${formatBeijingDateTime(publishedAt)}）发布公告将使法定期限不足：${first.messageZh}。请退回${termWord('zh', 'tenderee', p.tradeType, p.method)}调整时间安排后再发布`,
        en: `Publishing now (${formatBeijingDateTime(publishedAt)} Beijing time) would shorten a statutory period: ${first.messageEn}. Return it to the owner side to move the schedule first`,
      },
      { reason: 'PUBLICATION_TOO_LATE', publishedAt: publishedAt.toISOString(), violations: violationViews(r.violations) },
    );
  }
  return effective;
}

/** Render, seal, store by hash, record venues, fix the schedule to the real instant, move the project, append to the feed. */
export async function publishNow(
  deps: Pick<Deps, 'db' | 'clock' | 'pki' | 'storage' | 'config'>,
  ctx: RequestContext,
  n: NoticeRow,
  publishedAt: Date,
  publishedBy: number | null,
): Promise<NoticeView> {
  // Check before the slow rendering (a refused publication costs nothing), then render and seal outside
  // any transaction from a consistent read; the transaction re-checks the state and the time.
  const p = await loadProject(deps.db, n.projectId);
  await deps.db.transaction((tx) => assertNoticeDocuments(tx, n, 'publish'));
  const effective = n.kind === 'amendment' ? null : await deps.db.transaction((tx) => checkPublicationTime(tx, deps, p, publishedAt));
  const asPublished = effective ? { ...p, schedule: scheduleToIso(effective.schedule) } : p;
  // Issue 18 §4 (L7): the sale terms hold at the real publication instant and disclosure start (a timer
  // publishing a notice approved weeks ago finds an appraisal that has since grown too old).
  if (n.kind !== 'amendment') await assertPublishableProject(deps.db, asPublished, publishedAt);
  const [org] = await deps.db.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, p.tendereeOrgId));
  const secs = await deps.db.select().from(sections).where(eq(sections.projectId, p.id)).orderBy(sections.code);
  // Issue 18 §3: a single source's publicity names its supplier (CGT §38).
  const [supplier] = p.singleSourceSupplierOrgId !== null ? await deps.db.select({ name: organizations.name, creditCode: organizations.creditCode }).from(organizations).where(eq(organizations.id, p.singleSourceSupplierOrgId)) : [];
  const pdf = await sealPdf(await renderDocument(noticeSpec(n, asPublished, org?.name ?? '', secs, publishedAt, deps.config.center, supplier ?? null)), deps.pki.platform, {
    reason: `${noticeKindLabel(n.kind, p)} 平台签章`,
    location: deps.config.center.centerName,
    signingTime: publishedAt,
  });
  const stored = await deps.storage.put(pdf, { contentType: 'application/pdf' });
  const contentSha256 = crypto.createHash('sha256').update(JSON.stringify({ title: n.title, body: n.body, kind: n.kind, project: p.unifiedDealCode })).digest('hex');
  return deps.db.transaction(async (tx) => {
    const [u] = await tx
      .update(notices)
      .set({ status: 'published', publishedAt, publishedBy, pdfSha256: stored.sha256, pdfSize: stored.size, contentSha256 })
      .where(and(eq(notices.id, n.id), inArray(notices.status, ['pending_review', 'scheduled']), eq(notices.version, n.version)))
      .returning();
    if (!u) throw new AppError('CONFLICT');
    if (effective) {
      // The schedule the project runs on is the one checked: the real publication instant, and the
      // documents available from it at the earliest.
      const locked = await lockProject(tx, n.projectId);
      const iso = { ...locked.schedule, ...scheduleToIso(effective.schedule) };
      const [fresh] = await tx.update(projects).set({ schedule: iso, updatedAt: deps.clock.now() }).where(eq(projects.id, locked.id)).returning();
      if (!fresh) throw new AppError('CONFLICT');
      await audit(tx, deps, ctx, {
        chain: projectChain(n.projectId),
        action: 'project.schedule_published',
        subject: { type: 'project', id: n.projectId },
        payload: { publishedAt: publishedAt.toISOString(), moved: effective.moved, schedule: iso },
      });
      await scheduleProjectTimers(tx, deps, await applyProjectEvent(tx, deps, ctx, fresh, { type: 'publish_notice' }));
    }
    await recordNoticePublished(tx, deps, { noticeId: n.id, projectId: n.projectId, pdfSha256: stored.sha256, publishedAt });
    await audit(tx, deps, ctx, {
      chain: projectChain(n.projectId),
      action: 'notice.publish',
      subject: { type: 'notice', id: n.id },
      payload: { pdfSha256: stored.sha256, contentSha256, venues: PUBLICATION_VENUES, publishedAt: publishedAt.toISOString(), scheduledFor: n.scheduledFor?.toISOString() ?? null },
      objectHashes: [stored.sha256],
    });
    return toNoticeView(u);
  });
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
  const scheduledFor = n.scheduledFor;
  const now = deps.clock.now();
  if (now.getTime() < scheduledFor.getTime()) {
    await enqueueJob(deps.db, deps.clock, { kind: NOTICE_PUBLISH_JOB, payload: { noticeId: n.id }, runAt: scheduledFor });
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
      const p = await lockProject(tx, n.projectId);
      if (p.status === 'PENDING_REVIEW') await applyProjectEvent(tx, deps, SYSTEM_CONTEXT, p, { type: 'reject_notice' });
      await notify(tx, deps, {
        userIds: [...new Set([...(await ownerSideUsers(tx, p)), ...(await activeStaff(tx))])],
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
        payload: { scheduledFor: scheduledFor.toISOString(), at: now.toISOString(), details: e.details ?? null },
      });
    });
    return { outcome: 'returned' };
  }
}
