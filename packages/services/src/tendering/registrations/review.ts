/**
 * The review of land and property applications before the sale (issue 18 §4; domain §1.3 step 5,
 * §1.4 step 5, §5.3, L2): center staff find each 竞买申请 / 受让申请 qualified or not, with a reason, until
 * the applicants compete (sales/review.ts: the listing end, the auction start …). The applicant is told;
 * a disqualified one may not go on (the bidding gate refuses it, and the sale engine will ask the same).
 *
 * Who reviews: the trading center (its staff), not the owner side. §1.4 step 5 gives the qualification
 * confirmation to the exchange; §1.3 step 5 names "center / 出让人", and the center is the one both trades
 * share. Keeping the review with the center also keeps the applicants' identities from the seller until
 * the sale is over (B11; domain §5.3: deposits by virtual sub-account "to keep identities secret") — an
 * owner side that knew who applied could steer the sale. So the owner side, the other applicants and the
 * public learn nothing (the `sale_applicants` row of access/before-deadline.ts).
 *
 * Only where the procedure qualifies at registration (procedureFlags `registration`); only while the
 * project is public and not suspended, failed or terminated; only an application still `applied`; and
 * `qualified` only once its deposit has arrived (L2: bidding rights need both). Every decision writes its
 * audit event (masked until the sale, like the application) in the same transaction.
 */
import { and, asc, count, eq, inArray, ne } from 'drizzle-orm';
import { deposits, projects, registrations, sections, users, type ProjectRow, type Tx } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import { AppError, beijingDateTimeZh, isSaleTrade, reviewClosesAt, termPair, type ProcedureStatus } from '@ebid/domain';
import type { ProjectRef, RegistrationView, ReviewRegistrationInput, SaleReviewItem } from '@ebid/contracts';
import { readerOf, readScope, secretBeforeDeadline } from '../../access/before-deadline.ts';
import { arrivalOf, audit, requireRole, type RequestContext } from '../../context.ts';
import type { Deps } from '../../deps.ts';
import { flagsOf, loadProject } from '../../projects/index.ts';
import { notify } from '../../notifications/notify.ts';
import { registrationView, selectRegistrations, toRegistrationView } from './views.ts';

/** Statuses in which applications are reviewed: public, the sale not yet decided, not suspended or ended. */
const REVIEW_STATUSES: readonly ProcedureStatus[] = ['PUBLISHED', 'BIDDING'];

/** A note is required for a refusal (the applicant is told why); this short at least. */
const MIN_REASON = 2;

/** Does this project review its applicants at registration (land, property; sales/review.ts)? */
export function reviewsApplications(p: Pick<ProjectRow, 'tradeType' | 'method' | 'prequalification'>): boolean {
  return isSaleTrade(p.tradeType) && flagsOf(p).qualification === 'registration';
}

function notReviewed(p: ProjectRow): AppError {
  return new AppError(
    'INVALID_STATE',
    { zh: '该项目不在报名时审核竞买（受让）资格', en: 'This project does not review applications at registration' },
    { reason: 'NO_APPLICATION_REVIEW', tradeType: p.tradeType, method: p.method },
  );
}

/** The review is open for `p` at `now`: the right procedure, a reviewing status, before the closing instant. */
function assertReviewOpen(p: ProjectRow, now: Date): void {
  if (!reviewsApplications(p)) throw notReviewed(p);
  if (!REVIEW_STATUSES.includes(p.status)) {
    throw new AppError('INVALID_STATE', { zh: '项目当前状态不能审核竞买（受让）申请', en: 'Applications cannot be reviewed in the project’s current state' }, { reason: 'REVIEW_NOT_OPEN', status: p.status });
  }
  const closes = reviewClosesAt(p.tradeType, p.method, p.schedule);
  if (closes === null) {
    throw new AppError('INVALID_STATE', { zh: '项目尚未安排竞价（挂牌、拍卖）时间，无法确定审核截止时间', en: 'The sale is not scheduled yet, so the review has no closing time' }, { reason: 'REVIEW_NOT_SCHEDULED' });
  }
  if (now.getTime() >= closes.getTime()) {
    throw new AppError(
      'DEADLINE_PASSED',
      { zh: `资格审核已于 ${beijingDateTimeZh(closes)} 截止（竞价开始后不得再审核）`, en: `The review closed at ${closes.toISOString()} (no review once the sale has started)` },
      { reason: 'REVIEW_CLOSED', closesAt: closes.toISOString() },
    );
  }
}

