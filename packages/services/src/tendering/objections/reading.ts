/** Reading objections: the list a caller may see (the filer hidden from other bidders) and the window it would file in. */
import { and, eq, inArray, or } from 'drizzle-orm';
import { objections, organizations } from '@ebid/db';
import { AppError, objectionSubjects, ruleSentence } from '@ebid/domain';
import type { ObjectionView, ObjectionWindowView, ProjectRef } from '@ebid/contracts';
import { requireActor, type RequestContext } from '../../context.ts';
import type { Deps } from '../../deps.ts';
import { loadHolidayTable } from '../../projects/holidays.ts';
import { canSee, isPartyOrCenter, isPublic, loadProject } from '../../projects/index.ts';
import { CLOSED_STATUSES, toView } from './views.ts';
import { documentsWindow } from './windows.ts';

/** The documents window a caller would file in now (the bidder's own first download counts). */
export async function getObjectionWindow(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: ProjectRef): Promise<ObjectionWindowView> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const p = await loadProject(tx, input.projectId);
    if (!canSee(actor, p)) throw new AppError('NOT_FOUND');
    const now = deps.clock.now();
    const { stage, window } = await documentsWindow(tx, p, actor.role === 'bidder' ? actor.orgId : null, now, await loadHolidayTable(tx));
    if (!window) return null;
    return {
      stage,
      closesAt: window.closesAt.toISOString(),
      ruleRef: window.ruleRef,
      rule: ruleSentence(window),
      provisional: window.provisional,
      open: isPublic(p) && !CLOSED_STATUSES.includes(p.status) && now.getTime() < window.closesAt.getTime(),
      subjects: [...objectionSubjects(p.tradeType)],
    };
  });
}

/**
 * A project's objections. The owner side and the center: all, with the filing company. A bidder: its
 * own company's in full, and others' only once answered (published) and without the filer. Anyone else
 * who can see the project: the answered ones, without the filer.
 */
export async function listObjections(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: ProjectRef): Promise<ObjectionView[]> {
  const actor = requireActor(ctx);
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const p = await loadProject(tx, input.projectId);
    const party = isPartyOrCenter(actor, p);
    if (!canSee(actor, p)) throw new AppError('NOT_FOUND');
    const rows = await tx
      .select({ o: objections, filerName: organizations.name })
      .from(objections)
      .innerJoin(organizations, eq(organizations.id, objections.filerOrgId))
      .where(
        and(
          eq(objections.projectId, p.id),
          party ? undefined : or(inArray(objections.status, ['answered', 'declined']), actor.role === 'bidder' ? eq(objections.filerOrgId, actor.orgId) : undefined),
        ),
      )
      .orderBy(objections.id);
    return rows.map(({ o, filerName }) => {
      const mine = actor.role === 'bidder' && o.filerOrgId === actor.orgId;
      return toView(o, now, party || mine ? filerName : null, mine);
    });
  });
}
