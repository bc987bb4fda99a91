/**
 * Qualification criteria, answers with evidence and the prequalification review through the real server
 * (issue 5 §5; domain §1 P1–P4 — fewer than 3 qualified → RE_TENDER, ZTBT §19; B8 — failed applicants
 * cannot bid; S1 — criteria frozen once submitted; T1 — server time decides the answer deadline).
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { and, eq } from 'drizzle-orm';
import { auditEvents, deposits, jobs, notices, notifications, projects, users } from '@ebid/db';
import { assertMayBid, DEMO_PASSWORD, type JobKind, type JobPayloadArg, runJobNow } from '@ebid/services';
import { SESSION_COOKIE } from '@ebid/api';
import { apiClient, appCode, loginAs } from '@ebid/api/test-client';
import { isAppError } from '@ebid/domain';
import { downloadTampered, integrityAlert } from './integrity-test-kit.ts';
import { addDocumentAs, startTestApp, type TestApp } from './test-app.ts';

let testApp: TestApp;
let deps: TestApp['deps'];
let base: string;
const START = new Date('2026-02-25T02:00:00Z');
const login = (u: string) => loginAs(deps, u, DEMO_PASSWORD);
const as = async (u: string) => (await login(u)).call();

beforeAll(async () => {
  testApp = await startTestApp({ clockStart: START });
  deps = testApp.deps;
  base = testApp.base;
});
afterAll(async () => {
  await testApp?.close();
});

/** The wire error of a failing call (code + details). */
async function appErr(p: Promise<unknown>): Promise<{ code: string; details?: Record<string, unknown> }> {
  try {
    await p;
  } catch (e) {
    if (isAppError(e)) return e.toJSON() as { code: string; details?: Record<string, unknown> };
    if (e instanceof TRPCError && isAppError(e.cause)) return e.cause.toJSON() as { code: string; details?: Record<string, unknown> };
    return { code: await appCode(Promise.reject(e)) };
  }
  return { code: 'OK' };
}

// A legal engineering prequalification schedule (ZTBT §16, §17; ZTB §24), Beijing time.
const schedule = {
  noticePublishAt: '2026-02-25T09:00:00+08:00',
  prequalDocsEnd: '2026-03-06T17:00:00+08:00',
  prequalApplicationDeadline: '2026-03-12T09:00:00+08:00',
  prequalReviewEnd: '2026-03-16T17:00:00+08:00',
  docsIssueStart: '2026-03-18T09:00:00+08:00',
  docsIssueEnd: '2026-03-25T17:00:00+08:00',
  bidDeadline: '2026-04-08T09:30:00+08:00',
  openingAt: '2026-04-08T09:30:00+08:00',
};
const DEADLINE = new Date(schedule.prequalApplicationDeadline);
const REVIEW_END = new Date(schedule.prequalReviewEnd);

const CRITERIA = [
  { code: 'Q1', category: 'licence' as const, title: '施工总承包资质', requirement: '具备市政公用工程施工总承包二级及以上资质', evidenceRequired: true },
  { code: 'Q2', category: 'financial' as const, title: '注册资本', requirement: '注册资本不少于人民币1000万元', minValue: 1_000_000_000, unit: 'fen' as const, evidenceRequired: false },
];

async function publishPrequalProject(name: string, sections = [{ name: '第一标段', ceilingFen: 450_000_000, securityFen: 5_000_000 }]) {
  deps.clock.set(START);
  const t = await as('tenderee');
  const p = await t.project.create({
    tradeType: 'engineering',
    method: 'open',
    prequalification: true,
    name,
    budgetFen: 500_000_000,
    sections,
  });
  await t.project.saveSchedule({ projectId: p.id, schedule, expectedVersion: p.version });
  const criteria = await t.qualification.setCriteria({ projectId: p.id, criteria: CRITERIA });
  await addDocumentAs(testApp, 'tenderee', p.id, 'prequalification');
  const n = await t.notice.draft({ projectId: p.id, kind: 'prequalification', title: `${name}资格预审公告`, body: '一、招标条件\n\n本项目已具备招标条件，现进行公开招标，采用资格预审。' });
  await t.notice.submit({ noticeId: n.id });
  await (await as('staff')).notice.publish({ noticeId: n.id });
  const proj = await t.project.get({ projectId: p.id });
  return { t, p: proj, sectionId: proj.sections[0]!.id, criteria };
}

