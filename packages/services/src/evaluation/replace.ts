/**
 * Replacing a member who cannot go on (issue 22 §1; E5): center staff, with a written reason.
 *
 * - The member's row becomes `replaced` (it no longer sees the session, access.ts), its committee seat
 *   `replaced`; its live sheets — drafts and signed ones — are voided (`member_replaced`), and every item it
 *   had reviewed is returned as the newcomer's re-review list (domain `voidMemberFindings`): the newcomer's
 *   sheets start empty, so it reviews every item of every stage; the other members' findings stay.
 * - The newcomer is a backup of the committee: by default the next backup of the replaced member's
 *   specialty on standby, in drawn order (the draw's order, as `callNextBackup` uses it before
 *   publication), passing over a backup who must withdraw now (E3, recorded in the audit); or the backup
 *   staff name (`replacementUserId` or its seat, `replacementSeatId`), which must be on standby in the same specialty and pass E3. A manual
 *   appointment (committee/manual.ts) only fills a committee before publication, so during the session the
 *   committee's own backups are the pool; none left → nothing changes (INVALID_STATE NO_BACKUP_LEFT): the
 *   evaluation cannot go on with this committee and a new committee is formed (E5, GP), outside this act.
 *   The newcomer's seat becomes `confirmed` (the center called it in); it must sign in with its
 *   certificate and sign the avoidance declaration like every member before it sees a bid.
 * - A replaced chair: the chair is cleared and every vote with it — the committee elects again. A vote
 *   for the replaced member is cleared too.
 * - Not while the report is being signed or after (R87 §64 reopening is the report's own act).
 * The stage the session is in does not change: the review's stage rules count the active members' signed
 * sheets, the newcomer's included.
 */
