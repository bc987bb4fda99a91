/**
 * Issue 6 in Chromium against the real server: two bidders seal their bids IN THE BROWSER (WebCrypto, keys
 * imported from their demo .p12 backups for the session), upload them in 4 MiB pieces with progress —
 * bidder2's upload is interrupted after the first piece of its technical part and resumed, sending only
 * the missing pieces — finalize, rehearse decryption in the browser (解密演练成功, nothing sent), and
 * download the platform-signed receipt, which `ebid verify-receipt` and `openssl cms -verify` accept.
 * bidder1 then replaces its bid (version 2; version 1 superseded, B4) and bidder2 withdraws.
 *
 * The test moves the server clock (BIDDING opens at docsIssueStart through the job runner), so it starts
 * its own server (own database, bucket, DATA_DIR with the demo .p12 files, fake clock).
 * Screenshots: /tmp/ebid-e2e/bids-*.png.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from '@ebid/testing';
import { expectAccessible, ownServerKit, PASSWORD, startOwnServer, type OwnServer } from './harness.ts';
import { createOpenTender, importP12Backups, publishAndOpenBidding, waitForBidding } from './bid-helpers.ts';

const RUN = crypto.randomBytes(3).toString('hex');
const NAME = `示范市滨江公园景观提升工程施工-${RUN}`;
/** Monday 1 June 2026, 09:00 北京时间. */
const T0 = '2026-06-01T01:00:00.000Z';
/** Tuesday 2 June 2026, 08:59 北京时间: a minute before docsIssueStart (09:00). */
const T_BEFORE_BIDDING = '2026-06-02T00:59:00.000Z';
/** 09:00:30: just past docsIssueStart, when the job runner opens bidding. */
const T_DOCS_ISSUE = '2026-06-02T01:00:30.000Z';
/** Tuesday 2 June 2026, 10:00 北京时间: past docsIssueStart, bidding open. */
const T_BIDDING = '2026-06-02T02:00:00.000Z';
const MiB = 1024 * 1024;

let server: OwnServer;
let base: string;
let dataDir: string;
let work: string;

const kit = ownServerKit({ base: () => base, shotPrefix: 'bids', timeoutMs: 30_000 });
const { as, setClock, newPage, signIn, shot, problems } = kit;

let projectId: number;
let sectionId: number;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-e2e-t6-files-'));
  server = await startOwnServer({ name: 't6', fakeClockStart: T0 });
  base = server.base;
  dataDir = server.dataDir;
  await kit.launch();

  // The tenderee publishes an open tender (no prequalification); bidder1 and bidder2 register. Bidding
  // opens at docsIssueStart (the job runner, issue 5 timers) — in the first test, with a page open.
  ({ projectId, sectionId } = await createOpenTender(await as('tenderee'), { name: NAME, noticePublishAt: T0, bidDeadline: '2026-06-24T09:30:00+08:00' }));
  await publishAndOpenBidding({
    as,
    setClock,
    projectId,
    sectionId,
    title: `${NAME}招标公告`,
    body: '一、项目基本情况\n\n本项目已具备招标条件，现进行公开招标。\n\n二、投标文件的递交\n\n通过交易平台在线加密递交。',
    bidders: ['bidder1', 'bidder2'],
  });
}, 300_000);

afterAll(async () => {
  await kit.close();
  await server?.stop();
});

const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

/** A technical part of `size` random bytes (so the sealed file has several 4 MiB pieces). */
function technicalFile(user: string, size: number): { file: string; name: string; sha: string; size: number } {
  const name = `技术标-${user}.pdf`;
  const file = path.join(work, name);
  const bytes = crypto.randomBytes(size);
  fs.writeFileSync(file, bytes);
  return { file, name, sha: sha256(bytes), size };
}

/** Pieces the server accepted (HTTP 200), per upload id. */
function pieceLog(page: Page): Map<number, number[]> {
  const log = new Map<number, number[]>();
  page.on('response', (r) => {
    const m = /\/bids\/uploads\/(\d+)\/pieces\/(\d+)$/.exec(new URL(r.url()).pathname);
    if (m && r.request().method() === 'PUT' && r.status() === 200) {
      const id = Number(m[1]);
      log.set(id, [...(log.get(id) ?? []), Number(m[2])]);
    }
  });
  return log;
}

