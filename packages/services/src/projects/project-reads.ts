/** A project as the API shows it (`ProjectView`, contracts/projects.ts), one or a list. */
import { desc, eq, or } from 'drizzle-orm';
import { organizations, projects, sections, type ProjectRow, type Tx } from '@ebid/db';
import { AppError, stepsFor } from '@ebid/domain';
import type { ListProjectsInput, ProjectView } from '@ebid/contracts';
import { requireActor, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { canSee, isCenter, loadProject } from './project-access.ts';
import { flagsOf } from './procedure-events.ts';

export async function toView(tx: Tx, p: ProjectRow): Promise<ProjectView> {
  const secs = await tx.select().from(sections).where(eq(sections.projectId, p.id)).orderBy(sections.code);
  const [org] = await tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, p.tendereeOrgId));
  return {
    id: p.id,
    unifiedDealCode: p.unifiedDealCode,
    tradeType: p.tradeType,
    method: p.method,
    prequalification: p.prequalification,
    name: p.name,
    tendereeOrgId: p.tendereeOrgId,
    tendereeName: org?.name ?? '',
    agentOrgId: p.agentOrgId,
    status: p.status,
    statusDetail: p.statusDetail,
    regionCode: p.regionCode,
    budgetFen: p.budgetFen,
    subject: p.subject,
    priceKind: p.priceKind,
    securityWaived: p.securityWaived,
    propertyKind: p.propertyKind,
    schedule: p.schedule,
    businessHoursEnd: p.businessHoursEnd,
    sections: secs.map((s) => ({
      id: s.id,
      code: s.code,
      name: s.name,
      ceilingFen: s.ceilingFen,
      securityFen: s.securityFen,
      startingPriceFen: s.startingPriceFen,
      incrementFen: s.incrementFen,
      appraisalFen: s.appraisalFen,
      appraisalDate: s.appraisalDate,
      floorApprovalRef: s.floorApprovalRef,
      status: s.status,
      failureReason: s.failureReason,
      failureNoticeId: s.failureNoticeId,
    })),
    steps: stepsFor(flagsOf(p)),
    previousProjectId: p.previousProjectId,
    version: p.version,
    createdAt: p.createdAt.toISOString(),
  };
}

export async function getProject(deps: Pick<Deps, 'db'>, ctx: RequestContext, id: number): Promise<ProjectView> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const p = await loadProject(tx, id);
    if (!canSee(actor, p)) throw new AppError('NOT_FOUND');
    return toView(tx, p);
  });
}

/** The caller's projects: its organization's as tenderee or agent; the center sees all. */
export async function listProjects(deps: Pick<Deps, 'db'>, ctx: RequestContext, input: ListProjectsInput): Promise<ProjectView[]> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(projects)
      .where(isCenter(actor) ? undefined : or(eq(projects.tendereeOrgId, actor.orgId), eq(projects.agentOrgId, actor.orgId)))
      .orderBy(desc(projects.id))
      .limit(input.limit);
    const out: ProjectView[] = [];
    for (const r of rows) out.push(await toView(tx, r));
    return out;
  });
}
