/**
 * The live progress on PostgreSQL (issue 22 §1, §6): per active member and stage, entries drafted of
 * expected and signed — from the live sheets of the current round (a voided sheet does not count); the
 * chair, the center and the project's supervisor read it, other members do not; every change of the
 * session is an event on `evaluation.<id>`, which only the members, the center and the supervisor may
 * follow (through the API's live router), and the events carry no bid content.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { evaluationSheets, liveEvents, organizations } from '@ebid/db';
import { engComprehensive, gpComprehensive } from '@ebid/domain/evaluation/test-fixtures';
import { appError } from '@ebid/api/test-client';
import { callerAs, contextAs, TEST_START, useDemoTestDeps, type TestDeps } from '@ebid/testing';
import type { RequestContext } from '../context.ts';
import { evaluationTopic } from './access.ts';
import { voteChair } from './chair.ts';
import { askClarification } from './clarify.ts';
import { evaluationProgress, expectedEntries } from './progress.ts';
import { declareNoConflict, evaluationDeclaration, signInToEvaluation } from './start.ts';
import { evaluationKit, type KitEvaluation } from './test-kit.ts';

let deps: TestDeps;
useDemoTestDeps((d) => (deps = d), { clockStart: TEST_START });

let kit: KitEvaluation;
const ctxs: RequestContext[] = [];

beforeAll(async () => {
  kit = await evaluationKit(deps, { method: engComprehensive() });
  for (const m of kit.members) {
    const c = await m.ctx();
    ctxs.push(c);
    await signInToEvaluation(deps, c, { evaluationId: kit.evaluationId });
    const { text } = await evaluationDeclaration(deps, c, { evaluationId: kit.evaluationId });
    await declareNoConflict(deps, c, { evaluationId: kit.evaluationId, signatureBase64: m.signB64(new TextEncoder().encode(text)) });
  }
  for (const c of ctxs.slice(0, 3)) await voteChair(deps, c, { evaluationId: kit.evaluationId, candidateUserId: kit.members[0]!.userId });
}, 120_000);

async function errOf(p: Promise<unknown>): Promise<{ code: string; reason: unknown }> {
  const e = await appError(p);
  return { code: e.code, reason: e.details?.reason };
}

describe('progress (issue 22 §1)', () => {
  it('the entries expected per stage: compliance items and criteria × bids; the blind technical stage apart; none for a kind without criteria', () => {
    const labels = [1, 2, 3].map((i) => ({ bidId: i, label: `投标人${i}`, blindLabel: null }));
    expect(expectedEntries({ method: engComprehensive(), labels, blindTechnical: false })).toEqual([
      { stage: 'compliance', expected: 6 },
      { stage: 'scores', expected: 9 },
    ]);
    expect(expectedEntries({ method: engComprehensive(), labels, blindTechnical: true })).toEqual([
      { stage: 'compliance', expected: 6 },
      { stage: 'technical', expected: 6 },
      { stage: 'scores', expected: 3 },
    ]);
    const gp = gpComprehensive();
    expect(expectedEntries({ method: gp, labels: labels.slice(0, 2), blindTechnical: false })).toEqual([
      { stage: 'compliance', expected: 2 * gp.compliance.length },
      { stage: 'scores', expected: 2 * gp.criteria.length },
    ]);
  });

  it('per member: drafted of expected and signed, from the live sheets of the round; chair, center and supervisor only', async () => {
    const now = deps.clock.now();
    const [m0, m1] = kit.members;
    await deps.db.insert(evaluationSheets).values([
      { evaluationId: kit.evaluationId, memberUserId: m0!.userId, stage: 'compliance', draft: { entries: [{ bid: '投标人1', criterionId: 'Q1', pass: true, reason: null }, { bid: '投标人1', criterionId: 'R1', pass: true, reason: null }] }, updatedAt: now },
      { evaluationId: kit.evaluationId, memberUserId: m1!.userId, stage: 'compliance', draft: { entries: new Array(6).fill({}) }, sha256: 'b'.repeat(64), size: 10, cms: 'MIIB', certSerial: '01', signedAt: now, updatedAt: now },
      // A voided sheet is history: it does not count.
      { evaluationId: kit.evaluationId, memberUserId: m1!.userId, stage: 'scores', draft: { entries: new Array(9).fill({}) }, voidedAt: now, voidReason: 'member_replaced', updatedAt: now },
    ]);
    for (const ctx of [ctxs[0]!, await contextAs(deps, 'staff'), await contextAs(deps, 'supervisor')]) {
      const p = await evaluationProgress(deps, ctx, { evaluationId: kit.evaluationId });
      expect(p).toMatchObject({ evaluationId: kit.evaluationId, status: 'compliance', round: 1, clarifications: { asked: 0, answered: 0 } });
      expect(p.members).toHaveLength(5);
      const of = (id: number) => p.members.find((m) => m.userId === id)!;
      expect(of(m0!.userId).stages).toEqual([
        { stage: 'compliance', drafted: 2, expected: 6, signed: false, signedAt: null },
        { stage: 'scores', drafted: 0, expected: 9, signed: false, signedAt: null },
      ]);
      expect(of(m1!.userId).stages).toEqual([
        { stage: 'compliance', drafted: 6, expected: 6, signed: true, signedAt: now.toISOString() },
        { stage: 'scores', drafted: 0, expected: 9, signed: false, signedAt: null },
      ]);
      expect(p.members.every((m) => m.signedIn && m.declared)).toBe(true);
    }
    expect(await errOf(evaluationProgress(deps, ctxs[2]!, { evaluationId: kit.evaluationId }))).toEqual({ code: 'FORBIDDEN', reason: 'NOT_CHAIR' });
    await askClarification(deps, ctxs[0]!, { evaluationId: kit.evaluationId, label: '投标人2', question: '请说明项目经理的在建工程情况。', answerBy: new Date(now.getTime() + 3_600_000).toISOString() });
    expect((await evaluationProgress(deps, ctxs[0]!, { evaluationId: kit.evaluationId })).clarifications).toEqual({ asked: 1, answered: 0 });
  });

  it('the session’s events are on evaluation.<id> without bid content; only members, the center and the supervisor may follow it', async () => {
    const topic = evaluationTopic(kit.evaluationId);
    const events = await deps.db.select().from(liveEvents).where(eq(liveEvents.topic, topic));
    const types = new Set(events.map((e) => e.type));
    for (const t of ['evaluation_started', 'member_signed_in', 'member_declared', 'chair_vote', 'chair_elected', 'status', 'clarification_asked']) expect(types.has(t), t).toBe(true);
    const names = await deps.db.select({ name: organizations.name }).from(organizations).where(eq(organizations.kind, 'bidder'));
    const json = JSON.stringify(events.map((e) => e.data));
    for (const n of names) expect(json).not.toContain(n.name);
    expect(json).not.toContain('项目经理');
    for (const u of [kit.members[3]!.username, 'staff', 'supervisor']) {
      await expect((await callerAs(deps, u)).live.events({ topics: [topic] }), u).resolves.toBeDefined();
    }
    for (const u of ['bidder1', 'tenderee', 'supervisor2']) {
      expect((await appError((await callerAs(deps, u)).live.events({ topics: [topic] }))).code, u).toBe('FORBIDDEN');
    }
  });
});
