/**
 * Objections and challenges through the real API (issue 5 §3, issue 12 §7; domain N8, C2, §1.1 step 5 /
 * P2, §1.2, T1, T2): the window by server time — engineering deadline − 10 d (prequalification − 2 d),
 * procurement 7 working days from knowing (first download), not cut short by the deadline —, land has no
 * objection procedure; an engineering objection suspends the project from RECEIPT until every suspending
 * objection is answered or refused (due 3 days from receipt; yellow at the last day, red when overdue,
 * whatever the owner side does); a GP challenge is answered within 7 working days and suspends nothing;
 * the answer is published without the filer's identity.
 */
import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, checkpoints, documentDownloads, jobs, notifications, objections, projects, tenderDocuments, users } from '@ebid/db';
import { callerAs, publishedProject, runTestJob, TEST_LAND_PLOT, TEST_START, type TestDeps, testSchedule, useDemoTestDeps } from '@ebid/testing';
import { appCode, appError } from '../test-client.ts';

let deps: TestDeps;
useDemoTestDeps((d) => (deps = d), { clockStart: TEST_START });
const as = (u: string) => callerAs(deps, u);
/** An instant in 北京时间. */
const bj = (s: string) => new Date(`${s.replace(' ', 'T')}+08:00`);
const at = (s: string) => deps.clock.set(bj(s));

/** An engineering prequalification schedule whose application deadline is 3/16 10:00 and bid deadline 4/15. */
const ENG_PREQUAL = {
  ...testSchedule('tender'),
  prequalDocsEnd: '2026-03-09T17:00:00+08:00',
  prequalApplicationDeadline: '2026-03-16T10:00:00+08:00',
  prequalReviewEnd: '2026-03-20T17:00:00+08:00',
  bidDeadline: '2026-04-15T09:30:00+08:00',
  openingAt: '2026-04-15T09:30:00+08:00',
};

/** A project of its own, published on the morning of TEST_START (the clock is set there first). */
async function published(name: string, opts: { tradeType?: 'engineering' | 'procurement'; prequalification?: boolean; schedule?: Record<string, string> } = {}) {
  deps.clock.set(TEST_START);
  return publishedProject(deps, {
    name,
    tradeType: opts.tradeType ?? 'engineering',
    prequalification: opts.prequalification ?? false,
    ...(opts.schedule ? { schedule: opts.schedule } : {}),
    noticeTitle: `${name}公告`,
    noticeBody: '一、招标条件\n\n本项目已具备招标条件，现进行公开招标。',
  });
}


async function userOf(username: string) {
  const [u] = await deps.db.select().from(users).where(eq(users.username, username));
  return u!;
}

/** Record that `username`'s company downloaded the project's documents at `when`. */
async function download(projectId: number, username: string, when: Date) {
  const u = await userOf(username);
  const [d] = await deps.db
    .insert(tenderDocuments)
    .values({ projectId, kind: 'tender', name: `招标文件-${username}-${when.getTime()}.pdf`, version: 1, sha256: 'a'.repeat(64), size: 10, contentType: 'application/pdf', createdBy: u.id })
    .returning();
  await deps.db.insert(documentDownloads).values({ documentId: d!.id, projectId, userId: u.id, orgId: u.orgId, at: when });
}

async function notificationsOf(username: string, kind: string) {
  const u = await userOf(username);
  return deps.db.select().from(notifications).where(and(eq(notifications.userId, u.id), eq(notifications.kind, kind)));
}

const text = { title: '关于资格条件的异议', body: '招标文件第三章资格条件要求的业绩年限明显排斥潜在投标人，请予以修改。' };

