/**
 * Qualification review (issue 5 §5; domain §1 P1–P4, B8): structured criteria defined by the owner side
 * with the documents (frozen once the project is submitted, S1), answered by each applicant with a
 * statement, an optional value and evidence files until the application deadline; for prequalification
 * center staff decide pass/fail per criterion with a written reason, and completing the review notifies
 * every applicant of its own result, moves the procedure (fewer than 3 qualified → FAILED with a 流标公告,
 * deposits marked for refund; else PREQUALIFIED → BIDDING) and bars the failed applicants from bidding.
 * For post-qualification the answers are kept for the evaluation.
 */
import { and, eq, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import {
  organizations,
  projects,
  qualificationAnswers,
  qualificationCriteria,
  qualificationDecisions,
  registrations,
  sections,
  uploads,
  users,
  type Tx,
} from '@ebid/db';
import { projectChain } from '@ebid/audit';
import {
  AppError,
  answerHint,
  assertAvailable,
  availability,
  applicantOutcome,
  sectionOutcomes,
  transition,
  type AnswerHint,
  type ApplicantOutcome,
  type CriterionCategory,
  type CriterionUnit,
  type ProcedureState,
  type ProcedureStatus,
} from '@ebid/domain';
import { readerOf, readScope, secretBeforeDeadline, type SecretFact } from '../access/before-deadline.ts';
import type { Actor } from '../auth/session.ts';
import { arrivalOf, audit, requireActor, requireRole, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { notify } from '../notifications/notify.ts';
import { applyProjectEvent, assertOwnerSide, flagsOf, isPartyOrCenter, isPublic, loadProject } from '../projects/index.ts';
import { markDepositsForRefund } from './deposits.ts';
import { preparePlatformNotice, recordPlatformNotice } from './platform-notices.ts';
import { failSections, markSectionsFailedWithProject, prepareSectionFailures, sameSectionOutcome, type SectionPlan } from './section-failure.ts';
import { registrationDeadline } from './registrations.ts';
import { getUploadForUse } from './uploads.ts';

type ProjectRow = typeof projects.$inferSelect;
type RegistrationRow = typeof registrations.$inferSelect;
type CriterionRow = typeof qualificationCriteria.$inferSelect;
type AnswerRow = typeof qualificationAnswers.$inferSelect;
type DecisionRow = typeof qualificationDecisions.$inferSelect;

export interface CriterionInput {
  code: string;
  category: CriterionCategory;
  title: string;
  requirement: string;
  minValue?: number | null;
  unit?: CriterionUnit | null;
  evidenceRequired: boolean;
  sectionId?: number | null;
}

export interface CriterionView {
  id: number;
  projectId: number;
  sectionId: number | null;
  code: string;
  category: CriterionCategory;
  title: string;
  requirement: string;
  minValue: number | null;
  unit: CriterionUnit | null;
  evidenceRequired: boolean;
  sortOrder: number;
}

export interface EvidenceItem {
  uploadId: number;
  fileName: string;
  sha256: string;
  size: number;
}

export interface AnswerView {
  id: number;
  criterionId: number;
  statement: string;
  value: number | null;
  evidence: EvidenceItem[];
  submittedAt: string;
  version: number;
}

export interface DecisionView {
  criterionId: number;
  pass: boolean;
  reason: string;
  decidedAt: string;
  reviewerName: string | null;
}

export interface RegistrationSummary {
  id: number;
  projectId: number;
  sectionId: number;
  sectionCode: string;
  sectionName: string;
  status: RegistrationRow['status'];
  decidedAt: string | null;
  decisionNote: string | null;
}

export interface MyQualificationView {
  registration: RegistrationSummary;
  /** Answers may be changed until this instant (the registration deadline), while the registration is 'applied'. */
  answersCloseAt: string | null;
  answersOpen: boolean;
  /** The review is complete for this registration: decisions and reasons are shown. */
  decided: boolean;
  items: { criterion: CriterionView; answer: AnswerView | null; decision: DecisionView | null }[];
}

export interface ApplicantView {
  registrationId: number;
  bidderOrgId: number;
  companyName: string;
  sectionId: number;
  sectionCode: string;
  sectionName: string;
  status: RegistrationRow['status'];
  decidedAt: string | null;
  decisionNote: string | null;
  outcome: ApplicantOutcome;
  items: { criterionId: number; answer: AnswerView | null; hint: AnswerHint; decision: DecisionView | null }[];
}

export interface ApplicantsView {
  projectId: number;
  projectStatus: ProcedureStatus;
  prequalification: boolean;
  reviewComplete: boolean;
  minQualified: number;
  criteria: CriterionView[];
  applicants: ApplicantView[];
}

const CENTER_ROLES = ['staff', 'platform_admin', 'supervisor'] as const;

/** The secret fact the applicants of a project are: prequalification applicants, or (post-qualification) registrants. */
const applicantsFact = (p: Pick<ProjectRow, 'prequalification'>): SecretFact => (p.prequalification ? 'prequal_applicants' : 'registrants');
const isCenter = (a: Actor) => (CENTER_ROLES as readonly string[]).includes(a.role);

const criterionView = (c: CriterionRow): CriterionView => ({
  id: c.id,
  projectId: c.projectId,
  sectionId: c.sectionId,
  code: c.code,
  category: c.category,
  title: c.title,
  requirement: c.requirement,
  minValue: c.minValue,
  unit: (c.unit as CriterionUnit | null) ?? null,
  evidenceRequired: c.evidenceRequired,
  sortOrder: c.sortOrder,
});

const evidenceOf = (a: AnswerRow): EvidenceItem[] => (Array.isArray(a.evidence) ? (a.evidence as EvidenceItem[]) : []);

const answerView = (a: AnswerRow): AnswerView => ({
  id: a.id,
  criterionId: a.criterionId,
  statement: a.statement,
  value: a.value,
  evidence: evidenceOf(a),
  submittedAt: a.submittedAt.toISOString(),
  version: a.version,
});

const decisionView = (d: DecisionRow, names: Map<number, string>): DecisionView => ({
  criterionId: d.criterionId,
  pass: d.pass,
  reason: d.reason,
  decidedAt: d.decidedAt.toISOString(),
  reviewerName: names.get(d.reviewerId) ?? null,
});

/** Does the criterion apply to an applicant of this section (null = every section)? */
const appliesTo = (c: Pick<CriterionRow, 'sectionId'>, sectionId: number) => c.sectionId === null || c.sectionId === sectionId;

async function loadCriteria(tx: Tx, projectId: number): Promise<CriterionRow[]> {
  return tx
    .select()
    .from(qualificationCriteria)
    .where(eq(qualificationCriteria.projectId, projectId))
    .orderBy(qualificationCriteria.sortOrder, qualificationCriteria.id);
}

async function isOwnerSide(tx: Tx, deps: Pick<Deps, 'clock'>, actor: Actor, p: ProjectRow): Promise<boolean> {
  try {
    await assertOwnerSide(tx, deps, actor, p);
    return true;
  } catch {
    return false;
  }
}

/** The review of a project is complete: it has applicants and every one still in it was decided. */
function reviewCompleteOf(regs: Pick<RegistrationRow, 'status'>[]): boolean {
  const live = regs.filter((r) => r.status !== 'withdrawn');
  return live.length > 0 && live.every((r) => r.status === 'qualified' || r.status === 'disqualified');
}

/**
 * May answers still be given or changed? Until the registration deadline (server time, T1), and for a
 * prequalification project only while it is PUBLISHED (the review has not started). Terminal states close.
 */
function answersWindow(p: ProjectRow, now: Date): { open: boolean; deadline: Date | null } {
  return { open: availability('qualification.answer', p, now).enabled, deadline: registrationDeadline(p) };
}

async function userNames(tx: Tx, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r.name]));
}

