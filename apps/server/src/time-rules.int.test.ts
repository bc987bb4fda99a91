/**
 * Time rules that hold all year (issue 12) through the real server on PostgreSQL + S3:
 * - acts due in a year whose holiday schedule is not published (2027 here) are taken, computed on the
 *   provisional calendar and marked 暂定; publishing the year recomputes them, lists schedules it made too
 *   short, and refuses a year that breaks the law (§1, §2);
 * - a notice is published at its 公告发布时间 by a timer, and publishing late is refused when it would
 *   shorten a period (§6);
 * - a finalize is judged by when its request arrived, not when its transaction commits (§5, T1);
 * - a platform outage extends the deadlines and decryption windows it hit (§8).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTestJob } from '@ebid/testing';
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import postgres from 'postgres';
import { and, eq } from 'drizzle-orm';
import { auditEvents, checkpoints, deposits, holidayDays, jobs, notices, notifications, openings, organizations, platformOutages, projects, users } from '@ebid/db';
import { provisionalYear } from '@ebid/domain';
import { DEMO_PASSWORD, type JobKind, type JobPayloadArg } from '@ebid/services';
import { appCode, appError, loginAs } from '@ebid/api/test-client';
import { ensureDevPki } from '@ebid/pki';
import { addDocumentAs, startTestApp, type TestApp } from './test-app.ts';
import { bidKit, headerShaOf, outerSig, partHash, summary } from './bid-test-kit.ts';

let testApp: TestApp;
let deps: TestApp['deps'];
const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-time-'));
const as = async (u: string) => (await loginAs(deps, u, DEMO_PASSWORD)).call();
/** An instant in 北京时间. */
const bj = (s: string) => new Date(`${s.replace(' ', 'T')}+08:00`);
const at = (s: string) => deps.clock.set(bj(s));
const runJob = <K extends JobKind>(kind: K, ...payload: JobPayloadArg<K>) => runTestJob(deps, kind, ...payload);

async function notificationsOf(username: string, kind: string) {
  const [u] = await deps.db.select().from(users).where(eq(users.username, username));
  return deps.db.select().from(notifications).where(and(eq(notifications.userId, u!.id), eq(notifications.kind, kind)));
}

type Owner = 'tenderee' | 'tenderee2';
async function draftProject(owner: Owner, opts: { tradeType: 'engineering' | 'procurement'; name: string; schedule: Record<string, string>; securityFen?: number; budgetFen?: number }) {
  const t = await as(owner);
  const p = await t.project.create({
    tradeType: opts.tradeType,
    method: 'open',
    name: opts.name,
    budgetFen: opts.budgetFen ?? 880_000_000,
    // R87 §63: a procurement package's 最高限价 lies within its budget.
    sections: [{ name: '第一标段', ceilingFen: Math.min(800_000_000, opts.budgetFen ?? 880_000_000), securityFen: opts.securityFen ?? 0 }],
  });
  await t.project.saveSchedule({ projectId: p.id, schedule: opts.schedule, expectedVersion: p.version });
  await addDocumentAs(testApp, owner, p.id);
  const n = await t.notice.draft({ projectId: p.id, kind: 'tender', title: `${opts.name}招标公告`, body: '一、招标条件\n\n本项目已具备招标条件，现进行公开招标。' });
  await t.notice.submit({ noticeId: n.id });
  return { p, n, t };
}

async function publishedProject(owner: Owner, opts: Parameters<typeof draftProject>[1]) {
  const d = await draftProject(owner, opts);
  const n = await (await as('staff')).notice.publish({ noticeId: d.n.id });
  expect(n.status).toBe('published');
  return (await d.t.project.get({ projectId: d.p.id })) as Awaited<ReturnType<typeof d.t.project.get>>;
}

const kit = bidKit(() => testApp);

beforeAll(async () => {
  const platform = await ensureDevPki(path.join(tmpDir, 'platform-pki'), { now: new Date('2026-01-01T00:00:00Z') });
  testApp = await startTestApp({ clockStart: bj('2026-12-01 10:00:00'), pki: { platform, trustedRootsPem: [platform.rootCertPem] } });
  deps = testApp.deps;
}, 120_000);
afterAll(async () => {
  await testApp?.close();
  fs.rmSync(tmpDir, { recursive: true, force: true });
});

