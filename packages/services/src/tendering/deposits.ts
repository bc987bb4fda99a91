/**
 * Bid securities / deposits (issue 5 §4): created `pending` with the section's required amount when a
 * company registers; recorded as received by center staff or by a bank-statement CSV import (all rows or
 * none); refunded or forfeited by staff. Caps (B6) and form/payer (B7) are checked on every receipt;
 * refund due dates (B10) are set by `markDepositsForRefund`, and an overdue refund raises a red alert to
 * staff and supervisors (job 'deposit.refund_overdue').
 */
import crypto from 'node:crypto';
import { and, desc, eq, gt, inArray, isNotNull, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { parse as parseCsv } from 'csv-parse/sync';
import { depositImports, deposits, isUniqueViolation, organizations, projects, registrations, sections, unmatchedPayments, users, type Tx } from '@ebid/db';
import { PLATFORM_CHAIN, projectChain } from '@ebid/audit';
import {
  AppError,
  checkSecurityForm,
  fenToYuanString,
  findPaymentReferences,
  PAYMENT_REFERENCE_RE,
  parseYuanToFen,
  refundDueAt,
  securityCapFen,
  type ProjectSubject,
  type HolidayTable,
  type RefundTrigger,
  type SecurityForm,
  type TradeType,
} from '@ebid/domain';
import { isBeforeDeadline, readerOf, readScope, secretBeforeDeadline } from '../access/before-deadline.ts';
import type { Actor } from '../auth/session.ts';
import { arrivalOf, audit, requireActor, requireRole, SYSTEM_CONTEXT, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { enqueueJob } from '../jobs/queue.ts';
import { notify } from '../notifications/notify.ts';
import { loadHolidayTable } from '../projects/holidays.ts';
import type { DueDateChange } from './objections.ts';
import { validateFileName } from './uploads.ts';
import { assertOwnerSide, loadProject } from '../projects/index.ts';

export type DepositStatus = (typeof deposits.$inferSelect)['status'];
export const DEPOSIT_FORMS = ['cash', 'guarantee', 'e_guarantee'] as const satisfies readonly SecurityForm[];
export const IMPORT_MAX_BYTES = 1024 * 1024;
export const IMPORT_MAX_ROWS = 5000;
export const REFUND_OVERDUE_JOB = 'deposit.refund_overdue';

export interface DepositView {
  id: number;
  registrationId: number;
  projectId: number;
  projectCode: string;
  projectName: string;
  tradeType: TradeType;
  sectionId: number;
  sectionCode: string;
  sectionName: string;
  bidderOrgId: number;
  bidderName: string;
  /** The section's required security (fen). */
  requiredFen: number;
  /** The amount received (fen), null while pending. */
  receivedFen: number | null;
  form: SecurityForm | null;
  payerName: string | null;
  payerAccount: string | null;
  reference: string | null;
  /** The registration's payment reference (付款附言) statement rows are matched by (issue 16 §5). */
  paymentReference: string | null;
  /** A (electronic) guarantee's issuer, how it was verified and when (issue 16 §5). */
  guaranteeIssuer: string | null;
  guaranteeVerification: string | null;
  guaranteeVerifiedAt: string | null;
  status: DepositStatus;
  source: string | null;
  importId: number | null;
  receivedAt: string | null;
  refundDueAt: string | null;
  /** The refund due date was computed on a provisional calendar (暂定). */
  refundDueProvisional: boolean;
  refundReason: string | null;
  refundedAt: string | null;
  forfeitedAt: string | null;
  forfeitReason: string | null;
  /** Not refunded and the refund due date has passed (B10: red alert). */
  overdue: boolean;
  version: number;
}

const depositSelect = {
  d: deposits,
  projectCode: projects.unifiedDealCode,
  projectName: projects.name,
  tradeType: projects.tradeType,
  sectionCode: sections.code,
  sectionName: sections.name,
  securityFen: sections.securityFen,
  bidderName: organizations.name,
  paymentReference: registrations.paymentReference,
  prequalification: projects.prequalification,
  schedule: projects.schedule,
};
type DepositRow = {
  d: typeof deposits.$inferSelect;
  projectCode: string;
  projectName: string;
  tradeType: TradeType;
  sectionCode: string;
  sectionName: string;
  securityFen: number | null;
  bidderName: string;
  paymentReference: string | null;
  prequalification: boolean;
  schedule: unknown;
};

export function isOverdue(d: Pick<typeof deposits.$inferSelect, 'status' | 'refundDueAt'>, now: Date): boolean {
  return d.status === 'received' && d.refundDueAt !== null && now.getTime() >= d.refundDueAt.getTime();
}

function toDepositView(r: DepositRow, now: Date): DepositView {
  const d = r.d;
  return {
    id: d.id,
    registrationId: d.registrationId,
    projectId: d.projectId,
    projectCode: r.projectCode,
    projectName: r.projectName,
    tradeType: r.tradeType,
    sectionId: d.sectionId,
    sectionCode: r.sectionCode,
    sectionName: r.sectionName,
    bidderOrgId: d.bidderOrgId,
    bidderName: r.bidderName,
    requiredFen: r.securityFen ?? (d.status === 'pending' ? d.amountFen : 0),
    receivedFen: d.status === 'pending' ? null : d.amountFen,
    form: d.form,
    payerName: d.payerName,
    payerAccount: d.payerAccount,
    reference: d.reference,
    paymentReference: r.paymentReference,
    guaranteeIssuer: d.guaranteeIssuer,
    guaranteeVerification: d.guaranteeVerification,
    guaranteeVerifiedAt: d.guaranteeVerifiedAt?.toISOString() ?? null,
    status: d.status,
    source: d.source,
    importId: d.importId,
    receivedAt: d.receivedAt?.toISOString() ?? null,
    refundDueAt: d.refundDueAt?.toISOString() ?? null,
    refundDueProvisional: d.refundDueProvisional,
    refundReason: d.refundReason,
    refundedAt: d.refundedAt?.toISOString() ?? null,
    forfeitedAt: d.forfeitedAt?.toISOString() ?? null,
    forfeitReason: d.forfeitReason,
    overdue: isOverdue(d, now),
    version: d.version,
  };
}

async function selectDeposits(tx: Tx, where: SQL | undefined, limit = 500): Promise<DepositRow[]> {
  return tx
    .select(depositSelect)
    .from(deposits)
    .innerJoin(projects, eq(projects.id, deposits.projectId))
    .innerJoin(sections, eq(sections.id, deposits.sectionId))
    .innerJoin(organizations, eq(organizations.id, deposits.bidderOrgId))
    .innerJoin(registrations, eq(registrations.id, deposits.registrationId))
    .where(where)
    .orderBy(desc(deposits.id))
    .limit(limit);
}

export async function depositView(tx: Tx, id: number, now: Date): Promise<DepositView> {
  const [r] = await selectDeposits(tx, eq(deposits.id, id), 1);
  if (!r) throw new AppError('NOT_FOUND');
  return toDepositView(r, now);
}

const isCenterOrSupervisor = (a: Actor) => a.role === 'staff' || a.role === 'platform_admin' || a.role === 'supervisor';

/**
 * deposit.list: the center and supervisors see all; the owner side only its own project (projectId
 * required) — but only securities of projects past their bid deadline: before it the list would name
 * (and count) the registrants (招标投标法 §22, B11). Staff find a security of such a project one at a
 * time with `lookupDeposit`. Asking for one such project is refused (SECRET_UNTIL_DEADLINE) whether or
 * not it has any security; without a project they are left out.
 */
export async function listDeposits(
  deps: Pick<Deps, 'db' | 'clock'>,
  ctx: RequestContext,
  input: { projectId?: number; status?: DepositStatus; overdueOnly?: boolean },
): Promise<DepositView[]> {
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
      if (readScope('deposits', reader, p, now) !== 'open') throw secretBeforeDeadline(p, 'deposits');
    }
    const where = and(
      input.projectId ? eq(deposits.projectId, input.projectId) : undefined,
      input.status ? eq(deposits.status, input.status) : undefined,
      input.overdueOnly ? and(eq(deposits.status, 'received'), lte(deposits.refundDueAt, now)) : undefined,
    );
    // The deadline is in each project's schedule (jsonb, by trade type), so the secret ones are left out
    // here, page by page, until a full page of visible securities (or the end): the secret ones never
    // crowd the visible ones out of the list.
    const LIMIT = 500;
    const shown: DepositRow[] = [];
    let before: number | undefined;
    for (;;) {
      const batch = await selectDeposits(tx, and(where, before === undefined ? undefined : lt(deposits.id, before)), LIMIT);
      for (const r of batch) if (shown.length < LIMIT && readScope('deposits', reader, r, now) === 'open') shown.push(r);
      if (batch.length < LIMIT || shown.length >= LIMIT) break;
      before = batch[batch.length - 1]!.d.id;
    }
    // The payment reference is the bidder's and the center's only (issue 16 §5).
    return shown.map((r) => ({ ...toDepositView(r, now), ...(actor.role === 'staff' ? {} : { paymentReference: null }) }));
  });
}

