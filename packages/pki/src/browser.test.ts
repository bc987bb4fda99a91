/**
 * The browser entry's crypto, run in Node (globalThis.crypto.subtle is WebCrypto here too). IndexedDB
 * (keyStore) and a real Chromium run are covered by browser.chromium.test.ts.
 */
import { constants, createPublicKey, publicEncrypt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@ebid/domain';
import {
  createCsrPemWithWebCrypto,
  exportP12,
  generateUserKeys,
  importP12,
  parseCertificate as parseCertificateInBrowser,
  signCmsDetachedWithWebCrypto,
  toNonExtractable,
} from './browser.ts';
import {
  type DnInput,
  type PlatformPki,
  createCsrPem,
  ensureDevPki,
  fromP12,
  generateKeyPairPem,
  parseCertificate,
  toP12,
  verifyCmsDetached,
} from './index.ts';
import { type Tmp, mustOpenssl, openssl, tmp } from './test-helpers.ts';

const DAY = 24 * 3600 * 1000;
const LI: DnInput = { commonName: '李四', organizationName: '示范市政工程有限公司', countryName: 'CN' };

let t: Tmp;
let pki: PlatformPki;
let rootFile: string;
let keys: Awaited<ReturnType<typeof generateUserKeys>>;
let signPem: string;
let encPem: string;

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return { code: e.code, reason: e.details?.reason };
    return e;
  }
  return 'no error';
}

const validity = () => ({ notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + 365 * DAY) });
const verifyOpts = () => ({ trustedRootsPem: [pki.rootCertPem], at: new Date() });

beforeAll(async () => {
  t = tmp('ebid-pki-browser-');
  pki = await ensureDevPki(t.path('dev'));
  rootFile = t.write('root.pem', pki.rootCertPem);
  keys = await generateUserKeys();
  const signCsr = await createCsrPemWithWebCrypto(keys.signing, LI);
  const encCsr = await createCsrPemWithWebCrypto(keys.encryption, LI);
  signPem = pki.issueUserCertificate({ csrPem: signCsr, usage: 'signing', expectedSubject: LI, ...validity() }).pem;
  encPem = pki.issueUserCertificate({ csrPem: encCsr, usage: 'encryption', expectedSubject: LI, ...validity() }).pem;
});
afterAll(() => t?.cleanup());

describe('generateUserKeys', () => {
  it.each([
    ['signing', 'RSASSA-PKCS1-v1_5', ['sign']],
    ['encryption', 'RSA-OAEP', ['decrypt', 'unwrapKey']],
  ] as const)('%s: %s SHA-256 2048, extractable at first', (which, alg, usages) => {
    const pair = keys[which];
    const a = pair.privateKey.algorithm as RsaHashedKeyAlgorithm;
    expect(a.name).toBe(alg);
    expect(a.hash.name).toBe('SHA-256');
    expect(a.modulusLength).toBe(2048);
    expect(pair.privateKey.extractable).toBe(true);
    expect([...pair.privateKey.usages].sort()).toEqual([...usages].sort());
  });
});

describe('createCsrPemWithWebCrypto', () => {
  it.each(['signing', 'encryption'] as const)('the %s key pair’s CSR verifies (openssl) and issues', async (which) => {
    const csr = await createCsrPemWithWebCrypto(keys[which], LI);
    const f = t.write(`${which}.csr`, csr);
    const r = mustOpenssl(['req', '-in', f, '-verify', '-noout', '-subject', '-nameopt', 'utf8']);
    expect(r.stdout).toContain('subject=C=CN, O=示范市政工程有限公司, CN=李四');
    expect(r.stderr + r.stdout).toMatch(/verify OK/);
    const { info } = pki.issueUserCertificate({ csrPem: csr, usage: which, expectedSubject: LI, ...validity() });
    expect(info.subject.CN).toBe('李四');
  });

  it('a CSR for another subject is refused at issuance (CSR_SUBJECT_MISMATCH)', async () => {
    const csr = await createCsrPemWithWebCrypto(keys.signing, { ...LI, commonName: '王五' });
    expect(
      await rejection(Promise.resolve().then(() => pki.issueUserCertificate({ csrPem: csr, usage: 'signing', expectedSubject: LI, ...validity() }))),
    ).toEqual({ code: 'VALIDATION', reason: 'CSR_SUBJECT_MISMATCH' });
  });
});

