/**
 * The check a .p12 passes at import (issue 16 §3): real certificates made the way packages/pki issues
 * user certificates (signing: digitalSignature + nonRepudiation; encryption: keyEncipherment +
 * dataEncipherment; CN = the person, O = the company), judged against the server's clock and the
 * server's record of the caller's certificates — and readP12 refusing a real swapped .p12.
 */
import { webcrypto } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@ebid/domain';
import * as pki from '@ebid/pki/browser';
import { makeTestCertificate, type TestCert } from '@ebid/pki/test-ca';
import { checkImportedCert, usageOfCert, type CertUsage, type ImportContext } from './certs.ts';
import { readP12 } from './pki.ts';

const DAY = 86_400_000;
const NOW = Date.now();
const ME = { displayName: '张三', orgName: '示范建设有限公司' };
const SIGNING = ['digitalSignature', 'nonRepudiation'] as const;
const ENCRYPTION = ['keyEncipherment', 'dataEncipherment'] as const;

let ca: TestCert;
const certs: Record<string, TestCert> = {};

function issue(usage: CertUsage, over: { cn?: string; o?: string; from?: number; to?: number } = {}) {
  return makeTestCertificate({
    subject: { commonName: over.cn ?? ME.displayName, organizationName: over.o ?? ME.orgName, countryName: 'CN' },
    issuer: ca,
    ca: false,
    usage: [...(usage === 'signing' ? SIGNING : ENCRYPTION)],
    notBefore: new Date(over.from ?? NOW - DAY),
    notAfter: new Date(over.to ?? NOW + 365 * DAY),
  });
}

beforeAll(async () => {
  ca = await makeTestCertificate({ subject: { commonName: '测试根CA', organizationName: '测试', countryName: 'CN' } });
  certs.sign = await issue('signing');
  certs.enc = await issue('encryption');
  certs.otherUser = await issue('signing', { cn: '李四' });
  certs.otherOrg = await issue('signing', { o: '别的公司' });
  certs.expired = await issue('signing', { from: NOW - 400 * DAY, to: NOW - DAY });
  certs.future = await issue('signing', { from: NOW + DAY, to: NOW + 400 * DAY });
  certs.revoked = await issue('signing');
  certs.superseded = await issue('signing');
  certs.stranger = await issue('signing');
}, 60_000);

const info = (name: string) => pki.parseCertificate(certs[name]!.certPem);
const own = (): ImportContext['own'] => [
  { serialHex: info('sign').serialHex, usage: 'signing', status: 'active' },
  { serialHex: info('enc').serialHex, usage: 'encryption', status: 'active' },
  { serialHex: info('otherUser').serialHex, usage: 'signing', status: 'active' },
  { serialHex: info('otherOrg').serialHex, usage: 'signing', status: 'active' },
  { serialHex: info('expired').serialHex, usage: 'signing', status: 'active' },
  { serialHex: info('future').serialHex, usage: 'signing', status: 'active' },
  { serialHex: info('revoked').serialHex, usage: 'signing', status: 'revoked' },
  { serialHex: info('superseded').serialHex, usage: 'signing', status: 'superseded' },
];