describe('N8 window (server time, T1/T2)', () => {
  it('engineering tender documents: the last allowed day (deadline − 10 d) until 24:00 succeeds, 00:01 the next day fails and stores nothing', async () => {
    const engA = await published('示范市滨江路改造工程');
    at('2026-03-15 23:59:00');
    const ok = await (await as('bidder1')).objection.file({ projectId: engA.id, ...text });
    expect(ok).toMatchObject({ status: 'filed', stage: 'tender', mine: true, filerName: expect.any(String) });
    at('2026-03-16 00:01:00');
    const err = await appError((await as('bidder2')).objection.file({ projectId: engA.id, ...text }));
    expect(err.code).toBe('VALIDATION');
    expect(err.details).toMatchObject({ reason: 'OBJECTION_WINDOW', closesAt: bj('2026-03-16 00:00:00').toISOString() });
    expect(String((err.details as { ruleRef: string }).ruleRef)).toContain('ZTBT §22');
    expect(await deps.db.select().from(objections).where(eq(objections.projectId, engA.id))).toHaveLength(1);
  });

  it('prequalification documents: deadline − 2 d; after the application deadline objections are against the tender documents', async () => {
    const prequalB = await published('示范市体育馆建设工程', { prequalification: true, schedule: ENG_PREQUAL });
    const b = async () => (await as('bidder1')).objection;
    at('2026-03-14 23:59:00'); // the application deadline is 3/16 10:00 → last day 3/14 (a Saturday: no roll)
    expect(await (await b()).window({ projectId: prequalB.id })).toMatchObject({ stage: 'prequalification', open: true });
    expect(await (await b()).file({ projectId: prequalB.id, ...text })).toMatchObject({ stage: 'prequalification' });
    at('2026-03-15 00:01:00');
    const err = await appError((await b()).file({ projectId: prequalB.id, ...text }));
    expect(err.details).toMatchObject({ reason: 'OBJECTION_WINDOW', closesAt: bj('2026-03-15 00:00:00').toISOString() });
    at('2026-03-16 10:01:00'); // past the application deadline: tender documents, bid deadline 4/15 − 10 d
    const w = await (await b()).window({ projectId: prequalB.id });
    expect(w).toMatchObject({ stage: 'tender', closesAt: bj('2026-04-06 00:00:00').toISOString(), open: true });
    expect(await (await b()).file({ projectId: prequalB.id, ...text })).toMatchObject({ stage: 'tender' });
  });

  it('procurement 质疑: 7 working days from the first download, else from the end of availability (CG §52, CGT §53)', async () => {
    const gpC = await published('示范市教育局设备采购', { tradeType: 'procurement' });
    await download(gpC.id, 'bidder3', bj('2026-03-02 10:00:00')); // → 3/3 … 3/11
    at('2026-03-11 23:59:00');
    expect(await (await as('bidder3')).objection.window({ projectId: gpC.id })).toMatchObject({ closesAt: bj('2026-03-12 00:00:00').toISOString(), open: true });
    at('2026-03-12 00:01:00');
    const late = await appError((await as('bidder3')).objection.file({ projectId: gpC.id, ...text }));
    expect(late.details).toMatchObject({ reason: 'OBJECTION_WINDOW', closesAt: bj('2026-03-12 00:00:00').toISOString() });
    expect(String((late.details as { ruleRef: string }).ruleRef)).toContain('CG §52');
    // A company that never downloaded counts from docsIssueEnd (Tue 3/10): 3/11 … 3/19.
    expect(await (await as('bidder4')).objection.file({ projectId: gpC.id, ...text })).toMatchObject({ status: 'filed' });
    at('2026-03-19 23:59:00');
    expect(await (await as('bidder5')).objection.file({ projectId: gpC.id, ...text })).toMatchObject({ status: 'filed' });
    at('2026-03-20 00:01:00');
    expect((await appError((await as('bidder5')).objection.file({ projectId: gpC.id, ...text }))).details).toMatchObject({
      reason: 'OBJECTION_WINDOW',
      closesAt: bj('2026-03-20 00:00:00').toISOString(),
    });
  });

  it('procurement: the bid deadline does not cut a challenge window short (issue 12 §7)', async () => {
    const gpC = await published('示范市教育局设备采购', { tradeType: 'procurement' });
    await download(gpC.id, 'bidder2', bj('2026-03-24 15:00:00')); // → 3/25 … 4/2, past the 3/25 09:30 deadline
    at('2026-03-26 10:00:00');
    const w = await (await as('bidder2')).objection.window({ projectId: gpC.id });
    expect(w).toMatchObject({ closesAt: bj('2026-04-03 00:00:00').toISOString(), open: true, provisional: false, subjects: ['documents', 'process', 'result'] });
    expect(await (await as('bidder2')).objection.file({ projectId: gpC.id, ...text })).toMatchObject({ status: 'filed', subject: 'documents', suspends: false });
  });

  it('land has no objection procedure against documents → INVALID_STATE; a draft project is NOT_FOUND; a tenderee cannot file', async () => {
    const engD = await published('示范市污水管网工程');
    at('2026-03-02 10:00:00');
    const t = await as('tenderee');
    const land = await t.project.create({ tradeType: 'land', method: 'listing', name: '示范市滨江地块挂牌出让', sections: [{ ...TEST_LAND_PLOT, name: '地块A' }] });
    expect(await appCode((await as('bidder1')).objection.file({ projectId: land.id, ...text }))).toBe('NOT_FOUND');
    await deps.db.update(projects).set({ status: 'BIDDING' }).where(eq(projects.id, land.id));
    expect(await appCode((await as('bidder1')).objection.file({ projectId: land.id, ...text }))).toBe('INVALID_STATE');
    expect(await (await as('bidder1')).objection.window({ projectId: land.id })).toBeNull();
    expect(await appCode(t.objection.file({ projectId: engD.id, ...text }))).toBe('FORBIDDEN');
    expect(await appCode((await as('bidder1')).objection.file({ projectId: engD.id, title: '短', body: text.body }))).toBe('VALIDATION');
  });
});