/** registration.saleApplicants (staff): a land / property project's applications, for the review. */
export async function saleApplicants(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: ProjectRef): Promise<RegistrationView[]> {
  const actor = requireRole(ctx, 'staff');
  return deps.db.transaction(async (tx) => {
    const p = await loadProject(tx, input.projectId);
    if (p.status === 'DRAFT' || p.status === 'PENDING_REVIEW') throw new AppError('NOT_FOUND');
    if (!reviewsApplications(p)) throw notReviewed(p);
    const now = deps.clock.now();
    if (readScope('sale_applicants', readerOf(actor.role), p, now) !== 'open') throw secretBeforeDeadline(p, 'sale_applicants');
    const rows = await selectRegistrations(tx)
      .where(and(eq(registrations.projectId, p.id), ne(registrations.status, 'withdrawn')))
      .orderBy(asc(sections.code), asc(registrations.id));
    return rows.map((r) => toRegistrationView(r, now));
  });
}

/** registration.saleReviewQueue (staff): land / property projects in their review window, with the applications awaiting a decision. */
export async function saleReviewQueue(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext): Promise<SaleReviewItem[]> {
  requireRole(ctx, 'staff');
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(projects)
      .where(and(inArray(projects.tradeType, ['land', 'property']), inArray(projects.status, [...REVIEW_STATUSES])))
      .orderBy(asc(projects.id));
    const open = rows.filter((p) => reviewsApplications(p));
    if (open.length === 0) return [];
    const pending = await tx
      .select({ projectId: registrations.projectId, n: count() })
      .from(registrations)
      .where(and(inArray(registrations.projectId, open.map((p) => p.id)), eq(registrations.status, 'applied')))
      .groupBy(registrations.projectId);
    return open.flatMap((p) => {
      const closes = reviewClosesAt(p.tradeType, p.method, p.schedule);
      if (closes !== null && now.getTime() >= closes.getTime()) return [];
      return [
        {
          projectId: p.id,
          unifiedDealCode: p.unifiedDealCode,
          name: p.name,
          tradeType: p.tradeType,
          method: p.method,
          status: p.status,
          reviewClosesAt: closes?.toISOString() ?? null,
          pending: pending.find((x) => x.projectId === p.id)?.n ?? 0,
        },
      ];
    });
  });
}

