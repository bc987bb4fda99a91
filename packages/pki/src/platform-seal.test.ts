/**
 * Issue 14 §3: the platform seal has its own identity (PLATFORM_SEAL_POLICY_OID), no user certificate
 * carries it, platform signatures are verified against it (not against a name) at their own time, and a
 * data directory with a seal certificate from before is migrated.
 */
import { createPublicKey, sign as cryptoSign } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { der, oid, oidContent, oidFromContent, parse, pemEncode, readOid, seq, setOf } from './asn1.ts';
import {
  type DnInput,
  type PlatformPki,
  PLATFORM_SEAL_POLICY_OID,
  createCsrPem,
  ensureDevPki,
  generateKeyPairPem,
  loadPlatformPki,
  parseCertificate,
  signCmsDetached,
  verifyPlatformSeal,
} from './index.ts';
import { type Tmp, mustOpenssl, tmp } from './test-helpers.ts';
import { buildCsrInfo, certificatePoliciesExt, dnToAsn1, signedEnvelope } from './x509.ts';

const DAY = 86_400_000;
const LIKE_PLATFORM: DnInput = { commonName: '示范市公共资源交易平台 平台签章', organizationName: '示范市公共资源交易平台', countryName: 'CN' };

let t: Tmp;
let pki: PlatformPki;

function userCert(subject: DnInput, csrPem?: string) {
  const keys = generateKeyPairPem();
  const now = Date.now();
  const { pem, info } = pki.issueUserCertificate({
    csrPem: csrPem ?? createCsrPem(keys, subject),
    usage: 'signing',
    expectedSubject: subject,
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + 365 * DAY),
  });
  return { keyPem: keys.privateKeyPem, certPem: pem, info, keys };
}

/** A CSR that asks (extensionRequest) for the platform seal policy. */
function csrAskingForTheSeal(subject: DnInput): { csrPem: string; keyPem: string } {
  const keys = generateKeyPairPem();
  const spki = parse(createPublicKey(keys.publicKeyPem).export({ type: 'spki', format: 'der' }).toString('latin1'));
  const info = buildCsrInfo(dnToAsn1(subject), spki);
  const extReq = seq([oid('1.2.840.113549.1.9.14'), setOf([seq([certificatePoliciesExt([PLATFORM_SEAL_POLICY_OID])])])]);
  (info.value as unknown[])[3] = { ...(info.value as { value: unknown[] }[])[3], value: [extReq] };
  const infoDer = der(info);
  const sig = cryptoSign('sha256', Buffer.from(infoDer, 'latin1'), keys.privateKeyPem).toString('latin1');
  return { csrPem: pemEncode('CERTIFICATE REQUEST', der(signedEnvelope(info, sig))), keyPem: keys.privateKeyPem };
}

beforeAll(async () => {
  t = tmp();
  pki = await ensureDevPki(t.path('dev'));
});
afterAll(() => t?.cleanup());

describe('the platform seal identity', () => {
  it.each([
    ['2.25 UUID arcs', PLATFORM_SEAL_POLICY_OID],
    ['a short OID', '1.2.840.113549.1.9.14'],
    ['a 2.x OID with a large second arc', '2.999.3'],
  ])('OIDs round-trip with BigInt arcs (%s)', (_what, o) => {
    expect(oidFromContent(oidContent(o))).toBe(o);
    expect(readOid(oid(o))).toBe(o);
  });

  it('the seal certificate carries the policy, openssl still accepts a seal signature', () => {
    expect(pki.platformInfo.policies).toEqual([PLATFORM_SEAL_POLICY_OID]);
    expect(pki.rootInfo.policies).toEqual([]);
    const content = Buffer.from('{"type":"ebid-bid-receipt"}');
    const root = t.write('root.pem', pki.rootCertPem);
    const p7 = t.write('seal.p7s', pki.signDetached(content));
    const data = t.write('seal.json', content);
    expect(mustOpenssl(['cms', '-verify', '-binary', '-inform', 'DER', '-in', p7, '-content', data, '-CAfile', root, '-out', '/dev/null']).stderr).toContain('Verification successful');
  });

  it.each([
    ['an ordinary user', { commonName: '张三', organizationName: '示范建设工程有限公司', countryName: 'CN' }],
    ['a user of an organization named like the platform', LIKE_PLATFORM],
  ])('a user certificate never carries it: %s', (_what, subject) => {
    expect(userCert(subject).info.policies).toEqual([]);
  });

  it('a CSR asking for the seal policy (extensionRequest) gets a certificate without it', () => {
    const { csrPem } = csrAskingForTheSeal(LIKE_PLATFORM);
    const c = userCert(LIKE_PLATFORM, csrPem);
    expect(c.info.policies).toEqual([]);
    expect(parseCertificate(c.certPem).policies).toEqual([]);
  });

  it.each<[string, () => { cms: Buffer; content: Buffer; at?: Date }, string | true]>([
    ['the platform seal', () => ({ cms: pki.signDetached(Buffer.from('x')), content: Buffer.from('x') }), true],
    [
      'a user of an organization named like the platform',
      () => {
        const u = userCert(LIKE_PLATFORM);
        return { cms: signCmsDetached(Buffer.from('x'), { keyPem: u.keyPem, certPem: u.certPem }), content: Buffer.from('x') };
      },
      'NOT_PLATFORM_SEAL',
    ],
    [
      'a bidder',
      () => {
        const u = userCert({ commonName: '李四', organizationName: '华东建工集团有限公司', countryName: 'CN' });
        return { cms: signCmsDetached(Buffer.from('x'), { keyPem: u.keyPem, certPem: u.certPem }), content: Buffer.from('x') };
      },
      'NOT_PLATFORM_SEAL',
    ],
    ['the seal over other bytes', () => ({ cms: pki.signDetached(Buffer.from('x')), content: Buffer.from('y') }), 'SIGNATURE_INVALID'],
    ['the seal, at a time before its certificate', () => ({ cms: pki.signDetached(Buffer.from('x')), content: Buffer.from('x'), at: new Date(pki.platformInfo.notBefore.getTime() - DAY) }), 'CERT_NOT_YET_VALID'],
  ])('verifyPlatformSeal: %s', (_what, make, expected) => {
    const { cms, content, at } = make();
    const r = verifyPlatformSeal(cms, content, { ...pki.sealTrust, ...(at ? { at } : {}) });
    if (expected === true) expect(r, JSON.stringify(r)).toMatchObject({ ok: true, signer: { fingerprintSha256: pki.platformInfo.fingerprintSha256 } });
    else expect(r).toEqual({ ok: false, reason: expected });
  });

  it('a seal from another PKI with the same names is untrusted (the root is pinned, not the name)', async () => {
    const other = await ensureDevPki(t.path('other'));
    expect(verifyPlatformSeal(other.signDetached(Buffer.from('x')), Buffer.from('x'), pki.sealTrust)).toEqual({ ok: false, reason: 'CERT_UNTRUSTED' });
  });

  it('what the seal signed stays verifiable at its own time after the seal certificate expired', async () => {
    const old = await ensureDevPki(t.path('expired'), { now: new Date('2015-01-01T00:00:00Z') });
    expect(old.platformInfo.notAfter.getTime()).toBeLessThan(Date.now());
    const content = Buffer.from('{"receivedAt":"2017-06-01T08:00:00.000Z"}');
    const cms = old.signDetached(content);
    expect(verifyPlatformSeal(cms, content, { ...old.sealTrust, at: new Date('2017-06-01T08:00:00Z') })).toMatchObject({ ok: true });
    // Judged today (the CMS signingTime is today here), it is expired.
    expect(verifyPlatformSeal(cms, content, old.sealTrust)).toEqual({ ok: false, reason: 'CERT_EXPIRED' });
  });
});

