/** Shared labels of the qualification components (issue 5 §5): categories, units, hints. */
import { fenToYuanInput, formatFen } from '../money.ts';
import {  } from '../i18n.ts';

export const CATEGORY_LABELS = {
  licence: 'qualification.categoryLabels.licence',
  experience: 'qualification.categoryLabels.experience',
  financial: 'qualification.categoryLabels.financial',
  personnel: 'qualification.categoryLabels.personnel',
  other: 'qualification.categoryLabels.other',
} as const;
export type Category = keyof typeof CATEGORY_LABELS;

export const UNIT_LABELS = {
  fen: 'qualification.unitLabels.amountYuan',
  count: 'qualification.unitLabels.count',
} as const;
export type Unit = keyof typeof UNIT_LABELS;

export const HINT_LABELS = {
  meets: 'qualification.hintLabels.looksMet',
  below_threshold: 'qualification.hintLabels.belowThreshold',
  missing_evidence: 'qualification.hintLabels.evidenceMissing',
  unanswered: 'qualification.hintLabels.unanswered',
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
