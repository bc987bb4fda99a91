/**
 * Registrations (报名 / 竞买申请, issue 5 §4): a bidder company applies for a section of a public project
 * until the registration deadline (server time, T1); one application per company per section (unique
 * index; a concurrent double submit yields exactly one row). Applying creates the pending deposit of the
 * section's required security; withdrawing before the deadline makes a received deposit due for refund
 * (B10).
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import { deposits, isUniqueViolation, organizations, projects, registrations, sections, type Tx } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import { AppError, allowedSecurityForms, assertAvailable, availability, generatePaymentReference, registrationDeadlineOf, type ProcedureMethod, type SecurityForm, type ProcedureStatus, type TradeType } from '@ebid/domain';
import type { DepositAccount } from '@ebid/config';
import { readerOf, readScope, secretBeforeDeadline } from '../access/before-deadline.ts';
import type { Actor } from '../auth/session.ts';
import { arrivalOf, audit, requireActor, requireRole, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { assertOwnerSide, isPublic, loadProject } from '../projects/index.ts';
import { isOverdue, markDepositsForRefund, type DepositStatus } from './deposits.ts';
import { assertSectionOpen } from './section-failure.ts';

export type RegistrationStatus = (typeof registrations.$inferSelect)['status'];

/** Project statuses in which a company may still register (subject to the deadline). */
export const REGISTRATION_OPEN_STATUSES: readonly ProcedureStatus[] = ['PUBLISHED', 'PREQUALIFIED', 'BIDDING'];

/**
 * Cross-part: the registration deadline of a project — prequalification: the application deadline;
 * otherwise the bid deadline, else the listing end (land), else the disclosure end (property). Null when
 * the schedule has none of them.
 */
export function registrationDeadline(project: { prequalification: boolean; schedule: unknown }): Date | null {
  return registrationDeadlineOf(project);
}

export interface RegistrationDepositBrief {
  id: number;
  requiredFen: number;
  receivedFen: number | null;
  form: SecurityForm | null;
  status: DepositStatus;
  receivedAt: string | null;
  refundDueAt: string | null;
  /** The refund due date was computed on a provisional calendar (暂定). */
  refundDueProvisional: boolean;
  refundedAt: string | null;
  overdue: boolean;
  /** Bank transaction id or guarantee number, and a guarantee's issuer and verification (issue 16 §5). */
  reference: string | null;
  guaranteeIssuer: string | null;
  guaranteeVerification: string | null;
  guaranteeVerifiedAt: string | null;
}

export interface RegistrationView {
  id: number;
  projectId: number;
  sectionId: number;
  sectionCode: string;
  sectionName: string;
  bidderOrgId: number;
  bidderName: string;
  status: RegistrationStatus;
  appliedAt: string;
  decidedAt: string | null;
  decisionNote: string | null;
  deposit: RegistrationDepositBrief | null;
  /** The security is not shown to this reader yet (before the bid deadline; issue 13 §2). */
  depositSecret: boolean;
  /**
   * The bidder's payment reference (付款附言, issue 16 §5): shown to its own company and to center staff
   * only (null for anyone else).
   */
  paymentReference: string | null;
  version: number;
}

/** What the bidder's security card shows (issue 16 §5). */
export interface SecurityCardView {
  /** The tender waives the security (发改法规〔2023〕27号): nothing to pay. */
  waived: boolean;
  /** The forms allowed for the trade type (B7). */
  allowedForms: SecurityForm[];
  /** The center's receiving account (CENTER_DEPOSIT_*). */
  account: DepositAccount;
}

export interface MyRegistrationView extends RegistrationView {
  project: { id: number; unifiedDealCode: string; name: string; status: ProcedureStatus; tradeType: TradeType; method: ProcedureMethod; deadline: string | null };
  security: SecurityCardView;
}

const regSelect = {
  r: registrations,
  sectionCode: sections.code,
  sectionName: sections.name,
  securityFen: sections.securityFen,
  bidderName: organizations.name,
  d: deposits,
};
type RegRow = { r: typeof registrations.$inferSelect; sectionCode: string; sectionName: string; securityFen: number | null; bidderName: string; d: typeof deposits.$inferSelect | null };

