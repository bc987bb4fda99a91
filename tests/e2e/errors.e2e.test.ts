/**
 * Errors in the user's words, in Chromium against the real server (issue 19 §6):
 * - a failed sign-in, typed with the keyboard alone, moves the focus to the error (role="alert");
 * - a lost connection (the browser offline) shows a banner that says what to do, announced, and gone once
 *   the server answers again;
 * - a page or a project that does not exist offers the way home and back, never 重试.
 * Each state is checked with axe-core; the login error and the offline banner are photographed at
 * 1366×768 and 1920×1080 in Chinese and English (/tmp/ebid-e2e/i19-f/).
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { BASE_URL, expectAccessible, launch, signIn, SHOTS } from './harness.ts';

const DIR = `${SHOTS}/i19-f`;
const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;
const LANGS = ['zh', 'en'] as const;
type Lang = (typeof LANGS)[number];

const WORDS = {
  zh: { username: '用户名', password: '密码', failed: '登录失败', banner: '与服务器的连接已中断，正在重试…', whatToDo: '请检查网络；已填写的内容不会丢失。', reconnect: /重新连接/ },
  en: { username: 'Username', password: 'Password', failed: 'Sign-in failed', banner: 'The connection to the server was lost. Retrying…', whatToDo: 'Check your network; what you have entered is not lost.', reconnect: /Reconnect/ },
} as const;

let browser: Browser;
const contexts: BrowserContext[] = [];

async function pageIn(lang: Lang, size: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport: size, locale: lang === 'zh' ? 'zh-CN' : 'en-US', timezoneId: 'Asia/Shanghai' });
  contexts.push(context);
  await context.addInitScript({ content: `localStorage.setItem('ebid.lang', ${JSON.stringify(lang)});` });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  return page;
}

/** What has the keyboard focus: its role, test id and text. */
function focused(page: Page): Promise<{ role: string | null; testid: string | null; text: string }> {
  // A string, evaluated in the page (the tests package has no DOM types).
  return page.evaluate<{ role: string | null; testid: string | null; text: string }>(`(() => {
    const el = document.activeElement;
    return { role: el ? el.getAttribute('role') : null, testid: el ? el.getAttribute('data-testid') : null, text: el ? el.textContent || '' : '' };
  })()`);
}

beforeAll(async () => {
  browser = await launch();
  fs.mkdirSync(DIR, { recursive: true });
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
});

describe('a failed sign-in moves the focus to the error; a lost connection says what to do (issue 19 §6)', () => {
  for (const lang of LANGS) {
    for (const size of SIZES) {
      it(`${lang} ${size.width}×${size.height}`, async () => {
        const page = await pageIn(lang, size);
        const w = WORDS[lang];
        await page.goto(`${BASE_URL}/login`);
        const username = page.getByLabel(w.username, { exact: true });
        await username.waitFor();
        await expectAccessible(page, `login (${lang})`);

        // Keyboard only: the username field has the focus on arrival; type, Tab to the password, Enter.
        await expect.poll(() => page.evaluate<string | null>(`document.activeElement ? document.activeElement.getAttribute('autocomplete') : null`)).toBe('username');
        await page.keyboard.type(`nobody-${lang}-${size.width}`);
        await page.keyboard.press('Tab');
        await page.keyboard.type('Wrong#Password1');
        await page.keyboard.press('Enter');

        const error = page.getByTestId('app-error');
        await error.waitFor({ state: 'visible' });
        await expect.poll(async () => (await focused(page)).role).toBe('alert');
        const f = await focused(page);
        expect(f.testid).toBe('app-error');
        expect(f.text).toContain(w.failed);
        expect(await error.getAttribute('tabindex')).toBe('-1');
        await expectAccessible(page, `login error (${lang})`);
        await page.screenshot({ path: `${DIR}/login-error-${lang}-${size.width}x${size.height}.png` });

        // The network goes away: the banner appears, announced, with what to do and 重新连接.
        await page.context().setOffline(true);
        const banner = page.getByTestId('connection-banner');
        await banner.waitFor({ state: 'visible' });
        const alert = banner.getByRole('alert');
        expect(await alert.textContent()).toContain(w.banner);
        expect(await alert.textContent()).toContain(w.whatToDo);
        expect(await banner.getByRole('button', { name: w.reconnect }).isVisible()).toBe(true);
        await expectAccessible(page, `offline banner (${lang})`);
        await page.screenshot({ path: `${DIR}/offline-${lang}-${size.width}x${size.height}.png` });

        // What was typed is still there; the network comes back and the server answers: the banner goes.
        expect(await username.inputValue()).toBe(`nobody-${lang}-${size.width}`);
        await page.context().setOffline(false);
        await banner.waitFor({ state: 'detached' });
        await expectAccessible(page, `back online (${lang})`);
      });
    }
  }

  it('the server stops answering (requests fail without a response): the banner comes, 重新连接 brings it back', async () => {
    const page = await pageIn('zh', SIZES[0]);
    await page.goto(`${BASE_URL}/login`);
    await page.getByLabel('用户名', { exact: true }).waitFor();
    // Every API request fails at the network level, as when the server is down; the page stays loaded.
    await page.route('**/trpc/**', (route) => route.abort('connectionrefused'));
    await page.getByLabel('用户名', { exact: true }).fill('nobody-down');
    await page.getByLabel('密码', { exact: true }).fill('Wrong#Password1');
    await page.keyboard.press('Enter');
    const banner = page.getByTestId('connection-banner');
    await banner.waitFor({ state: 'visible' });
    expect(await banner.textContent()).toContain('与服务器的连接已中断，正在重试…');
    // The sign-in's own error is a network failure: it may offer 重试, and the code says UNAVAILABLE.
    expect(await page.getByTestId('error-code').textContent()).toBe('UNAVAILABLE');
    await expectAccessible(page, 'server down');
    await page.unroute('**/trpc/**');
    await banner.getByRole('button', { name: /重新连接/ }).click();
    await banner.waitFor({ state: 'detached' });
  });
});

describe('not found: the way home and back, never 重试 (issue 19 §6)', () => {
  it('a public address that does not exist', async () => {
    const page = await pageIn('zh', SIZES[0]);
    await page.goto(`${BASE_URL}/login`);
    await page.goto(`${BASE_URL}/no-such-page`);
    await page.getByRole('heading', { level: 1, name: '页面不存在' }).waitFor();
    expect(await page.getByRole('button', { name: /重\s*试/ }).count()).toBe(0);
    expect(await page.getByTestId('not-found-home').textContent()).toBe('返回首页');
    await expectAccessible(page, 'not found');
    await page.screenshot({ path: `${DIR}/not-found-zh-1366x768.png` });
    await page.getByTestId('not-found-back').click();
    await page.waitForURL(/\/login$/);
  });

  it('a project that does not exist, signed in', async () => {
    const page = await pageIn('zh', SIZES[0]);
    await signIn(page, 'tenderee');
    await page.goto(`${BASE_URL}/workspace/tenderee/projects/987654321`);
    const error = page.getByTestId('app-error');
    await error.waitFor({ state: 'visible' });
    expect(await page.getByTestId('error-code').textContent()).toBe('NOT_FOUND');
    expect(await page.getByRole('button', { name: /重\s*试/ }).count()).toBe(0);
    await expectAccessible(page, 'project not found');
  });
});
