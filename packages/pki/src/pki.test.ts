import { generateKeyPairSync } from 'node:crypto';
import { copyFileSync, cpSync, statSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@ebid/domain';
import {
  type CertInfo,
  type DnInput,
  type PlatformPki,
  type VerifyOptions,
  createCsrPem,
  ensureDevPki,
  fromP12,
  generateKeyPairPem,
  loadPlatformPki,
  parseCertificate,
  signCmsDetached,
  toP12,
  verifyCertificate,
  verifyCmsDetached,
} from './index.ts';
import { type Tmp, foreignCa, mustOpenssl, openssl, tmp } from './test-helpers.ts';

const DAY = 24 * 3600 * 1000;
const ROOT_CN = '示范市公共资源交易平台根证书 (开发)';
const PLATFORM_CN = '示范市公共资源交易平台 平台签章';

const ZHANG: DnInput = {
  commonName: '张三',
  organizationName: '示范建设工程有限公司',
  organizationalUnitName: '投标部',
  countryName: 'CN',
  serialNumber: '91350100M000100Y43',
};

/** An AppError's details.reason, or the error itself when it is something else. */
function reasonOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return { code: e.code, reason: e.details?.reason };
    return e;
  }
  return 'no error';
}

let t: Tmp;
let pki: PlatformPki;
let rootFile: string;
const now = new Date();

interface Issued {
  keys: { privateKeyPem: string; publicKeyPem: string };
  pem: string;
  info: CertInfo;
  file: string;
}

let n = 0;
function issue(
  usage: 'signing' | 'encryption',
  subject: DnInput = ZHANG,
  validity: { notBefore: Date; notAfter: Date } = { notBefore: new Date(now.getTime() - DAY), notAfter: new Date(now.getTime() + 365 * DAY) },
): Issued {
  const keys = generateKeyPairPem();
  const csrPem = createCsrPem(keys, subject);
  const { pem, info } = pki.issueUserCertificate({ csrPem, usage, expectedSubject: subject, ...validity });
  return { keys, pem, info, file: t.write(`user-${++n}.pem`, pem) };
}

beforeAll(async () => {
  t = tmp();
  pki = await ensureDevPki(t.path('dev'));
  rootFile = t.write('root.pem', pki.rootCertPem);
});
afterAll(() => t?.cleanup());

describe('ensureDevPki / loadPlatformPki', () => {
  it('creates root-ca and platform files, keys 0600, Chinese names that openssl prints intact', () => {
    for (const f of ['root-ca.key', 'platform.key']) expect(statSync(t.path(`dev/${f}`)).mode & 0o777).toBe(0o600);
    for (const f of ['root-ca.crt', 'platform.crt']) expect(statSync(t.path(`dev/${f}`)).mode & 0o777).toBe(0o644);
    expect(pki.rootInfo).toMatchObject({
      subject: { CN: ROOT_CN, O: '示范市公共资源交易平台', C: 'CN' },
      isCa: true,
      keyUsage: ['keyCertSign', 'cRLSign'],
    });
    expect(pki.rootInfo.issuerDn).toBe(pki.rootInfo.subjectDn);
    expect(pki.rootInfo.notAfter.getTime() - pki.rootInfo.notBefore.getTime()).toBeGreaterThan(3650 * DAY);
    expect(pki.platformInfo).toMatchObject({
      subject: { CN: PLATFORM_CN },
      issuerDn: pki.rootInfo.subjectDn,
      isCa: false,
      keyUsage: ['digitalSignature', 'nonRepudiation'],
    });
    const root = mustOpenssl(['x509', '-in', t.path('dev/root-ca.crt'), '-noout', '-subject', '-nameopt', 'utf8']).stdout;
    expect(root).toContain(`CN=${ROOT_CN}`);
    const plat = t.path('dev/platform.crt');
    expect(mustOpenssl(['verify', '-CAfile', rootFile, plat]).stdout).toContain(': OK');
  });

  it('loads the same PKI on the next call, and creation is safe to race', async () => {
    const again = await ensureDevPki(t.path('dev'));
    expect(again.rootCertPem).toBe(pki.rootCertPem);
    expect(again.platformCertPem).toBe(pki.platformCertPem);
    const racers = await Promise.all([1, 2, 3].map(() => ensureDevPki(t.path('race'))));
    expect(new Set(racers.map((r) => r.rootCertPem)).size).toBe(1);
    expect(new Set(racers.map((r) => r.platformCertPem)).size).toBe(1);
  });

  it('honours opts.now for the validity', async () => {
    const then = new Date('2030-01-01T00:00:00Z');
    const p = await ensureDevPki(t.path('then'), { now: then });
    expect(p.rootInfo.notBefore.getTime()).toBeLessThanOrEqual(then.getTime());
    expect(p.rootInfo.notAfter.getUTCFullYear()).toBe(2039);
    expect(p.platformInfo.notAfter.getUTCFullYear()).toBe(2034);
  });

  it.each([
    [
      'a platform key + certificate from another root',
      'CERT_UNTRUSTED',
      (d: string, other: string) => ['platform.crt', 'platform.key'].forEach((f) => copyFileSync(`${other}/${f}`, `${d}/${f}`)),
    ],
    ['a platform key that is not the certificate’s', 'KEY_CERT_MISMATCH', (d: string, other: string) => copyFileSync(`${other}/platform.key`, `${d}/platform.key`)],
    ['a corrupt root certificate', 'CERT_MALFORMED', (d: string) => writeFileSync(`${d}/root-ca.crt`, 'garbage')],
  ])('loadPlatformPki with %s throws CONFIG_INVALID / %s', async (_what, reason, spoil) => {
    const other = (await ensureDevPki(t.path('spoiler'))).dir;
    const d = t.path(`spoilt-${reason}`);
    cpSync(t.path('dev'), d, { recursive: true });
    spoil(d, other);
    await expect(loadPlatformPki(d)).rejects.toMatchObject({ code: 'CONFIG_INVALID', details: { reason } });
  });

  it('loadPlatformPki of an empty directory throws CONFIG_INVALID / PKI_NOT_FOUND', async () => {
    await expect(loadPlatformPki(t.path('nothing-here'))).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      details: { reason: 'PKI_NOT_FOUND' },
    });
  });
});