describe('a year without a published schedule: acts are taken, computed provisionally, and recomputed when it is published (§1, §2)', () => {
  let gp: Awaited<ReturnType<typeof publishedProject>>;
  let eng: Awaited<ReturnType<typeof publishedProject>>;
  let tight: Awaited<ReturnType<typeof publishedProject>>;
  const regs: Record<string, number> = {};

  it('projects bidding across New Year and 春节 2027 publish with schedules checked on the provisional calendar', async () => {
    at('2026-12-01 10:00:00');
    // GP, 5 wd refunds: the bid deadline is after 春节 2027.
    gp = await publishedProject('tenderee2', {
      tradeType: 'procurement',
      name: '示范市第一人民医院跨年设备采购',
      securityFen: 1_000_000,
      budgetFen: 100_000_000,
      schedule: { noticePublishAt: '2026-12-01T09:00:00+08:00', docsIssueStart: '2026-12-02T09:00:00+08:00', docsIssueEnd: '2026-12-15T09:00:00+08:00', bidDeadline: '2027-03-01T09:30:00+08:00', openingAt: '2027-03-01T09:30:00+08:00' },
    });
    // Engineering, 3-day objection answers and 5-day refunds.
    eng = await publishedProject('tenderee', {
      tradeType: 'engineering',
      name: '示范市跨年道路改造工程',
      securityFen: 1_000_000,
      schedule: { noticePublishAt: '2026-12-01T09:00:00+08:00', docsIssueStart: '2026-12-02T09:00:00+08:00', docsIssueEnd: '2026-12-08T09:00:00+08:00', bidDeadline: '2027-01-20T09:30:00+08:00', openingAt: '2027-01-20T09:30:00+08:00' },
    });
    // GP documents available for exactly 5 working days in March 2027 (certain days on the provisional calendar).
    tight = await publishedProject('tenderee2', {
      tradeType: 'procurement',
      name: '示范市教育局三月设备采购',
      budgetFen: 100_000_000,
      schedule: { noticePublishAt: '2026-12-01T09:00:00+08:00', docsIssueStart: '2027-03-15T09:00:00+08:00', docsIssueEnd: '2027-03-23T00:00:00+08:00', bidDeadline: '2027-04-06T09:30:00+08:00', openingAt: '2027-04-06T09:30:00+08:00' },
    });
    for (const p of [gp, eng]) expect(p.status).toBe('PUBLISHED');
    const staff = await as('staff');
    for (const [p, b] of [[gp, 'bidder1'], [gp, 'bidder2'], [eng, 'bidder3']] as const) {
      const r = await (await as(b)).registration.register({ sectionId: p.sections[0]!.id });
      regs[`${p.id}:${b}`] = r.id;
      const orgName = (await (await as(b)).auth.me()).actor!.orgName;
      await staff.deposit.record({
        depositId: r.deposit!.id,
        amountFen: 1_000_000,
        form: p.tradeType === 'procurement' ? 'guarantee' : 'cash',
        payerName: orgName,
        ...(p.tradeType === 'engineering' ? { payerAccount: await basicAccountOf(b) } : { guaranteeIssuer: '示范银行示范市分行', guaranteeVerification: '银行函证' }),
        reference: `YE-${p.id}-${b}`,
      });
    }
  });

  it('a withdrawal at year end is taken; its refund is due in 2027 (certain days: not provisional)', async () => {
    at('2026-12-30 16:00:00');
    const w = await (await as('bidder1')).registration.withdraw({ registrationId: regs[`${gp.id}:bidder1`]! });
    expect(w.status).toBe('withdrawn');
    // 5 wd: 12/31, 1/4, 1/5, 1/6, 1/7 — 元旦 2027 is a Friday, nothing near it is uncertain.
    expect(w.deposit).toMatchObject({ refundDueAt: bj('2027-01-08 00:00:00').toISOString(), refundDueProvisional: false });
  });

  it('a termination at year end is taken: 终止公告 published, the refund falls due in 2027', async () => {
    at('2026-12-31 10:00:00');
    const t = await as('tenderee');
    const other = await publishedProject('tenderee', {
      tradeType: 'engineering',
      name: '示范市年末终止测试工程',
      securityFen: 1_000_000,
      schedule: { noticePublishAt: '2026-12-31T09:00:00+08:00', docsIssueStart: '2027-01-04T09:00:00+08:00', docsIssueEnd: '2027-01-12T09:00:00+08:00', bidDeadline: '2027-01-25T09:30:00+08:00', openingAt: '2027-01-25T09:30:00+08:00' },
    });
    const r = await (await as('bidder4')).registration.register({ sectionId: other.sections[0]!.id });
    await (await as('staff')).deposit.record({ depositId: r.deposit!.id, amountFen: 1_000_000, form: 'cash', payerName: (await (await as('bidder4')).auth.me()).actor!.orgName, payerAccount: await basicAccountOf('bidder4'), reference: 'YE-TERM' });
    expect((await t.project.terminate({ projectId: other.id, reason: '项目资金来源调整，终止本次招标' })).status).toBe('TERMINATED');
    const [d] = await deps.db.select().from(deposits).where(eq(deposits.registrationId, r.id));
    // 5 d: 1/5 (a Tuesday, certain).
    expect(d).toMatchObject({ refundDueAt: bj('2027-01-06 00:00:00'), refundDueProvisional: false });
  });

  it('an objection received before 春节 2027 suspends the project; its answer is due on the earliest possible day, marked provisional', async () => {
    at('2027-01-08 10:00:00');
    const o = await (await as('bidder3')).objection.file({ projectId: eng.id, title: '关于业绩要求的异议', body: '招标文件第三章业绩年限要求明显排斥潜在投标人，请予以修改。' });
    // Fri 1/8 + 3 d = Mon 1/11, certain.
    expect(o).toMatchObject({ suspends: true, answerDueAt: bj('2027-01-12 00:00:00').toISOString(), answerDueProvisional: false });
    await (await as('tenderee')).objection.answer({ objectionId: o.id, answer: '经核查，业绩年限要求调整为近五年，以澄清文件为准。' });
  });

  let provisionalDeposit: number;
  it('a refund falling due near a provisional 春节 is due at the earliest possible day and marked 暂定', async () => {
    at('2027-01-29 10:00:00');
    const w = await (await as('bidder2')).registration.withdraw({ registrationId: regs[`${gp.id}:bidder2`]! });
    // 5 wd counted with every uncertain day as a working day (the weekend before 春节 may be worked):
    // 1/30, 1/31, 2/1, 2/2, 2/3 → due 24:00 of 2/3, the earliest the 2027 notice can make it.
    expect(w.deposit).toMatchObject({ refundDueAt: bj('2027-02-04 00:00:00').toISOString(), refundDueProvisional: true });
    provisionalDeposit = w.deposit!.id;
    // Its checkpoint (issue 20 §1) is due then too, provisional, evaluated at that instant.
    const [cp] = await deps.db.select().from(checkpoints).where(eq(checkpoints.subjectKey, `deposit:${provisionalDeposit}`));
    expect(cp).toMatchObject({ kind: 'deposit.refund', dueAt: bj('2027-02-04 00:00:00'), provisional: true });
    const [job] = await deps.db.select().from(jobs).where(eq(jobs.dedupeKey, `checkpoint.evaluate:${cp!.id}:${bj('2027-02-04 00:00:00').getTime()}`));
    expect(job).toMatchObject({ kind: 'checkpoint.evaluate', status: 'queued' });
  });

  it('bad years are refused with every problem named, and nothing changes', async () => {
    const staff = await as('staff');
    const days = officialStyle2027();
    const outside = await appError(staff.holiday.publishYear({ year: 2027, days: [...days, { day: '2028-01-01', kind: 'holiday', name: '元旦' }] }));
    expect(outside).toMatchObject({ code: 'VALIDATION', details: { reason: 'OFFICIAL_YEAR_INVALID' } });
    expect((outside.details as { problems: { reason: string; day: string }[] }).problems).toContainEqual(expect.objectContaining({ reason: 'OUTSIDE_YEAR', day: '2028-01-01' }));
    const noSpring = await appError(staff.holiday.publishYear({ year: 2027, days: days.filter((d) => d.name !== '春节') }));
    expect((noSpring.details as { problems: { reason: string; day: string }[] }).problems.map((p) => p.day)).toEqual(['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08']);
    expect(noSpring.messageZh).toContain('春节');
    expect(await appCode((await as('tenderee')).holiday.publishYear({ year: 2027, days }))).toBe('FORBIDDEN');
    expect((await staff.holiday.years()).find((y) => y.year === 2027)).toMatchObject({ status: 'provisional', days: 0 });
    expect(await deps.db.select().from(holidayDays).where(eq(holidayDays.day, '2027-02-05'))).toEqual([]);
  });

  it('publishing 2027 recomputes the provisional refund to its official value, lists the schedule it made too short, and audits both', async () => {
    at('2027-01-30 10:00:00');
    const staff = await as('staff');
    // The official notice (a test one): 春节 2/5–2/12 with 1/31 and 2/14 worked, and an extra day off
    // on Thursday 3/18 that no principle predicted.
    const days = [...officialStyle2027(), { day: '2027-03-18', kind: 'holiday' as const, name: '特别调整' }];
    const r = await staff.holiday.publishYear({ year: 2027, days, source: '国务院办公厅关于2027年部分节假日安排的通知（测试）' });
    expect(r.republished).toBe(false);
    expect(r.year).toMatchObject({ year: 2027, status: 'published', provisional: null });
    // The refund, officially: 1/31 (a 调休 Sunday), 2/1, 2/2, 2/3, 2/4 → due 24:00 of 2/4.
    expect(r.dueDatesMoved).toContainEqual({ kind: 'deposit_refund', id: provisionalDeposit, projectId: gp.id, from: bj('2027-02-04 00:00:00').toISOString(), to: bj('2027-02-05 00:00:00').toISOString(), provisional: false });
    const [d] = await deps.db.select().from(deposits).where(eq(deposits.id, provisionalDeposit));
    expect(d).toMatchObject({ refundDueAt: bj('2027-02-05 00:00:00'), refundDueProvisional: false });
    // … and its checkpoint moved with it (issue 20 §1).
    expect((await deps.db.select().from(checkpoints).where(eq(checkpoints.subjectKey, `deposit:${provisionalDeposit}`)))[0]).toMatchObject({ dueAt: bj('2027-02-05 00:00:00'), provisional: false });
    // The tight GP schedule: 3/16, 3/17, 3/19, 3/22, 3/23 → the window now needs 3/23 24:00.
    expect(r.scheduleConflicts.map((c) => [c.projectId, c.violations.map((v) => v.limitId)])).toEqual([[tight.id, ['N3_GP_DOC_AVAILABILITY']]]);
    const review = await (await as('tenderee2')).project.scheduleReview({ projectId: tight.id });
    expect(review.ok).toBe(false);
    expect(review.violations[0]).toMatchObject({ limitId: 'N3_GP_DOC_AVAILABILITY', earliestAllowed: bj('2027-03-24 00:00:00').toISOString(), provisional: false });
    expect((await notificationsOf('tenderee2', 'project.schedule_conflict')).map((n) => n.link)).toEqual([`/projects/${tight.id}`]);
    expect((await notificationsOf('staff', 'project.schedule_conflict')).length).toBe(1);
    const events = await deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'calendar.publish_year'));
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toMatchObject({ year: 2027, scheduleConflicts: [{ projectId: tight.id }] });
    expect(await deps.db.select().from(auditEvents).where(and(eq(auditEvents.chain, `project:${gp.id}`), eq(auditEvents.action, 'deposit.refund_due_recomputed')))).toHaveLength(1);
    // A published year is changed only by publishing it again; then the days are no longer provisional.
    expect(await appCode(staff.holiday.set({ day: '2027-03-19', kind: 'holiday', name: 'x' }))).toBe('INVALID_STATE');
    expect((await (await as('tenderee2')).project.checkSchedule({ projectId: tight.id, schedule: { docsIssueStart: '2027-02-01T09:00:00+08:00', bidDeadline: '2027-02-03T09:00:00+08:00' } })).violations[0]?.provisional).toBe(false);
  });
});

