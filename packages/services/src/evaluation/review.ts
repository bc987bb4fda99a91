/**
 * The chair closes a stage when every active member has signed its sheet (issue 22 §2; O2, S5, S7):
 *
 * - compliance → the committee's finding per item is the majority of the signed findings; a bid above the
 *   price ceiling is rejected (reviewCompliance). An undecided item stops here, listed. GP with fewer than 3
 *   bids passing → the evaluation fails (O2, 政府采购法 §36; engineering with none fails too) and so does its
 *   section, or the project when no other section is left, with its failure notice (failure.ts); otherwise →
 *   `technical` when the technical part is blind, else `scoring`, or straight to the result for the
 *   lowest-price kinds, which score nothing;
 * - technical → the blind identities are revealed: the label mapping and the salt of its commitment go into
 *   the audit chain, so anyone can check SHA-256(labelsCommitmentBytes(salt, labels)) = labelsSha256;
 * - scoring → the result (finish.ts).
 *
 * Score stages close only when every objective item agrees (S5): otherwise the disagreeing items are
 * listed and the members re-open their own sheets to reconcile them (sheets.ts `reopenSheet`).
 * A member replaced in (E5) must have caught up: every earlier stage signed by every active member too.
 */
import { projectChain } from '@ebid/audit';
import { evaluations, type EvaluationSheetRow, type Tx } from '@ebid/db';
import { AppError } from '@ebid/domain';
import { biddersFor, checkEnoughBids, isComprehensive, objectiveDisagreements, type SheetStage } from '@ebid/domain/evaluation';
import { eq } from 'drizzle-orm';
import { audit, requireActor, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { requireCertificateSession } from '../auth/certificate-login.ts';
import { publishLiveEvent } from '../live/hub.ts';
import { evaluationTopic, loadEvaluationFor, requireChair, type LoadedEvaluation } from './access.ts';
import { planEvaluationFailure, prepareEvaluationFailure, type EvaluationFailurePlan, type PreparedEvaluationFailure } from './failure.ts';
import { finishEvaluation } from './finish.ts';
import { activeMemberIds, bidFacts, complianceState, currentStage, labelSheets, liveSheets, STAGE_NAMES, stageNotOpen, stagesOf } from './sheets.ts';

export interface CloseStageResult {
  status: 'technical' | 'scoring' | 'reporting' | 'failed';
  /** the stage just closed */
  closed: SheetStage;
  failureReason: string | null;
  /** the failure notice (废标 / 流标公告) of the section or project when the evaluation failed (O2) */
  failureNoticeId: number | null;
}

/** Every active member signed every stage up to `stage` (E5 catch-up included); INVALID_STATE naming who has not. */
async function requireAllSigned(tx: Tx, l: LoadedEvaluation, stage: SheetStage): Promise<Map<SheetStage, EvaluationSheetRow[]>> {
  const members = await activeMemberIds(tx, l.e.id);
  const live = await liveSheets(tx, l.e.id);
  const order = stagesOf(l.e);
  const out = new Map<SheetStage, EvaluationSheetRow[]>();
  for (const s of order.slice(0, order.indexOf(stage) + 1)) {
    const signed = live.filter((r) => r.stage === s && r.signedAt !== null && members.includes(r.memberUserId));
    const have = new Set(signed.map((r) => r.memberUserId));
    const missing = members.filter((m) => !have.has(m));
    if (missing.length > 0) {
      throw new AppError(
        'INVALID_STATE',
        { zh: `尚有${missing.length}名成员未签署${STAGE_NAMES[s].zh}评审表`, en: `${missing.length} member(s) have not signed the ${STAGE_NAMES[s].en} sheet` },
        { reason: 'SHEETS_UNSIGNED', stage: s, members: missing },
      );
    }
    out.set(s, signed);
  }
  return out;
}

/** S5: the objective items the signed sheets of a score stage disagree on; INVALID_STATE listing them. */
function requireObjectiveAgreement(l: LoadedEvaluation, stage: SheetStage, sheets: readonly EvaluationSheetRow[]): void {
  if (!isComprehensive(l.e.method)) return;
  const items = objectiveDisagreements(l.e.method, labelSheets(sheets));
  if (items.length > 0) {
    throw new AppError(
      'INVALID_STATE',
      { zh: '客观评审因素的评分不一致：相关成员须重新打开评分表核对一致后再签署', en: 'Members scored objective items differently: they re-open their sheets, reconcile and sign again' },
      { reason: 'OBJECTIVE_DISAGREEMENT', rule: 'S5', stage, items: items.map((i) => ({ bid: i.bidId, criterion: i.criterionId, scores: i.scores })) },
    );
  }
}

/** What closing a stage uses: the result, the report and the failure notice are stored and sealed. */
type CloseDeps = Pick<Deps, 'db' | 'clock' | 'pki' | 'storage' | 'config'>;

const hashesOf = (sheets: readonly EvaluationSheetRow[]): string[] => sheets.flatMap((s) => (s.sha256 ? [s.sha256] : []));

/** The compliance stage's outcome from the signed sheets (every member signed, every item decided): O2 judged. */
async function complianceOutcome(tx: Tx, l: LoadedEvaluation) {
  const signed = await requireAllSigned(tx, l, 'compliance');
  const facts = await bidFacts(tx, l.e);
  const { review } = await complianceState(tx, l, facts);
  const labelOf = new Map(facts.map((b) => [String(b.bidId), b.label]));
  const undecided = review.flatMap((r) => r.items.filter((i) => i.decision === 'undecided').map((i) => ({ bid: labelOf.get(r.bidId)!, criterion: i.criterionId })));
  if (undecided.length > 0) {
    throw new AppError('INVALID_STATE', { zh: '初步评审尚有未形成多数意见的事项', en: 'Some compliance items have no majority yet' }, { reason: 'COMPLIANCE_UNDECIDED', items: undecided });
  }
  const inputOf = new Map(facts.map((b) => [String(b.bidId), b.input]));
  // O2 counts bidders: GP bids of one brand count as one (R87 §31)
  const validBids = review.filter((r) => r.passed === true && inputOf.get(r.bidId)?.costFinding !== 'below_cost');
  const valid = biddersFor(l.e.method.kind, validBids.map((r) => ({ brand: inputOf.get(r.bidId)?.brand ?? null })));
  const decided = review.map((r) => ({
    bid: labelOf.get(r.bidId)!,
    passed: r.passed === true,
    aboveCeiling: r.aboveCeiling,
    failed: r.items.filter((i) => i.decision === 'fail').map((i) => ({ criterion: i.criterionId, passVotes: i.passVotes, failVotes: i.failVotes, reasons: i.failReasons.map((f) => f.reason) })),
  }));
  return { signed, decided, valid, enough: checkEnoughBids(l.e.method.kind, valid) };
}

/**
 * Before the closing transaction: the failure plan when closing the current stage now fails the evaluation
 * (O2) — at the compliance stage, or at the last stage when bids found below cost meanwhile leave too few
 * valid (the result's own count, finish.ts) — else null.
 */
async function predictFailure(tx: Tx, l: LoadedEvaluation): Promise<EvaluationFailurePlan | null> {
  const stage = currentStage(l.e);
  if (stage === null || (stage !== 'compliance' && stage !== stagesOf(l.e).at(-1))) return null;
  const { valid, enough } = await complianceOutcome(tx, l);
  return enough.ok ? null : planEvaluationFailure(tx, l.p, l.s, l.e.method.kind, valid);
}

async function closeCompliance(tx: Tx, deps: CloseDeps, ctx: RequestContext, l: LoadedEvaluation, prepared: PreparedEvaluationFailure | null): Promise<CloseStageResult> {
  const { signed, decided, valid, enough } = await complianceOutcome(tx, l);
  const now = deps.clock.now();
  const objectHashes = hashesOf(signed.get('compliance')!);
  await tx.update(evaluations).set({ complianceDecidedAt: now }).where(eq(evaluations.id, l.e.id));
  await audit(tx, deps, ctx, {
    chain: projectChain(l.p.id),
    action: 'evaluation.compliance_decided',
    subject: { type: 'evaluation', id: l.e.id },
    payload: { evaluationId: l.e.id, round: l.e.round, bids: decided, valid },
    objectHashes,
  });
  // O2: too few valid bids → the result is the failure (finish.ts: the section or project fails, the report says why).
  if (!enough.ok) return { ...(await finishEvaluation(tx, deps, ctx, l, prepared)), closed: 'compliance' };
  const next = stagesOf(l.e)[1];
  if (next === undefined) return { ...(await finishEvaluation(tx, deps, ctx, l, prepared)), closed: 'compliance' };
  const status = next === 'technical' ? 'technical' : 'scoring';
  await tx.update(evaluations).set({ status }).where(eq(evaluations.id, l.e.id));
  await publishLiveEvent(tx, { topic: evaluationTopic(l.e.id), type: 'stage_changed', data: { evaluationId: l.e.id, status }, at: now });
  return { status, closed: 'compliance', failureReason: null, failureNoticeId: null };
}

async function closeTechnical(tx: Tx, deps: CloseDeps, ctx: RequestContext, l: LoadedEvaluation, prepared: PreparedEvaluationFailure | null): Promise<CloseStageResult> {
  const signed = await requireAllSigned(tx, l, 'technical');
  requireObjectiveAgreement(l, 'technical', signed.get('technical')!);
  const now = deps.clock.now();
  await tx.update(evaluations).set({ revealedAt: now }).where(eq(evaluations.id, l.e.id));
  // The mapping and its salt, published: anyone checks SHA-256(labelsCommitmentBytes(salt, labels)) = labelsSha256.
  await audit(tx, deps, ctx, {
    chain: projectChain(l.p.id),
    action: 'evaluation.revealed',
    subject: { type: 'evaluation', id: l.e.id },
    payload: { evaluationId: l.e.id, labels: l.e.labels, salt: l.e.labelsSalt, labelsSha256: l.e.labelsSha256 },
    objectHashes: hashesOf(signed.get('technical')!),
  });
  await publishLiveEvent(tx, { topic: evaluationTopic(l.e.id), type: 'labels_revealed', data: { evaluationId: l.e.id }, at: now });
  if (!stagesOf(l.e).includes('scores')) return { ...(await finishEvaluation(tx, deps, ctx, { ...l, e: { ...l.e, revealedAt: now } }, prepared)), closed: 'technical' };
  await tx.update(evaluations).set({ status: 'scoring' }).where(eq(evaluations.id, l.e.id));
  await publishLiveEvent(tx, { topic: evaluationTopic(l.e.id), type: 'stage_changed', data: { evaluationId: l.e.id, status: 'scoring' }, at: now });
  return { status: 'scoring', closed: 'technical', failureReason: null, failureNoticeId: null };
}

async function closeScoring(tx: Tx, deps: CloseDeps, ctx: RequestContext, l: LoadedEvaluation, prepared: PreparedEvaluationFailure | null): Promise<CloseStageResult> {
  const signed = await requireAllSigned(tx, l, 'scores');
  for (const s of ['technical', 'scores'] as const) if (signed.has(s)) requireObjectiveAgreement(l, s, signed.get(s)!);
  return { ...(await finishEvaluation(tx, deps, ctx, l, prepared)), closed: 'scores' };
}

/**
 * The chair closes the current stage (see the file comment). Nothing changes when it is refused. When
 * closing the compliance stage fails the evaluation (O2), its failure notice is rendered and sealed first,
 * outside the transaction (failure.ts).
 */
export async function closeStage(deps: Pick<Deps, 'db' | 'clock' | 'pki' | 'storage' | 'config'>, ctx: RequestContext, input: { evaluationId: number }): Promise<CloseStageResult> {
  const actor = requireActor(ctx);
  const authorize = async (tx: Tx, lock: boolean): Promise<LoadedEvaluation> => {
    const l = await loadEvaluationFor(tx, actor, input.evaluationId, { lock });
    requireChair(l);
    await requireCertificateSession(tx, deps, actor, { zh: '结束评审阶段', en: 'Closing a stage' });
    return l;
  };
  const predicted = await deps.db.transaction(async (tx) => predictFailure(tx, await authorize(tx, false)));
  const prepared = predicted ? await prepareEvaluationFailure(deps, predicted) : null;
  return deps.db.transaction(async (tx) => {
    const l = await authorize(tx, true);
    const stage = currentStage(l.e);
    if (stage === 'compliance') return closeCompliance(tx, deps, ctx, l, prepared);
    if (stage === 'technical') return closeTechnical(tx, deps, ctx, l, prepared);
    if (stage === 'scores') return closeScoring(tx, deps, ctx, l, prepared);
    throw stageNotOpen(l.e);
  });
}