async function openBidTab(user: string): Promise<Page> {
  const page = await newPage();
  await signIn(page, user);
  await page.goto(`${base}/workspace/bidder/projects/${projectId}?tab=bid`);
  await page.getByTestId('bid-panel').waitFor();
  await expect.poll(async () => (await page.getByTestId('bid-panel-deadline').textContent()) ?? '').toContain('2026-06-24');
  // The demo keys are not in this browser: import the two .p12 backups for this session.
  await importP12Backups(page, dataDir, user, 'bid-keys-ready');
  return page;
}

async function fillSummary(page: Page, price: string, days: string): Promise<void> {
  await page.getByLabel('报价（元）').fill(price);
  await page.getByLabel('工期（日历天）').fill(days);
  await page.getByLabel('质量标准').fill('合格，争创省级优质工程');
}

/** Wait for the current bid's version; an error shown instead fails at once with its text. */
async function submittedVersion(page: Page, v: string): Promise<void> {
  await expect
    .poll(async () => {
      const err = page.getByTestId('bid-panel').getByTestId('app-error');
      if (await err.count()) return `ERROR: ${await err.first().textContent()} ${await page.getByTestId('error-reason').first().textContent().catch(() => '')}`;
      return (await page.getByTestId('bid-version').textContent({ timeout: 1000 }).catch(() => null)) ?? '';
    }, { timeout: 60_000 })
    .toBe(v);
}

const phaseOf = (page: Page, part: string) => page.getByTestId(`bid-progress-${part}`).getAttribute('data-phase');

