/**
 * The chair's election (组长; issue 22 §1): each declared member votes for a declared member, itself
 * included; the chair is elected when one candidate has the votes of a majority of the ACTIVE members (a
 * replaced member's vote no longer counts). A tie or a plurality waits; a member may change its vote until
 * someone is elected, then the election is closed until the chair is replaced (replace.ts clears it).
 *
 * The purchaser's (tenderee's) representative may not chair (R87 §45; domain `assertChair`). On this
 * platform owner representatives are not platform users: the committee's representatives sit outside the
 * platform and only drawn experts are members of the session, so every candidate is an expert seat and the
 * rule holds by construction; `assertChair` is still applied, with every member as an expert seat.
 *
 * `maybeBeginReview` moves a session from preparing to compliance as soon as every active member has
 * declared (E3) and a chair is elected — called after a vote and after a declaration (start.ts); a
 * replacement adds an undeclared member, so it never begins the review itself.
 */
import { and, eq } from 'drizzle-orm';
import { projectChain } from '@ebid/audit';
import { evaluationMembers, evaluations, type EvaluationMemberRow, type Tx } from '@ebid/db';
import { AppError } from '@ebid/domain';
import { assertChair } from '@ebid/domain/evaluation';
import type { EvaluationChairResult } from '@ebid/contracts';
import { audit, requireActor, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { requireCertificateSession } from '../auth/certificate-login.ts';
import { publishLiveEvent } from '../live/hub.ts';
import { evaluationTopic, loadEvaluationFor, requireDeclared, type LoadedEvaluation } from './access.ts';

/** The session is running (not ended); for acts of its members. */
export function requireRunning(l: LoadedEvaluation): void {
  if (l.e.status === 'signed' || l.e.status === 'failed' || l.e.status === 'reporting') {
    throw new AppError('INVALID_STATE', { zh: '评标已进入报告阶段或已结束', en: 'The evaluation is reporting or has ended' }, { reason: 'EVALUATION_ENDED', status: l.e.status });
  }
}

/** The votes of the active members per candidate (a vote for someone no longer active counts for nobody). */
export function chairTally(members: readonly Pick<EvaluationMemberRow, 'userId' | 'status' | 'chairVote'>[]): Map<number, number> {
  const active = new Set(members.filter((m) => m.status === 'active').map((m) => m.userId));
  const tally = new Map<number, number>();
  for (const m of members) {
    if (m.status !== 'active' || m.chairVote === null || !active.has(m.chairVote)) continue;
    tally.set(m.chairVote, (tally.get(m.chairVote) ?? 0) + 1);
  }
  return tally;
}

/** More than half of the active members. */
export const chairMajority = (activeMembers: number): number => Math.floor(activeMembers / 2) + 1;

export async function voteChair(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: { evaluationId: number; candidateUserId: number }): Promise<EvaluationChairResult> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const l = await loadEvaluationFor(tx, actor, input.evaluationId, { lock: true });
    const me = requireDeclared(l);
    requireRunning(l);
    await requireCertificateSession(tx, deps, actor, { zh: '推选评标委员会组长', en: 'Voting for the chair' });
    if (l.e.chairUserId !== null) {
      throw new AppError('CONFLICT', { zh: '评标委员会组长已经选出', en: 'The chair has been elected already' }, { reason: 'CHAIR_ELECTED', chairUserId: l.e.chairUserId });
    }
    const members = await tx.select().from(evaluationMembers).where(eq(evaluationMembers.evaluationId, l.e.id));
    const active = members.filter((m) => m.status === 'active');
    // Every member of the session is a drawn expert (owner representatives are not platform users here).
    assertChair(
      active.map((m) => ({ id: String(m.userId), seat: 'expert' as const })),
      String(input.candidateUserId),
    );
    const candidate = active.find((m) => m.userId === input.candidateUserId)!;
    if (candidate.declaredAt === null) {
      throw new AppError('VALIDATION', { zh: '候选人尚未签署回避声明，不能被推选为组长', en: 'The candidate has not signed the avoidance declaration yet' }, { field: 'candidateUserId', reason: 'CHAIR_CANDIDATE_NOT_DECLARED' });
    }
    const now = deps.clock.now();
    await tx
      .update(evaluationMembers)
      .set({ chairVote: candidate.userId })
      .where(and(eq(evaluationMembers.evaluationId, l.e.id), eq(evaluationMembers.userId, me.userId)));
    const after = members.map((m) => (m.userId === me.userId ? { ...m, chairVote: candidate.userId } : m));
    const tally = chairTally(after);
    const majority = chairMajority(active.length);
    const votes = tally.get(candidate.userId) ?? 0;
    await audit(tx, deps, ctx, {
      chain: projectChain(l.p.id),
      action: 'evaluation.chair_vote',
      subject: { type: 'evaluation', id: l.e.id },
      payload: { evaluationId: l.e.id, memberUserId: me.userId, candidateUserId: candidate.userId, votes, majority },
    });
    let chairUserId: number | null = null;
    let chairElectedAt: Date | null = null;
    if (votes >= majority) {
      chairUserId = candidate.userId;
      chairElectedAt = now;
      await tx.update(evaluations).set({ chairUserId, chairElectedAt }).where(eq(evaluations.id, l.e.id));
      await audit(tx, deps, ctx, {
        chain: projectChain(l.p.id),
        action: 'evaluation.chair_elected',
        subject: { type: 'evaluation', id: l.e.id },
        payload: { evaluationId: l.e.id, chairUserId, votes, activeMembers: active.length },
      });
    }
    await publishLiveEvent(tx, { topic: evaluationTopic(l.e.id), type: chairUserId === null ? 'chair_vote' : 'chair_elected', data: { evaluationId: l.e.id, ...(chairUserId === null ? {} : { chairUserId }) }, at: now });
    const status = await maybeBeginReview(tx, deps, ctx, l.e.id);
    return { evaluationId: l.e.id, chairUserId, chairElectedAt: chairElectedAt?.toISOString() ?? null, votes, majority, status };
  });
}

/**
 * preparing → compliance when every active member has declared and a chair is elected; audited and
 * announced. Call it inside the transaction that holds the evaluation's row lock. Returns the status now.
 */
export async function maybeBeginReview(tx: Tx, deps: Pick<Deps, 'clock'>, ctx: RequestContext, evaluationId: number): Promise<EvaluationChairResult['status']> {
  const [e] = await tx.select().from(evaluations).where(eq(evaluations.id, evaluationId)).for('update');
  if (!e) throw new AppError('INTERNAL', undefined, { reason: 'EVALUATION_MISSING' });
  if (e.status !== 'preparing' || e.chairUserId === null) return e.status;
  const members = await tx
    .select({ declaredAt: evaluationMembers.declaredAt })
    .from(evaluationMembers)
    .where(and(eq(evaluationMembers.evaluationId, e.id), eq(evaluationMembers.status, 'active')));
  if (members.length === 0 || members.some((m) => m.declaredAt === null)) return e.status;
  const now = deps.clock.now();
  await tx.update(evaluations).set({ status: 'compliance' }).where(and(eq(evaluations.id, e.id), eq(evaluations.status, 'preparing')));
  await audit(tx, deps, ctx, {
    chain: projectChain(e.projectId),
    action: 'evaluation.review_begin',
    subject: { type: 'evaluation', id: e.id },
    payload: { evaluationId: e.id, chairUserId: e.chairUserId, members: members.length, status: 'compliance' },
  });
  await publishLiveEvent(tx, { topic: evaluationTopic(e.id), type: 'status', data: { evaluationId: e.id, status: 'compliance' }, at: now });
  return 'compliance';
}
