/**
 * The web shell in Debian's Chromium against the real server (issue: web shell). The server is started
 * by the harness, which sets E2E_BASE_URL; nothing here is faked. Screenshots go to /tmp/ebid-e2e.
 *
 * The browser runs in America/New_York on purpose: the top-bar clock must still show Beijing time.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';
import { BASE_URL, CHROMIUM_ARGS, expectAccessible, PASSWORD, SHOTS } from './harness.ts';


interface ConsoleProblem {
  text: string;
  url: string;
}

let browser: Browser;
let context: BrowserContext;
let page: Page;
const problems: ConsoleProblem[] = [];
/** Content-Security-Policy violations reported by the pages (issue 13 §9.4). */
const cspViolations: { directive: string; blocked: string; source: string }[] = [];
const cspHeaders: string[] = [];

function url(path: string): string {
  return `${BASE_URL}${path}`;
}

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: `${SHOTS}/shell-${name}.png`, fullPage: true });
}

interface ServerTime {
  epochMs: number;
  fakeClock: boolean;
  acceleration: number;
}

/** The server's clock, read without the browser. */
async function serverTime(): Promise<ServerTime> {
  const res = await fetch(url('/trpc/system.time'));
  const body = (await res.json()) as { result: { data: ServerTime } };
  return body.result.data;
}

/** Seconds since Beijing midnight (UTC+8, no DST). */
function beijingSeconds(epochMs: number): number {
  const d = new Date(epochMs + 8 * 3600_000);
  return d.getUTCHours() * 3600 + d.getUTCMinutes() * 60 + d.getUTCSeconds();
}

function clockSeconds(text: string): number {
  const m = /北京时间 (\d{2}):(\d{2}):(\d{2})/.exec(text);
  if (!m) throw new Error(`no clock in ${JSON.stringify(text)}`);
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
}

async function signIn(username: string, password: string, how: 'click' | 'enter' = 'click'): Promise<void> {
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  if (how === 'enter') await page.getByLabel('密码', { exact: true }).press('Enter');
  else await page.getByRole('button', { name: /登\s*录/ }).click();
}