function toRegistrationView(row: RegRow, now: Date): RegistrationView {
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

function selectRegistrations(tx: Tx) {
  return tx
    .select(regSelect)
    .from(registrations)
    .innerJoin(sections, eq(sections.id, registrations.sectionId))
    .innerJoin(organizations, eq(organizations.id, registrations.bidderOrgId))
    .leftJoin(deposits, eq(deposits.registrationId, registrations.id));
}

async function registrationView(tx: Tx, id: number, now: Date): Promise<RegistrationView> {
  const [row] = await selectRegistrations(tx).where(eq(registrations.id, id));
  if (!row) throw new AppError('NOT_FOUND');
  return toRegistrationView(row, now);
}

const closedError = (deadline: Date | null) =>
  new AppError(
    'VALIDATION',
    { zh: '报名已截止', en: 'Registration is closed' },
    { reason: 'REGISTRATION_CLOSED', ...(deadline ? { deadline: deadline.toISOString() } : {}) },
  );

const alreadyRegistered = () =>
  new AppError('CONFLICT', { zh: '本单位已报名该标段', en: 'Your company has already registered for this section' }, { reason: 'ALREADY_REGISTERED' });

async function assertActiveBidderOrg(tx: Tx, actor: Actor): Promise<typeof organizations.$inferSelect> {
  const [org] = await tx.select().from(organizations).where(eq(organizations.id, actor.orgId));
  if (!org || org.kind !== 'bidder' || org.status !== 'active') {
    throw new AppError('FORBIDDEN', { zh: '只有已审核通过的投标人（竞买人）单位可以报名', en: 'Only an approved bidder company may register' });
  }
  return org;
}

/** Is the project accepting registrations now (status, then server time ≤ deadline)? */
function registrationOpen(p: typeof projects.$inferSelect, now: Date): { open: boolean; deadline: Date | null } {
  return { open: availability('registration.apply', p, now).enabled, deadline: registrationDeadline(p) };
}

/** registration.apply (bidder): my company applies for a section. */
export async function applyRegistration(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: { sectionId: number }): Promise<RegistrationView> {
  const actor = requireRole(ctx, 'bidder');
  const now = arrivalOf(ctx, deps); // T1: the instant the request arrived
  return deps.db
    .transaction(async (tx) => {
      const org = await assertActiveBidderOrg(tx, actor);
      const [s] = await tx.select().from(sections).where(eq(sections.id, input.sectionId));
      if (!s) throw new AppError('NOT_FOUND');
      const p = await loadProject(tx, s.projectId);
      if (!isPublic(p)) throw new AppError('NOT_FOUND');
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
function requiredSecurityFen(p: typeof projects.$inferSelect, s: typeof sections.$inferSelect): number {
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
async function reapply(
  tx: Tx,
  deps: Pick<Deps, 'clock'>,
  ctx: RequestContext,
  r: typeof registrations.$inferSelect,
  s: typeof sections.$inferSelect,
  p: typeof projects.$inferSelect,
  now: Date,
): Promise<RegistrationView> {
  const actor = requireRole(ctx, 'bidder');
  const paymentReference = r.paymentReference ?? (await freshPaymentReference(tx));
  const [u] = await tx
    .update(registrations)
    .set({ status: 'applied', appliedAt: now, userId: actor.userId, decidedAt: null, decisionNote: null, paymentReference, version: r.version + 1 })
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
export async function withdrawRegistration(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: { registrationId: number }): Promise<RegistrationView> {
  const actor = requireRole(ctx, 'bidder');
  return deps.db.transaction(async (tx) => {
    const [r] = await tx.select().from(registrations).where(eq(registrations.id, input.registrationId)).for('update');
    if (!r || r.bidderOrgId !== actor.orgId) throw new AppError('NOT_FOUND');
    const p = await loadProject(tx, r.projectId);
    const now = arrivalOf(ctx, deps); // T1
    const deadline = registrationDeadline(p);
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

/** registration.mine (bidder): my company's registrations, newest first. */
export async function myRegistrations(deps: Pick<Deps, 'db' | 'clock' | 'config'>, ctx: RequestContext): Promise<MyRegistrationView[]> {
  const actor = requireRole(ctx, 'bidder');
  return deps.db.transaction(async (tx) => {
    const rows = await selectRegistrations(tx).where(eq(registrations.bidderOrgId, actor.orgId)).orderBy(desc(registrations.id)).limit(500);
    const projectIds = [...new Set(rows.map((r) => r.r.projectId))];
    const ps = projectIds.length ? await tx.select().from(projects).where(inArray(projects.id, projectIds)) : [];
    const byId = new Map(ps.map((p) => [p.id, p]));
    const now = deps.clock.now();
    return rows.flatMap((row) => {
      const p = byId.get(row.r.projectId);
      if (!p) return [];
      return [
        {
          ...toRegistrationView(row, now),
          project: {
            id: p.id,
            unifiedDealCode: p.unifiedDealCode,
            name: p.name,
            status: p.status as ProcedureStatus,
            tradeType: p.tradeType,
            method: p.method as ProcedureMethod,
            deadline: registrationDeadline(p)?.toISOString() ?? null,
          },
          security: { waived: p.securityWaived, allowedForms: [...allowedSecurityForms(p.tradeType)], account: deps.config.depositAccount },
        },
      ];
    });
  });
}

/**
 * registration.forProject: the owner side of the project, the center and supervisors — after the bid
 * deadline (招标投标法 §22, B11: before it nobody learns who registered, nor how many). A
 * prequalification project's applicants are shown from the application deadline on, for the review,
 * without their securities (the table in access/before-deadline.ts). Before that, one refusal
 * (SECRET_UNTIL_DEADLINE) whether or not anyone registered.
 */
export async function projectRegistrations(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: { projectId: number }): Promise<RegistrationView[]> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const p = await loadProject(tx, input.projectId);
    if (!(actor.role === 'staff' || actor.role === 'platform_admin' || actor.role === 'supervisor')) await assertOwnerSide(tx, deps, actor, p);
    const now = deps.clock.now();
    const reader = readerOf(actor.role);
    const scope = p.prequalification ? readScope('prequal_applicants', reader, p, now) : readScope('registrants', reader, p, now);
    if (scope !== 'open') throw secretBeforeDeadline(p, p.prequalification ? 'prequal_applicants' : 'registrants');
    const depositsShown = readScope('deposits', reader, p, now) === 'open';
    const rows = await selectRegistrations(tx).where(eq(registrations.projectId, p.id)).orderBy(sections.code, registrations.id);
    // The payment reference is the bidder's and the center's (issue 16 §5), not the owner side's.
    const referenceShown = actor.role === 'staff';
    return rows.map((r) => {
      const v = { ...toRegistrationView(r, now), paymentReference: referenceShown ? r.r.paymentReference : null };
      return depositsShown ? v : { ...v, deposit: null, depositSecret: true };
    });
  });
}

export interface OpenProjectView {
  id: number;
  unifiedDealCode: string;
  name: string;
  tradeType: TradeType;
  method: ProcedureMethod;
  prequalification: boolean;
  status: ProcedureStatus;
  tendereeName: string;
  deadline: string | null;
  sections: { id: number; code: string; name: string; securityFen: number | null; myRegistration: { id: number; status: RegistrationStatus } | null }[];
}

/** registration.openProjects (bidder): public projects still accepting registrations, with my company's status per section. */
export async function openProjectsForBidder(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: { limit?: number } = {}): Promise<OpenProjectView[]> {
  const actor = requireRole(ctx, 'bidder');
  const limit = Math.min(input.limit ?? 100, 100);
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const candidates = await tx
      .select({ p: projects, tendereeName: organizations.name })
      .from(projects)
      .innerJoin(organizations, eq(organizations.id, projects.tendereeOrgId))
      .where(inArray(projects.status, [...REGISTRATION_OPEN_STATUSES]))
      .orderBy(desc(projects.id))
      .limit(500);
    const open = candidates.filter((c) => registrationOpen(c.p, now).open).slice(0, limit);
    if (open.length === 0) return [];
    const ids = open.map((c) => c.p.id);
    const secs = await tx.select().from(sections).where(inArray(sections.projectId, ids)).orderBy(sections.code);
    const mine = await tx
      .select({ id: registrations.id, sectionId: registrations.sectionId, status: registrations.status })
      .from(registrations)
      .where(and(inArray(registrations.projectId, ids), eq(registrations.bidderOrgId, actor.orgId)));
    const mineBySection = new Map(mine.map((m) => [m.sectionId, m]));
    return open.map(({ p, tendereeName }) => ({
      id: p.id,
      unifiedDealCode: p.unifiedDealCode,
      name: p.name,
      tradeType: p.tradeType,
      method: p.method as ProcedureMethod,
      prequalification: p.prequalification,
      status: p.status as ProcedureStatus,
      tendereeName,
      deadline: registrationDeadline(p)?.toISOString() ?? null,
      sections: secs
        .filter((s) => s.projectId === p.id)
        .map((s) => {
          const m = mineBySection.get(s.id);
          return { id: s.id, code: s.code, name: s.name, securityFen: s.securityFen, myRegistration: m ? { id: m.id, status: m.status } : null };
        }),
    }));
  });
}
