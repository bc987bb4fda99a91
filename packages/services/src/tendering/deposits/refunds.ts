/**
 * The end of a security (issue 5 §4; B10, L6): staff refund or forfeit a received one; a refund falls due
 * from the act that triggers it (withdrawal, failed qualification, failure, termination, …), is computed
 * again when a year's holidays are published, and an overdue refund raises a red alert to staff and
 * supervisors (job 'deposit.refund_overdue').
 */
import { and, eq, gt, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import { deposits, projects, users, type Tx } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import { AppError, formatYuan, refundDueAt, type HolidayTable, type RefundTrigger } from '@ebid/domain';
import type { DepositView, ForfeitDepositInput, RefundDepositInput } from '@ebid/contracts';
import { isBeforeDeadline } from '../../access/before-deadline.ts';
import { arrivalOf, audit, requireRole, SYSTEM_CONTEXT, type RequestContext } from '../../context.ts';
import type { Deps } from '../../deps.ts';
import { enqueueJob } from '../../jobs/queue.ts';
import { notify } from '../../notifications/notify.ts';
import { loadHolidayTable } from '../../projects/holidays.ts';
import { loadProject } from '../../projects/index.ts';
import type { DueDateChange } from '../due-date-change.ts';
import { depositView, isOverdue, loadDepositContext, selectDeposits } from './views.ts';
import { supervisorUserIdsFor } from '../../supervision/scope.ts';

export const REFUND_OVERDUE_JOB = 'deposit.refund_overdue';

/** deposit.refund (staff): received → refunded. */
export async function refundDeposit(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: RefundDepositInput): Promise<DepositView> {
  requireRole(ctx, 'staff');
  return deps.db.transaction(async (tx) => {
    const r = await loadDepositContext(tx, input.depositId, true);
    const now = deps.clock.now();
    const [u] = await tx
      .update(deposits)
      .set({ status: 'refunded', refundedAt: now, version: r.d.version + 1 })
      .where(and(eq(deposits.id, r.d.id), eq(deposits.status, 'received')))
      .returning();
    if (!u) throw new AppError('INVALID_STATE', { zh: '只有已到账的保证金可以退还', en: 'Only a received deposit can be refunded' }, { status: r.d.status });
    await audit(tx, deps, ctx, {
      chain: projectChain(r.p.id),
      action: 'deposit.refund',
      subject: { type: 'deposit', id: r.d.id },
      payload: { amountFen: r.d.amountFen, reference: input.reference ?? null, refundDueAt: r.d.refundDueAt?.toISOString() ?? null, late: isOverdue(r.d, now) },
    });
    return depositView(tx, r.d.id, now);
  });
}

/** deposit.forfeit (staff): received → forfeited, with the reason (L6: only by an auditable decision). */
export async function forfeitDeposit(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: ForfeitDepositInput): Promise<DepositView> {
  requireRole(ctx, 'staff');
  const reason = input.reason.trim();
  if (reason.length < 2) throw new AppError('VALIDATION', { zh: '请填写没收理由', en: 'Give the reason for forfeiture' }, { field: 'reason' });
  return deps.db.transaction(async (tx) => {
    const r = await loadDepositContext(tx, input.depositId, true);
    const now = deps.clock.now();
    const [u] = await tx
      .update(deposits)
      .set({ status: 'forfeited', forfeitedAt: now, forfeitReason: reason, version: r.d.version + 1 })
      .where(and(eq(deposits.id, r.d.id), eq(deposits.status, 'received')))
      .returning();
    if (!u) throw new AppError('INVALID_STATE', { zh: '只有已到账的保证金可以没收', en: 'Only a received deposit can be forfeited' }, { status: r.d.status });
    await audit(tx, deps, ctx, { chain: projectChain(r.p.id), action: 'deposit.forfeit', subject: { type: 'deposit', id: r.d.id }, payload: { amountFen: r.d.amountFen, reason } });
    return depositView(tx, r.d.id, now);
  });
}

const overdueJob = (tx: Tx, deps: Pick<Deps, 'clock'>, depositId: number, due: Date) =>
  enqueueJob(tx, deps.clock, { kind: REFUND_OVERDUE_JOB, payload: { depositId }, runAt: due, dedupeKey: `${REFUND_OVERDUE_JOB}:${depositId}:${due.getTime()}` });

/**
 * Cross-part (LIFECYCLE, QUAL, registrations): a refund becomes due (B10). Sets refundDueAt/refundReason
 * on RECEIVED, not yet refunded deposits of the project (or of the given registrations, or of one section
 * that failed alone, issue 16 §7) — an earlier due
 * date already set is kept — and schedules the overdue alert at the due date. Returns how many.
 */
export async function markDepositsForRefund(
  tx: Tx,
  deps: Pick<Deps, 'clock'>,
  ctx: RequestContext,
  input: { projectId: number; trigger: RefundTrigger; registrationIds?: number[]; sectionId?: number },
): Promise<number> {
  if (input.registrationIds && input.registrationIds.length === 0) return 0;
  const p = await loadProject(tx, input.projectId);
  // The refund falls due from the act that triggers it, judged at its arrival (T1).
  const at = arrivalOf(ctx, deps);
  const due = refundDueAt({ tradeType: p.tradeType, trigger: input.trigger, at }, await loadHolidayTable(tx));
  const rows = await tx
    .update(deposits)
    .set({ refundDueAt: due.at, refundDueProvisional: due.provisional, refundTriggeredAt: at, refundReason: input.trigger, version: sql`${deposits.version} + 1` })
    .where(
      and(
        eq(deposits.projectId, p.id),
        eq(deposits.status, 'received'),
        isNull(deposits.refundedAt),
        or(isNull(deposits.refundDueAt), gt(deposits.refundDueAt, due.at)),
        input.registrationIds ? inArray(deposits.registrationId, input.registrationIds) : undefined,
        input.sectionId !== undefined ? eq(deposits.sectionId, input.sectionId) : undefined,
      ),
    )
    .returning({ id: deposits.id });
  for (const r of rows) await overdueJob(tx, deps, r.id, due.at);
  if (rows.length > 0) {
    await audit(tx, deps, ctx, {
      chain: projectChain(p.id),
      action: 'deposit.mark_for_refund',
      subject: { type: 'project', id: p.id },
      payload: { trigger: input.trigger, ...(input.sectionId !== undefined ? { sectionId: input.sectionId } : {}), triggeredAt: at.toISOString(), refundDueAt: due.at.toISOString(), provisional: due.provisional, depositIds: rows.map((r) => r.id) },
    });
  }
  return rows.length;
}

/**
 * A year was published (projects/calendar-years.ts): the refund due date of every received, not yet
 * refunded deposit is computed again from its trigger with the official calendar; a changed one is
 * updated, its red alert re-scheduled and audited, and staff are told. Returns the changes.
 */
export async function recomputeRefundDueDates(tx: Tx, deps: Pick<Deps, 'clock' | 'config'>, ctx: RequestContext, table: HolidayTable): Promise<DueDateChange[]> {
  const rows = await tx
    .select({ d: deposits, p: projects })
    .from(deposits)
    .innerJoin(projects, eq(projects.id, deposits.projectId))
    .where(and(eq(deposits.status, 'received'), isNull(deposits.refundedAt), isNotNull(deposits.refundTriggeredAt), isNotNull(deposits.refundReason)))
    .for('update', { of: deposits });
  const changes: DueDateChange[] = [];
  for (const { d, p } of rows) {
    // Both are set together (markDepositsForRefund) and selected NOT NULL above.
    if (d.refundReason === null || d.refundTriggeredAt === null) continue;
    const due = refundDueAt({ tradeType: p.tradeType, trigger: d.refundReason, at: d.refundTriggeredAt }, table);
    if (d.refundDueAt?.getTime() === due.at.getTime() && d.refundDueProvisional === due.provisional) continue;
    await tx.update(deposits).set({ refundDueAt: due.at, refundDueProvisional: due.provisional, version: d.version + 1 }).where(eq(deposits.id, d.id));
    await overdueJob(tx, deps, d.id, due.at);
    const change: DueDateChange = { kind: 'deposit_refund', id: d.id, projectId: p.id, from: d.refundDueAt?.toISOString() ?? '', to: due.at.toISOString(), provisional: due.provisional };
    changes.push(change);
    await audit(tx, deps, ctx, { chain: projectChain(p.id), action: 'deposit.refund_due_recomputed', subject: { type: 'deposit', id: d.id }, payload: change });
  }
  return changes;
}

/**
 * Job 'deposit.refund_overdue' (enqueued at the refund due date): if the deposit is still not refunded,
 * a red alert to center staff and supervisors (B10, M1), audited. A due date that moved later is left to
 * its own job.
 */
export async function refundOverdueAlert(deps: Pick<Deps, 'db' | 'clock' | 'config'>, depositId: number): Promise<{ alerted: boolean }> {
  return deps.db.transaction(async (tx) => {
    const [r] = await selectDeposits(tx, eq(deposits.id, depositId), 1);
    const now = deps.clock.now();
    if (!r || !isOverdue(r.d, now) || r.d.refundDueAt === null) return { alerted: false };
    // Active staff, and the supervisors whose scope covers the project (issue 20 §4, M3).
    const recipients = [
      ...(await tx.select({ id: users.id }).from(users).where(and(eq(users.role, 'staff'), eq(users.active, true)))),
      ...(await supervisorUserIdsFor(tx, r.p)).map((id) => ({ id })),
    ];
    const amount = formatYuan(r.d.amountFen);
    const dueText = r.d.refundDueAt.toISOString();
    // Before the bid deadline the alert names the security by its reference, not the company (the
    // supervisors get it too; staff look it up by the reference).
    const secret = isBeforeDeadline(r.p, now);
    const whoZh = secret ? `流水号${r.d.reference ?? '—'}` : r.org.name;
    const whoEn = secret ? `reference ${r.d.reference ?? '—'}` : r.org.name;
    await notify(tx, deps, {
      userIds: recipients.map((u) => u.id),
      kind: 'deposit.refund_overdue',
      title: { zh: '【红色预警】保证金退还已超期', en: '[Red alert] Deposit refund overdue' },
      body: {
        zh: `${r.p.name}（${r.p.unifiedDealCode}）标段${r.s.code}：${whoZh}的保证金${amount}元应于${dueText}前退还，至今未退还。`,
        en: `${r.p.name} (${r.p.unifiedDealCode}) section ${r.s.code}: the deposit of CNY ${amount} of ${whoEn} was due for refund by ${dueText} and is still not refunded.`,
      },
      link: '/workspace/staff/deposits',
    });
    await audit(tx, deps, SYSTEM_CONTEXT, {
      chain: projectChain(r.d.projectId),
      action: 'deposit.refund_overdue',
      subject: { type: 'deposit', id: r.d.id },
      payload: { refundDueAt: dueText, refundReason: r.d.refundReason, alert: 'red', notified: recipients.length },
    });
    return { alerted: true };
  });
}
