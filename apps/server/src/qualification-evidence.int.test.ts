/**
 * The qualification evidence download route (GET /qualification/evidence/:answerId/:index, issue 5 §5)
 * through the real server: the applicant's own company before the application deadline, nobody else
 * (the center and the owner side included, issue 13 §2); the center from the deadline, for the review;
 * the owner side once the review is complete; a corrupted file never downloads complete (issue 13 §5).
 * The answers and the review themselves are tested with the router (packages/api qualification tests).
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  answeredApplicants,
  callerAs,
  decideAllAnswers,
  prequalificationProject,
  sessionCookieOf,
  TEST_APPLICATION_DEADLINE as DEADLINE,
  TEST_START,
  uploadFile,
} from '@ebid/testing';
import { downloadTampered, integrityAlert } from './integrity-test-kit.ts';
import { startTestApp, type TestApp } from './test-app.ts';

let testApp: TestApp;
let deps: TestApp['deps'];

beforeAll(async () => {
  testApp = await startTestApp({ clockStart: TEST_START });
  deps = testApp.deps;
});
afterAll(async () => {
  await testApp?.close();
});

async function getEvidence(user: string, answerId: number, index = 0): Promise<Response> {
  return fetch(`${testApp.base}/qualification/evidence/${answerId}/${index}`, { headers: { cookie: await sessionCookieOf(deps, user) } });
}

describe('GET /qualification/evidence/:answerId/:index', () => {
  it("before the deadline only the applicant's company (name and bytes as uploaded); a corrupted file fails typed; from the deadline the center, not yet the owner side", async () => {
    deps.clock.set(TEST_START);
    const { sectionId, criteria } = await prequalificationProject(deps, { name: '证据下载测试工程' });
    const b1 = await callerAs(deps, 'bidder1');
    const r1 = await b1.registration.register({ sectionId });
    await (await callerAs(deps, 'bidder2')).registration.register({ sectionId });
    const own = await uploadFile(deps, 'bidder1', '资质证书.pdf', Buffer.from('bidder1 的证书 第一版'));
    const a1 = await b1.qualification.answer({ registrationId: r1.id, criterionId: criteria[0]!.id, statement: '具备二级资质', evidenceUploadIds: [own] });

    expect((await getEvidence('bidder2', a1.id)).status).toBe(404);
    expect((await getEvidence('bidder1', a1.id, 5)).status).toBe(404);
    const mineRes = await getEvidence('bidder1', a1.id);
    expect(mineRes.status).toBe(200);
    expect(mineRes.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('资质证书.pdf')}`);
    expect(Buffer.from(await mineRes.arrayBuffer()).toString()).toBe('bidder1 的证书 第一版');
    // Before the application deadline nobody else sees the evidence (issue 13 §2), the center included.
    expect((await getEvidence('staff', a1.id)).status).toBe(404);
    expect((await getEvidence('tenderee', a1.id)).status).toBe(404);

    // Issue 13 §5: a corrupted evidence file never downloads complete; the alert names the route.
    const evidenceSha = crypto.createHash('sha256').update('bidder1 的证书 第一版').digest('hex');
    const bad = await downloadTampered(testApp, { path: `/qualification/evidence/${a1.id}/0`, cookie: await sessionCookieOf(deps, 'bidder1'), sha256: evidenceSha });
    expect(bad).toMatchObject({ status: 422, code: 'INTEGRITY_FAILED' });
    expect((await integrityAlert(testApp, evidenceSha)).events[0]?.payload).toMatchObject({ route: 'GET /qualification/evidence/:answerId/:index' });

    // After the deadline: the center for the review; the owner side only once the review is complete.
    deps.clock.set(new Date(DEADLINE.getTime() + 1));
    expect((await getEvidence('staff', a1.id)).status).toBe(200);
    expect((await getEvidence('tenderee', a1.id)).status).toBe(404);
  });

  it('once the review is complete the owner side downloads the evidence; other bidders never do', async () => {
    deps.clock.set(TEST_START);
    const { project, sectionId, criteria } = await prequalificationProject(deps, { name: '证据审查后下载测试工程' });
    const regs = await answeredApplicants(deps, { projectId: project.id, sectionIds: sectionId, criteria }, ['bidder1', 'bidder2', 'bidder3']);
    await decideAllAnswers(deps, criteria, regs, []);
    expect(await (await callerAs(deps, 'staff')).qualification.completeReview({ projectId: project.id })).toMatchObject({ qualifiedCount: 3 });
    const owner = await (await callerAs(deps, 'tenderee')).qualification.applicants({ projectId: project.id });
    expect(owner.reviewComplete).toBe(true);
    const answerId = owner.applicants.find((a) => a.registrationId === regs.bidder1)!.items[0]!.answer!.id;
    expect((await getEvidence('tenderee', answerId)).status).toBe(200);
    expect((await getEvidence('bidder2', answerId)).status).toBe(404);
  });
});