describe('checkImportedCert (issue 16 §3)', () => {
  it.each([
    { name: 'sign', slot: 'signing', reason: null },
    { name: 'enc', slot: 'encryption', reason: null },
    { name: 'enc', slot: 'signing', reason: 'CERT_WRONG_USAGE', zh: '您在“签名证书”处选择的文件（enc.p12）是加密证书，请在“签名证书”处选择签名证书文件' },
    { name: 'sign', slot: 'encryption', reason: 'CERT_WRONG_USAGE', zh: '您在“加密证书”处选择的文件（enc.p12）是签名证书' },
    { name: 'otherUser', slot: 'signing', reason: 'CERT_OTHER_USER', zh: '属于“李四”' },
    { name: 'otherOrg', slot: 'signing', reason: 'CERT_OTHER_ORG', zh: '单位“别的公司”' },
    { name: 'stranger', slot: 'signing', reason: 'CERT_NOT_YOURS', zh: '不是平台为您签发的签名证书' },
    { name: 'revoked', slot: 'signing', reason: 'CERT_REVOKED', zh: '已被吊销' },
    { name: 'superseded', slot: 'signing', reason: 'CERT_SUPERSEDED', zh: '已被新证书替代' },
    { name: 'expired', slot: 'signing', reason: 'CERT_EXPIRED', zh: '已过期' },
    { name: 'future', slot: 'signing', reason: 'CERT_NOT_YET_VALID', zh: '尚未生效' },
  ] as const)('$name in the $slot slot → $reason', (c) => {
    const r = checkImportedCert(info(c.name), c.slot, { actor: ME, own: own(), nowMs: NOW, fileName: 'enc.p12' });
    expect(r?.reason ?? null).toBe(c.reason);
    if ('zh' in c) expect(r?.zh).toContain(c.zh);
    if (r) expect(r.en.length).toBeGreaterThan(10);
  });

  it('judges validity by the server clock given, not the browser clock: both sides of notAfter', () => {
    const c = info('sign');
    expect(checkImportedCert(c, 'signing', { nowMs: c.notAfter.getTime() })).toBeNull();
    expect(checkImportedCert(c, 'signing', { nowMs: c.notAfter.getTime() + 1 })?.reason).toBe('CERT_EXPIRED');
    expect(checkImportedCert(c, 'signing', { nowMs: c.notBefore.getTime() })).toBeNull();
    expect(checkImportedCert(c, 'signing', { nowMs: c.notBefore.getTime() - 1 })?.reason).toBe('CERT_NOT_YET_VALID');
    // an expired certificate passes only when no server time is known yet (nothing is judged on the browser's clock)
    expect(checkImportedCert(info('expired'), 'signing', {})).toBeNull();
  });

  it.each([
    [['digitalSignature', 'nonRepudiation'], 'signing'],
    [['digitalSignature'], 'signing'],
    [['keyEncipherment', 'dataEncipherment'], 'encryption'],
    [['keyCertSign', 'cRLSign', 'digitalSignature'], undefined],
    [['digitalSignature', 'keyEncipherment'], undefined],
    [[], undefined],
  ] as const)('usageOfCert(%j) → %s', (ku, want) => {
    expect(usageOfCert(ku)).toBe(want);
  });
});

describe('readP12 refuses at import', () => {
  async function p12Of(t: TestCert, name: string): Promise<File> {
    const der = Buffer.from(t.keyPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    const key = await webcrypto.subtle.importKey('pkcs8', der, { name: 'RSA-PSS', hash: 'SHA-256' }, true, ['sign']);
    const bytes = await pki.exportP12({ privateKey: key as CryptoKey, certPem: t.certPem, passphrase: 'secret-pass' });
    return new File([new Uint8Array(bytes)], name);
  }

  it('an encryption .p12 chosen as the signing file: CERT_INVALID / CERT_WRONG_USAGE naming the file', async () => {
    const file = await p12Of(certs.enc!, 'zhangsan-enc.p12');
    const err = await readP12(file, 'secret-pass', 'signing', pki, { actor: ME, own: own(), nowMs: NOW }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('CERT_INVALID');
    expect((err as AppError).details).toMatchObject({ reason: 'CERT_WRONG_USAGE', usage: 'signing', field: 'p12' });
    expect((err as AppError).messageZh).toContain('（zhangsan-enc.p12）是加密证书');
  });

  it('a revoked .p12: CERT_REVOKED; the right one imports', async () => {
    const revoked = await readP12(await p12Of(certs.revoked!, 'old-sign.p12'), 'secret-pass', 'signing', pki, { actor: ME, own: own(), nowMs: NOW }).catch((e: unknown) => e);
    expect((revoked as AppError).code).toBe('CERT_REVOKED');
    const ok = await readP12(await p12Of(certs.sign!, 'zhangsan-sign.p12'), 'secret-pass', 'signing', pki, { actor: ME, own: own(), nowMs: NOW });
    expect(pki.parseCertificate(ok.certPem).serialHex).toBe(info('sign').serialHex);
  });
});
