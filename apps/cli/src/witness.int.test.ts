/**
 * A log anyone can witness (issue 13 §6), end to end through the real server, PostgreSQL + S3 and `ebid`:
 * a witness saves the published audit roots from the portal; a bidder's receipt carries the latest root
 * and the inclusion proof of the project's head, which `ebid verify-receipt` checks (a tampered proof is
 * named); then a database superuser rewrites the bid's audit event, rehashes the chain, removes the
 * checkpoints that would show it, and the next checkpoint signs the forged heads. `ebid verify-audit`
 * alone finds nothing; with the witness's roots (--roots) it names the root, the time, the chain and
 * the seqs that must have been rewritten.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq } from 'drizzle-orm';
import { auditEvents, auditRoots } from '@ebid/db';
import { projectChain, type CheckpointPayload, type PublishedAuditRoot, type VerifyReport } from '@ebid/audit';
import { auditCheckpoint, CHECKPOINT_REQUEST_JOB, createJobHandlers, DEMO_PASSWORD, JobRunner, silentLogger, SYSTEM_CONTEXT } from '@ebid/services';
import { forgeAuditChain } from '@ebid/testing';
import { type CliServer, cli, startCliServer } from './cli-test-kit.ts';
import { verifyAuditCommand } from './commands/verify-audit.ts';

const PASS = 'cli-witness-pass';
const DEADLINE = new Date('2026-03-25T09:30:00+08:00');

let k: CliServer;
const p = (...n: string[]) => k.p(...n);

async function runRequestedCheckpoints(): Promise<number> {
  const runner = new JobRunner({ database: k.deps.database, clock: k.deps.clock, instanceId: 'cli-witness', handlers: createJobHandlers(k.deps), logger: silentLogger, kinds: [CHECKPOINT_REQUEST_JOB] });
  return runner.runOnce();
}

/** What a witness does: fetch the portal's list of published roots and keep it. */
async function witnessSaves(file: string): Promise<PublishedAuditRoot[]> {
  const res = await fetch(`${k.base}/portal/audit/roots?after=0&limit=500`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { roots: PublishedAuditRoot[] };
  fs.writeFileSync(p(file), JSON.stringify(body, null, 2));
  return body.roots;
}

async function verifyAuditCli(args: string[]) {
  let out = '';
  const code = await verifyAuditCommand(args, (s) => (out += s), k.serverEnv);
  return { code, out };
}

/** The project chain's head seq that a published root covers (from the internal checkpoint document). */
async function coveredSeq(rootId: number): Promise<number> {
  const [r] = await k.deps.db.select().from(auditRoots).where(eq(auditRoots.id, rootId));
  const [ev] = await k.deps.db.select().from(auditEvents).where(eq(auditEvents.id, r!.checkpointEventId));
  return (ev!.payload as CheckpointPayload).heads.find((h) => h.chain === projectChain(k.projectId))!.seq;
}

let r1: PublishedAuditRoot;
let r2: PublishedAuditRoot;

beforeAll(async () => {
  k = await startCliServer({ tmpPrefix: 'ebid-cli-witness-', projectName: '示范市见证测试排水工程' });
  await k.registerBidder('bidder5', { into: k.dir, passphrase: PASS });
  // The publication asked for a checkpoint right after its commit: its root is the first published.
  expect(await runRequestedCheckpoints()).toBe(1);
  r1 = (await witnessSaves('witness-1.json'))[0]!;
}, 120_000);

afterAll(async () => {
  await k?.close();
  delete process.env.EBID_P12_PASSPHRASE;
  delete process.env.EBID_PASSWORD;
});

describe('the receipt carries the published root and the inclusion proof (ebid verify-receipt)', () => {
  it('seal → submit → verify-receipt: the inclusion proof of the project head in the root is valid, and so is the root with --audit-root', async () => {
    process.env.EBID_P12_PASSPHRASE = PASS;
    process.env.EBID_PASSWORD = DEMO_PASSWORD;
    fs.writeFileSync(p('summary.json'), JSON.stringify({ priceFen: 388_000_000, durationDays: 300, quality: '合格' }));
    expect((await cli(['seal', '--part', 'summary', '--project', String(k.projectId), '--section', String(k.sectionId), '--sign', p('sign.p12'), '--recipient', p('enc.p12'), '--in', p('summary.json'), '--out', p('summary.ebid')])).code).toBe(0);
    const sub = await cli(['submit', '--server', k.base, '--user', 'bidder5', '--section', String(k.sectionId), '--sign', p('sign.p12'), '--part', `summary=${p('summary.ebid')}`]);
    expect(sub.code, sub.out).toBe(0);
    const receipt = JSON.parse(fs.readFileSync(p('receipt.json'), 'utf8')) as { v: number; auditRoot: { id: number; inclusion: { hashes: string[]; headHash: string } } };
    expect(receipt.v).toBe(2);
    expect(receipt.auditRoot.id).toBe(r1.id);

    const v = await cli(['verify-receipt', '--receipt', p('receipt.json'), '--cms', p('receipt.p7s'), '--root', p('root.pem')]);
    expect(v.code, v.out).toBe(0);
    expect(v.out).toContain(`audit root #${r1.id} published ${r1.at}: root ${r1.root}`);
    expect(v.out).toContain(`inclusion proof VALID: project:${k.projectId} head`);

    // The root as published on the portal: its platform signature, and that it is the receipt's root.
    fs.writeFileSync(p('r1.json'), await (await fetch(`${k.base}/portal/audit/roots/${r1.id}`)).text());
    const withRoot = await cli(['verify-receipt', '--receipt', p('receipt.json'), '--cms', p('receipt.p7s'), '--root', p('root.pem'), '--audit-root', p('r1.json')]);
    expect(withRoot.code, withRoot.out).toBe(0);
    expect(withRoot.out).toContain('OK: audit root signed by');
    expect(withRoot.out).toContain(`the published audit root #${r1.id} is the receipt's root`);
  });

  it('a tampered proof is reported — in a receipt the platform signed (a lying platform) and in an edited one', async () => {
    const json = fs.readFileSync(p('receipt.json'), 'utf8');
    const receipt = JSON.parse(json) as { auditRoot: { inclusion: { headHash: string } } };
    receipt.auditRoot.inclusion.headHash = 'e'.repeat(64);
    const tampered = JSON.stringify(receipt);
    // Signed by the platform all the same: only the proof check catches it.
    fs.writeFileSync(p('lying.json'), tampered);
    fs.writeFileSync(p('lying.p7s'), k.platform.signDetached(Buffer.from(tampered)));
    const lying = await cli(['verify-receipt', '--receipt', p('lying.json'), '--cms', p('lying.p7s'), '--root', p('root.pem')]);
    expect(lying.code).toBe(1);
    expect(lying.out).toContain('OK: receipt signed by');
    expect(lying.out).toContain(`INVALID: PROOF_INVALID — 审计根包含证明无效 / the inclusion proof of project:${k.projectId} does not lead to root ${r1.root}`);
    // Edited after signing: both the signature and the proof are named.
    fs.writeFileSync(p('edited.json'), tampered);
    const edited = await cli(['verify-receipt', '--receipt', p('edited.json'), '--cms', p('receipt.p7s'), '--root', p('root.pem')]);
    expect(edited.code).toBe(1);
    expect(edited.out).toMatch(/^INVALID: SIGNATURE_INVALID/);
    expect(edited.out).toContain('INVALID: PROOF_INVALID');
  });
});

describe('a superuser rewrites the log; the witness names it (ebid verify-audit --roots)', () => {
  let bidSeq: number;

  it('the bid deadline checkpoints the bids; every witnessed root is rebuilt from the untouched chains', async () => {
    k.deps.clock.set(DEADLINE);
    // One bid only: the opening fails (O2) — still the legally significant moment of the deadline.
    const staff = (await k.as('staff')).trpc;
    expect((await staff.opening.start.mutate({ projectId: k.projectId })).status).toBe('failed');
    expect(await runRequestedCheckpoints()).toBe(1);
    const roots = await witnessSaves('witness.json');
    r2 = roots.at(-1)!;
    expect(roots.map((r) => r.id)).toEqual([r1.id, r2.id]);
    const [bid] = await k.deps.db
      .select({ seq: auditEvents.seq })
      .from(auditEvents)
      .where(and(eq(auditEvents.chain, projectChain(k.projectId)), eq(auditEvents.action, 'bid.finalize')))
      .orderBy(desc(auditEvents.seq))
      .limit(1);
    bidSeq = bid!.seq;
    expect(bidSeq).toBeGreaterThan(await coveredSeq(r1.id));
    expect(bidSeq).toBeLessThanOrEqual(await coveredSeq(r2.id));

    const ok = await verifyAuditCli(['--roots', p('witness.json')]);
    expect(ok.code, ok.out).toBe(0);
    expect(ok.out).toContain('witnessed roots checked: 2');
    expect(ok.out).toContain('every witnessed root is rebuilt from the recomputed chains');
  });

  it('after the rewrite and the next checkpoint the trail looks intact on its own, and the witness names the divergence', async () => {
    const fromSeq = (await coveredSeq(r1.id)) + 1;
    const toSeq = await coveredSeq(r2.id);
    // The superuser, on a connection of its own: the bid's event changed, the chain rehashed, the head
    // row moved, the checkpoints naming it removed with their roots, the platform chain rehashed.
    const forged = await forgeAuditChain(k.dbUrl, { chain: projectChain(k.projectId), seq: bidSeq, change: (pl) => ({ ...(pl as object), receivedAt: '2026-03-25T01:29:59.999Z', parts: [] }) });
    expect(forged.removedRoots).toEqual([r2.id]);
    // The next (hourly) checkpoint signs the forged heads.
    await auditCheckpoint(k.deps, SYSTEM_CONTEXT);

    const blind = await verifyAuditCli([]);
    expect(blind.code, blind.out).toBe(0);
    expect(blind.out).toContain('audit trail intact');

    const seen = await verifyAuditCli(['--roots', p('witness.json')]);
    expect(seen.code).toBe(1);
    expect(seen.out).toContain('AUDIT TRAIL BROKEN');
    expect(seen.out).toContain(
      `DIVERGENCE at witnessed root #${r2.id} (${r2.at}): chain project:${k.projectId} no longer gives root ${r2.root.slice(0, 16)}… — its events seq ${fromSeq}…${toSeq} must have been rewritten`,
    );
    expect(seen.out).toContain(`WITNESSED ROOT #${r2.id} (${r2.at}): ROOT_NOT_LISTED`);
    const report = JSON.parse((await verifyAuditCli(['--roots', p('witness.json'), '--json'])).out) as VerifyReport;
    expect(report.witness!.firstDivergence).toMatchObject({ rootId: r2.id, at: r2.at, chain: projectChain(k.projectId), fromSeq, toSeq });
    expect(report.witness!.divergences).toHaveLength(1); // the first root still matches: seq 1 … fromSeq-1 are as witnessed

    // A witness file that is not a list of published roots is a usage error.
    fs.writeFileSync(p('bad.json'), '{"roots":[{"document":"x"}]}');
    expect((await verifyAuditCli(['--roots', p('bad.json')])).code).toBe(64);
  });
});
