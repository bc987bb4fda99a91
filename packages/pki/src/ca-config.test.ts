/**
 * Issue 15 §2: the platform's CA in production. The center's CA material by configuration (an issuing
 * CA under a "center root", PEM or .p12, an encrypted key, the passphrase from the environment or a
 * file, the chain) or an own CA made by initPlatformPki; every refusal names the configuration key and
 * the problem, never the passphrase.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CaFilesInput,
  type PkiSource,
  type PlatformPki,
  DEV_PKI_NAMES,
  createCsrPem,
  ensureDevPki,
  generateKeyPairPem,
  initPlatformPki,
  loadConfiguredPki,
  parseCertificate,
  pkiConfigProblems,
  platformPkiExpiry,
  toP12,
  verifyCertificate,
  verifyCmsDetached,
  verifyPlatformSeal,
} from './index.ts';
import { type TestCert, makeTestCenterCa, makeTestCertificate, makeTestSeal, writePem } from './test-ca.ts';
import { type Tmp, mustOpenssl, openssl, tmp } from './test-helpers.ts';

const DAY = 86_400_000;
const NAMES = { platformName: '江城市公共资源交易平台', centerName: '江城市公共资源交易中心' };
const PASS = 'Center-CA passphrase 7';
const now = new Date();

let t: Tmp;
let root: TestCert;
let issuing: TestCert;
let seal: TestCert;
let foreignRoot: TestCert;
let n = 0;

/** A fresh PKI_DIR (0700) with the seal (platform.key 0600) and the CA files beside it; `ca` as configured. */
function layout(opts: { sealCert?: TestCert; issuingCert?: TestCert; chain?: string | null } = {}): PkiSource & { ca: CaFilesInput } {
  const dir = t.path(`case-${++n}`);
  mkdirSync(dir, { mode: 0o700 });
  const s = opts.sealCert ?? seal;
  writePem(dir, 'platform.key', s.keyPem, 0o600);
  writePem(dir, 'platform.crt', s.certPem);
  const files = t.path(`case-${n}-ca`);
  mkdirSync(files, { mode: 0o700 });
  const i = opts.issuingCert ?? issuing;
  const chain = opts.chain === undefined ? root.certPem : opts.chain;
  return {
    dir,
    ca: {
      certFile: writePem(files, 'issuing.crt', i.certPem),
      keyFile: writePem(files, 'issuing.key', i.keyPem, 0o600),
      passphrase: null,
      chainFile: chain === null ? null : writePem(files, 'chain.pem', chain),
    },
  };
}

type Expect = { reason: string; key: string; text?: RegExp };

async function refusal(src: PkiSource, production = true): Promise<Expect & { message: string }> {
  try {
    await loadConfiguredPki(src, { production, at: now });
  } catch (e) {
    const problems = pkiConfigProblems(e);
    if (!problems) throw e;
    const err = e as { details: { reason: string }; message: string };
    return { reason: err.details.reason, key: problems.map((p) => p.key).join(','), text: undefined, message: problems.map((p) => p.problem).join('; ') + ' | ' + err.message };
  }
  throw new Error('expected a refusal');
}

function encryptedPkcs8(keyPem: string, passphrase: string): string {
  return createPrivateKey(keyPem).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase }) as string;
}

beforeAll(async () => {
  t = tmp('ebid-ca-config-');
  ({ root, issuing } = await makeTestCenterCa());
  seal = await makeTestSeal(issuing, NAMES);
  foreignRoot = await makeTestCertificate({ subject: { countryName: 'CN', organizationName: '别处认证中心', commonName: '别处认证中心 根CA' } });
}, 60_000);
afterAll(() => t?.cleanup());

