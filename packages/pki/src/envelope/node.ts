/**
 * The envelope in Node (ENVELOPE.md): seals format v2, opens v1 and v2. Streaming seal/open with
 * node:crypto (AES-256-GCM per chunk, RSA-OAEP-SHA256 key wrap, HMAC-SHA256 key commitment, native
 * SHA-256), constant memory (one chunk in flight), and the chunked part hash. The inner signature is CMS
 * via signCmsWith / verifyCmsDetached, over the exact manifest bytes the trailer carries.
 */
import {
  constants,
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
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
import { assertSignable } from '../signing-domains.ts';
import { type CmsCheck, pkiError } from '../types.ts';
import { subjectKeyId } from '../x509.ts';
import {
  type BidPart,
  BID_PARTS,
  isBidPart,
  CONTENT_KEY_LENGTH,
  DEFAULT_CHUNK_SIZE,
  EnvelopeError,
  type EnvelopeHeader,
  type EnvelopeHeaderV1,
  type EnvelopeRecipient,
  GCM_TAG_LENGTH,
  KEY_COMMITMENT_LABEL,
  MAX_CHUNK_INDEX,
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
  checkWrappedKeyLength,
  chunkAad,
  chunkNonce,
  concatBytes,
  equalHex,
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

/** The v2 key commitment of a content key K: hex HMAC-SHA256(K, KEY_COMMITMENT_LABEL). */
export function keyCommitmentOf(contentKey: Uint8Array): string {
  return createHmac('sha256', contentKey).update(KEY_COMMITMENT_LABEL, 'utf8').digest('hex');
}

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
  /** exactly one: the bidder's own encryption certificate (issue 14 §6) */
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

/** Test hooks (not part of the public API): seal files a conforming writer would not write. */
export interface SealHooks {
  manifest?: (m: PartManifest) => PartManifest;
  /** the bytes the inner CMS signs instead of manifestBytes(manifest) (the trailer still carries the manifest) */
  signedBytes?: (m: PartManifest) => Uint8Array;
  /** write format v1 (no key commitment, the v1 manifest and trailer): old files for the compatibility tests */
  version?: 1;
  /** edit the header object before it is serialised (no validation afterwards) */
  header?: (h: EnvelopeHeader) => unknown;
  /** replace the trailer plaintext */
  trailer?: (bytes: Uint8Array) => Uint8Array;
}

export function sealPart(p: SealPartInput): Promise<SealPartResult> {
  return sealPartWithHooks(p, {});
}

export async function sealPartWithHooks(p: SealPartInput, hooks: SealHooks): Promise<SealPartResult> {
  const chunkSize = p.chunkSize ?? DEFAULT_CHUNK_SIZE;
  if (!Number.isSafeInteger(chunkSize) || chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE) {
    throw new RangeError(`chunkSize must be an integer in [${MIN_CHUNK_SIZE}, ${MAX_CHUNK_SIZE}]`);
  }
  if (!isBidPart(p.part)) throw new RangeError(`part must be one of ${BID_PARTS.join(', ')}`);
  if (p.recipientCertPems.length !== 1) throw new RangeError('exactly one recipient certificate is required (the bidder\'s own encryption certificate)');
  // Signer: load and check now (key ↔ certificate, signing usage) so a mistake fails before any work.
  const signerKey = loadRsaPrivateKey(p.signerKeyPem);
  const [signerCert] = nodeCertsFromPem(p.signerCertPem);
  const chain = (p.chainPems ?? []).flatMap((c) => nodeCertsFromPem(c));
  const signingTime = p.signingTime ?? new Date();
  signCmsWith(new Uint8Array(0), signerKey, signerCert!, chain, signingTime);

  const contentKeyBytes = randomBytes(CONTENT_KEY_LENGTH);
  const key = createSecretKey(contentKeyBytes);
  const noncePrefix = randomBytes(NONCE_PREFIX_LENGTH);
  const version = hooks.version ?? 2;
  const v2 = buildEnvelopeHeader({
    part: p.part,
    projectId: p.projectId,
    sectionId: p.sectionId,
    chunkSize,
    noncePrefix,
    keyCommitment: keyCommitmentOf(contentKeyBytes),
    recipients: p.recipientCertPems.map((pem) => recipientOf(pem, contentKeyBytes)),
  });
  contentKeyBytes.fill(0);
  let header: EnvelopeHeader = v2;
  if (version === 1) {
    const { keyCommitment: _omitted, ...rest } = v2;
    header = { ...rest, v: 1 } satisfies EnvelopeHeaderV1;
  }
  const hb = hooks.header ? new TextEncoder().encode(JSON.stringify(hooks.header(header))) : headerJsonBytes(header);
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
          if (index >= MAX_CHUNK_INDEX) throw new RangeError(`the plaintext needs more than ${MAX_CHUNK_INDEX + 1} chunks; use a larger chunkSize`);
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
    const mb = manifestBytes(signed, version);
    // Issue 14 §5: the inner signature goes through the signing guard like every other client signature
    // (a v2 manifest names its type; v1 manifests are written only by tests of the old format).
    if (version !== 1 && !hooks.signedBytes) assertSignable('bid', mb);
    const sig = signCmsWith(hooks.signedBytes ? hooks.signedBytes(signed) : mb, signerKey, signerCert!, chain, signingTime);
    const tb = trailerBytes(mb, sig, version);
    yield* out(sealChunk(key, noncePrefix, headerSha, TRAILER_INDEX, RECORD_TRAILER, hooks.trailer ? hooks.trailer(tb) : tb));
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
  signedBytes: Uint8Array,
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
  const check = verifyCmsDetached(cms, signedBytes, { trustedRootsPem: roots, at: p.at ?? new Date() });
  if (!check.ok) throw new EnvelopeError('ENVELOPE_SIGNER_MISMATCH', check.reason);
  return check;
}

function recipientCertOf(pem: string): { certSha256: string; modulusBytes: number } {
  const [c] = nodeCertsFromPem(pem);
  const bits = c!.x509.publicKey.asymmetricKeyDetails?.modulusLength;
  if (c!.x509.publicKey.asymmetricKeyType !== 'rsa' || !bits) throw pkiError('VALIDATION', 'KEY_INVALID', 'the recipient key must be RSA');
  return { certSha256: c!.info.fingerprintSha256, modulusBytes: Math.ceil(bits / 8) };
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
  const { certSha256: fp, modulusBytes } = recipientCertOf(p.recipientCertPem);
  if (p.header.recipients.length !== 1) throw new EnvelopeError('ENVELOPE_MALFORMED', `exactly one recipient is allowed, found ${p.header.recipients.length}`);
  const r = p.header.recipients.find((x) => x.certSha256 === fp);
  if (!r) throw new EnvelopeError('ENVELOPE_NOT_RECIPIENT', 'the certificate is not among the recipients');
  // The wrapped key is exactly one RSA block of this certificate's key (issue 14 §6).
  checkWrappedKeyLength(r.wrappedKey, modulusBytes);
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

/**
 * The v2 key commitment check, BEFORE any record is decrypted (issue 14 §4): a content key that is not
 * the one the signed header commits to → ENVELOPE_WRONG_KEY, whether given or unwrapped. v1 has none.
 */
export function checkKeyCommitment(header: EnvelopeHeader, contentKey: Uint8Array): void {
  if (header.v !== 2) return;
  if (contentKey.length !== CONTENT_KEY_LENGTH || !equalHex(keyCommitmentOf(contentKey), header.keyCommitment)) {
    throw new EnvelopeError('ENVELOPE_WRONG_KEY', 'the key does not match the header\'s key commitment');
  }
}

function contentKeyOf(header: EnvelopeHeader, p: OpenPartInput): KeyObject {
  if (p.contentKey !== undefined) {
    if (p.contentKey.length !== CONTENT_KEY_LENGTH) throw new EnvelopeError('ENVELOPE_WRONG_KEY', `the content key must be ${CONTENT_KEY_LENGTH} bytes`);
    checkKeyCommitment(header, p.contentKey);
    return createSecretKey(Buffer.from(p.contentKey)); // createSecretKey copies
  }
  const raw = unwrapContentKey({ header, decryptionKeyPem: p.decryptionKeyPem, recipientCertPem: p.recipientCertPem });
  try {
    checkKeyCommitment(header, raw);
    return createSecretKey(Buffer.from(raw.buffer, raw.byteOffset, raw.length));
  } finally {
    raw.fill(0);
  }
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
          // v1 only: with a given content key, a first record that does not authenticate means the key is
          // wrong (v1 cannot tell a wrong key from a damaged first record). v2 checked the key commitment
          // before decrypting, so a failing record there is ENVELOPE_TAMPERED.
          if (first && byKey && header!.v === 1 && isEnvelopeError(e, 'ENVELOPE_TAMPERED')) throw new EnvelopeError('ENVELOPE_WRONG_KEY', e.detail);
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
    const { manifest, innerSignature, signedBytes } = parseTrailer(trailer!, header!);
    if (manifest.size !== ptSize) {
      throw new EnvelopeError('ENVELOPE_PLAINTEXT_MISMATCH', `size ${ptSize} ≠ manifest ${manifest.size}`);
    }
    const sha = ptHash.digest('hex');
    if (manifest.sha256 !== sha) throw new EnvelopeError('ENVELOPE_PLAINTEXT_MISMATCH', 'sha256 differs from the manifest');
    const check = checkInner(innerSignature, signedBytes, p);
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
