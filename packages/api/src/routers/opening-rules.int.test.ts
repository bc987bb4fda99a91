/**
 * No K coefficient outside engineering (issue 18 §3; domain §3.1 低价优先法, R87 §54–55; §3.2 浮动点): the
 * opening rules refuse a float-point set for a procurement, land or property project and change nothing;
 * the defaults give those trade types none; and an opening of a procurement project never starts a K
 * draw, even when a set was stored on the project before the rule.
 */
import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, draws, openings, projects } from '@ebid/db';
import { callerAs, draftProject, openedProject, TEST_LAND_PLOT, TEST_PROPERTY_ITEM, TEST_START, type TestDeps, useDemoTestDeps } from '@ebid/testing';
import { appError } from '../test-client.ts';

let deps: TestDeps;
useDemoTestDeps((d) => (deps = d), { clockStart: TEST_START });
const as = (u: string) => callerAs(deps, u);

const PROCUREMENT = { tradeType: 'procurement' as const, method: 'open' as const, budgetFen: 880_000_000 };
const LAND = { tradeType: 'land' as const, method: 'listing' as const, budgetFen: null, sections: [{ ...TEST_LAND_PLOT, name: '示范市2026-07号地块' }] };
const PROPERTY = { tradeType: 'property' as const, method: 'listing' as const, propertyKind: 'equity_transfer' as const, budgetFen: null, sections: [{ ...TEST_PROPERTY_ITEM, name: '示范市国资公司所持股权' }] };

async function stored(projectId: number) {
  const [p] = await deps.db.select({ openingRules: projects.openingRules, version: projects.version }).from(projects).where(eq(projects.id, projectId));
  const events = await deps.db.select().from(auditEvents).where(and(eq(auditEvents.chain, `project:${projectId}`), eq(auditEvents.action, 'opening.rules')));
  return { ...p!, ruleEvents: events.length };
}

describe('opening rules: the K coefficient is engineering only', () => {
  it.each([
    ['procurement (公开招标)', PROCUREMENT],
    ['procurement (询价)', { ...PROCUREMENT, method: 'inquiry' as const }],
    ['land', LAND],
    ['property', PROPERTY],
  ])('%s: a float-point set is refused (VALIDATION K_NOT_ALLOWED) and nothing changes; the other rules may be set', async (_n, input) => {
    const p = await draftProject(deps, input);
    const t = await as('tenderee');
    expect((await t.opening.get({ projectId: p.id })).k).toBeNull(); // the default: no K
    const before = await stored(p.id);
    const e = await appError(t.opening.setRules({ projectId: p.id, decryptWindowMinutes: 45, floatPointsBp: [150, 125, 100] }));
    expect(e).toMatchObject({ code: 'VALIDATION', details: { field: 'floatPointsBp', reason: 'K_NOT_ALLOWED', tradeType: input.tradeType } });
    expect(e.messageZh).toContain('K值');
    expect(await stored(p.id)).toEqual(before);
    const r = await t.opening.setRules({ projectId: p.id, decryptWindowMinutes: 45, floatPointsBp: null });
    expect(r).toMatchObject({ decryptWindowMinutes: 45, floatPointsBp: null });
    expect((await stored(p.id)).ruleEvents).toBe(before.ruleEvents + 1);
  });

  it('engineering keeps its float-point set (default and chosen)', async () => {
    const p = await draftProject(deps);
    const t = await as('tenderee');
    expect((await t.opening.get({ projectId: p.id })).k?.floatPointsBp).toEqual([150, 125, 100, 75, 50, 25]);
    expect(await t.opening.setRules({ projectId: p.id, floatPointsBp: [100, 50] })).toMatchObject({ floatPointsBp: [100, 50] });
  });

  it('a procurement opening never starts a K draw, even with a set stored on the project before the rule', async () => {
    const { project, started } = await openedProject(deps, {
      ...PROCUREMENT,
      name: '示范市政务云服务器采购（开标无K值）',
      // A row written before the rule (or by hand): the opening must ignore it.
      beforeNotice: async (draft) => {
        await deps.db.update(projects).set({ openingRules: { floatPointsBp: [150, 100] } }).where(eq(projects.id, draft.id));
      },
    });
    expect(started.status).toBe('decrypting');
    const [o] = await deps.db.select().from(openings).where(eq(openings.projectId, project.id));
    expect(o!.floatPointsBp).toBeNull();
    expect(await deps.db.select().from(draws).where(and(eq(draws.subjectType, 'opening'), eq(draws.subjectId, o!.id)))).toEqual([]);
    expect((await (await as('staff')).opening.get({ projectId: project.id })).k).toBeNull();
    const [start] = await deps.db.select().from(auditEvents).where(and(eq(auditEvents.chain, `project:${project.id}`), eq(auditEvents.action, 'opening.start')));
    expect(start!.payload).toMatchObject({ floatPointsBp: null, kDraw: null });
  });
});
