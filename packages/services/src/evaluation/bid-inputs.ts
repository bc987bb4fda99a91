/**
 * What the committee decides about a bid beyond the members' sheets (issue 22 §3; S3, S7, S8), recorded by
 * the chair while the review is open, each audited, all going into the manifest the result is computed from:
 * - S8 the corrected price (R87 §59 order, domain `correctPrice`) — only with the answered clarification in
 *   which the bidder confirmed it (evaluation_clarifications, same bid; S10 is the written channel);
 * - S7 the cost finding after the written explanation (`justified` | `below_cost`) — only for a bid whose
 *   price is abnormally low against the other valid bids (`flagAbnormallyLow`);
 * - S3 the policy claim with its evidence (the 中小企业声明函), checked by `checkPolicyClaim`;
 * - the monetary adjustments of 经评审的最低投标价法, per factor the docs list (S1), in fen;
 * - GP: the brand of the core product (R87 §31: same-brand bidders count as one, only the best recommended).
 * A field left out is unchanged; null clears it.
 */
import { and, eq } from 'drizzle-orm';
import { projectChain } from '@ebid/audit';
import { evaluationBidInputs, evaluationClarifications } from '@ebid/db';
import { AppError, findForbiddenChar } from '@ebid/domain';
import { appliesSameBrand, BRAND_MAX, checkPolicyClaim, flagAbnormallyLow, type PolicyClaim } from '@ebid/domain/evaluation';
import { audit, requireActor, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { requireCertificateSession } from '../auth/certificate-login.ts';
import { publishLiveEvent } from '../live/hub.ts';
import { evaluationTopic, loadEvaluationFor, requireChair } from './access.ts';
import { bidFacts, complianceState, currentStage, stageNotOpen } from './sheets.ts';

export interface RecordBidInputInput {
  evaluationId: number;
  /** the bid's session label (投标人N) */
  bid: string;
  correctedPriceFen?: number | null;
  /** the answered clarification in which the bidder confirmed the corrected price (S8) */
  clarificationId?: number;
  costFinding?: 'justified' | 'below_cost' | null;
  policy?: PolicyClaim | null;
  adjustmentsFen?: Record<string, number> | null;
  /** GP: the core product's brand (R87 §31); null or blank clears it */
  brand?: string | null;
}

export interface BidInputView {
  bid: string;
  correctedPriceFen: number | null;
  costFinding: 'justified' | 'below_cost' | null;
  policy: PolicyClaim | null;
  adjustmentsFen: Record<string, number> | null;
  brand: string | null;
  updatedAt: string;
}

const invalid = (field: string, reason: string, zh: string, en: string, extra: Record<string, unknown> = {}) => new AppError('VALIDATION', { zh, en }, { field, reason, ...extra });
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export async function recordBidInput(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: RecordBidInputInput): Promise<BidInputView> {
  const actor = requireActor(ctx);
  const has = (k: keyof RecordBidInputInput) => input[k] !== undefined;
  if (!has('correctedPriceFen') && !has('costFinding') && !has('policy') && !has('adjustmentsFen') && !has('brand')) {
    throw invalid('bid', 'NOTHING_TO_RECORD', '没有要记录的评审事项', 'Nothing to record');
  }
  return deps.db.transaction(async (tx) => {
    const l = await loadEvaluationFor(tx, actor, input.evaluationId, { lock: true });
    requireChair(l);
    await requireCertificateSession(tx, deps, actor, { zh: '记录评审事项', en: 'Recording a finding' });
    if (currentStage(l.e) === null) throw stageNotOpen(l.e);
    const spec = l.e.method;
    const facts = await bidFacts(tx, l.e);
    const bid = facts.find((b) => b.label === input.bid);
    if (!bid) throw invalid('bid', 'BID_UNKNOWN', `没有编号为「${input.bid}」的投标`, `No bid is labelled ${input.bid}`);
    const changes: Record<string, unknown> = {};

    if (has('correctedPriceFen')) {
      const v = input.correctedPriceFen ?? null;
      if (v !== null) {
        if (!Number.isSafeInteger(v) || v <= 0) throw invalid('correctedPriceFen', 'PRICE_INVALID', '修正后的报价应为以分计的正整数', 'The corrected price must be a positive whole number of fen');
        const [c] = await tx
          .select()
          .from(evaluationClarifications)
          .where(and(eq(evaluationClarifications.id, input.clarificationId ?? 0), eq(evaluationClarifications.evaluationId, l.e.id), eq(evaluationClarifications.bidId, bid.bidId)));
        if (!c || c.answer === null) {
          throw invalid('clarificationId', 'CORRECTION_NOT_CONFIRMED', '报价修正须经投标人在澄清答复中书面确认（须引用已答复的澄清）', 'A price correction needs the bidder’s confirmation: cite its answered clarification', { rule: 'S8' });
        }
        changes.clarificationId = c.id;
      }
      changes.correctedPriceFen = v;
    }

    if (has('policy')) {
      const p = input.policy ?? null;
      if (p !== null) {
        if (!isObj(p)) throw invalid(`bids.${bid.label}.policy`, 'POLICY_CLAIM_INVALID', '政策优惠声明格式无效', 'The policy claim is not valid');
        checkPolicyClaim({ kind: p.kind, smeShare: p.smeShare ?? null, evidence: p.evidence } as PolicyClaim, bid.label);
      }
      changes.policy = p === null ? null : { kind: p.kind, smeShare: p.smeShare ?? null, evidence: p.evidence.trim() };
    }

    if (has('adjustmentsFen')) {
      const a = input.adjustmentsFen ?? null;
      if (a !== null) {
        if (spec.kind !== 'eng.lowest_evaluated_price') throw invalid('adjustmentsFen', 'ADJUSTMENT_NOT_IN_METHOD', '该评标办法没有价格折算因素', 'This method has no monetary adjustments', { rule: 'S1' });
        if (!isObj(a)) throw invalid('adjustmentsFen', 'ADJUSTMENT_INVALID', '价格折算格式无效', 'The adjustments are not valid');
        const factors = new Set(spec.adjustments.map((x) => x.id));
        for (const [f, v] of Object.entries(a)) {
          if (!factors.has(f)) throw invalid(`adjustmentsFen.${f}`, 'ADJUSTMENT_UNKNOWN_FACTOR', `招标文件没有该价格折算因素：${f}`, `The docs list no adjustment ${f}`, { rule: 'S1' });
          if (!Number.isSafeInteger(v)) throw invalid(`adjustmentsFen.${f}`, 'ADJUSTMENT_INVALID', '折算金额应为以分计的整数', 'An adjustment must be a whole number of fen');
        }
      }
      changes.adjustmentsFen = a;
    }

    if (has('brand')) {
      const raw = input.brand ?? null;
      if (raw !== null) {
        if (!appliesSameBrand(spec.kind)) throw invalid('brand', 'BRAND_NOT_APPLICABLE', '同品牌规则只适用于政府采购招标', 'The same-brand rule is for GP tenders only', { rule: 'R87 §31' });
        if (typeof raw !== 'string' || raw.trim().length > BRAND_MAX || findForbiddenChar(raw) !== null) {
          throw invalid('brand', 'BRAND_INVALID', `品牌应为不超过${BRAND_MAX}个字符的文本`, `A brand is text of at most ${BRAND_MAX} characters`);
        }
      }
      changes.brand = raw === null || raw.trim() === '' ? null : raw.trim();
    }

    if (has('costFinding')) {
      const f = input.costFinding ?? null;
      if (f !== null && f !== 'justified' && f !== 'below_cost') throw invalid('costFinding', 'COST_FINDING_INVALID', '成本评审结论应为合理或低于成本', 'A cost finding is justified or below_cost');
      if (f !== null) {
        // flagged against the other valid bids, with the prices as they will be evaluated (S7)
        if (spec.abnormallyLow === null) throw invalid('costFinding', 'NOT_ABNORMALLY_LOW', '招标文件未设异常低价评审', 'The docs set no abnormally-low review', { rule: 'S7' });
        const { review } = await complianceState(tx, l, facts);
        if (review.some((r) => r.passed === null)) {
          throw new AppError('INVALID_STATE', { zh: '初步评审尚未形成结论', en: 'The compliance review is not decided yet' }, { reason: 'COMPLIANCE_UNDECIDED' });
        }
        const passed = new Set(review.filter((r) => r.passed === true).map((r) => Number(r.bidId)));
        const price = (b: (typeof facts)[number]) => (b.bidId === bid.bidId && changes.correctedPriceFen !== undefined ? ((changes.correctedPriceFen as number | null) ?? b.openedPriceFen) : b.priceFen);
        const valid = facts.filter((b) => passed.has(b.bidId) && (b.bidId === bid.bidId || b.input?.costFinding !== 'below_cost'));
        const flag = flagAbnormallyLow(spec.abnormallyLow, valid.map((b) => ({ bidId: String(b.bidId), priceFen: price(b) }))).find((x) => x.bidId === String(bid.bidId));
        if (!flag?.flagged) throw invalid('costFinding', 'NOT_ABNORMALLY_LOW', '该投标报价不属于明显低于其他投标报价的情形', 'This price is not abnormally low against the other valid bids', { rule: 'S7' });
      }
      changes.costFinding = f;
    }

    const now = deps.clock.now();
    const values = {
      ...(changes.correctedPriceFen !== undefined ? { correctedPriceFen: changes.correctedPriceFen as number | null } : {}),
      ...(changes.policy !== undefined ? { policy: changes.policy as Record<string, unknown> | null } : {}),
      ...(changes.adjustmentsFen !== undefined ? { adjustmentsFen: changes.adjustmentsFen as Record<string, number> | null } : {}),
      ...(changes.costFinding !== undefined ? { costFinding: changes.costFinding as 'justified' | 'below_cost' | null } : {}),
      ...(changes.brand !== undefined ? { brand: changes.brand as string | null } : {}),
      updatedAt: now,
    };
    const [row] = await tx
      .insert(evaluationBidInputs)
      .values({ evaluationId: l.e.id, bidId: bid.bidId, ...values })
      .onConflictDoUpdate({ target: [evaluationBidInputs.evaluationId, evaluationBidInputs.bidId], set: values })
      .returning();
    await audit(tx, deps, ctx, {
      chain: projectChain(l.p.id),
      action: 'evaluation.bid_input',
      subject: { type: 'evaluation', id: l.e.id },
      payload: { evaluationId: l.e.id, bid: bid.label, ...changes, rules: [changes.correctedPriceFen !== undefined && 'S8', changes.costFinding !== undefined && 'S7', changes.policy !== undefined && 'S3', changes.brand !== undefined && 'R87 §31'].filter(Boolean) },
    });
    await publishLiveEvent(tx, { topic: evaluationTopic(l.e.id), type: 'bid_input', data: { evaluationId: l.e.id }, at: now });
    return {
      bid: bid.label,
      correctedPriceFen: row!.correctedPriceFen,
      costFinding: row!.costFinding,
      policy: row!.policy as PolicyClaim | null,
      adjustmentsFen: row!.adjustmentsFen,
      brand: row!.brand,
      updatedAt: row!.updatedAt.toISOString(),
    };
  });
}
