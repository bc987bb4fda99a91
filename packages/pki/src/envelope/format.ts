/**
 * The sealed-bid envelope (packages/pki/ENVELOPE.md): format v2 is written, v1 and v2 are read. Constants,
 * header and trailer schemas (parsed strictly), record framing, nonces and associated data, the key
 * commitment label, the chunked part hash and the outer manifest.
 *
 * PURE: no `node:` imports and no Node globals, so the Node entry (node.ts, node:crypto) and the browser
 * entry (webcrypto.ts, crypto.subtle) share every byte-level rule from here.
 */

import { hasExactKeys, parseJsonBytesStrict, StrictJsonError } from '@ebid/domain/strict-json';

// ---------------------------------------------------------------- constants

// The format's constants live in ../constants.ts (the `@ebid/pki/constants` entry: no node-forge, no code),
// so the web can size pieces and name parts without loading the crypto; re-exported here unchanged.
export * from '../constants.ts';
import {
  ALG_V1,
  ENVELOPE_MAGIC,
  GCM_TAG_LENGTH,
  isBidPart,
  type BidPart,
  MAX_CHUNK_INDEX,
  MAX_CHUNK_SIZE,
  MAX_HEADER_LENGTH,
  MAX_TRAILER_LENGTH,
  MIN_CHUNK_SIZE,
  NONCE_PREFIX_LENGTH,
  RECORD_DATA,
  RECORD_HEADER_LENGTH,
  RECORD_LAST,
  RECORD_TRAILER,
  RESERVED_ALGS,
  TRAILER_INDEX,
  TRANSPORT_CHUNK_SIZE,
} from '../constants.ts';

// ---------------------------------------------------------------- errors

export const ENVELOPE_ERROR_CODES = [
  'ENVELOPE_NOT_SEALED',
  'ENVELOPE_MALFORMED',
  'ENVELOPE_UNSUPPORTED_ALG',
  'ENVELOPE_TRUNCATED',
  'ENVELOPE_REORDERED',
  'ENVELOPE_TAMPERED',
  'ENVELOPE_NOT_RECIPIENT',
  'ENVELOPE_SIGNER_MISMATCH',
  'ENVELOPE_PLAINTEXT_MISMATCH',
  'ENVELOPE_WRONG_KEY',
] as const;
export type EnvelopeErrorCode = (typeof ENVELOPE_ERROR_CODES)[number];

export const ENVELOPE_ERROR_MESSAGES: Record<EnvelopeErrorCode, { zh: string; en: string }> = {
  ENVELOPE_NOT_SEALED: {
    zh: '文件未加密，请先使用投标文件加密工具加密',
    en: 'The file is not sealed; seal it with the bid encryption tool first',
  },
  ENVELOPE_MALFORMED: { zh: '加密投标文件格式错误', en: 'The sealed bid file is malformed' },
  ENVELOPE_UNSUPPORTED_ALG: {
    zh: '加密投标文件使用了不支持的版本或算法',
    en: 'The sealed bid file uses an unsupported version or algorithm',
  },
  ENVELOPE_TRUNCATED: { zh: '加密投标文件不完整（被截断）', en: 'The sealed bid file is incomplete (truncated)' },
  ENVELOPE_REORDERED: { zh: '加密投标文件的数据块顺序错误', en: 'The chunks of the sealed bid file are out of order' },
  ENVELOPE_TAMPERED: { zh: '加密投标文件已被篡改或损坏', en: 'The sealed bid file was tampered with or is corrupt' },
  ENVELOPE_NOT_RECIPIENT: {
    zh: '该加密证书（私钥）无法解密此投标文件',
    en: 'This encryption certificate (private key) cannot open the sealed bid file',
  },
  ENVELOPE_SIGNER_MISMATCH: {
    zh: '投标文件的内层签名无效或不是预期的签名人',
    en: 'The inner signature is invalid or not by the expected signer',
  },
  ENVELOPE_PLAINTEXT_MISMATCH: {
    zh: '解密后的文件与签名清单（大小或摘要）不一致',
    en: 'The decrypted file does not match its signed manifest (size or hash)',
  },
  // The content key (given, or unwrapped) does not match the v2 header's key commitment; for v1, opening
  // with an already unwrapped K whose first record does not authenticate.
  ENVELOPE_WRONG_KEY: { zh: '解密密钥无法打开该投标文件', en: 'The decryption key does not open this bid file' },
};

