/** An agent acts for a tenderee under a recorded mandate (DESIGN §5). */
import { and, desc, eq, gt, isNull, lte, or } from 'drizzle-orm';
import { mandates, organizations, type DbOrTx, type MandateRow } from '@ebid/db';
import type { Mandate, RecordMandateInput } from '@ebid/contracts';
import { AppError } from '@ebid/domain';
import { audit, requireActor, requireRole, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';

const view = (m: MandateRow): Mandate => ({
  id: m.id,
  agentOrgId: m.agentOrgId,
  tendereeOrgId: m.tendereeOrgId,
  scope: m.scope,
  validFrom: m.validFrom.toISOString(),
  validTo: m.validTo.toISOString(),
  revokedAt: m.revokedAt?.toISOString() ?? null,
});

/** Recorded by the tenderee itself (for its own organization) or by center staff. */
export async function recordMandate(
  deps: Pick<Deps, 'db' | 'clock'>,
  ctx: RequestContext,
  input: RecordMandateInput,
): Promise<Mandate> {
  const actor = requireRole(ctx, 'tenderee', 'staff', 'platform_admin');
  if (actor.role === 'tenderee' && actor.orgId !== input.tendereeOrgId) throw new AppError('FORBIDDEN');
  const validFrom = new Date(input.validFrom);
  const validTo = new Date(input.validTo);
  if (validTo <= validFrom) {
    throw new AppError('VALIDATION', { zh: '委托期限的结束时间必须晚于开始时间', en: 'The mandate must end after it starts' }, { field: 'validTo' });
  }
  return deps.db.transaction(async (tx) => {
    const orgs = await tx.select().from(organizations).where(or(eq(organizations.id, input.agentOrgId), eq(organizations.id, input.tendereeOrgId)));
    const agent = orgs.find((o) => o.id === input.agentOrgId);
    const tenderee = orgs.find((o) => o.id === input.tendereeOrgId);
    if (!agent || agent.kind !== 'agent' || agent.status !== 'active') {
      throw new AppError('VALIDATION', { zh: '代理机构不存在或未通过审核', en: 'No such approved agent' }, { field: 'agentOrgId' });
    }
    if (!tenderee || tenderee.kind !== 'tenderee' || tenderee.status !== 'active') {
      throw new AppError('VALIDATION', { zh: '招标人不存在或未通过审核', en: 'No such approved tenderee' }, { field: 'tendereeOrgId' });
    }
    const [m] = await tx
      .insert(mandates)
      .values({ ...input, validFrom, validTo, createdBy: actor.userId })
      .returning();
    if (!m) throw new AppError('INTERNAL');
    await audit(tx, deps, ctx, { action: 'mandate.create', subject: { type: 'mandate', id: m.id }, payload: view(m) });
    return view(m);
  });
}

/** Mandates the caller's organization is party to (staff: all). */
export async function listMandates(deps: Pick<Deps, 'db'>, ctx: RequestContext): Promise<Mandate[]> {
  const actor = requireActor(ctx);
  const center = actor.role === 'staff' || actor.role === 'platform_admin' || actor.role === 'supervisor';
  const rows = await deps.db
    .select()
    .from(mandates)
    .where(center ? undefined : or(eq(mandates.agentOrgId, actor.orgId), eq(mandates.tendereeOrgId, actor.orgId)))
    .orderBy(desc(mandates.id));
  return rows.map(view);
}

/** Is there a mandate in force now for this agent and tenderee? (Later capabilities check it.) */
export async function hasMandate(db: DbOrTx, agentOrgId: number, tendereeOrgId: number, at: Date): Promise<boolean> {
  const [m] = await db
    .select({ id: mandates.id })
    .from(mandates)
    .where(
      and(
        eq(mandates.agentOrgId, agentOrgId),
        eq(mandates.tendereeOrgId, tendereeOrgId),
        isNull(mandates.revokedAt),
        lte(mandates.validFrom, at),
        gt(mandates.validTo, at),
      ),
    )
    .limit(1);
  return m !== undefined;
}
