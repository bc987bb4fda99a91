/**
 * The time source (issue 20 §5, domain §4.3, T3) through the real services and API on PostgreSQL + S3,
 * with a real NTP responder on loopback: > 1 s raises ONE operations alert per excursion (audited on the
 * platform chain, told to staff and platform administrators), surviving a restart of the monitor; beyond
 * the limit the opening start (staff and timer) and decryption are refused with CLOCK_UNTRUSTED and change
 * nothing; recovery is noted once and lets them happen. An absurd or malformed answer never moves the
 * measured offset, nor the platform clock; without a valid answer for N polls the state is unknown and
 * blocks. Staff read it all through system.timeSource; other roles may not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import { auditEvents, jobs, notifications, openings, projects, users } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import { TimeSourceMonitor, TIME_SOURCE_ALERT_ACTION, TIME_SOURCE_RECOVERED_ACTION } from '@ebid/services';
import {
  bidderKeys,
  biddingProject,
  callerAs,
  decryptBid,
  registeredBidder,
  runTestJob,
  sealedBid,
  startNtpResponder,
  TEST_DEADLINE,
  TEST_START,
  type NtpResponder,
  type TestDeps,
  useDemoTestDeps,
} from '@ebid/testing';
import { appError } from '../test-client.ts';

let deps: TestDeps;
useDemoTestDeps((d) => (deps = d), { clockStart: TEST_START });
let ntp: NtpResponder;
/** The monitor's monotonic clock, moved by hand: sample ages do not depend on how slow the machine is. */
let mono = 0;
const INSTANCE = 'ntp-test-1';
const CONFIG = { pollMs: 1000, maxOffsetMs: 2000, timeoutMs: 2000, stalePolls: 3 };
const monitor = () => new TimeSourceMonitor({ ...CONFIG, servers: [{ host: ntp.address, port: ntp.port }] }, INSTANCE, () => mono);

beforeAll(async () => {
  ntp = await startNtpResponder({ now: () => deps.clock.now() });
  deps.clock.set(new Date(TEST_START.getTime() - 3600_000));
  for (const b of ['bidder1', 'bidder2', 'bidder3']) await bidderKeys(deps, b);
}, 300_000);
afterAll(() => ntp?.close());

async function measure(offsetMs: number, mode: Parameters<NtpResponder['set']>[0]['mode'] = 'normal') {
  ntp.set({ offsetMs, mode });
  return deps.timeSource.poll(deps);
}

const alertEvents = () =>
  deps.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.subjectType, 'time_source'), eq(auditEvents.subjectId, INSTANCE), inArray(auditEvents.action, [TIME_SOURCE_ALERT_ACTION, TIME_SOURCE_RECOVERED_ACTION])))
    .orderBy(auditEvents.id);
const centerUsers = async () => (await deps.db.select({ id: users.id }).from(users).where(and(inArray(users.role, ['staff', 'platform_admin']), eq(users.active, true)))).map((u) => u.id).sort((a, b) => a - b);
const notified = async (kind: string) => (await deps.db.select().from(notifications).where(eq(notifications.kind, kind))).map((n) => n.userId).sort((a, b) => a - b);

