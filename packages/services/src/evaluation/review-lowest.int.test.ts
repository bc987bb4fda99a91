/**
 * 经评审的最低投标价法 on PostgreSQL + S3 (issue 22 §3): no scoring stage — the chair records the monetary
 * adjustments the docs list, closes the compliance review, and the result is computed straight away,
 * ranked by evaluated price; the replay matches.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { evaluations } from '@ebid/db';
import type { EvaluationResult } from '@ebid/domain/evaluation';
import { engLowest } from '@ebid/domain/evaluation/test-fixtures';
import { appError } from '@ebid/api/test-client';
import { contextAs, TEST_START, useDemoTestDeps, type TestDeps } from '@ebid/testing';
import { recordBidInput } from './bid-inputs.ts';
import { replayEvaluation, storeReader } from './replay.ts';
import { closeStage } from './review.ts';
import { beginReview, complianceEntries, draftAndSign, evaluationKit, reviewKit, type ReviewKit } from './review-test-kit.ts';
import { mySheet } from './sheets.ts';

let deps: TestDeps;
useDemoTestDeps((d) => (deps = d), { clockStart: TEST_START });

let r: ReviewKit;
let evaluationId: number;

beforeAll(async () => {
  const kit = await evaluationKit(deps, { method: engLowest() });
  r = reviewKit(kit);
  evaluationId = kit.evaluationId;
  await beginReview(deps, r);
}, 180_000);

describe('eng.lowest_evaluated_price: compliance, adjustments, the result', () => {
  it('there is no scoring stage', async () => {
    expect((await appError(mySheet(deps, await r.ctx(r.chair), { evaluationId, stage: 'scores' }))).details).toMatchObject({ reason: 'STAGE_NOT_IN_METHOD', field: 'stage' });
  });

  it('adjustments only for the factors the docs list, in whole fen; closing compliance gives the result', async () => {
    const chair = await r.ctx(r.chair);
    expect((await appError(recordBidInput(deps, chair, { evaluationId, bid: '投标人1', adjustmentsFen: { X9: 100 } }))).details).toMatchObject({ reason: 'ADJUSTMENT_UNKNOWN_FACTOR', field: 'adjustmentsFen.X9' });
    expect((await appError(recordBidInput(deps, chair, { evaluationId, bid: '投标人1', adjustmentsFen: { A1: 1.5 } }))).details).toMatchObject({ reason: 'ADJUSTMENT_INVALID' });
    // 投标人1 7,500,000 CNY + 200,000 CNY of adjustment → evaluated 7,700,000 CNY: 投标人2 (7,600,000 CNY) is now the lowest
    await recordBidInput(deps, chair, { evaluationId, bid: '投标人1', adjustmentsFen: { A1: 20_000_000 } });
    for (const m of r.kit.members) await draftAndSign(deps, r, m, 'compliance', complianceEntries(['投标人1', '投标人2', '投标人3'], ['Q1', 'R1']));
    expect(await closeStage(deps, chair, { evaluationId })).toEqual({ status: 'reporting', closed: 'compliance', failureReason: null, failureNoticeId: null });
    const [e] = await deps.db.select().from(evaluations).where(eq(evaluations.id, evaluationId));
    const result = JSON.parse(new TextDecoder().decode(await storeReader(deps)(e!.resultSha256!))) as EvaluationResult;
    const idOf = (i: number) => String(r.kit.bids[i]!.bidId);
    expect(result.ranking.map((x) => x.bidId)).toEqual([idOf(1), idOf(0), idOf(2)]);
    expect(result.bids.find((b) => b.bidId === idOf(0))).toMatchObject({ adjustmentsFen: 20_000_000, evaluatedPriceFen: 770_000_000 });
    expect(await replayEvaluation(deps, await contextAs(deps, 'supervisor'), { evaluationId })).toMatchObject({ matches: true });
  });
});
