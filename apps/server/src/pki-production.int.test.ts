/**
 * Issue 15 §2, the center's PKI, through the real server process in production: the center's CA by
 * configuration (the platform's issuing CA under a center root, an encrypted key, the passphrase from the
 * environment, the chain) starts; a user certificate it issues verifies at certificate login; GET
 * /pki/root.pem is the configured root and /pki/chain.pem the chain; a platform signature verifies with
 * `openssl cms -verify -CAfile root.pem`; a seal that ends in 10 days shows on /healthz and in the start
 * log. A mismatched key, an expired CA, a PKI_DIR open to others, a wrong passphrase and a development CA
 * are refused with exit code 78, naming the key and never the passphrase.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organizations, users } from '@ebid/db';
import { creditCodeCheckChar } from '@ebid/domain';
import { createCsrPem, ensureDevPki, generateKeyPairPem, parseCertificate, signCmsDetached } from '@ebid/pki';
import { type TestCert, makeTestCenterCa, makeTestCertificate, makeTestSeal, writePem } from '@ebid/pki/test-ca';
import { hashPassword } from '@ebid/services';
import {
  PRODUCTION_CENTER_ENV,
  createTestClient,
  createTestDatabase,
  runServerExpectingFailure,
  startNtpResponder,
  startServerProcess,
  testEnv,
  type NtpResponder,
  type TestDatabase,
} from '@ebid/testing';

const DAY = 86_400_000;
const PASS = 'CenterCaPassphraseNeverLogged';
const PASSWORD = 'Bidder#Prod2026';
const NAMES = { platformName: PRODUCTION_CENTER_ENV.PLATFORM_NAME, centerName: PRODUCTION_CENTER_ENV.CENTER_NAME };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-pki-prod-'));

let tdb: TestDatabase;
let root: TestCert;
let issuing: TestCert;

/** A PKI_DIR (0700) with the seal and the draw secret, and the center CA's files beside it. */
function layout(name: string, opts: { seal?: TestCert; issuingCert?: TestCert; keyPem?: string; passphrase?: string } = {}) {
  const base = path.join(tmp, name);
  const pkiDir = path.join(base, 'pki');
  fs.mkdirSync(pkiDir, { recursive: true, mode: 0o700 });
  const seal = opts.seal;
  if (seal) {
    writePem(pkiDir, 'platform.key', seal.keyPem, 0o600);
    writePem(pkiDir, 'platform.crt', seal.certPem);
  }
  writePem(pkiDir, 'draw-secret', `${crypto.randomBytes(32).toString('hex')}\n`, 0o600);
  const i = opts.issuingCert ?? issuing;
  const key = crypto.createPrivateKey(opts.keyPem ?? i.keyPem).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASS }) as string;
  return {
    pkiDir,
    env: {
      PKI_DIR: pkiDir,
      PKI_CA_CERT: writePem(base, 'platform-ca.crt', i.certPem),
      PKI_CA_KEY: writePem(base, 'platform-ca.key', key, 0o600),
      PKI_CA_PASSPHRASE: opts.passphrase ?? PASS,
      PKI_CA_CHAIN: writePem(base, 'center-root.pem', root.certPem),
    },
  };
}

function productionEnv(extra: Record<string, string>): Record<string, string> {
  const { s3 } = testEnv();
  return {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    DATABASE_URL: tdb.url,
    S3_ENDPOINT: s3.endPoint,
    S3_ACCESS_KEY: s3.accessKey,
    S3_SECRET_KEY: s3.secretKey,
    S3_BUCKET: `pki-${Date.now()}-${crypto.randomBytes(2).toString('hex')}`,
    LOG_LEVEL: 'info',
    NTP_SERVERS: ntp.server, // T3: required in production (a loopback responder on the machine's time)
    ...PRODUCTION_CENTER_ENV,
    ...extra,
  };
}

