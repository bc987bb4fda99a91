/**
 * Small guards of issue 13 §9 through the real HTTP server on PostgreSQL and the S3 server: who may move
 * the fake clock, typed 4xx for a refused live topic and a mutation without a body, control and bidi
 * characters refused in every text input, the expert library not listed to experts, and the idle timeout
 * of streamed uploads.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq } from 'drizzle-orm';
import { auditEvents, liveEvents } from '@ebid/db';
import { DEMO_PASSWORD } from '@ebid/services';
import { startTestApp, type TestApp } from './test-app.ts';

let t: TestApp;
let base: string;

beforeAll(async () => {
  t = await startTestApp();
  base = t.base;
});
afterAll(async () => {
  await t?.close();
});

const cookies = new Map<string, string>();
/** A session cookie of a demo user, signed in through the HTTP API. */
async function cookieOf(username: string): Promise<string> {
  const known = cookies.get(username);
  if (known) return known;
  const res = await fetch(`${base}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  const c = (res.headers.getSetCookie()[0] ?? '').split(';')[0]!;
  cookies.set(username, c);
  return c;
}

/** POST a tRPC mutation as `username` (null: anonymous); the status and the parsed error, if any. */
async function mutate(path: string, input: unknown, username: string | null) {
  const res = await fetch(`${base}/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(username ? { cookie: await cookieOf(username) } : {}) },
    body: JSON.stringify(input),
  });
  const json = (await res.json()) as { result?: { data: unknown }; error?: { data: { appError: { code: string; messageZh: string; messageEn: string; details?: Record<string, unknown> } } } };
  return { status: res.status, json, appError: json.error?.data.appError };
}

describe('the fake clock (issue 13 §9.6)', () => {
  const target = '2031-05-06T07:08:09.000Z';

  it.each([
    ['anonymous', null, 401, 'UNAUTHORIZED'],
    ['a bidder', 'bidder1', 403, 'FORBIDDEN'],
    ['a tenderee', 'tenderee', 403, 'FORBIDDEN'],
    ['an expert', 'expert01', 403, 'FORBIDDEN'],
  ])('%s cannot move it', async (_who, username, status, code) => {
    const before = t.deps.clock.now().getTime();
    const r = await mutate('system.setFakeClock', { iso: target }, username);
    expect(r.status).toBe(status);
    expect(r.appError?.code).toBe(code);
    expect(Math.abs(t.deps.clock.now().getTime() - before)).toBeLessThan(60_000);
  });

  it.each([['staff'], ['admin']])('%s moves it, and the move is audited', async (username) => {
    const r = await mutate('system.setFakeClock', { iso: target }, username);
    expect(r.status).toBe(200);
    expect(Math.abs(t.deps.clock.now().getTime() - Date.parse(target))).toBeLessThan(5_000); // it runs on from there
    const [ev] = await t.deps.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'system.fake_clock.set'), eq(auditEvents.chain, 'platform')))
      .orderBy(desc(auditEvents.id))
      .limit(1);
    expect(ev?.payload).toMatchObject({ to: target });
    // Open pages are told to re-measure the server clock at once (issue 16 §4): clock.moved on `system`.
    const [moved] = await t.deps.db.select().from(liveEvents).where(and(eq(liveEvents.topic, 'system'), eq(liveEvents.type, 'clock.moved'))).orderBy(desc(liveEvents.id)).limit(1);
    expect(moved?.data).toMatchObject({ to: target });
    t.deps.clock.set(new Date());
    cookies.clear();
  });
});

