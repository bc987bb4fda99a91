/**
 * Append, checkpoint and verify on PGlite, the embedded default. PGlite has ONE connection: a query on
 * the outer handle inside a transaction would wait forever (stack.md §0), so this proves the append path
 * uses only `tx`. The append-only guard holds there too.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openMemoryPglite, pgErrorCode, type Database } from '@ebid/db';
import { createFsObjectStore, type ObjectStore } from '@ebid/storage';
import { appendAuditEvent } from './append.ts';
import { writeCheckpoint } from './checkpoint.ts';
import { input, nextAt, settledWithin } from './helpers.int.ts';
import { listAuditEvents } from './list.ts';
import { PLATFORM_CHAIN, projectChain } from './types.ts';
import { verifyAudit } from './verify.ts';

let database: Database;
let store: ObjectStore;
let root: string;
const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });

beforeAll(async () => {
  database = await openMemoryPglite();
  await database.migrate();
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-audit-pglite-'));
  store = createFsObjectStore({ root });
  await store.init();
}, 60_000);
afterAll(async () => {
  await store?.close();
  await database?.close();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

describe('audit on PGlite', () => {
  it('appends (first use of a chain included), checkpoints and verifies without touching the outer handle', async () => {
    const { db } = database;
    const work = (async () => {
      const doc = await store.put(Buffer.from('a document'));
      await db.transaction(async (tx) => {
        // Several appends, two new chains, one transaction: every query must go through `tx`.
        await appendAuditEvent(tx, input(PLATFORM_CHAIN, 1));
        await appendAuditEvent(tx, { ...input(projectChain(1), 1), objectHashes: [doc.sha256] });
        await appendAuditEvent(tx, input(projectChain(1), 2));
      });
      for (let i = 3; i <= 10; i++) await db.transaction((tx) => appendAuditEvent(tx, input(projectChain(1), i)));
      await writeCheckpoint({ db, storage: store, clock: { now: nextAt } }, (c) => crypto.sign('sha256', c, privateKey));
      return verifyAudit(db, store, { verifyCheckpointSignature: (c, s) => crypto.verify('sha256', c, publicKey, s) });
    })();
    const report = await settledWithin(work, 30_000);
    expect(report).not.toBe('pending');
    if (report === 'pending') return;
    expect(report.ok).toBe(true);
    expect(report.chains.map((c) => [c.chain, c.events])).toEqual([
      ['platform', 2],
      ['project:1', 10],
    ]);
    expect(report.objects.checked).toBe(5); // the document, 2 checkpoint objects and 2 root objects
    expect(report.checkpoints).toEqual({ checked: 1, problems: [] });
    const page = await listAuditEvents(db, { chain: projectChain(1), limit: 3 });
    expect(page.events.map((e) => e.seq)).toEqual([10, 9, 8]);
  });

  it('a rolled-back append leaves nothing', async () => {
    const { db } = database;
    await expect(
      db.transaction(async (tx) => {
        await appendAuditEvent(tx, input(projectChain(2), 1));
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect((await listAuditEvents(db, { chain: projectChain(2), limit: 10 })).events).toEqual([]);
  });

  it('the guard refuses UPDATE and DELETE', async () => {
    const { db } = database;
    for (const stmt of [sql`update audit_events set action = 'x.y'`, sql`delete from audit_events`, sql`truncate audit_events`]) {
      const err = await db.execute(stmt).catch((e: unknown) => e);
      expect(pgErrorCode(err)).toBe('42501');
    }
    expect((await verifyAudit(db, store)).ok).toBe(true);
  });
});
