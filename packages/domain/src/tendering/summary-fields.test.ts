import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import type { TradeType } from '../procedure/flags.ts';
import type { ProjectSubject } from '../procedure/project-fields.ts';
import { word } from '../vocabulary/index.ts';
import { bidSummaryFieldsOf, checkSummaryFields, conformSummary, summaryPeriodKey, type BidSummaryAsks, type SummaryPeriod } from './summary-fields.ts';

describe('bidSummaryFieldsOf: a bid states only what the trade has (issue 18 §1; R214 §51 (四), CG §44)', () => {
  it.each<[TradeType, ProjectSubject | null, SummaryPeriod | null, boolean, string]>([
    ['engineering', 'works', 'construction', true, '施工: 工期（日历天）'],
    ['engineering', 'epc', 'construction', true, '工程总承包: 工期'],
    ['engineering', 'survey', 'service', true, '勘察: 服务期, not 工期'],
    ['engineering', 'design', 'service', true, '设计: 服务期'],
    ['engineering', 'supervision', 'service', true, '监理: 服务期'],
    ['engineering', 'goods', 'delivery', true, '工程货物: 交货期, not 工期'],
    ['engineering', null, 'construction', true, 'an engineering project from before issue 16 §8 (no subject): 工期 as before'],
    ['procurement', null, 'performance', true, 'government procurement: 交货期或服务期, never 工期'],
    ['land', null, null, false, 'land sale: a price only'],
    ['property', null, null, false, 'property transfer: a price only'],
  ])('%s / %s → period %s, quality %s (%s)', (tradeType, subject, period, quality) => {
    expect(bidSummaryFieldsOf({ tradeType, subject })).toEqual({ period, quality });
  });

  it.each<[SummaryPeriod, string, string]>([
    ['construction', '工期（日历天）', 'Construction period (calendar days)'],
    ['service', '服务期（日历天）', 'Service period (calendar days)'],
    ['delivery', '交货期（日历天）', 'Delivery period (calendar days)'],
    ['performance', '交货期或服务期（日历天）', 'Delivery or service period (calendar days)'],
  ])('the period %s is called %s / %s', (period, zh, en) => {
    expect(word('zh', summaryPeriodKey(period))).toBe(zh);
    expect(word('en', summaryPeriodKey(period))).toBe(en);
  });

  it('no trade other than engineering asks a 工期', () => {
    for (const tradeType of ['procurement', 'land', 'property'] as const) {
      expect(bidSummaryFieldsOf({ tradeType, subject: null }).period).not.toBe('construction');
    }
  });
});

const WORKS: BidSummaryAsks = { period: 'construction', quality: true };
const GP: BidSummaryAsks = { period: 'performance', quality: true };
const LAND: BidSummaryAsks = { period: null, quality: false };

function refusal(fn: () => void): { field: unknown; reason: unknown; zh: string; en: string } | null {
  try {
    fn();
    return null;
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    expect(e.code).toBe('VALIDATION');
    return { field: e.details?.field, reason: e.details?.reason, zh: e.messageZh, en: e.messageEn };
  }
}

describe('checkSummaryFields: a field not asked, or one asked and missing, is refused with its name', () => {
  it.each<[string, BidSummaryAsks, number | null, string | null, string | null, string | null, string | null]>([
    ['works with 工期 and quality', WORKS, 365, '合格', null, null, null],
    ['works with the smallest period', WORKS, 1, '合格', null, null, null],
    ['works without 工期', WORKS, null, '合格', 'durationDays', 'SUMMARY_FIELD_REQUIRED', '请填写工期（日历天）'],
    ['works without quality', WORKS, 365, null, 'quality', 'SUMMARY_FIELD_REQUIRED', '请填写质量标准'],
    ['GP with a delivery/service period', GP, 30, '合格', null, null, null],
    ['GP without a period', GP, null, '合格', 'durationDays', 'SUMMARY_FIELD_REQUIRED', '请填写交货期或服务期（日历天）'],
    ['land with a price only', LAND, null, null, null, null, null],
    ['land with a period', LAND, 1, null, 'durationDays', 'SUMMARY_FIELD_NOT_ASKED', '本项目的开标一览表不填写工期或期限'],
    ['land with a quality', LAND, null, '合格', 'quality', 'SUMMARY_FIELD_NOT_ASKED', '本项目的开标一览表不填写质量标准'],
  ])('%s', (_name, asks, durationDays, quality, field, reason, zh) => {
    const r = refusal(() => checkSummaryFields(asks, { durationDays, quality }));
    if (field === null) {
      expect(r).toBeNull();
    } else {
      expect(r).toMatchObject({ field, reason, zh });
      expect(r?.en).toMatch(/\S/);
    }
  });

  it('names the period in English too', () => {
    expect(refusal(() => checkSummaryFields({ period: 'service', quality: true }, { durationDays: null, quality: '合格' }))?.en).toBe('Enter the service period (calendar days)');
  });
});

describe('conformSummary: an opening reads out only the fields the project asks', () => {
  it.each<[string, BidSummaryAsks, { durationDays: number | null; quality: string | null }, { durationDays: number | null; quality: string | null }]>([
    ['works keeps both', WORKS, { durationDays: 365, quality: '合格' }, { durationDays: 365, quality: '合格' }],
    ['works: a missing period stays missing', WORKS, { durationDays: null, quality: '合格' }, { durationDays: null, quality: '合格' }],
    ['land drops a period and a quality written by an older client', LAND, { durationDays: 365, quality: '合格' }, { durationDays: null, quality: null }],
    ['GP keeps its period', GP, { durationDays: 30, quality: '优良' }, { durationDays: 30, quality: '优良' }],
  ])('%s', (_name, asks, s, out) => {
    expect(conformSummary(asks, { priceFen: 123_45, ...s })).toEqual({ priceFen: 123_45, ...out });
  });
});
