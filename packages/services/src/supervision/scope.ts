/**
 * What a supervisor supervises (issue 20 §4, M3): a supervisor account is scoped by region and trade type
 * (engineering also by industry); every read path of a supervisor goes through these functions. The rule
 * itself (which region code covers which) is domain supervision/scope-rule.ts: a province code covers its
 * cities and districts, a city code its districts, a district itself.
 *
 * A supervisor without a scope row sees no project. Single reads refuse with NOT_FOUND (existence does not
 * leak); lists filter with `supervisedProjectsCondition`. The center (staff, platform_admin) is not scoped.
 */
import { and, asc, eq, inArray, like, or, sql, type SQL } from 'drizzle-orm';
import { projects, supervisorScopes, users, type DbOrTx, type ProjectRow } from '@ebid/db';
import { anyScopeCovers, AppError, regionPrefix, type TradeType } from '@ebid/domain';
import type { Actor } from '../auth/session.ts';

export interface SupervisorScope {
  /** 6-digit 行政区划代码: '330100' covers '330102' (scope-rule.ts). */
  regionCode: string;
  tradeType: TradeType;
  /** Engineering only; null = every industry. */
  industry: string | null;
}

/** The scopes of a supervisor account (empty for anyone else). */
export async function scopesOf(db: DbOrTx, userId: number): Promise<SupervisorScope[]> {
  return db
    .select({ regionCode: supervisorScopes.regionCode, tradeType: supervisorScopes.tradeType, industry: supervisorScopes.industry })
    .from(supervisorScopes)
    .innerJoin(users, eq(users.id, supervisorScopes.userId))
    .where(and(eq(supervisorScopes.userId, userId), eq(users.role, 'supervisor')))
    .orderBy(asc(supervisorScopes.regionCode), asc(supervisorScopes.tradeType), asc(supervisorScopes.industry));
}

/** Does any of the scopes cover the project? */
export function projectInScope(scopes: readonly SupervisorScope[], project: Pick<ProjectRow, 'regionCode' | 'tradeType'> & { industry?: string | null }): boolean {
  return anyScopeCovers(scopes, project);
}

/** The scopes of the actor: those the session loaded (Actor.supervisorScopes), else read now. */
async function actorScopes(db: DbOrTx, actor: Pick<Actor, 'role' | 'userId'> & { supervisorScopes?: readonly SupervisorScope[] }): Promise<readonly SupervisorScope[]> {
  return actor.supervisorScopes ?? (await scopesOf(db, actor.userId));
}

/** The SQL form of one scope on `projects` (the same rule as scope-rule.ts `scopeCovers`). */
function scopeCondition(s: SupervisorScope): SQL | undefined {
  const prefix = regionPrefix(s.regionCode);
  if (prefix === null) return sql`false`;
  return and(
    eq(projects.tradeType, s.tradeType),
    like(projects.regionCode, `${prefix}%`),
    sql`${projects.regionCode} ~ '^[0-9]{6}$'`,
    s.industry === null ? undefined : eq(projects.industry, s.industry as NonNullable<ProjectRow['industry']>),
  );
}

/** The condition for a list of scopes: any of them (no scope: no project). */
export function scopesCondition(scopes: readonly SupervisorScope[]): SQL {
  if (scopes.length === 0) return sql`false`;
  return or(...scopes.map(scopeCondition)) ?? sql`false`;
}

/**
 * A condition on `projects` restricting a list to what the actor may supervise: undefined for everyone but
 * a supervisor (their own access rules apply elsewhere); for a supervisor, the projects of its scopes.
 */
export async function supervisedProjectsCondition(db: DbOrTx, actor: Pick<Actor, 'role' | 'userId'>): Promise<SQL | undefined> {
  if (actor.role !== 'supervisor') return undefined;
  return scopesCondition(await actorScopes(db, actor));
}

/**
 * Throws NOT_FOUND when the actor is a supervisor and the project is outside its scope (a supervisor of
 * another region sees nothing). Pass the project row: without its industry an engineering project is
 * covered only by a scope of every industry (fails closed).
 */
export async function assertSupervises(db: DbOrTx, actor: Pick<Actor, 'role' | 'userId'>, project: Pick<ProjectRow, 'regionCode' | 'tradeType'> & { industry?: string | null }): Promise<void> {
  if (actor.role !== 'supervisor') return;
  if (!projectInScope(await actorScopes(db, actor), project)) throw new AppError('NOT_FOUND');
}

/** Is the actor a supervisor whose scope covers the project? (false for every other role) */
export async function supervisesProject(db: DbOrTx, actor: Pick<Actor, 'role' | 'userId'>, project: Pick<ProjectRow, 'regionCode' | 'tradeType'> & { industry?: string | null }): Promise<boolean> {
  return actor.role === 'supervisor' && projectInScope(await actorScopes(db, actor), project);
}

/** The project ids a supervisor may see among these (all of them for anyone else). */
export async function supervisedProjectIds(db: DbOrTx, actor: Pick<Actor, 'role' | 'userId'>, ids: readonly number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const cond = await supervisedProjectsCondition(db, actor);
  if (!cond) return new Set(ids);
  const rows = await db.select({ id: projects.id }).from(projects).where(and(inArray(projects.id, [...ids]), cond));
  return new Set(rows.map((r) => r.id));
}

/**
 * The active supervisor users whose scope covers the project (they are told of its alerts). Pass the project
 * row: an engineering project given without its industry reaches only the supervisors of every industry.
 */
export async function supervisorUserIdsFor(db: DbOrTx, project: Pick<ProjectRow, 'regionCode' | 'tradeType'> & { industry?: string | null }): Promise<number[]> {
  const rows = await db
    .select({ userId: supervisorScopes.userId, regionCode: supervisorScopes.regionCode, tradeType: supervisorScopes.tradeType, industry: supervisorScopes.industry })
    .from(supervisorScopes)
    .innerJoin(users, eq(users.id, supervisorScopes.userId))
    .where(and(eq(users.role, 'supervisor'), eq(users.active, true), eq(supervisorScopes.tradeType, project.tradeType)));
  const ids = new Set<number>();
  for (const r of rows) if (projectInScope([r], project)) ids.add(r.userId);
  return [...ids].sort((a, b) => a - b);
}
