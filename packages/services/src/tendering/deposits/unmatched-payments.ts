/**
 * Unmatched payments (issue 16 §5): bank-statement rows whose remark carried no known payment reference.
 * They are listed for center staff, never guessed: staff assign one to a pending security (the same
 * amount and form/payer checks as a receipt, B6/B7) once they know whose it is, or mark it returned to
 * the payer with a note. Each decision is audited in its own transaction.
 */
import { desc, eq } from 'drizzle-orm';
import { deposits, registrations, unmatchedPayments, type Tx, type UnmatchedPaymentRow } from '@ebid/db';
import { PLATFORM_CHAIN, projectChain } from '@ebid/audit';
import { AppError, PAYMENT_REFERENCE_RE } from '@ebid/domain';
import type { AssignUnmatchedInput, DepositView, ReturnUnmatchedInput, UnmatchedListInput, UnmatchedPaymentView } from '@ebid/contracts';
import { audit, requireRole, type RequestContext } from '../../context.ts';
import type { Deps } from '../../deps.ts';
import { assertReceipt, guaranteeDetails, receiveFromStatement } from './receipts.ts';
import { depositView, loadDepositContext } from './views.ts';

function toView(u: UnmatchedPaymentRow): UnmatchedPaymentView {
  return {
    id: u.id,
    importId: u.importId,
    line: u.line,
    receivedAt: u.receivedAt.toISOString(),
    payerName: u.payerName,
    payerAccount: u.payerAccount,
    amountFen: u.amountFen,
    reference: u.reference,
    remark: u.remark,
    status: u.status,
    depositId: u.depositId,
    resolvedAt: u.resolvedAt?.toISOString() ?? null,
    note: u.note,
    version: u.version,
  };
}

/** deposit.unmatched (staff): the unmatched payments, open ones by default, newest first. */
export async function listUnmatchedPayments(deps: Pick<Deps, 'db'>, ctx: RequestContext, input: UnmatchedListInput = {}): Promise<UnmatchedPaymentView[]> {
  requireRole(ctx, 'staff');
  const rows = await deps.db
    .select()
    .from(unmatchedPayments)
    .where(eq(unmatchedPayments.status, input.status ?? 'open'))
    .orderBy(desc(unmatchedPayments.id))
    .limit(500);
  return rows.map(toView);
}

const notOpen = (status: string) =>
  new AppError('INVALID_STATE', { zh: '该款项已处理', en: 'This payment was already dealt with' }, { reason: 'UNMATCHED_NOT_OPEN', status });

async function lockOpen(tx: Tx, id: number, expectedVersion: number): Promise<UnmatchedPaymentRow> {
  const [u] = await tx.select().from(unmatchedPayments).where(eq(unmatchedPayments.id, id)).for('update');
  if (!u) throw new AppError('NOT_FOUND');
  if (u.status !== 'open') throw notOpen(u.status);
  if (u.version !== expectedVersion) throw new AppError('CONFLICT');
  return u;
}

/**
 * deposit.assignUnmatched (staff): the payment is the security of the registration with this payment
 * reference (BZJ…, as the bidder confirmed). The security must be pending and its registration not
 * withdrawn; amount (B6, required) and form/payer (B7) are checked as for any receipt, and a guarantee
 * needs its issuer and verification. The security
 * becomes received with the bank transaction id; the payment is closed as assigned.
 */