describe('the time source monitor (T3)', () => {
  it('unconfigured: unmonitored, never blocking, and the staff console says so', async () => {
    const staff = await callerAs(deps, 'staff');
    expect(await staff.system.timeSource()).toMatchObject({ state: 'unmonitored', blocking: false, offsetMs: null, servers: [], results: [] });
    for (const u of ['bidder1', 'tenderee', 'supervisor']) {
      expect((await appError((await callerAs(deps, u)).system.timeSource())).code).toBe('FORBIDDEN');
    }
  });

  it('> 1 s raises one alert per excursion and level, a restart does not repeat it, recovery is noted once', async () => {
    deps.timeSource = monitor();
    expect(deps.timeSource.status()).toMatchObject({ state: 'unknown', blocking: true }); // configured, nothing measured yet
    expect(await measure(0)).toMatchObject({ state: 'ok', blocking: false });
    expect(await measure(900)).toMatchObject({ state: 'ok' }); // (the exact 1 s boundary: the domain table; a real round trip adds jitter)
    expect(await alertEvents()).toEqual([]);

    const warn = await measure(1500);
    expect(warn).toMatchObject({ state: 'warn', blocking: false });
    expect(Math.abs(warn.offsetMs! - 1500)).toBeLessThan(50);
    await measure(1600); // the same excursion
    let events = await alertEvents();
    expect(events.map((e) => [e.action, (e.payload as { level: string }).level])).toEqual([[TIME_SOURCE_ALERT_ACTION, 'warn']]);
    expect(events[0]).toMatchObject({ chain: 'platform', actorUserId: null });
    expect(await notified(TIME_SOURCE_ALERT_ACTION)).toEqual(await centerUsers());

    expect(await measure(-2500)).toMatchObject({ state: 'blocked', blocking: true }); // escalates: told again
    await measure(-2600);
    // A restart mid-excursion (a new monitor, same instance): the audit log says it was alerted.
    deps.timeSource = monitor();
    expect(await measure(-2700)).toMatchObject({ state: 'blocked' });
    events = await alertEvents();
    expect(events.map((e) => [e.action, (e.payload as { level: string }).level])).toEqual([
      [TIME_SOURCE_ALERT_ACTION, 'warn'],
      [TIME_SOURCE_ALERT_ACTION, 'blocked'],
    ]);

    expect(await measure(10)).toMatchObject({ state: 'ok', blocking: false });
    await measure(20);
    events = await alertEvents();
    expect(events.map((e) => e.action)).toEqual([TIME_SOURCE_ALERT_ACTION, TIME_SOURCE_ALERT_ACTION, TIME_SOURCE_RECOVERED_ACTION]);
    expect((await notified(TIME_SOURCE_RECOVERED_ACTION)).length).toBe((await centerUsers()).length);
    // Staff and administrators each get their own page as the link.
    const links = new Set((await deps.db.select({ link: notifications.link }).from(notifications).where(eq(notifications.kind, TIME_SOURCE_RECOVERED_ACTION))).map((n) => n.link));
    expect(links).toEqual(new Set(['/workspace/staff/system', '/workspace/admin/system']));
  });

  it('an absurd, malformed or spoofed answer never moves the offset or the platform clock; N polls without one → unknown, blocking', async () => {
    deps.timeSource = monitor();
    const good = await measure(300);
    for (const mode of ['absurd-year', 'short', 'kiss-of-death', 'other-port', 'wrong-mode'] as const) {
      const before = deps.clock.now().getTime();
      const s = await measure(0, mode);
      expect(s).toMatchObject({ state: 'ok', offsetMs: good.offsetMs, lastSampleAt: good.lastSampleAt });
      expect(s.results[0]).toMatchObject({ ok: false, offsetMs: null });
      expect(Math.abs(deps.clock.now().getTime() - before)).toBeLessThan(5000); // the platform clock ran on, untouched
    }
    expect((await measure(0, 'absurd-year')).results[0]).toMatchObject({ rejection: 'ABSURD_OFFSET' });
    mono += CONFIG.pollMs * CONFIG.stalePolls + 1; // three polls and more without a valid answer
    const unknown = await measure(0, 'silent');
    expect(unknown).toMatchObject({ state: 'unknown', blocking: true, results: [{ ok: false, rejection: 'TIMEOUT' }] });
    const last = (await alertEvents()).at(-1)!;
    expect([last.action, (last.payload as { level: string }).level]).toEqual([TIME_SOURCE_ALERT_ACTION, 'unknown']);
    expect(await measure(0)).toMatchObject({ state: 'ok' });
    expect((await alertEvents()).at(-1)!.action).toBe(TIME_SOURCE_RECOVERED_ACTION);
  });
});