describe('a data directory with a seal certificate from before issue 14', () => {
  it('ensureDevPki archives it and issues one with the seal identity; what it signed stays verifiable, pinned', async () => {
    const dir = t.path('legacy');
    mkdirSync(dir, { recursive: true });
    const base = await ensureDevPki(t.path('legacy-base'));
    for (const f of ['root-ca.key', 'root-ca.crt']) copyFileSync(`${base.dir}/${f}`, `${dir}/${f}`);
    // The seal certificate as it was made before: same names, keyUsage, no policy (openssl, from the root).
    mustOpenssl(['req', '-new', '-utf8', '-nodes', '-newkey', 'rsa:2048', '-keyout', `${dir}/platform.key`, '-out', t.path('old.csr'), '-subj', '/C=CN/O=示范市公共资源交易平台/CN=示范市公共资源交易平台 平台签章']);
    writeFileSync(t.path('old.ext'), 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n');
    mustOpenssl(['x509', '-req', '-in', t.path('old.csr'), '-CA', `${dir}/root-ca.crt`, '-CAkey', `${dir}/root-ca.key`, '-CAcreateserial', '-days', '365', '-sha256', '-extfile', t.path('old.ext'), '-out', `${dir}/platform.crt`]);
    const oldPem = t.read('legacy/platform.crt').toString('utf8');
    const oldInfo = parseCertificate(oldPem);
    const oldReceipt = Buffer.from('{"type":"ebid-bid-receipt","v":1}');
    const oldCms = signCmsDetached(oldReceipt, { keyPem: t.read('legacy/platform.key').toString('utf8'), certPem: oldPem, chainPem: [base.rootCertPem] });

    await expect(loadPlatformPki(dir)).rejects.toMatchObject({ code: 'CONFIG_INVALID', details: { reason: 'SEAL_IDENTITY_MISSING' } });
    const migrated = await ensureDevPki(dir);
    expect(migrated.platformInfo.policies).toEqual([PLATFORM_SEAL_POLICY_OID]);
    expect(migrated.platformInfo.fingerprintSha256).not.toBe(oldInfo.fingerprintSha256);
    expect(migrated.rootCertPem).toBe(base.rootCertPem);
    expect(readdirSync(dir).filter((f) => f.startsWith('platform-legacy-')).sort()).toEqual([`platform-legacy-${oldInfo.serialHex}.crt`, `platform-legacy-${oldInfo.serialHex}.key`]);
    expect(migrated.sealTrust).toEqual({ trustedRootsPem: [base.rootCertPem], legacySealFingerprints: [oldInfo.fingerprintSha256] });
    // The old seal's signature: accepted pinned, refused without the pin; the new seal signs as usual.
    expect(verifyPlatformSeal(oldCms, oldReceipt, migrated.sealTrust)).toMatchObject({ ok: true, signer: { fingerprintSha256: oldInfo.fingerprintSha256 } });
    expect(verifyPlatformSeal(oldCms, oldReceipt, { trustedRootsPem: [base.rootCertPem] })).toEqual({ ok: false, reason: 'NOT_PLATFORM_SEAL' });
    expect(verifyPlatformSeal(migrated.signDetached(oldReceipt), oldReceipt, migrated.sealTrust)).toMatchObject({ ok: true });
    // Loading again keeps the same (no second migration).
    const again = await loadPlatformPki(dir);
    expect(again.platformCertPem).toBe(migrated.platformCertPem);
    expect(existsSync(`${dir}/platform.key`)).toBe(true);
  });
});
