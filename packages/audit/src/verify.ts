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
 * Since issue 13 a checkpoint also names its published root (root.ts): the root document must be stored,
 * signed, name the checkpoint document and the Merkle root of its heads, and be listed in audit_roots.
 *
 * Witnessed roots (`witnessedRoots`, issue 13 §6): roots an outside witness saved from the portal. A
 * superuser who rewrites a chain AND removes the internal checkpoints that would show it (and lets the
 * next checkpoint sign the forged heads) passes every check above; the witness's copies do not move.
 * For each witnessed root (its signature checked), the checkpoint document it names by hash is read from
 * the write-once object store (or, failing that, from the database's checkpoint event), the tree is
 * rebuilt from the RECOMPUTED chains at the seqs of that document, and compared with the witnessed root.
 * A chain whose recomputed head differs is named with the seqs that must have been rewritten: after its
 * head in the last witnessed root where it still matched, up to its head in this one.
 */
import { and, asc, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import { auditChainHeads, auditEvents, auditRoots, type DbOrTx } from '@ebid/db';
import { AppError, isAppError } from '@ebid/domain';
import type { ObjectStore } from '@ebid/storage';
import { GENESIS_HASH, canonicalJson, eventHash, sha256Hex } from './canonical.ts';
import { CHECKPOINT_ACTION, parseCheckpointDocument, parseHeads, type CheckpointHead } from './checkpoint.ts';
import { eventColumns, rowToEvent } from './list.ts';
import { chainHeadsRoot } from './merkle.ts';
import { parseAuditRootDocument, type ParsedPublishedRoot } from './root.ts';
import {
  PLATFORM_CHAIN,
  isChainId,
  type AuditEvent,
  type ChainId,
  type ChainReport,
  type VerifyReport,
  type WitnessDivergence,
  type WitnessReport,
} from './types.ts';

const PAGE = 1000;
const OBJECT_CONCURRENCY = 8;
/** Checkpoint documents and signatures are small; refuse to buffer anything bigger. */
const MAX_CHECKPOINT_OBJECT = 64 * 1024 * 1024;
const SHA256_RE = /^[0-9a-f]{64}$/;

export interface VerifyOptions {
  /** Only these chains (default: every chain that has a head row, an event or a checkpoint entry). */
  chains?: ChainId[];
  /**
   * Checks a checkpoint's (and its root's) detached signature over the document bytes; without it
   * signatures are not checked. It may answer `{ ok: false, reason }` to name why (e.g.
   * NOT_PLATFORM_SEAL: use platformSealVerifiers from seal.ts for the platform's own signatures).
   */
  verifyCheckpointSignature?: SigCheck;
  /** Published roots kept outside the platform (root.ts parsePublishedRootList), checked against the recomputed chains. */
  witnessedRoots?: ParsedPublishedRoot[];
  /** Checks a witnessed root's signature (default: verifyCheckpointSignature; without either, not checked). */
  verifyRootSignature?: SigCheck;
}

export type SigCheckResult = boolean | { ok: true } | { ok: false; reason: string };
export type SigCheck = (content: Buffer, signature: Buffer) => SigCheckResult | Promise<SigCheckResult>;

/** '' when valid, else ' (<reason>)' or ' ' when no reason was given — appended to the problem. */
async function signatureProblem(check: SigCheck, content: Buffer, signature: Buffer): Promise<string | null> {
  try {
    const r = await check(content, signature);
    if (r === true || (typeof r === 'object' && r !== null && r.ok === true)) return null;
    return typeof r === 'object' && r !== null && !r.ok && r.reason ? ` (${r.reason})` : '';
  } catch {
    return '';
  }
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
  /** SHA-256 of the checkpoint document the event names ('' when malformed). */
  docSha256: string;
  /** Heads to compare with the recomputed chains (from the document, else from the event payload). */
  heads: CheckpointHead[];
  problems: string[];
}

/** Read every checkpoint event of the platform chain with its document and signature. */
async function loadCheckpoints(
  db: DbOrTx,
  storage: ObjectStore,
  verifySig: VerifyOptions['verifyCheckpointSignature'],
  payloads: Map<number, Record<string, unknown>>,
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
    for (const r of rows) {
      const payload = JSON.parse(r.payload) as unknown;
      if (payload && typeof payload === 'object') payloads.set(r.id, payload as Record<string, unknown>);
      out.push(await loadCheckpoint(storage, r.id, payload, verifySig));
    }
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
    return { eventId, docSha256: '', heads: payloadHeads ?? [], problems };
  }
  const docRead = await readObject(storage, docSha, MAX_CHECKPOINT_OBJECT);
  if (!docRead.ok) {
    problems.push(`DOCUMENT_${docRead.why === 'missing' ? 'MISSING' : 'CORRUPTED'}: checkpoint document ${docSha} is ${docRead.why}`);
    return { eventId, docSha256: docSha, heads: payloadHeads, problems };
  }
  const doc = parseCheckpointDocument(docRead.bytes);
  if (!doc) {
    problems.push(`DOCUMENT_MALFORMED: ${docSha} is not a checkpoint document`);
    return { eventId, docSha256: docSha, heads: payloadHeads, problems };
  }
  if (canonicalJson(doc.heads) !== canonicalJson(payloadHeads)) {
    problems.push('DOCUMENT_PAYLOAD_MISMATCH: the signed document and the event payload list different heads');
  }
  if (verifySig) {
    const sigRead = await readObject(storage, sigSha, MAX_CHECKPOINT_OBJECT);
    if (!sigRead.ok) {
      problems.push(`SIGNATURE_${sigRead.why === 'missing' ? 'MISSING' : 'CORRUPTED'}: checkpoint signature ${sigSha} is ${sigRead.why}`);
    } else {
      const bad = await signatureProblem(verifySig, docRead.bytes, sigRead.bytes);
      if (bad !== null) problems.push(`BAD_SIGNATURE: the signature ${sigSha} does not verify over document ${docSha}${bad}`);
    }
  }
  if (doc.version === 2) {
    const tree = chainHeadsRoot(doc.heads);
    if (tree.root !== doc.root || tree.treeSize !== doc.treeSize) problems.push(`ROOT_MISMATCH: the Merkle root of the document's heads is not the root it names (${doc.root})`);
    problems.push(...(await checkPublishedRoot(storage, docSha, doc.at, tree.root, tree.treeSize, p, verifySig)));
  }
  return { eventId, docSha256: docSha, heads: doc.heads, problems };
}

/** The published root a version-2 checkpoint names: stored, signed, and about this checkpoint. */
async function checkPublishedRoot(
  storage: ObjectStore,
  docSha: string,
  at: string,
  root: string,
  treeSize: number,
  p: Record<string, unknown>,
  verifySig: VerifyOptions['verifyCheckpointSignature'],
): Promise<string[]> {
  const rootDocSha = typeof p.rootDocSha256 === 'string' ? p.rootDocSha256 : '';
  const rootSigSha = typeof p.rootSigSha256 === 'string' ? p.rootSigSha256 : '';
  if (!SHA256_RE.test(rootDocSha) || !SHA256_RE.test(rootSigSha) || p.root !== root || p.treeSize !== treeSize) {
    return ['ROOT_PAYLOAD_MISMATCH: the checkpoint event does not name the root of its document'];
  }
  const read = await readObject(storage, rootDocSha, MAX_CHECKPOINT_OBJECT);
  if (!read.ok) return [`ROOT_DOCUMENT_${read.why === 'missing' ? 'MISSING' : 'CORRUPTED'}: root document ${rootDocSha} is ${read.why}`];
  const rd = parseAuditRootDocument(read.bytes);
  if (!rd) return [`ROOT_DOCUMENT_MALFORMED: ${rootDocSha} is not a root document`];
  const out: string[] = [];
  if (rd.root !== root || rd.treeSize !== treeSize || rd.at !== at || rd.checkpointSha256 !== docSha) {
    out.push('ROOT_DOCUMENT_MISMATCH: the published root document does not name this checkpoint and its root');
  }
  if (verifySig) {
    const sig = await readObject(storage, rootSigSha, MAX_CHECKPOINT_OBJECT);
    if (!sig.ok) out.push(`ROOT_SIGNATURE_${sig.why === 'missing' ? 'MISSING' : 'CORRUPTED'}: root signature ${rootSigSha} is ${sig.why}`);
    else {
      const bad = await signatureProblem(verifySig, read.bytes, sig.bytes);
      if (bad !== null) out.push(`BAD_ROOT_SIGNATURE: the signature ${rootSigSha} does not verify over root document ${rootDocSha}${bad}`);
    }
  }
  return out;
}

/**
 * audit_roots must list exactly the roots the checkpoint events name, with the stored bytes (hashed in
 * the database: the documents and signatures are not pulled into memory).
 */
async function checkRootList(db: DbOrTx, checkpoints: LoadedCheckpoint[], payloads: Map<number, Record<string, unknown>>): Promise<{ eventId: number; problem: string }[]> {
  const problems: { eventId: number; problem: string }[] = [];
  const rows = await db
    .select({
      id: auditRoots.id,
      checkpointEventId: auditRoots.checkpointEventId,
      root: auditRoots.root,
      docSha256: auditRoots.docSha256,
      sigSha256: auditRoots.sigSha256,
      documentSha256: sql<string>`encode(sha256(convert_to(${auditRoots.document}, 'UTF8')), 'hex')`,
      signatureSha256: sql<string>`encode(sha256(decode(${auditRoots.signature}, 'base64')), 'hex')`,
    })
    .from(auditRoots);
  const byEvent = new Map(rows.map((r) => [r.checkpointEventId, r]));
  const named = new Set<number>();
  for (const c of checkpoints) {
    const p = payloads.get(c.eventId);
    if (!p || typeof p.rootDocSha256 !== 'string') continue; // a version-1 checkpoint: no root
    named.add(c.eventId);
    const r = byEvent.get(c.eventId);
    if (!r) {
      problems.push({ eventId: c.eventId, problem: 'ROOT_NOT_LISTED: the published root of this checkpoint is missing from audit_roots' });
      continue;
    }
    if (r.docSha256 !== p.rootDocSha256 || r.documentSha256 !== p.rootDocSha256 || r.sigSha256 !== p.rootSigSha256 || r.signatureSha256 !== p.rootSigSha256 || r.root !== p.root) {
      problems.push({ eventId: c.eventId, problem: `ROOT_LIST_MISMATCH: audit_roots #${r.id} is not the root this checkpoint published` });
    }
  }
  for (const r of rows) {
    if (!named.has(r.checkpointEventId)) {
      problems.push({ eventId: r.checkpointEventId, problem: `ROOT_WITHOUT_CHECKPOINT: audit_roots #${r.id} names no checkpoint event of the platform chain that published it` });
    }
  }
  return problems;
}

interface WitnessTree {
  root: ParsedPublishedRoot;
  /** The heads of the checkpoint it was built from; null when that checkpoint is nowhere to be found. */
  heads: CheckpointHead[] | null;
  problems: string[];
}

/** For each witnessed root: its signature, and the heads of the checkpoint document it names by hash. */
async function loadWitnessTrees(
  db: DbOrTx,
  storage: ObjectStore,
  roots: ParsedPublishedRoot[],
  checkpoints: LoadedCheckpoint[],
  payloads: Map<number, Record<string, unknown>>,
  verifySig: SigCheck | undefined,
): Promise<WitnessTree[]> {
  const wantedDocs = [...new Set(roots.map((r) => r.document.checkpointSha256))];
  const listed = new Map<string, { id: number; document: string }>();
  for (let i = 0; i < wantedDocs.length; i += PAGE) {
    const rows = await db
      .select({ id: auditRoots.id, checkpointSha256: auditRoots.checkpointSha256, document: auditRoots.document })
      .from(auditRoots)
      .where(inArray(auditRoots.checkpointSha256, wantedDocs.slice(i, i + PAGE)));
    for (const r of rows) listed.set(r.checkpointSha256, r);
  }
  const out: WitnessTree[] = [];
  for (const root of roots) {
    const problems: string[] = [];
    const d = root.document;
    const bad = verifySig ? await signatureProblem(verifySig, root.bytes, root.signature) : null;
    if (bad !== null) {
      out.push({ root, heads: null, problems: [`BAD_SIGNATURE: the witnessed root is not signed by the platform; it proves nothing${bad}`] });
      continue;
    }
    const row = listed.get(d.checkpointSha256);
    if (!row) problems.push('ROOT_NOT_LISTED: the database no longer lists this published root');
    else if (row.document !== root.bytes.toString('utf8')) problems.push(`ROOT_CHANGED: the database lists root #${row.id} for this checkpoint with other contents`);
    let heads: CheckpointHead[] | null = null;
    const read = await readObject(storage, d.checkpointSha256, MAX_CHECKPOINT_OBJECT);
    const doc = read.ok ? parseCheckpointDocument(read.bytes) : null;
    if (doc) heads = doc.heads;
    else {
      // The object store lost it: the database's checkpoint event, if it still names that document.
      const cp = checkpoints.find((c) => c.docSha256 === d.checkpointSha256);
      const p = cp ? payloads.get(cp.eventId) : undefined;
      heads = p ? parseHeads(p.heads) : null;
      if (!heads) problems.push(`CHECKPOINT_UNAVAILABLE: the checkpoint document ${d.checkpointSha256} behind this root is in neither the object store nor the database; the tree cannot be rebuilt`);
    }
    if (heads) {
      const tree = chainHeadsRoot(heads);
      if (tree.root !== d.root || tree.treeSize !== d.treeSize) {
        problems.push(`CHECKPOINT_MISMATCH: the heads of checkpoint document ${d.checkpointSha256} do not give the witnessed root`);
        heads = null;
      }
    }
    out.push({ root, heads, problems });
  }
  return out;
}

/**
 * Compare each witnessed tree with the recomputed chains, oldest first: rebuild the tree from the
 * recomputed heads at the checkpoint's seqs; when it is not the witnessed root, name each chain whose head
 * differs, with the seqs that must have been rewritten (after its last witnessed match, up to this head).
 * Chains left out of the verification (`chains` option) are not judged.
 */
function compareWitnessTrees(trees: WitnessTree[], recomputed: Map<ChainId, Map<number, string>>): WitnessReport {
  const problems: WitnessReport['problems'] = [];
  const divergences: WitnessDivergence[] = [];
  const lastMatched = new Map<string, number>();
  const diverged = new Set<string>();
  const ordered = [...trees].sort((a, b) => a.root.document.at.localeCompare(b.root.document.at) || (a.root.id ?? 0) - (b.root.id ?? 0));
  for (const t of ordered) {
    const d = t.root.document;
    for (const p of t.problems) problems.push({ rootId: t.root.id, at: d.at, problem: p });
    if (!t.heads) continue;
    const judged = t.heads.filter((h) => recomputed.has(h.chain as ChainId));
    const now = (h: CheckpointHead) => recomputed.get(h.chain)?.get(h.seq) ?? null;
    const complete = judged.length === t.heads.length && judged.every((h) => now(h) !== null);
    const rebuilt = complete ? chainHeadsRoot(judged.map((h) => ({ chain: h.chain, hash: now(h)! }))).root : null;
    for (const h of judged) {
      const got = now(h);
      if (rebuilt === d.root || got === h.hash) {
        lastMatched.set(h.chain, h.seq);
        continue;
      }
      if (diverged.has(h.chain)) continue; // named at its first divergence
      diverged.add(h.chain);
      divergences.push({
        rootId: t.root.id,
        at: d.at,
        root: d.root,
        chain: h.chain,
        fromSeq: (lastMatched.get(h.chain) ?? 0) + 1,
        toSeq: h.seq,
        witnessedHead: h.hash,
        recomputedHead: got,
      });
    }
  }
  return { checked: trees.length, problems, divergences, firstDivergence: divergences[0] ?? null };
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

async function allChains(db: DbOrTx, checkpoints: { heads: CheckpointHead[] }[]): Promise<ChainId[]> {
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
  const payloads = new Map<number, Record<string, unknown>>();
  const checkpoints = await loadCheckpoints(db, storage, opts.verifyCheckpointSignature, payloads);
  const witnessTrees = opts.witnessedRoots
    ? await loadWitnessTrees(db, storage, opts.witnessedRoots, checkpoints, payloads, opts.verifyRootSignature ?? opts.verifyCheckpointSignature)
    : [];
  const witnessHeads = witnessTrees.map((t) => ({ heads: t.heads ?? [] }));
  let chains: ChainId[];
  if (opts.chains) {
    for (const c of opts.chains) {
      if (!isChainId(c)) throw new AppError('VALIDATION', { zh: '链标识无效', en: `Invalid chain "${String(c)}"` });
    }
    chains = [...new Set(opts.chains)].sort(chainOrder);
  } else chains = await allChains(db, [...checkpoints, ...witnessHeads]);

  // Which (chain, seq) the checkpoints need, so the walk keeps only those recomputed hashes.
  const wanted = new Map<ChainId, Set<number>>();
  for (const c of [...checkpoints, ...witnessHeads]) {
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

  problems.push(...(await checkRootList(db, checkpoints, payloads)));
  const witness = opts.witnessedRoots ? compareWitnessTrees(witnessTrees, recomputed) : undefined;
  const witnessOk = !witness || (witness.problems.length === 0 && witness.divergences.length === 0);

  return {
    ok: reports.every((r) => r.ok) && missing.length === 0 && corrupted.length === 0 && problems.length === 0 && witnessOk,
    chains: reports,
    objects: { checked: objects.size, missing, corrupted },
    checkpoints: { checked: checkpoints.length, problems },
    ...(witness ? { witness } : {}),
  };
}
