/**
 * Reading tender documents (N6, N7): any signed-in user may download a visible document of a public
 * project (no registration gate) — except the tender documents of a prequalification project, which only
 * applicants that passed get. Every download is recorded, and nobody (any role) learns who or how many
 * downloaded before the bid deadline: no view carries counts, no audit event names a downloader, and
 * `listDocumentDownloads` refuses until the deadline has passed.
 */
import { and, eq } from 'drizzle-orm';
import { clarifications, documentDownloads, organizations, registrations, tenderDocuments, users, type ProjectRow, type TenderDocumentRow, type Tx } from '@ebid/db';
import { AppError } from '@ebid/domain';
import type { DocumentRef, DocumentView, DownloadRecordView, ProjectRef } from '@ebid/contracts';
import { readerOf, readScope, secretBeforeDeadline } from '../../access/before-deadline.ts';
import type { Actor } from '../../auth/session.ts';
import { requireActor, requireRole, type RequestContext } from '../../context.ts';
import type { Deps } from '../../deps.ts';
import { assertOwnerSide, canSee, isPartyOrCenter, isPublic, loadProject } from '../../projects/index.ts';
import { assertSupervises } from '../../supervision/scope.ts';

type ClarificationStatuses = Map<number, 'draft' | 'published'>;

/** Statuses of the clarifications of a project, by id. */
async function clarificationStatuses(tx: Tx, projectId: number): Promise<ClarificationStatuses> {
  const rows = await tx.select({ id: clarifications.id, status: clarifications.status }).from(clarifications).where(eq(clarifications.projectId, projectId));
  return new Map(rows.map((r) => [r.id, r.status]));
}

function isVisible(p: ProjectRow, d: TenderDocumentRow, statuses: ClarificationStatuses): boolean {
  if (!isPublic(p)) return false;
  return d.clarificationId === null || statuses.get(d.clarificationId) === 'published';
}

export const documentView = (d: TenderDocumentRow, visible: boolean): DocumentView => ({
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
async function bidderMaySee(tx: Tx, actor: Actor, p: ProjectRow, d: TenderDocumentRow, statuses: ClarificationStatuses): Promise<boolean> {
  if (!isVisible(p, d, statuses)) return false;
  if (p.prequalification && d.kind === 'tender') return isQualified(tx, actor, p.id);
  return true;
}

/** The documents the actor may see (owner side and center: all, with the `visible` flag). Never a download count (N6). */
export async function listDocuments(deps: Pick<Deps, 'db'>, ctx: RequestContext, input: ProjectRef): Promise<DocumentView[]> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const p = await loadProject(tx, input.projectId);
    const party = isPartyOrCenter(actor, p);
    if (!canSee(actor, p)) throw new AppError('NOT_FOUND');
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
      out.push(documentView(d, visible));
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
  input: DocumentRef & { record?: boolean },
): Promise<{ stream: NodeJS.ReadableStream; size: number; fileName: string; contentType: string; sha256: string }> {
  const actor = requireActor(ctx);
  const { d, record } = await deps.db.transaction(async (tx) => {
    const [d] = await tx.select().from(tenderDocuments).where(eq(tenderDocuments.id, input.documentId));
    if (!d) throw new AppError('NOT_FOUND');
    const p = await loadProject(tx, d.projectId);
    const statuses = await clarificationStatuses(tx, p.id);
    if (actor.role === 'supervisor' && !canSee(actor, p)) throw new AppError('NOT_FOUND'); // issue 20 §4 (M3)
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

/**
 * Who downloaded (owner side, center, supervisor) — only once the server clock is past the bid deadline.
 * Before it every role, the platform admin included, gets INVALID_STATE (N6), without any count.
 */
export async function listDocumentDownloads(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: ProjectRef): Promise<DownloadRecordView[]> {
  const actor = requireRole(ctx, 'tenderee', 'agent', 'staff', 'platform_admin', 'supervisor');
  return deps.db.transaction(async (tx) => {
    const p = await loadProject(tx, input.projectId);
    if (actor.role === 'tenderee' || actor.role === 'agent') await assertOwnerSide(tx, deps, actor, p);
    await assertSupervises(tx, actor, p); // issue 20 §4 (M3)
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