/** The first `serialized-error` event of an SSE subscription (tRPC's httpSubscriptionLink protocol). */
async function sseError(path: string, input: unknown, username: string | null) {
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), 5_000);
  try {
    const res = await fetch(`${base}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, {
      headers: { accept: 'text/event-stream', ...(username ? { cookie: await cookieOf(username) } : {}) },
      signal: ac.signal,
    });
    const reader = res.body!.getReader();
    let text = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
      const m = /event: serialized-error\ndata: (.*)\n/.exec(text);
      if (m) {
        await reader.cancel();
        return JSON.parse(m[1]!) as { data: { code: string; httpStatus: number; appError: { code: string; messageZh: string } } };
      }
    }
    throw new Error(`no error event in: ${text}`);
  } finally {
    clearTimeout(timer);
  }
}

describe('typed 4xx, not 500 (issue 13 §9.2)', () => {
  it.each([
    ['anonymous, another user’s topic', null, ['user.1']],
    ['a bidder, another user’s topic', 'bidder1', ['user.1']],
    ['a bidder, an opening it is no party to', 'bidder1', ['system', 'opening.999999']],
    ['anyone, an unknown topic', 'bidder1', ['staff-only']],
  ])('a refused live-events topic (%s) is FORBIDDEN (403) in the event stream', async (_what, username, topics) => {
    const e = await sseError('live.events', { topics }, username);
    expect(e.data.code).toBe('FORBIDDEN');
    expect(e.data.httpStatus).toBe(403);
    expect(e.data.appError.code).toBe('FORBIDDEN');
    expect(e.data.appError.messageZh).toBe('无权订阅该频道');
  });

  it.each([
    ['auth.logout', {}],
    ['auth.login', {}],
    ['auth.login?batch=1', {}],
    ['auth.login', { 'content-type': 'text/plain' }],
  ])('POST %s without a body (headers %j) → typed VALIDATION', async (path, headers) => {
    const res = await fetch(`${base}/trpc/${path}`, { method: 'POST', headers });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    const text = await res.text();
    expect(text).toContain('"code":"VALIDATION"');
    expect(text).not.toContain('INTERNAL');
  });
});

/** A tRPC query as `username`: status and parsed body. */
async function query(path: string, input: unknown, username: string) {
  const res = await fetch(`${base}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers: { cookie: await cookieOf(username) } });
  const json = (await res.json()) as { result?: { data: unknown }; error?: { data: { appError: { code: string } } } };
  return { status: res.status, data: json.result?.data, appError: json.error?.data.appError };
}

describe('the expert library is not listed to experts (issue 13 §9.3)', () => {
  it('user.list: an expert sees only itself, by default and naming the pool', async () => {
    const own = await query('user.list', {}, 'expert01');
    expect(own.status).toBe(200);
    const list = own.data as { username: string; orgId: number }[];
    expect(list.map((u) => u.username)).toEqual(['expert01']);
    const named = await query('user.list', { orgId: list[0]!.orgId }, 'expert02');
    expect((named.data as { username: string }[]).map((u) => u.username)).toEqual(['expert02']);
  });

  it('user.list: staff and the supervisor still see the whole pool; other companies get NOT_FOUND', async () => {
    const poolId = ((await query('user.list', {}, 'expert01')).data as { orgId: number }[])[0]!.orgId;
    for (const who of ['staff', 'supervisor']) {
      const r = await query('user.list', { orgId: poolId }, who);
      expect((r.data as unknown[]).length).toBeGreaterThan(5);
    }
    expect((await query('user.list', { orgId: poolId }, 'bidder1')).appError?.code).toBe('NOT_FOUND');
  });

  it('no other lookup lists experts to an expert: org.list, another org, another expert’s certificates', async () => {
    const others = ((await query('user.list', { orgId: ((await query('user.list', {}, 'expert01')).data as { orgId: number }[])[0]!.orgId }, 'staff')).data as { id: number; username: string }[]).filter((u) => u.username !== 'expert03');
    expect((await query('org.list', { limit: 10 }, 'expert03')).appError?.code).toBe('FORBIDDEN');
    expect((await query('cert.list', { userId: others[0]!.id }, 'expert03')).appError?.code).toBe('NOT_FOUND');
    const bidderOrg = ((await query('user.list', {}, 'bidder1')).data as { orgId: number }[])[0]!.orgId;
    expect((await query('org.get', { orgId: bidderOrg }, 'expert03')).appError?.code).toBe('NOT_FOUND');
    const notes = await query('notification.list', { limit: 50 }, 'expert03');
    expect(notes.status).toBe(200);
  });
});

