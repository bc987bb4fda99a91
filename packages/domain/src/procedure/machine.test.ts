import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { procedureFlags, type ProcedureFlagOptions, type ProcedureMethod, type TradeType } from './flags.ts';
import {
  PROCEDURE_EVENT_TYPES,
  PROCEDURE_STATUSES,
  STATUS_LABELS,
  type FailReason,
  SUSPENSION_REASONS,
  allowedEvents,
  initialProcedureState,
  mainLine,
  transition,
  type ProcedureEvent,
  type ProcedureEventType,
  type ProcedureState,
  type ProcedureStatus,
} from './machine.ts';

// ---------------------------------------------------------------------------------------------------
// Declared expectations. Written out by hand from domain §1 — not derived from machine.ts.

type Table = Partial<Record<ProcedureStatus, Partial<Record<ProcedureEventType, ProcedureStatus>>>>;

/** Parses "FROM event TO" lines, then adds suspend / terminate / fail from the listed states. */
function table(
  lines: string,
  side: { suspend: ProcedureStatus[]; terminate: ProcedureStatus[]; fail: ProcedureStatus[] },
): Table {
  const t: Table = {};
  const add = (from: ProcedureStatus, ev: ProcedureEventType, to: ProcedureStatus): void => {
    const row = (t[from] ??= {});
    if (row[ev]) throw new Error(`duplicate ${from} ${ev}`);
    row[ev] = to;
  };
  for (const line of lines.split('\n').map((l) => l.trim())) {
    if (!line) continue;
    const [from, ev, to] = line.split(/\s+/) as [ProcedureStatus, ProcedureEventType, ProcedureStatus];
    for (const s of [from, to]) if (!PROCEDURE_STATUSES.includes(s)) throw new Error(`bad status ${s}`);
    if (!PROCEDURE_EVENT_TYPES.includes(ev)) throw new Error(`bad event ${ev}`);
    add(from, ev, to);
  }
  for (const s of side.suspend) add(s, 'suspend', 'SUSPENDED');
  for (const s of side.terminate) add(s, 'terminate', 'TERMINATED');
  for (const s of side.fail) add(s, 'fail', 'FAILED');
  return t;
}

/** The same for every flag set. SUSPENDED is tested with suspendedFrom = PUBLISHED. */
const COMMON = `
  DRAFT submit_notice PENDING_REVIEW
  PENDING_REVIEW reject_notice DRAFT
  PENDING_REVIEW publish_notice PUBLISHED
  PENDING_REVIEW terminate TERMINATED
  AWARD_PENDING award AWARDED
  AWARDED contract_signed CONTRACTED
  CONTRACTED archive ARCHIVED
  FAILED archive ARCHIVED
  TERMINATED archive ARCHIVED
  SUSPENDED resume PUBLISHED
  SUSPENDED terminate TERMINATED
`;

/** Sealed bids, post-qualification (or at registration), candidate publicity: engineering open / invited. */
const SEALED_PUBLICITY = table(
  COMMON +
    `
  PUBLISHED open_bidding BIDDING
  BIDDING deadline_reached OPENING
  OPENING opening_done EVALUATION
  EVALUATION evaluation_done CANDIDATE_PUBLICITY
  CANDIDATE_PUBLICITY publicity_done AWARD_PENDING
`,
  {
    suspend: ['PUBLISHED', 'BIDDING', 'OPENING', 'EVALUATION', 'CANDIDATE_PUBLICITY', 'AWARD_PENDING', 'AWARDED', 'CONTRACTED'],
    terminate: ['PUBLISHED', 'BIDDING', 'OPENING', 'EVALUATION', 'CANDIDATE_PUBLICITY', 'AWARD_PENDING', 'AWARDED'],
    fail: ['OPENING', 'EVALUATION', 'CANDIDATE_PUBLICITY', 'AWARD_PENDING', 'AWARDED'],
  },
);

/** Sealed bids with prequalification and candidate publicity: engineering open with prequalification. */
const SEALED_PRE_PUBLICITY = table(
  COMMON +
    `
  PUBLISHED start_prequalification PREQUALIFICATION
  PREQUALIFICATION prequalification_done PREQUALIFIED
  PREQUALIFIED open_bidding BIDDING
  BIDDING deadline_reached OPENING
  OPENING opening_done EVALUATION
  EVALUATION evaluation_done CANDIDATE_PUBLICITY
  CANDIDATE_PUBLICITY publicity_done AWARD_PENDING
`,
  {
    suspend: [
      'PUBLISHED',
      'PREQUALIFICATION',
      'PREQUALIFIED',
      'BIDDING',
      'OPENING',
      'EVALUATION',
      'CANDIDATE_PUBLICITY',
      'AWARD_PENDING',
      'AWARDED',
      'CONTRACTED',
    ],
    terminate: [
      'PUBLISHED',
      'PREQUALIFICATION',
      'PREQUALIFIED',
      'BIDDING',
      'OPENING',
      'EVALUATION',
      'CANDIDATE_PUBLICITY',
      'AWARD_PENDING',
      'AWARDED',
    ],
    fail: ['OPENING', 'EVALUATION', 'CANDIDATE_PUBLICITY', 'AWARD_PENDING', 'AWARDED'],
  },
);

