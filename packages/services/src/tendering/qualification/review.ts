/**
 * The prequalification review (issue 5 §5; P3): center staff see the applicants with their answers and
 * the platform's hints, and decide pass/fail per criterion with a written reason; the owner side sees the
 * same once the review is complete. Completing it is complete-review.ts.
 */
import { and, eq, inArray, ne } from 'drizzle-orm';
import { organizations, projects, qualificationCriteria, qualificationDecisions, registrations, qualificationAnswers, sections } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import { AppError, answerHint, applicantOutcome, qualificationDecisionRefusal } from '@ebid/domain';
import type { ApplicantsView, DecisionInput, DecisionView, ProjectRef, ReviewQueueItem } from '@ebid/contracts';
import { readerOf, readScope, secretBeforeDeadline } from '../../access/before-deadline.ts';
import { audit, requireActor, requireRole, type RequestContext } from '../../context.ts';
import type { Deps } from '../../deps.ts';
import { flagsOf, isPublic, loadProject } from '../../projects/index.ts';
import { supervisedProjectsCondition } from '../../supervision/scope.ts';
import { applicantsFact, CENTER_ROLES, isCenter, isOwnerSide, reviewCompleteOf } from './readers.ts';
import { answerView, appliesTo, criterionView, decisionView, evidenceOf, loadCriteria, userNames } from './views.ts';

/** Applicants with their answers, hints and decisions: reviewers (center); the owner side after the review. */
export async function listQualificationApplicants(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: ProjectRef): Promise<ApplicantsView> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const p = await loadProject(tx, input.projectId);
    if (!isCenter(actor, p) && !(await isOwnerSide(tx, deps, actor, p))) throw new AppError(isPublic(p) && actor.role !== 'supervisor' ? 'FORBIDDEN' : 'NOT_FOUND');
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
    if (!isCenter(actor, p) && !complete) {
      throw new AppError('FORBIDDEN', { zh: '资格审查完成后方可查看申请人答复', en: 'Applicants’ answers are shown after the review is complete' }, { reason: 'REVIEW_NOT_COMPLETE' });
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
      projectStatus: p.status,
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
export async function qualificationReviewQueue(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext): Promise<ReviewQueueItem[]> {
  const actor = requireRole(ctx, ...CENTER_ROLES);
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(projects)
      .where(and(eq(projects.status, 'PREQUALIFICATION'), await supervisedProjectsCondition(tx, actor))) // a supervisor: its scopes' projects (issue 20 §4)
      .orderBy(projects.id);
    const out: ReviewQueueItem[] = [];
    for (const p of rows) {
      const regs = await tx
        .select({ id: registrations.id })
        .from(registrations)
        .where(and(eq(registrations.projectId, p.id), ne(registrations.status, 'withdrawn')));
      out.push({
        projectId: p.id,
        name: p.name,
        unifiedDealCode: p.unifiedDealCode,
        prequalReviewEnd: p.schedule.prequalReviewEnd ?? null,
        // A count of applicants only once the reader may see them (the table; null: not disclosed yet).
        applicantCount: readScope(applicantsFact(p), readerOf(actor.role), p, now) === 'open' ? regs.length : null,
      });
    }
    return out;
  });
}

/** A reviewer's pass/fail on one criterion for one applicant, with a written reason (replaces an earlier one). */
export async function decideQualification(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: DecisionInput): Promise<DecisionView> {
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
    // Issue 18 §3 (P3): a pass needs the applicant's answer to this criterion; a fail does not.
    const [a] = await tx.select().from(qualificationAnswers).where(and(eq(qualificationAnswers.registrationId, reg.id), eq(qualificationAnswers.criterionId, c.id)));
    const refusal = qualificationDecisionRefusal(input.pass, answerHint(c, a ? { value: a.value, evidence: evidenceOf(a) } : null));
    if (refusal) throw refusal;
    const now = deps.clock.now();
    const [row] = await tx
      .insert(qualificationDecisions)
      .values({ registrationId: reg.id, criterionId: c.id, pass: input.pass, reason, reviewerId: actor.userId, decidedAt: now })
      .onConflictDoUpdate({
        target: [qualificationDecisions.registrationId, qualificationDecisions.criterionId],
        set: { pass: input.pass, reason, reviewerId: actor.userId, decidedAt: now },
      })
      .returning();
    if (!row) throw new AppError('INTERNAL');
    await audit(tx, deps, ctx, {
      chain: projectChain(p.id),
      action: 'qualification.decide',
      subject: { type: 'registration', id: reg.id },
      payload: { criterionId: c.id, code: c.code, pass: input.pass, reason },
    });
    return decisionView(row, new Map([[actor.userId, actor.displayName]]));
  });
}
