/**
 * The supervisor's dashboard and the project timeline on real PostgreSQL (issue 20 §3; domain §6.1–6.2,
 * M1, M3). Checkpoint and alert rows are inserted directly (the engine writes them in production); the
 * fake clock moves across a Beijing midnight. The scope functions (scope.ts) are wrapped: the test checks
 * that every query calls them and obeys what they say — here "region 330100 only" for the supervisor.
 */
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { eq, type SQL } from 'drizzle-orm';
import { TRPCError } from '@trpc/server';
import { checkpoints, projects, supervisionAlerts, users } from '@ebid/db';
import { AppError } from '@ebid/domain';
import { wireAppError } from '@ebid/api/test-client';
import { callerAs, contextAs, draftProject, orgOf, useDemoTestDeps, type TestDeps } from '@ebid/testing';
import { appendAuditEvent, projectChain } from '@ebid/audit';
import { supervisionDashboard, supervisionDashboardAlerts } from './dashboard.ts';
import { supervisionTimeline } from './timeline.ts';
import type * as ScopeModule from './scope.ts';

const IN_SCOPE_REGION = '330100';
const spy = vi.hoisted(() => ({ condition: 0, assert: 0 }));
vi.mock('./scope.ts', async (importOriginal) => {
  const real = await importOriginal<typeof ScopeModule>();
  const { eq: eqOf } = await import('drizzle-orm');
  const { projects: p } = await import('@ebid/db');
  const { AppError: E } = await import('@ebid/domain');
  return {
    ...real,
    supervisedProjectsCondition: async (...args: Parameters<typeof real.supervisedProjectsCondition>): Promise<SQL | undefined> => {
      spy.condition += 1;
      await real.supervisedProjectsCondition(...args);
      return args[1].role === 'supervisor' ? eqOf(p.regionCode, '330100') : undefined;
    },
    assertSupervises: async (...args: Parameters<typeof real.assertSupervises>): Promise<void> => {
      spy.assert += 1;
      await real.assertSupervises(...args);
      if (args[1].role === 'supervisor' && args[2].regionCode !== '330100') throw new E('NOT_FOUND');
    },
  };
});

let deps: TestDeps;
useDemoTestDeps((d) => (deps = d), { clockStart: new Date('2026-12-07T08:00:00Z') });

// 16:00 北京时间 on Monday 7 December 2026.
const NOW = new Date('2026-12-07T08:00:00Z');
const H = 3_600_000;
const ago = (h: number) => new Date(NOW.getTime() - h * H);
const ahead = (h: number) => new Date(NOW.getTime() + h * H);

let eng: { id: number }; // engineering, agent-run, in scope
let proc: { id: number }; // procurement, self-run, in scope
let away: { id: number }; // engineering, another region: outside the supervisor's scope
let agentOrg: number;
let tendereeOrg: number;

async function cp(projectId: number, v: Partial<typeof checkpoints.$inferInsert> & { kind: string; warnAt: Date; dueAt: Date }) {
  const [row] = await deps.db
    .insert(checkpoints)
    .values({ projectId, subjectKey: 'project', ...v })
    .returning();
  return row!;
}
async function alert(checkpointId: number, projectId: number, level: 'yellow' | 'red', raisedAt: Date) {
  const [row] = await deps.db.insert(supervisionAlerts).values({ checkpointId, projectId, level, raisedAt, notified: 2 }).returning();
  return row!;
}

