/**
 * Checkpoints (DESIGN §7, issue 13 §6): the head (chain, seq, hash) of every chain at one moment, as a
 * canonical JSON document signed by the platform key (a detached CMS signature from the caller's
 * signer), plus the published root over those heads (root.ts), each stored in the object store by hash,
 * recorded by an 'audit.checkpoint' event on the platform chain and, for the root, listed in
 * `audit_roots` for the portal and outside witnesses.
 *
 * Checkpoint document (internal: staff and the verifier only; UTF-8 canonical JSON, see canonical.ts):
 *   version 1: { "at", "heads": [{ "chain", "hash", "seq" }, …sorted by chain], "type": "ebid.audit.checkpoint", "version": 1 }
 *   version 2: the same plus "root" and "treeSize" — the RFC 6962 root over the heads (merkle.ts)
 * Root document (public): see root.ts; its checkpointSha256 is the SHA-256 of the checkpoint document.
 * Event payload: { heads, docSha256, sigSha256, root, treeSize, rootDocSha256, rootSigSha256, reasons };
 * objectHashes: [docSha256, sigSha256, rootDocSha256, rootSigSha256]; subject: { type: 'audit_checkpoint',
 * id: docSha256 }; actor: null (the system). (Version-1 checkpoints have only heads, docSha256, sigSha256.)
 */
import { gt } from 'drizzle-orm';
import { auditChainHeads, auditRoots, type Db, type Tx } from '@ebid/db';
import { AppError } from '@ebid/domain';
import type { ObjectStore } from '@ebid/storage';
import { appendAuditEvent } from './append.ts';
import { canonicalJson, sha256Hex } from './canonical.ts';
import { chainHeadsRoot } from './merkle.ts';
import { auditRootDocument, auditRootDocumentBytes, type PublishedAuditRoot } from './root.ts';
import { PLATFORM_CHAIN, isChainId, type AuditEvent, type ChainId } from './types.ts';

export const CHECKPOINT_ACTION = 'audit.checkpoint';
export const CHECKPOINT_DOC_TYPE = 'ebid.audit.checkpoint';

export interface CheckpointHead {
  chain: ChainId;
  seq: number;
  hash: string;
}

export interface CheckpointDocument {
  type: typeof CHECKPOINT_DOC_TYPE;
  version: 1 | 2;
  at: string;
  heads: CheckpointHead[];
  /** Version 2: the Merkle root over the heads and their number. */
  root?: string;
  treeSize?: number;
}

/** Why a checkpoint was taken beyond the hourly one (a legally significant moment). */
export interface CheckpointReason {
  reason: string;
  projectId: number | null;
}

export interface CheckpointPayload {
  heads: CheckpointHead[];
  docSha256: string;
  sigSha256: string;
  root: string;
  treeSize: number;
  rootDocSha256: string;
  rootSigSha256: string;
  reasons: CheckpointReason[];
}

const byChain = (a: CheckpointHead, b: CheckpointHead) => (a.chain < b.chain ? -1 : a.chain > b.chain ? 1 : 0);

/**
 * The exact bytes of a checkpoint document (what is signed and stored): version 2 with the Merkle root
 * over the heads; `{ version: 1 }` gives the old form (heads only), still accepted by the verifier.
 */
export function checkpointDocumentBytes(at: Date, heads: CheckpointHead[], opts: { version?: 1 | 2 } = {}): Buffer {
  const sorted = [...heads].sort(byChain);
  const doc: CheckpointDocument =
    opts.version === 1
      ? { type: CHECKPOINT_DOC_TYPE, version: 1, at: at.toISOString(), heads: sorted }
      : { type: CHECKPOINT_DOC_TYPE, version: 2, at: at.toISOString(), heads: sorted, ...chainHeadsRoot(sorted) };
  return Buffer.from(canonicalJson(doc), 'utf8');
}

const SHA256_RE = /^[0-9a-f]{64}$/;

/** Parse heads from untrusted JSON (a stored document or payload); null if malformed. */
export function parseHeads(v: unknown): CheckpointHead[] | null {
  if (!Array.isArray(v)) return null;
  const out: CheckpointHead[] = [];
  for (const h of v as unknown[]) {
    if (!h || typeof h !== 'object') return null;
    const { chain, seq, hash } = h as Record<string, unknown>;
    if (!isChainId(chain) || typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) return null;
    if (typeof hash !== 'string' || !SHA256_RE.test(hash)) return null;
    out.push({ chain, seq, hash });
  }
  return out;
}

