/**
 * The procedure state machine (issue 4 §1, domain §1, §8 O1/O2/N8). One machine for every trade type and
 * method; it reads only `ProcedureFlags`. Pure: facts a guard needs (bid counts, whether the reserve was
 * met) arrive in the event payload, time is judged by the caller (the deadline event is sent when the
 * server clock says so, O1).
 *
 * Main line (states a flag set does not use are skipped, see `mainLine`; their labels: steps.ts):
 *   DRAFT → PENDING_REVIEW → PUBLISHED → [PREQUALIFICATION → PREQUALIFIED] → BIDDING → [OPENING] →
 *   [EVALUATION | NEGOTIATION | AUCTION] → [CANDIDATE_PUBLICITY] → AWARD_PENDING → AWARDED → CONTRACTED →
 *   ARCHIVED
 * Side states: SUSPENDED (objection, complaint, supervisor's pause; `resume` returns to the suspended
 * state), FAILED (流标/流拍; only `archive` follows — re-tendering is a new project), TERMINATED (only
 * `archive` follows, so a terminated project is archived like any other, X5).
 *
 * Decisions:
 * - A DRAFT is not terminated: it was never submitted or public, so abandoning it means deleting it;
 *   DRAFT accepts only `submit_notice`.
 * - `terminate` is allowed from PENDING_REVIEW up to AWARDED and from SUSPENDED, not from CONTRACTED:
 *   once the contract is signed the procedure only awaits archiving; ending the contract is not a
 *   procedure transition.
 * - `fail` (by a person, with a reason) is allowed where failure is a judgement: OPENING, EVALUATION,
 *   NEGOTIATION, CANDIDATE_PUBLICITY, AWARD_PENDING, AWARDED. Where failure follows from counts
 *   (prequalification, bid deadline, auction close) the guard decides it, so nobody can fail a procedure
 *   while bids are still coming in.
 * - While SUSPENDED only `resume` and `terminate` are accepted; a second ground of suspension is not
 *   stacked (the service keeps the open grounds and resumes when all are answered).
 */
import { AppError } from '../errors.ts';
import { type ProcedureFlags } from './flags.ts';
import { wordPairsOf } from '../vocabulary/index.ts';

export const PROCEDURE_STATUSES = [
  'DRAFT',
  'PENDING_REVIEW',
  'PUBLISHED',
  'PREQUALIFICATION',
  'PREQUALIFIED',
  'BIDDING',
  'OPENING',
  'EVALUATION',
  'NEGOTIATION',
  'AUCTION',
  'CANDIDATE_PUBLICITY',
  'AWARD_PENDING',
  'AWARDED',
  'CONTRACTED',
  'ARCHIVED',
  'SUSPENDED',
  'FAILED',
  'TERMINATED',
] as const;
export type ProcedureStatus = (typeof PROCEDURE_STATUSES)[number];

/** The status words in both languages: lookups into the shared vocabulary (vocabulary/zh.ts, en.ts). */
export const STATUS_LABELS: Readonly<Record<ProcedureStatus, { zh: string; en: string }>> = wordPairsOf(PROCEDURE_STATUSES, (s) => `status.${s}`);

export const SUSPENSION_REASONS = ['objection', 'complaint', 'supervisor'] as const;
export type SuspensionReason = (typeof SUSPENSION_REASONS)[number];

export const FAIL_REASONS = [
  'too_few_bidders',
  'too_few_qualified',
  'no_bids',
  'reserve_not_met',
  'all_rejected',
  'no_agreement',
  'winner_declined',
] as const;
export type FailReason = (typeof FAIL_REASONS)[number];

export const PROCEDURE_EVENT_TYPES = [
  'submit_notice',
  'reject_notice',
  'publish_notice',
  'start_prequalification',
  'prequalification_done',
  'open_bidding',
  'deadline_reached',
  'opening_done',
  'evaluation_done',
  'auction_closed',
  'publicity_done',
  'award',
  'contract_signed',
  'archive',
  'suspend',
  'resume',
  'fail',
  'terminate',
] as const;
export type ProcedureEventType = (typeof PROCEDURE_EVENT_TYPES)[number];

