/**
 * Two server processes on one database (DESIGN §3, issue 2 §7): every job runs once, and a live event
 * raised on either instance reaches the SSE clients of both.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDevPki } from '@ebid/pki';
import { eq } from 'drizzle-orm';
import { jobs } from '@ebid/db';
import { enqueueJob, systemClock } from '@ebid/services';
import {
  createTestClient,
  createTestDatabase,
  startServerProcess,
  testEnv,
  type ServerProcess,
  type TestDatabase,
} from '@ebid/testing';

let tdb: TestDatabase;
const servers: ServerProcess[] = [];

beforeAll(async () => {
  tdb = await createTestDatabase();
  const { s3 } = testEnv();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-two-'));
  await ensureDevPki(path.join(dataDir, 'pki'));
  const common = {
    DATA_DIR: dataDir,
    DATABASE_URL: tdb.url,
    S3_ENDPOINT: s3.endPoint,
    S3_ACCESS_KEY: s3.accessKey,
    S3_SECRET_KEY: s3.secretKey,
    S3_BUCKET: `two-${Date.now()}`,
    JOBS_POLL_MS: '250',
    SEED_DEMO: '0',
  };
  // Started together: migrations and bucket creation must cope with a concurrent twin.
  servers.push(
    ...(await Promise.all([
      startServerProcess({ env: { ...common, INSTANCE_ID: 'inst-a' } }),
      startServerProcess({ env: { ...common, INSTANCE_ID: 'inst-b' } }),
    ])),
  );
}, 120_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop('SIGTERM')));
  await tdb?.drop();
});

describe('two server instances on one database', () => {
  it('runs each job once and fans every event out to the clients of both', async () => {
    const N = 30;
    const received = servers.map(() => [] as { jobId: number; instanceId: string }[]);
    const clients = servers.map((s) => createTestClient(s.url));
    const started = clients.map(
      (c, i) =>
        new Promise<{ unsubscribe(): void }>((resolve) => {
          const sub = c.trpc.live.events.subscribe(
            { topics: ['system'] },
            {
              onStarted: () => resolve(sub),
              onData: (ev) => {
                if (ev.data.type === 'job.ping') received[i]?.push(ev.data.data as { jobId: number; instanceId: string });
              },
            },
          );
        }),
    );
    const subs = await Promise.all(started);

    const ids: number[] = [];
    for (let i = 0; i < N; i++) {
      const job = await enqueueJob(tdb.database.db, systemClock, { kind: 'system.ping' });
      ids.push(job!.id);
    }
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && received.some((r) => r.length < N)) await new Promise((r) => setTimeout(r, 100));
    subs.forEach((s) => s.unsubscribe());

    // Every client saw every job's event exactly once.
    for (const r of received) {
      expect(r.map((e) => e.jobId).sort((a, b) => a - b)).toEqual(ids);
    }
    // Every job ran once: one attempt, done, by one of the two instances.
    const rows = await tdb.database.db.select().from(jobs).where(eq(jobs.kind, 'system.ping'));
    expect(rows).toHaveLength(N);
    for (const row of rows) {
      expect(row.status).toBe('done');
      expect(row.attempts).toBe(1);
      expect(['inst-a', 'inst-b']).toContain(row.completedBy);
    }
    // The instance named in each event is the one that completed the job.
    const by = new Map(rows.map((r) => [r.id, r.completedBy]));
    for (const e of received[0] ?? []) expect(by.get(e.jobId)).toBe(e.instanceId);
  });
});
