/**
 * What each viewer reads of an evaluation (issue 22 §1, §6): one view for the members, the center and the
 * project's supervisors (access.ts decides who; anyone else is told it does not exist), the expert's list of
 * its own sessions and the center's (a supervisor's: its scope's) list.
 *
 * - A member sees the session (status, method, due time, extensions, members, chair) at once, but the bids
 *   only after signing the avoidance declaration (E3): before it `bids` and `blindParts` are null.
 * - The bids carry the opening's facts the committee needs in front of it: label, bidder, price and the
 *   opening's above-ceiling flag (the committee rejects such a bid in the compliance review).
 * - A blind technical part (暗标): while the identities are not revealed no bid carries its blind label, for
 *   any viewer; the blind parts are listed apart, by blind label only, sorted by it (the labels are random,
 *   so the order says nothing) — no bidder, price, signer, file name or size.
 */
import { and, asc, count, desc, eq, inArray } from 'drizzle-orm';
import { committeeMembers, evaluationExtensionRequests, evaluationMembers, evaluations, openingBids, organizations, projects, sections, users, type DbOrTx } from '@ebid/db';
import { AppError, aboveCeiling } from '@ebid/domain';
import { extensionThreshold } from '@ebid/domain/evaluation';
import type { CenterEvaluation, EvaluationView, MyEvaluation } from '@ebid/contracts';
import { requireActor, requireRole, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { isCenter } from '../committee/access.ts';
import { sectionPriceCeilings } from '../opening/view.ts';
import { supervisedProjectsCondition } from '../supervision/scope.ts';
import { loadEvaluationFor, type LoadedEvaluation } from './access.ts';
import { chairTally } from './chair.ts';
import { blindHidden, blindPartUrl, evaluationReader } from './viewer.ts';

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

/** The members with their names and specialties: active first, then by specialty and drawn rank. */
export async function membersOf(db: DbOrTx, evaluationId: number) {
  const rows = await db
    .select({ m: evaluationMembers, name: users.displayName, specialty: committeeMembers.specialty, rank: committeeMembers.rank })
    .from(evaluationMembers)
    .innerJoin(users, eq(users.id, evaluationMembers.userId))
    .innerJoin(committeeMembers, eq(committeeMembers.id, evaluationMembers.committeeMemberId))
    .where(eq(evaluationMembers.evaluationId, evaluationId))
    .orderBy(asc(committeeMembers.specialty), asc(committeeMembers.rank), asc(evaluationMembers.userId));
  // Active members first (a stable sort keeps the specialty and rank order within each group).
  return rows.sort((a, b) => (a.m.status === b.m.status ? 0 : a.m.status === 'active' ? -1 : 1));
}

/** The E6 state of the next extension: requests from active members for it, and the threshold. */
export async function extensionState(db: DbOrTx, e: LoadedEvaluation['e'], activeUserIds: readonly number[], me: number | null) {
  const ordinal = e.extensions + 1;
  const reqs = await db
    .select({ userId: evaluationExtensionRequests.memberUserId, minutes: evaluationExtensionRequests.minutes })
    .from(evaluationExtensionRequests)
    .where(and(eq(evaluationExtensionRequests.evaluationId, e.id), eq(evaluationExtensionRequests.ordinal, ordinal)));
  const active = new Set(activeUserIds);
  const counted = reqs.filter((r) => active.has(r.userId));
  return { ordinal, counted, requests: counted.length, threshold: extensionThreshold(Math.max(1, active.size)), requestedByMe: me !== null && counted.some((r) => r.userId === me) };
}

export async function getEvaluation(deps: Pick<Deps, 'db'>, ctx: RequestContext, input: { evaluationId: number }): Promise<EvaluationView> {
  const actor = evaluationReader(ctx);
  const l = await loadEvaluationFor(deps.db, actor, input.evaluationId);
  const { e, p, s, me } = l;
  const members = await membersOf(deps.db, e.id);
  const tally = chairTally(members.map((r) => r.m));
  const activeIds = members.filter((r) => r.m.status === 'active').map((r) => r.m.userId);
  const ext = await extensionState(deps.db, e, activeIds, me?.userId ?? null);
  const ceiling = sectionPriceCeilings(p, [s]).get(s.id) ?? null;
  const seesBids = l.viewer !== 'member' || (me !== null && me.declaredAt !== null);
  let bids: EvaluationView['bids'] = null;
  let blindParts: EvaluationView['blindParts'] = null;
  if (seesBids) {
    const hidden = blindHidden(e);
    const ids = e.labels.map((x) => x.bidId);
    const lines = await deps.db
      .select({ bidId: openingBids.bidId, summary: openingBids.summary, name: organizations.name })
      .from(openingBids)
      .innerJoin(organizations, eq(organizations.id, openingBids.bidderOrgId))
      .where(inArray(openingBids.bidId, ids));
    const byBid = new Map(lines.map((x) => [x.bidId, x]));
    bids = e.labels.map((x) => {
      const line = byBid.get(x.bidId);
      if (!line) throw new AppError('INTERNAL', undefined, { reason: 'EVALUATION_BID_MISSING' });
      const priceFen = line.summary?.priceFen ?? null;
      return { label: x.label, bidderName: line.name, priceFen, aboveCeiling: aboveCeiling(priceFen, ceiling), blindLabel: hidden ? null : x.blindLabel };
    });
    if (hidden) {
      blindParts = e.labels
        .map((x) => x.blindLabel)
        .filter((b): b is string => b !== null)
        .sort()
        .map((blindLabel) => ({ blindLabel, partUrl: blindPartUrl(e.id, blindLabel) }));
    }
  }
  return {
    id: e.id,
    viewer: l.viewer,
    projectId: p.id,
    projectCode: p.unifiedDealCode,
    projectName: p.name,
    sectionId: s.id,
    sectionCode: s.code,
    sectionName: s.name,
    status: e.status,
    round: e.round,
    method: e.method as unknown as Record<string, unknown>,
    methodSha256: e.methodSha256,
    kind: e.method.kind,
    version: e.method.version,
    blindTechnical: e.blindTechnical,
    revealedAt: iso(e.revealedAt),
    startedAt: e.startedAt.toISOString(),
    dueAt: e.dueAt.toISOString(),
    extensions: e.extensions,
    extension: { ordinal: ext.ordinal, requests: ext.requests, threshold: ext.threshold, requestedByMe: ext.requestedByMe },
    chairUserId: e.chairUserId,
    chairElectedAt: iso(e.chairElectedAt),
    priceCeilingFen: ceiling,
    failedAt: iso(e.failedAt),
    failureReason: e.failureReason,
    // O2: the failed evaluation's section (or project) failure notice, public once published
    failureNoticeId: e.status === 'failed' ? s.failureNoticeId : null,
    me: me ? { userId: me.userId, signedInAt: iso(me.signedInAt), declaredAt: iso(me.declaredAt), chairVote: me.chairVote, chair: e.chairUserId === me.userId } : null,
    members: members.map(({ m, name, specialty }) => ({
      userId: m.userId,
      name,
      specialty,
      status: m.status,
      signedIn: m.signedInAt !== null,
      declared: m.declaredAt !== null,
      chair: e.chairUserId === m.userId,
      chairVotes: tally.get(m.userId) ?? 0,
      replacedAt: iso(m.replacedAt),
      replacedReason: m.replacedReason,
    })),
    bids,
    blindParts,
  };
}

/** The expert's own sessions (active seats), newest first. */
export async function myEvaluations(deps: Pick<Deps, 'db'>, ctx: RequestContext): Promise<MyEvaluation[]> {
  const actor = requireRole(ctx, 'expert');
  const rows = await deps.db
    .select({ e: evaluations, m: evaluationMembers, p: { code: projects.unifiedDealCode, name: projects.name }, s: { code: sections.code, name: sections.name } })
    .from(evaluationMembers)
    .innerJoin(evaluations, eq(evaluations.id, evaluationMembers.evaluationId))
    .innerJoin(projects, eq(projects.id, evaluations.projectId))
    .innerJoin(sections, eq(sections.id, evaluations.sectionId))
    .where(and(eq(evaluationMembers.userId, actor.userId), eq(evaluationMembers.status, 'active')))
    .orderBy(desc(evaluations.startedAt), desc(evaluations.id))
    .limit(200);
  return rows.map(({ e, m, p, s }) => ({
    evaluationId: e.id,
    projectCode: p.code,
    projectName: p.name,
    sectionCode: s.code,
    sectionName: s.name,
    status: e.status,
    startedAt: e.startedAt.toISOString(),
    dueAt: e.dueAt.toISOString(),
    signedInAt: iso(m.signedInAt),
    declaredAt: iso(m.declaredAt),
    chair: e.chairUserId === actor.userId,
  }));
}

/** The center's sessions, newest first; a supervisor's within its scope (supervision/scope.ts). */
export async function evaluationsForCenter(deps: Pick<Deps, 'db'>, ctx: RequestContext): Promise<CenterEvaluation[]> {
  const actor = requireActor(ctx);
  if (!isCenter(actor) && actor.role !== 'supervisor') throw new AppError('FORBIDDEN');
  const scope = await supervisedProjectsCondition(deps.db, actor);
  const rows = await deps.db
    .select({ e: evaluations, p: { code: projects.unifiedDealCode, name: projects.name }, s: { code: sections.code, name: sections.name } })
    .from(evaluations)
    .innerJoin(projects, eq(projects.id, evaluations.projectId))
    .innerJoin(sections, eq(sections.id, evaluations.sectionId))
    .where(scope)
    .orderBy(desc(evaluations.startedAt), desc(evaluations.id))
    .limit(200);
  const ids = rows.map((r) => r.e.id);
  const counts =
    ids.length === 0
      ? []
      : await deps.db
          .select({ id: evaluationMembers.evaluationId, all: count(), declared: count(evaluationMembers.declaredAt) })
          .from(evaluationMembers)
          .where(and(inArray(evaluationMembers.evaluationId, ids), eq(evaluationMembers.status, 'active')))
          .groupBy(evaluationMembers.evaluationId);
  const members = new Map(counts.map((c) => [c.id, c]));
  return rows.map(({ e, p, s }) => ({
    evaluationId: e.id,
    projectId: e.projectId,
    projectCode: p.code,
    projectName: p.name,
    sectionId: e.sectionId,
    sectionCode: s.code,
    sectionName: s.name,
    status: e.status,
    startedAt: e.startedAt.toISOString(),
    dueAt: e.dueAt.toISOString(),
    extensions: e.extensions,
    members: members.get(e.id)?.all ?? 0,
    declared: members.get(e.id)?.declared ?? 0,
    chairElected: e.chairUserId !== null,
  }));
}
