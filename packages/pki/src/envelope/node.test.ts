/**
 * Envelope v1, Node implementation: the checked-in vectors, round trips, and every fault with its own
 * error code (issue 6 §1; domain B2, B5).
 */
import { createDecipheriv, createHash, createPrivateKey, constants, privateDecrypt } from 'node:crypto';
import { createWriteStream, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ENVELOPE_ERROR_CODES,
  ENVELOPE_ERROR_MESSAGES,
  EnvelopeError,
  TRANSPORT_CHUNK_SIZE,
  createPartHasher,
  openPart,
  outerManifestBytes,
  parseEnvelopeHeader,
  partHashOfFile,
  sealPart,
  sha256Hex,
  type EnvelopeErrorCode,
  type SealPartInput,
} from '../index.ts';
import { openssl } from '../test-helpers.ts';
import { type SealHooks, sealPartWithHooks } from './node.ts';
import { type EnvelopePki, envelopePki, patternBytes, pieces, recordsOf, sink, withHeader } from './test-fixtures.ts';

type Hdr = Record<string, unknown> & { alg?: object };
const VEC = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-vectors', 'envelope-v1');
const vec = (n: string) => readFileSync(join(VEC, n));
const vecText = (n: string) => readFileSync(join(VEC, n), 'utf8');

let E: EnvelopePki;
beforeAll(async () => {
  E = await envelopePki();
});
afterAll(() => E?.t.cleanup());

async function seal(plain: Uint8Array, opts: Partial<SealPartInput> = {}, hooks: SealHooks = {}) {
  const out = sink();
  const r = await sealPartWithHooks(
    {
      input: pieces(plain, 7000),
      output: out.stream,
      part: 'commercial',
      projectId: 7,
      sectionId: 9,
      name: '商务标.pdf',
      chunkSize: 4096,
      recipientCertPems: [E.enc.certPem],
      signerKeyPem: E.sign.keyPem,
      signerCertPem: E.sign.certPem,
      ...opts,
    },
    hooks,
  );
  return { ...r, sealed: out.bytes() };
}

