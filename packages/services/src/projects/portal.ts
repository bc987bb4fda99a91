/**
 * The public portal and open data (issue 4 §4): published notices with filters and search, a notice's
 * sealed PDF, and a change feed a third party can poll with `after=<last id>` without missing or
 * repeating a change (ids are assigned in commit order, see recordPublicChange). The published audit
 * roots (issue 13 §6) are listed here for outside witnesses and appear in the feed as 'audit_root'.
 */
import { and, asc, desc, eq, gt, gte, ilike, lte, or, sql } from 'drizzle-orm';
import { notices, organizations, projects, publicChanges, sections, type NoticeRow, type ProjectRow } from '@ebid/db';
import { getPublishedRoot, listPublishedRoots, type PublishedAuditRoot } from '@ebid/audit';
import { AppError, beijingDateTime, noticeKindWord } from '@ebid/domain';
import type { PublicChanges, PublicChangesInput, PublicNotice, PublicNoticePage, PublicNoticesInput, PublicProjectNotice } from '@ebid/contracts';
import type { Deps } from '../deps.ts';
import { publicOpeningRecord } from '../opening/record.ts';

/** The portal's filter: the API's input with its instants as Dates. */
export type NoticeFilter = Omit<PublicNoticesInput, 'from' | 'to'> & { from?: Date; to?: Date };

const publicColumns = {
  notice: notices,
  project: projects,
  tendereeName: organizations.name,
};

type Row = { notice: NoticeRow; project: ProjectRow; tendereeName: string };

/** Characters no file system takes in a name. */
const UNSAFE_IN_FILE_NAME = /[\\/:*?"<>|]/g; // control characters never get in (safe-text)

/**
 * A published notice's PDF named in words (issue 19 §1): the project, its section when the notice is a
 * section's own, the kind of notice in the trade's word (流标公告 / 流拍公告 / 采购失败公告 …) and the
 * day of publication in Beijing — e.g. `示范市滨江大道改造工程-招标公告-2026-02-25.pdf`.
 */
function noticeFileName(n: Pick<NoticeRow, 'kind'> & { publishedAt: Date }, p: Pick<ProjectRow, 'name' | 'tradeType' | 'method'>, sectionCode?: string): string {
  const parts = [p.name, ...(sectionCode ? [`${sectionCode}标段`] : []), noticeKindWord('zh', n.kind, p.tradeType, p.method), beijingDateTime(n.publishedAt).slice(0, 10)];
  return `${parts.join('-').replace(UNSAFE_IN_FILE_NAME, '_')}.pdf`;
}

/** A published notice's publication facts; publishing sets them all. */
function published(n: NoticeRow): { publishedAt: Date; pdfSha256: string } {
  if (!n.publishedAt || !n.pdfSha256) throw new AppError('INTERNAL');
  return { publishedAt: n.publishedAt, pdfSha256: n.pdfSha256 };
}

function toPublic(r: Row, sectionCode?: string): PublicNotice {
  const { publishedAt, pdfSha256 } = published(r.notice);
  return {
    id: r.notice.id,
    kind: r.notice.kind,
    title: r.notice.title,
    body: r.notice.body,
    publishedAt: publishedAt.toISOString(),
    pdfSha256,
    pdfSize: r.notice.pdfSize ?? 0,
    pdfFileName: noticeFileName({ kind: r.notice.kind, publishedAt }, r.project, sectionCode),
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
        // Keyset on (publishedAt, id): after the last notice of the page before (issue 19 §1, newest first).
        f.beforeId ? sql`(${notices.publishedAt}, ${notices.id}) < (select n2.published_at, n2.id from notices n2 where n2.id = ${f.beforeId})` : undefined,
      ),
    )
    // Newest publication first; a notice drafted earlier but published later comes before (issue 19 §1).
    .orderBy(desc(notices.publishedAt), desc(notices.id))
    .limit(f.limit + 1);
  const items = rows.slice(0, f.limit).map((r) => toPublic(r));
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
  const own = secs.find((s) => s.id === r.notice.sectionId);
  const n = toPublic(r, own?.code);
  return {
    ...n,
    project: { ...n.project, sections: secs.map((s) => ({ code: s.code, name: s.name, status: s.status, failureReason: s.failureReason, failureNoticeId: s.failureNoticeId })) },
    section: own ? { code: own.code, name: own.name } : null,
    projectFiles: await projectFiles(deps, r.project, secs),
  };
}

/**
 * The project's public notices, newest first, and its opening record once public (issue 19 §1): the
 * notice detail is the project's portal page. The record's rule is the download's (publicOpeningRecord):
 * nothing of it is shown before it is public.
 */
async function projectFiles(deps: Pick<Deps, 'db'>, p: ProjectRow, secs: { id: number; code: string }[]): Promise<NonNullable<PublicNotice['projectFiles']>> {
  const rows = await deps.db
    .select()
    .from(notices)
    .where(and(eq(notices.projectId, p.id), eq(notices.status, 'published')))
    .orderBy(desc(notices.publishedAt), desc(notices.id));
  const list = rows.map((x): PublicProjectNotice => {
    const { publishedAt } = published(x);
    const sectionCode = secs.find((s) => s.id === x.sectionId)?.code;
    return { id: x.id, kind: x.kind, title: x.title, publishedAt: publishedAt.toISOString(), pdfFileName: noticeFileName({ kind: x.kind, publishedAt }, p, sectionCode), pdfSize: x.pdfSize ?? 0 };
  });
  const rec = await publicOpeningRecord(deps.db, p);
  return {
    notices: list,
    openingRecord: rec ? { version: rec.version, fileName: rec.fileName, size: rec.size, sha256: rec.sha256, url: `/openings/${p.id}/record.pdf`, closedAt: rec.closedAt.toISOString() } : null,
  };
}

/** The sealed PDF of a published notice, verified against its hash while streaming. */
export async function publicNoticePdf(deps: Pick<Deps, 'db' | 'storage'>, id: number): Promise<{ stream: NodeJS.ReadableStream; size: number; fileName: string }> {
  const n = await getPublicNotice(deps, id);
  return {
    stream: await deps.storage.get(n.pdfSha256, n.pdfSize > 0 ? { expectedSize: n.pdfSize } : {}),
    size: n.pdfSize,
    fileName: n.pdfFileName,
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
