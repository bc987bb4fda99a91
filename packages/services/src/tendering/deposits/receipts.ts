/**
 * A security arrives (issue 5 §4, issue 16 §5): the amount (B6 cap, the required amount) and the form and
 * payer (B7) are checked on every receipt — recorded by staff, imported from a bank statement, or an
 * unmatched payment staff assign — and a bank transaction id or guarantee number is recorded only once.
 */
import { and, eq } from 'drizzle-orm';
import { deposits, isUniqueViolation, unmatchedPayments, type Tx } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import { AppError, checkSecurityForm, formatYuan, securityCapFen, type ProjectSubject, type SecurityForm, type TradeType } from '@ebid/domain';
import type { DepositView, RecordDepositInput } from '@ebid/contracts';
import { audit, requireRole, type RequestContext } from '../../context.ts';
import type { Deps } from '../../deps.ts';
import { depositView, loadDepositContext } from './views.ts';

interface ReceiptCheckInput {
  tradeType: TradeType;
  /** What an engineering project buys: it decides the B6 absolute cap (issue 16 §8). */
  subject: ProjectSubject | null;
  ceilingFen: number | null;
  budgetFen: number | null;
  requiredFen: number;
  amountFen: number;
  form: SecurityForm;
  payerAccount: string | null;
  basicAccountNo: string | null;
}

interface ReceiptProblem {
  field: string;
  reason: string;
  messageZh: string;
  messageEn: string;
  capFen?: number;
}

/** B6 (cap), the required amount, and B7 (form, payer) for one receipt. */
export function checkReceipt(i: ReceiptCheckInput): ReceiptProblem[] {
  const out: ReceiptProblem[] = [];
  const capFen = securityCapFen({ tradeType: i.tradeType, subject: i.subject, estimateFen: i.ceilingFen ?? i.budgetFen });
  if (capFen !== null && i.amountFen > capFen) {
    out.push({
      field: 'amountFen',
      reason: 'SECURITY_CAP',
      capFen,
      messageZh: `保证金金额超过法定上限（${formatYuan(capFen)}元）`,
      messageEn: `The amount exceeds the legal cap (CNY ${formatYuan(capFen)})`,
    });
  } else if (i.amountFen < i.requiredFen) {
    out.push({
      field: 'amountFen',
      reason: 'BELOW_REQUIRED',
      messageZh: `到账金额低于应缴金额（${formatYuan(i.requiredFen)}元）`,
      messageEn: `The amount is below the required security (CNY ${formatYuan(i.requiredFen)})`,
    });
  }
  const v = checkSecurityForm({ tradeType: i.tradeType, form: i.form, payerAccount: i.payerAccount, basicAccountNo: i.basicAccountNo });
  if (v) out.push({ field: v.field, reason: v.reason, messageZh: v.messageZh, messageEn: v.messageEn });
  return out;
}

/** `checkReceipt`, throwing VALIDATION `{ reason, field[, capFen] }` on the first problem. */
export function assertReceipt(i: ReceiptCheckInput): void {
  const first = checkReceipt(i)[0];
  if (first) {
    throw new AppError('VALIDATION', { zh: first.messageZh, en: first.messageEn }, { reason: first.reason, field: first.field, ...(first.capFen !== undefined ? { capFen: first.capFen } : {}) });
  }
}

/** A guarantee's issuer and verification, as recorded (issue 16 §5). */
export interface GuaranteeDetails {
  guaranteeIssuer: string | null;
  guaranteeVerification: string | null;
  guaranteeVerifiedAt: Date | null;
}

/**
 * A (electronic) guarantee is recorded with its issuer (bank or insurer), how it was verified (the
 * issuer's verification code or URL checked) and when (default: now, never in the future); its number is
 * the deposit's reference. Cash carries none of them.
 */
export function guaranteeDetails(
  input: { form: SecurityForm; guaranteeIssuer?: string | null; guaranteeVerification?: string | null; guaranteeVerifiedAt?: string | null },
  now: Date,
): GuaranteeDetails {
  if (input.form === 'cash') return { guaranteeIssuer: null, guaranteeVerification: null, guaranteeVerifiedAt: null };
  const issuer = input.guaranteeIssuer?.trim() ?? '';
  const verification = input.guaranteeVerification?.trim() ?? '';
  if (issuer.length < 2) {
    throw new AppError('VALIDATION', { zh: '请填写保函出具机构（银行或保险公司）', en: 'Give the guarantee’s issuer (bank or insurer)' }, { reason: 'GUARANTEE_DETAILS', field: 'guaranteeIssuer' });
  }
  if (verification.length < 2) {
    throw new AppError('VALIDATION', { zh: '请填写保函核验方式（出具机构的核验码或核验网址）', en: 'Give how the guarantee was verified (the issuer’s verification code or URL)' }, { reason: 'GUARANTEE_DETAILS', field: 'guaranteeVerification' });
  }
  const verifiedAt = input.guaranteeVerifiedAt ? new Date(input.guaranteeVerifiedAt) : now;
  if (Number.isNaN(verifiedAt.getTime()) || verifiedAt.getTime() > now.getTime()) {
    throw new AppError('VALIDATION', { zh: '核验时间无效或晚于当前时间', en: 'The verification time is invalid or in the future' }, { reason: 'GUARANTEE_DETAILS', field: 'guaranteeVerifiedAt' });
  }
  return { guaranteeIssuer: issuer, guaranteeVerification: verification, guaranteeVerifiedAt: verifiedAt };
}

