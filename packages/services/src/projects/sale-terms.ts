/**
 * The sale terms of a DRAFT's plot or item (issue 18 §4): the owner side attaches a new appraisal when the
 * old one grew older than 12 months (L7 blocks the listing until then), or — on a re-disclosure (a
 * re-tendered property deal) — lowers the 转让底价, below 90 % of the appraisal only with the approval
 * document. Checked by the same domain rules as a new project (sales/terms.ts); a first disclosure keeps
 * its floor at or above the appraisal. One transaction with its audit event; the project version guards
 * a concurrent edit.
 */
import { and, eq } from 'drizzle-orm';
import { projects, sections } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import { AppError, isSaleTrade, saleSectionViolations } from '@ebid/domain';
import type { ProjectView, SetSaleTermsInput } from '@ebid/contracts';
import { arrivalOf, audit, requireActor, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { assertOwnerSide, lockProject } from './project-access.ts';
import { toView } from './project-reads.ts';

/** project.setSaleTerms (owner side): replace one plot's or item's sale terms while the project is a DRAFT. */
export async function setSaleTerms(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: SetSaleTermsInput): Promise<ProjectView> {
  const actor = requireActor(ctx);
  const at = arrivalOf(ctx, deps);
  return deps.db.transaction(async (tx) => {
    const p = await lockProject(tx, input.projectId);
    await assertOwnerSide(tx, deps, actor, p);
    if (!isSaleTrade(p.tradeType)) {
      throw new AppError('INVALID_STATE', { zh: '只有土地和产权交易项目有出让（转让）条件', en: 'Only land and property sales have sale terms' }, { reason: 'NOT_A_SALE', tradeType: p.tradeType });
    }
    if (p.status !== 'DRAFT') {
      throw new AppError('INVALID_STATE', { zh: '只有草稿状态的项目可以修改出让（转让）条件', en: 'Only a draft project’s sale terms can be changed' }, { status: p.status });
    }
    if (p.version !== input.expectedVersion) throw new AppError('CONFLICT', { zh: '项目已被他人修改，请刷新后重试', en: 'The project changed meanwhile; refresh and retry' });
    const [s] = await tx.select().from(sections).where(and(eq(sections.id, input.sectionId), eq(sections.projectId, p.id)));
    if (!s) throw new AppError('NOT_FOUND');
    const terms = {
      startingPriceFen: input.startingPriceFen ?? null,
      incrementFen: input.incrementFen ?? null,
      appraisalFen: input.appraisalFen ?? null,
      appraisalDate: input.appraisalDate ?? null,
      floorApprovalRef: input.floorApprovalRef?.trim() || null,
    };
    const [v] = saleSectionViolations({ tradeType: p.tradeType, method: p.method, sections: [{ name: s.name, ceilingFen: s.ceilingFen, securityFen: s.securityFen, ...terms }], at, firstDisclosure: p.previousProjectId === null });
    if (v) throw new AppError('VALIDATION', { zh: v.messageZh, en: v.messageEn }, { reason: v.reason, field: v.field, sectionId: s.id });
    await tx.update(sections).set(terms).where(eq(sections.id, s.id));
    const [updated] = await tx
      .update(projects)
      .set({ version: p.version + 1, updatedAt: deps.clock.now() })
      .where(and(eq(projects.id, p.id), eq(projects.version, p.version), eq(projects.status, 'DRAFT')))
      .returning();
    if (!updated) throw new AppError('CONFLICT');
    await audit(tx, deps, ctx, {
      chain: projectChain(p.id),
      action: 'project.sale_terms',
      subject: { type: 'section', id: s.id },
      payload: {
        sectionCode: s.code,
        before: { startingPriceFen: s.startingPriceFen, incrementFen: s.incrementFen, appraisalFen: s.appraisalFen, appraisalDate: s.appraisalDate, floorApprovalRef: s.floorApprovalRef },
        after: terms,
        firstDisclosure: p.previousProjectId === null,
      },
    });
    return toView(tx, updated);
  });
}
