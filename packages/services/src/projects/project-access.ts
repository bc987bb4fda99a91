/**
 * Who may see and act on a project (issue 4 §1): the owner side (the tenderee, or its agent under a
 * mandate in force), the center, and — once the notice is public — any signed-in user. Loading a project
 * row lives here too, so every use case starts the same way.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { projects, users, type DbOrTx, type ProjectRow, type Tx } from '@ebid/db';
import { AppError } from '@ebid/domain';
import type { Actor } from '../auth/session.ts';
import type { Deps } from '../deps.ts';
import { projectInScope } from '../supervision/scope.ts';
import { hasMandate } from '../identity/mandates.ts';

/** Center staff and platform administrators see every project (supervisors only theirs: `supervises`). */
export const isCenter = (a: Actor) => a.role === 'staff' || a.role === 'platform_admin';

/** The fields of a project that decide who may see it. */
export type ProjectAccessFields = Pick<ProjectRow, 'tendereeOrgId' | 'agentOrgId' | 'regionCode' | 'tradeType' | 'industry'>;

/**
 * Is the actor a supervisor whose scope covers the project (issue 20 §4, M3)? Uses the scopes the session
 * loaded; a supervisor actor without them supervises nothing.
 */
export function supervises(a: Actor, p: Pick<ProjectRow, 'regionCode' | 'tradeType' | 'industry'>): boolean {
  return a.role === 'supervisor' && projectInScope(a.supervisorScopes ?? [], p);
}

/** The center, or a supervisor of this project: they see all of it (read-only for supervisors, M3). */
export function isCenterFor(a: Actor, p: Pick<ProjectRow, 'regionCode' | 'tradeType' | 'industry'>): boolean {
  return isCenter(a) || supervises(a, p);
}

/** Is the actor the owner side (tenderee or agent organization) of the project, the center, or its supervisor? */
export function isPartyOrCenter(actor: Actor, p: ProjectAccessFields): boolean {
  return isCenterFor(actor, p) || actor.orgId === p.tendereeOrgId || (p.agentOrgId !== null && actor.orgId === p.agentOrgId);
}

/** Has the project been made public (its notice published)? Drafts and notices under review are not. */
export function isPublic(p: Pick<ProjectRow, 'status'>): boolean {
  return p.status !== 'DRAFT' && p.status !== 'PENDING_REVIEW';
}

/**
 * May the actor see this project? Parties and the center always; any signed-in user once it is public
 * (bidders work from it) — except a supervisor, who sees the projects of its scope and no other (issue 20
 * §4: a supervisor of another region sees nothing; the public portal stays public); everyone else gets
 * NOT_FOUND (no existence leak).
 */
export function canSee(actor: Actor, p: ProjectAccessFields & Pick<ProjectRow, 'status'>): boolean {
  if (actor.role === 'supervisor') return supervises(actor, p);
  return isPartyOrCenter(actor, p) || isPublic(p);
}

/** The refusal when an agent acts for a tenderee without a mandate in force. */
export function noMandate(): AppError {
  return new AppError('FORBIDDEN', { zh: '代理机构没有该招标人的有效委托', en: 'The agent has no mandate in force from this tenderee' }, { reason: 'NO_MANDATE' });
}

/** May the actor act for the owner side (edit, schedule, submit)? The tenderee, or its agent under a mandate in force. */
export async function assertOwnerSide(tx: Tx, deps: Pick<Deps, 'clock'>, actor: Actor, p: ProjectRow): Promise<void> {
  if (actor.role === 'tenderee' && actor.orgId === p.tendereeOrgId) return;
  if (actor.role === 'agent' && p.agentOrgId === actor.orgId) {
    if (await hasMandate(tx, actor.orgId, p.tendereeOrgId, deps.clock.now())) return;
    throw noMandate();
  }
  if (canSee(actor, p)) throw new AppError('FORBIDDEN');
  throw new AppError('NOT_FOUND');
}

export async function loadProject(tx: DbOrTx, id: number): Promise<ProjectRow> {
  const [p] = await tx.select().from(projects).where(eq(projects.id, id));
  if (!p) throw new AppError('NOT_FOUND');
  return p;
}

/** The project row locked for update until the transaction ends. */
export async function lockProject(tx: Tx, id: number): Promise<ProjectRow> {
  const [p] = await tx.select().from(projects).where(eq(projects.id, id)).for('update');
  if (!p) throw new AppError('NOT_FOUND');
  return p;
}

/** The active users of the owner side's organizations (tenderee and agent), whatever their role. */
export async function ownerSideUsers(tx: Tx, p: Pick<ProjectRow, 'tendereeOrgId' | 'agentOrgId'>): Promise<number[]> {
  const orgIds = [p.tendereeOrgId, ...(p.agentOrgId !== null ? [p.agentOrgId] : [])];
  const rows = await tx.select({ id: users.id }).from(users).where(and(inArray(users.orgId, orgIds), eq(users.active, true)));
  return rows.map((r) => r.id);
}

/** The active center staff (who review notices). */
export async function activeStaff(tx: Tx): Promise<number[]> {
  return (await tx.select({ id: users.id }).from(users).where(and(eq(users.role, 'staff'), eq(users.active, true)))).map((u) => u.id);
}

/** Every staff user, active or not (those told that something awaits review). */
export async function staffUsers(tx: Tx): Promise<number[]> {
  return (await tx.select({ id: users.id }).from(users).where(eq(users.role, 'staff'))).map((u) => u.id);
}
