/**
 * The end of a security (issue 5 §4; B10, L6): staff refund or forfeit a received one; a refund falls due
 * from the act that triggers it (withdrawal, failed qualification, failure, termination, …), is computed
 * again when a year's holidays are published. Each refund due is a 'deposit.refund' checkpoint (issue 20
 * §1, M1): yellow a day before, red when overdue, raised once each to staff and supervisors by the engine
 * with the words of `depositRefundRaiser`; the refund (or the forfeiture) completes it.
 */
import { and, eq, gt, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import { deposits, projects, type Tx } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import { AppError, checkpointAt, formatYuan, refundDueAt, type HolidayTable, type RefundTrigger } from '@ebid/domain';
import type { DepositView, ForfeitDepositInput, RefundDepositInput } from '@ebid/contracts';
import { isBeforeDeadline } from '../../access/before-deadline.ts';
import { arrivalOf, audit, requireRole, type RequestContext } from '../../context.ts';
import type { Deps } from '../../deps.ts';
import { loadHolidayTable } from '../../projects/holidays.ts';
import { loadProject } from '../../projects/index.ts';
import { completeCheckpoint, declareCheckpoint, findCheckpoint, warnOverrides } from '../../supervision/checkpoints.ts';
import { evaluateCheckpoint, type CheckpointRaiser } from '../../supervision/engine.ts';
import type { DueDateChange } from '../due-date-change.ts';
import { depositView, isOverdue, loadDepositContext, selectDeposits } from './views.ts';

const subjectKeyOf = (depositId: number) => `deposit:${depositId}`;

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
    await completeCheckpoint(tx, deps, { projectId: r.p.id, kind: 'deposit.refund', subjectKey: subjectKeyOf(r.d.id), act: 'deposit.refund', at: now });
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
    await completeCheckpoint(tx, deps, { projectId: r.p.id, kind: 'deposit.refund', subjectKey: subjectKeyOf(r.d.id), act: 'deposit.forfeit', at: now });
    await audit(tx, deps, ctx, { chain: projectChain(r.p.id), action: 'deposit.forfeit', subject: { type: 'deposit', id: r.d.id }, payload: { amountFen: r.d.amountFen, reason } });
    return depositView(tx, r.d.id, now);
  });
}

/** Declare (or move) the refund's checkpoint: the center's staff refund (B10). */
const declareRefund = (tx: Tx, deps: Pick<Deps, 'clock'>, projectId: number, depositId: number, due: { at: Date; provisional: boolean }) =>
  declareCheckpoint(tx, deps, { projectId, kind: 'deposit.refund', subjectKey: subjectKeyOf(depositId), dueAt: due.at, provisional: due.provisional, responsibleOrgId: null });

/**
 * Cross-part (LIFECYCLE, QUAL, registrations): a refund becomes due (B10). Sets refundDueAt/refundReason
 * on RECEIVED, not yet refunded deposits of the project (or of the given registrations, or of one section
 * that failed alone, issue 16 §7) — an earlier due
 * date already set is kept — and declares each refund's checkpoint. Returns how many.
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
  for (const r of rows) await declareRefund(tx, deps, p.id, r.id, due);
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
 * updated, its checkpoint moved and audited, and staff are told. Returns the changes.
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
    await declareRefund(tx, deps, p.id, d.id, due);
    const change: DueDateChange = { kind: 'deposit_refund', id: d.id, projectId: p.id, from: d.refundDueAt?.toISOString() ?? '', to: due.at.toISOString(), provisional: due.provisional };
    changes.push(change);
    await audit(tx, deps, ctx, { chain: projectChain(p.id), action: 'deposit.refund_due_recomputed', subject: { type: 'deposit', id: d.id }, payload: change });
  }
  return changes;
}

/**
 * The raiser of 'deposit.refund' (B10, M1): a security still not refunded a day before its due date →
 * yellow, at it → red, to center staff and supervisors, audited. Before the bid deadline the alert names
 * the security by its reference, not the company (the supervisors get it too; staff look it up by the
 * reference). Refunded or forfeited meanwhile → done; its due date recomputed → the checkpoint moves.
 */
