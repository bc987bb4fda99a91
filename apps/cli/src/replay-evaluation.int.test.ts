/**
 * `ebid replay-evaluation` against a running server on PostgreSQL + S3 (issue 22 §4; S11): an evaluation
 * run to its result through the services (5 members, 综合评估法, signed sheets), then the command — as
 * center staff — downloads the objects, verifies every member's CMS against the root CA file it is given,
 * recomputes the ranking and prints MATCH (exit 0); offline from the saved export too. An export with one
 * score altered (the sheet and the manifest re-hashed) does NOT match (exit 1: the signature fails), nor does
 * a replay against another root CA; a bidder gets no export.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import { evaluations } from '@ebid/db';
import { canonicalJson, parseSheetBytes, sheetBytes, sheetObject, type EvaluationManifest } from '@ebid/domain/evaluation';
import { engComprehensive } from '@ebid/domain/evaluation/test-fixtures';
import { buildServer } from '@ebid/server/app';
import { closeStage, DEMO_PASSWORD } from '@ebid/services';
import { beginReview, complianceEntries, draftAndSign, evaluationKit, reviewKit, scoreEntries, setOpeningK } from '@ebid/services/evaluation/review-test-kit';
import { ensureDevPki, sha256Hex } from '@ebid/pki';
import { TEST_START, useDemoTestDeps, type TestDeps } from '@ebid/testing';
import type { EvaluationObjectsView } from '@ebid/contracts';
import { cli } from './cli-test-kit.ts';

let deps: TestDeps;
useDemoTestDeps((d) => (deps = d), { clockStart: TEST_START });

let app: FastifyInstance | undefined;
let base: string;
let dir: string;
let evaluationId: number;
let resultSha256: string;
const p = (...n: string[]) => path.join(dir, ...n);

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-cli-replay-'));
  const kit = await evaluationKit(deps, { method: engComprehensive() });
  await setOpeningK(deps, kit.projectId, '0.96');
  const r = reviewKit(kit);
  evaluationId = kit.evaluationId;
  await beginReview(deps, r);
  const bids = ['投标人1', '投标人2', '投标人3'];
  for (const m of kit.members) await draftAndSign(deps, r, m, 'compliance', complianceEntries(bids, ['Q1', 'R1']));
  await closeStage(deps, await r.ctx(r.chair), { evaluationId });
  for (const [i, m] of kit.members.entries()) {
    await draftAndSign(deps, r, m, 'scores', scoreEntries({ 投标人1: { T1: String(18 + i), T2: '8', C1: '4' }, 投标人2: { T1: '20', T2: String(6 + i * 0.5), C1: '3' }, 投标人3: { T1: '19.5', T2: '9', C1: '5' } }));
  }
  expect(await closeStage(deps, await r.ctx(r.chair), { evaluationId })).toMatchObject({ status: 'reporting' });
  resultSha256 = (await deps.db.select().from(evaluations).where(eq(evaluations.id, evaluationId)))[0]!.resultSha256!;
  fs.writeFileSync(p('root.pem'), deps.pki.platform.rootCertPem);
  app = await buildServer(deps, {});
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  process.env.EBID_PASSWORD = DEMO_PASSWORD;
}, 240_000);

afterAll(async () => {
  delete process.env.EBID_PASSWORD;
  await app?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('ebid replay-evaluation (issue 22 §4)', () => {
  it('downloads the objects, verifies every signature, recomputes: MATCH, exit 0; the saved export replays offline', async () => {
    const online = await cli(['replay-evaluation', '--server', base, '--user', 'staff', '--evaluation', String(evaluationId), '--ca', p('root.pem'), '--save', p('objects.json')]);
    expect(online.out).toContain('MATCH — ');
    expect(online.out).toContain(`recomputed result: ${resultSha256}`);
    expect(online.out).toContain(`recorded result:   ${resultSha256}`);
    expect(online.out).toContain('signed sheets:     10 (every signature verified');
    expect(online.code).toBe(0);
    const offline = await cli(['replay-evaluation', '--from', p('objects.json'), '--ca', p('root.pem')]);
    expect(offline.code).toBe(0);
    expect(offline.out).toContain(`recomputed result: ${resultSha256}`);
  });

  it('an altered score sheet (re-hashed, the manifest too) does not match: exit 1, the signature fails', async () => {
    const x = JSON.parse(fs.readFileSync(p('objects.json'), 'utf8')) as EvaluationObjectsView;
    const bytesOf = (sha: string) => Buffer.from(x.objects.find((o) => o.sha256 === sha)!.base64, 'base64');
    const manifest = JSON.parse(bytesOf(x.manifestSha256).toString('utf8')) as EvaluationManifest;
    const target = manifest.sheets.find((s) => s.stage === 'scores')!;
    const sheet = parseSheetBytes(bytesOf(target.sha256));
    const altered = Buffer.from(sheetBytes(sheetObject({ ...sheet, entries: sheet.entries.map((e) => (e.bid === '投标人3' && e.criterionId === 'T1' ? { ...e, score: '25' } : e)) })));
    const alteredSha = sha256Hex(altered);
    const forged = Buffer.from(canonicalJson({ ...manifest, sheets: manifest.sheets.map((s) => (s.sha256 === target.sha256 ? { ...s, sha256: alteredSha } : s)) }));
    const forgedSha = sha256Hex(forged);
    const tampered: EvaluationObjectsView = {
      ...x,
      manifestSha256: forgedSha,
      sheets: x.sheets.map((s) => (s.sha256 === target.sha256 ? { ...s, sha256: alteredSha } : s)),
      objects: [...x.objects, { sha256: alteredSha, base64: altered.toString('base64') }, { sha256: forgedSha, base64: forged.toString('base64') }],
    };
    fs.writeFileSync(p('tampered.json'), JSON.stringify(tampered));
    const r = await cli(['replay-evaluation', '--from', p('tampered.json'), '--ca', p('root.pem')]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('MISMATCH — ');
    expect(r.out).toContain('REPLAY_SIGNATURE_INVALID (SIGNATURE_INVALID)');
    expect(r.out).toContain(`recorded result:   ${resultSha256}`);
  });

  it('another root CA: the signatures do not chain to it → MISMATCH; a bidder gets no export; usage errors exit 64', async () => {
    const other = await ensureDevPki(p('other-pki'), { now: new Date('2026-01-01T00:00:00Z') });
    fs.writeFileSync(p('other-root.pem'), other.rootCertPem);
    const r = await cli(['replay-evaluation', '--from', p('objects.json'), '--ca', p('other-root.pem')]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('CERT_UNTRUSTED');
    const bidder = await cli(['replay-evaluation', '--server', base, '--user', 'bidder1', '--evaluation', String(evaluationId), '--ca', p('root.pem')]);
    expect(bidder.code).toBe(1);
    expect(bidder.out).toMatch(/^error: FORBIDDEN/);
    expect((await cli(['replay-evaluation', '--from', p('objects.json')])).code).toBe(64);
    expect((await cli(['replay-evaluation', '--from', p('objects.json'), '--server', base, '--ca', p('root.pem')])).code).toBe(64);
  });
});
