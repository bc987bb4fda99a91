/**
 * A member's review sheets (issue 22 §2, §4; S5, S11): what each stage covers, the drafts a member saves,
 * the exact bytes the member signs, the signature, and re-opening a signed score sheet to reconcile an
 * objective item (S5).
 *
 * Stages (evaluations.status → sheet stage):
 * - compliance → `compliance`: every bid (by its session label) × every compliance item of the method —
 *   post-qualification is the items of kind `qualification` — pass or fail, a failure with its reason;
 * - technical → `technical` (only when the tender evaluates the technical part blind, 暗标): the bids that
 *   passed compliance, by their BLIND label only, × the technical criteria;
 * - scoring → `scores`: the bids that passed compliance, by label, × the remaining scored criteria (all of
 *   them when not blind). The lowest-price kinds score nothing: they have no scoring stage.
 *
 * A sheet's entries are checked on every save (known label, known criterion of the stage, the score's
 * range / decimals / step, a reason for a failure) and must be complete to sign. The member signs the
 * canonical JSON object (`sheetObject` / `sheetBytes` of @ebid/domain) the server rebuilds from the saved
 * draft; the object and the CMS go into the object store by SHA-256 and the audit chain references both,
 * so the ranking is recomputed from them (replay.ts), never from these rows. A signed sheet cannot be
 * edited; the only way back is `reopenSheet` while an objective item disagrees (S5), which voids the
 * signed sheet (`objective_reconcile`) and lets the member change objective items only.
 *
 * A member replaced in (E5) catches up: a stage before the current one may still be drafted and signed
 * by a member who has no live signed sheet for it.
 */
