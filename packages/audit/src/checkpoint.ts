/**
 * Checkpoints (DESIGN §7): the head (chain, seq, hash) of every chain at one moment, as a canonical JSON
 * document signed by the platform key (a detached CMS signature from the caller's signer), both stored
 * in the object store by hash, and recorded by an 'audit.checkpoint' event on the platform chain.
 *
 * Document (UTF-8 canonical JSON, see canonical.ts):
 *   { "at": "<ISO>", "heads": [{ "chain", "hash", "seq" }, …sorted by chain], "type": "ebid.audit.checkpoint", "version": 1 }
 * Event payload: { heads (the same array), docSha256, sigSha256 }; objectHashes: [docSha256, sigSha256];
 * subject: { type: 'audit_checkpoint', id: docSha256 }; actor: null (the system).
 */
import { gt } from 'drizzle-orm';
import { auditChainHeads, type Db } from '@ebid/db';
import { AppError } from '@ebid/domain';
import type { ObjectStore } from '@ebid/storage';
import { appendAuditEvent } from './append.ts';
import { canonicalJson, sha256Hex } from './canonical.ts';
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
  version: 1;
  at: string;
  heads: CheckpointHead[];
}

export interface CheckpointPayload {
  heads: CheckpointHead[];
  docSha256: string;
  sigSha256: string;
}

const byChain = (a: CheckpointHead, b: CheckpointHead) => (a.chain < b.chain ? -1 : a.chain > b.chain ? 1 : 0);

/** The exact bytes of a checkpoint document (what is signed and stored). */
export function checkpointDocumentBytes(at: Date, heads: CheckpointHead[]): Buffer {
  const doc: CheckpointDocument = { type: CHECKPOINT_DOC_TYPE, version: 1, at: at.toISOString(), heads: [...heads].sort(byChain) };
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
  if (d.type !== CHECKPOINT_DOC_TYPE || d.version !== 1 || typeof d.at !== 'string') return null;
  const heads = parseHeads(d.heads);
  return heads ? { type: CHECKPOINT_DOC_TYPE, version: 1, at: d.at, heads } : null;
}

/**
 * Write a checkpoint: read every chain head (one statement, so one consistent snapshot), build and sign
 * the document, store document and signature (BEFORE any transaction: object I/O is never held inside
 * one; an orphan object after a failed transaction is harmless, content-addressed), then append the
 * 'audit.checkpoint' event to the platform chain in a short transaction.
 */
export async function writeCheckpoint(
  deps: { db: Db; storage: ObjectStore; clock: { now(): Date } },
  signer: (content: Buffer) => Buffer | Promise<Buffer>,
): Promise<AuditEvent> {
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
  const doc = checkpointDocumentBytes(at, heads);
  const signature = await signer(doc);
  if (!Buffer.isBuffer(signature) || signature.length === 0) {
    throw new AppError('INTERNAL', { zh: '检查点签名失败', en: 'The checkpoint signer returned no signature' });
  }
  const docPut = await storage.put(doc, { expectedSha256: sha256Hex(doc), contentType: 'application/json' });
  const sigPut = await storage.put(signature, { expectedSha256: sha256Hex(signature), contentType: 'application/pkcs7-signature' });
  const payload: CheckpointPayload = { heads, docSha256: docPut.sha256, sigSha256: sigPut.sha256 };
  return db.transaction((tx) =>
    appendAuditEvent(tx, {
      chain: PLATFORM_CHAIN,
      actor: null,
      action: CHECKPOINT_ACTION,
      subject: { type: 'audit_checkpoint', id: docPut.sha256 },
      payload,
      objectHashes: [docPut.sha256, sigPut.sha256],
      clientAddress: null,
      at,
    }),
  );
}
