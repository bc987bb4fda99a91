/**
 * The HTTP surface through a real listening server on real PostgreSQL and the S3 server: health, errors
 * for bad input (issue 2 "Bad input"), login/session cookies, request ids.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { count } from 'drizzle-orm';
import { sessions } from '@ebid/db';
import { DEMO_PASSWORD, seedDemo } from '@ebid/services';
import { createTestDatabase, createTestDeps, createTestS3Store, type TestDatabase } from '@ebid/testing';
import { buildServer } from './app.ts';

let tdb: TestDatabase;
let deps: Awaited<ReturnType<typeof createTestDeps>>;
let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  tdb = await createTestDatabase();
  deps = await createTestDeps(tdb.database, { storage: await createTestS3Store() });
  deps.config.bodyLimitBytes = 64 * 1024;
  await seedDemo(deps, { certificates: false, projects: false });
  app = await buildServer(deps, {});
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await deps.live.stop();
  await app?.close();
  await deps?.close();
  await tdb?.drop();
});

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

async function sessionCount(): Promise<number> {
  const [r] = await deps.db.select({ n: count() }).from(sessions);
  return r?.n ?? -1;
}

describe('GET /healthz', () => {
  it('reports the database and the object store', async () => {
    const res = await fetch(base + '/healthz');
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, { ok: boolean; driver: string }>;
    expect(body.status).toBe('ok');
    expect(body.database).toMatchObject({ ok: true, driver: 'postgres' });
    expect(body.objectStore).toMatchObject({ ok: true, driver: 's3' });
  });
});

describe('request ids', () => {
  it('generates one per request and echoes a well-formed one given by the caller', async () => {
    const a = await fetch(base + '/healthz');
    expect(a.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const b = await fetch(base + '/healthz', { headers: { 'x-request-id': 'lb-req-12345678' } });
    expect(b.headers.get('x-request-id')).toBe('lb-req-12345678');
    const c = await fetch(base + '/healthz', { headers: { 'x-request-id': 'bad id with spaces <script>' } });
    expect(c.headers.get('x-request-id')).not.toContain('script');
  });
});

describe('bad input gets a typed error and changes nothing', () => {
  it('a body over the configured limit → 413 PAYLOAD_TOO_LARGE', async () => {
    const before = await sessionCount();
    const big = JSON.stringify({ username: 'staff', password: 'x'.repeat(100_000) });
    const res = await post('/trpc/auth.login', big);
    expect(res.status).toBe(413);
    const body = (await res.json()) as { error: { code: string; messageZh: string; messageEn: string } };
    expect(body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(body.error.messageZh).toMatch(/超过/);
    expect(await sessionCount()).toBe(before);
  });

  it.each([
    ['truncated JSON', '{"username": "staff", "pass'],
    ['not JSON at all', 'username=staff&password=x'],
    ['a JSON string', '"hello"'],
  ])('malformed JSON body (%s) → 400 VALIDATION', async (_name, body) => {
    const before = await sessionCount();
    const res = await post('/trpc/auth.login', body);
    expect(res.status).toBe(400);
    const json = (await res.json()) as { error: { data?: { appError: { code: string } }; code?: string } };
    const code = json.error.data?.appError.code ?? json.error.code;
    expect(code).toBe('VALIDATION');
    expect(await sessionCount()).toBe(before);
  });

  it.each([
    ['batch body that is not an object', '/trpc/auth.login?batch=1', '[1,2,3]'],
    ['batch with a broken input', '/trpc/auth.login?batch=1', '{"0": {"username": 5}}'],
    ['batch naming more procedures than inputs', '/trpc/auth.login,auth.login?batch=1', '{"0":'],
  ])('malformed tRPC batch (%s) → VALIDATION', async (_name, path, body) => {
    const before = await sessionCount();
    const res = await post(path, body);
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toContain('"code":"VALIDATION"');
    expect(await sessionCount()).toBe(before);
  });

  it('a batch larger than the maximum is refused', async () => {
    const names = Array.from({ length: 25 }, () => 'system.time').join(',');
    const res = await fetch(`${base}/trpc/${names}?batch=1&input=${encodeURIComponent('{}')}`);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(await res.text()).toContain('VALIDATION');
  });

  it('input failing its schema → 400 VALIDATION with the field path', async () => {
    const res = await post('/trpc/auth.login', JSON.stringify({ username: '', password: 'x' }));
    expect(res.status).toBe(400);
    const json = (await res.json()) as {
      error: { data: { appError: { code: string; messageZh: string; details: { issues: { path: string }[] } } } };
    };
    expect(json.error.data.appError.code).toBe('VALIDATION');
    expect(json.error.data.appError.messageZh).toBeTruthy();
    expect(json.error.data.appError.details.issues[0]?.path).toBe('username');
  });

  it('an unknown procedure → 404 NOT_FOUND', async () => {
    const res = await fetch(base + '/trpc/nothing.here');
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('"code":"NOT_FOUND"');
  });

  it('an unknown non-API path → 404 NOT_FOUND in the same shape', async () => {
    const res = await fetch(base + '/no/such/file.js');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('the fake clock cannot be moved unless it is enabled', async () => {
    const realClockDeps = { ...deps, clock: { now: () => new Date(), fake: false } };
    const app2 = await buildServer(realClockDeps, {});
    const url = await app2.listen({ port: 0, host: '127.0.0.1' });
    try {
      const login = await post('/trpc/auth.login', JSON.stringify({ username: 'staff', password: DEMO_PASSWORD }));
      const cookie = (login.headers.getSetCookie()[0] ?? '').split(';')[0]!;
      const res = await fetch(url + '/trpc/system.setFakeClock', {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({ iso: '2030-01-01T00:00:00Z' }),
      });
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('"code":"FORBIDDEN"');
    } finally {
      await app2.close();
    }
  });
});

describe('password login and the session cookie', () => {
  it('one message for a wrong password and an unknown user (no enumeration)', async () => {
    const a = await post('/trpc/auth.login', JSON.stringify({ username: 'staff', password: 'wrong' }));
    const b = await post('/trpc/auth.login', JSON.stringify({ username: 'nobody-here', password: 'wrong' }));
    expect(a.status).toBe(401);
    expect(b.status).toBe(401);
    const ea = ((await a.json()) as { error: { data: { appError: unknown } } }).error.data.appError;
    const eb = ((await b.json()) as { error: { data: { appError: unknown } } }).error.data.appError;
    expect(ea).toEqual(eb);
    expect(ea).toMatchObject({ code: 'UNAUTHORIZED', messageZh: '用户名或密码错误' });
  });

  it('logs in, sets an httpOnly SameSite cookie, knows the actor, logs out', async () => {
    const res = await post('/trpc/auth.login', JSON.stringify({ username: 'staff', password: DEMO_PASSWORD }));
    expect(res.status).toBe(200);
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^ebid_session=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Lax');
    const cookie = setCookie.split(';')[0] ?? '';
    const me = await fetch(base + '/trpc/auth.me', { headers: { cookie } });
    expect(await me.json()).toMatchObject({ result: { data: { actor: { username: 'staff', role: 'staff' } } } });

    const out = await post('/trpc/auth.logout', '', { cookie });
    expect(out.status).toBe(200);
    const after = await fetch(base + '/trpc/auth.me', { headers: { cookie } });
    expect(await after.json()).toMatchObject({ result: { data: { actor: null } } });
  });

  it('a protected procedure without a session → 401 UNAUTHORIZED', async () => {
    const res = await post('/trpc/auth.logout', '');
    expect(res.status).toBe(401);
    expect(await res.text()).toContain('"code":"UNAUTHORIZED"');
  });
});

describe('CSRF and forged cookies (issue 3 §2)', () => {
  it('a state-changing request from another origin is refused and changes nothing', async () => {
    const before = await sessionCount();
    const res = await post('/trpc/auth.login', JSON.stringify({ username: 'staff', password: DEMO_PASSWORD }), {
      origin: 'https://evil.example',
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: 'FORBIDDEN', details: { reason: 'CSRF' } } });
    expect(await sessionCount()).toBe(before);
  });

  it('a same-origin request passes', async () => {
    const res = await post('/trpc/auth.login', JSON.stringify({ username: 'staff', password: DEMO_PASSWORD }), {
      origin: base,
    });
    expect(res.status).toBe(200);
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])(
    'a tRPC POST as %s (what a cross-site form can send) is refused',
    async (type) => {
      const before = await sessionCount();
      const res = await fetch(base + '/trpc/auth.login', {
        method: 'POST',
        headers: { 'content-type': type },
        body: JSON.stringify({ username: 'staff', password: DEMO_PASSWORD }),
      });
      expect(res.status).toBe(400);
      expect(await sessionCount()).toBe(before);
    },
  );

  it('a forged session cookie is anonymous', async () => {
    for (const cookie of ['ebid_session=forged', `ebid_session=${'A'.repeat(43)}`, 'ebid_session=%E0%A4%A']) {
      const me = await fetch(base + '/trpc/auth.me', { headers: { cookie } });
      expect(await me.json()).toMatchObject({ result: { data: { actor: null } } });
    }
  });

  it('serves the platform root CA', async () => {
    const res = await fetch(base + '/pki/root.pem');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('BEGIN CERTIFICATE');
    expect((await fetch(base + '/pki/crl.der')).status).toBe(404); // none published yet
  });
});