/** Sealed bids, no candidate publicity: procurement open / inquiry, land tender. */
const SEALED = table(
  COMMON +
    `
  PUBLISHED open_bidding BIDDING
  BIDDING deadline_reached OPENING
  OPENING opening_done EVALUATION
  EVALUATION evaluation_done AWARD_PENDING
`,
  {
    suspend: ['PUBLISHED', 'BIDDING', 'OPENING', 'EVALUATION', 'AWARD_PENDING', 'AWARDED', 'CONTRACTED'],
    terminate: ['PUBLISHED', 'BIDDING', 'OPENING', 'EVALUATION', 'AWARD_PENDING', 'AWARDED'],
    fail: ['OPENING', 'EVALUATION', 'AWARD_PENDING', 'AWARDED'],
  },
);

/** Sealed bids with prequalification, no publicity: procurement open with prequalification, invited. */
const SEALED_PRE = table(
  COMMON +
    `
  PUBLISHED start_prequalification PREQUALIFICATION
  PREQUALIFICATION prequalification_done PREQUALIFIED
  PREQUALIFIED open_bidding BIDDING
  BIDDING deadline_reached OPENING
  OPENING opening_done EVALUATION
  EVALUATION evaluation_done AWARD_PENDING
`,
  {
    suspend: [
      'PUBLISHED',
      'PREQUALIFICATION',
      'PREQUALIFIED',
      'BIDDING',
      'OPENING',
      'EVALUATION',
      'AWARD_PENDING',
      'AWARDED',
      'CONTRACTED',
    ],
    terminate: [
      'PUBLISHED',
      'PREQUALIFICATION',
      'PREQUALIFIED',
      'BIDDING',
      'OPENING',
      'EVALUATION',
      'AWARD_PENDING',
      'AWARDED',
    ],
    fail: ['OPENING', 'EVALUATION', 'AWARD_PENDING', 'AWARDED'],
  },
);

/** Sealed responses then negotiation: procurement negotiation / consultation. */
const NEGOTIATED = table(
  COMMON +
    `
  PUBLISHED open_bidding BIDDING
  BIDDING deadline_reached OPENING
  OPENING opening_done NEGOTIATION
  NEGOTIATION evaluation_done AWARD_PENDING
`,
  {
    suspend: ['PUBLISHED', 'BIDDING', 'OPENING', 'NEGOTIATION', 'AWARD_PENDING', 'AWARDED', 'CONTRACTED'],
    terminate: ['PUBLISHED', 'BIDDING', 'OPENING', 'NEGOTIATION', 'AWARD_PENDING', 'AWARDED'],
    fail: ['OPENING', 'NEGOTIATION', 'AWARD_PENDING', 'AWARDED'],
  },
);

/** Single source: publicity of the reason, then negotiation with the one supplier. */
const DIRECT = table(
  COMMON +
    `
  PUBLISHED publicity_done NEGOTIATION
  NEGOTIATION evaluation_done AWARD_PENDING
`,
  {
    suspend: ['PUBLISHED', 'NEGOTIATION', 'AWARD_PENDING', 'AWARDED', 'CONTRACTED'],
    terminate: ['PUBLISHED', 'NEGOTIATION', 'AWARD_PENDING', 'AWARDED'],
    fail: ['NEGOTIATION', 'AWARD_PENDING', 'AWARDED'],
  },
);

/**
 * Registration then auction: land auction, property online bidding. Land / property listing has the same
 * edges with the default payload (5 bidders at the end of the listing → timed bidding); its one-bidder
 * branch is tested separately below.
 */
const AUCTIONED = table(
  COMMON +
    `
  PUBLISHED open_bidding BIDDING
  BIDDING deadline_reached AUCTION
  AUCTION auction_closed AWARD_PENDING
`,
  {
    suspend: ['PUBLISHED', 'BIDDING', 'AUCTION', 'AWARD_PENDING', 'AWARDED', 'CONTRACTED'],
    terminate: ['PUBLISHED', 'BIDDING', 'AUCTION', 'AWARD_PENDING', 'AWARDED'],
    fail: ['AWARD_PENDING', 'AWARDED'],
  },
);
const LISTED = AUCTIONED;

interface Case {
  name: string;
  tradeType: TradeType;
  method: ProcedureMethod;
  opts?: ProcedureFlagOptions;
  table: Table;
  steps: ProcedureStatus[];
}

