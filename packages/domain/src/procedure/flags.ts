/**
 * Procedure flags (issue 4 §1): every trade type × method is reduced to a handful of behavioural flags in
 * the ProZorro manner, and the one state machine in `machine.ts` reads only these flags — never the trade
 * type or the method. Sources per domain.md §1 (keys as there; K = domain knowledge, check before relying).
 */
import { AppError } from '../errors.ts';

export const TRADE_TYPES = ['engineering', 'procurement', 'land', 'property'] as const;
export type TradeType = (typeof TRADE_TYPES)[number];

/** Every method / sale mode word of ux.md, across trade types. */
export const PROCEDURE_METHODS = [
  'open',
  'invited',
  'negotiation',
  'consultation',
  'inquiry',
  'single_source',
  'tender',
  'auction',
  'listing',
  'online_bidding',
] as const;
export type ProcedureMethod = (typeof PROCEDURE_METHODS)[number];

/** The methods each trade type offers; anything else is rejected by `procedureFlags` with VALIDATION. */
export const METHODS_BY_TRADE_TYPE: Readonly<Record<TradeType, readonly ProcedureMethod[]>> = {
  engineering: ['open', 'invited'],
  procurement: ['open', 'invited', 'negotiation', 'consultation', 'inquiry', 'single_source'],
  land: ['tender', 'auction', 'listing'],
  property: ['listing', 'online_bidding'],
};

/**
 * - `pre`: a separate prequalification phase (its own notice, review, result) before bids are invited.
 * - `registration`: each applicant is qualified when it registers and pays its deposit, before it may bid
 *   (land, property: domain §1.3 step 5, §1.4 step 5, §5.3).
 * - `post`: qualification is reviewed after opening / inside evaluation, or after the auction (Suzhou 后审).
 * - `none`: no qualification step of the procedure (single source: checked in the negotiation).
 */
export const QUALIFICATION_MODES = ['pre', 'registration', 'post', 'none'] as const;
export type QualificationMode = (typeof QUALIFICATION_MODES)[number];

/**
 * - `sealed_bids`: encrypted bids until a deadline, then opening and evaluation.
 * - `negotiation`: sealed first responses, opening, then rounds with the group and final offers (谈判 / 磋商).
 * - `auction`: registration (application + deposit) until a deadline, then an online ascending auction.
 * - `listing_then_auction`: a listing period with offers; at its end one bidder → deal, two or more →
 *   timed bidding (挂牌 → 限时竞价, domain §5.2; property: one buyer → direct deal, GZ §54).
 * - `direct`: one named supplier; publicity of the reason, then negotiation (单一来源).
 */
export const SUBMISSION_MODES = ['sealed_bids', 'auction', 'listing_then_auction', 'negotiation', 'direct'] as const;
export type SubmissionMode = (typeof SUBMISSION_MODES)[number];

/** ux.md words: comprehensive / lowest_evaluated (engineering); comprehensive / lowest_price (procurement). */
export const EVALUATION_METHODS = [
  'comprehensive',
  'lowest_evaluated',
  'lowest_price',
  'highest_price',
  'none',
] as const;
export type EvaluationMethod = (typeof EVALUATION_METHODS)[number];

export interface ProcedureFlags {
  qualification: QualificationMode;
  submission: SubmissionMode;
  /** Fewer bids (or qualified applicants) than this at the deadline → FAILED (O2; ZTBT §19, §44). */
  minBidders: number;
  evaluation: EvaluationMethod;
  /** 中标候选人公示 after evaluation, before the award (ZTBT §54, engineering). */
  candidatePublicity: boolean;
  /** The notice is the publicity of the single-source reason and supplier, ≥ 5 wd (CGT §38). */
  singleSourcePublicity: boolean;
}

