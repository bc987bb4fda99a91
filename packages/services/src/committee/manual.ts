/**
 * Manual appointment (issue 21 §3; E2: only with a flagged special approval): center staff appoint an
 * expert to a drawn committee's specialty when the draw cannot fill it (no backup left), recording the
 * approval's note and approver (a supervisor of the project or another member of the center staff — never
 * the appointing user). The expert must still pass the avoidance check (E3) and not sit already.
 */
import { and, eq, max } from 'drizzle-orm';
import { projectChain } from '@ebid/audit';
import { committeeMembers, committees, projects, users } from '@ebid/db';
import { AppError, findUnsafeText, unsafeTextError } from '@ebid/domain';
import type { CommitteeManualInput, CommitteeView } from '@ebid/contracts';
import { arrivalOf, audit, requireRole, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { eligibleExperts } from '../experts/eligibility.ts';
import { supervisesProject } from '../supervision/scope.ts';
import { openingParticipantIds } from './candidates.ts';
import { invite } from './drawn.ts';
import { buildCommitteeView } from './view.ts';

export async function appointManually(deps: Pick<Deps, 'db' | 'clock' | 'config'>, ctx: RequestContext, input: CommitteeManualInput): Promise<CommitteeView> {
  const actor = requireRole(ctx, 'staff');
  const arrival = arrivalOf(ctx, deps);
  const hit = findUnsafeText(input.approvalNote);
  if (hit) throw unsafeTextError(hit, 'approvalNote');
  return deps.db.transaction(async (tx) => {
    const [row] = await tx.select({ c: committees, p: projects }).from(committees).innerJoin(projects, eq(projects.id, committees.projectId)).where(eq(committees.id, input.committeeId)).for('update');
    if (!row) throw new AppError('NOT_FOUND', { zh: '评标委员会不存在', en: 'No such committee' }, { field: 'committeeId' });
    const { c, p } = row;
    if (c.status !== 'drawn') throw new AppError('INVALID_STATE', { zh: '只有抽取完成、尚未公布的评标委员会可以指定专家', en: 'Experts are appointed only to a drawn, unpublished committee' }, { reason: 'COMMITTEE_NOT_DRAWN' });
    const [approver] = await tx.select().from(users).where(eq(users.id, input.approvedBy));
    const approverOk =
      approver !== undefined &&
      approver.active &&
      approver.id !== actor.userId &&
      (approver.role === 'staff' || (approver.role === 'supervisor' && (await supervisesProject(tx, { role: approver.role, userId: approver.id }, p))));
    if (!approverOk) {
      throw new AppError('VALIDATION', { zh: '特殊审批人应为本项目的监管人员或另一名交易中心工作人员', en: "The approver must be a supervisor of the project or another member of the center staff" }, { reason: 'MANUAL_APPROVER_INVALID', rule: 'E2' });
    }
    const el = await eligibleExperts(tx, { projectId: p.id, sectionId: c.sectionId, specialty: input.specialty, at: arrival });
    const o7 = await openingParticipantIds(tx, p.id);
    if (!el.eligible.some((e) => e.userId === input.expertUserId) || o7.has(input.expertUserId)) {
      const reasons = el.excluded.find((e) => e.userId === input.expertUserId)?.reasons ?? (o7.has(input.expertUserId) ? ['opening_participant'] : ['not_in_pool']);
      throw new AppError('VALIDATION', { zh: '该专家不符合本标段的回避或专业要求', en: 'The expert fails the avoidance check or the specialty for this section' }, { reason: 'MANUAL_EXPERT_INELIGIBLE', reasons, rule: 'E3' });
    }
    const [sitting] = await tx.select({ id: committeeMembers.id }).from(committeeMembers).where(and(eq(committeeMembers.committeeId, c.id), eq(committeeMembers.expertUserId, input.expertUserId)));
    if (sitting) throw new AppError('CONFLICT', { zh: '该专家已在本评标委员会名单中', en: 'The expert is already on this committee' }, { reason: 'MANUAL_EXPERT_SITTING' });
    const [{ r } = { r: null }] = await tx.select({ r: max(committeeMembers.rank) }).from(committeeMembers).where(and(eq(committeeMembers.committeeId, c.id), eq(committeeMembers.specialty, input.specialty)));
    const now = deps.clock.now();
    const respondBy = new Date(now.getTime() + c.respondMinutes * 60_000);
    const [m] = await tx
      .insert(committeeMembers)
      .values({ committeeId: c.id, expertUserId: input.expertUserId, specialty: input.specialty, kind: 'member', rank: (r ?? -1) + 1, status: 'invited', invitedAt: now, respondBy, note: `特殊审批指定 / appointed with special approval` })
      .returning();
    if (!m) throw new AppError('INTERNAL');
    await tx.update(committees).set({ manual: true, manualApprovalNote: input.approvalNote, manualApprovedBy: input.approvedBy }).where(eq(committees.id, c.id));
    await audit(tx, deps, ctx, {
      chain: projectChain(p.id),
      action: 'committee.appoint_manual',
      subject: { type: 'committee', id: c.id },
      payload: { committeeId: c.id, seatId: m.id, specialty: input.specialty, approvalNote: input.approvalNote, approvedBy: input.approvedBy },
    });
    await invite(tx, deps, c, m);
    return buildCommitteeView(tx, 'center', c.id);
  });
}
