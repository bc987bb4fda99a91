import { describe, expect, it } from 'vitest';
import { objectiveDisagreements, validateScoreSheet, type ScoreSheet } from './score-sheet.ts';
import { gpComprehensive, reasonOf, sheetOf } from './test-fixtures.ts';

// T1: max 30, 2 decimals · T2: max 20, 1 decimal · C1: max 20, 0 decimals, objective
const spec = gpComprehensive();
const stepped = gpComprehensive({ criteria: [{ ...spec.criteria[0]!, step: '0.5', decimals: 1 }, ...spec.criteria.slice(1)] });
const one = (criterionId: string, score: unknown): ScoreSheet => ({ memberId: 'm1', scores: [{ bidId: 'b1', criterionId, score: score as string }] });

describe('validateScoreSheet: range [0, max], decimals, step (issue 22 bad input)', () => {
  it.each<[string, string, unknown, string | null]>([
    ['0', 'T1', '0', null],
    ['the max', 'T1', '30', null],
    ['the max written with decimals', 'T1', '30.00', null],
    ['just above the max', 'T1', '30.01', 'SCORE_OUT_OF_RANGE'],
    ['2 decimals where 2 are allowed', 'T1', '12.25', null],
    ['3 decimals where 2 are allowed: one decimal too many', 'T1', '12.255', 'SCORE_TOO_MANY_DECIMALS'],
    ['2 decimals where 1 is allowed: one decimal too many', 'T2', '8.25', 'SCORE_TOO_MANY_DECIMALS'],
    ['a trailing zero is no extra decimal (the value has none)', 'C1', '5.0', null],
    ['one decimal where none is allowed', 'C1', '5.5', 'SCORE_TOO_MANY_DECIMALS'],
    ['negative', 'T1', '-1', 'SCORE_NOT_DECIMAL'],
    ['a float', 'T1', 12.5, 'SCORE_NOT_DECIMAL'],
    ['an exponent', 'T1', '1e1', 'SCORE_NOT_DECIMAL'],
    ['blank', 'T1', '', 'SCORE_NOT_DECIMAL'],
    ['an unknown criterion', 'X9', '1', 'SCORE_UNKNOWN_CRITERION'],
  ])('%s (%s = %s) → %s', (_n, criterionId, score, reason) => {
    expect(reasonOf(() => validateScoreSheet(spec, one(criterionId, score)))).toBe(reason);
  });

  it.each([
    ['12.5', null],
    ['12', null],
    ['12.3', 'SCORE_OFF_STEP'],
  ])('step 0.5: %s → %s', (score, reason) => {
    expect(reasonOf(() => validateScoreSheet(stepped, one('T1', score)))).toBe(reason);
  });

  it('the error names the criterion, the bid and the member', () => {
    try {
      validateScoreSheet(spec, one('T2', '20.5'));
      expect.unreachable();
    } catch (e) {
      expect((e as { details: unknown }).details).toMatchObject({ reason: 'SCORE_OUT_OF_RANGE', field: 'scores.b1.T2', criterion: 'T2', bid: 'b1', member: 'm1', max: '20' });
    }
  });

  it('a duplicate score, a missing score, a malformed sheet', () => {
    const dup: ScoreSheet = { memberId: 'm1', scores: [...one('T1', '1').scores, ...one('T1', '2').scores] };
    expect(reasonOf(() => validateScoreSheet(spec, dup))).toBe('SCORE_DUPLICATE');
    expect(reasonOf(() => validateScoreSheet(spec, sheetOf('m1', { b1: { T1: '1', T2: '1' } }), ['b1']))).toBe('SCORE_MISSING');
    expect(reasonOf(() => validateScoreSheet(spec, sheetOf('m1', { b1: { T1: '1', T2: '1', C1: '1' } }), ['b1', 'b2']))).toBe('SCORE_MISSING');
    expect(reasonOf(() => validateScoreSheet(spec, { memberId: 'm1' } as ScoreSheet))).toBe('SHEET_INVALID');
    expect(validateScoreSheet(spec, sheetOf('m1', { b1: { T1: '1', T2: '1', C1: '1' } }), ['b1']).get('b1')?.size).toBe(3);
  });
});

describe('S5 objectiveDisagreements: objective items must be scored identically', () => {
  it.each<[string, string[], number]>([
    ['all equal', ['15', '15', '15'], 0],
    ['equal by value ("15" and "15.0" are one score)', ['15', '15.0', '15'], 0],
    ['one member differs', ['15', '15', '14'], 1],
  ])('%s → %i item(s)', (_n, c1, n) => {
    const sheets = c1.map((score, i) => sheetOf(`m${i + 1}`, { b1: { T1: String(10 + i), C1: score } }));
    expect(objectiveDisagreements(spec, sheets)).toHaveLength(n);
  });

  it('lists the item with every member’s score, sorted; subjective criteria may differ', () => {
    const sheets = [sheetOf('m2', { b2: { C1: '10', T1: '1' }, b1: { C1: '20' } }), sheetOf('m1', { b2: { C1: '12', T1: '9' }, b1: { C1: '20' } })];
    expect(objectiveDisagreements(spec, sheets)).toEqual([
      { bidId: 'b2', criterionId: 'C1', scores: [{ memberId: 'm1', score: '12' }, { memberId: 'm2', score: '10' }] },
    ]);
  });
});
