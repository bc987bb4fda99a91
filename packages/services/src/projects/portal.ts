/**
 * The public portal and open data (issue 4 §4): published notices with filters and search, a notice's
 * sealed PDF, and a change feed a third party can poll with `after=<last id>` without missing or
 * repeating a change (ids are assigned in commit order, see recordPublicChange). The published audit
 * roots (issue 13 §6) are listed here for outside witnesses and appear in the feed as 'audit_root'.
 */
import { and, asc, desc, eq, gt, gte, ilike, lt, lte, or } from 'drizzle-orm';
import { notices, organizations, projects, publicChanges, sections, type NoticeRow, type ProjectRow } from '@ebid/db';
import { getPublishedRoot, listPublishedRoots, type PublishedAuditRoot } from '@ebid/audit';
import { AppError } from '@ebid/domain';
import type { PublicChanges, PublicChangesInput, PublicNotice, PublicNoticePage, PublicNoticesInput } from '@ebid/contracts';
import type { Deps } from '../deps.ts';

/** The portal's filter: the API's input with its instants as Dates. */
export type NoticeFilter = Omit<PublicNoticesInput, 'from' | 'to'> & { from?: Date; to?: Date };

const publicColumns = {
  notice: notices,
  project: projects,
  tendereeName: organizations.name,
};

type Row = { notice: NoticeRow; project: ProjectRow; tendereeName: string };

function toPublic(r: Row): PublicNotice {
  const { publishedAt, pdfSha256 } = r.notice;
  // Only published notices are read here, and publishing sets both.
  if (!publishedAt || !pdfSha256) throw new AppError('INTERNAL');
  return {
    id: r.notice.id,
    kind: r.notice.kind,
    title: r.notice.title,
    body: r.notice.body,
    publishedAt: publishedAt.toISOString(),
    pdfSha256,
    pdfSize: r.notice.pdfSize ?? 0,
    project: {
      id: r.project.id,
      unifiedDealCode: r.project.unifiedDealCode,
      name: r.project.name,
      tradeType: r.project.tradeType,
      method: r.project.method,
      regionCode: r.project.regionCode,
      status: r.project.status,
      tendereeName: r.tendereeName,
      bidDeadline: r.project.schedule.bidDeadline ?? null,
    },
  };
}

export async function listPublicNotices(deps: Pick<Deps, 'db'>, f: NoticeFilter): Promise<PublicNoticePage> {
  const q = f.q?.replace(/[%_\\]/g, (c) => `\\${c}`);
  const rows = await deps.db
    .select(publicColumns)
    .from(notices)
    .innerJoin(projects, eq(projects.id, notices.projectId))
    .innerJoin(organizations, eq(organizations.id, projects.tendereeOrgId))
    .where(
      and(
        eq(notices.status, 'published'),
        f.tradeType ? eq(projects.tradeType, f.tradeType) : undefined,
        f.method ? eq(projects.method, f.method) : undefined,
        f.regionCode ? eq(projects.regionCode, f.regionCode) : undefined,
        f.status ? eq(projects.status, f.status) : undefined,
        f.from ? gte(notices.publishedAt, f.from) : undefined,
        f.to ? lte(notices.publishedAt, f.to) : undefined,
        q ? or(ilike(notices.title, `%${q}%`), ilike(projects.name, `%${q}%`), eq(projects.unifiedDealCode, f.q ?? '')) : undefined,
        f.beforeId ? lt(notices.id, f.beforeId) : undefined,
      ),
    )
    .orderBy(desc(notices.id))
    .limit(f.limit + 1);
  const items = rows.slice(0, f.limit).map(toPublic);
  return { items, nextBeforeId: rows.length > f.limit ? (items.at(-1)?.id ?? null) : null };
}

export async function getPublicNotice(deps: Pick<Deps, 'db'>, id: number): Promise<PublicNotice> {
  const [r] = await deps.db
    .select(publicColumns)
    .from(notices)
    .innerJoin(projects, eq(projects.id, notices.projectId))
    .innerJoin(organizations, eq(organizations.id, projects.tendereeOrgId))
    .where(and(eq(notices.id, id), eq(notices.status, 'published')));
  if (!r) throw new AppError('NOT_FOUND');
  const secs = await deps.db.select().from(sections).where(eq(sections.projectId, r.project.id)).orderBy(asc(sections.code));
  const n = toPublic(r);
  const own = secs.find((s) => s.id === r.notice.sectionId);
  return {
    ...n,
    project: { ...n.project, sections: secs.map((s) => ({ code: s.code, name: s.name, status: s.status, failureReason: s.failureReason, failureNoticeId: s.failureNoticeId })) },
    section: own ? { code: own.code, name: own.name } : null,
  };
}

/** The sealed PDF of a published notice, verified against its hash while streaming. */
export async function publicNoticePdf(deps: Pick<Deps, 'db' | 'storage'>, id: number): Promise<{ stream: NodeJS.ReadableStream; size: number; fileName: string }> {
  const n = await getPublicNotice(deps, id);
  return {
    stream: await deps.storage.get(n.pdfSha256, n.pdfSize > 0 ? { expectedSize: n.pdfSize } : {}),
    size: n.pdfSize,
    fileName: `${n.kind === 'amendment' ? '变更公告' : '公告'}-${n.project.unifiedDealCode}-${n.id}.pdf`,
  };
}

/** Changes after `after` (exclusive), oldest first. Poll with the last id you saw. */
export async function publicChangeFeed(deps: Pick<Deps, 'db'>, input: PublicChangesInput): Promise<PublicChanges> {
  const rows = await deps.db.select().from(publicChanges).where(gt(publicChanges.id, input.after)).orderBy(asc(publicChanges.id)).limit(input.limit);
  return {
    changes: rows.map((r) => ({ id: r.id, entity: r.entity, entityId: r.entityId, change: r.change, at: r.at.toISOString() })),
    next: rows.at(-1)?.id ?? input.after,
  };
}

/**
 * The published audit roots, oldest first (issue 13 §6): each the signed Merkle root over every audit
 * chain head at a checkpoint — no seq or count per chain. Poll with `after` = the last id kept.
 */
export async function listPublicAuditRoots(deps: Pick<Deps, 'db'>, input: { after: number; limit: number }): Promise<{ roots: PublishedAuditRoot[]; next: number }> {
  return listPublishedRoots(deps.db, input);
}

export async function getPublicAuditRoot(deps: Pick<Deps, 'db'>, id: number): Promise<PublishedAuditRoot> {
  return getPublishedRoot(deps.db, id);
}
