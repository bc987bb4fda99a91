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
