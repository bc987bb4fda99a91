import { describe, expect, it } from 'vitest';
import { assertChair, extensionGranted, extensionThreshold, voidMemberFindings } from './session.ts';
import { allPass, reasonOf, sheetOf } from './test-fixtures.ts';

describe('E6: an extension when MORE than 1/3 of the members ask', () => {
  it.each([
    [5, 1, false],
    [5, 2, true],
    [6, 2, false],
    [6, 3, true],
    [7, 2, false],
    [7, 3, true],
    [9, 3, false],
    [9, 4, true],
    [3, 1, false],
    [3, 2, true],
    [5, 0, false],
  ])('E6: %i members, %i asking → %s', (members, requests, granted) => {
    expect(extensionGranted(members, requests)).toBe(granted);
  });

  it.each([
    [5, 2],
    [6, 3],
    [7, 3],
    [9, 4],
  ])('E6: %i members need %i requests', (members, threshold) => {
    expect(extensionThreshold(members)).toBe(threshold);
    expect(extensionGranted(members, threshold)).toBe(true);
    expect(extensionGranted(members, threshold - 1)).toBe(false);
  });

  it.each([
    [0, 0],
    [5, 6],
    [5, -1],
    [5, 1.5],
  ])('E6: %i members, %i requests → EXTENSION_COUNT_INVALID', (members, requests) => {
    expect(reasonOf(() => extensionGranted(members, requests))).toBe('EXTENSION_COUNT_INVALID');
  });
});

describe('E5: replacing a member voids its findings', () => {
  const compliance = allPass(['m1', 'm2'], ['b1'], ['Q1']);
  const sheets = [sheetOf('m1', { b2: { T1: '1' }, b1: { T2: '2', T1: '3' } }), sheetOf('m2', { b1: { T1: '4' } })];

  it('E5: lists every item of the replaced member to review again, and keeps the others’ findings', () => {
    const out = voidMemberFindings('m1', { compliance, sheets });
    expect(out.reReview).toEqual([
      { stage: 'compliance', bidId: 'b1', criterionId: 'Q1' },
      { stage: 'scoring', bidId: 'b1', criterionId: 'T1' },
      { stage: 'scoring', bidId: 'b1', criterionId: 'T2' },
      { stage: 'scoring', bidId: 'b2', criterionId: 'T1' },
    ]);
    expect(out.compliance.map((f) => f.memberId)).toEqual(['m2']);
    expect(out.sheets.map((s) => s.memberId)).toEqual(['m2']);
  });

  it('E5: a member with no findings yet leaves nothing to review', () => {
    expect(voidMemberFindings('m9', { compliance, sheets }).reReview).toEqual([]);
  });
});

describe('the chair is a member and not the purchaser’s representative', () => {
  const members = [
    { id: 'e1', seat: 'expert' as const },
    { id: 'r1', seat: 'owner_rep' as const },
  ];
  it.each([
    ['e1', null],
    ['r1', 'CHAIR_OWNER_REP'],
    ['x9', 'CHAIR_NOT_A_MEMBER'],
  ])('chair %s → %s', (chair, reason) => {
    expect(reasonOf(() => assertChair(members, chair))).toBe(reason);
  });
});
