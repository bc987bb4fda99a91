/**
 * The sealed evaluation report's download route (issue 22 §5), through the real HTTP server: signed-in users
 * only, and NOT_FOUND for an evaluation the caller may not see or that does not exist (no existence oracle).
 * The report itself — sealing, signatures, the bytes served — is tested with the service
 * (services/evaluation/report.int.test.ts, `evaluationReportPdf`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '@ebid/api';
import { loginAs } from '@ebid/api/test-client';
import { DEMO_PASSWORD } from '@ebid/services';
import { TEST_START } from '@ebid/testing';
import { startTestApp, type TestApp } from './test-app.ts';

let testApp: TestApp;
async function cookieOf(u: string): Promise<string> {
  const c = await loginAs(testApp.deps, u, DEMO_PASSWORD);
  return `${SESSION_COOKIE}=${encodeURIComponent(c.jar.get(SESSION_COOKIE)!)}`;
}

beforeAll(async () => {
  testApp = await startTestApp({ clockStart: TEST_START });
});
afterAll(async () => {
  await testApp?.close();
});

describe('GET /evaluations/:evaluationId/report.pdf', () => {
  it('needs a session; answers NOT_FOUND for an evaluation nobody may see, whoever asks', async () => {
    const anonymous = await fetch(`${testApp.base}/evaluations/1/report.pdf`);
    expect(anonymous.status).toBe(401);
    for (const u of ['staff', 'bidder1', 'supervisor']) {
      for (const url of ['/evaluations/999999/report.pdf', `/evaluations/1/report.pdf?sha256=${'a'.repeat(64)}`, '/evaluations/abc/report.pdf']) {
        const res = await fetch(`${testApp.base}${url}`, { headers: { cookie: await cookieOf(u) } });
        expect(res.status, `${u} ${url}`).toBe(404);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
      }
    }
  });
});
