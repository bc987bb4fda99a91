import { describe, expect, it } from 'vitest';
import type { TradeType } from '../procedure/flags.ts';
import {
  addMonthsClamped,
  appraisalLastValidDay,
  appraisalValid,
  checkLandPlot,
  checkPropertyItem,
  propertyKindViolation,
  saleSectionViolations,
  type SaleSectionFields,
} from './terms.ts';
import { localDate } from '../calendar/dates.ts';

/** 09:00 北京时间 of a date. */
const beijing = (d: string, time = '09:00') => new Date(`${d}T${time}:00+08:00`);

describe('appraisalValid (L7: an appraisal older than 12 months blocks the listing)', () => {
  it.each<[string, string, string, boolean]>([
    ['2025-06-30', '2026-06-29', '23:59', true], // the day before 12 months
    ['2025-06-30', '2026-06-30', '00:00', true], // exactly 12 months (Beijing day): not older
    ['2025-06-30', '2026-06-30', '23:59', true], // the whole of that day
    ['2025-06-30', '2026-07-01', '00:00', false], // a day more
    ['2025-06-30', '2025-06-30', '09:00', true], // the reference day itself
    ['2024-02-29', '2025-02-28', '12:00', true], // a leap day: 12 months later is the month's last day
    ['2024-02-29', '2025-03-01', '00:00', false],
    ['2025-08-31', '2026-08-31', '12:00', true],
    ['2025-08-31', '2026-09-01', '00:00', false],
    ['2025-13-01', '2025-06-01', '09:00', false], // not a date: never valid
  ])('reference date %s, at %s %s → %s', (date, day, time, ok) => {
    expect(appraisalValid(date, beijing(day, time))).toBe(ok);
  });

  it('counts the Beijing day of the instant: 16:30 UTC on the last day is 00:30 the next Beijing day', () => {
    expect(appraisalValid('2025-06-30', new Date('2026-06-30T15:59:59Z'))).toBe(true);
    expect(appraisalValid('2025-06-30', new Date('2026-06-30T16:00:00Z'))).toBe(false);
  });

  it.each<[string, number, string]>([
    ['2025-01-31', 1, '2025-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2025-12-15', 12, '2026-12-15'],
    ['2025-11-30', 3, '2026-02-28'],
  ])('addMonthsClamped(%s, %i) = %s', (d, n, out) => {
    expect(addMonthsClamped(localDate(d), n)).toBe(out);
    expect(appraisalLastValidDay(localDate('2025-06-30'))).toBe('2026-06-30');
  });
});

describe('checkLandPlot (issue 18 §4; domain §5.1: 起始价 and 加价幅度 > 0, no ceiling)', () => {
  const plot: SaleSectionFields = { name: 'R21-07地块', startingPriceFen: 520_000_000_00, incrementFen: 5_000_000_00, securityFen: 104_000_000_00 };
  it.each<[string, Partial<SaleSectionFields>, string[]]>([
    ['a complete plot', {}, []],
    ['the smallest amounts (1 fen each)', { startingPriceFen: 1, incrementFen: 1 }, []],
    ['no starting price', { startingPriceFen: null }, ['STARTING_PRICE_REQUIRED']],
    ['a zero starting price', { startingPriceFen: 0 }, ['STARTING_PRICE_NOT_POSITIVE']],
    ['no increment', { incrementFen: undefined }, ['INCREMENT_REQUIRED']],
    ['a zero increment', { incrementFen: 0 }, ['INCREMENT_NOT_POSITIVE']],
    ['a negative increment', { incrementFen: -1 }, ['INCREMENT_NOT_POSITIVE']],
    ['neither', { startingPriceFen: null, incrementFen: null }, ['STARTING_PRICE_REQUIRED', 'INCREMENT_REQUIRED']],
    ['a ceiling', { ceilingFen: 600_000_000_00 }, ['CEILING_NOT_APPLICABLE']],
    ['a zero ceiling is still a ceiling', { ceilingFen: 0 }, ['CEILING_NOT_APPLICABLE']],
    ['an appraisal (property only)', { appraisalFen: 1, appraisalDate: '2026-01-01', floorApprovalRef: '国资发〔2026〕1号' }, ['SALE_FIELD_NOT_APPLICABLE', 'SALE_FIELD_NOT_APPLICABLE', 'SALE_FIELD_NOT_APPLICABLE']],
    ['no security (the seller may ask none)', { securityFen: null }, []],
  ])('%s → %j', (_, change, reasons) => {
    expect(checkLandPlot({ ...plot, ...change }).map((v) => v.reason)).toEqual(reasons);
  });

  it('names the plot and the field in both languages, with the land words', () => {
    const [v] = checkLandPlot({ name: 'R21-07地块', incrementFen: 100 });
    expect(v).toMatchObject({ reason: 'STARTING_PRICE_REQUIRED', field: 'startingPriceFen', messageZh: '地块「R21-07地块」未填写起始价' });
    expect(v!.messageEn).toBe('Plot "R21-07地块": the starting price (起始价) is missing');
    const [c] = checkLandPlot({ name: 'A', startingPriceFen: 1, incrementFen: 1, ceilingFen: 2 });
    expect(c!.messageZh).toContain('起始价是成交价的下限，不是上限');
  });
});

