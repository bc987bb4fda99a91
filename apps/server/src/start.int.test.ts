/**
 * The server as a process, as `npm start` runs it: configuration checks, production mode on PostgreSQL
 * and the S3 server, JSON logs without secrets, SIGTERM draining, and the embedded mode on PGlite with
 * data kept across restarts (issue 2 §3, §4).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initPlatformPki } from '@ebid/pki';
import { DEMO_PASSWORD } from '@ebid/services';
import {
  createTestClient,
  createTestDatabase,
  runServerExpectingFailure,
  startServerProcess,
  testEnv,
  type TestDatabase,
  PRODUCTION_CENTER_ENV,
  startNtpResponder,
  type NtpResponder,
} from '@ebid/testing';

describe('configuration is validated once, naming keys and never values', () => {
  it.each([
    ['production without anything', { NODE_ENV: 'production' }, ['DATABASE_URL', 'PKI_DIR', 'NTP_SERVERS', 'S3_ENDPOINT', 'S3_ACCESS_KEY', 'S3_SECRET_KEY', 'S3_BUCKET']],
    [
      'a malformed DATABASE_URL and S3_ENDPOINT',
      {
        NODE_ENV: 'production',
        DATABASE_URL: 'mysql://root:SuperSecretPw1@db/x',
        S3_ENDPOINT: 'not a url SecretInEndpoint',
        S3_ACCESS_KEY: 'AccessKeyValue9',
        S3_SECRET_KEY: 'S3SecretValue9',
        S3_BUCKET: 'ebid',
      },
      ['DATABASE_URL', 'S3_ENDPOINT'],
    ],
    ['a port out of range', { PORT: '70000' }, ['PORT']],
    ['half of the S3 keys', { S3_ENDPOINT: 'http://127.0.0.1:9', S3_SECRET_KEY: 'S3SecretValue9' }, ['S3_ACCESS_KEY', 'S3_BUCKET']],
    [
      'the fake clock in production',
      {
        NODE_ENV: 'production',
        PKI_DIR: '/nonexistent',
        DATABASE_URL: 'postgres://u:SuperSecretPw1@127.0.0.1:1/x',
        S3_ENDPOINT: 'http://127.0.0.1:9',
        S3_ACCESS_KEY: 'AccessKeyValue9',
        S3_SECRET_KEY: 'S3SecretValue9',
        S3_BUCKET: 'ebid',
        EBID_FAKE_CLOCK: '1',
        EBID_ACCELERATION: '1440',
      },
      ['EBID_FAKE_CLOCK', 'EBID_ACCELERATION'],
    ],
    ['a non-boolean switch', { EBID_FAKE_CLOCK: 'maybe' }, ['EBID_FAKE_CLOCK']],
  ])('%s → refuses to start', async (_name, env, keys) => {
    const { code, output } = await runServerExpectingFailure(env as Record<string, string>);
    expect(code).toBe(78);
    for (const k of keys) expect(output).toContain(k);
    for (const secret of ['SuperSecretPw1', 'SecretInEndpoint', 'S3SecretValue9', 'AccessKeyValue9', 'mysql://']) {
      expect(output).not.toContain(secret);
    }
  });
});

describe('the center’s identity (issue 15 §3): a bad value refuses the start, names the key and changes nothing', () => {
  it.each([
    ['a region code that is not six digits', { CENTER_REGION_CODE: '4201' }, ['CENTER_REGION_CODE']],
    ['a region code outside GB/T 2260', { CENTER_REGION_CODE: '990100' }, ['CENTER_REGION_CODE']],
    ['a center name of two characters', { CENTER_NAME: '中心' }, ['CENTER_NAME']],
    ['a center name with a bidi override', { CENTER_NAME: '江城市\u202e公共资源交易中心' }, ['CENTER_NAME']],
    ['a center name the PDF font cannot print', { CENTER_NAME: '江城市公共资源交易中心🏛' }, ['CENTER_NAME']],
    ['a platform name and an address the PDF font cannot print', { PLATFORM_NAME: '江城市交易平台🏛', CENTER_ADDRESS: '江城市政务服务中心 5 楼 🏢' }, ['PLATFORM_NAME', 'CENTER_ADDRESS']],
    ['production without the identity', { NODE_ENV: 'production', PLATFORM_NAME: '', CENTER_NAME: '', CENTER_REGION_CODE: '', CENTER_ADDRESS: '', CENTER_CONTACT: '' }, ['PLATFORM_NAME', 'CENTER_NAME', 'CENTER_REGION_CODE', 'CENTER_ADDRESS', 'CENTER_CONTACT']],
  ])('%s → exit 78', async (_name, env, keys) => {
    const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-bad-center-')), 'data');
    const { code, output } = await runServerExpectingFailure({ ...PRODUCTION_CENTER_ENV, ...env, DATA_DIR: dataDir } as Record<string, string>);
    expect(code).toBe(78);
    for (const k of keys) expect(output).toContain(k);
    expect(output).toContain('Invalid configuration / 配置无效');
    // Refused before anything was opened or created: no database, no object store, no PKI.
    expect(fs.existsSync(dataDir)).toBe(false);
  });
});

describe('production mode', () => {
  let tdb: TestDatabase;
  // Production never creates a CA: the operator provides one (here made beforehand, as `ebid pki init` does).
  const pkiDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-prod-pki-'));
  beforeAll(async () => {
    tdb = await createTestDatabase();
    const { PLATFORM_NAME: platformName, CENTER_NAME: centerName } = PRODUCTION_CENTER_ENV;
    await initPlatformPki({ src: { dir: pkiDir, ca: null }, names: { platformName, centerName }, production: true });
    // …and the draw secret (issue 14 §2), which production never creates either: 64 hex characters, 0600.
    fs.writeFileSync(path.join(pkiDir, 'draw-secret'), `${crypto.randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
  });
  // T3 (issue 20 §5): production measures its clock; here against a loopback NTP responder on the machine's time.
  let ntp: NtpResponder;
  beforeAll(async () => {
    ntp = await startNtpResponder({ now: () => new Date() });
  });
  afterAll(async () => {
    await tdb?.drop();
    await ntp?.close();
  });

  it('starts on PostgreSQL and S3, logs JSON with request ids and no secrets, drains on SIGTERM', async () => {
    const { s3 } = testEnv();
    // Trust auth accepts any password, so a password in the URL proves it is never logged.
    const dbUrl = new URL(tdb.url);
    dbUrl.password = 'PgPasswordNeverLogged';
    const server = await startServerProcess({
      env: {
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        DATABASE_URL: dbUrl.toString(),
        S3_ENDPOINT: s3.endPoint,
        S3_ACCESS_KEY: s3.accessKey,
        S3_SECRET_KEY: 'S3SecretNeverLogged',
        S3_BUCKET: `prod-${Date.now()}`,
        PKI_DIR: pkiDir,
        LOG_LEVEL: 'info',
        NTP_SERVERS: ntp.server,
        ...PRODUCTION_CENTER_ENV,
      },
    });
    try {
      const health = await fetch(server.url + '/healthz');
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({
        status: 'ok',
        database: { ok: true, driver: 'postgres' },
        objectStore: { ok: true, driver: 's3' },
        timeSource: { state: 'ok', blocking: false }, // the first poll is awaited before the server listens
      });
      const info = await fetch(server.url + '/trpc/system.info').then((r) => r.json());
      expect(info).toMatchObject({ result: { data: { mode: 'production', database: 'postgres', objectStore: 's3' } } });
      // No demo data in production.
      const login = await fetch(server.url + '/trpc/auth.login', {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: 'ebid_session=abc' },
        body: JSON.stringify({ username: 'staff', password: DEMO_PASSWORD }),
      });
      expect(login.status).toBe(401);
      // An SSE subscription is open while SIGTERM arrives: the drain must end it, not hang.
      const client = createTestClient(server.url);
      const events: unknown[] = [];
      const sub = client.trpc.live.events.subscribe({ topics: ['system'] }, { onData: (d) => events.push(d) });
      await new Promise((r) => setTimeout(r, 300));
      const t0 = Date.now();
      const code = await server.stop('SIGTERM');
      sub.unsubscribe();
      expect(code).toBe(0);
      expect(Date.now() - t0).toBeLessThan(15_000);
    } finally {
      await server.stop('SIGKILL');
    }
    const logs = server.logs();
    const requests = logs.filter((l) => l.msg === 'request completed');
    expect(requests.length).toBeGreaterThanOrEqual(3);
    expect(requests.every((l) => typeof l.reqId === 'string' && (l.reqId as string).length > 8)).toBe(true);
    expect(logs.some((l) => l.msg === 'draining')).toBe(true);
    expect(logs.some((l) => l.msg === 'stopped')).toBe(true);
    const out = server.output();
    for (const secret of ['PgPasswordNeverLogged', 'S3SecretNeverLogged', 'ebid_session=abc', DEMO_PASSWORD]) {
      expect(out).not.toContain(secret);
    }
  });
});

describe('embedded mode (PGlite + fs driver)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-embedded-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('starts with no database or S3 settings, seeds the demo once, keeps data across a restart', async () => {
    const env = { DATA_DIR: dataDir, HOST: '127.0.0.1' };
    const first = await startServerProcess({ env, timeoutMs: 90_000 });
    let cookie = '';
    try {
      expect(first.output()).toContain('demo accounts');
      expect(first.logs().some((l) => l.msg === 'demo data seeded')).toBe(true);
      const health = await fetch(first.url + '/healthz').then((r) => r.json());
      expect(health).toMatchObject({ status: 'ok', database: { driver: 'pglite' }, objectStore: { driver: 'fs' } });
      const client = createTestClient(first.url);
      await client.trpc.auth.login.mutate({ username: 'bidder1', password: DEMO_PASSWORD });
      cookie = client.cookie();
      expect(cookie).toMatch(/^ebid_session=/);
    } finally {
      expect(await first.stop('SIGTERM')).toBe(0);
    }
    expect(fs.existsSync(path.join(dataDir, 'pg'))).toBe(true);
    expect(fs.existsSync(path.join(dataDir, 'objects'))).toBe(true);

    const second = await startServerProcess({ env, timeoutMs: 90_000 });
    try {
      expect(second.logs().some((l) => l.msg === 'demo data seeded')).toBe(false);
      // The session created before the restart is still there: the data persisted.
      const me = await fetch(second.url + '/trpc/auth.me', { headers: { cookie } }).then((r) => r.json());
      expect(me).toMatchObject({ result: { data: { actor: { username: 'bidder1', role: 'bidder' } } } });
    } finally {
      expect(await second.stop('SIGTERM')).toBe(0);
    }
  }, 150_000); // two starts of an embedded (PGlite) server, the first seeding the whole demo
});
