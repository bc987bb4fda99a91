/**
 * Who takes part in a project's opening and how (issue 7): the center, its supervisors, the owner side and
 * the bidders with a bid in the project. Everyone else is told the project does not exist (no existence
 * oracle). And how participants are named to each other: other bidders stay 投标人 until publication.
 */
import { and, eq } from 'drizzle-orm';
import { bids, drawCommitments, organizations, projects, users, type Db, type ProjectRow, type Tx } from '@ebid/db';
import { AppError } from '@ebid/domain';
import type { Actor } from '../auth/session.ts';
import type { Deps } from '../deps.ts';
import { isPartyOrCenter } from '../projects/index.ts';
import { supervisesProject } from '../supervision/scope.ts';

export type ViewerKind = 'center' | 'supervisor' | 'owner' | 'bidder';

/** How the actor takes part in the project's opening, or null (not a participant). */
export async function viewerKind(db: Tx | Db, actor: Actor, p: ProjectRow): Promise<ViewerKind | null> {
  if (actor.role === 'staff' || actor.role === 'platform_admin') return 'center';
  if (actor.role === 'supervisor') return (await supervisesProject(db, actor, p)) ? 'supervisor' : null; // its scopes only (issue 20 §4, M3)
  if ((actor.role === 'tenderee' || actor.role === 'agent') && isPartyOrCenter(actor, p)) return 'owner';
  if (actor.role === 'bidder') {
    const [b] = await db
      .select({ id: bids.id })
      .from(bids)
      .where(and(eq(bids.projectId, p.id), eq(bids.bidderOrgId, actor.orgId)))
      .limit(1);
    if (b) return 'bidder';
  }
  return null;
}

/** The project, if the actor takes part in its opening; NOT_FOUND otherwise (no existence oracle). */
export async function loadForViewer(db: Tx | Db, actor: Actor, projectId: number): Promise<{ project: ProjectRow; kind: ViewerKind }> {
  const [p] = await db.select().from(projects).where(eq(projects.id, projectId));
  const kind = p ? await viewerKind(db, actor, p) : null;
  if (!p || !kind) throw new AppError('NOT_FOUND', { zh: '项目不存在或您不是开标参与方', en: 'No such project, or you do not take part in its opening' }, { field: 'projectId' });
  return { project: p, kind };
}

/** May the actor follow the live room topic `opening.<projectId>`? */
export async function mayFollowOpening(deps: Pick<Deps, 'db'>, actor: Actor | null, projectId: number): Promise<boolean> {
  if (!actor) return false;
  const [p] = await deps.db.select().from(projects).where(eq(projects.id, projectId));
  return p ? (await viewerKind(deps.db, actor, p)) !== null : false;
}

/** The participant label of a user for the K contributions list. */
function contributorLabel(role: string, orgName: string): string {
  if (role === 'staff' || role === 'platform_admin') return `交易中心（${orgName}）`;
  if (role === 'supervisor') return `监管部门（${orgName}）`;
  return orgName;
}

/** A K-draw participant's label for a viewer: other bidders are 投标人 until publication. */
export function participantLabel(role: string, orgName: string, viewer: Pick<Actor, 'orgName'>, seeNames: boolean): string {
  return role === 'bidder' && !seeNames && orgName !== viewer.orgName ? '投标人' : contributorLabel(role, orgName);
}

/** The labels of a draw's committed participants, by user id. */
export async function drawParticipantLabels(db: Tx | Db, drawId: number, viewer: Pick<Actor, 'orgName'>, seeNames: boolean): Promise<Map<number, string>> {
  const rows = await db
    .select({ userId: users.id, role: users.role, orgName: organizations.name })
    .from(drawCommitments)
    .innerJoin(users, eq(users.id, drawCommitments.userId))
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(eq(drawCommitments.drawId, drawId));
  return new Map(rows.map((r) => [r.userId, participantLabel(r.role, r.orgName, viewer, seeNames)]));
}
