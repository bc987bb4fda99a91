/**
 * Status at a glance (issue 19 §2) and the English Steps bar (§5), in Chromium on a demo server of its own
 * (the test terminates a project, whose 终止公告 would show on the shared server's portal):
 * - the computed colours of status tags and steps of one family are identical on the project list, the
 *   project page's Steps bar and the bids list — and two families never share a colour;
 * - in English at 1366 px no step title breaks inside a word (each word on one line, nothing cut, no
 *   hyphenation), on every demo project and a terminated one;
 * - every page visited passes axe-core (WCAG 2.1 A/AA, no serious or critical violation, §7).
 * Screenshots zh/en × 1366/1920: /tmp/ebid-e2e/i19-b/.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { addTestDocumentAs } from '@ebid/testing';
import { apiAs, expectAccessible, launch, SHOTS, startOwnServer, type OwnServer } from './harness.ts';

const OUT = `${SHOTS}/i19-b`;
const DAY = 86_400_000;

let server: OwnServer | undefined;
let base = '';
let browser: Browser;
/** The project the test terminates (the demo has no failed or terminated project). */
let terminatedId: number;

/** A Beijing date `days` after `fromMs`, moved off the weekend, at `hhmm`. */
function beijingWeekday(fromMs: number, days: number, hhmm: string): string {
  let d = new Date(fromMs + days * DAY + 8 * 3600_000);
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d = new Date(d.getTime() + DAY);
  return `${d.toISOString().slice(0, 10)}T${hhmm}:00+08:00`;
}

async function pageAs(username: string, lang: 'zh' | 'en', width = 1366): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: width > 1400 ? 1080 : 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  await page.goto(`${base}/login`);
  await page.evaluate(`localStorage.setItem('ebid.lang', '${lang}')`);
  await page.goto(`${base}/login`);
  await page.locator('#username').fill(username);
  await page.locator('input[type=password]').fill('Demo#2026');
  await page.locator('button[type=submit]').click();
  await page.waitForURL(/\/workspace\//);
  return page;
}

interface Painted {
  where: string;
  family: string;
  color: string;
  background: string;
}

/** Each status tag's family and computed colours. */
async function tagColours(page: Page, where: string): Promise<Painted[]> {
  return page.$$eval('.ebid-status[data-family]', (els, w) =>
    els.map((el) => {
      const s = el.ownerDocument.defaultView!.getComputedStyle(el);
      return { where: `${w} tag «${el.textContent?.trim()}»`, family: el.getAttribute('data-family') ?? '', color: s.color, background: s.backgroundColor };
    }), where);
}

/** Each step's family and its icon's computed colours (a stop's icon is drawn without a disc: no background). */
async function stepColours(page: Page, where: string): Promise<Painted[]> {
  return page.$$eval('[data-testid=project-steps] .ebid-step', (els, w) =>
    els.map((el) => {
      const icon = el.querySelector('.ant-steps-item-icon')!;
      const s = icon.ownerDocument.defaultView!.getComputedStyle(icon);
      return {
        where: `${w} step «${el.querySelector('.ant-steps-item-title')?.textContent ?? ''}»`,
        family: /ebid-family-(\w+)/.exec(el.className)?.[1] ?? '',
        color: s.color,
        background: el.classList.contains('ant-steps-item-error') || el.classList.contains('ant-steps-item-custom') ? '' : s.backgroundColor,
      };
    }), where);
}

/** Every project link of the list on the page. */
async function projectLinks(page: Page): Promise<string[]> {
  await page.locator('[data-testid=project-table] .ant-table-row').first().waitFor();
  return page.$$eval('[data-testid=project-table] a[data-testid=project-link]', (as) => [...new Set(as.map((a) => a.getAttribute('href') ?? ''))]);
}

/**
 * The step titles that break a word or overflow: for each Latin word of each title (a hyphen may end a
 * line, Chinese may wrap between characters), a Range over it must lie on one line (its client rects share
 * one top); the title must not be wider than its box and must not hyphenate.
 */