import crypto from 'node:crypto';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { projectChain } from '@ebid/audit';
import {
  evaluationBidInputs,
  evaluationMembers,
  evaluationSheets,
  openingBids,
  organizations,
  type DbOrTx,
  type EvaluationBidInputRow,
  type EvaluationRow,
  type EvaluationSheetRow,
  type Tx,
} from '@ebid/db';
import { AppError } from '@ebid/domain';
import {
  canonicalEntries,
  checkScore,
  isComprehensive,
  objectiveDisagreements,
  reviewCompliance,
  sheetBytes,
  sheetObject,
  type ComplianceBid,
  type ComplianceCriterion,
  type ComplianceEntry,
  type ComplianceFinding,
  type EvaluationMethodSpec,
  type ScoredCriterion,
  type ScoreSheet,
  type ScoreSheetEntry,
  type SheetStage,
} from '@ebid/domain/evaluation';
import { audit, requireActor, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { requireCertificateSession } from '../auth/certificate-login.ts';
import { verifyUserSignature } from '../certificates/user-signature.ts';
import { publishLiveEvent } from '../live/hub.ts';
import { sectionPriceCeilings } from '../opening/view.ts';
import { evaluationTopic, loadEvaluationFor, requireDeclared, type LoadedEvaluation } from './access.ts';

export const sha256Hex = (b: Uint8Array | string): string => crypto.createHash('sha256').update(b).digest('hex');

/** The sheet stage of each working status. */
const STAGE_OF_STATUS: Partial<Record<EvaluationRow['status'], SheetStage>> = { compliance: 'compliance', technical: 'technical', scoring: 'scores' };
const STAGE_ORDER: readonly SheetStage[] = ['compliance', 'technical', 'scores'];

export const STAGE_NAMES: Readonly<Record<SheetStage, { zh: string; en: string }>> = {
  compliance: { zh: '初步评审', en: 'compliance review' },
  technical: { zh: '技术标（暗标）评审', en: 'blind technical review' },
  scores: { zh: '详细评审', en: 'detailed review' },
};

/** The scored criteria of the blind technical stage: the technical group, when the tender evaluates it blind. */
export function technicalCriteria(spec: EvaluationMethodSpec, blind: boolean): ScoredCriterion[] {
  return isComprehensive(spec) && blind ? spec.criteria.filter((c) => c.group === 'technical') : [];
}

/** The scored criteria of the scoring stage: the rest when blind, else all; none for the lowest-price kinds. */
export function scoresCriteria(spec: EvaluationMethodSpec, blind: boolean): ScoredCriterion[] {
  if (!isComprehensive(spec)) return [];
  return blind ? spec.criteria.filter((c) => c.group !== 'technical') : spec.criteria;
}

/** The stages this evaluation has, in order. */
export function stagesOf(e: Pick<EvaluationRow, 'method' | 'blindTechnical'>): SheetStage[] {
  return STAGE_ORDER.filter((s) => s === 'compliance' || (s === 'technical' ? technicalCriteria(e.method, e.blindTechnical) : scoresCriteria(e.method, e.blindTechnical)).length > 0);
}

/** The current stage of a working evaluation, or null (preparing, reporting, signed, failed). */
export function currentStage(e: Pick<EvaluationRow, 'status'>): SheetStage | null {
  return STAGE_OF_STATUS[e.status] ?? null;
}

export const stageNotOpen = (e: Pick<EvaluationRow, 'status'>, stage?: string): AppError =>
  new AppError('INVALID_STATE', { zh: '评标当前不在该评审阶段', en: 'The evaluation is not at this stage' }, { reason: 'STAGE_NOT_OPEN', status: e.status, ...(stage ? { stage } : {}) });

/** Every active member's user id, ascending. */
export async function activeMemberIds(db: DbOrTx, evaluationId: number): Promise<number[]> {
  const rows = await db
    .select({ userId: evaluationMembers.userId })
    .from(evaluationMembers)
    .where(and(eq(evaluationMembers.evaluationId, evaluationId), eq(evaluationMembers.status, 'active')))
    .orderBy(asc(evaluationMembers.userId));
  return rows.map((r) => r.userId);
}

/** The live (not voided) sheets of the evaluation, optionally of one stage. */
export async function liveSheets(db: DbOrTx, evaluationId: number, stage?: SheetStage): Promise<EvaluationSheetRow[]> {
  return db
    .select()
    .from(evaluationSheets)
    .where(and(eq(evaluationSheets.evaluationId, evaluationId), isNull(evaluationSheets.voidedAt), ...(stage ? [eq(evaluationSheets.stage, stage)] : [])))
    .orderBy(asc(evaluationSheets.memberUserId), asc(evaluationSheets.stage));
}

export interface BidFacts {
  bidId: number;
  label: string;
  blindLabel: string | null;
  bidderName: string;
  openedPriceFen: number;
  input: EvaluationBidInputRow | null;
  /** the price the committee evaluates: the confirmed correction (S8), else the price read at opening */
  priceFen: number;
}

/** The bids under review with their opened prices, bidders and the committee's recorded inputs, in label order. */
export async function bidFacts(db: DbOrTx, e: EvaluationRow): Promise<BidFacts[]> {
  const ids = e.labels.map((x) => x.bidId);
  const lines = await db
    .select({ bidId: openingBids.bidId, summary: openingBids.summary, name: organizations.name })
    .from(openingBids)
    .innerJoin(organizations, eq(organizations.id, openingBids.bidderOrgId))
    .where(inArray(openingBids.bidId, ids));
  const inputs = await db.select().from(evaluationBidInputs).where(eq(evaluationBidInputs.evaluationId, e.id));
  const lineOf = new Map(lines.map((l) => [l.bidId, l]));
  const inputOf = new Map(inputs.map((i) => [i.bidId, i]));
  return e.labels.map((x) => {
    const line = lineOf.get(x.bidId);
    const opened = line?.summary?.priceFen;
    if (!line || typeof opened !== 'number') throw new AppError('INTERNAL', undefined, { reason: 'OPENED_PRICE_MISSING', bidId: x.bidId });
    const input = inputOf.get(x.bidId) ?? null;
    return { bidId: x.bidId, label: x.label, blindLabel: x.blindLabel, bidderName: line.name, openedPriceFen: opened, input, priceFen: input?.correctedPriceFen ?? opened };
  });
}

/** The price ceiling of the section, as the opening computes it (opening/view.ts). */
export function ceilingOf(l: Pick<LoadedEvaluation, 'p' | 's'>): number | null {
  return sectionPriceCeilings(l.p, [l.s]).get(l.s.id) ?? null;
}

export interface ComplianceState {
  /** the decision per bid (bid ids as decimal strings), by the domain's `reviewCompliance` */
  review: ComplianceBid[];
  /** active members without a signed compliance sheet */
  unsigned: number[];
  /** the signed compliance sheets of the active members */
  sheets: EvaluationSheetRow[];
}

/** The compliance findings of signed compliance sheets, labels mapped to bid ids. */
export function complianceFindings(e: EvaluationRow, sheets: readonly EvaluationSheetRow[]): ComplianceFinding[] {
  const idOf = new Map(e.labels.map((x) => [x.label, String(x.bidId)]));
  return sheets.flatMap((s) =>
    (canonicalEntries('compliance', s.draft.entries) as ComplianceEntry[]).map((x) => {
      const bidId = idOf.get(x.bid);
      if (bidId === undefined) throw new AppError('INTERNAL', undefined, { reason: 'SHEET_LABEL_UNKNOWN', label: x.bid });
      return { memberId: String(s.memberUserId), bidId, criterionId: x.criterionId, pass: x.pass, reason: x.reason };
    }),
  );
}

/**
 * The compliance review as the signed compliance sheets of the active members decide it (majority; above
 * the ceiling rejected). Items are undecided while sheets are missing.
 */
export async function complianceState(db: DbOrTx, l: LoadedEvaluation, bids?: BidFacts[]): Promise<ComplianceState> {
  const members = await activeMemberIds(db, l.e.id);
  const memberSet = new Set(members);
  const sheets = (await liveSheets(db, l.e.id, 'compliance')).filter((s) => s.signedAt !== null && memberSet.has(s.memberUserId));
  const signed = new Set(sheets.map((s) => s.memberUserId));
  const facts = bids ?? (await bidFacts(db, l.e));
  const review = reviewCompliance(l.e.method, {
    members: members.map(String),
    bids: facts.map((b) => ({ id: String(b.bidId), priceFen: b.priceFen })),
    ceilingFen: ceilingOf(l),
    findings: complianceFindings(l.e, sheets),
  });
  return { review, unsigned: members.filter((m) => !signed.has(m)), sheets };
}

/** The bids that passed the compliance review; INVALID_STATE while it is not decided. */
export async function passedBidIds(db: DbOrTx, l: LoadedEvaluation): Promise<Set<number>> {
  const { review } = await complianceState(db, l);
  if (review.some((r) => r.passed === null)) {
    throw new AppError('INVALID_STATE', { zh: '初步评审尚未形成结论', en: 'The compliance review is not decided yet' }, { reason: 'COMPLIANCE_UNDECIDED' });
  }
  return new Set(review.filter((r) => r.passed === true).map((r) => Number(r.bidId)));
}

/** What one stage covers: the bids by the name the stage shows, and its items. */
export interface StageScope {
  stage: SheetStage;
  /** the name the stage shows (label, or blind label in the technical stage) → bid id, in that order */
  bids: Map<string, number>;
  compliance: ComplianceCriterion[];
  criteria: ScoredCriterion[];
}

export async function stageScope(db: DbOrTx, l: LoadedEvaluation, stage: SheetStage): Promise<StageScope> {
  const e = l.e;
  if (!stagesOf(e).includes(stage)) {
    throw new AppError('VALIDATION', { zh: '该评标办法没有此评审阶段', en: 'This method has no such stage' }, { field: 'stage', reason: 'STAGE_NOT_IN_METHOD', stage });
  }
  if (stage === 'compliance') return { stage, bids: new Map(e.labels.map((x) => [x.label, x.bidId])), compliance: e.method.compliance, criteria: [] };
  const passed = await passedBidIds(db, l);
  const kept = e.labels.filter((x) => passed.has(x.bidId));
  if (stage === 'technical') {
    // by blind label only, sorted by it: the order says nothing about the bidder
    const blind = kept.map((x) => [x.blindLabel ?? '', x.bidId] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return { stage, bids: new Map(blind), compliance: [], criteria: technicalCriteria(e.method, e.blindTechnical) };
  }
  return { stage, bids: new Map(kept.map((x) => [x.label, x.bidId])), compliance: [], criteria: scoresCriteria(e.method, e.blindTechnical) };
}

/** The stage a member may work on now: the current one, or an earlier one it has not signed (E5 catch-up). */
function assertWorkable(l: LoadedEvaluation, stage: SheetStage, signedHere: boolean): void {
  const current = currentStage(l.e);
  if (current === null) {
    if (l.e.status === 'signed' || l.e.status === 'reporting') {
      throw new AppError('INVALID_STATE', { zh: '评审已结束，评分只读', en: 'The review has ended: the scores are read-only' }, { reason: 'REVIEW_CLOSED', status: l.e.status, rule: 'S11' });
    }
    throw stageNotOpen(l.e, stage);
  }
  const order = stagesOf(l.e);
  const at = order.indexOf(current);
  const want = order.indexOf(stage);
  if (want < 0) throw new AppError('VALIDATION', { zh: '该评标办法没有此评审阶段', en: 'This method has no such stage' }, { field: 'stage', reason: 'STAGE_NOT_IN_METHOD', stage });
  if (want > at || (want < at && signedHere)) throw stageNotOpen(l.e, stage);
}

const sheetSigned = (stage: SheetStage): AppError =>
  new AppError('INVALID_STATE', { zh: `您已签署${STAGE_NAMES[stage].zh}评审表，不能再修改`, en: `You have signed your ${STAGE_NAMES[stage].en} sheet: it cannot be changed` }, { reason: 'SHEET_SIGNED', stage, rule: 'S11' });

function fieldError(field: string, reason: string, zh: string, en: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError('VALIDATION', { zh, en }, { field, reason, ...extra });
}

/**
 * Checks entries against the stage's scope (known label, known item, score range / decimals / step,
 * reason for a failure); returns them canonical. With `complete`, every bid × item must be there.
 */
export function checkEntries(scope: StageScope, memberId: string, raw: readonly unknown[], opts: { complete: boolean }): ComplianceEntry[] | ScoreSheetEntry[] {
  const entries = canonicalEntries(scope.stage, raw);
  const criteria = new Map(scope.criteria.map((c) => [c.id, c]));
  const items = new Set(scope.compliance.map((c) => c.id));
  for (const x of entries) {
    const field = `entries.${x.bid}.${x.criterionId}`;
    if (!scope.bids.has(x.bid)) throw fieldError(field, 'BID_UNKNOWN', `本阶段没有编号为「${x.bid}」的投标`, `No bid is labelled ${x.bid} in this stage`, { bid: x.bid });
    if (scope.stage === 'compliance') {
      if (!items.has(x.criterionId)) throw fieldError(field, 'CRITERION_UNKNOWN', `评标办法中没有该初步评审因素：${x.criterionId}`, `The method has no compliance item ${x.criterionId}`, { criterion: x.criterionId });
      continue;
    }
    const c = criteria.get(x.criterionId);
    if (!c) throw fieldError(field, 'CRITERION_UNKNOWN', `本阶段没有该评分因素：${x.criterionId}`, `This stage has no criterion ${x.criterionId}`, { criterion: x.criterionId });
    // the domain's range / decimals / step check, its error naming the bid label and the criterion
    checkScore(c, { bidId: x.bid, criterionId: x.criterionId, score: (x as ScoreSheetEntry).score }, memberId);
  }
  if (opts.complete) {
    const have = new Set(entries.map((x) => `${x.bid}\u0000${x.criterionId}`));
    const wanted = scope.stage === 'compliance' ? scope.compliance : scope.criteria;
    for (const bid of scope.bids.keys()) {
      for (const c of wanted) {
        if (!have.has(`${bid}\u0000${c.id}`)) {
          throw scope.stage === 'compliance'
            ? fieldError(`entries.${bid}.${c.id}`, 'ENTRY_MISSING', `尚未对投标「${bid}」的「${c.nameZh}」作出判定`, `No finding yet on ${c.id} for bid ${bid}`, { bid, criterion: c.id })
            : fieldError(`entries.${bid}.${c.id}`, 'SCORE_MISSING', `评分表缺少投标「${bid}」的「${c.nameZh}」得分`, `The sheet has no score of ${c.id} for bid ${bid}`, { bid, criterion: c.id });
        }
      }
    }
  }
  return entries;
}

const liveRowOf = async (tx: Tx, evaluationId: number, memberUserId: number, stage: SheetStage): Promise<EvaluationSheetRow | undefined> =>
  (
    await tx
      .select()
      .from(evaluationSheets)
      .where(and(eq(evaluationSheets.evaluationId, evaluationId), eq(evaluationSheets.memberUserId, memberUserId), eq(evaluationSheets.stage, stage), isNull(evaluationSheets.voidedAt)))
      .for('update')
  )[0];

/** S5: a sheet re-opened to reconcile objective items may change objective items only. */
async function assertObjectiveOnly(tx: Tx, l: LoadedEvaluation, memberUserId: number, scope: StageScope, entries: ScoreSheetEntry[]): Promise<void> {
  const [voided] = await tx
    .select()
    .from(evaluationSheets)
    .where(
      and(
        eq(evaluationSheets.evaluationId, l.e.id),
        eq(evaluationSheets.memberUserId, memberUserId),
        eq(evaluationSheets.stage, scope.stage),
        eq(evaluationSheets.round, l.e.round),
        eq(evaluationSheets.voidReason, OBJECTIVE_RECONCILE),
      ),
    )
    .orderBy(asc(evaluationSheets.id))
    .limit(1);
  if (!voided) return;
  const subjective = new Set(scope.criteria.filter((c) => !c.objective).map((c) => c.id));
  const key = (x: { bid: string; criterionId: string }) => `${x.bid}\u0000${x.criterionId}`;
  const before = new Map((voided.draft.entries as unknown as ScoreSheetEntry[]).filter((x) => subjective.has(x.criterionId)).map((x) => [key(x), x.score]));
  const after = new Map(entries.filter((x) => subjective.has(x.criterionId)).map((x) => [key(x), x.score]));
  for (const [k, v] of [...before, ...after]) {
    if (before.get(k) !== after.get(k)) {
      const [bid, criterionId] = k.split('\u0000');
      throw new AppError(
        'INVALID_STATE',
        { zh: '为核对客观评审因素而重新打开的评分表只能修改客观评审因素的得分', en: 'A sheet re-opened to reconcile objective items may change objective items only' },
        { field: `entries.${bid}.${criterionId}`, reason: 'RECONCILE_OBJECTIVE_ONLY', rule: 'S5', bid, criterion: criterionId, value: v },
      );
    }
  }
}

export const OBJECTIVE_RECONCILE = 'objective_reconcile';

export interface SaveSheetDraftInput {
  evaluationId: number;
  stage: SheetStage;
  entries: unknown[];
}

export interface SheetView {
  stage: SheetStage;
  round: number;
  /** the stage's bids by the name it shows (labels; blind labels in the technical stage), in order */
  bids: string[];
  /** the stage's items: compliance items or scored criteria ids, in the method's order */
  items: string[];
  entries: (ComplianceEntry | ScoreSheetEntry)[];
  updatedAt: string | null;
  signed: boolean;
  sha256: string | null;
  signedAt: string | null;
}

function viewOf(scope: StageScope, round: number, row: EvaluationSheetRow | undefined): SheetView {
  return {
    stage: scope.stage,
    round: row?.round ?? round,
    bids: [...scope.bids.keys()],
    items: scope.stage === 'compliance' ? scope.compliance.map((c) => c.id) : scope.criteria.map((c) => c.id),
    entries: row ? (canonicalEntries(scope.stage, row.draft.entries) as (ComplianceEntry | ScoreSheetEntry)[]) : [],
    updatedAt: row ? row.updatedAt.toISOString() : null,
    signed: row?.signedAt != null,
    sha256: row?.sha256 ?? null,
    signedAt: row?.signedAt ? row.signedAt.toISOString() : null,
  };
}

/** The member's own live sheet of a stage (empty before the first save), with the stage's bids and items. */
export async function mySheet(deps: Pick<Deps, 'db'>, ctx: RequestContext, input: { evaluationId: number; stage: SheetStage }): Promise<SheetView> {
  const actor = requireActor(ctx);
  const l = await loadEvaluationFor(deps.db, actor, input.evaluationId);
  const me = requireDeclared(l);
  const scope = await stageScope(deps.db, l, input.stage);
  const [row] = await deps.db
    .select()
    .from(evaluationSheets)
    .where(and(eq(evaluationSheets.evaluationId, l.e.id), eq(evaluationSheets.memberUserId, me.userId), eq(evaluationSheets.stage, input.stage), isNull(evaluationSheets.voidedAt)));
  return viewOf(scope, l.e.round, row);
}

/** Saves the member's draft of a stage (the whole list of entries), checked entry by entry. */
export async function saveSheetDraft(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: SaveSheetDraftInput): Promise<SheetView> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const l = await loadEvaluationFor(tx, actor, input.evaluationId, { lock: true });
    const me = requireDeclared(l);
    await requireCertificateSession(tx, deps, actor, { zh: '评审', en: 'Reviewing' });
    const row = await liveRowOf(tx, l.e.id, me.userId, input.stage);
    assertWorkable(l, input.stage, row?.signedAt != null);
    if (row?.signedAt) throw sheetSigned(input.stage);
    const scope = await stageScope(tx, l, input.stage);
    const entries = checkEntries(scope, String(me.userId), Array.isArray(input.entries) ? input.entries : [], { complete: false });
    if (input.stage !== 'compliance') await assertObjectiveOnly(tx, l, me.userId, scope, entries as ScoreSheetEntry[]);
    const now = deps.clock.now();
    const draft = { entries: entries as unknown as Record<string, unknown>[] };
    let saved: EvaluationSheetRow;
    if (row) {
      [saved] = (await tx.update(evaluationSheets).set({ draft, updatedAt: now }).where(eq(evaluationSheets.id, row.id)).returning()) as [EvaluationSheetRow];
    } else {
      [saved] = (await tx.insert(evaluationSheets).values({ evaluationId: l.e.id, memberUserId: me.userId, stage: input.stage, round: l.e.round, draft, updatedAt: now }).returning()) as [EvaluationSheetRow];
    }
    // The scores stay out of the chain until the sheet is signed: only how far the member got.
    await audit(tx, deps, ctx, {
      chain: projectChain(l.p.id),
      action: 'evaluation.sheet_saved',
      subject: { type: 'evaluation', id: l.e.id },
      payload: { evaluationId: l.e.id, memberUserId: me.userId, stage: input.stage, round: saved.round, entries: entries.length },
    });
    await publishLiveEvent(tx, { topic: evaluationTopic(l.e.id), type: 'sheet_saved', data: { evaluationId: l.e.id, stage: input.stage }, at: now });
    return viewOf(scope, l.e.round, saved);
  });
}

