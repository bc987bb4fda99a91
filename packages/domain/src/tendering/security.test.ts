import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { holidayTableFrom, type HolidayTable } from '../calendar/holidays.ts';
import type { TradeType } from '../procedure/flags.ts';
import type { ProjectSubject } from '../procedure/project-fields.ts';
import {
  allowedSecurityForms,
  assertSecurityForm,
  checkSecurityForm,
  findPaymentReferences,
  generatePaymentReference,
  PAYMENT_REFERENCE_RE,
  normalizeAccountNo,
  parseYuanToFen,
  refundDueAt,
  securityCapFen,
  type RefundTrigger,
  type SecurityForm,
} from './security.ts';

const TABLE: HolidayTable = holidayTableFrom(
  JSON.parse(readFileSync(new URL('../calendar/holidays-cn-2025-2026.json', import.meta.url), 'utf8')) as unknown,
);
const bj = (s: string): Date => new Date(`${s.replace(' ', 'T')}:00+08:00`);

describe('securityCapFen (B6)', () => {
  it.each<[TradeType, number | null, number | null, string]>([
    ['engineering', 800_000_000, 16_000_000, '2% of 8,000,000 CNY = 160,000 CNY'],
    ['engineering', 4_000_000_000, 80_000_000, '2% = 800,000 CNY exactly: both caps meet'],
    ['engineering', 4_000_000_050, 80_000_000, 'just above: the absolute cap binds'],
    ['engineering', 3_999_999_999, 79_999_999, 'just below: floor(2%)'],
    ['engineering', 9_800_000_000, 80_000_000, 'large estimate: 800,000 CNY'],
    ['engineering', 149, 2, 'floor of 2.98 fen'],
    ['engineering', 0, 0, 'zero estimate'],
    ['engineering', null, 80_000_000, 'no estimate: only the absolute cap'],
    ['procurement', 2_360_000_000, 47_200_000, '2% of the budget, no absolute cap'],
    ['procurement', 99_999_999_999, 1_999_999_999, 'floor(2%) far above 800,000 CNY'],
    ['procurement', 51, 1, 'floor(1.02)'],
    ['procurement', null, null, 'no budget: no cap'],
    ['land', 52_000_000_000, null, 'land: no statutory cap'],
    ['property', 3_680_000_000, null, 'property: no statutory cap'],
  ])('%s, estimate %s fen → cap %s (%s)', (tradeType, estimateFen, cap) => {
    expect(securityCapFen({ tradeType, estimateFen })).toBe(cap);
  });

  // B6 by subject (issue 16 §8): survey/design ≤ 100,000 CNY (R2), works/goods/EPC ≤ 800,000 CNY, supervision 2% only.
  it.each<[ProjectSubject | null, number | null, number | null, string]>([
    ['survey', 500_000_000, 10_000_000, '2% of 5,000,000 CNY = 100,000 CNY exactly: both caps meet'],
    ['survey', 500_000_050, 10_000_000, 'just above: the 100,000 CNY cap binds'],
    ['survey', 499_999_999, 9_999_999, 'just below: floor(2%)'],
    ['design', 3_000_000_000, 10_000_000, 'a 30,000,000 CNY design fee: 100,000 CNY, not 600,000'],
    ['design', null, 10_000_000, 'no fee estimate: only the absolute cap'],
    ['works', 3_000_000_000, 60_000_000, 'works: 2% = 600,000 CNY under the 800,000 cap'],
    ['goods', 9_000_000_000, 80_000_000, 'goods: 800,000 CNY'],
    ['epc', 9_000_000_000, 80_000_000, 'EPC contains the works: 800,000 CNY'],
    ['supervision', 9_000_000_000, 180_000_000, 'supervision: 2% only, no absolute cap'],
    ['supervision', null, null, 'supervision without an estimate: no cap can be computed'],
    [null, 9_000_000_000, 80_000_000, 'a project recorded before subjects: as works'],
  ])('engineering %s, estimate %s fen → cap %s (%s)', (subject, estimateFen, cap) => {
    expect(securityCapFen({ tradeType: 'engineering', subject, estimateFen })).toBe(cap);
  });
});

