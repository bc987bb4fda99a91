/** `ebid verify-audit` against a real database and object store, before and after tampering (issue 3 §4). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCheckpoint } from '@ebid/audit';
import { type DnInput, createCsrPem, ensureDevPki, generateKeyPairPem, signCmsDetached } from '@ebid/pki';
import { auditCheckpoint, seedDemo, SYSTEM_CONTEXT } from '@ebid/services';
import { createTestDatabase, createTestDeps, createTestS3Store, testEnv, type TestDatabase } from '@ebid/testing';
import { verifyAuditCommand } from './verify-audit.ts';

let tdb: TestDatabase;
let deps: Awaited<ReturnType<typeof createTestDeps>>;
let env: Record<string, string>;
const pkiDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-cli-pki-'));

beforeAll(async () => {
  tdb = await createTestDatabase();
  const platform = await ensureDevPki(pkiDir);
  const store = await createTestS3Store();
  deps = await createTestDeps(tdb.database, { storage: store, pki: { platform, trustedRootsPem: [platform.rootCertPem] } });
  await seedDemo(deps, { certificates: false, projects: false });
  await auditCheckpoint(deps, SYSTEM_CONTEXT);
  const { s3 } = testEnv();
  env = {
    DATABASE_URL: tdb.url,
    S3_ENDPOINT: s3.endPoint,
    S3_ACCESS_KEY: s3.accessKey,
    S3_SECRET_KEY: s3.secretKey,
    S3_BUCKET: store.bucket,
    PKI_DIR: pkiDir,
  };
});
afterAll(async () => {
  await deps?.close();
  await tdb?.drop();
  fs.rmSync(pkiDir, { recursive: true, force: true });
});

async function run(args: string[] = []) {
  let out = '';
  const code = await verifyAuditCommand(args, (s) => (out += s), env);
  return { code, out };
}

describe('ebid verify-audit', () => {
  it('reports an intact trail with exit 0', async () => {
    const r = await run();
    expect(r.code).toBe(0);
    expect(r.out).toContain('audit trail intact');
    expect(r.out).toMatch(/checkpoints checked: 1/);
  });

  it('names the first broken link after a superuser edit, with exit 1', async () => {
    const su = postgres(tdb.url, { max: 1, onnotice: () => {} });
    let id = 0;
    try {
      await su.begin(async (tx) => {
        await tx`set local session_replication_role = replica`;
        const [row] = await tx<{ id: number }[]>`select id from audit_events where chain = 'platform' and seq = 2`;
        id = Number(row?.id);
        await tx`update audit_events set client_address = '6.6.6.6' where id = ${id}`;
      });
    } finally {
      await su.end();
    }
    const r = await run();
    expect(r.code).toBe(1);
    expect(r.out).toContain(`BROKEN at seq 2 (event ${id}): HASH_MISMATCH`);
    const json = JSON.parse((await run(['--json'])).out) as { ok: boolean };
    expect(json.ok).toBe(false);
  });
});

describe('ebid verify-audit: only the platform seal signs checkpoints and roots (issue 14 §3)', () => {
  function userSigner(subject: DnInput) {
    const keys = generateKeyPairPem();
    const now = Date.now();
    const { pem } = deps.pki.platform.issueUserCertificate({ csrPem: createCsrPem(keys, subject), usage: 'signing', expectedSubject: subject, notBefore: new Date(now - 86_400_000), notAfter: new Date(now + 86_400_000) });
    return (content: Buffer) => signCmsDetached(content, { keyPem: keys.privateKeyPem, certPem: pem, chainPem: [deps.pki.platform.rootCertPem] });
  }

  it('refuses a checkpoint signed by a bidder’s key and, with --roots, a root signed by a user of an organization named like the platform', async () => {
    const bidder = userSigner({ commonName: '李四', organizationName: '华东建工集团有限公司', countryName: 'CN' });
    const forged = await writeCheckpoint({ db: deps.db, storage: deps.storage, clock: deps.clock }, bidder);
    const genuine = await auditCheckpoint(deps, SYSTEM_CONTEXT);
    const lookalike = userSigner({ commonName: '示范市公共资源交易平台 平台签章', organizationName: '示范市公共资源交易平台', countryName: 'CN' });
    const roots = path.join(pkiDir, 'witness.json');
    fs.writeFileSync(roots, JSON.stringify({ roots: [{ ...genuine.auditRoot, signature: lookalike(Buffer.from(genuine.auditRoot.document, 'utf8')).toString('base64') }] }));
    const r = await run(['--roots', roots]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(new RegExp(`CHECKPOINT event ${forged.id}: BAD_SIGNATURE: .*\\(NOT_PLATFORM_SEAL\\)`));
    expect(r.out).toMatch(new RegExp(`CHECKPOINT event ${forged.id}: BAD_ROOT_SIGNATURE: .*\\(NOT_PLATFORM_SEAL\\)`));
    expect(r.out).not.toMatch(new RegExp(`CHECKPOINT event ${genuine.id}: BAD_`)); // (its HEAD_MISMATCH is the earlier superuser edit)
    expect(r.out).toMatch(new RegExp(`WITNESSED ROOT #${genuine.auditRoot.id} .*BAD_SIGNATURE.*\\(NOT_PLATFORM_SEAL\\)`));
  });
});