describe('web shell', () => {
  beforeAll(async () => {
    if (!BASE_URL) {
      throw new Error(
        'E2E_BASE_URL is not set: start the server (it serves apps/web/dist) and set E2E_BASE_URL, e.g. http://127.0.0.1:3999',
      );
    }
    fs.mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      locale: 'zh-CN',
      timezoneId: 'America/New_York',
    });
    // Every page reports CSP violations to the test (a binding survives navigations; init scripts are not
    // subject to the page's CSP), and the CSP of every document is kept.
    await context.exposeBinding('__reportCspViolation', (_source, v: { directive: string; blocked: string; source: string }) => {
      cspViolations.push(v);
    });
    await context.addInitScript({
      content: `document.addEventListener('securitypolicyviolation', (e) => {
        window.__reportCspViolation({ directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile + ':' + e.lineNumber });
      });`,
    });
    page = await context.newPage();
    page.on('response', (r) => {
      if (r.request().resourceType() === 'document') cspHeaders.push(r.headers()['content-security-policy'] ?? '');
    });
    page.setDefaultTimeout(15_000);
    page.on('console', (msg: ConsoleMessage) => {
      if (msg.type() === 'error') problems.push({ text: msg.text(), url: msg.location().url });
    });
    page.on('pageerror', (err) => problems.push({ text: `pageerror: ${err.message}`, url: page.url() }));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('shows the portal with the platform name and a ticking Beijing-time server clock', async () => {
    await page.goto(url('/'));
    await expect.poll(() => page.getByTestId('platform-name').textContent()).toContain('公共资源交易平台');
    const clock = page.getByTestId('server-clock');
    await expect.poll(() => clock.textContent(), { timeout: 10_000 }).toMatch(/北京时间 \d{2}:\d{2}:\d{2}/);
    // Beijing time although the browser is in New York (allow the display's 1 s steps and a slow CI)
    const shown = clockSeconds((await clock.textContent()) ?? '');
    const time = await serverTime();
    const server = beijingSeconds(time.epochMs);
    expect(Math.abs(((shown - server + 43200 + 86400) % 86400) - 43200)).toBeLessThanOrEqual(3);
    // a test clock or acceleration is announced in words
    expect(await page.getByTestId('clock-fake').count()).toBe(time.fakeClock ? 1 : 0);
    if (time.fakeClock) expect(await page.getByTestId('clock-fake').textContent()).toBe('测试时钟');
    expect(await page.getByTestId('clock-accel').count()).toBe(time.acceleration > 1 ? 1 : 0);
    const first = await clock.textContent();
    await expect.poll(() => clock.textContent(), { timeout: 5_000 }).not.toBe(first);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('交易公告');
    for (const trade of ['工程建设', '政府采购', '土地使用权', '产权交易']) {
      expect(await page.getByTestId('trade-type-filter').getByText(trade, { exact: true }).count()).toBe(1);
    }
    expect(await page.getByTestId('role-menu').count()).toBe(0);
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await shot('portal');
    await expectAccessible(page, 'portal');
  });

  it('is keyboard usable: the first Tab reaches the skip link, which moves focus to the content', async () => {
    await page.reload();
    await page.getByTestId('platform-name').waitFor();
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').textContent()).toBe('跳到主要内容');
    await page.keyboard.press('Enter');
    expect(await page.locator(':focus').getAttribute('id')).toBe('main-content');
  });

  it('refuses a wrong password with the message and the code UNAUTHORIZED', async () => {
    await page.getByTestId('login-link').click();
    await page.waitForURL(/\/login$/);
    await signIn('staff', 'not-the-password');
    const alert = page.getByTestId('app-error');
    await expect.poll(() => alert.textContent()).toContain('用户名或密码错误');
    expect(await page.getByTestId('error-code').textContent()).toBe('UNAUTHORIZED');
    await shot('login-error');
    await expectAccessible(page, 'login with its error');
  });

  it('signs staff in to the first menu item, with the role label 交易中心', async () => {
    await signIn('staff', PASSWORD);
    await page.waitForURL(/\/workspace\/staff\/notices$/);
    const menu = page.getByTestId('role-menu');
    for (const label of ['公告审核', '开标控制台', '专家抽取', '归档']) {
      await menu.getByText(label, { exact: true }).waitFor({ state: 'visible' });
    }
    await expect.poll(() => page.getByTestId('role-label').textContent()).toContain('交易中心');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('公告审核');
    await expect.poll(() => page.getByText('待审核公告', { exact: true }).count()).toBe(1);
    await menu.getByText('开标控制台', { exact: true }).click();
    await page.waitForURL(/\/workspace\/staff\/opening$/);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('开标控制台');
    await expect.poll(() => menu.locator('a[aria-current="page"]').textContent()).toBe('开标控制台');
    await page.mouse.move(900, 600); // no hover highlight in the picture
    await page.waitForTimeout(400); // antd's selection transition
    await shot('staff');
    await expectAccessible(page, 'staff opening console list');
  });

  it('switches to English and back', async () => {
    await page.getByTestId('lang-switch').getByText('English', { exact: true }).click();
    await expect.poll(() => page.getByTestId('role-label').textContent()).toContain('Center staff');
    await page.getByTestId('role-menu').getByText('Notice review', { exact: true }).waitFor({ state: 'visible' });
    expect(await page.getByTestId('server-clock').textContent()).toMatch(/Beijing time \d{2}:\d{2}:\d{2}/);
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
    await shot('staff-en');
    await expectAccessible(page, 'staff notice review in English');
    // the choice survives a reload
    await page.reload();
    await expect.poll(() => page.getByTestId('role-label').textContent()).toContain('Center staff');
    await page.getByTestId('lang-switch').getByText('中文', { exact: true }).click();
    await expect.poll(() => page.getByTestId('role-label').textContent()).toContain('交易中心');
  });

  it('signs out through the user menu', async () => {
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: /退出登录/ }).click();
    await page.waitForURL(/\/login$/);
    await page.goto(url('/workspace/staff/notices'));
    await page.waitForURL(/\/login$/);
  });

  it('signs bidder1 in to the bidder menu, and deep links survive a reload', async () => {
    await signIn('bidder1', PASSWORD, 'enter');
    await page.waitForURL(/\/workspace\/bidder\/certificate$/);
    const menu = page.getByTestId('role-menu');
    for (const label of ['我的证书', '我的投标', '开标大厅', '竞价大厅']) {
      await menu.getByText(label, { exact: true }).waitFor({ state: 'visible' });
    }
    expect(await menu.getByText('公告审核', { exact: true }).count()).toBe(0);
    await expect.poll(() => page.getByTestId('role-label').textContent()).toContain('投标人');
    await page.goto(url('/workspace/bidder/bids'));
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('我的投标');
    await shot('bidder');
    await expectAccessible(page, 'bidder my bids');
  });

  it('shows system.info and an open live connection on the status page', async () => {
    await page.getByRole('link', { name: '查看系统状态' }).click();
    await page.waitForURL(/\/about$/);
    const info = page.getByTestId('system-info');
    await expect.poll(() => info.textContent()).toMatch(/embedded|production/);
    expect(await info.textContent()).toMatch(/pglite|postgres/);
    await expect.poll(() => page.getByTestId('live-state').getAttribute('data-state'), { timeout: 15_000 }).toBe('connected');
    expect(await page.getByTestId('live-state').textContent()).toContain('已连接');
    await shot('about');
    await expectAccessible(page, 'about');
  });

  it('ran under the Content-Security-Policy without a single violation (issue 13 §9.4)', () => {
    expect(cspHeaders.length).toBeGreaterThan(0);
    for (const h of cspHeaders) {
      expect(h).toContain("script-src 'self' 'wasm-unsafe-eval'");
      expect(h).toContain("frame-ancestors 'none'");
    }
    expect(cspViolations).toEqual([]);
    expect(problems.filter((p) => /Content Security Policy/i.test(p.text))).toEqual([]);
  });

  it('logged no console errors except the refused sign-in', () => {
    // Chromium logs every 4xx response; the wrong password above is expected to be one 401.
    const unexpected = problems.filter(
      (p) => !(p.url.includes('/trpc/auth.login') && /status of 401/.test(p.text)),
    );
    expect(unexpected).toEqual([]);
  });
});
