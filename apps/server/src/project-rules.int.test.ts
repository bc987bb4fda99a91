/**
 * Issue 16 §2 and §8 through the API on real PostgreSQL: what the project says it buys decides the B6
 * security cap (survey/design ≤ 100,000 CNY, R2), a procurement project cannot be published without its
 * budget and its 最高限价 lies within it (R87 §63), rate bids and a waived security are recorded — and each
 * refusal is a typed error that changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { auditEvents, notices, projects } from '@ebid/db';
import { DEMO_PASSWORD } from '@ebid/services';
import { appError, loginAs } from '@ebid/api/test-client';
import { addDocumentAs, startTestApp, type TestApp } from './test-app.ts';

let testApp: TestApp;
let deps: TestApp['deps'];
const as = async (u: string) => (await loginAs(deps, u, DEMO_PASSWORD)).call();

beforeAll(async () => {
  testApp = await startTestApp({ clockStart: new Date('2026-05-06T01:00:00Z') });
  deps = testApp.deps;
});
afterAll(async () => {
  await testApp?.close();
});

const projectCount = async () => (await deps.db.select({ n: count() }).from(projects))[0]!.n;

const GP_SCHEDULE = {
  noticePublishAt: '2026-05-06T09:00:00+08:00',
  docsIssueStart: '2026-05-07T09:00:00+08:00',
  docsIssueEnd: '2026-05-15T17:00:00+08:00',
  bidDeadline: '2026-05-27T09:30:00+08:00',
  openingAt: '2026-05-27T09:30:00+08:00',
};

describe('the subject of an engineering project decides the security cap (B6, issue 16 §8)', () => {
  const base = { tradeType: 'engineering' as const, method: 'open' as const, name: '示范市中心医院门诊楼勘察', budgetFen: 3_000_000_000 };

  // The estimate is 30,000,000 CNY: 2% is 600,000 CNY; survey and design are capped at 100,000 CNY.
  it.each([
    ['survey', 10_000_000, null],
    ['survey', 10_000_001, 10_000_000],
    ['design', 10_000_001, 10_000_000],
    ['works', 10_000_001, null],
    ['works', 60_000_001, 60_000_000],
    ['supervision', 60_000_000, null],
  ] as const)('%s with a security of %s fen → refused above the cap %s', async (subject, securityFen, capFen) => {
    const t = await as('tenderee');
    const before = await projectCount();
    const call = t.project.create({ ...base, subject, sections: [{ name: '第一标段', ceilingFen: null, securityFen }] });
    if (capFen === null) {
      const p = await call;
      expect(p.subject).toBe(subject);
      expect(await projectCount()).toBe(before + 1);
    } else {
      const e = await appError(call);
      expect(e).toMatchObject({ code: 'VALIDATION', details: { reason: 'SECURITY_CAP', field: 'sections.0.securityFen', capFen } });
      expect(e.messageZh).toContain('法定上限');
      expect(await projectCount()).toBe(before);
    }
  });

  it('an engineering project without a subject is works; other trade types have none', async () => {
    const t = await as('tenderee');
    expect((await t.project.create({ ...base, sections: [{ name: '一标段' }] })).subject).toBe('works');
    const gp = await t.project.create({ tradeType: 'procurement', method: 'open', name: '示范市教育局办公设备采购', budgetFen: 100_000_000, sections: [{ name: '包1' }] });
    expect(gp.subject).toBeNull();
    const e = await appError(t.project.create({ tradeType: 'procurement', method: 'open', name: '示范市教育局办公设备采购', subject: 'survey', sections: [{ name: '包1' }] }));
    expect(e).toMatchObject({ code: 'VALIDATION', details: { reason: 'SUBJECT_NOT_APPLICABLE', field: 'subject' } });
  });

  it('records rate pricing and a waived security; a waived security with an amount is refused', async () => {
    const t = await as('tenderee');
    const p = await t.project.create({ ...base, subject: 'supervision', priceKind: 'rate', securityWaived: true, sections: [{ name: '监理一标段' }] });
    expect(p).toMatchObject({ subject: 'supervision', priceKind: 'rate', securityWaived: true });
    const [ev] = await deps.db.select().from(auditEvents).where(eq(auditEvents.chain, `project:${p.id}`));
    expect(ev!.payload).toMatchObject({ subject: 'supervision', priceKind: 'rate', securityWaived: true });
    const e = await appError(t.project.create({ ...base, securityWaived: true, sections: [{ name: '一标段', securityFen: 100 }] }));
    expect(e).toMatchObject({ code: 'VALIDATION', details: { reason: 'SECURITY_WAIVED', field: 'sections.0.securityFen' } });
    const land = await appError(t.project.create({ tradeType: 'land', method: 'auction', name: '示范市2026-01号地块', priceKind: 'rate', sections: [{ name: '地块' }] }));
    expect(land).toMatchObject({ code: 'VALIDATION', details: { reason: 'PRICE_KIND_NOT_APPLICABLE' } });
  });
});

describe('a procurement project has a budget and its 最高限价 lies within it (R87 §63, issue 16 §2)', () => {
  it('a 最高限价 above the budget is refused when the project is saved, one fen above included', async () => {
    const t = await as('tenderee');
    const before = await projectCount();
    const e = await appError(
      t.project.create({ tradeType: 'procurement', method: 'open', name: '示范市图书馆图书采购', budgetFen: 100_000_000, sections: [{ name: '包1', ceilingFen: 100_000_000 }, { name: '包2', ceilingFen: 100_000_001 }] }),
    );
    expect(e).toMatchObject({ code: 'VALIDATION', details: { reason: 'CEILING_ABOVE_BUDGET', field: 'sections.1.ceilingFen' } });
    expect(e.messageZh).toBe('第2包的最高限价（1,000,000.01元）超过采购预算（1,000,000.00元）');
    expect(await projectCount()).toBe(before);
  });

  it('a procurement project without a budget is refused when it is created', async () => {
    const t = await as('tenderee');
    const before = await projectCount();
    const e = await appError(t.project.create({ tradeType: 'procurement', method: 'open', name: '示范市图书馆图书采购', sections: [{ name: '包1' }] }));
    expect(e).toMatchObject({ code: 'VALIDATION', details: { reason: 'BUDGET_MISSING', field: 'budgetFen' } });
    expect(e.messageZh).toBe('政府采购项目须填写采购预算（公告发布前必须确定）');
    expect(await projectCount()).toBe(before);
  });

  it('a notice of a project that has no budget (recorded before this rule) cannot be submitted, by either path; nothing changes', async () => {
    const t = await as('tenderee');
    const p = await t.project.create({ tradeType: 'procurement', method: 'open', name: '示范市图书馆图书采购', budgetFen: 100_000_000, sections: [{ name: '包1' }] });
    const s = await t.project.saveSchedule({ projectId: p.id, schedule: GP_SCHEDULE, expectedVersion: p.version });
    expect(s.version).toBeGreaterThan(p.version);
    const n = await t.notice.draft({ projectId: p.id, kind: 'tender', title: '示范市图书馆图书采购招标公告', body: '一、项目基本情况\n\n采购图书一批。' });
    await deps.db.update(projects).set({ budgetFen: null }).where(eq(projects.id, p.id)); // as a project saved before issue 16
    const auditBefore = (await deps.db.select().from(auditEvents).where(eq(auditEvents.chain, `project:${p.id}`))).length;
    for (const submit of [() => t.notice.submit({ noticeId: n.id }), () => t.project.submit({ projectId: p.id })]) {
      const e = await appError(submit());
      expect(e).toMatchObject({ code: 'VALIDATION', details: { reason: 'BUDGET_MISSING', field: 'budgetFen' } });
    }
    const [still] = await deps.db.select().from(notices).where(eq(notices.id, n.id));
    expect(still!.status).toBe('draft');
    expect((await t.project.get({ projectId: p.id })).status).toBe('DRAFT');
    expect((await deps.db.select().from(auditEvents).where(eq(auditEvents.chain, `project:${p.id}`))).length).toBe(auditBefore);
  });

  it('staff cannot publish a notice whose project lost its budget after submission', async () => {
    const t = await as('tenderee');
    const p = await t.project.create({ tradeType: 'procurement', method: 'open', name: '示范市体育馆设备采购', budgetFen: 500_000_000, sections: [{ name: '包1', ceilingFen: 480_000_000 }] });
    await t.project.saveSchedule({ projectId: p.id, schedule: GP_SCHEDULE, expectedVersion: p.version });
    const n = await t.notice.draft({ projectId: p.id, kind: 'tender', title: '示范市体育馆设备采购招标公告', body: '一、项目基本情况\n\n采购体育馆设备一批。' });
    await addDocumentAs(testApp, 'tenderee', p.id); // §1: no tender without documents
    await t.notice.submit({ noticeId: n.id });
    await deps.db.update(projects).set({ budgetFen: null }).where(eq(projects.id, p.id)); // e.g. a data repair gone wrong
    const e = await appError((await as('staff')).notice.publish({ noticeId: n.id }));
    expect(e).toMatchObject({ code: 'VALIDATION', details: { reason: 'BUDGET_MISSING' } });
    const [still] = await deps.db.select().from(notices).where(eq(notices.id, n.id));
    expect(still!.status).toBe('pending_review');
  });
});