describe('checkSecurityForm (B7)', () => {
  const BASIC = '6217 0000 1234-5678';
  it.each<[TradeType, SecurityForm, string | null, string | null, string | null]>([
    ['procurement', 'cash', BASIC, BASIC, 'SECURITY_FORM'],
    ['procurement', 'guarantee', null, null, null],
    ['procurement', 'e_guarantee', null, null, null],
    ['engineering', 'cash', '621700001234-5678', BASIC, null], // spaces and dashes ignored
    ['engineering', 'cash', '6217000012345678', BASIC, null],
    ['engineering', 'cash', '6217000012345679', BASIC, 'PAYER_NOT_BASIC_ACCOUNT'],
    ['engineering', 'cash', null, BASIC, 'PAYER_NOT_BASIC_ACCOUNT'],
    ['engineering', 'cash', BASIC, null, 'NO_BASIC_ACCOUNT'],
    ['engineering', 'cash', BASIC, ' - ', 'NO_BASIC_ACCOUNT'],
    ['engineering', 'guarantee', '999', BASIC, null],
    ['engineering', 'e_guarantee', null, null, null],
    ['land', 'cash', '123', null, null],
    ['property', 'cash', '123', '456', null],
  ])('%s %s from %s (basic %s) → %s', (tradeType, form, payerAccount, basicAccountNo, reason) => {
    expect(checkSecurityForm({ tradeType, form, payerAccount, basicAccountNo })?.reason ?? null).toBe(reason);
  });

  it('assertSecurityForm throws VALIDATION with the reason and field', () => {
    expect(() => assertSecurityForm({ tradeType: 'procurement', form: 'cash', payerAccount: null, basicAccountNo: null })).toThrow(
      expect.objectContaining({ code: 'VALIDATION', details: { reason: 'SECURITY_FORM', field: 'form' } }),
    );
    expect(normalizeAccountNo(' 12-34 56 ')).toBe('123456');
  });
});

describe('allowedSecurityForms (B7, issue 16 §5)', () => {
  it.each<[TradeType, SecurityForm[]]>([
    ['engineering', ['cash', 'guarantee', 'e_guarantee']],
    ['procurement', ['guarantee', 'e_guarantee']],
    ['land', ['cash']],
    ['property', ['cash']],
  ])('%s → %j', (tradeType, forms) => {
    expect(allowedSecurityForms(tradeType)).toEqual(forms);
  });

  it.each<TradeType>(['engineering', 'procurement', 'land', 'property'])('%s: every allowed form passes the B7 form check (from the basic account)', (tradeType) => {
    for (const form of allowedSecurityForms(tradeType)) {
      expect(checkSecurityForm({ tradeType, form, payerAccount: '6217 0000', basicAccountNo: '62170000' })).toBeNull();
    }
  });
});

describe('payment references (issue 16 §5, B11)', () => {
  it.each<[string, Uint8Array, string]>([
    ['all zero bytes', new Uint8Array(10), 'BZJ0000000000'],
    ['all 0xff (low 5 bits 31 → Z)', new Uint8Array(10).fill(255), 'BZJZZZZZZZZZZ'],
    ['bytes 0..9', Uint8Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), 'BZJ0123456789'],
    ['18, 21, 24, 27 skip I L O U', Uint8Array.from([18, 19, 20, 21, 22, 23, 24, 25, 26, 27]), 'BZJJKMNPQRSTV'],
  ])('from %s → %s', (_, bytes, ref) => {
    expect(generatePaymentReference(bytes)).toBe(ref);
    expect(PAYMENT_REFERENCE_RE.test(ref)).toBe(true);
  });

  it('random ones: the format, no I/L/O/U, and 1000 distinct', () => {
    const refs = Array.from({ length: 1000 }, () => generatePaymentReference());
    for (const r of refs) expect(r).toMatch(/^BZJ[0-9A-HJKMNP-TV-Z]{10}$/);
    expect(new Set(refs).size).toBe(1000);
  });

  it.each<[string, string | null, string[]]>([
    ['Chinese text around the reference', '投标保证金BZJ1A2B3C4D5E华东建工', ['BZJ1A2B3C4D5E']],
    ['lower case', '保证金 bzj1a2b3c4d5e', ['BZJ1A2B3C4D5E']],
    ['two, one repeated', 'BZJ1A2B3C4D5E/BZJ0000000000 BZJ1A2B3C4D5E', ['BZJ1A2B3C4D5E', 'BZJ0000000000']],
    ['glued to letters before', 'XBZJ1A2B3C4D5E', []],
    ['one character too many', 'BZJ1A2B3C4D5E1', []],
    ['one character too few', 'BZJ1A2B3C4D5', []],
    ['a letter outside Crockford (O)', 'BZJ1A2B3C4D5O', []],
    ['no remark', null, []],
    ['the company name only', '华东建工集团有限公司', []],
  ])('%s: %j → %j', (_, remark, refs) => {
    expect(findPaymentReferences(remark)).toEqual(refs);
  });
});

