/** The room's pure parts (issue 22 §6): the step, the compliance problems, the score checks and running totals. */
import { describe, expect, it } from 'vitest';
import { engComprehensive } from '@ebid/domain/evaluation/test-fixtures';
import {
  complianceDraftOf,
  complianceEntries,
  complianceProblems,
  criterionRule,
  currentStep,
  inputStep,
  openStage,
  roomSteps,
  runningTotals,
  scoreDraftOf,
  scoreEntries,
  scoreError,
} from './model.ts';

const criteria = engComprehensive().criteria;
const T1 = criteria[0]!;
const T2 = criteria[1]!;
const C1 = criteria[2]!;

describe('the room step', () => {
  const me = (signedIn: boolean, declared: boolean) => ({ userId: 1, signedInAt: signedIn ? 'x' : null, declaredAt: declared ? 'x' : null, chairVote: null, chair: false });
  it('follows the member: sign-in, then the declaration, then the status', () => {
    expect(currentStep({ status: 'preparing', me: me(false, false), chairUserId: null })).toBe('signIn');
    expect(currentStep({ status: 'compliance', me: me(true, false), chairUserId: 1 })).toBe('declare');
    expect(currentStep({ status: 'preparing', me: me(true, true), chairUserId: null })).toBe('chair');
    expect(currentStep({ status: 'compliance', me: me(true, true), chairUserId: 1 })).toBe('compliance');
    expect(currentStep({ status: 'technical', me: me(true, true), chairUserId: 1 })).toBe('technical');
    expect(currentStep({ status: 'scoring', me: me(true, true), chairUserId: 1 })).toBe('scores');
    expect(currentStep({ status: 'reporting', me: me(true, true), chairUserId: 1 })).toBe('report');
    expect(currentStep({ status: 'signed', me: me(true, true), chairUserId: 1 })).toBe('report');
  });
  it('has the technical step only when the technical part is blind', () => {
    expect(roomSteps(false)).not.toContain('technical');
    expect(roomSteps(true)).toContain('technical');
    expect(openStage('scoring')).toBe('scores');
    expect(openStage('reporting')).toBeNull();
  });
});

describe('the compliance form', () => {
  const sheet = { bids: ['投标人1', '投标人2'], items: ['Q1', 'R1'], entries: [{ bid: '投标人1', criterionId: 'Q1', pass: false, reason: '资格证书过期' }] };
  it('reads the saved entries and counts the undecided cells', () => {
    const d = complianceDraftOf(sheet);
    expect(d['投标人1']!['Q1']).toEqual({ pass: false, reason: '资格证书过期' });
    expect(complianceProblems(d)).toEqual({ undecided: 3, missingReason: [] });
  });
  it('a failure needs its reason; only decided cells are sent, a pass without a reason', () => {
    const d = complianceDraftOf(sheet);
    d['投标人1']!['Q1'] = { pass: false, reason: '  ' };
    d['投标人2']!['R1'] = { pass: true, reason: 'ignored' };
    expect(complianceProblems(d).missingReason).toEqual([{ bid: '投标人1', item: 'Q1' }]);
    expect(complianceEntries(d)).toEqual([
      { bid: '投标人1', criterionId: 'Q1', pass: false, reason: '' },
      { bid: '投标人2', criterionId: 'R1', pass: true, reason: null },
    ]);
  });
});

describe('the scoring form', () => {
  it('checks each score with the domain rule, in the UI language', () => {
    expect(scoreError(T1, '投标人1', '', 'zh')).toBeNull();
    expect(scoreError(T1, '投标人1', '25', 'zh')).toBeNull();
    expect(scoreError(T1, '投标人1', '25.5', 'zh')).toContain('0至25');
    expect(scoreError(T1, '投标人1', '12.25', 'en')).toContain('at most 1 decimals');
    expect(scoreError(T2, '投标人1', '7.3', 'zh')).toContain('0.5的整数倍');
    expect(scoreError(C1, '投标人1', '-1', 'zh')).toContain('十进制');
  });
  it('sums the valid scores exactly per bid; empty and invalid cells are counted apart', () => {
    const d = scoreDraftOf({ bids: ['投标人1', '投标人2'], items: ['T1', 'T2', 'C1'], entries: [{ bid: '投标人1', criterionId: 'T1', score: '20.1' }] });
    d['投标人1']!['T2'] = '7.5';
    d['投标人1']!['C1'] = '2';
    d['投标人2']!['T1'] = '0.1';
    d['投标人2']!['T2'] = '0.2';
    d['投标人2']!['C1'] = '6';
    const [a, b] = runningTotals(criteria, d);
    expect(a).toEqual({ bid: '投标人1', total: '29.60', max: '40.00', scored: 3, criteria: 3, invalid: 0 });
    // 0.1 + 0.2 is 0.3 exactly (no float); T2 0.2 is off its 0.5 step, C1 6 above its 5
    expect(b).toMatchObject({ total: '0.10', scored: 1, invalid: 2 });
    d['投标人2']!['T2'] = '0.5';
    d['投标人2']!['T1'] = '0.2';
    expect(runningTotals(criteria, d)[1]).toMatchObject({ total: '0.70', invalid: 1 });
    expect(scoreEntries(d).filter((e) => e.bid === '投标人1')).toEqual([
      { bid: '投标人1', criterionId: 'T1', score: '20.1' },
      { bid: '投标人1', criterionId: 'T2', score: '7.5' },
      { bid: '投标人1', criterionId: 'C1', score: '2' },
    ]);
  });
  it('gives each criterion its input step and its rule in words', () => {
    expect(inputStep(T1)).toBe('0.1');
    expect(inputStep(T2)).toBe('0.5');
    expect(inputStep(C1)).toBe('1');
    expect(criterionRule(T1, 'zh')).toBe('0–25，至多1位小数');
    expect(criterionRule(C1, 'en')).toBe('0–5, whole numbers, objective');
  });
});