// ---------------------------------------------------------------------------------------------------
// Criteria

/** Replace all criteria of a draft project (owner side). Frozen once the project is submitted (S1). */
export async function setQualificationCriteria(
  deps: Pick<Deps, 'db' | 'clock'>,
  ctx: RequestContext,
  input: { projectId: number; criteria: CriterionInput[] },
): Promise<CriterionView[]> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const p = await loadProject(tx, input.projectId);
    await assertOwnerSide(tx, deps, actor, p);
    if (p.status !== 'DRAFT') {
      throw new AppError(
        'INVALID_STATE',
        { zh: '项目已提交，资格条件不能再修改（可通过澄清/修改发布）', en: 'The project has been submitted; its qualification criteria are frozen' },
        { status: p.status },
      );
    }
    const secIds = new Set((await tx.select({ id: sections.id }).from(sections).where(eq(sections.projectId, p.id))).map((s) => s.id));
    const seen = new Set<string>();
    input.criteria.forEach((c, i) => {
      const code = c.code.trim();
      if (seen.has(code)) {
        throw new AppError('VALIDATION', { zh: `资格条件编号「${code}」重复`, en: `Duplicate criterion code "${code}"` }, { field: `criteria.${i}.code`, reason: 'DUPLICATE_CODE' });
      }
      seen.add(code);
      if (c.sectionId != null && !secIds.has(c.sectionId)) {
        throw new AppError('VALIDATION', { zh: '标段不属于该项目', en: 'The section is not part of this project' }, { field: `criteria.${i}.sectionId` });
      }
    });
    await tx.delete(qualificationCriteria).where(eq(qualificationCriteria.projectId, p.id));
    const rows: CriterionRow[] = [];
    for (const [i, c] of input.criteria.entries()) {
      const [row] = await tx
        .insert(qualificationCriteria)
        .values({
          projectId: p.id,
          sectionId: c.sectionId ?? null,
          code: c.code.trim(),
          category: c.category,
          title: c.title.trim(),
          requirement: c.requirement.trim(),
          minValue: c.minValue ?? null,
          unit: c.unit ?? null,
          evidenceRequired: c.evidenceRequired,
          sortOrder: i,
          createdBy: actor.userId,
        })
        .returning();
      rows.push(row!);
    }
    await audit(tx, deps, ctx, {
      chain: projectChain(p.id),
      action: 'qualification.criteria.set',
      subject: { type: 'project', id: p.id },
      payload: { criteria: rows.map(criterionView) },
    });
    return rows.map(criterionView);
  });
}

