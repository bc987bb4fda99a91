/**
 * Issue 14 §3: checkpoints and roots are verified as the platform's seal — signed by the certificate with
 * the platform seal policy, chained to the platform's own root — and at their own time.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@ebid/db';
import { type DnInput, type PlatformPki, createCsrPem, ensureDevPki, generateKeyPairPem, signCmsDetached, verifyCmsDetached, verifyPlatformSeal } from '@ebid/pki';
import { createTestDatabase, createTestFsStore, type TestDatabase } from '@ebid/testing';
import { writeCheckpoint } from './checkpoint.ts';
import { appendMany } from './helpers.int.ts';
import { parsePublishedRoot } from './root.ts';
import { platformSealVerifiers } from './seal.ts';
import { projectChain } from './types.ts';
import { verifyAudit } from './verify.ts';

const pkiDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-audit-seal-'));
let tdb: TestDatabase;
let db: Db;
let store: Awaited<ReturnType<typeof createTestFsStore>>;
let pki: PlatformPki;
// The seal certificate is valid 2014-12-31 … 2019-12-31: expired today. Checkpoints are taken in 2017.
let tick = Date.UTC(2017, 5, 1, 8, 0, 0);
const clock = { now: () => new Date((tick += 1000)) };

function userSigner(subject: DnInput) {
  const keys = generateKeyPairPem();
  const { pem } = pki.issueUserCertificate({
    csrPem: createCsrPem(keys, subject),
    usage: 'signing',
    expectedSubject: subject,
    notBefore: new Date(Date.UTC(2016, 0, 1)),
    notAfter: new Date(Date.UTC(2030, 0, 1)),
  });
  return (content: Buffer) => signCmsDetached(content, { keyPem: keys.privateKeyPem, certPem: pem, chainPem: [pki.rootCertPem] }, { signingTime: clock.now() });
}

const sealVerifiers = () => platformSealVerifiers((sig, content, at) => verifyPlatformSeal(sig, content, { ...pki.sealTrust, ...(at ? { at } : {}) }));

beforeAll(async () => {
  tdb = await createTestDatabase();
  db = tdb.database.db;
  store = await createTestFsStore();
  pki = await ensureDevPki(pkiDir, { now: new Date('2015-01-01T00:00:00Z') });
  await appendMany(db, projectChain(1), 3);
});
afterAll(async () => {
  await store?.close();
  await tdb?.drop();
  fs.rmSync(pkiDir, { recursive: true, force: true });
});

describe('checkpoints verified as the platform seal', () => {
  it('a checkpoint the seal signed in 2017 verifies today, after the seal certificate expired', async () => {
    const ev = await writeCheckpoint({ db, storage: store, clock }, (c) => pki.signDetached(c));
    expect(pki.platformInfo.notAfter.getTime()).toBeLessThan(Date.now());
    // Judged at today's date (as before issue 14), the same signature is expired.
    const doc = Buffer.from(ev.auditRoot.document, 'utf8');
    expect(verifyCmsDetached(Buffer.from(ev.auditRoot.signature, 'base64'), doc, { trustedRootsPem: [pki.rootCertPem], at: new Date() })).toEqual({ ok: false, reason: 'CERT_EXPIRED' });
    const r = await verifyAudit(db, store, sealVerifiers());
    expect(r.checkpoints).toEqual({ checked: 1, problems: [] });
    expect(r.ok).toBe(true);
  });

  it('a checkpoint signed with a bidder’s signing key (same root, same key usage) is refused: NOT_PLATFORM_SEAL', async () => {
    const bidder = userSigner({ commonName: '李四', organizationName: '华东建工集团有限公司', countryName: 'CN' });
    const forged = await writeCheckpoint({ db, storage: store, clock }, bidder);
    const r = await verifyAudit(db, store, sealVerifiers());
    expect(r.ok).toBe(false);
    expect(r.checkpoints.problems).toEqual([
      { eventId: forged.id, problem: expect.stringMatching(/^BAD_SIGNATURE: .* \(NOT_PLATFORM_SEAL\)$/) },
      { eventId: forged.id, problem: expect.stringMatching(/^BAD_ROOT_SIGNATURE: .* \(NOT_PLATFORM_SEAL\)$/) },
    ]);
  });

  it('a witnessed root signed by a user of an organization named like the platform proves nothing', async () => {
    const lookalike = userSigner({ commonName: '示范市公共资源交易平台 平台签章', organizationName: '示范市公共资源交易平台', countryName: 'CN' });
    const genuine = await writeCheckpoint({ db, storage: store, clock }, (c) => pki.signDetached(c));
    const copy = parsePublishedRoot({ id: genuine.auditRoot.id, document: genuine.auditRoot.document, signature: lookalike(Buffer.from(genuine.auditRoot.document, 'utf8')).toString('base64') })!;
    const r = await verifyAudit(db, store, { ...sealVerifiers(), witnessedRoots: [copy] });
    expect(r.witness?.problems).toEqual([{ rootId: genuine.auditRoot.id, at: genuine.auditRoot.at, problem: expect.stringMatching(/^BAD_SIGNATURE: .*\(NOT_PLATFORM_SEAL\)$/) }]);
  });
});