describe('publication at its time, checked against the real time (§6)', () => {
  it('a notice approved before its 公告发布时间 is scheduled, published by the timer at that time, and only then public', async () => {
    at('2026-03-02 10:00:00');
    const d = await draftProject('tenderee', {
      tradeType: 'engineering',
      name: '示范市定时发布工程',
      schedule: { noticePublishAt: '2026-03-04T09:00:00+08:00', docsIssueStart: '2026-03-04T09:00:00+08:00', docsIssueEnd: '2026-03-10T09:00:00+08:00', bidDeadline: '2026-03-24T09:30:00+08:00', openingAt: '2026-03-24T09:30:00+08:00' },
    });
    const approved = await (await as('staff')).notice.publish({ noticeId: d.n.id });
    expect(approved).toMatchObject({ status: 'scheduled', scheduledFor: bj('2026-03-04 09:00:00').toISOString(), publishedAt: null, pdfSha256: null });
    expect((await d.t.project.get({ projectId: d.p.id })).status).toBe('PENDING_REVIEW');
    const anon = await (await loginAs(deps, 'bidder1', DEMO_PASSWORD)).call();
    expect((await anon.portal.notices({ limit: 100 })).items.map((i) => i.id)).not.toContain(d.n.id);
    const [job] = await deps.db.select().from(jobs).where(eq(jobs.dedupeKey, `notice.publish_scheduled:${d.n.id}:${bj('2026-03-04 09:00:00').getTime()}`));
    expect(job?.runAt).toEqual(bj('2026-03-04 09:00:00'));
    // Early: re-scheduled, nothing public.
    at('2026-03-04 08:59:00');
    expect(await runJob('notice.publish_scheduled', { noticeId: d.n.id })).toEqual({ outcome: 'rescheduled' });
    at('2026-03-04 09:00:05');
    expect(await runJob('notice.publish_scheduled', { noticeId: d.n.id })).toEqual({ outcome: 'published' });
    const [n] = await deps.db.select().from(notices).where(eq(notices.id, d.n.id));
    expect(n!.status).toBe('published');
    expect(n!.publishedAt!.getTime() - bj('2026-03-04 09:00:05').getTime()).toBeGreaterThanOrEqual(0);
    expect(n!.publishedAt!.getTime() - bj('2026-03-04 09:00:05').getTime()).toBeLessThan(5_000);
    const p = await d.t.project.get({ projectId: d.p.id });
    expect(p.status).toBe('PUBLISHED');
    expect(p.schedule.noticePublishAt).toBe(n!.publishedAt!.toISOString()); // the real instant
    expect((await anon.portal.notices({ limit: 100 })).items.map((i) => i.id)).toContain(d.n.id);
  });

  it('approving so late that a period would be short is refused, naming each rule and its earliest date; nothing changes', async () => {
    at('2026-03-02 10:00:00');
    const d = await draftProject('tenderee', {
      tradeType: 'engineering',
      name: '示范市迟发布工程',
      schedule: { noticePublishAt: '2026-03-02T09:00:00+08:00', docsIssueStart: '2026-03-02T09:00:00+08:00', docsIssueEnd: '2026-03-10T00:00:00+08:00', bidDeadline: '2026-03-23T09:30:00+08:00', openingAt: '2026-03-23T09:30:00+08:00' },
    });
    at('2026-03-04 10:00:00'); // the documents can only be had from today: 20 days → 3/24
    const e = await appError((await as('staff')).notice.publish({ noticeId: d.n.id }));
    expect(e).toMatchObject({ code: 'VALIDATION', details: { reason: 'PUBLICATION_TOO_LATE' } });
    const v = (e.details as { violations: { limitId: string; earliestAllowed: string }[] }).violations;
    expect(v.map((x) => [x.limitId, x.earliestAllowed])).toEqual([['N1_ENG_BID_PREP', bj('2026-03-24 00:00:00').toISOString()]]);
    expect(e.messageZh).toContain('2026年3月24日');
    const [n] = await deps.db.select().from(notices).where(eq(notices.id, d.n.id));
    expect(n).toMatchObject({ status: 'pending_review', publishedAt: null });
    expect((await d.t.project.get({ projectId: d.p.id })).status).toBe('PENDING_REVIEW');
    // The owner side moves the schedule (staff return it, the owner edits and resubmits); then it goes out.
    await (await as('staff')).notice.reject({ noticeId: d.n.id, note: '发布已晚，请顺延投标截止时间' });
    const p = await d.t.project.get({ projectId: d.p.id });
    await d.t.project.saveSchedule({ projectId: p.id, schedule: { ...p.schedule, noticePublishAt: '2026-03-04T10:00:00+08:00', docsIssueStart: '2026-03-04T10:00:00+08:00', bidDeadline: '2026-03-24T09:30:00+08:00', openingAt: '2026-03-24T09:30:00+08:00' }, expectedVersion: p.version });
    await d.t.notice.submit({ noticeId: d.n.id });
    expect(await (await as('staff')).notice.publish({ noticeId: d.n.id })).toMatchObject({ status: 'published' });
  });

  it('a timer that runs too late (a long outage) does not publish: the notice returns to the owner side, who is told why', async () => {
    at('2026-03-02 10:00:00');
    const d = await draftProject('tenderee', {
      tradeType: 'engineering',
      name: '示范市定时发布受阻工程',
      schedule: { noticePublishAt: '2026-03-03T09:00:00+08:00', docsIssueStart: '2026-03-03T09:00:00+08:00', docsIssueEnd: '2026-03-10T00:00:00+08:00', bidDeadline: '2026-03-23T09:30:00+08:00', openingAt: '2026-03-23T09:30:00+08:00' },
    });
    expect((await (await as('staff')).notice.publish({ noticeId: d.n.id })).status).toBe('scheduled');
    at('2026-03-05 10:00:00');
    expect(await runJob('notice.publish_scheduled', { noticeId: d.n.id })).toEqual({ outcome: 'returned' });
    const [n] = await deps.db.select().from(notices).where(eq(notices.id, d.n.id));
    expect(n!.status).toBe('rejected');
    expect(n!.reviewNote).toContain('投标截止时间不得早于 2026年3月25日');
    expect((await d.t.project.get({ projectId: d.p.id })).status).toBe('DRAFT');
    expect((await notificationsOf('tenderee', 'notice.publication_refused')).length).toBeGreaterThan(0);
    expect(await deps.db.select().from(auditEvents).where(and(eq(auditEvents.chain, `project:${d.p.id}`), eq(auditEvents.action, 'notice.publication_refused')))).toHaveLength(1);
  });
});

