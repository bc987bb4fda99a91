/**
 * The step bar of project.get through the real API (issue 18 §6): each trade and method's own steps, and a
 * failed, terminated or suspended project shown where it stopped — from the state the machine now records
 * (`stoppedAt`), and for a project stopped before it was recorded, from its audit trail.
 */
import { describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { projects } from '@ebid/db';
import { applyProjectEvent, loadProject, SYSTEM_CONTEXT } from '@ebid/services';
import type { ProcedureEvent } from '@ebid/domain';
import { callerAs, draftProject, TEST_LAND_PLOT, publishedProject, TEST_START, testSchedule, type TestDeps, useDemoTestDeps } from '@ebid/testing';

let deps: TestDeps;
useDemoTestDeps((d) => (deps = d), { clockStart: TEST_START });
const as = (u: string) => callerAs(deps, u);

async function drive(projectId: number, ...events: ProcedureEvent[]) {
  for (const e of events) {
    await deps.db.transaction(async (tx) => applyProjectEvent(tx, deps, SYSTEM_CONTEXT, await loadProject(tx, projectId), e));
  }
}

async function published(name: string) {
  deps.clock.set(TEST_START);
  return publishedProject(deps, { name, schedule: testSchedule('tender'), noticeTitle: `${name}招标公告`, noticeBody: '一、招标条件\n\n本项目已具备招标条件，现进行公开招标。' });
}

const shape = (steps: { word: string; state: string }[]) => steps.map((s) => `${s.word}:${s.state}`);

describe('project.get: the step bar (issue 18 §6)', () => {
  it('a draft is at 草稿; a running project marks the steps before it done', async () => {
    const d = await draftProject(deps, { name: '步骤条草稿测试工程' });
    const t = await as('tenderee');
    const draft = await t.project.get({ projectId: d.id });
    expect(draft.steps[0]).toMatchObject({ status: 'DRAFT', word: 'draft', state: 'current' });
    expect(draft.stepStop).toBeNull();
    const p = await published('步骤条进行中测试工程');
    await drive(p.id, { type: 'open_bidding' });
    const v = await t.project.get({ projectId: p.id });
    expect(shape(v.steps).slice(0, 5)).toEqual(['draft:done', 'noticeReview:done', 'tenderNotice:done', 'bidding:current', 'opening:todo']);
  });

  it('0 bids at the deadline: FAILED, stopped at 投标 (ZTBT §44), nothing after it done — the reader sees it, not 草稿', async () => {
    const p = await published('步骤条流标测试工程');
    await drive(p.id, { type: 'open_bidding' }, { type: 'deadline_reached', bidCount: 0 });
    for (const who of ['tenderee', 'staff', 'supervisor']) {
      const v = await (await as(who)).project.get({ projectId: p.id });
      expect(v.status, who).toBe('FAILED');
      expect(v.statusDetail).toMatchObject({ failure: { reason: 'no_bids' }, stoppedAt: 'BIDDING' });
      expect(v.stepStop, who).toEqual({ kind: 'failed', at: 'BIDDING', reason: 'no_bids', archived: false });
      expect(shape(v.steps).slice(2, 5), who).toEqual(['tenderNotice:done', 'bidding:stopped', 'opening:todo']);
      expect(v.steps.slice(4).every((s) => s.state === 'todo'), who).toBe(true);
    }
  });

  it('terminated while suspended: stopped at the step it was suspended in, with the owner\'s reason; archived keeps it', async () => {
    const p = await published('步骤条终止测试工程');
    await drive(p.id, { type: 'open_bidding' }, { type: 'suspend', reason: 'complaint' });
    const t = await as('tenderee');
    expect((await t.project.get({ projectId: p.id })).stepStop).toEqual({ kind: 'suspended', at: 'BIDDING', reason: 'complaint' });
    await t.project.terminate({ projectId: p.id, reason: '投诉成立，本项目终止' });
    const v = await t.project.get({ projectId: p.id });
    expect(v.stepStop).toEqual({ kind: 'terminated', at: 'BIDDING', reason: '投诉成立，本项目终止', archived: false });
    await drive(p.id, { type: 'archive' });
    const a = await t.project.get({ projectId: p.id });
    expect(a.stepStop).toEqual({ kind: 'terminated', at: 'BIDDING', reason: '投诉成立，本项目终止', archived: true });
    expect(shape(a.steps).slice(-2)).toEqual(['contract:todo', 'archive:done']);
  });

  it('a project stopped before stoppedAt was recorded: the step comes from its audit trail; with none, it is unknown', async () => {
    const p = await published('步骤条旧记录测试工程');
    await drive(p.id, { type: 'open_bidding' }, { type: 'suspend', reason: 'objection' }, { type: 'terminate', reason: '旧数据终止' });
    // As rows were stored before issue 18: the detail without stoppedAt.
    await deps.db.update(projects).set({ statusDetail: { termination: { reason: '旧数据终止' } } }).where(eq(projects.id, p.id));
    const t = await as('tenderee');
    expect((await t.project.get({ projectId: p.id })).stepStop).toEqual({ kind: 'terminated', at: 'BIDDING', reason: '旧数据终止', archived: false });

    // A row with no audit trail of its stop (set directly): no step is claimed.
    const q = await published('步骤条无记录测试工程');
    await deps.db.update(projects).set({ status: 'FAILED', statusDetail: sql`'{"failure":{"reason":"no_bids"}}'::jsonb` }).where(eq(projects.id, q.id));
    const u = await t.project.get({ projectId: q.id });
    expect(u.stepStop).toEqual({ kind: 'failed', at: null, reason: 'no_bids', archived: false });
    expect(u.steps.every((s) => s.state === 'todo')).toBe(true);
  });

  it('each trade and method: the list carries its own words (land listing, inquiry)', async () => {
    const t = await as('tenderee');
    const land = await draftProject(deps, { name: '步骤条挂牌测试地块', tradeType: 'land', method: 'listing', sections: [{ ...TEST_LAND_PLOT, name: '地块一' }] });
    expect((await t.project.get({ projectId: land.id })).steps.map((s) => s.word)).toEqual(['draft', 'noticeReview', 'landSaleNotice', 'landListing', 'timedBidding', 'dealConfirmation', 'confirmationLetter', 'landContract', 'archive']);
    const inquiry = await draftProject(deps, { name: '步骤条询价测试采购', tradeType: 'procurement', method: 'inquiry', subject: null, sections: [{ name: '包一', ceilingFen: 1_000_000, securityFen: null }] });
    const words = (await t.project.get({ projectId: inquiry.id })).steps.map((s) => s.word);
    expect(words).toContain('quotation');
    expect(words).not.toContain('negotiation');
  });
});
