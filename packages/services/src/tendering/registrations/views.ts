/** A registration with its section, company and security, as the contract's view. */
import { eq } from 'drizzle-orm';
import { deposits, organizations, registrations, sections, type Tx } from '@ebid/db';
import { AppError } from '@ebid/domain';
import type { RegistrationView } from '@ebid/contracts';
import { isOverdue } from '../deposits/views.ts';

export function selectRegistrations(tx: Tx) {
  return tx
    .select({
      r: registrations,
      sectionCode: sections.code,
      sectionName: sections.name,
      securityFen: sections.securityFen,
      bidderName: organizations.name,
      d: deposits,
    })
    .from(registrations)
    .innerJoin(sections, eq(sections.id, registrations.sectionId))
    .innerJoin(organizations, eq(organizations.id, registrations.bidderOrgId))
    .leftJoin(deposits, eq(deposits.registrationId, registrations.id));
}
type RegistrationWithContext = Awaited<ReturnType<typeof selectRegistrations>>[number];

export function toRegistrationView(row: RegistrationWithContext, now: Date): RegistrationView {
  const { r, d } = row;
  return {
    id: r.id,
    projectId: r.projectId,
    sectionId: r.sectionId,
    sectionCode: row.sectionCode,
    sectionName: row.sectionName,
    bidderOrgId: r.bidderOrgId,
    bidderName: row.bidderName,
    status: r.status,
    appliedAt: r.appliedAt.toISOString(),
    decidedAt: r.decidedAt?.toISOString() ?? null,
    decisionNote: r.decisionNote,
    deposit: d
      ? {
          id: d.id,
          requiredFen: row.securityFen ?? d.amountFen,
          receivedFen: d.status === 'pending' ? null : d.amountFen,
          form: d.form,
          status: d.status,
          receivedAt: d.receivedAt?.toISOString() ?? null,
          refundDueAt: d.refundDueAt?.toISOString() ?? null,
          refundDueProvisional: d.refundDueProvisional,
          refundedAt: d.refundedAt?.toISOString() ?? null,
          overdue: isOverdue(d, now),
          reference: d.reference,
          guaranteeIssuer: d.guaranteeIssuer,
          guaranteeVerification: d.guaranteeVerification,
          guaranteeVerifiedAt: d.guaranteeVerifiedAt?.toISOString() ?? null,
        }
      : null,
    depositSecret: false,
    paymentReference: r.paymentReference,
    version: r.version,
  };
}

export async function registrationView(tx: Tx, id: number, now: Date): Promise<RegistrationView> {
  const [row] = await selectRegistrations(tx).where(eq(registrations.id, id));
  if (!row) throw new AppError('NOT_FOUND');
  return toRegistrationView(row, now);
}