beforeAll(async () => {
  agentOrg = (await orgOf(deps, 'agent')).orgId;
  tendereeOrg = (await orgOf(deps, 'tenderee')).orgId;
  eng = await draftProject(deps, { name: '示范市监管看板道路工程' });
  proc = await draftProject(deps, { tradeType: 'procurement', name: '示范市监管看板设备采购' });
  away = await draftProject(deps, { name: '外地监管看板工程' });
  await deps.db.update(projects).set({ regionCode: IN_SCOPE_REGION, agentOrgId: agentOrg, schedule: { bidDeadline: ago(24).toISOString() } }).where(eq(projects.id, eng.id));
  await deps.db.update(projects).set({ regionCode: IN_SCOPE_REGION, agentOrgId: null, schedule: { bidDeadline: ahead(240).toISOString() } }).where(eq(projects.id, proc.id));
  await deps.db.update(projects).set({ regionCode: '420100' }).where(eq(projects.id, away.id));

  // eng: one yellow (objection answer due in 4 h), one red (opening started late), one done, one green.
  const y = await cp(eng.id, { kind: 'objection.answer', subjectKey: 'objection:1', warnAt: ago(2), dueAt: ahead(4), responsibleOrgId: agentOrg });
  const r = await cp(eng.id, { kind: 'opening.start', warnAt: ago(30), dueAt: ago(26) });
  await cp(eng.id, { kind: 'notice.period', warnAt: ago(100), dueAt: ago(90), doneAt: ago(95), doneAct: 'notice.publish' });
  await cp(eng.id, { kind: 'document.sale', warnAt: ahead(10), dueAt: ahead(20) });
  // The yellow alert raised at 23:59:59.999 Beijing on 12-06, the red one at 00:00 Beijing on 12-07.
  await alert(y.id, eng.id, 'yellow', new Date('2026-12-06T15:59:59.999Z'));
  await alert(r.id, eng.id, 'yellow', new Date('2026-12-05T02:00:00Z'));
  await alert(r.id, eng.id, 'red', new Date('2026-12-06T16:00:00.000Z'));

  // proc (self-run, before its deadline): a red refund checkpoint of one security — secret until the
  // deadline — and a red project one.
  const secretCp = await cp(proc.id, { kind: 'deposit.refund', subjectKey: 'deposit:77', warnAt: ago(50), dueAt: ago(48) });
  await alert(secretCp.id, proc.id, 'red', ago(47));
  const pr = await cp(proc.id, { kind: 'result.publish', warnAt: ago(10), dueAt: ago(1), responsibleOrgId: tendereeOrg });
  const handled = await alert(pr.id, proc.id, 'red', ago(1));
  const staffUser = (await deps.db.select({ id: users.id }).from(users).where(eq(users.username, 'staff')))[0]!;
  await deps.db
    .update(supervisionAlerts)
    .set({ handledAt: ago(0.5), handledBy: staffUser.id, handling: '已督促', result: '已公示', signedText: 'x', signatureCms: 'x' })
    .where(eq(supervisionAlerts.id, handled.id));

  // away: red, outside the supervisor's scope.
  const a = await cp(away.id, { kind: 'opening.start', warnAt: ago(30), dueAt: ago(26) });
  await alert(a.id, away.id, 'red', ago(25));
  await deps.db.transaction((tx) =>
    appendAuditEvent(tx, { chain: projectChain(eng.id), actor: null, action: 'opening.start', subject: { type: 'project', id: eng.id }, payload: {}, at: ago(3) }),
  );
  // proc, before its deadline: a security recorded — an act the audit list masks until the deadline.
  await deps.db.transaction((tx) =>
    appendAuditEvent(tx, { chain: projectChain(proc.id), actor: null, action: 'deposit.record', subject: { type: 'deposit', id: 77 }, payload: { payerName: '秘密投标公司' }, at: ago(60) }),
  );
});

beforeEach(() => {
  deps.clock.set(NOW);
  spy.condition = 0;
  spy.assert = 0;
});

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof TRPCError) return wireAppError(e).code;
    if (e instanceof AppError) return e.code;
    throw e;
  }
  return 'none';
}