/** Parse a stored checkpoint document; null if it is not one. */
export function parseCheckpointDocument(bytes: Buffer): CheckpointDocument | null {
  let v: unknown;
  try {
    v = JSON.parse(bytes.toString('utf8'));
  } catch {
    return null;
  }
  if (!v || typeof v !== 'object') return null;
  const d = v as Record<string, unknown>;
  if (d.type !== CHECKPOINT_DOC_TYPE || (d.version !== 1 && d.version !== 2) || typeof d.at !== 'string') return null;
  const heads = parseHeads(d.heads);
  if (!heads) return null;
  if (d.version === 1) return { type: CHECKPOINT_DOC_TYPE, version: 1, at: d.at, heads };
  if (typeof d.root !== 'string' || !SHA256_RE.test(d.root) || typeof d.treeSize !== 'number' || !Number.isSafeInteger(d.treeSize)) return null;
  return { type: CHECKPOINT_DOC_TYPE, version: 2, at: d.at, heads, root: d.root, treeSize: d.treeSize };
}

/** A row of audit_roots as the portal publishes it. */
export function toPublishedRoot(r: typeof auditRoots.$inferSelect): PublishedAuditRoot {
  return {
    id: r.id,
    at: r.at.toISOString(),
    treeSize: r.treeSize,
    root: r.root,
    checkpointSha256: r.checkpointSha256,
    document: r.document,
    signature: r.signature,
  };
}

export interface WriteCheckpointOptions {
  /** Recorded in the checkpoint event (the legally significant moments that asked for it). */
  reasons?: CheckpointReason[];
  /** Runs in the transaction that records the checkpoint and its root (e.g. the public change feed). */
  inTransaction?: (tx: Tx, root: PublishedAuditRoot) => Promise<void>;
}

/**
 * Write a checkpoint: read every chain head (one statement, so one consistent snapshot), build the
 * Merkle root over them, build and sign the checkpoint document and the root document, store all four
 * objects (BEFORE any transaction: object I/O is never held inside one; an orphan object after a failed
 * transaction is harmless, content-addressed), then in one short transaction append the
 * 'audit.checkpoint' event to the platform chain and list the root in audit_roots.
 */
export async function writeCheckpoint(
  deps: { db: Db; storage: ObjectStore; clock: { now(): Date } },
  signer: (content: Buffer) => Buffer | Promise<Buffer>,
  opts: WriteCheckpointOptions = {},
): Promise<AuditEvent & { auditRoot: PublishedAuditRoot }> {
  const { db, storage, clock } = deps;
  const at = clock.now();
  const rows = await db
    .select({ chain: auditChainHeads.chain, seq: auditChainHeads.seq, hash: auditChainHeads.hash })
    .from(auditChainHeads)
    .where(gt(auditChainHeads.seq, 0));
  const heads: CheckpointHead[] = rows
    .filter((r): r is CheckpointHead => isChainId(r.chain))
    .map((r) => ({ chain: r.chain, seq: r.seq, hash: r.hash }))
    .sort(byChain);
  const { root, treeSize } = chainHeadsRoot(heads);
  const sign = async (content: Buffer): Promise<Buffer> => {
    const signature = await signer(content);
    if (!Buffer.isBuffer(signature) || signature.length === 0) {
      throw new AppError('INTERNAL', { zh: '检查点签名失败', en: 'The checkpoint signer returned no signature' });
    }
    return signature;
  };
  const put = (bytes: Buffer, contentType: string) => storage.put(bytes, { expectedSha256: sha256Hex(bytes), contentType });
  const doc = checkpointDocumentBytes(at, heads);
  const signature = await sign(doc);
  const docPut = await put(doc, 'application/json');
  const sigPut = await put(signature, 'application/pkcs7-signature');
  const rootDoc = auditRootDocumentBytes(auditRootDocument({ at, treeSize, root, checkpointSha256: docPut.sha256 }));
  const rootSig = await sign(rootDoc);
  const rootDocPut = await put(rootDoc, 'application/json');
  const rootSigPut = await put(rootSig, 'application/pkcs7-signature');
  const payload: CheckpointPayload = {
    heads,
    docSha256: docPut.sha256,
    sigSha256: sigPut.sha256,
    root,
    treeSize,
    rootDocSha256: rootDocPut.sha256,
    rootSigSha256: rootSigPut.sha256,
    reasons: opts.reasons ?? [],
  };
  return db.transaction(async (tx) => {
    const event = await appendAuditEvent(tx, {
      chain: PLATFORM_CHAIN,
      actor: null,
      action: CHECKPOINT_ACTION,
      subject: { type: 'audit_checkpoint', id: docPut.sha256 },
      payload,
      objectHashes: [docPut.sha256, sigPut.sha256, rootDocPut.sha256, rootSigPut.sha256],
      clientAddress: null,
      at,
    });
    const [row] = await tx
      .insert(auditRoots)
      .values({
        at,
        treeSize,
        root,
        checkpointSha256: docPut.sha256,
        document: rootDoc.toString('utf8'),
        signature: rootSig.toString('base64'),
        docSha256: rootDocPut.sha256,
        sigSha256: rootSigPut.sha256,
        checkpointEventId: event.id,
      })
      .returning();
    const auditRoot = toPublishedRoot(row!);
    await opts.inTransaction?.(tx, auditRoot);
    return { ...event, auditRoot };
  });
}
