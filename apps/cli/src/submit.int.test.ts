/**
 * `ebid seal` → `ebid submit` → `ebid verify-receipt` through the real server on PostgreSQL + S3
 * (issue 6 §2–§4): a multi-piece part, an interrupted upload resumed by re-running submit, the
 * self-reported machine data (marked as such), and the platform receipt verified offline.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import { bids, organizations, users } from '@ebid/db';
import { buildServer } from '@ebid/server/app';
import { DEMO_PASSWORD, createJobHandlers, seedDemo, seedHolidayCalendar } from '@ebid/services';
import { createTestClient, createTestDatabase, createTestDeps, createTestS3Store, type TestDatabase } from '@ebid/testing';
import { TRANSPORT_CHUNK_SIZE, createCsrPem, ensureDevPki, generateKeyPairPem, toP12 } from '@ebid/pki';
import { run } from './main.ts';

const START = new Date('2026-02-25T02:00:00Z');
const IN_BIDDING = new Date('2026-03-10T02:00:00Z');
const schedule = {
  noticePublishAt: '2026-02-27T09:00:00+08:00',
  docsIssueStart: '2026-03-02T09:00:00+08:00',
  docsIssueEnd: '2026-03-09T17:00:00+08:00',
  bidDeadline: '2026-03-25T09:30:00+08:00',
  openingAt: '2026-03-25T09:30:00+08:00',
};
const PASS = 'cli-p12-pass';

let tdb: TestDatabase;
let deps: Awaited<ReturnType<typeof createTestDeps>>;
let app: FastifyInstance;
let base: string;
let dir: string;
let projectId: number;
let sectionId: number;
const p = (...n: string[]) => path.join(dir, ...n);

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await run(args, (s) => (out += s));
  return { code, out };
}

async function as(username: string) {
  const c = createTestClient(base);
  await c.trpc.auth.login.mutate({ username, password: DEMO_PASSWORD });
  return c;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-cli-submit-'));
  const platform = await ensureDevPki(p('platform-pki'), { now: new Date('2026-01-01T00:00:00Z') });
  tdb = await createTestDatabase();
  deps = await createTestDeps(tdb.database, { storage: await createTestS3Store(), clockStart: START, pki: { platform, trustedRootsPem: [platform.rootCertPem] } });
  await seedHolidayCalendar(deps);
  await seedDemo(deps, { certificates: false, projects: false });
  app = await buildServer(deps, {});
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  fs.writeFileSync(p('root.pem'), platform.rootCertPem);

  const t = (await as('tenderee')).trpc;
  const created = await t.project.create.mutate({
    tradeType: 'engineering',
    method: 'open',
    name: '示范市命令行投标测试工程',
    budgetFen: 500_000_000,
    sections: [{ name: '第一标段', ceilingFen: 400_000_000, securityFen: 0 }],
  });
  await t.project.saveSchedule.mutate({ projectId: created.id, schedule, expectedVersion: created.version });
  const n = await t.notice.draft.mutate({ projectId: created.id, kind: 'tender', title: '示范市命令行投标测试工程招标公告', body: '一、招标条件\n\n本项目已具备招标条件，现对该项目的施工进行公开招标。' });
  await t.notice.submit.mutate({ noticeId: n.id });
  await (await as('staff')).trpc.notice.publish.mutate({ noticeId: n.id });
  deps.clock.set(IN_BIDDING);
  await createJobHandlers(deps)['project.timer']!({
    job: { id: 0, kind: 'project.timer', payload: { projectId: created.id, event: 'open_bidding' }, attempts: 1, maxAttempts: 5 },
    instanceId: 'test',
    signal: new AbortController().signal,
  });
  // (sessions made before the clock jump have expired)
  const project = await (await as('tenderee')).trpc.project.get.query({ projectId: created.id });
  projectId = project.id;
  sectionId = project.sections[0]!.id;

  const b = (await as('bidder5')).trpc;
  await b.registration.register.mutate({ sectionId });
  const [row] = await deps.db
    .select({ displayName: users.displayName, orgName: organizations.name, creditCode: organizations.creditCode })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(eq(users.username, 'bidder5'));
  const subject = { commonName: row!.displayName, organizationName: row!.orgName, serialNumber: row!.creditCode, countryName: 'CN' };
  const s = generateKeyPairPem();
  const e = generateKeyPairPem();
  const issued = await b.cert.issue.mutate({ signingCsrPem: createCsrPem(s, subject), encryptionCsrPem: createCsrPem(e, subject) });
  fs.writeFileSync(p('sign.p12'), toP12({ privateKeyPem: s.privateKeyPem, certPem: issued.signing.pem, passphrase: PASS }));
  fs.writeFileSync(p('enc.p12'), toP12({ privateKeyPem: e.privateKeyPem, certPem: issued.encryption.pem, passphrase: PASS }));
}, 120_000);

afterAll(async () => {
  await deps?.live.stop();
  await app?.close();
  await deps?.close();
  await tdb?.drop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  delete process.env.EBID_P12_PASSPHRASE;
  delete process.env.EBID_PASSWORD;
});

describe('ebid seal → submit (resumed) → verify-receipt', () => {
  it('uploads in 4 MiB pieces, resumes, finalizes, and the receipt verifies offline', async () => {
    process.env.EBID_P12_PASSPHRASE = PASS;
    fs.writeFileSync(p('summary.json'), JSON.stringify({ priceFen: 388_000_000, durationDays: 300, quality: '合格' }));
    const big = Buffer.alloc(9 * 1048576 + 123);
    for (let i = 0; i < big.length; i += 4096) big.writeUInt32BE(i, i);
    fs.writeFileSync(p('technical.pdf'), big);
    for (const part of ['summary', 'technical']) {
      const src = part === 'summary' ? 'summary.json' : 'technical.pdf';
      const r = await cli(['seal', '--part', part, '--project', String(projectId), '--section', String(sectionId), '--sign', p('sign.p12'), '--recipient', p('enc.p12'), '--in', p(src), '--out', p(`${part}.ebid`)]);
      expect(r.code, r.out).toBe(0);
    }
    const sealedTech = fs.readFileSync(p('technical.ebid'));
    expect(sealedTech.length).toBeGreaterThan(2 * TRANSPORT_CHUNK_SIZE);

    // An interrupted earlier attempt: piece 0 of the technical part is already on the server.
    const techInfo = JSON.parse((await cli(['seal', '--part', 'technical', '--project', String(projectId), '--section', String(sectionId), '--sign', p('sign.p12'), '--recipient', p('enc.p12'), '--in', p('technical.pdf'), '--out', p('technical.ebid'), '--force'])).out);
    const sealedNow = fs.readFileSync(p('technical.ebid'));
    const b = await as('bidder5');
    const started = await b.trpc.bid.startUpload.mutate({ sectionId, part: 'technical', size: techInfo.size, partHash: techInfo.partHash });
    const put = await fetch(`${base}/bids/uploads/${started.uploadId}/pieces/0`, {
      method: 'PUT',
      headers: { cookie: b.cookie(), 'content-type': 'application/octet-stream' },
      body: sealedNow.subarray(0, TRANSPORT_CHUNK_SIZE),
    });
    expect(put.status).toBe(200);

    process.env.EBID_PASSWORD = DEMO_PASSWORD;
    const sub = await cli(['submit', '--server', base, '--user', 'bidder5', '--section', String(sectionId), '--sign', p('sign.p12'), '--part', `summary=${p('summary.ebid')}`, '--part', `technical=${p('technical.ebid')}`]);
    expect(sub.code, sub.out).toBe(0);
    expect(sub.out).toContain(`technical: upload ${started.uploadId}, 3 piece(s), 1 already on the server`);
    expect(sub.out).toContain('投标文件已提交');
    const result = JSON.parse(sub.out.slice(sub.out.indexOf('{'), sub.out.lastIndexOf('}') + 1));
    expect(result.parts.map((x: { part: string }) => x.part)).toEqual(['summary', 'technical']);

    const [row] = await deps.db.select().from(bids).where(eq(bids.id, result.bidId));
    expect(row!.selfReported).toMatchObject({ tool: 'ebid', selfReported: true, data: { hostname: os.hostname(), platform: os.platform() } });

    const v = await cli(['verify-receipt', '--receipt', p('receipt.json'), '--cms', p('receipt.p7s'), '--root', p('root.pem'), '--file', `summary=${p('summary.ebid')}`, '--file', `technical=${p('technical.ebid')}`]);
    expect(v.code, v.out).toBe(0);
    expect(v.out).toContain(`bid ${result.bidId} version 1`);
    expect(v.out).not.toContain('DOES NOT match');

    // The rehearsal of the file as the server returns it (the company's own bid only).
    const sealedBack = await fetch(`${base}/bids/${result.bidId}/parts/technical/sealed`, { headers: { cookie: b.cookie() } });
    expect(sealedBack.status).toBe(200);
    fs.writeFileSync(p('back.ebid'), Buffer.from(await sealedBack.arrayBuffer()));
    const reh = await cli(['rehearse', '--in', p('back.ebid'), '--key', p('enc.p12'), '--out', p('back.pdf')]);
    expect(reh.code, reh.out).toBe(0);
    expect(fs.readFileSync(p('back.pdf')).equals(big)).toBe(true);
  });

  it('an unsealed file is refused locally with the prompt; a wrong password is the server error', async () => {
    process.env.EBID_P12_PASSPHRASE = PASS;
    process.env.EBID_PASSWORD = 'wrong password';
    const bad = await cli(['submit', '--server', base, '--user', 'bidder5', '--section', String(sectionId), '--sign', p('sign.p12'), '--part', `summary=${p('summary.ebid')}`]);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/^error: [A-Z_]+: /);
    process.env.EBID_PASSWORD = DEMO_PASSWORD;
    const plain = await cli(['submit', '--server', base, '--user', 'bidder5', '--section', String(sectionId), '--sign', p('sign.p12'), '--part', `summary=${p('summary.json')}`]);
    expect(plain.code).toBe(1);
    expect(plain.out).toContain('文件未加密，请先使用投标文件加密工具加密');
  });
});