describe('signCmsDetachedWithWebCrypto', () => {
  const payload = new TextEncoder().encode('开标记录确认 / opening record: ' + 'y'.repeat(900));

  it.each([
    ['the extractable key', async () => keys.signing.privateKey],
    ['the key after toNonExtractable', async () => toNonExtractable(keys.signing.privateKey, 'signing')],
  ])('signs with %s; verifyCmsDetached and openssl cms -verify accept it, a tampered payload fails both', async (_what, getKey) => {
    const privateKey = await getKey();
    const p7 = await signCmsDetachedWithWebCrypto(payload, { privateKey, certPem: signPem });
    expect(verifyCmsDetached(p7, payload, verifyOpts())).toMatchObject({ ok: true, signer: { subject: { CN: '李四' } } });
    const sigFile = t.write('web.p7s', p7);
    const dataFile = t.write('web.bin', payload);
    const args = ['cms', '-verify', '-binary', '-inform', 'DER', '-in', sigFile, '-CAfile', rootFile, '-purpose', 'any', '-out', '/dev/null'];
    expect(openssl([...args, '-content', dataFile]).status).toBe(0);

    const tampered = payload.slice();
    tampered[0]! ^= 0x01;
    expect(verifyCmsDetached(p7, tampered, verifyOpts())).toEqual({ ok: false, reason: 'SIGNATURE_INVALID' });
    expect(openssl([...args, '-content', t.write('web-tampered.bin', tampered)]).status).not.toBe(0);
  });

  it('refuses the encryption key (KEY_INVALID) and an encryption certificate (CERT_WRONG_USAGE)', async () => {
    expect(await rejection(signCmsDetachedWithWebCrypto(payload, { privateKey: keys.encryption.privateKey, certPem: encPem }))).toEqual({
      code: 'VALIDATION',
      reason: 'KEY_INVALID',
    });
    expect(await rejection(signCmsDetachedWithWebCrypto(payload, { privateKey: keys.signing.privateKey, certPem: encPem }))).toEqual({
      code: 'VALIDATION',
      reason: 'CERT_WRONG_USAGE',
    });
  });
});

