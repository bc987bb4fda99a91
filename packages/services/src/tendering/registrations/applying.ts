/**
 * Applying and withdrawing (报名 / 竞买申请, issue 5 §4): a bidder company applies for a section of a
 * public project until the registration deadline (server time, T1); one application per company per
 * section (unique index; a concurrent double submit yields exactly one row). Applying creates the pending
 * deposit of the section's required security; withdrawing before the deadline makes a received deposit
 * due for refund (B10); a company that withdrew may apply again.
 */
import { and, eq } from 'drizzle-orm';
import { deposits, isUniqueViolation, organizations, registrations, sections, type OrganizationRow, type ProjectRow, type RegistrationRow, type SectionRow, type Tx } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import { AppError, assertAvailable, generatePaymentReference, registrationDeadlineOf, singleSourceParticipationRefusal } from '@ebid/domain';
import type { ApplyRegistrationInput, RegistrationView, WithdrawRegistrationInput } from '@ebid/contracts';
import type { Actor } from '../../auth/session.ts';
import { arrivalOf, audit, requireRole, type RequestContext } from '../../context.ts';
import type { Deps } from '../../deps.ts';
import { isPublic, loadProject } from '../../projects/index.ts';
import { markDepositsForRefund } from '../deposits/refunds.ts';
import { assertSectionOpen } from '../lifecycle/section-failure.ts';
import { registrationView } from './views.ts';

const closedError = (deadline: Date | null) =>
  new AppError('VALIDATION', { zh: '报名已截止', en: 'Registration is closed' }, { reason: 'REGISTRATION_CLOSED', ...(deadline ? { deadline: deadline.toISOString() } : {}) });

const alreadyRegistered = () =>
  new AppError('CONFLICT', { zh: '本单位已报名该标段', en: 'Your company has already registered for this section' }, { reason: 'ALREADY_REGISTERED' });

async function assertActiveBidderOrg(tx: Tx, actor: Actor): Promise<OrganizationRow> {
  const [org] = await tx.select().from(organizations).where(eq(organizations.id, actor.orgId));
  if (!org || org.kind !== 'bidder' || org.status !== 'active') {
    throw new AppError('FORBIDDEN', { zh: '只有已审核通过的投标人（竞买人）单位可以报名', en: 'Only an approved bidder company may register' });
  }
  return org;
}

/** registration.apply (bidder): my company applies for a section. */
export async function applyRegistration(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: ApplyRegistrationInput): Promise<RegistrationView> {
  const actor = requireRole(ctx, 'bidder');
  const now = arrivalOf(ctx, deps); // T1: the instant the request arrived
  return deps.db
    .transaction(async (tx) => {
      const org = await assertActiveBidderOrg(tx, actor);
      const [s] = await tx.select().from(sections).where(eq(sections.id, input.sectionId));
      if (!s) throw new AppError('NOT_FOUND');
      const p = await loadProject(tx, s.projectId);
      if (!isPublic(p)) throw new AppError('NOT_FOUND');
      const notTheSupplier = singleSourceParticipationRefusal(p, org.id, 'register'); // issue 18 §3: single source admits its supplier only
      if (notTheSupplier) throw notTheSupplier;
      assertSectionOpen(s); // issue 16 §7
      assertAvailable('registration.apply', p, now); // issue 16 §4: the same rule the page disables 报名 with
      const [existing] = await tx
        .select()
        .from(registrations)
        .where(and(eq(registrations.sectionId, s.id), eq(registrations.bidderOrgId, org.id)))
        .for('update');
      if (existing && existing.status !== 'withdrawn') throw alreadyRegistered();
      if (existing) return reapply(tx, deps, ctx, existing, s, p, now);
      const paymentReference = await freshPaymentReference(tx);
      // The unique index (section, company) settles a concurrent double submit: exactly one row.
      const [r] = await tx
        .insert(registrations)
        .values({ projectId: p.id, sectionId: s.id, bidderOrgId: org.id, userId: actor.userId, status: 'applied', appliedAt: now, paymentReference })
        .onConflictDoNothing({ target: [registrations.sectionId, registrations.bidderOrgId] })
        .returning();
      if (!r) throw alreadyRegistered();
      const requiredFen = requiredSecurityFen(p, s);
      if (requiredFen > 0) {
        await tx.insert(deposits).values({ registrationId: r.id, projectId: p.id, sectionId: s.id, bidderOrgId: org.id, amountFen: requiredFen, status: 'pending' });
      }
      await audit(tx, deps, ctx, {
        chain: projectChain(p.id),
        action: 'registration.apply',
        subject: { type: 'registration', id: r.id },
        payload: { sectionId: s.id, sectionCode: s.code, bidderOrgId: org.id, requiredSecurityFen: requiredFen, securityWaived: p.securityWaived },
      });
      return registrationView(tx, r.id, now);
    })
    .catch((e: unknown) => {
      if (isUniqueViolation(e)) throw alreadyRegistered();
      throw e;
    });
}

/** The security a registration must pay (fen): none when the tender waives it (issue 16 §5). */
function requiredSecurityFen(p: ProjectRow, s: SectionRow): number {
  return p.securityWaived ? 0 : (s.securityFen ?? 0);
}

