/**
 * Tender documents (issue 5 §1; domain N5–N7, S1): files uploaded by hash, versioned by name. While the
 * project is a draft (or under review) the owner side adds and removes documents freely; once the notice
 * is published a new file or version can only come with a draft clarification (an amendment, S1/N5) and
 * becomes visible when that clarification is published.
 *
 * Any signed-in user may download a visible document of a public project (N7: no registration gate) —
 * except the tender documents of a prequalification project, which only applicants that passed get.
 * Every download is recorded, and nobody (any role) learns who or how many downloaded before the bid
 * deadline (N6, taken strictly): no view carries counts, no audit event names a downloader, and
 * `listDocumentDownloads` refuses until the deadline has passed.
 */
import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import { clarifications, documentDownloads, notices, organizations, projects, registrations, sections, tenderDocuments, users, type Tx } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import { AppError, requiredDocumentKind, requiredDocumentLabel, type RequiredDocumentKind } from '@ebid/domain';
import { readerOf, readScope, secretBeforeDeadline } from '../access/before-deadline.ts';
import type { Actor } from '../auth/session.ts';
import { audit, requireActor, requireRole, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { assertOwnerSide, flagsOf, isPartyOrCenter, isPublic, loadProject } from '../projects/index.ts';
import { getUploadForUse } from './uploads.ts';

export type DocumentKind = (typeof tenderDocuments.$inferSelect)['kind'];
type DocRow = typeof tenderDocuments.$inferSelect;
type ProjectRow = typeof projects.$inferSelect;

export interface DocumentView {
  id: number;
  projectId: number;
  kind: DocumentKind;
  name: string;
  version: number;
  sha256: string;
  size: number;
  contentType: string;
  sectionId: number | null;
  createdAt: string;
  supersededAt: string | null;
  supersedesId: number | null;
  clarificationId: number | null;
  /** Visible to bidders (public project, and its clarification, if any, published). */
  visible: boolean;
}

const CLOSED_STATES = new Set(['TERMINATED', 'FAILED', 'ARCHIVED']);

/** Statuses of the clarifications of a project, by id. */
async function clarificationStatuses(tx: Tx, projectId: number): Promise<Map<number, 'draft' | 'published'>> {
  const rows = await tx.select({ id: clarifications.id, status: clarifications.status }).from(clarifications).where(eq(clarifications.projectId, projectId));
  return new Map(rows.map((r) => [r.id, r.status]));
}

function isVisible(p: ProjectRow, d: DocRow, statuses: Map<number, 'draft' | 'published'>): boolean {
  if (!isPublic(p)) return false;
  return d.clarificationId === null || statuses.get(d.clarificationId) === 'published';
}

const view = (d: DocRow, visible: boolean): DocumentView => ({
  id: d.id,
  projectId: d.projectId,
  kind: d.kind,
  name: d.name,
  version: d.version,
  sha256: d.sha256,
  size: d.size,
  contentType: d.contentType,
  sectionId: d.sectionId,
  createdAt: d.createdAt.toISOString(),
  supersededAt: d.supersededAt?.toISOString() ?? null,
  supersedesId: d.supersedesId,
  clarificationId: d.clarificationId,
  visible,
});

/** Is the actor's company qualified (passed prequalification) in this project? */
async function isQualified(tx: Tx, actor: Actor, projectId: number): Promise<boolean> {
  const [r] = await tx
    .select({ id: registrations.id })
    .from(registrations)
    .where(and(eq(registrations.projectId, projectId), eq(registrations.bidderOrgId, actor.orgId), eq(registrations.status, 'qualified')))
    .limit(1);
  return r !== undefined;
}

/**
 * May a non-owner-side user get this document? The project must be public and the document visible; in a
 * prequalification project the tender documents go only to applicants that passed (the prequalification
 * documents to everyone).
 */
async function bidderMaySee(tx: Tx, actor: Actor, p: ProjectRow, d: DocRow, statuses: Map<number, 'draft' | 'published'>): Promise<boolean> {
  if (!isVisible(p, d, statuses)) return false;
  if (p.prequalification && d.kind === 'tender') return isQualified(tx, actor, p.id);
  return true;
}

export async function addDocument(
  deps: Pick<Deps, 'db' | 'clock'>,
  ctx: RequestContext,
  input: { projectId: number; uploadId: number; kind: DocumentKind; sectionId?: number | null; clarificationId?: number | null },
): Promise<DocumentView> {
  const actor = requireRole(ctx, 'tenderee', 'agent');
  return deps.db.transaction(async (tx) => {
    // Lock the project row: versions of one name are numbered under it.
    const [p] = await tx.select().from(projects).where(eq(projects.id, input.projectId)).for('update');
    if (!p) throw new AppError('NOT_FOUND');
    await assertOwnerSide(tx, deps, actor, p);
    if (CLOSED_STATES.has(p.status)) {
      throw new AppError('INVALID_STATE', { zh: '项目已终止、流标或归档，不能再添加文件', en: 'The project is terminated, failed or archived; no documents can be added' }, { status: p.status });
    }
    let clarificationId: number | null = null;
    if (input.clarificationId !== undefined && input.clarificationId !== null) {
      const [c] = await tx.select().from(clarifications).where(and(eq(clarifications.id, input.clarificationId), eq(clarifications.projectId, p.id)));
      if (!c) throw new AppError('NOT_FOUND', { zh: '澄清不存在', en: 'No such clarification' }, { field: 'clarificationId' });
      if (c.status !== 'draft') {
        throw new AppError('INVALID_STATE', { zh: '澄清已发布，不能再附加文件', en: 'The clarification is published; no documents can be attached' }, { field: 'clarificationId', reason: 'CLARIFICATION_PUBLISHED' });
      }
      clarificationId = c.id;
    } else if (isPublic(p)) {
      // S1/N5: after publication every change to the documents is an amendment, issued by a clarification.
      throw new AppError(
        'INVALID_STATE',
        { zh: '公告发布后，新增或修改招标文件必须通过澄清/修改发布', en: 'After the notice is published, documents can only be added or changed through a clarification' },
        { field: 'clarificationId', reason: 'NEEDS_CLARIFICATION' },
      );
    }
    if (input.kind === 'prequalification' && !p.prequalification) {
      throw new AppError('VALIDATION', { zh: '该项目不采用资格预审', en: 'This project has no prequalification' }, { field: 'kind' });
    }
    if (input.sectionId !== undefined && input.sectionId !== null) {
      const [s] = await tx.select({ id: sections.id }).from(sections).where(and(eq(sections.id, input.sectionId), eq(sections.projectId, p.id)));
      if (!s) throw new AppError('VALIDATION', { zh: '标段不属于该项目', en: 'The section is not part of this project' }, { field: 'sectionId' });
    }
    const upload = await getUploadForUse(tx, actor, input.uploadId);
    const [prev] = await tx
      .select()
      .from(tenderDocuments)
      .where(and(eq(tenderDocuments.projectId, p.id), eq(tenderDocuments.name, upload.fileName)))
      .orderBy(desc(tenderDocuments.version))
      .limit(1);
    const now = deps.clock.now();
    const [d] = await tx
      .insert(tenderDocuments)
      .values({
        projectId: p.id,
        sectionId: input.sectionId ?? null,
        kind: input.kind,
        name: upload.fileName,
        version: (prev?.version ?? 0) + 1,
        sha256: upload.sha256,
        size: upload.size,
        contentType: upload.contentType,
        supersedesId: prev?.id ?? null,
        clarificationId,
        createdBy: actor.userId,
      })
      .returning();
    // A version issued by a clarification supersedes the old one when the clarification is published;
    // before publication (draft project) it supersedes it at once.
    if (prev && clarificationId === null && prev.supersededAt === null) {
      await tx.update(tenderDocuments).set({ supersededAt: now }).where(eq(tenderDocuments.id, prev.id));
    }
    await audit(tx, deps, ctx, {
      chain: projectChain(p.id),
      action: 'document.add',
      subject: { type: 'document', id: d!.id },
      payload: { name: d!.name, version: d!.version, kind: d!.kind, sectionId: d!.sectionId, clarificationId, uploadId: upload.id, size: d!.size },
      objectHashes: [d!.sha256],
    });
    return view(d!, false);
  });
}

/**
 * The ids of the project's current documents of a kind: not superseded, and issued (not waiting in a
 * draft clarification). `except` leaves one document out (the one about to be removed).
 */
export async function currentDocumentIds(tx: Tx, projectId: number, kind: RequiredDocumentKind, except?: number): Promise<number[]> {
  const rows = await tx
    .select({ id: tenderDocuments.id, clarificationStatus: clarifications.status })
    .from(tenderDocuments)
    .leftJoin(clarifications, eq(clarifications.id, tenderDocuments.clarificationId))
    .where(and(eq(tenderDocuments.projectId, projectId), eq(tenderDocuments.kind, kind), isNull(tenderDocuments.supersededAt)));
  return rows.filter((r) => r.id !== except && (r.clarificationStatus === null || r.clarificationStatus === 'published')).map((r) => r.id);
}

/**
 * Issue 16 §1: while a notice of the project is under review or scheduled, the last current document it
 * needs cannot be removed — a scheduled publication must never find its documents missing.
 */
async function assertNotLastRequired(tx: Tx, p: ProjectRow, d: DocRow): Promise<void> {
  if (d.kind === 'attachment' || d.supersededAt !== null || d.supersedesId !== null) return; // removing a new version restores the old one
  const waiting = await tx
    .select({ kind: notices.kind })
    .from(notices)
    .where(and(eq(notices.projectId, p.id), inArray(notices.status, ['pending_review', 'scheduled'])));
  const needing = waiting.find((n) => requiredDocumentKind(n.kind, flagsOf(p)) === d.kind);
  if (!needing || (await currentDocumentIds(tx, p.id, d.kind, d.id)).length > 0) return;
  const label = requiredDocumentLabel(needing.kind, d.kind);
  throw new AppError(
    'INVALID_STATE',
    { zh: `公告正在审核或等待发布，不能删除最后一份${label.zh}`, en: `A notice is under review or scheduled; the last of its ${label.en} cannot be removed` },
    { reason: 'NOTICE_NEEDS_DOCUMENTS', kind: d.kind },
  );
}

/** Remove a document nobody outside the owner side has seen: the project is a draft, or its clarification is. */
export async function removeDocument(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: { documentId: number }): Promise<{ removed: true }> {
  const actor = requireRole(ctx, 'tenderee', 'agent');
  return deps.db.transaction(async (tx) => {
    const [d] = await tx.select().from(tenderDocuments).where(eq(tenderDocuments.id, input.documentId));
    if (!d) throw new AppError('NOT_FOUND');
    const [p] = await tx.select().from(projects).where(eq(projects.id, d.projectId)).for('update');
    await assertOwnerSide(tx, deps, actor, p!);
    let removable = p!.status === 'DRAFT' && d.clarificationId === null;
    if (d.clarificationId !== null) {
      const [c] = await tx.select({ status: clarifications.status }).from(clarifications).where(eq(clarifications.id, d.clarificationId));
      removable = c?.status === 'draft';
    }
    await assertNotLastRequired(tx, p!, d);
    if (!removable) {
      throw new AppError('INVALID_STATE', { zh: '已公开的文件不能删除，请通过澄清发布新版本', en: 'A document that has been made public cannot be removed; issue a new version by a clarification' }, { reason: 'ALREADY_VISIBLE' });
    }
    const [later] = await tx.select({ id: tenderDocuments.id }).from(tenderDocuments).where(eq(tenderDocuments.supersedesId, d.id)).limit(1);
    if (later) throw new AppError('INVALID_STATE', { zh: '该文件已有更新版本，请先删除新版本', en: 'A newer version exists; remove it first' }, { reason: 'HAS_NEWER_VERSION' });
    await tx.delete(documentDownloads).where(eq(documentDownloads.documentId, d.id)); // owner-side previews only (not visible yet)
    await tx.delete(tenderDocuments).where(eq(tenderDocuments.id, d.id));
    if (d.supersedesId !== null) await tx.update(tenderDocuments).set({ supersededAt: null }).where(eq(tenderDocuments.id, d.supersedesId));
    await audit(tx, deps, ctx, { chain: projectChain(d.projectId), action: 'document.remove', subject: { type: 'document', id: d.id }, payload: { name: d.name, version: d.version } });
    return { removed: true as const };
  });
}

/** The documents the actor may see (owner side and center: all, with the `visible` flag). Never a download count (N6). */
export async function listDocuments(deps: Pick<Deps, 'db'>, ctx: RequestContext, input: { projectId: number }): Promise<DocumentView[]> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const p = await loadProject(tx, input.projectId);
    const party = isPartyOrCenter(actor, p);
    if (!party && !isPublic(p)) throw new AppError('NOT_FOUND');
    const rows = await tx.select().from(tenderDocuments).where(eq(tenderDocuments.projectId, p.id)).orderBy(tenderDocuments.name, tenderDocuments.version);
    const statuses = await clarificationStatuses(tx, p.id);
    const out: DocumentView[] = [];
    const qualified = !party && p.prequalification ? await isQualified(tx, actor, p.id) : false;
    for (const d of rows) {
      const visible = isVisible(p, d, statuses);
      if (!party) {
        if (!visible) continue;
        if (p.prequalification && d.kind === 'tender' && !qualified) continue;
      }
      out.push(view(d, visible));
    }
    return out;
  });
}

