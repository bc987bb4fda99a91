/**
 * Reading registrations: my company's (with its security card), a project's (the owner side and the
 * center, after the bid deadline: 招标投标法 §22, B11), and the public projects a bidder may still
 * register for.
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import { organizations, projects, registrations, sections } from '@ebid/db';
import { allowedSecurityForms, availability, registrationDeadlineOf, type ProcedureStatus } from '@ebid/domain';
import type { MyRegistrationView, OpenProjectView, ProjectRef, RegistrationView } from '@ebid/contracts';
import { readerOf, readScope, secretBeforeDeadline } from '../../access/before-deadline.ts';
import { requireActor, requireRole, type RequestContext } from '../../context.ts';
import type { Deps } from '../../deps.ts';
import { assertOwnerSide, loadProject } from '../../projects/index.ts';
import { assertSupervises } from '../../supervision/scope.ts';
import { selectRegistrations, toRegistrationView } from './views.ts';

/** Project statuses in which a company may still register (subject to the deadline). */
const REGISTRATION_OPEN_STATUSES: readonly ProcedureStatus[] = ['PUBLISHED', 'PREQUALIFIED', 'BIDDING'];

/** registration.mine (bidder): my company's registrations, newest first. */
export async function myRegistrations(deps: Pick<Deps, 'db' | 'clock' | 'config'>, ctx: RequestContext): Promise<MyRegistrationView[]> {
  const actor = requireRole(ctx, 'bidder');
  return deps.db.transaction(async (tx) => {
    const rows = await selectRegistrations(tx).where(eq(registrations.bidderOrgId, actor.orgId)).orderBy(desc(registrations.id)).limit(500);
    const projectIds = [...new Set(rows.map((r) => r.r.projectId))];
    const ps = projectIds.length ? await tx.select().from(projects).where(inArray(projects.id, projectIds)) : [];
    const byId = new Map(ps.map((p) => [p.id, p]));
    const now = deps.clock.now();
    return rows.flatMap((row) => {
      const p = byId.get(row.r.projectId);
      if (!p) return [];
      return [
        {
          ...toRegistrationView(row, now),
          project: {
            id: p.id,
            unifiedDealCode: p.unifiedDealCode,
            name: p.name,
            status: p.status,
            tradeType: p.tradeType,
            method: p.method,
            deadline: registrationDeadlineOf(p)?.toISOString() ?? null,
          },
          security: { waived: p.securityWaived, allowedForms: [...allowedSecurityForms(p.tradeType)], account: deps.config.depositAccount },
        },
      ];
    });
  });
}

/**
 * registration.forProject: the owner side of the project, the center and its supervisors — after the bid
 * deadline (招标投标法 §22, B11: before it nobody learns who registered, nor how many). A
 * prequalification project's applicants are shown from the application deadline on, for the review,
 * without their securities (the table in access/before-deadline.ts). Before that, one refusal
 * (SECRET_UNTIL_DEADLINE) whether or not anyone registered.
 */
export async function projectRegistrations(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: ProjectRef): Promise<RegistrationView[]> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const p = await loadProject(tx, input.projectId);
    if (!(actor.role === 'staff' || actor.role === 'platform_admin' || actor.role === 'supervisor')) await assertOwnerSide(tx, deps, actor, p);
    await assertSupervises(tx, actor, p); // issue 20 §4 (M3): a supervisor of another region sees nothing
    const now = deps.clock.now();
    const reader = readerOf(actor.role);
    const scope = p.prequalification ? readScope('prequal_applicants', reader, p, now) : readScope('registrants', reader, p, now);
    if (scope !== 'open') throw secretBeforeDeadline(p, p.prequalification ? 'prequal_applicants' : 'registrants');
    const depositsShown = readScope('deposits', reader, p, now) === 'open';
    const rows = await selectRegistrations(tx).where(eq(registrations.projectId, p.id)).orderBy(sections.code, registrations.id);
    // The payment reference is the bidder's and the center's (issue 16 §5), not the owner side's.
    const referenceShown = actor.role === 'staff';
    return rows.map((r) => {
      const v = { ...toRegistrationView(r, now), paymentReference: referenceShown ? r.r.paymentReference : null };
      return depositsShown ? v : { ...v, deposit: null, depositSecret: true };
    });
  });
}

/** registration.openProjects (bidder): public projects still accepting registrations, with my company's status per section. */
export async function openProjectsForBidder(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: { limit?: number } = {}): Promise<OpenProjectView[]> {
  const actor = requireRole(ctx, 'bidder');
  const limit = Math.min(input.limit ?? 100, 100);
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const candidates = await tx
      .select({ p: projects, tendereeName: organizations.name })
      .from(projects)
      .innerJoin(organizations, eq(organizations.id, projects.tendereeOrgId))
      .where(inArray(projects.status, [...REGISTRATION_OPEN_STATUSES]))
      .orderBy(desc(projects.id))
      .limit(500);
    // Status, then server time ≤ the registration deadline: the rule the page disables 报名 with.
    const open = candidates.filter((c) => availability('registration.apply', c.p, now).enabled).slice(0, limit);
    if (open.length === 0) return [];
    const ids = open.map((c) => c.p.id);
    const secs = await tx.select().from(sections).where(inArray(sections.projectId, ids)).orderBy(sections.code);
    const mine = await tx
      .select({ id: registrations.id, sectionId: registrations.sectionId, status: registrations.status })
      .from(registrations)
      .where(and(inArray(registrations.projectId, ids), eq(registrations.bidderOrgId, actor.orgId)));
    const mineBySection = new Map(mine.map((m) => [m.sectionId, m]));
    return open.map(({ p, tendereeName }) => ({
      id: p.id,
      unifiedDealCode: p.unifiedDealCode,
      name: p.name,
      tradeType: p.tradeType,
      method: p.method,
      prequalification: p.prequalification,
      status: p.status,
      tendereeName,
      deadline: registrationDeadlineOf(p)?.toISOString() ?? null,
      sections: secs
        .filter((s) => s.projectId === p.id)
        .map((s) => {
          const m = mineBySection.get(s.id);
          return { id: s.id, code: s.code, name: s.name, securityFen: s.securityFen, myRegistration: m ? { id: m.id, status: m.status } : null };
        }),
    }));
  });
}
