/**
 * The envelope with WebCrypto (ENVELOPE.md; seals v2, opens v1 and v2) for the browser entry: the File/Blob is read slice by slice
 * (one chunk in memory), each chunk is one AES-256-GCM call of crypto.subtle, the plaintext SHA-256 is
 * streamed with hash-wasm (WebCrypto has no incremental digest), the content key is wrapped with
 * RSA-OAEP-SHA256 from the recipient certificate's SPKI, and the inner/outer CMS signatures come from
 * signCmsDetachedWithWebCrypto. No `node:` imports: it also runs in Node (globalThis.crypto.subtle).
 */
import { createSHA256, type IHasher } from 'hash-wasm';
import { binToU8, pemDecodeOne, u8ToBin } from '../asn1.ts';
import { findSignerCert, hashOfSigner, parseSignedData } from '../cms.ts';
import { type CertInfo, pkiError } from '../types.ts';
import { type ParsedCert, certInfoOf, subjectKeyId } from '../x509.ts';
import { parseCertPem, signCmsDetachedAsWithWebCrypto, signCmsDetachedWithWebCrypto, subtle } from '../webcrypto-sign.ts';
import {
  type BidPart,
  BID_PARTS,
  isBidPart,
  CONTENT_KEY_LENGTH,
  DEFAULT_CHUNK_SIZE,
  EnvelopeError,
  type EnvelopeHeader,
  type EnvelopeRecipient,
  GCM_TAG_LENGTH,
  KEY_COMMITMENT_LABEL,
  MAX_CHUNK_INDEX,
  MAX_CHUNK_SIZE,
  MAX_HEADER_LENGTH,
  MIN_CHUNK_SIZE,
  NONCE_PREFIX_LENGTH,
  type OuterManifest,
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
  bytesToBase64,
  bytesToHex,
  checkWrappedKeyLength,
  chunkAad,
  chunkNonce,
  concatBytes,
  equalHex,
  headerJsonBytes,
  headerPrefixBytes,
  manifestBytes,
  outerManifestBytes,
  parseEnvelopeHeader,
  parseTrailer,
  recordHeader,
  trailerBytes,
  utf8Bytes,
} from './format.ts';

const u8 = (b: ArrayBuffer | Uint8Array): Uint8Array<ArrayBuffer> =>
  b instanceof Uint8Array ? (b.buffer instanceof ArrayBuffer && b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? (b as Uint8Array<ArrayBuffer>) : new Uint8Array(b)) : new Uint8Array(b);

async function sha256(b: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await subtle().digest('SHA-256', u8(b)));
}

