/**
 * The compliance review (初步评审, issue 22 §2–3): every member finds pass or fail on every compliance
 * criterion of every bid, a failure with a written reason. The committee's finding on an item is the
 * majority (R87 §61: 少数服从多数; ZTBT §51 for the engineering rejections): pass when MORE than half of
 * the committee's members find pass, fail when more than half find fail. Anything else — a missing finding,
 * or an even split (possible only when the committee is even, e.g. while a replaced member's findings are
 * void, E5) — is `undecided`: the item is not decided and the evaluation cannot go on, never silently
 * passed or failed. Dissenting members are listed (they sign their dissent in the report, S11).
 *
 * A bid above the price ceiling (R87 §63, ZTBT §51) is rejected here whatever the findings; a price equal to
 * the ceiling is within it.
 *
 * `checkEnoughBids` (O2, 政府采购法 §36): under GP, fewer than 3 bids passing the review stops the
 * evaluation and the procurement fails. Engineering may go on: the committee MAY reject all when too few
 * valid bids leave no competition (R12 §27, ZTB §42) — that is its decision, flagged, not taken here.
 */
import { aboveCeiling } from '../tendering/ceiling.ts';
import { compareIds as cmp, invalid, isFen } from './decimal.ts';
import type { EvaluationKind, EvaluationMethodSpec } from './method.ts';

export interface ComplianceFinding {
  memberId: string;
  bidId: string;
  criterionId: string;
  pass: boolean;
  /** required when `pass` is false */
  reason: string | null;
}

export type ItemDecision = 'pass' | 'fail' | 'undecided';

export interface ComplianceItem {
  criterionId: string;
  decision: ItemDecision;
  passVotes: number;
  failVotes: number;
  /** members without a finding on the item */
  missing: string[];
  /** every failing finding with its reason, by member id */
  failReasons: { memberId: string; reason: string }[];
  /** the members on the losing side of a decided item */
  dissent: string[];
}

export interface ComplianceBid {
  bidId: string;
  /** true: passes; false: rejected (a failed item or above the ceiling); null: some item undecided */
  passed: boolean | null;
  aboveCeiling: boolean;
  items: ComplianceItem[];
}

export interface ComplianceInput {
  /** the current members' ids */
  members: readonly string[];
  bids: readonly { id: string; priceFen: number }[];
  /** the price ceiling in fen (tendering/ceiling.ts `priceCeilingFen`), null when there is none */
  ceilingFen: number | null;
  findings: readonly ComplianceFinding[];
}

/** Decides each item of each bid by majority, and rejects the bids above the ceiling. */
export function reviewCompliance(spec: EvaluationMethodSpec, input: ComplianceInput): ComplianceBid[] {
  const members = new Set(input.members);
  const bids = new Set(input.bids.map((b) => b.id));
  const criteria = new Set(spec.compliance.map((c) => c.id));
  const byItem = new Map<string, Map<string, ComplianceFinding>>();
  for (const f of input.findings) {
    const field = `compliance.${f.bidId}.${f.criterionId}`;
    if (!members.has(f.memberId)) throw invalid('FINDING_NOT_A_MEMBER', field, `${f.memberId} 不是本委员会的现任成员`, `${f.memberId} is not a current member of the committee`, { member: f.memberId, rule: 'E5' });
    if (!bids.has(f.bidId)) throw invalid('FINDING_UNKNOWN_BID', field, `未知的投标：${f.bidId}`, `Unknown bid: ${f.bidId}`, { bid: f.bidId });
    if (!criteria.has(f.criterionId)) throw invalid('FINDING_UNKNOWN_CRITERION', field, `评标办法中没有该初步评审因素：${f.criterionId}`, `The method has no compliance criterion ${f.criterionId}`, { criterion: f.criterionId });
    if (typeof f.pass !== 'boolean') throw invalid('FINDING_INVALID', field, '评审结论应为合格或不合格', 'A finding must be pass or fail');
    if (!f.pass && (typeof f.reason !== 'string' || f.reason.trim() === '')) {
      throw invalid('FINDING_REASON_MISSING', field, '不合格的评审结论须写明理由', 'A failing finding needs a written reason', { member: f.memberId, bid: f.bidId, criterion: f.criterionId });
    }
    const key = JSON.stringify([f.bidId, f.criterionId]);
    let item = byItem.get(key);
    if (!item) byItem.set(key, (item = new Map()));
    if (item.has(f.memberId)) throw invalid('FINDING_DUPLICATE', field, '同一成员对同一项作出了两次结论', 'A member gave two findings on one item', { member: f.memberId });
    item.set(f.memberId, f);
  }
  const memberIds = [...members].sort(cmp);
  return input.bids.map((bid) => {
    if (!isFen(bid.priceFen) || bid.priceFen <= 0) throw invalid('PRICE_INVALID', `bids.${bid.id}.priceFen`, '投标报价应为以分计的正整数', 'A bid price must be a positive whole number of fen', { bid: bid.id });
    const items = spec.compliance.map((c) => decideItem(c.id, memberIds, byItem.get(JSON.stringify([bid.id, c.id]))));
    const over = aboveCeiling(bid.priceFen, input.ceilingFen);
    const passed = over || items.some((i) => i.decision === 'fail') ? false : items.every((i) => i.decision === 'pass') ? true : null;
    return { bidId: bid.id, passed, aboveCeiling: over, items };
  });
}

