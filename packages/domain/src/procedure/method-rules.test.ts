import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { METHODS_BY_TRADE_TYPE, TRADE_TYPES, type ProcedureMethod, type TradeType } from './flags.ts';
import { kCoefficientAllowed, kCoefficientRefusal, namesSingleSupplier, singleSourceParticipationRefusal, singleSourcePublicationProblem, singleSourceSupplierProblem } from './method-rules.ts';

/** Every trade type × method the platform offers. */
const COMBINATIONS: [TradeType, ProcedureMethod][] = TRADE_TYPES.flatMap((t) => METHODS_BY_TRADE_TYPE[t].map((m) => [t, m] as [TradeType, ProcedureMethod]));

describe('K coefficient (浮动点) only in engineering (issue 18 §3; domain §3.1 低价优先法, §3.2)', () => {
  it.each<[TradeType, boolean]>([
    ['engineering', true],
    ['procurement', false],
    ['land', false],
    ['property', false],
  ])('%s: K allowed = %s', (tradeType, allowed) => {
    expect(kCoefficientAllowed(tradeType)).toBe(allowed);
    const e = kCoefficientRefusal(tradeType);
    if (allowed) {
      expect(e).toBeNull();
    } else {
      expect(e).toBeInstanceOf(AppError);
      expect(e).toMatchObject({ code: 'VALIDATION', details: { field: 'floatPointsBp', reason: 'K_NOT_ALLOWED', tradeType } });
    }
  });

  it('the procurement refusal says why: an engineering practice; R87 scores the price by the lowest price', () => {
    const e = kCoefficientRefusal('procurement')!;
    expect(e.messageZh).toContain('低价优先法');
    expect(e.messageZh).toContain('工程建设');
    expect(e.messageZh).toContain('第87号');
    expect(e.messageEn).toContain('lowest-price method');
  });
});

describe('single source names its supplier (CG §31, CGT §38)', () => {
  it.each(COMBINATIONS)('%s / %s: names one supplier only for procurement single source', (tradeType, method) => {
    expect(namesSingleSupplier(tradeType, method)).toBe(tradeType === 'procurement' && method === 'single_source');
  });

  it.each<[string, TradeType, ProcedureMethod, number | null | undefined, string | null]>([
    ['single source with a supplier', 'procurement', 'single_source', 7, null],
    ['single source without one (undefined)', 'procurement', 'single_source', undefined, 'SUPPLIER_REQUIRED'],
    ['single source without one (null)', 'procurement', 'single_source', null, 'SUPPLIER_REQUIRED'],
    ['single source with id 0', 'procurement', 'single_source', 0, 'SUPPLIER_REQUIRED'],
    ['single source with a negative id', 'procurement', 'single_source', -3, 'SUPPLIER_REQUIRED'],
    ['single source with a fractional id', 'procurement', 'single_source', 1.5, 'SUPPLIER_REQUIRED'],
    ['procurement open without one', 'procurement', 'open', undefined, null],
    ['procurement open with one', 'procurement', 'open', 7, 'SUPPLIER_NOT_APPLICABLE'],
    ['procurement negotiation with one', 'procurement', 'negotiation', 7, 'SUPPLIER_NOT_APPLICABLE'],
    ['engineering open with one', 'engineering', 'open', 7, 'SUPPLIER_NOT_APPLICABLE'],
    ['land listing with one', 'land', 'listing', 7, 'SUPPLIER_NOT_APPLICABLE'],
    ['property listing with null', 'property', 'listing', null, null],
  ])('%s → %s', (_name, tradeType, method, supplier, reason) => {
    const e = singleSourceSupplierProblem(tradeType, method, supplier);
    if (reason === null) {
      expect(e).toBeNull();
    } else {
      expect(e).toMatchObject({ code: 'VALIDATION', details: { field: 'singleSourceSupplierOrgId', reason } });
      expect(e!.messageZh.length).toBeGreaterThan(5);
      expect(e!.messageEn.length).toBeGreaterThan(5);
    }
  });

  const SS = { tradeType: 'procurement' as const, method: 'single_source', singleSourceSupplierOrgId: 7 };
  it.each<[string, Parameters<typeof singleSourceParticipationRefusal>[0], number, boolean]>([
    ['the named supplier', SS, 7, true],
    ['another company', SS, 8, false],
    ['any company when none is named (a corrupt row admits nobody)', { ...SS, singleSourceSupplierOrgId: null }, 7, false],
    ['any company in an open procurement', { tradeType: 'procurement', method: 'open', singleSourceSupplierOrgId: null }, 8, true],
    ['any company in a negotiation', { tradeType: 'procurement', method: 'negotiation', singleSourceSupplierOrgId: null }, 8, true],
    ['any company in engineering', { tradeType: 'engineering', method: 'open', singleSourceSupplierOrgId: null }, 8, true],
  ])('%s may take part: %s', (_name, project, orgId, allowed) => {
    for (const act of ['register', 'respond'] as const) {
      const e = singleSourceParticipationRefusal(project, orgId, act);
      if (allowed) expect(e).toBeNull();
      else expect(e).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'NOT_SINGLE_SOURCE_SUPPLIER', act } });
    }
  });

  it('the refusal names the act', () => {
    expect(singleSourceParticipationRefusal(SS, 8, 'register')!.messageZh).toContain('报名');
    expect(singleSourceParticipationRefusal(SS, 8, 'respond')!.messageZh).toContain('响应文件');
  });
});

describe('a single source is published with its supplier and its publicity period', () => {
  const PERIOD = { publicityStart: '2026-03-02T09:00:00+08:00', publicityEnd: '2026-03-10T00:00:00+08:00' };
  it.each<[string, Parameters<typeof singleSourcePublicationProblem>[0], string | null, string | null]>([
    ['supplier and period', { tradeType: 'procurement', method: 'single_source', singleSourceSupplierOrgId: 7, schedule: PERIOD }, null, null],
    ['no supplier', { tradeType: 'procurement', method: 'single_source', singleSourceSupplierOrgId: null, schedule: PERIOD }, 'SUPPLIER_REQUIRED', 'singleSourceSupplierOrgId'],
    ['no publicity end', { tradeType: 'procurement', method: 'single_source', singleSourceSupplierOrgId: 7, schedule: { publicityStart: PERIOD.publicityStart } }, 'PUBLICITY_PERIOD_REQUIRED', 'schedule.publicityEnd'],
    ['no publicity start', { tradeType: 'procurement', method: 'single_source', singleSourceSupplierOrgId: 7, schedule: { publicityEnd: PERIOD.publicityEnd } }, 'PUBLICITY_PERIOD_REQUIRED', 'schedule.publicityStart'],
    ['an open procurement needs neither', { tradeType: 'procurement', method: 'open', singleSourceSupplierOrgId: null, schedule: {} }, null, null],
    ['engineering needs neither', { tradeType: 'engineering', method: 'open', singleSourceSupplierOrgId: null, schedule: {} }, null, null],
  ])('%s → %s', (_n, p, reason, field) => {
    const e = singleSourcePublicationProblem(p);
    if (reason === null) expect(e).toBeNull();
    else expect(e).toMatchObject({ code: 'VALIDATION', details: { reason, field } });
  });
});
