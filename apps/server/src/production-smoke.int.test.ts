/**
 * The production first run (issue 15 §4), as an operator follows docs/deploy.md: an empty PostgreSQL
 * database and an S3 bucket, `ebid pki init` (the center runs its own CA), `ebid admin create` (which
 * migrates), the server with NODE_ENV=production; the administrator activates the account from the
 * printed link and creates a staff user and a tenderee organization through the API; the tenderee's
 * notice is published by staff and its sealed PDF verifies with `pdfsig` against the root served at
 * /pki/root.pem; a restart keeps everything; `ebid verify-audit` passes. The same run shows that
 * production refuses the demo data, the fake clock and a missing PKI, naming the key.
 */
import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creditCodeCheckChar } from '@ebid/domain';
import {
  addTestDocumentAs,
  createEmptyDatabase,
  createTestClient,
  PRODUCTION_CENTER_ENV,
  REPO_ROOT,
  runServerExpectingFailure,
  startNtpResponder,
  startServerProcess,
  testEnv,
  type NtpResponder,
  type ServerProcess,
} from '@ebid/testing';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-smoke-'));
const pkiDir = path.join(tmp, 'pki');
const bucket = `smoke-${crypto.randomBytes(4).toString('hex')}`;
const ADMIN_PASSWORD = 'Smoke-Admin-Pass-2026';
const STAFF_PASSWORD = 'Smoke-Staff-Pass-2026';
const TENDEREE_PASSWORD = 'Smoke-Owner-Pass-2026';

/** A valid 统一社会信用代码 from its first 17 characters. */
const creditCode = (body17: string) => body17 + creditCodeCheckChar(body17);

let env: Record<string, string>;
let db: Awaited<ReturnType<typeof createEmptyDatabase>>;
let admin: ReturnType<typeof createTestClient>['trpc'];