/** The signed-object fields of a member's sheet, with the draft's entries checked complete. */
async function objectOf(db: DbOrTx, l: LoadedEvaluation, memberUserId: number, row: EvaluationSheetRow): Promise<Uint8Array> {
  const scope = await stageScope(db, l, row.stage);
  const entries = checkEntries(scope, String(memberUserId), row.draft.entries, { complete: true });
  return sheetBytes(
    sheetObject({
      evaluationId: l.e.id,
      round: row.round,
      stage: row.stage,
      memberId: String(memberUserId),
      methodSha256: l.e.methodSha256,
      labelsSha256: l.e.labelsSha256,
      entries,
    }),
  );
}

const noDraft = (stage: SheetStage): AppError =>
  new AppError('INVALID_STATE', { zh: `尚未保存${STAGE_NAMES[stage].zh}评审表`, en: `No ${STAGE_NAMES[stage].en} sheet saved yet` }, { reason: 'SHEET_EMPTY', stage });

/**
 * The exact bytes the member signs for a stage (base64) and their SHA-256: `sheetBytes(sheetObject(…))`
 * over the saved draft, which must be complete.
 */
export async function sheetToSign(deps: Pick<Deps, 'db'>, ctx: RequestContext, input: { evaluationId: number; stage: SheetStage }): Promise<{ stage: SheetStage; bytesBase64: string; sha256: string }> {
  const actor = requireActor(ctx);
  const l = await loadEvaluationFor(deps.db, actor, input.evaluationId);
  const me = requireDeclared(l);
  const [row] = await deps.db
    .select()
    .from(evaluationSheets)
    .where(and(eq(evaluationSheets.evaluationId, l.e.id), eq(evaluationSheets.memberUserId, me.userId), eq(evaluationSheets.stage, input.stage), isNull(evaluationSheets.voidedAt)));
  assertWorkable(l, input.stage, row?.signedAt != null);
  if (!row) throw noDraft(input.stage);
  if (row.signedAt) throw sheetSigned(input.stage);
  const bytes = await objectOf(deps.db, l, me.userId, row);
  return { stage: input.stage, bytesBase64: Buffer.from(bytes).toString('base64'), sha256: sha256Hex(bytes) };
}

