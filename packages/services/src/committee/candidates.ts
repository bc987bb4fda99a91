/**
 * The frozen eligible list of a committee (committee_candidates, in published order) as the pure
 * `EligibleList`, and the O7 exclusion: nobody recorded as a participant of the project's opening (a
 * signed-in bidder's user, a witness of its K draw, its host) may sit on its committee.
 */
import { and, asc, eq, isNotNull } from 'drizzle-orm';
import { committeeCandidates, committeeSpecialties, drawCommitments, draws, openings, openingSignIns, type DbOrTx } from '@ebid/db';
import type { EligibleList } from '@ebid/domain';

export async function frozenList(db: DbOrTx, committeeId: number): Promise<{ list: EligibleList; userOf: Map<string, number> }> {
  const specs = await db.select().from(committeeSpecialties).where(eq(committeeSpecialties.committeeId, committeeId));
  const rows = await db
    .select()
    .from(committeeCandidates)
    .where(and(eq(committeeCandidates.committeeId, committeeId), isNotNull(committeeCandidates.position)))
    .orderBy(asc(committeeCandidates.specialty), asc(committeeCandidates.position));
  const userOf = new Map<string, number>();
  for (const r of rows) userOf.set(r.pseudonym, r.expertUserId);
  return {
    list: {
      committeeId,
      specialties: specs.map((s) => ({ specialty: s.specialty, members: s.members, backups: s.backups, eligible: rows.filter((r) => r.specialty === s.specialty).map((r) => r.pseudonym) })),
    },
    userOf,
  };
}

/** O7: the users recorded as participants of the project's opening (sign-ins, K-draw witnesses, the host). */
export async function openingParticipantIds(db: DbOrTx, projectId: number): Promise<Set<number>> {
  const ids = new Set<number>();
  for (const s of await db.select({ userId: openingSignIns.userId }).from(openingSignIns).where(eq(openingSignIns.projectId, projectId))) ids.add(s.userId);
  const witnesses = await db
    .select({ userId: drawCommitments.userId })
    .from(drawCommitments)
    .innerJoin(draws, eq(draws.id, drawCommitments.drawId))
    .innerJoin(openings, and(eq(draws.subjectType, 'opening'), eq(draws.subjectId, openings.id)))
    .where(eq(openings.projectId, projectId));
  for (const w of witnesses) ids.add(w.userId);
  for (const o of await db.select({ host: openings.hostUserId }).from(openings).where(eq(openings.projectId, projectId))) if (o.host !== null) ids.add(o.host);
  return ids;
}
