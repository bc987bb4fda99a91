/**
 * Issue 7 in Chromium against the real server (不见面开标): the tenderee sets the opening rules on the
 * project's 开标 tab; three bidders' sealed bids are submitted through the API (sealed in Node with the
 * demo users' own keys from their .p12 files); bidder1 and bidder2 open the room in their own browser
 * contexts, sign in with their certificates and 签到 before the deadline; staff cannot start before the
 * deadline (server time, O1) and start once the fake clock passes it; bidder1 and bidder2 decrypt IN THE
 * BROWSER (content keys unwrapped with WebCrypto, only the 32-byte keys handed over) and their browsers
 * commit to the K draw by themselves; the clock passes the commit close and the browsers reveal their
 * values by themselves, then the reveal close and the server draws K (issue 14 §2: no staff button; the
 * result and the platform share checked in the browser); bidder3 does nothing; the clock passes the
 * window, staff end it and bidder3 is 撤销; the results are published (O4),
 * bidder2 objects and staff answer (O6), staff generate the record — `pdfsig` accepts its seal — both
 * bidders confirm it in the browser (a detached CMS over the PDF bytes, which `openssl cms -verify`
 * accepts, from the downloaded .p7s and from the server's view), staff close, a supervisor watches
 * read-only.
 *
 * The window-end job would end the window by itself the moment the clock passes it; the test postpones
 * that job in the database so that the staff's 结束解密 button is what ends it.
 * Its own server (own database, bucket, DATA_DIR with the demo .p12 files, fake clock).
 * Screenshots: /tmp/ebid-e2e/opening-*.png.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible, ownServerKit, startOwnServer, type OwnServer } from './harness.ts';
import { createOpenTender, importP12Backups, publishAndOpenBidding, submitSealedBid } from './bid-helpers.ts';

const RUN = crypto.randomBytes(3).toString('hex');
const NAME = `示范市滨江路排水管网改造工程施工-${RUN}`;
/** Monday 1 June 2026, 09:00 北京时间. */
const T0 = '2026-06-01T01:00:00.000Z';
/** Tuesday 2 June 2026, 10:00 北京时间: past docsIssueStart, bidding open. */
const T_BIDDING = '2026-06-02T02:00:00.000Z';
const DEADLINE = '2026-06-24T09:30:00+08:00';
const DEADLINE_MS = Date.parse(DEADLINE);
const at = (offsetMs: number) => new Date(DEADLINE_MS + offsetMs).toISOString();
const MIN = 60_000;
const ORGS = { bidder1: '华东建工集团有限公司', bidder2: '江南路桥建设有限公司', bidder3: '钱塘市政工程有限公司' } as const;
type Bidder = keyof typeof ORGS;
const PRICES: Record<Bidder, number> = { bidder1: 861_234_567, bidder2: 859_800_000, bidder3: 870_000_000 };

let server: OwnServer;
let base: string;
let dataDir: string;
let work: string;

const kit = ownServerKit({ base: () => base, shotPrefix: 'opening', timeoutMs: 30_000 });
const { as, setClock, newPage, signIn, shot, problems } = kit;

async function inDb<T>(fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(server.databaseUrl, { max: 1, onnotice: () => {} });
  try {
    return await fn(sql);
  } finally {
    await sql.end();
  }
}

let projectId: number;
let sectionId: number;
let dealCode: string;

/** Seal the 开标一览表 and a technical part in Node, upload them in pieces over HTTP, finalize. */
async function submitBid(user: Bidder): Promise<number> {
  return submitSealedBid({ base, dataDir, client: await as(user), user, projectId, sectionId, priceFen: PRICES[user] });
}

// ------------------------------------------------------------------------------ browser helpers

async function openRoom(user: string): Promise<Page> {
  const page = await newPage();
  await signIn(page, user);
  await page.goto(`${base}/workspace/${user.startsWith('bidder') ? 'bidder' : user}/projects/${projectId}?tab=opening`);
  await page.getByTestId('opening-room').waitFor();
  return page;
}

