/**
 * Projects, sections and the statutory calendar through the API on real PostgreSQL (issue 4 §1, §2 —
 * the parts built so far): who may create and edit, the schedule check naming the rule and the earliest
 * legal date (N1: docs issued 3月1日 → deadline 3月21日 at any hour, not 3月20日), staff-maintained
 * working days, guarded transitions and the project's own audit chain.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TRPCError } from '@trpc/server';
import { eq } from 'drizzle-orm';
import { auditEvents, organizations } from '@ebid/db';
import { DEMO_PASSWORD, seedDemo, seedHolidayCalendar } from '@ebid/services';
import { createTestDatabase, createTestDeps, type TestDatabase } from '@ebid/testing';
import { appCode, loginAs } from './test-client.ts';

let tdb: TestDatabase;
let deps: Awaited<ReturnType<typeof createTestDeps>>;
const as = async (u: string) => (await loginAs(deps, u, DEMO_PASSWORD)).call();

beforeAll(async () => {
  tdb = await createTestDatabase();
  deps = await createTestDeps(tdb.database, { clockStart: new Date('2026-02-20T02:00:00Z') });
  expect(await seedHolidayCalendar(deps)).toBeGreaterThan(50);
  expect(await seedHolidayCalendar(deps)).toBe(0);
  await seedDemo(deps, { certificates: false, projects: false });
});
afterAll(async () => {
  await deps?.close();
  await tdb?.drop();
});

const engineering = {
  tradeType: 'engineering' as const,
  method: 'open' as const,
  name: '示范市滨江大道改造工程施工',
  budgetFen: 12_345_678_900,
  sections: [{ name: '第一标段 道路工程', ceilingFen: 6_000_000_000, securityFen: 80_000_000 }],
};

async function orgId(name: string): Promise<number> {
  const [o] = await deps.db.select().from(organizations).where(eq(organizations.name, name));
  return o!.id;
}

describe('projects', () => {
  it('a tenderee creates a project with sections and a 统一交易标识码; the project chain starts', async () => {
    const t = await as('tenderee');
    const p = await t.project.create(engineering);
    expect(p).toMatchObject({ status: 'DRAFT', tradeType: 'engineering', method: 'open', tendereeName: '示范市城市建设投资集团有限公司' });
    expect(p.unifiedDealCode).toMatch(/^330100-2026-E\d{6}$/);
    expect(p.sections).toEqual([expect.objectContaining({ code: '001', ceilingFen: 6_000_000_000 })]);
    expect(p.steps[0]?.status).toBe('DRAFT');
    const chain = await deps.db.select().from(auditEvents).where(eq(auditEvents.chain, `project:${p.id}`));
    expect(chain.map((e) => [e.seq, e.action])).toEqual([[1, 'project.create']]);
  });

  it('an agent creates for a tenderee only under a mandate in force', async () => {
    const a = await as('agent');
    const owner1 = await orgId('示范市城市建设投资集团有限公司');
    const owner2 = await orgId('示范市第一人民医院');
    const p = await a.project.create({ ...engineering, tendereeOrgId: owner1 });
    expect(p.agentOrgId).not.toBeNull();
    expect(await appCode(a.project.create({ ...engineering, tendereeOrgId: owner2 }))).toBe('FORBIDDEN');
  });

  it('another organization cannot see or edit the project (NOT_FOUND), a tenderee cannot create for another', async () => {
    const p = await (await as('tenderee')).project.create(engineering);
    const t2 = await as('tenderee2');
    expect(await appCode(t2.project.get({ projectId: p.id }))).toBe('NOT_FOUND');
    expect(await appCode(t2.project.saveSchedule({ projectId: p.id, schedule: {}, expectedVersion: 1 }))).toBe('NOT_FOUND');
    expect(await appCode(t2.project.create({ ...engineering, tendereeOrgId: p.tendereeOrgId }))).toBe('FORBIDDEN');
    expect(await appCode((await as('bidder1')).project.get({ projectId: p.id }))).toBe('NOT_FOUND');
    expect((await (await as('staff')).project.get({ projectId: p.id })).id).toBe(p.id);
  });

  it.each([
    ['a method of another trade type', { method: 'auction' }],
    ['an empty name', { name: ' ' }],
    ['no sections', { sections: [] }],
    ['a negative amount', { budgetFen: -1 }],
    ['a fractional amount (money is integer fen)', { budgetFen: 10.5 }],
    ['an oversized name', { name: '长'.repeat(201) }],
  ])('refuses %s', async (_n, patch) => {
    expect(await appCode((await as('tenderee')).project.create({ ...engineering, ...patch } as typeof engineering))).toBe('VALIDATION');
  });
});

describe('the statutory schedule (N1, domain §0)', () => {
  it('docs issued 3月3日 allow a bid deadline on 3月23日 at any hour, not on 3月22日; the error names the rule and the earliest date', async () => {
    const t = await as('tenderee');
    const p = await t.project.create(engineering);
    const base = {
      noticePublishAt: '2026-02-27T09:00:00+08:00',
      docsIssueStart: '2026-03-03T17:30:00+08:00',
      docsIssueEnd: '2026-03-10T09:00:00+08:00',
    };
    const late = { ...base, bidDeadline: '2026-03-22T23:59:59+08:00', openingAt: '2026-03-22T23:59:59+08:00' };
    try {
      await t.project.saveSchedule({ projectId: p.id, schedule: late, expectedVersion: p.version });
      expect.unreachable();
    } catch (e) {
      const cause = (e as TRPCError).cause as unknown as { code: string; messageZh: string; details: { reason: string; violations: { limitId: string; earliestAllowed: string; ruleRef: string }[] } };
      expect(cause.code).toBe('VALIDATION');
      expect(cause.details.reason).toBe('SCHEDULE_VIOLATION');
      const v = cause.details.violations.find((x) => x.limitId.startsWith('N1'))!;
      expect(v.ruleRef).toMatch(/24/);
      expect(v.earliestAllowed).toBe('2026-03-22T16:00:00.000Z'); // 3月23日 00:00 北京时间
      expect(cause.messageZh).toMatch(/2026年3月23日/);
    }
    expect((await t.project.get({ projectId: p.id })).schedule).toEqual({}); // nothing saved
    for (const at of ['2026-03-23T00:00:01+08:00', '2026-03-23T09:30:00+08:00']) {
      const ok = { ...base, bidDeadline: at, openingAt: at };
      const r = await t.project.checkSchedule({ projectId: p.id, schedule: ok });
      expect(r).toEqual({ ok: true, violations: [] });
    }
    // T2: docs on 3月1日 → the 20th day is 3月21日, a Saturday: the earliest lawful deadline is Monday 3月23日.
    const sat = await t.project.checkSchedule({ projectId: p.id, schedule: { ...base, docsIssueStart: '2026-03-01T09:00:00+08:00', bidDeadline: '2026-03-21T09:30:00+08:00', openingAt: '2026-03-21T09:30:00+08:00' } });
    expect(sat.violations.find((v) => v.limitId === 'N1_ENG_BID_PREP')?.earliestAllowed).toBe('2026-03-22T16:00:00.000Z');
    const saved = await t.project.saveSchedule({ projectId: p.id, schedule: { ...base, bidDeadline: '2026-03-23T09:30:00+08:00', openingAt: '2026-03-23T09:30:00+08:00' }, expectedVersion: p.version });
    expect(saved.version).toBe(p.version + 1);
    // A stale version is a conflict, not a silent overwrite.
    expect(await appCode(t.project.saveSchedule({ projectId: p.id, schedule: base, expectedVersion: p.version }))).toBe('CONFLICT');
    // Opening must be at the deadline (ZTB §34).
    const r = await t.project.checkSchedule({ projectId: p.id, schedule: { ...base, bidDeadline: '2026-03-23T09:30:00+08:00', openingAt: '2026-03-23T10:00:00+08:00' } });
    expect(r.violations.map((v) => v.limitId)).toContain('OPENING_EQ_DEADLINE');
  });

  it('the prequalification documents are on sale ≥ 5 days from the notice (ZTBT §16, P1, issue 18 §3): a shorter sale is refused and nothing is saved', async () => {
    const t = await as('tenderee');
    const p = await t.project.create({ ...engineering, prequalification: true });
    // Notice Monday 3月2日: 5 days end on Saturday 3月7日 → rolled to Monday 3月9日, open until its 24:00.
    const pq = (prequalDocsEnd: string, noticePublishAt = '2026-03-02T09:00:00+08:00') => ({
      noticePublishAt,
      prequalDocsEnd,
      prequalApplicationDeadline: '2026-03-16T09:00:00+08:00',
      prequalReviewEnd: '2026-03-18T17:00:00+08:00',
      docsIssueStart: '2026-03-19T09:00:00+08:00',
      docsIssueEnd: '2026-03-26T17:00:00+08:00',
      bidDeadline: '2026-04-09T09:30:00+08:00',
      openingAt: '2026-04-09T09:30:00+08:00',
    });
    try {
      await t.project.saveSchedule({ projectId: p.id, schedule: pq('2026-03-09T17:00:00+08:00'), expectedVersion: p.version });
      expect.unreachable();
    } catch (e) {
      const cause = (e as TRPCError).cause as unknown as { code: string; details: { reason: string; violations: { limitId: string; field: string; earliestAllowed: string; ruleRef: string; messageZh: string }[] } };
      expect(cause.code).toBe('VALIDATION');
      expect(cause.details.reason).toBe('SCHEDULE_VIOLATION');
      expect(cause.details.violations).toEqual([
        expect.objectContaining({ limitId: 'N3_ENG_PREQUAL_DOC_SALE', field: 'prequalDocsEnd', ruleRef: 'ZTBT §16', earliestAllowed: '2026-03-09T16:00:00.000Z', messageZh: expect.stringContaining('资格预审文件的发售期不少于5日') }),
      ]);
    }
    const after = await t.project.get({ projectId: p.id });
    expect(after.schedule).toEqual({}); // nothing saved
    expect(after.version).toBe(p.version);
    // 24:00 of the rolled day is lawful; a notice on Sunday 3月1日 ends the 5 days on Friday 3月6日 (no roll).
    expect(await t.project.checkSchedule({ projectId: p.id, schedule: pq('2026-03-10T00:00:00+08:00') })).toEqual({ ok: true, violations: [] });
    expect((await t.project.checkSchedule({ projectId: p.id, schedule: pq('2026-03-06T23:59:59+08:00', '2026-03-01T09:00:00+08:00') })).violations.map((v) => v.limitId)).toEqual(['N3_ENG_PREQUAL_DOC_SALE']);
    expect(await t.project.checkSchedule({ projectId: p.id, schedule: pq('2026-03-07T00:00:00+08:00', '2026-03-01T09:00:00+08:00') })).toEqual({ ok: true, violations: [] });
    const saved = await t.project.saveSchedule({ projectId: p.id, schedule: pq('2026-03-10T00:00:00+08:00'), expectedVersion: p.version });
    expect(saved.schedule.prequalDocsEnd).toBe('2026-03-09T16:00:00.000Z');
  });

  it('working days come from the published calendar, holidays and 调休 included; an unpublished year is provisional, never refused', async () => {
    const t = await as('tenderee');
    const p = await t.project.create({ tradeType: 'procurement', method: 'inquiry', name: '办公设备询价采购', budgetFen: 30_000_000, sections: [{ name: '包1' }] });
    // 询价: docs → response ≥ 3 working days. Docs on Friday 2026-04-03; 4-04..4-06 is 清明 (days off).
    const sched = (deadline: string) => ({ docsIssueStart: '2026-04-03T10:00:00+08:00', bidDeadline: deadline });
    const r1 = await t.project.checkSchedule({ projectId: p.id, schedule: sched('2026-04-08T09:00:00+08:00') });
    expect(r1.ok).toBe(false);
    expect((await t.project.checkSchedule({ projectId: p.id, schedule: sched('2026-04-09T09:00:00+08:00') })).ok).toBe(true);
    const staff = await as('staff');
    const y2026 = await staff.holiday.list({ year: 2026 });
    expect(y2026.find((d) => d.day === '2026-04-05')).toEqual({ day: '2026-04-05', kind: 'holiday', name: '清明' });
    expect(y2026.every((d) => d.day.startsWith('2026-'))).toBe(true);
    expect(await staff.holiday.list({ year: 2027 })).toEqual([]);
    // A published year is not edited day by day …
    expect(await appCode(staff.holiday.set({ day: '2026-04-07', kind: 'holiday', name: '测试调整' }))).toBe('INVALID_STATE');
    // … it is published again as a whole (a corrected notice): 2026-04-07 a day off moves the earliest day by one.
    const corrected = [...y2026, { day: '2026-04-07', kind: 'holiday' as const, name: '测试调整' }];
    await staff.holiday.publishYear({ year: 2026, days: corrected, source: '更正通知（测试）' });
    expect((await t.project.checkSchedule({ projectId: p.id, schedule: sched('2026-04-09T09:00:00+08:00') })).ok).toBe(false);
    await staff.holiday.publishYear({ year: 2026, days: y2026 });
    expect((await t.project.checkSchedule({ projectId: p.id, schedule: sched('2026-04-09T09:00:00+08:00') })).ok).toBe(true);
    expect(await appCode(staff.holiday.set({ day: '2027-04-07', kind: 'workday', name: '周三不是调休' }))).toBe('VALIDATION');
    expect(await appCode((await as('tenderee')).holiday.set({ day: '2027-04-10', kind: 'workday', name: 'x' }))).toBe('FORBIDDEN');
    // 2027 is not published: computed on the provisional calendar (1/5, 1/6, 1/7 are certain working days).
    const s2027 = (deadline: string) => ({ docsIssueStart: '2027-01-04T10:00:00+08:00', bidDeadline: deadline });
    expect((await t.project.checkSchedule({ projectId: p.id, schedule: s2027('2027-01-06T09:00:00+08:00') })).ok).toBe(false);
    expect((await t.project.checkSchedule({ projectId: p.id, schedule: s2027('2027-01-07T09:00:00+08:00') })).ok).toBe(true);
    // A draft 2027 day is not the calendar until the year is published (issue 12 §2).
    await staff.holiday.set({ day: '2027-01-06', kind: 'holiday', name: '草稿' });
    expect((await t.project.checkSchedule({ projectId: p.id, schedule: s2027('2027-01-07T09:00:00+08:00') })).ok).toBe(true);
    expect((await staff.holiday.years()).find((y) => y.year === 2027)).toMatchObject({ status: 'draft', days: 1 });
    await staff.holiday.remove({ day: '2027-01-06' });
  });

  it('submit moves a scheduled draft to review with a guarded transition; a second submit is INVALID_STATE', async () => {
    const t = await as('tenderee');
    const p = await t.project.create(engineering);
    expect(await appCode(t.project.submit({ projectId: p.id }))).toBe('VALIDATION'); // no schedule yet
    const s = { docsIssueStart: '2026-03-02T09:00:00+08:00', docsIssueEnd: '2026-03-10T09:00:00+08:00', bidDeadline: '2026-03-25T09:30:00+08:00', openingAt: '2026-03-25T09:30:00+08:00' };
    await t.project.saveSchedule({ projectId: p.id, schedule: s, expectedVersion: p.version });
    const sub = await t.project.submit({ projectId: p.id });
    expect(sub.status).toBe('PENDING_REVIEW');
    expect(await appCode(t.project.submit({ projectId: p.id }))).toBe('INVALID_STATE');
    expect(await appCode(t.project.saveSchedule({ projectId: p.id, schedule: s, expectedVersion: sub.version }))).toBe('INVALID_STATE');
    const chain = await deps.db.select().from(auditEvents).where(eq(auditEvents.chain, `project:${p.id}`));
    expect(chain.map((e) => e.action)).toEqual(['project.create', 'project.schedule', 'project.submit_notice']);
  });
});
