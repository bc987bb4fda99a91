/** Staff maintain the working-day calendar in Chromium (issue 4 §2, §8): list a year, add a day, delete it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { BASE_URL, launch, newPage, SHOTS, signIn } from './harness.ts';

let browser: Browser;
const problems: string[] = [];

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('节假日 (staff)', () => {
  it('lists the announced days of a year, adds a make-up working day and deletes it', async () => {
    const page = await newPage(browser, problems);
    await signIn(page, 'staff2');
    await page.goto(`${BASE_URL}/workspace/staff/holidays`);
    await expect.poll(() => page.getByRole('combobox', { name: '年份' }).count()).toBe(1);
    // The page opens on this year (2026 on this machine's date); its announced days are listed.
    await expect.poll(() => page.getByRole('cell', { name: /^(春节|国庆节|元旦|劳动节)$/ }).count()).toBeGreaterThan(3);

    await page.getByLabel('日期').click();
    await page.getByLabel('日期').fill('2026-12-26');
    await page.keyboard.press('Enter');
    await page.getByLabel('类型').click();
    await page.getByTitle('调休上班').click();
    await page.getByLabel('名称').fill('测试调休');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await expect.poll(() => page.getByRole('cell', { name: '测试调休' }).count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}/holidays.png`, fullPage: true });

    const row = page.getByRole('row', { name: /测试调休/ });
    await row.getByRole('button', { name: /删\s*除/ }).click();
    await page.getByRole('button', { name: /^(OK|确\s*定)$/ }).click();
    await expect.poll(() => page.getByRole('cell', { name: '测试调休' }).count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
