/**
 * Appending on real PostgreSQL: chain linkage, concurrency (one chain serializes, chains are
 * independent), the database guard, rollback, and the staff listing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { auditChainHeads, auditEvents, openDatabase, pgErrorCode, type Database, type Db } from '@ebid/db';
import { createTestDatabase, createTestFsStore, type TestDatabase } from '@ebid/testing';
import { appendAuditEvent } from './append.ts';
import { GENESIS_HASH, eventHash, payloadHash } from './canonical.ts';
import { chainEvents, deferred, input, settledWithin } from './helpers.int.ts';
import { listAuditEvents } from './list.ts';
import { PLATFORM_CHAIN, projectChain, type AuditEvent, type ChainId } from './types.ts';
import { verifyAudit } from './verify.ts';

let tdb: TestDatabase;
let db: Db;
let wide: Database; // a bigger pool, for real parallelism
let store: Awaited<ReturnType<typeof createTestFsStore>>;

beforeAll(async () => {
  tdb = await createTestDatabase();
  db = tdb.database.db;
  wide = await openDatabase({ driver: 'postgres', url: tdb.url, max: 25 });
  store = await createTestFsStore();
});
afterAll(async () => {
  await wide?.close();
  await store?.close();
  await tdb?.drop();
});

const append = (chain: ChainId, i: number, on: Db = db) => on.transaction((tx) => appendAuditEvent(tx, input(chain, i)));

async function head(chain: ChainId) {
  return (await db.select().from(auditChainHeads).where(eq(auditChainHeads.chain, chain)))[0];
}

function expectValidChain(events: AuditEvent[]) {
  let prev = GENESIS_HASH;
  events.forEach((e, i) => {
    expect(e.seq).toBe(i + 1);
    expect(e.prevHash).toBe(prev);
    expect(e.hash).toBe(eventHash(e));
    expect(e.payloadHash).toBe(payloadHash(e.payload));
    prev = e.hash;
  });
}

describe('appendAuditEvent', () => {
  it('appends to the platform chain and two project chains, each linked from genesis', async () => {
    const p1 = projectChain(1);
    const p2 = projectChain(2);
    const made: AuditEvent[] = [];
    for (let i = 1; i <= 3; i++) for (const c of [PLATFORM_CHAIN, p1, p2] as ChainId[]) made.push(await append(c, i));
    for (const c of [PLATFORM_CHAIN, p1, p2] as ChainId[]) {
      const events = await chainEvents(db, c);
      expect(events).toHaveLength(3);
      expectValidChain(events);
      // What append returned is exactly what the database holds.
      expect(events).toEqual(made.filter((m) => m.chain === c));
      const h = await head(c);
      expect(h).toMatchObject({ seq: 3, hash: events[2]!.hash });
    }
    const first = (await chainEvents(db, p1))[0]!;
    expect(first).toMatchObject({
      chain: 'project:1',
      seq: 1,
      prevHash: GENESIS_HASH,
      actorUserId: 101,
      actorRole: 'staff',
      actorOrgId: 7,
      certSerial: 'SN1',
      action: 'test.step',
      subjectType: 'test',
      subjectId: '1',
      clientAddress: '198.51.100.7',
      objectHashes: [],
    });
    // The Date inside the payload is stored as its ISO string, which hashes the same.
    expect(first.payload).toEqual({ i: 1, note: '第1步', at: '2026-01-01T00:00:00.001Z', nested: { z: 1, a: [1, null, true] } });
    const report = await verifyAudit(db, store, { chains: [PLATFORM_CHAIN, p1, p2] });
    expect(report.ok).toBe(true);
    expect(report.chains.map((c) => [c.chain, c.events, c.ok])).toEqual([
      ['platform', 3, true],
      ['project:1', 3, true],
      ['project:2', 3, true],
    ]);
  });

  it('a system event (actor null) and odd but valid payloads round-trip and verify', async () => {
    const c = projectChain(3);
    const payloads: unknown[] = [
      null,
      'just a string',
      '123',
      '{"looks":"like json"}',
      'true',
      false,
      0,
      [1e21, 1.5e-7, -0, 0.1, Number.MAX_SAFE_INTEGER, 5e-324],
      { 'key with "quotes"': '\\ \n \t \u2028 😀 𠀀', 中文键: { 嵌套: ['一', '二'] }, '10': 1, '9': 2 },
      { deep: { deeper: { deepest: [[[{}]]] } } },
    ];
    for (const [i, payload] of payloads.entries()) {
      await db.transaction((tx) => appendAuditEvent(tx, { ...input(c, i), actor: null, payload, clientAddress: null }));
    }
    const events = await chainEvents(db, c);
    expectValidChain(events);
    expect(events[0]).toMatchObject({ actorUserId: null, actorRole: null, actorOrgId: null, certSerial: null, clientAddress: null, payload: null });
    expect(events.map((e) => e.payload).slice(1, 7)).toEqual(['just a string', '123', '{"looks":"like json"}', 'true', false, 0]);
    expect(events[7]!.payload).toEqual([1e21, 1.5e-7, 0, 0.1, Number.MAX_SAFE_INTEGER, 5e-324]);
    expect((await verifyAudit(db, store, { chains: [c] })).ok).toBe(true);
  });

  it('bad input is refused with VALIDATION before anything is written', async () => {
    const c = projectChain(4);
    await expect(db.transaction((tx) => appendAuditEvent(tx, { ...input(c, 1), action: 'NoDots' }))).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(db.transaction((tx) => appendAuditEvent(tx, { ...input(c, 1), payload: { x: 1n } }))).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(db.transaction((tx) => appendAuditEvent(tx, { ...input(c, 1), payload: 'nul\u0000' }))).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(await head(c)).toBeUndefined();
  });

  it('50 concurrent appends to one (new) chain from parallel transactions → seq 1..50, no gap, valid chain', async () => {
    const c = projectChain(50);
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => append(c, i + 1, wide.db)));
    expect(results.map((r) => r.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const events = await chainEvents(db, c);
    expect(events).toHaveLength(50);
    expectValidChain(events);
    expect(await head(c)).toMatchObject({ seq: 50, hash: events[49]!.hash });
    // Within a chain, ids grow with seq (the insert happens under the head lock).
    expect(events.map((e) => e.id)).toEqual([...events.map((e) => e.id)].sort((a, b) => a - b));
    expect((await verifyAudit(db, store, { chains: [c] })).chains[0]).toMatchObject({ ok: true, events: 50 });
  });

  it('the race of two FIRST appends to a chain: the second waits for the first, then follows it', async () => {
    const c = projectChain(60);
    const gotA = deferred<AuditEvent>();
    const release = deferred();
    const txA = db.transaction(async (tx) => {
      gotA.resolve(await appendAuditEvent(tx, input(c, 1))); // inserts the head row, holds it
      await release.promise;
    });
    const a = await gotA.promise;
    expect(a.seq).toBe(1);
    const b = append(c, 2, wide.db); // its insert … ON CONFLICT waits on A's uncommitted head row
    expect(await settledWithin(b, 300)).toBe('pending');
    release.resolve();
    await txA;
    const eb = await b;
    expect(eb).toMatchObject({ seq: 2, prevHash: a.hash });
    expectValidChain(await chainEvents(db, c));
  });

  it('appends to two chains do not block each other; appends to one chain wait for the open transaction', async () => {
    const x = projectChain(70);
    const y = projectChain(71);
    await append(x, 1);
    await append(y, 1);
    const holding = deferred<AuditEvent>();
    const release = deferred();
    const txA = db.transaction(async (tx) => {
      holding.resolve(await appendAuditEvent(tx, input(x, 2))); // holds x's head lock
      await release.promise;
    });
    await holding.promise;
    // Another chain, existing or brand new, and the platform chain: not blocked.
    expect(await settledWithin(append(y, 2, wide.db), 5000)).toMatchObject({ chain: y, seq: 2 });
    expect(await settledWithin(append(projectChain(72), 1, wide.db), 5000)).toMatchObject({ seq: 1 });
    expect(await settledWithin(append(PLATFORM_CHAIN, 99, wide.db), 5000)).toMatchObject({ chain: 'platform' });
    // The same chain: waits.
    const sameChain = append(x, 3, wide.db);
    expect(await settledWithin(sameChain, 300)).toBe('pending');
    release.resolve();
    await txA;
    expect(await sameChain).toMatchObject({ seq: 3 });
    expectValidChain(await chainEvents(db, x));
  });

  it('a rolled-back transaction leaves no event and no head change', async () => {
    const c = projectChain(80);
    await append(c, 1);
    const before = await head(c);
    const countBefore = (await db.select({ n: sql<number>`count(*)::int` }).from(auditEvents))[0]!.n;
    const boom = new Error('the mutation failed');
    await expect(
      db.transaction(async (tx) => {
        await appendAuditEvent(tx, input(c, 2));
        await appendAuditEvent(tx, input(projectChain(81), 1)); // a chain created in the same transaction
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(await head(c)).toEqual(before);
    expect(await head(projectChain(81))).toBeUndefined();
    expect((await db.select({ n: sql<number>`count(*)::int` }).from(auditEvents))[0]!.n).toBe(countBefore);
    // The next append continues from the committed head.
    expect(await append(c, 3)).toMatchObject({ seq: 2, prevHash: before!.hash });
  });
});

describe('the database guard (trigger): audit_events is append-only for the application', () => {
  it.each([
    ['UPDATE', sql`update audit_events set action = 'test.forged' where chain = 'project:1' and seq = 1`],
    ['DELETE', sql`delete from audit_events where chain = 'project:1' and seq = 1`],
    ['DELETE all', sql`delete from audit_events`],
    ['TRUNCATE', sql`truncate audit_events`],
  ])('%s is refused, the row is unchanged', async (_op, stmt) => {
    const before = await chainEvents(db, projectChain(1));
    expect(before.length).toBeGreaterThan(0);
    const err = await db.execute(stmt).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).not.toBeNull();
    expect(pgErrorCode(err)).toBe('42501'); // insufficient_privilege, raised by audit_events_append_only()
    expect(String((err as { cause?: { message?: string } }).cause?.message ?? err)).toMatch(/append-only/);
    expect(await chainEvents(db, projectChain(1))).toEqual(before);
  });

  it('the drizzle update/delete builders are refused as well', async () => {
    await expect(db.update(auditEvents).set({ action: 'test.forged' }).where(eq(auditEvents.chain, 'project:1'))).rejects.toThrow();
    await expect(db.delete(auditEvents).where(eq(auditEvents.chain, 'project:1'))).rejects.toThrow();
    expect((await chainEvents(db, projectChain(1))).every((e) => e.action === 'test.step')).toBe(true);
  });
});

describe('listAuditEvents', () => {
  it('by chain, newest first, keyset paging by id', async () => {
    const c = projectChain(1);
    const all = await chainEvents(db, c);
    const page1 = await listAuditEvents(db, { chain: c, limit: 2 });
    expect(page1.events.map((e) => e.seq)).toEqual([3, 2]);
    expect(page1.nextBeforeId).toBe(page1.events[1]!.id);
    const page2 = await listAuditEvents(db, { chain: c, limit: 2, beforeId: page1.nextBeforeId! });
    expect(page2.events.map((e) => e.seq)).toEqual([1]);
    expect(page2.nextBeforeId).toBeNull();
    expect([...page1.events, ...page2.events].reverse()).toEqual(all);
  });

  it('by actor (across chains) and by subject', async () => {
    const c = projectChain(90);
    await db.transaction(async (tx) => {
      await appendAuditEvent(tx, { ...input(c, 1), actor: { userId: 4242, role: 'bidder' }, subject: { type: 'bid', id: 'B-1' } });
      await appendAuditEvent(tx, { ...input(PLATFORM_CHAIN, 1), actor: { userId: 4242, role: 'bidder' }, action: 'user.login' });
      await appendAuditEvent(tx, { ...input(c, 2), actor: { userId: 4243, role: 'bidder' }, subject: { type: 'bid', id: 'B-1' } });
    });
    const mine = await listAuditEvents(db, { actorUserId: 4242, limit: 10 });
    expect(mine.events.map((e) => [e.chain, e.action])).toEqual([
      ['platform', 'user.login'],
      ['project:90', 'test.step'],
    ]);
    expect(mine.nextBeforeId).toBeNull();
    const bid = await listAuditEvents(db, { subject: { type: 'bid', id: 'B-1' }, limit: 10 });
    expect(bid.events.map((e) => e.actorUserId)).toEqual([4243, 4242]);
    const both = await listAuditEvents(db, { chain: c, actorUserId: 4243, limit: 10 });
    expect(both.events).toHaveLength(1);
  });

  it('refuses a bad limit', async () => {
    await expect(listAuditEvents(db, { limit: 0 })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(listAuditEvents(db, { limit: 501 })).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});

describe('verifying while the application appends', () => {
  it('reports no false HEAD_MISMATCH or SEQ_GAP when appends commit during the walk', async () => {
    const c = projectChain(2000);
    await append(c, 1);
    let stop = false;
    const writers = Promise.all(
      Array.from({ length: 5 }, async (_, w) => {
        for (let i = 1; !stop; i++) await append(c, w * 10_000 + i, wide.db);
      }),
    );
    const reports = [];
    for (let k = 0; k < 15; k++) reports.push(await verifyAudit(db, store, { chains: [c, PLATFORM_CHAIN] }));
    stop = true;
    await writers;
    expect(reports.filter((r) => !r.ok).map((r) => r.chains)).toEqual([]);
    expect(reports[reports.length - 1]!.chains[1]!.events).toBeGreaterThan(reports[0]!.chains[1]!.events);
    expect((await verifyAudit(db, store, { chains: [c] })).ok).toBe(true);
  });
});

describe('timing', () => {
  it('1000 appends in one chain, then verify them', async () => {
    const c = projectChain(1000);
    const t0 = performance.now();
    for (let i = 1; i <= 1000; i++) await append(c, i);
    const t1 = performance.now();
    const report = await verifyAudit(db, store, { chains: [c] });
    const t2 = performance.now();
    expect(report.chains[0]).toMatchObject({ ok: true, events: 1000 });
    const c2 = projectChain(1001);
    const t3 = performance.now();
    await Promise.all(Array.from({ length: 1000 }, (_, i) => append(c2, i + 1, wide.db)));
    const t4 = performance.now();
    expect((await verifyAudit(db, store, { chains: [c2] })).chains[0]).toMatchObject({ ok: true, events: 1000 });
    console.log(
      `[audit timing] 1000 sequential appends (one tx each): ${(t1 - t0).toFixed(0)} ms; ` +
        `verify 1000: ${(t2 - t1).toFixed(0)} ms; 1000 concurrent appends (pool 25): ${(t4 - t3).toFixed(0)} ms`,
    );
  });
});
