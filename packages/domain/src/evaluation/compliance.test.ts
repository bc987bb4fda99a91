import { describe, expect, it } from 'vitest';
import { checkEnoughBids, reviewCompliance, type ComplianceFinding } from './compliance.ts';
import type { EvaluationKind } from './method.ts';
import { allPass, gpComprehensive, MEMBERS5, reasonOf } from './test-fixtures.ts';

const spec = gpComprehensive();
const price = 1_000_000_00;
const review = (findings: ComplianceFinding[], members = MEMBERS5, ceilingFen: number | null = null, priceFen = price) =>
  reviewCompliance(spec, { members, bids: [{ id: 'b1', priceFen }], ceilingFen, findings })[0]!;
const vote = (memberId: string, pass: boolean, criterionId = 'Q1'): ComplianceFinding => ({ memberId, bidId: 'b1', criterionId, pass, reason: pass ? null : '资质证书已过期' });
/** Q1 decided by `passes` (the rest fail), R1 passed by all. */
const q1 = (passes: number, members = MEMBERS5) => [...members.map((m, i) => vote(m, i < passes)), ...members.map((m) => vote(m, true, 'R1'))];

describe('compliance review: the majority of the committee decides each item (R87 §61)', () => {
  it.each<[string, ComplianceFinding[], string[], string, boolean | null]>([
    ['5 of 5 pass', q1(5), MEMBERS5, 'pass', true],
    ['3 of 5 pass: pass, 2 dissent', q1(3), MEMBERS5, 'pass', true],
    ['2 of 5 pass: fail', q1(2), MEMBERS5, 'fail', false],
    ['0 of 5 pass: fail', q1(0), MEMBERS5, 'fail', false],
    ['3 pass, 1 fail, 1 missing: still more than half of 5', q1(4).filter((f) => !(f.memberId === 'm4' && f.criterionId === 'Q1')), MEMBERS5, 'pass', true],
    ['2 pass, 2 fail of an even committee of 4: a tie is undecided', q1(2, ['m1', 'm2', 'm3', 'm4']), ['m1', 'm2', 'm3', 'm4'], 'undecided', null],
    ['2 pass, 0 fail, 3 missing: not a majority of 5 → undecided', [vote('m1', true), vote('m2', true), ...MEMBERS5.map((m) => vote(m, true, 'R1'))], MEMBERS5, 'undecided', null],
  ])('%s → %s', (_n, findings, members, decision, passed) => {
    const r = review(findings, members);
    expect(r.items.find((i) => i.criterionId === 'Q1')!.decision).toBe(decision);
    expect(r.passed).toBe(passed);
  });

  it('the dissent and every failing reason are kept', () => {
    const item = review(q1(3)).items[0]!;
    expect(item).toMatchObject({ passVotes: 3, failVotes: 2, missing: [], dissent: ['m4', 'm5'] });
    expect(item.failReasons).toEqual([
      { memberId: 'm4', reason: '资质证书已过期' },
      { memberId: 'm5', reason: '资质证书已过期' },
    ]);
  });

  it('one failed item rejects the bid even when another is undecided', () => {
    const findings = [...MEMBERS5.map((m) => vote(m, false)), vote('m1', true, 'R1')];
    expect(review(findings).passed).toBe(false);
  });
});

describe('compliance review: a price above the ceiling is rejected here (R87 §63, ZTBT §51)', () => {
  const ceiling = 1_000_000_000; // 10,000,000.00 yuan
  it.each([
    [999_999_999, false, true, '9,999,999.99 yuan'],
    [1_000_000_000, false, true, '10,000,000.00 yuan: at the ceiling is within it'],
    [1_000_000_001, true, false, '10,000,000.01 yuan'],
  ])('price %i fen → above %s, passed %s (%s)', (priceFen, above, passed) => {
    const r = review(q1(5), MEMBERS5, ceiling, priceFen);
    expect(r.aboveCeiling).toBe(above);
    expect(r.passed).toBe(passed);
  });

  it('no ceiling: nothing is above it', () => {
    expect(review(q1(5), MEMBERS5, null, Number.MAX_SAFE_INTEGER).aboveCeiling).toBe(false);
  });
});

describe('compliance review: bad findings', () => {
  it.each<[string, ComplianceFinding[], string]>([
    ['a failing finding without a reason', [{ ...vote('m1', false), reason: ' ' }], 'FINDING_REASON_MISSING'],
    ['a finding by someone not on the committee (E5: a replaced member)', [vote('m9', true)], 'FINDING_NOT_A_MEMBER'],
    ['a finding on an unknown bid', [{ ...vote('m1', true), bidId: 'b9' }], 'FINDING_UNKNOWN_BID'],
    ['a finding on a criterion the method lacks', [vote('m1', true, 'X1')], 'FINDING_UNKNOWN_CRITERION'],
    ['two findings of one member on one item', [vote('m1', true), vote('m1', false)], 'FINDING_DUPLICATE'],
    ['a finding that is neither pass nor fail', [{ ...vote('m1', true), pass: 'yes' as unknown as boolean }], 'FINDING_INVALID'],
  ])('%s → %s', (_n, findings, reason) => {
    expect(reasonOf(() => review(findings))).toBe(reason);
  });

  it('a price that is not whole fen → PRICE_INVALID', () => {
    expect(reasonOf(() => review(allPass(MEMBERS5, ['b1']), MEMBERS5, null, 100.5))).toBe('PRICE_INVALID');
  });
});

describe('O2 (政府采购法 §36): GP needs 3 qualified and responsive bids to go on', () => {
  it.each<[EvaluationKind, number, boolean, string | null, boolean | null]>([
    ['gp.comprehensive', 2, false, 'GP_FEWER_THAN_THREE', null],
    ['gp.comprehensive', 3, true, null, false],
    ['gp.lowest_price', 2, false, 'GP_FEWER_THAN_THREE', null],
    ['gp.lowest_price', 0, false, 'GP_FEWER_THAN_THREE', null],
    ['eng.comprehensive', 2, true, null, true],
    ['eng.comprehensive', 3, true, null, false],
    ['eng.lowest_evaluated_price', 1, true, null, true],
    ['eng.lowest_evaluated_price', 0, false, 'NO_VALID_BIDS', null],
  ])('O2: %s with %i valid bids → ok %s (%s)', (kind, n, ok, reason, lacking) => {
    const out = checkEnoughBids(kind, n);
    expect(out.ok).toBe(ok);
    if (out.ok) expect(out.competitionMayBeLacking).toBe(lacking);
    else {
      expect(out.reason).toBe(reason);
      expect(out.zh).not.toBe('');
    }
  });
});
