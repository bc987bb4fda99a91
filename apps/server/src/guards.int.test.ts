/**
 * Small guards of issue 13 §9 through the real HTTP server on PostgreSQL and the S3 server: who may move
 * the fake clock, typed 4xx for a refused live topic and a mutation without a body, control and bidi
 * characters refused in every text input, the expert library not listed to experts, and the idle timeout
 * of streamed uploads.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq } from 'drizzle-orm';
import { auditEvents } from '@ebid/db';
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