async function open(sealed: Uint8Array, opts: { keyPem?: string; certPem?: string; expectedSignerCertPem?: string; trustedRootsPem?: string[] } = {}) {
  const out = sink();
  const r = await openPart({
    input: pieces(sealed, 5000),
    output: out.stream,
    decryptionKeyPem: opts.keyPem ?? E.enc.keyPem,
    recipientCertPem: opts.certPem ?? E.enc.certPem,
    ...(opts.expectedSignerCertPem ? { expectedSignerCertPem: opts.expectedSignerCertPem } : {}),
    trustedRootsPem: opts.trustedRootsPem ?? [E.pki.rootCertPem],
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

describe('checked-in test vectors (test-vectors/envelope-v1)', () => {
  const expected = JSON.parse(vecText('expected.json')) as Record<string, string | number>;

  it('opens the committed sealed file to the committed plaintext, inner signature trusted by the committed root', async () => {
    const out = sink();
    const r = await openPart({
      input: pieces(vec('sealed.ebid'), 3000),
      output: out.stream,
      decryptionKeyPem: vecText('enc.key'),
      recipientCertPem: vecText('enc.pem'),
      expectedSignerCertPem: vecText('sign.pem'),
      trustedRootsPem: [vecText('root.pem')],
      at: new Date(expected.verifyAt as string),
    });
    expect(out.bytes().equals(vec('plaintext.txt'))).toBe(true);
    expect(r.manifest).toEqual({
      part: 'summary',
      projectId: 101,
      sectionId: 202,
      name: 'plaintext.txt',
      size: expected.plaintextSize,
      sha256: expected.plaintextSha256,
    });
    expect(r.innerSignature.ok).toBe(true);
    expect(r.headerSha256).toBe(expected.headerSha256);
  });

  it('recomputes headerSha256, partHash, size and the file hash', async () => {
    const sealed = vec('sealed.ebid');
    const { headerBytes, header } = parseEnvelopeHeader(sealed);
    expect(sha256Hex(headerBytes)).toBe(expected.headerSha256);
    expect(header.chunkSize).toBe(4096);
    expect(sealed.length).toBe(expected.size);
    expect(sha256Hex(sealed)).toBe(expected.sealedSha256);
    expect(await partHashOfFile(join(VEC, 'sealed.ebid'))).toEqual({ partHash: expected.partHash, size: expected.size });
    // one transport piece: partHash = SHA-256(SHA-256(file))
    expect(sha256Hex(createHash('sha256').update(sealed).digest())).toBe(expected.partHash);
  });

  it('an independent reader written from ENVELOPE.md alone (node:crypto only) decrypts it', () => {
    const f = vec('sealed.ebid');
    expect(f.subarray(0, 8).toString('ascii')).toBe('EBIDENV1');
    const hl = f.readUInt32BE(8);
    const hb = f.subarray(12, 12 + hl);
    const h = JSON.parse(hb.toString('utf8'));
    expect(Object.keys(h)).toEqual(['v', 'alg', 'part', 'projectId', 'sectionId', 'chunkSize', 'noncePrefix', 'recipients']);
    const hs = createHash('sha256').update(hb).digest();
    const ck = privateDecrypt(
      { key: createPrivateKey(vecText('enc.key')), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
      Buffer.from(h.recipients[0].wrappedKey, 'base64'),
    );
    const np = Buffer.from(h.noncePrefix, 'base64');
    let o = 12 + hl;
    const plain: Buffer[] = [];
    let trailer: Buffer | undefined;
    const types: number[] = [];
    while (o < f.length) {
      const type = f[o]!;
      const index = f.readUInt32BE(o + 1);
      const len = f.readUInt32BE(o + 5);
      const body = f.subarray(o + 9, o + 9 + len);
      const nonce = Buffer.alloc(12);
      np.copy(nonce);
      nonce.writeUInt32BE(index, 8);
      const aad = Buffer.alloc(37);
      hs.copy(aad);
      aad.writeUInt32BE(index, 32);
      aad[36] = type;
      const d = createDecipheriv('aes-256-gcm', ck, nonce);
      d.setAAD(aad);
      d.setAuthTag(body.subarray(len - 16));
      const pt = Buffer.concat([d.update(body.subarray(0, len - 16)), d.final()]);
      if (type === 3) trailer = pt;
      else plain.push(pt);
      types.push(type);
      o += 9 + len;
    }
    expect(types).toEqual([1, 1, 1, 2, 3]);
    expect(Buffer.concat(plain).equals(vec('plaintext.txt'))).toBe(true);
    const t = JSON.parse(trailer!.toString('utf8'));
    expect(Object.keys(t)).toEqual(['manifest', 'innerSignature']);
    expect(t.manifest.sha256).toBe(sha256Hex(vec('plaintext.txt')));
    // the inner signature is a DER CMS that openssl accepts over JSON.stringify(manifest)
    const p7s = E.t.write('vec-inner.p7s', Buffer.from(t.innerSignature, 'base64'));
    const content = E.t.write('vec-manifest.json', JSON.stringify(t.manifest));
    const root = E.t.write('vec-root.pem', vecText('root.pem'));
    const r = openssl(['cms', '-verify', '-binary', '-inform', 'DER', '-in', p7s, '-content', content, '-CAfile', root, '-purpose', 'any', '-out', '/dev/null']);
    expect(r.stderr).toContain('Verification successful');
  });
});

describe('round trips', () => {
  it.each([
    ['several chunks + a partial last chunk', 4096 * 3 + 1234],
    ['an exact multiple of the chunk size', 4096 * 4],
    ['less than one chunk', 10],
    ['one byte', 1],
  ])('%s', async (_n, size) => {
    const plain = patternBytes(size, size);
    const s = await seal(plain);
    const { records } = recordsOf(s.sealed);
    const chunks = Math.max(1, Math.ceil(size / 4096));
    expect(records.map((r) => r.type)).toEqual([...Array(chunks - 1).fill(1), 2, 3]);
    expect(records.at(-1)!.index).toBe(0xffffffff);
    expect(s.size).toBe(s.sealed.length);
    expect(s.plaintextSize).toBe(size);
    expect(s.plaintextSha256).toBe(sha256Hex(plain));
    const r = await open(s.sealed, { expectedSignerCertPem: E.sign.certPem });
    expect(r.plaintext.equals(plain)).toBe(true);
    expect(r.manifest).toEqual({ part: 'commercial', projectId: 7, sectionId: 9, name: '商务标.pdf', size, sha256: sha256Hex(plain) });
    expect(r.headerSha256).toBe(s.headerSha256);
    expect(r.innerSignature).toMatchObject({ ok: true, signer: { subject: { CN: '王五' } } });
  });

  it('an empty plaintext is one last chunk of 0 bytes', async () => {
    const s = await seal(new Uint8Array(0));
    const { records } = recordsOf(s.sealed);
    expect(records.map((r) => [r.type, r.index, r.end - r.body])).toEqual([[2, 0, 16], [3, 0xffffffff, expect.any(Number)]]);
    const r = await open(s.sealed);
    expect(r.plaintext.length).toBe(0);
    expect(r.manifest.sha256).toBe(sha256Hex(new Uint8Array(0)));
  });

  it('the default chunk size is 1 MiB; the header keeps the format key order', async () => {
    const plain = patternBytes(2.5 * 1048576);
    const s = await seal(plain, { chunkSize: undefined });
    expect(recordsOf(s.sealed).records.map((r) => r.type)).toEqual([1, 1, 2, 3]);
    expect(Object.keys(s.header)).toEqual(['v', 'alg', 'part', 'projectId', 'sectionId', 'chunkSize', 'noncePrefix', 'keyCommitment', 'recipients']);
    expect(s.header.v).toBe(2);
    expect(s.header.chunkSize).toBe(1048576);
    expect((await open(s.sealed)).plaintext.equals(plain)).toBe(true);
  });

  it('without roots or an expected signer only the signature itself is checked (self-anchored)', async () => {
    const s = await seal(patternBytes(100));
    const out = sink();
    const r = await openPart({ input: pieces(s.sealed, 999), output: out.stream, decryptionKeyPem: E.enc.keyPem, recipientCertPem: E.enc.certPem });
    expect(r.innerSignature.ok).toBe(true);
  });

  it('refuses a signing certificate as recipient and a key that does not match the signer certificate', async () => {
    await expect(seal(patternBytes(10), { recipientCertPems: [E.sign.certPem] })).rejects.toMatchObject({ details: { reason: 'CERT_WRONG_USAGE' } });
    await expect(seal(patternBytes(10), { signerKeyPem: E.enc.keyPem })).rejects.toMatchObject({ details: { reason: 'KEY_CERT_MISMATCH' } });
  });

  it('outerManifestBytes (v2) is the JSON the server rebuilds: type first, the company and the bid version', () => {
    const b = outerManifestBytes({ projectId: 1, sectionId: 2, bidderOrgId: 5, version: 3, part: 'technical', headerSha256: 'aa', partHash: 'bb', size: 3 });
    expect(new TextDecoder().decode(b)).toBe(
      '{"type":"ebid-bid-part","v":2,"projectId":1,"sectionId":2,"bidderOrgId":5,"version":3,"part":"technical","headerSha256":"aa","partHash":"bb","size":3}',
    );
  });
});

describe('faults: each fails with its own code', () => {
  let plain: Buffer;
  let good: Awaited<ReturnType<typeof seal>>;
  beforeAll(async () => {
    plain = patternBytes(4096 * 3 + 500, 42);
    good = await seal(plain);
  });

  it('every error code has zh and en messages', () => {
    for (const c of ENVELOPE_ERROR_CODES) expect(ENVELOPE_ERROR_MESSAGES[c].zh && ENVELOPE_ERROR_MESSAGES[c].en).toBeTruthy();
    expect(new EnvelopeError('ENVELOPE_NOT_SEALED').zh).toBe('文件未加密，请先使用投标文件加密工具加密');
  });

  it('truncation after a data chunk → ENVELOPE_TRUNCATED', async () => {
    const { records } = recordsOf(good.sealed);
    expect(records[1]!.type).toBe(1);
    expect(await codeOf(open(good.sealed.subarray(0, records[1]!.end)))).toBe('ENVELOPE_TRUNCATED');
  });
  it('truncation inside a record → ENVELOPE_TRUNCATED', async () => {
    const { records } = recordsOf(good.sealed);
    expect(await codeOf(open(good.sealed.subarray(0, records[2]!.body + 100)))).toBe('ENVELOPE_TRUNCATED');
    expect(await codeOf(open(good.sealed.subarray(0, records[2]!.start + 4)))).toBe('ENVELOPE_TRUNCATED');
  });
  it('truncation before the trailer → ENVELOPE_TRUNCATED', async () => {
    const { records } = recordsOf(good.sealed);
    expect(await codeOf(open(good.sealed.subarray(0, records.at(-1)!.start)))).toBe('ENVELOPE_TRUNCATED');
  });
  it('truncation inside the header → ENVELOPE_TRUNCATED', async () => {
    expect(await codeOf(open(good.sealed.subarray(0, 40)))).toBe('ENVELOPE_TRUNCATED');
  });
  it('two data records swapped → ENVELOPE_REORDERED', async () => {
    const { records } = recordsOf(good.sealed);
    const [a, b] = [records[0]!, records[1]!];
    const swapped = Buffer.concat([
      good.sealed.subarray(0, a.start),
      good.sealed.subarray(b.start, b.end),
      good.sealed.subarray(a.start, a.end),
      good.sealed.subarray(b.end),
    ]);
    expect(await codeOf(open(swapped))).toBe('ENVELOPE_REORDERED');
  });
  it('a data record relabelled with the next index → ENVELOPE_REORDERED; with the right index but moved → ENVELOPE_TAMPERED', async () => {
    const { records } = recordsOf(good.sealed);
    const relabelled = Buffer.from(good.sealed);
    relabelled.writeUInt32BE(1, records[0]!.start + 1);
    expect(await codeOf(open(relabelled))).toBe('ENVELOPE_REORDERED');
    // swap the bodies but keep the headers: the indices are in order, the AAD/nonce are not
    const [a, b] = [records[0]!, records[1]!];
    const moved = Buffer.concat([
      good.sealed.subarray(0, a.body),
      good.sealed.subarray(b.body, b.end),
      good.sealed.subarray(b.start, b.body),
      good.sealed.subarray(a.body, a.end),
      good.sealed.subarray(b.end),
    ]);
    expect(await codeOf(open(moved))).toBe('ENVELOPE_TAMPERED');
  });
  it('the last-chunk flag turned into a data chunk (dropping the tail) → not accepted', async () => {
    const { records } = recordsOf(good.sealed);
    // a truncated file with its last data chunk re-flagged as "last": the GCM AAD covers the type
    const c = records[1]!;
    const cut = Buffer.from(good.sealed.subarray(0, c.end));
    cut[c.start] = 2;
    expect(await codeOf(open(Buffer.concat([cut, good.sealed.subarray(records.at(-1)!.start)])))).toBe('ENVELOPE_TAMPERED');
  });
  it('a flipped bit in the ciphertext → ENVELOPE_TAMPERED', async () => {
    const { records } = recordsOf(good.sealed);
    const bad = Buffer.from(good.sealed);
    bad[records[1]!.body + 77]! ^= 0x01;
    expect(await codeOf(open(bad))).toBe('ENVELOPE_TAMPERED');
    const badTag = Buffer.from(good.sealed);
    badTag[records.at(-1)!.end - 1]! ^= 0x80;
    expect(await codeOf(open(badTag))).toBe('ENVELOPE_TAMPERED');
  });
  it('an edited header (projectId) → ENVELOPE_TAMPERED (the header hash is in every AAD)', async () => {
    expect(await codeOf(open(withHeader(good.sealed, (h) => ({ ...h, projectId: 8 }))))).toBe('ENVELOPE_TAMPERED');
  });
  it('a wrong recipient (another encryption certificate and key) → ENVELOPE_NOT_RECIPIENT', async () => {
    const other = E.issue('encryption');
    expect(await codeOf(open(good.sealed, { keyPem: other.keyPem, certPem: other.certPem }))).toBe('ENVELOPE_NOT_RECIPIENT');
  });
  it('the right certificate with a wrong private key → ENVELOPE_NOT_RECIPIENT', async () => {
    const other = E.issue('encryption');
    expect(await codeOf(open(good.sealed, { keyPem: other.keyPem }))).toBe('ENVELOPE_NOT_RECIPIENT');
  });
  it('an inner signature by another key than the expected signer → ENVELOPE_SIGNER_MISMATCH', async () => {
    const other = E.issue('signing');
    const s = await seal(plain, { signerKeyPem: other.keyPem, signerCertPem: other.certPem });
    expect(await codeOf(open(s.sealed, { expectedSignerCertPem: E.sign.certPem }))).toBe('ENVELOPE_SIGNER_MISMATCH');
    expect((await open(s.sealed, { expectedSignerCertPem: other.certPem })).innerSignature.ok).toBe(true);
  });
  it('an inner signature that does not verify → ENVELOPE_SIGNER_MISMATCH', async () => {
    const s = await seal(plain, {}, { signedBytes: () => new TextEncoder().encode('something else') });
    expect(await codeOf(open(s.sealed))).toBe('ENVELOPE_SIGNER_MISMATCH');
  });
  it('an inner signer from an untrusted CA → ENVELOPE_SIGNER_MISMATCH', async () => {
    const foreign = await envelopePki();
    try {
      const s = await seal(plain, { signerKeyPem: foreign.sign.keyPem, signerCertPem: foreign.sign.certPem });
      expect(await codeOf(open(s.sealed))).toBe('ENVELOPE_SIGNER_MISMATCH');
    } finally {
      foreign.t.cleanup();
    }
  });
  it('an unsealed file → ENVELOPE_NOT_SEALED (B2), also an empty one', async () => {
    expect(await codeOf(open(Buffer.from('%PDF-1.7 这是一份未加密的投标文件')))).toBe('ENVELOPE_NOT_SEALED');
    expect(await codeOf(open(Buffer.alloc(0)))).toBe('ENVELOPE_NOT_SEALED');
    expect(() => parseEnvelopeHeader(new TextEncoder().encode('PK\u0003\u0004 zip'))).toThrow(expect.objectContaining({ code: 'ENVELOPE_NOT_SEALED' }));
  });
  it.each([
    ['SM4-GCM content', (h: Hdr) => ({ ...h, alg: { ...h.alg, content: 'SM4-GCM' } })],
    ['SM2 key wrap', (h: Hdr) => ({ ...h, alg: { ...h.alg, keyWrap: 'SM2' } })],
    ['SM3 hash', (h: Hdr) => ({ ...h, alg: { ...h.alg, hash: 'SM3' } })],
    ['AES-128-CBC content', (h: Hdr) => ({ ...h, alg: { ...h.alg, content: 'AES-128-CBC' } })],
    ['version 3', (h: Hdr) => ({ ...h, v: 3 })],
  ])('an unsupported algorithm header (%s) → ENVELOPE_UNSUPPORTED_ALG', async (_n, edit) => {
    expect(await codeOf(open(withHeader(good.sealed, edit)))).toBe('ENVELOPE_UNSUPPORTED_ALG');
  });
  it('a malformed header or bytes after the trailer → ENVELOPE_MALFORMED', async () => {
    const notJson = Buffer.concat([Buffer.from('EBIDENV1'), Buffer.from([0, 0, 0, 3]), Buffer.from('{x}')]);
    expect(await codeOf(open(notJson))).toBe('ENVELOPE_MALFORMED');
    expect(await codeOf(open(withHeader(good.sealed, (h) => ({ ...h, part: 'price' }))))).toBe('ENVELOPE_MALFORMED');
    expect(await codeOf(open(Buffer.concat([good.sealed, Buffer.from([1, 2, 3])])))).toBe('ENVELOPE_MALFORMED');
  });
  it('a plaintext whose hash differs from the (signed) manifest → ENVELOPE_PLAINTEXT_MISMATCH', async () => {
    const wrongHash = await seal(plain, {}, { manifest: (m) => ({ ...m, sha256: sha256Hex(Buffer.from('other')) }) });
    expect(await codeOf(open(wrongHash.sealed))).toBe('ENVELOPE_PLAINTEXT_MISMATCH');
    const wrongSize = await seal(plain, {}, { manifest: (m) => ({ ...m, size: m.size + 1 }) });
    expect(await codeOf(open(wrongSize.sealed))).toBe('ENVELOPE_PLAINTEXT_MISMATCH');
  });
});

describe('partHash', () => {
  it('of a file > 4 MiB equals createPartHasher over the pieces and the definition', async () => {
    const plain = patternBytes(9 * 1048576 + 333, 5);
    const path = E.t.path('big.ebid');
    const r = await sealPart({
      input: pieces(plain, 65536),
      output: createWriteStream(path),
      part: 'technical',
      projectId: 1,
      sectionId: 2,
      name: 'big.bin',
      recipientCertPems: [E.enc.certPem],
      signerKeyPem: E.sign.keyPem,
      signerCertPem: E.sign.certPem,
    });
    const file = readFileSync(path);
    expect(file.length).toBe(r.size);
    expect(file.length).toBeGreaterThan(2 * TRANSPORT_CHUNK_SIZE);
    const byDefinition: Buffer[] = [];
    for (let o = 0; o < file.length; o += TRANSPORT_CHUNK_SIZE) {
      byDefinition.push(createHash('sha256').update(file.subarray(o, o + TRANSPORT_CHUNK_SIZE)).digest());
    }
    const expected = sha256Hex(Buffer.concat(byDefinition));
    expect(r.partHash).toBe(expected);
    expect((await partHashOfFile(path)).partHash).toBe(expected);
    const h = createPartHasher();
    for (let o = 0; o < file.length; o += TRANSPORT_CHUNK_SIZE) h.update(file.subarray(o, o + TRANSPORT_CHUNK_SIZE));
    expect(h.digest()).toBe(expected);
    const odd = createPartHasher();
    for (let o = 0; o < file.length; o += 1_000_003) odd.update(file.subarray(o, o + 1_000_003));
    expect(odd.digest()).toBe(expected);
  });
});
