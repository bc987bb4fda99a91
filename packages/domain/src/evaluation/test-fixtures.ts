/**
 * Methods, sheets and helpers shared by the evaluation tests (not part of the package's API).
 */
import { expect } from 'vitest';
import { AppError } from '../errors.ts';
import type { ComplianceFinding } from './compliance.ts';
import type { EngComprehensiveMethod, EngLowestEvaluatedPriceMethod, GpComprehensiveMethod, GpLowestPriceMethod } from './method.ts';
import type { ScoreSheet } from './score-sheet.ts';

/** Runs `f`; null when it returns, else the VALIDATION reason (checking the error's shape on the way). */
export function reasonOf(f: () => unknown): string | null {
  try {
    f();
    return null;
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    expect(e.code).toBe('VALIDATION');
    expect(e.messageZh).not.toBe('');
    expect(e.messageEn).not.toBe('');
    expect(typeof e.details?.field).toBe('string');
    return String(e.details?.reason);
  }
}

const COMPLIANCE = [
  { id: 'Q1', nameZh: '资格条件', kind: 'qualification' as const },
  { id: 'R1', nameZh: '投标有效期', kind: 'responsiveness' as const },
];

/** 综合评估法: technical 35 (two criteria), commercial 5 (objective), price 60 (F = 60, E1 = 1, E2 = 0.5). */
export function engComprehensive(over: Partial<EngComprehensiveMethod> = {}): EngComprehensiveMethod {
  return {
    kind: 'eng.comprehensive',
    version: 1,
    subject: 'works',
    compliance: COMPLIANCE,
    policy: null,
    abnormallyLow: null,
    candidates: 3,
    lastResort: 'random_draw',
    criteria: [
      { id: 'T1', nameZh: '施工组织设计', group: 'technical', maxScore: '25', decimals: 1, step: null, objective: false },
      { id: 'T2', nameZh: '项目管理机构', group: 'technical', maxScore: '10', decimals: 1, step: '0.5', objective: false },
      { id: 'C1', nameZh: '企业业绩', group: 'commercial', maxScore: '5', decimals: 0, step: null, objective: true },
    ],
    weights: { scale: 'percent', price: '60', groups: { technical: '35', commercial: '5' } },
    aggregation: { mode: 'trimmed_mean', minMembers: 5 },
    basePrice: { strategy: 'drop_extremes_mean', version: 1, kRange: { min: '0.95', max: '1' }, kChoices: null, e1: '1', e2: '0.5' },
    ...over,
  };
}

/** 综合评分法 (goods, 招标): technical 0.50, commercial 0.20, price 0.30; SME 10%, consortium 4%; S7 at 0.8. */
export function gpComprehensive(over: Partial<GpComprehensiveMethod> = {}): GpComprehensiveMethod {
  return {
    kind: 'gp.comprehensive',
    version: 1,
    subject: 'goods',
    procedure: 'tender',
    fixedPrice: false,
    compliance: COMPLIANCE,
    policy: { smeRate: '0.10', consortiumRate: '0.04' },
    abnormallyLow: { belowMeanOfOthers: '0.8' },
    candidates: 3,
    lastResort: 'random_draw',
    criteria: [
      { id: 'T1', nameZh: '技术参数响应', group: 'technical', maxScore: '30', decimals: 2, step: null, objective: false },
      { id: 'T2', nameZh: '实施方案', group: 'technical', maxScore: '20', decimals: 1, step: null, objective: false },
      { id: 'C1', nameZh: '售后服务', group: 'commercial', maxScore: '20', decimals: 0, step: null, objective: true },
    ],
    weights: { scale: 'fraction', price: '0.30', groups: { technical: '0.50', commercial: '0.20' } },
    aggregation: { mode: 'mean' },
    priceWeightApproval: null,
    ...over,
  };
}

export function engLowest(over: Partial<EngLowestEvaluatedPriceMethod> = {}): EngLowestEvaluatedPriceMethod {
  return {
    kind: 'eng.lowest_evaluated_price',
    version: 1,
    subject: 'works',
    compliance: COMPLIANCE,
    policy: null,
    abnormallyLow: { belowMeanOfOthers: '0.85' },
    candidates: 3,
    lastResort: 'tenderee_decides',
    adjustments: [{ id: 'A1', nameZh: '付款条件偏离折算' }],
    ...over,
  };
}

export function gpLowest(over: Partial<GpLowestPriceMethod> = {}): GpLowestPriceMethod {
  return {
    kind: 'gp.lowest_price',
    version: 1,
    subject: 'goods',
    compliance: COMPLIANCE,
    policy: { smeRate: '0.20', consortiumRate: null },
    abnormallyLow: null,
    candidates: 1,
    lastResort: 'random_draw',
    ...over,
  };
}

export const MEMBERS5 = ['m1', 'm2', 'm3', 'm4', 'm5'];

/** Every member passes every compliance item of every bid. */
export function allPass(members: readonly string[], bidIds: readonly string[], criteria = ['Q1', 'R1']): ComplianceFinding[] {
  return members.flatMap((memberId) => bidIds.flatMap((bidId) => criteria.map((criterionId) => ({ memberId, bidId, criterionId, pass: true, reason: null }))));
}

/** A sheet from a table of scores: bidId → criterionId → score. */
export function sheetOf(memberId: string, table: Record<string, Record<string, string>>): ScoreSheet {
  return { memberId, scores: Object.entries(table).flatMap(([bidId, row]) => Object.entries(row).map(([criterionId, score]) => ({ bidId, criterionId, score }))) };
}

/** Yuan (a whole number) → fen. */
export const yuan = (v: number) => v * 100;
