/**
 * The verifier on real PostgreSQL and both object stores: tampering done as the database superuser with
 * triggers bypassed (session_replication_role = replica, the only way past the guard) is named exactly —
 * chain, seq, event id, problem — and so are damaged or missing objects and bad checkpoints.
 */
import crypto from 'node:crypto';
import { chmod, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { auditChainHeads, auditEvents, pgErrorCode, type Db, type DbOrTx } from '@ebid/db';
import { objectKey, type ObjectStore } from '@ebid/storage';
import { createTestDatabase, createTestFsStore, createTestS3Store, type TestDatabase } from '@ebid/testing';
import { appendAuditEvent } from './append.ts';
import { eventHash, payloadHash } from './canonical.ts';
import { CHECKPOINT_ACTION, parseCheckpointDocument, writeCheckpoint, type CheckpointPayload } from './checkpoint.ts';
import { chainHeadsRoot } from './merkle.ts';
import { parseAuditRootDocument } from './root.ts';
import { appendMany, asTamperer, chainEvents, input, nextAt, readAll } from './helpers.int.ts';
import { PLATFORM_CHAIN, projectChain, type AuditEvent, type ChainId } from './types.ts';
import { verifyAudit } from './verify.ts';

const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const signer = (content: Buffer) => crypto.sign('sha256', content, privateKey);
const verifySig = (content: Buffer, signature: Buffer) => crypto.verify('sha256', content, publicKey, signature);
const clock = { now: () => nextAt() };

/** Rewrite a chain from `fromSeq` on as a careful tamperer would: every hash recomputed, head moved. */
async function rewriteChain(db: Db, chain: ChainId, fromSeq: number, change: (e: AuditEvent) => AuditEvent) {
  const events = await chainEvents(db, chain);
  await asTamperer(db, async (tx) => {
    let prev = events[fromSeq - 2]?.hash;
    for (const e of events.filter((x) => x.seq >= fromSeq)) {
      const changed = e.seq === fromSeq ? change(e) : e;
      const f = { ...changed, prevHash: prev ?? changed.prevHash, payloadHash: payloadHash(changed.payload) };
      const hash = eventHash(f);
      await tx
        .update(auditEvents)
        .set({ payload: f.payload, payloadHash: f.payloadHash, prevHash: f.prevHash, hash, action: f.action })
        .where(eq(auditEvents.id, e.id));
      prev = hash;
    }
    await tx.update(auditChainHeads).set({ hash: prev! }).where(eq(auditChainHeads.chain, chain));
  });
}

const setField = (db: Db, id: number, set: Partial<typeof auditEvents.$inferInsert>) =>
  asTamperer(db, (tx) => tx.update(auditEvents).set(set).where(eq(auditEvents.id, id)));

describe('tampering with events (superuser, triggers bypassed) is named exactly', () => {
  let tdb: TestDatabase;
  let db: Db;
  let store: Awaited<ReturnType<typeof createTestFsStore>>;
  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = tdb.database.db;
    store = await createTestFsStore();
  });
  afterAll(async () => {
    await store?.close();
    await tdb?.drop();
  });

  it('the bypass needs the superuser session setting; the guard still holds for the next statement', async () => {
    const [e] = await appendMany(db, projectChain(1), 1);
    await setField(db, e!.id, { clientAddress: '192.0.2.1' }); // works only with the trigger bypassed
    const err = await db.execute(sql`update audit_events set client_address = 'x' where id = ${e!.id}`).catch((x: unknown) => x);
    expect(pgErrorCode(err)).toBe('42501');
    const r = await verifyAudit(db, store, { chains: [projectChain(1)] });
    expect(r.chains[0]!.firstBroken).toMatchObject({ seq: 1, eventId: e!.id, problem: 'HASH_MISMATCH' });
  });

  type Case = [string, (db: Db, ev: AuditEvent[]) => Promise<unknown>, { seq: number; at: number; problem: string }];
  const cases: Case[] = [
    [
      'payload altered',
      (d, ev) => setField(d, ev[2]!.id, { payload: sql`jsonb_set(payload, '{i}', '300')` }),
      { seq: 3, at: 2, problem: 'PAYLOAD_HASH_MISMATCH' },
    ],
    [
      'payload and payloadHash altered together',
      (d, ev) => setField(d, ev[3]!.id, { payload: { forged: true }, payloadHash: payloadHash({ forged: true }) }),
      { seq: 4, at: 3, problem: 'HASH_MISMATCH' },
    ],
    ['hash altered', (d, ev) => setField(d, ev[1]!.id, { hash: 'f'.repeat(64) }), { seq: 2, at: 1, problem: 'HASH_MISMATCH' }],
    ['prevHash altered', (d, ev) => setField(d, ev[4]!.id, { prevHash: 'e'.repeat(64) }), { seq: 5, at: 4, problem: 'PREV_HASH_MISMATCH' }],
    ['actor altered', (d, ev) => setField(d, ev[0]!.id, { actorUserId: 1 }), { seq: 1, at: 0, problem: 'HASH_MISMATCH' }],
    ['time altered', (d, ev) => setField(d, ev[2]!.id, { at: new Date(ev[2]!.at.getTime() - 1) }), { seq: 3, at: 2, problem: 'HASH_MISMATCH' }],
    [
      'an event deleted in the middle → SEQ_GAP at the event after it',
      (d, ev) => asTamperer(d, (tx) => tx.delete(auditEvents).where(eq(auditEvents.id, ev[2]!.id))),
      { seq: 4, at: 3, problem: 'SEQ_GAP' },
    ],
    [
      'the last event deleted → HEAD_MISMATCH',
      (d, ev) => asTamperer(d, (tx) => tx.delete(auditEvents).where(eq(auditEvents.id, ev[4]!.id))),
      { seq: 5, at: 3, problem: 'HEAD_MISMATCH' },
    ],
    [
      'the head moved back',
      (d) => d.update(auditChainHeads).set({ seq: 4 }).where(eq(auditChainHeads.chain, projectChain(9))),
      { seq: 4, at: 4, problem: 'HEAD_MISMATCH' },
    ],
    [
      'a forged event inserted in the middle (seq renumbered) → PREV_HASH_MISMATCH',
      async (d, ev) => {
        await asTamperer(d, async (tx) => {
          await tx.execute(sql`update audit_events set seq = seq + 100 where chain = ${ev[0]!.chain} and seq >= 3`);
          await tx.execute(sql`update audit_events set seq = seq - 99 where chain = ${ev[0]!.chain} and seq >= 100`);
          const forged = { ...ev[1]!, seq: 3, prevHash: ev[1]!.hash, subjectId: 'forged' };
          const { id: _id, ...rest } = forged;
          await tx.insert(auditEvents).values({ ...rest, hash: eventHash(rest) });
        });
      },
      { seq: 4, at: -1, problem: 'PREV_HASH_MISMATCH' },
    ],
  ];

  it.each(cases.map((c, i) => [...c, i] as const))('%s', async (_label, tamper, want, i) => {
    const chain = projectChain(i === 8 ? 9 : 10 + i);
    const events = await appendMany(db, chain, 5);
    const untouched = projectChain(500 + i);
    await appendMany(db, untouched, 2);
    await tamper(db, events);
    const r = await verifyAudit(db, store, { chains: [chain, untouched, PLATFORM_CHAIN] });
    expect(r.ok).toBe(false);
    const bad = r.chains.filter((c) => !c.ok);
    expect(bad.map((c) => c.chain)).toEqual([chain]);
    const fb = bad[0]!.firstBroken!;
    expect(fb.problem).toBe(want.problem);
    expect(fb.seq).toBe(want.seq);
    if (want.at >= 0) expect(fb.eventId).toBe(events[want.at]!.id);
    else {
      const now = await chainEvents(db, chain);
      expect(fb.eventId).toBe(now.find((e) => e.seq === want.seq)!.id);
    }
  });

  it('with no chain filter every chain is verified and only the broken ones are named', async () => {
    const r = await verifyAudit(db, store);
    const names = r.chains.map((c) => c.chain);
    // Ordered: platform first (absent here), then projects by number.
    expect(names).toEqual([...names].sort((a, b) => Number(a.slice(8)) - Number(b.slice(8))));
    expect(names).toContain('project:500');
    const broken = r.chains.filter((c) => !c.ok).map((c) => c.chain);
    const expected = ['project:1', 'project:9', 'project:19', ...[10, 11, 12, 13, 14, 15, 16, 17].map((n) => `project:${n}`)];
    expect(broken.sort()).toEqual(expected.sort());
    expect(r.chains.filter((c) => c.chain.startsWith('project:5')).every((c) => c.ok)).toBe(true);
  });
});