export class EnvelopeError extends Error {
  readonly code: EnvelopeErrorCode;
  readonly zh: string;
  readonly en: string;
  readonly detail?: string;
  constructor(code: EnvelopeErrorCode, detail?: string, options?: { cause?: unknown }) {
    const m = ENVELOPE_ERROR_MESSAGES[code];
    super(`${code}: ${m.en}${detail ? ` (${detail})` : ''}`, options);
    this.name = 'EnvelopeError';
    this.code = code;
    this.zh = m.zh;
    this.en = m.en;
    if (detail !== undefined) this.detail = detail;
  }
}

export function isEnvelopeError(e: unknown, code?: EnvelopeErrorCode): e is EnvelopeError {
  return e instanceof EnvelopeError && (code === undefined || e.code === code);
}

const fail = (code: EnvelopeErrorCode, detail?: string): never => {
  throw new EnvelopeError(code, detail);
};

// ---------------------------------------------------------------- bytes

const enc = new TextEncoder();
const dec = new TextDecoder('utf-8', { fatal: true });

export const utf8Bytes = (s: string): Uint8Array => enc.encode(s);

export function bytesToHex(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
}

export function hexToBytes(hex: string): Uint8Array {
  if (!/^(?:[0-9a-f]{2})*$/i.test(hex)) throw new Error('not hex');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function bytesToBase64(b: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < b.length; i += 0x8000) bin += String.fromCharCode(...b.subarray(i, i + 0x8000));
  return btoa(bin);
}

