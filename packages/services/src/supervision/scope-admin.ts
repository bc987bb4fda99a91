/**
 * Managing what a supervisor supervises (issue 20 §4, M3): the center (staff, platform_admin) sets a
 * supervisor account's scopes, audited in the same transaction; a supervisor reads its own. A bad scope
 * (region code, an industry on a trade type other than engineering, an unknown industry) is refused with
 * a typed VALIDATION naming it, and nothing changes. Scopes apply from the account's next request (the
 * session reads them on each one).
 */
import { eq } from 'drizzle-orm';
import { supervisorScopes, users } from '@ebid/db';
import type { SetSupervisorScopesInput, SupervisorScopeView, UserIdInput } from '@ebid/contracts';
import { AppError, scopeProblem } from '@ebid/domain';
import { audit, requireActor, requireRole, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { scopesOf } from './scope.ts';

/** The scopes of a supervisor account: the center any; a supervisor its own; NOT_FOUND otherwise. */
export async function getSupervisorScopes(deps: Pick<Deps, 'db'>, ctx: RequestContext, input: UserIdInput): Promise<SupervisorScopeView[]> {
  const actor = requireActor(ctx);
  const center = actor.role === 'staff' || actor.role === 'platform_admin';
  if (!center && !(actor.role === 'supervisor' && actor.userId === input.userId)) throw new AppError('NOT_FOUND');
  const [u] = await deps.db.select({ role: users.role }).from(users).where(eq(users.id, input.userId));
  if (!u || u.role !== 'supervisor') throw new AppError('NOT_FOUND');
  return scopesOf(deps.db, input.userId);
}

/** Replace a supervisor account's scopes (the center only). */
export async function setSupervisorScopes(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: SetSupervisorScopesInput): Promise<SupervisorScopeView[]> {
  requireRole(ctx, 'staff', 'platform_admin');
  const scopes = input.scopes.map((s) => ({ regionCode: s.regionCode.trim(), tradeType: s.tradeType, industry: s.industry === '' ? null : s.industry }));
  const seen = new Set<string>();
  scopes.forEach((s, i) => {
    const problem = scopeProblem(s);
    if (problem) {
      const field = problem.reason === 'REGION_CODE' ? 'regionCode' : 'industry';
      throw new AppError('VALIDATION', { zh: `第${i + 1}条监管范围：${problem.messageZh}`, en: `Scope ${i + 1}: ${problem.messageEn}` }, { reason: problem.reason, field: `scopes.${i}.${field}` });
    }
    const key = `${s.regionCode}|${s.tradeType}|${s.industry ?? ''}`;
    if (seen.has(key)) {
      throw new AppError('VALIDATION', { zh: `第${i + 1}条监管范围重复`, en: `Scope ${i + 1} is a duplicate` }, { reason: 'DUPLICATE_SCOPE', field: `scopes.${i}` });
    }
    seen.add(key);
  });
  return deps.db.transaction(async (tx) => {
    const [u] = await tx.select({ id: users.id, role: users.role }).from(users).where(eq(users.id, input.userId)).for('update');
    if (!u) throw new AppError('NOT_FOUND');
    if (u.role !== 'supervisor') {
      throw new AppError('VALIDATION', { zh: '只有监管部门用户有监管范围', en: 'Only supervisor accounts have a supervision scope' }, { reason: 'NOT_SUPERVISOR', field: 'userId' });
    }
    const before = await scopesOf(tx, u.id);
    await tx.delete(supervisorScopes).where(eq(supervisorScopes.userId, u.id));
    if (scopes.length > 0) await tx.insert(supervisorScopes).values(scopes.map((s) => ({ userId: u.id, ...s })));
    const after = await scopesOf(tx, u.id);
    await audit(tx, deps, ctx, { action: 'supervisor.set_scopes', subject: { type: 'user', id: u.id }, payload: { before, scopes: after } });
    return after;
  });
}
