/**
 * R87 §31 on PostgreSQL + S3: in a GP 公开招标 the chair records the core product's brand of each bid; two
 * of the three valid bids offer the same brand (written differently), so they count as one supplier: fewer
 * than three (O2, CG §36) — the evaluation fails and its result, replayed from the objects, says so.
 * Bad input (a brand with a control character) is refused and changes nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, evaluationBidInputs, evaluations } from '@ebid/db';
import { gpComprehensive } from '@ebid/domain/evaluation/test-fixtures';
import { appError } from '@ebid/api/test-client';
import { contextAs, TEST_START, useDemoTestDeps, type TestDeps } from '@ebid/testing';
import { recordBidInput } from './bid-inputs.ts';
import { replayEvaluation } from './replay.ts';
import { closeStage } from './review.ts';
import { beginReview, complianceEntries, draftAndSign, evaluationKit, reviewKit, type ReviewKit } from './review-test-kit.ts';

let deps: TestDeps;
useDemoTestDeps((d) => (deps = d), { clockStart: TEST_START });

let r: ReviewKit;
let evaluationId: number;

beforeAll(async () => {
  const kit = await evaluationKit(deps, { method: gpComprehensive(), project: { tradeType: 'procurement', method: 'open', budgetFen: 880_000_000 } });
  r = reviewKit(kit);
  evaluationId = kit.evaluationId;
  await beginReview(deps, r);
}, 180_000);

describe('the same-brand rule (R87 §31)', () => {
  it('the chair records brands; a brand with a control character is refused and changes nothing', async () => {
    const chair = await r.ctx(r.chair);
    const bad = await appError(recordBidInput(deps, chair, { evaluationId, bid: '投标人1', brand: 'Hua\u0000wei' }));
    expect(bad.details).toMatchObject({ field: 'brand', reason: 'BRAND_INVALID' });
    expect(await deps.db.select().from(evaluationBidInputs).where(eq(evaluationBidInputs.evaluationId, evaluationId))).toEqual([]);
    expect(await recordBidInput(deps, chair, { evaluationId, bid: '投标人1', brand: ' Huawei ' })).toMatchObject({ bid: '投标人1', brand: 'Huawei' });
    expect(await recordBidInput(deps, chair, { evaluationId, bid: '投标人2', brand: 'ＨＵＡＷＥＩ' })).toMatchObject({ brand: 'ＨＵＡＷＥＩ' });
    expect(await recordBidInput(deps, chair, { evaluationId, bid: '投标人3', brand: '中兴' })).toMatchObject({ brand: '中兴' });
    // blank clears
    expect(await recordBidInput(deps, chair, { evaluationId, bid: '投标人3', brand: '  ' })).toMatchObject({ brand: null });
    const [audited] = await deps.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'evaluation.bid_input'), eq(auditEvents.subjectId, String(evaluationId))));
    expect(audited!.payload).toMatchObject({ bid: '投标人1', brand: 'Huawei', rules: ['R87 §31'] });
  });

  it('three valid bids, two of one brand: two suppliers — the evaluation fails (O2); the replay agrees', async () => {
    const bids = ['投标人1', '投标人2', '投标人3'];
    for (const m of r.kit.members) await draftAndSign(deps, r, m, 'compliance', complianceEntries(bids, ['Q1', 'R1']));
    const closed = await closeStage(deps, await r.ctx(r.chair), { evaluationId });
    expect(closed).toMatchObject({ status: 'failed', closed: 'compliance' });
    expect(closed.failureReason).toContain('不足三家（2家）');
    const [ev] = await deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'evaluation.failed'));
    expect(ev!.payload).toMatchObject({ reason: 'GP_FEWER_THAN_THREE', valid: 2 });
    const [e] = await deps.db.select().from(evaluations).where(eq(evaluations.id, evaluationId));
    expect(e!.status).toBe('failed');
    expect(await replayEvaluation(deps, await contextAs(deps, 'staff'), { evaluationId })).toMatchObject({ matches: true, problem: null });
  });
});
