/**
 * The audit trail through the API (issue 3 §4): the database refuses UPDATE/DELETE; the tamper test
 * edits a row as the superuser with triggers bypassed (the guard itself is untouched) and alters a stored
 * object, and audit.verify names both; checkpoints are signed by the platform and verified.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import postgres from 'postgres';
import { objectKey } from '@ebid/storage';
import { writeCheckpoint } from '@ebid/audit';
import { createCsrPem, generateKeyPairPem, signCmsDetached, type DnInput } from '@ebid/pki';
import { DEMO_PASSWORD, seedDemo } from '@ebid/services';
import { createTestDatabase, createTestDeps, createTestS3Store, testEnv, type TestDatabase } from '@ebid/testing';
import { loginAs } from './test-client.ts';

let tdb: TestDatabase;
let deps: Awaited<ReturnType<typeof createTestDeps>>;
let bucket: string;

beforeAll(async () => {
  tdb = await createTestDatabase();
  const store = await createTestS3Store();
  bucket = store.bucket;
  deps = await createTestDeps(tdb.database, { storage: store });
  await seedDemo(deps, { certificates: false, projects: false });
});
afterAll(async () => {
  await deps?.close();
  await tdb?.drop();
});

const as = async (username: string) => (await loginAs(deps, username, DEMO_PASSWORD)).call();

describe('audit trail', () => {
  it('is intact after normal work, with a signed checkpoint', async () => {
    const staff = await as('staff');
    const cp = await staff.audit.checkpoint();
    expect(cp.objectHashes).toHaveLength(4); // checkpoint document and signature, published root and signature (issue 13 §6)
    expect(cp.rootId).toBeGreaterThan(0);
    const report = await staff.audit.verify({});
    expect(report.ok).toBe(true);
    expect(report.checkpoints.checked).toBeGreaterThanOrEqual(1);
    expect(report.checkpoints.problems).toEqual([]);
    expect(report.objects.checked).toBeGreaterThanOrEqual(2);
    expect(report.witness).toBeUndefined();
    // The roots a witness kept from the portal (issue 13 §6) are rebuilt from the recomputed chains.
    const { roots } = await (await as('bidder1')).portal.auditRoots({ after: 0, limit: 100 });
    expect(roots.map((r) => r.id)).toContain(cp.rootId);
    const withRoots = await staff.audit.verify({ roots });
    expect(withRoots).toMatchObject({ ok: true, witness: { checked: roots.length, problems: [], divergences: [], firstDivergence: null } });
    const forged = roots.map((r) => ({ ...r, document: r.document.replace(/"root":"([0-9a-f])/, (_m, c: string) => `"root":"${c === '0' ? '1' : '0'}`) }));
    expect((await staff.audit.verify({ roots: forged })).witness!.problems[0]!.problem).toMatch(/^BAD_SIGNATURE/);
  });

  it('the staff viewer lists the platform chain and one user’s acts', async () => {
    const staff = await as('staff');
    const page = await staff.audit.list({ chain: 'platform', limit: 5 });
    expect(page.events).toHaveLength(5);
    expect(page.events[0]!.seq).toBeGreaterThan(page.events[4]!.seq);
    const mine = await staff.audit.list({ actorUserId: page.events.find((e) => e.actorUserId)?.actorUserId ?? 1, limit: 50 });
    expect(mine.events.every((e) => e.actorUserId === mine.events[0]?.actorUserId)).toBe(true);
  });

  it('the application connection cannot UPDATE, DELETE or TRUNCATE audit events', async () => {
    const sql = postgres(tdb.url, { max: 1, onnotice: () => {} });
    try {
      await expect(sql`update audit_events set action = 'x' where seq = 1`).rejects.toThrow(/append-only/);
      await expect(sql`delete from audit_events where seq = 1`).rejects.toThrow(/append-only/);
      await expect(sql`truncate audit_events`).rejects.toThrow(/append-only/);
      const [row] = await sql<{ action: string }[]>`select action from audit_events where chain = 'platform' and seq = 1`;
      expect(row?.action).not.toBe('x');
    } finally {
      await sql.end();
    }
  });

  it('names the tampered row and the altered object', async () => {
    const staff = await as('staff');
    const before = await staff.audit.list({ chain: 'platform', limit: 200 });
    const target = before.events.find((e) => e.seq === 4)!;
    const cp = before.events.find((e) => e.action === 'audit.checkpoint')!;
    // As the superuser, bypassing triggers for this session only; the guard itself is never changed.
    const su = postgres(tdb.url, { max: 1, onnotice: () => {} });
    try {
      await su.begin(async (tx) => {
        await tx`set local session_replication_role = replica`;
        await tx`update audit_events set payload = ${tx.json({ forged: true })} where id = ${target.id}`;
      });
    } finally {
      await su.end();
    }
    // Alter a stored object referenced by the checkpoint event, behind the store's back (s3rver takes unsigned PUTs).
    const { s3 } = testEnv();
    const altered = cp.objectHashes[0]!;
    const res = await fetch(`${s3.endPoint}/${bucket}/${objectKey(altered)}`, { method: 'PUT', body: '{"heads":"forged"}' });
    expect(res.status).toBe(200);

    const report = await staff.audit.verify({});
    expect(report.ok).toBe(false);
    const platform = report.chains.find((c) => c.chain === 'platform')!;
    expect(platform.firstBroken).toMatchObject({ seq: 4, eventId: target.id, problem: 'PAYLOAD_HASH_MISMATCH' });
    expect(report.objects.corrupted.map((o) => o.sha256)).toContain(altered);
  });

  it('a bidder cannot read the audit trail', async () => {
    const bidder = await as('bidder1');
    await expect(bidder.audit.list({ limit: 5 })).rejects.toBeInstanceOf(TRPCError);
  });
});

describe('audit.verify accepts only the platform seal on checkpoints and roots (issue 14 §3)', () => {
  function userSigner(subject: DnInput) {
    const keys = generateKeyPairPem();
    const now = Date.now();
    const { pem } = deps.pki.platform.issueUserCertificate({ csrPem: createCsrPem(keys, subject), usage: 'signing', expectedSubject: subject, notBefore: new Date(now - 86_400_000), notAfter: new Date(now + 86_400_000) });
    return (content: Buffer) => signCmsDetached(content, { keyPem: keys.privateKeyPem, certPem: pem, chainPem: [deps.pki.platform.rootCertPem] });
  }

  it('a checkpoint signed by a bidder’s key, and a witnessed root signed by a user of an organization named like the platform, are refused', async () => {
    const staff = await as('staff');
    const forged = await writeCheckpoint({ db: deps.db, storage: deps.storage, clock: deps.clock }, userSigner({ commonName: '李四', organizationName: '华东建工集团有限公司', countryName: 'CN' }));
    const report = await staff.audit.verify({});
    expect(report.checkpoints.problems.filter((p) => p.eventId === forged.id && p.problem.includes('SIGNATURE')).map((p) => p.problem)).toEqual([
      expect.stringMatching(/^BAD_SIGNATURE: .*\(NOT_PLATFORM_SEAL\)$/),
      expect.stringMatching(/^BAD_ROOT_SIGNATURE: .*\(NOT_PLATFORM_SEAL\)$/),
    ]);
    const cp = await staff.audit.checkpoint();
    const { roots } = await (await as('bidder1')).portal.auditRoots({ after: 0, limit: 100 });
    const genuine = roots.find((r) => r.id === cp.rootId)!;
    const lookalike = userSigner({ commonName: '示范市公共资源交易平台 平台签章', organizationName: '示范市公共资源交易平台', countryName: 'CN' });
    const witnessed = await staff.audit.verify({ roots: [{ ...genuine, signature: lookalike(Buffer.from(genuine.document, 'utf8')).toString('base64') }] });
    expect(witnessed.witness!.problems).toEqual([expect.objectContaining({ rootId: genuine.id, problem: expect.stringMatching(/^BAD_SIGNATURE: .*\(NOT_PLATFORM_SEAL\)$/) })]);
  });
});
