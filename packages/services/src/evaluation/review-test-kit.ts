/**
 * Integration-test helpers for the review (issue 22 §2, §4), on top of `evaluationKit`: every member signs
 * in and declares through the services, the review begins with a chair, and members draft and sign sheets
 * the way the browser does (fetch the exact bytes, sign them with the member's own key, send the CMS).
 *
 * `beginReview` sets the status and the chair directly: the chair election (chair.ts) moves the evaluation
 * to `compliance` by itself once it lands; until then this is the one place that shortcut lives.
 */
import { and, eq } from 'drizzle-orm';
import { draws, evaluations, openings } from '@ebid/db';
import type { SheetStage } from '@ebid/domain/evaluation';
import type { TestDeps } from '@ebid/testing';
import type { RequestContext } from '../context.ts';
import { OPENING_K_DRAW } from '../opening/k-draw-purpose.ts';
import { voteChair } from './chair.ts';
import { declareNoConflict, evaluationDeclaration, signInToEvaluation } from './start.ts';
import { saveSheetDraft, sheetToSign, signSheet } from './sheets.ts';
import type { KitEvaluation, KitMember } from './test-kit.ts';

export { evaluationKit, type KitEvaluation, type KitMember, type KitOptions } from './test-kit.ts';

export interface ReviewKit {
  kit: KitEvaluation;
  /** the member's certificate-session context (one login per member) */
  ctx: (m: KitMember) => Promise<RequestContext>;
  chair: KitMember;
}

export function reviewKit(kit: KitEvaluation, chairIndex = 0): ReviewKit {
  const ctxs = new Map<number, Promise<RequestContext>>();
  return {
    kit,
    ctx: (m) => {
      if (!ctxs.has(m.userId)) ctxs.set(m.userId, m.ctx());
      return ctxs.get(m.userId)!;
    },
    chair: kit.members[chairIndex]!,
  };
}

/** Every member signs in and declares (E3), then votes `r.chair` chair: the review begins by itself. */
export async function beginReview(deps: TestDeps, r: ReviewKit): Promise<void> {
  const evaluationId = r.kit.evaluationId;
  for (const m of r.kit.members) {
    const ctx = await r.ctx(m);
    await signInToEvaluation(deps, ctx, { evaluationId });
    const { text } = await evaluationDeclaration(deps, ctx, { evaluationId });
    await declareNoConflict(deps, ctx, { evaluationId, signatureBase64: m.signB64(new TextEncoder().encode(text)) });
  }
  // Votes until the majority elects the chair (a vote after that is refused: CHAIR_ELECTED).
  for (const m of r.kit.members) {
    const [now] = await deps.db.select({ chair: evaluations.chairUserId }).from(evaluations).where(eq(evaluations.id, evaluationId));
    if (now?.chair != null) break;
    await voteChair(deps, await r.ctx(m), { evaluationId, candidateUserId: r.chair.userId });
  }
  const [e] = await deps.db.select().from(evaluations).where(eq(evaluations.id, evaluationId));
  if (e?.status !== 'compliance' || e.chairUserId !== r.chair.userId) throw new Error(`beginReview: the review did not begin (${e?.status})`);
}

/**
 * The K of the opening, fixed for a test's numbers (eng.comprehensive needs one). The kit's opening created
 * its public K draw (issue 14 §2) but nobody drew it: the draw is recorded as drawn with K's float point as
 * its result — what `runDraw` records, minus the randomness. An opening without a draw gets the old columns.
 */
export async function setOpeningK(deps: TestDeps, projectId: number, k: string): Promise<void> {
  const bp = Math.round((1 - Number(k)) * 10_000);
  const [o] = await deps.db.select().from(openings).where(eq(openings.projectId, projectId));
  if (!o) throw new Error('setOpeningK: no opening');
  const [d] = await deps.db.select().from(draws).where(and(eq(draws.purpose, OPENING_K_DRAW), eq(draws.subjectType, 'opening'), eq(draws.subjectId, o.id)));
  const now = deps.clock.now();
  if (d) {
    const options = d.options.includes(bp) ? d.options : [bp, ...d.options];
    await deps.db.update(draws).set({ options, status: 'drawn', resultIndex: options.indexOf(bp), platformShare: '00'.repeat(32), drawnAt: now }).where(eq(draws.id, d.id));
    return;
  }
  await deps.db
    .update(openings)
    .set({ floatPointsBp: [bp], kSeed: '00'.repeat(32), kCommitment: '00'.repeat(32), kDrawnAt: now, kIndex: 0, kResultBp: bp, kValue: k })
    .where(eq(openings.id, o.id));
}

/** Compliance entries: every bid × item passes, except the failures given (with their reasons). */
export function complianceEntries(bids: readonly string[], items: readonly string[], fails: readonly { bid: string; criterionId: string; reason: string }[] = []): unknown[] {
  return bids.flatMap((bid) =>
    items.map((criterionId) => {
      const f = fails.find((x) => x.bid === bid && x.criterionId === criterionId);
      return f ? { bid, criterionId, pass: false, reason: f.reason } : { bid, criterionId, pass: true, reason: null };
    }),
  );
}

/** Score entries from a table: bid label → criterion → score. */
export function scoreEntries(table: Record<string, Record<string, string>>): unknown[] {
  return Object.entries(table).flatMap(([bid, row]) => Object.entries(row).map(([criterionId, score]) => ({ bid, criterionId, score })));
}

/** The member signs its saved sheet of `stage`, as the browser does. */
export async function signMySheet(deps: TestDeps, r: ReviewKit, m: KitMember, stage: SheetStage, signer: KitMember = m) {
  const ctx = await r.ctx(m);
  const t = await sheetToSign(deps, ctx, { evaluationId: r.kit.evaluationId, stage });
  return signSheet(deps, ctx, { evaluationId: r.kit.evaluationId, stage, sha256: t.sha256, signatureBase64: signer.signB64(Buffer.from(t.bytesBase64, 'base64')) });
}

/** Saves the member's draft of `stage` and signs it. */
export async function draftAndSign(deps: TestDeps, r: ReviewKit, m: KitMember, stage: SheetStage, entries: unknown[]) {
  await saveSheetDraft(deps, await r.ctx(m), { evaluationId: r.kit.evaluationId, stage, entries });
  return signMySheet(deps, r, m, stage);
}

/**
 * A five-member compliance review that leaves one valid bid of three (O2 under GP): 投标人2 fails 资格条件
 * by members 1–3, 投标人3 fails 实质性响应 by members 3–5 (items Q1 and R1 of the fixtures' methods).
 */
export async function signOneValidOfThree(deps: TestDeps, r: ReviewKit): Promise<void> {
  const bids = ['投标人1', '投标人2', '投标人3'];
  for (const [i, m] of r.kit.members.entries()) {
    const fails = [
      ...(i < 3 ? [{ bid: '投标人2', criterionId: 'Q1', reason: '未提供有效的营业执照' }] : []),
      ...(i >= 2 ? [{ bid: '投标人3', criterionId: 'R1', reason: '交货期不满足招标文件要求' }] : []),
    ];
    await draftAndSign(deps, r, m, 'compliance', complianceEntries(bids, ['Q1', 'R1'], fails));
  }
}