export function base64ToBytes(s: string): Uint8Array {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function startsWithMagic(b: Uint8Array): boolean {
  if (b.length < ENVELOPE_MAGIC.length) return false;
  for (let i = 0; i < ENVELOPE_MAGIC.length; i++) if (b[i] !== ENVELOPE_MAGIC[i]) return false;
  return true;
}

/** True when the bytes start with the magic (a quick "is this sealed?" check for piece 0 of an upload). */
export function looksSealed(firstBytes: Uint8Array): boolean {
  return startsWithMagic(firstBytes);
}

// ---------------------------------------------------------------- header

export interface EnvelopeRecipient {
  /** 'bidder' in v1 and v2; other kinds (e.g. the k-of-n opening key) are an extension point, see ENVELOPE.md §7 */
  kind: 'bidder';
  certSerial: string;
  certSha256: string;
  wrappedKey: string;
}

interface EnvelopeHeaderCommon {
  alg: { content: 'AES-256-GCM'; keyWrap: 'RSA-OAEP-SHA256'; hash: 'SHA-256' };
  part: BidPart;
  projectId: number;
  sectionId: number;
  chunkSize: number;
  noncePrefix: string;
  /** exactly one entry (issue 14 §6) */
  recipients: EnvelopeRecipient[];
}

export interface EnvelopeHeaderV1 extends EnvelopeHeaderCommon {
  v: 1;
}

export interface EnvelopeHeaderV2 extends EnvelopeHeaderCommon {
  v: 2;
  /** hex HMAC-SHA256(K, KEY_COMMITMENT_LABEL) */
  keyCommitment: string;
}

export type EnvelopeHeader = EnvelopeHeaderV1 | EnvelopeHeaderV2;

const isPosInt = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n > 0;
const isHex = (s: unknown, len?: number): s is string =>
  typeof s === 'string' && /^[0-9a-f]+$/.test(s) && (len === undefined || s.length === len);
const isB64 = (s: unknown): s is string => typeof s === 'string' && s.length > 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(s);
const isObj = (o: unknown): o is Record<string, unknown> => typeof o === 'object' && o !== null && !Array.isArray(o);

/** Base64 that decodes and re-encodes to the same text (canonical padding, no stray bits). */
function strictBase64(s: unknown, what: string): Uint8Array {
  if (!isB64(s) || s.length % 4 !== 0) return fail('ENVELOPE_MALFORMED', what);
  let b: Uint8Array;
  try {
    b = base64ToBytes(s);
  } catch {
    return fail('ENVELOPE_MALFORMED', what);
  }
  if (bytesToBase64(b) !== s) fail('ENVELOPE_MALFORMED', `${what} is not canonical base64`);
  return b;
}

const HEADER_KEYS_V2 = ['v', 'alg', 'part', 'projectId', 'sectionId', 'chunkSize', 'noncePrefix', 'keyCommitment', 'recipients'] as const;
const ALG_KEYS = ['content', 'keyWrap', 'hash'] as const;
const RECIPIENT_KEYS = ['kind', 'certSerial', 'certSha256', 'wrappedKey'] as const;

/** The v2 header object with its keys in the order the format fixes (JSON.stringify keeps insertion order). */
export function buildEnvelopeHeader(p: {
  part: BidPart;
  projectId: number;
  sectionId: number;
  chunkSize: number;
  noncePrefix: Uint8Array;
  keyCommitment: string;
  recipients: readonly EnvelopeRecipient[];
}): EnvelopeHeaderV2 {
  return validateHeader({
    v: 2,
    alg: { content: ALG_V1.content, keyWrap: ALG_V1.keyWrap, hash: ALG_V1.hash },
    part: p.part,
    projectId: p.projectId,
    sectionId: p.sectionId,
    chunkSize: p.chunkSize,
    noncePrefix: bytesToBase64(p.noncePrefix),
    keyCommitment: p.keyCommitment,
    recipients: p.recipients.map((r) => ({ kind: r.kind, certSerial: r.certSerial, certSha256: r.certSha256, wrappedKey: r.wrappedKey })),
  }) as EnvelopeHeaderV2;
}

export function headerJsonBytes(h: EnvelopeHeader): Uint8Array {
  return utf8Bytes(JSON.stringify(h));
}

/** MAGIC ‖ u32 BE headerLength ‖ header */
export function headerPrefixBytes(headerBytes: Uint8Array): Uint8Array<ArrayBuffer> {
  if (headerBytes.length > MAX_HEADER_LENGTH) fail('ENVELOPE_MALFORMED', 'header too long');
  const out = new Uint8Array(12 + headerBytes.length);
  out.set(ENVELOPE_MAGIC, 0);
  new DataView(out.buffer).setUint32(8, headerBytes.length);
  out.set(headerBytes, 12);
  return out;
}

function checkAlg(name: 'content' | 'keyWrap' | 'hash', value: unknown): void {
  if (value === ALG_V1[name]) return;
  const reserved = (RESERVED_ALGS[name] as readonly string[]).includes(String(value));
  fail('ENVELOPE_UNSUPPORTED_ALG', `${name}: ${String(value)}${reserved ? ' (reserved, not supported in v1/v2)' : ''}`);
}

/**
 * Checks the parsed JSON against the v1 or v2 schema; unknown version or algorithm →
 * ENVELOPE_UNSUPPORTED_ALG. v2 headers must have exactly the v2 keys in the format's order. Both
 * versions: exactly one recipient (issue 14 §6).
 */
export function validateHeader(h: unknown): EnvelopeHeader {
  if (!isObj(h)) return fail('ENVELOPE_MALFORMED', 'header is not an object');
  if (h.v !== 1 && h.v !== 2) fail('ENVELOPE_UNSUPPORTED_ALG', `format version ${String(h.v)}`);
  if (!isObj(h.alg)) fail('ENVELOPE_MALFORMED', 'alg');
  const alg = h.alg as Record<string, unknown>;
  checkAlg('content', alg.content);
  checkAlg('keyWrap', alg.keyWrap);
  checkAlg('hash', alg.hash);
  if (h.v === 2) {
    if (!hasExactKeys(h, HEADER_KEYS_V2)) fail('ENVELOPE_MALFORMED', 'v2 header fields (missing, unknown or out of order)');
    if (!hasExactKeys(alg, ALG_KEYS)) fail('ENVELOPE_MALFORMED', 'alg fields');
    if (!isHex(h.keyCommitment, 64)) fail('ENVELOPE_MALFORMED', 'keyCommitment');
  }
  if (!isBidPart(h.part)) fail('ENVELOPE_MALFORMED', 'part');
  if (!isPosInt(h.projectId)) fail('ENVELOPE_MALFORMED', 'projectId');
  if (!isPosInt(h.sectionId)) fail('ENVELOPE_MALFORMED', 'sectionId');
  const cs = h.chunkSize;
  if (!isPosInt(cs) || cs < MIN_CHUNK_SIZE || cs > MAX_CHUNK_SIZE) fail('ENVELOPE_MALFORMED', 'chunkSize');
  if (!isB64(h.noncePrefix)) fail('ENVELOPE_MALFORMED', 'noncePrefix');
  let np: Uint8Array;
  try {
    np = base64ToBytes(h.noncePrefix as string);
  } catch {
    return fail('ENVELOPE_MALFORMED', 'noncePrefix');
  }
  if (np.length !== NONCE_PREFIX_LENGTH) fail('ENVELOPE_MALFORMED', 'noncePrefix length');
  if (!Array.isArray(h.recipients)) fail('ENVELOPE_MALFORMED', 'recipients');
  const rs = h.recipients as unknown[];
  // Exactly one recipient, the bidder's own encryption certificate (issue 14 §6): a second entry can
  // only be a key for someone else (or a duplicate hiding one).
  if (rs.length !== 1) fail('ENVELOPE_MALFORMED', `exactly one recipient is allowed, found ${rs.length}`);
  for (const r of rs) {
    if (!isObj(r)) return fail('ENVELOPE_MALFORMED', 'recipient');
    if (r.kind !== 'bidder') fail('ENVELOPE_UNSUPPORTED_ALG', `recipient kind ${String(r.kind)}`);
    if (h.v === 2 && !hasExactKeys(r, RECIPIENT_KEYS)) fail('ENVELOPE_MALFORMED', 'recipient fields');
    if (!isHex(r.certSerial) || !isHex(r.certSha256, 64) || !isB64(r.wrappedKey)) fail('ENVELOPE_MALFORMED', 'recipient fields');
    if (h.v === 2) strictBase64(r.wrappedKey, 'wrappedKey');
  }
  return h as unknown as EnvelopeHeader;
}

/**
 * Reads MAGIC, the header length and the header from the start of a sealed file (`bytes` may be just a
 * prefix, e.g. upload piece 0). No magic → ENVELOPE_NOT_SEALED; too short → ENVELOPE_TRUNCATED. The
 * header JSON is parsed strictly (invalid UTF-8 or a key given twice → ENVELOPE_MALFORMED).
 */
export function parseEnvelopeHeader(bytes: Uint8Array): { header: EnvelopeHeader; headerBytes: Uint8Array; dataOffset: number } {
  if (!startsWithMagic(bytes)) {
    // A prefix of the magic (a file of a few bytes) is still "not sealed": there is no envelope to read.
    fail('ENVELOPE_NOT_SEALED');
  }
  if (bytes.length < 12) fail('ENVELOPE_TRUNCATED', 'no header length');
  const len = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8);
  if (len === 0 || len > MAX_HEADER_LENGTH) fail('ENVELOPE_MALFORMED', `header length ${len}`);
  if (bytes.length < 12 + len) fail('ENVELOPE_TRUNCATED', 'short header');
  const headerBytes = bytes.slice(12, 12 + len);
  let json: unknown;
  try {
    json = parseJsonBytesStrict(headerBytes);
  } catch (e) {
    return fail('ENVELOPE_MALFORMED', e instanceof StrictJsonError && e.reason === 'DUPLICATE_KEY' ? 'a header key is given twice' : 'header is not UTF-8 JSON');
  }
  const header = validateHeader(json);
  // v2: the stored bytes are exactly what a writer produces (JSON.stringify in the format's order).
  if (header.v === 2 && dec.decode(headerBytes) !== JSON.stringify(header)) fail('ENVELOPE_MALFORMED', 'the v2 header is not in the canonical layout');
  return { header, headerBytes, dataOffset: 12 + len };
}

