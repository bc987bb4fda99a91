/**
 * Envelope v1 in Node (ENVELOPE.md): streaming seal/open with node:crypto (AES-256-GCM per chunk,
 * RSA-OAEP-SHA256 key wrap, native SHA-256), constant memory (one chunk in flight), and the chunked part
 * hash. The inner signature is CMS via signCmsWith / verifyCmsDetached.
 */
import {
  constants,
  createCipheriv,
  createDecipheriv,
  createHash,
  createPrivateKey,
  createSecretKey,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pemDecodeOne, pemEncode } from '../asn1.ts';
import { findSignerCert, parseSignedData } from '../cms.ts';
import { nodeCertsFromPem, signCmsWith, verifyCmsDetached } from '../node-verify.ts';
import { loadRsaPrivateKey } from '../node-keys.ts';
import { type CmsCheck, pkiError } from '../types.ts';
import { subjectKeyId } from '../x509.ts';
import {
  type BidPart,
  BID_PARTS,
  CONTENT_KEY_LENGTH,
  DEFAULT_CHUNK_SIZE,
  EnvelopeError,
  type EnvelopeHeader,
  type EnvelopeRecipient,
  GCM_TAG_LENGTH,
  MAX_CHUNK_SIZE,
  MIN_CHUNK_SIZE,
  NONCE_PREFIX_LENGTH,
  type PartManifest,
  PieceHasher,
  RECORD_DATA,
  RECORD_LAST,
  RECORD_TRAILER,
  RecordReader,
  TRAILER_INDEX,
  TRANSPORT_CHUNK_SIZE,
  base64ToBytes,
  buildEnvelopeHeader,
  chunkAad,
  chunkNonce,
  concatBytes,
  headerJsonBytes,
  headerPrefixBytes,
  isEnvelopeError,
  manifestBytes,
  parseEnvelopeHeader,
  parseTrailer,
  recordHeader,
  trailerBytes,
} from './format.ts';

export type EnvelopeInput = Readable | AsyncIterable<Uint8Array>;

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Incremental partHash over the sealed bytes in any slicing (see ENVELOPE.md §5). */
export function createPartHasher(): { update(bytes: Uint8Array): void; digest(): string; readonly size: number } {
  return new PieceHasher(() => {
    const h = createHash('sha256');
    return { update: (b) => void h.update(b), digest: () => h.digest() };
  });
}

export async function partHashOfFile(path: string): Promise<{ partHash: string; size: number }> {
  const h = createPartHasher();
  for await (const piece of createReadStream(path, { highWaterMark: TRANSPORT_CHUNK_SIZE })) h.update(piece as Buffer);
  return { partHash: h.digest(), size: h.size };
}

// ---------------------------------------------------------------- seal

export interface SealPartInput {
  input: EnvelopeInput;
  output: Writable;
  part: BidPart;
  projectId: number;
  sectionId: number;
  /** the plaintext file name, recorded in the signed manifest */
  name: string;
  chunkSize?: number;
  recipientCertPems: string[];
  signerKeyPem: string;
  signerCertPem: string;
  chainPems?: string[];
  signingTime?: Date;
}

export interface SealPartResult {
  headerSha256: string;
  /** sealed bytes */
  size: number;
  partHash: string;
  plaintextSha256: string;
  plaintextSize: number;
  header: EnvelopeHeader;
  manifest: PartManifest;
}

