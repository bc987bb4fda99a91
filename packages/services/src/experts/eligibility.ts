/**
 * Who may be drawn for a section's committee in one specialty (issue 21 §2, §3; domain §3, E3) — THE seam
 * the committee draw builds on: the experts of the pool with the specialty (active accounts with a
 * profile), split into the eligible ones in the public order (by pseudonym) and the excluded ones with
 * their avoidance reasons (domain committee/avoidance.ts).
 *
 * The section's parties: the project's tenderee and agent, every company that submitted a bid to the
 * section (any bid row: a withdrawn bid's company was a bidder too — avoidance errs on the safe side), and
 * the departments supervising the project (the organizations of the supervisors whose scope covers it).
 * They are matched by credit code against the expert's ties that count (E3: within 3 years) and its own
 * employer. Reads only: the caller (the draw) decides when — after the bid deadline — and freezes the result.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { bids, expertProfiles, expertTies, organizations, projects, sections, users, type DbOrTx, type ExpertProfileRow } from '@ebid/db';
import { AppError, avoidanceReasons, isSpecialtyCode, type Avoidance, type AvoidanceTie, type SectionParties } from '@ebid/domain';
import { supervisorUserIdsFor } from '../supervision/scope.ts';

export interface EligibilityResult {
  eligible: { userId: number; pseudonym: string }[]; // sorted by pseudonym (the public order)
  excluded: { userId: number; pseudonym: string; reasons: string[]; details?: Avoidance[] }[];
}

/** The parties of a section (E3), by credit code. NOT_FOUND when the section is not the project's. */
export async function sectionParties(db: DbOrTx, projectId: number, sectionId: number): Promise<SectionParties> {
  const [row] = await db
    .select({ p: projects, sectionProject: sections.projectId })
    .from(sections)
    .innerJoin(projects, eq(projects.id, sections.projectId))
    .where(and(eq(sections.id, sectionId), eq(projects.id, projectId)));
  if (!row) throw new AppError('NOT_FOUND');
  const p = row.p;
  const bidderOrgIds = (await db.selectDistinct({ id: bids.bidderOrgId }).from(bids).where(eq(bids.sectionId, sectionId))).map((b) => b.id);
  const supervisorIds = await supervisorUserIdsFor(db, p);
  const supervisorOrgIds = supervisorIds.length === 0 ? [] : (await db.selectDistinct({ id: users.orgId }).from(users).where(inArray(users.id, supervisorIds))).map((u) => u.id);
  const orgIds = [...new Set([p.tendereeOrgId, ...(p.agentOrgId !== null ? [p.agentOrgId] : []), ...bidderOrgIds, ...supervisorOrgIds])];
  const orgs = new Map((await db.select({ id: organizations.id, creditCode: organizations.creditCode, name: organizations.name }).from(organizations).where(inArray(organizations.id, orgIds))).map((o) => [o.id, o]));
  const party = (id: number) => {
    const o = orgs.get(id);
    if (!o) throw new AppError('INTERNAL');
    return { creditCode: o.creditCode, name: o.name };
  };
  return {
    tenderee: party(p.tendereeOrgId),
    agent: p.agentOrgId !== null ? party(p.agentOrgId) : null,
    bidders: [...bidderOrgIds].sort((a, b) => a - b).map(party),
    supervisors: supervisorOrgIds.sort((a, b) => a - b).map(party),
  };
}

function avoidanceOf(p: ExpertProfileRow, ties: AvoidanceTie[], parties: SectionParties, at: Date): Avoidance[] {
  return avoidanceReasons({ available: p.available, sanctionedUntil: p.sanctionedUntil, employerCreditCode: p.employerCreditCode, ties }, parties, at);
}

/**
 * One expert's avoidance for a section now (E3): the same reasons as the draw's eligibility, read at the
 * moment a seat is invited or answered — a tie declared, a sanction imposed or unavailability set after the
 * list was frozen counts here. Empty when the expert may sit.
 */
export async function expertAvoidance(db: DbOrTx, args: { projectId: number; sectionId: number; expertUserId: number; at: Date }): Promise<Avoidance[]> {
  const [p] = await db.select().from(expertProfiles).where(eq(expertProfiles.userId, args.expertUserId));
  if (!p) throw new AppError('INTERNAL', undefined, { reason: 'EXPERT_PROFILE_MISSING' });
  const ties = await db.select().from(expertTies).where(eq(expertTies.expertUserId, args.expertUserId));
  const parties = await sectionParties(db, args.projectId, args.sectionId);
  return avoidanceOf(p, ties.map((t) => ({ orgCreditCode: t.orgCreditCode, kind: t.kind, endedOn: t.endedOn })), parties, args.at);
}

export async function eligibleExperts(db: DbOrTx, args: { projectId: number; sectionId: number; specialty: string; at: Date }): Promise<EligibilityResult> {
  if (!isSpecialtyCode(args.specialty)) {
    throw new AppError('VALIDATION', { zh: `未知的评标专业：${args.specialty}`, en: `Unknown evaluation specialty: ${args.specialty}` }, { field: 'specialty', reason: 'SPECIALTY' });
  }
  const parties = await sectionParties(db, args.projectId, args.sectionId);
  const experts = await db
    .select({ p: expertProfiles })
    .from(expertProfiles)
    .innerJoin(users, eq(users.id, expertProfiles.userId))
    .where(and(eq(users.role, 'expert'), eq(users.active, true), sql`${users.specialties} @> ARRAY[${args.specialty}]::text[]`))
    .orderBy(asc(expertProfiles.pseudonym));
  const ids = experts.map((e) => e.p.userId);
  const ties = ids.length === 0 ? [] : await db.select().from(expertTies).where(inArray(expertTies.expertUserId, ids));
  const tiesOf = new Map<number, AvoidanceTie[]>();
  for (const t of ties) {
    const list = tiesOf.get(t.expertUserId) ?? [];
    list.push({ orgCreditCode: t.orgCreditCode, kind: t.kind, endedOn: t.endedOn });
    tiesOf.set(t.expertUserId, list);
  }
  const result: EligibilityResult = { eligible: [], excluded: [] };
  for (const { p } of experts) {
    const details = avoidanceOf(p, tiesOf.get(p.userId) ?? [], parties, args.at);
    if (details.length === 0) result.eligible.push({ userId: p.userId, pseudonym: p.pseudonym });
    else result.excluded.push({ userId: p.userId, pseudonym: p.pseudonym, reasons: [...new Set(details.map((d) => d.reason))], details });
  }
  // Sorted by pseudonym in code-point order, whatever the database's collation.
  const byPseudonym = (a: { pseudonym: string }, b: { pseudonym: string }) => (a.pseudonym < b.pseudonym ? -1 : a.pseudonym > b.pseudonym ? 1 : 0);
  result.eligible.sort(byPseudonym);
  result.excluded.sort(byPseudonym);
  return result;
}
