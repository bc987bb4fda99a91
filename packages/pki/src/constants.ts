/**
 * `@ebid/pki/constants`: the sealed-bid envelope's constants (packages/pki/ENVELOPE.md) and the bid's
 * parts — values and the one guard `isBidPart`. This file imports nothing, so the web (and the API contracts) can name the parts
 * and size the transport pieces without loading node-forge or any crypto; envelope/format.ts re-exports
 * all of it, so `@ebid/pki` and `@ebid/pki/browser` serve the same names.
 */

/** "EBIDENV1" */
export const ENVELOPE_MAGIC: Uint8Array = new Uint8Array([0x45, 0x42, 0x49, 0x44, 0x45, 0x4e, 0x56, 0x31]);
/** The version writers emit (ENVELOPE.md §3); readers accept ENVELOPE_READ_VERSIONS. */
export const ENVELOPE_VERSION = 2;
export const ENVELOPE_READ_VERSIONS = [1, 2] as const;
/**
 * v2 key commitment: keyCommitment = hex(HMAC-SHA256(K, this label as UTF-8)), in the signed header, so the
 * key that opens the records is fixed before the deadline (issue 14 §4; AES-GCM alone does not commit).
 */
export const KEY_COMMITMENT_LABEL = 'ebid-envelope-v2 key commitment';
/**
 * The largest data chunk index a reader accepts (ENVELOPE.md §10): 2^24 − 1, i.e. at most 2^24 data
 * chunks (16 TiB at the default 1 MiB chunk, 64 GiB at the smallest). Enforced before decrypting.
 */
export const MAX_CHUNK_INDEX = 0xffffff;
/** Upload pieces of the SEALED file (the last may be shorter); partHash is computed over these. */
export const TRANSPORT_CHUNK_SIZE = 4194304;
/** Plaintext bytes per data chunk unless the header says otherwise. */
export const DEFAULT_CHUNK_SIZE = 1048576;
export const MIN_CHUNK_SIZE = 4096;
export const MAX_CHUNK_SIZE = 16 * 1048576;
export const MAX_HEADER_LENGTH = 65536;
/** A trailer holds a manifest and a CMS signature with its certificates; more than this is malformed. */
export const MAX_TRAILER_LENGTH = 1048576;
export const GCM_TAG_LENGTH = 16;
export const NONCE_PREFIX_LENGTH = 8;
export const CONTENT_KEY_LENGTH = 32;
/** u8 type | u32 BE index | u32 BE length */
export const RECORD_HEADER_LENGTH = 9;
export const RECORD_DATA = 1;
export const RECORD_LAST = 2;
export const RECORD_TRAILER = 3;
export const TRAILER_INDEX = 0xffffffff;

export const BID_PARTS = ['summary', 'commercial', 'technical', 'qualification'] as const;
export type BidPart = (typeof BID_PARTS)[number];

export const ALG_V1 = { content: 'AES-256-GCM', keyWrap: 'RSA-OAEP-SHA256', hash: 'SHA-256' } as const;
/** Recognised, reserved for the national algorithms (GM/T), and refused by v1/v2 implementations. */
export const RESERVED_ALGS = { content: ['SM4-GCM'], keyWrap: ['SM2'], hash: ['SM3'] } as const;

/** Is `p` one of the bid's parts? */
export function isBidPart(p: unknown): p is BidPart {
  return typeof p === 'string' && (BID_PARTS as readonly string[]).includes(p);
}
