/**
 * Issue 22 §7 (one of two files, one evaluation each): whole evaluations on PostgreSQL + S3, from the tender's publication (the kit publishes,
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
import { describe, expect, it } from 'vitest';
import { gpComprehensive } from '@ebid/domain/evaluation/test-fixtures';
import { closeStage, recordBidInput } from '@ebid/services';
import { beginReview, complianceEntries, draftAndSign, evaluationKit, reviewKit } from '@ebid/services/evaluation/review-test-kit';
import { TEST_START, useDemoTestDeps, type TestDeps } from '@ebid/testing';
import { resultOf, signAndVerify } from './evaluation-kit.ts';

let deps: TestDeps;
useDemoTestDeps((d) => (deps = d), { clockStart: TEST_START });

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
    const result = await resultOf(deps, evaluationId);
    const sme = result.bids.find((b) => b.deduction !== null)!;
    expect(sme.deduction?.applied).toBe(true);
    // 7,700,000 × 0.9 = 6,930,000 yuan: now the lowest evaluated price, so the base of the low-price-first score.
    expect(sme.evaluatedPriceFen).toBe(6_930_000_00);
    expect(result.basePriceYuan).toBe('6930000.00');
    expect(sme.priceScoreRaw).toBe('100.00');
    await signAndVerify(deps, r);
  }, 240_000);
});
