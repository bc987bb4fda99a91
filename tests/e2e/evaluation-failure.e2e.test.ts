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
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ensureDevPki, toP12 } from '@ebid/pki';
import { gpComprehensive } from '@ebid/domain/evaluation/test-fixtures';
import { closeStage, evaluationReportPdf, seedDemo, signEvaluationReport } from '@ebid/services';
import { beginReview, complianceEntries, draftAndSign, evaluationKit, reviewKit, type KitEvaluation, type ReviewKit } from '@ebid/services/evaluation/review-test-kit';
import { openDatabase, type Database } from '@ebid/db';
import { bidderKeys, createEmptyDatabase, createTestDeps, createTestS3Store, startServerProcess, TEST_START, testEnv, type ServerProcess, type TestDeps } from '@ebid/testing';
import { expectAccessible, ownServerKit, PASSWORD, setServerClock } from './harness.ts';

const BIDS = ['投标人1', '投标人2', '投标人3'];

let server: ServerProcess;
let base: string;
let deps: TestDeps;
let database: Database;
let dropDb: () => Promise<void>;
let kit: KitEvaluation;
let r: ReviewKit;
let evaluationId: number;
let failureNoticeId: number;
let work: string;
const ui = ownServerKit({ base: () => base, shotPrefix: 'evaluation-failure', timeoutMs: 30_000 });

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-e2e-i22f-'));
  const dataDir = path.join(work, 'data');
  const db = await createEmptyDatabase();
  dropDb = db.drop;
  const storage = await createTestS3Store();
  const env = testEnv();
  server = await startServerProcess({
    env: {
      DATABASE_URL: db.url,
      S3_ENDPOINT: env.s3.endPoint,
      S3_ACCESS_KEY: env.s3.accessKey,
      S3_SECRET_KEY: env.s3.secretKey,
      S3_BUCKET: storage.bucket,
      DATA_DIR: dataDir,
      SEED_DEMO: '0',
      EBID_FAKE_CLOCK: '1',
      EBID_FAKE_CLOCK_START: TEST_START.toISOString(),
      HOST: '127.0.0.1',
    },
    timeoutMs: 180_000,
  });
  base = server.url.replace(/\/+$/, '');
  const platform = await ensureDevPki(path.join(dataDir, 'pki'));
  database = await openDatabase({ driver: 'postgres', url: db.url, max: 5 });
  deps = await createTestDeps(database, { pki: { platform, trustedRootsPem: platform.chainPem }, storage, clockStart: TEST_START });
  await seedDemo(deps, { certificates: false, projects: false });
  kit = await evaluationKit(deps, { method: gpComprehensive(), project: { tradeType: 'procurement', method: 'open', budgetFen: 880_000_000 } });
  r = reviewKit(kit, 0);
  evaluationId = kit.evaluationId;
  await beginReview(deps, r);
  // 投标人2 failed by members 1–3, 投标人3 by members 3–5: one valid bid of three (O2).
  for (const [i, m] of kit.members.entries()) {
    const fails = [
      ...(i < 3 ? [{ bid: '投标人2', criterionId: 'Q1', reason: '未提供有效的营业执照' }] : []),
      ...(i >= 2 ? [{ bid: '投标人3', criterionId: 'R1', reason: '交货期不满足招标文件要求' }] : []),
    ];
    await draftAndSign(deps, r, m, 'compliance', complianceEntries(BIDS, ['Q1', 'R1'], fails));
  }
  const closed = await closeStage(deps, await r.ctx(r.chair), { evaluationId });
  if (closed.status !== 'failed' || closed.failureNoticeId === null) throw new Error(`expected the evaluation to fail, got ${JSON.stringify(closed)}`);
  failureNoticeId = closed.failureNoticeId;
  await setServerClock(base, deps.clock.now().toISOString());
  await ui.launch();
}, 300_000);

afterAll(async () => {
  await ui.close();
  await server?.stop('SIGTERM');
  await deps?.close();
  await database?.close();
  await dropDb?.();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** Wait until `check` holds, failing at once with the text of an error alert. */
async function until(page: Page, check: () => Promise<boolean>, timeout = 30_000): Promise<void> {
  await expect
    .poll(
      async () => {
        const err = page.getByTestId('app-error');
        if (await err.count()) return `ERROR: ${(await err.first().textContent()) ?? ''}`;
        return (await check()) ? 'ok' : 'waiting';
      },
      { timeout },
    )
    .toBe('ok');
}

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
    const keys = await bidderKeys(deps, me().username);
    const sign = path.join(work, 'sign.p12');
    const enc = path.join(work, 'enc.p12');
    fs.writeFileSync(sign, toP12({ privateKeyPem: keys.sign.keyPem, certPem: keys.sign.certPem, passphrase: PASSWORD }));
    fs.writeFileSync(enc, toP12({ privateKeyPem: keys.enc.keyPem, certPem: keys.enc.certPem, passphrase: PASSWORD }));
    await page.getByTestId('evaluation-keys').waitFor();
    await page.getByLabel('签名证书备份（.p12）').setInputFiles(sign);
    await page.getByLabel('签名证书口令').fill(PASSWORD);
    await page.getByLabel('加密证书备份（.p12）').setInputFiles(enc);
    await page.getByLabel('加密证书口令').fill(PASSWORD);
    await page.getByRole('button', { name: '导入证书备份' }).click();
    await until(page, async () => page.getByTestId('evaluation-cert-login').isEnabled());
    await page.getByTestId('evaluation-cert-login').click();
    await until(page, async () => (await page.getByTestId('evaluation-cert-login').count()) === 0);
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
