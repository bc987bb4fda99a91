/**
 * The evaluation session (issue 22; domain §3, §4.9, §8 E3, E5, E6, S1–S11, O2). One evaluation per
 * committee: the members sign in with their certificates and sign an avoidance declaration, elect a chair,
 * review compliance, score, sign their sheets, and sign the sealed report.
 *
 * What counts is in the object store, not in these rows: every sheet a member signs is a JSON object stored
 * by SHA-256 with the member's detached CMS; the evaluation's manifest (method, bids, the committee's
 * decisions, the sheets' hashes) is stored the same way and referenced from the audit chain, so
 * `ebid replay-evaluation` recomputes the ranking from the objects and the frozen method, never from rows.
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { EvaluationMethodSpec } from '@ebid/domain/evaluation';
import { createdAt } from './columns.ts';
import { bids } from './bids.ts';
import { committees, committeeMembers } from './experts.ts';
import { users } from './identity.ts';
import { projects, sections } from './projects.ts';

const ts = () => timestamp({ withTimezone: true, mode: 'date' });
const id = () => bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity();
const ref = () => bigint({ mode: 'number' });

/**
 * preparing: members sign in, declare (E3) and elect the chair; compliance: 初步评审 (and post-qualification);
 * technical: the blind technical part is scored under labels (暗标), only when the tender says so;
 * scoring: 详细评审; reporting: the report is sealed and the members sign it; signed: done (read-only except
 * the R87 §64 reopening); failed: stopped (O2: GP fewer than 3 compliant bids).
 */
export const evaluationStatus = pgEnum('evaluation_status', ['preparing', 'compliance', 'technical', 'scoring', 'reporting', 'signed', 'failed']);

/** One bid under review: its session label (评审编号) and, for a blind technical part, its separate blind label. */
export interface EvaluationLabel {
  bidId: number;
  /** e.g. 'B03': how the committee names the bid in findings and sheets */
  label: string;
  /** e.g. '暗标-7K2Q': how the blind technical part is shown and scored; null when not blind */
  blindLabel: string | null;
}

export const evaluations = pgTable(
  'evaluations',
  {
    id: id(),
    committeeId: ref()
      .notNull()
      .unique()
      .references(() => committees.id),
    projectId: ref()
      .notNull()
      .references(() => projects.id),
    sectionId: ref()
      .notNull()
      .references(() => sections.id),
    status: evaluationStatus().notNull().default('preparing'),
    /** The method frozen in the tender at publication (S1), copied at the start, and its SHA-256. */
    method: jsonb().$type<EvaluationMethodSpec>().notNull(),
    methodSha256: text().notNull(),
    blindTechnical: boolean().notNull().default(false),
    /** The bids under review with their labels; the blind labels are never shown next to a bidder before `revealedAt`. */
    labels: jsonb().$type<EvaluationLabel[]>().notNull(),
    /** SHA-256 of the labels object committed at the start (audit), so the blind mapping cannot change later. */
    labelsSha256: text().notNull(),
    /** The 32-byte random salt of that commitment (hex), published with the mapping at the reveal. */
    labelsSalt: text().notNull(),
    chairUserId: ref().references(() => users.id),
    chairElectedAt: ts(),
    /** When the session is due to end; moved by a granted extension (E6). */
    dueAt: ts().notNull(),
    extensions: integer().notNull().default(0),
    startedBy: ref()
      .notNull()
      .references(() => users.id),
    startedAt: ts().notNull(),
    complianceDecidedAt: ts(),
    /** The blind part's identities revealed (all technical sheets signed). */
    revealedAt: ts(),
    /** The evaluation's manifest object (the replay's input) and the result it gives, by SHA-256. */
    manifestSha256: text(),
    resultSha256: text(),
    /** The sealed report PDF (platform seal first; members sign these bytes). */
    reportSha256: text(),
    reportSize: integer(),
    reportSealedAt: ts(),
    signedAt: ts(),
    failedAt: ts(),
    failureReason: text(),
    /** R87 §64 reopenings: each voids the signatures and sends the committee back to review. */
    round: integer().notNull().default(1),
    createdAt: createdAt(),
  },
  (t) => [
    index('evaluations_project_idx').on(t.projectId),
    check('evaluations_chair_chk', sql`(${t.chairUserId} IS NULL) = (${t.chairElectedAt} IS NULL)`),
    check('evaluations_round_chk', sql`${t.round} >= 1 AND ${t.extensions} >= 0`),
  ],
);

export const evaluationMemberStatus = pgEnum('evaluation_member_status', ['active', 'replaced']);

/** A member of the session: sign-in, the signed avoidance declaration, the chair vote; replaced (E5). */
export const evaluationMembers = pgTable(
  'evaluation_members',
  {
    evaluationId: ref()
      .notNull()
      .references(() => evaluations.id),
    userId: ref()
      .notNull()
      .references(() => users.id),
    committeeMemberId: ref()
      .notNull()
      .references(() => committeeMembers.id),
    status: evaluationMemberStatus().notNull().default('active'),
    signedInAt: ts(),
    signInCertSerial: text(),
    /** The declaration text signed (E3), its SHA-256 and the member's detached CMS (DER base64). */
    declarationSha256: text(),
    declarationCms: text(),
    declaredAt: ts(),
    chairVote: ref().references(() => users.id),
    replacedAt: ts(),
    replacedReason: text(),
    /**
     * S11: the member's written dissent from the conclusion, while the report awaits signatures (migration
     * 0027). The report prints it: recording or withdrawing one re-seals the report; a reopening clears it.
     */
    dissent: text(),
    dissentAt: ts(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.evaluationId, t.userId] }),
    index('evaluation_members_user_idx').on(t.userId),
    check('evaluation_members_dissent_chk', sql`(${t.dissent} IS NULL) = (${t.dissentAt} IS NULL)`),
  ],
);