/** `ebid <args>` as an operator runs it (`npm run ebid -- …`), with the server's environment. */
function ebid(args: string[], extraEnv: Record<string, string> = {}): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    // Literally the guide's `npm run ebid -- …` (npm runs `tsx apps/cli/src/main.ts`).
    const child = spawn('npm', ['run', '--silent', 'ebid', '--', ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', ...env, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

async function download(url: string): Promise<Buffer> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

async function signIn(url: string, username: string, password: string) {
  const c = createTestClient(url);
  await c.trpc.auth.login.mutate({ username, password });
  return c.trpc;
}

/** Save a schedule, moving any field the rules refuse to the earliest instant they allow. */
async function saveLawfulSchedule(t: Awaited<ReturnType<typeof signIn>>, projectId: number, version: number) {
  const day = 86_400_000;
  const at0930 = (days: number) => {
    const d = new Date(Date.now() + 8 * 3600_000 + days * day);
    return `${d.toISOString().slice(0, 10)}T09:30:00+08:00`;
  };
  const schedule = {
    noticePublishAt: new Date(Date.now() + 5_000).toISOString(),
    docsIssueStart: at0930(2),
    docsIssueEnd: at0930(12),
    bidDeadline: at0930(35),
    openingAt: at0930(35),
  };
  for (let attempt = 0; attempt < 6; attempt++) {
    try {
      return await t.project.saveSchedule.mutate({ projectId, schedule, expectedVersion: version });
    } catch (e) {
      const violations = (e as { data?: { appError?: { details?: { violations?: { field: string; earliestAllowed: string }[] } } } }).data?.appError?.details?.violations;
      if (!violations?.length) throw e;
      for (const v of violations) if (v.field in schedule) schedule[v.field as keyof typeof schedule] = v.earliestAllowed;
      if (violations.some((v) => v.field === 'bidDeadline')) schedule.openingAt = schedule.bidDeadline;
    }
  }
  throw new Error('no lawful schedule found');
}

let ntp: NtpResponder;
beforeAll(async () => {
  const { s3 } = testEnv();
  // The center's time source (T3, required in production): here a loopback NTP responder on the machine's time.
  ntp = await startNtpResponder({ now: () => new Date() });
  // An empty database, as a center's DBA hands it over: the first run migrates it.
  db = await createEmptyDatabase();
  env = {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    DATABASE_URL: db.url,
    S3_ENDPOINT: s3.endPoint,
    S3_ACCESS_KEY: s3.accessKey,
    S3_SECRET_KEY: s3.secretKey,
    S3_BUCKET: bucket,
    PKI_DIR: pkiDir,
    LOG_LEVEL: 'info', // startServerProcess waits for the 'listening' line
    NTP_SERVERS: ntp.server,
    ...PRODUCTION_CENTER_ENV,
  };
});

afterAll(async () => {
  await ntp?.close();
  await db?.drop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('production first run (issue 15 §4)', () => {
  let server: ServerProcess | undefined;
  let activationPath = '';
  let noticeId = 0;
  let noticeSha = '';

  afterAll(async () => {
    await server?.stop('SIGKILL');
  });

  it('refuses to start without the PKI, naming PKI_DIR; `ebid pki init` makes it (keys 0600) and refuses a second run', async () => {
    const missing = await runServerExpectingFailure(env);
    expect(missing.code).toBe(78);
    expect(missing.output).toContain('PKI_DIR');

    const init = await ebid(['pki', 'init']);
    expect(init.code, init.out).toBe(0);
    expect(fs.statSync(pkiDir).mode & 0o777).toBe(0o700);
    for (const f of ['root-ca.key', 'platform.key', 'draw-secret']) expect(fs.statSync(path.join(pkiDir, f)).mode & 0o777).toBe(0o600);
    const before = fs.readFileSync(path.join(pkiDir, 'root-ca.crt'), 'utf8');
    const again = await ebid(['pki', 'init']);
    expect(again.code).toBe(1);
    expect(fs.readFileSync(path.join(pkiDir, 'root-ca.crt'), 'utf8')).toBe(before);
  });

  it('`ebid admin create` migrates the empty database, creates the center and its administrator, prints a one-time link and no password', async () => {
    const r = await ebid(['admin', 'create', '--username', 'admin', '--display-name', '李主任', '--credit-code', creditCode('12420100MB0000001'), '--email', 'admin@jc.example.cn']);
    expect(r.code, r.out).toBe(0);
    const m = /\/activate\?token=([A-Za-z0-9_-]{43})/.exec(r.out);
    expect(m, r.out).not.toBeNull();
    activationPath = m![0];
    expect(r.out).toContain(PRODUCTION_CENTER_ENV.CENTER_NAME);
    const second = await ebid(['admin', 'create', '--username', 'admin2', '--display-name', '王五', '--credit-code', creditCode('12420100MB0000001')]);
    expect(second.code).toBe(1);
    expect(second.out).toContain('admin');
  });

  it('refuses the demo data, the fake clock and a development switch in production, naming the key', async () => {
    for (const [key, value] of [
      ['SEED_DEMO', '1'],
      ['EBID_FAKE_CLOCK', '1'],
      ['EBID_ACCELERATION', '60'],
    ] as const) {
      const r = await runServerExpectingFailure({ ...env, [key]: value });
      expect(r.code).toBe(78);
      expect(r.output).toContain(key);
    }
  });

  it('the server starts in production; the administrator activates the account and builds the center', async () => {
    server = await startServerProcess({ env });
    const health = await fetch(`${server.url}/healthz`).then((r) => r.json());
    expect(health).toMatchObject({ status: 'ok', database: { driver: 'postgres' }, objectStore: { driver: 's3' }, timeSource: { state: 'ok', blocking: false } });

    const anon = createTestClient(server.url).trpc;
    const token = new URL(activationPath, server.url).searchParams.get('token')!;
    await anon.user.activateAccount.mutate({ token, newPassword: ADMIN_PASSWORD });
    // the link is single use
    await expect(anon.user.activateAccount.mutate({ token, newPassword: 'Another-Pass-2026' })).rejects.toMatchObject({ data: { appError: { code: 'VALIDATION' } } });

    admin = await signIn(server.url, 'admin', ADMIN_PASSWORD);
    const me = await admin.auth.me.query();
    expect(me.actor).toMatchObject({ role: 'platform_admin', orgName: PRODUCTION_CENTER_ENV.CENTER_NAME });
    await admin.user.create.mutate({ username: 'staff1', displayName: '赵敏', password: STAFF_PASSWORD, email: 'staff1@jc.example.cn' });

    const staff = await signIn(server.url, 'staff1', STAFF_PASSWORD);
    const org = await staff.org.create.mutate({
      creditCode: creditCode('91420100MA0000001'),
      name: '江城市城市建设投资集团有限公司',
      kind: 'tenderee',
      admin: { username: 'jc-owner', displayName: '钱工', password: TENDEREE_PASSWORD },
    });
    expect(org).toMatchObject({ kind: 'tenderee', status: 'active' });
  });

  it("a tenderee's notice is published by staff; its sealed PDF verifies with pdfsig against /pki/root.pem and names the configured center", async () => {
    const owner = createTestClient(server!.url);
    await owner.trpc.auth.login.mutate({ username: 'jc-owner', password: TENDEREE_PASSWORD });
    const t = owner.trpc;
    const p = await t.project.create.mutate({ tradeType: 'engineering', method: 'open', name: '江城市滨江路改造工程', budgetFen: 880_000_000, sections: [{ name: '第一标段', ceilingFen: 800_000_000, securityFen: 16_000_000 }] });
    const saved = await saveLawfulSchedule(t, p.id, p.version);
    expect(saved.id).toBe(p.id);
    await addTestDocumentAs(owner, p.id);
    const n = await t.notice.draft.mutate({ projectId: p.id, kind: 'tender', title: '江城市滨江路改造工程招标公告', body: '一、招标条件\n\n本项目已具备招标条件，现对该项目的施工进行公开招标。\n\n二、投标人资格要求\n\n具备市政公用工程施工总承包三级及以上资质。' });
    await t.notice.submit.mutate({ noticeId: n.id });
    const staff = await signIn(server!.url, 'staff1', STAFF_PASSWORD);
    // Approved a few seconds before its publication time: scheduled, then published by the jobs runner.
    const approved = await staff.notice.publish.mutate({ noticeId: n.id });
    expect(['scheduled', 'published']).toContain(approved.status);
    await expect
      .poll(async () => (await t.notice.forProject.query({ projectId: p.id })).find((x) => x.id === n.id)?.status, { timeout: 30_000, interval: 500 })
      .toBe('published');
    const published = (await t.notice.forProject.query({ projectId: p.id })).find((x) => x.id === n.id)!;
    noticeId = n.id;
    noticeSha = published.pdfSha256!;
    expect(noticeSha).toMatch(/^[0-9a-f]{64}$/);

    const rootPem = await fetch(`${server!.url}/pki/root.pem`).then((r) => r.text());
    expect(rootPem).toBe(fs.readFileSync(path.join(pkiDir, 'root-ca.crt'), 'utf8'));
    const pdf = await download(`${server!.url}/portal/notices/${noticeId}.pdf`);
    expect(crypto.createHash('sha256').update(pdf).digest('hex')).toBe(noticeSha);
    const file = path.join(tmp, 'notice.pdf');
    fs.writeFileSync(file, pdf);
    // An NSS database trusting only the served root, as a reader's pdfsig would be set up.
    const nss = path.join(tmp, 'nss');
    fs.mkdirSync(nss);
    fs.writeFileSync(path.join(tmp, 'root.pem'), rootPem);
    execFileSync('certutil', ['-N', '--empty-password', '-d', `sql:${nss}`]);
    execFileSync('certutil', ['-A', '-d', `sql:${nss}`, '-n', 'center-root', '-t', 'CT,C,C', '-i', path.join(tmp, 'root.pem')]);
    const sig = execFileSync('pdfsig', ['-nssdir', `sql:${nss}`, file], { encoding: 'utf8' });
    expect(sig).toContain('Signature is Valid');
    expect(sig).toContain('Certificate is Trusted');
    expect(sig).toContain(PRODUCTION_CENTER_ENV.PLATFORM_NAME);
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    expect(text).toContain('江城市滨江路改造工程招标公告');
    expect(text).toContain(PRODUCTION_CENTER_ENV.CENTER_NAME);
    expect(text).not.toContain('示范市');
  });

  it('a restart keeps everything; `ebid verify-audit` passes', async () => {
    expect(await server!.stop('SIGTERM')).toBe(0);
    server = await startServerProcess({ env });
    const staff = await signIn(server.url, 'staff1', STAFF_PASSWORD);
    expect((await staff.auth.me.query()).actor?.role).toBe('staff');
    const pdf = await download(`${server.url}/portal/notices/${noticeId}.pdf`);
    expect(crypto.createHash('sha256').update(pdf).digest('hex')).toBe(noticeSha);
    const adminAgain = await signIn(server.url, 'admin', ADMIN_PASSWORD);
    expect((await adminAgain.auth.me.query()).actor?.role).toBe('platform_admin');
    await server.stop('SIGTERM');
    server = undefined;

    const audit = await ebid(['verify-audit']);
    expect(audit.code, audit.out).toBe(0);
  });
});