describe('issueUserCertificate', () => {
  it.each([
    ['signing', ['digitalSignature', 'nonRepudiation'], 'Digital Signature, Non Repudiation'],
    ['encryption', ['keyEncipherment', 'dataEncipherment'], 'Key Encipherment, Data Encipherment'],
  ] as const)('issues a %s certificate with a Chinese subject and a Chinese issuer', (usage, ku, kuText) => {
    const u = issue(usage);
    expect(u.info).toMatchObject({
      subject: { CN: '张三', O: '示范建设工程有限公司', OU: '投标部', C: 'CN', serialNumber: '91350100M000100Y43' },
      subjectDn: 'serialNumber=91350100M000100Y43,CN=张三,OU=投标部,O=示范建设工程有限公司,C=CN',
      issuerDn: `CN=${ROOT_CN},OU=development,O=示范市公共资源交易平台,C=CN`,
      keyUsage: [...ku],
      isCa: false,
    });
    expect(u.info.serialHex).toMatch(/^[4-7][0-9a-f]{31}$/); // 16 bytes, positive, no leading zero byte
    expect(u.info.publicKeyPem.replace(/\s/g, '')).toBe(u.keys.publicKeyPem.replace(/\s/g, ''));
    expect(parseCertificate(u.pem)).toEqual(u.info);

    const names = mustOpenssl(['x509', '-in', u.file, '-noout', '-subject', '-issuer', '-nameopt', 'utf8']).stdout;
    expect(names).toContain('subject=C=CN, O=示范建设工程有限公司, OU=投标部, CN=张三, serialNumber=91350100M000100Y43');
    expect(names).toContain(`issuer=C=CN, O=示范市公共资源交易平台, OU=development, CN=${ROOT_CN}`);
    expect(mustOpenssl(['verify', '-CAfile', rootFile, u.file]).stdout).toContain(': OK');
    const text = mustOpenssl(['x509', '-in', u.file, '-noout', '-text']).stdout;
    expect(text).toContain(kuText);
    expect(text).toMatch(/Basic Constraints: critical\s+CA:FALSE/);
  });

  it('issues from a CSR made by openssl (interop)', () => {
    const key = t.path('openssl-user.key');
    const csr = t.path('openssl-user.csr');
    mustOpenssl(['req', '-new', '-utf8', '-nodes', '-newkey', 'rsa:2048', '-keyout', key, '-out', csr, '-subj', '/C=CN/O=示范建设工程有限公司/CN=张三']);
    const { info } = pki.issueUserCertificate({
      csrPem: t.read('openssl-user.csr').toString(),
      usage: 'signing',
      expectedSubject: ZHANG,
      notBefore: now,
      notAfter: new Date(now.getTime() + DAY),
    });
    expect(info.subject.CN).toBe('张三');
  });

  const weak = generateKeyPairSync('rsa', {
    modulusLength: 1024,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const good = generateKeyPairPem();
  const goodCsr = createCsrPem(good, ZHANG);
  function flipLastByte(pem: string): string {
    const b64 = pem.replace(/-----[^-]+-----/g, '').replace(/\s/g, '');
    const der = Buffer.from(b64, 'base64');
    der[der.length - 1]! ^= 0x01;
    return `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
  }
  it.each([
    ['a broken self-signature', (): string => flipLastByte(goodCsr), ZHANG, 'CSR_BAD_SIGNATURE'],
    ['a different CN', (): string => goodCsr, { ...ZHANG, commonName: '李四' }, 'CSR_SUBJECT_MISMATCH'],
    ['a different O', (): string => goodCsr, { ...ZHANG, organizationName: '另一家公司' }, 'CSR_SUBJECT_MISMATCH'],
    ['an RSA-1024 key', (): string => createCsrPem({ privateKeyPem: weak.privateKey, publicKeyPem: weak.publicKey }, ZHANG), ZHANG, 'CSR_WEAK_KEY'],
    ['not a CSR at all', (): string => '-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n', ZHANG, 'CSR_MALFORMED'],
    ['no PEM', (): string => 'hello', ZHANG, 'CSR_MALFORMED'],
  ] as const)('rejects a CSR with %s', (_what, csr, expectedSubject, reason) => {
    const csrPem = csr();
    expect(
      reasonOf(() =>
        pki.issueUserCertificate({ csrPem, usage: 'signing', expectedSubject, notBefore: now, notAfter: new Date(now.getTime() + DAY) }),
      ),
    ).toEqual({ code: 'VALIDATION', reason });
  });

  it('rejects notAfter before notBefore', () => {
    expect(
      reasonOf(() => pki.issueUserCertificate({ csrPem: goodCsr, usage: 'signing', expectedSubject: ZHANG, notBefore: now, notAfter: now })),
    ).toEqual({ code: 'VALIDATION', reason: 'VALIDITY_INVALID' });
  });

  it.each([
    ['an empty CN', { commonName: '' }],
    ['a 65-character CN', { commonName: '张'.repeat(65) }],
    ['a three-letter country', { commonName: 'x', countryName: 'CHN' }],
    ['a control character', { commonName: 'a\nb' }],
    ['outer spaces', { commonName: ' 张三' }],
  ])('createCsrPem rejects %s (DN_INVALID)', (_what, dn) => {
    expect(reasonOf(() => createCsrPem(good, dn))).toEqual({ code: 'VALIDATION', reason: 'DN_INVALID' });
  });
});

describe('verifyCertificate', () => {
  let sign: Issued;
  let enc: Issued;
  let expired: Issued;
  let otherPki: PlatformPki;
  let foreignRsa: ReturnType<typeof foreignCa>;
  let foreignEc: ReturnType<typeof foreignCa>;
  let foreignRsaLeaf: string;
  let foreignEcLeaf: string;
  let sameNameImpostor: string;

  beforeAll(async () => {
    sign = issue('signing');
    enc = issue('encryption');
    expired = issue('signing', ZHANG, { notBefore: new Date(now.getTime() - 400 * DAY), notAfter: new Date(now.getTime() - 35 * DAY) });
    foreignRsa = foreignCa(t, 'foreign-rsa', '/C=CN/O=外省公共资源交易中心/CN=外省数字证书认证中心', 'rsa');
    foreignEc = foreignCa(t, 'foreign-ec', '/C=CN/O=邻市CA/CN=邻市数字证书认证中心 ECC', 'ec');
    const k = generateKeyPairPem();
    const csr = createCsrPem(k, ZHANG);
    foreignRsaLeaf = foreignRsa.issue(csr, 'digitalSignature,nonRepudiation');
    foreignEcLeaf = foreignEc.issue(csr, 'digitalSignature,nonRepudiation');
    // A second dev PKI whose root has exactly our root's name, but another key.
    otherPki = await ensureDevPki(t.path('other-dev'));
    sameNameImpostor = otherPki.issueUserCertificate({
      csrPem: csr,
      usage: 'signing',
      expectedSubject: ZHANG,
      notBefore: new Date(now.getTime() - DAY),
      notAfter: new Date(now.getTime() + DAY),
    }).pem;
  });

  const opts = (o: Partial<VerifyOptions> = {}): VerifyOptions => ({ trustedRootsPem: [pki.rootCertPem], at: new Date(), ...o });

  it.each<[string, () => [string, VerifyOptions], string | true]>([
    ['a valid signing certificate', () => [sign.pem, opts({ usage: 'signing' })], true],
    ['a valid encryption certificate used for encryption', () => [enc.pem, opts({ usage: 'encryption' })], true],
    ['an expired certificate', () => [expired.pem, opts()], 'CERT_EXPIRED'],
    ['`at` after notAfter', () => [sign.pem, opts({ at: new Date(sign.info.notAfter.getTime() + 1000) })], 'CERT_EXPIRED'],
    ['`at` before notBefore', () => [sign.pem, opts({ at: new Date(sign.info.notBefore.getTime() - 1000) })], 'CERT_NOT_YET_VALID'],
    ['a revoked certificate', () => [sign.pem, opts({ isRevoked: (s) => s === sign.info.serialHex })], 'CERT_REVOKED'],
    ['an encryption certificate used for signing', () => [enc.pem, opts({ usage: 'signing' })], 'CERT_WRONG_USAGE'],
    ['a signing certificate used for encryption', () => [sign.pem, opts({ usage: 'encryption' })], 'CERT_WRONG_USAGE'],
    ['garbage', () => ['-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n', opts()], 'CERT_MALFORMED'],
    ['no PEM at all', () => ['not a certificate', opts()], 'CERT_MALFORMED'],
    ['a foreign CA not in trustedRootsPem', () => [foreignRsaLeaf, opts()], 'CERT_UNTRUSTED'],
    ['a foreign CA in trustedRootsPem (CA互认)', () => [foreignRsaLeaf, opts({ trustedRootsPem: [pki.rootCertPem, foreignRsa.certPem] })], true],
    ['a foreign ECDSA CA not trusted', () => [foreignEcLeaf, opts()], 'CERT_UNTRUSTED'],
    ['a foreign ECDSA CA trusted (CA互认)', () => [foreignEcLeaf, opts({ trustedRootsPem: [foreignEc.certPem, pki.rootCertPem] })], true],
    ['an issuer with our root’s name but another key', () => [sameNameImpostor, opts()], 'CERT_UNTRUSTED'],
    ['the root itself', () => [pki.rootCertPem, opts()], true],
    ['our cert when only a foreign root is trusted', () => [sign.pem, opts({ trustedRootsPem: [foreignRsa.certPem] })], 'CERT_UNTRUSTED'],
  ])('%s', (_what, make, expected) => {
    const [pem, o] = make();
    const r = verifyCertificate(pem, o);
    if (expected === true) expect(r, JSON.stringify(r)).toMatchObject({ ok: true });
    else expect(r).toEqual({ ok: false, reason: expected });
  });

  it('passes the serial and the issuer DN to isRevoked', () => {
    const calls: [string, string][] = [];
    verifyCertificate(sign.pem, opts({ isRevoked: (s, i) => (calls.push([s, i]), false) }));
    expect(calls).toEqual([[sign.info.serialHex, pki.rootInfo.subjectDn]]);
  });

  it('checks the signature, not just names: a tampered certificate is untrusted', () => {
    const der = Buffer.from(sign.pem.replace(/-----[^-]+-----/g, '').replace(/\s/g, ''), 'base64');
    der[der.length - 5]! ^= 0x40;
    const pem = `-----BEGIN CERTIFICATE-----\n${der.toString('base64')}\n-----END CERTIFICATE-----\n`;
    expect(verifyCertificate(pem, opts())).toEqual({ ok: false, reason: 'CERT_UNTRUSTED' });
  });

  it('parseCertificate rejects garbage with VALIDATION / CERT_MALFORMED', () => {
    expect(reasonOf(() => parseCertificate('nope'))).toEqual({ code: 'VALIDATION', reason: 'CERT_MALFORMED' });
  });
});

describe('CMS detached signatures', () => {
  let signer: Issued;
  let enc: Issued;
  const payload = Buffer.from('投标文件摘要 / bid digest: ' + 'x'.repeat(1000));
  let sig: Buffer;
  let dataFile: string;
  let sigFile: string;
  const signingTime = new Date('2026-03-01T08:00:00Z');

  beforeAll(() => {
    signer = issue('signing');
    enc = issue('encryption');
    sig = signCmsDetached(payload, { keyPem: signer.keys.privateKeyPem, certPem: signer.pem, chainPem: [pki.rootCertPem] }, { signingTime });
    dataFile = t.write('payload.bin', payload);
    sigFile = t.write('payload.p7s', sig);
  });

  const opts = (o: Partial<VerifyOptions> = {}): VerifyOptions => ({ trustedRootsPem: [pki.rootCertPem], at: new Date(), ...o });
  const osslVerify = (sigPath: string, dataPath: string, ca = rootFile) =>
    openssl(['cms', '-verify', '-binary', '-inform', 'DER', '-in', sigPath, '-content', dataPath, '-CAfile', ca, '-purpose', 'any', '-out', '/dev/null']);

  it('signCmsDetached → verifyCmsDetached and openssl cms -verify', () => {
    const r = verifyCmsDetached(sig, payload, opts());
    expect(r).toMatchObject({ ok: true, signer: { subject: { CN: '张三' }, serialHex: signer.info.serialHex }, signingTime });
    const o = osslVerify(sigFile, dataFile);
    expect(o.stderr).toContain('Verification successful');
    expect(o.status).toBe(0);
  });

  it('a tampered payload fails both (SIGNATURE_INVALID / openssl exit ≠ 0)', () => {
    const tampered = Buffer.from(payload);
    tampered[10]! ^= 0x01;
    expect(verifyCmsDetached(sig, tampered, opts())).toEqual({ ok: false, reason: 'SIGNATURE_INVALID' });
    const o = osslVerify(sigFile, t.write('tampered.bin', tampered));
    expect(o.status).not.toBe(0);
    expect(o.stderr).toMatch(/digest failure|Verification failure/);
  });

  it.each<[string, string, () => [Uint8Array, VerifyOptions]]>([
    ['a tampered signature value', 'SIGNATURE_INVALID', () => [Buffer.concat([sig.subarray(0, -1), Buffer.from([sig[sig.length - 1]! ^ 1])]), opts()]],
    ['garbage', 'CMS_MALFORMED', () => [Buffer.from('not a cms'), opts()]],
    ['a truncated CMS', 'CMS_MALFORMED', () => [sig.subarray(0, sig.length - 40), opts()]],
    ['an untrusted signer', 'CERT_UNTRUSTED', () => [sig, opts({ trustedRootsPem: [] })]],
    ['a revoked signer', 'CERT_REVOKED', () => [sig, opts({ isRevoked: (s) => s === signer.info.serialHex })]],
    ['a signer certificate expired at `at`', 'CERT_EXPIRED', () => [sig, opts({ at: new Date(signer.info.notAfter.getTime() + DAY) })]],
    ['`at` before the signer certificate', 'CERT_NOT_YET_VALID', () => [sig, opts({ at: new Date(signer.info.notBefore.getTime() - DAY) })]],
    ['usage encryption requested', 'CERT_WRONG_USAGE', () => [sig, opts({ usage: 'encryption' })]],
  ])('%s → %s', (_what, reason, make) => {
    const [cms, o] = make();
    expect(verifyCmsDetached(cms, payload, o)).toEqual({ ok: false, reason });
  });

  it('refuses to sign with an encryption certificate or a key that is not the certificate’s', () => {
    expect(reasonOf(() => signCmsDetached(payload, { keyPem: enc.keys.privateKeyPem, certPem: enc.pem }))).toEqual({
      code: 'VALIDATION',
      reason: 'CERT_WRONG_USAGE',
    });
    expect(reasonOf(() => signCmsDetached(payload, { keyPem: enc.keys.privateKeyPem, certPem: signer.pem }))).toEqual({
      code: 'VALIDATION',
      reason: 'KEY_CERT_MISMATCH',
    });
  });

  it('the platform signDetached signs with the platform certificate and verifies with openssl', () => {
    const p7 = pki.signDetached(payload);
    const r = verifyCmsDetached(p7, payload, opts());
    expect(r).toMatchObject({ ok: true, signer: { subject: { CN: PLATFORM_CN } } });
    expect(osslVerify(t.write('platform.p7s', p7), dataFile).status).toBe(0);
    const printed = mustOpenssl(['cms', '-cmsout', '-print', '-inform', 'DER', '-in', t.path('platform.p7s')]).stdout;
    expect(printed.match(/d\.certificate:/g)?.length).toBe(2); // platform + root
  });

  it.each([
    ['issuerAndSerialNumber', [] as string[]],
    ['subjectKeyIdentifier', ['-keyid']],
  ])('verifies a signature made by openssl cms -sign (%s)', (_sid, extra) => {
    const key = t.write(`signer-${_sid}.key`, signer.keys.privateKeyPem);
    const out = t.path(`openssl-${_sid}.p7s`);
    mustOpenssl(['cms', '-sign', '-binary', '-md', 'sha256', '-in', dataFile, '-signer', signer.file, '-inkey', key, '-outform', 'DER', '-out', out, ...extra]);
    expect(verifyCmsDetached(t.read(`openssl-${_sid}.p7s`), payload, opts())).toMatchObject({ ok: true, signer: { subject: { CN: '张三' } } });
  });

  it('a signer from a foreign CA verifies once that CA is trusted (CA互认)', () => {
    const foreign = foreignCa(t, 'cms-foreign', '/C=CN/O=外省CA/CN=外省CA根', 'rsa');
    const k = generateKeyPairPem();
    const pem = foreign.issue(createCsrPem(k, ZHANG), 'digitalSignature');
    const p7 = signCmsDetached(payload, { keyPem: k.privateKeyPem, certPem: pem });
    expect(verifyCmsDetached(p7, payload, opts())).toEqual({ ok: false, reason: 'CERT_UNTRUSTED' });
    expect(verifyCmsDetached(p7, payload, opts({ trustedRootsPem: [pki.rootCertPem, foreign.certPem] }))).toMatchObject({ ok: true });
  });

  it('signs and verifies 1 KB in milliseconds (node:crypto, not forge RSA)', () => {
    const kb = Buffer.alloc(1024, 7);
    const key = { keyPem: signer.keys.privateKeyPem, certPem: signer.pem };
    const s: number[] = [];
    const v: number[] = [];
    for (let i = 0; i < 30; i++) {
      let t0 = performance.now();
      const p7 = signCmsDetached(kb, key);
      s.push(performance.now() - t0);
      t0 = performance.now();
      expect(verifyCmsDetached(p7, kb, opts()).ok).toBe(true);
      v.push(performance.now() - t0);
    }
    const median = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]!;
    expect(median(s)).toBeLessThan(20);
    expect(median(v)).toBeLessThan(20);
  });
});

describe('issueCrl', () => {
  it('makes a DER CRL v2 that openssl verifies and that lists the revoked serials', () => {
    const a = issue('signing');
    const b = issue('encryption');
    const crl = pki.issueCrl({
      number: 42,
      thisUpdate: now,
      nextUpdate: new Date(now.getTime() + 7 * DAY),
      revoked: [
        { serialHex: a.info.serialHex, revokedAt: new Date(now.getTime() - 3600_000), reason: 1 },
        { serialHex: b.info.serialHex, revokedAt: now },
      ],
    });
    const f = t.write('crl.der', crl);
    const v = openssl(['crl', '-inform', 'DER', '-in', f, '-CAfile', rootFile, '-noout']);
    expect(v.status).toBe(0);
    expect(v.stderr + v.stdout).toContain('verify OK');
    const text = mustOpenssl(['crl', '-inform', 'DER', '-in', f, '-noout', '-text', '-nameopt', 'utf8']).stdout;
    expect(text).toContain('Version 2');
    expect(text).toContain(`Serial Number: ${a.info.serialHex.toUpperCase()}`);
    expect(text).toContain(`Serial Number: ${b.info.serialHex.toUpperCase()}`);
    expect(text).toContain('Key Compromise');
    expect(text).toMatch(/CRL Number:\s+42/);
    expect(text).toContain(`Issuer: C=CN, O=示范市公共资源交易平台, OU=development, CN=${ROOT_CN}`);
  });

  it('an empty CRL verifies too', () => {
    const f = t.write('empty.crl', pki.issueCrl({ number: 1, thisUpdate: now, nextUpdate: new Date(now.getTime() + DAY), revoked: [] }));
    expect(openssl(['crl', '-inform', 'DER', '-in', f, '-CAfile', rootFile, '-noout']).status).toBe(0);
  });

  it.each([
    ['a negative number', { number: -1 }],
    ['nextUpdate before thisUpdate', { nextUpdate: new Date(now.getTime() - DAY) }],
    ['a non-hex serial', { revoked: [{ serialHex: 'xyz', revokedAt: now }] }],
    ['reason code 7', { revoked: [{ serialHex: '01', revokedAt: now, reason: 7 }] }],
  ])('rejects %s (CRL_INVALID)', (_what, patch) => {
    const input = { number: 1, thisUpdate: now, nextUpdate: new Date(now.getTime() + DAY), revoked: [], ...patch };
    expect(reasonOf(() => pki.issueCrl(input))).toEqual({ code: 'VALIDATION', reason: 'CRL_INVALID' });
  });
});

describe('PKCS#12', () => {
  let u: Issued;
  beforeAll(() => {
    u = issue('signing');
  });
  const pass = 'correct horse battery staple';

  it('toP12 is accepted by openssl pkcs12 -info (AES-256, no -legacy) and round-trips through fromP12', () => {
    const p12 = toP12({ privateKeyPem: u.keys.privateKeyPem, certPem: u.pem, chainPem: [pki.rootCertPem], passphrase: pass, friendlyName: '张三 签名证书' });
    const f = t.write('u.p12', p12);
    const info = openssl(['pkcs12', '-info', '-noout', '-in', f, '-passin', `pass:${pass}`]);
    expect(info.status).toBe(0);
    expect(info.stderr).toContain('AES-256-CBC');
    expect(openssl(['pkcs12', '-info', '-noout', '-in', f, '-passin', 'pass:wrong']).status).not.toBe(0);
    const back = fromP12(p12, pass);
    expect(back.certPem).toBe(u.pem);
    expect(back.chainPem).toEqual([pki.rootCertPem]);
    // same key: a signature made with the recovered key verifies against the certificate
    const p7 = signCmsDetached(Buffer.from('x'), { keyPem: back.privateKeyPem, certPem: back.certPem });
    expect(verifyCmsDetached(p7, Buffer.from('x'), { trustedRootsPem: [pki.rootCertPem], at: now }).ok).toBe(true);
  });

  it('a wrong passphrase → VALIDATION / P12_BAD_PASSPHRASE', () => {
    const p12 = toP12({ privateKeyPem: u.keys.privateKeyPem, certPem: u.pem, passphrase: pass });
    expect(reasonOf(() => fromP12(p12, 'wrong'))).toEqual({ code: 'VALIDATION', reason: 'P12_BAD_PASSPHRASE' });
  });

  it.each([
    ['a non-ASCII passphrase', () => toP12({ privateKeyPem: u.keys.privateKeyPem, certPem: u.pem, passphrase: '密码密码' }), 'P12_PASSPHRASE_UNSUPPORTED'],
    ['an empty passphrase', () => toP12({ privateKeyPem: u.keys.privateKeyPem, certPem: u.pem, passphrase: '' }), 'P12_PASSPHRASE_UNSUPPORTED'],
    ['a key that is not the certificate’s', () => toP12({ privateKeyPem: generateKeyPairPem().privateKeyPem, certPem: u.pem, passphrase: pass }), 'KEY_CERT_MISMATCH'],
    ['garbage', () => fromP12(Buffer.from('garbage'), pass), 'P12_MALFORMED'],
  ])('rejects %s', (_what, fn, reason) => {
    expect(reasonOf(fn)).toEqual({ code: 'VALIDATION', reason });
  });

  it('opens a .p12 written by openssl pkcs12 -export (OpenSSL 3 defaults)', () => {
    const key = t.write('ossl.key', u.keys.privateKeyPem);
    const out = t.path('ossl.p12');
    mustOpenssl(['pkcs12', '-export', '-inkey', key, '-in', u.file, '-certfile', rootFile, '-out', out, '-passout', `pass:${pass}`]);
    const back = fromP12(t.read('ossl.p12'), pass);
    expect(back.certPem).toBe(u.pem);
    expect(back.chainPem).toEqual([pki.rootCertPem]);
    expect(reasonOf(() => fromP12(t.read('ossl.p12'), 'nope'))).toEqual({ code: 'VALIDATION', reason: 'P12_BAD_PASSPHRASE' });
  });
});
