/**
 * The Merkle tree over the audit chain heads (issue 13 §6, DESIGN §7). Pure (node:crypto only), so the
 * platform, `ebid verify-receipt` and `ebid verify-audit` share it.
 *
 * The tree is the one of RFC 6962 §2.1 (RFC 9162 §2.1), with SHA-256:
 *   leaf hash  = SHA-256(0x00 ‖ leaf bytes)
 *   node hash  = SHA-256(0x01 ‖ left ‖ right)
 *   MTH({})    = SHA-256("")   (the empty tree)
 *   MTH(D[n])  = the leaf hash for n = 1; otherwise, with k the largest power of two smaller than n,
 *                node(MTH(D[0:k]), MTH(D[k:n])).
 * An inclusion proof is the audit path PATH(m, D[n]) of RFC 6962 §2.1.1, checked with the algorithm of
 * RFC 9162 §2.1.3.2.
 *
 * ## The leaves: one per audit chain
 *
 * A checkpoint's tree has one leaf per chain that has at least one event (`platform`, `project:<id>`),
 * sorted by chain id in byte order (the ids are ASCII; 'platform' < 'project:1' < 'project:10' <
 * 'project:2'). The leaf bytes of a chain whose head hash is H are
 *   UTF-8(chain id) ‖ 0x00 ‖ the 32 bytes of H
 * (a chain id never contains 0x00, so the encoding is unambiguous). The head hash already commits to the
 * head's seq (it is the hash of the last event, seq included), so the seq is NOT in the leaf: a published
 * root tells nothing about how many events a chain has.
 */
import { createHash } from 'node:crypto';

export const HASH_SIZE = 32;
const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);
const HEX64 = /^[0-9a-f]{64}$/;

/** MTH of the empty tree: SHA-256 of nothing. */
export const EMPTY_ROOT = createHash('sha256').digest();

export function leafHash(leaf: Uint8Array): Buffer {
  return createHash('sha256').update(LEAF_PREFIX).update(leaf).digest();
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  if (left.length !== HASH_SIZE || right.length !== HASH_SIZE) throw new RangeError('Merkle node children must be 32-byte hashes');
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}

/** The largest power of two smaller than n (n ≥ 2). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function checkLeaves(leafHashes: readonly Uint8Array[]): void {
  for (const h of leafHashes) if (h.length !== HASH_SIZE) throw new RangeError('leaf hashes must be 32 bytes');
}

function mth(leafHashes: readonly Uint8Array[], from: number, to: number): Buffer {
  const n = to - from;
  if (n === 1) return Buffer.from(leafHashes[from]!);
  const k = splitPoint(n);
  return nodeHash(mth(leafHashes, from, from + k), mth(leafHashes, from + k, to));
}

/** The Merkle tree hash (root) of the given leaf hashes, in order. */
export function merkleRoot(leafHashes: readonly Uint8Array[]): Buffer {
  checkLeaves(leafHashes);
  return leafHashes.length === 0 ? Buffer.from(EMPTY_ROOT) : mth(leafHashes, 0, leafHashes.length);
}

function path(leafHashes: readonly Uint8Array[], m: number, from: number, to: number): Buffer[] {
  const n = to - from;
  if (n === 1) return [];
  const k = splitPoint(n);
  return m < k
    ? [...path(leafHashes, m, from, from + k), mth(leafHashes, from + k, to)]
    : [...path(leafHashes, m - k, from + k, to), mth(leafHashes, from, from + k)];
}

/** The audit path of leaf `index` (0-based) in the tree of `leafHashes`: sibling hashes, leaf level first. */
export function inclusionProof(leafHashes: readonly Uint8Array[], index: number): Buffer[] {
  checkLeaves(leafHashes);
  if (!Number.isSafeInteger(index) || index < 0 || index >= leafHashes.length) throw new RangeError('leaf index out of range');
  return path(leafHashes, index, 0, leafHashes.length);
}

/**
 * The root that an inclusion proof leads to (RFC 9162 §2.1.3.2), or null when the proof cannot belong to
 * a tree of that size at that index (wrong length, index out of range, a hash that is not 32 bytes).
 */
