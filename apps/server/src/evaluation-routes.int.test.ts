/**
 * The evaluation's bid viewer routes through the real server (issue 22 §1): a declared member reads a
 * decrypted part by label with the session cookie and a blind technical part only by its blind label
 * (as `<blind label>-技术标.pdf`, sandboxed, never cached); before its declaration a member gets
 * DECLARATION_REQUIRED; a bidder, another expert and a caller without a session get 404; every GET is
 * audited, a HEAD is not. The services' own rules are tested in packages/services (evaluation/*.int.test.ts).
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, notInArray } from 'drizzle-orm';
import { auditEvents, bidParts, evaluations, users } from '@ebid/db';
import { engComprehensive } from '@ebid/domain/evaluation/test-fixtures';
import { declareNoConflict, evaluationDeclaration, signInToEvaluation } from '@ebid/services';
import { renderDocument } from '@ebid/pdf';
import { createTestPkiValidFrom, sessionCookieOf, TEST_START } from '@ebid/testing';
// The evaluation kit lives beside the evaluation services (it starts a session the way staff do).
import { evaluationKit, type KitEvaluation } from '../../../packages/services/src/evaluation/test-kit.ts';
import { startTestApp, type TestApp } from './test-app.ts';

let testApp: TestApp;
let kit: KitEvaluation;
let blindLabel = '';
let technical: Buffer;

beforeAll(async () => {
  testApp = await startTestApp({ clockStart: TEST_START, pki: await createTestPkiValidFrom(new Date('2026-01-01T00:00:00Z')) });
  const deps = testApp.deps;
  technical = Buffer.from(
    await renderDocument({
      documentId: `T-${crypto.randomBytes(4).toString('hex')}`,
      title: '施工组织设计（暗标）',
      metadata: { title: '某某建设集团技术标', subject: '施工组织设计', author: '某某建设集团', keywords: [], creationDate: TEST_START },
      blocks: [{ kind: 'paragraph', text: '一、工程概况' }],
    }),
  );
  kit = await evaluationKit(deps, { method: engComprehensive(), blindTechnical: true });
  // bidder2's decrypted technical part, stored like the opening stores plaintexts.
  const b2 = kit.bids.find((b) => b.username === 'bidder2')!;
  const put = await deps.storage.put(technical);
  const [summary] = await deps.db.select().from(bidParts).where(and(eq(bidParts.bidId, b2.bidId), eq(bidParts.part, 'summary')));
  const { id: _id, createdAt: _c, ...rest } = summary!;
  await deps.db.insert(bidParts).values({ ...rest, part: 'technical', plaintextSha256: put.sha256, plaintextSize: technical.length, plaintextName: '某某建设集团-技术标.pdf', plaintextPieces: [put.sha256], contentKey: null });
  const [e] = await deps.db.select().from(evaluations).where(eq(evaluations.id, kit.evaluationId));
  blindLabel = e!.labels.find((l) => l.bidId === b2.bidId)!.blindLabel!;
  const m = kit.members[0]!;
  const ctx = await m.ctx();
  await signInToEvaluation(deps, ctx, { evaluationId: kit.evaluationId });
  const { text } = await evaluationDeclaration(deps, ctx, { evaluationId: kit.evaluationId });
  await declareNoConflict(deps, ctx, { evaluationId: kit.evaluationId, signatureBase64: m.signB64(new TextEncoder().encode(text)) });
}, 180_000);
afterAll(async () => {
  await testApp?.close();
});

const partPath = (label: string, part: string) => `/evaluations/${kit.evaluationId}/parts/${encodeURIComponent(label)}/${part}`;
const blindPath = (b: string) => `/evaluations/${kit.evaluationId}/blind/${encodeURIComponent(b)}`;
async function get(path: string, username?: string, method = 'GET'): Promise<Response> {
  return fetch(`${testApp.base}${path}`, { method, headers: username ? { cookie: await sessionCookieOf(testApp.deps, username) } : {} });
}

describe('GET /evaluations/:id/parts/:label/:part and /evaluations/:id/blind/:blindLabel', () => {
  it('a declared member reads a part by label; the blind part only by blind label, under the blind name', async () => {
    const m = kit.members[0]!.username;
    const r = await get(partPath('投标人1', 'summary'), m);
    expect(r.status).toBe(200);
    const bytes = Buffer.from(await r.arrayBuffer());
    expect(crypto.createHash('sha256').update(bytes).digest('hex')).toBe(r.headers.get('x-content-sha256'));
    expect(r.headers.get('cache-control')).toBe('private, no-store');
    expect(r.headers.get('content-security-policy')).toBe('sandbox');

    const byLabel = await get(partPath('投标人2', 'technical'), m);
    expect(byLabel.status).toBe(403);
    expect(((await byLabel.json()) as { error: { details: { reason: string } } }).error.details.reason).toBe('BLIND_PART');
    const blind = await get(blindPath(blindLabel), m);
    expect(blind.status).toBe(200);
    expect(blind.headers.get('content-type')).toBe('application/pdf');
    expect(blind.headers.get('content-disposition')).toBe(`inline; filename*=UTF-8''${encodeURIComponent(`${blindLabel}-技术标.pdf`)}`);
    // The anonymized copy (evaluation/viewer.ts blindCopy): its own bytes and hash, not the bidder's file.
    const blindBytes = Buffer.from(await blind.arrayBuffer());
    expect(blindBytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(blindBytes.equals(technical)).toBe(false);
    expect(blind.headers.get('x-content-sha256')).toBe(crypto.createHash('sha256').update(blindBytes).digest('hex'));
    expect(blind.headers.get('content-length')).toBe(String(blindBytes.length));
    expect((await get(partPath('投标人1', 'nonsense'), m)).status).toBe(404);
    expect((await get(blindPath('暗标-0000'), m)).status).toBe(404);
  });

  it('before the declaration DECLARATION_REQUIRED; a bidder, another expert and no session: 404; GETs audited, HEAD not', async () => {
    const undeclared = await get(partPath('投标人1', 'summary'), kit.members[1]!.username);
    expect(((await undeclared.json()) as { error: { code: string; details: { reason: string } } }).error).toMatchObject({ code: 'INVALID_STATE', details: { reason: 'DECLARATION_REQUIRED' } });
    const [other] = await testApp.deps.db
      .select({ username: users.username })
      .from(users)
      .where(and(eq(users.role, 'expert'), notInArray(users.id, kit.members.map((m) => m.userId))))
      .limit(1);
    for (const who of ['bidder1', other!.username, undefined]) {
      expect((await get(partPath('投标人1', 'summary'), who)).status, who ?? 'anonymous').toBe(404);
      expect((await get(blindPath(blindLabel), who)).status, who ?? 'anonymous').toBe(404);
    }
    const count = async () => (await testApp.deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'evaluation.part_viewed'))).length;
    const before = await count();
    expect((await get(partPath('投标人1', 'summary'), 'staff', 'HEAD')).status).toBe(200);
    expect(await count()).toBe(before);
    await (await get(partPath('投标人1', 'summary'), 'staff')).arrayBuffer();
    expect(await count()).toBe(before + 1);
  });
});