describe('the center’s CA by configuration (an issuing CA under the center root)', () => {
  let pki: PlatformPki;
  beforeAll(async () => {
    pki = await loadConfiguredPki(layout(), { production: true, at: now });
  });

  it('serves the configured root, the chain, and lists root, issuing CA and seal', () => {
    expect(pki.rootCertPem).toBe(root.certPem);
    expect(pki.issuingCertPem).toBe(issuing.certPem);
    expect(pki.chainPem).toEqual([issuing.certPem, root.certPem]);
    expect(pki.certificates.map((c) => c.role)).toEqual(['root', 'issuing', 'seal']);
    expect(pki.sealTrust.trustedRootsPem).toEqual([root.certPem]);
  });

  it('issues user certificates and CRLs with the issuing CA; they verify with the chain (and openssl with the root)', () => {
    const keys = generateKeyPairPem();
    const subject = { commonName: '张三', organizationName: '示范建设工程有限公司', countryName: 'CN' };
    const user = pki.issueUserCertificate({ csrPem: createCsrPem(keys, subject), usage: 'signing', expectedSubject: subject, notBefore: new Date(now.getTime() - DAY), notAfter: new Date(now.getTime() + 365 * DAY) });
    expect(user.info.issuerDn).toBe(pki.issuingInfo.subjectDn);
    // Verifiers get the chain (root + issuing CA) as their trust list.
    expect(verifyCertificate(user.pem, { trustedRootsPem: pki.chainPem, at: now })).toMatchObject({ ok: true });
    // With the root only, the issuing CA is needed as an intermediate: a signature carrying the chain verifies.
    expect(verifyCertificate(user.pem, { trustedRootsPem: [pki.rootCertPem], at: now })).toEqual({ ok: false, reason: 'CERT_UNTRUSTED' });
    expect(verifyCertificate(user.pem + pki.issuingCertPem, { trustedRootsPem: [pki.rootCertPem], at: now })).toMatchObject({ ok: true });
    const rootFile = t.write('cfg-root.pem', pki.rootCertPem);
    const userFile = t.write('cfg-user.pem', user.pem);
    const untrusted = t.write('cfg-issuing.pem', pki.issuingCertPem);
    expect(mustOpenssl(['verify', '-CAfile', rootFile, '-untrusted', untrusted, userFile]).stdout).toContain(': OK');
    // The CRL is signed by the issuing CA (the issuer of the users' certificates).
    const crl = t.write('cfg.crl', pki.issueCrl({ number: 1, thisUpdate: now, nextUpdate: new Date(now.getTime() + DAY), revoked: [{ serialHex: user.info.serialHex, revokedAt: now }] }));
    const crlText = mustOpenssl(['crl', '-inform', 'DER', '-in', crl, '-noout', '-issuer', '-nameopt', 'utf8', '-CAfile', untrusted]);
    expect(crlText.stdout).toContain('江城市公共资源交易平台 业务CA');
    expect(crlText.stderr).toContain('verify OK');
  });

  it('a platform signature carries the seal and every intermediate: openssl verifies it with the root only', () => {
    const content = Buffer.from('{"type":"ebid-bid-receipt","v":1}');
    const sig = pki.signDetached(content);
    const files = { sig: t.write('cfg-seal.p7s', sig), data: t.write('cfg-seal.json', content), root: t.write('cfg-root2.pem', pki.rootCertPem) };
    const r = openssl(['cms', '-verify', '-binary', '-inform', 'DER', '-in', files.sig, '-content', files.data, '-CAfile', files.root, '-purpose', 'any', '-out', '/dev/null']);
    expect(r.stderr).toContain('Verification successful');
    expect(verifyPlatformSeal(sig, content, pki.sealTrust)).toMatchObject({ ok: true, signer: { fingerprintSha256: pki.platformInfo.fingerprintSha256 } });
  });

  it.each<[string, (src: PkiSource & { ca: CaFilesInput }) => void]>([
    ['an encrypted PKCS#8 key, the passphrase from the environment', (s) => {
      writeFileSync(s.ca.keyFile!, encryptedPkcs8(issuing.keyPem, PASS));
      s.ca.passphrase = { from: 'env', value: PASS };
    }],
    ['an encrypted key, the passphrase from a file (trailing newline)', (s) => {
      writeFileSync(s.ca.keyFile!, encryptedPkcs8(issuing.keyPem, PASS));
      s.ca.passphrase = { from: 'file', file: writePem(t.dir, `pass-${n}.txt`, `${PASS}\n`, 0o600) };
    }],
    ['a .p12 holding key, certificate and chain', (s) => {
      s.ca.certFile = t.write(`ca-${n}.p12`, toP12({ privateKeyPem: issuing.keyPem, certPem: issuing.certPem, chainPem: [root.certPem], passphrase: PASS }));
      chmodSync(s.ca.certFile, 0o600);
      s.ca.keyFile = null;
      s.ca.chainFile = null;
      s.ca.passphrase = { from: 'env', value: PASS };
    }],
    ['the chain appended to PKI_CA_CERT instead of PKI_CA_CHAIN', (s) => {
      writeFileSync(s.ca.certFile, issuing.certPem + root.certPem);
      s.ca.chainFile = null;
    }],
  ])('loads with %s', async (_what, change) => {
    const src = layout();
    change(src);
    const loaded = await loadConfiguredPki(src, { production: true, at: now });
    expect(loaded.rootCertPem).toBe(root.certPem);
    expect(loaded.issuingCertPem).toBe(issuing.certPem);
  });
});

