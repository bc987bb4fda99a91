/**
 * The result (issue 22 §3, §4; S7, S11, O2), internal: called by the chair's `closeStage` (review.ts) in its
 * transaction when the last stage closes. It stores the manifest (manifest.ts) by SHA-256, computes the
 * result with the SAME function an outside replay runs (replay.ts `replayFromObjects`, from the stored
 * manifest and sheet objects — not from rows), stores the result as canonical JSON, and:
 * - complete → status `reporting`; the platform seals the report (report.ts `sealEvaluationReport`);
 * - failed (fewer valid bids than the law needs — at the compliance review, or once bids were found below
 *   cost: O2) → status `failed`, the section (or project) fails with the notice closeStage prepared
 *   (failure.ts), and the platform seals the report of the failure, which every member signs;
 * - needs_explanation (S7: an abnormally low price with no recorded finding) → refused, nothing changes:
 *   the committee asks the bidder for its written explanation, the chair records the finding
 *   (bid-inputs.ts), and closes the stage again.
 * The audit event references the manifest, the result and every sheet and CMS by hash.
 */
import { eq } from 'drizzle-orm';
import { projectChain } from '@ebid/audit';
import { evaluations, type Tx } from '@ebid/db';
import { AppError } from '@ebid/domain';
import { biddersFor } from '@ebid/domain/evaluation';
import { audit, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { publishLiveEvent } from '../live/hub.ts';
import { evaluationTopic, type LoadedEvaluation } from './access.ts';
import { planEvaluationFailure, recordEvaluationFailure, requireSameFailure, type PreparedEvaluationFailure } from './failure.ts';
import { buildManifest, canonicalBytes } from './manifest.ts';
import { replayFromObjects, storeReader } from './replay.ts';
import { sealEvaluationReport } from './report.ts';

export async function finishEvaluation(
  tx: Tx,
  deps: Pick<Deps, 'db' | 'clock' | 'pki' | 'storage' | 'config'>,
  ctx: RequestContext,
  l: LoadedEvaluation,
  /** the failure notice closeStage prepared when it predicted O2 (failure.ts); none → a failure is a CONFLICT */
  prepared: PreparedEvaluationFailure | null,
): Promise<{ status: 'reporting' | 'failed'; failureReason: string | null; failureNoticeId: number | null }> {
  const manifest = await buildManifest(tx, l);
  const stored = await deps.storage.put(canonicalBytes(manifest), { contentType: 'application/json' });
  const replay = await replayFromObjects(storeReader(deps), stored.sha256);
  const r = replay.result;
  if (r.status === 'needs_explanation') {
    const labelOf = new Map(manifest.bids.map((b) => [String(b.bidId), b.label]));
    throw new AppError(
      'INVALID_STATE',
      { zh: '有投标报价明显低于其他投标报价：请要求其书面说明，记录评审结论后再结束评审', en: 'A price is abnormally low: ask the bidder for a written explanation, record the finding, then close again' },
      { reason: 'ABNORMALLY_LOW_PENDING', rule: 'S7', bids: r.bids.filter((b) => b.costCheck === 'pending').map((b) => ({ bid: labelOf.get(b.bidId), ...b.abnormallyLow })) },
    );
  }
  const result = await deps.storage.put(canonicalBytes(r), { contentType: 'application/json', expectedSha256: replay.resultSha256 });
  const now = deps.clock.now();
  const objectHashes = [stored.sha256, result.sha256, ...manifest.sheets.flatMap((s) => [s.sha256, s.cmsSha256])];
  const payload = { evaluationId: l.e.id, round: l.e.round, manifestSha256: stored.sha256, resultSha256: result.sha256, status: r.status, sheets: manifest.sheets.length };
  if (r.status === 'failed') {
    const failureReason = r.stopReason?.zh ?? '评标终止';
    // the bidders O2 counted: GP bids of one brand count as one (R87 §31)
    const brandOf = new Map(manifest.bids.map((b) => [String(b.bidId), b.brand ?? null]));
    const valid = biddersFor(l.e.method.kind, r.bids.filter((b) => b.status === 'valid').map((b) => ({ brand: brandOf.get(b.bidId) ?? null })));
    const plan = await planEvaluationFailure(tx, l.p, l.s, l.e.method.kind, valid);
    const failureNoticeId = await recordEvaluationFailure(tx, deps, ctx, plan, requireSameFailure(prepared, plan));
    await tx.update(evaluations).set({ status: 'failed', failedAt: now, failureReason, manifestSha256: stored.sha256, resultSha256: result.sha256 }).where(eq(evaluations.id, l.e.id));
    await audit(tx, deps, ctx, {
      chain: projectChain(l.p.id),
      action: 'evaluation.failed',
      subject: { type: 'evaluation', id: l.e.id },
      payload: { ...payload, reason: r.stopReason?.reason ?? null, rule: r.stopReason?.rule ?? null, valid, failureNoticeId, projectFailed: plan.projectFails },
      objectHashes,
    });
    await publishLiveEvent(tx, { topic: evaluationTopic(l.e.id), type: 'evaluation_failed', data: { evaluationId: l.e.id }, at: now });
    // The committee signs why it stopped: the report of a failed evaluation (its findings and reasons).
    await sealEvaluationReport(tx, deps, l.e.id, ctx);
    return { status: 'failed', failureReason, failureNoticeId };
  }
  await tx.update(evaluations).set({ status: 'reporting', manifestSha256: stored.sha256, resultSha256: result.sha256 }).where(eq(evaluations.id, l.e.id));
  await audit(tx, deps, ctx, {
    chain: projectChain(l.p.id),
    action: 'evaluation.finished',
    subject: { type: 'evaluation', id: l.e.id },
    payload: { ...payload, candidates: r.candidates.decided.map((id) => manifest.bids.find((b) => String(b.bidId) === id)?.label ?? id), needsDraw: r.needsDraw.length > 0 },
    objectHashes,
  });
  await publishLiveEvent(tx, { topic: evaluationTopic(l.e.id), type: 'evaluation_finished', data: { evaluationId: l.e.id }, at: now });
  await sealEvaluationReport(tx, deps, l.e.id, ctx);
  return { status: 'reporting', failureReason: null, failureNoticeId: null };
}
