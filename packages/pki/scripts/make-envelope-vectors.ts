/**
 * Generates the checked-in envelope v1 test vectors (packages/pki/test-vectors/envelope-v1). Run ONCE;
 * the outputs are committed and the tests read them. Re-running makes new keys and a new sealed file
 * (sealing is randomised), so only do it if the format changes (then bump the directory name). Format v2
 * has its own script (make-envelope-v2-vectors.ts); this one writes v1 through the legacy writer path.
 *
 *   node --experimental-strip-types packages/pki/scripts/make-envelope-vectors.ts   (or: npx tsx …)
 */
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createCsrPem, ensureDevPki, generateKeyPairPem, partHashOfFile, sealPartWithHooks, sha256Hex } from '../src/index.ts';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'test-vectors', 'envelope-v1');
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
  for (let i = 0; lines.join('').length < 13000; i++) lines.push(`第${i}行 开标一览表 test vector line ${i} — 投标报价 ${1000 + i} 元\n`);
  const plaintext = Buffer.from(lines.join('')).subarray(0, 13000);
  w('plaintext.txt', plaintext);

  const sealedPath = join(out, 'sealed.ebid');
  // The writers emit v2 since issue 14; these are the v1 vectors (the legacy writer path).
  const r = await sealPartWithHooks({
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
  }, { version: 1 });
  const check = await partHashOfFile(sealedPath);
  if (check.partHash !== r.partHash || check.size !== r.size) throw new Error('partHash self-check failed');
  const sealed = readFileSync(sealedPath);
  w(
    'expected.json',
    JSON.stringify(
      {
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
