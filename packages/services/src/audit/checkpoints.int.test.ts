/**
 * requestCheckpoint on real PostgreSQL (issue 13 §6): an act that joins a pending checkpoint request is in
 * that checkpoint even when it commits late — whether the job is still queued (the runner skips the
 * row the act holds) or already running (the job releases its key only once the act has committed).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditEvents, jobs, type Tx } from '@ebid/db';
import { appendAuditEvent, projectChain, type AuditEvent, type CheckpointPayload } from '@ebid/audit';
import { createTestDatabase, createTestDeps, createTestS3Store, type TestDatabase } from '@ebid/testing';
import { silentLogger } from '../logger.ts';
import { createJobHandlers } from '../job-handlers.ts';
import { JobRunner } from '../jobs/queue.ts';
import { CHECKPOINT_REQUEST_JOB, requestCheckpoint, runRequestedCheckpoint } from './checkpoints.ts';

let tdb: TestDatabase;
let deps: Awaited<ReturnType<typeof createTestDeps>>;
beforeAll(async () => {
  tdb = await createTestDatabase();
  deps = await createTestDeps(tdb.database, { storage: await createTestS3Store(), clockStart: new Date('2026-03-02T01:00:00Z') });
});
afterAll(async () => {
  await deps?.close();
  await tdb?.drop();
});

const act = (tx: Tx, projectId: number, reason: string): Promise<AuditEvent> =>
  appendAuditEvent(tx, { chain: projectChain(projectId), actor: null, action: 'test.act', subject: { type: 'project', id: projectId }, payload: { reason }, at: deps.clock.now() }).then(async (e) => {
    await requestCheckpoint(tx, deps, { reason, projectId });
    return e;
  });

/** A transaction held open until `release` is called (as a slow act would be). */
function openAct(projectId: number, reason: string) {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let appended!: (e: AuditEvent) => void;
  const event = new Promise<AuditEvent>((r) => (appended = r));
  const done = deps.db.transaction(async (tx) => {
    appended(await act(tx, projectId, reason));
    await gate;
  });
  return { event, release, done };
}

const pendingRequests = () => deps.db.select().from(jobs).where(eq(jobs.kind, CHECKPOINT_REQUEST_JOB));
const within = <T>(p: Promise<T>, ms: number) => Promise.race([p.then(() => 'settled' as const), new Promise<'pending'>((r) => setTimeout(() => r('pending'), ms))]);

async function headsOf(eventId: number): Promise<CheckpointPayload> {
  const [ev] = await deps.db.select().from(auditEvents).where(eq(auditEvents.id, eventId));
  return ev!.payload as CheckpointPayload;
}

describe('requestCheckpoint', () => {
  it('validates the reason and the project', async () => {
    await expect(deps.db.transaction((tx) => requestCheckpoint(tx, deps, { reason: 'Not A Reason', projectId: 1 }))).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(deps.db.transaction((tx) => requestCheckpoint(tx, deps, { reason: 'award.publish', projectId: -1 }))).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('a queued request joined by an act still open is not claimed before that act commits', async () => {
    await deps.db.transaction((tx) => act(tx, 1, 'notice.publish'));
    expect(await pendingRequests()).toHaveLength(1);
    const late = openAct(2, 'opening.start');
    const e2 = await late.event; // appended and joined; not committed yet
    const runner = new JobRunner({ database: deps.database, clock: deps.clock, instanceId: 't', handlers: createJobHandlers(deps), logger: silentLogger, kinds: [CHECKPOINT_REQUEST_JOB] });
    expect(await runner.runOnce()).toBe(0); // the row is locked by the open act: skipped, not waited for
    late.release();
    await late.done;
    expect(await runner.runOnce()).toBe(1);
    const [job] = await pendingRequests();
    expect(job!.status).toBe('done');
    const p = await headsOf((job!.result as { eventId: number }).eventId);
    expect(p.reasons).toEqual([
      { reason: 'notice.publish', projectId: 1 },
      { reason: 'opening.start', projectId: 2 },
    ]);
    expect(p.heads.find((h) => h.chain === projectChain(2))).toMatchObject({ seq: e2.seq, hash: e2.hash });
  });

  it('a running request waits for an act that joined it before reading the heads; a later act starts a new request', async () => {
    await deps.db.delete(jobs);
    await deps.db.transaction((tx) => act(tx, 3, 'notice.publish'));
    const [job] = await pendingRequests();
    await deps.db.update(jobs).set({ status: 'running' }).where(eq(jobs.id, job!.id)); // claimed by an instance
    const late = openAct(4, 'opening.close');
    const e4 = await late.event;
    const running = runRequestedCheckpoint(deps, { id: job!.id, payload: job!.payload });
    expect(await within(running, 300)).toBe('pending'); // releasing its key waits for the act
    late.release();
    await late.done;
    const r = await running;
    expect(r.reasons.map((x) => x.projectId)).toEqual([3, 4]);
    expect((await headsOf(r.eventId)).heads.find((h) => h.chain === projectChain(4))).toMatchObject({ seq: e4.seq, hash: e4.hash });
    // The key is released: the next act enqueues a new request instead of joining the finished one.
    await deps.db.transaction((tx) => act(tx, 5, 'opening.publish'));
    const all = await pendingRequests();
    expect(all).toHaveLength(2);
    expect(all.find((j) => j.id !== job!.id)).toMatchObject({ status: 'queued', dedupeKey: CHECKPOINT_REQUEST_JOB, payload: { reasons: [{ reason: 'opening.publish', projectId: 5 }] } });
  });
});
