/**
 * The expert's evaluation room, pure parts (issue 22 §6): where a member stands (the room's steps), the
 * sheets' entries as the form edits them, each score checked with the domain's own rule (`checkScore`) and
 * the running totals per bid summed with the domain's decimal — the numbers the server will recompute.
 */
import { AppError } from '@ebid/domain';
import { checkScore, EvaluationDecimal, fixed2, type ComplianceCriterion, type EvaluationMethodSpec, type ScoredCriterion } from '@ebid/domain/evaluation';
import type { RouterOutputs } from '../api.ts';

export type EvaluationView = RouterOutputs['evaluation']['get'];
export type EvaluationStatus = EvaluationView['status'];
export type MyEvaluation = RouterOutputs['evaluation']['mine'][number];
export type SheetView = RouterOutputs['evaluation']['sheet'];
export type SheetStage = SheetView['stage'];
export type ReportView = RouterOutputs['evaluation']['report'];
export type ProgressView = RouterOutputs['evaluation']['progress'];

export const EVAL_KEYS = {
  mine: ['evaluation', 'mine'] as const,
  all: (id: number) => ['evaluation', id] as const,
  get: (id: number) => ['evaluation', id, 'get'] as const,
  declaration: (id: number) => ['evaluation', id, 'declaration'] as const,
  sheet: (id: number, stage: SheetStage) => ['evaluation', id, 'sheet', stage] as const,
  progress: (id: number) => ['evaluation', id, 'progress'] as const,
  report: (id: number) => ['evaluation', id, 'report'] as const,
  clarifications: (id: number) => ['evaluation', id, 'clarifications'] as const,
  parts: (id: number, label: string) => ['evaluation', id, 'parts', label] as const,
};

export const evaluationTopic = (id: number) => `evaluation.${id}`;

/** The room's steps, in order (the technical step only when the tender evaluates it blind). */
export type RoomStep = 'signIn' | 'declare' | 'chair' | 'compliance' | 'technical' | 'scores' | 'report';

export function roomSteps(blindTechnical: boolean): RoomStep[] {
  return blindTechnical ? ['signIn', 'declare', 'chair', 'compliance', 'technical', 'scores', 'report'] : ['signIn', 'declare', 'chair', 'compliance', 'scores', 'report'];
}

/** The step the member is at: its own acts first (sign-in, declaration), then the evaluation's status. */
export function currentStep(view: Pick<EvaluationView, 'status' | 'me' | 'chairUserId'>): RoomStep {
  if (!view.me?.signedInAt) return 'signIn';
  if (!view.me.declaredAt) return 'declare';
  switch (view.status) {
    case 'preparing':
      return 'chair';
    case 'compliance':
      return 'compliance';
    case 'technical':
      return 'technical';
    case 'scoring':
      return 'scores';
    default:
      return 'report';
  }
}

/** The sheet stage open in this status, or null. */
export function openStage(status: EvaluationStatus): SheetStage | null {
  return status === 'compliance' ? 'compliance' : status === 'technical' ? 'technical' : status === 'scoring' ? 'scores' : null;
}

export function methodOf(view: Pick<EvaluationView, 'method'>): EvaluationMethodSpec {
  return view.method as unknown as EvaluationMethodSpec;
}

export function complianceItems(spec: EvaluationMethodSpec): ComplianceCriterion[] {
  return spec.compliance;
}

export function scoredCriteria(spec: EvaluationMethodSpec): ScoredCriterion[] {
  return 'criteria' in spec ? spec.criteria : [];
}

// ------------------------------------------------------------------ compliance

export interface ComplianceCell {
  pass: boolean | null;
  reason: string;
}
export type ComplianceDraft = Record<string, Record<string, ComplianceCell>>;

const cellKey = (bid: string, item: string) => `${bid}\u0000${item}`;

export function complianceDraftOf(sheet: Pick<SheetView, 'bids' | 'items' | 'entries'>): ComplianceDraft {
  const found = new Map<string, ComplianceCell>();
  for (const e of sheet.entries) if ('pass' in e) found.set(cellKey(e.bid, e.criterionId), { pass: e.pass, reason: e.reason ?? '' });
  const out: ComplianceDraft = {};
  for (const bid of sheet.bids) {
    out[bid] = {};
    for (const item of sheet.items) out[bid][item] = found.get(cellKey(bid, item)) ?? { pass: null, reason: '' };
  }
  return out;
}