function recipientOf(pem: string, contentKey: Buffer): EnvelopeRecipient {
  const [cert] = nodeCertsFromPem(pem);
  const ku = cert!.info.keyUsage;
  if (cert!.info.isCa) throw pkiError('VALIDATION', 'CERT_WRONG_USAGE', 'a CA certificate cannot be a recipient');
  if (ku.length > 0 && !ku.includes('keyEncipherment')) {
    throw pkiError('VALIDATION', 'CERT_WRONG_USAGE', 'the recipient certificate is not an encryption certificate');
  }
  const pub = cert!.x509.publicKey;
  if (pub.asymmetricKeyType !== 'rsa') throw pkiError('VALIDATION', 'KEY_INVALID', 'the recipient key must be RSA');
  const wrapped = publicEncrypt({ key: pub, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, contentKey);
  return {
    kind: 'bidder',
    certSerial: cert!.info.serialHex,
    certSha256: cert!.info.fingerprintSha256,
    wrappedKey: wrapped.toString('base64'),
  };
}

function sealChunk(key: KeyObject, noncePrefix: Uint8Array, headerSha: Uint8Array, index: number, type: number, pt: Uint8Array): Buffer[] {
  const cipher = createCipheriv('aes-256-gcm', key, chunkNonce(noncePrefix, index), { authTagLength: GCM_TAG_LENGTH });
  cipher.setAAD(chunkAad(headerSha, index, type));
  const ct = cipher.update(pt);
  const fin = cipher.final();
  const tag = cipher.getAuthTag();
  const body = fin.length ? [ct, fin, tag] : [ct, tag];
  const len = pt.length + GCM_TAG_LENGTH;
  return [Buffer.from(recordHeader(type, index, len).buffer), ...body];
}

/** Test hooks (not part of the public API): seal a manifest other than the real one. */
export interface SealHooks {
  manifest?: (m: PartManifest) => PartManifest;
  /** the bytes the inner CMS signs instead of manifestBytes(manifest) */
  signedBytes?: (m: PartManifest) => Uint8Array;
}

export function sealPart(p: SealPartInput): Promise<SealPartResult> {
  return sealPartWithHooks(p, {});
}

export async function sealPartWithHooks(p: SealPartInput, hooks: SealHooks): Promise<SealPartResult> {
  const chunkSize = p.chunkSize ?? DEFAULT_CHUNK_SIZE;
  if (!Number.isSafeInteger(chunkSize) || chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE) {
    throw new RangeError(`chunkSize must be an integer in [${MIN_CHUNK_SIZE}, ${MAX_CHUNK_SIZE}]`);
  }
  if (!(BID_PARTS as readonly string[]).includes(p.part)) throw new RangeError(`part must be one of ${BID_PARTS.join(', ')}`);
  if (p.recipientCertPems.length === 0) throw new RangeError('at least one recipient certificate is required');
  // Signer: load and check now (key ↔ certificate, signing usage) so a mistake fails before any work.
  const signerKey = loadRsaPrivateKey(p.signerKeyPem);
  const [signerCert] = nodeCertsFromPem(p.signerCertPem);
  const chain = (p.chainPems ?? []).flatMap((c) => nodeCertsFromPem(c));
  const signingTime = p.signingTime ?? new Date();
  signCmsWith(new Uint8Array(0), signerKey, signerCert!, chain, signingTime);

  const contentKeyBytes = randomBytes(CONTENT_KEY_LENGTH);
  const key = createSecretKey(contentKeyBytes);
  const noncePrefix = randomBytes(NONCE_PREFIX_LENGTH);
  const header = buildEnvelopeHeader({
    part: p.part,
    projectId: p.projectId,
    sectionId: p.sectionId,
    chunkSize,
    noncePrefix,
    recipients: p.recipientCertPems.map((pem) => recipientOf(pem, contentKeyBytes)),
  });
  contentKeyBytes.fill(0);
  const hb = headerJsonBytes(header);
  const headerSha = createHash('sha256').update(hb).digest();

  const ptHash = createHash('sha256');
  let ptSize = 0;
  const sealedHash = createPartHasher();
  let manifest: PartManifest | undefined;

  async function* sealed(): AsyncGenerator<Uint8Array> {
    const out = (bufs: Uint8Array[]): Uint8Array[] => {
      for (const b of bufs) sealedHash.update(b);
      return bufs;
    };
    yield* out([headerPrefixBytes(hb)]);
    const pending = Buffer.allocUnsafe(chunkSize);
    let fill = 0;
    let index = 0;
    for await (const raw of p.input) {
      const piece = typeof raw === 'string' ? Buffer.from(raw) : (raw as Uint8Array);
      let o = 0;
      while (o < piece.length) {
        if (fill === chunkSize) {
          ptHash.update(pending);
          yield* out(sealChunk(key, noncePrefix, headerSha, index++, RECORD_DATA, pending));
          fill = 0;
        }
        const k = Math.min(piece.length - o, chunkSize - fill);
        if (fill === 0 && k === chunkSize && o === 0 && piece.length === chunkSize) {
          pending.set(piece, 0);
        } else {
          pending.set(piece.subarray(o, o + k), fill);
        }
        fill += k;
        o += k;
        ptSize += k;
      }
    }
    const last = pending.subarray(0, fill);
    ptHash.update(last);
    yield* out(sealChunk(key, noncePrefix, headerSha, index, RECORD_LAST, last));
    const real: PartManifest = {
      part: p.part,
      projectId: p.projectId,
      sectionId: p.sectionId,
      name: p.name,
      size: ptSize,
      sha256: ptHash.digest('hex'),
    };
    manifest = real;
    const signed = hooks.manifest ? hooks.manifest(real) : real;
    const sig = signCmsWith(hooks.signedBytes ? hooks.signedBytes(signed) : manifestBytes(signed), signerKey, signerCert!, chain, signingTime);
    yield* out(sealChunk(key, noncePrefix, headerSha, TRAILER_INDEX, RECORD_TRAILER, trailerBytes(signed, sig)));
  }

  await pipeline(sealed, p.output);
  return {
    headerSha256: headerSha.toString('hex'),
    size: sealedHash.size,
    partHash: sealedHash.digest(),
    plaintextSha256: manifest!.sha256,
    plaintextSize: ptSize,
    header,
    manifest: manifest!,
  };
}

// ---------------------------------------------------------------- open

interface OpenPartCommon {
  input: EnvelopeInput;
  /** receives the plaintext as it is decrypted; treat it as UNVERIFIED until openPart resolves */
  output: Writable;
  /** the inner signature must be by exactly this certificate */
  expectedSignerCertPem?: string;
  /** the signer certificate must chain to one of these (else only the signature itself is checked) */
  trustedRootsPem?: string[];
  /** the instant for certificate validity (default now) */
  at?: Date;
  /** called after every data record with the plaintext bytes decrypted so far */
  onProgress?(plaintextBytes: number): void;
}

/** Opening as the recipient: the content key is unwrapped from the header with this private key. */
export interface OpenPartWithPrivateKey extends OpenPartCommon {
  decryptionKeyPem: string;
  recipientCertPem: string;
  contentKey?: never;
}

/**
 * Opening with an already unwrapped content key K (32 bytes; the bid opening: the bidder unwraps K on
 * their own machine with unwrapContentKey and hands over only K). A key that does not authenticate the
 * first record → ENVELOPE_WRONG_KEY; a later record that fails → ENVELOPE_TAMPERED as usual.
 */
export interface OpenPartWithContentKey extends OpenPartCommon {
  contentKey: Uint8Array;
  decryptionKeyPem?: never;
  recipientCertPem?: never;
}

export type OpenPartInput = OpenPartWithPrivateKey | OpenPartWithContentKey;

export interface OpenPartResult {
  manifest: PartManifest;
  innerSignature: CmsCheck;
  header: EnvelopeHeader;
  headerSha256: string;
}

/** The DER (binary string) of the certificate that signed a CMS, or null. */
function cmsSignerDer(cms: Uint8Array): string | null {
  try {
    const sd = parseSignedData(Buffer.from(cms).toString('latin1'));
    const si = sd.signers[0];
    return si ? (findSignerCert(si, sd.certs, subjectKeyId)?.der ?? null) : null;
  } catch {
    return null;
  }
}

function checkInner(
  cms: Uint8Array,
  manifest: PartManifest,
  p: Pick<OpenPartInput, 'expectedSignerCertPem' | 'trustedRootsPem' | 'at'>,
): CmsCheck {
  const signerDer = cmsSignerDer(cms);
  if (!signerDer) throw new EnvelopeError('ENVELOPE_SIGNER_MISMATCH', 'the inner signature is malformed');
  let roots: string[];
  if (p.expectedSignerCertPem !== undefined) {
    let expected: string;
    try {
      expected = pemDecodeOne(p.expectedSignerCertPem, ['CERTIFICATE']);
    } catch {
      throw pkiError('VALIDATION', 'CERT_MALFORMED', 'expectedSignerCertPem');
    }
    if (expected !== signerDer) throw new EnvelopeError('ENVELOPE_SIGNER_MISMATCH', 'signed by another certificate');
    roots = p.trustedRootsPem ?? [p.expectedSignerCertPem];
  } else {
    roots = p.trustedRootsPem ?? [pemEncode('CERTIFICATE', signerDer)];
  }
  const check = verifyCmsDetached(cms, manifestBytes(manifest), { trustedRootsPem: roots, at: p.at ?? new Date() });
  if (!check.ok) throw new EnvelopeError('ENVELOPE_SIGNER_MISMATCH', check.reason);
  return check;
}

function certSha256OfPem(pem: string): string {
  const [c] = nodeCertsFromPem(pem);
  return c!.info.fingerprintSha256;
}

/**
 * The content key K of a sealed part, unwrapped (RSA-OAEP-SHA256) from the header's recipient entry of
 * `recipientCertPem` (found by the certificate's SHA-256) with its private key. `header` is the parsed
 * header, or just its recipients (as `opening.myKeys` returns them). Not a recipient, or the key does
 * not unwrap → ENVELOPE_NOT_RECIPIENT. The caller should zero the returned bytes when done.
 */
export function unwrapContentKey(p: {
  header: Pick<EnvelopeHeader, 'recipients'> | { recipients: readonly { certSha256: string; wrappedKey: string }[] };
  decryptionKeyPem: string;
  recipientCertPem: string;
}): Uint8Array {
  const fp = certSha256OfPem(p.recipientCertPem);
  const r = p.header.recipients.find((x) => x.certSha256 === fp);
  if (!r) throw new EnvelopeError('ENVELOPE_NOT_RECIPIENT', 'the certificate is not among the recipients');
  let priv: KeyObject;
  try {
    priv = createPrivateKey(p.decryptionKeyPem);
  } catch (e) {
    throw pkiError('VALIDATION', 'KEY_INVALID', e instanceof Error ? e.message : String(e));
  }
  let raw: Buffer;
  try {
    raw = privateDecrypt({ key: priv, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, base64ToBytes(r.wrappedKey));
  } catch {
    throw new EnvelopeError('ENVELOPE_NOT_RECIPIENT', 'the private key does not unwrap the content key');
  }
  if (raw.length !== CONTENT_KEY_LENGTH) {
    raw.fill(0);
    throw new EnvelopeError('ENVELOPE_MALFORMED', 'content key length');
  }
  return new Uint8Array(raw.buffer, raw.byteOffset, raw.length);
}

function contentKeyOf(header: EnvelopeHeader, p: OpenPartInput): KeyObject {
  if (p.contentKey !== undefined) {
    if (p.contentKey.length !== CONTENT_KEY_LENGTH) throw new EnvelopeError('ENVELOPE_WRONG_KEY', `the content key must be ${CONTENT_KEY_LENGTH} bytes`);
    return createSecretKey(Buffer.from(p.contentKey)); // createSecretKey copies
  }
  const raw = unwrapContentKey({ header, decryptionKeyPem: p.decryptionKeyPem, recipientCertPem: p.recipientCertPem });
  const key = createSecretKey(Buffer.from(raw.buffer, raw.byteOffset, raw.length));
  raw.fill(0);
  return key;
}

function openChunk(key: KeyObject, noncePrefix: Uint8Array, headerSha: Uint8Array, index: number, type: number, body: Uint8Array): Buffer {
  const n = body.length - GCM_TAG_LENGTH;
  const d = createDecipheriv('aes-256-gcm', key, chunkNonce(noncePrefix, index), { authTagLength: GCM_TAG_LENGTH });
  d.setAAD(chunkAad(headerSha, index, type));
  d.setAuthTag(body.subarray(n));
  const pt = d.update(body.subarray(0, n));
  try {
    const fin = d.final();
    return fin.length ? Buffer.concat([pt, fin]) : pt;
  } catch {
    throw new EnvelopeError('ENVELOPE_TAMPERED', index === TRAILER_INDEX ? 'trailer' : `chunk ${index}`);
  }
}

/**
 * Opens a sealed part, streaming: verifies the framing and order of every record, every GCM tag, the
 * trailer, the plaintext size and SHA-256 against the manifest, and the inner signature. Throws
 * EnvelopeError (code) on the first failure; `output` may then hold a partial, unverified plaintext.
 */
export async function openPart(p: OpenPartInput): Promise<OpenPartResult> {
  const byKey = p.contentKey !== undefined;
  if (byKey === (p.decryptionKeyPem !== undefined || p.recipientCertPem !== undefined)) {
    throw new TypeError('openPart: give either contentKey or decryptionKeyPem + recipientCertPem');
  }
  if (!byKey && (p.decryptionKeyPem === undefined || p.recipientCertPem === undefined)) {
    throw new TypeError('openPart: decryptionKeyPem and recipientCertPem go together');
  }
  let header: EnvelopeHeader | undefined;
  let headerSha: Buffer | undefined;
  let result: OpenPartResult | undefined;

  async function* plaintext(): AsyncGenerator<Uint8Array> {
    let head: Uint8Array[] = [];
    let headLen = 0;
    let reader: RecordReader | undefined;
    let key: KeyObject | undefined;
    let noncePrefix: Uint8Array | undefined;
    const ptHash = createHash('sha256');
    let ptSize = 0;
    let trailer: Uint8Array | undefined;

    let first = true;
    const drain = function* (): Generator<Uint8Array> {
      for (let r = reader!.take(); r; r = reader!.take()) {
        let pt: Buffer;
        try {
          pt = openChunk(key!, noncePrefix!, headerSha!, r.index, r.type, r.body);
        } catch (e) {
          // With a given content key, a first record that does not authenticate means the key is wrong
          // (a wrong key and a damaged first record cannot be told apart; either way K does not open it).
          if (first && byKey && isEnvelopeError(e, 'ENVELOPE_TAMPERED')) throw new EnvelopeError('ENVELOPE_WRONG_KEY', e.detail);
          throw e;
        }
        first = false;
        if (r.type === RECORD_TRAILER) {
          trailer = pt;
        } else {
          ptHash.update(pt);
          ptSize += pt.length;
          if (pt.length) yield pt;
          p.onProgress?.(ptSize);
        }
      }
    };

    const tryHeader = (atEnd: boolean): boolean => {
      const all = concatBytes(head);
      if (!atEnd) {
        if (all.length < 12) return false;
        const len = new DataView(all.buffer).getUint32(8);
        if (all.subarray(0, 8).some((b, i) => b !== 'EBIDENV1'.charCodeAt(i))) parseEnvelopeHeader(all); // throws NOT_SEALED
        if (len > 0 && len <= 65536 && all.length < 12 + len) {
          head = [all];
          return false;
        }
      }
      const parsed = parseEnvelopeHeader(all);
      header = parsed.header;
      headerSha = createHash('sha256').update(parsed.headerBytes).digest();
      key = contentKeyOf(header, p);
      noncePrefix = base64ToBytes(header.noncePrefix);
      reader = new RecordReader(header.chunkSize);
      reader.push(all.subarray(parsed.dataOffset));
      head = [];
      return true;
    };

    for await (const raw of p.input) {
      const piece = typeof raw === 'string' ? Buffer.from(raw) : (raw as Uint8Array);
      if (!reader) {
        head.push(piece);
        headLen += piece.length;
        if (headLen < 12 || !tryHeader(false)) continue;
      } else {
        reader.push(piece);
      }
      yield* drain();
    }
    if (!reader) tryHeader(true);
    yield* drain();
    reader!.end();
    const { manifest, innerSignature } = parseTrailer(trailer!, header!);
    if (manifest.size !== ptSize) {
      throw new EnvelopeError('ENVELOPE_PLAINTEXT_MISMATCH', `size ${ptSize} ≠ manifest ${manifest.size}`);
    }
    const sha = ptHash.digest('hex');
    if (manifest.sha256 !== sha) throw new EnvelopeError('ENVELOPE_PLAINTEXT_MISMATCH', 'sha256 differs from the manifest');
    const check = checkInner(innerSignature, manifest, p);
    result = { manifest, innerSignature: check, header: header!, headerSha256: headerSha!.toString('hex') };
  }

  await pipeline(plaintext, p.output);
  return result!;
}

/** Reads only the header of a sealed file (first bytes); throws EnvelopeError. */
export function readEnvelopeHeader(firstBytes: Uint8Array): { header: EnvelopeHeader; headerSha256: string; dataOffset: number } {
  const { header, headerBytes, dataOffset } = parseEnvelopeHeader(firstBytes);
  return { header, headerSha256: sha256Hex(headerBytes), dataOffset };
}