export const depositRefundRaiser: CheckpointRaiser = {
  async inspect(tx, deps, { checkpoint: cp, level, now }) {
    const m = /^deposit:(\d+)$/.exec(cp.subjectKey);
    const [r] = m ? await selectDeposits(tx, eq(deposits.id, Number(m[1])), 1) : [];
    if (!r) return { type: 'skip' };
    if (r.d.status === 'refunded') return { type: 'done', act: 'deposit.refund', at: r.d.refundedAt ?? now };
    if (r.d.status === 'forfeited') return { type: 'done', act: 'deposit.forfeit', at: r.d.forfeitedAt ?? now };
    if (r.d.status !== 'received' || r.d.refundDueAt === null) return { type: 'skip' };
    if (r.d.refundDueAt.getTime() !== cp.dueAt.getTime()) {
      return { type: 'moved', ...checkpointAt('deposit.refund', r.d.refundDueAt, { provisional: r.d.refundDueProvisional, overrides: warnOverrides(deps) }) };
    }
    const amount = formatYuan(r.d.amountFen);
    const dueText = r.d.refundDueAt.toISOString();
    const secret = isBeforeDeadline(r.p, now);
    const whoZh = secret ? `流水号${r.d.reference ?? '—'}` : r.org.name;
    const whoEn = secret ? `reference ${r.d.reference ?? '—'}` : r.org.name;
    const red = level === 'red';
    return {
      type: 'raise',
      message: {
        kind: red ? 'deposit.refund_overdue' : 'deposit.refund_due_soon',
        title: red ? { zh: '【红色预警】保证金退还已超期', en: '[Red alert] Deposit refund overdue' } : { zh: '【黄色预警】保证金退还即将到期', en: '[Yellow warning] Deposit refund due soon' },
        body: red
          ? {
              zh: `${r.p.name}（${r.p.unifiedDealCode}）标段${r.s.code}：${whoZh}的保证金${amount}元应于${dueText}前退还，至今未退还。`,
              en: `${r.p.name} (${r.p.unifiedDealCode}) section ${r.s.code}: the deposit of CNY ${amount} of ${whoEn} was due for refund by ${dueText} and is still not refunded.`,
            }
          : {
              zh: `${r.p.name}（${r.p.unifiedDealCode}）标段${r.s.code}：${whoZh}的保证金${amount}元应于${dueText}前退还，尚未退还。`,
              en: `${r.p.name} (${r.p.unifiedDealCode}) section ${r.s.code}: the deposit of CNY ${amount} of ${whoEn} is due for refund by ${dueText} and not yet refunded.`,
            },
        link: '/workspace/staff/deposits',
        audit: {
          action: red ? 'deposit.refund_overdue' : 'deposit.refund_due_soon',
          subject: { type: 'deposit', id: r.d.id },
          payload: { refundDueAt: dueText, refundReason: r.d.refundReason, alert: level },
        },
      },
    };
  },
};

/**
 * Job 'deposit.refund_overdue' of before the engine, kept as a thin wrapper for jobs already queued: the
 * deposit's checkpoint (declared here for a refund marked before the engine) is evaluated for its red
 * level. Returns whether it raised it now.
 */
export async function refundOverdueAlert(deps: Pick<Deps, 'db' | 'clock' | 'config'>, depositId: number): Promise<{ alerted: boolean }> {
  const checkpointId = await deps.db.transaction(async (tx) => {
    const [r] = await selectDeposits(tx, eq(deposits.id, depositId), 1);
    if (!r) return null;
    const cp = await findCheckpoint(tx, { projectId: r.p.id, kind: 'deposit.refund', subjectKey: subjectKeyOf(r.d.id) });
    if (cp) return cp.id;
    if (r.d.status !== 'received' || r.d.refundDueAt === null) return null;
    return (await declareRefund(tx, deps, r.p.id, r.d.id, { at: r.d.refundDueAt, provisional: r.d.refundDueProvisional })).id;
  });
  if (checkpointId === null) return { alerted: false };
  return { alerted: (await evaluateCheckpoint(deps, () => depositRefundRaiser, checkpointId, { only: 'red' })).raised === 'red' };
}