describe('refusals: each names the configuration key and the problem, and never the passphrase', () => {
  // Made once for the table below.
  const certs: Record<string, TestCert> = {};
  beforeAll(async () => {
    certs.expiredIssuing = await makeTestCertificate({ subject: { commonName: '过期的业务CA', countryName: 'CN' }, issuer: root, notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2026-01-01T00:00:00Z') });
    certs.futureIssuing = await makeTestCertificate({ subject: { commonName: '尚未生效的业务CA', countryName: 'CN' }, issuer: root, notBefore: new Date(now.getTime() + 10 * DAY), notAfter: new Date(now.getTime() + 400 * DAY) });
    certs.expiredRoot = await makeTestCertificate({ subject: { commonName: '过期的根CA', countryName: 'CN' }, notBefore: new Date('2015-01-01T00:00:00Z'), notAfter: new Date('2025-06-30T00:00:00Z') });
    certs.underExpiredRoot = await makeTestCertificate({ subject: { commonName: '过期根下的业务CA', countryName: 'CN' }, issuer: certs.expiredRoot, notBefore: new Date('2016-01-01T00:00:00Z'), notAfter: new Date(now.getTime() + 400 * DAY) });
    certs.leaf = await makeTestCertificate({ subject: { commonName: '一张普通证书', countryName: 'CN' }, issuer: root, ca: false });
    certs.foreignIssuing = await makeTestCertificate({ subject: { commonName: '别处的业务CA', countryName: 'CN' }, issuer: foreignRoot });
    certs.otherKey = await makeTestCertificate({ subject: { commonName: '另一把钥匙', countryName: 'CN' } });
    certs.foreignSeal = await makeTestSeal(certs.foreignIssuing, NAMES);
    certs.expiredSeal = await makeTestSeal(issuing, NAMES, { notBefore: new Date(now.getTime() - 400 * DAY), notAfter: new Date(now.getTime() - DAY) });
    for (const c of [certs.expiredIssuing, certs.futureIssuing, certs.underExpiredRoot, certs.leaf, certs.foreignIssuing]) {
      certs[`seal-${c.info.serialHex}`] = await makeTestSeal(c, NAMES);
    }
  }, 60_000);
  const sealFor = (c: TestCert) => certs[`seal-${c.info.serialHex}`]!;

  it.each<[string, () => PkiSource, Expect, boolean?]>([
    ['a key that does not match the certificate', () => {
      const s = layout();
      writeFileSync(s.ca.keyFile!, certs.otherKey!.keyPem);
      return s;
    }, { reason: 'KEY_CERT_MISMATCH', key: 'PKI_CA_KEY', text: /the key does not match the certificate/ }],
    ['an expired issuing CA', () => layout({ issuingCert: certs.expiredIssuing, sealCert: sealFor(certs.expiredIssuing!) }), { reason: 'CERT_EXPIRED', key: 'PKI_CA_CERT', text: /expired on 2026-01-01/ }],
    ['an issuing CA not yet valid', () => layout({ issuingCert: certs.futureIssuing, sealCert: sealFor(certs.futureIssuing!) }), { reason: 'CERT_NOT_YET_VALID', key: 'PKI_CA_CERT', text: /not valid before/ }],
    ['an expired root in the chain', () => layout({ issuingCert: certs.underExpiredRoot, sealCert: sealFor(certs.underExpiredRoot!), chain: certs.expiredRoot!.certPem }), { reason: 'CERT_EXPIRED', key: 'PKI_CA_CHAIN', text: /过期的根CA.*expired on 2025-06-30/ }],
    ['a chain to an unknown root', () => layout({ chain: foreignRoot.certPem }), { reason: 'CERT_UNTRUSTED', key: 'PKI_CA_CHAIN', text: /does not chain to a trusted root/ }],
    ['a missing chain', () => layout({ chain: null }), { reason: 'CERT_UNTRUSTED', key: 'PKI_CA_CHAIN', text: /missing/ }],
    ['a certificate that is not a CA given as the CA', () => layout({ issuingCert: certs.leaf, sealCert: sealFor(certs.leaf!) }), { reason: 'CERT_WRONG_USAGE', key: 'PKI_CA_CERT', text: /not a CA certificate/ }],
    ['a wrong passphrase for an encrypted key', () => {
      const s = layout();
      writeFileSync(s.ca.keyFile!, encryptedPkcs8(issuing.keyPem, PASS));
      s.ca.passphrase = { from: 'env', value: 'WrongPassphraseNeverShown' };
      return s;
    }, { reason: 'PKI_PASSPHRASE_INVALID', key: 'PKI_CA_PASSPHRASE', text: /wrong passphrase/ }],
    ['an encrypted key without a passphrase', () => {
      const s = layout();
      writeFileSync(s.ca.keyFile!, encryptedPkcs8(issuing.keyPem, PASS));
      return s;
    }, { reason: 'PKI_PASSPHRASE_INVALID', key: 'PKI_CA_PASSPHRASE', text: /required/ }],
    ['a wrong passphrase (from a file) for a .p12', () => {
      const s = layout();
      s.ca.certFile = t.write(`bad-${n}.p12`, toP12({ privateKeyPem: issuing.keyPem, certPem: issuing.certPem, chainPem: [root.certPem], passphrase: PASS }));
      chmodSync(s.ca.certFile, 0o600);
      s.ca.keyFile = null;
      s.ca.passphrase = { from: 'file', file: writePem(t.dir, `badpass-${n}.txt`, 'WrongPassphraseNeverShown\n', 0o600) };
      return s;
    }, { reason: 'PKI_PASSPHRASE_INVALID', key: 'PKI_CA_PASSPHRASE_FILE', text: /wrong passphrase/ }],
    ['a seal issued by another CA', () => layout({ sealCert: certs.foreignSeal }), { reason: 'CERT_UNTRUSTED', key: 'PKI_DIR', text: /platform\.crt was not issued/ }],
    ['an expired seal', () => layout({ sealCert: certs.expiredSeal }), { reason: 'CERT_EXPIRED', key: 'PKI_DIR', text: /platform\.crt expired on/ }],
    ['a seal key that does not match', () => {
      const s = layout();
      writeFileSync(`${s.dir}/platform.key`, certs.otherKey!.keyPem);
      return s;
    }, { reason: 'KEY_CERT_MISMATCH', key: 'PKI_DIR', text: /platform\.key does not match/ }],
    ['no seal in PKI_DIR', () => {
      const s = layout();
      const d = t.path(`empty-${n}`);
      mkdirSync(d, { mode: 0o700 });
      return { ...s, dir: d };
    }, { reason: 'PKI_NOT_FOUND', key: 'PKI_DIR', text: /platform\.crt .*does not exist/ }],
    ['a PKI_DIR open to group and others', () => {
      const s = layout();
      chmodSync(s.dir, 0o755);
      return s;
    }, { reason: 'PKI_FILE_PERMISSIONS', key: 'PKI_DIR', text: /chmod 700/ }],
    ['a CA key file readable by others', () => {
      const s = layout();
      chmodSync(s.ca.keyFile!, 0o644);
      return s;
    }, { reason: 'PKI_FILE_PERMISSIONS', key: 'PKI_CA_KEY', text: /readable or writable by group or others.*chmod 600/ }],
    ['a seal key and a passphrase file readable by the group (both named)', () => {
      const s = layout();
      chmodSync(`${s.dir}/platform.key`, 0o640);
      s.ca.passphrase = { from: 'file', file: writePem(t.dir, `loosepass-${n}.txt`, `${PASS}\n`, 0o640) };
      return s;
    }, { reason: 'PKI_FILE_PERMISSIONS', key: 'PKI_DIR,PKI_CA_PASSPHRASE_FILE', text: /platform\.key.*passphrase file/ }],
    ['a PKI_DIR that does not exist', () => ({ ...layout(), dir: t.path('nowhere') }), { reason: 'PKI_NOT_FOUND', key: 'PKI_DIR', text: /does not exist/ }],
  ])('%s → refused', async (_what, make, expected) => {
    const src = make();
    const before = snapshot(src);
    const got = await refusal(src);
    expect({ reason: got.reason, key: got.key }).toEqual({ reason: expected.reason, key: expected.key });
    if (expected.text) expect(got.message).toMatch(expected.text);
    expect(got.message).not.toContain('WrongPassphraseNeverShown');
    expect(got.message).not.toContain(PASS);
    expect(got.message).not.toContain('PRIVATE KEY');
    expect(snapshot(src)).toEqual(before); // nothing changed
  });

  it('loose permissions are a production rule: outside production the same files load', async () => {
    const s = layout();
    chmodSync(s.dir, 0o755);
    chmodSync(s.ca.keyFile!, 0o644);
    await expect(loadConfiguredPki(s, { production: false, at: now })).resolves.toMatchObject({ rootCertPem: root.certPem });
  });
});

describe('no development CA in production, ever', () => {
  it.each<[string, (dev: PlatformPki) => PkiSource, string]>([
    ['the development PKI directory as the own CA', (dev) => ({ dir: dev.dir, ca: null }), 'PKI_DIR'],
    ['the development root configured as the center’s CA', (dev) => ({
      dir: dev.dir,
      ca: { certFile: `${dev.dir}/root-ca.crt`, keyFile: `${dev.dir}/root-ca.key`, passphrase: null, chainFile: null },
    }), 'PKI_CA_CERT'],
  ])('%s → refused in production, loads outside it', async (_what, make, key) => {
    const dev = await ensureDevPki(t.path(`dev-${++n}`), { names: NAMES });
    expect(dev.rootInfo.subject).toMatchObject({ OU: 'development', CN: '江城市公共资源交易平台根证书 (开发)' });
    const src = make(dev);
    const got = await refusal(src);
    expect(got).toMatchObject({ reason: 'DEV_CA_IN_PRODUCTION', key });
    expect(got.message).toMatch(/a development CA is not allowed in production/);
    await expect(loadConfiguredPki(src, { production: false, at: now })).resolves.toMatchObject({ rootCertPem: dev.rootCertPem });
  });
});

/** Every file under the PKI_DIR and the CA files: name → mode + content, to show a refusal changed nothing. */
function snapshot(src: PkiSource): Record<string, string> {
  const out: Record<string, string> = {};
  const add = (p: string | null | undefined) => {
    if (p && existsSync(p)) out[p] = `${statSync(p).mode.toString(8)}:${readFileSync(p).toString('base64')}`;
  };
  if (existsSync(src.dir)) {
    out[src.dir] = statSync(src.dir).mode.toString(8);
    for (const f of readdirSync(src.dir)) add(`${src.dir}/${f}`);
  }
  if (src.ca) {
    add(src.ca.certFile);
    add(src.ca.keyFile);
    add(src.ca.chainFile);
    if (src.ca.passphrase?.from === 'file') add(src.ca.passphrase.file);
  }
  return out;
}

describe('initPlatformPki (`ebid pki init`)', () => {
  it('an own CA: root (20 years, RSA-3072, the center’s name) and seal (the platform’s), keys 0600, directory 0700; a second run refuses and changes nothing', async () => {
    const dir = t.path('own/pki');
    const { created, pki } = await initPlatformPki({ src: { dir, ca: null }, names: NAMES, production: true });
    expect(created.map((f) => f.slice(dir.length + 1))).toEqual(['root-ca.key', 'root-ca.crt', 'platform.key', 'platform.crt']);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (const f of ['root-ca.key', 'platform.key']) expect(statSync(`${dir}/${f}`).mode & 0o777).toBe(0o600);
    expect(pki.rootInfo.subject).toEqual({ C: 'CN', O: NAMES.centerName, CN: `${NAMES.centerName} 根证书` });
    expect(pki.platformInfo.subject).toEqual({ C: 'CN', O: NAMES.platformName, CN: `${NAMES.platformName} 平台签章` });
    expect(pki.rootInfo.notAfter.getUTCFullYear() - now.getUTCFullYear()).toBeGreaterThanOrEqual(19);
    expect(new X509Certificate(pki.rootCertPem).publicKey.asymmetricKeyDetails?.modulusLength).toBe(3072);
    expect(pki.rootInfo.subjectDn + pki.platformInfo.subjectDn).not.toMatch(/开发|development/);
    expect(pki.certificates.map((c) => c.role)).toEqual(['root', 'seal']);
    const before = snapshot({ dir, ca: null });
    await expect(initPlatformPki({ src: { dir, ca: null }, names: NAMES, production: true })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      details: { reason: 'PKI_EXISTS', problems: [{ key: 'PKI_DIR', problem: expect.stringMatching(/root-ca\.key already exists/) }] },
    });
    expect(snapshot({ dir, ca: null })).toEqual(before);
    // What it made is what a production start loads.
    await expect(loadConfiguredPki({ dir, ca: null }, { production: true, at: now })).resolves.toMatchObject({ rootCertPem: pki.rootCertPem });
  });

  it('with the center’s CA configured: only the seal, issued by the configured issuing CA; refused when one exists', async () => {
    const src = layout();
    const dir = t.path('center/pki');
    const { created, pki } = await initPlatformPki({ src: { dir, ca: src.ca }, names: NAMES, production: true });
    expect(created.map((f) => f.slice(dir.length + 1))).toEqual(['platform.key', 'platform.crt']);
    expect(readdirSync(dir).sort()).toEqual(['platform.crt', 'platform.key']);
    expect(statSync(`${dir}/platform.key`).mode & 0o777).toBe(0o600);
    expect(pki.platformInfo.issuerDn).toBe(parseCertificate(issuing.certPem).subjectDn);
    expect(pki.rootCertPem).toBe(root.certPem);
    await expect(initPlatformPki({ src: { dir, ca: src.ca }, names: NAMES, production: true })).rejects.toMatchObject({ details: { reason: 'PKI_EXISTS' } });
  });

  it('refuses to issue a seal under a CA that would be refused at start (here: the key does not match), writing nothing', async () => {
    const src = layout();
    writeFileSync(src.ca.keyFile!, (await makeTestCertificate({ subject: { commonName: 'x' } })).keyPem);
    const dir = t.path('center-bad/pki');
    await expect(initPlatformPki({ src: { dir, ca: src.ca }, names: NAMES, production: true })).rejects.toMatchObject({
      details: { reason: 'KEY_CERT_MISMATCH', problems: [{ key: 'PKI_CA_KEY' }] },
    });
    expect(existsSync(dir)).toBe(false);
  });
});

describe('an openssl-made center CA (interoperability)', () => {
  it('root and issuing CA by openssl, the key in an openssl .p12 with the chain: loads, seal issued, user certificates verify with openssl', async () => {
    const d = t.path('openssl-ca');
    mkdirSync(d, { mode: 0o700 });
    const f = (x: string) => `${d}/${x}`;
    mustOpenssl(['req', '-x509', '-utf8', '-nodes', '-newkey', 'rsa:2048', '-keyout', f('root.key'), '-out', f('root.crt'), '-days', '3650', '-subj', '/C=CN/O=江城数字证书认证中心/CN=江城 根CA (openssl)',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
    mustOpenssl(['req', '-new', '-utf8', '-nodes', '-newkey', 'rsa:2048', '-keyout', f('issuing.key'), '-out', f('issuing.csr'), '-subj', '/C=CN/O=江城市公共资源交易中心/CN=江城 业务CA (openssl)']);
    writeFileSync(f('ca.ext'), 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n');
    mustOpenssl(['x509', '-req', '-in', f('issuing.csr'), '-CA', f('root.crt'), '-CAkey', f('root.key'), '-CAcreateserial', '-days', '730', '-sha256', '-extfile', f('ca.ext'), '-out', f('issuing.crt')]);
    mustOpenssl(['pkcs12', '-export', '-inkey', f('issuing.key'), '-in', f('issuing.crt'), '-certfile', f('root.crt'), '-out', f('issuing.p12'), '-passout', `pass:${PASS}`]);
    chmodSync(f('issuing.p12'), 0o600);
    const ca: CaFilesInput = { certFile: f('issuing.p12'), keyFile: null, passphrase: { from: 'env', value: PASS }, chainFile: null };
    const dir = t.path('openssl-ca/pki');
    const { pki } = await initPlatformPki({ src: { dir, ca }, names: NAMES, production: true });
    expect(pki.rootInfo.subject.CN).toBe('江城 根CA (openssl)');
    const keys = generateKeyPairPem();
    const subject = { commonName: '李四', organizationName: '华东建工集团有限公司', countryName: 'CN' };
    const user = pki.issueUserCertificate({ csrPem: createCsrPem(keys, subject), usage: 'signing', expectedSubject: subject, notBefore: new Date(now.getTime() - DAY), notAfter: new Date(now.getTime() + 30 * DAY) });
    expect(mustOpenssl(['verify', '-CAfile', f('root.crt'), '-untrusted', f('issuing.crt'), t.write('ossl-user.pem', user.pem)]).stdout).toContain(': OK');
    const content = Buffer.from('record');
    const sig = t.write('ossl-seal.p7s', pki.signDetached(content));
    expect(openssl(['cms', '-verify', '-binary', '-inform', 'DER', '-in', sig, '-content', t.write('ossl-seal.bin', content), '-CAfile', f('root.crt'), '-purpose', 'any', '-out', '/dev/null']).stderr).toContain('Verification successful');
    const r = verifyCmsDetached(pki.signDetached(content), content, { trustedRootsPem: [pki.rootCertPem], at: new Date() });
    expect(r, JSON.stringify(r)).toMatchObject({ ok: true });
  });
});

describe('platformPkiExpiry', () => {
  const cert = (role: 'root' | 'issuing' | 'seal', days: number) => ({ role, info: { subjectDn: `CN=${role}`, notAfter: new Date(now.getTime() + days * DAY + 3_600_000) } });
  it.each<[string, ReturnType<typeof cert>[], 'ok' | 'expiring', number[]]>([
    ['all far away', [cert('root', 3000), cert('issuing', 400), cert('seal', 31)], 'ok', [3000, 400, 31]],
    ['the seal in 10 days', [cert('root', 3000), cert('issuing', 400), cert('seal', 10)], 'expiring', [3000, 400, 10]],
    ['the issuing CA on the 30th day', [cert('root', 3000), cert('issuing', 29), cert('seal', 400)], 'expiring', [3000, 29, 400]],
    ['an expired seal', [cert('root', 3000), cert('seal', -3)], 'expiring', [3000, -3]],
  ])('%s', (_what, certs, status, days) => {
    const r = platformPkiExpiry(certs, now, 30);
    expect(r.status).toBe(status);
    expect(r.certificates.map((c) => c.daysLeft)).toEqual(days);
    expect(r.certificates.filter((c) => c.expiring).length > 0).toBe(status === 'expiring');
  });

  it('of a loaded PKI, from its certificates', () => {
    const r = platformPkiExpiry([{ role: 'root', info: parseCertificate(root.certPem) }], now, 30);
    expect(r).toMatchObject({ status: 'ok', certificates: [{ role: 'root', subject: parseCertificate(root.certPem).subjectDn }] });
  });
});

it('the development PKI names come from the caller (config.center), the demo center by default', async () => {
  const dev = await ensureDevPki(t.path('dev-default'));
  expect(dev.rootInfo.subject).toMatchObject({ O: DEV_PKI_NAMES.platformName, OU: 'development' });
  expect(dev.platformInfo.subject).toMatchObject({ O: DEV_PKI_NAMES.platformName, CN: `${DEV_PKI_NAMES.platformName} 平台签章` });
});
