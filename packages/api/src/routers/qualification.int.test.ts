/**
 * Qualification criteria, answers with evidence and the prequalification review through the real server
 * (issue 5 §5; domain §1 P1–P4 — fewer than 3 qualified → RE_TENDER, ZTBT §19; B8 — failed applicants
 * cannot bid; S1 — criteria frozen once submitted; T1 — server time decides the answer deadline).
 */
import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, checkpoints, deposits, jobs, notices, notifications, projects, users } from '@ebid/db';
import { assertMayBid, publicNoticePdf, type JobKind, type JobPayloadArg } from '@ebid/services';
import {
  addDocument,
  answeredApplicants,
  callerAs,
  decideAllAnswers,
  PREQUALIFICATION_SCHEDULE,
  prequalificationProject,
  runTestJob,
  TEST_CRITERIA as CRITERIA,
  TEST_START as START,
  uploadFile,
  type SectionInput,
  type TestDeps,
  useDemoTestDeps,
} from '@ebid/testing';
import { apiClient, appCode, appError } from '../test-client.ts';

let deps: TestDeps;
useDemoTestDeps((d) => (deps = d), { clockStart: START });
const as = (u: string) => callerAs(deps, u);


// A legal engineering prequalification schedule (ZTBT §16, §17; ZTB §24), Beijing time.
const schedule = PREQUALIFICATION_SCHEDULE;
const DEADLINE = new Date(schedule.prequalApplicationDeadline);
const REVIEW_END = new Date(schedule.prequalReviewEnd);

/** A prequalification project of its own (criteria Q1, Q2), published on the morning of START. */
async function publishPrequalProject(name: string, sections: SectionInput[] = [{ name: '第一标段', ceilingFen: 450_000_000, securityFen: 5_000_000 }]) {
  deps.clock.set(START);
  const { project, sectionId, criteria } = await prequalificationProject(deps, {
    name,
    budgetFen: 500_000_000,
    sections,
    noticeTitle: `${name}资格预审公告`,
    noticeBody: '一、招标条件\n\n本项目已具备招标条件，现进行公开招标，采用资格预审。',
  });
  return { p: project, sectionId, criteria };
}

const upload = (user: string, content: string, fileName = '资质证书.pdf') => uploadFile(deps, user, fileName, Buffer.from(content));
const runJob = <K extends JobKind>(kind: K, ...payload: JobPayloadArg<K>) => runTestJob(deps, kind, ...payload);
const applicantsAnswered = (projectId: number, sectionIds: number | number[], criteria: { id: number }[], bidders: string[]) => answeredApplicants(deps, { projectId, sectionIds, criteria }, bidders);
const decideAll = (_projectId: number, criteria: { id: number }[], regs: Record<string, number>, failing: string[]) => decideAllAnswers(deps, criteria, regs, failing);

/** Securities received directly (the deposit services are tested with their router). */
async function receiveDeposits(projectId: number) {
  await deps.db.update(deposits).set({ status: 'received', receivedAt: START, form: 'cash' }).where(eq(deposits.projectId, projectId));
}

async function notificationsOf(username: string, kind: string) {
  const [u] = await deps.db.select().from(users).where(eq(users.username, username));
  return deps.db.select().from(notifications).where(and(eq(notifications.userId, u!.id), eq(notifications.kind, kind)));
}

/** A published notice's stored PDF, read whole as the portal serves it (its HTTP route: apps/server notices tests). */
async function portalPdfSize(noticeId: number): Promise<{ declared: number; read: number }> {
  const pdf = await publicNoticePdf(deps, noticeId);
  let read = 0;
  for await (const c of pdf.stream) read += (c as Uint8Array).length;
  return { declared: pdf.size, read };
}

