/**
 * project.list carries each project's work (issue 19 §5): the owner side's 招标文件 / 澄清与修改 / 异议答复 /
 * 资格条件 / 时间安排 menu items each list the projects with their own column of it — current documents,
 * clarifications by state, unanswered objections with the earliest due date, criteria, the next date of
 * the schedule at the server's clock. Real PostgreSQL, real S3 (the documents), the real API.
 */
import { describe, expect, it } from 'vitest';
import { callerAs, draftProject, publishedProject, TENDER_SCHEDULE, TEST_CRITERIA, TEST_START, type TestDeps, useDemoTestDeps } from '@ebid/testing';

let deps: TestDeps;
useDemoTestDeps((d) => (deps = d), { clockStart: TEST_START });
const as = (u: string) => callerAs(deps, u);
const bj = (s: string) => new Date(`${s.replace(' ', 'T')}+08:00`);

async function workOf(username: string, projectId: number) {
  const rows = await (await as(username)).project.list({ limit: 200 });
  return rows.find((r) => r.id === projectId)?.work;
}

describe('project.list: each project with its work (issue 19 §5)', () => {
  it('a fresh draft: nothing uploaded, drafted or filed, and no next date until a schedule is saved', async () => {
    const d = await draftProject(deps, { name: '工作概况草稿测试工程' });
    expect(await workOf('tenderee', d.id)).toEqual({
      documents: { current: 0, prequalification: 0 },
      clarifications: { draft: 0, published: 0 },
      objections: { unanswered: 0, earliestDueAt: null, overdue: 0 },
      criteria: 0,
      nextMilestone: null,
    });
  });

  it('documents (superseded versions not counted), clarifications by state, criteria, the next date; objections with their due date, overdue by the server clock, gone once answered', async () => {
    deps.clock.set(TEST_START);
    const p = await publishedProject(deps, {
      name: '工作概况测试工程',
      beforeNotice: async (draft) => {
        await (await as('tenderee')).qualification.setCriteria({ projectId: draft.id, criteria: TEST_CRITERIA });
      },
    });
    const t = await as('tenderee');
    await t.clarification.draft({ projectId: p.id, title: '答疑一', body: '关于工期的答疑。', affectsPreparation: false });
    const c2 = await t.clarification.draft({ projectId: p.id, title: '答疑二', body: '关于图纸的答疑。', affectsPreparation: false });
    await t.clarification.publish({ clarificationId: c2.id });

    const before = await workOf('tenderee', p.id);
    expect(before).toEqual({
      documents: { current: 1, prequalification: 0 },
      clarifications: { draft: 1, published: 1 },
      objections: { unanswered: 0, earliestDueAt: null, overdue: 0 },
      criteria: TEST_CRITERIA.length,
      // 10:00 on the notice's day: the notice (09:00) is past, the documents' sale start is next.
      nextMilestone: { field: 'docsIssueStart', at: new Date(TENDER_SCHEDULE.docsIssueStart).toISOString() },
    });
    // The center and the supervisor read the same work; another company's tenderee does not see the project.
    expect(await workOf('staff', p.id)).toEqual(before);
    expect(await workOf('supervisor', p.id)).toEqual(before);
    expect(await workOf('tenderee2', p.id)).toBeUndefined();

    // An objection against the documents (engineering: suspends the project, ZTBT §22): counted, due date shown;
    // the schedule does not run while suspended.
    const o = await (await as('bidder1')).objection.file({ projectId: p.id, title: '关于资格条件的异议', body: '资格条件的业绩年限要求明显排斥潜在投标人，请予以修改。' });
    const filed = await workOf('tenderee', p.id);
    expect(filed?.objections).toEqual({ unanswered: 1, earliestDueAt: new Date(o.answerDueAt!).toISOString(), overdue: 0 });
    expect(filed?.nextMilestone).toBeNull();
    // A second before the due instant (the test clock runs on): not overdue; at it: overdue (the due date is
    // the exclusive end of the period, 24:00 — as the objection's own `overdue`).
    deps.clock.set(new Date(Date.parse(o.answerDueAt!) - 1000));
    expect(await workOf('tenderee', p.id)).toMatchObject({ objections: { unanswered: 1, overdue: 0 } });
    deps.clock.set(new Date(o.answerDueAt!));
    expect((await workOf('tenderee', p.id))?.objections).toMatchObject({ unanswered: 1, overdue: 1 });
    // Accepting (受理) leaves it unanswered; the answer takes it off the list.
    await t.objection.accept({ objectionId: o.id });
    expect((await workOf('tenderee', p.id))?.objections.unanswered).toBe(1);
    await t.objection.answer({ objectionId: o.id, answer: '经核查，业绩年限要求将通过澄清文件调整为近三年。' });
    expect((await workOf('tenderee', p.id))?.objections).toEqual({ unanswered: 0, earliestDueAt: null, overdue: 0 });
    deps.clock.set(bj('2026-03-26 09:00:00'));
    expect((await workOf('tenderee', p.id))?.nextMilestone).toBeNull(); // every date past
  });
});