/** The criteria: the owner side and the center always; any signed-in user once the project is public. */
export async function listQualificationCriteria(deps: Pick<Deps, 'db'>, ctx: RequestContext, input: { projectId: number }): Promise<CriterionView[]> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const p = await loadProject(tx, input.projectId);
    if (!isPartyOrCenter(actor, p) && !isPublic(p)) throw new AppError('NOT_FOUND');
    return (await loadCriteria(tx, p.id)).map(criterionView);
  });
}

// ---------------------------------------------------------------------------------------------------
// Answers (bidder)

async function ownRegistration(tx: Tx, actor: Actor, registrationId: number): Promise<RegistrationRow> {
  const [r] = await tx.select().from(registrations).where(eq(registrations.id, registrationId));
  if (!r || r.bidderOrgId !== actor.orgId) throw new AppError('NOT_FOUND');
  return r;
}

/** Answer one criterion (insert or replace, version++), with evidence files of the actor's organization. */
export async function answerQualification(
  deps: Pick<Deps, 'db' | 'clock'>,
  ctx: RequestContext,
  input: { registrationId: number; criterionId: number; statement: string; value?: number | null; evidenceUploadIds: number[] },
): Promise<AnswerView> {
  const actor = requireRole(ctx, 'bidder');
  return deps.db.transaction(async (tx) => {
    const reg = await ownRegistration(tx, actor, input.registrationId);
    if (reg.status !== 'applied') {
      throw new AppError('INVALID_STATE', { zh: '该报名已撤回或已完成资格审查，不能再修改答复', en: 'This registration is withdrawn or already reviewed' }, { status: reg.status });
    }
    const [c] = await tx.select().from(qualificationCriteria).where(eq(qualificationCriteria.id, input.criterionId));
    if (!c || c.projectId !== reg.projectId || !appliesTo(c, reg.sectionId)) throw new AppError('NOT_FOUND');
    const p = await loadProject(tx, reg.projectId);
    const now = arrivalOf(ctx, deps); // T1
    assertAvailable('qualification.answer', p, now); // issue 16 §4: the rule the page disables the answer form with
    if (c.minValue !== null && (input.value === undefined || input.value === null)) {
      throw new AppError('VALIDATION', { zh: '该条件有数值要求，请填写数值', en: 'This criterion has a threshold; give a value' }, { field: 'value' });
    }
    const ids = [...new Set(input.evidenceUploadIds)];
    if (c.evidenceRequired && ids.length === 0) {
      throw new AppError('VALIDATION', { zh: '该条件须提供证明材料', en: 'This criterion needs evidence files' }, { field: 'evidenceUploadIds', reason: 'EVIDENCE_REQUIRED' });
    }
    const evidence: EvidenceItem[] = [];
    for (const id of ids) {
      const u = await getUploadForUse(tx, actor, id);
      evidence.push({ uploadId: u.id, fileName: u.fileName, sha256: u.sha256, size: u.size });
    }
    const values = {
      statement: input.statement.trim(),
      value: input.value ?? null,
      evidence,
      submittedAt: now,
      submittedBy: actor.userId,
    };
    const [row] = await tx
      .insert(qualificationAnswers)
      .values({ registrationId: reg.id, criterionId: c.id, ...values })
      .onConflictDoUpdate({
        target: [qualificationAnswers.registrationId, qualificationAnswers.criterionId],
        set: { ...values, version: sql`${qualificationAnswers.version} + 1` },
      })
      .returning();
    await audit(tx, deps, ctx, {
      chain: projectChain(p.id),
      action: 'qualification.answer',
      subject: { type: 'qualification_answer', id: row!.id },
      payload: { registrationId: reg.id, criterionId: c.id, code: c.code, value: values.value, evidence, version: row!.version },
      objectHashes: evidence.map((e) => e.sha256),
    });
    return answerView(row!);
  });
}


async function sectionInfo(tx: Tx, sectionId: number): Promise<{ code: string; name: string }> {
  const [s] = await tx.select({ code: sections.code, name: sections.name }).from(sections).where(eq(sections.id, sectionId));
  return s ?? { code: '', name: '' };
}

