/**
 * Envelope v1 with WebCrypto (the browser entry, run in Node's globalThis.crypto.subtle), and the cross
 * test: sealed by one implementation, opened by the other, byte-identical (issue 6 §2).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importP12, openPartWebCrypto, partHashOfBlob, sealPartWebCrypto, signOuterWebCrypto } from '../browser.ts';
import {
  EnvelopeError,
  createPartHasher,
  openPart,
  outerManifestBytes,
  sealPart,
  sha256Hex,
  toP12,
  verifyCmsDetached,
  type EnvelopeErrorCode,
} from '../index.ts';
import { type EnvelopePki, type Identity, envelopePki, patternBytes, pieces, recordsOf, sink } from './test-fixtures.ts';

const VEC = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-vectors', 'envelope-v1');
const vecText = (n: string) => readFileSync(join(VEC, n), 'utf8');

let E: EnvelopePki;
let signingKey: CryptoKey;
let decryptionKey: CryptoKey;

async function webKey(id: Identity, usage: 'signing' | 'encryption'): Promise<CryptoKey> {
  const p12 = toP12({ privateKeyPem: id.keyPem, certPem: id.certPem, passphrase: 'pass-1234' });
  return (await importP12(p12, 'pass-1234', usage)).privateKey;
}

beforeAll(async () => {
  E = await envelopePki();
  signingKey = await webKey(E.sign, 'signing');
  decryptionKey = await webKey(E.enc, 'encryption');
});
afterAll(() => E?.t.cleanup());

async function codeOf(p: Promise<unknown>): Promise<EnvelopeErrorCode | string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof EnvelopeError) return e.code;
    return `other: ${e instanceof Error ? e.message : String(e)}`;
  }
  return 'no error';
}

const blobBytes = async (b: Blob) => Buffer.from(await b.arrayBuffer());

function webSeal(plain: Uint8Array, extra: Partial<Parameters<typeof sealPartWebCrypto>[0]> = {}) {
  return sealPartWebCrypto({
    file: new Blob([plain as Uint8Array<ArrayBuffer>]),
    part: 'technical',
    projectId: 11,
    sectionId: 12,
    name: '技术标.pdf',
    chunkSize: 4096,
    recipientCertPems: [E.enc.certPem],
    signingKey,
    signerCertPem: E.sign.certPem,
    chainPems: [E.pki.rootCertPem],
    ...extra,
  });
}

async function nodeOpen(sealed: Uint8Array) {
  const out = sink();
  const r = await openPart({
    input: pieces(sealed, 6001),
    output: out.stream,
    decryptionKeyPem: E.enc.keyPem,
    recipientCertPem: E.enc.certPem,
    expectedSignerCertPem: E.sign.certPem,
    trustedRootsPem: [E.pki.rootCertPem],
  });
  return { ...r, plaintext: out.bytes() };
}

describe('cross: WebCrypto seal → Node open', () => {
  it.each([
    ['several chunks + a partial last one', 4096 * 5 + 77],
    ['an exact multiple', 4096 * 2],
    ['empty', 0],
  ])('%s: byte-identical plaintext, same hashes', async (_n, size) => {
    const plain = patternBytes(size, size + 3);
    const progress: number[] = [];
    const s = await webSeal(plain, { onProgress: (done) => progress.push(done) });
    const bytes = await blobBytes(s.sealed);
    expect(bytes.length).toBe(s.size);
    expect(s.plaintextSha256).toBe(sha256Hex(plain));
    expect(progress.at(-1)).toBe(size);
    const h = createPartHasher();
    h.update(bytes);
    expect(h.digest()).toBe(s.partHash);
    expect(await partHashOfBlob(s.sealed)).toBe(s.partHash);
    const r = await nodeOpen(bytes);
    expect(r.plaintext.equals(Buffer.from(plain))).toBe(true);
    expect(r.headerSha256).toBe(s.headerSha256);
    expect(r.manifest).toEqual({ part: 'technical', projectId: 11, sectionId: 12, name: '技术标.pdf', size, sha256: sha256Hex(plain) });
    expect(r.innerSignature.ok).toBe(true);
  });
});

describe('cross: Node seal → WebCrypto open', () => {
  it('byte-identical plaintext and the manifest', async () => {
    const plain = patternBytes(4096 * 4 + 1000, 99);
    const out = sink();
    const s = await sealPart({
      input: pieces(plain, 3333),
      output: out.stream,
      part: 'qualification',
      projectId: 3,
      sectionId: 4,
      name: '资格证明.zip',
      chunkSize: 4096,
      recipientCertPems: [E.enc.certPem],
      signerKeyPem: E.sign.keyPem,
      signerCertPem: E.sign.certPem,
    });
    const r = await openPartWebCrypto({
      sealed: new Blob([out.bytes() as Uint8Array<ArrayBuffer>]),
      decryptionKey,
      recipientCertPem: E.enc.certPem,
      expectedSignerCertPem: E.sign.certPem,
    });
    expect((await blobBytes(r.plaintext)).equals(plain)).toBe(true);
    expect(r.manifest).toEqual(s.manifest);
    expect(r.headerSha256).toBe(s.headerSha256);
    expect(r.signer.subject.CN).toBe('王五');
  });

  it('opens the committed test vector', async () => {
    const key = (await importP12(toP12({ privateKeyPem: vecText('enc.key'), certPem: vecText('enc.pem'), passphrase: 'x-12345' }), 'x-12345', 'encryption')).privateKey;
    const r = await openPartWebCrypto({
      sealed: new Blob([readFileSync(join(VEC, 'sealed.ebid'))]),
      decryptionKey: key,
      recipientCertPem: vecText('enc.pem'),
      expectedSignerCertPem: vecText('sign.pem'),
    });
    expect((await blobBytes(r.plaintext)).equals(readFileSync(join(VEC, 'plaintext.txt')))).toBe(true);
    expect(await partHashOfBlob(new Blob([readFileSync(join(VEC, 'sealed.ebid'))]))).toBe(JSON.parse(vecText('expected.json')).partHash);
  });
});

describe('WebCrypto faults', () => {
  let sealed: Buffer;
  beforeAll(async () => {
    sealed = await blobBytes((await webSeal(patternBytes(4096 * 3 + 10, 7))).sealed);
  });
  const open = (b: Uint8Array, extra: { cert?: string; key?: CryptoKey; signer?: string } = {}) =>
    openPartWebCrypto({
      sealed: new Blob([b as Uint8Array<ArrayBuffer>]),
      decryptionKey: extra.key ?? decryptionKey,
      recipientCertPem: extra.cert ?? E.enc.certPem,
      expectedSignerCertPem: extra.signer ?? E.sign.certPem,
    });

  it('truncated → ENVELOPE_TRUNCATED', async () => {
    const { records } = recordsOf(sealed);
    expect(await codeOf(open(sealed.subarray(0, records[1]!.end)))).toBe('ENVELOPE_TRUNCATED');
    expect(await codeOf(open(sealed.subarray(0, records[1]!.body + 9)))).toBe('ENVELOPE_TRUNCATED');
  });
  it('reordered → ENVELOPE_REORDERED', async () => {
    const { records } = recordsOf(sealed);
    const [a, b] = [records[0]!, records[1]!];
    const swapped = Buffer.concat([sealed.subarray(0, a.start), sealed.subarray(b.start, b.end), sealed.subarray(a.start, a.end), sealed.subarray(b.end)]);
    expect(await codeOf(open(swapped))).toBe('ENVELOPE_REORDERED');
  });
  it('a flipped bit → ENVELOPE_TAMPERED', async () => {
    const bad = Buffer.from(sealed);
    bad[recordsOf(sealed).records[2]!.body + 5]! ^= 4;
    expect(await codeOf(open(bad))).toBe('ENVELOPE_TAMPERED');
  });
  it('a wrong recipient → ENVELOPE_NOT_RECIPIENT', async () => {
    const other = E.issue('encryption');
    expect(await codeOf(open(sealed, { cert: other.certPem, key: await webKey(other, 'encryption') }))).toBe('ENVELOPE_NOT_RECIPIENT');
    expect(await codeOf(open(sealed, { key: await webKey(other, 'encryption') }))).toBe('ENVELOPE_NOT_RECIPIENT');
  });
  it('a wrong signer → ENVELOPE_SIGNER_MISMATCH', async () => {
    const other = E.issue('signing');
    expect(await codeOf(open(sealed, { signer: other.certPem }))).toBe('ENVELOPE_SIGNER_MISMATCH');
  });
  it('an unsealed file → ENVELOPE_NOT_SEALED', async () => {
    expect(await codeOf(open(Buffer.from('plain text bid')))).toBe('ENVELOPE_NOT_SEALED');
  });
  it('abort stops sealing', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(webSeal(patternBytes(10_000), { signal: ac.signal })).rejects.toThrow();
  });
});

describe('outer signature and partHashOfBlob', () => {
  it('signOuterWebCrypto verifies with verifyCmsDetached over outerManifestBytes', async () => {
    const manifest = { projectId: 1, sectionId: 2, bidderOrgId: 5, version: 1, part: 'summary' as const, headerSha256: 'a'.repeat(64), partHash: 'b'.repeat(64), size: 1234 };
    const b64 = await signOuterWebCrypto({ signingKey, signerCertPem: E.sign.certPem, manifest });
    const r = verifyCmsDetached(Buffer.from(b64, 'base64'), outerManifestBytes(manifest), { trustedRootsPem: [E.pki.rootCertPem], at: new Date() });
    expect(r.ok).toBe(true);
    for (const other of [{ size: 1235 }, { version: 2 }, { bidderOrgId: 6 }]) {
      expect(verifyCmsDetached(Buffer.from(b64, 'base64'), outerManifestBytes({ ...manifest, ...other }), { trustedRootsPem: [E.pki.rootCertPem], at: new Date() })).toMatchObject({ ok: false, reason: 'SIGNATURE_INVALID' });
    }
  });
  it('partHashOfBlob of > 4 MiB equals createPartHasher', async () => {
    const data = patternBytes(4194304 * 2 + 17, 8);
    const h = createPartHasher();
    h.update(data);
    expect(await partHashOfBlob(new Blob([data as Uint8Array<ArrayBuffer>]))).toBe(h.digest());
  });
});
