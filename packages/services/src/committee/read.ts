/**
 * The committee's read paths (issue 21 §3, §5; E2, E4):
 * - `getCommittee` / `committeeOfSection`: the roster as the viewer may see it (access.ts) — NOT_FOUND /
 *   null alike for those who may not know it exists;
 * - `committeeVerification`: the published inputs of the draw (pseudonyms only) for a re-run, to the
 *   supervisors and the center before publication, to everyone after;
 * - `myInvitations`: an expert's own invitations — time, place, due time; never the project's bidders;
 * - `publishedCommittees`: the committees published (E4: public from then on), newest first, for the portal.
 */
import { and, asc, desc, eq, isNotNull, ne } from 'drizzle-orm';
import { committeeMembers, committees, committeeSessions, draws, projects, sections, type CommitteeMemberRow, type DbOrTx } from '@ebid/db';
import { AppError } from '@ebid/domain';
import type { CommitteeIdInput, CommitteeInvitation, CommitteeOfSectionInput, CommitteeVerification, CommitteeView, PublishedCommittee } from '@ebid/contracts';
import { requireRole, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { drawRecordOf } from '../draws/service.ts';
import { drawCommitments } from '@ebid/db';
import { userParticipant } from '@ebid/domain';
import { committeeViewer, loadCommitteeFor } from './access.ts';
import { frozenList } from './candidates.ts';
import { computeSelection } from './hashes.ts';
import { buildCommitteeView } from './view.ts';

/** The committee as the actor may see it; NOT_FOUND when it may not know it exists. */
export async function getCommittee(deps: Pick<Deps, 'db'>, ctx: RequestContext, input: CommitteeIdInput): Promise<CommitteeView> {
  const { c, viewer } = await loadCommitteeFor(deps.db, ctx.actor, input.committeeId);
  return buildCommitteeView(deps.db, viewer, c.id);
}

/** The section's active committee if the actor may see it, else null (the same null as "none"). */
export async function committeeOfSection(deps: Pick<Deps, 'db'>, ctx: RequestContext, input: CommitteeOfSectionInput): Promise<CommitteeView | null> {
  const [row] = await deps.db
    .select({ c: committees, p: projects })
    .from(committees)
    .innerJoin(projects, eq(projects.id, committees.projectId))
    .where(and(eq(committees.sectionId, input.sectionId), ne(committees.status, 'cancelled')));
  if (!row) return null;
  const viewer = await committeeViewer(deps.db, ctx.actor, row.c, row.p);
  return viewer ? buildCommitteeView(deps.db, viewer, row.c.id) : null;
}

/**
 * The published committees, newest first (at most `PUBLISHED_LIST_LIMIT`): anyone, signed in or not. Only
 * status 'published' — a committee still drawing, drawn or cancelled is not named here, nor is any expert.
 */
export const PUBLISHED_LIST_LIMIT = 50;
export async function publishedCommittees(deps: Pick<Deps, 'db'>): Promise<PublishedCommittee[]> {
  const rows = await deps.db
    .select({ c: committees, p: projects, s: sections })
    .from(committees)
    .innerJoin(projects, eq(projects.id, committees.projectId))
    .innerJoin(sections, eq(sections.id, committees.sectionId))
    .where(eq(committees.status, 'published'))
    .orderBy(desc(committees.publishedAt), desc(committees.id))
    .limit(PUBLISHED_LIST_LIMIT);
  return rows.map(({ c, p, s }) => ({
    committeeId: c.id,
    projectId: p.id,
    projectName: p.name,
    unifiedDealCode: p.unifiedDealCode,
    tradeType: p.tradeType,
    sectionCode: s.code,
    sectionName: s.name,
    publishedAt: (c.publishedAt ?? c.createdAt).toISOString(),
  }));
}

/** The inputs of the draw as published, and the selection once drawn: everything a re-run needs. */
export async function committeeVerification(deps: Pick<Deps, 'db'>, ctx: RequestContext, input: CommitteeIdInput): Promise<CommitteeVerification> {
  const { c } = await loadCommitteeFor(deps.db, ctx.actor, input.committeeId);
  if (!c.drawId || !c.eligibleSha256) throw new AppError('INVALID_STATE', { zh: '尚未发布抽取承诺', en: 'The draw has not been committed yet' }, { reason: 'COMMITTEE_NOT_COMMITTED' });
  const [d] = await deps.db.select().from(draws).where(eq(draws.id, c.drawId));
  if (!d) throw new AppError('INTERNAL');
  const { list } = await frozenList(deps.db, c.id);
  const record = await drawRecordOf(deps.db, d);
  const cs = record ? record.commitments : (await deps.db.select().from(drawCommitments).where(eq(drawCommitments.drawId, d.id)).orderBy(asc(drawCommitments.id))).map((x) => ({
    id: x.id,
    participant: userParticipant(x.userId),
    commitment: x.commitment,
    committedAt: x.committedAt.toISOString(),
    // values exist only after the commit close; they are public then (draws/view.ts shows them too)
    valueHex: x.valueHex,
    revealedAt: x.revealedAt?.toISOString() ?? null,
  }));
  const selection = record && d.digestHex ? await computeSelection(list, c.eligibleSha256, d.digestHex) : null;
  return {
    committeeId: c.id,
    status: c.status,
    eligibleSha256: c.eligibleSha256,
    list: { committeeId: list.committeeId, specialties: list.specialties.map((s) => ({ specialty: s.specialty, members: s.members, backups: s.backups, eligible: [...s.eligible] })) },
    draw: {
      drawId: d.id,
      n: d.options.length,
      commitCloseAt: d.commitCloseAt.toISOString(),
      revealCloseAt: d.revealCloseAt.toISOString(),
      platformCommitment: d.platformCommitment,
      platformShareHex: record ? record.platformShareHex : null,
      commitments: cs.map((x) => ({ id: x.id, participant: x.participant, commitment: x.commitment, committedAt: x.committedAt ?? '', valueHex: x.valueHex, revealedAt: x.revealedAt ?? null })),
      resultIndex: record ? record.resultIndex : null,
      digestHex: d.digestHex,
      inputsSha256: d.inputsSha256,
    },
    selection,
  };
}

/** One seat as its expert sees it. */
export async function invitationOf(db: DbOrTx, m: CommitteeMemberRow): Promise<CommitteeInvitation> {
  const [s] = await db.select().from(committeeSessions).where(eq(committeeSessions.committeeId, m.committeeId));
  return {
    seatId: m.id,
    committeeId: m.committeeId,
    specialty: m.specialty,
    status: m.status,
    sessionAt: s?.sessionAt.toISOString() ?? null,
    sessionPlace: s?.sessionPlace ?? null,
    invitedAt: m.invitedAt?.toISOString() ?? null,
    respondBy: m.respondBy?.toISOString() ?? null,
    respondedAt: m.respondedAt?.toISOString() ?? null,
  };
}

/** An expert's invitations (standby backups not yet called are not invitations). */
export async function myInvitations(deps: Pick<Deps, 'db'>, ctx: RequestContext): Promise<CommitteeInvitation[]> {
  const actor = requireRole(ctx, 'expert');
  const rows = await deps.db
    .select()
    .from(committeeMembers)
    // Only seats the expert was told of: not a backup on standby, nor a drawn seat avoided before its invitation (E3).
    .where(and(eq(committeeMembers.expertUserId, actor.userId), ne(committeeMembers.status, 'standby'), isNotNull(committeeMembers.invitedAt)))
    .orderBy(desc(committeeMembers.id));
  return Promise.all(rows.map((m) => invitationOf(deps.db, m)));
}