/**
 * A payment reference no registration has yet (issue 16 §5): random (B11), checked against the table and
 * drawn again on a collision; the partial unique index still refuses a duplicate a concurrent
 * registration might insert (a 50-bit value: practically never).
 */
async function freshPaymentReference(tx: Tx): Promise<string> {
  for (let i = 0; i < 8; i++) {
    const ref = generatePaymentReference();
    const [taken] = await tx.select({ id: registrations.id }).from(registrations).where(eq(registrations.paymentReference, ref)).limit(1);
    if (!taken) return ref;
  }
  throw new AppError('INTERNAL');
}

/**
 * A company that withdrew registers again before the deadline: the same registration becomes `applied`
 * again (its earlier answers stay). A security still held is no longer due for refund; one already
 * refunded or forfeited is history (kept in the audit trail), so the deposit starts over as pending.
 */
async function reapply(tx: Tx, deps: Pick<Deps, 'clock'>, ctx: RequestContext, r: RegistrationRow, s: SectionRow, p: ProjectRow, now: Date): Promise<RegistrationView> {
  const actor = requireRole(ctx, 'bidder');
  const paymentReference = r.paymentReference ?? (await freshPaymentReference(tx));
  const [u] = await tx
    .update(registrations)
    .set({ status: 'applied', appliedAt: now, userId: actor.userId, decidedAt: null, decidedBy: null, decisionNote: null, paymentReference, version: r.version + 1 })
    .where(and(eq(registrations.id, r.id), eq(registrations.status, 'withdrawn'), eq(registrations.version, r.version)))
    .returning();
  if (!u) throw alreadyRegistered();
  const [d] = await tx.select().from(deposits).where(eq(deposits.registrationId, r.id)).for('update');
  const requiredFen = requiredSecurityFen(p, s);
  let deposit: string = 'none';
  if (d && d.status === 'received') {
    await tx.update(deposits).set({ refundDueAt: null, refundDueProvisional: false, refundTriggeredAt: null, refundReason: null, version: d.version + 1 }).where(eq(deposits.id, d.id));
    deposit = 'kept';
  } else if (d && d.status !== 'pending') {
    await tx
      .update(deposits)
      .set({
        status: 'pending',
        amountFen: requiredFen,
        form: null,
        payerName: null,
        payerAccount: null,
        reference: null,
        guaranteeIssuer: null,
        guaranteeVerification: null,
        guaranteeVerifiedAt: null,
        receivedAt: null,
        refundDueAt: null,
        refundDueProvisional: false,
        refundTriggeredAt: null,
        refundReason: null,
        refundedAt: null,
        forfeitedAt: null,
        forfeitReason: null,
        source: null,
        importId: null,
        recordedBy: null,
        version: d.version + 1,
      })
      .where(eq(deposits.id, d.id));
    deposit = `restarted (was ${d.status})`;
  } else if (!d && requiredFen > 0) {
    await tx.insert(deposits).values({ registrationId: r.id, projectId: r.projectId, sectionId: s.id, bidderOrgId: r.bidderOrgId, amountFen: requiredFen, status: 'pending' });
    deposit = 'pending';
  }
  await audit(tx, deps, ctx, {
    chain: projectChain(r.projectId),
    action: 'registration.reapply',
    subject: { type: 'registration', id: r.id },
    payload: { sectionId: s.id, sectionCode: s.code, bidderOrgId: r.bidderOrgId, deposit, previousDeposit: d ? { status: d.status, amountFen: d.amountFen, reference: d.reference, refundedAt: d.refundedAt?.toISOString() ?? null } : null },
  });
  return registrationView(tx, r.id, now);
}

/** registration.withdraw (bidder, own company) before the deadline; a received deposit becomes due for refund. */
export async function withdrawRegistration(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: WithdrawRegistrationInput): Promise<RegistrationView> {
  const actor = requireRole(ctx, 'bidder');
  return deps.db.transaction(async (tx) => {
    const [r] = await tx.select().from(registrations).where(eq(registrations.id, input.registrationId)).for('update');
    if (!r || r.bidderOrgId !== actor.orgId) throw new AppError('NOT_FOUND');
    const p = await loadProject(tx, r.projectId);
    const now = arrivalOf(ctx, deps); // T1
    const deadline = registrationDeadlineOf(p);
    if (deadline && now.getTime() > deadline.getTime()) throw closedError(deadline);
    if (r.status === 'withdrawn') throw new AppError('INVALID_STATE', { zh: '该报名已撤回', en: 'This registration is already withdrawn' }, { status: r.status });
    const [u] = await tx
      .update(registrations)
      .set({ status: 'withdrawn', version: r.version + 1 })
      .where(and(eq(registrations.id, r.id), eq(registrations.version, r.version)))
      .returning();
    if (!u) throw new AppError('CONFLICT');
    const marked = await markDepositsForRefund(tx, deps, ctx, { projectId: p.id, trigger: 'withdrawal', registrationIds: [r.id] });
    await audit(tx, deps, ctx, {
      chain: projectChain(p.id),
      action: 'registration.withdraw',
      subject: { type: 'registration', id: r.id },
      payload: { from: r.status, depositsMarkedForRefund: marked, receivedAt: now.toISOString() },
    });
    return registrationView(tx, r.id, now);
  });
}