describe('beyond the limit the opening start and decryption are refused, and nothing changes (T3)', () => {
  it('staff start and the timer refused with CLOCK_UNTRUSTED; after recovery the start and decryption go ahead', async () => {
    deps.timeSource = monitor();
    deps.clock.set(TEST_START);
    const project = await biddingProject(deps, { name: '示范市时间源测试工程' });
    const sectionId = project.sections[0]!.id;
    const bids = [];
    for (const [username, priceFen] of [['bidder1', 750_000_000], ['bidder2', 760_000_000], ['bidder3', 770_000_000]] as const) {
      await registeredBidder(deps, sectionId, { username });
      bids.push({ username, bidId: (await sealedBid(deps, { projectId: project.id, sectionId }, { username, priceFen })).bid.id });
    }
    deps.clock.set(new Date(TEST_DEADLINE.getTime() + 60_000));
    expect(await measure(5000)).toMatchObject({ state: 'blocked', blocking: true });
    const chainBefore = await deps.db.select({ id: auditEvents.id }).from(auditEvents).where(eq(auditEvents.chain, projectChain(project.id)));

    const staff = await callerAs(deps, 'staff');
    const e = await appError(staff.opening.start({ projectId: project.id }));
    expect(e).toMatchObject({ code: 'INVALID_STATE', details: { reason: 'CLOCK_UNTRUSTED', state: 'blocked', maxOffsetMs: 2000 } });
    expect(e.messageZh).toContain('超过允许的 2.000 秒');
    expect(e.messageEn).toMatch(/5\.0\d\d s off NTP time, beyond the 2\.000 s limit/);
    // The timer: refused too, and tries again in 30 s (within the start grace).
    expect(await runTestJob(deps, 'opening.auto_open', { projectId: project.id })).toEqual({ outcome: 'rescheduled', reason: 'CLOCK_UNTRUSTED' });
    const retries = (await deps.db.select().from(jobs).where(and(eq(jobs.kind, 'opening.auto_open'), eq(jobs.status, 'queued')))).filter((j) => (j.payload as { projectId?: number }).projectId === project.id);
    expect(retries.some((j) => j.dedupeKey?.includes(':clock:') && j.runAt.getTime() > deps.clock.now().getTime() + 25_000)).toBe(true);
    // Nothing changed: no session, still bidding, no event in the project's chain.
    expect(await deps.db.select().from(openings).where(eq(openings.projectId, project.id))).toEqual([]);
    expect((await deps.db.select({ s: projects.status }).from(projects).where(eq(projects.id, project.id)))[0]!.s).toBe('BIDDING');
    expect(await deps.db.select({ id: auditEvents.id }).from(auditEvents).where(eq(auditEvents.chain, projectChain(project.id)))).toEqual(chainBefore);

    // Unknown blocks too.
    mono += CONFIG.pollMs * CONFIG.stalePolls + 1;
    expect(await measure(0, 'silent')).toMatchObject({ state: 'unknown' });
    expect((await appError(staff.opening.start({ projectId: project.id }))).details).toMatchObject({ reason: 'CLOCK_UNTRUSTED', state: 'unknown' });

    // Recovered: the start goes ahead.
    expect(await measure(0)).toMatchObject({ state: 'ok' });
    expect(await staff.opening.start({ projectId: project.id })).toMatchObject({ status: 'decrypting' });

    // Decryption: refused while blocked, by the same rule, and the line stays pending.
    await measure(-4000);
    const d = await appError(decryptBid(deps, project.id, bids[0]!));
    expect(d).toMatchObject({ code: 'INVALID_STATE', details: { reason: 'CLOCK_UNTRUSTED' } });
    expect((await staff.opening.get({ projectId: project.id })).status).toBe('decrypting');
    await measure(0);
    for (const b of bids) expect(await decryptBid(deps, project.id, b)).toMatchObject({ decryptStatus: 'decrypted' });
  });
});