describe('.p12 between Node and the browser', () => {
  const pass = 'Tr0ub4dor&3 backup';

  it('browser exportP12 → openssl pkcs12 -info → Node fromP12', async () => {
    const p12 = await exportP12({ privateKey: keys.signing.privateKey, certPem: signPem, chainPem: [pki.rootCertPem], passphrase: pass, friendlyName: '李四 签名' });
    const f = t.write('web.p12', p12);
    const info = openssl(['pkcs12', '-info', '-noout', '-in', f, '-passin', `pass:${pass}`]);
    expect(info.status).toBe(0);
    expect(info.stderr).toContain('AES-256-CBC');
    const back = fromP12(p12, pass);
    expect(back.certPem).toBe(signPem);
    expect(back.chainPem).toEqual([pki.rootCertPem]);
    const spki = Buffer.from(await crypto.subtle.exportKey('spki', keys.signing.publicKey));
    expect(createPublicKey(back.privateKeyPem).export({ type: 'spki', format: 'der' }).equals(spki)).toBe(true);
  });

  it('Node toP12 → browser importP12 (signing): a non-extractable key that signs verifiably', async () => {
    const k = generateKeyPairPem();
    const { pem } = pki.issueUserCertificate({ csrPem: createCsrPem(k, LI), usage: 'signing', expectedSubject: LI, ...validity() });
    const p12 = toP12({ privateKeyPem: k.privateKeyPem, certPem: pem, chainPem: [pki.rootCertPem], passphrase: pass });
    const { privateKey, certPem, chainPem } = await importP12(p12, pass, 'signing');
    expect(privateKey.extractable).toBe(false);
    expect(privateKey.algorithm.name).toBe('RSASSA-PKCS1-v1_5');
    expect(certPem).toBe(pem);
    expect(chainPem).toEqual([pki.rootCertPem]);
    const data = new Uint8Array([1, 2, 3]);
    const p7 = await signCmsDetachedWithWebCrypto(data, { privateKey, certPem });
    expect(verifyCmsDetached(p7, data, verifyOpts()).ok).toBe(true);
  });

  it('browser round trip of the encryption key: importP12(…, "encryption") decrypts what the certificate encrypts', async () => {
    const p12 = await exportP12({ privateKey: keys.encryption.privateKey, certPem: encPem, passphrase: pass });
    const { privateKey } = await importP12(p12, pass, 'encryption');
    expect(privateKey.extractable).toBe(false);
    expect(privateKey.algorithm.name).toBe('RSA-OAEP');
    const secret = Buffer.from('bid session key 0123456789abcdef');
    const pub = createPublicKey(encPem);
    const ct = publicEncrypt({ key: pub, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, secret);
    const pt = await crypto.subtle.decrypt({ name: 'RSA-OAEP' }, privateKey, ct);
    expect(Buffer.from(pt).equals(secret)).toBe(true);
  });

  it('a wrong passphrase → VALIDATION / P12_BAD_PASSPHRASE; a non-extractable key cannot be exported', async () => {
    const p12 = await exportP12({ privateKey: keys.signing.privateKey, certPem: signPem, passphrase: pass });
    expect(await rejection(importP12(p12, 'not it', 'signing'))).toEqual({ code: 'VALIDATION', reason: 'P12_BAD_PASSPHRASE' });
    const locked = await toNonExtractable(keys.signing.privateKey, 'signing');
    expect(await rejection(exportP12({ privateKey: locked, certPem: signPem, passphrase: pass }))).toEqual({
      code: 'VALIDATION',
      reason: 'KEY_INVALID',
    });
  });
});

describe('parseCertificate (browser)', () => {
  it('gives the same CertInfo as the Node entry, and CERT_MALFORMED for garbage', async () => {
    expect(parseCertificateInBrowser(signPem)).toEqual(parseCertificate(signPem));
    expect(parseCertificateInBrowser(pki.rootCertPem)).toEqual(parseCertificate(pki.rootCertPem));
    expect(parseCertificateInBrowser(encPem).keyUsage).toEqual(['keyEncipherment', 'dataEncipherment']);
    expect(await rejection(Promise.resolve().then(() => parseCertificateInBrowser('nope')))).toEqual({
      code: 'VALIDATION',
      reason: 'CERT_MALFORMED',
    });
  });
});

describe('toNonExtractable', () => {
  it('returns a non-extractable key of the requested kind; a locked key of that kind is returned as is', async () => {
    const locked = await toNonExtractable(keys.encryption.privateKey, 'encryption');
    expect(locked.extractable).toBe(false);
    expect(locked.algorithm.name).toBe('RSA-OAEP');
    expect(await toNonExtractable(locked, 'encryption')).toBe(locked);
    expect(await rejection(toNonExtractable(locked, 'signing'))).toEqual({ code: 'VALIDATION', reason: 'KEY_INVALID' });
  });
});

describe('browser entry hygiene', () => {
  it('imports nothing from node: and uses no Node globals (transitively, within the package)', () => {
    const here = dirname(fileURLToPath(import.meta.url));
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const src = readFileSync(join(here, file), 'utf8');
      const code = src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
      expect(code, file).not.toMatch(/from\s+['"]node:|require\(|\bBuffer\b|\bprocess\./);
      for (const m of code.matchAll(/from\s+['"]\.\/([\w-]+\.ts)['"]/g)) visit(m[1]!);
      // The domain's browser-safe subpaths: errors, the alert-handling text prefix (pure; issue 20 §2) and the
      // evaluation's signed-object prefixes (two constants; issue 22).
      for (const m of code.matchAll(/from\s+['"](@?[\w/-]+)['"]/g)) expect(['node-forge', '@ebid/domain/errors', '@ebid/domain/alert-handling', '@ebid/domain/evaluation-prefixes'], file).toContain(m[1]);
    };
    visit('browser.ts');
    const alertHandling = readFileSync(join(here, '../../domain/src/supervision/alert-handling.ts'), 'utf8');
    expect(alertHandling).not.toMatch(/from\s+['"]node:|require\(|\bBuffer\b|\bprocess\./);
    const prefixes = readFileSync(join(here, '../../domain/src/evaluation/prefixes.ts'), 'utf8');
    expect(prefixes).not.toMatch(/\bfrom\s+['"]|require\(|\bBuffer\b|\bprocess\./);
    expect([...seen].sort()).toEqual(['asn1.ts', 'browser.ts', 'cms.ts', 'forge.ts', 'p12.ts', 'signing-domains.ts', 'types.ts', 'webcrypto-sign.ts', 'x509.ts']);
  });
});
