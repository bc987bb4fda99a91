/**
 * The review on PostgreSQL + S3 (issue 22 §2–§4; S5, S8, S11): a 综合评估法 evaluation with 5 members and 4
 * bids, from the first draft to the result. Compliance by majority (one member's dissent with its reason, one
 * bid rejected by the majority), signed sheets stored by hash and referenced from the audit chain, scores
 * checked on save, an objective item that disagrees refused and then reconciled, the corrected price the
 * bidder confirmed (S8), the result in `reporting`, and the replay from the objects: it matches, and an
 * altered sheet does not. Every bad input of the issue gets its typed error and changes nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq, isNull } from 'drizzle-orm';
import { auditEvents, evaluationBidInputs, evaluationClarifications, evaluations, evaluationSheets } from '@ebid/db';
import { parseSheetBytes, sheetBytes, sheetObject, type EvaluationManifest, type EvaluationResult } from '@ebid/domain/evaluation';
import { engComprehensive } from '@ebid/domain/evaluation/test-fixtures';
import { appError } from '@ebid/api/test-client';
import { callerAs, certCallerAs, contextAs, TEST_START, useDemoTestDeps, type TestDeps } from '@ebid/testing';
import { recordBidInput } from './bid-inputs.ts';
import { canonicalBytes } from './manifest.ts';
import { evaluationObjects, replayEvaluation, replayFromObjects, storeReader } from './replay.ts';
import { closeStage } from './review.ts';
import { beginReview, complianceEntries, draftAndSign, evaluationKit, reviewKit, scoreEntries, setOpeningK, signMySheet, type ReviewKit } from './review-test-kit.ts';
import { mySheet, reopenSheet, saveSheetDraft, sha256Hex, sheetToSign } from './sheets.ts';

let deps: TestDeps;
useDemoTestDeps((d) => (deps = d), { clockStart: TEST_START });

const BIDS = ['投标人1', '投标人2', '投标人3', '投标人4'];
const ITEMS = ['Q1', 'R1'];
let r: ReviewKit;
let evaluationId: number;

beforeAll(async () => {
  const kit = await evaluationKit(deps, {
    method: engComprehensive(),
    bids: [
      { username: 'bidder1', priceFen: 750_000_000 },
      { username: 'bidder2', priceFen: 760_000_000 },
      { username: 'bidder3', priceFen: 770_000_000 },
      { username: 'bidder4', priceFen: 780_000_000 },
    ],
  });
  await setOpeningK(deps, kit.projectId, '0.98');
  r = reviewKit(kit);
  evaluationId = kit.evaluationId;
}, 180_000);

async function errOf(p: Promise<unknown>): Promise<{ code: string; reason: unknown; field?: unknown }> {
  const e = await appError(p);
  return { code: e.code, reason: e.details?.reason, ...(e.details?.field !== undefined ? { field: e.details.field } : {}) };
}

const member = (i: number) => r.kit.members[i]!;
const sheetRows = () => deps.db.select().from(evaluationSheets).where(eq(evaluationSheets.evaluationId, evaluationId));
const evaluation = async () => (await deps.db.select().from(evaluations).where(eq(evaluations.id, evaluationId)))[0]!;
const auditOf = (action: string) => deps.db.select().from(auditEvents).where(eq(auditEvents.action, action));

/** Member i's scores: the subjective ones vary a little by member; the objective C1 agrees unless told. */
function scoresOf(i: number, c1For1 = '4'): unknown[] {
  const h = (x: number) => String(x + (i % 3) * 0.5);
  return scoreEntries({
    投标人1: { T1: h(20), T2: String(8 + (i % 2) * 0.5), C1: c1For1 },
    投标人2: { T1: h(18), T2: '7.5', C1: '3' },
    投标人3: { T1: h(21), T2: '9', C1: '5' },
  });
}

