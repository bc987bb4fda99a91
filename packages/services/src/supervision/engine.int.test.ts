/**
 * The checkpoint engine on real PostgreSQL and a fake clock (issue 20 §1, §6; domain §6.2, M1): the state
 * at each boundary green → yellow → red → done, working days across a weekend and a provisional year; a
 * restart with a red checkpoint pending raises it once; two engines (two instances, each its own pool)
 * evaluating the same checkpoint at the same moment raise ONE alert; a moved deadline moves it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import { auditEvents, checkpoints, jobs, notifications, openDatabase, projects, supervisionAlerts, users, type Database } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import { checkpointDue } from '@ebid/domain';
import { createDemoTestDeps, createTestDeps, draftProject, type TestDeps } from '@ebid/testing';
import { createJobHandlers, runJobNow } from '../job-handlers.ts';
import { JobRunner } from '../jobs/queue.ts';
import { silentLogger } from '../logger.ts';
import { loadHolidayTable } from '../projects/holidays.ts';
import { completeCheckpoint, declareCheckpoint } from './checkpoints.ts';
import { evaluateCheckpoint, type RaiserFor } from './engine.ts';
import { supervisorUserIdsFor } from './scope.ts';

let env: Awaited<ReturnType<typeof createDemoTestDeps>>;
let deps: TestDeps;
let projectId: number;
let tendereeOrgId: number;
beforeAll(async () => {
  env = await createDemoTestDeps({ clockStart: new Date('2026-03-02T01:00:00Z') });
  deps = env.deps;
  const p = await draftProject(deps, { name: '示范市监督点引擎测试工程' });
  projectId = p.id;
  const [row] = await deps.db.select().from(projects).where(eq(projects.id, projectId));
  tendereeOrgId = row!.tendereeOrgId;
});
afterAll(async () => {
  await env?.close();
});

/** An instant in 北京时间. */
const bj = (s: string) => new Date(`${s.replace(' ', 'T')}+08:00`);
const ms = (d: Date, delta: number) => new Date(d.getTime() + delta);

let seq = 0;
async function declare(kind: 'deposit.refund' | 'objection.answer' | 'prequal.review' | 'notice.period', due: { dueAt: Date; warnAt: Date; provisional: boolean }, responsibleOrgId: number | null = null) {
  return deps.db.transaction((tx) => declareCheckpoint(tx, deps, { projectId, kind, subjectKey: `test:${++seq}`, ...due, responsibleOrgId }));
}
/** The engine with its generic words (the kinds' own raisers are tested with their steps). */
const generic: RaiserFor = () => undefined;
const evaluate = (id: number, d: TestDeps = deps) => evaluateCheckpoint(d, generic, id);
const alertsOf = (checkpointId: number) => deps.db.select().from(supervisionAlerts).where(eq(supervisionAlerts.checkpointId, checkpointId));
const eventsOf = async (checkpointId: number) =>
  (await deps.db.select().from(auditEvents).where(and(eq(auditEvents.chain, projectChain(projectId)), inArray(auditEvents.action, ['checkpoint.yellow', 'checkpoint.red'])))).filter(
    (e) => (e.payload as { checkpointId?: number }).checkpointId === checkpointId,
  );
/** Active users of these roles; 'supervisor' = the supervisors whose scope covers the project (issue 20 §4: not supervisor2 of 330200). */
const idsOf = async (...roles: ('staff' | 'supervisor' | 'tenderee')[]) => {
  const others = roles.filter((r) => r !== 'supervisor');
  const ids = others.length ? (await deps.db.select({ id: users.id }).from(users).where(and(inArray(users.role, others), eq(users.active, true)))).map((u) => u.id) : [];
  const [p] = await deps.db.select().from(projects).where(eq(projects.id, projectId));
  const supervisors = roles.includes('supervisor') ? await supervisorUserIdsFor(deps.db, p!) : [];
  expect(roles.includes('supervisor') ? supervisors.length : 1).toBeGreaterThan(0);
  return [...ids, ...supervisors].sort((a, b) => a - b);
};
const ownerSideIds = async () =>
  (await deps.db.select({ id: users.id }).from(users).where(and(eq(users.orgId, tendereeOrgId), eq(users.active, true), inArray(users.role, ['tenderee', 'agent'])))).map((u) => u.id);