describe('qualification criteria (S1)', () => {
  it('the owner side replaces the criteria while DRAFT; frozen once submitted; duplicate codes refused', async () => {
    deps.clock.set(START);
    const t = await as('tenderee');
    const p = await t.project.create({ tradeType: 'engineering', method: 'open', prequalification: true, name: '资格条件冻结测试', sections: [{ name: '一标段' }] });
    expect(await appError(t.qualification.setCriteria({ projectId: p.id, criteria: [CRITERIA[0]!, { ...CRITERIA[1]!, code: 'Q1' }] }))).toMatchObject({
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
    await addDocument(deps, 'tenderee', p.id, 'prequalification');
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
      ['opening.auto_open', new Date(schedule.bidDeadline).toISOString()], // issue 18 §5: the platform opens at the deadline …
      ['project.timer', DEADLINE.toISOString()],
    ]);
    // Issue 20 §1: the review and the opening's start are checkpoints, evaluated at their instants; so are the two
    // minimum sale periods (ZTBT §16): the prequalification documents from the notice (Wed 2/25 + 5 d = Mon 3/2,
    // open until its 24:00) and the tender documents from their first issue (Wed 3/18 + 5 d = Mon 3/23).
    const cps = await deps.db.select().from(checkpoints).where(eq(checkpoints.projectId, p.id));
    const SALES = [new Date('2026-03-03T00:00:00+08:00'), new Date('2026-03-24T00:00:00+08:00')];
    expect(cps.map((c) => [c.kind, c.dueAt.toISOString()]).sort()).toEqual([
      ['documents.sale_period', SALES[0]!.toISOString()],
      ['documents.sale_period', SALES[1]!.toISOString()],
      ['opening.start', new Date(Date.parse(schedule.bidDeadline) + 15 * 60_000 + 1000).toISOString()], // … and alerts after the grace
      ['prequal.review', REVIEW_END.toISOString()],
    ]);
    const evaluations = rows.filter((j) => j.kind === 'checkpoint.evaluate' && cps.some((c) => c.id === (j.payload as { checkpointId: number }).checkpointId));
    expect(evaluations.map((j) => j.runAt.toISOString()).sort()).toEqual(
      [...SALES, new Date(REVIEW_END.getTime() - 86_400_000), REVIEW_END, new Date(Date.parse(schedule.bidDeadline) + 15 * 60_000 + 1000)].map((d) => d.toISOString()).sort(),
    );
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
    expect(await appError(b1.qualification.answer({ registrationId: r1.id, criterionId: criteria[0]!.id, statement: '有资质', evidenceUploadIds: [] }))).toMatchObject({
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
    // Before the application deadline nobody else sees applicants (issue 13 §2), the center included; the
    // evidence downloads (GET /qualification/evidence) are tested with that route in apps/server.
    for (const u of ['tenderee', 'staff', 'supervisor', 'admin']) {
      expect(await appError((await as(u)).qualification.applicants({ projectId: p.id })), u).toMatchObject({ code: 'INVALID_STATE', details: { reason: 'SECRET_UNTIL_DEADLINE' } });
    }
    const mine = await b1.qualification.mine({ registrationId: r1.id });
    expect(mine).toMatchObject({ answersOpen: true, decided: false, answersCloseAt: DEADLINE.toISOString() });
    expect(mine.items.map((i) => [i.criterion.code, i.answer?.version ?? null, i.decision])).toEqual([['Q1', 2, null], ['Q2', null, null]]);
    // One millisecond after the deadline (server time): closed, nothing changes.
    deps.clock.set(new Date(DEADLINE.getTime() + 1));
    expect(await appError(b1.qualification.answer({ registrationId: r1.id, criterionId: criteria[0]!.id, statement: '截止后修改', evidenceUploadIds: [own] }))).toMatchObject({
      code: 'VALIDATION',
      details: { reason: 'ANSWERS_CLOSED', deadline: DEADLINE.toISOString() },
    });
    expect((await b1.qualification.mine({ registrationId: r1.id })).items[0]!.answer).toMatchObject({ statement: '具备一级资质', version: 2 });
    // After it: the center reviews; the owner side only once the review is complete.
    expect(await appError((await as('tenderee')).qualification.applicants({ projectId: p.id }))).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'REVIEW_NOT_COMPLETE' } });
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
    await addDocument(deps, 'tenderee', p.id);
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
    // Once (issue 20 §1): the checkpoint records it; the job again raises nothing.
    const [cp] = await deps.db.select().from(checkpoints).where(and(eq(checkpoints.projectId, p.id), eq(checkpoints.kind, 'prequal.review')));
    expect(cp).toMatchObject({ redRaisedAt: expect.any(Date), doneAt: null });
    expect(await runJob('prequal.review_overdue', { projectId: p.id })).toEqual({ alerted: false });
  });
});

