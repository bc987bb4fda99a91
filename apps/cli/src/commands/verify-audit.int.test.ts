/** `ebid verify-audit` against a real database and object store, before and after tampering (issue 3 §4). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDevPki } from '@ebid/pki';
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
