/**
 * The opening happens at its time (issue 18 §5; domain O1, O2, O5, O6, R87 §42) through the real API on
 * PostgreSQL + S3: the platform timer opens the session at the bid deadline — never a moment before, once,
 * audited as the platform's act — and staff host it (host-only acts wait for a host); a postponed
 * deadline moves the timers; an opening not started or not hosted within the grace raises one red alert
 * to every staff and supervisor user; a start or a taking of the chair after the grace needs its reason
 * and is recorded as late (迟延开标) in the view and the sealed record; each record version gives the
 * bidders a confirm window, before whose end the close needs every answer and at whose end silence is
 * acceptance — and an answer to an old version never counts for the new one.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, or } from 'drizzle-orm';
import { auditEvents, checkpoints, jobs, notifications, openingBids, openingStartAlerts, openings, projects, users } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import { signCmsDetached } from '@ebid/pki';
import {
  bidderCertCaller,
  bidderKeys,
  biddingProject,
  callerAs,
  decryptBid,
  registeredBidder,
  runTestJob,
  sealedBid,
  TEST_DEADLINE,
  TEST_START,
  type TestDeps,
  useDemoTestDeps,
} from '@ebid/testing';
import { appError } from '../test-client.ts';

let deps: TestDeps;
useDemoTestDeps((d) => (deps = d), { clockStart: TEST_START });
const as = (u: string) => callerAs(deps, u);
const MIN = 60_000;
const after = (ms: number) => new Date(TEST_DEADLINE.getTime() + ms);
const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-opening-time-'));
afterAll(() => fs.rmSync(tmpDir, { recursive: true, force: true }));
// The bidders' certificates are valid from the clock at issue: issue them before every project's dates.
beforeAll(async () => {
  deps.clock.set(new Date(TEST_START.getTime() - 3600_000));
  for (const b of ['bidder1', 'bidder2', 'bidder3']) await bidderKeys(deps, b);
}, 120_000);

const BIDS = [
  { username: 'bidder1', priceFen: 750_000_000 },
  { username: 'bidder2', priceFen: 760_000_000 },
  { username: 'bidder3', priceFen: 770_000_000 },
];

/** A bidding project with sealed bids from `bidders`, the clock left inside the bidding period. */
async function withBids(name: string, bidders = BIDS) {
  deps.clock.set(TEST_START);
  const project = await biddingProject(deps, { name });
  const sectionId = project.sections[0]!.id;
  const bids = [];
  for (const b of bidders) {
    await registeredBidder(deps, sectionId, { username: b.username });
    bids.push({ username: b.username, bidId: (await sealedBid(deps, { projectId: project.id, sectionId }, b)).bid.id });
  }
  return { id: project.id, bids };
}

const sessionOf = async (projectId: number) => (await deps.db.select().from(openings).where(eq(openings.projectId, projectId)))[0] ?? null;
const statusOf = async (projectId: number) => (await deps.db.select({ s: projects.status }).from(projects).where(eq(projects.id, projectId)))[0]!.s;
const actionsOf = async (projectId: number, action: string) =>
  deps.db.select().from(auditEvents).where(and(eq(auditEvents.chain, projectChain(projectId)), eq(auditEvents.action, action)));
const queued = async (kind: string, projectId: number) =>
  (await deps.db.select().from(jobs).where(and(eq(jobs.kind, kind), eq(jobs.status, 'queued')))).filter((j) => (j.payload as { projectId?: number }).projectId === projectId).map((j) => j.runAt.toISOString());
/** The opening's start checkpoint (issue 20 §1) and the instants its evaluation is queued at. */
const startCheckpoint = async (projectId: number) => (await deps.db.select().from(checkpoints).where(and(eq(checkpoints.projectId, projectId), eq(checkpoints.kind, 'opening.start'))))[0]!;
const evaluations = async (checkpointId: number) =>
  (await deps.db.select().from(jobs).where(and(eq(jobs.kind, 'checkpoint.evaluate'), eq(jobs.status, 'queued'), eq(jobs.payload, { checkpointId })))).map((j) => j.runAt.toISOString());
/** Active staff, and the supervisors of the demo region (issue 20 §4: `supervisor`, not `supervisor2` of 330200). */
const staffAndSupervisors = async () =>
  (await deps.db.select({ id: users.id }).from(users).where(and(or(eq(users.role, 'staff'), eq(users.username, 'supervisor')), eq(users.active, true)))).map((u) => u.id).sort((a, b) => a - b);