const HEAD: ProcedureStatus[] = ['DRAFT', 'PENDING_REVIEW', 'PUBLISHED'];
const TAIL: ProcedureStatus[] = ['AWARD_PENDING', 'AWARDED', 'CONTRACTED', 'ARCHIVED'];
const PRE: ProcedureStatus[] = ['PREQUALIFICATION', 'PREQUALIFIED'];

const CASES: Case[] = [
  {
    name: 'engineering open',
    tradeType: 'engineering',
    method: 'open',
    table: SEALED_PUBLICITY,
    steps: [...HEAD, 'BIDDING', 'OPENING', 'EVALUATION', 'CANDIDATE_PUBLICITY', ...TAIL],
  },
  {
    name: 'engineering open + prequalification',
    tradeType: 'engineering',
    method: 'open',
    opts: { prequalification: true },
    table: SEALED_PRE_PUBLICITY,
    steps: [...HEAD, ...PRE, 'BIDDING', 'OPENING', 'EVALUATION', 'CANDIDATE_PUBLICITY', ...TAIL],
  },
  {
    name: 'engineering invited',
    tradeType: 'engineering',
    method: 'invited',
    table: SEALED_PUBLICITY,
    steps: [...HEAD, 'BIDDING', 'OPENING', 'EVALUATION', 'CANDIDATE_PUBLICITY', ...TAIL],
  },
  {
    name: 'procurement open',
    tradeType: 'procurement',
    method: 'open',
    table: SEALED,
    steps: [...HEAD, 'BIDDING', 'OPENING', 'EVALUATION', ...TAIL],
  },
  {
    name: 'procurement open + prequalification',
    tradeType: 'procurement',
    method: 'open',
    opts: { prequalification: true },
    table: SEALED_PRE,
    steps: [...HEAD, ...PRE, 'BIDDING', 'OPENING', 'EVALUATION', ...TAIL],
  },
  {
    name: 'procurement invited',
    tradeType: 'procurement',
    method: 'invited',
    table: SEALED_PRE,
    steps: [...HEAD, ...PRE, 'BIDDING', 'OPENING', 'EVALUATION', ...TAIL],
  },
  {
    name: 'procurement negotiation',
    tradeType: 'procurement',
    method: 'negotiation',
    table: NEGOTIATED,
    steps: [...HEAD, 'BIDDING', 'OPENING', 'NEGOTIATION', ...TAIL],
  },
  {
    name: 'procurement consultation',
    tradeType: 'procurement',
    method: 'consultation',
    table: NEGOTIATED,
    steps: [...HEAD, 'BIDDING', 'OPENING', 'NEGOTIATION', ...TAIL],
  },
  {
    name: 'procurement inquiry',
    tradeType: 'procurement',
    method: 'inquiry',
    table: SEALED,
    steps: [...HEAD, 'BIDDING', 'OPENING', 'EVALUATION', ...TAIL],
  },
  {
    name: 'procurement single_source',
    tradeType: 'procurement',
    method: 'single_source',
    table: DIRECT,
    steps: [...HEAD, 'NEGOTIATION', ...TAIL],
  },
  {
    name: 'land tender',
    tradeType: 'land',
    method: 'tender',
    table: SEALED,
    steps: [...HEAD, 'BIDDING', 'OPENING', 'EVALUATION', ...TAIL],
  },
  {
    name: 'land tender, post-review',
    tradeType: 'land',
    method: 'tender',
    opts: { prequalification: false },
    table: SEALED,
    steps: [...HEAD, 'BIDDING', 'OPENING', 'EVALUATION', ...TAIL],
  },
  {
    name: 'land auction',
    tradeType: 'land',
    method: 'auction',
    table: AUCTIONED,
    steps: [...HEAD, 'BIDDING', 'AUCTION', ...TAIL],
  },
  {
    name: 'land listing',
    tradeType: 'land',
    method: 'listing',
    table: LISTED,
    steps: [...HEAD, 'BIDDING', 'AUCTION', ...TAIL],
  },
  {
    name: 'property listing',
    tradeType: 'property',
    method: 'listing',
    table: LISTED,
    steps: [...HEAD, 'BIDDING', 'AUCTION', ...TAIL],
  },
  {
    name: 'property online_bidding',
    tradeType: 'property',
    method: 'online_bidding',
    table: AUCTIONED,
    steps: [...HEAD, 'BIDDING', 'AUCTION', ...TAIL],
  },
];

const flagsOf = (c: Case) => procedureFlags(c.tradeType, c.method, c.opts);

