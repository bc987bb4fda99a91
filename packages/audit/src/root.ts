/**
 * Published audit roots (issue 13 §6, DESIGN §7): what the portal publishes at every checkpoint, what an
 * outside witness keeps, and what receipts and records carry. Pure (no database, no storage), so
 * `ebid verify-receipt` can use it offline.
 *
 * ## The root document (public, signed by the platform: detached CMS over its exact bytes)
 *
 * UTF-8 canonical JSON (canonical.ts) of exactly
 *   { "at": "<ISO>", "checkpointSha256": "<hex>", "root": "<hex>", "treeSize": <n>,
 *     "type": "ebid.audit.root", "version": 1 }
 * - root: the RFC 6962 root over every chain head at the checkpoint (merkle.ts); treeSize: the number of
 *   chains. No chain's seq or event count is in it (a project's activity before its bid deadline stays
 *   secret) — only the number of chains, which the list of projects tells anyway.
 * - checkpointSha256: SHA-256 of the internal checkpoint document (heads with seqs, kept for staff and
 *   the verifier, never published). It binds the public root to that document in the write-once object
 *   store, so a verifier can rebuild the tree of a witnessed root even when the database no longer
 *   lists it. A hash of a document full of 256-bit hashes reveals nothing of the seqs.
 *
 * ## The witness block carried by receipts and records (`auditRoot`)
 *
 *   { id, document: <the root document above, as an object>,
 *     inclusion: { chain, headHash, leafIndex, hashes } }
 * The latest root published before the act, and the inclusion proof of the project's chain head in it:
 * anyone holding the receipt proves that the project's log up to that head was witnessed. `null` when no
 * root covering the project had been published yet.
 */
import { canonicalJson } from './canonical.ts';
import { verifyChainInclusion } from './merkle.ts';

export const ROOT_DOC_TYPE = 'ebid.audit.root';

export interface AuditRootDocument {
  type: typeof ROOT_DOC_TYPE;
  version: 1;
  /** The checkpoint's time (ISO, UTC, milliseconds). */
  at: string;
  treeSize: number;
  /** Lowercase hex SHA-256. */
  root: string;
  checkpointSha256: string;
}

/** A published root as the portal lists it and a witness keeps it. */
export interface PublishedAuditRoot {
  id: number;
  at: string;
  treeSize: number;
  root: string;
  checkpointSha256: string;
  /** The exact signed text (the root document). */
  document: string;
  /** The platform's detached CMS signature over `document` (UTF-8 bytes), base64 DER. */
  signature: string;
}

export interface AuditRootInclusion {
  chain: string;
  headHash: string;
  leafIndex: number;
  /** The audit path, leaf level first, lowercase hex. */
  hashes: string[];
}

/** The block receipts and records carry (see the file comment). */
export interface AuditRootWitness {
  id: number;
  document: AuditRootDocument;
  inclusion: AuditRootInclusion;
}

const HEX64 = /^[0-9a-f]{64}$/;

export function auditRootDocument(fields: { at: Date | string; treeSize: number; root: string; checkpointSha256: string }): AuditRootDocument {
  return {
    type: ROOT_DOC_TYPE,
    version: 1,
    at: typeof fields.at === 'string' ? fields.at : fields.at.toISOString(),
    treeSize: fields.treeSize,
    root: fields.root,
    checkpointSha256: fields.checkpointSha256,
  };
}

/** The exact bytes that are signed and published. */
export function auditRootDocumentBytes(doc: AuditRootDocument): Buffer {
  return Buffer.from(canonicalJson(doc), 'utf8');
}

/** Validate an untrusted object as a root document (every field, nothing more); null if it is not one. */
export function asAuditRootDocument(v: unknown): AuditRootDocument | null {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return null;
  const d = v as Record<string, unknown>;
  if (Object.keys(d).length !== 6) return null;
  if (d.type !== ROOT_DOC_TYPE || d.version !== 1) return null;
  if (typeof d.at !== 'string' || Number.isNaN(Date.parse(d.at)) || new Date(d.at).toISOString() !== d.at) return null;
  if (typeof d.treeSize !== 'number' || !Number.isSafeInteger(d.treeSize) || d.treeSize < 0) return null;
  if (typeof d.root !== 'string' || !HEX64.test(d.root)) return null;
  if (typeof d.checkpointSha256 !== 'string' || !HEX64.test(d.checkpointSha256)) return null;
  return auditRootDocument({ at: d.at, treeSize: d.treeSize, root: d.root, checkpointSha256: d.checkpointSha256 });
}

