import { describe, expect, it } from 'vitest';
import { Dec } from './decimal.ts';
import type { EvaluationKind } from './method.ts';
import { rankBids, type RankInput, type TieBreakKey } from './rank.ts';

type Row = [string, string, number, string?, string?];
/** [bidId, total, priceFen, technical?, evaluatedPrice?] */
const entries = (rows: Row[]): RankInput[] =>
  rows.map(([bidId, total, price, technical, evaluated]) => ({
    bidId,
    values: { total: new Dec(total), price: new Dec(price), technical: technical === undefined ? null : new Dec(technical), evaluatedPrice: new Dec(evaluated ?? price) },
  }));
const order = (kind: EvaluationKind, rows: Row[], count = 3) => rankBids(kind, entries(rows), count, 'random_draw');

describe('S9 tie-breaks, each in its turn', () => {
  it.each<[string, EvaluationKind, Row[], string[], (TieBreakKey | null)[]]>([
    ['gp.comprehensive: higher total first', 'gp.comprehensive', [['a', '80.00', 100], ['b', '90.00', 100]], ['b', 'a'], ['total', 'total']],
    ['gp.comprehensive: equal totals → lower bid price', 'gp.comprehensive', [['a', '88.00', 101], ['b', '88.00', 100]], ['b', 'a'], ['price', 'price']],
    ['eng.comprehensive: equal totals → lower price', 'eng.comprehensive', [['a', '88.00', 101, '30'], ['b', '88.00', 100, '20']], ['b', 'a'], ['price', 'price']],
    ['eng.comprehensive: equal totals and prices → higher technical score', 'eng.comprehensive', [['a', '88.00', 100, '30.00'], ['b', '88.00', 100, '30.50']], ['b', 'a'], ['technical', 'technical']],
    ['gp.comprehensive has no technical tie-break: equal totals and prices stay tied', 'gp.comprehensive', [['a', '88.00', 100, '30.00'], ['b', '88.00', 100, '30.50']], ['a', 'b'], [null, null]],
    ['eng.lowest_evaluated_price: lower evaluated price first', 'eng.lowest_evaluated_price', [['a', '0', 100, undefined, '95'], ['b', '0', 90, undefined, '96']], ['a', 'b'], ['evaluatedPrice', 'evaluatedPrice']],
    ['eng.lowest_evaluated_price: equal evaluated → lower bid price', 'eng.lowest_evaluated_price', [['a', '0', 100, undefined, '95'], ['b', '0', 90, undefined, '95']], ['b', 'a'], ['price', 'price']],
    ['gp.lowest_price: equal evaluated prices are tied (the bid price is no tie-break)', 'gp.lowest_price', [['a', '0', 100, undefined, '95'], ['b', '0', 90, undefined, '95']], ['a', 'b'], [null, null]],
  ])('%s', (_n, kind, rows, ids, decidedBy) => {
    const r = order(kind, rows);
    expect(r.ranking.map((x) => x.bidId)).toEqual(ids);
    expect(r.ranking.map((x) => x.decidedBy)).toEqual(decidedBy);
  });
});

describe('S9: an exhausted tie is never broken silently', () => {
  it('ranks 1 and 1 tied on everything → needsDraw for both seats; no candidate is decided', () => {
    const r = order('eng.comprehensive', [['a', '90.00', 100, '30'], ['b', '90.00', 100, '30'], ['c', '80.00', 100, '30']]);
    expect(r.ranking).toEqual([
      { rank: 1, bidId: 'a', decidedBy: null },
      { rank: 1, bidId: 'b', decidedBy: null },
      { rank: 3, bidId: 'c', decidedBy: 'total' },
    ]);
    expect(r.needsDraw).toEqual([{ rank: 1, bidIds: ['a', 'b'], seats: 2, resolution: 'random_draw' }]);
    expect(r.candidates).toEqual({ count: 3, decided: [], complete: false });
  });

  it('a tie straddling the last candidate seat: one seat is drawn among three', () => {
    const r = order('gp.comprehensive', [['a', '95', 100], ['b', '90', 100], ['c', '90', 100], ['d', '90', 100]], 2);
    expect(r.needsDraw).toEqual([{ rank: 2, bidIds: ['b', 'c', 'd'], seats: 1, resolution: 'random_draw' }]);
    expect(r.candidates).toEqual({ count: 2, decided: ['a'], complete: false });
  });

  it('a tie wholly below the candidates stays 并列, no draw', () => {
    const r = order('gp.comprehensive', [['a', '95', 100], ['b', '90', 100], ['c', '80', 100], ['d', '80', 100]], 2);
    expect(r.needsDraw).toEqual([]);
    expect(r.ranking.map((x) => x.rank)).toEqual([1, 2, 3, 3]);
    expect(r.candidates).toEqual({ count: 2, decided: ['a', 'b'], complete: true });
  });

  it('the method’s last resort travels with the group (the docs may leave it to the tenderee)', () => {
    const r = rankBids('eng.lowest_evaluated_price', entries([['a', '0', 100], ['b', '0', 100]]), 3, 'tenderee_decides');
    expect(r.needsDraw[0]!.resolution).toBe('tenderee_decides');
  });

  it('fewer bids than candidates: complete with all of them', () => {
    expect(order('eng.comprehensive', [['a', '95', 100, '1'], ['b', '90', 100, '1']]).candidates).toEqual({ count: 3, decided: ['a', 'b'], complete: true });
  });

  it('the input order does not change the result', () => {
    const rows: Row[] = [['a', '90', 100, '3'], ['b', '90', 100, '3'], ['c', '91', 120, '1'], ['d', '90', 99, '1']];
    expect(order('eng.comprehensive', [...rows].reverse())).toEqual(order('eng.comprehensive', rows));
  });
});