/** The payload each event carries in the matrix. */
const DEFAULT_EVENTS: Record<ProcedureEventType, ProcedureEvent> = {
  submit_notice: { type: 'submit_notice' },
  reject_notice: { type: 'reject_notice' },
  publish_notice: { type: 'publish_notice' },
  start_prequalification: { type: 'start_prequalification' },
  prequalification_done: { type: 'prequalification_done', qualifiedCount: 5 },
  open_bidding: { type: 'open_bidding' },
  deadline_reached: { type: 'deadline_reached', bidCount: 5, reserveMet: true },
  opening_done: { type: 'opening_done' },
  evaluation_done: { type: 'evaluation_done' },
  auction_closed: { type: 'auction_closed', offerCount: 4, reserveMet: true },
  publicity_done: { type: 'publicity_done' },
  award: { type: 'award' },
  contract_signed: { type: 'contract_signed' },
  archive: { type: 'archive' },
  suspend: { type: 'suspend', reason: 'objection' },
  resume: { type: 'resume' },
  fail: { type: 'fail', reason: 'all_rejected' },
  terminate: { type: 'terminate', reason: '招标人终止招标' },
};

function stateOf(status: ProcedureStatus): ProcedureState {
  if (status === 'SUSPENDED') return { status, suspendedFrom: 'PUBLISHED', suspension: { reason: 'complaint' } };
  if (status === 'FAILED') return { status, failure: { reason: 'too_few_bidders' } };
  if (status === 'TERMINATED') return { status, termination: { reason: 'test' } };
  return { status };
}

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

// ---------------------------------------------------------------------------------------------------

describe('full matrix: trade type × method × status × event', () => {
  const rows: [string, ProcedureStatus, ProcedureEventType, ProcedureStatus | 'INVALID_STATE', Case][] = [];
  for (const c of CASES) {
    for (const s of PROCEDURE_STATUSES) {
      for (const ev of PROCEDURE_EVENT_TYPES) rows.push([c.name, s, ev, c.table[s]?.[ev] ?? 'INVALID_STATE', c]);
    }
  }

  it.each(rows)('%s: %s --%s--> %s', (_name, from, ev, expected, c) => {
    const flags = flagsOf(c);
    const state = stateOf(from);
    if (expected === 'INVALID_STATE') {
      const e = thrown(() => transition(state, DEFAULT_EVENTS[ev], flags));
      expect(e.code).toBe('INVALID_STATE');
      expect(e.details).toMatchObject({ from, event: ev, allowed: allowedEvents(state, flags) });
    } else {
      expect(transition(state, DEFAULT_EVENTS[ev], flags).status).toBe(expected);
    }
  });

  const perState: [string, ProcedureStatus, ProcedureEventType[], Case][] = [];
  for (const c of CASES) {
    for (const s of PROCEDURE_STATUSES) {
      const row = c.table[s] ?? {};
      perState.push([c.name, s, PROCEDURE_EVENT_TYPES.filter((ev) => row[ev] !== undefined), c]);
    }
  }
  it.each(perState)('%s: allowedEvents(%s) = %j', (_name, s, expected, c) => {
    expect(allowedEvents(stateOf(s), flagsOf(c))).toEqual(expected);
  });
});

describe('suspension and resume', () => {
  const rows: [string, ProcedureStatus, (typeof SUSPENSION_REASONS)[number], Case][] = [];
  for (const c of CASES) {
    for (const [s, row] of Object.entries(c.table) as [ProcedureStatus, Partial<Record<ProcedureEventType, ProcedureStatus>>][]) {
      if (row.suspend) for (const r of SUSPENSION_REASONS) rows.push([c.name, s, r, c]);
    }
  }

  it.each(rows)('%s: %s suspended for %s resumes to the same state', (_name, s, reason, c) => {
    const flags = flagsOf(c);
    const suspended = transition({ status: s }, { type: 'suspend', reason }, flags);
    expect(suspended).toEqual({ status: 'SUSPENDED', suspendedFrom: s, suspension: { reason } });
    expect(allowedEvents(suspended, flags)).toEqual(['resume', 'terminate']);
    const again = thrown(() => transition(suspended, { type: 'suspend', reason: 'supervisor' }, flags));
    expect(again.code).toBe('INVALID_STATE');
    expect(again.details).toMatchObject({ from: 'SUSPENDED', event: 'suspend', suspendedFrom: s });
    expect(transition(suspended, { type: 'resume' }, flags)).toEqual({ status: s });
    expect(transition(suspended, { type: 'terminate', reason: '监管部门责令' }, flags).status).toBe('TERMINATED');
  });

  it('DRAFT and PENDING_REVIEW cannot be suspended (not yet public)', () => {
    const flags = procedureFlags('engineering', 'open');
    for (const s of ['DRAFT', 'PENDING_REVIEW'] as const) {
      expect(thrown(() => transition({ status: s }, { type: 'suspend', reason: 'complaint' }, flags)).code).toBe(
        'INVALID_STATE',
      );
    }
  });

  it('a SUSPENDED state without a valid suspendedFrom is rejected as VALIDATION', () => {
    const flags = procedureFlags('engineering', 'open');
    for (const bad of [
      { status: 'SUSPENDED' },
      { status: 'SUSPENDED', suspendedFrom: 'DRAFT' },
      { status: 'SUSPENDED', suspendedFrom: 'AUCTION' }, // not a state of engineering
      { status: 'SUSPENDED', suspendedFrom: 'FAILED' },
    ] as ProcedureState[]) {
      expect(thrown(() => transition(bad, { type: 'resume' }, flags)).code).toBe('VALIDATION');
    }
  });
});