async function myView(tx: Tx, deps: Pick<Deps, 'clock'>, reg: RegistrationRow): Promise<MyQualificationView> {
  const p = await loadProject(tx, reg.projectId);
  const crit = (await loadCriteria(tx, p.id)).filter((c) => appliesTo(c, reg.sectionId));
  const answers = await tx.select().from(qualificationAnswers).where(eq(qualificationAnswers.registrationId, reg.id));
  const decided = reg.status === 'qualified' || reg.status === 'disqualified';
  const decisions = decided ? await tx.select().from(qualificationDecisions).where(eq(qualificationDecisions.registrationId, reg.id)) : [];
  const names = new Map<number, string>(); // reviewers stay anonymous to applicants
  const w = answersWindow(p, deps.clock.now());
  const s = await sectionInfo(tx, reg.sectionId);
  return {
    registration: {
      id: reg.id,
      projectId: reg.projectId,
      sectionId: reg.sectionId,
      sectionCode: s.code,
      sectionName: s.name,
      status: reg.status,
      decidedAt: reg.decidedAt?.toISOString() ?? null,
      decisionNote: reg.decisionNote,
    },
    answersCloseAt: w.deadline?.toISOString() ?? null,
    answersOpen: w.open && reg.status === 'applied',
    decided,
    items: crit.map((c) => {
      const a = answers.find((x) => x.criterionId === c.id);
      const d = decisions.find((x) => x.criterionId === c.id);
      return { criterion: criterionView(c), answer: a ? answerView(a) : null, decision: d ? decisionView(d, names) : null };
    }),
  };
}

/** My company's criteria and answers for one registration; decisions with reasons once it is decided. */
export async function myQualification(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: { registrationId: number }): Promise<MyQualificationView> {
  const actor = requireRole(ctx, 'bidder');
  return deps.db.transaction(async (tx) => myView(tx, deps, await ownRegistration(tx, actor, input.registrationId)));
}

/** The same for each of my company's (not withdrawn) registrations in a project. */
export async function myProjectQualification(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: { projectId: number }): Promise<MyQualificationView[]> {
  const actor = requireRole(ctx, 'bidder');
  return deps.db.transaction(async (tx) => {
    const regs = await tx
      .select()
      .from(registrations)
      .where(and(eq(registrations.projectId, input.projectId), eq(registrations.bidderOrgId, actor.orgId), ne(registrations.status, 'withdrawn')))
      .orderBy(registrations.sectionId);
    const out: MyQualificationView[] = [];
    for (const r of regs) out.push(await myView(tx, deps, r));
    return out;
  });
}

// ---------------------------------------------------------------------------------------------------
// Review (center staff)

/** Applicants with their answers, hints and decisions: reviewers (center); the owner side after the review. */
export async function listQualificationApplicants(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: { projectId: number }): Promise<ApplicantsView> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const p = await loadProject(tx, input.projectId);
    if (!isCenter(actor) && !(await isOwnerSide(tx, deps, actor, p))) throw new AppError(isPublic(p) ? 'FORBIDDEN' : 'NOT_FOUND');
    // Before the application deadline (prequalification) or the bid deadline (post-qualification: the
    // applicants are the registrants) nobody gets the list — one refusal, whether or not anyone applied.
    const fact = applicantsFact(p);
    if (readScope(fact, readerOf(actor.role), p, deps.clock.now()) !== 'open') throw secretBeforeDeadline(p, fact);
    const regs = await tx
      .select()
      .from(registrations)
      .where(and(eq(registrations.projectId, p.id), ne(registrations.status, 'withdrawn')))
      .orderBy(registrations.sectionId, registrations.id);
    const complete = reviewCompleteOf(regs);
    if (!isCenter(actor)) {
      if (!complete) {
        throw new AppError('FORBIDDEN', { zh: '资格审查完成后方可查看申请人答复', en: 'Applicants’ answers are shown after the review is complete' }, { reason: 'REVIEW_NOT_COMPLETE' });
      }
    }
    const crit = await loadCriteria(tx, p.id);
    const regIds = regs.map((r) => r.id);
    const answers = regIds.length ? await tx.select().from(qualificationAnswers).where(inArray(qualificationAnswers.registrationId, regIds)) : [];
    const decisions = regIds.length ? await tx.select().from(qualificationDecisions).where(inArray(qualificationDecisions.registrationId, regIds)) : [];
    const names = await userNames(tx, decisions.map((d) => d.reviewerId));
    const orgIds = [...new Set(regs.map((r) => r.bidderOrgId))];
    const orgs = orgIds.length ? await tx.select({ id: organizations.id, name: organizations.name }).from(organizations).where(inArray(organizations.id, orgIds)) : [];
    const secs = await tx.select().from(sections).where(eq(sections.projectId, p.id));
    return {
      projectId: p.id,
      projectStatus: p.status as ProcedureStatus,
      prequalification: p.prequalification,
      reviewComplete: complete,
      minQualified: flagsOf(p).minBidders,
      criteria: crit.map(criterionView),
      applicants: regs.map((r) => {
        const mine = crit.filter((c) => appliesTo(c, r.sectionId));
        const myDecisions = decisions.filter((d) => d.registrationId === r.id);
        const s = secs.find((x) => x.id === r.sectionId);
        return {
          registrationId: r.id,
          bidderOrgId: r.bidderOrgId,
          companyName: orgs.find((o) => o.id === r.bidderOrgId)?.name ?? '',
          sectionId: r.sectionId,
          sectionCode: s?.code ?? '',
          sectionName: s?.name ?? '',
          status: r.status,
          decidedAt: r.decidedAt?.toISOString() ?? null,
          decisionNote: r.decisionNote,
          outcome: applicantOutcome(mine.map((c) => c.id), myDecisions),
          items: mine.map((c) => {
            const a = answers.find((x) => x.registrationId === r.id && x.criterionId === c.id);
            const d = myDecisions.find((x) => x.criterionId === c.id);
            return {
              criterionId: c.id,
              answer: a ? answerView(a) : null,
              hint: answerHint(c, a ? { value: a.value, evidence: evidenceOf(a) } : null),
              decision: d ? decisionView(d, names) : null,
            };
          }),
        };
      }),
    };
  });
}

