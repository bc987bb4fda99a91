import { describe, expect, it } from 'vitest';
import { offersConfidential, openingLinesVisible, type OpeningReader } from './confidential-offers.ts';
import { METHODS_BY_TRADE_TYPE, PROCEDURE_METHODS, TRADE_TYPES, type ProcedureMethod, type TradeType } from './flags.ts';

/** Every offered trade type × method, declared (issue 18 §2; CG §38, §40; R74; R214; ZTB §36). */
const EXPECTED: [TradeType, ProcedureMethod, boolean][] = [
  ['engineering', 'open', false], // ZTB §36: names and prices read out in public
  ['engineering', 'invited', false],
  ['procurement', 'open', false], // R87 §40: public opening and reading
  ['procurement', 'invited', false],
  ['procurement', 'negotiation', true], // CG §38 (4): no party discloses another supplier's prices
  ['procurement', 'consultation', true], // R214
  ['procurement', 'inquiry', true], // CG §40: one fixed price to the inquiry group
  ['procurement', 'single_source', true], // CG §39; R74: negotiation with the one supplier
  ['land', 'tender', false],
  ['land', 'auction', false],
  ['land', 'listing', false],
  ['property', 'listing', false],
  ['property', 'online_bidding', false],
];

describe('offersConfidential: trade type × method (issue 18 §2)', () => {
  it.each(EXPECTED)('%s %s → %s', (tradeType, method, confidential) => {
    expect(offersConfidential(tradeType, method)).toBe(confidential);
  });

  it('every offered combination is declared above', () => {
    const declared = EXPECTED.map(([t, m]) => `${t}/${m}`);
    for (const t of TRADE_TYPES) for (const m of METHODS_BY_TRADE_TYPE[t]) expect(declared).toContain(`${t}/${m}`);
    expect(declared).toHaveLength(new Set(declared).size);
  });

  const unknown: [string, string][] = [['water', 'negotiation'], ['toString', 'negotiation'], ['procurement', 'constructor'], ['procurement', ''], ['', '']];
  for (const t of TRADE_TYPES) for (const m of PROCEDURE_METHODS) if (!METHODS_BY_TRADE_TYPE[t].includes(m) && t !== 'procurement') unknown.push([t, m]);
  it.each(unknown)('not offered %s %s → not confidential (nothing to hide, and no prototype key counts)', (t, m) => {
    expect(offersConfidential(t, m)).toBe(false);
  });
});

const READERS: OpeningReader[] = ['center', 'supervisor', 'owner', 'bidder', 'public'];

describe('openingLinesVisible: whose lines each reader sees (issue 18 §2; O5)', () => {
  const rows: [TradeType, ProcedureMethod, OpeningReader, 'all' | 'own' | 'none'][] = EXPECTED.flatMap(([t, m, c]) =>
    READERS.map((r): [TradeType, ProcedureMethod, OpeningReader, 'all' | 'own' | 'none'] => [t, m, r, !c || r === 'center' || r === 'supervisor' || r === 'owner' ? 'all' : r === 'bidder' ? 'own' : 'none']),
  );
  it.each(rows)('%s %s as %s → %s', (tradeType, method, reader, visible) => {
    expect(openingLinesVisible({ tradeType, method }, reader)).toBe(visible);
  });

  it.each([
    ['procurement', 'consultation', 'bidder', 'own'],
    ['procurement', 'consultation', 'public', 'none'],
    ['procurement', 'consultation', 'owner', 'all'],
    ['engineering', 'open', 'public', 'all'],
    ['procurement', 'open', 'bidder', 'all'],
  ] as const)('boundary %s %s %s → %s', (tradeType, method, reader, visible) => {
    expect(openingLinesVisible({ tradeType, method }, reader)).toBe(visible);
  });
});