describe('deadlines are judged when the request arrived (§5, T1)', () => {
  let project: { id: number; sections: { id: number }[] };
  const DEADLINE = bj('2026-04-15 09:30:00');

  beforeAll(async () => {
    at('2026-03-13 10:00:00');
    project = await publishedProject('tenderee', {
      tradeType: 'engineering',
      name: '示范市截标到达时间测试工程',
      schedule: { noticePublishAt: '2026-03-13T09:00:00+08:00', docsIssueStart: '2026-03-16T09:00:00+08:00', docsIssueEnd: '2026-03-24T09:00:00+08:00', bidDeadline: '2026-04-15T09:30:00+08:00', openingAt: '2026-04-15T09:30:00+08:00' },
    });
    at('2026-03-17 10:00:00');
    await runJob('project.timer', { projectId: project.id, event: 'open_bidding' });
    for (const b of ['bidder1', 'bidder2']) {
      await (await as(b)).registration.register({ sectionId: project.sections[0]!.id });
      await kit.issueKeys(b);
    }
  }, 60_000);

  /** POST /trpc/bid.finalize over HTTP, as the browser sends it. */
  async function finalizeHttp(username: string, body: unknown, cookie?: string): Promise<{ status: number; json: { result?: { data: { bid: { receivedAt: string } ; receipt: { json: string } } }; error?: { data: { appError: { code: string; details: Record<string, unknown> } } } } }> {
    const res = await fetch(`${testApp.base}/trpc/bid.finalize`, {
      method: 'POST',
      headers: { cookie: cookie ?? (await kit.cookie(username)), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as never };
  }

  async function prepared(username: string) {
    const sec = project.sections[0]!.id;
    const sealed = await kit.seal({ username, part: 'summary', projectId: project.id, sectionId: sec, plaintext: summary(700_000_000) });
    const uploadId = await kit.uploadPart(username, sec, 'summary', sealed);
    const next = await kit.nextBid(username, sec);
    const sig = outerSig(kit.keysOf[username]!.sign, { projectId: project.id, sectionId: sec, ...next, part: 'summary', headerSha256: headerShaOf(sealed), partHash: partHash(sealed), size: sealed.length });
    return { sectionId: sec, version: next.version, parts: [{ uploadId, outerSignature: sig }] };
  }

  it('a finalize received 50 ms before the deadline whose transaction is held past it is accepted; its receipt shows the arrival', async () => {
    deps.clock.set(new Date(DEADLINE.getTime() - 5 * 60_000));
    const body = await prepared('bidder1');
    // A second connection holds the company's registration row: the finalize waits inside its transaction.
    const sql = postgres(testApp.dbUrl, { max: 1, onnotice: () => {} });
    const release = deferred();
    const locked = deferred();
    const holder = sql.begin(async (tx) => {
      await tx`select id from registrations where project_id = ${project.id} for update`;
      locked.resolve();
      await release.promise;
    });
    await locked.promise;
    const watch = postgres(testApp.dbUrl, { max: 1, onnotice: () => {} });
    try {
      const cookie = await kit.cookie('bidder1'); // signed in beforehand: the request itself is all that runs now
      deps.clock.set(new Date(DEADLINE.getTime() - 50));
      let settled: unknown = null;
      const pending = finalizeHttp('bidder1', body, cookie).then((r) => ((settled = r), r));
      // The request has arrived when its transaction waits on the held lock (seen from the database). A
      // finalize that answered without waiting is shown as it is, not as a poll timeout.
      await expect
        .poll(async () => (settled ? -1 : (await watch`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`)[0]!.n), { timeout: 30_000, interval: 20 })
        .not.toBe(0);
      expect(settled).toBeNull();
      deps.clock.set(new Date(DEADLINE.getTime() + 2_000)); // the deadline passes while it waits
      release.resolve();
      await holder;
      const res = await pending;
      expect(res.status).toBe(200);
      const receivedAt = new Date(res.json.result!.data.bid.receivedAt).getTime();
      expect(receivedAt).toBeLessThan(DEADLINE.getTime());
      expect(receivedAt).toBeGreaterThanOrEqual(DEADLINE.getTime() - 50);
      expect((JSON.parse(res.json.result!.data.receipt.json) as { receivedAt: string }).receivedAt).toBe(res.json.result!.data.bid.receivedAt);
      // The audit event records the arrival too.
      const [ev] = await deps.db.select().from(auditEvents).where(and(eq(auditEvents.chain, `project:${project.id}`), eq(auditEvents.action, 'bid.finalize')));
      expect((ev!.payload as { receivedAt: string }).receivedAt).toBe(res.json.result!.data.bid.receivedAt);
    } finally {
      release.resolve();
      await sql.end();
      await watch.end();
    }
  });

  it('one received after the deadline is refused, whatever the client says', async () => {
    deps.clock.set(new Date(DEADLINE.getTime() - 60_000));
    const body = await prepared('bidder2');
    deps.clock.set(new Date(DEADLINE.getTime() + 1));
    const res = await finalizeHttp('bidder2', body);
    expect(res.json.error?.data.appError).toMatchObject({ code: 'INVALID_STATE', details: { reason: 'DEADLINE_PASSED' } });
  });
});

describe('a platform outage extends what it hit (§8)', () => {
  it('bad outage records are refused and nothing is recorded', async () => {
    at('2026-06-10 12:00:00');
    const staff = await as('staff');
    const before = await appError(staff.outage.record({ startsAt: '2026-06-10T10:00:00+08:00', endsAt: '2026-06-10T09:00:00+08:00', description: '上传服务故障' }));
    expect(before).toMatchObject({ code: 'VALIDATION', details: { reason: 'OUTAGE_END_BEFORE_START' } });
    const future = await appError(staff.outage.record({ startsAt: '2026-06-10T10:00:00+08:00', endsAt: '2026-06-10T12:30:00+08:00', description: '上传服务故障' }));
    expect(future).toMatchObject({ code: 'VALIDATION', details: { reason: 'OUTAGE_IN_FUTURE' } });
    expect(await appCode((await as('supervisor')).outage.record({ startsAt: '2026-06-10T10:00:00+08:00', endsAt: '2026-06-10T11:00:00+08:00', description: '上传服务故障' }))).toBe('FORBIDDEN');
    expect(await deps.db.select().from(platformOutages)).toEqual([]);
  });

  it('a bid deadline inside the outage moves by a sealed 变更公告; registered companies are told; the old deadline no longer opens', async () => {
    at('2026-05-06 10:00:00');
    const p = await publishedProject('tenderee', {
      tradeType: 'engineering',
      name: '示范市故障顺延测试工程',
      schedule: { noticePublishAt: '2026-05-06T09:00:00+08:00', docsIssueStart: '2026-05-07T09:00:00+08:00', docsIssueEnd: '2026-05-14T09:00:00+08:00', bidDeadline: '2026-06-10T09:30:00+08:00', openingAt: '2026-06-10T09:30:00+08:00' },
    });
    at('2026-05-08 10:00:00');
    await runJob('project.timer', { projectId: p.id, event: 'open_bidding' });
    await (await as('bidder3')).registration.register({ sectionId: p.sections[0]!.id });
    at('2026-06-10 12:00:00');
    const o = await (await as('staff')).outage.record({ startsAt: '2026-06-10T09:10:00+08:00', endsAt: '2026-06-10T09:45:00+08:00', description: '投标文件上传服务不可用' });
    // 24 h after 09:45 on a working day at 09:30 → Fri 6/12 09:30.
    const item = o.affected.find((a) => a.projectId === p.id)!;
    expect(item).toMatchObject({ kind: 'bid_deadline', action: 'extended', from: bj('2026-06-10 09:30:00').toISOString(), to: bj('2026-06-12 09:30:00').toISOString() });
    const moved = await (await as('tenderee')).project.get({ projectId: p.id });
    expect([moved.schedule.bidDeadline, moved.schedule.openingAt]).toEqual([item.to, item.to]);
    // The sealed amendment is on the portal.
    const [notice] = await deps.db.select().from(notices).where(eq(notices.id, item.noticeId!));
    expect(notice).toMatchObject({ kind: 'amendment', status: 'published' });
    expect(notice!.body).toContain('顺延至 2026-06-12 09:30');
    expect((await notificationsOf('bidder3', 'project.outage_extension')).length).toBe(1);
    // The opening cannot start at the old deadline.
    expect((await appError((await as('staff')).opening.start({ projectId: p.id }))).details).toMatchObject({ reason: 'OPENING_TOO_EARLY', opensAt: item.to });
    const [ev] = await deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'outage.record'));
    expect(ev!.payload).toMatchObject({ reason: expect.stringContaining('不由投标人承担'), affected: expect.arrayContaining([expect.objectContaining({ projectId: p.id, action: 'extended' })]) });
  });

  it('a decryption window that overlapped the outage gets its full length again from the outage’s end', async () => {
    at('2026-05-06 10:00:00');
    const p = await publishedProject('tenderee', {
      tradeType: 'engineering',
      name: '示范市故障解密顺延测试工程',
      schedule: { noticePublishAt: '2026-05-06T09:00:00+08:00', docsIssueStart: '2026-05-07T09:00:00+08:00', docsIssueEnd: '2026-05-14T09:00:00+08:00', bidDeadline: '2026-06-11T09:30:00+08:00', openingAt: '2026-06-11T09:30:00+08:00' },
    });
    at('2026-05-08 10:00:00');
    await runJob('project.timer', { projectId: p.id, event: 'open_bidding' });
    for (const b of ['bidder3', 'bidder4', 'bidder5']) {
      await (await as(b)).registration.register({ sectionId: p.sections[0]!.id });
      await kit.issueKeys(b);
      await kit.submit(b, p, p.sections[0]!.id, [{ part: 'summary', plaintext: summary(700_000_000) }]);
    }
    at('2026-06-11 09:30:01');
    await (await as('staff')).opening.start({ projectId: p.id });
    at('2026-06-11 10:30:00'); // the 30-minute window ended at 10:00 but its job has not run yet
    const o = await (await as('staff')).outage.record({ startsAt: '2026-06-11T09:40:00+08:00', endsAt: '2026-06-11T09:55:00+08:00', description: '解密服务不可用' });
    const item = o.affected.find((a) => a.projectId === p.id)!;
    expect(item).toMatchObject({ kind: 'decryption_window', action: 'extended' });
    expect(Math.abs(new Date(item.from).getTime() - bj('2026-06-11 10:00:00').getTime())).toBeLessThan(5_000); // the old end
    // From now (later than the outage's end at 09:55) + the 30-minute window.
    const to = new Date(item.to!).getTime();
    expect(to - bj('2026-06-11 11:00:00').getTime()).toBeGreaterThanOrEqual(0);
    expect(to - bj('2026-06-11 11:00:00').getTime()).toBeLessThan(5_000);
    const [opening] = await deps.db.select().from(openings).where(eq(openings.projectId, p.id));
    expect(opening!.decryptDeadline.getTime()).toBe(to);
    expect((await appError((await as('staff')).opening.endWindow({ projectId: p.id }))).details).toMatchObject({ reason: 'WINDOW_NOT_OVER' });
    expect(await runJob('opening.window_end', { projectId: p.id })).toEqual({ outcome: 'rescheduled' });
    const [proj] = await deps.db.select().from(projects).where(eq(projects.id, p.id));
    expect(proj!.status).toBe('OPENING');
  });
});

/** A 2027 schedule in the form of a State Council notice (the provisional prediction, as a stand-in). */
function officialStyle2027() {
  const p = provisionalYear(2027);
  return [
    ...Object.entries(p.predicted.holidays).map(([day, name]) => ({ day, kind: 'holiday' as const, name })),
    ...Object.entries(p.predicted.workdays).map(([day, name]) => ({ day, kind: 'workday' as const, name })),
  ];
}

/** The bidder's basic account (B7: an engineering cash security must come from it). */
async function basicAccountOf(username: string): Promise<string> {
  const [r] = await deps.db.select({ account: organizations.basicAccountNo }).from(users).innerJoin(organizations, eq(organizations.id, users.orgId)).where(eq(users.username, username));
  return r!.account!;
}

function deferred<T = void>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
