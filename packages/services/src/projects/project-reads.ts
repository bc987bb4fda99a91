/** A project as the API shows it (`ProjectView`, contracts/projects.ts), one or a list. */
import { and, desc, eq, inArray, or, sql } from 'drizzle-orm';
import { auditEvents, organizations, projects, sections, type ProjectRow, type Tx } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import { AppError, PROCEDURE_STATUSES, procedureStateOf, stepBar, stepsFor, type ProcedureState, type ProcedureStatus } from '@ebid/domain';
import type { ListProjectsInput, ProjectListItem, ProjectView } from '@ebid/contracts';
import { requireActor, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { canSee, isCenter, loadProject } from './project-access.ts';
import { supervisedProjectsCondition } from '../supervision/scope.ts';
import { flagsOf } from './procedure-events.ts';
import { projectWork } from './project-work.ts';

const isStatus = (v: unknown): v is ProcedureStatus => typeof v === 'string' && (PROCEDURE_STATUSES as readonly string[]).includes(v);

/**
 * The procedure state for the step bar (issue 18 §6). A project that failed or was terminated before the
 * machine recorded `stoppedAt` has it recovered from its audit trail: the `project.<event>` entry that
 * moved it to FAILED / TERMINATED names the state it came `from` (and, for a termination while
 * suspended, the suspension before it names the state it was suspended in). No such entry → unknown.
 */
async function stateForSteps(tx: Tx, p: ProjectRow): Promise<ProcedureState> {
  const state = procedureStateOf(p);
  const stopped = state.status === 'FAILED' || state.status === 'TERMINATED' || (state.status === 'ARCHIVED' && (state.failure || state.termination));
  if (!stopped || state.stoppedAt) return state;
  const moves = await tx
    .select({ payload: auditEvents.payload })
    .from(auditEvents)
    .where(and(eq(auditEvents.chain, projectChain(p.id)), eq(auditEvents.subjectType, 'project'), inArray(sql`${auditEvents.payload}->>'to'`, ['FAILED', 'TERMINATED', 'SUSPENDED'])))
    .orderBy(desc(auditEvents.seq))
    .limit(20);
  const payloads = moves.map((m) => m.payload as { from?: unknown; to?: unknown });
  const i = payloads.findIndex((m) => m.to === 'FAILED' || m.to === 'TERMINATED');
  let from = payloads[i]?.from;
  if (from === 'SUSPENDED') from = payloads.slice(i + 1).find((m) => m.to === 'SUSPENDED')?.from;
  return isStatus(from) ? { ...state, stoppedAt: from } : state;
}

export async function toView(tx: Tx, p: ProjectRow): Promise<ProjectView> {
  const bar = stepBar(stepsFor(flagsOf(p), p.tradeType, p.method), await stateForSteps(tx, p));
  const secs = await tx.select().from(sections).where(eq(sections.projectId, p.id)).orderBy(sections.code);
  const [org] = await tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, p.tendereeOrgId));
  const supplierId = p.singleSourceSupplierOrgId;
  const [supplier] = supplierId !== null ? await tx.select({ name: organizations.name, creditCode: organizations.creditCode }).from(organizations).where(eq(organizations.id, supplierId)) : [];
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
    industry: p.industry,
    priceKind: p.priceKind,
    securityWaived: p.securityWaived,
    singleSourceSupplier: supplierId !== null && supplier ? { orgId: supplierId, ...supplier } : null, // issue 18 §3
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
    steps: bar.steps,
    stepStop: bar.stop,
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

/**
 * The caller's projects: its organization's as tenderee or agent; the center sees all, a supervisor those of its scopes. Each with its work
 * (issue 19 §5): documents, clarifications, unanswered objections, criteria, the next date.
 */
export async function listProjects(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: ListProjectsInput): Promise<ProjectListItem[]> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(projects)
      .where(
        isCenter(actor)
          ? undefined
          : actor.role === 'supervisor'
            ? await supervisedProjectsCondition(tx, actor) // issue 20 §4 (M3): the projects of its scopes only
            : or(eq(projects.tendereeOrgId, actor.orgId), eq(projects.agentOrgId, actor.orgId)),
      )
      .orderBy(desc(projects.id))
      .limit(input.limit);
    const work = await projectWork(tx, rows, deps.clock.now());
    const out: ProjectListItem[] = [];
    for (const r of rows) out.push({ ...(await toView(tx, r)), work: work.get(r.id)! });
    return out;
  });
}