export type ProcedureEvent =
  | { type: 'submit_notice' }
  | { type: 'reject_notice' }
  | { type: 'publish_notice' }
  | { type: 'start_prequalification' }
  /** Applicants that passed prequalification (or, procurement invited, suppliers picked from the pool). */
  | { type: 'prequalification_done'; qualifiedCount: number }
  | { type: 'open_bidding' }
  /**
   * bidCount: bids received (sealed bids, responses), qualified applicants (auction), or bidders still
   * competing at the end of the listing. reserveMet: whether the single listing bidder's offer reaches the
   * reserve (true when there is none); required only when a listing ends with one bidder.
   */
  | { type: 'deadline_reached'; bidCount: number; reserveMet?: boolean }
  /** qualifiedCount: pass it when qualification is reviewed at opening (GP, R87 §44); O2 second half. */
  | { type: 'opening_done'; qualifiedCount?: number }
  | { type: 'evaluation_done' }
  /** offerCount: valid offers in the whole sale (listing phase included); reserveMet: best offer ≥ reserve. */
  | { type: 'auction_closed'; offerCount: number; reserveMet: boolean }
  | { type: 'publicity_done' }
  | { type: 'award' }
  | { type: 'contract_signed' }
  | { type: 'archive' }
  | { type: 'suspend'; reason: SuspensionReason }
  | { type: 'resume' }
  | { type: 'fail'; reason: FailReason }
  | { type: 'terminate'; reason: string };

export interface ProcedureState {
  status: ProcedureStatus;
  /** Only while SUSPENDED: the state `resume` returns to. */
  suspendedFrom?: ProcedureStatus;
  suspension?: { reason: SuspensionReason };
  /** Set on FAILED (kept on ARCHIVED). */
  failure?: { reason: FailReason };
  /** Set on TERMINATED (kept on ARCHIVED). */
  termination?: { reason: string };
  /**
   * Set on FAILED and TERMINATED (kept on ARCHIVED): the main-line state the procedure had reached when it
   * stopped — for a termination while SUSPENDED, the state it was suspended in (issue 18 §6). Rows stopped
   * before this was recorded lack it; the step bar then falls back to the audit trail or says "unknown".
   */
  stoppedAt?: ProcedureStatus;
}

/** What a project row stores beside its status (projects.status_detail): the rest of the state. */
export type ProcedureDetail = Omit<ProcedureState, 'status'>;

/** A stored project's procedure state: its status column and its status detail, joined (issue 17 §3). */
export function procedureStateOf(row: { status: ProcedureStatus; statusDetail: ProcedureDetail }): ProcedureState {
  return { ...row.statusDetail, status: row.status };
}

/** A state of the main line as the machine walks it (the labelled step: steps.ts `ProcedureStep`). */
export interface MainLineStep {
  status: ProcedureStatus;
  /** The step may be skipped on the way to an award (listing with a single bidder skips AUCTION). */
  conditional?: true;
}

export function initialProcedureState(): ProcedureState {
  return { status: 'DRAFT' };
}

export const TERMINAL_STATUSES: readonly ProcedureStatus[] = ['ARCHIVED', 'FAILED', 'TERMINATED'];

