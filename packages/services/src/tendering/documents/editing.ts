/**
 * Adding and removing tender documents (issue 5 §1; S1, N5): files uploaded by hash, versioned by name.
 * While the project is a draft (or under review) the owner side adds and removes documents freely; once
 * the notice is published a new file or version can only come with a draft clarification (an amendment)
 * and becomes visible when that clarification is published.
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import { clarifications, documentDownloads, notices, projects, sections, tenderDocuments, type ProjectRow, type TenderDocumentRow, type Tx } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import { AppError, requiredDocumentKind, requiredDocumentLabel, type ProcedureStatus } from '@ebid/domain';
import type { AddDocumentInput, DocumentRef, DocumentView } from '@ebid/contracts';
import { audit, requireRole, type RequestContext } from '../../context.ts';
import type { Deps } from '../../deps.ts';
import { assertOwnerSide, flagsOf, isPublic } from '../../projects/index.ts';
import { documentView } from './reading.ts';
import { getUploadForUse } from './uploads.ts';
import { currentDocumentIds } from './versions.ts';

const CLOSED_STATES: ReadonlySet<ProcedureStatus> = new Set(['TERMINATED', 'FAILED', 'ARCHIVED']);

export async function addDocument(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: AddDocumentInput): Promise<DocumentView> {
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
    if (input.clarificationId !== undefined) {
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
    if (!d) throw new AppError('INTERNAL');
    // A version issued by a clarification supersedes the old one when the clarification is published;
    // before publication (draft project) it supersedes it at once.
    if (prev && clarificationId === null && prev.supersededAt === null) {
      await tx.update(tenderDocuments).set({ supersededAt: now }).where(eq(tenderDocuments.id, prev.id));
    }
    await audit(tx, deps, ctx, {
      chain: projectChain(p.id),
      action: 'document.add',
      subject: { type: 'document', id: d.id },
      payload: { name: d.name, version: d.version, kind: d.kind, sectionId: d.sectionId, clarificationId, uploadId: upload.id, size: d.size },
      objectHashes: [d.sha256],
    });
    return documentView(d, false);
  });
}

/**
 * Issue 16 §1: while a notice of the project is under review or scheduled, the last current document it
 * needs cannot be removed — a scheduled publication must never find its documents missing.
 */
async function assertNotLastRequired(tx: Tx, p: ProjectRow, d: TenderDocumentRow): Promise<void> {
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
export async function removeDocument(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: DocumentRef): Promise<{ removed: true }> {
  const actor = requireRole(ctx, 'tenderee', 'agent');
  return deps.db.transaction(async (tx) => {
    const [d] = await tx.select().from(tenderDocuments).where(eq(tenderDocuments.id, input.documentId));
    if (!d) throw new AppError('NOT_FOUND');
    const [p] = await tx.select().from(projects).where(eq(projects.id, d.projectId)).for('update');
    if (!p) throw new AppError('NOT_FOUND');
    await assertOwnerSide(tx, deps, actor, p);
    let removable = p.status === 'DRAFT' && d.clarificationId === null;
    if (d.clarificationId !== null) {
      const [c] = await tx.select({ status: clarifications.status }).from(clarifications).where(eq(clarifications.id, d.clarificationId));
      removable = c?.status === 'draft';
    }
    await assertNotLastRequired(tx, p, d);
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
