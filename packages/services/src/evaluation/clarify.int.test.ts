/**
 * Written clarifications on PostgreSQL (issue 22 §1; S10, E4): only the chair asks, one bid by label,
 * with a due time; a bidder cannot start one (FORBIDDEN) and never learns who on the committee asked;
 * the bidder answers once, in writing, before the due time; bad text, a bad due time or an unknown label
 * changes nothing; the committee sees the answer; both acts are audited and the bidder is notified.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import { auditEvents, evaluationClarifications, notifications, users } from '@ebid/db';
import { engComprehensive } from '@ebid/domain/evaluation/test-fixtures';
import { appError } from '@ebid/api/test-client';
import { contextAs, TEST_START, useDemoTestDeps, type TestDeps } from '@ebid/testing';
import type { RequestContext } from '../context.ts';
import { voteChair } from './chair.ts';
import { answerClarification, askClarification, evaluationClarificationList, myEvaluationClarifications } from './clarify.ts';
import { declareNoConflict, evaluationDeclaration, signInToEvaluation } from './start.ts';
import { evaluationKit, type KitEvaluation, type KitMember } from './test-kit.ts';

let deps: TestDeps;
useDemoTestDeps((d) => (deps = d), { clockStart: TEST_START });

const MIN = 60_000;
let kit: KitEvaluation;
let chair: KitMember;
let chairCtx: RequestContext;
/** Every committee member's display name and username: none may reach a bidder. */
let memberWords: string[] = [];

beforeAll(async () => {
  kit = await evaluationKit(deps, { method: engComprehensive() });
  const ctxs: RequestContext[] = [];
  for (const m of kit.members) {
    const c = await m.ctx();
    ctxs.push(c);
    await signInToEvaluation(deps, c, { evaluationId: kit.evaluationId });
    const { text } = await evaluationDeclaration(deps, c, { evaluationId: kit.evaluationId });
    await declareNoConflict(deps, c, { evaluationId: kit.evaluationId, signatureBase64: m.signB64(new TextEncoder().encode(text)) });
  }
  chair = kit.members[0]!;
  for (const c of ctxs.slice(0, 3)) await voteChair(deps, c, { evaluationId: kit.evaluationId, candidateUserId: chair.userId });
  chairCtx = ctxs[0]!;
  const rows = await deps.db.select({ name: users.displayName, username: users.username }).from(users).where(inArray(users.id, kit.members.map((m) => m.userId)));
  memberWords = rows.flatMap((r) => [r.name, r.username]);
}, 120_000);

async function errOf(p: Promise<unknown>): Promise<{ code: string; reason: unknown }> {
  const e = await appError(p);
  return { code: e.code, reason: e.details?.reason };
}

const inMinutes = (n: number) => new Date(deps.clock.now().getTime() + n * MIN).toISOString();
const count = async () => (await deps.db.select().from(evaluationClarifications).where(eq(evaluationClarifications.evaluationId, kit.evaluationId))).length;

