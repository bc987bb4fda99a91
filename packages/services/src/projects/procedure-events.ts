/**
 * A project's procedure is the domain state machine (packages/domain procedure/machine.ts), driven by
 * the flags of its trade type and method: here a stored project row meets it.
 */
import { and, eq } from 'drizzle-orm';
import { projects, type ProjectRow, type Tx } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import { AppError, procedureFlags, procedureStateOf, transition, type ProcedureEvent, type ProcedureFlags } from '@ebid/domain';
import { audit, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';

export function flagsOf(p: Pick<ProjectRow, 'tradeType' | 'method' | 'prequalification'>): ProcedureFlags {
  return procedureFlags(p.tradeType, p.method, p.prequalification ? { prequalification: true } : {});
}

/** Apply one procedure event with a guarded status update (WHERE status = expected). */
export async function applyProjectEvent(tx: Tx, deps: Pick<Deps, 'clock'>, ctx: RequestContext, p: ProjectRow, event: ProcedureEvent): Promise<ProjectRow> {
  const { status, ...detail } = transition(procedureStateOf(p), event, flagsOf(p));
  const [updated] = await tx
    .update(projects)
    .set({ status, statusDetail: detail, version: p.version + 1, updatedAt: deps.clock.now() })
    .where(and(eq(projects.id, p.id), eq(projects.status, p.status), eq(projects.version, p.version)))
    .returning();
  if (!updated) throw new AppError('CONFLICT', { zh: '项目状态已变化，请刷新后重试', en: 'The project state changed meanwhile; refresh and retry' });
  await audit(tx, deps, ctx, {
    chain: projectChain(p.id),
    action: `project.${event.type}`,
    subject: { type: 'project', id: p.id },
    payload: { from: p.status, to: status, event },
  });
  return updated;
}