export interface SignSheetInput {
  evaluationId: number;
  stage: SheetStage;
  /** SHA-256 of the bytes the member signed (from `sheetToSign`) */
  sha256: string;
  signatureBase64: string;
}

/**
 * Signs the member's sheet of a stage: the bytes are rebuilt from the saved draft (complete), must hash
 * to `sha256` (the draft did not change since), the detached CMS is the member's own signature over them
 * (kind `evaluation-sheet`); the object and the CMS are stored by SHA-256, the audit chain references both.
 */
export async function signSheet(deps: Pick<Deps, 'db' | 'clock' | 'pki' | 'storage'>, ctx: RequestContext, input: SignSheetInput): Promise<{ stage: SheetStage; sha256: string; signedAt: string }> {
  const actor = requireActor(ctx);
  const signature = Buffer.from(typeof input.signatureBase64 === 'string' ? input.signatureBase64 : '', 'base64');
  if (signature.length < 64) throw new AppError('VALIDATION', { zh: '签名格式错误', en: 'The signature is malformed' }, { field: 'signatureBase64', reason: 'SIGNATURE_INVALID' });
  if (typeof input.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(input.sha256)) throw new AppError('VALIDATION', { zh: '摘要格式错误', en: 'The digest is malformed' }, { field: 'sha256', reason: 'SHA256_INVALID' });
  return deps.db.transaction(async (tx) => {
    const l = await loadEvaluationFor(tx, actor, input.evaluationId, { lock: true });
    const me = requireDeclared(l);
    await requireCertificateSession(tx, deps, actor, { zh: '签署评审表', en: 'Signing a sheet' });
    const row = await liveRowOf(tx, l.e.id, me.userId, input.stage);
    if (row?.signedAt && row.sha256 === input.sha256) return { stage: input.stage, sha256: row.sha256, signedAt: row.signedAt.toISOString() };
    assertWorkable(l, input.stage, row?.signedAt != null);
    if (!row) throw noDraft(input.stage);
    if (row.signedAt) throw sheetSigned(input.stage);
    const bytes = await objectOf(tx, l, me.userId, row);
    const sha = sha256Hex(bytes);
    if (sha !== input.sha256) {
      throw new AppError('VALIDATION', { zh: '评审表在签名后已被修改，请重新获取后签名', en: 'The sheet changed since it was fetched for signing: fetch it again and sign' }, { field: 'sha256', reason: 'SHEET_CHANGED', sha256: sha });
    }
    const now = deps.clock.now();
    const cert = await verifyUserSignature(tx, deps, { kind: 'evaluation-sheet', signature, content: bytes, at: now, userId: me.userId });
    const stored = await deps.storage.put(bytes, { contentType: 'application/json', expectedSha256: sha });
    const cmsStored = await deps.storage.put(signature, { contentType: 'application/pkcs7-signature' });
    await tx
      .update(evaluationSheets)
      .set({ sha256: stored.sha256, size: stored.size, cms: signature.toString('base64'), certSerial: cert.serialHex, signedAt: now, updatedAt: now })
      .where(eq(evaluationSheets.id, row.id));
    await audit(tx, deps, ctx, {
      chain: projectChain(l.p.id),
      action: 'evaluation.sheet_signed',
      subject: { type: 'evaluation', id: l.e.id },
      payload: { evaluationId: l.e.id, memberUserId: me.userId, stage: input.stage, round: row.round, sha256: stored.sha256, size: stored.size, cmsSha256: cmsStored.sha256, certSerial: cert.serialHex },
      objectHashes: [stored.sha256, cmsStored.sha256],
    });
    await publishLiveEvent(tx, { topic: evaluationTopic(l.e.id), type: 'sheet_signed', data: { evaluationId: l.e.id, stage: input.stage }, at: now });
    return { stage: input.stage, sha256: stored.sha256, signedAt: now.toISOString() };
  });
}

