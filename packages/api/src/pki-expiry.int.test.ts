/**
 * Issue 15 §2: a platform certificate ending within PKI_EXPIRY_WARNING_DAYS is shown to center staff and
 * platform administrators through system.info — to nobody else — and a user certificate issued by the
 * center's intermediate CA verifies at certificate login. Judged at the platform clock's now.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCsrPem, generateKeyPairPem, loadConfiguredPki, signCmsDetached } from '@ebid/pki';
import { makeTestCenterCa, makeTestSeal, writePem } from '@ebid/pki/test-ca';
import { seedDemo } from '@ebid/services';
import { createTestDatabase, createTestDeps, type TestDatabase } from '@ebid/testing';
import { apiClient, loginAs } from './test-client.ts';

const DAY = 86_400_000;
let tdb: TestDatabase;
let deps: Awaited<ReturnType<typeof createTestDeps>>;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-pki-expiry-'));

beforeAll(async () => {
  const { root, issuing } = await makeTestCenterCa();
  const seal = await makeTestSeal(issuing, { platformName: '示范市公共资源交易平台', centerName: '示范市公共资源交易中心' }, { notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + 10 * DAY + 3_600_000) });
  const dir = path.join(tmp, 'pki');
  fs.mkdirSync(dir, { mode: 0o700 });
  writePem(dir, 'platform.key', seal.keyPem, 0o600);
  writePem(dir, 'platform.crt', seal.certPem);
  const ca = { certFile: writePem(tmp, 'ca.crt', issuing.certPem), keyFile: writePem(tmp, 'ca.key', issuing.keyPem, 0o600), passphrase: null, chainFile: writePem(tmp, 'chain.pem', root.certPem) };
  const platform = await loadConfiguredPki({ dir, ca }, { production: true, at: new Date() });
  tdb = await createTestDatabase();
  // What the server gives verifiers: the platform's chain (deps.ts loadPki).
  deps = await createTestDeps(tdb.database, { clockStart: new Date(), pki: { platform, trustedRootsPem: platform.chainPem } });
  await seedDemo(deps, { certificates: false, projects: false });
}, 120_000);
afterAll(async () => {
  await deps?.close();
  await tdb?.drop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('system.info carries the expiry warnings for staff and platform administrators only', () => {
  it.each([
    ['center staff', 'staff', true],
    ['a platform administrator', 'admin', true],
    ['a bidder', 'bidder1', false],
    ['a supervisor', 'supervisor', false],
  ])('%s', async (_who, username, sees) => {
    const c = await loginAs(deps, username, 'Demo#2026');
    const info = await (await c.call()).system.info();
    if (sees) expect(info.pkiWarnings).toEqual([{ role: 'seal', subject: deps.pki.platform.platformInfo.subjectDn, notAfter: deps.pki.platform.platformInfo.notAfter.toISOString(), daysLeft: 10 }]);
    else expect(info).not.toHaveProperty('pkiWarnings');
  });

  it('a visitor gets none; staff get none once nothing is within the window (the platform clock decides)', async () => {
    expect(await (await apiClient(deps).call()).system.info()).not.toHaveProperty('pkiWarnings');
    const staff = await loginAs(deps, 'staff', 'Demo#2026');
    const save = deps.config.pki.expiryWarningDays;
    try {
      deps.config.pki.expiryWarningDays = 7;
      expect((await (await staff.call()).system.info()).pkiWarnings).toEqual([]);
    } finally {
      deps.config.pki.expiryWarningDays = save;
    }
    deps.clock.set(new Date(Date.now() + 8 * DAY));
    try {
      const later = await loginAs(deps, 'staff', 'Demo#2026'); // the earlier session has ended by then
      expect((await (await later.call()).system.info()).pkiWarnings).toMatchObject([{ role: 'seal', daysLeft: 2 }]);
    } finally {
      deps.clock.set(new Date());
    }
  });
});

it('a bidder’s certificate issued by the intermediate CA: enrolment returns the chain, certificate login verifies it', async () => {
  const c = await loginAs(deps, 'bidder1', 'Demo#2026');
  const subject = { commonName: '陈伟', organizationName: '华东建工集团有限公司' };
  const s = generateKeyPairPem();
  const issued = await (await c.call()).cert.issue({ signingCsrPem: createCsrPem(s, subject), encryptionCsrPem: createCsrPem(generateKeyPairPem(), subject) });
  expect(issued.signing.issuerDn).toBe(deps.pki.platform.issuingInfo.subjectDn);
  expect(issued.caCertPem).toBe(deps.pki.platform.chainPem.join(''));
  const login = apiClient(deps);
  const { challenge } = await (await login.call()).auth.certChallenge();
  const signature = signCmsDetached(Buffer.from(challenge, 'utf8'), { keyPem: s.privateKeyPem, certPem: issued.signing.pem }).toString('base64');
  const session = await (await login.call()).auth.certLogin({ challenge, signature });
  expect(session.actor).toMatchObject({ username: 'bidder1', certSerial: issued.signing.serialHex });
});