/** Constant-time comparison of two hex strings of equal length. */
export function equalHex(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return d === 0;
}

/** The byte length of an RSA modulus given as big-endian bytes (leading zero bytes ignored). */
export function rsaModulusBytes(modulus: Uint8Array): number {
  let i = 0;
  while (i < modulus.length && modulus[i] === 0) i++;
  return modulus.length - i;
}

/** The wrapped key must be exactly as long as the recipient certificate's RSA modulus (issue 14 §6). */
export function checkWrappedKeyLength(wrappedKey: string, modulusBytes: number): void {
  let n: number;
  try {
    n = base64ToBytes(wrappedKey).length;
  } catch {
    return fail('ENVELOPE_MALFORMED', 'wrappedKey');
  }
  if (n !== modulusBytes) fail('ENVELOPE_MALFORMED', `the wrapped key is ${n} bytes, the recipient's RSA modulus ${modulusBytes}`);
}

// ---------------------------------------------------------------- nonce, AAD, records

/** noncePrefix(8) ‖ u32 BE index */
export function chunkNonce(noncePrefix: Uint8Array, index: number): Uint8Array<ArrayBuffer> {
  const n = new Uint8Array(12);
  n.set(noncePrefix, 0);
  new DataView(n.buffer).setUint32(8, index >>> 0);
  return n;
}