describe('engineering: SUSPENDED from receipt; an answer or a refusal resumes', () => {
  it('an objection suspends the project at receipt, due 3 days later; others may still file while it is suspended; it resumes when both are answered', async () => {
    const engD = await published('示范市污水管网工程');
    at('2026-03-03 10:00:00');
    await download(engD.id, 'bidder4', bj('2026-03-02 11:00:00'));
    const t = await as('tenderee');
    const o1 = await (await as('bidder1')).objection.file({ projectId: engD.id, ...text });
    // ZTBT §22: from receipt — nobody had to accept it first.
    expect(o1).toMatchObject({ status: 'filed', suspends: true, open: true, answerDueAt: bj('2026-03-07 00:00:00').toISOString(), answerDueProvisional: false });
    let p = await t.project.get({ projectId: engD.id });
    expect(p.status).toBe('SUSPENDED');
    expect(p.statusDetail).toMatchObject({ suspendedFrom: 'PUBLISHED', suspension: { reason: 'objection' } });
    // The filer is told the receipt time and the right limit; the owner side is told the limit too.
    const received = (await notificationsOf('bidder1', 'objection.received')).filter((n) => n.link === `/projects/${engD.id}`);
    expect(received).toHaveLength(1);
    expect(received[0]!.bodyZh).toContain('2026-03-07 00:00');
    expect(received[0]!.bodyZh).toContain('3日内答复');
    expect((await notificationsOf('tenderee', 'objection.filed')).find((n) => n.link === `/projects/${engD.id}`)!.bodyZh).toContain('暂停');
    // Yellow at the start of the last day, red at the due instant: the checkpoint declared at receipt,
    // its evaluation scheduled at both instants (issue 20 §1).
    const due = bj('2026-03-07 00:00:00').getTime();
    const [cp] = await deps.db.select().from(checkpoints).where(and(eq(checkpoints.projectId, engD.id), eq(checkpoints.kind, 'objection.answer'), eq(checkpoints.subjectKey, `objection:${o1.id}`)));
    expect(cp).toMatchObject({ warnAt: new Date(due - 86_400_000), dueAt: new Date(due), provisional: false, responsibleOrgId: expect.any(Number), doneAt: null });
    const js = await deps.db.select().from(jobs).where(eq(jobs.payload, { checkpointId: cp!.id }));
    expect(js.map((j) => [j.kind, j.runAt.getTime()]).sort()).toEqual([
      ['checkpoint.evaluate', due - 86_400_000],
      ['checkpoint.evaluate', due],
    ]);
    // Another bidder may still file while the project is suspended; nothing stacks.
    const o2 = await (await as('bidder2')).objection.file({ projectId: engD.id, title: '关于评标办法的异议', body: '评标办法中技术分的评分标准不明确，无法据以编制投标文件。' });
    expect(o2).toMatchObject({ status: 'filed', suspends: true });
    expect((await t.project.get({ projectId: engD.id })).status).toBe('SUSPENDED');
    // Another bidder sees nothing of an unanswered objection of others.
    expect((await (await as('bidder3')).objection.list({ projectId: engD.id })).map((o) => o.id)).toEqual([]);

    // Acknowledging (受理) changes no clock.
    const a1 = await t.objection.accept({ objectionId: o1.id });
    expect(a1).toMatchObject({ status: 'accepted', answerDueAt: o1.answerDueAt });
    expect(await notificationsOf('bidder1', 'objection.accepted')).toHaveLength(1);

    const feedBefore = await t.portal.changes({ after: 0, limit: 1000 });
    const ans1 = await t.objection.answer({ objectionId: o1.id, answer: '经核查，业绩年限要求将通过澄清文件调整为近三年。' });
    expect(ans1).toMatchObject({ status: 'answered', overdue: false, open: false });
    expect((await t.project.get({ projectId: engD.id })).status).toBe('SUSPENDED'); // o2 is still open
    const feed = await t.portal.changes({ after: feedBefore.next, limit: 1000 });
    expect(feed.changes).toEqual([expect.objectContaining({ entity: 'objection', entityId: o1.id, change: 'answered' })]);

    // bidder2 sees o1's answer without the filer, and its own o2 in full.
    const seen2 = await (await as('bidder2')).objection.list({ projectId: engD.id });
    expect(seen2.find((o) => o.id === o1.id)).toMatchObject({ title: text.title, body: text.body, answer: ans1.answer, filerName: null, mine: false });
    expect(seen2.find((o) => o.id === o2.id)).toMatchObject({ mine: true, filerName: expect.any(String), status: 'filed' });
    expect(JSON.stringify(seen2)).not.toContain(o1.filerName!);
    // bidder1 sees its own with its name; bidder3 only the answered one, anonymous.
    expect((await (await as('bidder1')).objection.list({ projectId: engD.id })).find((o) => o.id === o1.id)).toMatchObject({ mine: true, filerName: o1.filerName });
    expect(await (await as('bidder3')).objection.list({ projectId: engD.id })).toEqual([expect.objectContaining({ id: o1.id, filerName: null })]);
    // The answer is pushed to the filer and every downloader.
    expect(await notificationsOf('bidder1', 'objection.answered')).toHaveLength(1);
    expect(await notificationsOf('bidder4', 'objection.answered')).toHaveLength(1);

    // o2 is answered without ever being acknowledged: the project resumes.
    await t.objection.answer({ objectionId: o2.id, answer: '评分标准将在澄清文件中细化，投标截止时间相应顺延。' });
    p = await t.project.get({ projectId: engD.id });
    expect(p.status).toBe('PUBLISHED'); // resumed to the state it was suspended from
    expect(p.statusDetail).not.toHaveProperty('suspension');
    expect(await appCode(t.objection.answer({ objectionId: o2.id, answer: '第二次答复不应被接受的内容。' }))).toBe('INVALID_STATE');
    // The owner side and the center see every filer.
    for (const u of ['tenderee', 'staff', 'supervisor']) {
      const all = await (await as(u)).objection.list({ projectId: engD.id });
      expect(all.filter((o) => [o1.id, o2.id].includes(o.id)).every((o) => o.filerName)).toBe(true);
    }
    const events = await deps.db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.chain, `project:${engD.id}`));
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['objection.file', 'objection.accept', 'objection.answer', 'project.suspend', 'project.resume']));
  });

  it('a refusal (不予受理) is an answer: declined with the reason, the project resumes, the filer is told', async () => {
    const engD = await published('示范市污水管网工程（不予受理）');
    at('2026-03-04 10:00:00');
    const o = await (await as('bidder5')).objection.file({ projectId: engD.id, ...text });
    const t = await as('tenderee');
    expect((await t.project.get({ projectId: engD.id })).status).toBe('SUSPENDED');
    const d = await t.objection.decline({ objectionId: o.id, reason: '异议事项已在前一答复中处理' });
    expect(d).toMatchObject({ status: 'declined', declineReason: '异议事项已在前一答复中处理', open: false });
    expect((await t.project.get({ projectId: engD.id })).status).toBe('PUBLISHED');
    expect(await notificationsOf('bidder5', 'objection.declined')).toHaveLength(1);
    // Others see the refusal and its reason, not the filer.
    expect((await (await as('bidder3')).objection.list({ projectId: engD.id })).find((x) => x.id === o.id)).toMatchObject({ status: 'declined', filerName: null });
    expect(await appCode(t.objection.decline({ objectionId: o.id, reason: '再次不予受理' }))).toBe('INVALID_STATE');
    expect(await appCode(t.objection.answer({ objectionId: o.id, answer: '已不予受理的异议不能再答复。' }))).toBe('INVALID_STATE');
    expect(await appCode(t.objection.accept({ objectionId: o.id }))).toBe('INVALID_STATE');
    expect(await appCode(t.objection.decline({ objectionId: o.id, reason: 'x' }))).toBe('VALIDATION');
  });

  it('a bidder or a foreign tenderee/agent cannot accept, decline or answer; nothing changes', async () => {
    const engD = await published('示范市污水管网工程（越权）');
    at('2026-03-04 11:00:00');
    const o = await (await as('bidder2')).objection.file({ projectId: engD.id, ...text });
    for (const u of ['bidder2', 'bidder1', 'tenderee2', 'agent2']) {
      const c = await as(u);
      expect(['FORBIDDEN', 'NOT_FOUND']).toContain(await appCode(c.objection.accept({ objectionId: o.id })));
      expect(['FORBIDDEN', 'NOT_FOUND']).toContain(await appCode(c.objection.decline({ objectionId: o.id, reason: '冒充不予受理' })));
      expect(['FORBIDDEN', 'NOT_FOUND']).toContain(await appCode(c.objection.answer({ objectionId: o.id, answer: '冒充招标人发布的答复内容。' })));
    }
    const [row] = await deps.db.select().from(objections).where(eq(objections.id, o.id));
    expect(row).toMatchObject({ status: 'filed', version: 1 });
    expect((await (await as('tenderee')).project.get({ projectId: engD.id })).status).toBe('SUSPENDED');
    expect(await appCode((await as('tenderee')).objection.accept({ objectionId: 9_999_999 }))).toBe('NOT_FOUND');
    await (await as('tenderee')).objection.decline({ objectionId: o.id, reason: '与已答复事项重复' });
    expect((await (await as('tenderee')).project.get({ projectId: engD.id })).status).toBe('PUBLISHED');
  });

  it('unanswered: yellow at the start of the last day and red at the due instant, to the owner side and every supervisor, without anyone acting', async () => {
    const engE = await published('示范市桥梁加固工程');
    at('2026-03-04 09:00:00'); // Wed: + 3 d = Sat 3/7 → rolls to Mon 3/9, due 24:00 (T2)
    const o = await (await as('bidder3')).objection.file({ projectId: engE.id, ...text });
    expect(o.answerDueAt).toBe(bj('2026-03-10 00:00:00').toISOString());
    const run = (kind: 'objection.overdue' | 'objection.due_soon') => runTestJob(deps, kind, { objectionId: o.id });
    const t = await as('tenderee');

    at('2026-03-08 23:59:00');
    expect(await run('objection.due_soon')).toMatchObject({ alerted: false });
    at('2026-03-09 00:01:00');
    expect(await run('objection.due_soon')).toMatchObject({ alerted: true });
    const yellow = await notificationsOf('supervisor', 'objection.due_soon');
    expect(yellow).toHaveLength(1);
    expect(yellow[0]!.titleZh).toContain('黄色预警');
    expect(await notificationsOf('tenderee', 'objection.due_soon')).toHaveLength(1);

    at('2026-03-09 23:59:00');
    expect(await run('objection.overdue')).toMatchObject({ alerted: false });
    expect(await notificationsOf('supervisor', 'objection.overdue')).toHaveLength(0);
    expect((await t.objection.list({ projectId: engE.id }))[0]).toMatchObject({ overdue: false });

    at('2026-03-10 00:01:00');
    expect(await run('objection.overdue')).toMatchObject({ alerted: true });
    const alerts = await notificationsOf('supervisor', 'objection.overdue');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.titleZh).toContain('红色预警');
    expect(await notificationsOf('tenderee', 'objection.overdue')).toHaveLength(1);
    expect((await (await as('tenderee')).objection.list({ projectId: engE.id }))[0]).toMatchObject({ overdue: true, status: 'filed' });
    const ev = await deps.db.select().from(auditEvents).where(and(eq(auditEvents.chain, `project:${engE.id}`), eq(auditEvents.action, 'objection.overdue')));
    expect(ev).toHaveLength(1);

    // Answered late: allowed, recorded as late; the job then does nothing.
    const t2 = await as('tenderee');
    await t2.objection.answer({ objectionId: o.id, answer: '经研究，维持招标文件原规定，理由如下。' });
    expect(await run('objection.overdue')).toMatchObject({ alerted: false });
    const [cpE] = await deps.db.select().from(checkpoints).where(and(eq(checkpoints.projectId, engE.id), eq(checkpoints.subjectKey, `objection:${o.id}`)));
    expect(cpE).toMatchObject({ kind: 'objection.answer', doneAct: 'objection.answer', yellowRaisedAt: expect.any(Date), redRaisedAt: expect.any(Date) });
    expect(cpE!.doneAt!.getTime()).toBeGreaterThan(cpE!.dueAt.getTime()); // late
    expect((await t2.project.get({ projectId: engE.id })).status).toBe('PUBLISHED');
    const [late] = await deps.db.select().from(auditEvents).where(and(eq(auditEvents.chain, `project:${engE.id}`), eq(auditEvents.action, 'objection.answer')));
    expect(late!.payload).toMatchObject({ late: true });
  });
});