/** Parse signed root-document bytes; null unless they are exactly the canonical encoding of one. */
export function parseAuditRootDocument(bytes: Buffer | string): AuditRootDocument | null {
  const text = typeof bytes === 'string' ? bytes : bytes.toString('utf8');
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  const doc = asAuditRootDocument(v);
  return doc && canonicalJson(doc) === text ? doc : null;
}

export interface ParsedPublishedRoot {
  /** The portal id, when the witness kept it. */
  id: number | null;
  document: AuditRootDocument;
  /** The exact signed bytes. */
  bytes: Buffer;
  signature: Buffer;
}

/**
 * A published root as a witness saved it: `{ document, signature, id? }` (the listed fields beside
 * them are informative; the signed document is what counts). Null if it is not one.
 */
export function parsePublishedRoot(v: unknown): ParsedPublishedRoot | null {
  if (!v || typeof v !== 'object') return null;
  const r = v as Record<string, unknown>;
  if (typeof r.document !== 'string' || typeof r.signature !== 'string' || !/^[A-Za-z0-9+/=\s]+$/.test(r.signature)) return null;
  const document = parseAuditRootDocument(r.document);
  if (!document) return null;
  const signature = Buffer.from(r.signature.replace(/\s+/g, ''), 'base64');
  if (signature.length === 0) return null;
  const id = typeof r.id === 'number' && Number.isSafeInteger(r.id) && r.id > 0 ? r.id : null;
  return { id, document, bytes: Buffer.from(r.document, 'utf8'), signature };
}

/** A list of witnessed roots: an array, or the portal's `{ roots: [...] }` answer. Throws naming the bad entry. */
export function parsePublishedRootList(v: unknown): ParsedPublishedRoot[] {
  const list = Array.isArray(v) ? v : v && typeof v === 'object' && Array.isArray((v as { roots?: unknown }).roots) ? (v as { roots: unknown[] }).roots : null;
  if (!list) throw new Error('expected an array of published roots or { "roots": [...] }');
  return list.map((x, i) => {
    const p = parsePublishedRoot(x);
    if (!p) throw new Error(`entry ${i} is not a published audit root ({ document, signature })`);
    return p;
  });
}

export type WitnessCheck =
  | { ok: true }
  | { ok: false; reason: 'MALFORMED' | 'WRONG_CHAIN' | 'PROOF_INVALID'; detail: string };

/**
 * Check a receipt's or record's `auditRoot` block: well-formed, for `expectedChain`, and its inclusion
 * proof leads from the chain head to the root of the document. (The document's own signature is checked
 * separately, against the published root object.)
 */
export function checkAuditRootWitness(v: unknown, expectedChain: string): WitnessCheck {
  if (!v || typeof v !== 'object') return { ok: false, reason: 'MALFORMED', detail: 'auditRoot is not an object' };
  const w = v as Record<string, unknown>;
  const doc = asAuditRootDocument(w.document);
  const inc = w.inclusion as Record<string, unknown> | undefined;
  if (!doc || !inc || typeof inc !== 'object') return { ok: false, reason: 'MALFORMED', detail: 'auditRoot lacks a root document or an inclusion proof' };
  const { chain, headHash, leafIndex, hashes } = inc;
  if (typeof chain !== 'string' || typeof headHash !== 'string' || typeof leafIndex !== 'number' || !Array.isArray(hashes)) {
    return { ok: false, reason: 'MALFORMED', detail: 'the inclusion proof is not { chain, headHash, leafIndex, hashes }' };
  }
  if (chain !== expectedChain) return { ok: false, reason: 'WRONG_CHAIN', detail: `the proof is for ${chain}, not ${expectedChain}` };
  const ok = verifyChainInclusion({ chain, headHash, leafIndex, treeSize: doc.treeSize, hashes: hashes as string[] }, doc.root);
  return ok ? { ok: true } : { ok: false, reason: 'PROOF_INVALID', detail: `the inclusion proof of ${chain} does not lead to root ${doc.root}` };
}