/** registration.review (staff): find one application qualified or not, with a reason for a refusal. */
export async function reviewRegistration(deps: Pick<Deps, 'db' | 'clock' | 'config'>, ctx: RequestContext, input: ReviewRegistrationInput): Promise<RegistrationView> {
  const actor = requireRole(ctx, 'staff');
  const note = input.note?.trim() ?? '';
  if (input.decision === 'disqualified' && note.length < MIN_REASON) {
    throw new AppError('VALIDATION', { zh: '不予通过须填写理由（将告知申请人）', en: 'A refusal needs its reason (the applicant is told it)' }, { reason: 'REASON_REQUIRED', field: 'note' });
  }
  const now = arrivalOf(ctx, deps); // T1: the decision is judged at its arrival
  return deps.db.transaction(async (tx) => {
    const [reg] = await tx.select().from(registrations).where(eq(registrations.id, input.registrationId)).for('update');
    if (!reg) throw new AppError('NOT_FOUND');
    const p = await loadProject(tx, reg.projectId);
    if (p.status === 'DRAFT' || p.status === 'PENDING_REVIEW') throw new AppError('NOT_FOUND');
    assertReviewOpen(p, now);
    if (input.expectedVersion !== undefined && input.expectedVersion !== reg.version) {
      throw new AppError('CONFLICT', { zh: '该申请已变化，请刷新后重试', en: 'This application changed meanwhile; refresh and retry' }, { reason: 'VERSION_MISMATCH' });
    }
    if (reg.status !== 'applied') {
      throw new AppError(
        'INVALID_STATE',
        reg.status === 'withdrawn' ? { zh: '申请人已撤回申请', en: 'The applicant withdrew' } : { zh: '该申请已有审核结果', en: 'This application was already decided' },
        { reason: reg.status === 'withdrawn' ? 'WITHDRAWN' : 'ALREADY_DECIDED', status: reg.status },
      );
    }
    const depositWord = termPair('security', p.tradeType, p.method);
    if (input.decision === 'qualified' && !p.securityWaived) {
      const [d] = await tx.select().from(deposits).where(eq(deposits.registrationId, reg.id));
      if (d && d.status !== 'received') {
        throw new AppError(
          'INVALID_STATE',
          { zh: `${depositWord.zh}尚未到账，不能确认竞买（受让）资格`, en: `The ${depositWord.en} has not arrived; the applicant cannot be qualified yet` },
          { reason: 'DEPOSIT_NOT_RECEIVED', depositStatus: d.status },
        );
      }
      // domain §5.3: the deposit must arrive by the deposit deadline, where the notice sets one.
      const depositDeadline = p.schedule.depositDeadline ? new Date(p.schedule.depositDeadline) : null;
      if (d?.receivedAt && depositDeadline && d.receivedAt.getTime() > depositDeadline.getTime()) {
        throw new AppError(
          'INVALID_STATE',
          { zh: `${depositWord.zh}于截止时间（${beijingDateTimeZh(depositDeadline)}）后到账，不能确认竞买（受让）资格`, en: `The ${depositWord.en} arrived after its deadline; the applicant cannot be qualified` },
          { reason: 'DEPOSIT_LATE', receivedAt: d.receivedAt.toISOString(), depositDeadline: depositDeadline.toISOString() },
        );
      }
    }
    const [u] = await tx
      .update(registrations)
      .set({ status: input.decision, decidedAt: now, decidedBy: actor.userId, decisionNote: note || null, version: reg.version + 1 })
      .where(and(eq(registrations.id, reg.id), eq(registrations.version, reg.version), eq(registrations.status, 'applied')))
      .returning();
    if (!u) throw new AppError('CONFLICT');
    await audit(tx, deps, ctx, {
      chain: projectChain(p.id),
      action: 'registration.review',
      subject: { type: 'registration', id: reg.id },
      payload: { sectionId: reg.sectionId, bidderOrgId: reg.bidderOrgId, decision: input.decision, note: note || null, decidedAt: now.toISOString() },
    });
    await tellApplicant(tx, deps, p, reg.bidderOrgId, reg.sectionId, input.decision, note);
    return registrationView(tx, reg.id, now);
  });
}

/** The applicant company's users are told the result, in the trade's own words (and nobody else is). */
async function tellApplicant(
  tx: Tx,
  deps: Pick<Deps, 'clock' | 'config'>,
  p: ProjectRow,
  orgId: number,
  sectionId: number,
  decision: ReviewRegistrationInput['decision'],
  note: string,
): Promise<void> {
  const [s] = await tx.select({ code: sections.code, name: sections.name }).from(sections).where(eq(sections.id, sectionId));
  const companyUsers = await tx.select({ id: users.id }).from(users).where(eq(users.orgId, orgId));
  const app = termPair('registration', p.tradeType, p.method);
  const where = `${p.name}（${s?.code ?? ''} ${s?.name ?? ''}）`;
  const whereEn = `${p.name} (${s?.code ?? ''})`;
  await notify(tx, deps, {
    userIds: companyUsers.map((x) => x.id),
    kind: 'registration.review',
    title: decision === 'qualified' ? { zh: `${app.zh}审核通过`, en: `Your ${app.en} was approved` } : { zh: `${app.zh}未通过审核`, en: `Your ${app.en} was not approved` },
    body:
      decision === 'qualified'
        ? { zh: `贵单位对${where}的${app.zh}已审核通过，可按公告参加竞价。`, en: `Your company's ${app.en} for ${whereEn} was approved; you may take part in the sale as announced.` }
        : {
            zh: `贵单位对${where}的${app.zh}未通过审核，不得参加竞价。理由：${note}`,
            en: `Your company's ${app.en} for ${whereEn} was not approved; you may not take part in the sale. Reason: ${note}`,
          },
    link: `/workspace/bidder/projects/${p.id}`,
  });
}
