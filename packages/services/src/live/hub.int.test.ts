/** Live events on real PostgreSQL: delivered on commit only, across connections, resumable (DESIGN §3). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '@ebid/db';
import { createTestDatabase, type TestDatabase } from '@ebid/testing';
import { silentLogger } from '../logger.ts';
import { LiveHub, publishLiveEvent, type LiveEvent } from './hub.ts';

let tdb: TestDatabase;
let other: Database; // the second "instance"
let hubA: LiveHub;
let hubB: LiveHub;

beforeAll(async () => {
  tdb = await createTestDatabase();
  other = await openDatabase({ driver: 'postgres', url: tdb.url, max: 3 });
  hubA = new LiveHub(tdb.database, silentLogger);
  hubB = new LiveHub(other, silentLogger);
  await hubA.start();
  await hubB.start();
});
afterAll(async () => {
  await hubA?.stop();
  await hubB?.stop();
  await other?.close();
  await tdb?.drop();
});

/** Collect `n` events from a subscription (or fail after a timeout). */
async function collect(hub: LiveHub, topics: string[], n: number, lastEventId?: number, ms = 5000): Promise<LiveEvent[]> {
  const ac = new AbortController();
  const out: LiveEvent[] = [];
  const timer = setTimeout(() => ac.abort(), ms);
  for await (const ev of hub.subscribe(topics, lastEventId, ac.signal)) {
    out.push(ev);
    if (out.length >= n) break;
  }
  clearTimeout(timer);
  return out;
}

const tick = () => new Promise((r) => setTimeout(r, 50));

describe('live events', () => {
  it('an event committed on one instance reaches subscribers of both', async () => {
    const a = collect(hubA, ['t1'], 1);
    const b = collect(hubB, ['t1'], 1);
    await tick();
    await publishLiveEvent(tdb.database.db, { topic: 't1', type: 'hello', data: { n: 1 } });
    const [ea, eb] = await Promise.all([a, b]);
    expect(ea[0]).toMatchObject({ topic: 't1', type: 'hello', data: { n: 1 } });
    expect(eb[0]).toEqual(ea[0]);
  });

  it('an event in a rolled-back transaction is never delivered; topics filter', async () => {
    const got = collect(hubB, ['t2'], 1);
    await tick();
    await tdb.database.db
      .transaction(async (tx) => {
        await publishLiveEvent(tx, { topic: 't2', type: 'ghost' });
        tx.rollback();
      })
      .catch(() => {});
    await publishLiveEvent(tdb.database.db, { topic: 'other', type: 'noise' });
    await publishLiveEvent(tdb.database.db, { topic: 't2', type: 'real' });
    const [ev] = await got;
    expect(ev?.type).toBe('real');
  });

  it('an event larger than the NOTIFY limit travels by id', async () => {
    const got = collect(hubB, ['t3'], 1);
    await tick();
    const big = 'x'.repeat(20_000);
    await publishLiveEvent(tdb.database.db, { topic: 't3', type: 'big', data: { big } });
    const [ev] = await got;
    expect((ev?.data as { big: string }).big).toHaveLength(20_000);
  });

  it('a reconnect with lastEventId replays what was missed, in order, then continues live', async () => {
    const first = await publishLiveEvent(tdb.database.db, { topic: 't4', type: 'e1' });
    await publishLiveEvent(tdb.database.db, { topic: 't4', type: 'e2' });
    await publishLiveEvent(tdb.database.db, { topic: 't4', type: 'e3' });
    const got = collect(hubB, ['t4'], 3, first.id);
    await tick();
    await publishLiveEvent(tdb.database.db, { topic: 't4', type: 'e4' });
    const evs = await got;
    expect(evs.map((e) => e.type)).toEqual(['e2', 'e3', 'e4']);
  });

  it('stopping the hub ends open subscriptions', async () => {
    const hubC = new LiveHub(other, silentLogger);
    await hubC.start();
    const sub = collect(hubC, ['t5'], 10, undefined, 30_000);
    await tick();
    await hubC.stop();
    expect(await sub).toEqual([]);
  });
});