/** headerSha256(32 raw bytes) ‖ u32 BE index ‖ u8 type */
export function chunkAad(headerSha256: Uint8Array, index: number, type: number): Uint8Array<ArrayBuffer> {
  const a = new Uint8Array(37);
  a.set(headerSha256, 0);
  const dv = new DataView(a.buffer);
  dv.setUint32(32, index >>> 0);
  a[36] = type;
  return a;
}

export function recordHeader(type: number, index: number, length: number): Uint8Array<ArrayBuffer> {
  const b = new Uint8Array(RECORD_HEADER_LENGTH);
  const dv = new DataView(b.buffer);
  b[0] = type;
  dv.setUint32(1, index >>> 0);
  dv.setUint32(5, length >>> 0);
  return b;
}

/** Sealed size for a plaintext of `plaintextSize` bytes, given the header and trailer lengths. */
export function sealedSize(p: { headerLength: number; plaintextSize: number; chunkSize: number; trailerCiphertextLength: number }): number {
  const chunks = Math.max(1, Math.ceil(p.plaintextSize / p.chunkSize));
  return 12 + p.headerLength + chunks * (RECORD_HEADER_LENGTH + GCM_TAG_LENGTH) + p.plaintextSize + RECORD_HEADER_LENGTH + p.trailerCiphertextLength;
}

export interface EnvelopeRecord {
  type: 1 | 2 | 3;
  index: number;
  /** ciphertext ‖ 16-byte GCM tag */
  body: Uint8Array;
}

/**
 * Incremental record reader for everything after the header: push() bytes as they come, take() complete
 * records, end() at end of input. It enforces the framing and the order: data records 0,1,2,… of exactly
 * chunkSize plaintext bytes, then one last record (≤ chunkSize; 0 bytes only as record 0), then the
 * trailer (index 0xFFFFFFFF), then the end of the file. Memory: at most one record plus one input piece.
 */
export class RecordReader {
  private buf: Uint8Array[] = [];
  private buffered = 0;
  private expectIndex = 0;
  private state: 'data' | 'trailer' | 'done' = 'data';
  /** `maxChunkIndex` is MAX_CHUNK_INDEX; a smaller one only in tests. */
  constructor(
    private readonly chunkSize: number,
    private readonly maxChunkIndex: number = MAX_CHUNK_INDEX,
  ) {}

  push(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    if (this.state === 'done') fail('ENVELOPE_MALFORMED', 'bytes after the trailer');
    this.buf.push(bytes);
    this.buffered += bytes.length;
  }

  private peek(n: number): Uint8Array {
    const out = new Uint8Array(n);
    let o = 0;
    for (const b of this.buf) {
      const k = Math.min(b.length, n - o);
      out.set(b.subarray(0, k), o);
      o += k;
      if (o === n) break;
    }
    return out;
  }

  private consume(n: number): Uint8Array {
    let out: Uint8Array;
    const first = this.buf[0]!;
    if (first.length >= n) {
      out = first.subarray(0, n);
      if (first.length === n) this.buf.shift();
      else this.buf[0] = first.subarray(n);
    } else {
      out = this.peek(n);
      let left = n;
      while (left > 0) {
        const b = this.buf[0]!;
        if (b.length <= left) {
          left -= b.length;
          this.buf.shift();
        } else {
          this.buf[0] = b.subarray(left);
          left = 0;
        }
      }
    }
    this.buffered -= n;
    return out;
  }