const alertsTo = async (projectId: number) =>
  (await deps.db.select().from(notifications).where(eq(notifications.kind, 'opening.start_overdue'))).filter((n) => n.link === `/workspace/projects/${projectId}?tab=opening`);

/** Every bid decrypted by its bidder (the session publishes), then the K draw run at its reveal close. */
async function publishAndDraw(projectId: number, bids: { username: string; bidId: number }[]) {
  for (const b of bids) await decryptBid(deps, projectId, b);
  const v = await (await as('staff')).opening.get({ projectId });
  expect(v.status).toBe('published');
  const revealClose = Date.parse(v.k!.draw!.revealCloseAt);
  if (deps.clock.now().getTime() <= revealClose) deps.clock.set(new Date(revealClose + 1000));
  await runTestJob(deps, 'draw.run', { drawId: v.k!.draw!.id });
}

async function pdfText(projectId: number, sha256: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of await deps.storage.get(sha256)) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c as Uint8Array));
  const file = path.join(tmpDir, `record-${projectId}-${sha256.slice(0, 8)}.pdf`);
  fs.writeFileSync(file, Buffer.concat(chunks));
  return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
}

async function confirm(projectId: number, username: string, sha256: string) {
  const chunks: Buffer[] = [];
  for await (const c of await deps.storage.get(sha256)) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c as Uint8Array));
  const keys = await bidderKeys(deps, username);
  return (await bidderCertCaller(deps, username)).opening.confirm({ projectId, recordSha256: sha256, signatureBase64: signCmsDetached(Buffer.concat(chunks), keys.sign).toString('base64') });
}

