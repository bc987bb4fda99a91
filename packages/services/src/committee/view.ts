/**
 * A committee as a viewer may see it (issue 21 §5; E4): the request, the session, the seats with their
 * pseudonyms and — for those who must know, or everyone after publication — the names; the excluded
 * candidates and their reasons for the center and the supervisors only.
 */
import { and, asc, eq, isNull } from 'drizzle-orm';
import { committeeCandidates, committeeMembers, committees, committeeSessions, committeeSpecialties, expertProfiles, users, type DbOrTx } from '@ebid/db';
import { AppError } from '@ebid/domain';
import type { CommitteeView } from '@ebid/contracts';
import { knowsNames, type CommitteeViewer } from './access.ts';

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

export async function buildCommitteeView(db: DbOrTx, viewer: CommitteeViewer, committeeId: number): Promise<CommitteeView> {
  const [c] = await db.select().from(committees).where(eq(committees.id, committeeId));
  if (!c) throw new AppError('NOT_FOUND');
  const [session] = await db.select().from(committeeSessions).where(eq(committeeSessions.committeeId, c.id));
  const specs = await db.select().from(committeeSpecialties).where(eq(committeeSpecialties.committeeId, c.id)).orderBy(asc(committeeSpecialties.specialty));
  const seats = await db
    .select({ m: committeeMembers, pseudonym: expertProfiles.pseudonym, name: users.displayName })
    .from(committeeMembers)
    .innerJoin(expertProfiles, eq(expertProfiles.userId, committeeMembers.expertUserId))
    .innerJoin(users, eq(users.id, committeeMembers.expertUserId))
    .where(eq(committeeMembers.committeeId, c.id))
    .orderBy(asc(committeeMembers.specialty), asc(committeeMembers.rank));
  const names = knowsNames(viewer, c);
  const excluded =
    viewer === 'public'
      ? []
      : await db
          .select()
          .from(committeeCandidates)
          .where(and(eq(committeeCandidates.committeeId, c.id), isNull(committeeCandidates.position)))
          .orderBy(asc(committeeCandidates.specialty), asc(committeeCandidates.pseudonym));
  return {
    id: c.id,
    projectId: c.projectId,
    sectionId: c.sectionId,
    status: c.status,
    size: c.size,
    ownerReps: c.ownerReps,
    complex: session?.complex ?? false,
    respondMinutes: c.respondMinutes,
    sessionAt: iso(session?.sessionAt),
    sessionPlace: session?.sessionPlace ?? null,
    drawId: c.drawId,
    eligibleSha256: c.eligibleSha256,
    manual: c.manual,
    manualApprovalNote: viewer === 'public' ? null : c.manualApprovalNote,
    publishedAt: iso(c.publishedAt),
    createdAt: c.createdAt.toISOString(),
    specialties: specs.map((x) => ({ specialty: x.specialty, members: x.members, backups: x.backups })),
    // The public (after publication) sees the sitting members only, not who declined or stood by.
    seats: seats.filter(({ m }) => viewer !== 'public' || m.status === 'confirmed').map(({ m, pseudonym, name }) => ({
      id: m.id,
      specialty: m.specialty,
      kind: m.kind,
      rank: m.rank,
      status: m.status,
      pseudonym,
      name: names ? name : null,
      invitedAt: iso(m.invitedAt),
      respondBy: iso(m.respondBy),
      respondedAt: iso(m.respondedAt),
      note: viewer === 'public' ? null : m.note,
    })),
    excluded: excluded.map((x) => ({ specialty: x.specialty, pseudonym: x.pseudonym, reasons: (x.excludedReason ?? '').split(',').filter(Boolean) })),
  };
}
