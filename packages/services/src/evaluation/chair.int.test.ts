/**
 * The chair's election on PostgreSQL (issue 22 §1): declared members vote for a declared member; a
 * majority of the active members elects; a tie waits and a vote may change until then; a vote for a
 * non-member, for an undeclared member, before the declaration or from a password session is refused and
 * changes nothing; once a chair is elected and every member has declared, the review begins by itself.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, evaluationMembers, evaluations } from '@ebid/db';
import { engComprehensive } from '@ebid/domain/evaluation/test-fixtures';
import { appError } from '@ebid/api/test-client';
import { contextAs, TEST_START, useDemoTestDeps, type TestDeps } from '@ebid/testing';
import type { RequestContext } from '../context.ts';
import { voteChair } from './chair.ts';
import { declareNoConflict, evaluationDeclaration, signInToEvaluation } from './start.ts';
import { evaluationKit, type KitEvaluation, type KitMember } from './test-kit.ts';

let deps: TestDeps;
useDemoTestDeps((d) => (deps = d), { clockStart: TEST_START });

let kit: KitEvaluation;
const ctxOf = new Map<number, RequestContext>();
beforeAll(async () => {
  kit = await evaluationKit(deps, { method: engComprehensive() });
}, 120_000);

async function errOf(p: Promise<unknown>): Promise<{ code: string; reason: unknown }> {
  const e = await appError(p);
  return { code: e.code, reason: e.details?.reason };
}

async function ctx(m: KitMember): Promise<RequestContext> {
  let c = ctxOf.get(m.userId);
  if (!c) ctxOf.set(m.userId, (c = await m.ctx()));
  return c;
}

async function declare(m: KitMember): Promise<void> {
  const c = await ctx(m);
  await signInToEvaluation(deps, c, { evaluationId: kit.evaluationId });
  const { text } = await evaluationDeclaration(deps, c, { evaluationId: kit.evaluationId });
  await declareNoConflict(deps, c, { evaluationId: kit.evaluationId, signatureBase64: m.signB64(new TextEncoder().encode(text)) });
}

const vote = async (m: KitMember, candidate: KitMember | number) => voteChair(deps, await ctx(m), { evaluationId: kit.evaluationId, candidateUserId: typeof candidate === 'number' ? candidate : candidate.userId });

async function evaluationRow() {
  const [e] = await deps.db.select().from(evaluations).where(eq(evaluations.id, kit.evaluationId));
  return e!;
}
async function votes(): Promise<(number | null)[]> {
  const rows = await deps.db.select().from(evaluationMembers).where(eq(evaluationMembers.evaluationId, kit.evaluationId));
  return kit.members.map((m) => rows.find((r) => r.userId === m.userId)!.chairVote);
}

describe('chair election (issue 22 §1)', () => {
  it('refuses a vote before the declaration, from a password session, for a non-member or an undeclared member — nothing changes', async () => {
    const [m0, m1, m2, m3] = kit.members as [KitMember, KitMember, KitMember, KitMember, KitMember];
    expect(await errOf(vote(m0, m1))).toEqual({ code: 'INVALID_STATE', reason: 'DECLARATION_REQUIRED' });
    for (const m of [m0, m1, m2, m3]) await declare(m);
    const password = await contextAs(deps, m0.username);
    expect(await errOf(voteChair(deps, password, { evaluationId: kit.evaluationId, candidateUserId: m1.userId }))).toEqual({ code: 'FORBIDDEN', reason: 'CERT_LOGIN_REQUIRED' });
    const outsider = (await contextAs(deps, 'bidder1')).actor!.userId;
    expect(await errOf(vote(m0, outsider))).toEqual({ code: 'VALIDATION', reason: 'CHAIR_NOT_A_MEMBER' });
    expect(await errOf(vote(m0, kit.members[4]!))).toEqual({ code: 'VALIDATION', reason: 'CHAIR_CANDIDATE_NOT_DECLARED' });
    expect(await votes()).toEqual([null, null, null, null, null]);
    // A bidder or the public is told the evaluation does not exist.
    expect((await errOf(voteChair(deps, await contextAs(deps, 'bidder1'), { evaluationId: kit.evaluationId, candidateUserId: m1.userId }))).code).toBe('NOT_FOUND');
  });

  it('a tie waits, a vote may change, a majority of the active members elects; then the election is closed', async () => {
    const [m0, m1, m2, m3, m4] = kit.members as [KitMember, KitMember, KitMember, KitMember, KitMember];
    expect(await vote(m0, m1)).toMatchObject({ chairUserId: null, votes: 1, majority: 3, status: 'preparing' });
    expect(await vote(m1, m1)).toMatchObject({ chairUserId: null, votes: 2 });
    expect(await vote(m2, m2)).toMatchObject({ chairUserId: null, votes: 1 });
    // 2 : 2 — no majority of five, nobody is elected.
    expect(await vote(m3, m2)).toMatchObject({ chairUserId: null, votes: 2 });
    expect((await evaluationRow()).chairUserId).toBeNull();
    // m3 changes its vote: three of five.
    const r = await vote(m3, m1);
    expect(r).toMatchObject({ chairUserId: m1.userId, votes: 3, majority: 3, status: 'preparing' });
    expect(r.chairElectedAt).not.toBeNull();
    expect((await evaluationRow()).chairUserId).toBe(m1.userId);
    expect(await errOf(vote(m2, m2))).toEqual({ code: 'CONFLICT', reason: 'CHAIR_ELECTED' });
    const elected = await deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'evaluation.chair_elected'));
    expect(elected).toHaveLength(1);
    expect(elected[0]!.payload).toMatchObject({ chairUserId: m1.userId, votes: 3, activeMembers: 5 });
    expect(await deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'evaluation.chair_vote'))).toHaveLength(5);
    // m4 has not declared: the session is still preparing; its declaration begins the review.
    expect((await evaluationRow()).status).toBe('preparing');
    await declare(m4);
    expect((await evaluationRow()).status).toBe('compliance');
    const begun = await deps.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'evaluation.review_begin')));
    expect(begun).toHaveLength(1);
    expect(begun[0]!.payload).toMatchObject({ chairUserId: m1.userId, members: 5, status: 'compliance' });
  });
});
