/**
 * Which law a platform notice cites, per trade type and method (issue 18 §1): a land 终止公告 must not
 * cite 《招标投标法实施条例》第三十一条. Each citation carries its source key (domain.md §0):
 * V = the article was read in the law text; K = domain knowledge — where the article number is not in
 * domain.md the regulation is cited WITHOUT an article rather than an invented one.
 *
 * - termination (终止): engineering ZTBT §31 (V); procurement 招标 R87 §29 (K); 谈判 / 询价 / 单一来源 R74
 *   (K, no article); 磋商 R214 (K, no article); land R39L (K, no article); property R32 (K, no article).
 * - failure for too few bids (O2): engineering ZTB §28 + ZTBT §44 (V); procurement 招标 CG §36 (V, 废标) +
 *   R87 §41 (K, 投标人不足3家的，不得开标); 谈判 CG §38 (V) + R74; 询价 CG §40 (V) + R74; 磋商 R214;
 *   单一来源 R74; land R39L; property R32.
 * - failure for too few prequalified (P4): engineering ZTBT §19 (V); procurement 招标 CG §36 (V: 符合专业条件的
 *   供应商不足三家); the other methods have no prequalification and cite as for too few bids.
 * - failure after the committee's compliance review (O2): engineering ZTB §42 (V: every bid rejected);
 *   procurement 招标 CG §36 (V: 对招标文件作实质响应的供应商不足三家); the other methods as for too few bids.
 */
import type { ProcedureMethod, TradeType } from './flags.ts';
import { citeRule } from './laws.ts';

export interface Citation {
  /** As a notice prints it: 《中华人民共和国招标投标法实施条例》第三十一条 */
  zh: string;
  en: string;
  /** The rule keys of domain.md, e.g. 'ZTBT §31', 'R39L' */
  ref: string;
  /** domain.md §0: V verified against the law text, K domain knowledge */
  source: 'V' | 'K';
}

/**
 * Why a procedure or section failed: too few bid (O2 at the deadline), too few prequalified (P4), or too
 * few bids the evaluation committee found valid (O2 after the compliance review: GP fewer than 3 qualified
 * and responsive, CG §36; engineering every bid rejected, ZTB §42).
 */
export type FailureCitationCause = 'too_few_bids' | 'too_few_qualified' | 'too_few_compliant';

/** A notice's citation from its rule key ('ZTB §28; ZTBT §44'): the one formatter of laws.ts. */
function cite(source: 'V' | 'K', ref: string): Citation {
  return { ...citeRule(ref), ref, source };
}

const TENDER_METHODS: readonly ProcedureMethod[] = ['open', 'invited'];

/** The law a 终止公告 cites for this trade type and method. */
export function terminationCitation(tradeType: TradeType, method: ProcedureMethod): Citation {
  switch (tradeType) {
    case 'engineering':
      return cite('V', 'ZTBT §31');
    case 'procurement':
      if (TENDER_METHODS.includes(method)) return cite('K', 'R87 §29');
      // K: the termination articles of R74 / R214 are not in domain.md — the measures without an article.
      return method === 'consultation' ? cite('K', 'R214') : cite('K', 'R74');
    case 'land':
      return cite('K', 'R39L'); // K: article not in domain.md
    case 'property':
      return cite('K', 'R32'); // K: article not in domain.md
  }
}

/** The law a failure notice (流标 / 废标 / 终止) cites when too few bid or too few prequalified (O2, P4). */
export function failureCitation(tradeType: TradeType, method: ProcedureMethod, cause: FailureCitationCause): Citation {
  switch (tradeType) {
    case 'engineering':
      if (cause === 'too_few_compliant') return cite('V', 'ZTB §42');
      return cause === 'too_few_qualified' ? cite('V', 'ZTBT §19') : cite('V', 'ZTB §28; ZTBT §44');
    case 'procurement':
      if (TENDER_METHODS.includes(method)) return cause === 'too_few_bids' ? cite('K', 'CG §36; R87 §41') : cite('V', 'CG §36');
      if (method === 'negotiation') return cite('K', 'CG §38; R74');
      if (method === 'inquiry') return cite('K', 'CG §40; R74');
      if (method === 'consultation') return cite('K', 'R214');
      return cite('K', 'R74');
    case 'land':
      return cite('K', 'R39L');
    case 'property':
      return cite('K', 'R32');
  }
}

/**
 * The law by which a bidder who neither confirms the opening record nor objects is deemed to accept it:
 * R87 §42 (K) for a procurement tender; null where domain.md names no rule (engineering, 谈判 / 磋商 / 询价,
 * land, property) — the record then states the platform's rule without a citation.
 */
export function openingAcceptanceCitation(tradeType: TradeType, method: ProcedureMethod): Citation | null {
  return tradeType === 'procurement' && TENDER_METHODS.includes(method) ? cite('K', 'R87 §42') : null;
}
