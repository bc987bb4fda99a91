/**
 * The first administrator in Chromium (issue 15 §1), on a server of its own with NO demo data: the
 * operator runs `ebid admin create` (the real CLI, as a process, with the server's environment), the
 * printed activation link is opened, a password is set, the platform administrator signs in, creates a
 * staff user of the center and a supervisor organization with its administrator in the web — and the same
 * link opened again shows the invalid-link error. Screenshots: /tmp/ebid-e2e/first-admin-*.png.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { creditCodeCheckChar } from '@ebid/domain';
import { createTestClient, PRODUCTION_CENTER_ENV, REPO_ROOT, startServerProcess, testEnv, withDatabase, type ServerProcess } from '@ebid/testing';
import { expectAccessible, ownServerKit } from './harness.ts';

const code = (body: string) => body + creditCodeCheckChar(body)!;
const CENTER_CODE = code('12420100MB0000015');
const SUPERVISOR_CODE = code('11420100MB0000301');
const ADMIN_PASSWORD = 'Act1vate#Now';
const STAFF_PASSWORD = 'Staff#2026a';
const SUPERVISOR_PASSWORD = 'Sup3rvise#1';

let server: ServerProcess | undefined;
let base = '';
let serverEnv: Record<string, string> = {};
let dropDatabase: () => Promise<void> = async () => {};
const kit = ownServerKit({ base: () => base, shotPrefix: 'first-admin' });

/** `ebid <args>` as the operator runs it: a process of its own with the server's environment. */
function ebid(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'apps/cli/src/main.ts', ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    child.on('error', reject);
    child.on('exit', (c) => resolve({ code: c, out }));
  });
}

