/**
 * The notice flow in Chromium against the real server (issue 5 web): a tenderee creates an engineering
 * open project with one section, enters a schedule that breaks N1 (the field names the rule and the
 * earliest legal date), fixes and saves it, drafts and submits the tender notice; staff publishes it on
 * 公告审核 (the sealed PDF); a visitor finds it on the portal by keyword, opens the detail page and fetches
 * the PDF; staff's message-center bell counts the submission.
 *
 * Issue 19 §1: the portal lists newest publication first; the notice body keeps its paragraphs at a
 * readable size without a capped grey box; the notice detail is the project's portal page (its notices
 * and the opening record once public, each PDF named in words) — at 1366×768 and 1920×1080, in Chinese
 * and English, axe-core clean (§7) on every page the file visits.
 *
 * Same harness as roles.e2e.test.ts (E2E_BASE_URL or the global setup). Screenshots: /tmp/ebid-e2e/notice-*.png
 * and /tmp/ebid-e2e/i19-a/*.png.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { BASE_URL, CHROMIUM_ARGS, expectAccessible, PASSWORD, SHOTS } from './harness.ts';
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';

dayjs.extend(utc);
dayjs.extend(timezone);

const RUN = crypto.randomBytes(3).toString('hex');
const PROJECT_NAME = `滨江大道改造工程施工-${RUN}`;
const TZ = 'Asia/Shanghai';

let browser: Browser;
const contexts: BrowserContext[] = [];
const problems: { text: string; url: string }[] = [];

function url(path: string): string {
  return `${BASE_URL}${path}`;
}

async function newPage(opts: { width?: number; height?: number; lang?: 'zh' | 'en' } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: opts.width ?? 1366, height: opts.height ?? 860 },
    locale: opts.lang === 'en' ? 'en-US' : 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    acceptDownloads: true,
  });
  // The language the visitor chose (the top bar's switch keeps it in localStorage).
  if (opts.lang) await context.addInitScript({ content: `localStorage.setItem('ebid.lang', ${JSON.stringify(opts.lang)});` });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push({ text: msg.text(), url: msg.location().url });
  });
  page.on('pageerror', (err) => problems.push({ text: `pageerror: ${err.message}`, url: page.url() }));
  return { context, page };
}

async function shot(page: Page, name: string): Promise<void> {
  await page.mouse.move(1300, 840);
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

async function passwordSignIn(page: Page, username: string): Promise<void> {
  await page.goto(url('/login'));
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: /^登\s*录$/ }).click();
}

/** Types a Beijing wall-clock time into a schedule DatePicker and confirms it. */
async function setTime(page: Page, field: string, value: string): Promise<void> {
  const input = page.locator(`#schedule-${field}`);
  await input.click();
  await input.fill(value);
  await input.press('Enter');
  await expect.poll(() => input.inputValue()).toBe(value);
}

/** The server's "now" (the fake clock starts at real time). */
async function serverNow(): Promise<number> {
  const res = await fetch(url('/trpc/system.time'));
  const body = (await res.json()) as { result: { data: { epochMs: number } } };
  return body.result.data.epochMs;
}

