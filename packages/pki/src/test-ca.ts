/**
 * Test support (`@ebid/pki/test-ca`, never imported by production code): certificate authorities as a
 * center's CA would give them — a "center root" and the platform's issuing CA under it — and seal
 * certificates with any validity, to exercise the production loader (ca-config.ts) and the server's
 * start checks.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dnToAsn1 } from './x509.ts';
import { CA_USAGE, type PkiNames, authority, issueCertificate, newKeyPem, sealSubject, spkiOf } from './node-ca.ts';
import { nodeCertsFromPem } from './node-verify.ts';
import { type CertInfo, type DnInput, type KeyUsageName, PLATFORM_SEAL_POLICY_OID } from './types.ts';

export interface TestCert {
  keyPem: string;
  certPem: string;
  info: CertInfo;
}

const DAY = 86_400_000;

/** A certificate (self-signed without `issuer`); a CA by default, RSA-2048, valid from a day ago for a year. */
export async function makeTestCertificate(p: {
  subject: DnInput;
  issuer?: TestCert;
  ca?: boolean;
  usage?: KeyUsageName[];
  notBefore?: Date;
  notAfter?: Date;
  policies?: string[];
  bits?: number;
}): Promise<TestCert> {
  const { pem: keyPem, key } = await newKeyPem(p.bits ?? 2048);
  const ca = p.ca ?? true;
  const now = Date.now();
  const certPem = issueCertificate({
    issuer: p.issuer ? authority(p.issuer.keyPem, p.issuer.certPem) : undefined,
    selfKey: key,
    subject: dnToAsn1(p.subject),
    spki: spkiOf(key),
    notBefore: p.notBefore ?? new Date(now - DAY),
    notAfter: p.notAfter ?? new Date(now + 365 * DAY),
    usage: p.usage ?? (ca ? CA_USAGE : ['digitalSignature', 'nonRepudiation']),
    ca,
    ...(p.policies ? { policies: p.policies } : {}),
  });
  return { keyPem, certPem, info: nodeCertsFromPem(certPem)[0]!.info };
}

/** A seal certificate (the platform seal policy) issued by `issuer`, with the given validity. */
export function makeTestSeal(issuer: TestCert, names: PkiNames, validity: { notBefore?: Date; notAfter?: Date } = {}): Promise<TestCert> {
  return makeTestCertificate({ subject: sealSubject(names), issuer, ca: false, policies: [PLATFORM_SEAL_POLICY_OID], ...validity });
}

export const TEST_CENTER_ROOT_SUBJECT: DnInput = { countryName: 'CN', organizationName: '江城数字证书认证中心', commonName: '江城数字证书认证中心 根CA' };

/** A center root (10 years) and the platform's issuing CA under it (2 years, or `issuingValidity`). */
export async function makeTestCenterCa(opts: { issuingSubject?: DnInput; issuingValidity?: { notBefore?: Date; notAfter?: Date } } = {}): Promise<{ root: TestCert; issuing: TestCert }> {
  const now = Date.now();
  const root = await makeTestCertificate({ subject: TEST_CENTER_ROOT_SUBJECT, notBefore: new Date(now - 30 * DAY), notAfter: new Date(now + 3650 * DAY) });
  const issuing = await makeTestCertificate({
    subject: opts.issuingSubject ?? { countryName: 'CN', organizationName: '江城市公共资源交易中心', commonName: '江城市公共资源交易平台 业务CA' },
    issuer: root,
    notBefore: new Date(now - 7 * DAY),
    notAfter: new Date(now + 730 * DAY),
    ...opts.issuingValidity,
  });
  return { root, issuing };
}

/** Write a PEM file with a mode (0600 for keys). */
export function writePem(dir: string, name: string, data: string, mode = 0o644): string {
  const path = join(dir, name);
  writeFileSync(path, data, { mode });
  return path;
}