async function upload(user: string, content: string, fileName = '资质证书.pdf'): Promise<number> {
  const c = await login(user);
  const body = Buffer.from(content);
  const res = await fetch(`${base}/files?name=${encodeURIComponent(fileName)}`, {
    method: 'POST',
    headers: {
      cookie: `${SESSION_COOKIE}=${encodeURIComponent(c.jar.get(SESSION_COOKIE)!)}`,
      'content-type': 'application/pdf',
      'x-content-sha256': crypto.createHash('sha256').update(body).digest('hex'),
    },
    body,
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { uploadId: number }).uploadId;
}

async function getEvidence(user: string, answerId: number, index = 0): Promise<Response> {
  const c = await login(user);
  return fetch(`${base}/qualification/evidence/${answerId}/${index}`, {
    headers: { cookie: `${SESSION_COOKIE}=${encodeURIComponent(c.jar.get(SESSION_COOKIE)!)}` },
  });
}

const runJob = <K extends JobKind>(kind: K, ...payload: JobPayloadArg<K>) => runJobNow(deps, kind, ...payload);

/**
 * Register the bidders, answer both criteria (with evidence), and move the project into review. With
 * several sections every bidder applies to each; its registrations are keyed `bidder1`, `bidder1:2`, ….
 */
async function applicantsAnswered(projectId: number, sectionIds: number | number[], criteria: { id: number }[], bidders: string[]) {
  const regs: Record<string, number> = {};
  for (const [i, sectionId] of [sectionIds].flat().entries()) for (const b of bidders) {
    const c = await as(b);
    const r = await c.registration.register({ sectionId });
    regs[i === 0 ? b : `${b}:${i + 1}`] = r.id;
    const file = await upload(b, `${b} 资质证书 ${projectId}`);
    await c.qualification.answer({ registrationId: r.id, criterionId: criteria[0]!.id, statement: '具备市政公用工程施工总承包一级资质', evidenceUploadIds: [file] });
    await c.qualification.answer({ registrationId: r.id, criterionId: criteria[1]!.id, statement: '注册资本5000万元', value: 5_000_000_000, evidenceUploadIds: [] });
  }
  deps.clock.set(new Date(DEADLINE.getTime() + 60_000));
  await runJob('project.timer', { projectId, event: 'start_prequalification' });
  return regs;
}

async function decideAll(projectId: number, criteria: { id: number }[], regs: Record<string, number>, failing: string[]) {
  const staff = await as('staff');
  for (const [b, regId] of Object.entries(regs)) {
    for (const c of criteria) {
      const pass = !(failing.includes(b) && c === criteria[0]);
      await staff.qualification.decide({ registrationId: regId, criterionId: c.id, pass, reason: pass ? '符合资格预审文件要求' : `${b}资质证书已过有效期` });
    }
  }
  void projectId;
}

async function receiveDeposits(projectId: number) {
  await deps.db.update(deposits).set({ status: 'received', receivedAt: START, form: 'cash' }).where(eq(deposits.projectId, projectId));
}

async function notificationsOf(username: string, kind: string) {
  const [u] = await deps.db.select().from(users).where(eq(users.username, username));
  return deps.db.select().from(notifications).where(and(eq(notifications.userId, u!.id), eq(notifications.kind, kind)));
}

describe('qualification criteria (S1)', () => {
  it('the owner side replaces the criteria while DRAFT; frozen once submitted; duplicate codes refused', async () => {
    deps.clock.set(START);
    const t = await as('tenderee');
    const p = await t.project.create({ tradeType: 'engineering', method: 'open', prequalification: true, name: '资格条件冻结测试', sections: [{ name: '一标段' }] });
    expect(await appErr(t.qualification.setCriteria({ projectId: p.id, criteria: [CRITERIA[0]!, { ...CRITERIA[1]!, code: 'Q1' }] }))).toMatchObject({
      code: 'VALIDATION',
      details: { field: 'criteria.1.code', reason: 'DUPLICATE_CODE' },
    });
    await t.qualification.setCriteria({ projectId: p.id, criteria: CRITERIA });
    const replaced = await t.qualification.setCriteria({ projectId: p.id, criteria: [CRITERIA[1]!] });
    expect(replaced.map((c) => c.code)).toEqual(['Q2']);
    // Another tenderee cannot see the draft; a bidder cannot read a draft project's criteria.
    expect(await appCode((await as('tenderee2')).qualification.setCriteria({ projectId: p.id, criteria: CRITERIA }))).toBe('NOT_FOUND');
    expect(await appCode((await as('bidder1')).qualification.criteria({ projectId: p.id }))).toBe('NOT_FOUND');
    await t.project.saveSchedule({ projectId: p.id, schedule, expectedVersion: (await t.project.get({ projectId: p.id })).version });
    await addDocumentAs(testApp, 'tenderee', p.id, 'prequalification');
    const n = await t.notice.draft({ projectId: p.id, kind: 'prequalification', title: '资格条件冻结测试公告', body: '资格预审公告正文内容，本项目采用资格预审。' });
    await t.notice.submit({ noticeId: n.id });
    expect(await appCode(t.qualification.setCriteria({ projectId: p.id, criteria: CRITERIA }))).toBe('INVALID_STATE');
    expect((await t.qualification.criteria({ projectId: p.id })).map((c) => c.code)).toEqual(['Q2']);
  });

  it('publishing a prequalification notice schedules the application-deadline and review-overdue timers', async () => {
    const { p } = await publishPrequalProject('定时器测试工程');
    expect(p.status).toBe('PUBLISHED');
    const rows = await deps.db.select().from(jobs);
    const mine = rows.filter((j) => (j.payload as { projectId?: number }).projectId === p.id);
    expect(mine.map((j) => [j.kind, j.runAt.toISOString()]).sort()).toEqual([
      ['audit.deadline_checkpoint', new Date(schedule.bidDeadline).toISOString()], // issue 13 §6: the log is witnessed at the bid deadline
      ['prequal.review_overdue', REVIEW_END.toISOString()],
      ['project.timer', DEADLINE.toISOString()],
    ]);
    // Any signed-in bidder reads the criteria of a public project.
    expect((await (await as('bidder3')).qualification.criteria({ projectId: p.id })).map((c) => c.code)).toEqual(['Q1', 'Q2']);
  });
});

describe('answers with evidence', () => {
  it('evidence required, foreign evidence, other companies, versions, then the deadline (T1) closes answers', async () => {
    const { p, sectionId, criteria } = await publishPrequalProject('答复测试工程');
    const b1 = await as('bidder1');
    const b2 = await as('bidder2');
    const r1 = await b1.registration.register({ sectionId });
    await b2.registration.register({ sectionId });
    expect(await appErr(b1.qualification.answer({ registrationId: r1.id, criterionId: criteria[0]!.id, statement: '有资质', evidenceUploadIds: [] }))).toMatchObject({
      code: 'VALIDATION',
      details: { field: 'evidenceUploadIds' },
    });
    const foreign = await upload('bidder2', 'bidder2 的证书');
    expect(await appCode(b1.qualification.answer({ registrationId: r1.id, criterionId: criteria[0]!.id, statement: '有资质', evidenceUploadIds: [foreign] }))).toBe('NOT_FOUND');
    expect(await appCode(b1.qualification.answer({ registrationId: r1.id, criterionId: criteria[1]!.id, statement: '注册资本', evidenceUploadIds: [] }))).toBe('VALIDATION'); // threshold needs a value
    const own = await upload('bidder1', 'bidder1 的证书 第一版');
    const a1 = await b1.qualification.answer({ registrationId: r1.id, criterionId: criteria[0]!.id, statement: '具备二级资质', evidenceUploadIds: [own] });
    expect(a1.version).toBe(1);
    expect(a1.evidence).toEqual([expect.objectContaining({ uploadId: own, fileName: '资质证书.pdf', size: Buffer.byteLength('bidder1 的证书 第一版') })]);
    const a2 = await b1.qualification.answer({ registrationId: r1.id, criterionId: criteria[0]!.id, statement: '具备一级资质', evidenceUploadIds: [own, own] });
    expect(a2).toMatchObject({ id: a1.id, version: 2, statement: '具备一级资质' });
    expect(a2.evidence).toHaveLength(1);
    // Another bidder cannot answer for, read, or download bidder1's answers.
    expect(await appCode(b2.qualification.answer({ registrationId: r1.id, criterionId: criteria[0]!.id, statement: '冒充', evidenceUploadIds: [foreign] }))).toBe('NOT_FOUND');
    expect(await appCode(b2.qualification.mine({ registrationId: r1.id }))).toBe('NOT_FOUND');
    expect(await appCode(b2.qualification.applicants({ projectId: p.id }))).toBe('FORBIDDEN');
    expect((await getEvidence('bidder2', a1.id)).status).toBe(404);
    expect((await getEvidence('bidder1', a1.id, 5)).status).toBe(404);
    const mineRes = await getEvidence('bidder1', a1.id);
    expect(mineRes.status).toBe(200);
    expect(mineRes.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('资质证书.pdf')}`);
    expect(Buffer.from(await mineRes.arrayBuffer()).toString()).toBe('bidder1 的证书 第一版');
    // Before the application deadline nobody else sees applicants or their evidence (issue 13 §2), the center included.
    expect((await getEvidence('staff', a1.id)).status).toBe(404);
    expect((await getEvidence('tenderee', a1.id)).status).toBe(404);
    for (const u of ['tenderee', 'staff', 'supervisor', 'admin']) {
      expect(await appErr((await as(u)).qualification.applicants({ projectId: p.id })), u).toMatchObject({ code: 'INVALID_STATE', details: { reason: 'SECRET_UNTIL_DEADLINE' } });
    }
    // Issue 13 §5: a corrupted evidence file never downloads complete; the alert names the route.
    const evidenceSha = crypto.createHash('sha256').update('bidder1 的证书 第一版').digest('hex');
    const c1 = await login('bidder1');
    const bad = await downloadTampered(testApp, { path: `/qualification/evidence/${a1.id}/0`, cookie: `${SESSION_COOKIE}=${encodeURIComponent(c1.jar.get(SESSION_COOKIE)!)}`, sha256: evidenceSha });
    expect(bad).toMatchObject({ status: 422, code: 'INTEGRITY_FAILED' });
    expect((await integrityAlert(testApp, evidenceSha)).events[0]?.payload).toMatchObject({ route: 'GET /qualification/evidence/:answerId/:index' });
    const mine = await b1.qualification.mine({ registrationId: r1.id });
    expect(mine).toMatchObject({ answersOpen: true, decided: false, answersCloseAt: DEADLINE.toISOString() });
    expect(mine.items.map((i) => [i.criterion.code, i.answer?.version ?? null, i.decision])).toEqual([['Q1', 2, null], ['Q2', null, null]]);
    // One millisecond after the deadline (server time): closed, nothing changes.
    deps.clock.set(new Date(DEADLINE.getTime() + 1));
    expect(await appErr(b1.qualification.answer({ registrationId: r1.id, criterionId: criteria[0]!.id, statement: '截止后修改', evidenceUploadIds: [own] }))).toMatchObject({
      code: 'VALIDATION',
      details: { reason: 'ANSWERS_CLOSED', deadline: DEADLINE.toISOString() },
    });
    expect((await b1.qualification.mine({ registrationId: r1.id })).items[0]!.answer).toMatchObject({ statement: '具备一级资质', version: 2 });
    // After it: the center for the review; the owner side only once the review is complete.
    expect((await getEvidence('staff', a1.id)).status).toBe(200);
    expect((await getEvidence('tenderee', a1.id)).status).toBe(404);
    expect(await appErr((await as('tenderee')).qualification.applicants({ projectId: p.id }))).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'REVIEW_NOT_COMPLETE' } });
  });
});

describe('prequalification timers', () => {
  it('project.timer: before the deadline it re-schedules; after it, PUBLISHED → PREQUALIFICATION; then a no-op', async () => {
    const { p } = await publishPrequalProject('预审定时器工程');
    deps.clock.set(new Date(DEADLINE.getTime() - 60_000));
    expect(await runJob('project.timer', { projectId: p.id, event: 'start_prequalification' })).toMatchObject({ outcome: 'rescheduled', status: 'PUBLISHED' });
    deps.clock.set(new Date(DEADLINE.getTime() + 1000));
    expect(await runJob('project.timer', { projectId: p.id, event: 'start_prequalification' })).toMatchObject({ outcome: 'applied', status: 'PREQUALIFICATION' });
    expect((await (await as('tenderee')).project.get({ projectId: p.id })).status).toBe('PREQUALIFICATION');
    expect(await runJob('project.timer', { projectId: p.id, event: 'start_prequalification' })).toMatchObject({ outcome: 'noop' });
  });

  it('a suspended project retries an hour later', async () => {
    const { p } = await publishPrequalProject('暂停定时器工程');
    await deps.db.update(projects).set({ status: 'SUSPENDED', statusDetail: { suspendedFrom: 'PUBLISHED', suspension: { reason: 'objection' } } }).where(eq(projects.id, p.id));
    const at = new Date(DEADLINE.getTime() + 1000);
    deps.clock.set(at);
    expect(await runJob('project.timer', { projectId: p.id, event: 'start_prequalification' })).toMatchObject({ outcome: 'suspended_retry' });
    const retry = (await deps.db.select().from(jobs).where(eq(jobs.kind, 'project.timer'))).filter(
      (j) => (j.payload as { projectId: number }).projectId === p.id && j.runAt.getTime() - at.getTime() >= 3600_000 && j.runAt.getTime() - at.getTime() < 3660_000, // the fake clock runs on
    );
    expect(retry).toHaveLength(1);
  });

  it('a sealed-bid project without prequalification opens bidding when the documents are issued', async () => {
    deps.clock.set(START);
    const t = await as('tenderee');
    const p = await t.project.create({ tradeType: 'engineering', method: 'open', name: '无预审开标定时器工程', sections: [{ name: '一标段' }] });
    await t.project.saveSchedule({
      projectId: p.id,
      schedule: { noticePublishAt: schedule.noticePublishAt, docsIssueStart: '2026-03-02T09:00:00+08:00', docsIssueEnd: '2026-03-10T09:00:00+08:00', bidDeadline: '2026-03-25T09:30:00+08:00', openingAt: '2026-03-25T09:30:00+08:00' },
      expectedVersion: p.version,
    });
    await addDocumentAs(testApp, 'tenderee', p.id);
    const n = await t.notice.draft({ projectId: p.id, kind: 'tender', title: '无预审开标定时器工程招标公告', body: '招标公告正文内容，本项目公开招标。' });
    await t.notice.submit({ noticeId: n.id });
    await (await as('staff')).notice.publish({ noticeId: n.id });
    const [job] = (await deps.db.select().from(jobs).where(eq(jobs.kind, 'project.timer'))).filter((j) => (j.payload as { projectId: number }).projectId === p.id);
    expect(job).toMatchObject({ payload: { projectId: p.id, event: 'open_bidding' }, runAt: new Date('2026-03-02T01:00:00Z') });
    expect((await t.project.get({ projectId: p.id })).status).toBe('PUBLISHED');
    deps.clock.set(new Date('2026-03-02T01:00:00Z'));
    expect(await runJob('project.timer', { projectId: p.id, event: 'open_bidding' })).toMatchObject({ outcome: 'applied', status: 'BIDDING' });
  });

  it('prequal.review_overdue alerts staff and supervisors (red) while the review is still open', async () => {
    const { p, sectionId, criteria } = await publishPrequalProject('审查超期预警工程');
    await applicantsAnswered(p.id, sectionId, criteria, ['bidder1']);
    deps.clock.set(new Date(REVIEW_END.getTime() + 1000));
    expect(await runJob('prequal.review_overdue', { projectId: p.id })).toEqual({ alerted: true });
    const alerts = await notificationsOf('supervisor', 'prequal.review_overdue');
    expect(alerts.some((a) => a.titleZh.includes('红色预警') && a.bodyZh.includes('审查超期预警工程'))).toBe(true);
    expect((await notificationsOf('staff', 'prequal.review_overdue')).length).toBeGreaterThan(0);
  });
});

describe('prequalification review (P3, P4, B8)', () => {
  it('decisions need the review stage and a written reason; completing with a missing decision is refused', async () => {
    const { p, sectionId, criteria } = await publishPrequalProject('审查意见测试工程');
    const b1 = await as('bidder1');
    const r1 = await b1.registration.register({ sectionId });
    const staff = await as('staff');
    expect(await appCode(staff.qualification.decide({ registrationId: r1.id, criterionId: criteria[0]!.id, pass: true, reason: '符合要求' }))).toBe('INVALID_STATE');
    deps.clock.set(new Date(DEADLINE.getTime() + 1000));
    await runJob('project.timer', { projectId: p.id, event: 'start_prequalification' });
    expect(await appCode(staff.qualification.decide({ registrationId: r1.id, criterionId: criteria[0]!.id, pass: false, reason: ' ' }))).toBe('VALIDATION');
    expect(await appCode(b1.qualification.decide({ registrationId: r1.id, criterionId: criteria[0]!.id, pass: true, reason: '自己通过自己' }))).toBe('FORBIDDEN');
    await staff.qualification.decide({ registrationId: r1.id, criterionId: criteria[0]!.id, pass: true, reason: '资质证书有效' });
    const err = await appErr(staff.qualification.completeReview({ projectId: p.id }));
    expect(err).toMatchObject({ code: 'VALIDATION', details: { reason: 'DECISIONS_MISSING', missing: [{ registrationId: r1.id, criteria: ['Q2'] }] } });
    expect((await staff.project.get({ projectId: p.id })).status).toBe('PREQUALIFICATION');
    const list = await staff.qualification.applicants({ projectId: p.id });
    expect(list.applicants).toHaveLength(1);
    expect(list.applicants[0]!.items.map((i) => [i.hint, i.decision?.pass ?? null])).toEqual([['unanswered', true], ['unanswered', null]]);
    expect((await staff.qualification.reviewQueue()).map((q) => q.projectId)).toContain(p.id);
  });

  it('3 qualified → PREQUALIFIED → BIDDING; each applicant is told only its own result; the failed one cannot bid', async () => {
    const { p, sectionId, criteria } = await publishPrequalProject('三家合格测试工程');
    const regs = await applicantsAnswered(p.id, sectionId, criteria, ['bidder1', 'bidder2', 'bidder3', 'bidder4']);
    await receiveDeposits(p.id);
    const staff = await as('staff');
    const before = await staff.qualification.applicants({ projectId: p.id });
    expect(before.applicants.every((a) => a.items.every((i) => i.hint === 'meets'))).toBe(true);
    await decideAll(p.id, criteria, regs, ['bidder4']);
    const r = await staff.qualification.completeReview({ projectId: p.id });
    expect(r).toMatchObject({ status: 'BIDDING', qualifiedCount: 3, disqualified: [regs.bidder4], failureNoticeId: null });
    expect((await staff.project.get({ projectId: p.id })).status).toBe('BIDDING');

    const n1 = (await notificationsOf('bidder1', 'qualification.result')).filter((n) => n.bodyZh.includes('三家合格测试工程'));
    expect(n1).toHaveLength(1);
    expect(n1[0]!.titleZh).toContain('合格');
    expect(n1[0]!.bodyZh).not.toContain('bidder4');
    const n4 = (await notificationsOf('bidder4', 'qualification.result')).filter((n) => n.bodyZh.includes('三家合格测试工程'));
    expect(n4).toHaveLength(1);
    expect(n4[0]!.titleZh).toContain('不合格');
    expect(n4[0]!.bodyZh).toContain('bidder4资质证书已过有效期');
    const b4 = await as('bidder4');
    const mine4 = await b4.qualification.mine({ registrationId: regs.bidder4! });
    expect(mine4.registration.status).toBe('disqualified');
    expect(mine4.items[0]!.decision).toMatchObject({ pass: false, reason: 'bidder4资质证书已过有效期', reviewerName: null });
    expect((await b4.qualification.mineForProject({ projectId: p.id })).map((m) => m.registration.id)).toEqual([regs.bidder4]);

    // Deposits: only the disqualified applicant's is due for refund (B10).
    const deps4 = await deps.db.select().from(deposits).where(eq(deposits.projectId, p.id));
    expect(deps4.filter((d) => d.refundDueAt !== null).map((d) => d.registrationId)).toEqual([regs.bidder4]);

    // B8.
    const [org4] = await deps.db.select().from(users).where(eq(users.username, 'bidder4'));
    const [org1] = await deps.db.select().from(users).where(eq(users.username, 'bidder1'));
    const [org5] = await deps.db.select().from(users).where(eq(users.username, 'bidder5'));
    const may = (orgId: number) => appErr(deps.db.transaction((tx) => assertMayBid(tx, { projectId: p.id, sectionId, bidderOrgId: orgId })));
    expect(await may(org4!.orgId)).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'PREQUAL_FAILED' } });
    expect(await may(org1!.orgId)).toEqual({ code: 'OK' });
    expect(await may(org5!.orgId)).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'NOT_REGISTERED' } });

    // The owner side now sees the applicants and their evidence; other bidders never do.
    const owner = await (await as('tenderee')).qualification.applicants({ projectId: p.id });
    expect(owner.reviewComplete).toBe(true);
    const answerId = owner.applicants.find((a) => a.registrationId === regs.bidder1)!.items[0]!.answer!.id;
    expect((await getEvidence('tenderee', answerId)).status).toBe(200);
    expect((await getEvidence('bidder2', answerId)).status).toBe(404);
    expect(await appCode((await as('staff')).qualification.decide({ registrationId: regs.bidder1!, criterionId: criteria[0]!.id, pass: false, reason: '复核' }))).toBe('INVALID_STATE');
  });

  it('B8 before the review: an applied applicant of a prequalification project is NOT_QUALIFIED', async () => {
    const { p, sectionId } = await publishPrequalProject('未审查投标测试工程');
    const r = await (await as('bidder2')).registration.register({ sectionId });
    const [u] = await deps.db.select().from(users).where(eq(users.username, 'bidder2'));
    expect(await appErr(deps.db.transaction((tx) => assertMayBid(tx, { projectId: p.id, sectionId, bidderOrgId: u!.orgId })))).toMatchObject({
      code: 'FORBIDDEN',
      details: { reason: 'NOT_QUALIFIED' },
    });
    await (await as('bidder2')).registration.withdraw({ registrationId: r.id });
    expect(await appErr(deps.db.transaction((tx) => assertMayBid(tx, { projectId: p.id, sectionId, bidderOrgId: u!.orgId })))).toMatchObject({
      details: { reason: 'NOT_REGISTERED' },
    });
  });

  it('only 2 qualified → FAILED: 流标公告 on the portal, every deposit due for refund, the owner side told it may re-tender', async () => {
    const { p, sectionId, criteria } = await publishPrequalProject('两家合格流标测试工程');
    const regs = await applicantsAnswered(p.id, sectionId, criteria, ['bidder1', 'bidder2', 'bidder3']);
    await receiveDeposits(p.id);
    await decideAll(p.id, criteria, regs, ['bidder3']);
    const r = await (await as('staff')).qualification.completeReview({ projectId: p.id });
    expect(r).toMatchObject({ status: 'FAILED', qualifiedCount: 2, disqualified: [regs.bidder3] });
    expect(r.failureNoticeId).not.toBeNull();
    const proj = await (await as('tenderee')).project.get({ projectId: p.id });
    expect(proj).toMatchObject({ status: 'FAILED', statusDetail: { failure: { reason: 'too_few_qualified' } } });
    // The single section failed with the project and its one notice (no notice of its own).
    expect(proj.sections.map((s) => [s.status, s.failureReason, s.failureNoticeId])).toEqual([['failed', 'too_few_qualified', r.failureNoticeId]]);
    const anon = await apiClient(deps).call();
    const portal = await anon.portal.notice({ noticeId: r.failureNoticeId! });
    expect(portal).toMatchObject({ kind: 'failure', title: '两家合格流标测试工程流标公告' });
    expect((await fetch(`${base}/portal/notices/${r.failureNoticeId}.pdf`)).status).toBe(200);
    const ds = await deps.db.select().from(deposits).where(eq(deposits.projectId, p.id));
    expect(ds).toHaveLength(3);
    expect(ds.every((d) => d.refundDueAt !== null)).toBe(true);
    expect((await notificationsOf('tenderee', 'qualification.failed')).some((n) => n.bodyZh.includes('重新招标'))).toBe(true);
    const [u2] = await deps.db.select().from(users).where(eq(users.username, 'bidder2'));
    expect(await appErr(deps.db.transaction((tx) => assertMayBid(tx, { projectId: p.id, sectionId, bidderOrgId: u2!.orgId })))).toEqual({ code: 'OK' }); // B8 only; the FAILED state stops bidding
  });

  it('issue 16 §7: a section with only 2 qualified fails alone — its own 流标公告, its deposits due, its applicants told — the other section goes on to bidding', async () => {
    const { p, criteria } = await publishPrequalProject('两标段预审分别流标测试工程', [
      { name: '道路工程', ceilingFen: 200_000_000, securityFen: 2_000_000 },
      { name: '桥梁工程', ceilingFen: 200_000_000, securityFen: 2_000_000 },
    ]);
    const [s1, s2] = p.sections;
    const regs = await applicantsAnswered(p.id, [s1!.id, s2!.id], criteria, ['bidder1', 'bidder2', 'bidder3']);
    await receiveDeposits(p.id);
    await decideAll(p.id, criteria, regs, ['bidder3:2']); // section 002: only 2 qualified
    const r = await (await as('staff')).qualification.completeReview({ projectId: p.id });
    expect(r).toMatchObject({ status: 'BIDDING', qualifiedCount: 3, disqualified: [regs['bidder3:2']], failureNoticeId: null, failedSections: ['002'] });

    // The section, not the project, failed; the owner side sees its status and its notice.
    const proj = await (await as('tenderee')).project.get({ projectId: p.id });
    expect(proj.status).toBe('BIDDING');
    expect(proj.sections.map((s) => [s.code, s.status, s.failureReason])).toEqual([['001', 'open', null], ['002', 'failed', 'too_few_qualified']]);
    const noticeId = proj.sections[1]!.failureNoticeId!;
    const anon = await apiClient(deps).call();
    expect(await anon.portal.notice({ noticeId })).toMatchObject({ kind: 'failure', title: '两标段预审分别流标测试工程第002标段（桥梁工程）流标公告' });
    expect((await anon.portal.notice({ noticeId })).body).toContain('其他标段不受影响');
    expect((await fetch(`${base}/portal/notices/${noticeId}.pdf`)).status).toBe(200);
    const [n] = await deps.db.select().from(notices).where(eq(notices.id, noticeId));
    expect(n).toMatchObject({ sectionId: s2!.id, status: 'published' });

    // Refunds: every deposit of the failed section (qualified ones too), none of the other section.
    const ds = await deps.db.select().from(deposits).where(eq(deposits.projectId, p.id));
    expect(ds.filter((d) => d.sectionId === s2!.id).map((d) => d.refundReason)).toEqual([expect.any(String), expect.any(String), expect.any(String)]);
    expect(ds.filter((d) => d.sectionId === s2!.id && d.registrationId !== regs['bidder3:2']).every((d) => d.refundReason === 'failure')).toBe(true);
    expect(ds.filter((d) => d.sectionId === s1!.id).every((d) => d.refundDueAt === null)).toBe(true);
    expect((await notificationsOf('bidder1', 'section.failed')).some((x) => x.bodyZh.includes('两标段预审分别流标测试工程') && x.bodyZh.includes('第002标段'))).toBe(true);
    expect((await notificationsOf('tenderee', 'section.failed')).some((x) => x.bodyZh.includes('两标段预审分别流标测试工程'))).toBe(true);
    const trail = await deps.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'section.fail'), eq(auditEvents.subjectId, String(s2!.id))));
    expect(trail).toHaveLength(1);

    // A failed section refuses further acts: registration, bid upload and finalize (SECTION_FAILED).
    const b1 = await as('bidder1');
    expect(await appErr((await as('bidder4')).registration.register({ sectionId: s2!.id }))).toMatchObject({ code: 'INVALID_STATE', details: { reason: 'SECTION_FAILED' } });
    expect(await appErr(b1.bid.startUpload({ sectionId: s2!.id, part: 'summary', size: 1000, partHash: 'a'.repeat(64) }))).toMatchObject({ details: { reason: 'SECTION_FAILED' } });
    expect(await appErr(b1.bid.finalize({ sectionId: s2!.id, version: 1, parts: [{ uploadId: 1, outerSignature: 'x' }] }))).toMatchObject({ details: { reason: 'SECTION_FAILED' } });
    // The other section takes bids.
    expect((await b1.bid.startUpload({ sectionId: s1!.id, part: 'summary', size: 1000, partHash: 'a'.repeat(64) })).uploadId).toBeGreaterThan(0);
  });
});