describe('guards that take facts in the payload', () => {
  const failed = (reason: FailReason): ProcedureState => ({ status: 'FAILED', failure: { reason } });
  type G = [string, TradeType, ProcedureMethod, ProcedureFlagOptions, ProcedureStatus, ProcedureEvent, ProcedureState];
  const rows: G[] = [
    // O2: fewer than 3 bids → FAILED, no opening (ZTBT §44, R87 §41).
    ['eng open 2 bids', 'engineering', 'open', {}, 'BIDDING', { type: 'deadline_reached', bidCount: 2 }, failed('too_few_bidders')],
    ['eng open 3 bids', 'engineering', 'open', {}, 'BIDDING', { type: 'deadline_reached', bidCount: 3 }, { status: 'OPENING' }],
    ['eng open 0 bids', 'engineering', 'open', {}, 'BIDDING', { type: 'deadline_reached', bidCount: 0 }, failed('no_bids')],
    ['eng invited 2 bids', 'engineering', 'invited', {}, 'BIDDING', { type: 'deadline_reached', bidCount: 2 }, failed('too_few_bidders')],
    ['gp open 2 bids', 'procurement', 'open', {}, 'BIDDING', { type: 'deadline_reached', bidCount: 2 }, failed('too_few_bidders')],
    ['gp inquiry 3 quotes', 'procurement', 'inquiry', {}, 'BIDDING', { type: 'deadline_reached', bidCount: 3 }, { status: 'OPENING' }],
    ['gp negotiation 2 responses', 'procurement', 'negotiation', {}, 'BIDDING', { type: 'deadline_reached', bidCount: 2 }, failed('too_few_bidders')],
    ['gp negotiation 2 responses, two-supplier exception', 'procurement', 'negotiation', { allowTwoSuppliers: true }, 'BIDDING', { type: 'deadline_reached', bidCount: 2 }, { status: 'OPENING' }],
    ['gp consultation 1 response, two-supplier exception', 'procurement', 'consultation', { allowTwoSuppliers: true }, 'BIDDING', { type: 'deadline_reached', bidCount: 1 }, failed('too_few_bidders')],
    ['land tender 2 bids', 'land', 'tender', {}, 'BIDDING', { type: 'deadline_reached', bidCount: 2 }, failed('too_few_bidders')],
    // Auction: qualified applicants at the registration deadline.
    ['land auction 2 applicants', 'land', 'auction', {}, 'BIDDING', { type: 'deadline_reached', bidCount: 2 }, failed('too_few_bidders')],
    ['land auction 3 applicants', 'land', 'auction', {}, 'BIDDING', { type: 'deadline_reached', bidCount: 3 }, { status: 'AUCTION' }],
    ['property online 1 applicant', 'property', 'online_bidding', {}, 'BIDDING', { type: 'deadline_reached', bidCount: 1 }, { status: 'AUCTION' }],
    ['property online 0 applicants', 'property', 'online_bidding', {}, 'BIDDING', { type: 'deadline_reached', bidCount: 0 }, failed('no_bids')],
    // Listing: one bidder → deal if the reserve is met; two or more → timed bidding (domain §5.2).
    ['land listing 0', 'land', 'listing', {}, 'BIDDING', { type: 'deadline_reached', bidCount: 0 }, failed('no_bids')],
    ['land listing 1, reserve met', 'land', 'listing', {}, 'BIDDING', { type: 'deadline_reached', bidCount: 1, reserveMet: true }, { status: 'AWARD_PENDING' }],
    ['land listing 1, reserve not met', 'land', 'listing', {}, 'BIDDING', { type: 'deadline_reached', bidCount: 1, reserveMet: false }, failed('reserve_not_met')],
    ['land listing 2', 'land', 'listing', {}, 'BIDDING', { type: 'deadline_reached', bidCount: 2 }, { status: 'AUCTION' }],
    ['property listing 1 buyer', 'property', 'listing', {}, 'BIDDING', { type: 'deadline_reached', bidCount: 1, reserveMet: true }, { status: 'AWARD_PENDING' }],
    ['property listing 3 buyers', 'property', 'listing', {}, 'BIDDING', { type: 'deadline_reached', bidCount: 3, reserveMet: false }, { status: 'AUCTION' }],
    // Auction close.
    ['land auction closed, no offers', 'land', 'auction', {}, 'AUCTION', { type: 'auction_closed', offerCount: 0, reserveMet: false }, failed('no_bids')],
    ['land auction closed below reserve', 'land', 'auction', {}, 'AUCTION', { type: 'auction_closed', offerCount: 7, reserveMet: false }, failed('reserve_not_met')],
    ['land auction closed, deal', 'land', 'auction', {}, 'AUCTION', { type: 'auction_closed', offerCount: 7, reserveMet: true }, { status: 'AWARD_PENDING' }],
    ['land listing timed bidding closed, deal', 'land', 'listing', {}, 'AUCTION', { type: 'auction_closed', offerCount: 2, reserveMet: true }, { status: 'AWARD_PENDING' }],
    // Prequalification: fewer than 3 qualified → FAILED (ZTBT §19).
    ['eng prequal 2 qualified', 'engineering', 'open', { prequalification: true }, 'PREQUALIFICATION', { type: 'prequalification_done', qualifiedCount: 2 }, failed('too_few_qualified')],
    ['eng prequal 3 qualified', 'engineering', 'open', { prequalification: true }, 'PREQUALIFICATION', { type: 'prequalification_done', qualifiedCount: 3 }, { status: 'PREQUALIFIED' }],
    ['gp invited 2 picked', 'procurement', 'invited', {}, 'PREQUALIFICATION', { type: 'prequalification_done', qualifiedCount: 2 }, failed('too_few_qualified')],
    // GP: fewer than 3 qualified after opening → no evaluation (R87 §44, O2).
    ['gp open 2 qualified at opening', 'procurement', 'open', {}, 'OPENING', { type: 'opening_done', qualifiedCount: 2 }, failed('too_few_qualified')],
    ['gp open 3 qualified at opening', 'procurement', 'open', {}, 'OPENING', { type: 'opening_done', qualifiedCount: 3 }, { status: 'EVALUATION' }],
    ['gp consultation 3 qualified', 'procurement', 'consultation', {}, 'OPENING', { type: 'opening_done', qualifiedCount: 3 }, { status: 'NEGOTIATION' }],
    ['eng open, count not given', 'engineering', 'open', {}, 'OPENING', { type: 'opening_done' }, { status: 'EVALUATION' }],
    // Manual failure keeps its reason.
    ['eng evaluation all rejected', 'engineering', 'open', {}, 'EVALUATION', { type: 'fail', reason: 'all_rejected' }, failed('all_rejected')],
    ['single source no agreement', 'procurement', 'single_source', {}, 'NEGOTIATION', { type: 'fail', reason: 'no_agreement' }, failed('no_agreement')],
    ['gp winner declines', 'procurement', 'open', {}, 'AWARDED', { type: 'fail', reason: 'winner_declined' }, failed('winner_declined')],
    ['terminate keeps reason', 'land', 'auction', {}, 'AUCTION', { type: 'terminate', reason: '司法机关要求中止' }, { status: 'TERMINATED', termination: { reason: '司法机关要求中止' } }],
  ];

  it.each(rows)('%s', (_name, t, m, opts, from, event, expected) => {
    // A stop records the state it happened in (issue 18 §6; its own table above).
    const stopped = expected.status === 'FAILED' || expected.status === 'TERMINATED';
    expect(transition({ status: from }, event, procedureFlags(t, m, opts))).toEqual(stopped ? { ...expected, stoppedAt: from } : expected);
  });

  it('open_bidding is refused for prequalification flags until prequalification_done', () => {
    const flags = procedureFlags('engineering', 'open', { prequalification: true });
    for (const s of ['PUBLISHED', 'PREQUALIFICATION'] as const) {
      const e = thrown(() => transition({ status: s }, { type: 'open_bidding' }, flags));
      expect(e.code).toBe('INVALID_STATE');
      expect(e.details).toMatchObject({ from: s, event: 'open_bidding' });
    }
    expect(transition({ status: 'PREQUALIFIED' }, { type: 'open_bidding' }, flags)).toEqual({ status: 'BIDDING' });
  });

  it('start_prequalification is refused for post-qualification flags', () => {
    const e = thrown(() =>
      transition({ status: 'PUBLISHED' }, { type: 'start_prequalification' }, procedureFlags('engineering', 'open')),
    );
    expect(e.code).toBe('INVALID_STATE');
    expect(e.details).toMatchObject({ from: 'PUBLISHED', event: 'start_prequalification', allowed: ['open_bidding', 'suspend', 'terminate'] });
  });

  it('a listing ending with one bidder needs reserveMet', () => {
    const e = thrown(() =>
      transition({ status: 'BIDDING' }, { type: 'deadline_reached', bidCount: 1 }, procedureFlags('land', 'listing')),
    );
    expect(e.code).toBe('VALIDATION');
  });
});