export function isTerminalStatus(status: ProcedureStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

// ---------------------------------------------------------------------------------------------------
// Steps per flag set

const isPre = (f: ProcedureFlags): boolean => f.qualification === 'pre';

/**
 * The ordered main-line states of a flag set (states it does not use are skipped). The labels each trade
 * and method gives them are in steps.ts (`stepsFor`).
 */
export function mainLine(flags: ProcedureFlags): MainLineStep[] {
  const s = flags.submission;
  const line: MainLineStep[] = [{ status: 'DRAFT' }, { status: 'PENDING_REVIEW' }, { status: 'PUBLISHED' }];
  if (isPre(flags)) line.push({ status: 'PREQUALIFICATION' }, { status: 'PREQUALIFIED' });
  switch (s) {
    case 'sealed_bids':
      line.push({ status: 'BIDDING' }, { status: 'OPENING' }, { status: 'EVALUATION' });
      break;
    case 'negotiation':
      line.push({ status: 'BIDDING' }, { status: 'OPENING' }, { status: 'NEGOTIATION' });
      break;
    case 'direct':
      line.push({ status: 'NEGOTIATION' });
      break;
    case 'auction':
      line.push({ status: 'BIDDING' }, { status: 'AUCTION' });
      break;
    case 'listing_then_auction':
      line.push({ status: 'BIDDING' }, { status: 'AUCTION', conditional: true });
      break;
  }
  if (flags.candidatePublicity) line.push({ status: 'CANDIDATE_PUBLICITY' });
  line.push({ status: 'AWARD_PENDING' }, { status: 'AWARDED' }, { status: 'CONTRACTED' }, { status: 'ARCHIVED' });
  return line;
}

/** Every status a procedure with these flags can be in. */
export function statusesFor(flags: ProcedureFlags): ProcedureStatus[] {
  return [...mainLine(flags).map((st) => st.status), 'SUSPENDED', 'FAILED', 'TERMINATED'];
}

// ---------------------------------------------------------------------------------------------------
// Transitions

/** The result of a main-line edge: the next status, and the failure reason when it is FAILED. */
type Outcome = ProcedureStatus | { failed: FailReason };
type EventOf<T extends ProcedureEventType> = Extract<ProcedureEvent, { type: T }>;
type Edge<T extends ProcedureEventType> = {
  /** The edge exists for these flags (default: always). */
  when?: (f: ProcedureFlags) => boolean;
  go: (f: ProcedureFlags, e: EventOf<T>) => Outcome;
};
type Edges = { [T in ProcedureEventType]?: Edge<T> };

/** Failure by counts: none at all → no_bids, fewer than the minimum → the given reason. */
function countGuard(count: number, f: ProcedureFlags, tooFew: FailReason): FailReason | null {
  if (count === 0) return 'no_bids';
  if (count < f.minBidders) return tooFew;
  return null;
}

function afterEvaluation(f: ProcedureFlags): ProcedureStatus {
  return f.candidatePublicity ? 'CANDIDATE_PUBLICITY' : 'AWARD_PENDING';
}

/** The main-line edges; suspend / resume / terminate / fail are the same for every state (below). */
const EDGES: Partial<Record<ProcedureStatus, Edges>> = {
  DRAFT: { submit_notice: { go: () => 'PENDING_REVIEW' } },
  PENDING_REVIEW: {
    reject_notice: { go: () => 'DRAFT' },
    publish_notice: { go: () => 'PUBLISHED' },
  },
  PUBLISHED: {
    start_prequalification: { when: isPre, go: () => 'PREQUALIFICATION' },
    open_bidding: { when: (f) => !isPre(f) && f.submission !== 'direct', go: () => 'BIDDING' },
    publicity_done: { when: (f) => f.submission === 'direct', go: () => 'NEGOTIATION' },
  },
  PREQUALIFICATION: {
    prequalification_done: {
      go: (f, e) => (e.qualifiedCount < f.minBidders ? { failed: 'too_few_qualified' } : 'PREQUALIFIED'),
    },
  },
  PREQUALIFIED: { open_bidding: { go: () => 'BIDDING' } },
  BIDDING: {
    deadline_reached: {
      go: (f, e) => {
        const tooFew = countGuard(e.bidCount, f, 'too_few_bidders');
        if (tooFew) return { failed: tooFew };
        switch (f.submission) {
          case 'auction':
            return 'AUCTION';
          case 'listing_then_auction':
            if (e.bidCount >= 2) return 'AUCTION';
            if (e.reserveMet === undefined) {
              throw new AppError(
                'VALIDATION',
                { zh: '挂牌仅一名竞买人时须说明是否达到底价', en: 'A listing with one bidder needs reserveMet' },
                { event: e.type, bidCount: e.bidCount },
              );
            }
            return e.reserveMet ? 'AWARD_PENDING' : { failed: 'reserve_not_met' };
          default:
            return 'OPENING';
        }
      },
    },
  },
  OPENING: {
    opening_done: {
      go: (f, e) => {
        if (e.qualifiedCount !== undefined && e.qualifiedCount < f.minBidders) {
          return { failed: 'too_few_qualified' };
        }
        return f.submission === 'negotiation' ? 'NEGOTIATION' : 'EVALUATION';
      },
    },
  },
  EVALUATION: { evaluation_done: { go: afterEvaluation } },
  NEGOTIATION: { evaluation_done: { go: afterEvaluation } },
  AUCTION: {
    auction_closed: {
      go: (_f, e) => {
        if (e.offerCount === 0) return { failed: 'no_bids' };
        return e.reserveMet ? 'AWARD_PENDING' : { failed: 'reserve_not_met' };
      },
    },
  },
  CANDIDATE_PUBLICITY: { publicity_done: { go: () => 'AWARD_PENDING' } },
  AWARD_PENDING: { award: { go: () => 'AWARDED' } },
  AWARDED: { contract_signed: { go: () => 'CONTRACTED' } },
  CONTRACTED: { archive: { go: () => 'ARCHIVED' } },
  FAILED: { archive: { go: () => 'ARCHIVED' } },
  TERMINATED: { archive: { go: () => 'ARCHIVED' } },
};

/** After publication, before the end: objection (N8), complaint, supervisor's pause order (M3). */
const SUSPENDABLE: readonly ProcedureStatus[] = [
  'PUBLISHED',
  'PREQUALIFICATION',
  'PREQUALIFIED',
  'BIDDING',
  'OPENING',
  'EVALUATION',
  'NEGOTIATION',
  'AUCTION',
  'CANDIDATE_PUBLICITY',
  'AWARD_PENDING',
  'AWARDED',
  'CONTRACTED',
];
const TERMINABLE: readonly ProcedureStatus[] = [
  'PENDING_REVIEW',
  ...SUSPENDABLE.filter((s) => s !== 'CONTRACTED'),
  'SUSPENDED',
];
const FAILABLE: readonly ProcedureStatus[] = [
  'OPENING',
  'EVALUATION',
  'NEGOTIATION',
  'CANDIDATE_PUBLICITY',
  'AWARD_PENDING',
  'AWARDED',
];

function isKnownStatus(v: unknown): v is ProcedureStatus {
  return typeof v === 'string' && (PROCEDURE_STATUSES as readonly string[]).includes(v);
}

/** Checks that a state is well-formed for these flags; throws VALIDATION for a corrupt state. */
function checkState(state: ProcedureState, flags: ProcedureFlags): boolean {
  if (!isKnownStatus(state.status)) {
    throw new AppError(
      'VALIDATION',
      { zh: '流程状态无效', en: 'Unknown procedure status' },
      { status: state.status },
    );
  }
  if (state.status === 'SUSPENDED') {
    const from = state.suspendedFrom;
    if (!isKnownStatus(from) || !SUSPENDABLE.includes(from) || !statusesFor(flags).includes(from)) {
      throw new AppError(
        'VALIDATION',
        { zh: '暂停状态缺少有效的原状态', en: 'A suspended procedure needs a valid suspendedFrom' },
        { status: state.status, suspendedFrom: from },
      );
    }
  }
  return statusesFor(flags).includes(state.status);
}

/** Event types accepted in this state with these flags (guards may still send it to FAILED). */
export function allowedEvents(state: ProcedureState, flags: ProcedureFlags): ProcedureEventType[] {
  if (!checkState(state, flags)) return [];
  const s = state.status;
  const edges = EDGES[s] ?? {};
  return PROCEDURE_EVENT_TYPES.filter((t) => {
    switch (t) {
      case 'suspend':
        return SUSPENDABLE.includes(s);
      case 'resume':
        return s === 'SUSPENDED';
      case 'terminate':
        return TERMINABLE.includes(s);
      case 'fail':
        return FAILABLE.includes(s);
      default: {
        const edge = edges[t] as Edge<typeof t> | undefined;
        return edge !== undefined && (edge.when?.(flags) ?? true);
      }
    }
  });
}

function checkCount(e: ProcedureEvent, field: string, v: unknown, optional = false): void {
  if (optional && v === undefined) return;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    throw new AppError(
      'VALIDATION',
      { zh: '计数必须为非负整数', en: 'Counts must be non-negative integers' },
      { event: e.type, field, value: v },
    );
  }
}