describe('notices: schedule check, review, publication and the portal', () => {
  let noticeTitle = '';
  let dealCode = '';
  let tendereePage: Page | undefined;
  let lawful: Record<string, string> = {};

  beforeAll(async () => {
    if (!BASE_URL) throw new Error('E2E_BASE_URL is not set');
    fs.mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
  });

  it('a tenderee creates a project, meets N1 on the schedule field, saves, and submits the tender notice', async () => {
    const { page } = await newPage();
    tendereePage = page;
    await passwordSignIn(page, 'tenderee');
    await page.waitForURL(/\/workspace\/tenderee\/projects$/);
    await page.getByTestId('project-table').waitFor();
    await page.getByRole('link', { name: '新建项目', exact: true }).first().click();
    await page.waitForURL(/\/workspace\/tenderee\/project-new$/);
    await page.getByLabel('项目名称').fill(PROJECT_NAME);
    await page.getByLabel('预算金额（元）').fill('1,234,567.89');
    await page.getByLabel('标段名称').fill('第一标段 道路工程');
    await page.getByLabel('招标控制价（元）').fill('600000');
    await page.getByLabel('投标保证金（元）').fill('8000.5');
    // Issue 16 §8: an engineering project says what it buys (it decides the B6 security cap); not chosen → refused in the form.
    await page.getByTestId('project-create').click();
    await page.getByText('请选择招标内容').waitFor();
    expect(page.url()).toMatch(/\/project-new$/);
    await page.getByLabel('招标内容').click();
    await page.getByTitle('施工', { exact: true }).click();
    await shot(page, 'notice-project-new');
    await expectAccessible(page, 'the new project form');
    await page.getByTestId('project-create').click();
    await page.waitForURL(/\/workspace\/tenderee\/projects\/\d+$/);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(PROJECT_NAME);
    dealCode = (await page.getByTestId('deal-code').textContent()) ?? '';
    expect(dealCode).toMatch(/^\d{6}-\d{4}-E\d{6}$/);
    const facts = (await page.getByTestId('project-facts').textContent()) ?? '';
    expect(facts).toContain('¥1,234,567.89');
    expect(facts).toContain('¥600,000.00');
    expect(facts).toContain('¥8,000.50');
    expect(facts).toContain('招标内容施工');
    expect(await page.getByTestId('project-steps').textContent()).toContain('草稿');
    expect(await page.getByTestId('project-status').first().textContent()).toBe('草稿');

    // Docs issued on day D: the bid deadline may be on D+20 at the earliest (N1, 20 days, start day
    // excluded), or the next working day when D+20 is a rest day (T2). The notice goes out now (a later
    // 公告发布时间 would make staff approval schedule it instead).
    const now = dayjs(await serverNow()).tz(TZ);
    const d = now.add(3, 'day');
    const fmt = (x: dayjs.Dayjs, hm: string) => `${x.format('YYYY-MM-DD')} ${hm}`;
    const publishAt = now.subtract(1, 'hour');
    await setTime(page, 'noticePublishAt', publishAt.format('YYYY-MM-DD HH:mm'));
    await setTime(page, 'docsIssueStart', fmt(d, '09:00'));
    await setTime(page, 'docsIssueEnd', fmt(d.add(16, 'day'), '09:00'));
    await setTime(page, 'bidDeadline', fmt(d.add(19, 'day'), '10:00'));
    const violation = page.getByTestId('violation-bidDeadline');
    // Issue 19 §6: the earliest lawful moment is a working day at a working hour, never 00:00.
    await expect.poll(() => violation.textContent(), { timeout: 10_000 }).toMatch(/最早可设为 \d{4}年\d{1,2}月\d{1,2}日（星期[一二三四五六日]）(0[9]|1[0-7]):\d{2}/);
    const [, y, m, dd] = /最早可设为 (\d{4})年(\d{1,2})月(\d{1,2})日/.exec((await violation.textContent()) ?? '')!;
    const earliest = dayjs.tz(`${y}-${m!.padStart(2, '0')}-${dd!.padStart(2, '0')}`, TZ);
    expect(earliest.diff(d.startOf('day'), 'day')).toBeGreaterThanOrEqual(20);
    expect(earliest.diff(d.startOf('day'), 'day')).toBeLessThanOrEqual(30);
    expect(await violation.textContent()).toMatch(/第二十四条|24/);
    await shot(page, 'notice-schedule-violation');
    await expectAccessible(page, 'the project page with a schedule violation');

    // Saving the unlawful schedule is refused with the rule, and nothing changes.
    await page.getByTestId('schedule-save').click();
    await expect.poll(() => page.getByTestId('error-code').first().textContent()).toBe('VALIDATION');

    const deadline = earliest.add(1, 'day');
    await setTime(page, 'bidDeadline', fmt(deadline, '09:30'));
    const iso = (x: dayjs.Dayjs, hm: string) => `${x.format('YYYY-MM-DD')}T${hm}:00+08:00`;
    lawful = {
      noticePublishAt: `${publishAt.format('YYYY-MM-DDTHH:mm')}:00+08:00`,
      docsIssueStart: iso(d, '09:00'),
      docsIssueEnd: iso(d.add(16, 'day'), '09:00'),
      bidDeadline: iso(deadline, '09:30'),
      openingAt: iso(deadline, '09:30'),
    };
    await page.getByTestId('schedule-ok').waitFor();
    await expect.poll(() => violation.count()).toBe(0);
    await page.getByTestId('schedule-save').click();
    await page.getByText('时间安排已保存').waitFor();
    await expect.poll(() => page.getByTestId('project-facts').textContent()).toContain(`${deadline.format('YYYY-MM-DD')} 09:30:00`);

    noticeTitle = `${PROJECT_NAME}招标公告`;
    await page.getByLabel('公告标题').fill(noticeTitle);
    await page
      .getByLabel('公告正文')
      .fill(`${PROJECT_NAME}已由示范市发展和改革委员会批准建设，现对该项目的施工进行公开招标，欢迎符合资格条件的投标人参加投标。`);
    await page.getByTestId('notice-save').click();
    await page.getByText('公告草稿已保存').waitFor();
    await expect.poll(() => page.getByTestId('notice-status').textContent()).toBe('草稿');
    // Issue 16 §1: no tender without documents — the notice step says which are missing; submit waits.
    const missing = page.getByTestId('notice-documents-missing');
    await expect.poll(() => missing.textContent()).toContain('招标文件尚未上传，公告不能提交审核');
    expect(await page.getByTestId('notice-submit').isDisabled()).toBe(true);
    await shot(page, 'notice-documents-missing');
    await page.getByTestId('notice-open-documents').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('tab')).toBe('documents');
    const docs = page.getByTestId('documents-panel');
    await docs.getByLabel('选择文件').setInputFiles({ name: `${PROJECT_NAME}招标文件.pdf`, mimeType: 'application/pdf', buffer: Buffer.from(`%PDF-1.4\n% ${PROJECT_NAME}\n%%EOF\n`) });
    await docs.getByRole('button', { name: /上传文件/ }).click();
    await page.getByText(`已上传：${PROJECT_NAME}招标文件.pdf（第1版）`).waitFor();
    await page.getByRole('tab', { name: '时间安排与公告' }).click();
    await expect.poll(() => missing.count()).toBe(0);
    await page.getByTestId('notice-submit').click();
    await page.getByText('公告已提交审核').waitFor();
    await expect.poll(() => page.getByTestId('notice-status').textContent()).toBe('待审核');
    await expect.poll(() => page.getByTestId('project-status').first().textContent()).toBe('待审核');
    await shot(page, 'notice-submitted');
  });

  it('staff sees the submission in the bell, reviews on 公告审核 and publishes (the sealed PDF link appears)', async () => {
    const { page } = await newPage();
    await passwordSignIn(page, 'staff');
    await page.waitForURL(/\/workspace\/staff\/notices$/);
    const bell = page.getByTestId('notification-bell');
    await bell.waitFor();
    await page.waitForTimeout(1000); // the first list and the SSE subscription
    const before = Number(await bell.getAttribute('data-unread'));
    // notice.submit does not notify staff (API); project.submit does: the tenderee submits a second project
    // over the API while staff watch, and the bell counts it live over SSE (topic user.<id>).
    const call = async (path: string, input: unknown) => {
      const res = await tendereePage!.request.post(url(`/trpc/${path}`), { data: input });
      expect(res.status(), `${path}: ${await res.text()}`).toBe(200);
      return ((await res.json()) as { result: { data: { id: number; version: number } } }).result.data;
    };
    const p2 = await call('project.create', { tradeType: 'engineering', method: 'open', name: `${PROJECT_NAME}-二期`, sections: [{ name: '第一标段' }] });
    const saved = await call('project.saveSchedule', { projectId: p2.id, schedule: lawful, expectedVersion: p2.version });
    await call('project.submit', { projectId: saved.id });
    await expect.poll(async () => Number(await bell.getAttribute('data-unread')), { timeout: 15_000 }).toBeGreaterThanOrEqual(Math.max(1, before + 1));
    const card = page.locator('[data-testid^="pending-notice-"]').filter({ hasText: noticeTitle });
    await card.waitFor();
    expect(await card.textContent()).toContain(dealCode);
    await shot(page, 'notice-review');
    await expectAccessible(page, 'staff notice review');
    await card.getByRole('button', { name: /发\s*布/ }).click();
    await page.getByTestId('published-list').waitFor();
    const pdf = page.getByTestId('published-pdf').first();
    expect(await pdf.textContent()).toContain(`公告-${dealCode}.pdf`);
    await bell.click();
    await page.getByTestId('notification-list').getByText('新项目待审核').first().waitFor();
    await shot(page, 'notice-staff-bell');
    await page.getByTestId('notify-mark-all').click();
    await expect.poll(async () => Number(await bell.getAttribute('data-unread'))).toBe(0);
  });

  it('a visitor finds the notice by keyword, opens it and gets the PDF', async () => {
    const { page } = await newPage();
    await page.goto(url('/'));
    await page.getByLabel('关键词').fill(RUN);
    await page.getByTestId('notice-search').click();
    const link = page.getByTestId('notice-link').filter({ hasText: noticeTitle });
    await link.waitFor();
    await expect.poll(() => page.getByTestId('notice-link').count()).toBe(1);
    await shot(page, 'notice-portal');
    await expectAccessible(page, 'the portal after a search');
    await link.click();
    await page.waitForURL(/\/notices\/\d+$/);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(noticeTitle);
    const facts = page.getByTestId('notice-facts');
    await expect.poll(() => facts.textContent()).toContain(dealCode);
    expect(await facts.textContent()).toContain('示范市城市建设投资集团有限公司');
    expect(await facts.textContent()).toContain('工程建设 / 公开招标');
    await expect.poll(() => page.getByTestId('countdown').textContent(), { timeout: 10_000 }).toMatch(/距截止 2\d 天 \d{2}:\d{2}:\d{2}/);
    expect(await page.getByTestId('notice-body').textContent()).toContain('公开招标');
    const pdfButton = page.getByTestId('notice-pdf');
    expect(await pdfButton.getAttribute('target')).toBe('_blank');
    const href = (await pdfButton.getAttribute('href')) ?? '';
    expect(href).toMatch(/^\/portal\/notices\/\d+\.pdf$/);
    // Issue 19 §1: the PDF named in words (project, kind, day) — the name the server sends too.
    const fileName = (await page.getByTestId('notice-download').getAttribute('download')) ?? '';
    expect(fileName).toMatch(new RegExp(`^${PROJECT_NAME}-招标公告-\\d{4}-\\d{2}-\\d{2}\\.pdf$`));
    expect(await page.getByTestId('project-file-record').count()).toBe(0); // not opened: no record link
    await shot(page, 'notice-detail');
    await expectAccessible(page, 'the notice detail');
    const res = await page.request.get(url(href));
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toContain('application/pdf');
    const body = await res.body();
    expect(body.subarray(0, 4).toString('latin1')).toBe('%PDF');
    expect(decodeURIComponent(res.headers()['content-disposition'] ?? '')).toContain(fileName);
  });

  it('the portal lists newest publication first; a notice reads in paragraphs; the opened project links its public record (issue 19 §1)', async () => {
    const { page } = await newPage();
    await page.goto(url('/'));
    await page.getByTestId('notice-link').first().waitFor();
    // Newest first, through the real server: the publication times down the table never increase.
    const headers = await page.locator('[data-testid="notice-table"] thead th').allTextContents();
    const col = headers.indexOf('发布时间') + 1;
    expect(col).toBeGreaterThan(0);
    const times = await page.locator(`[data-testid="notice-table"] tbody tr td:nth-child(${col})`).allTextContents();
    expect(times.length).toBeGreaterThan(3);
    expect([...times].sort().reverse()).toEqual(times);
    await expectAccessible(page, 'the portal home');
    // The demo's engineering project opened, its session closed: its notice page links the record.
    await page.getByLabel('关键词').fill('滨江大道快速路');
    await page.getByTestId('notice-search').click();
    await expect.poll(() => page.getByTestId('notice-link').count()).toBe(1);
    await page.getByTestId('notice-link').first().click();
    await page.waitForURL(/\/notices\/\d+$/);
    const body = page.getByTestId('notice-body');
    await body.waitFor();
    expect(await body.locator('p').count()).toBeGreaterThan(1);
    // (The tests are compiled without the DOM library: the page code goes as text.)
    const style = (await page.evaluate(`(() => {
      const el = document.querySelector('[data-testid="notice-body"]');
      const c = getComputedStyle(el);
      const p = getComputedStyle(el.querySelector('p'));
      return { fontSize: parseFloat(c.fontSize), lineHeight: parseFloat(c.lineHeight), maxHeight: c.maxHeight, overflowY: c.overflowY, background: c.backgroundColor, whiteSpace: p.whiteSpace };
    })()`)) as { fontSize: number; lineHeight: number; maxHeight: string; overflowY: string; background: string; whiteSpace: string };
    expect(style.fontSize).toBeGreaterThanOrEqual(15);
    expect(style.lineHeight / style.fontSize).toBeGreaterThanOrEqual(1.7);
    expect(style).toMatchObject({ maxHeight: 'none', overflowY: 'visible', background: 'rgba(0, 0, 0, 0)', whiteSpace: 'pre-line' });
    const record = page.getByTestId('project-file-record');
    await record.waitFor();
    const link = record.getByRole('link');
    const href = (await link.getAttribute('href')) ?? '';
    expect(href).toMatch(/^\/openings\/\d+\/record\.pdf$/);
    expect(await link.getAttribute('download')).toMatch(/^开标记录表-.+\.pdf$/);
    const anon = await page.request.get(url(href));
    expect(anon.status()).toBe(200);
    expect((await anon.body()).subarray(0, 4).toString('latin1')).toBe('%PDF');
    await expectAccessible(page, 'the opened project\'s notice page');
  });

  it('the portal and a notice at 1366×768 and 1920×1080 in Chinese and English: axe-clean, no horizontal scroll (issue 19 §1, §7)', async () => {
    fs.mkdirSync(`${SHOTS}/i19-a`, { recursive: true });
    for (const lang of ['zh', 'en'] as const) {
      for (const [width, height] of [
        [1366, 768],
        [1920, 1080],
      ] as const) {
        const { page, context } = await newPage({ width, height, lang });
        await page.goto(url('/'));
        await page.getByTestId('notice-link').first().waitFor();
        await expect.poll(() => page.evaluate('document.documentElement.lang')).toBe(lang === 'en' ? 'en' : 'zh-CN');
        await page.waitForTimeout(300);
        await page.screenshot({ path: `${SHOTS}/i19-a/portal-${lang}-${width}.png` });
        await expectAccessible(page, `the portal home (${lang}, ${width})`);
        expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
        await page.getByTestId('notice-link').filter({ hasText: '滨江大道快速路' }).first().click();
        await page.getByTestId('project-files').waitFor();
        await page.waitForTimeout(300);
        await page.screenshot({ path: `${SHOTS}/i19-a/notice-${lang}-${width}.png`, fullPage: true });
        await expectAccessible(page, `the notice detail (${lang}, ${width})`);
        expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
        expect(await page.getByTestId('project-files').textContent()).toContain(lang === 'en' ? 'Notices and files of this project' : '本项目公告与文件');
        await context.close();
      }
    }
  });

  it('logged no console errors (but the one refused save the test provoked)', () => {
    const provoked = (p: { url: string }) => p.url.includes('/trpc/project.saveSchedule');
    expect(problems.filter(provoked).length).toBe(1);
    expect(problems.filter((p) => !provoked(p))).toEqual([]);
  });
});