/** Projects whose prequalification review is open (reviewers' queue). */
export async function qualificationReviewQueue(
  deps: Pick<Deps, 'db' | 'clock'>,
  ctx: RequestContext,
): Promise<{ projectId: number; name: string; unifiedDealCode: string; prequalReviewEnd: string | null; applicantCount: number | null }[]> {
  const actor = requireRole(ctx, ...CENTER_ROLES);
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const rows = await tx.select().from(projects).where(eq(projects.status, 'PREQUALIFICATION')).orderBy(projects.id);
    const out = [];
    for (const p of rows) {
      const regs = await tx
        .select({ id: registrations.id })
        .from(registrations)
        .where(and(eq(registrations.projectId, p.id), ne(registrations.status, 'withdrawn')));
      out.push({
        projectId: p.id,
        name: p.name,
        unifiedDealCode: p.unifiedDealCode,
        prequalReviewEnd: (p.schedule as Record<string, string>).prequalReviewEnd ?? null,
        // A count of applicants only once the reader may see them (the table; null: not disclosed yet).
        applicantCount: readScope(applicantsFact(p), readerOf(actor.role), p, now) === 'open' ? regs.length : null,
      });
    }
    return out;
  });
}

/** A reviewer's pass/fail on one criterion for one applicant, with a written reason (replaces an earlier one). */
export async function decideQualification(
  deps: Pick<Deps, 'db' | 'clock'>,
  ctx: RequestContext,
  input: { registrationId: number; criterionId: number; pass: boolean; reason: string },
): Promise<DecisionView> {
  const actor = requireRole(ctx, 'staff', 'platform_admin');
  const reason = input.reason.trim();
  if (reason.length < 2) {
    throw new AppError('VALIDATION', { zh: '请填写书面理由', en: 'A written reason is required' }, { field: 'reason' });
  }
  return deps.db.transaction(async (tx) => {
    const [reg] = await tx.select().from(registrations).where(eq(registrations.id, input.registrationId));
    if (!reg) throw new AppError('NOT_FOUND');
    const p = await loadProject(tx, reg.projectId);
    if (p.status !== 'PREQUALIFICATION') {
      throw new AppError('INVALID_STATE', { zh: '项目不在资格审查阶段', en: 'The project is not in prequalification review' }, { status: p.status });
    }
    if (reg.status !== 'applied') {
      throw new AppError('INVALID_STATE', { zh: '该申请人已撤回或已有审查结果', en: 'This applicant withdrew or was already decided' }, { status: reg.status });
    }
    const [c] = await tx.select().from(qualificationCriteria).where(eq(qualificationCriteria.id, input.criterionId));
    if (!c || c.projectId !== reg.projectId || !appliesTo(c, reg.sectionId)) throw new AppError('NOT_FOUND');
    const now = deps.clock.now();
    const [row] = await tx
      .insert(qualificationDecisions)
      .values({ registrationId: reg.id, criterionId: c.id, pass: input.pass, reason, reviewerId: actor.userId, decidedAt: now })
      .onConflictDoUpdate({
        target: [qualificationDecisions.registrationId, qualificationDecisions.criterionId],
        set: { pass: input.pass, reason, reviewerId: actor.userId, decidedAt: now },
      })
      .returning();
    await audit(tx, deps, ctx, {
      chain: projectChain(p.id),
      action: 'qualification.decide',
      subject: { type: 'registration', id: reg.id },
      payload: { criterionId: c.id, code: c.code, pass: input.pass, reason },
    });
    return decisionView(row!, new Map([[actor.userId, actor.displayName]]));
  });
}

interface ReviewPlan {
  project: ProjectRow;
  regs: RegistrationRow[];
  outcomes: Map<number, { outcome: 'qualified' | 'disqualified'; failed: { code: string; title: string; reason: string }[] }>;
  qualifiedCount: number;
  willFail: boolean;
  /** Qualified applicants per section code, and P4 per section (issue 16 §7). */
  sections: SectionPlan;
}

