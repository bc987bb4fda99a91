/** Test helpers shared by the audit integration suites (not exported from the package). */
import type { Readable } from 'node:stream';
import { asc, eq, sql } from 'drizzle-orm';
import { auditEvents, type Db, type DbOrTx } from '@ebid/db';
import { appendAuditEvent } from './append.ts';
import { eventColumns, rowToEvent } from './list.ts';
import type { AuditEvent, AuditInput, ChainId } from './types.ts';

let tick = Date.UTC(2026, 2, 2, 1, 0, 0, 0);
/** Distinct, increasing server times with milliseconds. */
export function nextAt(): Date {
  tick += 1001;
  return new Date(tick);
}

export function input(chain: ChainId, i: number, extra: Partial<AuditInput> = {}): AuditInput {
  return {
    chain,
    actor: { userId: 100 + (i % 3), role: 'staff', orgId: 7, certSerial: `SN${i}` },
    action: 'test.step',
    subject: { type: 'test', id: i },
    payload: { i, note: `第${i}步`, at: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, i % 1000)), nested: { z: 1, a: [i, null, true] } },
    clientAddress: '198.51.100.7',
    at: nextAt(),
    ...extra,
  };
}

/** Append n events to `chain`, each in its own transaction. */
export async function appendMany(db: Db, chain: ChainId, n: number, extra: (i: number) => Partial<AuditInput> = () => ({})): Promise<AuditEvent[]> {
  const out: AuditEvent[] = [];
  for (let i = 1; i <= n; i++) out.push(await db.transaction((tx) => appendAuditEvent(tx, input(chain, i, extra(i)))));
  return out;
}

export async function chainEvents(db: DbOrTx, chain: ChainId): Promise<AuditEvent[]> {
  const rows = await db.select(eventColumns).from(auditEvents).where(eq(auditEvents.chain, chain)).orderBy(asc(auditEvents.seq));
  return rows.map(rowToEvent);
}

/**
 * Run statements as the database superuser with triggers bypassed (session_replication_role = replica,
 * SET LOCAL: only inside this transaction), as someone tampering with the database would. The guard
 * itself is not weakened: the next statement outside this transaction is refused again.
 */
export async function asTamperer(db: Db, fn: (tx: DbOrTx) => Promise<unknown>): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    await fn(tx);
  });
}

export async function readAll(s: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of s as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks);
}

export function deferred<T = void>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Resolves 'pending' if `p` has not settled within `ms`. */
export async function settledWithin<T>(p: Promise<T>, ms: number): Promise<T | 'pending'> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<'pending'>((r) => (timer = setTimeout(() => r('pending'), ms)));
  try {
    return await Promise.race([p, t]);
  } finally {
    clearTimeout(timer);
  }
}