/**
 * A pending deposit becomes received from a bank-statement row (an import, or an unmatched payment staff
 * assign): optimistic on the deposit's version, CONFLICT if it changed meanwhile.
 */
export async function receiveFromStatement(
  tx: Tx,
  d: { id: number; version: number },
  row: { amountFen: number; form: SecurityForm; payerName: string; payerAccount: string | null; reference: string; receivedAt: Date } & GuaranteeDetails,
  by: { importId: number; userId: number },
): Promise<void> {
  const [u] = await tx
    .update(deposits)
    .set({ status: 'received', ...row, source: 'import', importId: by.importId, recordedBy: by.userId, version: d.version + 1 })
    .where(and(eq(deposits.id, d.id), eq(deposits.status, 'pending'), eq(deposits.version, d.version)))
    .returning({ id: deposits.id });
  if (!u) throw new AppError('CONFLICT');
}

/** The reference is already recorded: a guarantee number twice (DUPLICATE_GUARANTEE), or a bank transaction. */
function referenceUsed(form: SecurityForm, code: 'VALIDATION' | 'CONFLICT'): AppError {
  return form === 'cash'
    ? new AppError(code, { zh: '该交易流水号已被使用', en: 'This reference was already used' }, { reason: 'REFERENCE_USED', field: 'reference' })
    : new AppError('CONFLICT', { zh: '该保函编号已登记', en: 'This guarantee number is already recorded' }, { reason: 'DUPLICATE_GUARANTEE', field: 'reference' });
}

/** Is this bank transaction id or guarantee number already recorded (on a security or an unmatched payment)? */
async function referenceRecorded(tx: Tx, reference: string): Promise<boolean> {
  const [d] = await tx.select({ id: deposits.id }).from(deposits).where(eq(deposits.reference, reference)).limit(1);
  if (d) return true;
  const [u] = await tx.select({ id: unmatchedPayments.id }).from(unmatchedPayments).where(eq(unmatchedPayments.reference, reference)).limit(1);
  return !!u;
}

/** A concurrent recording of the same reference loses on the unique index: a typed error, not INTERNAL. */
export async function referenceOnce<T>(form: SecurityForm, p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (isUniqueViolation(e)) throw referenceUsed(form, 'CONFLICT');
    throw e;
  }
}

/** deposit.record (staff): a pending deposit has arrived. */
export async function recordDeposit(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: RecordDepositInput): Promise<DepositView> {
  const actor = requireRole(ctx, 'staff');
  const now = deps.clock.now();
  const receivedAt = input.receivedAt ? new Date(input.receivedAt) : now;
  if (Number.isNaN(receivedAt.getTime()) || receivedAt.getTime() > now.getTime()) {
    throw new AppError('VALIDATION', { zh: '到账时间无效或晚于当前时间', en: 'The receipt time is invalid or in the future' }, { field: 'receivedAt' });
  }
  if (!Number.isSafeInteger(input.amountFen) || input.amountFen <= 0) {
    throw new AppError('VALIDATION', { zh: '金额必须为正整数（分）', en: 'The amount must be a positive integer in fen' }, { field: 'amountFen' });
  }
  return referenceOnce(
    input.form,
    deps.db.transaction(async (tx) => {
      const r = await loadDepositContext(tx, input.depositId, true);
      if (r.d.status !== 'pending') {
        throw new AppError('INVALID_STATE', { zh: '该保证金不是待缴状态', en: 'This deposit is not pending' }, { status: r.d.status });
      }
      if (r.reg.status === 'withdrawn') {
        throw new AppError('INVALID_STATE', { zh: '该报名已撤回', en: 'This registration was withdrawn' }, { reason: 'REGISTRATION_WITHDRAWN' });
      }
      assertReceipt({
        tradeType: r.p.tradeType,
        subject: r.p.subject,
        ceilingFen: r.s.ceilingFen,
        budgetFen: r.p.budgetFen,
        requiredFen: r.d.amountFen,
        amountFen: input.amountFen,
        form: input.form,
        payerAccount: input.payerAccount ?? null,
        basicAccountNo: r.org.basicAccountNo,
      });
      const guarantee = guaranteeDetails(input, now);
      if (await referenceRecorded(tx, input.reference)) throw referenceUsed(input.form, 'VALIDATION');
      const [u] = await tx
        .update(deposits)
        .set({
          status: 'received',
          amountFen: input.amountFen,
          form: input.form,
          payerName: input.payerName,
          payerAccount: input.payerAccount ?? null,
          reference: input.reference,
          ...guarantee,
          receivedAt,
          source: 'manual',
          recordedBy: actor.userId,
          version: r.d.version + 1,
        })
        .where(and(eq(deposits.id, r.d.id), eq(deposits.status, 'pending'), eq(deposits.version, r.d.version)))
        .returning();
      if (!u) throw new AppError('CONFLICT');
      await audit(tx, deps, ctx, {
        chain: projectChain(r.p.id),
        action: 'deposit.record',
        subject: { type: 'deposit', id: r.d.id },
        payload: {
          amountFen: input.amountFen,
          form: input.form,
          payerName: input.payerName,
          payerAccount: input.payerAccount ?? null,
          reference: input.reference,
          receivedAt: receivedAt.toISOString(),
          guaranteeIssuer: guarantee.guaranteeIssuer,
          guaranteeVerification: guarantee.guaranteeVerification,
          guaranteeVerifiedAt: guarantee.guaranteeVerifiedAt?.toISOString() ?? null,
        },
      });
      return depositView(tx, r.d.id, now);
    }),
  );
}