function checkPayload(e: ProcedureEvent): void {
  switch (e.type) {
    case 'prequalification_done':
      return checkCount(e, 'qualifiedCount', e.qualifiedCount);
    case 'deadline_reached':
      checkCount(e, 'bidCount', e.bidCount);
      if (e.reserveMet !== undefined && typeof e.reserveMet !== 'boolean') {
        throw new AppError('VALIDATION', undefined, { event: e.type, field: 'reserveMet', value: e.reserveMet });
      }
      return;
    case 'opening_done':
      return checkCount(e, 'qualifiedCount', e.qualifiedCount, true);
    case 'auction_closed':
    {
      checkCount(e, 'offerCount', e.offerCount);
      const reserveMet: unknown = e.reserveMet;
      if (typeof reserveMet !== 'boolean') {
        throw new AppError('VALIDATION', undefined, { event: e.type, field: 'reserveMet', value: reserveMet });
      }
      return;
    }
    case 'suspend':
      if (!(SUSPENSION_REASONS as readonly unknown[]).includes(e.reason)) {
        const allowed = [...SUSPENSION_REASONS];
        throw new AppError('VALIDATION', undefined, { event: e.type, field: 'reason', allowed });
      }
      return;
    case 'fail':
      if (!(FAIL_REASONS as readonly unknown[]).includes(e.reason)) {
        throw new AppError('VALIDATION', undefined, { event: e.type, field: 'reason', allowed: [...FAIL_REASONS] });
      }
      return;
    case 'terminate':
      if (typeof e.reason !== 'string' || e.reason.trim() === '') {
        throw new AppError(
          'VALIDATION',
          { zh: '终止须说明理由', en: 'Termination needs a reason' },
          { event: e.type, field: 'reason' },
        );
      }
      return;
    default:
      return;
  }
}

