/**
 * The audit log in words in Chromium (issue 19 §4, §3, §7) against the shared server with the demo seed:
 * staff filters by a project and an action (selects in words), opens an event's drawer, exports the
 * filtered view and reads the CSV; the table fits 1366 px without horizontal scrolling; axe-core on the
 * page and the open drawer; screenshots at 1366×768 and 1920×1080 in Chinese and English.
 *
 * Screenshots: /tmp/ebid-e2e/i19-c/audit-*.png.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { parseCsv } from '@ebid/testing';
import { BASE_URL, expectAccessible, launch, PASSWORD, SHOTS } from './harness.ts';

const DIR = `${SHOTS}/i19-c`;
let browser: Browser;
const problems: string[] = [];

async function staffPage(viewport: { width: number; height: number }, lang: 'zh' | 'en' = 'zh'): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
  await context.addInitScript(`localStorage.setItem('ebid.lang', '${lang}')`);
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.goto(`${BASE_URL}/login`);
  await page.locator('#username, input[autocomplete="username"]').first().fill('staff');
  await page.locator('input[type="password"]').first().fill(PASSWORD);
  await page.locator('button[type="submit"]').first().click();
  await page.waitForURL(/\/workspace\//);
  await page.goto(`${BASE_URL}/workspace/staff/audit`);
  await rows(page).first().waitFor();
  return page;
}

const rows = (page: Page) => page.getByTestId('audit-table').locator('tbody tr.ant-table-row');

/** Whether the table scrolls sideways (its scroll container wider than shown) — and the page itself. */
async function overflow(page: Page): Promise<{ table: [number, number]; page: [number, number] }> {
  // A string: the browser's DOM types are not in this (node) project's compilation.
  return page.evaluate(`(() => {
    const box = document.querySelector('[data-testid="audit-table"] .ant-table-content, [data-testid="audit-table"] .ant-table-body');
    return { table: [box.scrollWidth, box.clientWidth], page: [document.documentElement.scrollWidth, document.documentElement.clientWidth] };
  })()`);
}

async function pick(page: Page, testId: string, text: string): Promise<string> {
  await page.getByTestId(testId).click();
  await page.keyboard.type(text);
  const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text }).first();
  await option.waitFor();
  const label = (await option.textContent()) ?? '';
  await option.click();
  return label;
}


beforeAll(async () => {
  browser = await launch();
  fs.mkdirSync(DIR, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

describe('audit log (issue 19 §4)', () => {
  it('staff filters by project and action, opens the drawer, exports the filtered view; the table fits 1366 px; axe clean', async () => {
    const page = await staffPage({ width: 1366, height: 768 });
    await expectAccessible(page, 'audit log');
    // In words: no raw action codes or "user:38" in the table.
    const firstAction = (await rows(page).first().locator('td').nth(1).textContent()) ?? '';
    expect(firstAction).not.toMatch(/^[a-z_]+\.[a-z_.]+$/);
    expect(await page.getByTestId('audit-table').textContent()).not.toMatch(/\buser:\d+/);
    const o = await overflow(page);
    expect(o.table[0], 'the table scrolls sideways at 1366').toBeLessThanOrEqual(o.table[1]);
    expect(o.page[0], 'the page scrolls sideways at 1366').toBeLessThanOrEqual(o.page[1]);

    // A project of the demo (the newest one offered) and the action 创建项目.
    await page.getByTestId('audit-project-filter').click();
    const projectOption = page.locator('.ant-select-dropdown:visible .ant-select-item-option').nth(1);
    await projectOption.waitFor();
    const projectLabel = ((await projectOption.textContent()) ?? '').replace(/（[^（）]*）$/, '');
    await projectOption.click();
    await pick(page, 'audit-action-filter', '创建项目');
    await page.getByTestId('audit-search').click();
    await expect.poll(async () => (await rows(page).evaluateAll((rs) => rs.map((r) => r.getAttribute('data-action')))).join(',')).toBe('project.create');
    expect(await rows(page).first().getByTestId('audit-project-link').textContent()).toBe(projectLabel);
    expect(await rows(page).first().locator('td').nth(1).textContent()).toBe('创建项目');
    await page.screenshot({ path: `${DIR}/audit-filtered-zh-1366.png` });

    // The drawer: the details in words and raw.
    await rows(page).first().getByTestId('audit-open').click();
    const drawer = page.getByTestId('audit-detail');
    await drawer.waitFor();
    const detail = (await drawer.textContent()) ?? '';
    for (const s of ['project.create', '创建项目', projectLabel, '哈希']) expect(detail).toContain(s);
    await expectAccessible(page, 'audit drawer');
    await page.screenshot({ path: `${DIR}/audit-drawer-zh-1366.png` });
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });

    // Export the filtered view.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^审计日志-\d{12}\.csv$/);
    const bytes = fs.readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...lines] = parseCsv(bytes.subarray(3).toString('utf8'));
    expect(header!.slice(0, 6)).toEqual(['时间（北京时间）', '操作', '操作人', '单位', '项目', '对象']);
    expect(lines).toHaveLength(1);
    expect(lines[0]![1]).toBe('创建项目');
    expect(lines[0]![4]).toBe(projectLabel);
    expect(lines[0]![9]).toBe('project.create');
    expect(problems).toEqual([]);
  });

  it.each([
    ['zh', 1366, 768],
    ['zh', 1920, 1080],
    ['en', 1366, 768],
    ['en', 1920, 1080],
  ] as const)('%s at %i×%i: in words, fits, axe clean (screenshot)', async (lang, width, height) => {
    const page = await staffPage({ width, height }, lang);
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(lang === 'zh' ? 'zh-CN' : 'en');
    const o = await overflow(page);
    expect(o.table[0]).toBeLessThanOrEqual(o.table[1]);
    expect(o.page[0]).toBeLessThanOrEqual(o.page[1]);
    const actions = await rows(page).locator('td:nth-child(2)').allTextContents();
    expect(actions.length).toBeGreaterThan(0);
    if (lang === 'en') expect(actions.join(' ')).not.toMatch(/\p{Script=Han}/u);
    await expectAccessible(page, `audit log ${lang} ${width}`);
    await page.screenshot({ path: `${DIR}/audit-${lang}-${width}.png` });
    await rows(page).first().getByTestId('audit-open').click();
    await page.getByTestId('audit-detail').waitFor();
    await expectAccessible(page, `audit drawer ${lang} ${width}`);
    await page.screenshot({ path: `${DIR}/audit-drawer-${lang}-${width}.png` });
  });
});
