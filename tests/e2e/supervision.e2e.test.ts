/**
 * The supervisor's dashboard and a project timeline in Chromium (issue 20 §3; M1, M3), on a server of its
 * own (demo seed, fake clock). Until the checkpoint engine seeds the demo's checkpoints, this test inserts
 * checkpoint and alert rows into that server's database before loading the pages: a yellow and a red
 * checkpoint of a demo project with their alerts, and a done one.
 *
 * The demo `supervisor` signs in and lands on the dashboard: counts (as the API gives them), the trend
 * chart with its table alternative, the alert list; it opens the project's timeline from an alert, opens
 * an audit event's details and drills into the record (the project page's 异议 tab). axe-core on both
 * pages at 1366×768 in Chinese and English; neither scrolls sideways.
 *
 * Screenshots: /tmp/ebid-e2e/i20-d-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import type { Page } from 'playwright-core';
import { expectAccessible, ownServerKit, startOwnServer, type OwnServer } from './harness.ts';

// 16:00 北京时间, Monday 7 December 2026.
const T0 = '2026-12-07T08:00:00.000Z';
const H = 3_600_000;
const at = (h: number) => new Date(Date.parse(T0) + h * H);

let server: OwnServer;
const kit = ownServerKit({ base: () => server.base, shotPrefix: 'i20-d', timeoutMs: 45_000 });
let project: { id: number; name: string };

beforeAll(async () => {
  server = await startOwnServer({ name: 'i20d', fakeClockStart: T0 });
  await kit.launch();
  const sql = postgres(server.databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const [p] = await sql<{ id: string; name: string }[]>`select id, name from projects where status <> 'DRAFT' order by id limit 1`;
    project = { id: Number(p!.id), name: p!.name };
    const insert = async (kind: string, subjectKey: string, warnAt: Date, dueAt: Date, done: { at: Date; act: string } | null = null) => {
      const [row] = await sql<{ id: string }[]>`
        insert into checkpoints (project_id, kind, subject_key, warn_at, due_at, done_at, done_act)
        values (${project.id}, ${kind}, ${subjectKey}, ${warnAt}, ${dueAt}, ${done?.at ?? null}, ${done?.act ?? null}) returning id`;
      return Number(row!.id);
    };
    // As the engine raises one: the alert row and the checkpoint's raised mark (so the server's own sweep,
    // which evaluates unmarked due checkpoints through the kind's raiser, leaves these test rows alone).
    const alert = async (checkpointId: number, level: 'yellow' | 'red', raisedAt: Date) => {
      await sql`insert into supervision_alerts (checkpoint_id, project_id, level, raised_at, notified) values (${checkpointId}, ${project.id}, ${level}, ${raisedAt}, 1)`;
      if (level === 'red') await sql`update checkpoints set red_raised_at = ${raisedAt} where id = ${checkpointId}`;
      else await sql`update checkpoints set yellow_raised_at = ${raisedAt} where id = ${checkpointId}`;
    };
    const yellow = await insert('objection.answer', 'objection:e2e', at(-2), at(30));
    const red = await insert('opening.start', 'e2e:start', at(-30), at(-6)); // not 'project': the demo's own opening checkpoint may hold that key
    await insert('notice.period', 'e2e:notice', at(-200), at(-150), { at: at(-160), act: 'notice.publish' });
    await alert(yellow, 'yellow', at(-2));
    await alert(red, 'yellow', at(-30));
    await alert(red, 'red', at(-6));
  } finally {
    await sql.end();
  }
}, 300_000);

afterAll(async () => {
  await kit.close();
  await server?.stop();
});

async function supervisorPage(lang: 'zh' | 'en'): Promise<Page> {
  const page = await kit.newPage();
  await page.setViewportSize({ width: 1366, height: 768 });
  // Sign in in Chinese (the sign-in helper finds the fields by their Chinese labels), then switch.
  await kit.signIn(page, 'supervisor');
  if (lang !== 'zh') {
    await page.evaluate(`localStorage.setItem('ebid.lang', '${lang}')`);
    await page.reload();
  }
  return page;
}

/** Whether the page scrolls sideways. */
async function sideways(page: Page): Promise<[number, number]> {
  return page.evaluate('[document.documentElement.scrollWidth, document.documentElement.clientWidth]');
}