describe('prequalification review (P3, P4, B8)', () => {
  it('decisions need the review stage and a written reason; completing with a missing decision is refused', async () => {
    const { p, sectionId, criteria } = await publishPrequalProject('审查意见测试工程');
    const b1 = await as('bidder1');
    const r1 = await b1.registration.register({ sectionId });
    // bidder1 answers Q1 and leaves Q2 unanswered (a pass needs an answer, issue 18 §3).
    await b1.qualification.answer({ registrationId: r1.id, criterionId: criteria[0]!.id, statement: '具备市政公用工程施工总承包二级资质', evidenceUploadIds: [await upload('bidder1', '资质证书 审查意见测试')] });
    const staff = await as('staff');
    expect(await appCode(staff.qualification.decide({ registrationId: r1.id, criterionId: criteria[0]!.id, pass: true, reason: '符合要求' }))).toBe('INVALID_STATE');
    deps.clock.set(new Date(DEADLINE.getTime() + 1000));
    await runJob('project.timer', { projectId: p.id, event: 'start_prequalification' });
    expect(await appCode(staff.qualification.decide({ registrationId: r1.id, criterionId: criteria[0]!.id, pass: false, reason: ' ' }))).toBe('VALIDATION');
    expect(await appCode(b1.qualification.decide({ registrationId: r1.id, criterionId: criteria[0]!.id, pass: true, reason: '自己通过自己' }))).toBe('FORBIDDEN');
    await staff.qualification.decide({ registrationId: r1.id, criterionId: criteria[0]!.id, pass: true, reason: '资质证书有效' });
    const err = await appError(staff.qualification.completeReview({ projectId: p.id }));
    expect(err).toMatchObject({ code: 'VALIDATION', details: { reason: 'DECISIONS_MISSING', missing: [{ registrationId: r1.id, criteria: ['Q2'] }] } });
    expect((await staff.project.get({ projectId: p.id })).status).toBe('PREQUALIFICATION');
    const list = await staff.qualification.applicants({ projectId: p.id });
    expect(list.applicants).toHaveLength(1);
    expect(list.applicants[0]!.items.map((i) => [i.hint, i.decision?.pass ?? null])).toEqual([['meets', true], ['unanswered', null]]);
    expect((await staff.qualification.reviewQueue()).map((q) => q.projectId)).toContain(p.id);
  });

  it('issue 18 §3: a pass on a criterion the applicant did not answer is refused and nothing is written; a fail with its reason is allowed', async () => {
    const { p, sectionId, criteria } = await publishPrequalProject('未答复条件审查测试工程');
    const b1 = await as('bidder1');
    const r1 = await b1.registration.register({ sectionId });
    await b1.qualification.answer({ registrationId: r1.id, criterionId: criteria[0]!.id, statement: '具备市政公用工程施工总承包一级资质', evidenceUploadIds: [await upload('bidder1', '资质证书 未答复条件测试')] });
    deps.clock.set(new Date(DEADLINE.getTime() + 1000));
    await runJob('project.timer', { projectId: p.id, event: 'start_prequalification' });
    const staff = await as('staff');
    const decisionsBefore = await deps.db.select().from(auditEvents).where(and(eq(auditEvents.chain, `project:${p.id}`), eq(auditEvents.action, 'qualification.decide')));
    const e = await appError(staff.qualification.decide({ registrationId: r1.id, criterionId: criteria[1]!.id, pass: true, reason: '注册资本应当满足' }));
    expect(e).toMatchObject({ code: 'VALIDATION', details: { field: 'pass', reason: 'PASS_WITHOUT_ANSWER' } });
    expect(e.messageZh).toContain('未答复');
    expect(e.messageEn).toContain('did not answer');
    const untouched = await staff.qualification.applicants({ projectId: p.id });
    expect(untouched.applicants[0]!.items.map((i) => [i.hint, i.decision])).toEqual([['meets', null], ['unanswered', null]]);
    expect(await deps.db.select().from(auditEvents).where(and(eq(auditEvents.chain, `project:${p.id}`), eq(auditEvents.action, 'qualification.decide')))).toHaveLength(decisionsBefore.length);
    // A fail is the decision an unanswered criterion allows; the answered one may pass.
    await staff.qualification.decide({ registrationId: r1.id, criterionId: criteria[1]!.id, pass: false, reason: '未就注册资本条件作出答复' });
    await staff.qualification.decide({ registrationId: r1.id, criterionId: criteria[0]!.id, pass: true, reason: '资质证书有效' });
    const decided = await staff.qualification.applicants({ projectId: p.id });
    expect(decided.applicants[0]!.items.map((i) => [i.hint, i.decision?.pass ?? null])).toEqual([['meets', true], ['unanswered', false]]);
    expect(decided.applicants[0]!.outcome).toBe('disqualified');
    // A pass already refused stays refused when the fail is to be replaced by a pass.
    expect((await appError(staff.qualification.decide({ registrationId: r1.id, criterionId: criteria[1]!.id, pass: true, reason: '改判通过' }))).details).toMatchObject({ reason: 'PASS_WITHOUT_ANSWER' });
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
    const may = (orgId: number) => deps.db.transaction((tx) => assertMayBid(tx, { projectId: p.id, sectionId, bidderOrgId: orgId }));
    expect(await appError(may(org4!.orgId))).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'PREQUAL_FAILED' } });
    expect(await appCode(may(org1!.orgId))).toBe('OK');
    expect(await appError(may(org5!.orgId))).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'NOT_REGISTERED' } });

    // The owner side now sees the applicants and their evidence; other bidders never do.
    const owner = await (await as('tenderee')).qualification.applicants({ projectId: p.id });
    expect(owner.reviewComplete).toBe(true);
    expect(owner.applicants.find((a) => a.registrationId === regs.bidder1)!.items[0]!.answer!.id).toBeGreaterThan(0);
    expect(await appCode((await as('staff')).qualification.decide({ registrationId: regs.bidder1!, criterionId: criteria[0]!.id, pass: false, reason: '复核' }))).toBe('INVALID_STATE');
  });

  it('B8 before the review: an applied applicant of a prequalification project is NOT_QUALIFIED', async () => {
    const { p, sectionId } = await publishPrequalProject('未审查投标测试工程');
    const r = await (await as('bidder2')).registration.register({ sectionId });
    const [u] = await deps.db.select().from(users).where(eq(users.username, 'bidder2'));
    expect(await appError(deps.db.transaction((tx) => assertMayBid(tx, { projectId: p.id, sectionId, bidderOrgId: u!.orgId })))).toMatchObject({
      code: 'FORBIDDEN',
      details: { reason: 'NOT_QUALIFIED' },
    });
    await (await as('bidder2')).registration.withdraw({ registrationId: r.id });
    expect(await appError(deps.db.transaction((tx) => assertMayBid(tx, { projectId: p.id, sectionId, bidderOrgId: u!.orgId })))).toMatchObject({
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
    const served = await portalPdfSize(r.failureNoticeId!);
    expect(served.read).toBe(served.declared);
    const ds = await deps.db.select().from(deposits).where(eq(deposits.projectId, p.id));
    expect(ds).toHaveLength(3);
    expect(ds.every((d) => d.refundDueAt !== null)).toBe(true);
    expect((await notificationsOf('tenderee', 'qualification.failed')).some((n) => n.bodyZh.includes('重新招标'))).toBe(true);
    const [u2] = await deps.db.select().from(users).where(eq(users.username, 'bidder2'));
    expect(await appCode(deps.db.transaction((tx) => assertMayBid(tx, { projectId: p.id, sectionId, bidderOrgId: u2!.orgId })))).toBe('OK'); // B8 only; the FAILED state stops bidding
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
    const served = await portalPdfSize(noticeId);
    expect(served.read).toBe(served.declared);
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
    expect(await appError((await as('bidder4')).registration.register({ sectionId: s2!.id }))).toMatchObject({ code: 'INVALID_STATE', details: { reason: 'SECTION_FAILED' } });
    expect(await appError(b1.bid.startUpload({ sectionId: s2!.id, part: 'summary', size: 1000, partHash: 'a'.repeat(64) }))).toMatchObject({ details: { reason: 'SECTION_FAILED' } });
    expect(await appError(b1.bid.finalize({ sectionId: s2!.id, version: 1, parts: [{ uploadId: 1, outerSignature: 'x' }] }))).toMatchObject({ details: { reason: 'SECTION_FAILED' } });
    // The other section takes bids.
    expect((await b1.bid.startUpload({ sectionId: s1!.id, part: 'summary', size: 1000, partHash: 'a'.repeat(64) })).uploadId).toBeGreaterThan(0);
  });
});