describe('government procurement 质疑: answered in 7 working days, no suspension, documents, process or result', () => {
  it('a challenge does not suspend the procurement; its answer is due 7 working days after receipt', async () => {
    const gpC = await published('示范市教育局设备采购（质疑答复）', { tradeType: 'procurement' });
    at('2026-03-05 10:00:00');
    await download(gpC.id, 'bidder1', bj('2026-03-05 09:00:00'));
    const o = await (await as('bidder1')).objection.file({ projectId: gpC.id, ...text, subject: 'documents' });
    // Thu 3/5 → 3/6, 3/9 … 3/13, 3/16: 7 working days, due 24:00 of Mon 3/16.
    expect(o).toMatchObject({ subject: 'documents', suspends: false, answerDueAt: bj('2026-03-17 00:00:00').toISOString() });
    expect((await (await as('tenderee')).project.get({ projectId: gpC.id })).status).toBe('PUBLISHED');
    const received = await notificationsOf('bidder1', 'objection.received');
    expect(received.at(-1)!.bodyZh).toContain('7个工作日');
    expect(received.at(-1)!.bodyZh).toContain('不暂停');
  });

  it('process and result: a step that has not ended, or a result not yet announced, cannot be challenged yet; engineering has neither', async () => {
    const gpC = await published('示范市教育局设备采购（过程质疑）', { tradeType: 'procurement' });
    const engE = await published('示范市桥梁加固工程（过程质疑）');
    at('2026-03-05 11:00:00');
    const b = await as('bidder2');
    const step = await appError(b.objection.file({ projectId: gpC.id, ...text, subject: 'process', step: 'opening' }));
    expect(step).toMatchObject({ code: 'INVALID_STATE', details: { reason: 'STEP_NOT_ENDED', step: 'opening' } });
    expect(await appError(b.objection.file({ projectId: gpC.id, ...text, subject: 'process' }))).toMatchObject({ code: 'VALIDATION', details: { field: 'step' } });
    expect(await appError(b.objection.file({ projectId: gpC.id, ...text, subject: 'result' }))).toMatchObject({ code: 'INVALID_STATE', details: { reason: 'RESULT_NOT_ANNOUNCED' } });
    expect(await appError(b.objection.file({ projectId: engE.id, ...text, subject: 'process', step: 'opening' }))).toMatchObject({ code: 'VALIDATION', details: { field: 'subject' } });
  });
});
