/**
 * The verifier (DESIGN §7): recompute every chain from genesis, every referenced object's hash through
 * the object store, and every checkpoint; name the FIRST broken link of each chain.
 *
 * Per chain, events are read in seq order (keyset pages, so memory does not grow with the chain) and
 * each event is checked in this order, the first failure being reported:
 *   1. seq is the previous seq + 1 (the first is 1)            → SEQ_GAP
 *   2. prevHash is the previous event's stored hash (genesis: 64 zeros) → PREV_HASH_MISMATCH
 *   3. payloadHash = payloadHash(payload)                      → PAYLOAD_HASH_MISMATCH
 *   4. hash = eventHash(the stored fields)                     → HASH_MISMATCH
 * and finally the chain's head row must name the last event (seq and hash) → HEAD_MISMATCH.
 *
 * No transaction is needed for a consistent result while the application keeps appending: a chain's
 * events are read first and its head row afterwards; every event the head row covers was committed with
 * it, so if the head moved on meanwhile the verifier reads the events up to that head and compares.
 *
 * Checkpoints: every 'audit.checkpoint' event of the platform chain names a document; the document is
 * read (hash-verified) from the object store, must agree with the event's payload and, when
 * `verifyCheckpointSignature` is given, its signature must verify. Each head it lists must equal the
 * chain as RECOMPUTED from genesis (every hash recomputed from the event contents and the recomputed
 * predecessor, ignoring the stored hash columns) at that seq — so a chain rewritten consistently by
 * someone who bypassed the database guard is still caught by any checkpoint taken before the rewrite.
 */
import { and, asc, eq, gt, lte } from 'drizzle-orm';
import { auditChainHeads, auditEvents, type DbOrTx } from '@ebid/db';
import { AppError, isAppError } from '@ebid/domain';
import type { ObjectStore } from '@ebid/storage';
import { GENESIS_HASH, canonicalJson, eventHash, sha256Hex } from './canonical.ts';
import { CHECKPOINT_ACTION, parseCheckpointDocument, parseHeads, type CheckpointHead } from './checkpoint.ts';
import { eventColumns, rowToEvent } from './list.ts';
import { PLATFORM_CHAIN, isChainId, type AuditEvent, type ChainId, type ChainReport, type VerifyReport } from './types.ts';

const PAGE = 1000;
const OBJECT_CONCURRENCY = 8;
/** Checkpoint documents and signatures are small; refuse to buffer anything bigger. */
const MAX_CHECKPOINT_OBJECT = 64 * 1024 * 1024;
const SHA256_RE = /^[0-9a-f]{64}$/;

export interface VerifyOptions {
  /** Only these chains (default: every chain that has a head row, an event or a checkpoint entry). */
  chains?: ChainId[];
  /** Checks a checkpoint's detached signature over the document bytes; without it signatures are not checked. */
  verifyCheckpointSignature?: (content: Buffer, signature: Buffer) => boolean | Promise<boolean>;
}

function chainOrder(a: string, b: string): number {
  const ka = a === PLATFORM_CHAIN ? -1 : Number(a.slice('project:'.length));
  const kb = b === PLATFORM_CHAIN ? -1 : Number(b.slice('project:'.length));
  return ka - kb;
}

type ReadResult = { ok: true; bytes: Buffer } | { ok: false; why: 'missing' | 'corrupted' | 'too large' };

/** Read a whole object (hash-verified by the store). Infrastructure errors are thrown, not reported. */
async function readObject(storage: ObjectStore, sha256: string, max: number, keep = true): Promise<ReadResult> {
  if (!SHA256_RE.test(sha256)) return { ok: false, why: 'missing' };
  try {
    const stream = await storage.get(sha256);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > max) {
        stream.destroy();
        return { ok: false, why: 'too large' };
      }
      if (keep) chunks.push(chunk);
    }
    return { ok: true, bytes: Buffer.concat(chunks) };
  } catch (e) {
    if (isAppError(e) && e.code === 'NOT_FOUND') return { ok: false, why: 'missing' };
    if (isAppError(e) && e.code === 'INTEGRITY_FAILED') return { ok: false, why: 'corrupted' };
    throw e;
  }
}

/** Stream an object through the store's verifying reader without keeping it. */
async function checkObject(storage: ObjectStore, sha256: string): Promise<'ok' | 'missing' | 'corrupted'> {
  const r = await readObject(storage, sha256, Number.POSITIVE_INFINITY, false);
  return r.ok ? 'ok' : r.why === 'missing' ? 'missing' : 'corrupted';
}

