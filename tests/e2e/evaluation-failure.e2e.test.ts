/**
 * Issue 22 §2 (O2, 政府采购法 §36) in Chromium: a GP 公开招标 whose committee fails two of three bids at the
 * compliance review. The evaluation stops and the procurement fails: the member's 评标室 shows why with a
 * link to the 废标公告, the member signs the report of the failure over its PDF bytes in the browser, the
 * notice is public on the portal, and the center's 评标管理 shows the failure and the notice. axe-core on
 * each page.
 *
 * Setup as in evaluation.e2e.test.ts: the server of the test's own first (it migrates and makes the PKI),
 * then the services' test kit on the same database, bucket and PKI; the review up to the failure through
 * the services with the members' own keys. Screenshots: /tmp/ebid-e2e/evaluation-failure-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { gpComprehensive } from '@ebid/domain/evaluation/test-fixtures';
import { closeStage, evaluationReportPdf, signEvaluationReport } from '@ebid/services';
import { beginReview, evaluationKit, reviewKit, signOneValidOfThree, type KitEvaluation, type ReviewKit } from '@ebid/services/evaluation/review-test-kit';
import type { TestDeps } from '@ebid/testing';
import { expectAccessible, ownServerKit, setServerClock } from './harness.ts';
import { certificateLoginInRoom, startEvaluationE2e, until, type EvaluationE2e } from './evaluation-e2e-kit.ts';


let e2e: EvaluationE2e;
let base: string;
let deps: TestDeps;
let kit: KitEvaluation;
let r: ReviewKit;
let evaluationId: number;
let failureNoticeId: number;
const ui = ownServerKit({ base: () => base, shotPrefix: 'evaluation-failure', timeoutMs: 30_000 });

beforeAll(async () => {
  e2e = await startEvaluationE2e('ebid-e2e-i22f-');
  base = e2e.base;
  deps = e2e.deps;
  kit = await evaluationKit(deps, { method: gpComprehensive(), project: { tradeType: 'procurement', method: 'open', budgetFen: 880_000_000 } });
  r = reviewKit(kit, 0);
  evaluationId = kit.evaluationId;
  await beginReview(deps, r);
  await signOneValidOfThree(deps, r); // one valid bid of three (O2)
  const closed = await closeStage(deps, await r.ctx(r.chair), { evaluationId });
  if (closed.status !== 'failed' || closed.failureNoticeId === null) throw new Error(`expected the evaluation to fail, got ${JSON.stringify(closed)}`);
  failureNoticeId = closed.failureNoticeId;
  await setServerClock(base, deps.clock.now().toISOString());
  await ui.launch();
}, 300_000);

afterAll(async () => {
  await ui.close();
  await e2e?.close();
});

describe('a failed evaluation in the browser (issue 22 §2, O2)', () => {
  let page: Page;
  const me = () => kit.members[0]!;

  it('the member’s room: the failure with its reason and the 废标公告; the report of the failure signed in the browser', async () => {
    page = await ui.newPage();
    await ui.signIn(page, me().username);
    await page.goto(`${base}/workspace/expert/sessions`);
    await page.getByTestId(`evaluation-enter-${evaluationId}`).click();
    await page.getByTestId('evaluation-room').waitFor();
    // The keys, as the member's .p12 backups, and the certificate session signing needs.
    await certificateLoginInRoom(page, e2e, me().username);
    expect(await page.getByTestId('evaluation-room').getAttribute('data-status')).toBe('failed');
    const failed = page.getByTestId('evaluation-failed');
    expect(await failed.textContent()).toContain('不足三家');
    expect(await failed.getByTestId('evaluation-failure-notice').getAttribute('href')).toBe(`/notices/${failureNoticeId}`);
    const report = page.getByTestId('evaluation-report');
    await report.getByTestId('evaluation-report-sha').waitFor();
    await expectAccessible(page, 'room: failed');
    await ui.shot(page, '1-room');
    await page.getByTestId('evaluation-report-sign').click();
    await page.locator('.ant-popover:visible').getByRole('button', { name: /签署评标报告/ }).click();
    await until(page, async () => ((await report.getByTestId('evaluation-report-my-state').textContent()) ?? '').includes('已签署'));
    for (const m of kit.members.slice(1)) {
      const ctx = await r.ctx(m);
      const pdf = await evaluationReportPdf(deps, ctx, { evaluationId });
      const chunks: Buffer[] = [];
      for await (const c of pdf.stream) chunks.push(Buffer.from(c as Uint8Array));
      await signEvaluationReport(deps, ctx, { evaluationId, reportSha256: pdf.sha256, signatureBase64: m.signB64(Buffer.concat(chunks)) });
    }
    await page.reload();
    await until(page, async () => ((await page.getByTestId('evaluation-report-signatures').textContent()) ?? '').includes('5/5'));
    expect(await page.getByTestId('evaluation-report-sign').count()).toBe(0);
    // The chair's progress: the detailed review was never reached.
    expect(await page.getByTestId('evaluation-progress').textContent()).toContain('未进行');
    await ui.shot(page, '2-signed');
  });

  it('the 废标公告 is public: the link opens it, citing the Government Procurement Law', async () => {
    await page.getByTestId('evaluation-failure-notice').click();
    await until(page, async () => ((await page.locator('h1, h2').allTextContents()).join(' ')).includes('废标公告'));
    const body = (await page.locator('main').textContent()) ?? '';
    expect(body).toContain('《中华人民共和国政府采购法》第三十六条');
    await expectAccessible(page, 'failure notice');
    await ui.shot(page, '3-notice');
  });

  it('评标管理: the center sees the failure and its notice', async () => {
    const staff = await ui.newPage();
    await ui.signIn(staff, 'staff');
    await staff.goto(`${base}/workspace/staff/evaluations?evaluation=${evaluationId}`);
    await staff.getByTestId('evaluation-detail').waitFor();
    await until(staff, async () => (await staff.getByTestId('evaluation-failure-notice').count()) === 1);
    expect(await staff.getByTestId('evaluation-detail').textContent()).toContain('不足三家');
    expect(await staff.getByTestId('evaluation-progress').textContent()).toContain('未进行'); // the detailed review never began
    await expectAccessible(staff, '评标管理: failed');
    await ui.shot(staff, '4-center');
    expect(ui.problems.filter((p) => !/HTTP 4\d\d/.test(p))).toEqual([]);
  });
});