export interface ProcedureFlagOptions {
  /**
   * Engineering / procurement open: true chooses prequalification (default post-qualification).
   * Procurement invited: always prequalification (the pool and the random pick of ≥ 3); false is rejected.
   * Land: true (default) qualifies at registration; false chooses post-review after the auction (Suzhou).
   * Elsewhere true is rejected.
   */
  prequalification?: boolean;
  /** Overrides the default evaluation method where the trade type allows a choice. */
  evaluation?: EvaluationMethod;
  /** Negotiation / consultation with two suppliers where R74 / R214 allow it (K): minBidders 2. */
  allowTwoSuppliers?: boolean;
}

interface Spec {
  /** Qualification for prequalification undefined / true / false; null = that choice is not allowed. */
  qualification: { default: QualificationMode; ifTrue: QualificationMode | null; ifFalse: QualificationMode | null };
  submission: SubmissionMode;
  minBidders: number;
  /** The first is the default. */
  evaluation: readonly EvaluationMethod[];
  candidatePublicity: boolean;
  singleSourcePublicity?: boolean;
  twoSuppliersAllowed?: boolean;
}

const OPEN_PREQUAL_OPTIONAL = { default: 'post', ifTrue: 'pre', ifFalse: 'post' } as const;
const POST_ONLY = { default: 'post', ifTrue: null, ifFalse: 'post' } as const;
const PRE_ONLY = { default: 'pre', ifTrue: 'pre', ifFalse: null } as const;
const NONE_ONLY = { default: 'none', ifTrue: null, ifFalse: 'none' } as const;
const LAND_QUAL = { default: 'registration', ifTrue: 'registration', ifFalse: 'post' } as const;
const PROPERTY_QUAL = { default: 'registration', ifTrue: 'registration', ifFalse: null } as const;

const SPECS: Record<TradeType, Partial<Record<ProcedureMethod, Spec>>> = {
  engineering: {
    // ZTB §24, §34; ZTBT §19 (< 3 prequalified → re-tender), §44 (< 3 bids → no opening), §54 publicity.
    open: {
      qualification: OPEN_PREQUAL_OPTIONAL,
      submission: 'sealed_bids',
      minBidders: 3,
      evaluation: ['comprehensive', 'lowest_evaluated'],
      candidatePublicity: true,
    },
    // ZTB §17: invitations to ≥ 3 named bidders; prequalification is for open tendering.
    invited: {
      qualification: POST_ONLY,
      submission: 'sealed_bids',
      minBidders: 3,
      evaluation: ['comprehensive', 'lowest_evaluated'],
      candidatePublicity: true,
    },
  },
  procurement: {
    // CG §35; R87 §41, §44 (qualification after opening); CGT §21 allows prequalification.
    open: {
      qualification: OPEN_PREQUAL_OPTIONAL,
      submission: 'sealed_bids',
      minBidders: 3,
      evaluation: ['comprehensive', 'lowest_price'],
      candidatePublicity: false,
    },
    // CG §34; R87 §14: pool by prequalification notice / library / recommendation, random pick of ≥ 3.
    invited: {
      qualification: PRE_ONLY,
      submission: 'sealed_bids',
      minBidders: 3,
      evaluation: ['comprehensive', 'lowest_price'],
      candidatePublicity: false,
    },
    // CG §38: ≥ 3 suppliers, candidates ranked by price (R74 exception: 2).
    negotiation: {
      qualification: POST_ONLY,
      submission: 'negotiation',
      minBidders: 3,
      evaluation: ['lowest_price'],
      candidatePublicity: false,
      twoSuppliersAllowed: true,
    },
    // R214: 综合评分, final offers from ≥ 3 (2 for 科研 / 科技成果转化).
    consultation: {
      qualification: POST_ONLY,
      submission: 'negotiation',
      minBidders: 3,
      evaluation: ['comprehensive'],
      candidatePublicity: false,
      twoSuppliersAllowed: true,
    },
    // CG §40: ≥ 3 suppliers, one fixed price, lowest compliant price wins.
    inquiry: {
      qualification: POST_ONLY,
      submission: 'sealed_bids',
      minBidders: 3,
      evaluation: ['lowest_price'],
      candidatePublicity: false,
    },
    // CG §31; CGT §38 publicity ≥ 5 wd; R74 negotiation with minutes.
    single_source: {
      qualification: NONE_ONLY,
      submission: 'direct',
      minBidders: 1,
      evaluation: ['none'],
      candidatePublicity: false,
      singleSourcePublicity: true,
    },
  },
  land: {
    // R39L (K): < 3 bidders → re-tender; highest price, or best overall conditions with a committee.
    tender: {
      qualification: LAND_QUAL,
      submission: 'sealed_bids',
      minBidders: 3,
      evaluation: ['highest_price', 'comprehensive'],
      candidatePublicity: false,
    },
    // R39L (K, not in domain.md): fewer than 3 bidders → the auction is stopped; highest bid < reserve → stop.
    auction: {
      qualification: LAND_QUAL,
      submission: 'auction',
      minBidders: 3,
      evaluation: ['highest_price'],
      candidatePublicity: false,
    },
    // domain §5.2: one bidder ≥ reserve → deal; two or more → timed bidding.
    listing: {
      qualification: LAND_QUAL,
      submission: 'listing_then_auction',
      minBidders: 1,
      evaluation: ['highest_price'],
      candidatePublicity: false,
    },
  },
  property: {
    // GZ §54, R32 (K): one qualified buyer → direct deal at ≥ listing price; two or more → bidding.
    listing: {
      qualification: PROPERTY_QUAL,
      submission: 'listing_then_auction',
      minBidders: 1,
      evaluation: ['highest_price'],
      candidatePublicity: false,
    },
    // domain §5.4: 网络竞价, a free-offer period then a timed period; one buyer may deal alone.
    online_bidding: {
      qualification: PROPERTY_QUAL,
      submission: 'auction',
      minBidders: 1,
      evaluation: ['highest_price'],
      candidatePublicity: false,
    },
  },
};