/** Click a button, then the OK of its Popconfirm (same words). */
async function clickConfirmed(page: Page, scope: ReturnType<Page['getByTestId']>, name: string): Promise<void> {
  await scope.getByRole('button', { name }).click();
  await page.locator('.ant-popover:visible').getByRole('button', { name }).click();
}

const statusOf = (page: Page) => page.getByTestId('opening-status').getAttribute('data-status');
const bidRow = (page: Page, label: string) => page.getByTestId('opening-bids').locator('tbody tr', { hasText: label });

/** Wait until an error box or the wanted state shows; an error fails at once with its text. */
async function until(page: Page, scope: ReturnType<Page['getByTestId']>, check: () => Promise<boolean>, timeout = 60_000): Promise<void> {
  await expect
    .poll(
      async () => {
        const err = scope.getByTestId('app-error');
        if (await err.count()) return `ERROR: ${await err.first().textContent()} ${(await scope.getByTestId('error-reason').first().textContent().catch(() => '')) ?? ''}`;
        return (await check()) ? 'ok' : 'waiting';
      },
      { timeout },
    )
    .toBe('ok');
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-e2e-t7-files-'));
  // Its own server, keeping the database at hand (to postpone a job).
  server = await startOwnServer({ name: 't7', fakeClockStart: T0 });
  base = server.base;
  dataDir = server.dataDir;
  await kit.launch();

  ({ projectId, sectionId, dealCode } = await createOpenTender(await as('tenderee'), { name: NAME, noticePublishAt: T0, bidDeadline: DEADLINE }));
}, 300_000);

afterAll(async () => {
  await kit.close();
  await server?.stop();
});