describe('checkPropertyItem (L7; R32: first floor ≥ appraisal, below 90 % only with approval, appraisal ≤ 12 months)', () => {
  const at = beijing('2026-03-02');
  const item: SaleSectionFields = { name: '40%股权', startingPriceFen: 10_000_00, appraisalFen: 10_000_00, appraisalDate: '2025-12-31' };
  it.each<[string, Partial<SaleSectionFields>, boolean, string[]]>([
    ['floor = appraisal, first disclosure', {}, true, []],
    ['floor above the appraisal', { startingPriceFen: 12_000_00 }, true, []],
    ['first disclosure, floor one fen below the appraisal', { startingPriceFen: 9_999_99 }, true, ['FLOOR_BELOW_APPRAISAL']],
    ['first disclosure, floor at 80 % with an approval: still below the appraisal', { startingPriceFen: 8_000_00, floorApprovalRef: '国资产权〔2026〕8号' }, true, ['FLOOR_BELOW_APPRAISAL']],
    ['re-disclosure, floor exactly 90 %', { startingPriceFen: 9_000_00 }, false, []],
    ['re-disclosure, floor 89.99 % without approval', { startingPriceFen: 8_999_00 }, false, ['FLOOR_APPROVAL_REQUIRED']],
    ['re-disclosure, floor one fen below 90 % without approval', { startingPriceFen: 8_999_99 }, false, ['FLOOR_APPROVAL_REQUIRED']],
    ['re-disclosure, floor 89.99 % with the approval', { startingPriceFen: 8_999_00, floorApprovalRef: '国资产权〔2026〕8号' }, false, []],
    ['re-disclosure, an approval where none is needed', { startingPriceFen: 9_500_00, floorApprovalRef: '国资产权〔2026〕8号' }, false, ['FLOOR_APPROVAL_NOT_APPLICABLE']],
    ['re-disclosure, a blank approval is none', { startingPriceFen: 8_000_00, floorApprovalRef: '  ' }, false, ['FLOOR_APPROVAL_REQUIRED']],
    ['no floor', { startingPriceFen: null }, true, ['STARTING_PRICE_REQUIRED']],
    ['no appraisal', { appraisalFen: null }, true, ['APPRAISAL_REQUIRED']],
    ['a zero appraisal', { appraisalFen: 0 }, true, ['APPRAISAL_NOT_POSITIVE']],
    ['no appraisal date', { appraisalDate: null }, true, ['APPRAISAL_DATE_REQUIRED']],
    ['an appraisal date that is no date', { appraisalDate: '2025-02-30' }, true, ['APPRAISAL_DATE_INVALID']],
    ['an appraisal date after today', { appraisalDate: '2026-03-03' }, true, ['APPRAISAL_DATE_IN_FUTURE']],
    ['an appraisal of today', { appraisalDate: '2026-03-02' }, true, []],
    ['an appraisal of exactly 12 months ago', { appraisalDate: '2025-03-02' }, true, []],
    ['an appraisal of 12 months and a day ago', { appraisalDate: '2025-03-01' }, true, ['APPRAISAL_EXPIRED']],
    ['a ceiling', { ceilingFen: 10_000_00 }, true, ['CEILING_NOT_APPLICABLE']],
    ['an increment, if given, > 0', { incrementFen: 0 }, true, ['INCREMENT_NOT_POSITIVE']],
    ['an increment', { incrementFen: 1_000_00 }, true, []],
  ])('%s → %j', (_, change, firstDisclosure, reasons) => {
    expect(checkPropertyItem({ ...item, ...change }, { at, firstDisclosure }).map((v) => v.reason)).toEqual(reasons);
  });

  it('says the amounts, the threshold and the property words', () => {
    const [v] = checkPropertyItem({ ...item, startingPriceFen: 8_000_00 }, { at, firstDisclosure: false });
    expect(v).toMatchObject({ field: 'floorApprovalRef' });
    expect(v!.messageZh).toBe('交易标的「40%股权」新的转让底价低于评估值的90%，须填写转让行为批准单位书面同意的批准文件文号（转让底价 8,000.00 元，评估值 10,000.00 元；企业国有资产交易监督管理办法第十八条）');
    const [e] = checkPropertyItem({ ...item, appraisalDate: '2025-01-01' }, { at, firstDisclosure: true });
    expect(e!.messageZh).toContain('可使用至 2026-01-01');
  });
});

