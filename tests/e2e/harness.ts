/**
 * Shared e2e harness for new browser tests: Debian chromium through playwright-core, the base URL from
 * the global setup, console errors collected.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { inject } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createTestClient, startServerProcess, testEnv, withDatabase, type ServerProcess } from '@ebid/testing';

export const BASE_URL = (process.env.E2E_BASE_URL || (inject('e2eBaseUrl') as string | undefined))?.replace(/\/+$/, '');
/** The shared server's DATA_DIR (E2E_DATA_DIR when it was started by hand): its mailbox is DATA_DIR/mail. */
export const DATA_DIR = process.env.E2E_DATA_DIR || (inject('e2eDataDir') as string | undefined) || '';
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

/**
 * A server of the test's own — fresh database, bucket and DATA_DIR, demo data, and the fake clock from
 * `fakeClockStart` — for browser tests that move the clock (which would disturb the shared server).
 */
export interface OwnServer {
  base: string;
  dataDir: string;
  /** The server's own database (e.g. to postpone a job). */
  databaseUrl: string;
  stop(): Promise<void>;
}

export async function startOwnServer(opts: {
  name: string;
  /** The fake clock's start; null: the real system clock (e.g. against a loopback NTP responder, issue 20 §5). */
  fakeClockStart: string | null;
  /** More environment for the server (e.g. NTP_SERVERS). */
  env?: Record<string, string>;
}): Promise<OwnServer> {
  const env = testEnv();
  const dbName = `ebid_e2e_${opts.name}_${crypto.randomBytes(4).toString('hex')}`;
  const admin = postgres(env.databaseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${dbName}`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `ebid-e2e-${opts.name}-`));
  const databaseUrl = withDatabase(env.databaseUrl, dbName);
  let server: ServerProcess | undefined;
  try {
    server = await startServerProcess({
      env: {
        DATABASE_URL: databaseUrl,
        S3_ENDPOINT: env.s3.endPoint,
        S3_ACCESS_KEY: env.s3.accessKey,
        S3_SECRET_KEY: env.s3.secretKey,
        S3_BUCKET: `e2e-${opts.name}-${crypto.randomBytes(4).toString('hex')}`,
        SEED_DEMO: '1',
        DATA_DIR: dataDir,
        ...(opts.fakeClockStart === null ? {} : { EBID_FAKE_CLOCK: '1', EBID_FAKE_CLOCK_START: opts.fakeClockStart }),
        HOST: '127.0.0.1',
        ...opts.env,
      },
      timeoutMs: 180_000,
    });
  } catch (e) {
    await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    await admin.end();
    throw e;
  }
  const started = server;
  return {
    base: started.url.replace(/\/+$/, ''),
    dataDir,
    databaseUrl,
    async stop() {
      await started.stop('SIGTERM');
      await admin.unsafe(`drop database if exists ${dbName} with (force)`);
      await admin.end();
    },
  };
}

export type ApiClient = ReturnType<typeof createTestClient>;

/** A signed-in API client (HTTP, its own cookie) of the server at `base`. */
export async function apiAs(base: string, username: string): Promise<ApiClient> {
  const c = createTestClient(base);
  await c.trpc.auth.login.mutate({ username, password: PASSWORD });
  return c;
}

/** Move the fake clock of the server at `base` (test servers only; center staff may move it). */
export async function setServerClock(base: string, iso: string): Promise<void> {
  await (await apiAs(base, 'staff')).trpc.system.setFakeClock.mutate({ iso });
}

/** A page that records console errors, page errors and HTTP ≥ 400 responses into `problems`. */
export async function recordingPage(browser: Browser, problems: string[], opts: { timeoutMs?: number } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(opts.timeoutMs ?? 20_000);
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.request().method()} ${r.url()}`);
  });
  return page;
}

/** Password sign-in on the server at `base`. */
export async function signInAt(page: Page, base: string, username: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: /^登\s*录$/ }).click();
  await page.waitForURL(/\/workspace\//);
}

/**
 * The per-file helpers of a browser test against a server of its own (`base()` read at each call, as the
 * server starts in beforeAll): API clients, the clock, recording pages (closed by `close`), password
 * sign-in and screenshots `${SHOTS}/${shotPrefix}-<name>.png`.
 */
export function ownServerKit(opts: { base: () => string; shotPrefix: string; timeoutMs?: number }) {
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];
  return {
    /** Console errors, page errors and HTTP ≥ 400 responses of every page. */
    problems,
    async launch(): Promise<void> {
      browser = await launch();
    },
    as: (username: string): Promise<ApiClient> => apiAs(opts.base(), username),
    setClock: (iso: string): Promise<void> => setServerClock(opts.base(), iso),
    async newPage(): Promise<Page> {
      if (!browser) throw new Error('launch() the browser first');
      const page = await recordingPage(browser, problems, opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs });
      contexts.push(page.context());
      return page;
    },
    signIn: (page: Page, username: string): Promise<void> => signInAt(page, opts.base(), username),
    async shot(page: Page, name: string): Promise<void> {
      await page.screenshot({ path: `${SHOTS}/${opts.shotPrefix}-${name}.png`, fullPage: true });
    },
    async close(): Promise<void> {
      for (const c of contexts) await c.close().catch(() => {});
      await browser?.close();
    },
  };
}