function safePayloadHash(payload: unknown): string | null {
  try {
    return sha256Hex(canonicalJson(payload));
  } catch {
    return null;
  }
}

function safeEventHash(e: Omit<AuditEvent, 'id' | 'hash'>): string | null {
  try {
    return eventHash(e);
  } catch {
    return null;
  }
}

interface LoadedCheckpoint {
  eventId: number;
  /** Heads to compare with the recomputed chains (from the document, else from the event payload). */
  heads: CheckpointHead[];
  problems: string[];
}

/** Read every checkpoint event of the platform chain with its document and signature. */
async function loadCheckpoints(
  db: DbOrTx,
  storage: ObjectStore,
  verifySig: VerifyOptions['verifyCheckpointSignature'],
): Promise<LoadedCheckpoint[]> {
  const out: LoadedCheckpoint[] = [];
  let lastSeq = 0;
  for (;;) {
    const rows = await db
      .select({ id: auditEvents.id, seq: auditEvents.seq, payload: eventColumns.payload })
      .from(auditEvents)
      .where(and(eq(auditEvents.chain, PLATFORM_CHAIN), eq(auditEvents.action, CHECKPOINT_ACTION), gt(auditEvents.seq, lastSeq)))
      .orderBy(asc(auditEvents.seq))
      .limit(PAGE);
    for (const r of rows) out.push(await loadCheckpoint(storage, r.id, JSON.parse(r.payload) as unknown, verifySig));
    const last = rows[rows.length - 1];
    if (!last || rows.length < PAGE) break;
    lastSeq = last.seq;
  }
  return out;
}

async function loadCheckpoint(
  storage: ObjectStore,
  eventId: number,
  payload: unknown,
  verifySig: VerifyOptions['verifyCheckpointSignature'],
): Promise<LoadedCheckpoint> {
  const problems: string[] = [];
  const p = (payload && typeof payload === 'object' ? payload : {}) as Record<string, unknown>;
  const payloadHeads = parseHeads(p.heads);
  const docSha = typeof p.docSha256 === 'string' ? p.docSha256 : '';
  const sigSha = typeof p.sigSha256 === 'string' ? p.sigSha256 : '';
  if (!payloadHeads || !SHA256_RE.test(docSha) || !SHA256_RE.test(sigSha)) {
    problems.push('MALFORMED_PAYLOAD: the checkpoint event payload is not { heads, docSha256, sigSha256 }');
    return { eventId, heads: payloadHeads ?? [], problems };
  }
  const docRead = await readObject(storage, docSha, MAX_CHECKPOINT_OBJECT);
  if (!docRead.ok) {
    problems.push(`DOCUMENT_${docRead.why === 'missing' ? 'MISSING' : 'CORRUPTED'}: checkpoint document ${docSha} is ${docRead.why}`);
    return { eventId, heads: payloadHeads, problems };
  }
  const doc = parseCheckpointDocument(docRead.bytes);
  if (!doc) {
    problems.push(`DOCUMENT_MALFORMED: ${docSha} is not a checkpoint document`);
    return { eventId, heads: payloadHeads, problems };
  }
  if (canonicalJson(doc.heads) !== canonicalJson(payloadHeads)) {
    problems.push('DOCUMENT_PAYLOAD_MISMATCH: the signed document and the event payload list different heads');
  }
  if (verifySig) {
    const sigRead = await readObject(storage, sigSha, MAX_CHECKPOINT_OBJECT);
    if (!sigRead.ok) {
      problems.push(`SIGNATURE_${sigRead.why === 'missing' ? 'MISSING' : 'CORRUPTED'}: checkpoint signature ${sigSha} is ${sigRead.why}`);
    } else {
      let valid = false;
      try {
        valid = (await verifySig(docRead.bytes, sigRead.bytes)) === true;
      } catch {
        valid = false;
      }
      if (!valid) problems.push(`BAD_SIGNATURE: the signature ${sigSha} does not verify over document ${docSha}`);
    }
  }
  return { eventId, heads: doc.heads, problems };
}

interface ChainWalk {
  report: ChainReport;
  /** Recomputed hash at each seq some checkpoint asked for. */
  recomputedAt: Map<number, string>;
}

