/**
 * The minimum-period checkpoints at their step (issue 20 §1, M1; domain §6.2 文件发售期, 公告期) on
 * PostgreSQL and a fake clock: declared by the notice's publication, one per statutory window of the
 * schedule, due when the minimum has surely run; at that instant done when the window was open until
 * then, red (to the owner side and the project's supervisors, audited) when it closed before, moved when
 * its anchor moved, completed by the project's termination.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import { auditEvents, checkpoints, jobs, notifications, projects, supervisionAlerts, type CheckpointRow } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import { createDemoTestDeps, publishedProject, TEST_START, type TestDeps } from '@ebid/testing';
import { raiserFor } from '../../checkpoint-raisers.ts';
import { evaluateCheckpoint } from '../../supervision/engine.ts';
import { supervisorUserIdsFor } from '../../supervision/scope.ts';
import { ownerSideUserIds } from '../recipients.ts';

let env: Awaited<ReturnType<typeof createDemoTestDeps>>;
let deps: TestDeps;
beforeAll(async () => {
  env = await createDemoTestDeps({ clockStart: TEST_START });
  deps = env.deps;
});
afterAll(async () => {
  await env?.close();
});

const bj = (s: string) => new Date(`${s.replace(' ', 'T')}+08:00`);
const periodRows = (projectId: number) =>
  deps.db.select().from(checkpoints).where(and(eq(checkpoints.projectId, projectId), inArray(checkpoints.kind, ['notice.period', 'documents.sale_period'])));
const evaluate = (cp: CheckpointRow) => evaluateCheckpoint(deps, raiserFor, cp.id);
async function setSchedule(projectId: number, patch: Record<string, string>) {
  const [p] = await deps.db.select().from(projects).where(eq(projects.id, projectId));
  await deps.db.update(projects).set({ schedule: { ...p!.schedule, ...patch } }).where(eq(projects.id, projectId));
}

describe('minimum periods watched from the notice on (issue 20 §1, domain §6.2)', () => {
  it('a procurement tender: the notice period (5 wd from the notice) and the documents (5 wd from their first issue) are declared at publication, done when they have run', async () => {
    deps.clock.set(TEST_START);
    const p = await publishedProject(deps, { tradeType: 'procurement', owner: 'tenderee2', sections: [{ name: '包1', securityFen: 2_000_000 }], budgetFen: 100_000_000 });
    const rows = (await periodRows(p.id)).sort((a, b) => a.kind.localeCompare(b.kind));
    // Published Wed 2/25 10:00 → Thu, Fri, Sat 2/28 (春节调休, a working day), Mon 3/2, Tue → 3/4 00:00. Documents from Mon 3/2 09:00 → Tue … Mon 3/9 → 3/10 00:00.
    expect(rows.map((r) => [r.kind, r.subjectKey, r.dueAt.toISOString(), r.warnAt.getTime() === r.dueAt.getTime(), r.provisional])).toEqual([
      ['documents.sale_period', 'limit:N3_GP_DOC_AVAILABILITY', bj('2026-03-10 00:00').toISOString(), true, false],
      ['notice.period', 'limit:GP_NOTICE_PERIOD', bj('2026-03-04 00:00').toISOString(), true, false],
    ]);
    const [row] = await deps.db.select().from(projects).where(eq(projects.id, p.id));
    expect(rows.every((r) => r.responsibleOrgId === row!.tendereeOrgId)).toBe(true);
    const evals = (await deps.db.select().from(jobs).where(eq(jobs.kind, 'checkpoint.evaluate'))).filter((j) => rows.some((r) => r.id === (j.payload as { checkpointId: number }).checkpointId));
    expect(evals.map((j) => j.runAt.toISOString()).sort()).toEqual(rows.map((r) => r.dueAt.toISOString()).sort()); // one evaluation each, at its due instant

    const notice = rows.find((r) => r.kind === 'notice.period')!;
    deps.clock.set(new Date(notice.dueAt.getTime() - 60_000)); // (the fake clock runs on)
    expect(await evaluate(notice)).toEqual({ state: 'green', raised: null });
    deps.clock.set(notice.dueAt);
    expect(await evaluate(notice)).toMatchObject({ state: 'done', raised: null });
    const [done] = await deps.db.select().from(checkpoints).where(eq(checkpoints.id, notice.id));
    expect(done).toMatchObject({ doneAct: 'checkpoint.period_run', doneAt: notice.dueAt, redRaisedAt: null });
    expect(await deps.db.select().from(supervisionAlerts).where(eq(supervisionAlerts.checkpointId, notice.id))).toEqual([]);
    // …and recorded once on the project's chain, with the limit it watched.
    const ran = (await deps.db.select().from(auditEvents).where(and(eq(auditEvents.chain, projectChain(p.id)), eq(auditEvents.action, 'checkpoint.period_run')))).filter((e) => (e.payload as { limitId?: string }).limitId === 'GP_NOTICE_PERIOD');
    expect(ran).toHaveLength(1);
    expect(await evaluate(notice)).toMatchObject({ state: 'done' }); // again: nothing more
    expect(await deps.db.select().from(auditEvents).where(and(eq(auditEvents.chain, projectChain(p.id)), eq(auditEvents.action, 'checkpoint.period_run')))).toHaveLength(ran.length);
  });

  it('an engineering tender whose document sale closed before the 5 days had run: one red alert at the due instant, to the owner side and the supervisors, audited with the rule', async () => {
    deps.clock.set(TEST_START);
    const p = await publishedProject(deps, {});
    const [sale] = await periodRows(p.id);
    expect(sale).toMatchObject({ kind: 'documents.sale_period', subjectKey: 'limit:N3_ENG_DOC_SALE', dueAt: bj('2026-03-10 00:00') });
    // The window as stored ends on Mon 3/9 at 17:00 — as a year's official calendar published after the notice, or an
    // edit outside the platform's checks, would leave it: seven hours short of the ZTBT §16 five days.
    await setSchedule(p.id, { docsIssueEnd: bj('2026-03-09 17:00').toISOString() });
    deps.clock.set(new Date(sale!.dueAt.getTime() + 1000));
    expect(await evaluate(sale!)).toMatchObject({ state: 'red', raised: 'red' });
    expect(await evaluate(sale!)).toMatchObject({ state: 'red', raised: null }); // once
    const alerts = await deps.db.select().from(supervisionAlerts).where(eq(supervisionAlerts.checkpointId, sale!.id));
    expect(alerts.map((a) => a.level)).toEqual(['red']);
    const [row] = await deps.db.select().from(projects).where(eq(projects.id, p.id));
    const expected = await deps.db.transaction(async (tx) => [...new Set([...(await ownerSideUserIds(tx, row!)), ...(await supervisorUserIdsFor(tx, row!))])].sort((a, b) => a - b));
    expect(expected.length).toBeGreaterThan(1);
    const told = (await deps.db.select().from(notifications).where(eq(notifications.kind, 'checkpoint.red'))).filter((n) => (n.link ?? '').endsWith(`/projects/${p.id}`));
    expect(told.map((n) => n.userId).sort((a, b) => a - b)).toEqual(expected);
    expect(told[0]!.titleZh).toContain('文件发售期短于法定最短期限');
    const [ev] = await deps.db.select().from(auditEvents).where(and(eq(auditEvents.chain, projectChain(p.id)), eq(auditEvents.action, 'checkpoint.period_short')));
    expect(ev!.payload).toMatchObject({ limitId: 'N3_ENG_DOC_SALE', windowField: 'docsIssueEnd', ruleRef: 'ZTBT §16' });
  });

  it('an anchor moved later (a clarification) moves the checkpoint; a terminated project completes it with that act', async () => {
    deps.clock.set(TEST_START);
    const p = await publishedProject(deps, {});
    const [sale] = await periodRows(p.id);
    await setSchedule(p.id, { docsIssueStart: bj('2026-03-05 09:00').toISOString(), docsIssueEnd: bj('2026-03-12 09:00').toISOString() });
    deps.clock.set(sale!.dueAt);
    expect(await evaluate(sale!)).toMatchObject({ moved: true, state: 'green' });
    const [moved] = await deps.db.select().from(checkpoints).where(eq(checkpoints.id, sale!.id));
    expect(moved!.dueAt).toEqual(bj('2026-03-11 00:00')); // Thu 3/5 + 5 d = Tue 3/10, open until its 24:00
    await deps.db.update(projects).set({ status: 'TERMINATED' }).where(eq(projects.id, p.id));
    deps.clock.set(moved!.dueAt);
    expect(await evaluate(moved!)).toMatchObject({ state: 'done', raised: null });
    expect((await deps.db.select().from(checkpoints).where(eq(checkpoints.id, sale!.id)))[0]).toMatchObject({ doneAct: 'project.terminate' });
  });
});