/** Decode one MIME text body as nodemailer writes it (quoted-printable or base64). */
function decodeBody(headers: string, body: string): string {
  if (/content-transfer-encoding:\s*base64/i.test(headers)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/content-transfer-encoding:\s*quoted-printable/i.test(headers)) {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

/**
 * The text of the newest e-mail to `to` in the development mailbox (MAIL_DIR = DATA_DIR/mail), not among
 * `since` (file names sort by outbox id) and matching `containing`; waits for the mail job to deliver it.
 */
export async function latestMailTo(dataDir: string, to: string, opts: { since?: string[]; containing?: RegExp; timeoutMs?: number } = {}): Promise<{ file: string; text: string }> {
  const since = opts.since ?? [];
  if (!dataDir) throw new Error('The server\'s DATA_DIR is unknown: set E2E_DATA_DIR when E2E_BASE_URL points to a server started by hand.');
  const dir = path.join(dataDir, 'mail');
  const until = Date.now() + (opts.timeoutMs ?? 15_000);
  for (;;) {
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.eml') && !since.includes(f)).sort().reverse() : [];
    for (const f of files) {
      const raw = fs.readFileSync(path.join(dir, f), 'utf8');
      const cut = raw.search(/\r?\n\r?\n/);
      const headers = raw.slice(0, cut);
      if (!new RegExp(`^To:.*${to.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'mi').test(headers)) continue;
      const text = decodeBody(headers, raw.slice(cut).trim());
      if (opts.containing && !opts.containing.test(text)) continue;
      return { file: f, text };
    }
    if (Date.now() > until) throw new Error(`no e-mail to ${to} in ${dir}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The mailbox's file names now (to wait for a newer one). */
export function mailboxFiles(dataDir: string): string[] {
  const dir = path.join(dataDir, 'mail');
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
}

/** The axe-core rule sets the platform holds itself to: WCAG 2.1 A and AA (issue 19 §7). */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface A11yViolation {
  id: string;
  impact: string;
  help: string;
  /** CSS targets of the offending nodes (at most five). */
  nodes: string[];
}

/**
 * Waits (up to `timeout` ms, then goes on) until nothing on the page matches `selector`. Polled through
 * locators, NOT `page.waitForFunction(string)`: a string predicate is evaluated in the page, which the
 * platform's CSP (no 'unsafe-eval') refuses — the wait then silently did not wait, and the refusal surfaced
 * as a pageerror.
 */
export async function untilGone(page: Page, selector: string, timeout: number): Promise<void> {
  const end = Date.now() + timeout;
  while ((await page.locator(selector).count()) > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
}

/**
 * Waits (up to `timeout` ms) until no finite animation or transition is running: a modal or drawer fading in
 * is drawn at partial opacity, and axe would judge its text against the half-faded background. (A string
 * passed to page.evaluate runs through the DevTools protocol, which the page's CSP does not govern.)
 */
export async function untilStill(page: Page, timeout: number): Promise<void> {
  const running = `document.getAnimations().filter((a) => a.playState === 'running' && Number.isFinite(a.effect?.getComputedTiming().endTime)).length`;
  const end = Date.now() + timeout;
  while (((await page.evaluate(running)) as number) > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
}

/**
 * axe-core's serious and critical violations on the page as it is now (issue 19 §7); `within` (a CSS
 * selector) limits the check to that part, e.g. the tab panel just opened on a page already checked.
 */
export async function seriousViolations(page: Page, opts: { within?: string } = {}): Promise<A11yViolation[]> {
  // A list or table still loading is drawn faded under antd's spinner (half opacity): wait for it to settle so
  // axe judges the page as the user reads it, not a frame of the refetch.
  await untilGone(page, '.ant-spin-blur, .ant-spin-spinning', 10_000);
  await untilStill(page, 5_000);
  const builder = new AxeBuilder({ page }).withTags(AXE_TAGS);
  if (opts.within) builder.include(opts.within);
  const result = await builder.analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact ?? '',
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
}

/**
 * The page's structure as issue 19 §7 wants it: exactly one main landmark, exactly one h1, and `lang` on
 * `<html>` naming the language the page is in (zh-CN or en). Returns what is wrong, in words.
 */
/** The browser's `document` as `structureProblems` reads it inside the page (the tests compile without the DOM lib). */
declare const document: { querySelectorAll(selector: string): ArrayLike<{ textContent: string | null }>; documentElement: { lang: string } };

export async function structureProblems(page: Page): Promise<string[]> {
  const s = await page.evaluate(() => ({
    mains: document.querySelectorAll('main, [role="main"]').length,
    h1s: Array.from(document.querySelectorAll('h1'), (h) => (h.textContent ?? '').trim()),
    lang: document.documentElement.lang,
  }));
  const out: string[] = [];
  if (s.mains !== 1) out.push(`${s.mains} main landmarks (want exactly one)`);
  if (s.h1s.length !== 1) out.push(`${s.h1s.length} h1 headings (want exactly one)${s.h1s.length ? `: ${s.h1s.join(' | ')}` : ''}`);
  if (!/^(zh-CN|en)$/.test(s.lang)) out.push(`<html lang="${s.lang}"> (want zh-CN or en)`);
  return out;
}

/** Everything issue 19 §7 finds wrong on the page as it is now: axe's serious/critical violations and the structure. */
export async function accessibilityProblems(page: Page, label: string, opts: { within?: string } = {}): Promise<string[]> {
  const found = await seriousViolations(page, opts);
  const lines = found.map((v) => `${label}: [${v.impact}] ${v.id}: ${v.help}\n    ${v.nodes.join('\n    ')}`);
  for (const p of await structureProblems(page)) lines.push(`${label}: ${p}`);
  return lines;
}

/**
 * Fails with a readable list when axe-core finds a serious or critical violation on the page, or the
 * page has not exactly one main landmark and one h1, or no language. Every e2e test calls it on each
 * page it visits once the page has rendered (issue 19 §7).
 */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const found = await accessibilityProblems(page, label);
  if (found.length > 0) {
    throw new Error(`axe-core: ${found.length} problem(s) on ${label} (${page.url()}):\n${found.join('\n')}`);
  }
}