async function rehearseAndReceipts(page: Page, user: string, tech: { name: string; sha: string }) {
  // Rehearsal: the sealed parts come back from GET /bids/:id/parts/:part/sealed and are opened here.
  const sealedGets: string[] = [];
  const otherRequests: string[] = [];
  page.on('request', (r) => {
    if (/\/bids\/\d+\/parts\/\w+\/sealed$/.test(r.url())) sealedGets.push(r.method());
    else if (r.method() !== 'GET' && !r.url().includes('/trpc/system.time')) otherRequests.push(`${r.method()} ${r.url()}`);
  });
  await page.getByRole('button', { name: '解密演练' }).click();
  const ok = page.getByTestId('bid-rehearsal');
  await expect.poll(async () => (await ok.textContent()) ?? '', { timeout: 60_000 }).toContain('解密演练成功');
  const text = (await ok.textContent()) ?? '';
  expect(text).toContain('开标一览表.json');
  expect(text).toContain(tech.name);
  expect(text).toContain(tech.sha);
  expect(sealedGets).toEqual(['GET', 'GET']);
  expect(otherRequests.filter((r) => !r.includes('/trpc/'))).toEqual([]); // nothing about the content is sent
  await shot(page, `${user}-rehearsal`);
  await expectAccessible(page, `${user}-rehearsal`);

  // Receipts: downloaded as files, verified offline.
  const dir = fs.mkdtempSync(path.join(work, `${user}-receipt-`));
  const save = async (name: string, file: string) => {
    const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
    const p = path.join(dir, file);
    await d.saveAs(p);
    return p;
  };
  const json = await save('回执数据 JSON', 'receipt.json');
  const p7s = await save('回执签名 CMS（.p7s）', 'receipt.p7s');
  // Issue 16 §6: the PDF receipt sealed by the platform, the same bytes on every download.
  const pdfLink = page.getByRole('link', { name: '回执 PDF（平台签章）' });
  const href = await pdfLink.getAttribute('href');
  expect(href).toMatch(/^\/bids\/\d+\/receipt\.pdf$/);
  const pdf1 = await page.context().request.get(`${base}${href}`);
  expect(pdf1.status()).toBe(200);
  expect(pdf1.headers()['content-type']).toBe('application/pdf');
  const pdfBytes = await pdf1.body();
  expect(pdfBytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect((await (await page.context().request.get(`${base}${href}`)).body()).equals(pdfBytes)).toBe(true);
  fs.writeFileSync(path.join(dir, 'receipt.pdf'), pdfBytes);
  expect(spawnSync('pdfsig', [path.join(dir, 'receipt.pdf')], { encoding: 'utf8' }).stdout).toContain('Signature is Valid');
  const root = path.join(dir, 'root.pem');
  const res = await fetch(`${base}/pki/root.pem`);
  expect(res.status).toBe(200);
  fs.writeFileSync(root, await res.text());
  const receipt = JSON.parse(fs.readFileSync(json, 'utf8')) as { type: string; bidId: number; version: number; sectionId: number; parts: { part: string; size: number; partHash: string }[] };
  expect(receipt).toMatchObject({ type: 'ebid-bid-receipt', version: 1, sectionId });
  expect(receipt.parts.map((p) => p.part).sort()).toEqual(['summary', 'technical']);

  const cli = spawnSync(process.execPath, ['--import', 'tsx', 'apps/cli/src/main.ts', 'verify-receipt', '--receipt', json, '--cms', p7s, '--root', root], { cwd: REPO_ROOT, encoding: 'utf8' });
  expect(cli.status, `${cli.stdout}\n${cli.stderr}`).toBe(0);
  const ossl = spawnSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', p7s, '-content', json, '-CAfile', root, '-out', '/dev/null'], { encoding: 'utf8' });
  expect(ossl.status, ossl.stderr).toBe(0);
  expect(ossl.stderr).toContain('Verification successful');
  // a changed receipt no longer verifies
  const forged = path.join(dir, 'forged.json');
  fs.writeFileSync(forged, fs.readFileSync(json, 'utf8').replace(`"version":1`, `"version":9`));
  expect(spawnSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', p7s, '-content', forged, '-CAfile', root, '-out', '/dev/null']).status).not.toBe(0);
  return receipt;
}

describe('sealed bids in the browser: seal, chunked upload with resume, finalize, rehearsal, receipts', () => {
  let bidder1: Page;
  let bidder2: Page;
  const receipts: Record<string, { bidId: number }> = {};

  it('before bidding: swapped .p12 files are refused at import naming which is which; the seal form is disabled with its reason and opening time, and enables itself without a reload when the server clock passes it (issue 16 §3, §4)', async () => {
    // A minute before docsIssueStart (a longer jump would end the session: sessions follow the server clock).
    await setClock(T_BEFORE_BIDDING);
    const page = await newPage();
    await signIn(page, 'bidder1');
    await page.goto(`${base}/workspace/bidder/projects/${projectId}?tab=bid`);
    await page.getByTestId('bid-panel').waitFor();
    const notice = page.getByTestId(`bid-${sectionId}-unavailable`);
    await expect.poll(async () => (await notice.textContent()) ?? '').toContain('投标文件递交将于 2026-06-02 09:00:00 开放（项目当前为“已发布”，尚未进入投标中阶段）');

    // §3: the encryption backup chosen as the signing file (and the other way round) — refused at import.
    const certs = path.join(dataDir, 'demo-certs');
    await page.getByLabel('签名证书备份（.p12）').setInputFiles(path.join(certs, 'bidder1-enc.p12'));
    await page.getByLabel('签名证书口令').fill(PASSWORD);
    await page.getByLabel('加密证书备份（.p12）').setInputFiles(path.join(certs, 'bidder1-sign.p12'));
    await page.getByLabel('加密证书口令').fill(PASSWORD);
    await page.getByRole('button', { name: '导入证书备份' }).click();
    const refused = page.getByTestId('bid-keys').getByTestId('app-error');
    await expect.poll(async () => (await refused.textContent().catch(() => '')) ?? '', { timeout: 30_000 }).toContain('您在“签名证书”处选择的文件（bidder1-enc.p12）是加密证书');
    expect(await page.getByTestId('bid-keys-ready').count()).toBe(0);
    await shot(page, 'p12-swapped');
    await expectAccessible(page, 'p12-swapped');
    await importP12Backups(page, dataDir, 'bidder1', 'bid-keys-ready');

    // §4: disabled with the reason until the project is in bidding, whatever the keys.
    const sealButton = page.getByRole('button', { name: '加密并上传' });
    expect(await sealButton.isDisabled()).toBe(true);
    await shot(page, 'before-bidding');
    await expectAccessible(page, 'before-bidding');
    await setClock(T_DOCS_ISSUE);
    await waitForBidding(as, projectId);
    // No reload: the clock.moved event makes the page re-measure, and it re-reads the project.
    await expect.poll(async () => notice.count(), { timeout: 60_000 }).toBe(0);
    await expect.poll(async () => sealButton.isEnabled(), { timeout: 30_000 }).toBe(true);
    await shot(page, 'bidding-open');
    await expectAccessible(page, 'bidding-open');
    await page.context().close();
    await setClock(T_BIDDING);
  });

  it('bidder1 seals the summary and a 9 MiB technical part in the browser, uploads them with progress and submits', async () => {
    const tech = technicalFile('bidder1', 9 * MiB + 12_345);
    bidder1 = await openBidTab('bidder1');
    const pieces = pieceLog(bidder1);
    await fillSummary(bidder1, '8,612,345.67', '365');
    await bidder1.getByLabel('上传技术标文件').setInputFiles(tech.file);
    await bidder1.getByRole('button', { name: '加密并上传' }).click();
    // progress in MB and percent while it runs
    await expect.poll(async () => (await bidder1.getByTestId('bid-progress-technical').textContent()) ?? '', { timeout: 60_000 }).toMatch(/MB \/ [\d.]+ MB · \d+%/);
    await expect.poll(() => phaseOf(bidder1, 'technical'), { timeout: 120_000 }).toBe('uploaded');
    expect(await phaseOf(bidder1, 'summary')).toBe('uploaded');
    expect((await bidder1.getByTestId('bid-progress-technical').textContent()) ?? '').toContain('100%');
    // summary: one piece; technical: three pieces of 4 MiB, each sent once
    expect([...pieces.values()].map((v) => v.join(',')).sort()).toEqual(['0', '0,1,2']);
    await shot(bidder1, '1-uploaded');
    await expectAccessible(bidder1, '1-uploaded');

    await bidder1.getByRole('button', { name: '提交投标' }).click();
    await submittedVersion(bidder1, 'V1');
    const mine = await (await as('bidder1')).trpc.bid.mine.query({ sectionId });
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ version: 1, status: 'current' });
    expect(mine[0]!.parts.find((p) => p.part === 'technical')!.size).toBeGreaterThan(tech.size);
    await shot(bidder1, '2-submitted');
    await expectAccessible(bidder1, '2-submitted');

    receipts.bidder1 = await rehearseAndReceipts(bidder1, 'bidder1', tech);
    expect(receipts.bidder1.bidId).toBe(mine[0]!.id);
  });

  it('bidder2: the upload is cancelled after the first piece of the technical part and resumed — only the missing pieces are sent', async () => {
    const tech = technicalFile('bidder2', 10 * MiB);
    bidder2 = await openBidTab('bidder2');
    const pieces = pieceLog(bidder2);
    await fillSummary(bidder2, '8,598,000', '360');
    await bidder2.getByLabel('上传技术标文件').setInputFiles(tech.file);

    // Hold piece 1 of the technical part (the only multi-piece upload) until the user has clicked 取消.
    let reached!: () => void;
    const atPiece1 = new Promise<void>((r) => (reached = r));
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const held = /\/bids\/uploads\/\d+\/pieces\/1$/;
    await bidder2.route(held, async (route) => {
      reached();
      await released;
      await route.abort('aborted').catch(() => {});
    });
    await bidder2.getByRole('button', { name: '加密并上传' }).click();
    await atPiece1;
    await bidder2.getByRole('button', { name: '取消', exact: true }).click();
    release();
    await bidder2.getByTestId('bid-cancelled').waitFor();
    await bidder2.unroute(held);
    expect(await phaseOf(bidder2, 'summary')).toBe('uploaded');
    expect(await phaseOf(bidder2, 'technical')).toBe('sealed');
    expect(pieces.size).toBe(2); // the summary's upload and the technical part's
    const techUpload = Math.max(...pieces.keys()); // started after the summary's
    expect(pieces.get(techUpload)).toEqual([0]);
    const status = await (await as('bidder2')).trpc.bid.uploadStatus.query({ uploadId: techUpload });
    expect(status).toMatchObject({ received: [0], pieceCount: 3, status: 'open' });
    await shot(bidder2, '3-cancelled');
    await expectAccessible(bidder2, '3-cancelled');

    await bidder2.getByRole('button', { name: '继续上传' }).click();
    await expect.poll(() => phaseOf(bidder2, 'technical'), { timeout: 120_000 }).toBe('uploaded');
    // the server was sent pieces 1 and 2 only; piece 0 exactly once in all
    expect(pieces.get(techUpload)).toEqual([0, 1, 2]);
    expect((await bidder2.getByTestId('bid-resumed-technical').textContent()) ?? '').toContain('服务器已有 1 块，本次发送 2 块');
    await shot(bidder2, '4-resumed');
    await expectAccessible(bidder2, '4-resumed');

    await bidder2.getByRole('button', { name: '提交投标' }).click();
    await submittedVersion(bidder2, 'V1');
    receipts.bidder2 = await rehearseAndReceipts(bidder2, 'bidder2', tech);
  });

  it('another company cannot fetch a sealed part (B5: the rehearsal route is the owner’s only)', async () => {
    const c = await as('bidder1');
    const res = await fetch(`${base}/bids/${receipts.bidder2!.bidId}/parts/technical/sealed`, { headers: { cookie: c.cookie(), origin: base } });
    expect(res.status).toBe(404);
  });

  it('issue 16 §2: a price above the section’s 最高投标限价 is warned at once; 加密并上传 asks first and 取消 seals nothing', async () => {
    const sent: string[] = [];
    const log = (r: { url: () => string; method: () => string }) => {
      if (r.method() !== 'GET' && !r.url().includes('/trpc/system.time')) sent.push(`${r.method()} ${r.url()}`);
    };
    bidder1.on('request', log);
    expect((await bidder1.getByTestId('bid-ceiling-001').textContent()) ?? '').toContain('最高投标限价（公开）：¥8,800,000.00');
    await fillSummary(bidder1, '8,800,000.01', '350');
    const warning = bidder1.getByTestId('bid-above-ceiling-001');
    await warning.waitFor();
    expect((await warning.textContent()) ?? '').toContain('开标时将被标注，可能被依法否决');
    await bidder1.getByRole('button', { name: '加密并上传' }).click();
    const confirm = bidder1.getByTestId('bid-ceiling-confirm-001');
    await confirm.waitFor();
    expect((await confirm.textContent()) ?? '').toContain('开标时该投标文件将被标注');
    await shot(bidder1, '5a-above-ceiling');
    await expectAccessible(bidder1, '5a-above-ceiling');
    await bidder1.getByRole('button', { name: '取消，修改报价' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(await bidder1.getByTestId('bid-progress-summary').count()).toBe(0);
    // At the ceiling: no warning.
    await bidder1.getByLabel('报价（元）').fill('8,800,000.00');
    await warning.waitFor({ state: 'detached' });
    bidder1.off('request', log);
    // Nothing was sealed or sent: the price never left the browser.
    expect(sent).toEqual([]);
  });

  it('bidder1 replaces its bid (version 2; version 1 kept as superseded, B4); bidder2 withdraws', async () => {
    await fillSummary(bidder1, '8,500,000.00', '350');
    await bidder1.getByRole('button', { name: '加密并上传' }).click();
    await expect.poll(() => phaseOf(bidder1, 'summary'), { timeout: 60_000 }).toBe('uploaded');
    await bidder1.getByRole('button', { name: '提交投标' }).click();
    await submittedVersion(bidder1, 'V2');
    await expect.poll(async () => (await bidder1.getByTestId('bid-history').textContent()) ?? '').toContain('已被替换');
    const mine = await (await as('bidder1')).trpc.bid.mine.query({ sectionId });
    expect(mine.map((b) => [b.version, b.status]).sort()).toEqual([
      [1, 'superseded'],
      [2, 'current'],
    ]);
    await shot(bidder1, '5-replaced');
    await expectAccessible(bidder1, '5-replaced');

    await bidder2.getByRole('button', { name: '撤回投标' }).click();
    await bidder2.getByRole('button', { name: '确定撤回' }).click();
    await expect.poll(async () => (await bidder2.getByTestId('bid-history').textContent()) ?? '').toContain('已撤回');
    expect(await bidder2.getByTestId('bid-current').count()).toBe(0);
    await shot(bidder2, '6-withdrawn');
    await expectAccessible(bidder2, '6-withdrawn');

    // 我的投标 (menu page) lists every version with a link to the project tab
    const mineApi = await (await as('bidder1')).trpc.bid.mine.query({});
    expect(mineApi.length).toBeGreaterThanOrEqual(2);
  });

  it('raised no browser errors', () => {
    expect(problems).toEqual([]);
  });
});

