/**
 * Opening with an already unwrapped content key (issue 7, bid opening): the bidder unwraps K locally —
 * unwrapContentKey (Node) or unwrapContentKeyWebCrypto (browser), the same bytes — and the server opens
 * the part with K alone. A key that does not open record 0 → ENVELOPE_WRONG_KEY; tampering later stays
 * ENVELOPE_TAMPERED.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importP12, sealPartWebCrypto, unwrapContentKeyWebCrypto } from '../browser.ts';
import {
  ENVELOPE_ERROR_CODES,
  ENVELOPE_ERROR_MESSAGES,
  EnvelopeError,
  type EnvelopeErrorCode,
  type EnvelopeHeader,
  type OpenPartInput,
  openPart,
  readEnvelopeHeader,
  sealPart,
  sha256Hex,
  toP12,
  unwrapContentKey,
} from '../index.ts';
import { type EnvelopePki, type Identity, envelopePki, patternBytes, pieces, recordsOf, sink } from './test-fixtures.ts';

const VEC = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-vectors', 'envelope-v1');
const vecText = (n: string) => readFileSync(join(VEC, n), 'utf8');

let E: EnvelopePki;
beforeAll(async () => {
  E = await envelopePki();
});
afterAll(() => E?.t.cleanup());

async function seal(plain: Uint8Array, part: 'summary' | 'technical' = 'technical') {
  const out = sink();
  const r = await sealPart({
    input: pieces(plain, 5000),
    output: out.stream,
    part,
    projectId: 7,
    sectionId: 9,
    name: `${part}.bin`,
    chunkSize: 4096,
    recipientCertPems: [E.enc.certPem],
    signerKeyPem: E.sign.keyPem,
    signerCertPem: E.sign.certPem,
  });
  return { ...r, sealed: out.bytes() };
}

const headerOf = (sealed: Uint8Array): EnvelopeHeader => readEnvelopeHeader(sealed).header;
const keyOf = (sealed: Uint8Array, id: Identity = E.enc) =>
  unwrapContentKey({ header: headerOf(sealed), decryptionKeyPem: id.keyPem, recipientCertPem: id.certPem });

async function openWithKey(sealed: Uint8Array, contentKey: Uint8Array, onProgress?: (n: number) => void) {
  const out = sink();
  const r = await openPart({
    input: pieces(sealed, 3000),
    output: out.stream,
    contentKey,
    expectedSignerCertPem: E.sign.certPem,
    trustedRootsPem: [E.pki.rootCertPem],
    ...(onProgress ? { onProgress } : {}),
  });
  return { ...r, plaintext: out.bytes() };
}

async function codeOf(p: Promise<unknown>): Promise<EnvelopeErrorCode | string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof EnvelopeError) return e.code;
    return `other: ${e instanceof Error ? e.message : String(e)}`;
  }
  return 'no error';
}

function codeOfSync(f: () => unknown): EnvelopeErrorCode | string {
  try {
    f();
  } catch (e) {
    if (e instanceof EnvelopeError) return e.code;
    return `other: ${e instanceof Error ? e.message : String(e)}`;
  }
  return 'no error';
}

async function webKey(id: Identity, usages: KeyUsage[] | 'p12'): Promise<CryptoKey> {
  if (usages === 'p12') {
    return (await importP12(toP12({ privateKeyPem: id.keyPem, certPem: id.certPem, passphrase: 'pass-1234' }), 'pass-1234', 'encryption')).privateKey;
  }
  const der = Buffer.from(id.keyPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  return crypto.subtle.importKey('pkcs8', der, { name: 'RSA-OAEP', hash: 'SHA-256' }, false, usages);
}

describe('ENVELOPE_WRONG_KEY', () => {
  it('is a code with zh and en messages', () => {
    expect(ENVELOPE_ERROR_CODES).toContain('ENVELOPE_WRONG_KEY');
    expect(ENVELOPE_ERROR_MESSAGES.ENVELOPE_WRONG_KEY).toEqual({ zh: '解密密钥无法打开该投标文件', en: 'The decryption key does not open this bid file' });
    const e = new EnvelopeError('ENVELOPE_WRONG_KEY');
    expect(e.zh).toBe('解密密钥无法打开该投标文件');
  });
});

describe('openPart with a content key', () => {
  let big: Awaited<ReturnType<typeof seal>>;
  const plain = patternBytes(4096 * 4 + 321, 42);
  beforeAll(async () => {
    big = await seal(plain);
  });

  it('round trip: unwrapContentKey + openPart({ contentKey }) gives the plaintext, the manifest and the trusted inner signature', async () => {
    const k = keyOf(big.sealed);
    expect(k).toBeInstanceOf(Uint8Array);
    expect(k.length).toBe(32);
    const progress: number[] = [];
    const r = await openWithKey(big.sealed, k, (n) => progress.push(n));
    expect(r.plaintext.equals(plain)).toBe(true);
    expect(r.manifest).toEqual(big.manifest);
    expect(r.headerSha256).toBe(big.headerSha256);
    expect(r.innerSignature.ok).toBe(true);
    expect(progress).toEqual([4096, 8192, 12288, 16384, plain.length]);
    // the key given is not consumed or zeroed by openPart (the caller owns it)
    expect((await openWithKey(big.sealed, k)).plaintext.equals(plain)).toBe(true);
  });

  it('the private-key way reports progress too and gives the same result', async () => {
    const progress: number[] = [];
    const out = sink();
    const r = await openPart({ input: pieces(big.sealed, 7000), output: out.stream, decryptionKeyPem: E.enc.keyPem, recipientCertPem: E.enc.certPem, onProgress: (n) => progress.push(n) });
    expect(out.bytes().equals(plain)).toBe(true);
    expect(r.manifest).toEqual(big.manifest);
    expect(progress.at(-1)).toBe(plain.length);
  });

  it('an empty plaintext opens with its key; a wrong key on it → ENVELOPE_WRONG_KEY', async () => {
    const empty = await seal(new Uint8Array(0), 'summary');
    const r = await openWithKey(empty.sealed, keyOf(empty.sealed));
    expect(r.plaintext.length).toBe(0);
    expect(r.manifest.sha256).toBe(sha256Hex(new Uint8Array(0)));
    expect(await codeOf(openWithKey(empty.sealed, randomBytes(32)))).toBe('ENVELOPE_WRONG_KEY');
  });

  it('the committed test vector opens with the key unwrapped from its header', async () => {
    const sealed = readFileSync(join(VEC, 'sealed.ebid'));
    const k = unwrapContentKey({ header: headerOf(sealed), decryptionKeyPem: vecText('enc.key'), recipientCertPem: vecText('enc.pem') });
    const out = sink();
    await openPart({
      input: pieces(sealed, 4000),
      output: out.stream,
      contentKey: k,
      trustedRootsPem: [vecText('root.pem')],
      at: new Date((JSON.parse(vecText('expected.json')) as { verifyAt: string }).verifyAt),
    });
    expect(out.bytes().equals(readFileSync(join(VEC, 'plaintext.txt')))).toBe(true);
  });

  it('a wrong (random) 32-byte key → ENVELOPE_WRONG_KEY', async () => {
    expect(await codeOf(openWithKey(big.sealed, randomBytes(32)))).toBe('ENVELOPE_WRONG_KEY');
    const flipped = Uint8Array.from(keyOf(big.sealed));
    flipped[31]! ^= 1;
    expect(await codeOf(openWithKey(big.sealed, flipped))).toBe('ENVELOPE_WRONG_KEY');
  });

  it('the key of another part (of the same bid) → ENVELOPE_WRONG_KEY', async () => {
    const summary = await seal(Buffer.from(JSON.stringify({ priceFen: 123, durationDays: 10, quality: '合格' })), 'summary');
    expect(await codeOf(openWithKey(big.sealed, keyOf(summary.sealed)))).toBe('ENVELOPE_WRONG_KEY');
    expect(await codeOf(openWithKey(summary.sealed, keyOf(big.sealed)))).toBe('ENVELOPE_WRONG_KEY');
  });

  it('a key of the wrong length → ENVELOPE_WRONG_KEY', async () => {
    expect(await codeOf(openWithKey(big.sealed, randomBytes(16)))).toBe('ENVELOPE_WRONG_KEY');
    expect(await codeOf(openWithKey(big.sealed, new Uint8Array(0)))).toBe('ENVELOPE_WRONG_KEY');
  });

  it('the right key and a tampered later chunk or trailer → ENVELOPE_TAMPERED, not WRONG_KEY', async () => {
    const { records } = recordsOf(big.sealed);
    const k = keyOf(big.sealed);
    const bad = Buffer.from(big.sealed);
    bad[records[2]!.body + 3]! ^= 0x10;
    expect(await codeOf(openWithKey(bad, k))).toBe('ENVELOPE_TAMPERED');
    const badTrailer = Buffer.from(big.sealed);
    badTrailer[records.at(-1)!.body + 1]! ^= 1;
    expect(await codeOf(openWithKey(badTrailer, k))).toBe('ENVELOPE_TAMPERED');
    // the private-key way keeps reporting a damaged first record as TAMPERED
    const bad0 = Buffer.from(big.sealed);
    bad0[records[0]!.body]! ^= 1;
    const out = sink();
    expect(await codeOf(openPart({ input: pieces(bad0, 5000), output: out.stream, decryptionKeyPem: E.enc.keyPem, recipientCertPem: E.enc.certPem }))).toBe('ENVELOPE_TAMPERED');
  });

  it('framing is still checked first: a truncated file → ENVELOPE_TRUNCATED, an unsealed one → ENVELOPE_NOT_SEALED', async () => {
    const { records } = recordsOf(big.sealed);
    expect(await codeOf(openWithKey(big.sealed.subarray(0, records[2]!.end), keyOf(big.sealed)))).toBe('ENVELOPE_TRUNCATED');
    expect(await codeOf(openWithKey(Buffer.from('not sealed at all'), randomBytes(32)))).toBe('ENVELOPE_NOT_SEALED');
  });

  it('exactly one way must be given', async () => {
    const out = sink();
    const both = { input: pieces(big.sealed, 5000), output: out.stream, contentKey: randomBytes(32), decryptionKeyPem: E.enc.keyPem, recipientCertPem: E.enc.certPem };
    await expect(openPart(both as unknown as OpenPartInput)).rejects.toThrow(TypeError);
    await expect(openPart({ input: pieces(big.sealed, 5000), output: out.stream } as unknown as OpenPartInput)).rejects.toThrow(TypeError);
    await expect(openPart({ input: pieces(big.sealed, 5000), output: out.stream, decryptionKeyPem: E.enc.keyPem } as unknown as OpenPartInput)).rejects.toThrow(TypeError);
  });
});

describe('unwrapContentKey (Node) and unwrapContentKeyWebCrypto (browser)', () => {
  let sealed: Buffer;
  let header: EnvelopeHeader;
  beforeAll(async () => {
    sealed = (await seal(patternBytes(9000, 5))).sealed;
    header = headerOf(sealed);
  });

  it('give identical bytes for the same envelope, with the .p12 key (non-extractable), a decrypt-only and an unwrapKey-only key', async () => {
    const node = unwrapContentKey({ header, decryptionKeyPem: E.enc.keyPem, recipientCertPem: E.enc.certPem });
    for (const usages of ['p12', ['decrypt'], ['unwrapKey']] as const) {
      const privateKey = await webKey(E.enc, usages === 'p12' ? 'p12' : [...usages]);
      expect(privateKey.extractable).toBe(false);
      const web = await unwrapContentKeyWebCrypto({ recipients: header.recipients, certPem: E.enc.certPem, privateKey });
      expect(Buffer.from(web).equals(Buffer.from(node))).toBe(true);
    }
  });

  it('a WebCrypto-sealed envelope: the browser unwraps K, Node opens the part with K alone', async () => {
    const plain = patternBytes(4096 * 2 + 5, 11);
    const signingKey = (await importP12(toP12({ privateKeyPem: E.sign.keyPem, certPem: E.sign.certPem, passphrase: 'pass-1234' }), 'pass-1234', 'signing')).privateKey;
    const s = await sealPartWebCrypto({
      file: new Blob([plain as Uint8Array<ArrayBuffer>]),
      part: 'commercial',
      projectId: 7,
      sectionId: 9,
      name: '商务标.pdf',
      chunkSize: 4096,
      recipientCertPems: [E.enc.certPem],
      signingKey,
      signerCertPem: E.sign.certPem,
    });
    const bytes = Buffer.from(await s.sealed.arrayBuffer());
    const k = await unwrapContentKeyWebCrypto({ recipients: s.header.recipients, certPem: E.enc.certPem, privateKey: await webKey(E.enc, 'p12') });
    expect(Buffer.from(k).equals(Buffer.from(keyOf(bytes)))).toBe(true);
    const r = await openWithKey(bytes, k);
    expect(r.plaintext.equals(plain)).toBe(true);
    expect(r.headerSha256).toBe(s.headerSha256);
  });

  it('not a recipient, or the wrong private key → ENVELOPE_NOT_RECIPIENT in both', async () => {
    const other = E.issue('encryption');
    expect(codeOfSync(() => unwrapContentKey({ header, decryptionKeyPem: other.keyPem, recipientCertPem: other.certPem }))).toBe('ENVELOPE_NOT_RECIPIENT');
    expect(codeOfSync(() => unwrapContentKey({ header, decryptionKeyPem: other.keyPem, recipientCertPem: E.enc.certPem }))).toBe('ENVELOPE_NOT_RECIPIENT');
    const otherKey = await webKey(other, 'p12');
    expect(await codeOf(unwrapContentKeyWebCrypto({ recipients: header.recipients, certPem: other.certPem, privateKey: otherKey }))).toBe('ENVELOPE_NOT_RECIPIENT');
    expect(await codeOf(unwrapContentKeyWebCrypto({ recipients: header.recipients, certPem: E.enc.certPem, privateKey: otherKey }))).toBe('ENVELOPE_NOT_RECIPIENT');
    expect(await codeOf(unwrapContentKeyWebCrypto({ recipients: header.recipients, certPem: E.enc.certPem, privateKey: await webKey(other, ['unwrapKey']) }))).toBe(
      'ENVELOPE_NOT_RECIPIENT',
    );
    // No entry at all is a malformed header (exactly one recipient, issue 14 §6).
    expect(await codeOf(unwrapContentKeyWebCrypto({ recipients: [], certPem: E.enc.certPem, privateKey: await webKey(E.enc, 'p12') }))).toBe('ENVELOPE_MALFORMED');
  });

  it('exactly one recipient (issue 14 §6): a writer refuses two, a reader refuses two entries in both implementations', async () => {
    const other = E.issue('encryption');
    const base = { input: pieces(patternBytes(100, 1), 100), output: sink().stream, part: 'summary' as const, projectId: 7, sectionId: 9, name: 's.json', signerKeyPem: E.sign.keyPem, signerCertPem: E.sign.certPem };
    await expect(sealPart({ ...base, recipientCertPems: [other.certPem, E.enc.certPem] })).rejects.toThrow(/exactly one recipient/);
    const two = [...header.recipients, { ...header.recipients[0]!, certSha256: 'f'.repeat(64) }];
    expect(codeOfSync(() => unwrapContentKey({ header: { recipients: two }, decryptionKeyPem: E.enc.keyPem, recipientCertPem: E.enc.certPem }))).toBe('ENVELOPE_MALFORMED');
    expect(await codeOf(unwrapContentKeyWebCrypto({ recipients: two, certPem: E.enc.certPem, privateKey: await webKey(E.enc, ['decrypt']) }))).toBe('ENVELOPE_MALFORMED');
  });
});
