/**
 * Published roots and outside witnesses (issue 13 §6) on real PostgreSQL and the S3 store: version-1
 * checkpoints still verify; the database's list of roots is checked against the checkpoints; a forger who
 * rewrites a chain and removes the checkpoints that would show it passes the verifier — unless roots kept
 * outside are given, which name the chain and the seqs rewritten.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditRoots, type Db } from '@ebid/db';
import { createTestDatabase, createTestS3Store, forgeAuditChain, type TestDatabase } from '@ebid/testing';
import { appendAuditEvent } from './append.ts';
import { sha256Hex } from './canonical.ts';
import { CHECKPOINT_ACTION, checkpointDocumentBytes, writeCheckpoint } from './checkpoint.ts';
import { appendMany, asTamperer, nextAt } from './helpers.int.ts';
import { chainHeadsRoot } from './merkle.ts';
import { parsePublishedRoot, parsePublishedRootList, type PublishedAuditRoot } from './root.ts';
import { latestRootWitness, listPublishedRoots } from './roots.ts';
import { checkAuditRootWitness } from './root.ts';
import { PLATFORM_CHAIN, projectChain } from './types.ts';
import { verifyAudit } from './verify.ts';

const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const signer = (content: Buffer) => crypto.sign('sha256', content, privateKey);
const verifySig = (content: Buffer, signature: Buffer) => crypto.verify('sha256', content, publicKey, signature);
const clock = { now: () => nextAt() };

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

const witnessCopy = (r: PublishedAuditRoot) => parsePublishedRoot(JSON.parse(JSON.stringify(r)))!;

describe('published roots', () => {
  it('a version-1 checkpoint (before issue 13) still verifies; the root list is checked against the checkpoints', async () => {
    await appendMany(db, projectChain(1), 2);
    // An old checkpoint: heads only, no root.
    const at = nextAt();
    const heads = [{ chain: projectChain(1), seq: 2, hash: (await db.query.auditChainHeads.findFirst({ where: (h, { eq: e }) => e(h.chain, 'project:1') }))!.hash }];
    const doc = checkpointDocumentBytes(at, heads, { version: 1 });
    const sig = signer(doc);
    const d = await store.put(doc, { expectedSha256: sha256Hex(doc) });
    const s = await store.put(sig, { expectedSha256: sha256Hex(sig) });
    await db.transaction((tx) =>
      appendAuditEvent(tx, { chain: PLATFORM_CHAIN, actor: null, action: CHECKPOINT_ACTION, subject: { type: 'audit_checkpoint', id: d.sha256 }, payload: { heads, docSha256: d.sha256, sigSha256: s.sha256 }, objectHashes: [d.sha256, s.sha256], at }),
    );
    const cp = await writeCheckpoint({ db, storage: store, clock }, signer);
    expect(await verifyAudit(db, store, { verifyCheckpointSignature: verifySig })).toMatchObject({ ok: true, checkpoints: { checked: 2, problems: [] } });

    // A root added to the list by hand (no checkpoint published it) and the real one removed.
    await asTamperer(db, async (tx) => {
      await tx.delete(auditRoots).where(eq(auditRoots.id, cp.auditRoot.id));
      await tx.insert(auditRoots).values({ ...cp.auditRoot, id: undefined, at: new Date(cp.auditRoot.at), checkpointEventId: 999_999, docSha256: 'a'.repeat(64), sigSha256: 'b'.repeat(64) } as never);
    });
    const r = await verifyAudit(db, store, { verifyCheckpointSignature: verifySig });
    expect(r.ok).toBe(false);
    expect(r.checkpoints.problems.map((p) => p.problem)).toEqual([expect.stringMatching(/^ROOT_NOT_LISTED/), expect.stringMatching(/^ROOT_WITHOUT_CHECKPOINT/)]);
  });
});

describe('outside witnesses', () => {
  let t2: TestDatabase;
  let d: Db;
  afterAll(async () => {
    await t2?.drop();
  });

  it('a rewrite hidden by removing the checkpoints passes without witnesses and is named with them', async () => {
    t2 = await createTestDatabase();
    d = t2.database.db;
    const p1 = projectChain(1);
    const p2 = projectChain(2);
    await appendMany(d, p1, 4);
    await appendMany(d, p2, 2);
    await appendMany(d, PLATFORM_CHAIN, 1);
    const r1 = await writeCheckpoint({ db: d, storage: store, clock }, signer); // p1 at seq 4
    // The receipt of an act after r1 carries r1 and the proof of p1's head in it.
    const w = (await latestRootWitness(d, p1))!;
    expect(w).toMatchObject({ id: r1.auditRoot.id, document: { root: r1.auditRoot.root, treeSize: 3 }, inclusion: { chain: p1 } });
    expect(checkAuditRootWitness(w, p1)).toEqual({ ok: true });
    expect(await latestRootWitness(d, projectChain(3))).toBeNull(); // a chain not in the root
    await appendMany(d, p1, 3); // seq 5, 6, 7
    await appendMany(d, p2, 1);
    const r2 = await writeCheckpoint({ db: d, storage: store, clock }, signer); // p1 at seq 7
    await appendMany(d, p1, 1); // seq 8, after the last witnessed root
    // What a witness saved from the portal.
    const list = await listPublishedRoots(d, { after: 0, limit: 100 });
    expect(list.roots.map((x) => x.id)).toEqual([r1.auditRoot.id, r2.auditRoot.id]);
    const witnessed = parsePublishedRootList(JSON.parse(JSON.stringify(list)));

    // The forger changes p1 seq 6 and hides it; the next checkpoint signs the forged heads.
    const forged = await forgeAuditChain(t2.url, { chain: p1, seq: 6, change: () => ({ forged: 'another price' }) });
    expect(forged).toMatchObject({ rewritten: { fromSeq: 6, toSeq: 8 }, removedCheckpoints: [r2.id], removedRoots: [r2.auditRoot.id] });
    await writeCheckpoint({ db: d, storage: store, clock }, signer);

    const blind = await verifyAudit(d, store, { verifyCheckpointSignature: verifySig });
    expect(blind, JSON.stringify(blind, null, 1)).toMatchObject({ ok: true }); // looks fine without the witness
    expect(blind.witness).toBeUndefined();

    const seen = await verifyAudit(d, store, { verifyCheckpointSignature: verifySig, witnessedRoots: witnessed });
    expect(seen.ok).toBe(false);
    expect(seen.chains.every((c) => c.ok)).toBe(true);
    expect(seen.witness!.checked).toBe(2);
    expect(seen.witness!.divergences).toHaveLength(1);
    expect(seen.witness!.firstDivergence).toMatchObject({ rootId: r2.auditRoot.id, at: r2.auditRoot.at, chain: p1, fromSeq: 5, toSeq: 7, witnessedHead: (r2.payload as { heads: { chain: string; hash: string }[] }).heads.find((h) => h.chain === p1)!.hash });
    expect(seen.witness!.problems).toEqual([{ rootId: r2.auditRoot.id, at: r2.auditRoot.at, problem: expect.stringMatching(/^ROOT_NOT_LISTED/) }]);

    // The first root alone still matches: p1 up to seq 4 is as witnessed.
    expect(await verifyAudit(d, store, { verifyCheckpointSignature: verifySig, witnessedRoots: [witnessCopy(r1.auditRoot)] })).toMatchObject({ ok: true, witness: { divergences: [], problems: [] } });
  });

  it('a witnessed root not signed by the platform proves nothing and is reported', async () => {
    const list = await listPublishedRoots(d, { after: 0, limit: 1 });
    const fake = { ...list.roots[0]!, signature: crypto.sign('sha256', Buffer.from(list.roots[0]!.document), other.privateKey).toString('base64') };
    const r = await verifyAudit(d, store, { verifyCheckpointSignature: verifySig, witnessedRoots: [witnessCopy(fake)] });
    expect(r.witness!.problems).toEqual([{ rootId: fake.id, at: fake.at, problem: expect.stringMatching(/^BAD_SIGNATURE/) }]);
    expect(r.ok).toBe(false);
  });

  it('the published list carries no seq or count per chain', async () => {
    const { roots } = await listPublishedRoots(d, { after: 0, limit: 100 });
    for (const r of roots) {
      expect(Object.keys(r).sort()).toEqual(['at', 'checkpointSha256', 'document', 'id', 'root', 'signature', 'treeSize']);
      expect(Object.keys(JSON.parse(r.document) as object).sort()).toEqual(['at', 'checkpointSha256', 'root', 'treeSize', 'type', 'version']);
      expect(JSON.stringify(r)).not.toMatch(/seq|heads|project:/);
    }
    expect(chainHeadsRoot([]).treeSize).toBe(0);
  });
});
