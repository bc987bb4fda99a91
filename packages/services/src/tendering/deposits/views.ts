/** A deposit with its project, section, company and registration, as the contract's view. */
import { desc, eq, type SQL } from 'drizzle-orm';
import { deposits, organizations, projects, registrations, sections, type DepositRow, type Tx } from '@ebid/db';
import { AppError } from '@ebid/domain';
import type { DepositView } from '@ebid/contracts';

/** Deposits with their project, section, company and registration rows (add the where, order, lock). */
export function selectDepositContext(tx: Tx) {
  return tx
    .select({ d: deposits, p: projects, s: sections, org: organizations, reg: registrations })
    .from(deposits)
    .innerJoin(projects, eq(projects.id, deposits.projectId))
    .innerJoin(sections, eq(sections.id, deposits.sectionId))
    .innerJoin(organizations, eq(organizations.id, deposits.bidderOrgId))
    .innerJoin(registrations, eq(registrations.id, deposits.registrationId));
}
export type DepositWithContext = Awaited<ReturnType<typeof selectDeposits>>[number];

/** Not refunded and the refund due date has passed (B10: red alert). */
export function isOverdue(d: Pick<DepositRow, 'status' | 'refundDueAt'>, now: Date): boolean {
  return d.status === 'received' && d.refundDueAt !== null && now.getTime() >= d.refundDueAt.getTime();
}

export function toDepositView({ d, p, s, org, reg }: DepositWithContext, now: Date): DepositView {
  return {
    id: d.id,
    registrationId: d.registrationId,
    projectId: d.projectId,
    projectCode: p.unifiedDealCode,
    projectName: p.name,
    tradeType: p.tradeType,
    sectionId: d.sectionId,
    sectionCode: s.code,
    sectionName: s.name,
    bidderOrgId: d.bidderOrgId,
    bidderName: org.name,
    requiredFen: s.securityFen ?? (d.status === 'pending' ? d.amountFen : 0),
    receivedFen: d.status === 'pending' ? null : d.amountFen,
    form: d.form,
    payerName: d.payerName,
    payerAccount: d.payerAccount,
    reference: d.reference,
    paymentReference: reg.paymentReference,
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

/** Deposits with their context, newest first. */
export async function selectDeposits(tx: Tx, where: SQL | undefined, limit = 500) {
  return selectDepositContext(tx).where(where).orderBy(desc(deposits.id)).limit(limit);
}

export async function depositView(tx: Tx, id: number, now: Date): Promise<DepositView> {
  const [r] = await selectDeposits(tx, eq(deposits.id, id), 1);
  if (!r) throw new AppError('NOT_FOUND');
  return toDepositView(r, now);
}

/** The deposit with its project, section, company and registration rows (locked FOR UPDATE when asked). */
export async function loadDepositContext(tx: Tx, depositId: number, lock = false): Promise<DepositWithContext> {
  const q = selectDepositContext(tx).where(eq(deposits.id, depositId));
  const [r] = lock ? await q.for('update', { of: deposits }) : await q;
  if (!r) throw new AppError('NOT_FOUND');
  return r;
}