/** Everything completing the review will do, computed from the data (and checked: state, missing decisions). */
async function planReview(tx: Tx, projectId: number, lock: boolean): Promise<ReviewPlan> {
  const q = tx.select().from(projects).where(eq(projects.id, projectId));
  const [p] = lock ? await q.for('update') : await q;
  if (!p) throw new AppError('NOT_FOUND');
  if (p.status !== 'PREQUALIFICATION') {
    throw new AppError('INVALID_STATE', { zh: '项目不在资格审查阶段', en: 'The project is not in prequalification review' }, { status: p.status });
  }
  const regs = await tx
    .select()
    .from(registrations)
    .where(and(eq(registrations.projectId, p.id), ne(registrations.status, 'withdrawn')))
    .orderBy(registrations.id);
  const crit = await loadCriteria(tx, p.id);
  const regIds = regs.map((r) => r.id);
  const decisions = regIds.length ? await tx.select().from(qualificationDecisions).where(inArray(qualificationDecisions.registrationId, regIds)) : [];
  const orgIds = [...new Set(regs.map((r) => r.bidderOrgId))];
  const orgs = orgIds.length ? await tx.select({ id: organizations.id, name: organizations.name }).from(organizations).where(inArray(organizations.id, orgIds)) : [];
  const missing: { registrationId: number; companyName: string; criteria: string[] }[] = [];
  const outcomes: ReviewPlan['outcomes'] = new Map();
  for (const r of regs) {
    const mine = crit.filter((c) => appliesTo(c, r.sectionId));
    const ds = decisions.filter((d) => d.registrationId === r.id);
    const outcome = applicantOutcome(mine.map((c) => c.id), ds);
    if (outcome === 'pending') {
      missing.push({
        registrationId: r.id,
        companyName: orgs.find((o) => o.id === r.bidderOrgId)?.name ?? '',
        criteria: mine.filter((c) => !ds.some((d) => d.criterionId === c.id)).map((c) => c.code),
      });
      continue;
    }
    const failed = mine
      .map((c) => ({ c, d: ds.find((d) => d.criterionId === c.id)! }))
      .filter((x) => !x.d.pass)
      .map((x) => ({ code: x.c.code, title: x.c.title, reason: x.d.reason }));
    outcomes.set(r.id, { outcome, failed });
  }
  if (missing.length > 0) {
    const first = missing[0]!;
    throw new AppError(
      'VALIDATION',
      {
        zh: `尚有申请人的资格条件未审查：${missing.map((m) => `${m.companyName}（${m.criteria.join('、')}）`).join('；')}`,
        en: `Some applicants have undecided criteria, e.g. ${first.companyName} (${first.criteria.join(', ')})`,
      },
      { reason: 'DECISIONS_MISSING', missing },
    );
  }
  // Every section is a competition of its own (ZTBT §19 in each): a section with fewer than the minimum
  // qualified fails alone; the project fails only when all its sections have (issue 16 §7).
  const secs = await tx.select().from(sections).where(eq(sections.projectId, p.id)).orderBy(sections.code);
  const counts = Object.fromEntries(secs.map((s) => [s.code, regs.filter((r) => r.sectionId === s.id && outcomes.get(r.id)!.outcome === 'qualified').length]));
  const sectionOutcome = sectionOutcomes(counts, flagsOf(p).minBidders, secs.filter((s) => s.status === 'failed').map((s) => s.code));
  const qualifiedCount = sectionOutcome.projectCount;
  const state: ProcedureState = { ...(p.statusDetail as Omit<ProcedureState, 'status'>), status: p.status as ProcedureStatus };
  const willFail = transition(state, { type: 'prequalification_done', qualifiedCount }, flagsOf(p)).status === 'FAILED';
  return { project: p, regs, outcomes, qualifiedCount, willFail, sections: { secs, counts, outcome: sectionOutcome } };
}

function failureNoticeText(p: ProjectRow, qualifiedCount: number, minBidders: number): { title: string; body: string } {
  return {
    title: `${p.name}流标公告`,
    body: [
      `${p.name}（统一交易标识码：${p.unifiedDealCode}）资格预审已结束。`,
      `经资格审查，通过资格预审的申请人少于${minBidders}个（最少的标段为${qualifiedCount}个），依据《中华人民共和国招标投标法实施条例》第十九条，本次招标失败（流标），招标人将依法重新招标。`,
      '已递交的投标保证金将按规定退还。',
    ].join('\n\n'),
  };
}

export interface CompleteReviewResult {
  projectId: number;
  status: ProcedureStatus;
  qualifiedCount: number;
  qualified: number[];
  disqualified: number[];
  failureNoticeId: number | null;
  /** Sections that failed alone now (fewer than the minimum qualified; issue 16 §7), by code. */
  failedSections: string[];
}

/**
 * Complete the prequalification review: every applicant decided on every criterion that applies to it;
 * results recorded and each applicant told its own; a section with fewer than 3 qualified fails alone
 * (issue 16 §7: its own 流标公告, its deposits due for refund, its applicants told) while the others go
 * on; every section short → the project is FAILED with one 流标公告 and every deposit marked for refund,
 * else PREQUALIFIED → BIDDING. The notice is rendered and
 * sealed before the transaction (slow), only when the outcome computed from the data is a failure; the
 * transaction re-checks everything and refuses (CONFLICT) if the outcome changed meanwhile.
 */
