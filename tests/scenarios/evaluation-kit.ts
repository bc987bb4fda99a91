/**
 * The evaluation scenarios' shared steps (issue 22 §7): the stored result, and the end of every evaluation —
 * each member signs the sealed report, openssl verifies each CMS (report and score sheets) against the platform root, the replay
 * from the signed objects matches (S11).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { evaluations } from '@ebid/db';
import type { EvaluationResult } from '@ebid/domain/evaluation';
import { verifySealedPdf } from '@ebid/pdf';
import { evaluationObjects, evaluationReport, evaluationReportPdf, replayEvaluation, reportSignatures, signEvaluationReport } from '@ebid/services';
import type { ReviewKit } from '@ebid/services/evaluation/review-test-kit';
import { contextAs, type TestDeps } from '@ebid/testing';

export async function bytesOf(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c as Uint8Array));
  return Buffer.concat(chunks);
}

export async function resultOf(deps: TestDeps, evaluationId: number): Promise<EvaluationResult> {
  const [e] = await deps.db.select().from(evaluations).where(eq(evaluations.id, evaluationId));
  return JSON.parse((await bytesOf(await deps.storage.get(e!.resultSha256!))).toString('utf8')) as EvaluationResult;
}

/** Every member signs the sealed report; openssl verifies each CMS against the platform root; the replay matches. */
export async function signAndVerify(deps: TestDeps, r: ReviewKit): Promise<void> {
  const evaluationId = r.kit.evaluationId;
  const report = await evaluationReport(deps, await r.ctx(r.chair), { evaluationId });
  const pdf = await bytesOf((await evaluationReportPdf(deps, await r.ctx(r.chair), { evaluationId })).stream);
  expect((await verifySealedPdf(pdf, { trustedRootsPem: [deps.pki.platform.rootCertPem], at: deps.clock.now() })).ok).toBe(true);
  for (const m of r.kit.members) await signEvaluationReport(deps, await r.ctx(m), { evaluationId, reportSha256: report.reportSha256!, signatureBase64: m.signB64(pdf) });
  const [e] = await deps.db.select().from(evaluations).where(eq(evaluations.id, evaluationId));
  expect(e!.status).toBe('signed');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-eval-scenario-'));
  fs.writeFileSync(path.join(dir, 'report.pdf'), pdf);
  fs.writeFileSync(path.join(dir, 'root.pem'), deps.pki.platform.rootCertPem);
  const sigs = await reportSignatures(deps, await contextAs(deps, 'staff'), { evaluationId });
  expect(sigs.signatures).toHaveLength(r.kit.members.length);
  for (const [i, s] of sigs.signatures.entries()) {
    fs.writeFileSync(path.join(dir, `sig${i}.der`), Buffer.from(s.cmsBase64, 'base64'));
    // -purpose any: the members' certificates are signing certificates (no S/MIME usage)
    execFileSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', path.join(dir, `sig${i}.der`), '-content', path.join(dir, 'report.pdf'), '-CAfile', path.join(dir, 'root.pem'), '-purpose', 'any', '-out', '/dev/null'], { stdio: 'pipe' });
  }
  // Every member's signed sheets too (S11): the object and its detached CMS, by hash, verified by openssl.
  const objects = await evaluationObjects(deps, await contextAs(deps, 'staff'), { evaluationId });
  const byHash = new Map(objects.objects.map((o) => [o.sha256, Buffer.from(o.base64, 'base64')]));
  expect(objects.sheets.length).toBeGreaterThanOrEqual(2 * r.kit.members.length);
  for (const [i, sh] of objects.sheets.entries()) {
    fs.writeFileSync(path.join(dir, `sheet${i}.json`), byHash.get(sh.sha256)!);
    fs.writeFileSync(path.join(dir, `sheet${i}.der`), byHash.get(sh.cmsSha256)!);
    execFileSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', path.join(dir, `sheet${i}.der`), '-content', path.join(dir, `sheet${i}.json`), '-CAfile', path.join(dir, 'root.pem'), '-purpose', 'any', '-out', '/dev/null'], { stdio: 'pipe' });
  }
  fs.rmSync(dir, { recursive: true, force: true });
  const replay = await replayEvaluation(deps, await contextAs(deps, 'staff'), { evaluationId });
  expect(replay.matches).toBe(true);
  expect(replay.resultSha256).toBe(e!.resultSha256);
}
