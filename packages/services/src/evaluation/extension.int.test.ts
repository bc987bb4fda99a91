/**
 * The extension of the evaluation time on PostgreSQL (issue 22 §1; E6): granted when MORE than 1/3 of the
 * active members ask for the same extension — 2 of 5 — by the median of the minutes asked; one request
 * per member and extension; bad minutes or reason, or a member who has not declared, change nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditEvents, evaluationExtensionRequests, evaluations } from '@ebid/db';
import { engComprehensive } from '@ebid/domain/evaluation/test-fixtures';
import { appError } from '@ebid/api/test-client';
import { contextAs, TEST_START, useDemoTestDeps, type TestDeps } from '@ebid/testing';
import type { RequestContext } from '../context.ts';
import { medianMinutes, requestExtension } from './extension.ts';
import { declareNoConflict, evaluationDeclaration, signInToEvaluation } from './start.ts';
import { evaluationKit, type KitEvaluation } from './test-kit.ts';
import { getEvaluation } from './view.ts';

let deps: TestDeps;
useDemoTestDeps((d) => (deps = d), { clockStart: TEST_START });

const MIN = 60_000;
let kit: KitEvaluation;
const ctxs: RequestContext[] = [];

beforeAll(async () => {
  kit = await evaluationKit(deps, { method: engComprehensive() });
  for (const m of kit.members) ctxs.push(await m.ctx());
  // Four of five declare; the fifth only signs in.
  for (const [i, m] of kit.members.entries()) {
    await signInToEvaluation(deps, ctxs[i]!, { evaluationId: kit.evaluationId });
    if (i === 4) continue;
    const { text } = await evaluationDeclaration(deps, ctxs[i]!, { evaluationId: kit.evaluationId });
    await declareNoConflict(deps, ctxs[i]!, { evaluationId: kit.evaluationId, signatureBase64: m.signB64(new TextEncoder().encode(text)) });
  }
}, 120_000);

async function errOf(p: Promise<unknown>): Promise<{ code: string; reason: unknown }> {
  const e = await appError(p);
  return { code: e.code, reason: e.details?.reason };
}

const ask = (i: number, minutes: number, reason = '投标文件篇幅较大，技术标审阅时间不足') => requestExtension(deps, ctxs[i]!, { evaluationId: kit.evaluationId, minutes, reason });
const row = async () => (await deps.db.select().from(evaluations).where(eq(evaluations.id, kit.evaluationId)))[0]!;

describe('extension (E6)', () => {
  it('the median of the minutes asked', () => {
    expect(medianMinutes([120, 60])).toBe(90);
    expect(medianMinutes([480, 15, 30])).toBe(30);
    expect(medianMinutes([15, 16])).toBe(16);
    expect(medianMinutes([45])).toBe(45);
  });

  it('bad minutes or reason, an undeclared member, a password session, an outsider: refused, nothing recorded', async () => {
    expect(await errOf(ask(0, 10))).toEqual({ code: 'VALIDATION', reason: 'EXTENSION_MINUTES' });
    expect(await errOf(ask(0, 481))).toEqual({ code: 'VALIDATION', reason: 'EXTENSION_MINUTES' });
    expect(await errOf(ask(0, 30.5))).toEqual({ code: 'VALIDATION', reason: 'EXTENSION_MINUTES' });
    expect(await errOf(ask(0, 60, ' '))).toEqual({ code: 'VALIDATION', reason: 'TEXT_LENGTH' });
    expect(await errOf(ask(0, 60, 'x'.repeat(501)))).toEqual({ code: 'VALIDATION', reason: 'TEXT_LENGTH' });
    expect(await errOf(ask(4, 60))).toEqual({ code: 'INVALID_STATE', reason: 'DECLARATION_REQUIRED' });
    expect(await errOf(requestExtension(deps, await contextAs(deps, kit.members[0]!.username), { evaluationId: kit.evaluationId, minutes: 60, reason: '时间不足' }))).toEqual({ code: 'FORBIDDEN', reason: 'CERT_LOGIN_REQUIRED' });
    expect((await errOf(requestExtension(deps, await contextAs(deps, 'staff'), { evaluationId: kit.evaluationId, minutes: 60, reason: '时间不足' }))).code).toBe('FORBIDDEN');
    expect((await errOf(requestExtension(deps, await contextAs(deps, 'bidder1'), { evaluationId: kit.evaluationId, minutes: 60, reason: '时间不足' }))).code).toBe('NOT_FOUND');
    expect(await deps.db.select().from(evaluationExtensionRequests)).toHaveLength(0);
  });

  it('one request is 1 of 5 (not more than a third); the second grants the median; the next extension starts afresh', async () => {
    const due0 = (await row()).dueAt;
    expect(await ask(0, 60)).toMatchObject({ ordinal: 1, requests: 1, threshold: 2, granted: false, extensions: 0, dueAt: due0.toISOString() });
    expect(await errOf(ask(0, 90))).toEqual({ code: 'CONFLICT', reason: 'EXTENSION_ALREADY_REQUESTED' });
    const v = await getEvaluation(deps, ctxs[0]!, { evaluationId: kit.evaluationId });
    expect(v.extension).toEqual({ ordinal: 1, requests: 1, threshold: 2, requestedByMe: true });
    const granted = await ask(1, 120);
    const due1 = new Date(due0.getTime() + 90 * MIN);
    expect(granted).toMatchObject({ ordinal: 1, requests: 2, granted: true, extensions: 1, dueAt: due1.toISOString() });
    expect(await row()).toMatchObject({ extensions: 1, dueAt: due1 });
    const g = await deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'evaluation.extension_granted'));
    expect(g.map((x) => x.payload)).toEqual([expect.objectContaining({ ordinal: 1, minutes: 90, requests: 2, members: 5, previousDueAt: due0.toISOString(), dueAt: due1.toISOString(), rule: 'E6' })]);
    expect(await deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'evaluation.extension_request'))).toHaveLength(2);
    // The next extension: member 0 may ask again, and one request grants nothing.
    expect(await ask(0, 30)).toMatchObject({ ordinal: 2, requests: 1, granted: false, extensions: 1, dueAt: due1.toISOString() });
    expect((await getEvaluation(deps, ctxs[2]!, { evaluationId: kit.evaluationId })).extension).toEqual({ ordinal: 2, requests: 1, threshold: 2, requestedByMe: false });
  });
});
