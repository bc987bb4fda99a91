/**
 * The time source on the real HTTP server (issue 20 §5, T3): NTP_SERVERS configured to a loopback NTP
 * responder, the sampler started as the server starts it (first poll at once) and stopped on close;
 * GET /healthz carries the state and the offset — and no server names — and staff read the servers
 * and each answer through system.timeSource.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startTimeSourceMonitor } from '@ebid/services';
import { startNtpResponder, type NtpResponder } from '@ebid/testing';
import { startTestApp, type TestApp } from './test-app.ts';

let t: TestApp;
let ntp: NtpResponder;
let sampler: { stop(): void };

beforeAll(async () => {
  // The responder follows the platform clock of the app's deps, made just after it: set below.
  let now: () => Date = () => new Date();
  ntp = await startNtpResponder({ now: () => now(), offsetMs: 1500 });
  t = await startTestApp({ env: { NTP_SERVERS: ntp.server, NTP_POLL_MS: '2000', NTP_MAX_OFFSET_MS: '3000' } });
  now = () => t.deps.clock.now();
  sampler = await startTimeSourceMonitor(t.deps);
});
afterAll(async () => {
  sampler?.stop();
  await t?.close();
  await ntp?.close();
});

describe('GET /healthz and system.timeSource (T3)', () => {
  it('/healthz shows the state and the measured offset, without the server names', async () => {
    const res = await fetch(`${t.base}/healthz`);
    expect(res.status).toBe(200); // a clock alert does not take the instance out of service
    const body = (await res.json()) as { status: string; timeSource: Record<string, unknown> };
    expect(body.timeSource).toMatchObject({ state: 'warn', blocking: false, warnOffsetMs: 1000, maxOffsetMs: 3000 });
    expect(Math.abs((body.timeSource.offsetMs as number) - 1500)).toBeLessThan(100);
    expect(typeof body.timeSource.lastSampleAt).toBe('string');
    expect(JSON.stringify(body)).not.toContain('127.0.0.1');
    expect(Object.keys(body.timeSource).sort()).toEqual(['blocking', 'lastSampleAt', 'maxOffsetMs', 'offsetMs', 'state', 'warnOffsetMs']);
  });

  it('beyond the limit /healthz says blocked; staff see the servers and each answer', async () => {
    ntp.set({ offsetMs: -4000 });
    await t.deps.timeSource.poll(t.deps);
    const health = (await (await fetch(`${t.base}/healthz`)).json()) as { timeSource: { state: string; blocking: boolean; offsetMs: number } };
    expect(health.timeSource).toMatchObject({ state: 'blocked', blocking: true });
    expect(Math.abs(health.timeSource.offsetMs + 4000)).toBeLessThan(100);

    const login = await fetch(`${t.base}/trpc/auth.login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'staff', password: DEMO_PASSWORD }) });
    const cookie = (login.headers.getSetCookie()[0] ?? '').split(';')[0]!;
    const res = await fetch(`${t.base}/trpc/system.timeSource`, { headers: { cookie } });
    expect(res.status).toBe(200);
    const view = ((await res.json()) as { result: { data: Record<string, unknown> } }).result.data;
    expect(view).toMatchObject({ state: 'blocked', blocking: true, servers: [ntp.server], pollMs: 2000, results: [{ server: ntp.server, ok: true, stratum: 1, rejection: null }] });
    expect((await fetch(`${t.base}/trpc/system.timeSource`)).status).toBe(401);
    ntp.set({ offsetMs: 0 });
    await t.deps.timeSource.poll(t.deps);
  });
});