async function walkChain(
  db: DbOrTx,
  chain: ChainId,
  wantedSeqs: Set<number> | undefined,
  onObject: (sha256: string, eventId: number) => void,
): Promise<ChainWalk> {
  const recomputedAt = new Map<number, string>();
  let count = 0;
  let expectedSeq = 1;
  let prevStored = GENESIS_HASH;
  let prevRecomputed = GENESIS_HASH;
  let last: AuditEvent | null = null;
  let firstBroken: ChainReport['firstBroken'];

  const visit = (e: AuditEvent) => {
    count++;
    for (const h of e.objectHashes) onObject(h, e.id);
    const ph = safePayloadHash(e.payload);
    // The pure recomputation: contents only, predecessor recomputed too (used for checkpoints).
    const recomputed = safeEventHash({ ...e, prevHash: prevRecomputed, payloadHash: ph ?? '' }) ?? '';
    if (wantedSeqs?.has(e.seq)) recomputedAt.set(e.seq, recomputed);
    if (!firstBroken) {
      const at = { seq: e.seq, eventId: e.id };
      if (e.seq !== expectedSeq) firstBroken = { ...at, problem: 'SEQ_GAP', detail: `expected seq ${expectedSeq}, found ${e.seq}` };
      else if (e.prevHash !== prevStored) firstBroken = { ...at, problem: 'PREV_HASH_MISMATCH', detail: `prevHash does not name the hash of seq ${e.seq - 1}` };
      else if (ph !== e.payloadHash) firstBroken = { ...at, problem: 'PAYLOAD_HASH_MISMATCH', detail: 'the payload does not hash to payloadHash' };
      else if (safeEventHash(e) !== e.hash) firstBroken = { ...at, problem: 'HASH_MISMATCH', detail: 'the event fields do not hash to hash' };
    }
    expectedSeq = e.seq + 1;
    prevStored = e.hash;
    prevRecomputed = recomputed;
    last = e;
  };

  const readFrom = async (afterSeq: number, uptoSeq?: number): Promise<number> => {
    let after = afterSeq;
    for (;;) {
      const cond = [eq(auditEvents.chain, chain), gt(auditEvents.seq, after)];
      if (uptoSeq !== undefined) cond.push(lte(auditEvents.seq, uptoSeq));
      const rows = await db
        .select(eventColumns)
        .from(auditEvents)
        .where(and(...cond))
        .orderBy(asc(auditEvents.seq))
        .limit(PAGE);
      for (const r of rows) visit(rowToEvent(r));
      const tail = rows[rows.length - 1];
      if (!tail) return after;
      after = tail.seq;
      if (rows.length < PAGE) return after;
    }
  };

  let lastSeq = await readFrom(0);
  const head = (
    await db
      .select({ seq: auditChainHeads.seq, hash: auditChainHeads.hash })
      .from(auditChainHeads)
      .where(eq(auditChainHeads.chain, chain))
  )[0];
  // Appends committed after the events were read: read up to the head we just saw.
  if (head && head.seq > lastSeq) lastSeq = await readFrom(lastSeq, head.seq);

  const lastEvent = last as AuditEvent | null;
  if (!firstBroken && (head || lastEvent)) {
    const lastId = lastEvent?.id ?? 0;
    if (!head) firstBroken = { seq: 0, eventId: lastId, problem: 'HEAD_MISMATCH', detail: 'the chain has events but no head row' };
    else if (!lastEvent) firstBroken = { seq: head.seq, eventId: 0, problem: 'HEAD_MISMATCH', detail: 'the head row names a chain with no events' };
    else if (head.seq !== lastEvent.seq || head.hash !== lastEvent.hash) {
      firstBroken = {
        seq: head.seq,
        eventId: lastId,
        problem: 'HEAD_MISMATCH',
        detail: `the head row (seq ${head.seq}) does not name the last event (seq ${lastEvent.seq})`,
      };
    }
  }
  const report: ChainReport = { chain, events: count, headHash: head?.hash ?? null, ok: !firstBroken };
  if (firstBroken) report.firstBroken = firstBroken;
  return { report, recomputedAt };
}

