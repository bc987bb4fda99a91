/** Qualification rows as the contract's views, and the reads the use cases share. */
import { eq, inArray } from 'drizzle-orm';
import {
  qualificationCriteria,
  sections,
  users,
  type QualificationAnswerRow,
  type QualificationCriterionRow,
  type QualificationDecisionRow,
  type Tx,
} from '@ebid/db';
import type { AnswerView, CriterionView, DecisionView, EvidenceItem } from '@ebid/contracts';

export const criterionView = (c: QualificationCriterionRow): CriterionView => ({
  id: c.id,
  projectId: c.projectId,
  sectionId: c.sectionId,
  code: c.code,
  category: c.category,
  title: c.title,
  requirement: c.requirement,
  minValue: c.minValue,
  unit: c.unit ?? null,
  evidenceRequired: c.evidenceRequired,
  sortOrder: c.sortOrder,
});

/** The evidence files of an answer (an empty list for a row written before the column had its type). */
export const evidenceOf = (a: QualificationAnswerRow): EvidenceItem[] => (Array.isArray(a.evidence) ? a.evidence : []);

export const answerView = (a: QualificationAnswerRow): AnswerView => ({
  id: a.id,
  criterionId: a.criterionId,
  statement: a.statement,
  value: a.value,
  evidence: evidenceOf(a),
  submittedAt: a.submittedAt.toISOString(),
  version: a.version,
});

/** A decision; `names` gives the reviewers' names (empty: reviewers stay anonymous). */
export const decisionView = (d: QualificationDecisionRow, names: Map<number, string>): DecisionView => ({
  criterionId: d.criterionId,
  pass: d.pass,
  reason: d.reason,
  decidedAt: d.decidedAt.toISOString(),
  reviewerName: names.get(d.reviewerId) ?? null,
});

/** Does the criterion apply to an applicant of this section (null = every section)? */
export const appliesTo = (c: Pick<QualificationCriterionRow, 'sectionId'>, sectionId: number) => c.sectionId === null || c.sectionId === sectionId;

export async function loadCriteria(tx: Tx, projectId: number): Promise<QualificationCriterionRow[]> {
  return tx.select().from(qualificationCriteria).where(eq(qualificationCriteria.projectId, projectId)).orderBy(qualificationCriteria.sortOrder, qualificationCriteria.id);
}

export async function sectionInfo(tx: Tx, sectionId: number): Promise<{ code: string; name: string }> {
  const [s] = await tx.select({ code: sections.code, name: sections.name }).from(sections).where(eq(sections.id, sectionId));
  return s ?? { code: '', name: '' };
}

export async function userNames(tx: Tx, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r.name]));
}