/**
 * A document's bytes for download (GET /documents/:id): any signed-in user it is visible to (N7: no
 * registration). The download is recorded (document_downloads) — deliberately WITHOUT an audit event:
 * the audit trail is readable by staff and the supervisor before the deadline, and an event naming the
 * downloader would tell them who downloaded (N6). Owner-side/center previews of a document that is not
 * visible yet are not downloads of the issued documents and are not recorded.
 */
export async function openDocumentDownload(
  deps: Pick<Deps, 'db' | 'clock' | 'storage'>,
  ctx: RequestContext,
  input: { documentId: number; record?: boolean },
): Promise<{ stream: NodeJS.ReadableStream; size: number; fileName: string; contentType: string; sha256: string }> {
  const actor = requireActor(ctx);
  const { d, record } = await deps.db.transaction(async (tx) => {
    const [d] = await tx.select().from(tenderDocuments).where(eq(tenderDocuments.id, input.documentId));
    if (!d) throw new AppError('NOT_FOUND');
    const p = await loadProject(tx, d.projectId);
    const statuses = await clarificationStatuses(tx, p.id);
    const party = isPartyOrCenter(actor, p);
    if (!party && !(await bidderMaySee(tx, actor, p, d, statuses))) throw new AppError('NOT_FOUND');
    return { d, record: input.record !== false && isVisible(p, d, statuses) };
  });
  const stream = await deps.storage.get(d.sha256, { expectedSize: d.size });
  if (record) {
    try {
      await deps.db.insert(documentDownloads).values({ documentId: d.id, projectId: d.projectId, userId: actor.userId, orgId: actor.orgId, at: deps.clock.now() });
    } catch (e) {
      (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      throw e;
    }
  }
  return { stream, size: d.size, fileName: d.name, contentType: d.contentType, sha256: d.sha256 };
}

export interface DownloadRecordView {
  orgName: string;
  userDisplayName: string;
  documentName: string;
  documentVersion: number;
  at: string;
}

/**
 * Who downloaded (owner side, center, supervisor) — only once the server clock is past the bid deadline.
 * Before it every role, the platform admin included, gets INVALID_STATE (N6), without any count.
 */
export async function listDocumentDownloads(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: { projectId: number }): Promise<DownloadRecordView[]> {
  const actor = requireRole(ctx, 'tenderee', 'agent', 'staff', 'platform_admin', 'supervisor');
  return deps.db.transaction(async (tx) => {
    const p = await loadProject(tx, input.projectId);
    if (actor.role === 'tenderee' || actor.role === 'agent') await assertOwnerSide(tx, deps, actor, p);
    // N6 (the table in access/before-deadline.ts: `downloads` is `never` before the deadline, for everyone).
    if (readScope('downloads', readerOf(actor.role), p, deps.clock.now()) !== 'open') throw secretBeforeDeadline(p, 'downloads');
    const rows = await tx
      .select({ orgName: organizations.name, userDisplayName: users.displayName, documentName: tenderDocuments.name, documentVersion: tenderDocuments.version, at: documentDownloads.at })
      .from(documentDownloads)
      .innerJoin(tenderDocuments, eq(tenderDocuments.id, documentDownloads.documentId))
      .innerJoin(users, eq(users.id, documentDownloads.userId))
      .innerJoin(organizations, eq(organizations.id, documentDownloads.orgId))
      .where(eq(documentDownloads.projectId, p.id))
      .orderBy(documentDownloads.at, documentDownloads.id);
    return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
  });
}

/** Distinct users who downloaded any document of the project (clarification recipients, N6). */
export async function downloaderUserIds(tx: Tx, projectId: number): Promise<number[]> {
  const rows = await tx.selectDistinct({ userId: documentDownloads.userId }).from(documentDownloads).where(eq(documentDownloads.projectId, projectId));
  return rows.map((r) => r.userId);
}

/** Documents issued by a clarification (for its view and PDF). */
export async function clarificationDocuments(tx: Tx, clarificationIds: number[]): Promise<DocRow[]> {
  if (clarificationIds.length === 0) return [];
  return tx.select().from(tenderDocuments).where(inArray(tenderDocuments.clarificationId, clarificationIds)).orderBy(tenderDocuments.name);
}

/** On publishing a clarification: the versions it issues now supersede the old ones. */
export async function supersedeByClarification(tx: Tx, clarificationId: number, at: Date): Promise<void> {
  const issued = await tx.select({ old: tenderDocuments.supersedesId }).from(tenderDocuments).where(eq(tenderDocuments.clarificationId, clarificationId));
  const old = issued.map((r) => r.old).filter((x): x is number => x !== null);
  if (old.length === 0) return;
  await tx.update(tenderDocuments).set({ supersededAt: at }).where(and(inArray(tenderDocuments.id, old), isNull(tenderDocuments.supersededAt)));
}