/** The v2 key commitment of a content key K: hex HMAC-SHA256(K, KEY_COMMITMENT_LABEL). */
export async function keyCommitmentOfWebCrypto(contentKey: Uint8Array): Promise<string> {
  const k = await subtle().importKey('raw', u8(contentKey), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return bytesToHex(new Uint8Array(await subtle().sign('HMAC', k, u8(utf8Bytes(KEY_COMMITMENT_LABEL)))));
}

/** The content key against the v2 header's key commitment, before decrypting (issue 14 §4). */
async function checkKeyCommitment(header: EnvelopeHeader, contentKey: Uint8Array): Promise<void> {
  if (header.v !== 2) return;
  if (contentKey.length !== CONTENT_KEY_LENGTH || !equalHex(await keyCommitmentOfWebCrypto(contentKey), header.keyCommitment)) {
    throw new EnvelopeError('ENVELOPE_WRONG_KEY', "the key does not match the header's key commitment");
  }
}

/** The byte length of the RSA modulus of a certificate's public key (for the wrapped key length check). */
async function modulusBytesOf(publicKeyPem: string): Promise<number> {
  try {
    const k = await subtle().importKey('spki', binToU8(pemDecodeOne(publicKeyPem, ['PUBLIC KEY'])), { name: 'RSA-OAEP', hash: 'SHA-256' }, true, ['encrypt']);
    return Math.ceil((k.algorithm as RsaHashedKeyAlgorithm).modulusLength / 8);
  } catch (e) {
    throw pkiError('VALIDATION', 'KEY_INVALID', `the recipient key must be RSA (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** hash-wasm SHA-256 as format.ts's IncrementalSha256 (one wasm instance, re-initialised per use). */
function incremental(h: IHasher) {
  return () => {
    h.init();
    return { update: (b: Uint8Array) => void h.update(b), digest: () => h.digest('binary') };
  };
}

async function recipientOf(pem: string, contentKey: Uint8Array<ArrayBuffer>): Promise<EnvelopeRecipient> {
  const info = certInfoOf(parseCertPem(pem));
  if (info.isCa) throw pkiError('VALIDATION', 'CERT_WRONG_USAGE', 'a CA certificate cannot be a recipient');
  if (info.keyUsage.length > 0 && !info.keyUsage.includes('keyEncipherment')) {
    throw pkiError('VALIDATION', 'CERT_WRONG_USAGE', 'the recipient certificate is not an encryption certificate');
  }
  let pub: CryptoKey;
  try {
    pub = await subtle().importKey('spki', binToU8(pemDecodeOne(info.publicKeyPem, ['PUBLIC KEY'])), { name: 'RSA-OAEP', hash: 'SHA-256' }, false, ['encrypt']);
  } catch (e) {
    throw pkiError('VALIDATION', 'KEY_INVALID', `the recipient key must be RSA (${e instanceof Error ? e.message : String(e)})`);
  }
  const wrapped = new Uint8Array(await subtle().encrypt({ name: 'RSA-OAEP' }, pub, contentKey));
  return { kind: 'bidder', certSerial: info.serialHex, certSha256: info.fingerprintSha256, wrappedKey: bytesToBase64(wrapped) };
}

async function sealChunk(key: CryptoKey, np: Uint8Array, hs: Uint8Array, index: number, type: number, pt: Uint8Array): Promise<Uint8Array[]> {
  const ct = await subtle().encrypt(
    { name: 'AES-GCM', iv: chunkNonce(np, index), additionalData: chunkAad(hs, index, type), tagLength: GCM_TAG_LENGTH * 8 },
    key,
    u8(pt),
  );
  return [recordHeader(type, index, ct.byteLength), new Uint8Array(ct)];
}

export interface SealPartWebCryptoInput {
  file: Blob;
  part: BidPart;
  projectId: number;
  sectionId: number;
  name: string;
  chunkSize?: number;
  /** exactly one: the bidder's own encryption certificate (issue 14 §6) */
  recipientCertPems: string[];
  /** RSASSA-PKCS1-v1_5 SHA-256 private key (importP12(…, 'signing') or the keyStore) */
  signingKey: CryptoKey;
  signerCertPem: string;
  chainPems?: string[];
  /** plaintext bytes done, plaintext bytes total */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface SealPartWebCryptoResult {
  sealed: Blob;
  headerSha256: string;
  partHash: string;
  /** sealed bytes */
  size: number;
  plaintextSha256: string;
  header: EnvelopeHeader;
}

/** Seals a File/Blob; the result is a Blob assembled from the records (never one big buffer). */
export async function sealPartWebCrypto(p: SealPartWebCryptoInput): Promise<SealPartWebCryptoResult> {
  const chunkSize = p.chunkSize ?? DEFAULT_CHUNK_SIZE;
  if (!Number.isSafeInteger(chunkSize) || chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE) {
    throw new RangeError(`chunkSize must be an integer in [${MIN_CHUNK_SIZE}, ${MAX_CHUNK_SIZE}]`);
  }
  if (!isBidPart(p.part)) throw new RangeError(`part must be one of ${BID_PARTS.join(', ')}`);
  if (p.recipientCertPems.length !== 1) throw new RangeError("exactly one recipient certificate is required (the bidder's own encryption certificate)");
  if (Math.ceil(p.file.size / chunkSize) > MAX_CHUNK_INDEX + 1) throw new RangeError(`the file needs more than ${MAX_CHUNK_INDEX + 1} chunks; use a larger chunkSize`);
  const signer = { privateKey: p.signingKey, certPem: p.signerCertPem, chainPem: p.chainPems ?? [] };
  await signCmsDetachedWithWebCrypto(new Uint8Array(0), signer); // checks the key and certificate before the work

  const raw = crypto.getRandomValues(new Uint8Array(CONTENT_KEY_LENGTH));
  const key = await subtle().importKey('raw', raw, { name: 'AES-GCM' }, false, ['encrypt']);
  const recipients: EnvelopeRecipient[] = [];
  for (const pem of p.recipientCertPems) recipients.push(await recipientOf(pem, raw));
  const keyCommitment = await keyCommitmentOfWebCrypto(raw);
  raw.fill(0);
  const noncePrefix = crypto.getRandomValues(new Uint8Array(NONCE_PREFIX_LENGTH));
  const header = buildEnvelopeHeader({ part: p.part, projectId: p.projectId, sectionId: p.sectionId, chunkSize, noncePrefix, keyCommitment, recipients });
  const hb = headerJsonBytes(header);
  const hs = await sha256(hb);

  const [ptHasher, pieceWasm] = await Promise.all([createSHA256(), createSHA256()]);
  ptHasher.init();
  const pieces = new PieceHasher(incremental(pieceWasm));
  const blobs: Blob[] = [];
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  const emit = (bufs: Uint8Array[]) => {
    for (const b of bufs) {
      pieces.update(b);
      pending.push(b);
      pendingBytes += b.length;
    }
    // Hand the bytes to the Blob store every 16 MiB, so the ArrayBuffers can be released.
    if (pendingBytes >= 16 * 1048576) {
      blobs.push(new Blob(pending as BlobPart[]));
      pending = [];
      pendingBytes = 0;
    }
  };

  emit([headerPrefixBytes(hb)]);
  const total = p.file.size;
  const chunks = Math.max(1, Math.ceil(total / chunkSize));
  p.onProgress?.(0, total);
  for (let i = 0; i < chunks; i++) {
    p.signal?.throwIfAborted();
    const start = i * chunkSize;
    const end = Math.min(total, start + chunkSize);
    const pt = new Uint8Array(await p.file.slice(start, end).arrayBuffer());
    if (pt.length !== end - start) throw new Error('the file changed while it was being read');
    ptHasher.update(pt);
    emit(await sealChunk(key, noncePrefix, hs, i, i === chunks - 1 ? RECORD_LAST : RECORD_DATA, pt));
    p.onProgress?.(end, total);
  }
  const manifest: PartManifest = {
    part: p.part,
    projectId: p.projectId,
    sectionId: p.sectionId,
    name: p.name,
    size: total,
    sha256: ptHasher.digest('hex'),
  };
  const mb = manifestBytes(manifest);
  const sig = await signCmsDetachedAsWithWebCrypto('bid', mb, signer); // issue 14 §5: through the signing guard
  emit(await sealChunk(key, noncePrefix, hs, TRAILER_INDEX, RECORD_TRAILER, trailerBytes(mb, sig)));
  blobs.push(new Blob(pending as BlobPart[]));
  const sealed = new Blob(blobs, { type: 'application/octet-stream' });
  return { sealed, headerSha256: bytesToHex(hs), partHash: pieces.digest(), size: sealed.size, plaintextSha256: manifest.sha256, header };
}

/** The outer signature (base64 DER CMS) over outerManifestBytes(manifest), sent at finalize. */
export async function signOuterWebCrypto(p: {
  signingKey: CryptoKey;
  signerCertPem: string;
  chainPems?: string[];
  manifest: OuterManifest;
}): Promise<string> {
  // Through the signing guard (issue 14 §5): only a bid object is signed as one.
  const cms = await signCmsDetachedAsWithWebCrypto('bid', outerManifestBytes(p.manifest), {
    privateKey: p.signingKey,
    certPem: p.signerCertPem,
    chainPem: p.chainPems ?? [],
  });
  return bytesToBase64(cms);
}

/** partHash of a sealed Blob: SHA-256 over the SHA-256 digests of its 4 MiB transport pieces. */
export async function partHashOfBlob(blob: Blob): Promise<string> {
  const digests: Uint8Array[] = [];
  const n = Math.max(1, Math.ceil(blob.size / TRANSPORT_CHUNK_SIZE));
  for (let i = 0; i < n; i++) {
    const o = i * TRANSPORT_CHUNK_SIZE;
    digests.push(await sha256(new Uint8Array(await blob.slice(o, o + TRANSPORT_CHUNK_SIZE).arrayBuffer())));
  }
  return bytesToHex(await sha256(concatBytes(digests)));
}

/**
 * Checks a CMS detached signature in the browser: one signer, SHA-256, messageDigest = SHA-256(content),
 * RSASSA-PKCS1-v1_5 over the signed attributes, and (if given) the signer is exactly `expectedCertPem`.
 * Chain trust is not evaluated here (the server decides trust); the caller names the expected signer.
 */
async function verifyInner(cms: Uint8Array, content: Uint8Array, expectedCertPem?: string): Promise<CertInfo> {
  const bad = (d: string): never => {
    throw new EnvelopeError('ENVELOPE_SIGNER_MISMATCH', d);
  };
  let signer: ParsedCert | undefined;
  let si;
  try {
    const sd = parseSignedData(u8ToBin(cms));
    if (sd.signers.length !== 1 || sd.hasEContent) return bad('malformed CMS');
    si = sd.signers[0]!;
    if (hashOfSigner(si) !== 'sha256' || !si.signedAttrs?.messageDigest) return bad('unsupported CMS');
    signer = findSignerCert(si, sd.certs, subjectKeyId);
  } catch {
    return bad('malformed CMS');
  }
  if (!signer) return bad('no signer certificate');
  if (expectedCertPem !== undefined && parseCertPem(expectedCertPem).der !== signer.der) bad('signed by another certificate');
  if (u8ToBin(await sha256(content)) !== si.signedAttrs!.messageDigest) bad('the digest does not match');
  const info = certInfoOf(signer);
  let ok = false;
  try {
    const pub = await subtle().importKey(
      'spki',
      binToU8(pemDecodeOne(info.publicKeyPem, ['PUBLIC KEY'])),
      { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
      false,
      ['verify'],
    );
    ok = await subtle().verify('RSASSA-PKCS1-v1_5', pub, binToU8(si.signature), binToU8(si.signedAttrs!.toVerify));
  } catch {
    ok = false;
  }
  if (!ok) bad('the signature does not verify');
  return info;
}

/**
 * The content key K (32 bytes) of a sealed part, unwrapped in the browser: picks the recipient entry
 * whose certSha256 is the SHA-256 fingerprint (lower-case hex of the DER) of `certPem`, the bidder's
 * encryption certificate, and unwraps it with RSA-OAEP-SHA256. The private key may be non-extractable
 * (the keyStore's); it needs the 'decrypt' or the 'unwrapKey' usage. Not a recipient, or the key does
 * not unwrap → ENVELOPE_NOT_RECIPIENT. At the opening only K leaves the machine, never the private key.
 */
export async function unwrapContentKeyWebCrypto(p: {
  recipients: readonly { certSha256: string; wrappedKey: string }[];
  certPem: string;
  privateKey: CryptoKey;
}): Promise<Uint8Array<ArrayBuffer>> {
  const info = certInfoOf(parseCertPem(p.certPem));
  const fp = info.fingerprintSha256;
  if (p.recipients.length !== 1) throw new EnvelopeError('ENVELOPE_MALFORMED', `exactly one recipient is allowed, found ${p.recipients.length}`);
  const r = p.recipients.find((x) => x.certSha256 === fp);
  if (!r) throw new EnvelopeError('ENVELOPE_NOT_RECIPIENT', 'the certificate is not among the recipients');
  // The wrapped key is exactly one RSA block of this certificate's key (issue 14 §6).
  checkWrappedKeyLength(r.wrappedKey, await modulusBytesOf(info.publicKeyPem));
  let raw: Uint8Array<ArrayBuffer>;
  try {
    const wrapped = u8(base64ToBytes(r.wrappedKey));
    if (!p.privateKey.usages.includes('decrypt') && p.privateKey.usages.includes('unwrapKey')) {
      // An unwrap-only key: unwrap as an extractable AES key and read its bytes.
      const k = await subtle().unwrapKey('raw', wrapped, p.privateKey, { name: 'RSA-OAEP' }, { name: 'AES-GCM' }, true, ['decrypt']);
      raw = new Uint8Array(await subtle().exportKey('raw', k));
    } else {
      raw = new Uint8Array(await subtle().decrypt({ name: 'RSA-OAEP' }, p.privateKey, wrapped));
    }
  } catch {
    throw new EnvelopeError('ENVELOPE_NOT_RECIPIENT', 'the private key does not unwrap the content key');
  }
  if (raw.length !== CONTENT_KEY_LENGTH) {
    raw.fill(0);
    throw new EnvelopeError('ENVELOPE_MALFORMED', 'content key length');
  }
  return raw;
}

export interface OpenPartWebCryptoResult {
  manifest: PartManifest;
  plaintext: Blob;
  header: EnvelopeHeader;
  headerSha256: string;
  /** the inner signature's signer (signature checked; trust is the server's decision) */
  signer: CertInfo;
}

/** Opens a sealed Blob with the recipient's RSA-OAEP private key; every check of openPart, throws EnvelopeError. */
export async function openPartWebCrypto(p: {
  sealed: Blob;
  /** RSA-OAEP SHA-256 private key with 'decrypt' usage (importP12(…, 'encryption')) */
  decryptionKey: CryptoKey;
  recipientCertPem: string;
  expectedSignerCertPem?: string;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}): Promise<OpenPartWebCryptoResult> {
  const total = p.sealed.size;
  const first = new Uint8Array(await p.sealed.slice(0, Math.min(total, 12 + MAX_HEADER_LENGTH)).arrayBuffer());
  const { header, headerBytes, dataOffset } = parseEnvelopeHeader(first);
  const hs = await sha256(headerBytes);

  const raw = await unwrapContentKeyWebCrypto({ recipients: header.recipients, certPem: p.recipientCertPem, privateKey: p.decryptionKey });
  let key: CryptoKey;
  try {
    await checkKeyCommitment(header, raw);
    key = await subtle().importKey('raw', raw, { name: 'AES-GCM' }, false, ['decrypt']);
  } finally {
    raw.fill(0);
  }
  const np = base64ToBytes(header.noncePrefix);

  const ptHasher = await createSHA256();
  ptHasher.init();
  let ptSize = 0;
  const out: Blob[] = [];
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let trailer: Uint8Array | undefined;
  const reader = new RecordReader(header.chunkSize);
  const step = Math.max(4 * (header.chunkSize + 25), TRANSPORT_CHUNK_SIZE);
  for (let o = dataOffset; o < total || o === dataOffset; o += step) {
    p.signal?.throwIfAborted();
    if (o < total) reader.push(new Uint8Array(await p.sealed.slice(o, Math.min(total, o + step)).arrayBuffer()));
    for (let rec = reader.take(); rec; rec = reader.take()) {
      let pt: Uint8Array;
      try {
        pt = new Uint8Array(
          await subtle().decrypt(
            { name: 'AES-GCM', iv: chunkNonce(np, rec.index), additionalData: chunkAad(hs, rec.index, rec.type), tagLength: GCM_TAG_LENGTH * 8 },
            key,
            u8(rec.body),
          ),
        );
      } catch {
        throw new EnvelopeError('ENVELOPE_TAMPERED', rec.index === TRAILER_INDEX ? 'trailer' : `chunk ${rec.index}`);
      }
      if (rec.type === RECORD_TRAILER) {
        trailer = pt;
      } else {
        ptHasher.update(pt);
        ptSize += pt.length;
        pending.push(pt);
        pendingBytes += pt.length;
        if (pendingBytes >= 16 * 1048576) {
          out.push(new Blob(pending as BlobPart[]));
          pending = [];
          pendingBytes = 0;
        }
      }
    }
    p.onProgress?.(Math.min(total, o + step), total);
    if (o >= total) break;
  }
  reader.end();
  const { manifest, innerSignature, signedBytes } = parseTrailer(trailer!, header);
  if (manifest.size !== ptSize) throw new EnvelopeError('ENVELOPE_PLAINTEXT_MISMATCH', `size ${ptSize} ≠ manifest ${manifest.size}`);
  if (manifest.sha256 !== ptHasher.digest('hex')) throw new EnvelopeError('ENVELOPE_PLAINTEXT_MISMATCH', 'sha256 differs from the manifest');
  const signer = await verifyInner(innerSignature, signedBytes, p.expectedSignerCertPem);
  out.push(new Blob(pending as BlobPart[]));
  return { manifest, plaintext: new Blob(out), header, headerSha256: bytesToHex(hs), signer };
}
