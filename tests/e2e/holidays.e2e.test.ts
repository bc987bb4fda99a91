/**
 * Staff maintain the working-day calendar in Chromium (issue 4 §2, issue 12 §1–2): a published year is
 * read-only; a year without a published schedule shows the provisional calendar built from the law; a
 * draft year is edited day by day and refused at publication when it lacks a statutory holiday. And the
 * platform-outage record refuses an outage that has not ended (issue 12 §8).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { BASE_URL, expectAccessible, launch, newPage, SHOTS, signIn } from './harness.ts';

let browser: Browser;
const problems: string[] = [];

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('节假日 (staff)', () => {
  it('a published year is read-only; the next year shows its provisional calendar; a draft lacking 春节 cannot be published', async () => {
    const page = await newPage(browser, problems);
    await signIn(page, 'staff2');
    await page.goto(`${BASE_URL}/workspace/staff/holidays`);
    // This year (2026 here) is published: its days are listed, nothing can be edited day by day.
    await expect.poll(() => page.getByTestId('year-status-published').count()).toBe(1);
    await expect.poll(() => page.getByRole('cell', { name: /^(春节|国庆节|元旦|劳动节)$/ }).count()).toBeGreaterThan(3);
    expect(await page.getByRole('button', { name: /删\s*除/ }).count()).toBe(0);
    expect(await page.getByTestId('holiday-correct').count()).toBe(1);

    // The next year has no published schedule: the provisional calendar from the law is shown, marked 暂定.
    const next = new Date().getFullYear() + 1;
    await page.getByRole('combobox', { name: '年份' }).click();
    await page.getByTitle(new RegExp(`^${next}`)).click();
    await expect.poll(() => page.getByTestId('holiday-provisional-note').count()).toBe(1);
    await expect.poll(() => page.getByTestId('holiday-provisional').getByText('法定节假日').count()).toBeGreaterThan(10);
    expect(await page.getByTestId('holiday-provisional').getByText('暂定').count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${SHOTS}/holidays-provisional.png`, fullPage: true });
    await expectAccessible(page, 'holidays-provisional');

    // A draft day, then an attempt to publish a year that lacks the statutory holidays: refused, listed.
    await page.getByLabel('日期').click();
    await page.getByLabel('日期').fill(`${next}-03-10`);
    await page.keyboard.press('Enter');
    await page.getByLabel('名称').fill('测试草稿');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await expect.poll(() => page.getByRole('cell', { name: '测试草稿' }).count()).toBe(1);
    await expect.poll(() => page.getByTestId('year-status-draft').count()).toBe(1);
    await page.getByTestId('holiday-publish').click();
    await page.getByRole('button', { name: '公布为正式安排' }).last().click();
    const err = page.getByTestId('holiday-publish-error');
    await expect.poll(() => err.count()).toBe(1);
    expect(await err.textContent()).toContain('缺少法定节假日：春节');
    expect(await page.getByTestId('error-code').first().textContent()).toBe('VALIDATION');
    expect(await page.getByTestId('year-status-draft').count()).toBe(1); // nothing was published
    await page.screenshot({ path: `${SHOTS}/holidays-refused.png`, fullPage: true });
    await expectAccessible(page, 'holidays-refused');

    const row = page.getByRole('row', { name: /测试草稿/ });
    await row.getByRole('button', { name: /删\s*除/ }).click();
    await page.getByRole('button', { name: /^(OK|确\s*定)$/ }).click();
    await expect.poll(() => page.getByRole('cell', { name: '测试草稿' }).count()).toBe(0);
    // The one 400 is the refused publication (the expected answer); nothing else went wrong on the page.
    expect(problems).toEqual(['Failed to load resource: the server responded with a status of 400 (Bad Request)']);
  });
});

describe('平台故障登记 (staff)', () => {
  it('refuses an outage that has not ended, with the reason; nothing is recorded', async () => {
    const page = await newPage(browser, []);
    await signIn(page, 'staff2');
    await page.goto(`${BASE_URL}/workspace/staff/outages`);
    await expect.poll(() => page.getByRole('heading', { name: '登记平台故障' }).count()).toBe(1);
    const d = new Date(Date.now() + 8 * 3600_000 + 2 * 86_400_000); // two days ahead, Beijing
    const day = d.toISOString().slice(0, 10);
    await page.getByTestId('outage-start').click();
    await page.getByTestId('outage-start').fill(`${day} 09:00`);
    await page.keyboard.press('Enter');
    await page.getByTestId('outage-end').click();
    await page.getByTestId('outage-end').fill(`${day} 10:00`);
    await page.keyboard.press('Enter');
    await page.getByLabel('故障情况').fill('投标文件上传服务不可用');
    await page.getByTestId('outage-record').click();
    await page.getByRole('button', { name: '确认登记' }).click();
    await expect.poll(() => page.getByTestId('app-error').count()).toBe(1);
    expect(await page.getByTestId('app-error').textContent()).toContain('故障结束时间不能晚于当前服务器时间');
    expect(await page.getByText('没有登记过平台故障').count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}/outage-refused.png`, fullPage: true });
    await expectAccessible(page, 'outage-refused');
  });
});
