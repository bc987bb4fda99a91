/**
 * The evaluation expert pool and committees (issue 21; domain §3, E1–E4, O7).
 *
 * - expert_profiles: one per expert user (users.role = 'expert'); the specialties stay in users.specialties as
 *   codes of the domain vocabulary (packages/domain committee/specialties.ts). The pseudonym is the expert's
 *   public id in a draw's inputs: random, never derived from the name or the user id.
 * - expert_ties: organizations an expert is tied to (E3); a tie counts while it lasts and for 3 years after.
 * - committees (+ specialties, candidates, members): a section's evaluation committee, its request per
 *   specialty, the eligible list frozen at the draw's commitment (in its published order) with the excluded
 *   experts and their reasons, and the drawn members and backups with their confirmation state.
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.ts';
import { draws } from './draws.ts';
import { users } from './identity.ts';
import { projects, sections } from './projects.ts';

const ts = () => timestamp({ withTimezone: true, mode: 'date' });
const id = () => bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity();
const ref = () => bigint({ mode: 'number' });

export const expertProfiles = pgTable(
  'expert_profiles',
  {
    userId: ref()
      .primaryKey()
      .references(() => users.id),
    /** 'EXP-' + 8 random upper-case hex digits: the expert's id in the public draw inputs. */
    pseudonym: text().notNull(),
    /** 行政区划代码 (6 digits) where the expert lives and works. */
    regionCode: text(),
    /** 职称, e.g. 高级工程师. */
    title: text(),
    employer: text(),
    /** The employer's 统一社会信用代码: an employer is always a tie (E3). */
    employerCreditCode: text(),
    yearsInField: integer(),
    /** Mobile number for the SMS invitation (issue 21 §6); null = in-app and e-mail only. */
    phone: text(),
    available: boolean().notNull().default(true),
    unavailableReason: text(),
    /** Under sanction (暂停/取消评标资格) until this instant (exclusive), with the reason. */
    sanctionedUntil: ts(),
    sanctionReason: text(),
    createdAt: createdAt(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('expert_profiles_pseudonym_uq').on(t.pseudonym),
    check('expert_profiles_pseudonym_chk', sql`${t.pseudonym} ~ '^EXP-[0-9A-F]{8}$'`),
    check('expert_profiles_region_chk', sql`${t.regionCode} IS NULL OR ${t.regionCode} ~ '^[0-9]{6}$'`),
    check('expert_profiles_years_chk', sql`${t.yearsInField} IS NULL OR ${t.yearsInField} BETWEEN 0 AND 80`),
    check('expert_profiles_unavailable_chk', sql`${t.available} OR ${t.unavailableReason} IS NOT NULL`),
    check('expert_profiles_sanction_chk', sql`(${t.sanctionedUntil} IS NULL) = (${t.sanctionReason} IS NULL)`),
  ],
);

export const expertTieKind = pgEnum('expert_tie_kind', ['employment', 'board', 'control', 'relative_employer']);

export const expertTies = pgTable(
  'expert_ties',
  {
    id: id(),
    expertUserId: ref()
      .notNull()
      .references(() => users.id),
    /** The tied organization's 统一社会信用代码: matched against a section's parties (E3). */
    orgCreditCode: text().notNull(),
    orgName: text().notNull(),
    kind: expertTieKind().notNull(),
    startedOn: date({ mode: 'string' }),
    /** null while the tie lasts; it still counts for 3 years after this day. */
    endedOn: date({ mode: 'string' }),
    declaredBy: ref()
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('expert_ties_expert_idx').on(t.expertUserId),
    index('expert_ties_org_idx').on(t.orgCreditCode),
    check('expert_ties_credit_code_chk', sql`length(${t.orgCreditCode}) = 18`),
    check('expert_ties_dates_chk', sql`${t.endedOn} IS NULL OR ${t.startedOn} IS NULL OR ${t.endedOn} >= ${t.startedOn}`),
  ],
);

export const committeeStatus = pgEnum('committee_status', ['requested', 'committed', 'drawn', 'published', 'cancelled']);