export async function assignUnmatchedPayment(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: AssignUnmatchedInput): Promise<DepositView> {
  const actor = requireRole(ctx, 'staff');
  const ref = input.paymentReference.trim().toUpperCase();
  if (!PAYMENT_REFERENCE_RE.test(ref)) {
    throw new AppError('VALIDATION', { zh: '付款附言格式应为 BZJ 加10位字符', en: 'A payment reference is BZJ followed by 10 characters' }, { field: 'paymentReference' });
  }
  return deps.db.transaction(async (tx) => {
    const u = await lockOpen(tx, input.unmatchedId, input.expectedVersion);
    const [reg] = await tx.select().from(registrations).where(eq(registrations.paymentReference, ref));
    if (!reg) throw new AppError('NOT_FOUND', { zh: '没有该付款附言的报名', en: 'No registration has this payment reference' }, { field: 'paymentReference' });
    if (reg.status === 'withdrawn') throw new AppError('INVALID_STATE', { zh: '该报名已撤回', en: 'This registration was withdrawn' }, { reason: 'REGISTRATION_WITHDRAWN' });
    const [d] = await tx.select().from(deposits).where(eq(deposits.registrationId, reg.id)).for('update');
    if (!d) throw new AppError('INVALID_STATE', { zh: '该报名无需缴纳保证金', en: 'This registration has no security to pay' }, { reason: 'NO_SECURITY' });
    if (d.status !== 'pending') throw new AppError('INVALID_STATE', { zh: '该保证金不是待缴状态', en: 'This deposit is not pending' }, { status: d.status });
    const c = await loadDepositContext(tx, d.id);
    assertReceipt({
      tradeType: c.p.tradeType,
      subject: c.p.subject,
      ceilingFen: c.s.ceilingFen,
      budgetFen: c.p.budgetFen,
      requiredFen: d.amountFen,
      amountFen: u.amountFen,
      form: input.form,
      payerAccount: u.payerAccount || null,
      basicAccountNo: c.org.basicAccountNo,
    });
    const now = deps.clock.now();
    const guarantee = guaranteeDetails(input, now);
    await receiveFromStatement(
      tx,
      d,
      { amountFen: u.amountFen, form: input.form, payerName: u.payerName, payerAccount: u.payerAccount || null, reference: u.reference, receivedAt: u.receivedAt, ...guarantee },
      { importId: u.importId, userId: actor.userId },
    );
    await tx
      .update(unmatchedPayments)
      .set({ status: 'assigned', depositId: d.id, resolvedBy: actor.userId, resolvedAt: now, version: u.version + 1 })
      .where(eq(unmatchedPayments.id, u.id));
    await audit(tx, deps, ctx, {
      chain: projectChain(d.projectId),
      action: 'deposit.assign_unmatched',
      subject: { type: 'deposit', id: d.id },
      payload: { unmatchedId: u.id, importId: u.importId, line: u.line, paymentReference: ref, amountFen: u.amountFen, form: input.form, payerName: u.payerName, payerAccount: u.payerAccount, reference: u.reference, receivedAt: u.receivedAt.toISOString(), guaranteeIssuer: guarantee.guaranteeIssuer, guaranteeVerification: guarantee.guaranteeVerification },
    });
    return depositView(tx, d.id, now);
  });
}

/** deposit.returnUnmatched (staff): the payment is sent back to its payer, with a note (e.g. the refund's transaction id). */
export async function returnUnmatchedPayment(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: ReturnUnmatchedInput): Promise<UnmatchedPaymentView> {
  const actor = requireRole(ctx, 'staff');
  const note = input.note.trim();
  if (note.length < 2) throw new AppError('VALIDATION', { zh: '请填写退回说明', en: 'Give a note for the return' }, { field: 'note' });
  return deps.db.transaction(async (tx) => {
    const u = await lockOpen(tx, input.unmatchedId, input.expectedVersion);
    const now = deps.clock.now();
    const [r] = await tx
      .update(unmatchedPayments)
      .set({ status: 'returned', note, resolvedBy: actor.userId, resolvedAt: now, version: u.version + 1 })
      .where(eq(unmatchedPayments.id, u.id))
      .returning();
    if (!r) throw new AppError('CONFLICT');
    await audit(tx, deps, ctx, {
      chain: PLATFORM_CHAIN,
      action: 'unmatched_payment.return',
      subject: { type: 'unmatched_payment', id: u.id },
      payload: { importId: u.importId, line: u.line, reference: u.reference, amountFen: u.amountFen, payerName: u.payerName, note },
    });
    return toView(r);
  });
}