async function allChains(db: DbOrTx, checkpoints: LoadedCheckpoint[]): Promise<ChainId[]> {
  const names = new Set<string>();
  for (const r of await db.select({ chain: auditChainHeads.chain }).from(auditChainHeads)) names.add(r.chain);
  for (const r of await db.selectDistinct({ chain: auditEvents.chain }).from(auditEvents)) names.add(r.chain);
  for (const c of checkpoints) for (const h of c.heads) names.add(h.chain);
  const out: ChainId[] = [];
  for (const n of names) {
    if (!isChainId(n)) {
      // A row whose chain is not a chain name can only come from outside the application.
      throw new AppError('INTEGRITY_FAILED', { zh: '审计链名称无效', en: `The audit trail holds an invalid chain name "${n.slice(0, 80)}"` }, { chain: n.slice(0, 80) });
    }
    out.push(n);
  }
  return out.sort(chainOrder);
}

/**
 * Verify the audit trail: every chain (or `opts.chains`) from genesis, every object its events refer to,
 * every checkpoint. Problems are reported, not thrown. Thrown: an unreachable database or object store
 * (UNAVAILABLE …), and INTEGRITY_FAILED naming it when a row's chain is not a chain name at all (only
 * possible by writing to the table outside the application).
 */
export async function verifyAudit(db: DbOrTx, storage: ObjectStore, opts: VerifyOptions = {}): Promise<VerifyReport> {
  const checkpoints = await loadCheckpoints(db, storage, opts.verifyCheckpointSignature);
  let chains: ChainId[];
  if (opts.chains) {
    for (const c of opts.chains) {
      if (!isChainId(c)) throw new AppError('VALIDATION', { zh: '链标识无效', en: `Invalid chain "${String(c)}"` });
    }
    chains = [...new Set(opts.chains)].sort(chainOrder);
  } else chains = await allChains(db, checkpoints);

  // Which (chain, seq) the checkpoints need, so the walk keeps only those recomputed hashes.
  const wanted = new Map<ChainId, Set<number>>();
  for (const c of checkpoints) {
    for (const h of c.heads) {
      let s = wanted.get(h.chain);
      if (!s) wanted.set(h.chain, (s = new Set()));
      s.add(h.seq);
    }
  }

  const objects = new Map<string, number>(); // sha256 → first event referring to it
  const reports: ChainReport[] = [];
  const recomputed = new Map<ChainId, Map<number, string>>();
  for (const chain of chains) {
    const w = await walkChain(db, chain, wanted.get(chain), (sha, id) => {
      if (!objects.has(sha)) objects.set(sha, id);
    });
    reports.push(w.report);
    recomputed.set(chain, w.recomputedAt);
  }

  const missing: VerifyReport['objects']['missing'] = [];
  const corrupted: VerifyReport['objects']['corrupted'] = [];
  const queue = [...objects.entries()];
  let next = 0;
  const worker = async () => {
    while (next < queue.length) {
      const [sha256, eventId] = queue[next++]!;
      const r = await checkObject(storage, sha256);
      if (r === 'missing') missing.push({ sha256, eventId });
      else if (r === 'corrupted') corrupted.push({ sha256, eventId });
    }
  };
  await Promise.all(Array.from({ length: Math.min(OBJECT_CONCURRENCY, queue.length) }, worker));
  const byEvent = (a: { eventId: number; sha256: string }, b: { eventId: number; sha256: string }) =>
    a.eventId - b.eventId || (a.sha256 < b.sha256 ? -1 : 1);
  missing.sort(byEvent);
  corrupted.sort(byEvent);

  const problems: VerifyReport['checkpoints']['problems'] = [];
  for (const c of checkpoints) {
    for (const p of c.problems) problems.push({ eventId: c.eventId, problem: p });
    for (const h of c.heads) {
      const at = recomputed.get(h.chain);
      if (!at) continue; // chain not being verified
      const got = at.get(h.seq);
      if (got === undefined) {
        problems.push({ eventId: c.eventId, problem: `HEAD_MISSING: ${h.chain} has no event at seq ${h.seq}, which the checkpoint names` });
      } else if (got !== h.hash) {
        problems.push({
          eventId: c.eventId,
          problem: `HEAD_MISMATCH: ${h.chain} recomputed to seq ${h.seq} differs from the checkpoint (${h.hash.slice(0, 12)}… ≠ ${got.slice(0, 12)}…)`,
        });
      }
    }
  }

  return {
    ok: reports.every((r) => r.ok) && missing.length === 0 && corrupted.length === 0 && problems.length === 0,
    chains: reports,
    objects: { checked: objects.size, missing, corrupted },
    checkpoints: { checked: checkpoints.length, problems },
  };
}
