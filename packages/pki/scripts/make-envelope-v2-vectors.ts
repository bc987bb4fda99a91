/**
 * Generates the checked-in envelope v2 test vectors (packages/pki/test-vectors/envelope-v2). Run ONCE;
 * the outputs are committed and the tests read them (packages/pki/src/envelope/v2.test.ts). Re-running
 * makes new keys and a new sealed file (sealing is randomised), so only do it if the format changes (then
 * make envelope-v3/). The v1 vectors (make-envelope-vectors.ts) stay as they are: readers still open them.
 *
 *   npx tsx packages/pki/scripts/make-envelope-v2-vectors.ts
 */
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createCsrPem, ensureDevPki, generateKeyPairPem, keyCommitmentOf, partHashOfFile, readEnvelopeHeader, sealPart, sha256Hex, unwrapContentKey } from '../src/index.ts';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'test-vectors', 'envelope-v2');
mkdirSync(out, { recursive: true });
const w = (name: string, data: string | Uint8Array) => writeFileSync(join(out, name), data);

const tmp = mkdtempSync(join(tmpdir(), 'ebid-vectors-'));
try {
  const pki = await ensureDevPki(tmp);
  const now = new Date();
  const subject = { commonName: '测试投标人', organizationName: '示范测试建设有限公司', countryName: 'CN' };
  const validity = { notBefore: new Date(now.getTime() - 3600_000), notAfter: new Date(now.getTime() + 9 * 365 * 86400_000) };
  const sign = generateKeyPairPem();
  const enc = generateKeyPairPem();
  const signCert = pki.issueUserCertificate({ csrPem: createCsrPem(sign, subject), usage: 'signing', expectedSubject: subject, ...validity });
  const encCert = pki.issueUserCertificate({ csrPem: createCsrPem(enc, subject), usage: 'encryption', expectedSubject: subject, ...validity });
  w('root.pem', pki.rootCertPem);
  w('sign.key', sign.privateKeyPem);
  w('sign.pem', signCert.pem);
  w('enc.key', enc.privateKeyPem);
  w('enc.pem', encCert.pem);

  // 3 full chunks of 4096 bytes and a partial one: exercises type 1, type 2 and the trailer.
  const lines: string[] = [];
  for (let i = 0; lines.join('').length < 13000; i++) lines.push(`第${i}行 开标一览表 test vector v2 line ${i} — 投标报价 ${1000 + i} 元\n`);
  const plaintext = Buffer.from(lines.join('')).subarray(0, 13000);
  w('plaintext.txt', plaintext);

  const sealedPath = join(out, 'sealed.ebid');
  const r = await sealPart({
    input: Readable.from([plaintext]),
    output: createWriteStream(sealedPath),
    part: 'summary',
    projectId: 101,
    sectionId: 202,
    name: 'plaintext.txt',
    chunkSize: 4096,
    recipientCertPems: [encCert.pem],
    signerKeyPem: sign.privateKeyPem,
    signerCertPem: signCert.pem,
    chainPems: [pki.rootCertPem],
    signingTime: now,
  });
  const check = await partHashOfFile(sealedPath);
  if (check.partHash !== r.partHash || check.size !== r.size) throw new Error('partHash self-check failed');
  const sealed = readFileSync(sealedPath);
  const { header } = readEnvelopeHeader(sealed);
  const k = unwrapContentKey({ header, decryptionKeyPem: enc.privateKeyPem, recipientCertPem: encCert.pem });
  if (header.v !== 2 || header.keyCommitment !== keyCommitmentOf(k)) throw new Error('key commitment self-check failed');
  w(
    'expected.json',
    JSON.stringify(
      {
        v: 2,
        part: 'summary',
        projectId: 101,
        sectionId: 202,
        name: 'plaintext.txt',
        chunkSize: 4096,
        headerSha256: r.headerSha256,
        partHash: r.partHash,
        size: r.size,
        sealedSha256: sha256Hex(sealed),
        plaintextSha256: r.plaintextSha256,
        plaintextSize: r.plaintextSize,
        contentKeyHex: Buffer.from(k).toString('hex'),
        keyCommitment: header.keyCommitment,
        verifyAt: now.toISOString(),
      },
      null,
      2,
    ) + '\n',
  );
  console.log(`wrote ${out}`, r.headerSha256, r.partHash, r.size);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