describe('the review: compliance, scores, signed sheets, result and replay (issue 22 §2–§4)', () => {
  it('nothing is reviewed before the declaration (E3: DECLARATION_REQUIRED), and nothing is saved', async () => {
    const ctx = await r.ctx(member(1));
    expect(await errOf(saveSheetDraft(deps, ctx, { evaluationId, stage: 'compliance', entries: complianceEntries(BIDS, ITEMS) }))).toEqual({ code: 'INVALID_STATE', reason: 'DECLARATION_REQUIRED' });
    expect(await sheetRows()).toHaveLength(0);
    await beginReview(deps, r);
  });

  it('compliance drafts are checked on save: a failure needs its reason, labels and items must exist, the stage must be open', async () => {
    const ctx = await r.ctx(member(1));
    const save = (entries: unknown[], stage: 'compliance' | 'scores' = 'compliance') => errOf(saveSheetDraft(deps, ctx, { evaluationId, stage, entries }));
    expect(await save([{ bid: '投标人2', criterionId: 'Q1', pass: false, reason: '  ' }])).toEqual({ code: 'VALIDATION', reason: 'REASON_REQUIRED', field: 'entries.投标人2.Q1' });
    expect(await save([{ bid: '投标人9', criterionId: 'Q1', pass: true, reason: null }])).toEqual({ code: 'VALIDATION', reason: 'BID_UNKNOWN', field: 'entries.投标人9.Q1' });
    expect(await save([{ bid: '投标人1', criterionId: 'T1', pass: true, reason: null }])).toEqual({ code: 'VALIDATION', reason: 'CRITERION_UNKNOWN', field: 'entries.投标人1.T1' });
    expect(await save(scoreEntries({ 投标人1: { T1: '20' } }), 'scores')).toEqual({ code: 'INVALID_STATE', reason: 'STAGE_NOT_OPEN' });
    expect(await sheetRows()).toHaveLength(0);
    // an incomplete draft saves, but cannot be signed
    const v = await saveSheetDraft(deps, ctx, { evaluationId, stage: 'compliance', entries: complianceEntries(['投标人1'], ITEMS) });
    expect(v).toMatchObject({ stage: 'compliance', bids: BIDS, items: ITEMS, signed: false });
    expect(await errOf(sheetToSign(deps, ctx, { evaluationId, stage: 'compliance' }))).toEqual({ code: 'VALIDATION', reason: 'ENTRY_MISSING', field: 'entries.投标人2.Q1' });
  });

  it('compliance: signed sheets by hash (another member’s signature refused, edits after signing refused); the majority decides', async () => {
    // member 4 fails 投标人2 on Q1 (outvoted); members 0–2 fail 投标人4 on R1 (the majority: rejected)
    const fails = (i: number) => [
      ...(i === 4 ? [{ bid: '投标人2', criterionId: 'Q1', reason: '资质证书已过期' }] : []),
      ...(i <= 2 ? [{ bid: '投标人4', criterionId: 'R1', reason: '投标有效期不足90日历天' }] : []),
    ];
    for (let i = 0; i < 5; i++) await saveSheetDraft(deps, await r.ctx(member(i)), { evaluationId, stage: 'compliance', entries: complianceEntries(BIDS, ITEMS, fails(i)) });
    // a signature by another member over the exact bytes is refused; nothing is signed
    expect(await errOf(signMySheet(deps, r, member(1), 'compliance', member(2)))).toEqual({ code: 'VALIDATION', reason: 'SIGNER_NOT_USER' });
    // the chair cannot close before everyone signed
    const signed0 = await signMySheet(deps, r, member(0), 'compliance');
    expect(await errOf(closeStage(deps, await r.ctx(r.chair), { evaluationId }))).toEqual({ code: 'INVALID_STATE', reason: 'SHEETS_UNSIGNED' });
    for (let i = 1; i < 5; i++) await signMySheet(deps, r, member(i), 'compliance');
    // edits after signing
    expect(await errOf(saveSheetDraft(deps, await r.ctx(member(0)), { evaluationId, stage: 'compliance', entries: complianceEntries(BIDS, ITEMS) }))).toEqual({ code: 'INVALID_STATE', reason: 'SHEET_SIGNED' });
    // the signed object is in the store under its hash, and the audit chain references it with its CMS
    const bytes = await storeReader(deps)(signed0.sha256);
    const o = parseSheetBytes(bytes);
    expect(o).toMatchObject({ evaluationId, stage: 'compliance', memberId: String(member(0).userId), round: 1 });
    const [row] = await deps.db.select().from(evaluationSheets).where(and(eq(evaluationSheets.sha256, signed0.sha256), isNull(evaluationSheets.voidedAt)));
    const ev = (await auditOf('evaluation.sheet_signed')).find((x) => (x.payload as { sha256: string }).sha256 === signed0.sha256);
    expect(ev!.objectHashes).toEqual([signed0.sha256, sha256Hex(Buffer.from(row!.cms!, 'base64'))]);
    // only the chair closes
    expect(await errOf(closeStage(deps, await r.ctx(member(1)), { evaluationId }))).toEqual({ code: 'FORBIDDEN', reason: 'NOT_CHAIR' });
    expect(await closeStage(deps, await r.ctx(r.chair), { evaluationId })).toEqual({ status: 'scoring', closed: 'compliance', failureReason: null, failureNoticeId: null });
    const [decided] = await auditOf('evaluation.compliance_decided');
    const bids = (decided!.payload as { bids: { bid: string; passed: boolean; failed: { criterion: string; failVotes: number; reasons: string[] }[] }[] }).bids;
    expect(bids.find((b) => b.bid === '投标人2')).toMatchObject({ passed: true, failed: [] });
    expect(bids.find((b) => b.bid === '投标人4')).toMatchObject({ passed: false, failed: [{ criterion: 'R1', failVotes: 3, reasons: ['投标有效期不足90日历天', '投标有效期不足90日历天', '投标有效期不足90日历天'] }] });
    expect(decided!.objectHashes).toHaveLength(5);
    expect((await evaluation()).complianceDecidedAt).not.toBeNull();
  });

  it('scores are checked on save: range, decimals, step, only the bids that passed compliance', async () => {
    const ctx = await r.ctx(member(1));
    const save = (table: Record<string, Record<string, string>>) => errOf(saveSheetDraft(deps, ctx, { evaluationId, stage: 'scores', entries: scoreEntries(table) }));
    expect(await save({ 投标人1: { T1: '25.5' } })).toEqual({ code: 'VALIDATION', reason: 'SCORE_OUT_OF_RANGE', field: 'scores.投标人1.T1' });
    expect(await save({ 投标人1: { T1: '20.25' } })).toEqual({ code: 'VALIDATION', reason: 'SCORE_TOO_MANY_DECIMALS', field: 'scores.投标人1.T1' });
    expect(await save({ 投标人1: { T2: '7.3' } })).toEqual({ code: 'VALIDATION', reason: 'SCORE_OFF_STEP', field: 'scores.投标人1.T2' });
    expect(await save({ 投标人1: { C1: '-1' } })).toMatchObject({ code: 'VALIDATION', reason: 'SCORE_NOT_DECIMAL' });
    expect(await save({ 投标人4: { T1: '20' } })).toEqual({ code: 'VALIDATION', reason: 'BID_UNKNOWN', field: 'entries.投标人4.T1' });
    expect(await save({ 投标人1: { Q1: '1' } })).toEqual({ code: 'VALIDATION', reason: 'CRITERION_UNKNOWN', field: 'entries.投标人1.Q1' });
    expect((await sheetRows()).filter((s) => s.stage === 'scores')).toHaveLength(0);
    const v = await mySheet(deps, ctx, { evaluationId, stage: 'scores' });
    expect(v).toMatchObject({ bids: ['投标人1', '投标人2', '投标人3'], items: ['T1', 'T2', 'C1'], entries: [], signed: false });
  });

  it('S8: a corrected price needs the bidder’s answered clarification; the chair records the inputs, checked', async () => {
    const chair = await r.ctx(r.chair);
    const bid1 = r.kit.bids[0]!.bidId;
    expect(await errOf(recordBidInput(deps, chair, { evaluationId, bid: '投标人1', correctedPriceFen: 749_000_000 }))).toEqual({ code: 'VALIDATION', reason: 'CORRECTION_NOT_CONFIRMED', field: 'clarificationId' });
    const now = deps.clock.now();
    const [asked] = await deps.db
      .insert(evaluationClarifications)
      .values({ evaluationId, bidId: bid1, question: '投标函大写金额与小写金额不一致，请确认按大写金额修正后的报价。', askedBy: r.chair.userId, askedAt: now, answerBy: new Date(now.getTime() + 3_600_000) })
      .returning();
    expect(await errOf(recordBidInput(deps, chair, { evaluationId, bid: '投标人1', correctedPriceFen: 749_000_000, clarificationId: asked!.id }))).toMatchObject({ reason: 'CORRECTION_NOT_CONFIRMED' });
    await deps.db.update(evaluationClarifications).set({ answer: '确认按大写金额修正，报价为柒亿肆仟玖佰万元。', answeredAt: now }).where(eq(evaluationClarifications.id, asked!.id));
    // another bid's clarification does not confirm this one
    expect(await errOf(recordBidInput(deps, chair, { evaluationId, bid: '投标人2', correctedPriceFen: 759_000_000, clarificationId: asked!.id }))).toMatchObject({ reason: 'CORRECTION_NOT_CONFIRMED' });
    expect(await errOf(recordBidInput(deps, await r.ctx(member(1)), { evaluationId, bid: '投标人1', correctedPriceFen: 749_000_000, clarificationId: asked!.id }))).toEqual({ code: 'FORBIDDEN', reason: 'NOT_CHAIR' });
    expect(await errOf(recordBidInput(deps, chair, { evaluationId, bid: '投标人1', costFinding: 'justified' }))).toEqual({ code: 'VALIDATION', reason: 'NOT_ABNORMALLY_LOW', field: 'costFinding' });
    expect(await errOf(recordBidInput(deps, chair, { evaluationId, bid: '投标人1', policy: { kind: 'sme', smeShare: null, evidence: ' ' } }))).toMatchObject({ code: 'VALIDATION', reason: 'POLICY_EVIDENCE_MISSING' });
    expect(await errOf(recordBidInput(deps, chair, { evaluationId, bid: '投标人1', adjustmentsFen: { A1: 100 } }))).toMatchObject({ code: 'VALIDATION', reason: 'ADJUSTMENT_NOT_IN_METHOD' });
    expect(await deps.db.select().from(evaluationBidInputs).where(eq(evaluationBidInputs.evaluationId, evaluationId))).toHaveLength(0);
    const v = await recordBidInput(deps, chair, { evaluationId, bid: '投标人1', correctedPriceFen: 749_000_000, clarificationId: asked!.id });
    expect(v).toMatchObject({ bid: '投标人1', correctedPriceFen: 749_000_000, costFinding: null });
    const [ev] = await auditOf('evaluation.bid_input');
    expect(ev!.payload).toMatchObject({ bid: '投标人1', correctedPriceFen: 749_000_000, clarificationId: asked!.id, rules: ['S8'] });
  });

  it('S5: an objective item that disagrees stops the stage; the member re-opens its sheet and may change objective items only', async () => {
    // member 3 scores the objective C1 of 投标人1 differently
    for (let i = 0; i < 5; i++) await draftAndSign(deps, r, member(i), 'scores', scoresOf(i, i === 3 ? '5' : '4'));
    const chair = await r.ctx(r.chair);
    const refused = await appError(closeStage(deps, chair, { evaluationId }));
    expect(refused.details).toMatchObject({ reason: 'OBJECTIVE_DISAGREEMENT', rule: 'S5', items: [{ bid: '投标人1', criterion: 'C1' }] });
    expect((await evaluation()).status).toBe('scoring');
    // re-open: the signed sheet is voided (kept), a draft with the same entries takes its place
    const ctx3 = await r.ctx(member(3));
    expect(await errOf(reopenSheet(deps, ctx3, { evaluationId, stage: 'compliance' }))).toEqual({ code: 'INVALID_STATE', reason: 'STAGE_NOT_OPEN' });
    const reopened = await reopenSheet(deps, ctx3, { evaluationId, stage: 'scores' });
    expect(reopened.signed).toBe(false);
    const voided = (await sheetRows()).filter((s) => s.voidReason === 'objective_reconcile');
    expect(voided).toHaveLength(1);
    expect(voided[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    // a subjective score may not change while reconciling
    expect(await errOf(saveSheetDraft(deps, ctx3, { evaluationId, stage: 'scores', entries: scoresOf(3, '4').map((e) => ((e as { criterionId: string; bid: string }).criterionId === 'T1' && (e as { bid: string }).bid === '投标人2' ? { ...(e as object), score: '10' } : e)) }))).toEqual({
      code: 'INVALID_STATE',
      reason: 'RECONCILE_OBJECTIVE_ONLY',
      field: 'entries.投标人2.T1',
    });
    await draftAndSign(deps, r, member(3), 'scores', scoresOf(3, '4'));
    const [ev] = await auditOf('evaluation.sheet_reopened');
    expect(ev!.payload).toMatchObject({ stage: 'scores', reason: 'objective_reconcile', rule: 'S5', items: [{ bid: '投标人1', criterion: 'C1' }] });
  });

  it('the result: status reporting, the manifest and the result stored by hash and referenced from the audit chain, ranked', async () => {
    expect(await closeStage(deps, await r.ctx(r.chair), { evaluationId })).toEqual({ status: 'reporting', closed: 'scores', failureReason: null, failureNoticeId: null });
    const e = await evaluation();
    expect(e.status).toBe('reporting');
    const read = storeReader(deps);
    const manifest = JSON.parse(new TextDecoder().decode(await read(e.manifestSha256!))) as EvaluationManifest;
    expect(manifest.members).toHaveLength(5);
    expect(manifest.k).toBe('0.9800');
    expect(manifest.ceilingFen).toBe(800_000_000);
    expect(manifest.sheets).toHaveLength(10); // 5 compliance + 5 scores (the voided one is not there)
    expect(manifest.bids.find((b) => b.label === '投标人1')).toMatchObject({ openedPriceFen: 750_000_000, correctedPriceFen: 749_000_000 });
    const result = JSON.parse(new TextDecoder().decode(await read(e.resultSha256!))) as EvaluationResult;
    expect(result.status).toBe('complete');
    const id = (label: string) => String(manifest.bids.find((b) => b.label === label)!.bidId);
    expect(result.bids.find((b) => b.bidId === id('投标人4'))).toMatchObject({ status: 'rejected', rejection: 'COMPLIANCE_FAILED' });
    expect(result.bids.find((b) => b.bidId === id('投标人1'))).toMatchObject({ status: 'valid', priceFen: 749_000_000 });
    expect(result.ranking.map((x) => x.rank)).toEqual([1, 2, 3]);
    expect(result.candidates.decided).toHaveLength(3);
    const [ev] = await auditOf('evaluation.finished');
    expect(ev!.objectHashes.slice(0, 2)).toEqual([e.manifestSha256, e.resultSha256]);
    expect(ev!.objectHashes).toEqual(expect.arrayContaining(manifest.sheets.flatMap((s) => [s.sha256, s.cmsSha256])));
    // read-only now
    expect(await errOf(saveSheetDraft(deps, await r.ctx(member(2)), { evaluationId, stage: 'scores', entries: scoresOf(2) }))).toMatchObject({ code: 'INVALID_STATE', reason: 'REVIEW_CLOSED' });
    expect(await errOf(recordBidInput(deps, await r.ctx(r.chair), { evaluationId, bid: '投标人2', costFinding: null }))).toEqual({ code: 'INVALID_STATE', reason: 'STAGE_NOT_OPEN' });
    expect(await errOf(closeStage(deps, await r.ctx(r.chair), { evaluationId }))).toEqual({ code: 'INVALID_STATE', reason: 'STAGE_NOT_OPEN' });
  });

  it('the replay from the objects matches, for the center and a member; the export is the center’s and the supervisors’', async () => {
    const e = await evaluation();
    for (const ctx of [await contextAs(deps, 'staff'), await r.ctx(member(2))]) {
      expect(await replayEvaluation(deps, ctx, { evaluationId })).toEqual({ matches: true, manifestSha256: e.manifestSha256, resultSha256: e.resultSha256, storedResultSha256: e.resultSha256, problem: null });
    }
    expect(await errOf(evaluationObjects(deps, await r.ctx(member(2)), { evaluationId }))).toEqual({ code: 'FORBIDDEN', reason: 'NOT_CENTER_OR_SUPERVISOR' });
    expect((await errOf(replayEvaluation(deps, await contextAs(deps, 'bidder1'), { evaluationId }))).code).toBe('NOT_FOUND');
    const x = await evaluationObjects(deps, await contextAs(deps, 'staff'), { evaluationId });
    expect(x.sheets).toHaveLength(10);
    expect(x.objects).toHaveLength(2 + 20);
    for (const o of x.objects) expect(sha256Hex(Buffer.from(o.base64, 'base64'))).toBe(o.sha256);
  });

  it('through the API: the sheets, the replay and the export pass their output contracts', async () => {
    const m = await certCallerAs(deps, member(2).sign);
    const compliance = await m.evaluation.sheet({ evaluationId, stage: 'compliance' });
    expect(compliance).toMatchObject({ signed: true, bids: BIDS });
    expect(compliance.entries.find((x) => x.bid === '投标人4' && x.criterionId === 'R1')).toEqual({ bid: '投标人4', criterionId: 'R1', pass: false, reason: '投标有效期不足90日历天' });
    expect((await m.evaluation.sheet({ evaluationId, stage: 'scores' })).entries).toHaveLength(9);
    expect(await m.evaluation.replay({ evaluationId })).toMatchObject({ matches: true });
    const staff = await callerAs(deps, 'staff');
    expect((await staff.evaluation.objects({ evaluationId })).sheets).toHaveLength(10);
  });

  it('a replay with an altered sheet does not match: re-hashed, its signature fails; unsigned, the result differs; in place, the hash fails', async () => {
    const e = await evaluation();
    const read = storeReader(deps);
    const manifest = JSON.parse(new TextDecoder().decode(await read(e.manifestSha256!))) as EvaluationManifest;
    // Member 0's sheet: its 投标人2 total (28.5) is never the one the trimmed mean drops as the highest, so +3 on
    // T1 always changes the ranking's numbers (the members are drawn at random, so "the first sheet" is not
    // always the same member: the highest's, +3, would leave the result unchanged).
    const target = manifest.sheets.find((s) => s.stage === 'scores' && s.memberId === String(member(0).userId))!;
    const original = parseSheetBytes(await read(target.sha256));
    // one score changed: T1 of 投标人2 up by 3 points, the object re-built canonical and re-hashed
    const altered = sheetBytes(sheetObject({ ...original, entries: original.entries.map((x) => (x.bid === '投标人2' && x.criterionId === 'T1' ? { ...x, score: String(Number((x as { score: string }).score) + 3) } : x)) }));
    const alteredSha = sha256Hex(altered);
    const forged: EvaluationManifest = { ...manifest, sheets: manifest.sheets.map((s) => (s.sha256 === target.sha256 ? { ...s, sha256: alteredSha } : s)) };
    const forgedBytes = canonicalBytes(forged);
    const forgedSha = sha256Hex(forgedBytes);
    const overlay = new Map<string, Uint8Array>([
      [alteredSha, altered],
      [forgedSha, forgedBytes],
    ]);
    const get = (sha: string) => (overlay.has(sha) ? Promise.resolve(overlay.get(sha)!) : read(sha));
    // without checking signatures the ranking is recomputed, and it is not the recorded one
    const unsigned = await replayFromObjects(get, forgedSha);
    expect(unsigned.resultSha256).not.toBe(e.resultSha256);
    // checking signatures (as `ebid replay-evaluation` and the service do), the altered sheet is caught
    const { verifyCmsDetached } = await import('@ebid/pki');
    const verifyCms = async (bytes: Uint8Array, cms: Uint8Array) => {
      const c = verifyCmsDetached(cms, bytes, { trustedRootsPem: deps.pki.trustedRootsPem, at: deps.clock.now(), usage: 'signing' });
      if (!c.ok) throw new Error(c.reason);
    };
    expect((await appError(replayFromObjects(get, forgedSha, { verifyCms }))).details).toMatchObject({ reason: 'REPLAY_SIGNATURE_INVALID', sha256: alteredSha, cause: 'SIGNATURE_INVALID' });
    // the original passes the same check
    expect((await replayFromObjects(read, e.manifestSha256!, { verifyCms })).resultSha256).toBe(e.resultSha256);
    // the altered bytes under the original name: the hash fails
    const inPlace = (sha: string) => (sha === target.sha256 ? Promise.resolve(altered) : read(sha));
    expect((await appError(replayFromObjects(inPlace, e.manifestSha256!))).details).toMatchObject({ reason: 'REPLAY_OBJECT_ALTERED', sha256: target.sha256 });
    // a label mapping that is not the committed one
    const relabelled = canonicalBytes({ ...manifest, bids: manifest.bids.map((b) => (b.label === '投标人1' ? { ...b, label: '投标人2' } : b.label === '投标人2' ? { ...b, label: '投标人1' } : b)) });
    const relabelledSha = sha256Hex(relabelled);
    expect((await appError(replayFromObjects((sha) => (sha === relabelledSha ? Promise.resolve(relabelled) : read(sha)), relabelledSha))).details).toMatchObject({ reason: 'REPLAY_LABELS_ALTERED' });
  });
});
