/**
 * Who may bid in a section and until when (issue 6; B1, T1): bidders only, on a public project's
 * section, and only while the project takes bids — judged by server time against the bid deadline.
 */
import { eq } from 'drizzle-orm';
import { projects, sections, type Db, type ProjectRow, type SectionRow, type Tx } from '@ebid/db';
import { AppError, assertAvailable, singleSourceParticipationRefusal } from '@ebid/domain';
import type { Actor } from '../auth/session.ts';
import { isPublic } from '../projects/index.ts';

export function requireBidder(actor: Actor): void {
  if (actor.role !== 'bidder') throw new AppError('FORBIDDEN', { zh: '只有投标人可以提交投标文件', en: 'Only bidders submit bids' }, { reason: 'NOT_BIDDER' });
}

/** The section and its project, as a bidder may see them (a project not yet public is NOT_FOUND). */
export async function loadSectionForBidder(tx: Tx | Db, sectionId: number): Promise<{ section: SectionRow; project: ProjectRow }> {
  const [row] = await tx.select({ section: sections, project: projects }).from(sections).innerJoin(projects, eq(projects.id, sections.projectId)).where(eq(sections.id, sectionId));
  if (!row || !isPublic(row.project)) throw new AppError('NOT_FOUND', { zh: '标段不存在', en: 'No such section' }, { field: 'sectionId' });
  return row;
}

export function bidDeadlineOf(p: Pick<ProjectRow, 'schedule'>): Date | null {
  const v = p.schedule.bidDeadline;
  if (!v) return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

/**
 * Refuses unless the project takes bids at instant `at` (the domain's one rule, `bid.submit`: BIDDING
 * and at ≤ bidDeadline; issue 16 §4) — for a finalize or withdrawal, the instant the request arrived
 * (T1, `arrivalOf`), so a request received before the deadline counts even when its transaction commits
 * after it. Returns the deadline.
 */
export function assertBiddingOpen(p: ProjectRow, at: Date): Date {
  const { closesAt } = assertAvailable('bid.submit', p, at);
  // `bid.submit` is only ever available before a deadline, so an open window always has one.
  if (!closesAt) throw new AppError('INVALID_STATE', { zh: '项目未设置投标截止时间', en: 'The project has no bid deadline' }, { reason: 'NO_DEADLINE' });
  return closesAt;
}

/** A single-source procurement takes a response from its named supplier only (issue 18 §3, CGT §38). */
export function assertMayRespond(p: ProjectRow, bidderOrgId: number): void {
  const refusal = singleSourceParticipationRefusal(p, bidderOrgId, 'respond');
  if (refusal) throw refusal;
}
