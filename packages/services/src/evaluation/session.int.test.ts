/**
 * The evaluation session's start, sign-in and declaration on PostgreSQL (issue 22 §1; E3, S1): started by
 * staff only for a published committee with a frozen method; the members sign in with their certificates,
 * sign the avoidance declaration (checked with openssl-compatible CMS by @ebid/pki), and nothing of a bid
 * is reachable before; other committees' experts, bidders and the public are told it does not exist.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, evaluationMembers, evaluations, organizations, sections, users } from '@ebid/db';
import { engComprehensive } from '@ebid/domain/evaluation/test-fixtures';
import { appError } from '@ebid/api/test-client';
import { contextAs, TEST_START, useDemoTestDeps, type TestDeps } from '@ebid/testing';
import { declareNoConflict, evaluationDeclaration, signInToEvaluation, startEvaluation } from './start.ts';
import { setEvaluationMethod } from './method.ts';
import { evaluationKit, type KitEvaluation } from './test-kit.ts';
import { loadEvaluationFor } from './access.ts';
import { declareTie } from '../experts/ties.ts';

let deps: TestDeps;
useDemoTestDeps((d) => (deps = d), { clockStart: TEST_START });

let kit: KitEvaluation;
beforeAll(async () => {
  kit = await evaluationKit(deps, { method: engComprehensive() });
}, 120_000);

async function errOf(p: Promise<unknown>): Promise<{ code: string; reason: unknown }> {
  const e = await appError(p);
  return { code: e.code, reason: e.details?.reason };
}

describe('evaluation session: start, sign-in, declaration (issue 22 §1)', () => {
  it('started once, with the frozen method and a committed label mapping; a second start is refused', async () => {
    const [e] = await deps.db.select().from(evaluations).where(eq(evaluations.id, kit.evaluationId));
    expect(e!.status).toBe('preparing');
    expect(e!.labels.map((l) => l.label)).toEqual(['投标人1', '投标人2', '投标人3']);
    expect(e!.labelsSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await errOf(startEvaluation(deps, await contextAs(deps, 'staff'), { committeeId: kit.committeeId, hours: 8 }))).toEqual({ code: 'CONFLICT', reason: 'EVALUATION_EXISTS' });
    const [ev] = await deps.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'evaluation.start')));
    expect(JSON.stringify(ev)).toContain(e!.labelsSha256);
  });

  it('S1: the method cannot be changed once the project left DRAFT', async () => {
    expect(await errOf(setEvaluationMethod(deps, await contextAs(deps, 'tenderee'), { projectId: kit.projectId, sectionId: kit.sectionId, method: engComprehensive(), blindTechnical: false }))).toEqual({
      code: 'INVALID_STATE',
      reason: 'METHOD_FROZEN',
    });
  });

  it('only staff start; bidders, other experts and the public cannot see the evaluation', async () => {
    expect((await errOf(startEvaluation(deps, await contextAs(deps, 'supervisor'), { committeeId: kit.committeeId, hours: 8 }))).code).toBe('FORBIDDEN');
    const outsiders = ['bidder1', 'tenderee', 'expert33'];
    for (const u of outsiders) {
      const ctx = await contextAs(deps, u);
      expect((await errOf(loadEvaluationFor(deps.db, ctx.actor!, kit.evaluationId))).code, u).toBe('NOT_FOUND');
    }
  });

  it('a password session cannot sign in; a certificate session can, and the declaration needs the sign-in first', async () => {
    const m = kit.members[0]!;
    expect(await errOf(signInToEvaluation(deps, await contextAs(deps, m.username), { evaluationId: kit.evaluationId }))).toEqual({ code: 'FORBIDDEN', reason: 'CERT_LOGIN_REQUIRED' });
    const ctx = await m.ctx();
    expect(await errOf(evaluationDeclaration(deps, ctx, { evaluationId: kit.evaluationId }))).toEqual({ code: 'INVALID_STATE', reason: 'SIGN_IN_REQUIRED' });
    await signInToEvaluation(deps, ctx, { evaluationId: kit.evaluationId });
    const { text } = await evaluationDeclaration(deps, ctx, { evaluationId: kit.evaluationId });
    expect(text.startsWith('ebid-evaluation-declaration:v1\n')).toBe(true);
    expect(text).toContain(`evaluation: ${kit.evaluationId}`);
    // Another member's signature over it is refused, the member's own is accepted.
    const other = kit.members[1]!;
    expect(await errOf(declareNoConflict(deps, ctx, { evaluationId: kit.evaluationId, signatureBase64: other.signB64(new TextEncoder().encode(text)) }))).toMatchObject({ code: 'VALIDATION' });
    // A signature over other bytes (a login-like text) is refused.
    expect((await errOf(declareNoConflict(deps, ctx, { evaluationId: kit.evaluationId, signatureBase64: m.signB64(new TextEncoder().encode(text + 'x')) }))).code).toBe('VALIDATION');
    await declareNoConflict(deps, ctx, { evaluationId: kit.evaluationId, signatureBase64: m.signB64(new TextEncoder().encode(text)) });
    const [row] = await deps.db.select().from(evaluationMembers).where(and(eq(evaluationMembers.evaluationId, kit.evaluationId), eq(evaluationMembers.userId, m.userId)));
    expect(row!.declaredAt).not.toBeNull();
    expect(row!.declarationCms).not.toBeNull();
  });

  it('E3: a member who declared a tie with a bidder since the draw cannot sign in or declare; nothing changes', async () => {
    const m = kit.members[2]!;
    const [bidderOrg] = await deps.db
      .select({ creditCode: organizations.creditCode, name: organizations.name })
      .from(organizations)
      .innerJoin(users, eq(users.orgId, organizations.id))
      .where(eq(users.username, 'bidder2'));
    await declareTie(deps, await contextAs(deps, m.username), { orgCreditCode: bidderOrg!.creditCode, orgName: bidderOrg!.name, kind: 'employment', startedOn: '2024-01-01' });
    const ctx = await m.ctx();
    expect(await errOf(signInToEvaluation(deps, ctx, { evaluationId: kit.evaluationId }))).toEqual({ code: 'CONFLICT', reason: 'AVOIDANCE_REQUIRED' });
    expect(await errOf(declareNoConflict(deps, ctx, { evaluationId: kit.evaluationId, signatureBase64: m.signB64(new TextEncoder().encode('x'.repeat(80))) }))).toMatchObject({ code: 'INVALID_STATE', reason: 'SIGN_IN_REQUIRED' });
    const [row] = await deps.db.select().from(evaluationMembers).where(and(eq(evaluationMembers.evaluationId, kit.evaluationId), eq(evaluationMembers.userId, m.userId)));
    expect(row).toMatchObject({ signedInAt: null, declaredAt: null, declarationCms: null });
  });

  it('the method in the section is the one frozen into the evaluation', async () => {
    const [s] = await deps.db.select().from(sections).where(eq(sections.id, kit.sectionId));
    const [e] = await deps.db.select().from(evaluations).where(eq(evaluations.id, kit.evaluationId));
    expect(e!.methodSha256).toBe(s!.evaluationMethodSha256);
  });
});