function decideItem(criterionId: string, members: readonly string[], findings: Map<string, ComplianceFinding> | undefined): ComplianceItem {
  const pass: string[] = [];
  const fail: string[] = [];
  const missing: string[] = [];
  const failReasons: { memberId: string; reason: string }[] = [];
  for (const m of members) {
    const f = findings?.get(m);
    if (!f) missing.push(m);
    else if (f.pass) pass.push(m);
    else {
      fail.push(m);
      failReasons.push({ memberId: m, reason: f.reason! });
    }
  }
  // strictly more than half of the committee (not of those who voted): 2 × votes > members
  const decision: ItemDecision = 2 * pass.length > members.length ? 'pass' : 2 * fail.length > members.length ? 'fail' : 'undecided';
  const dissent = decision === 'pass' ? fail : decision === 'fail' ? pass : [];
  return { criterionId, decision, passVotes: pass.length, failVotes: fail.length, missing, failReasons, dissent };
}

export type EnoughBids =
  | { ok: true; competitionMayBeLacking: boolean }
  | { ok: false; reason: 'GP_FEWER_THAN_THREE' | 'NO_VALID_BIDS'; rule: 'O2' | null; zh: string; en: string };

/** The minimum of bids passing the review for the evaluation to go on (O2; 政府采购法 §36). */
export const GP_MIN_QUALIFIED_BIDS = 3;

/**
 * O2: GP with fewer than 3 qualified / responsive bids → the evaluation stops and the procurement fails.
 * Engineering with none → nothing to evaluate; with fewer than 3 → goes on, flagged for the committee.
 */
export function checkEnoughBids(kind: EvaluationKind, validBids: number): EnoughBids {
  if (kind.startsWith('gp.') && validBids < GP_MIN_QUALIFIED_BIDS) {
    return {
      ok: false,
      reason: 'GP_FEWER_THAN_THREE',
      rule: 'O2',
      zh: `符合资格条件或实质性响应招标文件的供应商不足三家（${validBids}家），评标终止，应予废标（政府采购法第三十六条）`,
      en: `Fewer than three qualified and responsive suppliers (${validBids}): the evaluation stops and the procurement fails (Government Procurement Law §36)`,
    };
  }
  if (validBids === 0) {
    return { ok: false, reason: 'NO_VALID_BIDS', rule: null, zh: '没有通过初步评审的投标', en: 'No bid passed the compliance review' };
  }
  return { ok: true, competitionMayBeLacking: validBids < GP_MIN_QUALIFIED_BIDS };
}