describe('terminal states', () => {
  const rows: [string, ProcedureStatus, ProcedureEventType[], Case][] = [];
  for (const c of CASES) {
    rows.push([c.name, 'ARCHIVED', [], c], [c.name, 'FAILED', ['archive'], c], [c.name, 'TERMINATED', ['archive'], c]);
  }
  it.each(rows)('%s: %s accepts only %j', (_name, s, only, c) => {
    const flags = flagsOf(c);
    expect(allowedEvents(stateOf(s), flags)).toEqual(only);
    for (const ev of PROCEDURE_EVENT_TYPES) {
      if (only.includes(ev)) continue;
      expect(thrown(() => transition(stateOf(s), DEFAULT_EVENTS[ev], flags)).code).toBe('INVALID_STATE');
    }
  });

  it('archiving keeps why a procedure failed or was terminated', () => {
    const flags = procedureFlags('engineering', 'open');
    expect(transition({ status: 'FAILED', failure: { reason: 'too_few_bidders' } }, { type: 'archive' }, flags)).toEqual({
      status: 'ARCHIVED',
      failure: { reason: 'too_few_bidders' },
    });
    expect(transition({ status: 'TERMINATED', termination: { reason: 'x' } }, { type: 'archive' }, flags)).toEqual({
      status: 'ARCHIVED',
      termination: { reason: 'x' },
    });
    expect(transition({ status: 'CONTRACTED' }, { type: 'archive' }, flags)).toEqual({ status: 'ARCHIVED' });
  });

  it('a DRAFT cannot be terminated (it is deleted instead)', () => {
    const e = thrown(() =>
      transition({ status: 'DRAFT' }, { type: 'terminate', reason: 'x' }, procedureFlags('engineering', 'open')),
    );
    expect(e.code).toBe('INVALID_STATE');
    expect(e.details).toEqual({ from: 'DRAFT', event: 'terminate', allowed: ['submit_notice'] });
  });
});

