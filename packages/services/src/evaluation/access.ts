/**
 * Who may see an evaluation (issue 22 §1, §6; E4): its current members (a replaced member no longer), center
 * staff who run the session, and the supervisors whose scope covers the project (read-only). Anyone else —
 * a bidder, an expert of another committee, the public — is told it does not exist (no existence oracle).
 * Bidders see only the clarification requests addressed to them (clarify.ts).
 */
import { and, eq } from 'drizzle-orm';
import { evaluationMembers, evaluations, projects, sections, type DbOrTx, type EvaluationMemberRow, type EvaluationRow, type ProjectRow, type SectionRow } from '@ebid/db';
import { AppError } from '@ebid/domain';
import type { Actor } from '../auth/session.ts';
import { supervisesProject } from '../supervision/scope.ts';
import { isCenter } from '../committee/access.ts';

export type EvaluationViewer = 'member' | 'center' | 'supervisor';

export const evaluationNotFound = (): AppError => new AppError('NOT_FOUND', { zh: '评标不存在', en: 'No such evaluation' }, { field: 'evaluationId' });

export interface LoadedEvaluation {
  e: EvaluationRow;
  p: ProjectRow;
  s: SectionRow;
  viewer: EvaluationViewer;
  /** the actor's own member row when the viewer is a member */
  me: EvaluationMemberRow | null;
}

/** The evaluation as the actor may see it, locked FOR UPDATE when `lock`; NOT_FOUND otherwise. */
export async function loadEvaluationFor(db: DbOrTx, actor: Actor, evaluationId: number, opts: { lock?: boolean } = {}): Promise<LoadedEvaluation> {
  if (!Number.isSafeInteger(evaluationId) || evaluationId <= 0) throw evaluationNotFound();
  const q = db
    .select({ e: evaluations, p: projects, s: sections })
    .from(evaluations)
    .innerJoin(projects, eq(projects.id, evaluations.projectId))
    .innerJoin(sections, eq(sections.id, evaluations.sectionId))
    .where(eq(evaluations.id, evaluationId));
  const [row] = opts.lock ? await q.for('update', { of: evaluations }) : await q;
  if (!row) throw evaluationNotFound();
  if (actor.role === 'expert') {
    const [me] = await db
      .select()
      .from(evaluationMembers)
      .where(and(eq(evaluationMembers.evaluationId, evaluationId), eq(evaluationMembers.userId, actor.userId), eq(evaluationMembers.status, 'active')));
    if (!me) throw evaluationNotFound();
    return { ...row, viewer: 'member', me };
  }
  if (isCenter(actor)) return { ...row, viewer: 'center', me: null };
  if (actor.role === 'supervisor' && (await supervisesProject(db, actor, row.p))) return { ...row, viewer: 'supervisor', me: null };
  throw evaluationNotFound();
}

/** The actor must be a current member (an expert of this committee). */
export function requireMember(l: LoadedEvaluation): EvaluationMemberRow {
  if (l.viewer !== 'member' || !l.me) throw new AppError('FORBIDDEN', { zh: '只有本评标委员会的成员可以进行此操作', en: 'Only a member of this committee can do this' }, { reason: 'NOT_A_MEMBER' });
  return l.me;
}

/** A member who has signed in with the certificate and signed the avoidance declaration (E3) — before any bid. */
export function requireDeclared(l: LoadedEvaluation): EvaluationMemberRow {
  const me = requireMember(l);
  if (me.declaredAt === null) {
    throw new AppError('INVALID_STATE', { zh: '请先签到并签署回避声明，再查看投标文件或评审', en: 'Sign in and sign the avoidance declaration before seeing any bid or reviewing' }, { reason: 'DECLARATION_REQUIRED', rule: 'E3' });
  }
  return me;
}

export function requireChair(l: LoadedEvaluation): EvaluationMemberRow {
  const me = requireDeclared(l);
  if (l.e.chairUserId !== me.userId) throw new AppError('FORBIDDEN', { zh: '只有评标委员会组长可以进行此操作', en: 'Only the chair can do this' }, { reason: 'NOT_CHAIR' });
  return me;
}

export const evaluationTopic = (evaluationId: number): string => `evaluation.${evaluationId}`;
