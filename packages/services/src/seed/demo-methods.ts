/**
 * The evaluation methods the demo tenders state (issue 22 §3, S1): an engineering 综合评估法 in the shape of
 * the 标准施工招标文件 — compliance items, scored technical and commercial criteria, the price score by the
 * base-price deviation method with K drawn at opening (the platform's default float points give K from
 * 0.9850 to 0.9975).
 */
import type { EngComprehensiveMethod } from '@ebid/domain/evaluation';

export function demoEngineeringMethod(): EngComprehensiveMethod {
  return {
    kind: 'eng.comprehensive',
    version: 1,
    subject: 'works',
    compliance: [
      { id: 'Q1', nameZh: '资格条件（资质、业绩、项目经理）', kind: 'qualification' },
      { id: 'Q2', nameZh: '营业执照与安全生产许可证', kind: 'qualification' },
      { id: 'R1', nameZh: '投标有效期', kind: 'responsiveness' },
      { id: 'R2', nameZh: '工期与质量要求', kind: 'responsiveness' },
      { id: 'F1', nameZh: '投标文件签署与电子签章', kind: 'formality' },
    ],
    policy: null,
    abnormallyLow: { belowMeanOfOthers: '0.85' },
    candidates: 3,
    lastResort: 'random_draw',
    criteria: [
      { id: 'T1', nameZh: '施工组织设计', group: 'technical', maxScore: '20', decimals: 1, step: null, objective: false },
      { id: 'T2', nameZh: '交通导改方案', group: 'technical', maxScore: '10', decimals: 1, step: '0.5', objective: false },
      { id: 'T3', nameZh: '质量安全保证措施', group: 'technical', maxScore: '5', decimals: 1, step: null, objective: false },
      { id: 'C1', nameZh: '企业类似工程业绩', group: 'commercial', maxScore: '5', decimals: 0, step: null, objective: true },
    ],
    weights: { scale: 'percent', price: '60', groups: { technical: '35', commercial: '5' } },
    aggregation: { mode: 'trimmed_mean', minMembers: 5 },
    basePrice: { strategy: 'drop_extremes_mean', version: 1, kRange: { min: '0.98', max: '1' }, kChoices: null, e1: '1', e2: '0.5' },
  };
}