describe('control and bidi characters are refused in every text input (issue 13 §9.1)', () => {
  const login = (body: unknown) =>
    fetch(`${base}/trpc/auth.login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it.each([
    ['NUL in the username', { username: 'staff\u0000', password: DEMO_PASSWORD }, 'username', 'U+0000'],
    ['NUL in the password', { username: 'staff', password: `${DEMO_PASSWORD}\u0000` }, 'password', 'U+0000'],
    ['an escape in the username', { username: 'st\u001baff', password: 'x' }, 'username', 'U+001B'],
    ['a right-to-left override', { username: 'staff\u202e', password: 'x' }, 'username', 'U+202E'],
    ['an unknown key with NUL', { username: 'staff', password: 'x', ['k\u0000']: 1 }, 'k\\u0000', 'U+0000'],
  ])('anonymous login with %s → 400 VALIDATION naming the field', async (_what, body, field, codePoint) => {
    const res = await login(body);
    expect(res.status).toBe(400);
    const json = (await res.json()) as { error: { data: { appError: { code: string; messageZh: string; messageEn: string; details: Record<string, unknown> } } } };
    const e = json.error.data.appError;
    expect(e).toMatchObject({ code: 'VALIDATION', details: { field, reason: 'FORBIDDEN_CHARACTER', codePoint } });
    expect(e.messageZh).toContain(field);
    expect(e.messageEn).toContain(field);
    expect(JSON.stringify(json)).not.toMatch(/stack|at .*\.ts/);
  });

  it('the portal search (anonymous GET) with NUL → 400 naming q', async () => {
    const res = await fetch(`${base}/trpc/portal.notices?input=${encodeURIComponent(JSON.stringify({ q: 'a\u0000b', limit: 10 }))}`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { data: { appError: { code: 'VALIDATION', details: { field: 'q', codePoint: 'U+0000' } } } } });
  });

  it('the portal search with a bidi isolate in a batch → that call is refused, the other answered', async () => {
    const input = encodeURIComponent(JSON.stringify({ 1: { q: '\u2067x', limit: 5 } }));
    const res = await fetch(`${base}/trpc/system.info,portal.notices?batch=1&input=${input}`);
    const json = (await res.json()) as [{ result?: unknown }, { error?: { data: { appError: { code: string; details: { field: string } } } } }];
    expect(json[0].result).toBeDefined();
    expect(json[1].error?.data.appError).toMatchObject({ code: 'VALIDATION', details: { field: 'q' } });
  });

  it('a nested field of a signed-in mutation → 400 with its path, and nothing is created', async () => {
    const before = (await query('project.list', { limit: 100 }, 'tenderee')).data as unknown[];
    const r = await mutate(
      'project.create',
      { tradeType: 'engineering', method: 'open', name: '项目', sections: [{ name: '一标段' }, { name: '二标段\u200f' }] },
      'tenderee',
    );
    expect(r.status).toBe(400);
    expect(r.appError).toMatchObject({ code: 'VALIDATION', details: { field: 'sections.1.name', codePoint: 'U+200F', kind: 'bidi' } });
    expect(((await query('project.list', { limit: 100 }, 'tenderee')).data as unknown[]).length).toBe(before.length);
  });

  it('free text keeps its line breaks and tabs', async () => {
    const r = await mutate('auth.login', { username: 'nobody', password: 'line\none\ttab\r\n' }, null);
    expect(r.status).toBe(401); // past the character rule: a wrong password
  });

  it.each([
    ['a query string value', '/files?name=a%00b.pdf', 'query.name', 'U+0000'],
    ['a query string key', '/portal/notices/1.pdf?x%1B=1', 'query.x\\u001B', 'U+001B'],
    ['a route parameter', '/documents/1%E2%80%AE', 'params.id', 'U+202E'],
    ['a line feed in a route parameter', '/qualification/evidence/1%0A/0', 'params.answerId', 'U+000A'],
  ])('plain HTTP route: %s → 400 VALIDATION naming it', async (_what, url, field, codePoint) => {
    const method = url.startsWith('/files') ? 'POST' : 'GET';
    const res = await fetch(base + url, {
      method,
      headers: { cookie: await cookieOf('tenderee'), ...(method === 'POST' ? { 'content-type': 'application/pdf', 'x-content-sha256': '0'.repeat(64) } : {}) },
      ...(method === 'POST' ? { body: Buffer.from('%PDF') } : {}),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'VALIDATION', details: { field, reason: 'FORBIDDEN_CHARACTER', codePoint } } });
  });

  it('a binary upload body full of NUL and control bytes is not text: it is stored', async () => {
    const body = Buffer.alloc(4096);
    for (let i = 0; i < body.length; i++) body[i] = i % 40; // NUL, ESC, … everything below 0x28
    const { createHash } = await import('node:crypto');
    const res = await fetch(`${base}/files?name=${encodeURIComponent('二进制.bin')}`, {
      method: 'POST',
      headers: { cookie: await cookieOf('tenderee'), 'content-type': 'application/octet-stream', 'x-content-sha256': createHash('sha256').update(body).digest('hex') },
      body,
    });
    expect(res.status, await res.clone().text()).toBe(201);
  });
});

/**
 * A raw client that sends the request head, then the body one byte at a time with `gapMs` between bytes
 * (a byte a minute, sped up). Resolves when the server closes the connection (or after `waitMs`).
 */
async function dribble(head: string, body: Buffer, gapMs: number, waitMs: number): Promise<{ closed: boolean; afterMs: number; bytesSent: number; response: string }> {
  const { connect } = await import('node:net');
  const url = new URL(base);
  const socket = connect(Number(url.port), url.hostname);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let response = '';
  socket.on('data', (d: Buffer) => (response += d.toString('utf8')));
  socket.on('error', () => {}); // a reset by the server is the expected end
  socket.write(head);
  const t0 = Date.now();
  let sent = 0;
  const next = () => {
    if (sent < body.length && !socket.destroyed) socket.write(body.subarray(sent, ++sent));
  };
  next();
  const timer = setInterval(next, gapMs);
  const closed = await new Promise<boolean>((resolve) => {
    const giveUp = setTimeout(() => resolve(false), waitMs);
    socket.once('close', () => {
      clearTimeout(giveUp);
      resolve(true);
    });
  });
  clearInterval(timer);
  const afterMs = Date.now() - t0;
  socket.destroy();
  return { closed, afterMs, bytesSent: sent, response };
}

describe('a slow upload body is cut off (issue 13 §9.5)', () => {
  const setIdle = (ms: number) => {
    (t.deps.config as { uploadIdleTimeoutMs: number }).uploadIdleTimeoutMs = ms;
  };
  afterAll(() => setIdle(30_000));

  it('POST /files sending one byte and then nothing for longer than the idle timeout: the connection is closed, nothing stored', async () => {
    setIdle(500);
    const { createHash } = await import('node:crypto');
    const body = Buffer.alloc(1000, 0x41);
    const head =
      `POST /files?name=slow.pdf HTTP/1.1\r\nHost: ${new URL(base).host}\r\ncookie: ${await cookieOf('tenderee')}\r\n` +
      `content-type: application/pdf\r\nx-content-sha256: ${createHash('sha256').update(body).digest('hex')}\r\ncontent-length: ${body.length}\r\n\r\n`;
    const r = await dribble(head, body, 60_000, 5_000);
    expect(r.closed).toBe(true);
    expect(r.afterMs).toBeGreaterThanOrEqual(450);
    expect(r.afterMs).toBeLessThan(2_500);
    expect(await t.deps.storage.stat(createHash('sha256').update(body).digest('hex'))).toBeNull();
  });

  it('POST /files with a steady trickle faster than the timeout still succeeds (the timer measures idleness, not duration)', async () => {
    setIdle(600);
    const { createHash } = await import('node:crypto');
    const body = Buffer.from('0123456789');
    const head =
      `POST /files?name=trickle.pdf HTTP/1.1\r\nHost: ${new URL(base).host}\r\ncookie: ${await cookieOf('tenderee')}\r\nconnection: close\r\n` +
      `content-type: application/pdf\r\nx-content-sha256: ${createHash('sha256').update(body).digest('hex')}\r\ncontent-length: ${body.length}\r\n\r\n`;
    const r = await dribble(head, body, 150, 5_000); // 1.5 s in all: longer than the timeout, never idle that long
    expect(r.response).toMatch(/^HTTP\/1\.1 201/);
    expect(r.bytesSent).toBe(body.length);
  });
});

describe('Content-Security-Policy and HSTS (issue 13 §9.4)', () => {
  /** The directives of a CSP header as a map. */
  const csp = (h: string | null) =>
    Object.fromEntries(
      (h ?? '')
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .filter((d) => d[0])
        .map(([k, ...v]) => [k!, v.join(' ')]),
    );

  it.each(['/', '/healthz', '/trpc/system.time'])('%s carries the CSP (antd inline styles, wasm hashing, no framing, same-origin connections)', async (path) => {
    const res = await fetch(base + path);
    const d = csp(res.headers.get('content-security-policy'));
    expect(d).toMatchObject({
      'default-src': "'self'",
      'script-src': "'self' 'wasm-unsafe-eval'",
      'style-src': "'self' 'unsafe-inline'",
      'img-src': "'self' data: blob:",
      'connect-src': "'self'",
      'object-src': "'none'",
      'base-uri': "'self'",
      'frame-ancestors': "'none'",
      'form-action': "'self'",
    });
    expect(d['script-src']).not.toContain('unsafe-inline');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
  });

  it('no HSTS outside production (the embedded mode serves plain HTTP on localhost)', async () => {
    const res = await fetch(base + '/healthz');
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });

  it('HSTS in production mode', async () => {
    const { buildServer } = await import('./app.ts');
    const app = await buildServer({ ...t.deps, config: { ...t.deps.config, mode: 'production' as const } }, {});
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const res = await fetch(url + '/healthz');
      expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
      expect(csp(res.headers.get('content-security-policy'))['frame-ancestors']).toBe("'none'");
    } finally {
      await app.close();
    }
  });
});