describe('mainLine', () => {
  it.each(CASES.map((c) => [c.name, c.steps, c] as const))('%s → %j', (_name, steps, c) => {
    expect(mainLine(flagsOf(c)).map((s) => s.status)).toEqual(steps);
  });

  it('timed bidding is the one conditional step, and only after a listing', () => {
    for (const c of CASES) {
      const conditional = mainLine(flagsOf(c))
        .filter((s) => s.conditional)
        .map((s) => s.status);
      expect(conditional).toEqual(c.method === 'listing' ? ['AUCTION'] : []);
    }
  });

  it('every status has a label', () => {
    for (const s of PROCEDURE_STATUSES) expect(STATUS_LABELS[s].zh && STATUS_LABELS[s].en).toBeTruthy();
  });
});

describe('a stop records where the procedure stopped (issue 18 §6)', () => {
  const eng = procedureFlags('engineering', 'open', { prequalification: true });
  it.each<[string, ProcedureState, ProcedureEvent, ProcedureState]>([
    ['failure by count at the bid deadline', { status: 'BIDDING' }, { type: 'deadline_reached', bidCount: 2 }, { status: 'FAILED', failure: { reason: 'too_few_bidders' }, stoppedAt: 'BIDDING' }],
    ['failure by count in prequalification (ZTBT §19)', { status: 'PREQUALIFICATION' }, { type: 'prequalification_done', qualifiedCount: 2 }, { status: 'FAILED', failure: { reason: 'too_few_qualified' }, stoppedAt: 'PREQUALIFICATION' }],
    ['failure by judgement in evaluation', { status: 'EVALUATION' }, { type: 'fail', reason: 'all_rejected' }, { status: 'FAILED', failure: { reason: 'all_rejected' }, stoppedAt: 'EVALUATION' }],
    ['termination while pending review', { status: 'PENDING_REVIEW' }, { type: 'terminate', reason: '项目取消' }, { status: 'TERMINATED', termination: { reason: '项目取消' }, stoppedAt: 'PENDING_REVIEW' }],
    ['termination in bidding', { status: 'BIDDING' }, { type: 'terminate', reason: '项目取消' }, { status: 'TERMINATED', termination: { reason: '项目取消' }, stoppedAt: 'BIDDING' }],
    [
      'termination while suspended: the state it was suspended in',
      { status: 'SUSPENDED', suspendedFrom: 'OPENING', suspension: { reason: 'complaint' } },
      { type: 'terminate', reason: '投诉成立' },
      { status: 'TERMINATED', termination: { reason: '投诉成立' }, stoppedAt: 'OPENING' },
    ],
    ['archiving keeps it (failed)', { status: 'FAILED', failure: { reason: 'no_bids' }, stoppedAt: 'BIDDING' }, { type: 'archive' }, { status: 'ARCHIVED', failure: { reason: 'no_bids' }, stoppedAt: 'BIDDING' }],
    ['archiving keeps it (terminated)', { status: 'TERMINATED', termination: { reason: 'x' }, stoppedAt: 'PUBLISHED' }, { type: 'archive' }, { status: 'ARCHIVED', termination: { reason: 'x' }, stoppedAt: 'PUBLISHED' }],
    ['an old row without it archives without it', { status: 'FAILED', failure: { reason: 'no_bids' } }, { type: 'archive' }, { status: 'ARCHIVED', failure: { reason: 'no_bids' } }],
    ['a main-line step records nothing', { status: 'OPENING' }, { type: 'opening_done' }, { status: 'EVALUATION' }],
  ])('%s', (_name, state, event, expected) => {
    expect(transition(state, event, eng)).toEqual(expected);
  });
});

