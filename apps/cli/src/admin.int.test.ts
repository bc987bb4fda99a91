/**
 * `ebid admin create` (issue 15 §1) against a real PostgreSQL database, with the environment a production
 * server runs with (PRODUCTION_CENTER_ENV names the center): prints the single-use activation link and no
 * password; refuses a second run naming the administrator; usage errors name the flag (64), configuration
 * errors the keys (78). Nothing is written by a refused run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { auditEvents, organizations, users } from '@ebid/db';
import { demoCreditCode } from '@ebid/services';
import { createTestDatabase, PRODUCTION_CENTER_ENV, PRODUCTION_CLI_NTP_ENV, testEnv, type TestDatabase } from '@ebid/testing';
import { adminCommand } from './commands/admin.ts';
import { run } from './main.ts';

const CENTER_CODE = demoCreditCode('12420100MB0000015');
const PUBLIC_URL = 'https://ggzy.jiangcheng.example';
const DB_PASSWORD = 'PgPasswordNeverPrinted';
const S3_SECRET = 'S3SecretNeverPrinted';

let tdb: TestDatabase;
let env: Record<string, string>;
const pkiDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-cli-admin-pki-'));

beforeAll(async () => {
  tdb = await createTestDatabase();
  const { s3 } = testEnv();
  // Trust auth accepts any password: one in the URL shows that the command never prints it.
  const url = new URL(tdb.url);
  url.password = DB_PASSWORD;
  env = {
    NODE_ENV: 'production',
    DATABASE_URL: url.toString(),
    S3_ENDPOINT: s3.endPoint,
    S3_ACCESS_KEY: s3.accessKey,
    S3_SECRET_KEY: S3_SECRET,
    S3_BUCKET: 'ebid-admin-cli',
    PKI_DIR: pkiDir,
    PUBLIC_URL,
    ...PRODUCTION_CENTER_ENV,
    ...PRODUCTION_CLI_NTP_ENV, // T3: required in production; the CLI only reads it
  };
});
afterAll(async () => {
  await tdb?.drop();
  fs.rmSync(pkiDir, { recursive: true, force: true });
});

async function admin(args: string[], e: Record<string, string> = env) {
  let out = '';
  const code = await adminCommand(args, (s) => (out += s), e);
  return { code, out };
}

async function rows() {
  const n = async (t: typeof organizations | typeof users | typeof auditEvents) => (await tdb.database.db.select({ n: count() }).from(t))[0]?.n ?? 0;
  return { orgs: await n(organizations), users: await n(users), audit: await n(auditEvents) };
}

const create = (...extra: string[]) => ['create', '--username', 'Wang.Admin', '--display-name', '王管理', '--credit-code', CENTER_CODE, ...extra];

function expectNoSecrets(out: string): void {
  expect(out).not.toContain(DB_PASSWORD);
  expect(out).not.toContain(S3_SECRET);
  expect(out).not.toMatch(/password\s*[:=]/i);
}

describe('ebid admin create', () => {
  it.each([
    ['a credit code with a wrong check character', ['--credit-code', CENTER_CODE.slice(0, 17) + (CENTER_CODE.endsWith('0') ? '1' : '0')], '--credit-code'],
    ['a credit code of 17 characters', ['--credit-code', CENTER_CODE.slice(0, 17)], '--credit-code'],
    ['a username that is not one', ['--username', '9 lives'], '--username'],
    ['an e-mail address that is not one', ['--email', 'nobody'], '--email'],
    ['a validity of 500 hours', ['--valid-hours', '500'], '--valid-hours'],
    ['a validity that is no number', ['--valid-hours', '3d'], '--valid-hours'],
  ])('refuses %s with exit 64 naming the flag, writing nothing', async (_n, patch, flag) => {
    const before = await rows();
    const args = create();
    const i = args.indexOf(patch[0]!);
    if (i >= 0) args.splice(i, 2, ...patch);
    else args.push(...patch);
    const r = await admin(args);
    expect(r.code).toBe(64);
    expect(r.out).toContain(flag);
    expect(r.out).toContain('Usage:');
    expect(await rows()).toEqual(before);
  });

  it('refuses a missing flag with exit 64 naming it', async () => {
    const r = await admin(['create', '--username', 'x.admin', '--credit-code', CENTER_CODE]);
    expect(r.code).toBe(64);
    expect(r.out).toContain('--display-name');
  });

  it('refuses a bad configuration with exit 78 naming the keys, never the values', async () => {
    const { CENTER_NAME: _dropped, ...rest } = env;
    const r = await admin(create(), { ...rest, CENTER_REGION_CODE: '990000' });
    expect(r.code).toBe(78);
    expect(r.out).toContain('CENTER_NAME');
    expect(r.out).toContain('CENTER_REGION_CODE');
    expect(r.out).not.toContain('990000');
    expectNoSecrets(r.out);
    expect((await rows()).users).toBe(0);
  });

  it('creates the administrator and the center, printing a single-use link with a 43-character token and no password (exit 0)', async () => {
    const r = await admin(create('--email', 'wang@jiangcheng.example'));
    expect(r.code).toBe(0);
    const link = new RegExp(`^\\s*${PUBLIC_URL.replace(/[.]/g, '\\.')}/activate\\?token=([A-Za-z0-9_-]{43})$`, 'm').exec(r.out);
    expect(link, r.out).not.toBeNull();
    expect(r.out).toContain('wang.admin');
    expect(r.out).toContain(PRODUCTION_CENTER_ENV.CENTER_NAME);
    expect(r.out).toContain(CENTER_CODE);
    expect(r.out).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d（北京时间）/);
    expect(r.out).toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/);
    expect(r.out).toContain('single use');
    expect(r.out).toContain('No password was set');
    expectNoSecrets(r.out);

    const [u] = await tdb.database.db.select().from(users).where(eq(users.username, 'wang.admin'));
    expect(u).toMatchObject({ role: 'platform_admin', isOrgAdmin: true, email: 'wang@jiangcheng.example' });
    const [org] = await tdb.database.db.select().from(organizations).where(eq(organizations.id, u!.orgId));
    expect(org).toMatchObject({ kind: 'center', name: PRODUCTION_CENTER_ENV.CENTER_NAME, regionCode: PRODUCTION_CENTER_ENV.CENTER_REGION_CODE, creditCode: CENTER_CODE });
  });

  it('refuses a second run with exit 1, naming the existing administrator, and changes nothing', async () => {
    const before = await rows();
    const r = await admin(['create', '--username', 'another', '--display-name', '另一位', '--credit-code', CENTER_CODE]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('wang.admin');
    expect(r.out).toContain('ADMIN_EXISTS');
    expect(r.out).toContain('nothing was changed');
    expect(r.out).not.toContain('/activate?token=');
    expect(await rows()).toEqual(before);
  });

  it('admin activation-link replaces the link of an administrator who has not activated; without PUBLIC_URL it prints the path', async () => {
    const { PUBLIC_URL: _unset, ...noUrl } = env;
    const r = await admin(['activation-link', '--username', 'wang.admin', '--valid-hours', '24'], noUrl);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^\s*\/activate\?token=[A-Za-z0-9_-]{43}$/m);
    expect(r.out).toContain('PUBLIC_URL');
    expect(r.out).toContain("prefix the server's address");
    const unknown = await admin(['activation-link', '--username', 'nobody']);
    expect(unknown.code).toBe(1);
  });

  it('is registered in ebid: `ebid admin` alone prints its usage (exit 64)', async () => {
    let out = '';
    expect(await run(['admin'], (s) => (out += s))).toBe(64);
    expect(out).toContain('ebid admin create --username');
    let help = '';
    await run(['--help'], (s) => (help += s));
    expect(help).toContain('ebid admin create');
  });
});
