/**
 * Qualification criteria (issue 5 §5; P1, S1): structured conditions the owner side sets with the
 * documents, frozen once the project is submitted; anyone signed in reads them once the project is public.
 */
import { eq } from 'drizzle-orm';
import { qualificationCriteria, sections, type QualificationCriterionRow } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import { AppError } from '@ebid/domain';
import type { CriterionView, ProjectRef, SetCriteriaInput } from '@ebid/contracts';
import { audit, requireActor, type RequestContext } from '../../context.ts';
import type { Deps } from '../../deps.ts';
import { assertOwnerSide, canSee, loadProject } from '../../projects/index.ts';
import { criterionView, loadCriteria } from './views.ts';

/** Replace all criteria of a draft project (owner side). Frozen once the project is submitted (S1). */
export async function setQualificationCriteria(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: SetCriteriaInput): Promise<CriterionView[]> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const p = await loadProject(tx, input.projectId);
    await assertOwnerSide(tx, deps, actor, p);
    if (p.status !== 'DRAFT') {
      throw new AppError(
        'INVALID_STATE',
        { zh: '项目已提交，资格条件不能再修改（可通过澄清/修改发布）', en: 'The project has been submitted; its qualification criteria are frozen' },
        { status: p.status },
      );
    }
    const secIds = new Set((await tx.select({ id: sections.id }).from(sections).where(eq(sections.projectId, p.id))).map((s) => s.id));
    const seen = new Set<string>();
    input.criteria.forEach((c, i) => {
      const code = c.code.trim();
      if (seen.has(code)) {
        throw new AppError('VALIDATION', { zh: `资格条件编号「${code}」重复`, en: `Duplicate criterion code "${code}"` }, { field: `criteria.${i}.code`, reason: 'DUPLICATE_CODE' });
      }
      seen.add(code);
      if (c.sectionId != null && !secIds.has(c.sectionId)) {
        throw new AppError('VALIDATION', { zh: '标段不属于该项目', en: 'The section is not part of this project' }, { field: `criteria.${i}.sectionId` });
      }
    });
    await tx.delete(qualificationCriteria).where(eq(qualificationCriteria.projectId, p.id));
    const rows: QualificationCriterionRow[] = [];
    for (const [i, c] of input.criteria.entries()) {
      const inserted = await tx
        .insert(qualificationCriteria)
        .values({
          projectId: p.id,
          sectionId: c.sectionId ?? null,
          code: c.code.trim(),
          category: c.category,
          title: c.title.trim(),
          requirement: c.requirement.trim(),
          minValue: c.minValue ?? null,
          unit: c.unit ?? null,
          evidenceRequired: c.evidenceRequired,
          sortOrder: i,
          createdBy: actor.userId,
        })
        .returning();
      rows.push(...inserted);
    }
    await audit(tx, deps, ctx, {
      chain: projectChain(p.id),
      action: 'qualification.criteria.set',
      subject: { type: 'project', id: p.id },
      payload: { criteria: rows.map(criterionView) },
    });
    return rows.map(criterionView);
  });
}

/** The criteria: the owner side and the center always; any signed-in user once the project is public. */
export async function listQualificationCriteria(deps: Pick<Deps, 'db'>, ctx: RequestContext, input: ProjectRef): Promise<CriterionView[]> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const p = await loadProject(tx, input.projectId);
    if (!canSee(actor, p)) throw new AppError('NOT_FOUND');
    return (await loadCriteria(tx, p.id)).map(criterionView);
  });
}
