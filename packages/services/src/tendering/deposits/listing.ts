/** Finding securities: the list (after the bid deadline) and staff's lookup of one (before it too). */
import { and, eq, lt, lte, or, type SQL } from 'drizzle-orm';
import { deposits, organizations, projects, registrations, sections } from '@ebid/db';
import { AppError, PAYMENT_REFERENCE_RE } from '@ebid/domain';
import type { DepositListInput, DepositLookup, DepositView } from '@ebid/contracts';
import { readerOf, readScope, secretBeforeDeadline } from '../../access/before-deadline.ts';
import type { Actor } from '../../auth/session.ts';
import { requireActor, requireRole, type RequestContext } from '../../context.ts';
import type { Deps } from '../../deps.ts';
import { assertOwnerSide, loadProject } from '../../projects/index.ts';
import { assertSupervises, supervisedProjectsCondition } from '../../supervision/scope.ts';
import { selectDeposits, toDepositView, type DepositWithContext } from './views.ts';

const isCenterOrSupervisor = (a: Actor) => a.role === 'staff' || a.role === 'platform_admin' || a.role === 'supervisor';

/**
 * deposit.list: the center sees all, supervisors those of their projects (issue 20 §4); the owner side only its own project (projectId
 * required) — but only securities of projects past their bid deadline: before it the list would name
 * (and count) the registrants (招标投标法 §22, B11). Staff find a security of such a project one at a
 * time with `lookupDeposit`. Asking for one such project is refused (SECRET_UNTIL_DEADLINE) whether or
 * not it has any security; without a project they are left out.
 */
export async function listDeposits(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: DepositListInput): Promise<DepositView[]> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const reader = readerOf(actor.role);
    if (!isCenterOrSupervisor(actor)) {
      if (actor.role !== 'tenderee' && actor.role !== 'agent') throw new AppError('FORBIDDEN');
      if (!input.projectId) throw new AppError('VALIDATION', { zh: '请选择项目', en: 'Choose a project' }, { field: 'projectId' });
      await assertOwnerSide(tx, deps, actor, await loadProject(tx, input.projectId));
    }
    if (input.projectId) {
      const p = await loadProject(tx, input.projectId);
      await assertSupervises(tx, actor, p); // issue 20 §4 (M3)
      if (readScope('deposits', reader, p, now) !== 'open') throw secretBeforeDeadline(p, 'deposits');
    }
    const where = and(
      await supervisedProjectsCondition(tx, actor), // a supervisor: the projects of its scopes only
      input.projectId ? eq(deposits.projectId, input.projectId) : undefined,
      input.status ? eq(deposits.status, input.status) : undefined,
      input.overdueOnly ? and(eq(deposits.status, 'received'), lte(deposits.refundDueAt, now)) : undefined,
    );
    // The deadline is in each project's schedule (jsonb, by trade type), so the secret ones are left out
    // here, page by page, until a full page of visible securities (or the end): the secret ones never
    // crowd the visible ones out of the list.
    const LIMIT = 500;
    const shown: DepositWithContext[] = [];
    let before: number | undefined;
    for (;;) {
      const batch = await selectDeposits(tx, and(where, before === undefined ? undefined : lt(deposits.id, before)), LIMIT);
      for (const r of batch) if (shown.length < LIMIT && readScope('deposits', reader, r.p, now) === 'open') shown.push(r);
      const last = batch.at(-1);
      if (!last || batch.length < LIMIT || shown.length >= LIMIT) break;
      before = last.d.id;
    }
    // The payment reference is the bidder's and the center's only (issue 16 §5).
    return shown.map((r) => ({ ...toDepositView(r, now), ...(actor.role === 'staff' ? {} : { paymentReference: null }) }));
  });
}

/**
 * deposit.lookup (staff): ONE security, found by its bank transaction id or guarantee number (recorded
 * ones) or by the registration's payment reference (BZJ…, issue 16 §5), or by project +
 * section + company (统一社会信用代码 or exact name) when the bidder presents its payment — how staff
 * record, refund or forfeit a security before the bid deadline without a list of registrants (the
 * table's `lookup`). Any miss is the same NOT_FOUND.
 */
export async function lookupDeposit(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: DepositLookup): Promise<DepositView> {
  requireRole(ctx, 'staff');
  const notFound = () => new AppError('NOT_FOUND', { zh: '未找到该保证金', en: 'No such security' });
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    let where: SQL | undefined;
    if ('reference' in input) {
      const ref = input.reference.trim();
      if (!ref) throw notFound();
      where = PAYMENT_REFERENCE_RE.test(ref.toUpperCase()) ? eq(registrations.paymentReference, ref.toUpperCase()) : eq(deposits.reference, ref);
    } else {
      const [p] = await tx.select({ id: projects.id }).from(projects).where(eq(projects.unifiedDealCode, input.projectCode.trim()));
      if (!p) throw notFound();
      const [s] = await tx.select({ id: sections.id }).from(sections).where(and(eq(sections.projectId, p.id), eq(sections.code, input.sectionCode.trim())));
      if (!s) throw notFound();
      const key = input.company.trim();
      const [org] = await tx
        .select({ id: organizations.id })
        .from(organizations)
        .where(and(eq(organizations.kind, 'bidder'), or(eq(organizations.creditCode, key.toUpperCase()), eq(organizations.name, key))))
        .limit(1);
      if (!org) throw notFound();
      where = and(eq(deposits.sectionId, s.id), eq(deposits.bidderOrgId, org.id));
    }
    const [r] = await selectDeposits(tx, where, 1);
    if (!r) throw notFound();
    return toDepositView(r, now);
  });
}
