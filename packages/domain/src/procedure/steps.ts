/**
 * The step bar of a procedure (issue 18 §6): each trade and method by its own steps (domain §1.1–§1.4),
 * and a bar that tells the truth about where a project is — and where a failed, terminated or suspended
 * one stopped — instead of "草稿".
 *
 * `stepsFor` labels the main line of the machine (`mainLine`) with the words of the trade and method; the
 * words are vocabulary entries (`step.<word>` in vocabulary/zh.ts, en.ts). `stepBar` marks each step
 * done / current / stopped / todo from a procedure state.
 */
import type { ProcedureFlags, ProcedureMethod, TradeType } from './flags.ts';
import { mainLine, type FailReason, type ProcedureState, type ProcedureStatus, type SuspensionReason } from './machine.ts';

/**
 * The words of the steps (vocabulary `step.<word>`), per domain §1:
 * - engineering (§1.1): 招标公告 or 资格预审公告 (投标邀请 when invited, ZTB §17) → 资格预审 → 资格预审结果 →
 *   投标 → 开标 → 评标 → 中标候选人公示 → 定标 → 中标通知书;
 * - procurement open / invited (§1.2): the same without the candidate publicity;
 * - 竞争性谈判 / 竞争性磋商: 谈判 / 磋商公告 → 提交响应文件 → 响应文件开启 → 谈判 / 磋商 → 确定成交供应商 →
 *   成交通知书 (CG §38, R214);
 * - 询价: 询价公告 → 报价 (one fixed price, no negotiation, CG §40) → 响应文件开启 → 评审 → 确定成交供应商;
 * - 单一来源: 单一来源公示 (CGT §38) → 协商 (R74) → 确定成交供应商;
 * - land (§1.3): 出让公告 → 投标 / 竞买申请 / 挂牌 → 开标 · 评标 / 拍卖 / 限时竞价 → 成交确认 → 成交确认书 →
 *   签订出让合同;
 * - property (§1.4): 信息披露 → 受让申请 → 竞价 / 网络竞价 → 成交确认 → 成交 → 签订产权交易合同.
 */
export const STEP_WORDS = [
  'draft',
  'noticeReview',
  'tenderNotice',
  'prequalNotice',
  'invitation',
  'negotiationNotice',
  'consultationNotice',
  'inquiryNotice',
  'singleSourcePublicity',
  'landSaleNotice',
  'disclosure',
  'prequalification',
  'prequalResult',
  'bidding',
  'responses',
  'quotation',
  'landApplication',
  'landListing',
  'transfereeApplication',
  'opening',
  'responseOpening',
  'evaluation',
  'review',
  'negotiation',
  'consultation',
  'singleSourceTalks',
  'auction',
  'timedBidding',
  'competitiveBidding',
  'onlineBidding',
  'candidatePublicity',
  'award',
  'supplierChoice',
  'dealConfirmation',
  'awardNotice',
  'dealNotice',
  'confirmationLetter',
  'deal',
  'contract',
  'landContract',
  'propertyContract',
  'archive',
] as const;
export type StepWord = (typeof STEP_WORDS)[number];

export interface ProcedureStep {
  status: ProcedureStatus;
  /** Its label: vocabulary `step.<word>`. */
  word: StepWord;
  /** The step may be skipped on the way to an award (listing with a single bidder skips AUCTION). */
  conditional?: true;
}

/** The procurement methods that take responses (响应文件), not bids: CG §38–§40, R74, R214. */
const RESPONSE_METHODS: readonly ProcedureMethod[] = ['negotiation', 'consultation', 'inquiry', 'single_source'];

interface Kind {
  tradeType: TradeType;
  method: ProcedureMethod;
  flags: ProcedureFlags;
}

const isSale = ({ flags }: Kind): boolean => flags.submission === 'auction' || flags.submission === 'listing_then_auction';

function publishedWord(k: Kind): StepWord {
  if (k.flags.submission === 'direct') return 'singleSourcePublicity';
  if (k.flags.qualification === 'pre') return 'prequalNotice';
  if (k.tradeType === 'land') return 'landSaleNotice';
  if (k.tradeType === 'property') return 'disclosure';
  if (k.tradeType === 'engineering' && k.method === 'invited') return 'invitation';
  if (k.method === 'negotiation') return 'negotiationNotice';
  if (k.method === 'consultation') return 'consultationNotice';
  if (k.method === 'inquiry') return 'inquiryNotice';
  return 'tenderNotice';
}

function biddingWord(k: Kind): StepWord {
  if (k.method === 'inquiry') return 'quotation';
  if (k.flags.submission === 'negotiation') return 'responses';
  if (k.tradeType === 'property') return 'transfereeApplication';
  if (k.tradeType === 'land' && k.flags.submission === 'auction') return 'landApplication';
  if (k.tradeType === 'land' && k.flags.submission === 'listing_then_auction') return 'landListing';
  return 'bidding';
}

function auctionWord(k: Kind): StepWord {
  if (k.tradeType === 'property') return k.flags.submission === 'listing_then_auction' ? 'competitiveBidding' : 'onlineBidding';
  return k.flags.submission === 'listing_then_auction' ? 'timedBidding' : 'auction';
}

function negotiationWord(k: Kind): StepWord {
  if (k.flags.submission === 'direct') return 'singleSourceTalks';
  return k.method === 'consultation' ? 'consultation' : 'negotiation';
}

