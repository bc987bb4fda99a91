/**
 * The sections a committee draw concerns (issue 21 §3, §7): those whose bid deadline has passed (server
 * time; before it nobody may learn the bidders the avoidance needs, T1) under a procedure that has a drawn
 * committee (E1), each with its committee if one exists (not cancelled). Read-only; for center staff (all
 * projects) and supervisors (the projects of their scope, issue 20) — the same people who may know a
 * committee before its publication (E4, access.ts). Carries no bidder and no expert: the section, its
 * deadline and the committee's id and status.
 */
import { and, eq, inArray, ne } from 'drizzle-orm';
import { committees, projects, sections } from '@ebid/db';
import { AppError, minimumCommitteeSize } from '@ebid/domain';
import type { CommitteeSection } from '@ebid/contracts';
import { requireRole, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { bidDeadlineOf } from '../bids/bidding-window.ts';
import { supervisedProjectsCondition } from '../supervision/scope.ts';

/** The minimum committee size of a procedure (E1, not flagged complex), or null when it has no drawn committee. */
function minSizeOf(p: { tradeType: CommitteeSection['tradeType']; method: CommitteeSection['method']; budgetFen: number | null }): number | null {
  try {
    return minimumCommitteeSize({ tradeType: p.tradeType, method: p.method, budgetFen: p.budgetFen, complex: false });
  } catch (e) {
    if (e instanceof AppError) return null;
    throw e;
  }
}

export async function committeeSections(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext): Promise<CommitteeSection[]> {
  const actor = requireRole(ctx, 'staff', 'supervisor');
  const now = deps.clock.now().getTime();
  const scope = await supervisedProjectsCondition(deps.db, actor);
  const rows = await deps.db
    .select({ s: sections, p: projects })
    .from(sections)
    .innerJoin(projects, eq(projects.id, sections.projectId))
    .where(and(ne(sections.status, 'failed'), ...(scope ? [scope] : [])));
  const due = rows
    .map((r) => ({ ...r, deadline: bidDeadlineOf(r.p), minSize: minSizeOf(r.p) }))
    .filter((r): r is typeof r & { deadline: Date; minSize: number } => r.deadline !== null && r.deadline.getTime() < now && r.minSize !== null);
  const ids = due.map((r) => r.s.id);
  const cs = ids.length
    ? await deps.db
        .select({ id: committees.id, sectionId: committees.sectionId, status: committees.status })
        .from(committees)
        .where(and(inArray(committees.sectionId, ids), ne(committees.status, 'cancelled')))
    : [];
  const bySection = new Map(cs.map((c) => [c.sectionId, c]));
  return due
    .sort((a, b) => b.deadline.getTime() - a.deadline.getTime() || a.p.id - b.p.id || a.s.code.localeCompare(b.s.code))
    .map(({ s, p, deadline, minSize }) => {
      const c = bySection.get(s.id);
      return {
        projectId: p.id,
        projectName: p.name,
        unifiedDealCode: p.unifiedDealCode,
        tradeType: p.tradeType,
        method: p.method,
        budgetFen: p.budgetFen,
        sectionId: s.id,
        sectionCode: s.code,
        sectionName: s.name,
        bidDeadline: deadline.toISOString(),
        minSize,
        committee: c ? { id: c.id, status: c.status } : null,
      };
    });
}
