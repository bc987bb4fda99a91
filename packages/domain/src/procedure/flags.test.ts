import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import {
  METHODS_BY_TRADE_TYPE,
  PROCEDURE_METHODS,
  TRADE_TYPES,
  procedureFlags,
  type ProcedureFlagOptions,
  type ProcedureFlags,
  type ProcedureMethod,
  type TradeType,
} from './flags.ts';

type Row = [TradeType, ProcedureMethod, ProcedureFlagOptions, ProcedureFlags];

const f = (
  qualification: ProcedureFlags['qualification'],
  submission: ProcedureFlags['submission'],
  minBidders: number,
  evaluation: ProcedureFlags['evaluation'],
  candidatePublicity = false,
  singleSourcePublicity = false,
): ProcedureFlags => ({ qualification, submission, minBidders, evaluation, candidatePublicity, singleSourcePublicity });

/** The declared flags of every trade type × method (domain §1), with the option variants. */
const EXPECTED: Row[] = [
  ['engineering', 'open', {}, f('post', 'sealed_bids', 3, 'comprehensive', true)],
  ['engineering', 'open', { prequalification: true }, f('pre', 'sealed_bids', 3, 'comprehensive', true)],
  ['engineering', 'open', { prequalification: false }, f('post', 'sealed_bids', 3, 'comprehensive', true)],
  ['engineering', 'open', { evaluation: 'lowest_evaluated' }, f('post', 'sealed_bids', 3, 'lowest_evaluated', true)],
  ['engineering', 'invited', {}, f('post', 'sealed_bids', 3, 'comprehensive', true)],
  ['procurement', 'open', {}, f('post', 'sealed_bids', 3, 'comprehensive')],
  ['procurement', 'open', { prequalification: true }, f('pre', 'sealed_bids', 3, 'comprehensive')],
  ['procurement', 'open', { evaluation: 'lowest_price' }, f('post', 'sealed_bids', 3, 'lowest_price')],
  ['procurement', 'invited', {}, f('pre', 'sealed_bids', 3, 'comprehensive')],
  ['procurement', 'invited', { prequalification: true }, f('pre', 'sealed_bids', 3, 'comprehensive')],
  ['procurement', 'negotiation', {}, f('post', 'negotiation', 3, 'lowest_price')],
  ['procurement', 'negotiation', { allowTwoSuppliers: true }, f('post', 'negotiation', 2, 'lowest_price')],
  ['procurement', 'consultation', {}, f('post', 'negotiation', 3, 'comprehensive')],
  ['procurement', 'consultation', { allowTwoSuppliers: true }, f('post', 'negotiation', 2, 'comprehensive')],
  ['procurement', 'inquiry', {}, f('post', 'sealed_bids', 3, 'lowest_price')],
  ['procurement', 'single_source', {}, f('none', 'direct', 1, 'none', false, true)],
  ['land', 'tender', {}, f('registration', 'sealed_bids', 3, 'highest_price')],
  ['land', 'tender', { evaluation: 'comprehensive' }, f('registration', 'sealed_bids', 3, 'comprehensive')],
  ['land', 'tender', { prequalification: false }, f('post', 'sealed_bids', 3, 'highest_price')],
  ['land', 'auction', {}, f('registration', 'auction', 3, 'highest_price')],
  ['land', 'auction', { prequalification: false }, f('post', 'auction', 3, 'highest_price')],
  ['land', 'listing', {}, f('registration', 'listing_then_auction', 1, 'highest_price')],
  ['property', 'listing', {}, f('registration', 'listing_then_auction', 1, 'highest_price')],
  ['property', 'online_bidding', {}, f('registration', 'auction', 1, 'highest_price')],
];

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

describe('procedureFlags: trade type × method → flags', () => {
  it.each(EXPECTED)('%s %s %j', (tradeType, method, opts, flags) => {
    expect(procedureFlags(tradeType, method, opts)).toEqual(flags);
  });

  it('every offered combination is declared above', () => {
    for (const t of TRADE_TYPES) {
      for (const m of METHODS_BY_TRADE_TYPE[t]) {
        expect(EXPECTED.some(([tt, mm, o]) => tt === t && mm === m && Object.keys(o).length === 0)).toBe(true);
      }
    }
  });

  const unknown: [string, string][] = [];
  for (const t of TRADE_TYPES) {
    for (const m of PROCEDURE_METHODS) if (!METHODS_BY_TRADE_TYPE[t].includes(m)) unknown.push([t, m]);
  }
  unknown.push(['water', 'open'], ['engineering', 'dutch_auction'], ['toString', 'open'], ['land', 'constructor']);

  it.each(unknown)('%s %s → VALIDATION', (t, m) => {
    const e = thrown(() => procedureFlags(t as TradeType, m as ProcedureMethod));
    expect(e.code).toBe('VALIDATION');
    expect(e.details).toMatchObject({ tradeType: t, method: m });
  });

  it.each<[TradeType, ProcedureMethod, ProcedureFlagOptions]>([
    ['engineering', 'invited', { prequalification: true }],
    ['procurement', 'invited', { prequalification: false }],
    ['procurement', 'negotiation', { prequalification: true }],
    ['procurement', 'consultation', { prequalification: true }],
    ['procurement', 'inquiry', { prequalification: true }],
    ['procurement', 'single_source', { prequalification: true }],
    ['property', 'listing', { prequalification: false }],
    ['property', 'online_bidding', { prequalification: false }],
    ['engineering', 'open', { evaluation: 'lowest_price' }],
    ['procurement', 'open', { evaluation: 'lowest_evaluated' }],
    ['procurement', 'negotiation', { evaluation: 'comprehensive' }],
    ['procurement', 'single_source', { evaluation: 'lowest_price' }],
    ['land', 'auction', { evaluation: 'comprehensive' }],
    ['property', 'listing', { evaluation: 'none' }],
    ['procurement', 'open', { allowTwoSuppliers: true }],
    ['engineering', 'open', { allowTwoSuppliers: true }],
    ['procurement', 'inquiry', { allowTwoSuppliers: true }],
  ])('%s %s %j → VALIDATION', (t, m, opts) => {
    expect(thrown(() => procedureFlags(t, m, opts)).code).toBe('VALIDATION');
  });
});
