/**
 * Envelope format v2 (issue 14 §4, §6, §7, §8): key commitment, exactly one recipient, the exact signed
 * manifest bytes, the chunk index bound — and v1 files still open.
 */
import { constants, createCipheriv, createDecipheriv, createHash, generateKeyPairSync, publicEncrypt, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeBidSummary } from '@ebid/domain/bid-summary';
import { importP12, openPartWebCrypto, sealPartWebCrypto } from '../browser.ts';
import {
  EnvelopeError,
  type EnvelopeErrorCode,
  type EnvelopeHeader,
  keyCommitmentOf,
  openPart,
  readEnvelopeHeader,
  sha256Hex,
  toP12,
  unwrapContentKey,
} from '../index.ts';
import { MAX_CHUNK_INDEX, RecordReader, chunkAad, chunkNonce, recordHeader } from './format.ts';
import { type SealHooks, sealPartWithHooks } from './node.ts';
import { type EnvelopePki, envelopePki, patternBytes, pieces, recordsOf, sink } from './test-fixtures.ts';

let E: EnvelopePki;
beforeAll(async () => {
  E = await envelopePki();
});
afterAll(() => E?.t.cleanup());

async function seal(plain: Uint8Array, hooks: SealHooks = {}) {
  const out = sink();
  const r = await sealPartWithHooks(
    {
      input: pieces(plain, 5000),
      output: out.stream,
      part: 'summary',
      projectId: 7,
      sectionId: 9,
      name: 'summary.json',
      chunkSize: 4096,
      recipientCertPems: [E.enc.certPem],
      signerKeyPem: E.sign.keyPem,
      signerCertPem: E.sign.certPem,
    },
    hooks,
  );
  return { ...r, sealed: out.bytes() };
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

const openWith = (sealed: Uint8Array, contentKey: Uint8Array) =>
  openPart({ input: pieces(sealed, 3000), output: sink().stream, contentKey, trustedRootsPem: [E.pki.rootCertPem] });
const openPriv = (sealed: Uint8Array) =>
  openPart({ input: pieces(sealed, 3000), output: sink().stream, decryptionKeyPem: E.enc.keyPem, recipientCertPem: E.enc.certPem, trustedRootsPem: [E.pki.rootCertPem] });
const keyOf = (sealed: Uint8Array) => unwrapContentKey({ header: readEnvelopeHeader(sealed).header, decryptionKeyPem: E.enc.keyPem, recipientCertPem: E.enc.certPem });

/**
 * The "two-key file": every record of `sealed` (made under K1) decrypted and encrypted again under K2,
 * same nonces and associated data, the header (its wrapped key, its commitment if any) left as it is.
 * Every record tag now authenticates under K2 — the record layer alone cannot refuse K2.
 */
function reencrypt(sealed: Buffer, k1: Uint8Array, k2: Uint8Array): Buffer {
  const { headerLength, records } = recordsOf(sealed);
  const hb = sealed.subarray(12, 12 + headerLength);
  const hs = createHash('sha256').update(hb).digest();
  const np = Buffer.from((JSON.parse(hb.toString('utf8')) as { noncePrefix: string }).noncePrefix, 'base64');
  const out: Buffer[] = [sealed.subarray(0, 12 + headerLength)];
  for (const r of records) {
    const body = sealed.subarray(r.body, r.end);
    const d = createDecipheriv('aes-256-gcm', k1, chunkNonce(np, r.index));
    d.setAAD(chunkAad(hs, r.index, r.type));
    d.setAuthTag(body.subarray(body.length - 16));
    const pt = Buffer.concat([d.update(body.subarray(0, body.length - 16)), d.final()]);
    const c = createCipheriv('aes-256-gcm', k2, chunkNonce(np, r.index));
    c.setAAD(chunkAad(hs, r.index, r.type));
    const ct = Buffer.concat([c.update(pt), c.final(), c.getAuthTag()]);
    out.push(Buffer.from(recordHeader(r.type, r.index, ct.length)), ct);
  }
  return Buffer.concat(out);
}

describe('key commitment (issue 14 §4)', () => {
  it('the two-key file: records re-encrypted under K2 with the header of K1 → K2 is refused (ENVELOPE_WRONG_KEY), K1 does not open the records', async () => {
    const s = await seal(Buffer.from('{"priceFen":100}'));
    const k1 = unwrapContentKey({ header: readEnvelopeHeader(s.sealed).header, decryptionKeyPem: E.enc.keyPem, recipientCertPem: E.enc.certPem });
    const k2 = randomBytes(32);
    const twoKey = reencrypt(s.sealed, k1, k2);
    // K2 authenticates every record (the construction is right): only the commitment can refuse it.
    expect(await codeOf(openWith(twoKey, k2))).toBe('ENVELOPE_WRONG_KEY');
    // K1 (the committed and wrapped key) does not open the records.
    expect(await codeOf(openWith(twoKey, k1))).toBe('ENVELOPE_TAMPERED');
    // With the private key: K1 is unwrapped, matches the commitment, the records fail.
    expect(
      await codeOf(openPart({ input: pieces(twoKey, 3000), output: sink().stream, decryptionKeyPem: E.enc.keyPem, recipientCertPem: E.enc.certPem })),
    ).toBe('ENVELOPE_TAMPERED');
  });
});

describe('key commitment: the other cases (issue 14 §4)', () => {
  it('the same two-key construction against a v1 file passes the record layer (why v2 commits to the key)', async () => {
    const s = await seal(Buffer.from('{"priceFen":100}'), { version: 1 });
    expect(readEnvelopeHeader(s.sealed).header.v).toBe(1);
    const k2 = randomBytes(32);
    const r = await openWith(reencrypt(s.sealed, keyOf(s.sealed), k2), k2);
    expect(r.manifest.size).toBe(16);
  });

  it('v2: a wrong key → ENVELOPE_WRONG_KEY; the right key and a damaged first chunk → ENVELOPE_TAMPERED (told apart)', async () => {
    const s = await seal(patternBytes(9000, 3));
    const k = keyOf(s.sealed);
    expect(await codeOf(openWith(s.sealed, randomBytes(32)))).toBe('ENVELOPE_WRONG_KEY');
    const bad = Buffer.from(s.sealed);
    bad[recordsOf(s.sealed).records[0]!.body + 5]! ^= 1;
    expect(await codeOf(openWith(bad, k))).toBe('ENVELOPE_TAMPERED');
    expect((await openWith(s.sealed, k)).manifest.size).toBe(9000);
    // v1 cannot tell them apart (documented): the damaged first chunk is reported as a wrong key.
    const v1 = await seal(patternBytes(9000, 3), { version: 1 });
    const bad1 = Buffer.from(v1.sealed);
    bad1[recordsOf(v1.sealed).records[0]!.body + 5]! ^= 1;
    expect(await codeOf(openWith(bad1, keyOf(v1.sealed)))).toBe('ENVELOPE_WRONG_KEY');
  });

  it('opening with the private key: a header whose wrapped key is not the committed one → ENVELOPE_WRONG_KEY before any record', async () => {
    const s = await seal(patternBytes(100, 4), { header: (h) => ({ ...h, keyCommitment: keyCommitmentOf(randomBytes(32)) }) });
    expect(await codeOf(openPriv(s.sealed))).toBe('ENVELOPE_WRONG_KEY');
  });

  it('the commitment is HMAC-SHA256(K, "ebid-envelope-v2 key commitment") (an independent computation)', async () => {
    const s = await seal(patternBytes(10, 5));
    const h = readEnvelopeHeader(s.sealed).header as Extract<EnvelopeHeader, { v: 2 }>;
    const { createHmac } = await import('node:crypto');
    expect(h.keyCommitment).toBe(createHmac('sha256', keyOf(s.sealed)).update('ebid-envelope-v2 key commitment').digest('hex'));
  });
});

describe('exactly one recipient, wrapped to the certificate key size (issue 14 §6)', () => {
  it('a second entry labelled as the bidder but wrapped to a foreign key → ENVELOPE_MALFORMED (v2 and v1)', async () => {
    const foreign = generateKeyPairSync('rsa', { modulusLength: 2048 });
    for (const version of [undefined, 1] as const) {
      const s = await seal(patternBytes(100, 6), {
        ...(version ? { version } : {}),
        header: (h) => ({ ...h, recipients: [...h.recipients, { ...h.recipients[0]!, wrappedKey: publicEncrypt({ key: foreign.publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, randomBytes(32)).toString('base64') }] }),
      });
      expect(() => readEnvelopeHeader(s.sealed)).toThrow(/exactly one recipient/);
      expect(await codeOf(openPriv(s.sealed))).toBe('ENVELOPE_MALFORMED');
    }
  });

  it('a duplicate entry → ENVELOPE_MALFORMED', async () => {
    const s = await seal(patternBytes(100, 6), { header: (h) => ({ ...h, recipients: [h.recipients[0], h.recipients[0]] }) });
    expect(await codeOf(openPriv(s.sealed))).toBe('ENVELOPE_MALFORMED');
  });

  it('the only entry labelled as the bidder but wrapped to a foreign 3072-bit key → refused by the length check (Node and WebCrypto)', async () => {
    const foreign = generateKeyPairSync('rsa', { modulusLength: 3072 });
    const s = await seal(patternBytes(100, 7), {
      header: (h) => ({ ...h, recipients: [{ ...h.recipients[0]!, wrappedKey: publicEncrypt({ key: foreign.publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, randomBytes(32)).toString('base64') }] }),
    });
    expect(await codeOf(openPriv(s.sealed))).toBe('ENVELOPE_MALFORMED');
    const key = (await importP12(toP12({ privateKeyPem: E.enc.keyPem, certPem: E.enc.certPem, passphrase: 'pass-1234' }), 'pass-1234', 'encryption')).privateKey;
    const err = await openPartWebCrypto({ sealed: new Blob([new Uint8Array(s.sealed)]), decryptionKey: key, recipientCertPem: E.enc.certPem }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ENVELOPE_MALFORMED' });
    expect(String((err as Error).message)).toMatch(/384 bytes, the recipient's RSA modulus 256/);
  });
});

describe('the chunk index bound (issue 14 §8)', () => {
  it('MAX_CHUNK_INDEX is 2^24 - 1', () => {
    expect(MAX_CHUNK_INDEX).toBe(0xffffff);
  });

  it('a record with an index above the bound → ENVELOPE_MALFORMED before anything else (not REORDERED)', () => {
    const r = new RecordReader(4096);
    r.push(recordHeader(1, MAX_CHUNK_INDEX + 1, 4096 + 16));
    expect(() => r.take()).toThrow(expect.objectContaining({ code: 'ENVELOPE_MALFORMED' }));
  });

  it('the bound holds in sequence too: with a bound of 2, a file of 4 data chunks stops at the 4th record, before decrypting it', async () => {
    const s = await seal(patternBytes(4096 * 3 + 10, 8));
    const { headerLength, records } = recordsOf(s.sealed);
    expect(records.map((x) => x.type)).toEqual([1, 1, 1, 2, 3]);
    const r = new RecordReader(4096, 2);
    r.push(s.sealed.subarray(12 + headerLength));
    const taken = [r.take()!.index, r.take()!.index, r.take()!.index];
    expect(taken).toEqual([0, 1, 2]);
    expect(() => r.take()).toThrow(/chunk index 3 above the limit 2/);
  });
});

describe('the trailer and the manifest, strictly (issue 14 §7)', () => {
  const enc = new TextEncoder();
  const edit = (f: (t: string) => string) => (b: Uint8Array) => enc.encode(f(new TextDecoder().decode(b)));
  it.each([
    ['a key given twice', edit((t) => t.replace('{"manifest":', '{"manifest":"AAAA","manifest":'))],
    ['an extra field', edit((t) => t.replace(/}$/, ',"x":1}'))],
    ['whitespace', edit((t) => t.replace('","innerSignature"', '", "innerSignature"'))],
    ['invalid UTF-8', (b: Uint8Array) => new Uint8Array([...b.subarray(0, b.length - 1), 0xff, 0x7d])],
    ['the manifest inline (the v1 layout in a v2 file)', edit((t) => {
      const o = JSON.parse(t) as { manifest: string; innerSignature: string };
      return `{"manifest":${Buffer.from(o.manifest, 'base64').toString('utf8')},"innerSignature":"${o.innerSignature}"}`;
    })],
    ['a manifest of another type', edit((t) => {
      const o = JSON.parse(t) as { manifest: string; innerSignature: string };
      const m = Buffer.from(o.manifest, 'base64').toString('utf8').replace('ebid-bid-manifest', 'ebid-bid-part');
      return JSON.stringify({ manifest: Buffer.from(m).toString('base64'), innerSignature: o.innerSignature });
    })],
    ['a manifest with a key given twice', edit((t) => {
      const o = JSON.parse(t) as { manifest: string; innerSignature: string };
      const m = Buffer.from(o.manifest, 'base64').toString('utf8').replace('"size":', '"size":1,"size":');
      return JSON.stringify({ manifest: Buffer.from(m).toString('base64'), innerSignature: o.innerSignature });
    })],
    ['a manifest re-serialised with whitespace', edit((t) => {
      const o = JSON.parse(t) as { manifest: string; innerSignature: string };
      const m = JSON.stringify(JSON.parse(Buffer.from(o.manifest, 'base64').toString('utf8')), null, 1);
      return JSON.stringify({ manifest: Buffer.from(m).toString('base64'), innerSignature: o.innerSignature });
    })],
  ])('v2: %s → ENVELOPE_MALFORMED', async (_n, trailer) => {
    const s = await seal(patternBytes(100, 9), { trailer });
    expect(await codeOf(openPriv(s.sealed))).toBe('ENVELOPE_MALFORMED');
  });

  it.each([
    ['whitespace after the manifest', edit((t) => t.replace(',"innerSignature"', ' ,"innerSignature"'))],
    ['the manifest keys reordered', edit((t) => t.replace(/"name":("[^"]*"),"size":(\d+)/, '"size":$2,"name":$1'))],
    ['a key given twice (JSON.parse would keep the last)', edit((t) => t.replace('{"manifest":', '{"manifest":{},"manifest":'))],
    ['an escaped character JSON.stringify would not write', edit((t) => t.replace('"name":"summary.json"', '"name":"summary\\u002ejson"'))],
  ])('v1: %s → ENVELOPE_MALFORMED (the exact v1 layout is required)', async (_n, trailer) => {
    const s = await seal(patternBytes(100, 9), { version: 1, trailer });
    expect(await codeOf(openPriv(s.sealed))).toBe('ENVELOPE_MALFORMED');
  });

  it('v2: the inner signature is verified over the exact bytes carried; a signature over other bytes → ENVELOPE_SIGNER_MISMATCH', async () => {
    const s = await seal(patternBytes(100, 9), { signedBytes: (m) => enc.encode(JSON.stringify({ part: m.part, projectId: m.projectId, sectionId: m.sectionId, name: m.name, size: m.size, sha256: m.sha256 })) });
    expect(await codeOf(openPriv(s.sealed))).toBe('ENVELOPE_SIGNER_MISMATCH');
    const ok = await openPriv((await seal(patternBytes(100, 9))).sealed);
    expect(ok.innerSignature.ok).toBe(true);
  });
});

describe('the padded summary seals to one size (issue 14 §1)', () => {
  const ids = { projectId: 7, sectionId: 9 };
  const sum = (priceFen: number) => encodeBidSummary({ ...ids, priceFen, durationDays: 365, quality: '合格' });
  it('99,999,999 and 100,000,000 fen seal to the same size with sealPart and sealPartWebCrypto (the unpadded legacy JSON does not)', async () => {
    const a = await seal(sum(99_999_999));
    const b = await seal(sum(100_000_000));
    expect(a.size).toBe(b.size);
    expect(a.plaintextSize).toBe(4096);
    const legacyA = await seal(Buffer.from(JSON.stringify({ priceFen: 99_999_999 })));
    const legacyB = await seal(Buffer.from(JSON.stringify({ priceFen: 100_000_000 })));
    expect(legacyB.size).toBe(legacyA.size + 1);
    const signingKey = (await importP12(toP12({ privateKeyPem: E.sign.keyPem, certPem: E.sign.certPem, passphrase: 'pass-1234' }), 'pass-1234', 'signing')).privateKey;
    const web = async (priceFen: number) =>
      (await sealPartWebCrypto({ file: new Blob([sum(priceFen)]), part: 'summary', ...ids, name: '开标一览表.json', recipientCertPems: [E.enc.certPem], signingKey, signerCertPem: E.sign.certPem })).size;
    expect(await web(99_999_999)).toBe(await web(100_000_000));
    expect(await web(1)).toBe(await web(Number.MAX_SAFE_INTEGER));
  });
});

const VEC2 = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-vectors', 'envelope-v2');
describe('checked-in test vectors (test-vectors/envelope-v2)', () => {
  const v = (n: string) => readFileSync(join(VEC2, n));
  it('open with the committed key to the committed plaintext; the hashes and the key commitment recompute', async () => {
    const expected = JSON.parse(v('expected.json').toString('utf8')) as Record<string, string | number>;
    const sealed = v('sealed.ebid');
    const { header, headerSha256 } = readEnvelopeHeader(sealed);
    expect(header.v).toBe(2);
    expect(headerSha256).toBe(expected.headerSha256);
    expect(sha256Hex(sealed)).toBe(expected.sealedSha256);
    const out = sink();
    const r = await openPart({
      input: pieces(sealed, 7000),
      output: out.stream,
      decryptionKeyPem: v('enc.key').toString('utf8'),
      recipientCertPem: v('enc.pem').toString('utf8'),
      expectedSignerCertPem: v('sign.pem').toString('utf8'),
      trustedRootsPem: [v('root.pem').toString('utf8')],
      at: new Date(expected.verifyAt as string),
    });
    expect(out.bytes().equals(v('plaintext.txt'))).toBe(true);
    expect(r.manifest.sha256).toBe(expected.plaintextSha256);
    const k = unwrapContentKey({ header, decryptionKeyPem: v('enc.key').toString('utf8'), recipientCertPem: v('enc.pem').toString('utf8') });
    expect(Buffer.from(k).toString('hex')).toBe(expected.contentKeyHex);
    expect((header as Extract<EnvelopeHeader, { v: 2 }>).keyCommitment).toBe(expected.keyCommitment);
    expect(await codeOf(openWith(sealed, randomBytes(32)))).toBe('ENVELOPE_WRONG_KEY');
  });
  it('the v1 vectors still open (node.test.ts and webcrypto.test.ts open them fully; here the header)', () => {
    const v1 = readFileSync(join(VEC2, '..', 'envelope-v1', 'sealed.ebid'));
    expect(readEnvelopeHeader(v1).header.v).toBe(1);
  });
});
