/** Drafting clarifications (owner side), and reading them: the published ones for anyone who sees the project. */
import { and, desc, eq, lt, sql } from 'drizzle-orm';
import { clarifications, projects } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import { AppError } from '@ebid/domain';
import type { ClarificationRef, ClarificationView, DraftClarificationInput, ProjectRef, UpdateClarificationInput } from '@ebid/contracts';
import { audit, requireActor, requireRole, type RequestContext } from '../../context.ts';
import type { Deps } from '../../deps.ts';
import { assertOwnerSide, canSee, isPartyOrCenter, loadProject } from '../../projects/index.ts';
import { assertDraft, assertOpenForClarification, clarificationView, clarificationViews, oneClarificationView, ownerClarification } from './views.ts';

export async function draftClarification(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: DraftClarificationInput): Promise<ClarificationView> {
  const actor = requireRole(ctx, 'tenderee', 'agent');
  return deps.db.transaction(async (tx) => {
    const [p] = await tx.select().from(projects).where(eq(projects.id, input.projectId)).for('update');
    if (!p) throw new AppError('NOT_FOUND');
    await assertOwnerSide(tx, deps, actor, p);
    assertOpenForClarification(p, deps.clock.now());
    // Drafts carry negative placeholder numbers (-1, -2, …); publishing assigns 1, 2, … in order.
    const [m] = await tx.select({ min: sql<number | null>`min(${clarifications.seq})` }).from(clarifications).where(and(eq(clarifications.projectId, p.id), lt(clarifications.seq, 0)));
    const seq = Math.min(0, Number(m?.min ?? 0)) - 1;
    const [c] = await tx
      .insert(clarifications)
      .values({ projectId: p.id, seq, title: input.title, body: input.body, affectsPreparation: input.affectsPreparation, createdBy: actor.userId })
      .returning();
    if (!c) throw new AppError('INTERNAL');
    await audit(tx, deps, ctx, { chain: projectChain(p.id), action: 'clarification.draft', subject: { type: 'clarification', id: c.id }, payload: { title: input.title, affectsPreparation: input.affectsPreparation } });
    return clarificationView(c, []);
  });
}

export async function updateClarification(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: UpdateClarificationInput): Promise<ClarificationView> {
  const actor = requireRole(ctx, 'tenderee', 'agent');
  return deps.db.transaction(async (tx) => {
    const { c } = await ownerClarification(tx, deps, actor, input.clarificationId);
    assertDraft(c);
    const [u] = await tx
      .update(clarifications)
      .set({ title: input.title, body: input.body, affectsPreparation: input.affectsPreparation, version: c.version + 1 })
      .where(and(eq(clarifications.id, c.id), eq(clarifications.status, 'draft'), eq(clarifications.version, input.expectedVersion)))
      .returning();
    if (!u) throw new AppError('CONFLICT');
    await audit(tx, deps, ctx, { chain: projectChain(c.projectId), action: 'clarification.update', subject: { type: 'clarification', id: c.id }, payload: { title: input.title, affectsPreparation: input.affectsPreparation } });
    return oneClarificationView(tx, u);
  });
}

/** Published clarifications for any signed-in user of a public project; drafts too for the owner side and center. Newest first. */
export async function listClarifications(deps: Pick<Deps, 'db'>, ctx: RequestContext, input: ProjectRef): Promise<ClarificationView[]> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const p = await loadProject(tx, input.projectId);
    const party = isPartyOrCenter(actor, p);
    if (!canSee(actor, p)) throw new AppError('NOT_FOUND');
    const rows = await tx
      .select()
      .from(clarifications)
      .where(and(eq(clarifications.projectId, p.id), party ? undefined : eq(clarifications.status, 'published')))
      .orderBy(desc(clarifications.publishedAt), desc(clarifications.id));
    // drafts (publishedAt null) first for the owner side: postgres sorts nulls first in descending order
    return clarificationViews(tx, rows);
  });
}

/** The sealed PDF of a published clarification, for anyone who may see it. */
export async function clarificationPdf(deps: Pick<Deps, 'db' | 'storage'>, ctx: RequestContext, input: ClarificationRef): Promise<{ stream: NodeJS.ReadableStream; size: number; fileName: string }> {
  const actor = requireActor(ctx);
  const { c, p, sha256 } = await deps.db.transaction(async (tx) => {
    const [c] = await tx.select().from(clarifications).where(eq(clarifications.id, input.clarificationId));
    if (!c || c.status !== 'published' || !c.pdfSha256) throw new AppError('NOT_FOUND');
    const p = await loadProject(tx, c.projectId);
    if (!canSee(actor, p)) throw new AppError('NOT_FOUND');
    return { c, p, sha256: c.pdfSha256 };
  });
  const info = await deps.storage.stat(sha256);
  if (!info) throw new AppError('NOT_FOUND');
  return { stream: await deps.storage.get(sha256), size: info.size, fileName: `澄清-${p.unifiedDealCode}-${c.seq}.pdf` };
}