describe.each([
  ['s3', async () => createTestS3Store()],
  ['fs', async () => createTestFsStore()],
] as const)('referenced objects on the %s store', (driver, makeStore) => {
  let tdb: TestDatabase;
  let db: Db;
  let store: ObjectStore & { bucket?: string; root?: string };
  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = tdb.database.db;
    store = await makeStore();
  });
  afterAll(async () => {
    await store?.close();
    await tdb?.drop();
  });

  async function overwrite(sha256: string, bytes: Buffer) {
    if (driver === 's3') {
      // s3rver accepts unsigned requests: a raw PUT over the object's key, bypassing the store.
      const res = await fetch(`${process.env.S3_ENDPOINT}/${store.bucket}/${objectKey(sha256)}`, { method: 'PUT', body: bytes });
      expect(res.ok).toBe(true);
    } else {
      const file = path.join(store.root!, ...objectKey(sha256).split('/'));
      await chmod(file, 0o644);
      await writeFile(file, bytes);
      await chmod(file, 0o444);
    }
  }

  it('objects are checked once each; a corrupted one and a missing one are named with the first event referring to them', async () => {
    const docs = await Promise.all(['甲方文件', 'tender document v2', 'bid.pdf bytes'].map((t) => store.put(Buffer.from(t))));
    const [a, b, c] = docs.map((d) => d.sha256) as [string, string, string];
    const never = crypto.createHash('sha256').update('never stored').digest('hex');
    const chain = projectChain(1);
    const evs: AuditEvent[] = [];
    await db.transaction(async (tx) => {
      evs.push(await appendAuditEvent(tx, { ...input(chain, 1), objectHashes: [a, b] }));
      evs.push(await appendAuditEvent(tx, { ...input(chain, 2), objectHashes: [b, c] }));
      evs.push(await appendAuditEvent(tx, { ...input(PLATFORM_CHAIN, 3), objectHashes: [c] }));
    });
    const ok = await verifyAudit(db, store);
    expect(ok.ok).toBe(true);
    expect(ok.objects).toEqual({ checked: 3, missing: [], corrupted: [] });

    await overwrite(b, Buffer.from('tender document v3')); // different bytes under b's name
    const ev4 = await db.transaction((tx) => appendAuditEvent(tx, { ...input(chain, 4), objectHashes: [never] }));
    const r = await verifyAudit(db, store);
    expect(r.ok).toBe(false);
    expect(r.chains.every((x) => x.ok)).toBe(true); // the events themselves are intact
    expect(r.objects.checked).toBe(4);
    expect(r.objects.corrupted).toEqual([{ sha256: b, eventId: evs[0]!.id }]);
    expect(r.objects.missing).toEqual([{ sha256: never, eventId: ev4.id }]);

    // A chain filter checks only that chain's objects.
    const platformOnly = await verifyAudit(db, store, { chains: [PLATFORM_CHAIN] });
    expect(platformOnly).toMatchObject({ ok: true, objects: { checked: 1, missing: [], corrupted: [] } });
  });
});