function outcomeState(o: Outcome, from: ProcedureStatus): ProcedureState {
  return typeof o === 'string' ? { status: o } : { status: 'FAILED', failure: { reason: o.failed }, stoppedAt: from };
}

/**
 * The next state, or AppError('INVALID_STATE', …, { from, event, allowed }) when the event is not allowed
 * in this state for these flags. A malformed event payload or state is AppError('VALIDATION').
 */
export function transition(state: ProcedureState, event: ProcedureEvent, flags: ProcedureFlags): ProcedureState {
  if (!(PROCEDURE_EVENT_TYPES as readonly unknown[]).includes(event.type)) {
    const message = { zh: '未知的流程事件', en: 'Unknown procedure event' };
    throw new AppError('VALIDATION', message, { event: event.type });
  }
  const allowed = allowedEvents(state, flags);
  const from = state.status;
  if (!allowed.includes(event.type)) {
    const label = STATUS_LABELS[from];
    throw new AppError(
      'INVALID_STATE',
      {
        zh: `当前状态「${label.zh}」不允许此操作（${event.type}）`,
        en: `"${event.type}" is not allowed in the state ${label.en}`,
      },
      {
        from,
        event: event.type,
        allowed,
        ...(state.suspendedFrom ? { suspendedFrom: state.suspendedFrom } : {}),
      },
    );
  }
  checkPayload(event);

  switch (event.type) {
    case 'suspend':
      return { status: 'SUSPENDED', suspendedFrom: from, suspension: { reason: event.reason } };
    case 'resume':
      return { status: state.suspendedFrom! };
    case 'terminate':
      // TERMINABLE includes SUSPENDED, and a SUSPENDED state always has a valid suspendedFrom (checkState).
      return { status: 'TERMINATED', termination: { reason: event.reason }, stoppedAt: from === 'SUSPENDED' ? state.suspendedFrom! : from };
    case 'fail':
      return { status: 'FAILED', failure: { reason: event.reason }, stoppedAt: from };
    case 'archive':
      return {
        status: 'ARCHIVED',
        ...(state.failure ? { failure: state.failure } : {}),
        ...(state.termination ? { termination: state.termination } : {}),
        ...(state.stoppedAt ? { stoppedAt: state.stoppedAt } : {}),
      };
    default: {
      const edge = EDGES[from]?.[event.type] as Edge<typeof event.type> | undefined;
      // allowedEvents said yes, so the edge exists.
      return outcomeState(edge!.go(flags, event as never), from);
    }
  }
}
