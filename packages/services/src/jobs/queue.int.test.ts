/** The jobs queue on real PostgreSQL: once-only claims, retries with backoff, lease take-over (DESIGN §3). */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { jobs, openDatabase, type Database } from '@ebid/db';
import { createTestDatabase, type TestDatabase } from '@ebid/testing';
import { FakeClock } from '../clock.ts';
import { silentLogger } from '../logger.ts';
import { enqueueJob, JobRunner, type JobHandler, type JobHandlers } from './queue.ts';

/** The queue's own kinds, apart from the platform's (kinds.ts): any name, an optional counter. */
type TestJobs = Record<string, { i?: number }>;

let tdb: TestDatabase;
let second: Database; // a second pool, as a second server instance would have
const clock = new FakeClock(new Date('2026-03-02T01:00:00Z'));

beforeAll(async () => {
  tdb = await createTestDatabase();
  second = await openDatabase({ driver: 'postgres', url: tdb.url, max: 5 });
});
afterAll(async () => {
  await second?.close();
  await tdb?.drop();
});
beforeEach(async () => {
  await tdb.database.db.delete(jobs);
});

function runner(database: Database, instanceId: string, handlers: JobHandlers<TestJobs>, leaseMs = 60_000) {
  return new JobRunner<TestJobs>({ database, clock, instanceId, handlers, logger: silentLogger, leaseMs, batchSize: 3 });
}

