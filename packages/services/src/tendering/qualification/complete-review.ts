/**
 * Completing the prequalification review (issue 5 §5; P3, P4; issue 16 §7): every applicant decided on
 * every criterion that applies to it; each applicant told its own result; a section with fewer than the
 * minimum qualified fails alone, and when every section is short the project fails with one 流标公告.
 */
import { and, eq, inArray, isNull, ne, or } from 'drizzle-orm';
import { organizations, projects, qualificationDecisions, registrations, sections, users, type ProjectRow, type RegistrationRow, type Tx } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import { AppError, applicantOutcome, procedureStateOf, sectionOutcomes, transition } from '@ebid/domain';
import type { CompleteReviewResult, ProjectRef } from '@ebid/contracts';
import { audit, requireRole, type RequestContext } from '../../context.ts';
import type { Deps } from '../../deps.ts';
import { notify } from '../../notifications/notify.ts';
import { projectFailureMessage, projectFailureNoticeText } from '../../documents/procedure-notices.ts';
import { applyProjectEvent, flagsOf } from '../../projects/index.ts';
import { markDepositsForRefund } from '../deposits/refunds.ts';
import { completeCheckpoint } from '../../supervision/checkpoints.ts';
import { failSections, markSectionsFailedWithProject, prepareSectionFailures, sameSectionOutcome, type SectionPlan } from '../lifecycle/section-failure.ts';
import { preparePlatformNotice, recordPlatformNotice } from '../platform-notices.ts';
import { prequalificationResultNoticeText } from './result-notice.ts';
import { appliesTo, loadCriteria, sectionInfo } from './views.ts';

/** One applicant's result: its registration, the outcome, and the criteria it failed with the reasons. */
interface ApplicantResult {
  reg: RegistrationRow;
  outcome: 'qualified' | 'disqualified';
  failed: { code: string; title: string; reason: string }[];
}