  /** The next complete record, or null when more bytes are needed. Throws on framing/order errors. */
  take(): EnvelopeRecord | null {
    if (this.state === 'done') {
      if (this.buffered > 0) fail('ENVELOPE_MALFORMED', 'bytes after the trailer');
      return null;
    }
    if (this.buffered < RECORD_HEADER_LENGTH) return null;
    const h = this.peek(RECORD_HEADER_LENGTH);
    const dv = new DataView(h.buffer);
    const type = h[0]!;
    const index = dv.getUint32(1);
    const length = dv.getUint32(5);
    if (type !== RECORD_DATA && type !== RECORD_LAST && type !== RECORD_TRAILER) fail('ENVELOPE_MALFORMED', `record type ${type}`);
    if (this.state === 'data') {
      if (type === RECORD_TRAILER) fail('ENVELOPE_TRUNCATED', 'trailer before the last data chunk');
      // The explicit bound (ENVELOPE.md §10), before the order check and before any decryption.
      if (index > this.maxChunkIndex) fail('ENVELOPE_MALFORMED', `chunk index ${index} above the limit ${this.maxChunkIndex}`);
      if (index !== this.expectIndex) fail('ENVELOPE_REORDERED', `record ${index} where ${this.expectIndex} was expected`);
      const max = this.chunkSize + GCM_TAG_LENGTH;
      if (type === RECORD_DATA && length !== max) fail('ENVELOPE_MALFORMED', `data record ${index} length ${length}`);
      if (type === RECORD_LAST && (length > max || length < GCM_TAG_LENGTH || (length === GCM_TAG_LENGTH && index !== 0))) {
        fail('ENVELOPE_MALFORMED', `last record ${index} length ${length}`);
      }
    } else {
      if (type !== RECORD_TRAILER) fail('ENVELOPE_MALFORMED', 'data after the last data chunk');
      if (index !== TRAILER_INDEX) fail('ENVELOPE_REORDERED', `trailer index ${index}`);
      if (length < GCM_TAG_LENGTH || length > MAX_TRAILER_LENGTH) fail('ENVELOPE_MALFORMED', `trailer length ${length}`);
    }
    if (this.buffered < RECORD_HEADER_LENGTH + length) return null;
    this.consume(RECORD_HEADER_LENGTH);
    const body = this.consume(length);
    if (type === RECORD_DATA) this.expectIndex++;
    else if (type === RECORD_LAST) this.state = 'trailer';
    else this.state = 'done';
    return { type: type as 1 | 2 | 3, index, body };
  }

  /** At end of input: anything missing is ENVELOPE_TRUNCATED. */
  end(): void {
    if (this.state === 'done') {
      if (this.buffered > 0) fail('ENVELOPE_MALFORMED', 'bytes after the trailer');
      return;
    }
    if (this.buffered > 0) fail('ENVELOPE_TRUNCATED', 'the file ends inside a record');
    fail('ENVELOPE_TRUNCATED', this.state === 'data' ? 'no last data chunk' : 'no trailer');
  }

  get finished(): boolean {
    return this.state === 'done';
  }
}

// ---------------------------------------------------------------- manifest and trailer

export interface PartManifest {
  part: BidPart;
  projectId: number;
  sectionId: number;
  name: string;
  size: number;
  sha256: string;
}

/** The inner manifest's type (domain separation, issue 14 §5): no other signed object starts with it. */
export const MANIFEST_TYPE = 'ebid-bid-manifest';
const MANIFEST_KEYS_V1 = ['part', 'projectId', 'sectionId', 'name', 'size', 'sha256'] as const;
const MANIFEST_KEYS_V2 = ['type', 'v', ...MANIFEST_KEYS_V1] as const;
const TRAILER_KEYS = ['manifest', 'innerSignature'] as const;