describe('refundDueAt (B10, T2)', () => {
  it.each<[TradeType, RefundTrigger, string, string, string]>([
    // engineering: 5 calendar days, rolled off rest days
    ['engineering', 'withdrawal', '2026-03-05 10:00', '2026-03-10', 'Thu + 5 d = Tue'],
    ['engineering', 'contract', '2026-03-02 10:00', '2026-03-09', 'Mon + 5 d = Sat → Mon (MFD §203)'],
    ['engineering', 'termination', '2026-03-05 23:59', '2026-03-10', 'the hour of the trigger does not matter'],
    ['engineering', 'failure', '2025-09-26 10:00', '2025-10-09', '10/1 in 国庆 → first working day after'],
    // procurement: 5 working days
    ['procurement', 'withdrawal', '2026-03-05 10:00', '2026-03-12', 'Thu + 5 wd over a weekend = next Thu'],
    ['procurement', 'award_notice_loser', '2026-03-02 10:00', '2026-03-09', 'Mon + 5 wd = next Mon'],
    ['procurement', 'prequal_failed', '2025-09-26 17:00', '2025-10-10', '国庆 with 9/28 调休 workday'],
    ['procurement', 'contract', '2026-02-12 09:00', '2026-02-26', '春节 2026 with 2/14 调休'],
    // land / property: 5 working days (C-FJL §46)
    ['land', 'award_notice_loser', '2026-03-05 10:00', '2026-03-12', 'deposit refund ≤ 5 wd'],
    ['property', 'termination', '2026-03-06 10:00', '2026-03-13', 'Fri + 5 wd = next Fri'],
  ])('%s %s at %s → due by the end of %s (%s)', (tradeType, trigger, at, lastDay) => {
    const due = refundDueAt({ tradeType, trigger, at: bj(at) }, TABLE);
    expect(due.at.getTime()).toBe(bj(`${lastDay} 00:00`).getTime() + 86_400_000); // 24:00 Beijing, exclusive
    expect(due.provisional).toBe(false);
  });

  it.each<[TradeType, string, string, boolean]>([
    // A refund is a duty the platform watches: in an unpublished year, the EARLIEST the notice can make it.
    ['procurement', '2026-12-29 10:00', '2027-01-06', false], // 12/30, 12/31, 1/4, 1/5, 1/6: certain days
    ['engineering', '2027-03-02 10:00', '2027-03-08', false], // 3/7 Sunday → the certain Monday
    ['engineering', '2027-01-31 10:00', '2027-02-09', true], // 2/5 除夕 → 2/9 may be a working day: due then
    ['procurement', '2027-02-03 10:00', '2027-02-12', true], // 2/4, 2/9–2/12 counted as working days
    ['land', '2027-09-28 10:00', '2027-10-06', true], // 9/29, 9/30, 10/4–10/6 may be off — counted as working
  ])('%s refund triggered %s in a year without a published calendar → due by %s (provisional %s)', (tradeType, at, lastDay, provisional) => {
    const due = refundDueAt({ tradeType, trigger: 'withdrawal', at: bj(at) }, TABLE);
    expect(due.at.getTime()).toBe(bj(`${lastDay} 00:00`).getTime() + 86_400_000);
    expect(due.provisional).toBe(provisional);
  });

  it('an unknown trigger is refused', () => {
    expect(() => refundDueAt({ tradeType: 'engineering', trigger: 'bogus' as RefundTrigger, at: bj('2026-03-05 10:00') }, TABLE)).toThrow(
      expect.objectContaining({ code: 'VALIDATION' }),
    );
  });
});

describe('parseYuanToFen', () => {
  it.each<[string, number | null]>([
    ['800,000.00', 80_000_000],
    ['800000', 80_000_000],
    ['1,234,567.8', 123_456_780],
    ['0.29', 29],
    ['0.01', 1],
    ['0', 0],
    ['0.00', 0],
    [' 12.5 ', 1250],
    ['9999999999999.99', 999_999_999_999_999],
    ['10000000000000', null], // 14 integer digits
    ['1,00', null],
    ['1,0000', null],
    [',100', null],
    ['100,', null],
    ['1,234,56', null],
    ['12,34.00', null],
    ['1.234', null],
    ['1.', null],
    ['.5', null],
    ['-1', null],
    ['+1', null],
    ['1e3', null],
    ['007', null],
    ['00.5', null],
    ['', null],
    ['abc', null],
    ['1 000', null],
    ['１２', null], // full-width digits
    ['800，000', null], // full-width comma
  ])('%j → %s', (s, fen) => {
    expect(parseYuanToFen(s)).toBe(fen);
  });
});