export type DepositLookup = { reference: string } | { projectCode: string; sectionCode: string; company: string };

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
function checkReceipt(i: ReceiptCheckInput): ReceiptProblem[] {
  const out: ReceiptProblem[] = [];
  const capFen = securityCapFen({ tradeType: i.tradeType, subject: i.subject, estimateFen: i.ceilingFen ?? i.budgetFen });
  if (capFen !== null && i.amountFen > capFen) {
    out.push({
      field: 'amountFen',
      reason: 'SECURITY_CAP',
      capFen,
      messageZh: `保证金金额超过法定上限（${fenToYuanString(capFen)}元）`,
      messageEn: `The amount exceeds the legal cap (CNY ${fenToYuanString(capFen)})`,
    });
  } else if (i.amountFen < i.requiredFen) {
    out.push({
      field: 'amountFen',
      reason: 'BELOW_REQUIRED',
      messageZh: `到账金额低于应缴金额（${fenToYuanString(i.requiredFen)}元）`,
      messageEn: `The amount is below the required security (CNY ${fenToYuanString(i.requiredFen)})`,
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

export async function loadDepositContext(tx: Tx, depositId: number, lock = false) {
  const q = tx
    .select({ d: deposits, p: projects, s: sections, org: organizations, reg: registrations })
    .from(deposits)
    .innerJoin(projects, eq(projects.id, deposits.projectId))
    .innerJoin(sections, eq(sections.id, deposits.sectionId))
    .innerJoin(organizations, eq(organizations.id, deposits.bidderOrgId))
    .innerJoin(registrations, eq(registrations.id, deposits.registrationId))
    .where(eq(deposits.id, depositId));
  const [r] = lock ? await q.for('update', { of: deposits }) : await q;
  if (!r) throw new AppError('NOT_FOUND');
  return r;
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

/** The reference is already recorded: a guarantee number twice (DUPLICATE_GUARANTEE), or a bank transaction. */
function referenceUsed(form: SecurityForm, code: 'VALIDATION' | 'CONFLICT'): AppError {
  return form === 'cash'
    ? new AppError(code, { zh: '该交易流水号已被使用', en: 'This reference was already used' }, { reason: 'REFERENCE_USED', field: 'reference' })
    : new AppError('CONFLICT', { zh: '该保函编号已登记', en: 'This guarantee number is already recorded' }, { reason: 'DUPLICATE_GUARANTEE', field: 'reference' });
}

/** deposit.record (staff): a pending deposit has arrived. */
export async function recordDeposit(
  deps: Pick<Deps, 'db' | 'clock'>,
  ctx: RequestContext,
  input: {
    depositId: number;
    amountFen: number;
    form: SecurityForm;
    payerName: string;
    payerAccount?: string | null;
    reference: string;
    receivedAt?: string | null;
    guaranteeIssuer?: string | null;
    guaranteeVerification?: string | null;
    guaranteeVerifiedAt?: string | null;
  },
): Promise<DepositView> {
  const actor = requireRole(ctx, 'staff');
  const now = deps.clock.now();
  const receivedAt = input.receivedAt ? new Date(input.receivedAt) : now;
  if (Number.isNaN(receivedAt.getTime()) || receivedAt.getTime() > now.getTime()) {
    throw new AppError('VALIDATION', { zh: '到账时间无效或晚于当前时间', en: 'The receipt time is invalid or in the future' }, { field: 'receivedAt' });
  }
  if (!Number.isSafeInteger(input.amountFen) || input.amountFen <= 0) {
    throw new AppError('VALIDATION', { zh: '金额必须为正整数（分）', en: 'The amount must be a positive integer in fen' }, { field: 'amountFen' });
  }
  return referenceOnce(input.form, deps.db.transaction(async (tx) => {
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
  }));
}

/** Is this bank transaction id or guarantee number already recorded (on a security or an unmatched payment)? */
async function referenceRecorded(tx: Tx, reference: string): Promise<boolean> {
  const [d] = await tx.select({ id: deposits.id }).from(deposits).where(eq(deposits.reference, reference)).limit(1);
  if (d) return true;
  const [u] = await tx.select({ id: unmatchedPayments.id }).from(unmatchedPayments).where(eq(unmatchedPayments.reference, reference)).limit(1);
  return !!u;
}

/** A concurrent recording of the same reference loses on the unique index: a typed error, not INTERNAL. */
async function referenceOnce<T>(form: SecurityForm, p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (isUniqueViolation(e)) throw referenceUsed(form, 'CONFLICT');
    throw e;
  }
}

/** deposit.refund (staff): received → refunded. */
export async function refundDeposit(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: { depositId: number; reference?: string | null }): Promise<DepositView> {
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
export async function forfeitDeposit(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: { depositId: number; reason: string }): Promise<DepositView> {
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
  for (const r of rows) {
    await enqueueJob(tx, deps.clock, { kind: REFUND_OVERDUE_JOB, payload: { depositId: r.id }, runAt: due.at, dedupeKey: `${REFUND_OVERDUE_JOB}:${r.id}:${due.at.getTime()}` });
  }
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
    const due = refundDueAt({ tradeType: p.tradeType, trigger: d.refundReason as RefundTrigger, at: d.refundTriggeredAt! }, table);
    if (d.refundDueAt?.getTime() === due.at.getTime() && d.refundDueProvisional === due.provisional) continue;
    await tx.update(deposits).set({ refundDueAt: due.at, refundDueProvisional: due.provisional, version: d.version + 1 }).where(eq(deposits.id, d.id));
    await enqueueJob(tx, deps.clock, { kind: REFUND_OVERDUE_JOB, payload: { depositId: d.id }, runAt: due.at, dedupeKey: `${REFUND_OVERDUE_JOB}:${d.id}:${due.at.getTime()}` });
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
    if (!r || !isOverdue(r.d, now)) return { alerted: false };
    const recipients = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(inArray(users.role, ['staff', 'supervisor']), eq(users.active, true)));
    const amount = fenToYuanString(r.d.amountFen);
    const dueText = r.d.refundDueAt!.toISOString();
    // Before the bid deadline the alert names the security by its reference, not the company (the
    // supervisors get it too; staff look it up by the reference).
    const secret = isBeforeDeadline(r, now);
    const whoZh = secret ? `流水号${r.d.reference ?? '—'}` : r.bidderName;
    const whoEn = secret ? `reference ${r.d.reference ?? '—'}` : r.bidderName;
    await notify(tx, deps, {
      userIds: recipients.map((u) => u.id),
      kind: 'deposit.refund_overdue',
      title: { zh: '【红色预警】保证金退还已超期', en: '[Red alert] Deposit refund overdue' },
      body: {
        zh: `${r.projectName}（${r.projectCode}）标段${r.sectionCode}：${whoZh}的保证金${amount}元应于${dueText}前退还，至今未退还。`,
        en: `${r.projectName} (${r.projectCode}) section ${r.sectionCode}: the deposit of CNY ${amount} of ${whoEn} was due for refund by ${dueText} and is still not refunded.`,
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

// ---- bank-statement import ----

export interface ImportRowProblem {
  line: number;
  field: string;
  reason: string;
  messageZh: string;
  messageEn: string;
}

type ImportField = 'date' | 'payerName' | 'payerAccount' | 'amount' | 'reference' | 'remark' | 'form' | 'guaranteeIssuer' | 'guaranteeVerification';

const HEADER_ALIASES: Record<string, ImportField> = {
  交易日期: 'date',
  date: 'date',
  付款人名称: 'payerName',
  payer_name: 'payerName',
  付款账号: 'payerAccount',
  payer_account: 'payerAccount',
  金额: 'amount',
  amount: 'amount',
  交易流水号: 'reference',
  reference: 'reference',
  附言: 'remark',
  摘要: 'remark',
  用途: 'remark',
  remark: 'remark',
  保证金形式: 'form',
  form: 'form',
  保函出具机构: 'guaranteeIssuer',
  guarantee_issuer: 'guaranteeIssuer',
  保函核验: 'guaranteeVerification',
  guarantee_verification: 'guaranteeVerification',
};
const REQUIRED_COLUMNS: ImportField[] = ['date', 'payerName', 'payerAccount', 'amount', 'reference', 'remark'];
const FIELD_LABELS: Record<ImportField, { zh: string; en: string }> = {
  date: { zh: '交易日期', en: 'date' },
  payerName: { zh: '付款人名称', en: 'payer_name' },
  payerAccount: { zh: '付款账号', en: 'payer_account' },
  amount: { zh: '金额', en: 'amount' },
  reference: { zh: '交易流水号', en: 'reference' },
  remark: { zh: '附言', en: 'remark' },
  form: { zh: '保证金形式', en: 'form' },
  guaranteeIssuer: { zh: '保函出具机构', en: 'guarantee_issuer' },
  guaranteeVerification: { zh: '保函核验', en: 'guarantee_verification' },
};
const FORM_ALIASES: Record<string, SecurityForm> = {
  现金: 'cash',
  cash: 'cash',
  保函: 'guarantee',
  guarantee: 'guarantee',
  电子保函: 'e_guarantee',
  e_guarantee: 'e_guarantee',
};

/** 'YYYY-MM-DD' or 'YYYY-MM-DD HH:mm' in 北京时间 → instant, or null (calendar-checked: no 2月30日). */
export function parseBeijingStatementDate(s: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}))?$/.exec(s.trim());
  if (!m) return null;
  const [y, mo, d, h = '00', mi = '00'] = m.slice(1).map((x) => x ?? undefined) as string[];
  const Y = Number(y), M = Number(mo), D = Number(d), H = Number(h), MI = Number(mi);
  if (M < 1 || M > 12 || D < 1 || H > 23 || MI > 59) return null;
  const utc = Date.UTC(Y, M - 1, D, H, MI);
  const check = new Date(utc);
  if (check.getUTCFullYear() !== Y || check.getUTCMonth() !== M - 1 || check.getUTCDate() !== D) return null;
  return new Date(utc - 8 * 3600_000);
}

interface ParsedRow {
  line: number;
  date: Date;
  payerName: string;
  payerAccount: string | null;
  amountFen: number;
  reference: string;
  /** The transfer's remark (附言): where the payer wrote its payment reference (BZJ…). */
  remark: string;
  form: SecurityForm;
  /** A (electronic) guarantee's issuer and verification (required for those forms); verified at the import. */
  guaranteeIssuer: string | null;
  guaranteeVerification: string | null;
}

const importError = (rows: ImportRowProblem[]) =>
  new AppError(
    'VALIDATION',
    { zh: `银行流水中有${rows.length}处错误，未导入任何记录`, en: `The bank statement has ${rows.length} problem(s); nothing was imported` },
    { reason: 'IMPORT_ROWS', rows },
  );

/** Parse and check the CSV's own format (no database): the rows, or every problem found. */
function parseStatement(csv: string, now: Date): { rows: ParsedRow[]; problems: ImportRowProblem[] } {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parseCsv(csv, { bom: true, info: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as unknown as typeof records;
  } catch (e) {
    const line = Number((e as { lines?: number }).lines ?? 0);
    throw importError([{ line, field: 'file', reason: 'CSV_MALFORMED', messageZh: `CSV格式错误：${(e as Error).message}`, messageEn: `Malformed CSV: ${(e as Error).message}` }]);
  }
  const header = records[0];
  if (!header) throw importError([{ line: 1, field: 'file', reason: 'EMPTY', messageZh: '文件为空', messageEn: 'The file is empty' }]);
  const columns = new Map<ImportField, number>();
  header.record.forEach((h, i) => {
    const f = HEADER_ALIASES[h.trim()] ?? HEADER_ALIASES[h.trim().toLowerCase()];
    if (f && !columns.has(f)) columns.set(f, i);
  });
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.has(c));
  if (missing.length > 0) {
    throw importError(
      missing.map((c) => ({
        line: header.info.lines,
        field: c,
        reason: 'MISSING_COLUMN',
        messageZh: `缺少列：${FIELD_LABELS[c].zh}`,
        messageEn: `Missing column: ${FIELD_LABELS[c].en}`,
      })),
    );
  }
  const body = records.slice(1);
  if (body.length === 0) throw importError([{ line: header.info.lines, field: 'file', reason: 'EMPTY', messageZh: '文件中没有交易记录', messageEn: 'The file has no transactions' }]);
  if (body.length > IMPORT_MAX_ROWS) {
    throw importError([{ line: 0, field: 'file', reason: 'TOO_MANY_ROWS', messageZh: `单次最多导入${IMPORT_MAX_ROWS}行`, messageEn: `At most ${IMPORT_MAX_ROWS} rows per import` }]);
  }
  const problems: ImportRowProblem[] = [];
  const rows: ParsedRow[] = [];
  for (const { record, info } of body) {
    const line = info.lines;
    const get = (f: ImportField) => {
      const i = columns.get(f);
      return i === undefined ? '' : (record[i] ?? '').trim();
    };
    const bad = (field: ImportField, reason: string, zh: string, en: string) => problems.push({ line, field, reason, messageZh: `第${line}行：${zh}`, messageEn: `Line ${line}: ${en}` });
    const formText = get('form');
    const form = formText === '' ? 'cash' : FORM_ALIASES[formText] ?? FORM_ALIASES[formText.toLowerCase()];
    if (!form) bad('form', 'FORM_UNKNOWN', `保证金形式“${formText}”无效（现金/保函/电子保函）`, `Unknown form "${formText}" (cash/guarantee/e_guarantee)`);
    let ok = !!form;
    for (const f of REQUIRED_COLUMNS) {
      if (f === 'payerAccount' && form && form !== 'cash') continue; // a guarantee need not name an account
      if (f === 'remark') continue; // no remark: an unmatched payment, listed for staff
      if (get(f) === '') {
        bad(f, 'REQUIRED', `${FIELD_LABELS[f].zh}不能为空`, `${FIELD_LABELS[f].en} is required`);
        ok = false;
      }
    }
    // A guarantee is recorded with its issuer and how it was verified (issue 16 §5).
    for (const f of ['guaranteeIssuer', 'guaranteeVerification'] as const) {
      if (form && form !== 'cash' && get(f).length < 2) {
        bad(f, 'GUARANTEE_DETAILS', `保函须填写${FIELD_LABELS[f].zh}`, `A guarantee needs its ${FIELD_LABELS[f].en}`);
        ok = false;
      }
    }
    const dateText = get('date');
    const date = dateText ? parseBeijingStatementDate(dateText) : null;
    if (dateText && !date) {
      bad('date', 'DATE_FORMAT', `交易日期“${dateText}”格式错误（YYYY-MM-DD 或 YYYY-MM-DD HH:mm）`, `Invalid date "${dateText}" (YYYY-MM-DD or YYYY-MM-DD HH:mm)`);
      ok = false;
    } else if (date && date.getTime() > now.getTime()) {
      bad('date', 'DATE_IN_FUTURE', '交易日期晚于当前时间', 'The date is in the future');
      ok = false;
    }
    const amountText = get('amount');
    const amountFen = amountText ? parseYuanToFen(amountText) : null;
    if (amountText && (amountFen === null || amountFen <= 0)) {
      bad('amount', 'AMOUNT_FORMAT', `金额“${amountText}”格式错误（如 800,000.00，最多两位小数）`, `Invalid amount "${amountText}" (e.g. 800,000.00, at most 2 decimals)`);
      ok = false;
    }
    if (ok && date && amountFen !== null && form) {
      rows.push({
        line,
        date,
        payerName: get('payerName'),
        payerAccount: get('payerAccount') || null,
        amountFen,
        reference: get('reference'),
        remark: get('remark'),
        form,
        guaranteeIssuer: form === 'cash' ? null : get('guaranteeIssuer'),
        guaranteeVerification: form === 'cash' ? null : get('guaranteeVerification'),
      });
    }
  }
  // References must be unique within the file.
  const seen = new Map<string, number>();
  for (const r of rows) {
    const first = seen.get(r.reference);
    if (first !== undefined) {
      problems.push({ line: r.line, field: 'reference', reason: 'DUPLICATE_REFERENCE', messageZh: `第${r.line}行：交易流水号与第${first}行重复`, messageEn: `Line ${r.line}: the reference repeats line ${first}` });
    } else seen.set(r.reference, r.line);
  }
  return { rows, problems };
}

interface MatchedRow {
  row: ParsedRow;
  depositId: number;
  depositVersion: number;
  projectId: number;
}

/**
 * Match every parsed row against the database (within `tx`, locking the deposits it would change), by
 * the payment reference in its remark (issue 16 §5) — never by the payer's name. A row whose remark
 * carries no known reference, or several, or the reference of a registration with no security to pay,
 * is unmatched: kept for staff, never guessed. Amount (B6, required) and form/payer (B7) are checked as
 * for a manual receipt, and a bank transaction id already recorded is refused (never counted twice).
 */
async function matchRows(tx: Tx, rows: ParsedRow[], problems: ImportRowProblem[]): Promise<{ matched: MatchedRow[]; unmatched: ParsedRow[] }> {
  const matched: MatchedRow[] = [];
  const unmatched: ParsedRow[] = [];
  const refs = rows.map((r) => r.reference);
  const used = new Set(
    refs.length
      ? [
          ...(await tx.select({ reference: deposits.reference }).from(deposits).where(inArray(deposits.reference, refs))).map((r) => r.reference),
          ...(await tx.select({ reference: unmatchedPayments.reference }).from(unmatchedPayments).where(inArray(unmatchedPayments.reference, refs))).map((r) => r.reference),
        ]
      : [],
  );
  const paymentRefs = [...new Set(rows.flatMap((r) => findPaymentReferences(r.remark)))];
  const known = new Set(
    paymentRefs.length
      ? (await tx.select({ ref: registrations.paymentReference }).from(registrations).where(inArray(registrations.paymentReference, paymentRefs))).map((r) => r.ref)
      : [],
  );
  const claimed = new Map<number, number>();
  for (const row of rows) {
    const bad = (field: ImportField, reason: string, zh: string, en: string, extra: Partial<ImportRowProblem> = {}) =>
      problems.push({ line: row.line, field, reason, messageZh: `第${row.line}行：${zh}`, messageEn: `Line ${row.line}: ${en}`, ...extra });
    if (used.has(row.reference)) {
      bad('reference', 'REFERENCE_USED', `交易流水号“${row.reference}”已导入或登记过`, `Reference "${row.reference}" was already recorded`);
      continue;
    }
    const mine = findPaymentReferences(row.remark).filter((r) => known.has(r));
    if (mine.length !== 1) {
      unmatched.push(row);
      continue;
    }
    const [m] = await tx
      .select({ d: deposits, reg: registrations, org: organizations, p: projects, s: sections })
      .from(registrations)
      .innerJoin(deposits, eq(deposits.registrationId, registrations.id))
      .innerJoin(organizations, eq(organizations.id, deposits.bidderOrgId))
      .innerJoin(projects, eq(projects.id, deposits.projectId))
      .innerJoin(sections, eq(sections.id, deposits.sectionId))
      .where(eq(registrations.paymentReference, mine[0]!))
      .for('update', { of: deposits });
    if (!m) {
      unmatched.push(row); // a registration with no security to pay (none required, or waived)
      continue;
    }
    if (m.reg.status === 'withdrawn') {
      bad('remark', 'REGISTRATION_WITHDRAWN', `付款附言${mine[0]}对应的报名已撤回`, `The registration of payment reference ${mine[0]} was withdrawn`);
      continue;
    }
    if (m.d.status !== 'pending') {
      bad('remark', 'DEPOSIT_NOT_PENDING', '该报名的保证金已到账或已处理', 'The deposit of this registration is not pending');
      continue;
    }
    const prev = claimed.get(m.d.id);
    if (prev !== undefined) {
      bad('remark', 'DUPLICATE_DEPOSIT', `与第${prev}行是同一笔保证金`, `Same deposit as line ${prev}`);
      continue;
    }
    claimed.set(m.d.id, row.line);
    const ps = checkReceipt({
      tradeType: m.p.tradeType,
      subject: m.p.subject,
      ceilingFen: m.s.ceilingFen,
      budgetFen: m.p.budgetFen,
      requiredFen: m.d.amountFen,
      amountFen: row.amountFen,
      form: row.form,
      payerAccount: row.payerAccount,
      basicAccountNo: m.org.basicAccountNo,
    });
    for (const x of ps) {
      bad(x.field === 'amountFen' ? 'amount' : (x.field as ImportField), x.reason, x.messageZh, x.messageEn);
    }
    if (ps.length === 0) matched.push({ row, depositId: m.d.id, depositVersion: m.d.version, projectId: m.p.id });
  }
  return { matched, unmatched };
}

/**
 * deposit.import (staff): a bank statement CSV. Every row is checked; any problem → VALIDATION
 * `{ reason: 'IMPORT_ROWS', rows }` and nothing is imported. Otherwise the file goes to the object store
 * (outside any transaction) and then, in one transaction that checks everything again under row locks,
 * every matched deposit becomes received, every unmatched row is kept in unmatched_payments for staff
 * (issue 16 §5), and a deposit_imports row records the file's hash.
 */
export async function importDeposits(
  deps: Pick<Deps, 'db' | 'clock' | 'storage'>,
  ctx: RequestContext,
  input: { fileName: string; csv: string },
): Promise<{ importId: number; imported: number; unmatched: number }> {
  const actor = requireRole(ctx, 'staff');
  const bytes = Buffer.from(input.csv, 'utf8');
  if (bytes.length > IMPORT_MAX_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', undefined, { field: 'csv', maxBytes: IMPORT_MAX_BYTES });
  validateFileName(input.fileName, 'fileName');
  const { rows, problems } = parseStatement(input.csv, deps.clock.now());
  // 1. Check everything read-only first: a bad file is reported without storing anything.
  await deps.db.transaction(async (tx) => {
    await matchRows(tx, rows, problems);
    if (problems.length > 0) throw importError(problems.sort((a, b) => a.line - b.line));
  });
  // 2. Keep the statement (content-addressed) before the write transaction.
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  await deps.storage.put(bytes, { expectedSha256: sha256, contentType: 'text/csv', maxSize: IMPORT_MAX_BYTES });
  // 3. One short transaction: check again under locks (something may have changed), then write all.
  return referenceOnce('cash', deps.db.transaction(async (tx) => {
    const again: ImportRowProblem[] = [];
    const { matched, unmatched } = await matchRows(tx, rows, again);
    if (again.length > 0) throw importError(again.sort((a, b) => a.line - b.line));
    const now = deps.clock.now();
    const [imp] = await tx.insert(depositImports).values({ fileName: input.fileName, sha256, rowCount: matched.length, importedBy: actor.userId, at: now }).returning();
    if (!imp) throw new AppError('INTERNAL');
    for (const m of matched) {
      const { amountFen, form, payerName, payerAccount, reference, date, guaranteeIssuer, guaranteeVerification } = m.row;
      await receiveFromStatement(
        tx,
        { id: m.depositId, version: m.depositVersion },
        { amountFen, form, payerName, payerAccount, reference, receivedAt: date, guaranteeIssuer, guaranteeVerification, guaranteeVerifiedAt: form === 'cash' ? null : now },
        { importId: imp.id, userId: actor.userId },
      );
      await audit(tx, deps, ctx, {
        chain: projectChain(m.projectId),
        action: 'deposit.record',
        subject: { type: 'deposit', id: m.depositId },
        payload: { source: 'import', importId: imp.id, line: m.row.line, amountFen: m.row.amountFen, form: m.row.form, payerName: m.row.payerName, payerAccount: m.row.payerAccount, reference: m.row.reference, receivedAt: m.row.date.toISOString(), guaranteeIssuer: m.row.guaranteeIssuer, guaranteeVerification: m.row.guaranteeVerification },
      });
    }
    for (const u of unmatched) {
      await tx.insert(unmatchedPayments).values({
        importId: imp.id,
        line: u.line,
        receivedAt: u.date,
        payerName: u.payerName,
        payerAccount: u.payerAccount ?? '',
        amountFen: u.amountFen,
        reference: u.reference,
        remark: u.remark || null,
        status: 'open',
      });
    }
    await audit(tx, deps, ctx, {
      chain: PLATFORM_CHAIN,
      action: 'deposit.import',
      subject: { type: 'deposit_import', id: imp.id },
      payload: { fileName: input.fileName, sha256, rows: matched.length, unmatched: unmatched.map((u) => ({ line: u.line, reference: u.reference, amountFen: u.amountFen })) },
      objectHashes: [sha256],
    });
    return { importId: imp.id, imported: matched.length, unmatched: unmatched.length };
  }));
}