let ntp: NtpResponder;
beforeAll(async () => {
  ntp = await startNtpResponder({ now: () => new Date() });
  tdb = await createTestDatabase();
  ({ root, issuing } = await makeTestCenterCa());
}, 60_000);
afterAll(async () => {
  await ntp?.close();
  await tdb?.drop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('production with the center’s CA (an issuing CA under the center root)', () => {
  it('starts; certificates it issues verify at login; root.pem, chain.pem, openssl; the seal ending in 10 days is on /healthz and logged', async () => {
    const seal = await makeTestSeal(issuing, NAMES, { notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + 10 * DAY + 3_600_000) });
    const { env } = layout('ok', { seal });
    const server = await startServerProcess({ env: productionEnv(env) });
    try {
      // GET /pki/root.pem serves the configured root; /pki/chain.pem the issuing CA up to it.
      const rootPem = await (await fetch(`${server.url}/pki/root.pem`)).text();
      expect(rootPem).toBe(root.certPem);
      const chainPem = await (await fetch(`${server.url}/pki/chain.pem`)).text();
      expect(chainPem).toBe(issuing.certPem + root.certPem);

      // /healthz: still 'ok', the PKI 'expiring' because of the seal.
      const health = (await (await fetch(`${server.url}/healthz`)).json()) as { status: string; pki: { status: string; certificates: { role: string; daysLeft: number; subject: string }[] } };
      expect(health.status).toBe('ok');
      expect(health.pki.status).toBe('expiring');
      expect(health.pki.certificates.map((c) => c.role)).toEqual(['root', 'issuing', 'seal']);
      expect(health.pki.certificates.find((c) => c.role === 'seal')).toMatchObject({ daysLeft: 10, expiring: true, subject: seal.info.subjectDn });
      expect(health.pki.certificates.find((c) => c.role === 'issuing')).toMatchObject({ expiring: false });

      // A bidder enrolls with its password session; the certificate comes from the issuing CA.
      const creditCode = `91420100MA0000001${creditCodeCheckChar('91420100MA0000001')}`;
      const [org] = await tdb.database.db.insert(organizations).values({ creditCode, name: '江城建工集团有限公司', kind: 'bidder', status: 'active', regionCode: '420100' }).returning({ id: organizations.id });
      await tdb.database.db.insert(users).values({ orgId: org!.id, username: 'jc-bidder', displayName: '王五', role: 'bidder', passwordHash: await hashPassword(PASSWORD), email: 'jc-bidder@example.com', isOrgAdmin: true });
      const pw = createTestClient(server.url);
      await pw.trpc.auth.login.mutate({ username: 'jc-bidder', password: PASSWORD });
      const subject = { commonName: '王五', organizationName: '江城建工集团有限公司', serialNumber: creditCode, countryName: 'CN' };
      const s = generateKeyPairPem();
      const e = generateKeyPairPem();
      const issued = await pw.trpc.cert.issue.mutate({ signingCsrPem: createCsrPem(s, subject), encryptionCsrPem: createCsrPem(e, subject) });
      expect(parseCertificate(issued.signing.pem).issuerDn).toBe(issuing.info.subjectDn);
      expect(issued.caCertPem).toBe(issuing.certPem + root.certPem); // what the .p12 backup carries

      // Certificate login with a signature that carries the leaf only: the server has the chain.
      const certClient = createTestClient(server.url);
      const { challenge } = await certClient.trpc.auth.certChallenge.mutate();
      const signature = signCmsDetached(Buffer.from(challenge, 'utf8'), { keyPem: s.privateKeyPem, certPem: issued.signing.pem }).toString('base64');
      const session = await certClient.trpc.auth.certLogin.mutate({ challenge, signature });
      expect(session.actor).toMatchObject({ username: 'jc-bidder', certSerial: issued.signing.serialHex });

      // Anyone verifies it with the published root and chain.
      const f = (n: string, data: string | Buffer) => {
        const file = path.join(tmp, n);
        fs.writeFileSync(file, data);
        return file;
      };
      const rootFile = f('root.pem', rootPem);
      expect(execFileSync('openssl', ['verify', '-CAfile', rootFile, '-untrusted', f('chain.pem', chainPem), f('user.pem', issued.signing.pem)], { encoding: 'utf8' })).toContain(': OK');

      // A platform signature (the audit root published at start) verifies with the root alone.
      let roots: { roots: { id: number }[] } = { roots: [] };
      for (let i = 0; i < 100 && roots.roots.length === 0; i++) {
        roots = (await (await fetch(`${server.url}/portal/audit/roots`)).json()) as typeof roots;
        if (roots.roots.length === 0) await new Promise((r) => setTimeout(r, 200));
      }
      const id = roots.roots[0]!.id;
      const json = f('audit-root.json', Buffer.from(await (await fetch(`${server.url}/portal/audit/roots/${id}/root.json`)).arrayBuffer()));
      const p7s = f('audit-root.p7s', Buffer.from(await (await fetch(`${server.url}/portal/audit/roots/${id}/root.p7s`)).arrayBuffer()));
      const cms = spawnSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', p7s, '-content', json, '-CAfile', rootFile, '-purpose', 'any', '-out', '/dev/null'], { encoding: 'utf8' });
      expect({ status: cms.status, stderr: cms.stderr.trim() }).toEqual({ status: 0, stderr: 'CMS Verification successful' });
    } finally {
      expect(await server.stop('SIGTERM')).toBe(0);
    }
    // The start log warns about the seal; the passphrase appears nowhere.
    const warning = server.logs().find((l) => l.msg?.toString().startsWith('a platform certificate expires soon'));
    expect(warning).toMatchObject({ level: 40, pki: [{ role: 'seal', daysLeft: 10 }] });
    expect(server.output()).not.toContain(PASS);
  }, 120_000);
});

describe('refusals: exit code 78, the key named, nothing secret printed', () => {
  let otherKey: TestCert;
  let expiredIssuing: TestCert;
  beforeAll(async () => {
    otherKey = await makeTestCertificate({ subject: { commonName: '另一把钥匙' } });
    expiredIssuing = await makeTestCertificate({ subject: { commonName: '过期的业务CA', countryName: 'CN' }, issuer: root, notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2026-01-01T00:00:00Z') });
  }, 60_000);

  it.each<[string, () => Promise<Record<string, string>>, string, RegExp]>([
    ['a CA key that does not match the certificate', async () => layout('mismatch', { seal: await makeTestSeal(issuing, NAMES), keyPem: otherKey.keyPem }).env, 'PKI_CA_KEY', /the key does not match the certificate/],
    ['an expired issuing CA', async () => layout('expired', { seal: await makeTestSeal(expiredIssuing, NAMES, { notBefore: new Date('2021-01-01T00:00:00Z'), notAfter: new Date('2025-12-01T00:00:00Z') }), issuingCert: expiredIssuing }).env, 'PKI_CA_CERT', /expired on 2026-01-01/],
    ['a PKI_DIR open to group and others', async () => {
      const l = layout('loose', { seal: await makeTestSeal(issuing, NAMES) });
      fs.chmodSync(l.pkiDir, 0o755);
      return l.env;
    }, 'PKI_DIR', /accessible by group or others.*chmod 700/],
    ['a wrong passphrase', async () => layout('passphrase', { seal: await makeTestSeal(issuing, NAMES), passphrase: 'WrongPassphraseNeverPrinted' }).env, 'PKI_CA_PASSPHRASE', /wrong passphrase/],
    ['the development CA', async () => {
      const dir = path.join(tmp, 'dev', 'pki');
      await ensureDevPki(dir, { names: NAMES });
      fs.writeFileSync(path.join(dir, 'draw-secret'), `${crypto.randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
      return { PKI_DIR: dir };
    }, 'PKI_DIR', /a development CA is not allowed in production/],
  ])('%s', async (_what, make, key, problem) => {
    const env = await make();
    const { code, output } = await runServerExpectingFailure(productionEnv(env));
    expect(code, output).toBe(78);
    expect(output).toContain(key);
    expect(output).toMatch(problem);
    for (const secret of [PASS, 'WrongPassphraseNeverPrinted', 'PRIVATE KEY']) expect(output).not.toContain(secret);
  });
});