interface ReviewPlan {
  project: ProjectRow;
  applicants: ApplicantResult[];
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
  const applicants: ApplicantResult[] = [];
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
    const failed = mine.flatMap((c) => {
      const d = ds.find((x) => x.criterionId === c.id);
      return d && !d.pass ? [{ code: c.code, title: c.title, reason: d.reason }] : [];
    });
    applicants.push({ reg: r, outcome, failed });
  }
  const [first] = missing;
  if (first) {
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
  const counts = Object.fromEntries(secs.map((s) => [s.code, applicants.filter((a) => a.reg.sectionId === s.id && a.outcome === 'qualified').length]));
  const sectionOutcome = sectionOutcomes(counts, flagsOf(p).minBidders, secs.filter((s) => s.status === 'failed').map((s) => s.code));
  const qualifiedCount = sectionOutcome.projectCount;
  const willFail = transition(procedureStateOf(p), { type: 'prequalification_done', qualifiedCount }, flagsOf(p)).status === 'FAILED';
  return { project: p, applicants, qualifiedCount, willFail, sections: { secs, counts, outcome: sectionOutcome } };
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
  input: ProjectRef,
): Promise<CompleteReviewResult> {
  requireRole(ctx, 'staff', 'platform_admin');
  const predicted = await deps.db.transaction((tx) => planReview(tx, input.projectId, false));
  const minBidders = flagsOf(predicted.project).minBidders;
  const prepared = predicted.willFail
    ? await preparePlatformNotice(deps, {
        projectId: predicted.project.id,
        kind: 'failure',
        ...projectFailureNoticeText(predicted.project, 'too_few_qualified', predicted.qualifiedCount, minBidders),
      })
    : null;
  const sectionFailures = await prepareSectionFailures(deps, predicted.project, predicted.sections, 'too_few_qualified', minBidders);
  // The procedure goes on: the 资格预审结果公告, without names or count (ZTB §22; result-notice.ts).
  const resultNotice = predicted.willFail
    ? null
    : await preparePlatformNotice(deps, {
        projectId: predicted.project.id,
        kind: 'prequalification_result',
        ...prequalificationResultNoticeText({
          project: predicted.project,
          proceeding: predicted.sections.secs.filter((s) => predicted.sections.outcome.proceeding.includes(s.code)),
          failed: predicted.sections.secs.filter((s) => predicted.sections.outcome.failed.includes(s.code)),
          completedAt: deps.clock.now(),
        }),
      });
  return deps.db.transaction(async (tx) => {
    const plan = await planReview(tx, input.projectId, true);
    if (plan.willFail !== predicted.willFail || plan.qualifiedCount !== predicted.qualifiedCount || !sameSectionOutcome(plan.sections.outcome, predicted.sections.outcome)) {
      throw new AppError('CONFLICT', { zh: '审查意见已变化，请刷新后重试', en: 'The decisions changed meanwhile; refresh and retry' });
    }
    const p = plan.project;
    const now = deps.clock.now();
    const qualified: number[] = [];
    const disqualified: number[] = [];
    for (const { reg: r, outcome, failed } of plan.applicants) {
      const note = failed.length ? failed.map((f) => `【${f.code} ${f.title}】${f.reason}`).join('；') : null;
      const [u] = await tx
        .update(registrations)
        .set({ status: outcome, decidedAt: now, decisionNote: note, version: r.version + 1 })
        .where(and(eq(registrations.id, r.id), eq(registrations.version, r.version), eq(registrations.status, 'applied')))
        .returning();
      if (!u) throw new AppError('CONFLICT', { zh: '申请人状态已变化，请刷新后重试', en: 'An applicant changed meanwhile; refresh and retry' });
      (outcome === 'qualified' ? qualified : disqualified).push(r.id);
      const companyUsers = await tx.select({ id: users.id }).from(users).where(eq(users.orgId, r.bidderOrgId));
      const s = await sectionInfo(tx, r.sectionId);
      await notify(tx, deps, {
        userIds: companyUsers.map((x) => x.id),
        kind: 'qualification.result',
        title:
          outcome === 'qualified'
            ? { zh: '资格预审结果：合格', en: 'Prequalification result: qualified' }
            : { zh: '资格预审结果：不合格', en: 'Prequalification result: not qualified' },
        body:
          outcome === 'qualified'
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
    await completeCheckpoint(tx, deps, { projectId: p.id, kind: 'prequal.review', subjectKey: 'project', act: 'project.prequalification_done' }); // issue 20 §1
    if (disqualified.length > 0) {
      await markDepositsForRefund(tx, deps, ctx, { projectId: p.id, trigger: 'prequal_failed', registrationIds: disqualified });
    }
    const owners = await tx
      .select({ id: users.id })
      .from(users)
      .where(or(eq(users.orgId, p.tendereeOrgId), p.agentOrgId !== null ? eq(users.orgId, p.agentOrgId) : isNull(users.id)));
    let failureNoticeId: number | null = null;
    let resultNoticeId: number | null = null;
    if (updated.status === 'FAILED') {
      if (!prepared) throw new AppError('CONFLICT');
      failureNoticeId = (await recordPlatformNotice(tx, deps, ctx, prepared)).id;
      await markSectionsFailedWithProject(tx, deps, plan.sections, 'too_few_qualified', failureNoticeId);
      await markDepositsForRefund(tx, deps, ctx, { projectId: p.id, trigger: 'failure' });
      await notify(tx, deps, {
        userIds: owners.map((x) => x.id),
        kind: 'qualification.failed',
        ...projectFailureMessage(p, 'too_few_qualified', minBidders),
        link: `/workspace/projects/${p.id}`,
      });
    } else {
      await failSections(tx, deps, ctx, p, sectionFailures, 'too_few_qualified', minBidders);
      if (!resultNotice) throw new AppError('CONFLICT');
      resultNoticeId = (await recordPlatformNotice(tx, deps, ctx, resultNotice)).id;
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
      payload: { qualifiedCount: plan.qualifiedCount, qualified, disqualified, status: updated.status, failureNoticeId, resultNoticeId, failedSections: sectionFailures.map((f) => f.section.code) },
    });
    return {
      projectId: p.id,
      status: updated.status,
      qualifiedCount: plan.qualifiedCount,
      qualified,
      disqualified,
      failureNoticeId,
      resultNoticeId,
      failedSections: sectionFailures.map((f) => f.section.code),
    };
  });
}