describe('supervision.dashboard', () => {
  it('a supervisor: counts of its scope by trade type, region and agency; the trend per Beijing day; 处理超期数', async () => {
    const d = await (await callerAs(deps, 'supervisor')).supervision.dashboard({ days: 3 });
    expect(spy.condition).toBe(1);
    // eng: 1 yellow + 1 red; proc: 1 red (result.publish) — the secret refund left out; away out of scope.
    expect(d.totals).toEqual({ yellow: 1, red: 2, overdueUnhandled: 1, openAlerts: 3 });
    expect(d.byTradeType).toEqual([
      { key: 'engineering', yellow: 1, red: 1 },
      { key: 'procurement', yellow: 0, red: 1 },
    ]);
    expect(d.byRegion).toEqual([{ key: IN_SCOPE_REGION, yellow: 1, red: 2 }]);
    expect(d.byAgency).toEqual([
      { key: String(agentOrg), orgId: agentOrg, name: (await orgOf(deps, 'agent')).orgName, selfRun: false, yellow: 1, red: 1 },
      { key: String(tendereeOrg), orgId: tendereeOrg, name: (await orgOf(deps, 'tenderee')).orgName, selfRun: true, yellow: 0, red: 1 },
    ]);
    // 23:59:59.999 on 12-06 and 00:00 on 12-07 fall on different days; the secret refund's alert is not counted.
    expect(d.trend).toEqual([
      { date: '2026-12-05', yellow: 1, red: 0 },
      { date: '2026-12-06', yellow: 1, red: 0 },
      { date: '2026-12-07', yellow: 0, red: 2 },
    ]);
    expect(Date.parse(d.at) - NOW.getTime()).toBeGreaterThanOrEqual(0);
    expect(Date.parse(d.at) - NOW.getTime()).toBeLessThan(60_000);
  });

  it('center staff see every region; the states follow the clock (the yellow one turns red at its due instant)', async () => {
    const staff = await callerAs(deps, 'staff');
    expect((await staff.supervision.dashboard({ days: 1 })).totals).toEqual({ yellow: 1, red: 3, overdueUnhandled: 2, openAlerts: 4 });
    deps.clock.set(ahead(4));
    try {
      const later = await (await callerAs(deps, 'staff')).supervision.dashboard({ days: 1 });
      expect(later.totals).toMatchObject({ yellow: 0, red: 4 });
      expect(later.byRegion).toEqual([
        { key: IN_SCOPE_REGION, yellow: 0, red: 3 },
        { key: '420100', yellow: 0, red: 1 },
      ]);
    } finally {
      deps.clock.set(NOW);
    }
  });

  it('after the deadline the refund checkpoint counts', async () => {
    await deps.db.update(projects).set({ schedule: { bidDeadline: ago(49).toISOString() } }).where(eq(projects.id, proc.id));
    try {
      const d = await supervisionDashboard(deps, await contextAs(deps, 'supervisor'), { days: 3 });
      expect(d.totals).toEqual({ yellow: 1, red: 3, overdueUnhandled: 2, openAlerts: 4 });
    } finally {
      await deps.db.update(projects).set({ schedule: { bidDeadline: ahead(240).toISOString() } }).where(eq(projects.id, proc.id));
    }
  });

  it.each([
    ['tenderee', 'FORBIDDEN'],
    ['agent', 'FORBIDDEN'],
    ['bidder1', 'FORBIDDEN'],
    ['expert01', 'FORBIDDEN'],
  ])('%s may not read it (%s)', async (who, code) => {
    expect(await refusal((async () => (await callerAs(deps, who)).supervision.dashboard({ days: 7 }))())).toBe(code);
  });

  it.each([0, 91, 1.5])('days = %s is refused, nothing read', async (days) => {
    expect(await refusal((async () => (await callerAs(deps, 'supervisor')).supervision.dashboard({ days }))())).toBe('VALIDATION');
  });
});

describe('supervision.dashboardAlerts', () => {
  it('open alerts of the scope, newest first, with project, kind, level, responsible party; paged', async () => {
    const s = await callerAs(deps, 'supervisor');
    const first = await s.supervision.dashboardAlerts({ limit: 1 });
    expect(spy.condition).toBe(1);
    expect(first.alerts).toHaveLength(1);
    expect(first.alerts[0]).toMatchObject({ level: 'red', project: { id: eng.id, tradeType: 'engineering' }, checkpoint: { kind: 'opening.start', state: 'red' }, responsible: { orgId: null }, handled: false });
    // The newest open alert of the scope is the secret refund's: left out (the page reads on past it).
    const second = await s.supervision.dashboardAlerts({ limit: 1, beforeId: first.nextBeforeId! });
    // The yellow alert of a checkpoint that is red by now: the level raised, the state now.
    expect(second.alerts[0]).toMatchObject({ level: 'yellow', checkpoint: { kind: 'opening.start', state: 'red' } });
    const third = await s.supervision.dashboardAlerts({ limit: 5, beforeId: second.nextBeforeId! });
    expect(third.alerts.map((a) => [a.level, a.checkpoint.kind, a.checkpoint.state, a.responsible.orgId])).toEqual([['yellow', 'objection.answer', 'yellow', agentOrg]]);
    expect(third.alerts[0]!.responsible.name).toBe((await orgOf(deps, 'agent')).orgName);
    expect(third.nextBeforeId).toBeNull();
  });

  it('all alerts (handled ones too), one project', async () => {
    const page = await supervisionDashboardAlerts(deps, await contextAs(deps, 'staff'), { openOnly: false, projectId: proc.id, limit: 50 });
    expect(page.alerts.map((a) => [a.checkpoint.kind, a.handled])).toEqual([['result.publish', true]]);
  });
});