/** compliance: pass/fail findings; technical: the blind part's scores; scores: the rest of the scored criteria. */
export const evaluationSheetStage = pgEnum('evaluation_sheet_stage', ['compliance', 'technical', 'scores']);

/** A member's entries while working (draft) and, once signed, the signed object's hash and CMS. */
export interface EvaluationSheetDraft {
  /** compliance: { bid, criterionId, pass, reason }; technical / scores: { bid, criterionId, score } — bid = label */
  entries: Record<string, unknown>[];
}

export const evaluationSheets = pgTable(
  'evaluation_sheets',
  {
    id: id(),
    evaluationId: ref()
      .notNull()
      .references(() => evaluations.id),
    memberUserId: ref()
      .notNull()
      .references(() => users.id),
    stage: evaluationSheetStage().notNull(),
    round: integer().notNull().default(1),
    draft: jsonb().$type<EvaluationSheetDraft>().notNull(),
    /** The signed object in the store (JSON, `type: ebid-evaluation-sheet`), its size and the member's CMS. */
    sha256: text(),
    size: integer(),
    cms: text(),
    certSerial: text(),
    signedAt: ts(),
    /** Void: the member was replaced (E5) or the review reopened (R87 §64). */
    voidedAt: ts(),
    voidReason: text(),
    updatedAt: ts().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('evaluation_sheets_live_uq').on(t.evaluationId, t.memberUserId, t.stage).where(sql`${t.voidedAt} IS NULL`),
    check('evaluation_sheets_signed_chk', sql`(${t.sha256} IS NULL) = (${t.signedAt} IS NULL) AND (${t.sha256} IS NULL) = (${t.cms} IS NULL)`),
  ],
);

/**
 * What the committee decided about a bid beyond the sheets (recorded by the chair, each audited): the R87 §59
 * price correction the bidder confirmed (S8), the policy claim checked (S3), the monetary adjustments of
 * 经评审的最低投标价法, the not-below-cost finding after an explanation (S7).
 */
export const evaluationBidInputs = pgTable(
  'evaluation_bid_inputs',
  {
    evaluationId: ref()
      .notNull()
      .references(() => evaluations.id),
    bidId: ref()
      .notNull()
      .references(() => bids.id),
    correctedPriceFen: bigint({ mode: 'number' }),
    policy: jsonb().$type<Record<string, unknown>>(),
    adjustmentsFen: jsonb().$type<Record<string, number>>(),
    costFinding: text().$type<'justified' | 'below_cost'>(),
    /** R87 §31: the brand of the bid's core product as the committee recorded it (GP); null: none */
    brand: text(),
    updatedAt: ts().notNull(),
  },
  (t) => [primaryKey({ columns: [t.evaluationId, t.bidId] })],
);

/** S10: a written clarification request from the committee to one bidder, and the bidder's written answer. */
export const evaluationClarifications = pgTable(
  'evaluation_clarifications',
  {
    id: id(),
    evaluationId: ref()
      .notNull()
      .references(() => evaluations.id),
    bidId: ref()
      .notNull()
      .references(() => bids.id),
    question: text().notNull(),
    askedBy: ref()
      .notNull()
      .references(() => users.id),
    askedAt: ts().notNull(),
    answerBy: ts().notNull(),
    answer: text(),
    answeredBy: ref().references(() => users.id),
    answeredAt: ts(),
    createdAt: createdAt(),
  },
  (t) => [index('evaluation_clarifications_eval_idx').on(t.evaluationId), check('evaluation_clarifications_answer_chk', sql`(${t.answer} IS NULL) = (${t.answeredAt} IS NULL)`)],
);

/** E6: a member asks for more time; granted when more than 1/3 of the current members have asked. */
export const evaluationExtensionRequests = pgTable(
  'evaluation_extension_requests',
  {
    evaluationId: ref()
      .notNull()
      .references(() => evaluations.id),
    memberUserId: ref()
      .notNull()
      .references(() => users.id),
    /** the extension this request is for: evaluations.extensions + 1 at the time */
    ordinal: integer().notNull(),
    minutes: integer().notNull(),
    reason: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.evaluationId, t.memberUserId, t.ordinal] }), check('evaluation_extension_minutes_chk', sql`${t.minutes} > 0`)],
);

/** S11: each member's detached CMS over the sealed report's bytes, with the member's dissent when any. */
export const evaluationReportSignatures = pgTable(
  'evaluation_report_signatures',
  {
    evaluationId: ref()
      .notNull()
      .references(() => evaluations.id),
    memberUserId: ref()
      .notNull()
      .references(() => users.id),
    reportSha256: text().notNull(),
    cms: text().notNull(),
    certSerial: text().notNull(),
    /** the member's dissent (evaluation_members.dissent) when it signed these bytes, as printed in them */
    dissent: text(),
    signedAt: ts().notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.evaluationId, t.memberUserId, t.reportSha256] })],
);

/** Row types: what a select returns (issue 17 §3) — import these, do not re-declare them. */
export type EvaluationRow = typeof evaluations.$inferSelect;
export type EvaluationMemberRow = typeof evaluationMembers.$inferSelect;
export type EvaluationSheetRow = typeof evaluationSheets.$inferSelect;
export type EvaluationBidInputRow = typeof evaluationBidInputs.$inferSelect;
export type EvaluationClarificationRow = typeof evaluationClarifications.$inferSelect;
export type EvaluationReportSignatureRow = typeof evaluationReportSignatures.$inferSelect;
