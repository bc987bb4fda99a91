/**
 * Re-tender (重新招标 after 流标, ZTBT §19 / §44, CG §36; issue 5 §6): a FAILED project is copied once into
 * a new DRAFT linked to it (previousProjectId) — sections, qualification criteria and the current
 * documents (same stored objects) — which then goes through its own schedule, notice and review.
 */
import { and, eq, isNull, or } from 'drizzle-orm';
import { clarifications, projects, qualificationCriteria, sections, tenderDocuments } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import { AppError } from '@ebid/domain';
import { audit, requireActor, type RequestContext } from '../../context.ts';
import type { Deps } from '../../deps.ts';
import { allocateDealCode, assertOwnerSide, canSee, loadProject, toView } from '../../projects/index.ts';
import type { ProjectView } from '@ebid/contracts';

const RETENDER_SUFFIX = '（重新招标）';

/** The owner side re-tenders a FAILED project once: a new DRAFT copy linked to it. */
export async function retenderProject(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: { projectId: number }): Promise<ProjectView> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    // Lock the failed project: two concurrent re-tenders are serialized and the second finds the first.
    const [old] = await tx.select().from(projects).where(eq(projects.id, input.projectId)).for('update');
    if (!old) throw new AppError('NOT_FOUND');
    await assertOwnerSide(tx, deps, actor, old);
    if (old.status !== 'FAILED') {
      throw new AppError('INVALID_STATE', { zh: '只有流标（失败）的项目可以重新招标', en: 'Only a failed project can be re-tendered' }, { status: old.status });
    }
    const [successor] = await tx.select({ id: projects.id }).from(projects).where(eq(projects.previousProjectId, old.id));
    if (successor) {
      throw new AppError('CONFLICT', { zh: '该项目已经重新招标', en: 'This project has already been re-tendered' }, { reason: 'ALREADY_RETENDERED', projectId: successor.id });
    }
    const name = old.name.endsWith(RETENDER_SUFFIX) ? old.name : `${old.name}${RETENDER_SUFFIX}`;
    const code = await allocateDealCode(tx, deps, { regionCode: old.regionCode, tradeType: old.tradeType });
    const [created] = await tx
      .insert(projects)
      .values({
        unifiedDealCode: code,
        tradeType: old.tradeType,
        method: old.method,
        prequalification: old.prequalification,
        name,
        tendereeOrgId: old.tendereeOrgId,
        agentOrgId: old.agentOrgId,
        createdBy: actor.userId,
        regionCode: old.regionCode,
        budgetFen: old.budgetFen,
        propertyKind: old.propertyKind, // issue 18 §4: the deal kind decides the disclosure minimum
        industry: old.industry, // issue 20 §4: the same supervisors see the re-tender
        previousProjectId: old.id,
      })
      .returning();
    if (!created) throw new AppError('INTERNAL');
    const row = created;

    const sectionMap = new Map<number, number>();
    const oldSections = await tx.select().from(sections).where(eq(sections.projectId, old.id)).orderBy(sections.code);
    for (const s of oldSections) {
      const [ns] = await tx
        .insert(sections)
        .values({
          projectId: row.id,
          code: s.code,
          name: s.name,
          ceilingFen: s.ceilingFen,
          securityFen: s.securityFen,
          // Issue 18 §4: a re-listed plot or item keeps its sale terms (a re-disclosure may then lower the floor).
          startingPriceFen: s.startingPriceFen,
          incrementFen: s.incrementFen,
          appraisalFen: s.appraisalFen,
          appraisalDate: s.appraisalDate,
          floorApprovalRef: s.floorApprovalRef,
        })
        .returning({ id: sections.id });
      if (ns) sectionMap.set(s.id, ns.id);
    }
    const mapSection = (id: number | null) => (id === null ? null : (sectionMap.get(id) ?? null));

    const criteria = await tx.select().from(qualificationCriteria).where(eq(qualificationCriteria.projectId, old.id)).orderBy(qualificationCriteria.sortOrder, qualificationCriteria.id);
    for (const c of criteria) {
      await tx.insert(qualificationCriteria).values({
        projectId: row.id,
        sectionId: mapSection(c.sectionId),
        code: c.code,
        category: c.category,
        title: c.title,
        requirement: c.requirement,
        minValue: c.minValue,
        unit: c.unit,
        evidenceRequired: c.evidenceRequired,
        sortOrder: c.sortOrder,
        createdBy: actor.userId,
      });
    }

    // The current documents: not superseded, and not a version still waiting for its clarification.
    const docs = await tx
      .select({ d: tenderDocuments })
      .from(tenderDocuments)
      .leftJoin(clarifications, eq(clarifications.id, tenderDocuments.clarificationId))
      .where(
        and(
          eq(tenderDocuments.projectId, old.id),
          isNull(tenderDocuments.supersededAt),
          or(isNull(tenderDocuments.clarificationId), eq(clarifications.status, 'published')),
        ),
      )
      .orderBy(tenderDocuments.id);
    const copiedDocs: { name: string; sha256: string }[] = [];
    for (const { d } of docs) {
      await tx.insert(tenderDocuments).values({
        projectId: row.id,
        sectionId: mapSection(d.sectionId),
        kind: d.kind,
        name: d.name,
        version: 1,
        sha256: d.sha256,
        size: d.size,
        contentType: d.contentType,
        createdBy: actor.userId,
      });
      copiedDocs.push({ name: d.name, sha256: d.sha256 });
    }

    await audit(tx, deps, ctx, {
      chain: projectChain(row.id),
      action: 'project.create',
      subject: { type: 'project', id: row.id },
      payload: {
        unifiedDealCode: code,
        retenderOf: old.id,
        tradeType: row.tradeType,
        method: row.method,
        name,
        sections: oldSections.length,
        criteria: criteria.length,
        documents: copiedDocs,
      },
      objectHashes: copiedDocs.map((d) => d.sha256),
    });
    await audit(tx, deps, ctx, {
      chain: projectChain(old.id),
      action: 'project.retendered',
      subject: { type: 'project', id: old.id },
      payload: { newProjectId: row.id, newUnifiedDealCode: code, failure: old.statusDetail.failure ?? null },
    });
    return toView(tx, created);
  });
}

/**
 * The project that re-tenders this one (the other direction of previousProjectId), if the caller may see
 * it: the owner side and the center always, anyone else once it is public (a re-tender draft stays hidden).
 */
export async function findSuccessor(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  input: { projectId: number },
): Promise<{ id: number; unifiedDealCode: string; name: string; status: string } | null> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const old = await loadProject(tx, input.projectId);
    if (!canSee(actor, old)) throw new AppError('NOT_FOUND');
    const [n] = await tx.select().from(projects).where(eq(projects.previousProjectId, old.id));
    if (!n || !canSee(actor, n)) return null;
    return { id: n.id, unifiedDealCode: n.unifiedDealCode, name: n.name, status: n.status };
  });
}