describe('green → yellow → red → done at each boundary (domain §6.2, M1)', () => {
  it('a security refund of 5 working days across a weekend: yellow a day before, red at 24:00 of the last day, each raised once to staff and supervisors', async () => {
    const table = await loadHolidayTable(deps.db);
    // Thu 2026-0305 + 5 wd (Fri, Mon–Thu; the weekend skipped) → due Fri 3/13 00:00 北京时间.
    const due = checkpointDue('deposit.refund', { tradeType: 'procurement', anchor: bj('2026-03-05 10:00:00') }, table);
    expect(due).toEqual({ dueAt: bj('2026-03-13 00:00:00'), warnAt: bj('2026-03-12 00:00:00'), provisional: false });
    const cp = await declare('deposit.refund', due);
    const js = await deps.db.select().from(jobs).where(eq(jobs.kind, 'checkpoint.evaluate'));
    expect(js.filter((j) => (j.payload as { checkpointId: number }).checkpointId === cp.id).map((j) => j.runAt.toISOString()).sort()).toEqual([due.warnAt.toISOString(), due.dueAt.toISOString()]);

    deps.clock.set(ms(due.warnAt, -60_000)); // (the fake clock runs on: the 1 ms boundaries are the domain table's)
    expect(await evaluate(cp.id)).toMatchObject({ state: 'green', raised: null });
    deps.clock.set(due.warnAt);
    expect(await evaluate(cp.id)).toMatchObject({ state: 'yellow', raised: 'yellow' });
    expect(await evaluate(cp.id)).toMatchObject({ state: 'yellow', raised: null }); // once
    deps.clock.set(ms(due.dueAt, -60_000));
    expect(await evaluate(cp.id)).toMatchObject({ state: 'yellow', raised: null });
    deps.clock.set(due.dueAt);
    expect(await evaluate(cp.id)).toMatchObject({ state: 'red', raised: 'red' });
    expect(await evaluate(cp.id)).toMatchObject({ state: 'red', raised: null });

    const alerts = await alertsOf(cp.id);
    expect(alerts.map((a) => a.level).sort()).toEqual(['red', 'yellow']);
    const recipients = await idsOf('staff', 'supervisor');
    expect(alerts.every((a) => a.notified === recipients.length && a.handledAt === null)).toBe(true);
    const yellow = (await deps.db.select().from(notifications).where(eq(notifications.kind, 'checkpoint.yellow'))).filter((n) => n.bodyZh.includes('2026-03-13'));
    expect(yellow.map((n) => n.userId).sort((a, b) => a - b)).toEqual(recipients);
    expect(yellow[0]!.titleZh).toContain('【黄色预警】保证金退还即将到期');
    const red = (await deps.db.select().from(notifications).where(eq(notifications.kind, 'checkpoint.red'))).filter((n) => n.bodyZh.includes('2026-03-13'));
    expect(red).toHaveLength(recipients.length);
    expect(red[0]!.titleZh).toContain('【红色预警】保证金退还已超期');
    expect(red[0]!.bodyZh).toContain('CGT §33');
    const events = await eventsOf(cp.id);
    expect(events.map((e) => e.action).sort()).toEqual(['checkpoint.red', 'checkpoint.yellow']);
    expect(events.find((e) => e.action === 'checkpoint.red')!.payload).toMatchObject({ alertLevel: 'red', notified: recipients.length, checkpointKind: 'deposit.refund', dueAt: due.dueAt.toISOString() });

    // The act completes it (late): done, and nothing more is raised.
    deps.clock.set(ms(due.dueAt, 3_600_000));
    expect(await deps.db.transaction((tx) => completeCheckpoint(tx, deps, { projectId, kind: 'deposit.refund', subjectKey: cp.subjectKey, act: 'deposit.refund' }))).toBe(true);
    expect(await deps.db.transaction((tx) => completeCheckpoint(tx, deps, { projectId, kind: 'deposit.refund', subjectKey: cp.subjectKey, act: 'deposit.forfeit' }))).toBe(false);
    expect(await evaluate(cp.id)).toMatchObject({ state: 'done', raised: null });
    const [row] = await deps.db.select().from(checkpoints).where(eq(checkpoints.id, cp.id));
    expect(row!.doneAct).toBe('deposit.refund');
    expect(row!.doneAt!.getTime() - ms(due.dueAt, 3_600_000).getTime()).toBeLessThan(60_000);
    expect(await alertsOf(cp.id)).toHaveLength(2);
  });

  it('done before its warning window: never yellow, never red', async () => {
    deps.clock.set(bj('2026-03-16 09:00:00'));
    const due = checkpointDue('objection.answer', { tradeType: 'engineering', anchor: deps.clock.now() }, await loadHolidayTable(deps.db));
    const cp = await declare('objection.answer', due, tendereeOrgId);
    await deps.db.transaction((tx) => completeCheckpoint(tx, deps, { projectId, kind: 'objection.answer', subjectKey: cp.subjectKey, act: 'objection.answer' }));
    for (const at of [due.warnAt, due.dueAt, ms(due.dueAt, 86_400_000)]) {
      deps.clock.set(at);
      expect(await evaluate(cp.id)).toMatchObject({ state: 'done', raised: null });
    }
    expect(await alertsOf(cp.id)).toHaveLength(0);
  });

  it('an owner-side checkpoint tells the owner side and the supervisors, not the staff; a yellow not raised in time is not raised late', async () => {
    deps.clock.set(bj('2026-03-23 09:00:00'));
    const due = checkpointDue('objection.answer', { tradeType: 'engineering', anchor: deps.clock.now() }, await loadHolidayTable(deps.db));
    expect(due.dueAt).toEqual(bj('2026-03-27 00:00:00')); // Mon + 3 d = Thu, 24:00
    const cp = await declare('objection.answer', due, tendereeOrgId);
    deps.clock.set(ms(due.dueAt, 60_000)); // the platform was down through the whole warning window
    expect(await evaluate(cp.id)).toMatchObject({ state: 'red', raised: 'red' });
    const [alert, ...more] = await alertsOf(cp.id);
    expect(more).toHaveLength(0);
    expect(alert!.level).toBe('red');
    const told = (await deps.db.select().from(notifications).where(eq(notifications.kind, 'checkpoint.red'))).filter((n) => n.bodyZh.includes('2026-03-27'));
    expect(told.map((n) => n.userId).sort((a, b) => a - b)).toEqual([...(await ownerSideIds()), ...(await idsOf('supervisor'))].sort((a, b) => a - b));
    expect(told.some((n) => n.titleZh.includes('异议答复'))).toBe(true);
  });

  it('a provisional year: the due instant is the earliest the official calendar can make it, marked provisional, and turns red then', async () => {
    const table = await loadHolidayTable(deps.db);
    // 2027 is not published: 2/4, 2/9–2/12 near 春节 count as working days (due leaning).
    const due = checkpointDue('deposit.refund', { tradeType: 'procurement', anchor: bj('2027-02-03 10:00:00') }, table);
    expect(due).toEqual({ dueAt: bj('2027-02-13 00:00:00'), warnAt: bj('2027-02-12 00:00:00'), provisional: true });
    const cp = await declare('deposit.refund', due);
    expect(cp.provisional).toBe(true);
    deps.clock.set(ms(due.dueAt, -60_000));
    expect(await evaluate(cp.id)).toMatchObject({ state: 'yellow', raised: 'yellow' });
    deps.clock.set(due.dueAt);
    expect(await evaluate(cp.id)).toMatchObject({ state: 'red', raised: 'red' });
    const red = (await deps.db.select().from(notifications).where(eq(notifications.kind, 'checkpoint.red'))).filter((n) => n.bodyZh.includes('2027-02-13'));
    expect(red[0]!.bodyZh).toContain('暂定');
  });

  it('a moved deadline moves the checkpoint: the old instants find it green, the new ones are scheduled; a done one stays done', async () => {
    deps.clock.set(bj('2026-04-01 09:00:00'));
    const first = { dueAt: bj('2026-04-03 00:00:00'), warnAt: bj('2026-04-02 00:00:00'), provisional: false };
    const cp = await declare('prequal.review', first);
    const later = { dueAt: bj('2026-04-10 00:00:00'), warnAt: bj('2026-04-09 00:00:00'), provisional: false };
    const moved = await deps.db.transaction((tx) => declareCheckpoint(tx, deps, { projectId, kind: 'prequal.review', subjectKey: cp.subjectKey, ...later, responsibleOrgId: null }));
    expect(moved).toMatchObject({ id: cp.id, dueAt: later.dueAt, warnAt: later.warnAt });
    deps.clock.set(first.dueAt);
    expect(await evaluate(cp.id)).toMatchObject({ state: 'green', raised: null });
    const queued = (await deps.db.select().from(jobs).where(and(eq(jobs.kind, 'checkpoint.evaluate'), eq(jobs.status, 'queued')))).filter((j) => (j.payload as { checkpointId: number }).checkpointId === cp.id);
    expect(queued.map((j) => j.runAt.toISOString())).toEqual(expect.arrayContaining([later.warnAt.toISOString(), later.dueAt.toISOString()]));
    await deps.db.transaction((tx) => completeCheckpoint(tx, deps, { projectId, kind: 'prequal.review', subjectKey: cp.subjectKey, act: 'qualification.review_overdue' }));
    const again = await deps.db.transaction((tx) => declareCheckpoint(tx, deps, { projectId, kind: 'prequal.review', subjectKey: cp.subjectKey, ...first, responsibleOrgId: null }));
    expect(again).toMatchObject({ id: cp.id, dueAt: later.dueAt, doneAct: 'qualification.review_overdue' });
  });
});