beforeAll(async () => {
  const env = testEnv();
  const dbName = `ebid_e2e_first_admin_${crypto.randomBytes(4).toString('hex')}`;
  const admin = postgres(env.databaseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${dbName}`);
  dropDatabase = async () => {
    await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  };
  serverEnv = {
    DATABASE_URL: withDatabase(env.databaseUrl, dbName),
    S3_ENDPOINT: env.s3.endPoint,
    S3_ACCESS_KEY: env.s3.accessKey,
    S3_SECRET_KEY: env.s3.secretKey,
    S3_BUCKET: `e2e-first-admin-${crypto.randomBytes(4).toString('hex')}`,
    SEED_DEMO: '0',
    DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-e2e-first-admin-')),
    HOST: '127.0.0.1',
    ...PRODUCTION_CENTER_ENV,
  };
  server = await startServerProcess({ env: serverEnv, timeoutMs: 180_000 });
  base = server.url.replace(/\/+$/, '');
  await kit.launch();
});
afterAll(async () => {
  await kit.close();
  await server?.stop('SIGTERM');
  await dropDatabase();
});

async function setPassword(page: Page, password: string): Promise<void> {
  await page.getByLabel('设置密码').fill(password);
  await page.getByLabel('确认密码').fill(password);
  await page.getByRole('button', { name: /激活账号/ }).click();
}

describe('the first administrator (issue 15 §1)', () => {
  let link = '';

  it('`ebid admin create` prints a single-use link and no password; a second run is refused naming the administrator', async () => {
    const created = await ebid(
      ['admin', 'create', '--username', 'Center.Admin', '--display-name', '江城管理员', '--credit-code', CENTER_CODE],
      { ...serverEnv, PUBLIC_URL: base },
    );
    expect(created.code, created.out).toBe(0);
    link = new RegExp(`^\\s*(${base.replace(/[.]/g, '\\.')}/activate\\?token=[A-Za-z0-9_-]{43})$`, 'm').exec(created.out)?.[1] ?? '';
    expect(link, created.out).not.toBe('');
    expect(created.out).toContain(PRODUCTION_CENTER_ENV.CENTER_NAME);
    expect(created.out).toContain('No password was set');
    expect(created.out).not.toContain(ADMIN_PASSWORD);

    const again = await ebid(['admin', 'create', '--username', 'other', '--display-name', '另一位', '--credit-code', CENTER_CODE], serverEnv);
    expect(again.code).toBe(1);
    expect(again.out).toContain('center.admin');
    expect(again.out).not.toContain('/activate?token=');
  });

  it('the link sets the password; the administrator signs in and creates a staff user and a supervisor organization with its administrator', async () => {
    const page = await kit.newPage();
    await page.goto(link);
    await expect.poll(() => page.getByRole('heading', { level: 1, name: '激活账号' }).count()).toBe(1);
    await kit.shot(page, 'activate');
    await expectAccessible(page, 'activate');
    await setPassword(page, ADMIN_PASSWORD);
    await page.waitForURL(/\/login$/);
    await expect.poll(() => page.getByTestId('login-activated').textContent()).toContain('账号 center.admin 已激活');
    expect(await page.getByLabel('用户名').inputValue()).toBe('center.admin');
    await page.getByLabel('密码', { exact: true }).fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: /^登\s*录$/ }).click();
    await page.waitForURL(/\/workspace\/admin\/organizations$/);

    // A staff user of the center (企业用户 = the center's own accounts for its administrator).
    await page.getByRole('menuitem', { name: /企业用户/ }).click();
    await page.waitForURL(/\/workspace\/admin\/users$/);
    await page.getByTestId('user-add').click();
    const add = page.getByRole('dialog');
    await add.getByLabel('用户名').fill('zhang.staff');
    await add.getByLabel('姓名').fill('张晓');
    await add.getByLabel('初始密码').fill(STAFF_PASSWORD);
    await add.getByRole('button', { name: /^添\s*加$/ }).click();
    await expect.poll(() => page.getByTestId('users-table').locator('tr', { hasText: 'zhang.staff' }).count()).toBe(1);
    await kit.shot(page, 'staff-created');
    await expectAccessible(page, 'staff-created');

    // A supervisor organization with its administrator (机构审核 → 新建机构).
    await page.getByRole('menuitem', { name: /机构审核/ }).click();
    await page.waitForURL(/\/workspace\/admin\/organizations$/);
    await page.getByTestId('org-create').click();
    const create = page.getByRole('dialog');
    await create.getByLabel('机构名称').fill('江城市住房和城乡建设局');
    await create.getByLabel('统一社会信用代码').fill(SUPERVISOR_CODE);
    await create.getByLabel('用户名').fill('zjj.admin');
    await create.getByLabel('姓名').fill('刘监管');
    await create.getByLabel('初始密码').fill(SUPERVISOR_PASSWORD);
    await create.getByLabel('确认密码').fill(SUPERVISOR_PASSWORD);
    await kit.shot(page, 'org-create');
    await expectAccessible(page, 'org-create');
    await create.getByTestId('org-create-submit').click();
    await expect.poll(() => page.getByTestId('org-table').locator('tr', { hasText: SUPERVISOR_CODE }).count()).toBe(1);
    // …and one more user of it, under 账号.
    await page.getByTestId(`org-users-${SUPERVISOR_CODE}`).click();
    const accounts = page.getByRole('dialog');
    await expect.poll(() => accounts.getByTestId('org-users-table').locator('tr', { hasText: 'zjj.admin' }).count()).toBe(1);
    await accounts.getByTestId('org-user-add').click();
    const addSupervisor = page.getByRole('dialog').filter({ hasText: '初始密码' });
    await addSupervisor.getByLabel('用户名').fill('zjj.li');
    await addSupervisor.getByLabel('姓名').fill('李监督');
    await addSupervisor.getByLabel('初始密码').fill(SUPERVISOR_PASSWORD);
    await addSupervisor.getByRole('button', { name: /^添\s*加$/ }).click();
    await expect.poll(() => accounts.getByTestId('org-users-table').locator('tr', { hasText: 'zjj.li' }).count()).toBe(1);
    await kit.shot(page, 'supervisor-accounts');
    await expectAccessible(page, 'supervisor-accounts');

    // The accounts made in the web sign in with their roles.
    for (const [username, password, role, orgName] of [
      ['zhang.staff', STAFF_PASSWORD, 'staff', PRODUCTION_CENTER_ENV.CENTER_NAME],
      ['zjj.admin', SUPERVISOR_PASSWORD, 'supervisor', '江城市住房和城乡建设局'],
      ['zjj.li', SUPERVISOR_PASSWORD, 'supervisor', '江城市住房和城乡建设局'],
    ] as const) {
      const r = await createTestClient(base).trpc.auth.login.mutate({ username, password });
      expect(r.actor).toMatchObject({ username, role, orgName });
    }
    expect(kit.problems).toEqual([]);
  });

  it('the same link opened again shows the invalid-link error and changes nothing', async () => {
    const page = await kit.newPage();
    await page.goto(link);
    await setPassword(page, 'An0ther#Pass1');
    await expect.poll(() => page.getByTestId('reset-error').textContent()).toContain('激活链接无效、已使用或已过期');
    expect(page.url()).toBe(link);
    await kit.shot(page, 'link-used');
    await expectAccessible(page, 'link-used');
    // The 400 of the refused activation is the only problem.
    expect(kit.problems.filter((p) => !/status of 400|HTTP 400 POST .*user\.activateAccount/.test(p))).toEqual([]);
    await expect(createTestClient(base).trpc.auth.login.mutate({ username: 'center.admin', password: 'An0ther#Pass1' })).rejects.toThrow();
    expect((await createTestClient(base).trpc.auth.login.mutate({ username: 'center.admin', password: ADMIN_PASSWORD })).actor.role).toBe('platform_admin');
  });
});
