/**
 * Sections stand alone (issue 16 §7; domain O2 at the opening, P4 after prequalification): a section with
 * fewer than the minimum bids — or qualified applicants — fails by itself, with its own 流标公告 (a
 * platform notice with `notices.sectionId`), its securities due for refund and its companies told, while
 * the project goes on with its other sections. The project fails (projects/ machine) only when all its
 * sections have. A failed section refuses any further act in it (`assertSectionOpen`).
 *
 * Two phases like every platform notice: `prepareSectionFailures` renders and seals the notices outside
 * any transaction; `failSections` records everything inside the caller's transaction.
 */
import { and, eq, inArray, ne } from 'drizzle-orm';
import { registrations, sections, users, type Db, type ProjectRow, type SectionRow, type Tx } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import { AppError, type SectionOutcomes } from '@ebid/domain';
import { audit, type RequestContext } from '../../context.ts';
import type { Deps } from '../../deps.ts';
import { notify } from '../../notifications/notify.ts';
import { sectionFailureMessage, sectionFailureNoticeText } from '../../documents/procedure-notices.ts';
import { markDepositsForRefund } from '../deposits/refunds.ts';
import { preparePlatformNotice, recordPlatformNotice, type PreparedNotice } from '../platform-notices.ts';
import { ownerSideUserIds } from '../recipients.ts';

/** Too few bids at the deadline (O2), too few prequalified (P4), too few valid after the evaluation's compliance review (O2). */
export type SectionFailureReason = 'too_few_bids' | 'too_few_qualified' | 'too_few_compliant';

/** The same sections fail (and the project fails or not) in the prediction and inside the transaction. */
export const sameSectionOutcome = (a: SectionOutcomes, b: SectionOutcomes): boolean => a.projectFails === b.projectFails && a.failed.join() === b.failed.join();

/** Refuses any act in a failed section (registration, bid upload and finalize, decryption). */
export function assertSectionOpen(s: Pick<SectionRow, 'status' | 'code' | 'failureReason'>): void {
  if (s.status === 'failed') {
    throw new AppError(
      'INVALID_STATE',
      { zh: `第${s.code}标段已流标，不能再办理该标段的任何事项`, en: `Section ${s.code} has failed; nothing more can be done in it` },
      { reason: 'SECTION_FAILED', sectionCode: s.code, failureReason: s.failureReason },
    );
  }
}

/** `assertSectionOpen` for a section by id (a missing section is left to the caller's own check). */
export async function assertSectionOpenById(tx: Tx | Db, sectionId: number): Promise<void> {
  const [s] = await tx.select({ status: sections.status, code: sections.code, failureReason: sections.failureReason }).from(sections).where(eq(sections.id, sectionId));
  if (s) assertSectionOpen(s);
}

/** A project's sections, their counts (bids or qualified) by code, and how they come out (domain sectionOutcomes). */
export interface SectionPlan {
  secs: SectionRow[];
  counts: Record<string, number>;
  outcome: SectionOutcomes;
}

const failingNow = (plan: SectionPlan): SectionRow[] => plan.secs.filter((s) => plan.outcome.failed.includes(s.code));

export interface SectionFailure {
  section: SectionRow;
  count: number;
  prepared: PreparedNotice;
}

/**
 * Phase 1 (no transaction): one sealed 流标公告 per section failing now — none when the whole project
 * fails (it gets the one project notice instead).
 */
export async function prepareSectionFailures(
  deps: Pick<Deps, 'db' | 'clock' | 'pki' | 'storage' | 'config'>,
  p: ProjectRow,
  plan: SectionPlan,
  reason: SectionFailureReason,
  minBidders: number,
): Promise<SectionFailure[]> {
  if (plan.outcome.projectFails) return [];
  const out: SectionFailure[] = [];
  for (const section of failingNow(plan)) {
    const count = plan.counts[section.code] ?? 0;
    const text = sectionFailureNoticeText(p, section, reason, count, minBidders);
    out.push({ section, count, prepared: await preparePlatformNotice(deps, { projectId: p.id, kind: 'failure', sectionId: section.id, ...text }) });
  }
  return out;
}

/**
 * Phase 2 (inside the caller's transaction): each section FAILED with its reason and notice, its
 * securities due for refund, the owner side and the section's companies told, audited `section.fail`.
 * A section no longer open (a concurrent failure) is a CONFLICT. Returns the failure notice ids by section id.
 */
export async function failSections(
  tx: Tx,
  deps: Pick<Deps, 'clock' | 'config'>,
  ctx: RequestContext,
  p: ProjectRow,
  failures: SectionFailure[],
  reason: SectionFailureReason,
  minBidders: number,
): Promise<Map<number, number>> {
  const ids = new Map<number, number>();
  if (failures.length === 0) return ids;
  const now = deps.clock.now();
  const owners = await ownerSideUserIds(tx, p);
  for (const f of failures) {
    const s = f.section;
    const notice = await recordPlatformNotice(tx, deps, ctx, f.prepared);
    const [u] = await tx
      .update(sections)
      .set({ status: 'failed', failedAt: now, failureReason: reason, failureNoticeId: notice.id })
      .where(and(eq(sections.id, s.id), eq(sections.status, 'open')))
      .returning({ id: sections.id });
    if (!u) throw new AppError('CONFLICT', { zh: '标段状态已变化，请刷新后重试', en: 'The section changed meanwhile; refresh and retry' });
    ids.set(s.id, notice.id);
    const refunds = await markDepositsForRefund(tx, deps, ctx, { projectId: p.id, trigger: 'failure', sectionId: s.id });
    const companies = await tx
      .select({ orgId: registrations.bidderOrgId })
      .from(registrations)
      .where(and(eq(registrations.sectionId, s.id), ne(registrations.status, 'withdrawn')));
    const companyUsers = companies.length
      ? await tx.select({ id: users.id }).from(users).where(inArray(users.orgId, [...new Set(companies.map((c) => c.orgId))]))
      : [];
    await notify(tx, deps, {
      userIds: [...owners, ...companyUsers.map((x) => x.id)],
      kind: 'section.failed',
      ...sectionFailureMessage(p, s, reason, minBidders),
      link: `/notices/${notice.id}`,
    });
    await audit(tx, deps, ctx, {
      chain: projectChain(p.id),
      action: 'section.fail',
      subject: { type: 'section', id: s.id },
      payload: { sectionCode: s.code, reason, count: f.count, minBidders, failureNoticeId: notice.id, refundsDue: refunds },
      objectHashes: [f.prepared.pdfSha256],
    });
  }
  return ids;
}

/**
 * The project failed as a whole (every section short): its open sections are marked failed with the
 * project's one failure notice (no notice of their own), so views list every section's outcome.
 */
export async function markSectionsFailedWithProject(tx: Tx, deps: Pick<Deps, 'clock'>, plan: SectionPlan, reason: SectionFailureReason, noticeId: number): Promise<void> {
  const sectionIds = failingNow(plan).map((s) => s.id);
  if (sectionIds.length === 0) return;
  await tx
    .update(sections)
    .set({ status: 'failed', failedAt: deps.clock.now(), failureReason: reason, failureNoticeId: noticeId })
    .where(and(inArray(sections.id, sectionIds), eq(sections.status, 'open')));
}