describe('clarifications (S10)', () => {
  it('only the chair asks: a bidder is refused (S10), another member too; bad text, due time or label change nothing', async () => {
    const ask = (ctx: RequestContext, over: Partial<{ label: string; question: string; answerBy: string }> = {}) =>
      askClarification(deps, ctx, { evaluationId: kit.evaluationId, label: '投标人1', question: '请澄清第3.2节工期安排。', answerBy: inMinutes(120), ...over });
    expect(await errOf(ask(await contextAs(deps, 'bidder1')))).toEqual({ code: 'FORBIDDEN', reason: 'CLARIFICATION_COMMITTEE_ONLY' });
    expect(await errOf(ask(await kit.members[1]!.ctx()))).toEqual({ code: 'FORBIDDEN', reason: 'NOT_CHAIR' });
    expect((await errOf(ask(await contextAs(deps, 'staff')))).code).toBe('FORBIDDEN');
    expect(await errOf(ask(await contextAs(deps, chair.username)))).toEqual({ code: 'FORBIDDEN', reason: 'CERT_LOGIN_REQUIRED' });
    expect(await errOf(ask(chairCtx, { question: '   ' }))).toEqual({ code: 'VALIDATION', reason: 'TEXT_LENGTH' });
    expect(await errOf(ask(chairCtx, { question: 'x'.repeat(2001) }))).toEqual({ code: 'VALIDATION', reason: 'TEXT_LENGTH' });
    expect(await errOf(ask(chairCtx, { question: '工期\u0000安排' }))).toEqual({ code: 'VALIDATION', reason: 'FORBIDDEN_CHARACTER' });
    expect(await errOf(ask(chairCtx, { question: '工期\u202e安排' }))).toEqual({ code: 'VALIDATION', reason: 'FORBIDDEN_CHARACTER' });
    expect(await errOf(ask(chairCtx, { answerBy: inMinutes(5) }))).toEqual({ code: 'VALIDATION', reason: 'ANSWER_BY_RANGE' });
    expect(await errOf(ask(chairCtx, { answerBy: inMinutes(8 * 24 * 60) }))).toEqual({ code: 'VALIDATION', reason: 'ANSWER_BY_RANGE' });
    expect(await errOf(ask(chairCtx, { answerBy: 'tomorrow' }))).toEqual({ code: 'VALIDATION', reason: 'ANSWER_BY_RANGE' });
    expect(await errOf(ask(chairCtx, { label: '投标人9' }))).toEqual({ code: 'NOT_FOUND', reason: 'LABEL_UNKNOWN' });
    expect(await count()).toBe(0);
    expect(await deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'evaluation.clarification_ask'))).toHaveLength(0);
  });

  it('the chair asks; the bidder is told and sees the question — never a member’s name; it answers once before the due time', async () => {
    const q = await askClarification(deps, chairCtx, { evaluationId: kit.evaluationId, label: '投标人1', question: '  请澄清第3.2节工期安排。\r\n并说明主要机械配置。 ', answerBy: inMinutes(120) });
    expect(q).toMatchObject({ label: '投标人1', question: '请澄清第3.2节工期安排。\n并说明主要机械配置。', answer: null });
    // The bidder's users (bidder1 and its colleague) are notified: project, section, due time — no committee name.
    const told = await deps.db
      .select({ username: users.username, n: notifications })
      .from(notifications)
      .innerJoin(users, eq(users.id, notifications.userId))
      .where(eq(notifications.kind, 'evaluation.clarification'));
    expect(told.map((t) => t.username).sort()).toEqual(['bidder1', 'bidder1b']);
    for (const w of memberWords) expect(JSON.stringify(told)).not.toContain(w);

    const b1 = await contextAs(deps, 'bidder1');
    const mine = await myEvaluationClarifications(deps, b1);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ id: q.id, question: q.question, answer: null, open: true });
    expect(Object.keys(mine[0]!).sort()).toEqual(['answer', 'answerBy', 'answeredAt', 'askedAt', 'id', 'open', 'projectCode', 'projectName', 'question', 'sectionCode', 'sectionName']);
    for (const w of memberWords) expect(JSON.stringify(mine)).not.toContain(w);
    expect(await myEvaluationClarifications(deps, await contextAs(deps, 'bidder2'))).toEqual([]);

    // Another bidder cannot answer it (it does not exist for it); bad text changes nothing.
    expect(await errOf(answerClarification(deps, await contextAs(deps, 'bidder2'), { clarificationId: q.id, answer: '答复' }))).toEqual({ code: 'NOT_FOUND', reason: undefined });
    expect((await errOf(answerClarification(deps, await contextAs(deps, 'staff'), { clarificationId: q.id, answer: '答复' }))).code).toBe('FORBIDDEN');
    expect(await errOf(answerClarification(deps, b1, { clarificationId: q.id, answer: '\u0007' }))).toEqual({ code: 'VALIDATION', reason: 'FORBIDDEN_CHARACTER' });
    expect(await errOf(answerClarification(deps, b1, { clarificationId: q.id, answer: '' }))).toEqual({ code: 'VALIDATION', reason: 'TEXT_LENGTH' });
    const answered = await answerClarification(deps, await contextAs(deps, 'bidder1b'), { clarificationId: q.id, answer: '工期安排见附表，主要机械配置如下……' });
    expect(answered).toMatchObject({ id: q.id, answer: '工期安排见附表，主要机械配置如下……', open: false });
    expect(await errOf(answerClarification(deps, b1, { clarificationId: q.id, answer: '再答一次' }))).toEqual({ code: 'CONFLICT', reason: 'CLARIFICATION_ANSWERED' });

    // The committee, the center and the supervisor see the answer.
    for (const ctx of [await contextAs(deps, kit.members[3]!.username), await contextAs(deps, 'staff'), await contextAs(deps, 'supervisor')]) {
      const list = await evaluationClarificationList(deps, ctx, { evaluationId: kit.evaluationId });
      expect(list).toEqual([expect.objectContaining({ id: q.id, label: '投标人1', answer: '工期安排见附表，主要机械配置如下……' })]);
    }
    const asked = await deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'evaluation.clarification_ask'));
    const answers = await deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'evaluation.clarification_answer'));
    expect(asked.map((a) => a.payload)).toEqual([expect.objectContaining({ clarificationId: q.id, label: '投标人1', rule: 'S10' })]);
    expect(answers.map((a) => a.payload)).toEqual([expect.objectContaining({ clarificationId: q.id, label: '投标人1' })]);
  });

  it('after the due time the answer is refused (DEADLINE_PASSED) and nothing changes', async () => {
    const q = await askClarification(deps, chairCtx, { evaluationId: kit.evaluationId, label: '投标人2', question: '请说明报价中的暂列金额。', answerBy: inMinutes(30) });
    deps.clock.set(new Date(new Date(q.answerBy).getTime() + 1000));
    const b2 = await contextAs(deps, 'bidder2');
    expect((await myEvaluationClarifications(deps, b2))[0]).toMatchObject({ id: q.id, open: false });
    expect(await errOf(answerClarification(deps, b2, { clarificationId: q.id, answer: '暂列金额为……' }))).toEqual({ code: 'DEADLINE_PASSED', reason: 'ANSWER_CLOSED' });
    const [row] = await deps.db.select().from(evaluationClarifications).where(and(eq(evaluationClarifications.id, q.id)));
    expect(row!.answer).toBeNull();
  });
});
