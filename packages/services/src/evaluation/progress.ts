/**
 * The session's progress (issue 22 §1, §6): for the chair, the center and the project's supervisors, per
 * active member and stage, how many entries it has drafted of how many are expected and whether it has
 * signed — read from the live sheets of the current round. Expected entries:
 * - compliance: bids under review × compliance items;
 * - technical (blind technical part only): bids × the technical criteria;
 * - scores: bids × the other criteria (all criteria when not blind); the lowest-price kinds have none.
 * "Bids" is every bid under review: a bid rejected in the compliance review is still counted here (the
 * review's decision lives in the review's own records), so a member's count may stay below the expected
 * figure for a stage that skips rejected bids.
 *
 * Live: every change is announced on the topic `evaluation.<id>` (`evaluationTopic`), which the members,
 * the center and the project's supervisors may follow (`mayFollowEvaluation`, routers/live.ts); the client
 * reads this again when an event arrives. The events carry no bid content.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { evaluationClarifications, evaluationSheets, type DbOrTx } from '@ebid/db';
import { AppError } from '@ebid/domain';
import type { EvaluationProgress } from '@ebid/contracts';
import type { Actor } from '../auth/session.ts';
import type { RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { loadEvaluationFor, requireChair, type LoadedEvaluation } from './access.ts';
import { membersOf } from './view.ts';
import { evaluationReader } from './viewer.ts';

type Stage = EvaluationProgress['members'][number]['stages'][number]['stage'];

/** The entries each member is expected to write per stage (stages with none are left out, compliance excepted). */
export function expectedEntries(e: Pick<LoadedEvaluation['e'], 'method' | 'labels' | 'blindTechnical'>): { stage: Stage; expected: number }[] {
  const bids = e.labels.length;
  const criteria = 'criteria' in e.method ? e.method.criteria : [];
  const technical = e.blindTechnical ? criteria.filter((c) => c.group === 'technical').length : 0;
  const scores = criteria.length - technical;
  const out: { stage: Stage; expected: number }[] = [{ stage: 'compliance', expected: bids * e.method.compliance.length }];
  if (technical > 0) out.push({ stage: 'technical', expected: bids * technical });
  if (scores > 0) out.push({ stage: 'scores', expected: bids * scores });
  return out;
}

export async function evaluationProgress(deps: Pick<Deps, 'db'>, ctx: RequestContext, input: { evaluationId: number }): Promise<EvaluationProgress> {
  const actor = evaluationReader(ctx);
  const l = await loadEvaluationFor(deps.db, actor, input.evaluationId);
  if (l.viewer === 'member') requireChair(l);
  const { e } = l;
  const members = (await membersOf(deps.db, e.id)).filter((r) => r.m.status === 'active');
  const sheets = await deps.db
    .select({ userId: evaluationSheets.memberUserId, stage: evaluationSheets.stage, draft: evaluationSheets.draft, signedAt: evaluationSheets.signedAt })
    .from(evaluationSheets)
    .where(and(eq(evaluationSheets.evaluationId, e.id), eq(evaluationSheets.round, e.round), isNull(evaluationSheets.voidedAt)));
  const sheetOf = new Map(sheets.map((s) => [`${s.userId}:${s.stage}`, s]));
  const expected = expectedEntries(e);
  const clar = await deps.db.select({ answeredAt: evaluationClarifications.answeredAt }).from(evaluationClarifications).where(eq(evaluationClarifications.evaluationId, e.id));
  return {
    evaluationId: e.id,
    status: e.status,
    round: e.round,
    dueAt: e.dueAt.toISOString(),
    members: members.map(({ m, name }) => ({
      userId: m.userId,
      name,
      signedIn: m.signedInAt !== null,
      declared: m.declaredAt !== null,
      stages: expected.map(({ stage, expected: n }) => {
        const s = sheetOf.get(`${m.userId}:${stage}`);
        const entries = s && Array.isArray(s.draft?.entries) ? s.draft.entries.length : 0;
        return { stage, drafted: entries, expected: n, signed: s?.signedAt != null, signedAt: s?.signedAt?.toISOString() ?? null };
      }),
    })),
    clarifications: { asked: clar.length, answered: clar.filter((c) => c.answeredAt !== null).length },
  };
}

/** May the actor follow the live topic `evaluation.<id>`? Its members, the center, the project's supervisors. */
export async function mayFollowEvaluation(db: DbOrTx, actor: Actor | null, evaluationId: number): Promise<boolean> {
  if (!actor) return false;
  try {
    await loadEvaluationFor(db, actor, evaluationId);
    return true;
  } catch (e) {
    if (e instanceof AppError) return false;
    throw e;
  }
}