/** Score sheets (technical / scores) of a stage as ScoreSheets by label, for the S5 check. */
export function labelSheets(sheets: readonly EvaluationSheetRow[]): ScoreSheet[] {
  return sheets.map((s) => ({
    memberId: String(s.memberUserId),
    scores: (canonicalEntries(s.stage, s.draft.entries) as ScoreSheetEntry[]).map((x) => ({ bidId: x.bid, criterionId: x.criterionId, score: x.score })),
  }));
}

/**
 * S5: a member re-opens its own signed score sheet while an objective item of the stage disagrees among
 * the signed sheets. The signed sheet is voided (`objective_reconcile`, kept on record with its object), a
 * new draft with the same entries takes its place, and only objective items may change before signing again.
 */
export async function reopenSheet(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: { evaluationId: number; stage: SheetStage }): Promise<SheetView> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const l = await loadEvaluationFor(tx, actor, input.evaluationId, { lock: true });
    const me = requireDeclared(l);
    await requireCertificateSession(tx, deps, actor, { zh: '重新打开评分表', en: 'Re-opening a sheet' });
    if (input.stage === 'compliance' || currentStage(l.e) !== input.stage) throw stageNotOpen(l.e, input.stage);
    const row = await liveRowOf(tx, l.e.id, me.userId, input.stage);
    if (!row?.signedAt) throw new AppError('INVALID_STATE', { zh: '评分表尚未签署，可直接修改', en: 'The sheet is not signed: edit it directly' }, { reason: 'SHEET_NOT_SIGNED', stage: input.stage });
    const members = new Set(await activeMemberIds(tx, l.e.id));
    const signed = (await liveSheets(tx, l.e.id, input.stage)).filter((s) => s.signedAt !== null && members.has(s.memberUserId));
    const items = isComprehensive(l.e.method) ? objectiveDisagreements(l.e.method, labelSheets(signed)) : [];
    const mine = items.filter((i) => i.scores.some((s) => s.memberId === String(me.userId)));
    if (mine.length === 0) {
      throw new AppError('INVALID_STATE', { zh: '客观评审因素评分一致，签署后的评分表不能重新打开', en: 'No objective item disagrees: a signed sheet cannot be re-opened' }, { reason: 'NO_OBJECTIVE_DISAGREEMENT', rule: 'S5' });
    }
    const now = deps.clock.now();
    await tx.update(evaluationSheets).set({ voidedAt: now, voidReason: OBJECTIVE_RECONCILE, updatedAt: now }).where(eq(evaluationSheets.id, row.id));
    const [draft] = (await tx
      .insert(evaluationSheets)
      .values({ evaluationId: l.e.id, memberUserId: me.userId, stage: input.stage, round: l.e.round, draft: row.draft, updatedAt: now })
      .returning()) as [EvaluationSheetRow];
    await audit(tx, deps, ctx, {
      chain: projectChain(l.p.id),
      action: 'evaluation.sheet_reopened',
      subject: { type: 'evaluation', id: l.e.id },
      payload: { evaluationId: l.e.id, memberUserId: me.userId, stage: input.stage, round: row.round, voidedSha256: row.sha256, reason: OBJECTIVE_RECONCILE, rule: 'S5', items: mine.map((i) => ({ bid: i.bidId, criterion: i.criterionId })) },
      objectHashes: row.sha256 ? [row.sha256] : [],
    });
    await publishLiveEvent(tx, { topic: evaluationTopic(l.e.id), type: 'sheet_reopened', data: { evaluationId: l.e.id, stage: input.stage }, at: now });
    return viewOf(await stageScope(tx, l, input.stage), l.e.round, draft);
  });
}
