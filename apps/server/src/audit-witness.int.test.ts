/**
 * A log anyone can witness (issue 13 §6) through the real server on PostgreSQL + S3: a checkpoint right
 * after every legally significant moment — publication (a burst of acts is one checkpoint), the bid
 * deadline, the opening's start, results, record and close — each publishing a platform-signed Merkle
 * root on the portal (plain HTTP and tRPC, openssl accepts the signature, no seq or count per chain) and
 * in the change feed; bid receipts and the opening record carry the latest root and the inclusion proof
 * of the project's chain head.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, desc, eq } from 'drizzle-orm';
import { auditChainHeads, auditEvents, auditRoots, jobs, publicChanges } from '@ebid/db';
import { checkAuditRootWitness, projectChain, type AuditRootWitness, type CheckpointPayload } from '@ebid/audit';
import { CHECKPOINT_REQUEST_JOB, createJobHandlers, DEADLINE_CHECKPOINT_JOB, JobRunner, runDraw, silentLogger } from '@ebid/services';
import { ensureDevPki } from '@ebid/pki';
import { publishedProject, runTestJob } from '@ebid/testing';
import { startTestApp, type TestApp } from './test-app.ts';
import { bidKit, DEADLINE, IN_BIDDING, summary } from './bid-test-kit.ts';

let testApp: TestApp;
let deps: TestApp['deps'];
const kit = bidKit(() => testApp);
const { as, issueKeys, submit } = kit;
const START = new Date('2026-02-25T02:00:00Z');
const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-witness-'));
const BIDDERS = ['bidder1', 'bidder2', 'bidder3'] as const;

/** Run the queued jobs of these kinds through the real queue (claim, handler, done). */
async function runJobs(kinds: string[] = [CHECKPOINT_REQUEST_JOB]): Promise<number> {
  const runner = new JobRunner({ database: deps.database, clock: deps.clock, instanceId: 'witness-test', handlers: createJobHandlers(deps), logger: silentLogger, kinds });
  let n = 0;
  for (let ran = await runner.runOnce(); ran > 0; ran = await runner.runOnce()) n += ran;
  return n;
}

const queued = (kind: string) => deps.db.select().from(jobs).where(and(eq(jobs.kind, kind), eq(jobs.status, 'queued')));
const latestRoot = async () => (await deps.db.select().from(auditRoots).orderBy(desc(auditRoots.id)).limit(1))[0]!;
const headSeq = async (projectId: number) => (await deps.db.select().from(auditChainHeads).where(eq(auditChainHeads.chain, projectChain(projectId))))[0]!.seq;

/** The checkpoint behind a root: the seq of the project's head it covers, and why it was taken. */
async function covered(root: typeof auditRoots.$inferSelect, projectId: number): Promise<{ seq: number | null; reasons: CheckpointPayload['reasons'] }> {
  const [ev] = await deps.db.select().from(auditEvents).where(eq(auditEvents.id, root.checkpointEventId));
  const p = ev!.payload as CheckpointPayload;
  return { seq: p.heads.find((h) => h.chain === projectChain(projectId))?.seq ?? null, reasons: p.reasons };
}

async function lastAction(projectId: number, action: string): Promise<number> {
  const rows = await deps.db.select({ seq: auditEvents.seq }).from(auditEvents).where(and(eq(auditEvents.chain, projectChain(projectId)), eq(auditEvents.action, action))).orderBy(desc(auditEvents.seq)).limit(1);
  return rows[0]!.seq;
}

/** A project of its own (one section without a security), published through the factory. */
const createProject = async (name: string): Promise<number> => (await publishedProject(deps, { name, sections: [{ name: '施工', ceilingFen: 800_000_000, securityFen: 0 }] })).id;

let projectA: number;
let projectB: number;
let sectionA: number;
const receipts: Record<string, { json: string; cmsBase64: string }> = {};

beforeAll(async () => {
  const platform = await ensureDevPki(path.join(tmpDir, 'platform-pki'), { now: new Date('2026-01-01T00:00:00Z') });
  testApp = await startTestApp({ clockStart: START, pki: { platform, trustedRootsPem: [platform.rootCertPem] } });
  deps = testApp.deps;
  fs.writeFileSync(path.join(tmpDir, 'root.pem'), platform.rootCertPem);
}, 120_000);

afterAll(async () => {
  await testApp?.close();
  fs.rmSync(tmpDir, { recursive: true, force: true });
});