describe('supervision.timeline', () => {
  it('checkpoints, alerts and audit events on one time axis, each with its record', async () => {
    const tl = await (await callerAs(deps, 'supervisor')).supervision.timeline({ projectId: eng.id });
    expect(spy.assert).toBe(1);
    const ats = tl.items.map((i) => i.at);
    expect([...ats].sort()).toEqual(ats);
    const cps = tl.items.filter((i) => i.type === 'checkpoint');
    expect(cps.map((c) => [c.kind, c.state])).toEqual([
      ['notice.period', 'done'],
      ['opening.start', 'red'],
      ['objection.answer', 'yellow'],
      ['document.sale', 'green'],
    ]);
    expect(cps.find((c) => c.kind === 'objection.answer')!.link).toEqual({ tab: 'objections', auditEventId: null });
    expect(cps.find((c) => c.kind === 'notice.period')).toMatchObject({ doneAct: 'notice.publish', late: false, doneAt: ago(95).toISOString() });
    expect(tl.items.filter((i) => i.type === 'alert').map((a) => a.level)).toEqual(['yellow', 'yellow', 'red']);
    const audit = tl.items.filter((i) => i.type === 'audit');
    const opening = audit.find((a) => a.event.action === 'opening.start')!;
    expect(opening.link).toEqual({ tab: 'opening', auditEventId: opening.event.id });
    expect(opening.event.project).toMatchObject({ id: eng.id });
    expect(audit.some((a) => a.event.action === 'project.create')).toBe(true);
    expect(tl.auditTruncated).toBe(false);
  });

  it('a project before its deadline: the refund checkpoint of one security and its alert are left out', async () => {
    const tl = await supervisionTimeline(deps, await contextAs(deps, 'supervisor'), { projectId: proc.id });
    expect(tl.items.filter((i) => i.type !== 'audit').map((i) => (i.type === 'checkpoint' ? i.kind : `alert:${i.kind}`))).toEqual(['result.publish', 'alert:result.publish']);
    // The security's audit event is there, masked as the audit list masks it, and leads nowhere but itself.
    const masked = tl.items.filter((i) => i.type === 'audit' && i.event.masked);
    expect(masked).toHaveLength(1);
    expect(masked[0]).toMatchObject({ event: { action: 'masked', subjectId: null, payload: null }, link: { tab: null } });
    expect(JSON.stringify(tl)).not.toContain('秘密投标公司');
    expect(JSON.stringify(tl)).not.toContain('deposit:77');
  });

  it('outside the scope, or no such project: NOT_FOUND alike, nothing read', async () => {
    const s = await callerAs(deps, 'supervisor');
    expect(await refusal(s.supervision.timeline({ projectId: away.id }))).toBe('NOT_FOUND');
    expect(spy.assert).toBe(1);
    expect(await refusal(s.supervision.timeline({ projectId: 9_999_999 }))).toBe('NOT_FOUND');
    // Staff see the other region's project.
    const tl = await (await callerAs(deps, 'staff')).supervision.timeline({ projectId: away.id });
    expect(tl.items.filter((i) => i.type === 'checkpoint')).toHaveLength(1);
  });

  it('the owner side and bidders may not read a timeline', async () => {
    for (const who of ['tenderee', 'agent', 'bidder1']) {
      expect(await refusal((async () => (await callerAs(deps, who)).supervision.timeline({ projectId: eng.id }))())).toBe('FORBIDDEN');
    }
  });
});
