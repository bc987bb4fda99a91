/** Shared labels of the qualification components (issue 5 §5): categories, units, hints. */
import { fenToYuanInput, formatFen } from '../money.ts';

export const CATEGORY_LABELS = {
  licence: { zh: '资质证书', en: 'Licence' },
  experience: { zh: '业绩经验', en: 'Experience' },
  financial: { zh: '财务状况', en: 'Financial' },
  personnel: { zh: '人员配备', en: 'Personnel' },
  other: { zh: '其他', en: 'Other' },
} as const;
export type Category = keyof typeof CATEGORY_LABELS;

export const UNIT_LABELS = {
  fen: { zh: '金额（元）', en: 'Amount (yuan)' },
  count: { zh: '数量', en: 'Count' },
} as const;
export type Unit = keyof typeof UNIT_LABELS;

export const HINT_LABELS = {
  meets: { zh: '看似满足', en: 'Looks met' },
  below_threshold: { zh: '低于门槛', en: 'Below threshold' },
  missing_evidence: { zh: '缺少证明材料', en: 'Evidence missing' },
  unanswered: { zh: '未答复', en: 'Unanswered' },
} as const;

/** A threshold or declared value in its unit: money as ¥, a count as a number. */
export function formatValue(v: number | null | undefined, unit: string | null): string {
  if (v == null) return '—';
  return unit === 'fen' ? formatFen(v) : String(v);
}

/** The value as an input string: yuan for money, the integer otherwise. */
export function valueToInput(v: number | null | undefined, unit: string | null): string {
  if (v == null) return '';
  return unit === 'fen' ? fenToYuanInput(v) : String(v);
}

/** The download URL of one evidence file. */
export const evidenceUrl = (answerId: number, index: number) => `/qualification/evidence/${answerId}/${index}`;
