/**
 * Shared e2e harness for new browser tests: Debian chromium through playwright-core, the base URL from
 * the global setup, console errors collected.
 */
import fs from 'node:fs';
import { inject } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';

export const BASE_URL = (process.env.E2E_BASE_URL || (inject('e2eBaseUrl') as string | undefined))?.replace(/\/+$/, '');
export const SHOTS = '/tmp/ebid-e2e';
export const PASSWORD = 'Demo#2026';
/** Debian chromium as root, headless, with no background network (stack.md gotcha 16). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-quic',
  '--no-first-run',
  '--disable-sync',
];

export async function launch(): Promise<Browser> {
  if (!BASE_URL) throw new Error('E2E_BASE_URL is not set: run the e2e tests with `npm test`.');
  fs.mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
}

export async function newPage(browser: Browser, problems: string[]): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  return page;
}

export async function signIn(page: Page, username: string): Promise<void> {
  await page.goto(`${BASE_URL}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: /^登\s*录$/ }).click();
  await page.waitForURL(/\/workspace\//);
}
