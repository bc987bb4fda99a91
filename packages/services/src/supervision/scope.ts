/**
 * What a supervisor supervises (issue 20 §4, M3): a supervisor account is scoped by region and trade type
 * (engineering also by industry); every read path of a supervisor goes through these functions.
 *
 * GROUNDWORK STUB (issue 20): the signatures are final; the bodies keep today's behaviour (a supervisor
 * sees every project, every active supervisor is told) until the scope work lands.
 */
import { and, eq, type SQL } from 'drizzle-orm';
import { users, type DbOrTx, type ProjectRow } from '@ebid/db';
import type { TradeType } from '@ebid/domain';
import type { Actor } from '../auth/session.ts';

export interface SupervisorScope {
  /** 行政区划代码 prefix: '3301' covers '330102'. */
  regionCode: string;
  tradeType: TradeType;
  /** Engineering only; null = every industry. */
  industry: string | null;
}

/** The scopes of a supervisor account (empty for anyone else). */
export async function scopesOf(_db: DbOrTx, _userId: number): Promise<SupervisorScope[]> {
  return [];
}

/** Does any of the scopes cover the project? */
export function projectInScope(_scopes: readonly SupervisorScope[], _project: Pick<ProjectRow, 'regionCode' | 'tradeType'> & { industry?: string | null }): boolean {
  return true;
}

/**
 * A condition on `projects` restricting a list to what the actor may supervise: undefined for everyone but
 * a supervisor (their own access rules apply elsewhere); for a supervisor, the projects of its scopes.
 */
export async function supervisedProjectsCondition(_db: DbOrTx, _actor: Pick<Actor, 'role' | 'userId'>): Promise<SQL | undefined> {
  return undefined;
}

/** Throws NOT_FOUND when the actor is a supervisor and the project is outside its scope (a supervisor of another region sees nothing). */
export async function assertSupervises(_db: DbOrTx, _actor: Pick<Actor, 'role' | 'userId'>, _project: Pick<ProjectRow, 'regionCode' | 'tradeType'>): Promise<void> {}

/** The active supervisor users whose scope covers the project (they are told of its alerts). */
export async function supervisorUserIdsFor(db: DbOrTx, _project: Pick<ProjectRow, 'regionCode' | 'tradeType'>): Promise<number[]> {
  return (await db.select({ id: users.id }).from(users).where(and(eq(users.role, 'supervisor'), eq(users.active, true)))).map((u) => u.id);
}