describe('the platform opens the session at the bid deadline (O1, O2; issue 18 §5)', () => {
  it('publication schedules the opening at the deadline and the start checkpoint due one second after the 15-minute grace', async () => {
    const p = await withBids('示范市开标定时测试工程（排程）');
    expect(await queued('opening.auto_open', p.id)).toEqual([TEST_DEADLINE.toISOString()]);
    const cp = await startCheckpoint(p.id);
    expect(cp).toMatchObject({ subjectKey: 'project', warnAt: after(15 * MIN + 1000), dueAt: after(15 * MIN + 1000), responsibleOrgId: null, doneAt: null });
    expect(await evaluations(cp.id)).toEqual([after(15 * MIN + 1000).toISOString()]);
    const v = await (await as('staff')).opening.get({ projectId: p.id });
    expect(v).toMatchObject({ status: 'waiting', autoOpenAt: TEST_DEADLINE.toISOString(), startGraceMinutes: 15, graceEndsAt: after(15 * MIN).toISOString(), openedBy: null, hostedAt: null, late: false });
  });

  it('never a moment early; at the deadline it opens once, as the platform, and waits for its host; host-only acts wait too', async () => {
    const p = await withBids('示范市开标定时测试工程（自动开标）');
    // (The fake clock runs on: a few seconds early; the 1 ms boundary is the domain rule's table.)
    deps.clock.set(after(-5000));
    expect(await runTestJob(deps, 'opening.auto_open', { projectId: p.id })).toEqual({ outcome: 'rescheduled' });
    expect(await sessionOf(p.id)).toBeNull();
    expect(await statusOf(p.id)).toBe('BIDDING');

    deps.clock.set(TEST_DEADLINE);
    expect(await runTestJob(deps, 'opening.auto_open', { projectId: p.id })).toEqual({ outcome: 'opened' });
    expect(await runTestJob(deps, 'opening.auto_open', { projectId: p.id })).toEqual({ outcome: 'already_opened' }); // idempotent
    const o = (await sessionOf(p.id))!;
    expect(o).toMatchObject({ status: 'decrypting', openedBy: 'timer', hostUserId: null, hostedAt: null, late: false, lateReason: null });
    expect(o.openedAt.getTime()).toBeGreaterThanOrEqual(TEST_DEADLINE.getTime());
    expect(await statusOf(p.id)).toBe('OPENING');
    const starts = await actionsOf(p.id, 'opening.start');
    expect(starts).toHaveLength(1);
    expect(starts[0]).toMatchObject({ actorUserId: null, payload: expect.objectContaining({ openedBy: 'timer', late: false }) });

    const staff = await as('staff');
    const waiting = await staff.opening.get({ projectId: p.id });
    expect(waiting).toMatchObject({ status: 'decrypting', openedBy: 'timer', host: null, hostedAt: null });
    // Bidders decrypt without waiting for the host; the results publish by themselves (O4) …
    await publishAndDraw(p.id, p.bids);
    // … but what only a host does is refused, and changes nothing.
    for (const act of [() => staff.opening.generateRecord({ projectId: p.id }), () => staff.opening.close({ projectId: p.id })]) {
      expect((await appError(act())).details).toMatchObject({ reason: 'NO_HOST' });
    }
    await (await bidderCertCaller(deps, 'bidder2')).opening.object({ projectId: p.id, text: '请核实投标人1的解密时间。' });
    const objection = (await staff.opening.get({ projectId: p.id })).objections[0]!;
    expect((await appError(staff.opening.answer({ objectionId: objection.id, answer: '已核实。' }))).details).toMatchObject({ reason: 'NO_HOST' });
    expect((await staff.opening.get({ projectId: p.id })).objections[0]!.answer).toBeNull();
    expect(await actionsOf(p.id, 'opening.record')).toHaveLength(0);

    // Staff take the chair (opening.start on the opened session) inside the grace: on time, no reason.
    deps.clock.set(after(5 * MIN));
    const hosted = await staff.opening.start({ projectId: p.id });
    expect(hosted).toMatchObject({ openedBy: 'timer', host: expect.any(String), late: false, lateReason: null });
    expect(Date.parse(hosted.hostedAt!)).toBeGreaterThanOrEqual(after(5 * MIN).getTime());
    expect((await actionsOf(p.id, 'opening.host'))[0]!.payload).toMatchObject({ late: false, lateReason: null });
    expect(await actionsOf(p.id, 'opening.start')).toHaveLength(1); // the chair is not a second opening
    expect((await appError(staff.opening.start({ projectId: p.id }))).details).toMatchObject({ reason: 'ALREADY_OPENED' });
    await staff.opening.answer({ objectionId: objection.id, answer: '已核实，解密时间以平台记录为准。' });
    // Hosted in time: the grace alert finds nothing to raise.
    deps.clock.set(after(16 * MIN));
    expect(await runTestJob(deps, 'opening.grace_alert', { projectId: p.id })).toEqual({ alerted: false });
    expect(await alertsTo(p.id)).toHaveLength(0);
    expect(await startCheckpoint(p.id)).toMatchObject({ doneAct: 'opening.host', redRaisedAt: null });
  });

  it('O2 by the timer: too few bids fail the project with its 流标公告; no host is needed, no alert raised', async () => {
    const p = await withBids('示范市开标定时测试工程（流标）', BIDS.slice(0, 2));
    deps.clock.set(TEST_DEADLINE);
    expect(await runTestJob(deps, 'opening.auto_open', { projectId: p.id })).toEqual({ outcome: 'failed' });
    expect(await statusOf(p.id)).toBe('FAILED');
    expect(await sessionOf(p.id)).toMatchObject({ status: 'failed', openedBy: 'timer', hostUserId: null });
    expect((await actionsOf(p.id, 'opening.fail'))[0]!.payload).toMatchObject({ reason: 'too_few_bids', openedBy: 'timer' });
    deps.clock.set(after(20 * MIN));
    expect(await runTestJob(deps, 'opening.grace_alert', { projectId: p.id })).toEqual({ alerted: false });
    expect((await appError((await as('staff')).opening.start({ projectId: p.id }))).details).toMatchObject({ reason: 'ALREADY_OPENED' });
  });

  it('a postponed deadline moves both timers: nothing opens or alerts at the old instant', async () => {
    const p = await withBids('示范市开标定时测试工程（顺延）');
    const moved = new Date(TEST_DEADLINE.getTime() + 2 * 24 * 3600_000);
    // What a clarification (N5) or an outage extension does to the schedule.
    const [row] = await deps.db.select().from(projects).where(eq(projects.id, p.id));
    await deps.db.update(projects).set({ schedule: { ...row!.schedule, bidDeadline: moved.toISOString(), openingAt: moved.toISOString() } }).where(eq(projects.id, p.id));
    deps.clock.set(TEST_DEADLINE);
    expect(await runTestJob(deps, 'opening.auto_open', { projectId: p.id })).toEqual({ outcome: 'rescheduled' });
    deps.clock.set(after(16 * MIN));
    expect(await runTestJob(deps, 'opening.grace_alert', { projectId: p.id })).toEqual({ alerted: false, rescheduled: true });
    expect(await sessionOf(p.id)).toBeNull();
    expect(await queued('opening.auto_open', p.id)).toContain(moved.toISOString());
    const cp = await startCheckpoint(p.id);
    expect(cp.dueAt).toEqual(new Date(moved.getTime() + 15 * MIN + 1000));
    expect(await evaluations(cp.id)).toContain(new Date(moved.getTime() + 15 * MIN + 1000).toISOString());
    expect((await appError((await as('staff')).opening.start({ projectId: p.id }))).details).toMatchObject({ reason: 'OPENING_TOO_EARLY', opensAt: moved.toISOString() });
    deps.clock.set(moved);
    expect(await runTestJob(deps, 'opening.auto_open', { projectId: p.id })).toEqual({ outcome: 'opened' });
  });
});

