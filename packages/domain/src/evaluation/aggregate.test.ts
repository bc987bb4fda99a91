import { describe, expect, it } from 'vitest';
import { aggregateScores, aggregateValues } from './aggregate.ts';
import { Dec, fixed2 } from './decimal.ts';
import type { Aggregation } from './method.ts';
import { gpComprehensive, reasonOf, sheetOf } from './test-fixtures.ts';

const values = (xs: string[]) => xs.map((v, i) => ({ memberId: `m${i + 1}`, value: new Dec(v) }));
const TRIM5: Aggregation = { mode: 'trimmed_mean', minMembers: 5 };

describe('S6 aggregation: the domain §3.2 example', () => {
  it.each<[string, Aggregation, string, string[]]>([
    ['S6 vector: trimmed mean of 80, 85, 78, 90, 70', TRIM5, '81.00', ['m4', 'm5']],
    ['S6 vector: plain mean of 80, 85, 78, 90, 70', { mode: 'mean' }, '80.60', []],
  ])('%s → %s', (_n, mode, expected, dropped) => {
    const out = aggregateValues(values(['80', '85', '78', '90', '70']), mode);
    expect(fixed2(out.value)).toBe(expected);
    expect(out.dropped).toEqual(dropped);
  });
});

describe('S6 trimmed mean at its minimum member count', () => {
  it.each<[string, string[], Aggregation, string, number]>([
    ['4 members, trimming from 5: the plain mean', ['80', '85', '90', '70'], TRIM5, '81.25', 0],
    ['5 members, trimming from 5: trimmed', ['80', '85', '90', '70', '75'], TRIM5, '80.00', 2],
    ['3 members, trimming from 3: the middle one', ['60', '99', '70'], { mode: 'trimmed_mean', minMembers: 3 }, '70.00', 2],
    ['7 members, trimming from 5', ['80', '81', '82', '83', '84', '100', '0'], TRIM5, '82.00', 2],
    ['all equal: two members are still dropped, the value is unchanged', ['75', '75', '75', '75', '75'], TRIM5, '75.00', 2],
    ['no member', [], TRIM5, '0.00', 0],
  ])('%s → %s', (_n, xs, mode, expected, dropped) => {
    const out = aggregateValues(values(xs), mode);
    expect(fixed2(out.value)).toBe(expected);
    expect(out.dropped).toHaveLength(dropped);
    expect(new Set(out.dropped).size).toBe(dropped);
  });

  it('equal extremes: the smallest member id is dropped (deterministic)', () => {
    expect(aggregateValues(values(['90', '70', '90', '70', '80']), TRIM5).dropped).toEqual(['m1', 'm2']);
  });

  it('the mean rounds half-up at 2 dp: 80.005 → 80.01', () => {
    expect(fixed2(aggregateValues(values(['80.01', '80']), { mode: 'mean' }).value)).toBe('80.01');
  });
});

describe('aggregateScores: weighted groups per member, then the aggregate over members', () => {
  const spec = gpComprehensive();
  it('members × criteria → per-bid criteria points and group points (GP plain mean)', () => {
    const sheets = [
      sheetOf('m1', { b1: { T1: '25', T2: '15.5', C1: '18' }, b2: { T1: '20', T2: '10', C1: '10' } }),
      sheetOf('m2', { b1: { T1: '26.5', T2: '16', C1: '18' }, b2: { T1: '21', T2: '11', C1: '10' } }),
      sheetOf('m3', { b1: { T1: '24', T2: '17', C1: '18' }, b2: { T1: '22.25', T2: '12', C1: '10' } }),
    ];
    const out = aggregateScores(spec, sheets, ['b1', 'b2']);
    expect(out.map((a) => [a.bidId, fixed2(a.criteria.value), fixed2(a.groups.technical!), fixed2(a.groups.commercial!)])).toEqual([
      ['b1', '59.33', '41.33', '18.00'],
      ['b2', '42.08', '32.08', '10.00'],
    ]);
  });

  it('a group normalized to its weight: commercial weight 0.20 over criteria worth 10 → points × 2', () => {
    const half = gpComprehensive({ criteria: [spec.criteria[0]!, spec.criteria[1]!, { ...spec.criteria[2]!, maxScore: '10' }] });
    const out = aggregateScores(half, [sheetOf('m1', { b1: { T1: '30', T2: '20', C1: '7' } })], ['b1']);
    expect(fixed2(out[0]!.groups.commercial!)).toBe('14.00');
    expect(fixed2(out[0]!.criteria.value)).toBe('64.00');
  });

  it('a tie reached through repeating decimals still rounds half-up: (0.01 + 0.05) × 25/30 ÷ 2 = 0.025 → 0.03', () => {
    const odd = gpComprehensive({
      criteria: [{ ...spec.criteria[0]!, maxScore: '30' }, { ...spec.criteria[2]!, maxScore: '45' }],
      weights: { scale: 'fraction', price: '0.30', groups: { technical: '0.25', commercial: '0.45' } },
    });
    const out = aggregateScores(odd, [sheetOf('m1', { b1: { T1: '0.01', C1: '0' } }), sheetOf('m2', { b1: { T1: '0.05', C1: '0' } })], ['b1']);
    expect(fixed2(out[0]!.groups.technical!)).toBe('0.03');
    expect(fixed2(out[0]!.criteria.value)).toBe('0.03');
  });

  it('every sheet is checked: a missing score is not a zero', () => {
    expect(reasonOf(() => aggregateScores(spec, [sheetOf('m1', { b1: { T1: '25', T2: '15.5' } })], ['b1']))).toBe('SCORE_MISSING');
  });
});