describe('raised once across restarts and instances (issue 20 §1: survive restarts, raised once with several instances)', () => {
  let db2: Database;
  let deps2: TestDeps;
  beforeAll(async () => {
    // A second instance: its own connection pool, its own clock, on the same database.
    db2 = await openDatabase({ driver: 'postgres', url: env.dbUrl, max: 5 });
    deps2 = await createTestDeps(db2, { pki: deps.pki });
  });
  afterAll(async () => {
    await deps2?.close();
    await db2?.close();
  });

  it('a restart with a red checkpoint pending: the new instance sweeps it and raises it once; its own evaluate job then finds it raised', async () => {
    deps.clock.set(bj('2026-05-06 09:00:00'));
    const due = { dueAt: bj('2026-05-07 00:00:00'), warnAt: bj('2026-05-06 12:00:00'), provisional: false };
    const cp = await declare('notice.period', due, tendereeOrgId);
    // The first instance stops before the instants; the new one starts after both.
    deps2.clock.set(ms(due.dueAt, 2 * 3_600_000));
    const sweep = (await runJobNow(deps2, 'checkpoint.sweep')) as { evaluated: number; raised: number; failed: number };
    expect(sweep.failed).toBe(0);
    expect(sweep.raised).toBeGreaterThanOrEqual(1);
    expect((await alertsOf(cp.id)).map((a) => a.level)).toEqual(['red']); // the missed yellow is not raised late
    // Sweeping again, and the queued evaluate jobs run by the new instance's runner, raise nothing more.
    expect(((await runJobNow(deps2, 'checkpoint.sweep')) as { evaluated: number }).evaluated).toBe(0);
    const runner = new JobRunner({ database: db2, clock: deps2.clock, instanceId: 'restarted', handlers: createJobHandlers(deps2), logger: silentLogger, kinds: ['checkpoint.evaluate'], batchSize: 50 });
    while ((await runner.runOnce()) > 0);
    const done = (await deps.db.select().from(jobs).where(and(eq(jobs.kind, 'checkpoint.evaluate'), eq(jobs.status, 'done')))).filter((j) => (j.payload as { checkpointId: number }).checkpointId === cp.id);
    expect(done.length).toBeGreaterThanOrEqual(2);
    expect(done.every((j) => (j.result as { raised: unknown }).raised === null)).toBe(true);
    expect(await alertsOf(cp.id)).toHaveLength(1);
    expect(await eventsOf(cp.id)).toHaveLength(1);
    const told = (await deps.db.select().from(notifications).where(eq(notifications.kind, 'checkpoint.red'))).filter((n) => n.titleZh.includes('公告期') && n.bodyZh.includes('2026-05-07'));
    expect(told.map((n) => n.userId).sort((a, b) => a - b)).toEqual([...(await ownerSideIds()), ...(await idsOf('supervisor'))].sort((a, b) => a - b));
    // The sweep scheduled the next one, once.
    expect(await deps.db.select().from(jobs).where(and(eq(jobs.kind, 'checkpoint.sweep'), eq(jobs.status, 'queued')))).toHaveLength(1);
  });

  it('two instances evaluating the same red checkpoint at the same moment raise ONE alert, one audit event, one notification each', async () => {
    for (let round = 0; round < 3; round++) {
      deps.clock.set(bj('2026-06-01 09:00:00'));
      const due = { dueAt: bj('2026-06-02 00:00:00'), warnAt: bj('2026-06-02 00:00:00'), provisional: false };
      const cp = await declare('deposit.refund', due);
      deps.clock.set(ms(due.dueAt, 1000));
      deps2.clock.set(ms(due.dueAt, 1000));
      const outs = await Promise.all([evaluate(cp.id, deps), evaluate(cp.id, deps2), evaluate(cp.id, deps), evaluate(cp.id, deps2)]);
      expect(outs.filter((o) => o.raised === 'red')).toHaveLength(1);
      expect(await alertsOf(cp.id)).toHaveLength(1);
      expect(await eventsOf(cp.id)).toHaveLength(1);
      const [alert] = await alertsOf(cp.id);
      const told = await deps.db.select().from(notifications).where(and(eq(notifications.kind, 'checkpoint.red'), inArray(notifications.userId, await idsOf('supervisor'))));
      const perSupervisor = new Map<number, number>();
      for (const n of told.filter((t) => t.bodyZh.includes('2026-06-02'))) perSupervisor.set(n.userId, (perSupervisor.get(n.userId) ?? 0) + 1);
      expect([...perSupervisor.values()].every((c) => c === round + 1)).toBe(true);
      expect(alert!.notified).toBe((await idsOf('staff', 'supervisor')).length);
    }
  });
});
