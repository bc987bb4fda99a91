/**
 * An invited expert's answer (issue 21 §6): confirm or decline before the seat's due time (T1: the
 * request's arrival, server time); after it → DEADLINE_PASSED and nothing changes (the timeout job
 * brings in the backup). A decline or a timeout invites the next backup of the specialty, in order.
 * Each answer is audited and announced on the committee's topic (followed by the center and the
 * supervisors only until publication).
 */
import { eq } from 'drizzle-orm';
import { projectChain } from '@ebid/audit';
import { committeeMembers, committees, type CommitteeMemberRow, type CommitteeRow, type Tx } from '@ebid/db';
import { AppError, AVOIDANCE_REASON_WORDS } from '@ebid/domain';
import type { CommitteeInvitation, CommitteeSeatInput } from '@ebid/contracts';
import { arrivalOf, audit, requireRole, SYSTEM_CONTEXT, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { enqueueJob } from '../jobs/queue.ts';
import { publishLiveEvent } from '../live/hub.ts';
import { committeeTopic } from './access.ts';
import { avoidanceNow, callNextBackup, COMMITTEE_RESPOND_TIMEOUT_JOB } from './drawn.ts';
import { invitationOf } from './read.ts';

const seatNotFound = () => new AppError('NOT_FOUND', { zh: '邀请不存在', en: 'No such invitation' }, { field: 'seatId' });

async function lockOwnSeat(tx: Tx, expertUserId: number, seatId: number): Promise<{ m: CommitteeMemberRow; c: CommitteeRow }> {
  const [m] = await tx.select().from(committeeMembers).where(eq(committeeMembers.id, seatId)).for('update');
  if (!m || m.expertUserId !== expertUserId) throw seatNotFound();
  // A backup on standby has not been told anything yet: it has no invitation to answer.
  if (m.status === 'standby') throw seatNotFound();
  const [c] = await tx.select().from(committees).where(eq(committees.id, m.committeeId)).for('update');
  if (!c) throw seatNotFound();
  return { m, c };
}

function assertAnswerable(m: CommitteeMemberRow, c: CommitteeRow, arrival: Date): void {
  if (c.status !== 'drawn' && c.status !== 'published') throw new AppError('INVALID_STATE', { zh: '该评标委员会已取消', en: 'The committee is cancelled' }, { reason: 'COMMITTEE_NOT_ACTIVE' });
  if (m.status !== 'invited') throw new AppError('CONFLICT', { zh: '您已答复过该邀请', en: 'You have already answered this invitation' }, { reason: 'SEAT_ANSWERED', status: m.status });
  if (!m.respondBy || arrival.getTime() > m.respondBy.getTime()) {
    throw new AppError('DEADLINE_PASSED', { zh: '答复期限已过，不能再确认或谢绝', en: 'The time to answer has passed' }, { reason: 'RESPONSE_CLOSED', respondBy: m.respondBy?.toISOString() ?? null });
  }
}

async function answer(deps: Pick<Deps, 'db' | 'clock' | 'config'>, ctx: RequestContext, input: CommitteeSeatInput, kind: 'confirm' | 'decline'): Promise<CommitteeInvitation> {
  const actor = requireRole(ctx, 'expert');
  const arrival = arrivalOf(ctx, deps);
  return deps.db.transaction(async (tx) => {
    const { m, c } = await lockOwnSeat(tx, actor.userId, input.seatId);
    assertAnswerable(m, c, arrival);
    if (kind === 'confirm') {
      // E3 again: an expert who must withdraw now (a tie declared since the draw, a sanction) cannot sit;
      // it declines, with the reason, and the next backup is checked and invited.
      const reasons = await avoidanceNow(tx, deps, c, m.expertUserId);
      if (reasons.length > 0) {
        throw new AppError(
          'CONFLICT',
          { zh: `您须回避本项目（${reasons.map((r) => AVOIDANCE_REASON_WORDS[r].zh).join('、')}），不能确认参加；请谢绝邀请并写明回避原因`, en: `You must withdraw from this project (${reasons.map((r) => AVOIDANCE_REASON_WORDS[r].en).join('; ')}) and cannot confirm: decline the invitation and give the reason` },
          { reason: 'AVOIDANCE_REQUIRED', reasons },
        );
      }
    }
    const status = kind === 'confirm' ? ('confirmed' as const) : ('declined' as const);
    const [u] = await tx
      .update(committeeMembers)
      .set({ status, respondedAt: arrival, ...(input.note ? { note: input.note } : {}) })
      .where(eq(committeeMembers.id, m.id))
      .returning();
    if (!u) throw new AppError('INTERNAL');
    await audit(tx, deps, ctx, {
      chain: projectChain(c.projectId),
      action: kind === 'confirm' ? 'committee.confirm' : 'committee.decline',
      subject: { type: 'committee_member', id: m.id },
      payload: { committeeId: c.id, seatId: m.id, specialty: m.specialty, kind: m.kind, rank: m.rank, respondedAt: arrival.toISOString() },
    });
    await publishLiveEvent(tx, { topic: committeeTopic(c.id), type: 'committee_seat', data: { committeeId: c.id, seatId: m.id, status }, at: deps.clock.now() });
    if (kind === 'decline') await callNextBackup(tx, deps, ctx, c, u);
    return invitationOf(tx, u);
  });
}

/** The invited expert confirms before its due time. */
export function confirmSeat(deps: Pick<Deps, 'db' | 'clock' | 'config'>, ctx: RequestContext, input: CommitteeSeatInput): Promise<CommitteeInvitation> {
  return answer(deps, ctx, input, 'confirm');
}

/** The invited expert declines before its due time: the next backup of its specialty is invited. */
export function declineSeat(deps: Pick<Deps, 'db' | 'clock' | 'config'>, ctx: RequestContext, input: CommitteeSeatInput): Promise<CommitteeInvitation> {
  return answer(deps, ctx, input, 'decline');
}

/**
 * The `committee.respond_timeout` job at a seat's due time: still unanswered → timed_out and the next
 * backup invited. Idempotent; an answered seat is left alone; too early → rescheduled at the due time.
 */
export async function runCommitteeRespondTimeout(deps: Pick<Deps, 'db' | 'clock' | 'config'>, payload: { seatId: number }): Promise<{ outcome: 'applied' | 'noop' | 'early' }> {
  return deps.db.transaction(async (tx) => {
    const [m] = await tx.select().from(committeeMembers).where(eq(committeeMembers.id, payload.seatId)).for('update');
    if (!m || m.status !== 'invited' || !m.respondBy) return { outcome: 'noop' as const };
    const now = deps.clock.now();
    if (now.getTime() <= m.respondBy.getTime()) {
      const runAt = new Date(m.respondBy.getTime() + 1000);
      await enqueueJob(tx, deps.clock, { kind: COMMITTEE_RESPOND_TIMEOUT_JOB, payload: { seatId: m.id }, runAt, dedupeKey: `${COMMITTEE_RESPOND_TIMEOUT_JOB}:${m.id}:${runAt.toISOString()}` });
      return { outcome: 'early' as const };
    }
    const [c] = await tx.select().from(committees).where(eq(committees.id, m.committeeId)).for('update');
    if (!c) return { outcome: 'noop' as const };
    const [u] = await tx.update(committeeMembers).set({ status: 'timed_out' }).where(eq(committeeMembers.id, m.id)).returning();
    if (!u) throw new AppError('INTERNAL');
    await audit(tx, deps, SYSTEM_CONTEXT, {
      chain: projectChain(c.projectId),
      action: 'committee.timeout',
      subject: { type: 'committee_member', id: m.id },
      payload: { committeeId: c.id, seatId: m.id, specialty: m.specialty, respondBy: m.respondBy.toISOString() },
    });
    await publishLiveEvent(tx, { topic: committeeTopic(c.id), type: 'committee_seat', data: { committeeId: c.id, seatId: m.id, status: 'timed_out' }, at: now });
    await callNextBackup(tx, deps, SYSTEM_CONTEXT, c, u);
    return { outcome: 'applied' as const };
  });
}