async function brokenTitles(page: Page): Promise<string[]> {
  return page.$$eval('[data-testid=project-steps] .ant-steps-item-title', (els) => {
    const bad: string[] = [];
    for (const el of els) {
      const s = el.ownerDocument.defaultView!.getComputedStyle(el);
      if (s.hyphens === 'auto') bad.push(`${el.textContent}: hyphens auto`);
      if (el.scrollWidth > el.clientWidth + 1) bad.push(`${el.textContent}: ${el.scrollWidth} px in ${el.clientWidth} px`);
      const text = el.firstChild;
      if (!text || text.nodeType !== 3 /* a text node */) continue;
      const value = text.textContent ?? '';
      for (const m of value.matchAll(/[A-Za-z0-9'’.()]+/g)) {
        const r = el.ownerDocument.createRange();
        r.setStart(text, m.index);
        r.setEnd(text, m.index + m[0].length);
        const tops = new Set([...r.getClientRects()].filter((x) => x.width > 0).map((x) => Math.round(x.top)));
        if (tops.size > 1) bad.push(`${value}: «${m[0]}» broken over ${tops.size} lines`);
      }
    }
    return bad;
  });
}

beforeAll(async () => {
  fs.mkdirSync(OUT, { recursive: true });
  server = await startOwnServer({ name: 'i19b', fakeClockStart: '2026-09-01T09:00:00+08:00' });
  base = server.base;
  browser = await launch();
  // A terminated project (tenderee → notice under review → terminated with a reason): the failed family.
  const tenderee = await apiAs(base, 'tenderee');
  const now = (await tenderee.trpc.system.time.query()).epochMs;
  const p = await tenderee.trpc.project.create.mutate({
    tradeType: 'engineering',
    method: 'open',
    prequalification: false,
    name: '示范市状态颜色验证工程（终止）',
    budgetFen: 500_000_000,
    sections: [{ name: '施工总承包', ceilingFen: 480_000_000 }],
  });
  const start = beijingWeekday(now, 3, '09:30');
  await tenderee.trpc.project.saveSchedule.mutate({
    projectId: p.id,
    expectedVersion: p.version,
    schedule: {
      noticePublishAt: start,
      docsIssueStart: start,
      docsIssueEnd: beijingWeekday(now, 17, '17:00'),
      bidDeadline: beijingWeekday(now, 45, '09:30'),
      openingAt: beijingWeekday(now, 45, '09:30'),
    },
  });
  await addTestDocumentAs(tenderee, p.id);
  const n = await tenderee.trpc.notice.draft.mutate({ projectId: p.id, kind: 'tender', title: '示范市状态颜色验证工程招标公告', body: '一、招标条件\n\n本项目用于验证状态颜色。' });
  await tenderee.trpc.notice.submit.mutate({ noticeId: n.id });
  await tenderee.trpc.project.terminate.mutate({ projectId: p.id, reason: '规划调整，项目取消（状态颜色验证）' });
  terminatedId = p.id;
}, 400_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('status at a glance: one family, one colour, everywhere (issue 19 §2)', () => {
  it('tags and steps of a family have identical computed colours on the project list, the project page and the bids list; families differ', { timeout: 300_000 }, async () => {
    const painted: Painted[] = [];

    // the center's project list: 投标中 / 已发布 (open), 开标 / 评标 (in progress), 终止 (failed)
    const staff = await pageAs('staff', 'zh');
    await staff.goto(`${base}/workspace/staff/projects`);
    const links = await projectLinks(staff);
    await staff.locator(`[data-testid=project-table] a[href$="/projects/${terminatedId}"]`).waitFor();
    await expectAccessible(staff, 'project list (staff)');
    painted.push(...(await tagColours(staff, 'project list')));

    // project pages: a project in bidding (open at its current step), under evaluation (in progress), terminated (failed)
    const statusOf = async (href: string) => {
      await staff.goto(`${base}${href}`);
      await staff.getByTestId('project-steps').waitFor();
      return (await staff.getByTestId('project-status').first().getAttribute('data-family')) ?? '';
    };
    const seen = new Set<string>();
    for (const href of [...links, `/workspace/staff/projects/${terminatedId}`]) {
      const family = await statusOf(href);
      if (seen.has(family)) continue;
      seen.add(family);
      await expectAccessible(staff, `project page ${href}`);
      painted.push(...(await tagColours(staff, href)), ...(await stepColours(staff, href)));
    }
    expect([...seen].sort()).toEqual(expect.arrayContaining(['failed', 'open', 'progress']));

    // the bidder's bids list: the project 投标中 (open) and its bid 有效（当前版本） (done)
    const bidder = await pageAs('bidder1', 'zh');
    await bidder.goto(`${base}/workspace/bidder/bids`);
    await bidder.locator('.ebid-status[data-family=done]').first().waitFor();
    await expectAccessible(bidder, 'bids list (bidder1)');
    painted.push(...(await tagColours(bidder, 'bids list')));

    const byFamily = new Map<string, Painted[]>();
    for (const p of painted) byFamily.set(p.family, [...(byFamily.get(p.family) ?? []), p]);
    // each family is seen on more than one kind of element, and all its elements wear the same colours
    for (const family of ['open', 'done', 'failed', 'progress']) {
      const all = byFamily.get(family) ?? [];
      expect(all.some((p) => p.where.includes(' tag ')), `${family}: a tag`).toBe(true);
      expect(all.some((p) => p.where.includes(' step ')), `${family}: a step`).toBe(true);
    }
    expect(byFamily.get('open')!.some((p) => p.where.startsWith('bids list'))).toBe(true);
    expect(byFamily.get('done')!.some((p) => p.where.startsWith('bids list'))).toBe(true);
    for (const [family, all] of byFamily) {
      const colours = new Set(all.map((p) => p.color));
      expect([...colours], `${family}: ${all.map((p) => `${p.where} ${p.color}`).join('; ')}`).toHaveLength(1);
      const backgrounds = new Set(all.map((p) => p.background).filter(Boolean));
      expect([...backgrounds], `${family}: ${all.map((p) => `${p.where} ${p.background}`).join('; ')}`).toHaveLength(1);
    }
    const textColours = [...byFamily.values()].map((all) => all[0]!.color);
    expect(new Set(textColours).size).toBe(byFamily.size);

    await staff.context().close();
    await bidder.context().close();
  });
});

describe('the English Steps bar breaks no word at 1366 px (issue 19 §5)', () => {
  it('every demo project and a terminated one: each step title keeps its words whole, nothing cut, no hyphenation', { timeout: 300_000 }, async () => {
    const page = await pageAs('staff', 'en');
    await page.goto(`${base}/workspace/staff/projects`);
    const links = await projectLinks(page);
    expect(links.length).toBeGreaterThanOrEqual(10);
    const problems: string[] = [];
    let checked = 0;
    for (const href of links) {
      await page.goto(`${base}${href}`);
      await page.getByTestId('project-steps').waitFor();
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
      const titles = await page.$$eval('[data-testid=project-steps] .ant-steps-item-title', (els) => els.map((e) => e.textContent ?? ''));
      expect(titles.every((x) => !/[\u4e00-\u9fff]/.test(x)), `${href}: ${titles.join(' | ')}`).toBe(true);
      checked += titles.length;
      problems.push(...(await brokenTitles(page)).map((b) => `${href}: ${b}`));
    }
    await expectAccessible(page, 'project page (English)');
    expect(checked).toBeGreaterThan(50);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('screenshots: the list and the project pages in Chinese and English at 1366 and 1920 px', { timeout: 300_000 }, async () => {
    for (const lang of ['zh', 'en'] as const) {
      for (const width of [1366, 1920]) {
        const page = await pageAs('staff', lang, width);
        await page.goto(`${base}/workspace/staff/projects`);
        const links = await projectLinks(page);
        await page.screenshot({ path: `${OUT}/list-${lang}-${width}.png`, fullPage: true });
        // the longest bar (prequalification, 13 steps), a project in bidding, the terminated one
        expect(links.length).toBeGreaterThan(1);
        const prequal = (await page.locator('[data-testid=project-link]', { hasText: '资格预审' }).first().getAttribute('href')) ?? '';
        for (const [name, href] of [['prequal', prequal], ['terminated', `/workspace/staff/projects/${terminatedId}`]] as const) {
          await page.goto(`${base}${href}`);
          await page.getByTestId('project-steps').waitFor();
          expect(await brokenTitles(page), `${lang} ${width} ${href}`).toEqual([]);
          await expectAccessible(page, `${name} ${lang} ${width}`);
          await page.screenshot({ path: `${OUT}/project-${name}-${lang}-${width}.png`, clip: { x: 0, y: 0, width, height: 520 } });
        }
        await page.context().close();
      }
    }
    expect(fs.readdirSync(OUT).filter((f) => f.endsWith('.png')).length).toBeGreaterThanOrEqual(12);
  });
});
