/** Notices as the API shows them (`NoticeView`, contracts/notices.ts): a project's, and those awaiting staff. */
import { and, eq, inArray } from 'drizzle-orm';
import { notices, type NoticeRow } from '@ebid/db';
import type { NoticeView, ProjectIdInput } from '@ebid/contracts';
import { requireActor, requireRole, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { isPartyOrCenter, loadProject } from './project-access.ts';
import { assertSupervises } from '../supervision/scope.ts';

export function toNoticeView(n: NoticeRow): NoticeView {
  return {
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
  };
}

/** Notices a user may see: the owner side and the center all of a project's; others only published ones. */
export async function listProjectNotices(deps: Pick<Deps, 'db'>, ctx: RequestContext, input: ProjectIdInput): Promise<NoticeView[]> {
  const actor = requireActor(ctx);
  const p = await loadProject(deps.db, input.projectId);
  await assertSupervises(deps.db, actor, p); // issue 20 §4 (M3): a supervisor of another region sees nothing
  const rows = await deps.db
    .select()
    .from(notices)
    .where(and(eq(notices.projectId, p.id), isPartyOrCenter(actor, p) ? undefined : eq(notices.status, 'published')))
    .orderBy(notices.id);
  return rows.map(toNoticeView);
}

/** Notices waiting for staff review, and approved ones waiting for their publication time. */
export async function listPendingNotices(deps: Pick<Deps, 'db'>, ctx: RequestContext): Promise<NoticeView[]> {
  requireRole(ctx, 'staff', 'platform_admin');
  return (await deps.db.select().from(notices).where(inArray(notices.status, ['pending_review', 'scheduled'])).orderBy(notices.id)).map(toNoticeView);
}