describe('bid opening in the browser: rules, sign-in, start at the deadline, decryption, 撤销, K, record, confirmations, close', () => {
  const pages: Partial<Record<'tenderee' | 'staff' | Bidder, Page>> = {};
  const bidIds: Partial<Record<Bidder, number>> = {};
  let recordPdf: string;
  let rootPem: string;

  it('the tenderee sets the opening rules on the 开标 tab while the project is a draft', async () => {
    const page = await openRoom('tenderee');
    pages.tenderee = page;
    const rules = page.getByTestId('opening-rules');
    await rules.getByLabel('解密时限（分钟）').fill('30');
    await rules.getByLabel('签到提前时间（分钟）').fill('60');
    await rules.getByLabel('浮动点集合（%）').fill('1.5, 1.25, 1, 0.75');
    await expect.poll(async () => (await rules.textContent()) ?? '').toContain('1.25% → K=0.9875');
    await rules.getByRole('button', { name: '保存开标规则' }).click();
    await page.getByText('开标规则已保存').waitFor();
    const v = await (await as('tenderee')).trpc.opening.get.query({ projectId });
    expect(v.status).toBe('waiting');
    expect(v.decryptWindowMinutes).toBe(30);
    expect(v.k?.floatPointsBp).toEqual([150, 125, 100, 75]);
    expect(Date.parse(v.signInOpensAt!)).toBe(DEADLINE_MS - 60 * MIN);
    await shot(page, '1-rules');
    await expectAccessible(page, '1-rules');
    await page.context().close();

    // publish the tender, three companies register, bidding opens, each submits a sealed bid
    await publishAndOpenBidding({
      as,
      setClock,
      projectId,
      sectionId,
      title: `${NAME}招标公告`,
      body: '一、项目基本情况\n\n本项目已具备招标条件，现进行公开招标。\n\n二、开标\n\n不见面开标：投标人在线签到并在解密时限内解密投标文件。',
      bidders: Object.keys(ORGS),
      biddingAt: T_BIDDING,
    });
    for (const u of Object.keys(ORGS) as Bidder[]) bidIds[u] = await submitBid(u);
    expect(Object.values(bidIds)).toHaveLength(3);
  });

  it('before the deadline: staff cannot start (server time); bidder1 and bidder2 sign in with their certificates and 签到', async () => {
    await setClock(at(-10 * MIN));
    const staff = await openRoom('staff');
    pages.staff = staff;
    const console_ = staff.getByTestId('opening-console');
    await expect.poll(async () => (await console_.getByTestId('opening-start-block').textContent()) ?? '').toContain('投标截止时间未到');
    expect(await console_.getByRole('button', { name: '开始开标' }).isDisabled()).toBe(true);
    expect(await statusOf(staff)).toBe('waiting');
    await shot(staff, '2-console-before-deadline');
    await expectAccessible(staff, '2-console-before-deadline');

    for (const u of ['bidder1', 'bidder2'] as const) {
      const page = await openRoom(u);
      pages[u] = page;
      const room = page.getByTestId('opening-bidder');
      await room.getByTestId('opening-cert-login-needed').waitFor();
      // the demo keys are not in this browser: import the .p12 backups for this session
      await importP12Backups(room, dataDir, u, 'opening-keys-ready');
      await room.getByRole('button', { name: '使用证书登录' }).click();
      await until(page, room, async () => (await room.getByTestId('opening-cert-login-needed').count()) === 0);
      await room.getByRole('button', { name: /^签\s*到$/ }).click();
      await until(page, room, async () => (await room.getByTestId('opening-signed-in').count()) === 1);
      await shot(page, `3-${u}-signed-in`);
      await expectAccessible(page, `3-${u}-signed-in`);
    }
    // the console sees both sign-ins live (before the opening the bids are not listed yet)
    const v = await (await as('staff')).trpc.opening.get.query({ projectId });
    expect(v.status).toBe('waiting');
  });

  it('at the deadline the platform opens the session and staff take the chair; bidder1 and bidder2 decrypt in their browsers; nobody sees names or prices yet (O4)', async () => {
    const staff = pages.staff!;
    expect(await staff.getByTestId('opening-auto-open').textContent()).toContain('自动开标于');
    await setClock(at(1000));
    await staff.reload(); // measure the moved clock now rather than at the next periodic measurement
    // Issue 18 §5: the opening timer runs at the deadline (the server's job runner): 等待主持人.
    const time = staff.getByTestId('opening-time');
    await until(staff, time, async () => (await time.getByTestId('opening-waiting-host').count()) === 1);
    expect(await statusOf(staff)).toBe('decrypting');
    expect(await time.getByTestId('opening-opened-by').textContent()).toContain('交易平台已于');
    await time.getByRole('button', { name: '主持开标' }).click();
    await until(staff, time, async () => (await time.getByTestId('opening-hosted').count()) === 1);
    await expect.poll(() => bidRow(staff, '投标人3').textContent()).toContain(ORGS.bidder3); // staff see the names
    expect(await staff.getByTestId('opening-ceilings').textContent()).toContain('¥8,800,000.00');

    for (const u of ['bidder1', 'bidder2'] as const) {
      const page = pages[u]!;
      const room = page.getByTestId('opening-bidder');
      // the live event moves the room on without a reload
      await expect.poll(() => statusOf(page), { timeout: 30_000 }).toBe('decrypting');
      const other = u === 'bidder1' ? ORGS.bidder2 : ORGS.bidder1;
      expect(await page.getByTestId('opening-bids').textContent()).not.toContain(other);
      expect(await page.getByTestId('opening-bids').getByTestId('bid-price').count()).toBe(0);
      // the browser committed to the K draw by itself (issue 14 §2: a hash now, the value after the commit close)
      await expect.poll(async () => (await room.getByTestId('opening-contributed').textContent()) ?? '', { timeout: 30_000 }).toContain('已为浮动点抽取提交随机数承诺');

      const decryptButton = room.getByRole('button', { name: '解密投标文件' });
      await until(page, room, async () => !(await decryptButton.isDisabled()));
      await decryptButton.click();
      await until(page, room, async () => (await room.getByTestId('opening-decrypt-done').count()) === 1, 90_000);
      expect(await room.getByTestId('opening-decrypt-progress').getAttribute('data-phase')).toBe('done');
      await shot(page, `4-${u}-decrypted`);
      await expectAccessible(page, `4-${u}-decrypted`);
    }
    await expect.poll(async () => (await staff.getByTestId('opening-counts').textContent()) ?? '', { timeout: 30_000 }).toContain('已解密 2');
    expect(await bidRow(staff, '投标人3').textContent()).toContain('待解密');
    expect(await staff.getByTestId('opening-log').textContent()).toContain('解密成功');
    await shot(staff, '5-console-decrypting');
    await expectAccessible(staff, '5-console-decrypting');
    const v = await (await as('staff')).trpc.opening.get.query({ projectId });
    expect(v.bids.map((b) => b.decryptStatus)).toEqual(['decrypted', 'decrypted', 'pending']);
    expect(v.bids.every((b) => b.priceFen === null)).toBe(true);
  });

  it('K (issue 14 §2): the browsers reveal by themselves after the commit close; the platform draws at the reveal close; the browser verifies', async () => {
    const staff = pages.staff!;
    const console_ = staff.getByTestId('opening-console');
    const k = staff.getByTestId('opening-k');
    // No draw button for staff, and staff never commit.
    expect(await console_.getByRole('button', { name: '抽取浮动点' }).count()).toBe(0);
    const v0 = await (await as('staff')).trpc.opening.get.query({ projectId });
    const d0 = v0.k!.draw!;
    expect(d0.phase).toBe('commit');
    expect(Date.parse(d0.commitCloseAt) - Date.parse(v0.openedAt!)).toBe(10 * MIN);
    expect(Date.parse(d0.revealCloseAt) - Date.parse(v0.openedAt!)).toBe(15 * MIN);
    const committed = d0.commitments.filter((c) => c.valueHex === null);
    expect(committed.map((c) => c.label).sort()).toEqual([ORGS.bidder1, ORGS.bidder2].sort());
    expect(await k.getByTestId('draw-commitments').locator('li').count()).toBe(d0.commitments.length);
    expect(await k.getByTestId('draw-timeline').textContent()).toContain('承诺截止');
    await shot(staff, '6a-k-committed');
    await expectAccessible(staff, '6a-k-committed');

    // Past the commit close: the bidders' browsers reveal their kept values by themselves.
    await setClock(new Date(Date.parse(d0.commitCloseAt) + 1000).toISOString());
    // (No reload: a bidder's room keeps its unlocked keys; it re-measures the moved clock within 15 s.)
    const bidderParticipants = async () => {
      const v = await (await as('staff')).trpc.opening.get.query({ projectId });
      return v.k!.draw!.commitments.filter((c) => c.label === ORGS.bidder1 || c.label === ORGS.bidder2);
    };
    await expect.poll(async () => (await bidderParticipants()).map((c) => c.valueHex !== null), { timeout: 30_000 }).toEqual([true, true]);
    await expect.poll(async () => (await pages.bidder1!.getByTestId('draw-me').textContent()) ?? '', { timeout: 30_000 }).toContain('已公开随机数');

    // Past the reveal close: the server's draw job runs by itself; every room shows the result and checks it.
    await setClock(new Date(Date.parse(d0.revealCloseAt) + 1500).toISOString());
    await staff.reload();
    await until(staff, k, async () => (await k.getByTestId('opening-k-result').count()) === 1, 60_000);
    const result = (await k.getByTestId('opening-k-result').textContent()) ?? '';
    expect(result).toMatch(/^浮动点 (1\.50|1\.25|1\.00|0\.75)%，K = 0\.9\d{3}$/);
    await expect.poll(async () => (await k.getByTestId('draw-verify').textContent()) ?? '', { timeout: 30_000 }).toContain('✓');
    const v = await (await as('staff')).trpc.opening.get.query({ projectId });
    const d = v.k!.draw!;
    expect(d.phase).toBe('drawn');
    expect(crypto.createHash('sha256').update(`ebid-draw-commit:v1\ndraw:${d.id}\nparticipant:platform\nvalue:${d.platformShare}\n`).digest('hex')).toBe(d0.platformCommitment);
    // the bidders see the same result live, checked in their own browsers
    await expect.poll(async () => (await pages.bidder1!.getByTestId('opening-k-result').textContent().catch(() => '')) ?? '', { timeout: 30_000 }).toBe(result);
    await expect.poll(async () => (await pages.bidder1!.getByTestId('draw-verify').textContent().catch(() => '')) ?? '', { timeout: 30_000 }).toContain('✓');
    await shot(staff, '6b-k-drawn');
    await expectAccessible(staff, '6b-k-drawn');
  });

  it('the window passes: staff end it, bidder3 is 撤销 and the results are published', async () => {
    const v0 = await (await as('staff')).trpc.opening.get.query({ projectId });
    // The window-end job would end it by itself as soon as the clock passes; postpone it so the button does.
    const postponed = await inDb((sql) => sql`update jobs set run_at = '2099-01-01T00:00:00Z' where kind = 'opening.window_end' and status = 'queued' returning id`);
    expect(postponed.length).toBeGreaterThan(0);
    await setClock(new Date(Date.parse(v0.decryptDeadline!) + 1000).toISOString());
    const staff = pages.staff!;
    await staff.reload();
    const console_ = staff.getByTestId('opening-console');
    await until(staff, console_, async () => !(await console_.getByRole('button', { name: '结束解密' }).isDisabled()));
    await clickConfirmed(staff, console_, '结束解密');
    await until(staff, console_, async () => (await statusOf(staff)) === 'published');
    await expect.poll(() => bidRow(staff, '投标人3').textContent()).toContain('撤销');
    expect(await bidRow(staff, '投标人3').textContent()).toContain('投标人原因');
    expect(await bidRow(staff, '投标人1').textContent()).toContain('¥8,612,345.67');
    expect(await bidRow(staff, '投标人2').textContent()).toContain('¥8,598,000.00');

    // the bidders' rooms show the names and prices now
    for (const u of ['bidder1', 'bidder2'] as const) {
      const page = pages[u]!;
      await expect.poll(() => statusOf(page), { timeout: 30_000 }).toBe('published');
      await expect.poll(async () => (await page.getByTestId('opening-bids').textContent()) ?? '').toContain(ORGS.bidder3);
      expect(await page.getByTestId('opening-bids').textContent()).toContain('¥8,612,345.67');
    }
    await shot(staff, '6-published');
    await expectAccessible(staff, '6-published');
  });

  it('bidder2 objects, staff answer (O6), then generate the record: pdfsig accepts the platform seal', async () => {
    const b2 = pages.bidder2!;
    const room = b2.getByTestId('opening-bidder');
    await room.getByLabel('异议内容').fill('投标人3的解密状态请再核实。');
    await room.getByRole('button', { name: '提出异议' }).click();
    await until(b2, room, async () => ((await b2.getByTestId('opening-objections').textContent()) ?? '').includes('请再核实'));

    const staff = pages.staff!;
    const objections = staff.getByTestId('opening-objections');
    await expect.poll(async () => (await objections.textContent()) ?? '', { timeout: 30_000 }).toContain('请再核实');
    const console_ = staff.getByTestId('opening-console');
    expect(await console_.getByTestId('opening-close-block').textContent()).toContain('请先生成开标记录表');
    await objections.getByLabel('答复（投标人2）').fill('经核实，投标人3未在解密时限内解密，按撤销处理。');
    await objections.getByRole('button', { name: /^答\s*复$/ }).click();
    await until(staff, objections, async () => ((await objections.textContent()) ?? '').includes('按撤销处理'));

    await console_.getByRole('button', { name: '生成开标记录表' }).click();
    const rec = staff.getByTestId('opening-record');
    await until(staff, console_, async () => (await rec.getByTestId('opening-record-version').count()) === 1, 90_000);
    expect(await rec.getByTestId('opening-record-version').textContent()).toBe('V1');
    const [download] = await Promise.all([staff.waitForEvent('download'), rec.getByTestId('opening-record-download').click()]);
    expect(download.suggestedFilename()).toBe(`开标记录表-${dealCode}.pdf`);
    recordPdf = path.join(work, 'record.pdf');
    await download.saveAs(recordPdf);
    const bytes = fs.readFileSync(recordPdf);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(crypto.createHash('sha256').update(bytes).digest('hex')).toBe((await rec.getByTestId('opening-record-sha').textContent())?.trim());
    const sig = execFileSync('pdfsig', [recordPdf], { encoding: 'utf8' });
    expect(sig).toContain('Signature is Valid');
    await shot(staff, '8-record');
    await expectAccessible(staff, '8-record');

    const res = await fetch(`${base}/pki/root.pem`);
    expect(res.status).toBe(200);
    rootPem = path.join(work, 'root.pem');
    fs.writeFileSync(rootPem, await res.text());
  });

  it('bidder1 and bidder2 confirm the record in their browsers; openssl verifies each confirmation over the PDF', async () => {
    for (const u of ['bidder1', 'bidder2'] as const) {
      const page = pages[u]!;
      const room = page.getByTestId('opening-bidder');
      const confirmSection = room.getByTestId('opening-confirm');
      const button = confirmSection.getByRole('button', { name: '确认开标记录表' });
      await until(page, room, async () => !(await button.isDisabled()), 30_000);
      await button.click();
      await until(page, room, async () => ((await confirmSection.getByTestId('confirm-status').first().textContent()) ?? '') === '已确认');
      const [download] = await Promise.all([page.waitForEvent('download'), confirmSection.getByRole('button', { name: '下载确认签名（.p7s）' }).click()]);
      const p7s = path.join(work, `${u}-confirm.p7s`);
      await download.saveAs(p7s);
      const ossl = spawnSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', p7s, '-content', recordPdf, '-CAfile', rootPem, '-purpose', 'any', '-out', '/dev/null'], { encoding: 'utf8' });
      expect(ossl.status, ossl.stderr).toBe(0);
      expect(ossl.stderr).toContain('Verification successful');
      await shot(page, `9-${u}-confirmed`);
      await expectAccessible(page, `9-${u}-confirmed`);
    }
    // the server's view: confirmed, with the CMS that verifies over the record's bytes
    const v = await (await as('staff')).trpc.opening.get.query({ projectId });
    for (const b of v.bids.slice(0, 2)) {
      expect(b.confirmStatus).toBe('confirmed');
      const file = path.join(work, `server-${b.id}.p7s`);
      fs.writeFileSync(file, Buffer.from(b.confirmCmsBase64!, 'base64'));
      const ossl = spawnSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', file, '-content', recordPdf, '-CAfile', rootPem, '-purpose', 'any', '-out', '/dev/null'], { encoding: 'utf8' });
      expect(ossl.status, ossl.stderr).toBe(0);
    }
    expect(v.bids[2]!.confirmStatus).toBe('pending');
    await expect.poll(async () => (await pages.staff!.getByTestId('opening-bids').textContent()) ?? '', { timeout: 30_000 }).toContain('已确认');
  });

  it('staff close the opening: bidder3 is deemed to accept; a supervisor watches the closed room read-only', async () => {
    const staff = pages.staff!;
    // bidder3 stays silent: the close waits for the record's confirm window (issue 18 §5) — pass its end.
    const rec = (await (await as('staff')).trpc.opening.get.query({ projectId })).record!;
    await setClock(new Date(Date.parse(rec.confirmDeadline) + 1000).toISOString());
    await staff.reload();
    const console_ = staff.getByTestId('opening-console');
    await clickConfirmed(staff, console_, '结束开标');
    await until(staff, console_, async () => (await statusOf(staff)) === 'closed');
    await expect.poll(() => bidRow(staff, '投标人3').textContent()).toContain('视为认可');
    expect(await staff.getByTestId('opening-log').textContent()).toContain('开标结束');
    await shot(staff, '10-closed');
    await expectAccessible(staff, '10-closed');
    const p = await (await as('staff')).trpc.project.get.query({ projectId });
    expect(p.status).toBe('EVALUATION');

    const sup = await openRoom('supervisor');
    expect(await statusOf(sup)).toBe('closed');
    expect(await sup.getByTestId('opening-console').count()).toBe(0);
    expect(await sup.getByTestId('opening-header').textContent()).toContain('只读');
    expect(await sup.getByTestId('opening-bids').textContent()).toContain(ORGS.bidder1);
    await shot(sup, '11-supervisor');
    await expectAccessible(sup, '11-supervisor');
  });

  it('raised no browser errors and no unexpected HTTP errors', () => {
    expect(problems).toEqual([]);
  });
});