export async function completeQualificationReview(
  deps: Pick<Deps, 'db' | 'clock' | 'config' | 'pki' | 'storage'>,
  ctx: RequestContext,
  input: { projectId: number },
): Promise<CompleteReviewResult> {
  requireRole(ctx, 'staff', 'platform_admin');
  const predicted = await deps.db.transaction((tx) => planReview(tx, input.projectId, false));
  const minBidders = flagsOf(predicted.project).minBidders;
  const prepared = predicted.willFail
    ? await preparePlatformNotice(deps, {
        projectId: predicted.project.id,
        kind: 'failure',
        ...failureNoticeText(predicted.project, predicted.qualifiedCount, minBidders),
      })
    : null;
  const sectionFailures = await prepareSectionFailures(deps, predicted.project, predicted.sections, 'too_few_qualified', minBidders);
  return deps.db.transaction(async (tx) => {
    const plan = await planReview(tx, input.projectId, true);
    if (plan.willFail !== predicted.willFail || plan.qualifiedCount !== predicted.qualifiedCount || !sameSectionOutcome(plan.sections.outcome, predicted.sections.outcome)) {
      throw new AppError('CONFLICT', { zh: '审查意见已变化，请刷新后重试', en: 'The decisions changed meanwhile; refresh and retry' });
    }
    const p = plan.project;
    const now = deps.clock.now();
    const qualified: number[] = [];
    const disqualified: number[] = [];
    for (const r of plan.regs) {
      const o = plan.outcomes.get(r.id)!;
      const note = o.failed.length ? o.failed.map((f) => `【${f.code} ${f.title}】${f.reason}`).join('；') : null;
      const [u] = await tx
        .update(registrations)
        .set({ status: o.outcome, decidedAt: now, decisionNote: note, version: r.version + 1 })
        .where(and(eq(registrations.id, r.id), eq(registrations.version, r.version), eq(registrations.status, 'applied')))
        .returning();
      if (!u) throw new AppError('CONFLICT', { zh: '申请人状态已变化，请刷新后重试', en: 'An applicant changed meanwhile; refresh and retry' });
      (o.outcome === 'qualified' ? qualified : disqualified).push(r.id);
      const companyUsers = await tx.select({ id: users.id }).from(users).where(eq(users.orgId, r.bidderOrgId));
      const s = await sectionInfo(tx, r.sectionId);
      await notify(tx, deps, {
        userIds: companyUsers.map((x) => x.id),
        kind: 'qualification.result',
        title:
          o.outcome === 'qualified'
            ? { zh: '资格预审结果：合格', en: 'Prequalification result: qualified' }
            : { zh: '资格预审结果：不合格', en: 'Prequalification result: not qualified' },
        body:
          o.outcome === 'qualified'
            ? {
                zh: `贵单位参加${p.name}（${s.code} ${s.name}）的资格预审结果为合格。`,
                en: `Your company passed the prequalification of ${p.name} (section ${s.code}).`,
              }
            : {
                zh: `贵单位参加${p.name}（${s.code} ${s.name}）的资格预审结果为不合格，不得参加投标。原因：${note ?? ''}`,
                en: `Your company did not pass the prequalification of ${p.name} (section ${s.code}) and may not bid. Reasons: ${note ?? ''}`,
              },
        link: `/workspace/bidder/projects/${p.id}`,
      });
    }
    let updated = await applyProjectEvent(tx, deps, ctx, p, { type: 'prequalification_done', qualifiedCount: plan.qualifiedCount });
    if (disqualified.length > 0) {
      await markDepositsForRefund(tx, deps, ctx, { projectId: p.id, trigger: 'prequal_failed', registrationIds: disqualified });
    }
    const owners = await tx
      .select({ id: users.id })
      .from(users)
      .where(or(eq(users.orgId, p.tendereeOrgId), p.agentOrgId !== null ? eq(users.orgId, p.agentOrgId) : isNull(users.id)));
    let failureNoticeId: number | null = null;
    if (updated.status === 'FAILED') {
      if (!prepared) throw new AppError('CONFLICT');
      failureNoticeId = (await recordPlatformNotice(tx, deps, ctx, prepared)).id;
      await markSectionsFailedWithProject(tx, deps, plan.sections, 'too_few_qualified', failureNoticeId);
      await markDepositsForRefund(tx, deps, ctx, { projectId: p.id, trigger: 'failure' });
      await notify(tx, deps, {
        userIds: owners.map((x) => x.id),
        kind: 'qualification.failed',
        title: { zh: '资格预审合格申请人不足，项目流标', en: 'Too few qualified applicants: the tender failed' },
        body: {
          zh: `${p.name}（${p.unifiedDealCode}）通过资格预审的申请人少于${minBidders}个，项目已流标并发布流标公告。您可以发起重新招标。`,
          en: `${p.name} (${p.unifiedDealCode}) has fewer than ${minBidders} qualified applicants; the tender failed and a failure notice was published. You may re-tender.`,
        },
        link: `/workspace/projects/${p.id}`,
      });
    } else {
      await failSections(tx, deps, ctx, p, sectionFailures, 'too_few_qualified', minBidders);
      updated = await applyProjectEvent(tx, deps, ctx, updated, { type: 'open_bidding' });
      await notify(tx, deps, {
        userIds: owners.map((x) => x.id),
        kind: 'qualification.completed',
        title: { zh: '资格预审完成', en: 'Prequalification complete' },
        body: {
          zh: `${p.name}（${p.unifiedDealCode}）资格预审完成，${qualified.length}家合格，项目进入投标阶段。`,
          en: `${p.name} (${p.unifiedDealCode}): prequalification complete, ${qualified.length} qualified; bidding is open.`,
        },
        link: `/workspace/projects/${p.id}`,
      });
    }
    await audit(tx, deps, ctx, {
      chain: projectChain(p.id),
      action: 'qualification.complete',
      subject: { type: 'project', id: p.id },
      payload: { qualifiedCount: plan.qualifiedCount, qualified, disqualified, status: updated.status, failureNoticeId, failedSections: sectionFailures.map((f) => f.section.code) },
    });
    return {
      projectId: p.id,
      status: updated.status as ProcedureStatus,
      qualifiedCount: plan.qualifiedCount,
      qualified,
      disqualified,
      failureNoticeId,
      failedSections: sectionFailures.map((f) => f.section.code),
    };
  });
}