describe('jobs', () => {
  it('two instances draining one queue run every job exactly once', async () => {
    const N = 60;
    for (let i = 0; i < N; i++) await enqueueJob<TestJobs>(tdb.database.db, clock, { kind: 'test.count', payload: { i } });
    const runs: { job: number; by: string }[] = [];
    const handler: JobHandler<TestJobs> = async ({ job, instanceId }) => {
      runs.push({ job: job.id, by: instanceId });
      await new Promise((r) => setTimeout(r, 2));
      return null;
    };
    const a = runner(tdb.database, 'A', { 'test.count': handler });
    const b = runner(second, 'B', { 'test.count': handler });
    const drain = async (r: JobRunner<TestJobs>) => {
      while ((await r.runOnce()) > 0) {
        /* keep claiming */
      }
    };
    await Promise.all([drain(a), drain(b)]);
    expect(runs).toHaveLength(N);
    expect(new Set(runs.map((r) => r.job)).size).toBe(N);
    const rows = await tdb.database.db.select().from(jobs);
    expect(rows.every((r) => r.status === 'done' && r.attempts === 1)).toBe(true);
    expect(new Set(rows.map((r) => r.completedBy))).toEqual(new Set(runs.map((r) => r.by)));
  });

  it('a failing job is retried with backoff, then succeeds', async () => {
    let calls = 0;
    const r = runner(tdb.database, 'A', {
      'test.flaky': async () => {
        calls++;
        if (calls === 1) throw new Error('smtp down');
        return { ok: true };
      },
    });
    const job = await enqueueJob<TestJobs>(tdb.database.db, clock, { kind: 'test.flaky' });
    expect(await r.runOnce()).toBe(1);
    const [afterFail] = await tdb.database.db.select().from(jobs).where(eq(jobs.id, job!.id));
    expect(afterFail).toMatchObject({ status: 'queued', attempts: 1, lastError: 'smtp down', lockedBy: null });
    expect(afterFail!.runAt.getTime() - clock.now().getTime()).toBeGreaterThan(1500); // 2 s backoff
    expect(await r.runOnce()).toBe(0); // not before its time
    clock.advance(2_100);
    expect(await r.runOnce()).toBe(1);
    const [done] = await tdb.database.db.select().from(jobs).where(eq(jobs.id, job!.id));
    expect(done).toMatchObject({ status: 'done', attempts: 2, result: { ok: true }, completedBy: 'A' });
  });

  it('gives up after maxAttempts and keeps the last error', async () => {
    const r = runner(tdb.database, 'A', {
      'test.broken': async () => {
        throw new Error('always broken');
      },
    });
    const job = await enqueueJob<TestJobs>(tdb.database.db, clock, { kind: 'test.broken', maxAttempts: 2 });
    await r.runOnce();
    clock.advance(10_000);
    await r.runOnce();
    const [row] = await tdb.database.db.select().from(jobs).where(eq(jobs.id, job!.id));
    expect(row).toMatchObject({ status: 'failed', attempts: 2, lastError: 'always broken' });
    clock.advance(3_600_000);
    expect(await r.runOnce()).toBe(0);
  });

  it('a job whose instance died is taken over after its lease (survives restarts)', async () => {
    const job = await enqueueJob<TestJobs>(tdb.database.db, clock, { kind: 'test.once' });
    // Instance A claims the job and dies before finishing: simulate with the claim SQL A would run.
    await tdb.database.db
      .update(jobs)
      .set({ status: 'running', attempts: 1, lockedBy: 'A', lockedUntil: new Date(clock.now().getTime() + 60_000) })
      .where(eq(jobs.id, job!.id));
    const ran: string[] = [];
    const b = runner(second, 'B', { 'test.once': async ({ instanceId }) => void ran.push(instanceId) });
    expect(await b.runOnce()).toBe(0); // A's lease still holds
    clock.advance(61_000);
    expect(await b.runOnce()).toBe(1);
    expect(ran).toEqual(['B']);
    const [row] = await tdb.database.db.select().from(jobs).where(eq(jobs.id, job!.id));
    expect(row).toMatchObject({ status: 'done', attempts: 2, completedBy: 'B' });
  });

  it('a late finish by the instance that lost its lease does not overwrite the new owner', async () => {
    const job = await enqueueJob<TestJobs>(tdb.database.db, clock, { kind: 'test.slow' });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slowA = runner(tdb.database, 'A', { 'test.slow': async () => gate.then(() => 'A') }, 1_000);
    const pA = slowA.runOnce();
    await new Promise((r) => setTimeout(r, 100));
    clock.advance(2_000);
    const b = runner(second, 'B', { 'test.slow': async () => 'B' });
    expect(await b.runOnce()).toBe(1);
    release();
    await pA;
    const [row] = await tdb.database.db.select().from(jobs).where(eq(jobs.id, job!.id));
    expect(row).toMatchObject({ status: 'done', completedBy: 'B', result: 'B' });
  });

  it('a dedupe key allows one pending job per key', async () => {
    const a = await enqueueJob<TestJobs>(tdb.database.db, clock, { kind: 'test.d', dedupeKey: 'k1' });
    const b = await enqueueJob<TestJobs>(tdb.database.db, clock, { kind: 'test.d', dedupeKey: 'k1' });
    expect(a).not.toBeNull();
    expect(b).toBeNull();
    await runner(tdb.database, 'A', { 'test.d': async () => null }).runOnce();
    expect(await enqueueJob<TestJobs>(tdb.database.db, clock, { kind: 'test.d', dedupeKey: 'k1' })).not.toBeNull();
  });

  it('enqueued in a rolled-back transaction, a job never exists', async () => {
    await tdb.database.db
      .transaction(async (tx) => {
        await enqueueJob<TestJobs>(tx, clock, { kind: 'test.rb' });
        tx.rollback();
      })
      .catch(() => {});
    const [r] = await tdb.database.db.select({ n: sql<number>`count(*)::int` }).from(jobs);
    expect(r?.n).toBe(0);
  });

  it.each(['', 'Bad Kind', 'x'.repeat(70), '1abc'])('rejects the job kind %j with VALIDATION', async (kind) => {
    await expect(enqueueJob<TestJobs>(tdb.database.db, clock, { kind })).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('a started runner wakes on NOTIFY and runs a new job without waiting for its poll', async () => {
    let ran!: (id: number) => void;
    const done = new Promise<number>((resolve) => (ran = resolve));
    const r = new JobRunner<TestJobs>({
      database: second,
      clock,
      instanceId: 'B',
      logger: silentLogger,
      pollMs: 60_000, // polling alone would take a minute
      handlers: { 'test.wake': async ({ job }) => ran(job.id) },
    });
    await r.start();
    try {
      const t0 = Date.now();
      const job = await enqueueJob<TestJobs>(tdb.database.db, clock, { kind: 'test.wake' });
      expect(await done).toBe(job!.id);
      expect(Date.now() - t0).toBeLessThan(5_000);
    } finally {
      await r.stop();
    }
  });
});