describe('the main line can be walked to ARCHIVED for every trade type × method', () => {
  const EVENT_INTO: Partial<Record<ProcedureStatus, ProcedureEvent>> = {
    PENDING_REVIEW: { type: 'submit_notice' },
    PUBLISHED: { type: 'publish_notice' },
    PREQUALIFICATION: { type: 'start_prequalification' },
    PREQUALIFIED: { type: 'prequalification_done', qualifiedCount: 3 },
    BIDDING: { type: 'open_bidding' },
    OPENING: { type: 'deadline_reached', bidCount: 3 },
    EVALUATION: { type: 'opening_done' },
    AUCTION: { type: 'deadline_reached', bidCount: 3 },
    CANDIDATE_PUBLICITY: { type: 'evaluation_done' },
    AWARDED: { type: 'award' },
    CONTRACTED: { type: 'contract_signed' },
    ARCHIVED: { type: 'archive' },
  };
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const flags = flagsOf(c);
    let state = initialProcedureState();
    const steps = c.steps;
    for (let i = 1; i < steps.length; i++) {
      const to = steps[i]!;
      let ev = EVENT_INTO[to];
      if (to === 'NEGOTIATION') ev = c.method === 'single_source' ? { type: 'publicity_done' } : { type: 'opening_done' };
      if (to === 'AUCTION') ev = { type: 'deadline_reached', bidCount: 3 };
      if (to === 'AWARD_PENDING') {
        const prev = steps[i - 1];
        ev =
          prev === 'AUCTION'
            ? { type: 'auction_closed', offerCount: 5, reserveMet: true }
            : prev === 'CANDIDATE_PUBLICITY'
              ? { type: 'publicity_done' }
              : { type: 'evaluation_done' };
      }
      state = transition(state, ev!, flags);
      expect(state.status).toBe(to);
    }
  });
});

describe('bad input', () => {
  const flags = procedureFlags('engineering', 'open', { prequalification: true });
  it.each<[string, ProcedureState, ProcedureEvent]>([
    ['negative count', { status: 'BIDDING' }, { type: 'deadline_reached', bidCount: -1 }],
    ['fractional count', { status: 'BIDDING' }, { type: 'deadline_reached', bidCount: 2.5 }],
    ['NaN count', { status: 'PREQUALIFICATION' }, { type: 'prequalification_done', qualifiedCount: Number.NaN }],
    ['bad optional count', { status: 'OPENING' }, { type: 'opening_done', qualifiedCount: -3 }],
    ['unknown suspension reason', { status: 'BIDDING' }, { type: 'suspend', reason: 'weather' as never }],
    ['unknown fail reason', { status: 'EVALUATION' }, { type: 'fail', reason: 'bored' as never }],
    ['empty termination reason', { status: 'BIDDING' }, { type: 'terminate', reason: '  ' }],
    ['unknown event', { status: 'BIDDING' }, { type: 'explode' } as never],
    ['unknown status', { status: 'LIMBO' as never }, { type: 'archive' }],
  ])('%s → VALIDATION', (_name, state, event) => {
    expect(thrown(() => transition(state, event, flags)).code).toBe('VALIDATION');
  });

  it('an illegal event is INVALID_STATE before its payload is looked at', () => {
    const e = thrown(() => transition({ status: 'DRAFT' }, { type: 'deadline_reached', bidCount: -1 }, flags));
    expect(e.code).toBe('INVALID_STATE');
  });

  it('a status the flag set never reaches accepts nothing', () => {
    expect(allowedEvents({ status: 'AUCTION' }, procedureFlags('engineering', 'open'))).toEqual([]);
    expect(allowedEvents({ status: 'CANDIDATE_PUBLICITY' }, procedureFlags('land', 'auction'))).toEqual([]);
  });
});