describe('saleSectionViolations: per trade type, each violation with its form field', () => {
  const at = beijing('2026-03-02');
  it.each<[TradeType, SaleSectionFields, string[]]>([
    ['engineering', { ceilingFen: 1 }, []],
    ['engineering', { ceilingFen: 1, startingPriceFen: 1 }, ['sections.0.startingPriceFen']],
    ['procurement', { incrementFen: 1, appraisalFen: 1, appraisalDate: '2026-01-01', floorApprovalRef: 'x' }, ['sections.0.incrementFen', 'sections.0.appraisalFen', 'sections.0.appraisalDate', 'sections.0.floorApprovalRef']],
    ['land', { startingPriceFen: 1 }, ['sections.0.incrementFen']],
    ['property', { startingPriceFen: 1, appraisalFen: 1 }, ['sections.0.appraisalDate']],
  ])('%s %j → %j', (tradeType, s, paths) => {
    expect(saleSectionViolations({ tradeType, method: 'listing', sections: [s], at, firstDisclosure: true }).map((v) => v.path)).toEqual(paths);
  });

  it('names the second plot', () => {
    const vs = saleSectionViolations({ tradeType: 'land', method: 'auction', sections: [{ name: 'A', startingPriceFen: 1, incrementFen: 1 }, { name: 'B', startingPriceFen: 1 }], at, firstDisclosure: true });
    expect(vs).toHaveLength(1);
    expect(vs[0]).toMatchObject({ section: 1, path: 'sections.1.incrementFen', messageZh: '地块「B」未填写加价幅度' });
  });
});

describe('propertyKindViolation (required for property, refused elsewhere)', () => {
  it.each<[TradeType, string | null, string | null]>([
    ['property', 'equity_transfer', null],
    ['property', 'capital_increase', null],
    ['property', 'asset_transfer', null],
    ['property', null, 'PROPERTY_KIND_REQUIRED'],
    ['property', 'lease', 'PROPERTY_KIND_INVALID'],
    ['land', 'equity_transfer', 'PROPERTY_KIND_NOT_APPLICABLE'],
    ['engineering', 'asset_transfer', 'PROPERTY_KIND_NOT_APPLICABLE'],
    ['land', null, null],
  ])('%s %s → %s', (tradeType, kind, reason) => {
    expect(propertyKindViolation(tradeType, kind)?.reason ?? null).toBe(reason);
  });
});
