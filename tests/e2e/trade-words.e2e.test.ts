/**
 * Issue 18 §1 in Chromium against the real server: a government-procurement consultation (竞争性磋商) and
 * a land auction are published; the tenderee and a bidder open each project page and read the trade's
 * own words — 采购人 / 供应商 / 响应文件 / 最高限价 / 采购预算, 出让人 / 竞买申请 / 竞买保证金 / 起始价 —
 * and not 招标人 / 投标人 / 招标控制价; the bidder's summary asks no 工期 (procurement: 交货期或服务期;
 * land: no period, no quality).
 *
 * Its own server (own database, bucket and fake clock) so the schedules are legal on a fixed calendar.
 * Screenshots: /tmp/ebid-e2e/trade-words-*.png.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible, ownServerKit, startOwnServer, type ApiClient, type OwnServer } from './harness.ts';

const RUN = crypto.randomBytes(3).toString('hex');
/** Wednesday 6 May 2026, 09:00 北京时间. */
const T0 = '2026-05-06T01:00:00.000Z';

let server: OwnServer;
let base: string;
const kit = ownServerKit({ base: () => base, shotPrefix: 'trade-words' });
const { as, newPage, signIn, shot, problems } = kit;

async function uploadAs(c: ApiClient, fileName: string, body: Buffer): Promise<number> {
  const res = await fetch(`${base}/files?name=${encodeURIComponent(fileName)}`, {
    method: 'POST',
    headers: { cookie: c.cookie(), origin: base, 'content-type': 'application/pdf', 'x-content-sha256': crypto.createHash('sha256').update(body).digest('hex') },
    body,
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { uploadId: number }).uploadId;
}

const CASES = {
  procurement: {
    name: `示范市教育局办公设备采购（磋商）-${RUN}`,
    input: { tradeType: 'procurement', method: 'consultation', budgetFen: 50_000_000, sections: [{ name: '包1 办公设备', ceilingFen: 48_000_000, securityFen: 500_000 }] },
    kind: 'tender',
    schedule: { noticePublishAt: '2026-05-06T09:00:00+08:00', docsIssueStart: '2026-05-07T09:00:00+08:00', docsIssueEnd: '2026-05-15T17:00:00+08:00', bidDeadline: '2026-05-20T09:30:00+08:00' },
  },
  land: {
    name: `示范市滨江地块国有建设用地使用权拍卖出让-${RUN}`,
    input: { tradeType: 'land', method: 'auction', sections: [{ name: '滨江A-01地块', startingPriceFen: 5_200_000_000, incrementFen: 50_000_000, securityFen: 1_040_000_000 }] },
    kind: 'land_sale',
    schedule: { noticePublishAt: '2026-05-06T09:00:00+08:00', auctionStart: '2026-05-27T09:30:00+08:00' },
  },
} as const;
const ids: Record<keyof typeof CASES, number> = { procurement: 0, land: 0 };

beforeAll(async () => {
  server = await startOwnServer({ name: 'words', fakeClockStart: T0 });
  base = server.base;
  await kit.launch();
  const t = await as('tenderee');
  const staff = await as('staff');
  for (const [key, c] of Object.entries(CASES) as [keyof typeof CASES, (typeof CASES)[keyof typeof CASES]][]) {
    const p = await t.trpc.project.create.mutate({ ...c.input, name: c.name, sections: c.input.sections.map((s) => ({ ...s })) });
    ids[key] = p.id;
    await t.trpc.project.saveSchedule.mutate({ projectId: p.id, schedule: { ...c.schedule }, expectedVersion: p.version });
    const doc = Buffer.from(`%PDF-1.4\n% ${c.name}\n%%EOF\n`);
    await t.trpc.document.add.mutate({ projectId: p.id, uploadId: await uploadAs(t, `${key}-文件.pdf`, doc), kind: 'tender' });
    const n = await t.trpc.notice.draft.mutate({ projectId: p.id, kind: c.kind, title: `${c.name}公告`, body: '公告正文：交易条件、资格要求与时间安排详见附件。' });
    await t.trpc.notice.submit.mutate({ noticeId: n.id });
    await staff.trpc.notice.publish.mutate({ noticeId: n.id });
  }
}, 300_000);

afterAll(async () => {
  await kit.close();
  await server?.stop();
});

const ENGINEERING = ['招标人', '投标人', '招标控制价', '最高投标限价', '投标保证金', '招标文件', '工期'];

/** The text of the facts and the tab bar (the words the page itself says, not the notice text). */
async function pageWords(page: Page): Promise<string> {
  const facts = (await page.getByTestId('project-facts').textContent()) ?? '';
  const tabs = (await page.getByRole('tablist').first().textContent()) ?? '';
  return `${facts} ${tabs}`;
}

describe('each trade speaks its own words on the project page', () => {
  it('procurement consultation, as the tenderee and as a supplier', async () => {
    const owner = await newPage();
    await signIn(owner, 'tenderee');
    await owner.goto(`${base}/workspace/tenderee/projects/${ids.procurement}`);
    await owner.getByTestId('project-facts').waitFor();
    let words = await pageWords(owner);
    for (const w of ['采购人', '采购预算（元）', '最高限价（元）', '响应保证金（元）', '响应文件提交截止时间', '采购文件', '获取采购文件情况', '响应文件开启']) expect(words).toContain(w);
    for (const w of ENGINEERING) expect(words, w).not.toContain(w);
    const schedule = (await owner.getByTestId('schedule-card').textContent()) ?? '';
    expect(schedule).toContain('响应文件提交截止时间');
    expect(schedule).not.toContain('投标截止时间');
    await shot(owner, 'procurement-owner');
    await expectAccessible(owner, 'procurement-owner');

    const bidder = await newPage();
    await signIn(bidder, 'bidder1');
    await bidder.goto(`${base}/workspace/bidder/projects/${ids.procurement}`);
    await bidder.getByTestId('project-facts').waitFor();
    words = await pageWords(bidder);
    for (const w of ['采购人', '采购文件', '获取采购文件与响应保证金', '我的响应文件']) expect(words).toContain(w);
    for (const w of ENGINEERING) expect(words, w).not.toContain(w);
    // The registration tab offers 获取采购文件 for the package.
    await bidder.getByRole('tab', { name: '获取采购文件与响应保证金' }).click();
    await bidder.getByRole('button', { name: /^获取采购文件/ }).first().waitFor();
    await shot(bidder, 'procurement-bidder');
    await expectAccessible(bidder, 'procurement-bidder');
  });

  it('land auction, as the grantor and as a land bidder', async () => {
    const owner = await newPage();
    await signIn(owner, 'tenderee');
    await owner.goto(`${base}/workspace/tenderee/projects/${ids.land}`);
    await owner.getByTestId('project-facts').waitFor();
    let words = await pageWords(owner);
    for (const w of ['出让人', '起始价（元）', '竞买保证金（元）', '出让文件', '竞买申请情况']) expect(words).toContain(w);
    for (const w of [...ENGINEERING, '预算']) expect(words, w).not.toContain(w);
    await shot(owner, 'land-owner');
    await expectAccessible(owner, 'land-owner');

    const bidder = await newPage();
    await signIn(bidder, 'bidder1');
    await bidder.goto(`${base}/workspace/bidder/projects/${ids.land}`);
    await bidder.getByTestId('project-facts').waitFor();
    words = await pageWords(bidder);
    for (const w of ['出让人', '出让文件', '竞买申请与竞买保证金', '我的竞买文件']) expect(words).toContain(w);
    for (const w of ENGINEERING) expect(words, w).not.toContain(w);
    await bidder.getByRole('tab', { name: '竞买申请与竞买保证金' }).click();
    await bidder.getByRole('button', { name: /^竞买申请/ }).first().waitFor();
    await shot(bidder, 'land-bidder');
    await expectAccessible(bidder, 'land-bidder');
  });

  it('no console or page errors', () => {
    // The bidder is not registered yet: the bid tab's registration query answers, nothing else fails.
    expect(problems.filter((p) => !/HTTP 4\d\d/.test(p))).toEqual([]);
  });
});