describe('supervisor dashboard and timeline (issue 20 §3)', () => {
  it('lands on the dashboard: counts, chart, alerts; opens a timeline from an alert and drills into a record', async () => {
    const page = await supervisorPage('zh');
    expect(new URL(page.url()).pathname).toBe('/workspace/supervisor/dashboard');
    await page.getByTestId('supervision-dashboard').waitFor();
    await page.getByTestId('trend-chart').locator('svg').first().waitFor();

    // The counts are the API's (computed by the server now), and include what was inserted.
    const api = (await kit.as('supervisor')).trpc;
    const d = await api.supervision.dashboard.query({ days: 30 });
    expect(d.totals.yellow).toBeGreaterThanOrEqual(1);
    expect(d.totals.red).toBeGreaterThanOrEqual(1);
    expect(d.totals.overdueUnhandled).toBeGreaterThanOrEqual(1);
    const stat = async (key: string) => Number(((await page.getByTestId(`stat-${key}`).locator('.ant-statistic-content-value').textContent()) ?? '').replace(/\D/g, ''));
    expect(await stat('yellow')).toBe(d.totals.yellow);
    expect(await stat('red')).toBe(d.totals.red);
    expect(await stat('overdue')).toBe(d.totals.overdueUnhandled);
    // The chart's text alternative: one row per day, today's red alert counted.
    const trendRows = page.getByTestId('trend-table').locator('tbody tr');
    expect(await trendRows.count()).toBe(30);
    expect(await trendRows.last().locator('th').textContent()).toBe('2026-12-07');
    expect(Number(await trendRows.last().locator('td').nth(1).textContent())).toBeGreaterThanOrEqual(1);
    // Alerts, newest first, in words.
    const alertRows = page.getByTestId('supervision-alerts').locator('tbody tr.ant-table-row');
    await alertRows.first().waitFor();
    const ours = alertRows.filter({ hasText: project.name }).filter({ hasText: '红灯预警' }).first();
    expect((await ours.textContent()) ?? '').toContain('开标');
    const [w, cw] = await sideways(page);
    expect(w, 'the dashboard scrolls sideways at 1366').toBeLessThanOrEqual(cw);
    await expectAccessible(page, 'supervision dashboard (zh)');
    await kit.shot(page, 'dashboard-zh-1366');

    // From the alert to the project's timeline.
    await ours.getByTestId('alert-timeline-link').click();
    await page.waitForURL(/\/workspace\/supervisor\/timeline\?projectId=\d+/);
    const items = page.getByTestId('timeline-item');
    await items.first().waitFor();
    const checkpoint = (kind: string, state: string) => page.locator(`[data-testid="timeline-item"][data-type="checkpoint"][data-kind="${kind}"][data-state="${state}"]`);
    expect(await checkpoint('opening.start', 'red').count()).toBe(1);
    expect(await checkpoint('objection.answer', 'yellow').count()).toBe(1);
    expect(await checkpoint('notice.period', 'done').count()).toBeGreaterThanOrEqual(1); // (and the demo project's own, when it is a procurement)
    expect(await page.locator('[data-testid="timeline-item"][data-type="alert"]').count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('[data-testid="timeline-item"][data-type="audit"]').count()).toBeGreaterThan(0);
    const [tw, tcw] = await sideways(page);
    expect(tw, 'the timeline scrolls sideways at 1366').toBeLessThanOrEqual(tcw);
    await expectAccessible(page, 'project timeline (zh)');
    await kit.shot(page, 'timeline-zh-1366');

    // An audit event's details (the audit drawer), read-only.
    await page.getByTestId('timeline-event-open').first().click();
    const detail = page.getByTestId('audit-detail');
    await detail.waitFor();
    expect((await detail.textContent()) ?? '').toContain(project.name);
    await expectAccessible(page, 'timeline audit drawer (zh)');
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'detached' });

    // Drill into the record the yellow checkpoint concerns: the project page's objections tab.
    await checkpoint('objection.answer', 'yellow').getByTestId('timeline-record-link').click();
    await page.waitForURL(new RegExp(`/workspace/supervisor/projects/${project.id}\\?tab=objections`));
    await page.getByRole('heading', { level: 1, name: project.name }).waitFor();
    expect(await page.locator('.ant-tabs-tab-active').textContent()).toContain('异议');
    expect(kit.problems).toEqual([]);
  });

  it('in English at 1366×768: both pages in words, fit, axe clean', async () => {
    const page = await supervisorPage('en');
    await page.getByTestId('supervision-dashboard').waitFor();
    await page.getByTestId('supervision-alerts').locator('tbody tr.ant-table-row').first().waitFor();
    expect((await page.getByTestId('stat-overdue').textContent()) ?? '').toContain('Overdue, not handled');
    const [w, cw] = await sideways(page);
    expect(w).toBeLessThanOrEqual(cw);
    await expectAccessible(page, 'supervision dashboard (en)');
    await kit.shot(page, 'dashboard-en-1366');
    await page.goto(`${server.base}/workspace/supervisor/timeline?projectId=${project.id}`);
    await page.getByTestId('timeline-item').first().waitFor();
    expect((await page.getByTestId('supervision-timeline').textContent()) ?? '').toContain('Objection answer');
    const [tw, tcw] = await sideways(page);
    expect(tw).toBeLessThanOrEqual(tcw);
    await expectAccessible(page, 'project timeline (en)');
    await kit.shot(page, 'timeline-en-1366');
    expect(kit.problems).toEqual([]);
  });
});
