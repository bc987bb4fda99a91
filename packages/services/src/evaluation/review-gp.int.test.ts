/**
 * O2 (政府采购法 §36) on PostgreSQL + S3: a GP 公开招标 evaluated by 综合评分法 with 3 bids, two of them
 * failed by the majority of the committee — fewer than 3 qualified and responsive suppliers, so the
 * evaluation stops and the procurement fails: status `failed` with the reason, audited, and nothing of the
 * review can be done any more.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditEvents, evaluations } from '@ebid/db';
import { gpComprehensive } from '@ebid/domain/evaluation/test-fixtures';
import { appError } from '@ebid/api/test-client';
import { TEST_START, useDemoTestDeps, type TestDeps } from '@ebid/testing';
import { closeStage } from './review.ts';
import { beginReview, complianceEntries, draftAndSign, evaluationKit, reviewKit, scoreEntries, type ReviewKit } from './review-test-kit.ts';
import { saveSheetDraft } from './sheets.ts';

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

describe('GP: fewer than 3 compliant bids stop the evaluation (O2)', () => {
  it('two bids failed by the majority → failed with the reason, audited; the review is closed', async () => {
    const bids = ['投标人1', '投标人2', '投标人3'];
    for (const [i, m] of r.kit.members.entries()) {
      const fails = [
        ...(i < 3 ? [{ bid: '投标人2', criterionId: 'Q1', reason: '未提供有效的营业执照' }] : []),
        ...(i >= 2 ? [{ bid: '投标人3', criterionId: 'R1', reason: '交货期不满足招标文件要求' }] : []),
      ];
      await draftAndSign(deps, r, m, 'compliance', complianceEntries(bids, ['Q1', 'R1'], fails));
    }
    const closed = await closeStage(deps, await r.ctx(r.chair), { evaluationId });
    expect(closed).toMatchObject({ status: 'failed', closed: 'compliance' });
    expect(closed.failureReason).toContain('不足三家');
    const [e] = await deps.db.select().from(evaluations).where(eq(evaluations.id, evaluationId));
    expect(e).toMatchObject({ status: 'failed', failureReason: closed.failureReason });
    expect(e!.failedAt).not.toBeNull();
    const [ev] = await deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'evaluation.failed'));
    expect(ev!.payload).toMatchObject({ reason: 'GP_FEWER_THAN_THREE', rule: 'O2', valid: 1 });
    expect(ev!.objectHashes).toHaveLength(5);
    expect((await appError(saveSheetDraft(deps, await r.ctx(r.kit.members[0]!), { evaluationId, stage: 'scores', entries: scoreEntries({ 投标人1: { C1: '3' } }) }))).details).toMatchObject({ reason: 'STAGE_NOT_OPEN' });
    expect((await appError(closeStage(deps, await r.ctx(r.chair), { evaluationId }))).details).toMatchObject({ reason: 'STAGE_NOT_OPEN' });
  });
});
