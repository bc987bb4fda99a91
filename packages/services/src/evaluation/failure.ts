/**
 * O2's consequence (政府采购法 §36; engineering every bid rejected, 招标投标法 §42): an evaluation that stops at
 * the compliance review fails its section — with its own failure notice (废标 / 流标公告), its securities due
 * for refund, its companies and the owner side told (`failSections`, the path of a section short of bids at
 * the opening) — and the project fails with one notice when every other section has failed already.
 *
 * Two phases like every platform notice: `prepareEvaluationFailure` renders and seals the notice outside any
 * transaction from a plan read beforehand; `recordEvaluationFailure` records it inside the chair's closing
 * transaction, which re-plans and refuses (CONFLICT) when the outcome is no longer the one prepared.
 */
import { and, eq, inArray, ne } from 'drizzle-orm';
import { registrations, sections, users, type ProjectRow, type SectionRow, type Tx } from '@ebid/db';
import { AppError, type FailReason } from '@ebid/domain';
import { GP_MIN_QUALIFIED_BIDS, type EvaluationKind } from '@ebid/domain/evaluation';
import type { RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { notify } from '../notifications/notify.ts';
import { projectFailureMessage, projectFailureNoticeText } from '../documents/procedure-notices.ts';
import { applyProjectEvent } from '../projects/procedure-events.ts';
import { markDepositsForRefund } from '../tendering/deposits/refunds.ts';
import { failSections, markSectionsFailedWithProject, prepareSectionFailures, type SectionFailure, type SectionPlan } from '../tendering/lifecycle/section-failure.ts';
import { preparePlatformNotice, recordPlatformNotice, type PreparedNotice } from '../tendering/platform-notices.ts';
import { ownerSideUserIds } from '../tendering/recipients.ts';

const CAUSE = 'too_few_compliant';

/** What failing the evaluation does: which section, how many bids stayed valid, and whether the project goes too. */
export interface EvaluationFailurePlan {
  project: ProjectRow;
  section: SectionRow;
  valid: number;
  /** the least number of valid bids the method needs: 3 under GP (CG §36), 1 for engineering (ZTB §42) */
  minValid: number;
  /** every other section of the project has failed already */
  projectFails: boolean;
  /** the project's failure reason (procedure machine) when it fails */
  projectReason: FailReason;
  sections: SectionPlan;
}

/** The plan, from the rows as they are now (read again inside the closing transaction). */
export async function planEvaluationFailure(tx: Tx, p: ProjectRow, section: SectionRow, kind: EvaluationKind, valid: number): Promise<EvaluationFailurePlan> {
  const all = await tx.select().from(sections).where(eq(sections.projectId, p.id));
  const projectFails = all.every((s) => s.id === section.id || s.status === 'failed');
  const gp = kind.startsWith('gp.');
  return {
    project: p,
    section,
    valid,
    minValid: gp ? GP_MIN_QUALIFIED_BIDS : 1,
    projectFails,
    projectReason: gp ? 'too_few_qualified' : 'all_rejected',
    sections: { secs: [section], counts: { [section.code]: valid }, outcome: { failed: [section.code], proceeding: [], projectFails, projectCount: valid } },
  };
}

export type PreparedEvaluationFailure = { projectFails: true; valid: number; notice: PreparedNotice } | { projectFails: false; valid: number; failures: SectionFailure[] };

/** Phase 1 (no transaction): the section's notice, or the project's when it fails as a whole. */
export async function prepareEvaluationFailure(deps: Pick<Deps, 'db' | 'clock' | 'pki' | 'storage' | 'config'>, plan: EvaluationFailurePlan): Promise<PreparedEvaluationFailure> {
  if (plan.projectFails) {
    const text = projectFailureNoticeText(plan.project, CAUSE, plan.valid, plan.minValid);
    return { projectFails: true, valid: plan.valid, notice: await preparePlatformNotice(deps, { projectId: plan.project.id, kind: 'failure', ...text }) };
  }
  return { projectFails: false, valid: plan.valid, failures: await prepareSectionFailures(deps, plan.project, plan.sections, CAUSE, plan.minValid) };
}

/** The prepared notice still matches the plan made inside the transaction; CONFLICT otherwise (nothing recorded). */
export function requireSameFailure(prepared: PreparedEvaluationFailure | null, plan: EvaluationFailurePlan): PreparedEvaluationFailure {
  if (!prepared || prepared.projectFails !== plan.projectFails || prepared.valid !== plan.valid) {
    throw new AppError('CONFLICT', { zh: '评审结果或其他标段的状态已变化，请重试', en: 'The findings or another section changed meanwhile; retry' }, { reason: 'FAILURE_CHANGED' });
  }
  return prepared;
}

/**
 * Phase 2 (inside the closing transaction): the section failed with its notice, or the project FAILED with
 * its one notice and every security due for refund; the companies of the section and the owner side told.
 * Returns the failure notice id.
 */
export async function recordEvaluationFailure(tx: Tx, deps: Pick<Deps, 'clock' | 'config'>, ctx: RequestContext, plan: EvaluationFailurePlan, prepared: PreparedEvaluationFailure): Promise<number> {
  const p = plan.project;
  if (!prepared.projectFails) {
    const ids = await failSections(tx, deps, ctx, p, prepared.failures, CAUSE, plan.minValid);
    const id = ids.get(plan.section.id);
    if (id === undefined) throw new AppError('CONFLICT');
    return id;
  }
  await applyProjectEvent(tx, deps, ctx, p, { type: 'fail', reason: plan.projectReason });
  const notice = await recordPlatformNotice(tx, deps, ctx, prepared.notice);
  await markSectionsFailedWithProject(tx, deps, plan.sections, CAUSE, notice.id);
  await markDepositsForRefund(tx, deps, ctx, { projectId: p.id, trigger: 'failure' });
  const companies = await tx
    .select({ orgId: registrations.bidderOrgId })
    .from(registrations)
    .where(and(eq(registrations.sectionId, plan.section.id), ne(registrations.status, 'withdrawn')));
  const companyUsers = companies.length ? await tx.select({ id: users.id }).from(users).where(inArray(users.orgId, [...new Set(companies.map((c) => c.orgId))])) : [];
  await notify(tx, deps, {
    userIds: [...(await ownerSideUserIds(tx, p)), ...companyUsers.map((u) => u.id)],
    kind: 'evaluation.failed',
    ...projectFailureMessage(p, CAUSE, plan.minValid),
    link: `/notices/${notice.id}`,
  });
  return notice.id;
}
