/**
 * The owner side drafts a notice, edits it while it is a draft (or was sent back), and submits it for
 * staff review (issue 4 §3); a first notice takes the project to review with it.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import { notices, type ProjectRow, type Tx } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import { AppError } from '@ebid/domain';
import type { DraftNoticeInput, NoticeIdInput, NoticeView, UpdateNoticeInput } from '@ebid/contracts';
import type { Actor } from '../auth/session.ts';
import { arrivalOf, audit, requireRole, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { hasMandate } from '../identity/mandates.ts';
import { notify } from '../notifications/notify.ts';
import { assertNoticeDocuments } from './notice-publication.ts';
import { toNoticeView } from './notice-view.ts';
import { loadProject, noMandate, staffUsers } from './project-access.ts';
import { applyProjectEvent } from './procedure-events.ts';
import { assertSubmittableSchedule } from './project-schedule.ts';
import { assertPublishableProject } from './submit-project.ts';

/** The project, if the actor is its owner side (the agent under a mandate in force); NOT_FOUND for anyone else. */
async function ownerSideProject(tx: Tx, deps: Pick<Deps, 'clock'>, actor: Actor, projectId: number): Promise<ProjectRow> {
  const p = await loadProject(tx, projectId);
  if (actor.role === 'tenderee' && actor.orgId === p.tendereeOrgId) return p;
  if (actor.role === 'agent' && actor.orgId === p.agentOrgId) {
    if (await hasMandate(tx, actor.orgId, p.tendereeOrgId, deps.clock.now())) return p;
    throw noMandate();
  }
  throw new AppError('NOT_FOUND');
}

export async function draftNotice(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: DraftNoticeInput): Promise<NoticeView> {
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
    if (!n) throw new AppError('INTERNAL');
    await audit(tx, deps, ctx, { chain: projectChain(p.id), action: 'notice.draft', subject: { type: 'notice', id: n.id }, payload: { kind: input.kind, title: input.title } });
    return toNoticeView(n);
  });
}

/** Edit a draft (or a rejected notice); a submitted or published notice cannot be edited. */
export async function updateNotice(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: UpdateNoticeInput): Promise<NoticeView> {
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
    return toNoticeView(u);
  });
}

/** Submit a notice for staff review; a first notice also submits the project (DRAFT → PENDING_REVIEW). */
export async function submitNotice(deps: Pick<Deps, 'db' | 'clock' | 'config'>, ctx: RequestContext, input: NoticeIdInput): Promise<NoticeView> {
  const actor = requireRole(ctx, 'tenderee', 'agent');
  return deps.db.transaction(async (tx) => {
    const [n] = await tx.select().from(notices).where(eq(notices.id, input.noticeId));
    if (!n) throw new AppError('NOT_FOUND');
    const p = await ownerSideProject(tx, deps, actor, n.projectId);
    // A first notice takes the schedule to review: it must make sense and have no deadline already past
    // (issue 13 §8). An amendment comes later, when some dates have rightly passed.
    if (n.kind !== 'amendment' && (n.status === 'draft' || n.status === 'rejected')) assertSubmittableSchedule(p, arrivalOf(ctx, deps));
    if (n.kind !== 'amendment') await assertPublishableProject(tx, p, arrivalOf(ctx, deps));
    if (n.status === 'draft' || n.status === 'rejected') await assertNoticeDocuments(tx, n, 'submit');
    const [u] = await tx
      .update(notices)
      .set({ status: 'pending_review', submittedAt: deps.clock.now() })
      .where(and(eq(notices.id, n.id), sql`${notices.status} in ('draft', 'rejected')`))
      .returning();
    if (!u) throw new AppError('INVALID_STATE', { zh: '该公告不能提交', en: 'This notice cannot be submitted' }, { status: n.status });
    if (n.kind !== 'amendment') await applyProjectEvent(tx, deps, ctx, p, { type: 'submit_notice' });
    await notify(tx, deps, {
      userIds: await staffUsers(tx),
      kind: 'notice.submitted',
      title: { zh: '公告待审核', en: 'A notice awaits review' },
      body: { zh: `${n.title}（${p.unifiedDealCode}）已提交，请审核发布。`, en: `${n.title} (${p.unifiedDealCode}) was submitted for review.` },
      link: '/workspace/staff/notices',
    });
    await audit(tx, deps, ctx, { chain: projectChain(p.id), action: 'notice.submit', subject: { type: 'notice', id: n.id }, payload: {} });
    return toNoticeView(u);
  });
}
