/**
 * `npx tsx packages/pki/scripts/bench.ts [iterations]`: timings of the hot paths on a 1 KB payload
 * (median / p95 / mean in ms). Creates a throwaway dev PKI in a temp dir.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCsrPemWithWebCrypto, generateUserKeys, signCmsDetachedWithWebCrypto } from '../src/browser.ts';
import { createCsrPem, ensureDevPki, generateKeyPairPem, signCmsDetached, verifyCmsDetached } from '../src/index.ts';

const N = Number(process.argv[2] ?? 300);
const dir = mkdtempSync(join(tmpdir(), 'ebid-pki-bench-'));

function stats(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return `median ${q(0.5).toFixed(2)}  p95 ${q(0.95).toFixed(2)}  mean ${mean.toFixed(2)} ms  (n=${xs.length})`;
}

async function time(label: string, n: number, fn: () => unknown): Promise<void> {
  for (let i = 0; i < Math.min(20, n); i++) await fn(); // warm-up
  const xs: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    xs.push(performance.now() - t0);
  }
  console.log(`${label.padEnd(52)} ${stats(xs)}`);
}

try {
  const t0 = performance.now();
  const pki = await ensureDevPki(join(dir, 'dev'));
  console.log(`ensureDevPki (first run: RSA-3072 + RSA-2048 keygen)     ${(performance.now() - t0).toFixed(0)} ms`);
  const subject = { commonName: '张三', organizationName: '示范建设工程有限公司', countryName: 'CN' };
  const keys = generateKeyPairPem();
  const csrPem = createCsrPem(keys, subject);
  const validity = { notBefore: new Date(Date.now() - 60_000), notAfter: new Date(Date.now() + 365 * 864e5) };
  const { pem } = pki.issueUserCertificate({ csrPem, usage: 'signing', expectedSubject: subject, ...validity });
  const kb = Buffer.alloc(1024, 0x61);
  const signer = { keyPem: keys.privateKeyPem, certPem: pem, chainPem: [pki.rootCertPem] };
  const cms = signCmsDetached(kb, signer);
  const opts = { trustedRootsPem: [pki.rootCertPem], at: new Date() };

  await time('issueUserCertificate (CSR check + issue, RSA-3072 CA)', Math.min(N, 200), () =>
    pki.issueUserCertificate({ csrPem, usage: 'signing', expectedSubject: subject, ...validity }),
  );
  await time('signCmsDetached 1 KB (PEM key + cert each call)', N, () => signCmsDetached(kb, signer));
  await time('verifyCmsDetached 1 KB (chain, usage, digest, RSA)', N, () => {
    if (!verifyCmsDetached(cms, kb, opts).ok) throw new Error('verify failed');
  });
  await time('platform signDetached 1 KB (key loaded once)', N, () => pki.signDetached(kb));
  await time('createCsrPem', Math.min(N, 200), () => createCsrPem(keys, subject));

  const web = await generateUserKeys();
  const webCsr = await createCsrPemWithWebCrypto(web.signing, subject);
  const webPem = pki.issueUserCertificate({ csrPem: webCsr, usage: 'signing', expectedSubject: subject, ...validity }).pem;
  await time('signCmsDetachedWithWebCrypto 1 KB (Node WebCrypto)', N, () =>
    signCmsDetachedWithWebCrypto(kb, { privateKey: web.signing.privateKey, certPem: webPem }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