export function rootFromInclusionProof(leaf: Uint8Array, index: number, treeSize: number, proof: readonly Uint8Array[]): Buffer | null {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(treeSize) || index < 0 || index >= treeSize || treeSize > 2 ** 32) return null;
  if (leaf.length !== HASH_SIZE || proof.some((p) => p.length !== HASH_SIZE)) return null;
  let fn = index;
  let sn = treeSize - 1;
  let r: Buffer = Buffer.from(leaf);
  for (const p of proof) {
    if (sn === 0) return null; // the proof is longer than the path
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null; // sn ≠ 0: the proof is shorter than the path
}

/** True when `proof` proves that `leaf` (a leaf hash) is leaf `index` of the tree of `treeSize` with `root`. */
export function verifyInclusion(leaf: Uint8Array, index: number, treeSize: number, proof: readonly Uint8Array[], root: Uint8Array): boolean {
  const r = rootFromInclusionProof(leaf, index, treeSize, proof);
  return r !== null && root.length === HASH_SIZE && r.equals(root);
}

// ------------------------------------------------------------------------------ chain heads as leaves

export interface ChainHeadLeaf {
  /** 'platform' or 'project:<id>' */
  chain: string;
  /** The chain's head hash: lowercase hex SHA-256. */
  hash: string;
}

/** UTF-8(chain) ‖ 0x00 ‖ head hash bytes. */
export function chainLeafBytes(chain: string, headHash: string): Buffer {
  if (chain.length === 0 || chain.includes('\u0000')) throw new RangeError('invalid chain id for a Merkle leaf');
  if (!HEX64.test(headHash)) throw new RangeError('a chain head hash must be 64 lowercase hex');
  return Buffer.concat([Buffer.from(chain, 'utf8'), LEAF_PREFIX, Buffer.from(headHash, 'hex')]);
}

export function chainLeafHash(chain: string, headHash: string): Buffer {
  return leafHash(chainLeafBytes(chain, headHash));
}

/** Byte order of the (ASCII) chain ids. */
export function compareChainIds(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** The leaves in tree order; throws on a chain listed twice. */
export function sortChainLeaves<T extends ChainHeadLeaf>(heads: readonly T[]): T[] {
  const sorted = [...heads].sort((x, y) => compareChainIds(x.chain, y.chain));
  for (let i = 1; i < sorted.length; i++) if (sorted[i - 1]!.chain === sorted[i]!.chain) throw new RangeError(`chain ${sorted[i]!.chain} listed twice`);
  return sorted;
}

/** The root (hex) and size of the tree over the chain heads. */
export function chainHeadsRoot(heads: readonly ChainHeadLeaf[]): { root: string; treeSize: number } {
  const leaves = sortChainLeaves(heads).map((h) => chainLeafHash(h.chain, h.hash));
  return { root: merkleRoot(leaves).toString('hex'), treeSize: leaves.length };
}

export interface ChainInclusionProof {
  chain: string;
  headHash: string;
  leafIndex: number;
  treeSize: number;
  /** The audit path, lowercase hex, leaf level first. */
  hashes: string[];
}

/** The inclusion proof of `chain`'s head in the tree over `heads`; null when the chain is not a leaf. */
export function chainInclusionProof(heads: readonly ChainHeadLeaf[], chain: string): ChainInclusionProof | null {
  const sorted = sortChainLeaves(heads);
  const index = sorted.findIndex((h) => h.chain === chain);
  if (index < 0) return null;
  const proof = inclusionProof(
    sorted.map((h) => chainLeafHash(h.chain, h.hash)),
    index,
  );
  return { chain, headHash: sorted[index]!.hash, leafIndex: index, treeSize: sorted.length, hashes: proof.map((p) => p.toString('hex')) };
}

/** True when the proof leads from the chain's head to `root` (hex). Malformed input is simply false. */
export function verifyChainInclusion(p: ChainInclusionProof, root: string): boolean {
  if (typeof root !== 'string' || !HEX64.test(root) || !Array.isArray(p.hashes) || !p.hashes.every((h) => typeof h === 'string' && HEX64.test(h))) return false;
  let leaf: Buffer;
  try {
    leaf = chainLeafHash(p.chain, p.headHash);
  } catch {
    return false;
  }
  return verifyInclusion(
    leaf,
    p.leafIndex,
    p.treeSize,
    p.hashes.map((h) => Buffer.from(h, 'hex')),
    Buffer.from(root, 'hex'),
  );
}