describe('checkpoints at the legal moments (issue 13 §6)', () => {
  it('publication asks for a checkpoint right after its commit; a burst of publications is one checkpoint with every reason', async () => {
    const rootsBefore = (await deps.db.select().from(auditRoots)).length;
    projectA = await createProject('示范市见证测试道路工程');
    projectB = await createProject('示范市见证测试桥梁工程');
    const pending = await queued(CHECKPOINT_REQUEST_JOB);
    expect(pending).toHaveLength(1);
    expect((pending[0]!.payload as CheckpointPayload).reasons).toEqual([
      { reason: 'notice.publish', projectId: projectA },
      { reason: 'notice.publish', projectId: projectB },
    ]);
    // The bid deadline's checkpoint is scheduled at the deadline itself.
    expect((await queued(DEADLINE_CHECKPOINT_JOB)).map((j) => [j.payload, j.runAt.toISOString()])).toEqual([
      [{ projectId: projectA }, DEADLINE.toISOString()],
      [{ projectId: projectB }, DEADLINE.toISOString()],
    ]);

    expect(await runJobs()).toBe(1);
    const roots = await deps.db.select().from(auditRoots).orderBy(asc(auditRoots.id));
    expect(roots).toHaveLength(rootsBefore + 1);
    const root = roots.at(-1)!;
    for (const id of [projectA, projectB]) {
      const c = await covered(root, id);
      expect(c.seq).toBe(await headSeq(id)); // the head right after publication
      expect(c.seq).toBeGreaterThanOrEqual(await lastAction(id, 'notice.publish'));
    }
    expect((await covered(root, projectA)).reasons).toHaveLength(2);
    // In the public change feed too.
    const feed = await deps.db.select().from(publicChanges).where(eq(publicChanges.entity, 'audit_root'));
    expect(feed.map((f) => [f.entityId, f.change])).toContainEqual([root.id, 'published']);
    // Nothing pending any more: the next act enqueues a new request.
    expect(await queued(CHECKPOINT_REQUEST_JOB)).toHaveLength(0);
  });

  it('the published roots: plain HTTP and tRPC, openssl accepts the platform signature, no seq or count per chain', async () => {
    const res = await fetch(`${testApp.base}/portal/audit/roots?after=0&limit=100`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { roots: Record<string, unknown>[]; next: number };
    expect(body.roots.length).toBeGreaterThan(0);
    const viaTrpc = await (await as('bidder1')).portal.auditRoots({ after: 0, limit: 100 });
    expect(viaTrpc).toEqual(body);
    for (const r of body.roots) {
      expect(Object.keys(r).sort()).toEqual(['at', 'checkpointSha256', 'document', 'id', 'root', 'signature', 'treeSize']);
      expect(Object.keys(JSON.parse(r.document as string) as object).sort()).toEqual(['at', 'checkpointSha256', 'root', 'treeSize', 'type', 'version']);
    }
    const text = JSON.stringify(body);
    expect(text).not.toMatch(/"seq"|heads|"events"|project:/);
    const last = body.roots.at(-1)!;
    expect(await (await fetch(`${testApp.base}/portal/audit/roots/${String(last.id)}`)).json()).toEqual(last);
    // A witness checks the signature with openssl alone, on the bytes as served.
    const doc = Buffer.from(await (await fetch(`${testApp.base}/portal/audit/roots/${String(last.id)}/root.json`)).arrayBuffer());
    const sig = Buffer.from(await (await fetch(`${testApp.base}/portal/audit/roots/${String(last.id)}/root.p7s`)).arrayBuffer());
    expect(doc.toString('utf8')).toBe(last.document);
    fs.writeFileSync(path.join(tmpDir, 'root.json'), doc);
    fs.writeFileSync(path.join(tmpDir, 'root.p7s'), sig);
    const openssl = (content: string) =>
      execFileSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-content', content, '-in', path.join(tmpDir, 'root.p7s'), '-CAfile', path.join(tmpDir, 'root.pem'), '-purpose', 'any', '-out', '/dev/null'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(() => openssl(path.join(tmpDir, 'root.json'))).not.toThrow();
    fs.writeFileSync(path.join(tmpDir, 'forged.json'), doc.toString('utf8').replace(/"root":"([0-9a-f])/, (_m, c: string) => `"root":"${c === '0' ? '1' : '0'}`));
    expect(() => openssl(path.join(tmpDir, 'forged.json'))).toThrow();
    expect((await fetch(`${testApp.base}/portal/audit/roots/999999`)).status).toBe(404);
  });

  it('a bid receipt (v2) carries the latest published root and the inclusion proof of its project head', async () => {
    deps.clock.set(IN_BIDDING);
    expect(await runTestJob(deps, 'project.timer', { projectId: projectA, event: 'open_bidding' })).toMatchObject({ status: 'BIDDING' });
    sectionA = (await (await as('tenderee')).project.get({ projectId: projectA })).sections[0]!.id;
    const root = await latestRoot();
    for (const b of BIDDERS) {
      await (await as(b)).registration.register({ sectionId: sectionA });
      await issueKeys(b);
      const r = await submit(b, { id: projectA }, sectionA, [{ part: 'summary', plaintext: summary(700_000_000, { type: 'ebid-bid-summary', v: 1, projectId: projectA, sectionId: sectionA }) }]);
      receipts[b] = r.receipt;
    }
    const receipt = JSON.parse(receipts.bidder1!.json) as { v: number; auditRoot: AuditRootWitness };
    expect(receipt.v).toBe(2);
    expect(receipt.auditRoot.id).toBe(root.id);
    expect(receipt.auditRoot.document).toEqual(JSON.parse(root.document));
    expect(receipt.auditRoot.inclusion.chain).toBe(projectChain(projectA));
    expect(checkAuditRootWitness(receipt.auditRoot, projectChain(projectA))).toEqual({ ok: true });
    // A tampered proof no longer leads to the root.
    const bad = { ...receipt.auditRoot, inclusion: { ...receipt.auditRoot.inclusion, headHash: 'f'.repeat(64) } };
    expect(checkAuditRootWitness(bad, projectChain(projectA))).toMatchObject({ ok: false, reason: 'PROOF_INVALID' });
    // The receipt is still what openssl verifies.
    fs.writeFileSync(path.join(tmpDir, 'receipt.json'), receipts.bidder1!.json);
    fs.writeFileSync(path.join(tmpDir, 'receipt.p7s'), Buffer.from(receipts.bidder1!.cmsBase64, 'base64'));
    execFileSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-content', path.join(tmpDir, 'receipt.json'), '-in', path.join(tmpDir, 'receipt.p7s'), '-CAfile', path.join(tmpDir, 'root.pem'), '-purpose', 'any', '-out', '/dev/null'], { stdio: 'ignore' });
    // Bids ask for no checkpoint (they would reveal activity before the deadline); the bid event names the root.
    expect(await queued(CHECKPOINT_REQUEST_JOB)).toHaveLength(0);
    const [ev] = await deps.db.select().from(auditEvents).where(and(eq(auditEvents.chain, projectChain(projectA)), eq(auditEvents.action, 'bid.finalize'))).limit(1);
    expect(ev!.payload).toMatchObject({ auditRootId: root.id });
  }, 120_000);

  it('the bid deadline and the opening start each give a checkpoint covering the bids', async () => {
    deps.clock.set(DEADLINE);
    const seqAtDeadline = await headSeq(projectA);
    expect(await runJobs([DEADLINE_CHECKPOINT_JOB])).toBe(2); // projects A and B
    const atDeadline = await covered(await latestRoot(), projectA);
    expect(atDeadline.seq).toBe(seqAtDeadline);
    expect(atDeadline.seq).toBeGreaterThanOrEqual(await lastAction(projectA, 'bid.finalize'));

    const v = await (await as('staff')).opening.start({ projectId: projectA });
    expect(v.status).toBe('decrypting');
    expect((await queued(CHECKPOINT_REQUEST_JOB)).map((j) => (j.payload as CheckpointPayload).reasons)).toEqual([[{ reason: 'opening.start', projectId: projectA }]]);
    expect(await runJobs()).toBe(1);
    const atStart = await covered(await latestRoot(), projectA);
    expect(atStart.seq).toBe(await headSeq(projectA));
    expect(atStart.seq).toBeGreaterThanOrEqual(await lastAction(projectA, 'opening.start'));
  });

  it('the results, the record (which carries the root and the proof) and the close each give a checkpoint', async () => {
    deps.clock.set(new Date(DEADLINE.getTime() + 31 * 60_000));
    const staff = await as('staff');
    await staff.opening.endWindow({ projectId: projectA }); // nobody decrypted: every bid revoked, results published
    expect(await runJobs()).toBe(1);
    expect((await covered(await latestRoot(), projectA)).seq).toBeGreaterThanOrEqual(await lastAction(projectA, 'opening.publish'));

    // The K draw ran by itself at its reveal close (issue 14 §2): what its job does.
    await runDraw(deps, { drawId: (await staff.opening.get({ projectId: projectA })).k!.draw!.id });
    const rootBeforeRecord = await latestRoot();
    const generated = await staff.opening.generateRecord({ projectId: projectA });
    const [rec] = await deps.db.select().from(auditEvents).where(and(eq(auditEvents.chain, projectChain(projectA)), eq(auditEvents.action, 'opening.record')));
    expect(rec!.payload).toMatchObject({ auditRootId: rootBeforeRecord.id });
    const pdf = await fetch(`${testApp.base}/openings/${projectA}/record.pdf`, { headers: { cookie: await kit.cookie('staff') } });
    expect(pdf.status).toBe(200);
    fs.writeFileSync(path.join(tmpDir, 'record.pdf'), Buffer.from(await pdf.arrayBuffer()));
    const text = execFileSync('pdftotext', ['-layout', path.join(tmpDir, 'record.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('审计日志见证');
    expect(text.replace(/\s+/g, '')).toContain(JSON.parse(rootBeforeRecord.document).root as string);
    expect(await runJobs()).toBe(1);

    deps.clock.set(new Date(generated.record!.confirmDeadline)); // nobody confirmed: the close waits for the window (issue 18 §5)
    await staff.opening.close({ projectId: projectA });
    expect(await runJobs()).toBe(1);
    const atClose = await covered(await latestRoot(), projectA);
    expect(atClose.seq).toBe(await headSeq(projectA));
    expect(atClose.seq).toBeGreaterThanOrEqual(await lastAction(projectA, 'opening.close'));
    expect(atClose.reasons).toEqual([{ reason: 'opening.close', projectId: projectA }]);
  });
});