function invalid(zh: string, en: string, details: Record<string, unknown>): AppError {
  return new AppError('VALIDATION', { zh, en }, details);
}

/**
 * The flags of a trade type × method (domain §1). Throws AppError('VALIDATION') for an unknown
 * combination or an option the combination does not allow.
 */
export function procedureFlags(
  tradeType: TradeType,
  method: ProcedureMethod,
  opts: ProcedureFlagOptions = {},
): ProcedureFlags {
  const byMethod = Object.hasOwn(SPECS, tradeType) ? SPECS[tradeType] : undefined;
  const spec = byMethod && Object.hasOwn(byMethod, method) ? byMethod[method] : undefined;
  if (!spec) {
    throw invalid('交易类型与交易方式的组合无效', 'This trade type does not offer this method', {
      tradeType,
      method,
      allowed: byMethod ? Object.keys(byMethod) : [...TRADE_TYPES],
    });
  }

  const q = opts.prequalification;
  const qualification =
    q === undefined ? spec.qualification.default : q ? spec.qualification.ifTrue : spec.qualification.ifFalse;
  if (qualification === null) {
    throw invalid(
      q ? '该交易方式不采用资格预审' : '该交易方式必须进行资格预审',
      q ? 'This method has no prequalification' : 'This method requires prequalification',
      { tradeType, method, prequalification: q },
    );
  }

  const evaluation = opts.evaluation ?? spec.evaluation[0]!;
  if (!spec.evaluation.includes(evaluation)) {
    throw invalid('该交易方式不允许此评标方法', 'This method does not allow this evaluation method', {
      tradeType,
      method,
      evaluation,
      allowed: [...spec.evaluation],
    });
  }

  if (opts.allowTwoSuppliers && !spec.twoSuppliersAllowed) {
    throw invalid('该交易方式不允许两家供应商的例外', 'This method has no two-supplier exception', {
      tradeType,
      method,
    });
  }

  return {
    qualification,
    submission: spec.submission,
    minBidders: opts.allowTwoSuppliers ? 2 : spec.minBidders,
    evaluation,
    candidatePublicity: spec.candidatePublicity,
    singleSourcePublicity: spec.singleSourcePublicity ?? false,
  };
}
