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
import { engComprehensive } from '@ebid/domain/evaluation/test-fixtures';
import { closeStage, mySheet } from '@ebid/services';
import { beginReview, complianceEntries, draftAndSign, evaluationKit, reviewKit, setOpeningK } from '@ebid/services/evaluation/review-test-kit';
import { TEST_START, useDemoTestDeps, type TestDeps } from '@ebid/testing';
import { resultOf, signAndVerify } from './evaluation-kit.ts';

let deps: TestDeps;
useDemoTestDeps((d) => (deps = d), { clockStart: TEST_START });

describe('engineering 综合评估法: five members, trimmed mean, K (issue 22 §7)', () => {
  it('publication → opening → committee → compliance → scores → signed report, replayed', async () => {
    const bids = [
      // all within the section's ceiling of 8,000,000 yuan
      { username: 'bidder1', priceFen: 7_600_000_00 },
      { username: 'bidder2', priceFen: 7_800_000_00 },
      { username: 'bidder3', priceFen: 7_500_000_00 },
      { username: 'bidder4', priceFen: 7_700_000_00 },
      { username: 'bidder5', priceFen: 7_900_000_00 },
    ];
    const kit = await evaluationKit(deps, { method: engComprehensive(), bids });
    await setOpeningK(deps, kit.projectId, '0.9800');
    const r = reviewKit(kit);
    const evaluationId = kit.evaluationId;
    await beginReview(deps, r);
    const labels = ['投标人1', '投标人2', '投标人3', '投标人4', '投标人5'];
    // One member fails 投标人5 on R1; the majority passes it (a recorded dissent).
    for (const [i, m] of kit.members.entries()) {
      const fails = i === 0 ? [{ bid: '投标人5', criterionId: 'R1', reason: '投标有效期不足90日' }] : [];
      await draftAndSign(deps, r, m, 'compliance', complianceEntries(labels, ['Q1', 'R1'], fails));
    }
    expect(await closeStage(deps, await r.ctx(r.chair), { evaluationId })).toMatchObject({ status: 'scoring' });
    const sheet = await mySheet(deps, await r.ctx(r.chair), { evaluationId, stage: 'scores' });
    expect(sheet.bids).toEqual(labels);
    // Member i gives every bid T1 = 15 + i, T2 = 5 + i/2, C1 = 4 (objective: all agree).
    for (const [i, m] of kit.members.entries()) {
      const entries = labels.flatMap((bid, b) => [
        { bid, criterionId: 'T1', score: String(15 + i + (b % 2)) },
        { bid, criterionId: 'T2', score: String(5 + i / 2) },
        { bid, criterionId: 'C1', score: '4' },
      ]);
      await draftAndSign(deps, r, m, 'scores', entries);
    }
    expect(await closeStage(deps, await r.ctx(r.chair), { evaluationId })).toMatchObject({ status: 'reporting' });
    const result = await resultOf(deps, evaluationId);
    expect(result.status).toBe('complete');
    expect(result.k).toBe('0.98');
    // Five members: each bid's criteria score drops the highest and the lowest member total (S6).
    for (const b of result.bids) expect(b.droppedMembers).toHaveLength(2);
    // The base: drop the highest (7.9 M) and lowest (7.5 M) price, the mean of the rest (7.7 M) × K 0.98.
    expect(result.basePriceYuan).toBe('7546000.00');
    expect(result.ranking.map((x) => x.rank)).toEqual([1, 2, 3, 4, 5]);
    expect(result.candidates.decided.length).toBeLessThanOrEqual(3);
    await signAndVerify(deps, r);
  }, 240_000);
});