/**
 * The bytes the inner signature covers: JSON.stringify of the manifest in the format's key order —
 * v2 `{"type":"ebid-bid-manifest","v":2,"part",…}`, v1 (legacy) `{"part",…}`.
 */
export function manifestBytes(m: PartManifest, version: 1 | 2 = 2): Uint8Array {
  const body = { part: m.part, projectId: m.projectId, sectionId: m.sectionId, name: m.name, size: m.size, sha256: m.sha256 };
  return utf8Bytes(JSON.stringify(version === 2 ? { type: MANIFEST_TYPE, v: 2, ...body } : body));
}

/**
 * The trailer plaintext. v2: `{"manifest":"<base64 of the exact signed manifest bytes>","innerSignature":"<base64>"}`;
 * v1: the manifest JSON inline. `signedManifest` are the bytes the inner signature covers.
 */
export function trailerBytes(signedManifest: Uint8Array, innerSignature: Uint8Array, version: 1 | 2 = 2): Uint8Array {
  if (version === 2) return utf8Bytes(JSON.stringify({ manifest: bytesToBase64(signedManifest), innerSignature: bytesToBase64(innerSignature) }));
  return utf8Bytes(`{"manifest":${dec.decode(signedManifest)},"innerSignature":${JSON.stringify(bytesToBase64(innerSignature))}}`);
}

function strictJson(bytes: Uint8Array, what: string): unknown {
  try {
    return parseJsonBytesStrict(bytes);
  } catch (e) {
    const why = e instanceof StrictJsonError ? (e.reason === 'UTF8' ? 'not UTF-8' : e.reason === 'DUPLICATE_KEY' ? `a key given twice (${e.message})` : 'not JSON') : 'not JSON';
    return fail('ENVELOPE_MALFORMED', `${what}: ${why}`);
  }
}

function manifestOf(m: Record<string, unknown>, header: EnvelopeHeader): PartManifest {
  if (
    m.part !== header.part ||
    m.projectId !== header.projectId ||
    m.sectionId !== header.sectionId ||
    typeof m.name !== 'string' ||
    typeof m.size !== 'number' ||
    !Number.isSafeInteger(m.size) ||
    m.size < 0 ||
    !isHex(m.sha256, 64)
  ) {
    fail('ENVELOPE_MALFORMED', 'trailer manifest does not match the header');
  }
  return {
    part: m.part as BidPart,
    projectId: m.projectId as number,
    sectionId: m.sectionId as number,
    name: m.name as string,
    size: m.size as number,
    sha256: m.sha256 as string,
  };
}

/**
 * Parses the decrypted trailer strictly (issue 14 §7) and checks that its manifest belongs to this header.
 * Returns `signedBytes`, the exact bytes the inner signature must cover — never a re-serialisation:
 * v2 the base64-decoded manifest bytes; v1 the manifest's substring of the trailer, whose layout must
 * be exactly the v1 writers' (`{"manifest":<JSON.stringify(manifest)>,"innerSignature":"…"}`). Invalid
 * UTF-8, a key given twice, missing or extra fields, another manifest type → ENVELOPE_MALFORMED.
 */