describe('an opening not started within the grace (issue 18 §5)', () => {
  it('the timer could not run: one red alert to every staff user and the project\'s supervisors; the late start needs its reason, which the view and the record show', async () => {
    const p = await withBids('示范市开标定时测试工程（迟延开标）');
    // Inside the grace (its end itself is still on time, domain table): the alert is not due yet.
    deps.clock.set(after(15 * MIN - 5000));
    expect(await runTestJob(deps, 'opening.grace_alert', { projectId: p.id })).toEqual({ alerted: false, rescheduled: true });
    deps.clock.set(after(40 * MIN));
    // The timer, running this late (the platform was down), opens nothing: a person decides, with a reason.
    expect(await runTestJob(deps, 'opening.auto_open', { projectId: p.id })).toEqual({ outcome: 'too_late', reason: 'TIMER_TOO_LATE' });
    expect(await sessionOf(p.id)).toBeNull();
    expect(await runTestJob(deps, 'opening.grace_alert', { projectId: p.id })).toEqual({ alerted: true, reason: 'not_opened' });
    expect(await runTestJob(deps, 'opening.grace_alert', { projectId: p.id })).toEqual({ alerted: false }); // exactly once
    const alerts = await alertsTo(p.id);
    expect(alerts.map((n) => n.userId).sort((a, b) => a - b)).toEqual(await staffAndSupervisors());
    expect(alerts[0]!.titleZh).toContain('开标未按时开始');
    expect(alerts[0]!.bodyZh).toContain('尚未开标');
    const [ev] = await actionsOf(p.id, 'opening.start_overdue');
    expect(ev!.payload).toMatchObject({ reason: 'not_opened', alertLevel: 'red', notified: alerts.length, graceMinutes: 15 });
    expect(await deps.db.select().from(openingStartAlerts).where(eq(openingStartAlerts.projectId, p.id))).toHaveLength(1);

    const staff = await as('staff');
    for (const lateReason of [undefined, ' ', '迟']) {
      const e = await appError(staff.opening.start({ projectId: p.id, ...(lateReason !== undefined ? { lateReason } : {}) }));
      expect(e).toMatchObject({ code: 'VALIDATION', details: { reason: 'LATE_REASON_REQUIRED', field: 'lateReason' } });
    }
    expect(await sessionOf(p.id)).toBeNull();
    expect(await statusOf(p.id)).toBe('BIDDING');
    expect(await actionsOf(p.id, 'opening.start')).toHaveLength(0);

    const reason = '平台服务器于开标时间前后故障，定时开标未执行，恢复后由主持人开标';
    const v = await staff.opening.start({ projectId: p.id, lateReason: `  ${reason}  ` });
    expect(v).toMatchObject({ status: 'decrypting', openedBy: 'staff', late: true, lateReason: reason, host: expect.any(String) });
    expect((await actionsOf(p.id, 'opening.start'))[0]!.payload).toMatchObject({ openedBy: 'staff', late: true, lateReason: reason });
    // Bidders see it too.
    expect(await (await bidderCertCaller(deps, 'bidder1')).opening.get({ projectId: p.id })).toMatchObject({ late: true, lateReason: reason });

    await publishAndDraw(p.id, p.bids);
    const rec = (await staff.opening.generateRecord({ projectId: p.id })).record!;
    const text = await pdfText(p.id, rec.sha256);
    expect(text).toContain('迟延开标');
    expect(text).toContain(`开标时间后40分钟开始主持；原因：${reason}`);
    expect(text).toContain('主持人开启并主持');
  });

  it('opened by the timer but no host within the grace: the alert says so; taking the chair late needs the reason', async () => {
    const p = await withBids('示范市开标定时测试工程（无主持人）');
    deps.clock.set(TEST_DEADLINE);
    expect(await runTestJob(deps, 'opening.auto_open', { projectId: p.id })).toEqual({ outcome: 'opened' });
    deps.clock.set(after(15 * MIN + 1000));
    expect(await runTestJob(deps, 'opening.grace_alert', { projectId: p.id })).toEqual({ alerted: true, reason: 'no_host' });
    expect((await alertsTo(p.id))[0]!.bodyZh).toContain('尚无主持人主持');
    const staff = await as('staff');
    expect((await appError(staff.opening.start({ projectId: p.id }))).details).toMatchObject({ reason: 'LATE_REASON_REQUIRED' });
    expect(await sessionOf(p.id)).toMatchObject({ hostUserId: null, hostedAt: null, late: false });
    const v = await staff.opening.start({ projectId: p.id, lateReason: '主持人临时处置其他项目异议，未能按时到位' });
    expect(v).toMatchObject({ openedBy: 'timer', late: true, lateReason: '主持人临时处置其他项目异议，未能按时到位' });
    expect((await actionsOf(p.id, 'opening.host'))[0]!.payload).toMatchObject({ late: true });
    await publishAndDraw(p.id, p.bids);
    const rec = (await staff.opening.generateRecord({ projectId: p.id })).record!;
    const text = await pdfText(p.id, rec.sha256);
    expect(text).toContain('交易平台于开标时间自动开启');
    expect(text).toContain('开标时间后15分钟开始主持；原因：主持人临时处置其他项目异议，未能按时到位');
  });
});