/** The cells still to decide, and the failures without a reason (a fail needs its reason). */
export function complianceProblems(draft: ComplianceDraft): { undecided: number; missingReason: { bid: string; item: string }[] } {
  let undecided = 0;
  const missingReason: { bid: string; item: string }[] = [];
  for (const [bid, row] of Object.entries(draft)) {
    for (const [item, c] of Object.entries(row)) {
      if (c.pass === null) undecided++;
      else if (!c.pass && c.reason.trim() === '') missingReason.push({ bid, item });
    }
  }
  return { undecided, missingReason };
}

export function complianceEntries(draft: ComplianceDraft): { bid: string; criterionId: string; pass: boolean; reason: string | null }[] {
  return Object.entries(draft).flatMap(([bid, row]) =>
    Object.entries(row)
      .filter(([, c]) => c.pass !== null)
      .map(([criterionId, c]) => ({ bid, criterionId, pass: c.pass!, reason: c.pass ? null : c.reason.trim() })),
  );
}

// ------------------------------------------------------------------ scores

/** bid → criterion → the score as typed (a decimal string; '' when empty). */
export type ScoreDraft = Record<string, Record<string, string>>;

export function scoreDraftOf(sheet: Pick<SheetView, 'bids' | 'items' | 'entries'>): ScoreDraft {
  const found = new Map<string, string>();
  for (const e of sheet.entries) if ('score' in e) found.set(cellKey(e.bid, e.criterionId), e.score);
  const out: ScoreDraft = {};
  for (const bid of sheet.bids) {
    out[bid] = {};
    for (const item of sheet.items) out[bid][item] = found.get(cellKey(bid, item)) ?? '';
  }
  return out;
}

/** The error of one typed score in the current language's words, or null when it is a valid score. */
export function scoreError(c: ScoredCriterion, bid: string, value: string, lang: 'zh' | 'en'): string | null {
  if (value.trim() === '') return null;
  try {
    checkScore(c, { bidId: bid, criterionId: c.id, score: value.trim() }, 'me');
    return null;
  } catch (e) {
    if (e instanceof AppError) return lang === 'zh' ? e.messageZh : e.messageEn;
    throw e;
  }
}

export interface BidTotal {
  bid: string;
  /** the sum of the valid scores so far, 2 dp */
  total: string;
  /** the highest possible total of the stage's criteria, 2 dp */
  max: string;
  scored: number;
  criteria: number;
  invalid: number;
}

/**
 * The running total of each bid: the valid scores summed exactly (the domain's decimal); an empty or invalid
 * cell adds nothing and is counted apart, so the total never pretends to be complete.
 */
export function runningTotals(criteria: readonly ScoredCriterion[], draft: ScoreDraft): BidTotal[] {
  const max = criteria.reduce((s, c) => s.plus(c.maxScore), new EvaluationDecimal(0));
  return Object.entries(draft).map(([bid, row]) => {
    let total = new EvaluationDecimal(0);
    let scored = 0;
    let invalid = 0;
    for (const c of criteria) {
      const v = (row[c.id] ?? '').trim();
      if (v === '') continue;
      try {
        total = total.plus(checkScore(c, { bidId: bid, criterionId: c.id, score: v }, 'me'));
        scored++;
      } catch {
        invalid++;
      }
    }
    return { bid, total: fixed2(total), max: fixed2(max), scored, criteria: criteria.length, invalid };
  });
}

export function scoreEntries(draft: ScoreDraft): { bid: string; criterionId: string; score: string }[] {
  return Object.entries(draft).flatMap(([bid, row]) =>
    Object.entries(row)
      .filter(([, v]) => v.trim() !== '')
      .map(([criterionId, v]) => ({ bid, criterionId, score: v.trim() })),
  );
}

/** The InputNumber step of a criterion: its step, else one unit of its last decimal. */
export function inputStep(c: Pick<ScoredCriterion, 'step' | 'decimals'>): string {
  return c.step ?? (c.decimals === 0 ? '1' : `0.${'0'.repeat(c.decimals - 1)}1`);
}

/** A criterion's range and form in words: "0–25，1位小数" / "0–10, step 0.5". */
export function criterionRule(c: ScoredCriterion, lang: 'zh' | 'en'): string {
  if (lang === 'zh') return `0–${c.maxScore}${c.step ? `，步长 ${c.step}` : c.decimals > 0 ? `，至多${c.decimals}位小数` : '，整数'}${c.objective ? '，客观项' : ''}`;
  return `0–${c.maxScore}${c.step ? `, step ${c.step}` : c.decimals > 0 ? `, up to ${c.decimals} decimals` : ', whole numbers'}${c.objective ? ', objective' : ''}`;
}

export function reportUrl(evaluationId: number): string {
  return `/evaluations/${evaluationId}/report.pdf`;
}