export const committees = pgTable(
  'committees',
  {
    id: id(),
    projectId: ref()
      .notNull()
      .references(() => projects.id),
    sectionId: ref()
      .notNull()
      .references(() => sections.id),
    status: committeeStatus().notNull().default('requested'),
    /** The tenderee's / purchaser's representatives (E1: at most 1/3 of the seats). */
    ownerReps: integer().notNull().default(0),
    /** Total seats: experts + owner representatives (E1: ≥ 5 and odd). */
    size: integer().notNull(),
    drawId: ref().references(() => draws.id),
    /** hex SHA-256 of the eligible list frozen at the commitment (committee_candidates). */
    eligibleSha256: text(),
    /** Manual appointment (not drawn): only with a recorded special approval (E2). */
    manual: boolean().notNull().default(false),
    manualApprovalNote: text(),
    manualApprovedBy: ref().references(() => users.id),
    /** Minutes an invited expert has to confirm or decline (issue 21 §6). */
    respondMinutes: integer().notNull(),
    createdBy: ref()
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    publishedAt: ts(),
  },
  (t) => [
    uniqueIndex('committees_active_section_uq').on(t.sectionId).where(sql`${t.status} <> 'cancelled'`),
    index('committees_project_idx').on(t.projectId),
    check('committees_size_chk', sql`${t.size} > 0 AND ${t.ownerReps} >= 0 AND ${t.ownerReps} < ${t.size}`),
    check('committees_respond_chk', sql`${t.respondMinutes} > 0`),
    check('committees_manual_chk', sql`NOT ${t.manual} OR (${t.manualApprovalNote} IS NOT NULL AND ${t.manualApprovedBy} IS NOT NULL)`),
    check('committees_published_chk', sql`(${t.status} = 'published') <= (${t.publishedAt} IS NOT NULL)`),
  ],
);

/** The request: how many members and ordered backups of each specialty. */
export const committeeSpecialties = pgTable(
  'committee_specialties',
  {
    committeeId: ref()
      .notNull()
      .references(() => committees.id),
    specialty: text().notNull(),
    members: integer().notNull(),
    backups: integer().notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.committeeId, t.specialty] }),
    check('committee_specialties_counts_chk', sql`${t.members} > 0 AND ${t.backups} >= 0`),
  ],
);

/**
 * The candidates of each specialty frozen at the commitment: the eligible experts with their 0-based
 * position in the published (pseudonym) order, and the excluded ones (position null) with their reasons
 * (comma-separated avoidance reason codes).
 */
export const committeeCandidates = pgTable(
  'committee_candidates',
  {
    committeeId: ref()
      .notNull()
      .references(() => committees.id),
    specialty: text().notNull(),
    position: integer(),
    expertUserId: ref()
      .notNull()
      .references(() => users.id),
    pseudonym: text().notNull(),
    excludedReason: text(),
  },
  (t) => [
    primaryKey({ columns: [t.committeeId, t.specialty, t.expertUserId] }),
    uniqueIndex('committee_candidates_position_uq').on(t.committeeId, t.specialty, t.position),
    check('committee_candidates_position_chk', sql`(${t.position} IS NULL) = (${t.excludedReason} IS NOT NULL) AND (${t.position} IS NULL OR ${t.position} >= 0)`),
  ],
);

export const committeeMemberKind = pgEnum('committee_member_kind', ['member', 'backup']);
// 'avoided' (issue 21 §2): drawn, then found to be tied, sanctioned or unavailable when its invitation came (E3).
export const committeeMemberStatus = pgEnum('committee_member_status', ['invited', 'confirmed', 'declined', 'timed_out', 'standby', 'replaced', 'avoided']);

export const committeeMembers = pgTable(
  'committee_members',
  {
    id: id(),
    committeeId: ref()
      .notNull()
      .references(() => committees.id),
    expertUserId: ref()
      .notNull()
      .references(() => users.id),
    specialty: text().notNull(),
    kind: committeeMemberKind().notNull(),
    /** Order within the specialty: the drawn order, members first, then backups. */
    rank: integer().notNull(),
    status: committeeMemberStatus().notNull(),
    invitedAt: ts(),
    respondBy: ts(),
    respondedAt: ts(),
    note: text(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('committee_members_expert_uq').on(t.committeeId, t.expertUserId),
    uniqueIndex('committee_members_rank_uq').on(t.committeeId, t.specialty, t.rank),
    index('committee_members_expert_idx').on(t.expertUserId),
    check('committee_members_rank_chk', sql`${t.rank} >= 0`),
    check('committee_members_invited_chk', sql`(${t.invitedAt} IS NULL) = (${t.respondBy} IS NULL)`),
  ],
);

/** Row types: what a select returns (issue 17 §3) — import these, do not re-declare them. */
export type ExpertProfileRow = typeof expertProfiles.$inferSelect;
export type ExpertTieRow = typeof expertTies.$inferSelect;
export type CommitteeRow = typeof committees.$inferSelect;
export type CommitteeSpecialtyRow = typeof committeeSpecialties.$inferSelect;
export type CommitteeCandidateRow = typeof committeeCandidates.$inferSelect;
export type CommitteeMemberRow = typeof committeeMembers.$inferSelect;