export function parseTrailer(bytes: Uint8Array, header: EnvelopeHeader): { manifest: PartManifest; innerSignature: Uint8Array; signedBytes: Uint8Array } {
  const t = strictJson(bytes, 'trailer');
  if (!hasExactKeys(t, TRAILER_KEYS)) return fail('ENVELOPE_MALFORMED', 'trailer fields');
  const innerSignature = strictBase64(t.innerSignature, 'innerSignature');
  if (header.v === 2) {
    const signedBytes = strictBase64(t.manifest, 'manifest');
    if (dec.decode(bytes) !== JSON.stringify({ manifest: t.manifest, innerSignature: t.innerSignature })) fail('ENVELOPE_MALFORMED', 'the trailer is not in the v2 layout');
    const m = strictJson(signedBytes, 'manifest');
    if (!hasExactKeys(m, MANIFEST_KEYS_V2)) return fail('ENVELOPE_MALFORMED', 'manifest fields (missing, unknown or out of order)');
    if (m.type !== MANIFEST_TYPE || m.v !== 2) fail('ENVELOPE_MALFORMED', `manifest type ${String(m.type)} v ${String(m.v)}`);
    const manifest = manifestOf(m, header);
    if (!equalBytes(manifestBytes(manifest, 2), signedBytes)) fail('ENVELOPE_MALFORMED', 'the manifest is not in the v2 layout');
    return { manifest, innerSignature, signedBytes };
  }
  if (!hasExactKeys(t.manifest, MANIFEST_KEYS_V1)) return fail('ENVELOPE_MALFORMED', 'manifest fields (missing, unknown or out of order)');
  const manifest = manifestOf(t.manifest, header);
  const expected = manifestBytes(manifest, 1);
  const prefix = utf8Bytes('{"manifest":');
  const signedBytes = bytes.slice(prefix.length, prefix.length + expected.length);
  if (!equalBytes(trailerBytes(expected, innerSignature, 1), bytes) || !equalBytes(signedBytes, expected)) {
    fail('ENVELOPE_MALFORMED', 'the trailer is not in the v1 layout');
  }
  return { manifest, innerSignature, signedBytes };
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

// ---------------------------------------------------------------- outer manifest, part hash

/** The outer manifest's type (domain separation): the bidder's signature on one sealed part of one bid. */
export const OUTER_MANIFEST_TYPE = 'ebid-bid-part';

export interface OuterManifest {
  projectId: number;
  sectionId: number;
  /** the bidding company (the platform's organization id) — issue 14 §8 */
  bidderOrgId: number;
  /** the bid version this finalize creates (1 for the first bid, last + 1 after) — issue 14 §8 */
  version: number;
  part: BidPart;
  headerSha256: string;
  partHash: string;
  size: number;
}

/**
 * The bytes the outer signature covers (v2, ENVELOPE.md §6; the server rebuilds them from what it stored
 * and the version it is about to create): `{"type":"ebid-bid-part","v":2,"projectId",…}`.
 */
export function outerManifestBytes(m: OuterManifest): Uint8Array {
  return utf8Bytes(
    JSON.stringify({
      type: OUTER_MANIFEST_TYPE,
      v: 2,
      projectId: m.projectId,
      sectionId: m.sectionId,
      bidderOrgId: m.bidderOrgId,
      version: m.version,
      part: m.part,
      headerSha256: m.headerSha256,
      partHash: m.partHash,
      size: m.size,
    }),
  );
}

/** An incremental SHA-256 as both implementations provide it (node:crypto, hash-wasm). */
export interface IncrementalSha256 {
  update(b: Uint8Array): void;
  /** the raw 32 bytes; the hash is not used afterwards */
  digest(): Uint8Array;
}

/**
 * partHash over a byte stream cut into TRANSPORT_CHUNK_SIZE pieces: SHA-256 of the concatenated raw
 * SHA-256 digests of the pieces. update() takes the stream in any slicing.
 */
export class PieceHasher {
  private cur: IncrementalSha256;
  private inPiece = 0;
  private digests: Uint8Array[] = [];
  private total = 0;
  constructor(
    private readonly newHash: () => IncrementalSha256,
    private readonly pieceSize: number = TRANSPORT_CHUNK_SIZE,
  ) {
    this.cur = newHash();
  }
  update(bytes: Uint8Array): void {
    let o = 0;
    while (o < bytes.length) {
      const k = Math.min(bytes.length - o, this.pieceSize - this.inPiece);
      this.cur.update(o === 0 && k === bytes.length ? bytes : bytes.subarray(o, o + k));
      this.inPiece += k;
      o += k;
      if (this.inPiece === this.pieceSize) {
        this.digests.push(this.cur.digest());
        this.cur = this.newHash();
        this.inPiece = 0;
      }
    }
    this.total += bytes.length;
  }
  get size(): number {
    return this.total;
  }
  /** The raw digests of the pieces (the last one, if partial, included). */
  pieceDigests(): Uint8Array[] {
    return this.inPiece > 0 || this.digests.length === 0 ? [...this.digests, this.cur.digest()] : [...this.digests];
  }
  /** hex partHash; call once. An empty stream counts as one empty piece. */
  digest(): string {
    const all = this.pieceDigests();
    const outer = this.newHash();
    outer.update(concatBytes(all));
    return bytesToHex(outer.digest());
  }
}