function wordOf(status: ProcedureStatus, k: Kind): StepWord {
  const response = k.tradeType === 'procurement' && RESPONSE_METHODS.includes(k.method);
  switch (status) {
    case 'DRAFT':
      return 'draft';
    case 'PENDING_REVIEW':
      return 'noticeReview';
    case 'PUBLISHED':
      return publishedWord(k);
    case 'PREQUALIFICATION':
      return 'prequalification';
    case 'PREQUALIFIED':
      return 'prequalResult';
    case 'BIDDING':
      return biddingWord(k);
    case 'OPENING':
      return response ? 'responseOpening' : 'opening';
    case 'EVALUATION':
      return k.method === 'inquiry' && k.tradeType === 'procurement' ? 'review' : 'evaluation';
    case 'NEGOTIATION':
      return negotiationWord(k);
    case 'AUCTION':
      return auctionWord(k);
    case 'CANDIDATE_PUBLICITY':
      return 'candidatePublicity';
    case 'AWARD_PENDING':
      return isSale(k) ? 'dealConfirmation' : response ? 'supplierChoice' : 'award';
    case 'AWARDED':
      if (k.tradeType === 'property') return 'deal';
      if (isSale(k)) return 'confirmationLetter';
      return response ? 'dealNotice' : 'awardNotice';
    case 'CONTRACTED':
      return k.tradeType === 'land' ? 'landContract' : k.tradeType === 'property' ? 'propertyContract' : 'contract';
    case 'ARCHIVED':
      return 'archive';
    case 'SUSPENDED':
    case 'FAILED':
    case 'TERMINATED':
      // Side states are never steps of the main line (mainLine); a bar shows them as a stop (stepBar).
      throw new Error(`${status} is not a main-line step`);
  }
}

/** The ordered main-line steps of a trade type × method with these flags, each labelled by its own word. */
export function stepsFor(flags: ProcedureFlags, tradeType: TradeType, method: ProcedureMethod): ProcedureStep[] {
  const k: Kind = { tradeType, method, flags };
  return mainLine(flags).map((m) => ({ ...m, word: wordOf(m.status, k) }));
}

// ---------------------------------------------------------------------------------------------------
// The bar

/**
 * - `done`: passed; `current`: where the procedure is;
 * - `stopped`: where it failed, was terminated or is suspended (the bar's `stop` says which and why);
 * - `todo`: not reached — still ahead while running or suspended, never to come after a failure or a
 *   termination (the web shows these greyed when `stop` is final).
 */
export const STEP_STATES = ['done', 'current', 'stopped', 'todo'] as const;
export type StepState = (typeof STEP_STATES)[number];

export type StepBarItem = ProcedureStep & { state: StepState };

/**
 * Why the bar stops, and where. `at` is the main-line step the procedure had reached, or null when the
 * record does not say (a project stopped before issue 18 recorded `stoppedAt` and without an audit trail
 * of it): the bar then marks no step and says "unknown step". `archived`: it was archived since.
 */
export type StepStop =
  | { kind: 'failed'; at: ProcedureStatus | null; reason: FailReason | null; archived: boolean }
  | { kind: 'terminated'; at: ProcedureStatus | null; reason: string | null; archived: boolean }
  | { kind: 'suspended'; at: ProcedureStatus | null; reason: SuspensionReason | null };

export interface StepBar {
  steps: StepBarItem[];
  stop: StepStop | null;
}

function mark(steps: readonly ProcedureStep[], at: number, here: StepState, archived = false): StepBarItem[] {
  return steps.map((s, i) => {
    if (archived && s.status === 'ARCHIVED') return { ...s, state: 'done' };
    if (at < 0) return { ...s, state: 'todo' };
    return { ...s, state: i < at ? 'done' : i === at ? here : 'todo' };
  });
}

/**
 * The bar of a procedure state over its steps (`stepsFor`). A FAILED / TERMINATED state (or one ARCHIVED
 * after it) stops at `stoppedAt`; a SUSPENDED one at `suspendedFrom`; the steps after the stop are `todo`,
 * never `done` — except ARCHIVED once it is archived. A status outside the steps (a corrupt row) marks
 * nothing.
 */
export function stepBar(steps: readonly ProcedureStep[], state: ProcedureState): StepBar {
  const index = (s: ProcedureStatus | undefined): number => (s === undefined ? -1 : steps.findIndex((x) => x.status === s));
  const known = (s: ProcedureStatus | undefined): ProcedureStatus | null => (index(s) >= 0 ? s! : null);
  const archived = state.status === 'ARCHIVED';
  if (state.status === 'SUSPENDED') {
    return {
      steps: mark(steps, index(state.suspendedFrom), 'stopped'),
      stop: { kind: 'suspended', at: known(state.suspendedFrom), reason: state.suspension?.reason ?? null },
    };
  }
  if (state.status === 'FAILED' || (archived && state.failure)) {
    return {
      steps: mark(steps, index(state.stoppedAt), 'stopped', archived),
      stop: { kind: 'failed', at: known(state.stoppedAt), reason: state.failure?.reason ?? null, archived },
    };
  }
  if (state.status === 'TERMINATED' || (archived && state.termination)) {
    return {
      steps: mark(steps, index(state.stoppedAt), 'stopped', archived),
      stop: { kind: 'terminated', at: known(state.stoppedAt), reason: state.termination?.reason ?? null, archived },
    };
  }
  if (archived) return { steps: steps.map((s) => ({ ...s, state: 'done' })), stop: null };
  return { steps: mark(steps, index(state.status), 'current'), stop: null };
}