describe('checkpoints', () => {
  let tdb: TestDatabase;
  let db: Db;
  let store: Awaited<ReturnType<typeof createTestS3Store>>;
  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = tdb.database.db;
    store = await createTestS3Store();
  });
  afterAll(async () => {
    await store?.close();
    await tdb?.drop();
  });

  const cpCount = (d: DbOrTx) =>
    d
      .select({ n: sql<number>`count(*)::int` })
      .from(auditEvents)
      .where(and(eq(auditEvents.chain, PLATFORM_CHAIN), eq(auditEvents.action, CHECKPOINT_ACTION)));

  it('writes a signed document of every head, stored by hash, recorded on the platform chain', async () => {
    await appendMany(db, projectChain(1), 4);
    await appendMany(db, projectChain(2), 3);
    await appendMany(db, PLATFORM_CHAIN, 2);
    const heads = await db.select().from(auditChainHeads);
    const ev = await writeCheckpoint({ db, storage: store, clock }, signer);
    expect(ev).toMatchObject({ chain: 'platform', seq: 3, action: 'audit.checkpoint', actorUserId: null, subjectType: 'audit_checkpoint' });
    const p = ev.payload as CheckpointPayload;
    expect(ev.objectHashes).toEqual([p.docSha256, p.sigSha256, p.rootDocSha256, p.rootSigSha256]);
    expect(p.heads).toEqual(
      heads.map((h) => ({ chain: h.chain, seq: h.seq, hash: h.hash })).sort((x, y) => (x.chain < y.chain ? -1 : 1)),
    );
    const docBytes = await readAll(await store.get(p.docSha256));
    const doc = parseCheckpointDocument(docBytes)!;
    expect(doc).toMatchObject({ type: 'ebid.audit.checkpoint', version: 2, at: ev.at.toISOString(), heads: p.heads, ...chainHeadsRoot(p.heads) });
    const sig = await readAll(await store.get(p.sigSha256));
    expect(verifySig(docBytes, sig)).toBe(true);
    // The published root: signed, naming the checkpoint document, listed in audit_roots, no seq anywhere.
    const rootBytes = await readAll(await store.get(p.rootDocSha256));
    expect(parseAuditRootDocument(rootBytes)).toEqual({ type: 'ebid.audit.root', version: 1, at: ev.at.toISOString(), treeSize: 3, root: p.root, checkpointSha256: p.docSha256 });
    expect(verifySig(rootBytes, await readAll(await store.get(p.rootSigSha256)))).toBe(true);
    expect(ev.auditRoot).toMatchObject({ root: p.root, treeSize: 3, checkpointSha256: p.docSha256, document: rootBytes.toString('utf8') });
    expect(ev.auditRoot.document).not.toMatch(/seq/);

    const r = await verifyAudit(db, store, { verifyCheckpointSignature: verifySig });
    expect(r.ok).toBe(true);
    expect(r.checkpoints).toEqual({ checked: 1, problems: [] });
    expect(r.objects.checked).toBe(4);
  });

  it('a checkpoint with a signature that does not verify is reported', async () => {
    const ev = await writeCheckpoint({ db, storage: store, clock }, (c) => crypto.sign('sha256', c, other.privateKey));
    const r = await verifyAudit(db, store, { verifyCheckpointSignature: verifySig });
    expect(r.ok).toBe(false);
    expect(r.chains.every((c) => c.ok)).toBe(true);
    expect(r.checkpoints.checked).toBe(2);
    expect(r.checkpoints.problems).toEqual([
      { eventId: ev.id, problem: expect.stringMatching(/^BAD_SIGNATURE/) },
      { eventId: ev.id, problem: expect.stringMatching(/^BAD_ROOT_SIGNATURE/) },
    ]);
    // Without a signature check the same trail is fine.
    expect((await verifyAudit(db, store)).ok).toBe(true);
    // A verifier that throws counts as a bad signature, not a crash (2 checkpoints × document and root).
    const thrown = await verifyAudit(db, store, {
      verifyCheckpointSignature: () => {
        throw new Error('bad DER');
      },
    });
    expect(thrown.checkpoints.problems).toHaveLength(4);
  });

  it('a chain rewritten consistently BEFORE the checkpoint head passes the chain check but not the checkpoint', async () => {
    const p1 = projectChain(1);
    const beforeCp = await chainEvents(db, p1);
    await appendMany(db, p1, 2); // after the checkpoints: seq 5, 6
    const nCp = (await cpCount(db))[0]!.n;
    // The tamperer rewrites seq 2 of project:1 (before the checkpoints' head seq 4) and every later hash.
    await rewriteChain(db, p1, 2, (e) => ({ ...e, payload: { forged: 'amount 1 yuan' } }));
    const r = await verifyAudit(db, store, { verifyCheckpointSignature: verifySig });
    expect(r.ok).toBe(false);
    expect(r.chains.find((c) => c.chain === p1)).toMatchObject({ ok: true, events: 6 }); // internally consistent …
    const cps = (await db.select().from(auditEvents).where(eq(auditEvents.action, CHECKPOINT_ACTION))).map((e) => e.id);
    expect(cps).toHaveLength(nCp);
    // … but every checkpoint taken before the rewrite names it (plus the known bad signature of the 2nd).
    const mismatches = r.checkpoints.problems.filter((p) => p.problem.startsWith('HEAD_MISMATCH'));
    expect(mismatches.map((m) => m.eventId).sort()).toEqual(cps.sort());
    expect(mismatches.every((m) => m.problem.includes('project:1') && m.problem.includes(`seq ${beforeCp[3]!.seq}`))).toBe(true);
  });

  it('a tampered checkpoint document, and a checkpoint naming a chain that vanished, are reported', async () => {
    const tdb2 = await createTestDatabase();
    const store2 = await createTestFsStore();
    try {
      const d = tdb2.database.db;
      await appendMany(d, projectChain(7), 3);
      await appendMany(d, projectChain(8), 2);
      const cp = await writeCheckpoint({ db: d, storage: store2, clock }, signer);
      expect((await verifyAudit(d, store2, { verifyCheckpointSignature: verifySig })).ok).toBe(true);
      // The whole of project:8 (events and head) removed by the tamperer.
      await asTamperer(d, async (tx) => {
        await tx.delete(auditEvents).where(eq(auditEvents.chain, 'project:8'));
        await tx.delete(auditChainHeads).where(eq(auditChainHeads.chain, 'project:8'));
      });
      const gone = await verifyAudit(d, store2, { verifyCheckpointSignature: verifySig });
      expect(gone.chains.find((c) => c.chain === 'project:8')).toMatchObject({ events: 0, headHash: null });
      expect(gone.checkpoints.problems).toEqual([{ eventId: cp.id, problem: expect.stringMatching(/^HEAD_MISSING: project:8 .*seq 2/) }]);
      // The stored document overwritten with a forged one.
      const docSha = (cp.payload as { docSha256: string }).docSha256;
      const file = path.join(store2.root, ...objectKey(docSha).split('/'));
      await chmod(file, 0o644);
      await writeFile(file, '{"forged":true}');
      const forged = await verifyAudit(d, store2, { verifyCheckpointSignature: verifySig });
      expect(forged.objects.corrupted).toEqual([{ sha256: docSha, eventId: cp.id }]);
      expect(forged.checkpoints.problems.map((p) => p.problem)).toEqual(
        expect.arrayContaining([expect.stringMatching(/^DOCUMENT_CORRUPTED/)]),
      );
    } finally {
      await store2.close();
      await tdb2.drop();
    }
  });

  it('a checkpoint with no chains yet, and the objects it stores before its transaction', async () => {
    const tdb3 = await createTestDatabase();
    try {
      const d = tdb3.database.db;
      const ev = await writeCheckpoint({ db: d, storage: store, clock }, signer);
      expect(ev).toMatchObject({ seq: 1, payload: { heads: [] } });
      const r = await verifyAudit(d, store, { verifyCheckpointSignature: verifySig });
      expect(r).toMatchObject({ ok: true, checkpoints: { checked: 1, problems: [] } });
      // A signer that fails leaves nothing behind in the database.
      await expect(
        writeCheckpoint({ db: d, storage: store, clock }, () => {
          throw new Error('HSM offline');
        }),
      ).rejects.toThrow('HSM offline');
      expect((await cpCount(d))[0]!.n).toBe(1);
    } finally {
      await tdb3.drop();
    }
  });
});