// ---------------------------------------------------------------------------------------------------
// Evidence download

/** One evidence file of an answer: the answering company, the center, and the owner side after the review. */
export async function qualificationEvidence(
  deps: Pick<Deps, 'db' | 'clock' | 'storage'>,
  ctx: RequestContext,
  input: { answerId: number; index: number },
): Promise<{ stream: NodeJS.ReadableStream; size: number; fileName: string; contentType: string }> {
  const actor = requireActor(ctx);
  const found = await deps.db.transaction(async (tx) => {
    const [a] = await tx.select().from(qualificationAnswers).where(eq(qualificationAnswers.id, input.answerId));
    if (!a) return null;
    const [reg] = await tx.select().from(registrations).where(eq(registrations.id, a.registrationId));
    if (!reg) return null;
    const p = await loadProject(tx, reg.projectId);
    const own = actor.role === 'bidder' && actor.orgId === reg.bidderOrgId;
    // Anyone else only once the applicants may be seen (the table), the same 404 before that.
    if (!own && readScope(applicantsFact(p), readerOf(actor.role), p, deps.clock.now()) !== 'open') return null;
    let allowed = isCenter(actor) || own;
    if (!allowed) {
      if (await isOwnerSide(tx, deps, actor, p)) {
        const regs = await tx.select({ status: registrations.status }).from(registrations).where(eq(registrations.projectId, p.id));
        allowed = reviewCompleteOf(regs);
      }
    }
    if (!allowed) return null;
    const e = evidenceOf(a)[input.index];
    if (!e) return null;
    const [u] = await tx.select({ contentType: uploads.contentType }).from(uploads).where(eq(uploads.id, e.uploadId));
    return { e, contentType: u?.contentType ?? 'application/octet-stream' };
  });
  if (!found) throw new AppError('NOT_FOUND');
  return { stream: await deps.storage.get(found.e.sha256, { expectedSize: found.e.size }), size: found.e.size, fileName: found.e.fileName, contentType: found.contentType };
}

// ---------------------------------------------------------------------------------------------------
// B8

/**
 * May this company bid on this section (B8; ZTBT §19, §36)? Not registered or withdrawn → FORBIDDEN
 * 'NOT_REGISTERED'; failed the qualification review → FORBIDDEN 'PREQUAL_FAILED'; a prequalification
 * project not yet decided for it → FORBIDDEN 'NOT_QUALIFIED'. Otherwise returns.
 */
export async function assertMayBid(tx: Tx, input: { projectId: number; sectionId: number; bidderOrgId: number }): Promise<void> {
  const [reg] = await tx
    .select()
    .from(registrations)
    .where(
      and(
        eq(registrations.projectId, input.projectId),
        eq(registrations.sectionId, input.sectionId),
        eq(registrations.bidderOrgId, input.bidderOrgId),
      ),
    );
  if (!reg || reg.status === 'withdrawn') {
    throw new AppError('FORBIDDEN', { zh: '贵单位未报名该标段', en: 'Your company has not registered for this section' }, { reason: 'NOT_REGISTERED' });
  }
  if (reg.status === 'disqualified') {
    throw new AppError('FORBIDDEN', { zh: '贵单位未通过资格预审，不得投标', en: 'Your company failed the prequalification and may not bid' }, { reason: 'PREQUAL_FAILED' });
  }
  const [p] = await tx.select({ prequalification: projects.prequalification }).from(projects).where(eq(projects.id, input.projectId));
  if (p?.prequalification && reg.status !== 'qualified') {
    throw new AppError('FORBIDDEN', { zh: '贵单位尚未通过资格预审', en: 'Your company has not (yet) passed the prequalification' }, { reason: 'NOT_QUALIFIED' });
  }
}