import { and, asc, eq, isNull } from 'drizzle-orm';
import { projectChain } from '@ebid/audit';
import { committeeMembers, committees, evaluationMembers, evaluations, evaluationSheets, users, type CommitteeMemberRow, type EvaluationSheetRow } from '@ebid/db';
import { AppError, type AvoidanceReason } from '@ebid/domain';
import { voidMemberFindings, type ComplianceFinding, type ScoreSheet } from '@ebid/domain/evaluation';
import type { EvaluationReplaceResult } from '@ebid/contracts';
import { audit, requireRole, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { committeeTopic } from '../committee/access.ts';
import { avoidanceNow } from '../committee/drawn.ts';
import { publishLiveEvent } from '../live/hub.ts';
import { notify } from '../notifications/notify.ts';
import { evaluationTopic, loadEvaluationFor } from './access.ts';
import { writtenText } from './clarify.ts';

export interface ReplaceMemberInput {
  evaluationId: number;
  memberUserId: number;
  reason: string;
  replacementUserId?: number;
  /** the backup's committee seat (what the center's page lists); the same rules as `replacementUserId` */
  replacementSeatId?: number;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The replaced member's findings in the domain's shapes (bids by label), from its live sheets' drafts. */
function findingsOf(memberId: string, sheets: readonly EvaluationSheetRow[]): { compliance: ComplianceFinding[]; sheets: ScoreSheet[] } {
  const compliance: ComplianceFinding[] = [];
  const scored: ScoreSheet[] = [];
  for (const s of sheets) {
    const entries = Array.isArray(s.draft?.entries) ? s.draft.entries : [];
    if (s.stage === 'compliance') {
      for (const e of entries) compliance.push({ memberId, bidId: str(e.bid), criterionId: str(e.criterionId), pass: e.pass === true, reason: typeof e.reason === 'string' ? e.reason : null });
    } else {
      scored.push({ memberId, scores: entries.map((e) => ({ bidId: str(e.bid), criterionId: str(e.criterionId), score: str(e.score) })) });
    }
  }
  return { compliance, sheets: scored };
}

export async function replaceMember(deps: Pick<Deps, 'db' | 'clock' | 'config'>, ctx: RequestContext, input: ReplaceMemberInput): Promise<EvaluationReplaceResult> {
  const actor = requireRole(ctx, 'staff');
  const reason = writtenText(input.reason, 'reason', 500);
  return deps.db.transaction(async (tx) => {
    const l = await loadEvaluationFor(tx, actor, input.evaluationId, { lock: true });
    const { e } = l;
    if (e.status === 'signed' || e.status === 'failed') throw new AppError('INVALID_STATE', { zh: '评标已结束', en: 'The evaluation has ended' }, { reason: 'EVALUATION_ENDED', status: e.status });
    if (e.status === 'reporting') {
      throw new AppError('INVALID_STATE', { zh: '评标报告签署阶段不能更换评标专家', en: 'Members are not replaced while the report is being signed' }, { reason: 'REPORT_STAGE', status: e.status });
    }
    const [old] = await tx
      .select()
      .from(evaluationMembers)
      .where(and(eq(evaluationMembers.evaluationId, e.id), eq(evaluationMembers.userId, input.memberUserId), eq(evaluationMembers.status, 'active')));
    if (!old) throw new AppError('NOT_FOUND', { zh: '该专家不是本次评标的成员', en: 'No such member in this evaluation' }, { field: 'memberUserId', reason: 'MEMBER_UNKNOWN' });
    const [c] = await tx.select().from(committees).where(eq(committees.id, e.committeeId)).for('update');
    const [oldSeat] = await tx.select().from(committeeMembers).where(eq(committeeMembers.id, old.committeeMemberId)).for('update');
    if (!c || !oldSeat) throw new AppError('INTERNAL', undefined, { reason: 'COMMITTEE_SEAT_MISSING' });

    // The newcomer: a backup on standby of the same specialty (named, or the next one in drawn order).
    const skipped: { seatId: number; reasons: AvoidanceReason[] }[] = [];
    let seat: CommitteeMemberRow | undefined;
    if (input.replacementUserId !== undefined && input.replacementSeatId !== undefined) {
      throw new AppError('VALIDATION', { zh: '请只指定一名替补专家', en: 'Name one replacement only' }, { field: 'replacementSeatId', reason: 'REPLACEMENT_TWICE' });
    }
    const field = input.replacementSeatId !== undefined ? 'replacementSeatId' : 'replacementUserId';
    if (input.replacementUserId !== undefined || input.replacementSeatId !== undefined) {
      const [named] = await tx
        .select()
        .from(committeeMembers)
        .where(and(eq(committeeMembers.committeeId, c.id), input.replacementSeatId !== undefined ? eq(committeeMembers.id, input.replacementSeatId) : eq(committeeMembers.expertUserId, input.replacementUserId!)))
        .for('update');
      if (!named || named.status !== 'standby') {
        throw new AppError('VALIDATION', { zh: '替补专家应为本评标委员会尚未参加评标的候补专家', en: 'The replacement must be a backup of this committee on standby' }, { field, reason: 'REPLACEMENT_NOT_A_BACKUP' });
      }
      if (named.specialty !== oldSeat.specialty) {
        throw new AppError('VALIDATION', { zh: '替补专家应与被更换专家同一评标专业', en: 'The replacement must be of the same specialty' }, { field, reason: 'REPLACEMENT_SPECIALTY' });
      }
      const reasons = await avoidanceNow(tx, deps, c, named.expertUserId);
      if (reasons.length > 0) {
        throw new AppError('CONFLICT', { zh: '该候补专家须回避本项目，不能递补', en: 'This backup must withdraw from the project (avoidance)' }, { field, reason: 'AVOIDANCE_REQUIRED', reasons, rule: 'E3' });
      }
      seat = named;
    } else {
      const standby = await tx
        .select()
        .from(committeeMembers)
        .where(and(eq(committeeMembers.committeeId, c.id), eq(committeeMembers.specialty, oldSeat.specialty), eq(committeeMembers.status, 'standby')))
        .orderBy(asc(committeeMembers.rank))
        .for('update');
      for (const b of standby) {
        const reasons = await avoidanceNow(tx, deps, c, b.expertUserId);
        if (reasons.length === 0) {
          seat = b;
          break;
        }
        skipped.push({ seatId: b.id, reasons });
      }
      if (!seat) {
        throw new AppError(
          'INVALID_STATE',
          { zh: '该专业已无可递补的候补专家，需重新组建评标委员会', en: 'No backup of this specialty is left: a new committee must be formed' },
          { reason: 'NO_BACKUP_LEFT', specialty: oldSeat.specialty, rule: 'E5' },
        );
      }
    }

    const now = deps.clock.now();
    // E5: the replaced member's findings are void; what it had reviewed is reviewed again by the newcomer.
    const live = await tx.select().from(evaluationSheets).where(and(eq(evaluationSheets.evaluationId, e.id), eq(evaluationSheets.memberUserId, old.userId), isNull(evaluationSheets.voidedAt)));
    const memberId = String(old.userId);
    const { reReview } = voidMemberFindings(memberId, findingsOf(memberId, live));
    if (live.length > 0) {
      await tx
        .update(evaluationSheets)
        .set({ voidedAt: now, voidReason: 'member_replaced', updatedAt: now })
        .where(and(eq(evaluationSheets.evaluationId, e.id), eq(evaluationSheets.memberUserId, old.userId), isNull(evaluationSheets.voidedAt)));
    }
    await tx
      .update(evaluationMembers)
      .set({ status: 'replaced', replacedAt: now, replacedReason: reason })
      .where(and(eq(evaluationMembers.evaluationId, e.id), eq(evaluationMembers.userId, old.userId)));
    const chairCleared = e.chairUserId === old.userId;
    if (chairCleared) {
      await tx.update(evaluations).set({ chairUserId: null, chairElectedAt: null }).where(eq(evaluations.id, e.id));
      await tx.update(evaluationMembers).set({ chairVote: null }).where(eq(evaluationMembers.evaluationId, e.id));
    } else {
      await tx.update(evaluationMembers).set({ chairVote: null }).where(and(eq(evaluationMembers.evaluationId, e.id), eq(evaluationMembers.chairVote, old.userId)));
    }
    await tx.update(committeeMembers).set({ status: 'replaced', note: `评标中更换：${reason}` }).where(eq(committeeMembers.id, oldSeat.id));
    await tx
      .update(committeeMembers)
      .set({ status: 'confirmed', respondedAt: now, note: `评标中递补席位 #${oldSeat.id} / called in during the evaluation for seat #${oldSeat.id}` })
      .where(eq(committeeMembers.id, seat.id));
    await tx.insert(evaluationMembers).values({ evaluationId: e.id, userId: seat.expertUserId, committeeMemberId: seat.id, createdAt: now });
    const [newcomer] = await tx.select({ name: users.displayName }).from(users).where(eq(users.id, seat.expertUserId));

    const items = reReview.map((r) => ({ stage: r.stage, bid: r.bidId, criterionId: r.criterionId }));
    await audit(tx, deps, ctx, {
      chain: projectChain(l.p.id),
      action: 'evaluation.member_replaced',
      subject: { type: 'evaluation', id: e.id },
      payload: {
        evaluationId: e.id,
        replacedUserId: old.userId,
        replacedSeatId: oldSeat.id,
        reason,
        newMemberUserId: seat.expertUserId,
        newSeatId: seat.id,
        specialty: seat.specialty,
        skipped,
        voidedSheetIds: live.map((s) => s.id),
        reReview: items,
        chairCleared,
        rule: 'E5',
      },
    });
    await publishLiveEvent(tx, { topic: evaluationTopic(e.id), type: 'member_replaced', data: { evaluationId: e.id, replacedUserId: old.userId, newMemberUserId: seat.expertUserId, chairCleared }, at: now });
    await publishLiveEvent(tx, { topic: committeeTopic(c.id), type: 'committee_seat', data: { committeeId: c.id, seatId: oldSeat.id, status: 'replaced' }, at: now });
    await publishLiveEvent(tx, { topic: committeeTopic(c.id), type: 'committee_seat', data: { committeeId: c.id, seatId: seat.id, status: 'confirmed', replacesSeatId: oldSeat.id }, at: now });
    await notify(tx, deps, {
      userIds: [seat.expertUserId],
      kind: 'evaluation.called_in',
      title: { zh: '递补参加评标', en: 'Called in to an evaluation' },
      body: {
        zh: '您作为候补专家被递补参加评标。请使用数字证书登录平台签到，并签署回避声明；项目信息在您签到后提供。',
        en: 'You are called in as a backup expert. Sign in to the platform with your certificate and sign the avoidance declaration; the project is shown once you sign in.',
      },
      link: '/workspace/expert/sessions',
    });
    await notify(tx, deps, {
      userIds: [old.userId],
      kind: 'evaluation.replaced',
      title: { zh: '您已不再参加本次评标', en: 'You no longer sit in this evaluation' },
      body: { zh: `交易中心已将您更换出评标委员会（评标 #${e.id}）。`, en: `The center has replaced you in the committee (evaluation #${e.id}).` },
      link: null,
    });
    return { replacedUserId: old.userId, newMemberUserId: seat.expertUserId, newMemberName: newcomer?.name ?? '', voidedSheets: live.length, reReview: items, chairCleared };
  });
}
