/**
 * Center staff review a submitted notice (issue 4 §3, issue 12 §6): approve it — published now, or
 * scheduled for its 公告发布时间 — or send it back to the owner side.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { notices } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import { AppError, formatBeijingDateTime } from '@ebid/domain';
import type { NoticeIdInput, NoticeView, RejectNoticeInput } from '@ebid/contracts';
import { arrivalOf, audit, requireRole, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { enqueueJob } from '../jobs/queue.ts';
import { notify } from '../notifications/notify.ts';
import { assertNoticeDocuments, NOTICE_PUBLISH_JOB, publishNow } from './notice-publication.ts';
import { toNoticeView } from './notice-view.ts';
import { loadProject, ownerSideUsers } from './project-access.ts';
import { applyProjectEvent } from './procedure-events.ts';
import { assertPublishableProject } from './submit-project.ts';

/**
 * Staff approve a notice under review. A first notice whose 公告发布时间 is still ahead is SCHEDULED: a timer
 * publishes it at that instant (issue 12 §6); otherwise it is published now — provided publishing now
 * shortens no period (checked against the real instant).
 */
export async function publishNotice(deps: Pick<Deps, 'db' | 'clock' | 'pki' | 'storage' | 'config'>, ctx: RequestContext, input: NoticeIdInput): Promise<NoticeView> {
  const actor = requireRole(ctx, 'staff', 'platform_admin');
  const at = arrivalOf(ctx, deps);
  const [n] = await deps.db.select().from(notices).where(eq(notices.id, input.noticeId));
  if (!n) throw new AppError('NOT_FOUND');
  if (n.status !== 'pending_review') throw new AppError('INVALID_STATE', { zh: '该公告不在待审核状态', en: 'This notice is not pending review' }, { status: n.status });
  const p = await loadProject(deps.db, n.projectId);
  if (n.kind !== 'amendment') await assertPublishableProject(deps.db, p, at);
  const planned = n.kind === 'amendment' ? undefined : p.schedule.noticePublishAt;
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
        userIds: await ownerSideUsers(tx, p),
        kind: 'notice.scheduled',
        title: { zh: '公告已审核，定时发布', en: 'Notice approved for scheduled publication' },
        body: {
          zh: `${n.title}已审核通过，将于 ${formatBeijingDateTime(scheduledFor)}（公告发布时间）自动发布。`,
          en: `${n.title} was approved and will be published automatically at ${formatBeijingDateTime(scheduledFor)} Beijing time.`,
        },
        link: `/projects/${n.projectId}`,
      });
      return toNoticeView(u);
    });
  }
  return publishNow(deps, ctx, n, at, actor.userId);
}

export async function rejectNotice(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: RejectNoticeInput): Promise<NoticeView> {
  requireRole(ctx, 'staff', 'platform_admin');
  return deps.db.transaction(async (tx) => {
    // A notice waiting for review, or approved and waiting for its publication time, can be sent back.
    const [u] = await tx
      .update(notices)
      .set({ status: 'rejected', reviewNote: input.note, scheduledFor: null })
      .where(and(eq(notices.id, input.noticeId), inArray(notices.status, ['pending_review', 'scheduled'])))
      .returning();
    if (!u) throw new AppError('INVALID_STATE', { zh: '该公告不在待审核或待发布状态', en: 'This notice is neither pending review nor scheduled' });
    const p = await loadProject(tx, u.projectId);
    if (u.kind !== 'amendment' && p.status === 'PENDING_REVIEW') await applyProjectEvent(tx, deps, ctx, p, { type: 'reject_notice' });
    await audit(tx, deps, ctx, { chain: projectChain(u.projectId), action: 'notice.reject', subject: { type: 'notice', id: u.id }, payload: { note: input.note } });
    return toNoticeView(u);
  });
}
