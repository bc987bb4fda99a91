/**
 * A blind technical review (暗标, issue 22 §1–§2) and an abnormally low price (S7) on PostgreSQL + S3: the
 * technical part is scored under blind labels only; closing it reveals the mapping with the salt of its
 * commitment (anyone recomputes labelsSha256); the result waits for the committee's cost finding on the
 * flagged bid, and the replay maps blind labels back through the committed mapping.
 */
import crypto from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditEvents, evaluations, type EvaluationLabel } from '@ebid/db';
import { labelsCommitmentBytes, type EvaluationResult } from '@ebid/domain/evaluation';
import { engComprehensive } from '@ebid/domain/evaluation/test-fixtures';
import { appError } from '@ebid/api/test-client';
import { contextAs, TEST_START, useDemoTestDeps, type TestDeps } from '@ebid/testing';
import { recordBidInput } from './bid-inputs.ts';
import { replayEvaluation, storeReader } from './replay.ts';
import { closeStage } from './review.ts';
import { beginReview, complianceEntries, draftAndSign, evaluationKit, reviewKit, scoreEntries, setOpeningK, type ReviewKit } from './review-test-kit.ts';
import { mySheet, saveSheetDraft } from './sheets.ts';

let deps: TestDeps;
useDemoTestDeps((d) => (deps = d), { clockStart: TEST_START });

let r: ReviewKit;
let evaluationId: number;

beforeAll(async () => {
  const kit = await evaluationKit(deps, {
    method: engComprehensive({ abnormallyLow: { belowMeanOfOthers: '0.9' } }),
    blindTechnical: true,
    bids: [
      { username: 'bidder1', priceFen: 600_000_000 },
      { username: 'bidder2', priceFen: 760_000_000 },
      { username: 'bidder3', priceFen: 770_000_000 },
    ],
  });
  await setOpeningK(deps, kit.projectId, '0.97');
  r = reviewKit(kit, 1);
  evaluationId = kit.evaluationId;
  await beginReview(deps, r);
}, 180_000);

const evaluation = async () => (await deps.db.select().from(evaluations).where(eq(evaluations.id, evaluationId)))[0]!;
const chairCtx = () => r.ctx(r.chair);

describe('blind technical review and S7 (issue 22 §2)', () => {
  it('compliance passes every bid; the next stage is the blind technical one', async () => {
    for (const m of r.kit.members) await draftAndSign(deps, r, m, 'compliance', complianceEntries(['投标人1', '投标人2', '投标人3'], ['Q1', 'R1']));
    expect(await closeStage(deps, await chairCtx(), { evaluationId })).toMatchObject({ status: 'technical', closed: 'compliance' });
  });

  it('the technical stage names the bids by blind label only; a session label is unknown there; scores wait', async () => {
    const ctx = await r.ctx(r.kit.members[0]!);
    const v = await mySheet(deps, ctx, { evaluationId, stage: 'technical' });
    expect(v.items).toEqual(['T1', 'T2']);
    expect(v.bids).toHaveLength(3);
    for (const b of v.bids) expect(b).toMatch(/^暗标-[2-9A-Z]{4}$/);
    expect([...v.bids].sort()).toEqual(v.bids);
    expect((await appError(saveSheetDraft(deps, ctx, { evaluationId, stage: 'technical', entries: scoreEntries({ 投标人1: { T1: '20' } }) }))).details).toMatchObject({ reason: 'BID_UNKNOWN' });
    expect((await appError(saveSheetDraft(deps, ctx, { evaluationId, stage: 'scores', entries: scoreEntries({ 投标人1: { C1: '3' } }) }))).details).toMatchObject({ reason: 'STAGE_NOT_OPEN' });
    const e = await evaluation();
    expect(e.revealedAt).toBeNull();
    for (const [i, m] of r.kit.members.entries()) {
      const table = Object.fromEntries(v.bids.map((b, j) => [b, { T1: String(15 + j * 2 + (i % 2)), T2: String(6 + j) }]));
      await draftAndSign(deps, r, m, 'technical', scoreEntries(table));
    }
  });

  it('closing the technical stage reveals the mapping with its salt: the commitment checks', async () => {
    expect(await closeStage(deps, await chairCtx(), { evaluationId })).toMatchObject({ status: 'scoring', closed: 'technical' });
    const e = await evaluation();
    expect(e.revealedAt).not.toBeNull();
    const [ev] = await deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'evaluation.revealed'));
    const p = ev!.payload as { labels: EvaluationLabel[]; salt: string; labelsSha256: string };
    expect(crypto.createHash('sha256').update(labelsCommitmentBytes(p.salt, p.labels)).digest('hex')).toBe(e.labelsSha256);
    expect(ev!.objectHashes).toHaveLength(5);
    const v = await mySheet(deps, await r.ctx(r.kit.members[0]!), { evaluationId, stage: 'scores' });
    expect(v).toMatchObject({ bids: ['投标人1', '投标人2', '投标人3'], items: ['C1'] });
  });

  it('S7: the result waits for the cost finding on the abnormally low price; only a flagged bid takes one', async () => {
    for (const m of r.kit.members) await draftAndSign(deps, r, m, 'scores', scoreEntries({ 投标人1: { C1: '3' }, 投标人2: { C1: '4' }, 投标人3: { C1: '5' } }));
    const refused = await appError(closeStage(deps, await chairCtx(), { evaluationId }));
    expect(refused.code).toBe('INVALID_STATE');
    expect(refused.details).toMatchObject({ reason: 'ABNORMALLY_LOW_PENDING', rule: 'S7', bids: [{ bid: '投标人1' }] });
    const e = await evaluation();
    expect(e).toMatchObject({ status: 'scoring', manifestSha256: null, resultSha256: null });
    expect((await appError(recordBidInput(deps, await chairCtx(), { evaluationId, bid: '投标人2', costFinding: 'justified' }))).details).toMatchObject({ reason: 'NOT_ABNORMALLY_LOW', rule: 'S7' });
    await recordBidInput(deps, await chairCtx(), { evaluationId, bid: '投标人1', costFinding: 'justified' });
    expect(await closeStage(deps, await chairCtx(), { evaluationId })).toMatchObject({ status: 'reporting', closed: 'scores' });
  });

  it('the result merges the blind technical and the other scores per member; the replay matches', async () => {
    const e = await evaluation();
    const result = JSON.parse(new TextDecoder().decode(await storeReader(deps)(e.resultSha256!))) as EvaluationResult;
    expect(result.status).toBe('complete');
    const low = result.bids.find((b) => b.bidId === String(r.kit.bids[0]!.bidId))!;
    expect(low).toMatchObject({ status: 'valid', costCheck: 'justified' });
    expect(low.groupScores).toHaveProperty('technical');
    expect(low.groupScores).toHaveProperty('commercial');
    expect(await replayEvaluation(deps, await contextAs(deps, 'staff'), { evaluationId })).toMatchObject({ matches: true, problem: null });
  });
});