describe('the confirm window of each record version (R87 §42, O6; issue 18 §5)', () => {
  /** Opened and hosted by staff at the deadline, every bid decrypted, K drawn. */
  async function published(name: string) {
    const p = await withBids(name);
    deps.clock.set(TEST_DEADLINE);
    await (await as('staff')).opening.start({ projectId: p.id });
    await publishAndDraw(p.id, p.bids);
    return p;
  }

  it('the version stores its deadline and tells the bidders; closing before it needs every answer; at it the silent are deemed to accept', async () => {
    const p = await published('示范市开标确认时限测试工程（视为认可）');
    const staff = await as('staff');
    const v = await staff.opening.generateRecord({ projectId: p.id });
    const rec = v.record!;
    expect(Date.parse(rec.confirmDeadline) - Date.parse(rec.generatedAt)).toBe(30 * 60_000);
    expect(v.confirmWindowMinutes).toBe(30);
    expect((await actionsOf(p.id, 'opening.record'))[0]!.payload).toMatchObject({ confirmDeadline: rec.confirmDeadline });
    const [b1] = await deps.db.select().from(users).where(eq(users.username, 'bidder1'));
    const told = await deps.db.select().from(notifications).where(and(eq(notifications.userId, b1!.id), eq(notifications.kind, 'opening.record')));
    expect(told.at(-1)!.bodyZh).toContain('逾期未确认也未提出异议的，视为认可');
    expect(await pdfText(p.id, rec.sha256)).toContain('确认时限');

    await confirm(p.id, 'bidder1', rec.sha256);
    deps.clock.set(new Date(Date.parse(rec.confirmDeadline) - 5000)); // the fake clock runs on: seconds before
    const e = await appError(staff.opening.close({ projectId: p.id }));
    expect(e).toMatchObject({ code: 'INVALID_STATE', details: { reason: 'CONFIRM_WINDOW_OPEN', confirmDeadline: rec.confirmDeadline, waiting: 2 } });
    expect(await sessionOf(p.id)).toMatchObject({ status: 'published', closedAt: null });
    expect(await statusOf(p.id)).toBe('OPENING');

    deps.clock.set(new Date(rec.confirmDeadline));
    const closed = await staff.opening.close({ projectId: p.id });
    expect(closed.status).toBe('closed');
    expect(closed.bids.map((b) => b.confirmStatus)).toEqual(['confirmed', 'deemed_accepted', 'deemed_accepted']);
    expect((await actionsOf(p.id, 'opening.close'))[0]!.payload).toMatchObject({ confirmDeadline: rec.confirmDeadline, deemedAccepted: closed.bids.slice(1).map((b) => b.id) });
    expect(await statusOf(p.id)).toBe('EVALUATION');
  });

  it('a new version asks everyone again: an answer to the old one never counts; everyone answering the new one closes it early', async () => {
    const p = await published('示范市开标确认时限测试工程（新版本）');
    const staff = await as('staff');
    const v1 = (await staff.opening.generateRecord({ projectId: p.id })).record!;
    await confirm(p.id, 'bidder1', v1.sha256);
    await confirm(p.id, 'bidder3', v1.sha256);
    await (await bidderCertCaller(deps, 'bidder2')).opening.object({ projectId: p.id, text: '对投标人1报价唱标有异议。' });
    const objection = (await staff.opening.get({ projectId: p.id })).objections[0]!;
    await staff.opening.answer({ objectionId: objection.id, answer: '经核对开标一览表，唱标无误。' });
    deps.clock.set(new Date(deps.clock.now().getTime() + MIN));
    const v2view = await staff.opening.generateRecord({ projectId: p.id });
    const v2 = v2view.record!;
    expect(v2.version).toBe(2);
    expect(v2view.bids.map((b) => b.confirmStatus)).toEqual(['pending', 'pending', 'pending']);
    // bidder1 cannot carry its confirmation of version 1 over.
    const old = await appError(confirm(p.id, 'bidder1', v1.sha256));
    expect(old.details).toMatchObject({ reason: 'RECORD_OUTDATED' });
    expect((await appError(staff.opening.close({ projectId: p.id }))).details).toMatchObject({ reason: 'CONFIRM_WINDOW_OPEN', waiting: 3 });
    // Even a line that still looked confirmed with version 1's hash is not an answer to version 2.
    const [line1] = await deps.db.select().from(openingBids).where(eq(openingBids.bidId, p.bids[0]!.bidId));
    await deps.db.update(openingBids).set({ confirmStatus: 'confirmed', confirmRecordSha256: v1.sha256 }).where(eq(openingBids.id, line1!.id));
    for (const b of ['bidder2', 'bidder3']) await confirm(p.id, b, v2.sha256);
    expect((await appError(staff.opening.close({ projectId: p.id }))).details).toMatchObject({ reason: 'CONFIRM_WINDOW_OPEN', waiting: 1 });
    await confirm(p.id, 'bidder1', v2.sha256);
    // Everyone answered version 2: the close need not wait for its deadline.
    expect(deps.clock.now().getTime()).toBeLessThan(Date.parse(v2.confirmDeadline));
    const closed = await staff.opening.close({ projectId: p.id });
    expect(closed.bids.map((b) => b.confirmStatus)).toEqual(['confirmed', 'confirmed', 'confirmed']);
    expect((await actionsOf(p.id, 'opening.close'))[0]!.payload).toMatchObject({ recordVersion: 2, deemedAccepted: [] });
  });

  it('the tender sets the grace and the confirm window within their bounds; bad values change nothing', async () => {
    const t = await as('tenderee');
    deps.clock.set(TEST_START);
    const draft = await t.project.create({ tradeType: 'engineering', method: 'open', name: '示范市开标规则时限测试工程', budgetFen: 100_000_000, sections: [{ name: '施工', ceilingFen: 90_000_000, securityFen: 0 }] });
    for (const [field, value] of [['startGraceMinutes', -1], ['startGraceMinutes', 121], ['confirmWindowMinutes', 9], ['confirmWindowMinutes', 1441]] as const) {
      expect((await appError(t.opening.setRules({ projectId: draft.id, [field]: value }))).details).toMatchObject({ field });
    }
    const [before] = await deps.db.select({ r: projects.openingRules }).from(projects).where(eq(projects.id, draft.id));
    expect(before!.r).toEqual({});
    expect(await t.opening.setRules({ projectId: draft.id, startGraceMinutes: 0, confirmWindowMinutes: 1440 })).toMatchObject({ startGraceMinutes: 0, confirmWindowMinutes: 1440 });
    expect(await t.opening.setRules({ projectId: draft.id, startGraceMinutes: 120, confirmWindowMinutes: 10 })).toMatchObject({ startGraceMinutes: 120, confirmWindowMinutes: 10 });
  });
});
