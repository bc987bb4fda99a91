/**
 * Alerts handled and signed in the browser (issue 20 §2, domain §6.2, M1): a red checkpoint of a demo
 * project, the center responsible, has raised an alert (inserted in the server's database: the engine
 * that raises alerts is another part of issue 20). Center staff open 预警处理, open the handling drawer,
 * record what was done and the result, import their .p12 backup and sign in the browser (WebCrypto,
 * detached CMS over the canonical text); the server verifies and keeps it. The handled alert's record
 * downloads the signature (.p7s) and the signed text, which `openssl cms -verify` accepts; a supervisor
 * sees the same record read-only on the project page. axe-core passes on the page and both drawers.
 * Its own server (own database, bucket, DATA_DIR with the demo .p12 files, fake clock).
 * Screenshots: /tmp/ebid-e2e/alerts-*.png.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, ownServerKit, startOwnServer, type OwnServer } from './harness.ts';
import { importP12Backups } from './bid-helpers.ts';

/** Monday 1 June 2026, 09:00 北京时间. */
const T0 = '2026-06-01T01:00:00.000Z';

let server: OwnServer;
let base: string;
let dataDir: string;
let work: string;
let projectId: number;
let projectCode: string;
let alertId: number;

const kit = ownServerKit({ base: () => base, shotPrefix: 'alerts', timeoutMs: 30_000 });
const { as, newPage, signIn, shot, problems } = kit;

async function inDb<T>(fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(server.databaseUrl, { max: 1, onnotice: () => {} });
  try {
    return await fn(sql);
  } finally {
    await sql.end();
  }
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-e2e-alerts-'));
  server = await startOwnServer({ name: 'alerts', fakeClockStart: T0 });
  base = server.base;
  dataDir = server.dataDir;
  await kit.launch();
  ({ projectId, projectCode, alertId } = await inDb(async (sql) => {
    const [p] = await sql<{ id: string; code: string }[]>`select id::text, unified_deal_code as code from projects order by id limit 1`;
    if (!p) throw new Error('the demo seeded no project');
    const [c] = await sql<{ id: string }[]>`
      insert into checkpoints (project_id, kind, subject_key, warn_at, due_at, responsible_org_id, yellow_raised_at, red_raised_at)
      values (${p.id}, 'opening.start', 'e2e:1', ${'2026-05-31T01:00:00Z'}, ${'2026-06-01T00:30:00Z'}, null, ${'2026-05-31T01:00:00Z'}, ${'2026-06-01T00:30:00Z'})
      returning id::text`;
    const [a] = await sql<{ id: string }[]>`
      insert into supervision_alerts (checkpoint_id, project_id, level, raised_at, notified)
      values (${c!.id}, ${p.id}, 'red', ${'2026-06-01T00:30:00Z'}, 3) returning id::text`;
    return { projectId: Number(p.id), projectCode: p.code, alertId: Number(a!.id) };
  }));
}, 300_000);

afterAll(async () => {
  await kit.close();
  await server?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('预警处理 in the browser (issue 20 §2, M1)', () => {
  it('staff handle a red alert: the drawer, the .p12, a signature made in the browser, verified by the server and by openssl', async () => {
    const page = await newPage();
    await signIn(page, 'staff');
    await page.goto(`${base}/workspace/staff/alerts`);
    const table = page.getByTestId('alerts-table');
    await table.locator('tbody tr', { hasText: '开标' }).waitFor(); // the kind by its declared name
    await expect.poll(async () => (await table.textContent()) ?? '').toContain('红灯预警');
    await shot(page, '1-list');
    await expectAccessible(page, '1-list');

    await page.getByTestId(`alert-handle-${alertId}`).click();
    const drawer = page.getByTestId('alert-handle');
    await drawer.waitFor();
    await drawer.getByLabel('处理情况').fill('已电话联系主持人，\n督促立即开标');
    await drawer.getByLabel('处理结果').fill('开标已于 09:40 开始');
    await expect.poll(async () => (await drawer.getByTestId('alert-signed-text').textContent()) ?? '').toContain(`project: ${projectCode}`);
    await importP12Backups(drawer, dataDir, 'staff', 'alert-keys-ready');
    await shot(page, '2-drawer');
    await expectAccessible(page, '2-drawer');
    await drawer.getByRole('button', { name: '用签名证书签名并提交' }).click();
    await page.getByText('预警已处理并签名').waitFor();
    await expect(drawer.isVisible()).resolves.toBe(false);

    // stored: handled by 张敏 with the text the browser showed
    const a = await (await as('staff')).trpc.supervision.alert.query({ id: alertId });
    expect(a).toMatchObject({ handled: true, handlerName: '张敏', handling: '已电话联系主持人，\n督促立即开标', result: '开标已于 09:40 开始' });
    expect(a.signedText).toContain('handling: "已电话联系主持人，\\n督促立即开标"');

    // the record: switch to 已处理, open 详情, download the .p7s and the text, openssl verifies
    await page.locator('.ant-segmented').getByText('已处理', { exact: true }).click();
    await page.getByTestId(`alerts-table-details-${alertId}`).click();
    const record = page.getByTestId('alerts-table-drawer');
    await record.getByTestId('alert-handler').waitFor();
    await expect.poll(async () => (await record.getByTestId('alert-handler').textContent()) ?? '').toContain('张敏');
    await expect.poll(async () => record.getByRole('button', { name: '下载处理签名（.p7s）' }).isEnabled()).toBe(true);
    const [p7sDl] = await Promise.all([page.waitForEvent('download'), record.getByRole('button', { name: '下载处理签名（.p7s）' }).click()]);
    const p7s = path.join(work, 'handling.p7s');
    await p7sDl.saveAs(p7s);
    const [txtDl] = await Promise.all([page.waitForEvent('download'), record.getByRole('button', { name: '下载签名原文（.txt）' }).click()]);
    const txt = path.join(work, 'handling.txt');
    await txtDl.saveAs(txt);
    expect(fs.readFileSync(txt, 'utf8')).toBe(a.signedText);
    const root = path.join(dataDir, 'demo-certs', 'root-ca.pem');
    const ossl = spawnSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', p7s, '-content', txt, '-CAfile', root, '-purpose', 'any', '-out', '/dev/null'], { encoding: 'utf8' });
    expect(ossl.status, ossl.stderr).toBe(0);
    expect(ossl.stderr).toContain('Verification successful');
    await shot(page, '3-record');
    await expectAccessible(page, '3-record');
  });

  it('a supervisor sees the handled alert in the project’s record, read-only', async () => {
    const page = await newPage();
    await signIn(page, 'supervisor');
    await page.goto(`${base}/workspace/supervisor/projects/${projectId}?tab=alerts`);
    const panel = page.getByTestId('project-alerts');
    const row = panel.locator('tbody tr', { hasText: '开标' });
    await row.waitFor();
    await expect.poll(async () => (await row.textContent()) ?? '').toContain('已处理');
    expect(await row.getByRole('button', { name: '处理', exact: true }).count()).toBe(0);
    await shot(page, '4-project');
    await expectAccessible(page, '4-project');
    expect(problems).toEqual([]);
  });
});
