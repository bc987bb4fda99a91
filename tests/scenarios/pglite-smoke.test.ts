/**
 * Smoke suite on PGlite, the embedded default (stack.md §0: CI's PostgreSQL would not catch a query on
 * the outer handle inside a transaction, which hangs PGlite's single connection). Migrate, seed, log in,
 * run a job that publishes a live event, receive it through LISTEN/NOTIFY.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { jobs, openMemoryPglite, users, type Database } from '@ebid/db';
import {
  actorFromSessionToken,
  createJobHandlers,
  DEMO_ACCOUNTS,
  DEMO_PASSWORD,
  enqueueJob,
  JobRunner,
  loginWithPassword,
  seedDemo,
  silentLogger,
} from '@ebid/services';
import { createTestDeps, createTestFsStore } from '@ebid/testing';

let database: Database;
let deps: Awaited<ReturnType<typeof createTestDeps>>;

beforeAll(async () => {
  database = await openMemoryPglite();
  await database.migrate();
  deps = await createTestDeps(database, { storage: await createTestFsStore() });
}, 60_000);

afterAll(async () => {
  await deps?.close();
  await database?.close();
});

describe('PGlite smoke', () => {
  it('migrations apply twice without error (idempotent)', async () => {
    await database.migrate();
  });

  it('seeds the demo once', async () => {
    expect(await seedDemo(deps, { certificates: false, projects: false })).toEqual(['identity', 'experts']) // the expert pool is not a project: it seeds with projects off;
    expect(await seedDemo(deps, { certificates: false, projects: false })).toEqual([]);
    const [r] = await database.db.select({ n: count() }).from(users);
    expect(r?.n).toBe(DEMO_ACCOUNTS.length);
  });

  it('logs in and resolves the session', async () => {
    const { token } = await loginWithPassword(database.db, deps.clock, { username: 'expert01', password: DEMO_PASSWORD, clientAddress: '127.0.0.1' });
    const actor = await actorFromSessionToken(database.db, deps.clock, token);
    expect(actor).toMatchObject({ username: 'expert01', role: 'expert' });
    deps.clock.advance(13 * 3600_000); // past the 12 h session lifetime
    expect(await actorFromSessionToken(database.db, deps.clock, token)).toBeNull();
  });

  it('claims a job with SKIP LOCKED and delivers its live event', async () => {
    const ac = new AbortController();
    const got = (async () => {
      for await (const ev of deps.live.subscribe(['system'], undefined, ac.signal)) return ev;
      return undefined;
    })();
    await new Promise((r) => setTimeout(r, 50));
    const job = await deps.db.transaction(async (tx) => enqueueJob(tx, deps.clock, { kind: 'system.ping' }));
    const runner = new JobRunner({
      database,
      clock: deps.clock,
      instanceId: 'pglite-1',
      handlers: createJobHandlers(deps),
      logger: silentLogger,
    });
    expect(await runner.runOnce()).toBe(1);
    const ev = await got;
    ac.abort();
    expect(ev).toMatchObject({ topic: 'system', type: 'job.ping', data: { jobId: job!.id, instanceId: 'pglite-1' } });
    const [row] = await database.db.select().from(jobs);
    expect(row).toMatchObject({ status: 'done', attempts: 1 });
  });
});
