/**
 * Bid opening (issue 7, 不见面开标; domain §4.2, §4.5, O1–O8): one session per project, one line per bid
 * that was current at the bid deadline, the sign-ins (which may come before the session exists), the
 * participants' entropy for the K draw, the opening record's versions, and objections raised at opening.
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { OpenedBidSummary } from '@ebid/domain';
import { createdAt } from './columns.ts';
import { organizations, users } from './identity.ts';
import { projects, sections } from './projects.ts';
import { bids } from './bids.ts';

const ts = () => timestamp({ withTimezone: true, mode: 'date' });
const id = () => bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity();
const ref = () => bigint({ mode: 'number' });

export const openingStatus = pgEnum('opening_status', ['decrypting', 'published', 'closed', 'failed']);
/** Who opened the session (issue 18 §5): the platform timer at the bid deadline, or staff by hand. */
export const openingOpenedBy = pgEnum('opening_opened_by', ['timer', 'staff']);

export const openings = pgTable(
  'openings',
  {
    id: id(),
    projectId: ref()
      .notNull()
      .unique()
      .references(() => projects.id),
    status: openingStatus().notNull(),
    /** The staff member hosting the session; null while a session opened by the timer waits for its host (issue 18 §5). */
    hostUserId: ref().references(() => users.id),
    /** When the host took the chair (set with hostUserId). */
    hostedAt: ts(),
    openedBy: openingOpenedBy().notNull().default('staff'),
    /** 迟延开标: opened or taken over by its host after the start grace; the reason is required then. */
    late: boolean().notNull().default(false),
    lateReason: text(),
    openedAt: ts().notNull(),
    decryptWindowMinutes: integer().notNull(),
    decryptDeadline: ts().notNull(),
    /** Current bids per section at the deadline, e.g. { "01": 4 }. */
    bidCounts: jsonb().$type<Record<string, number>>().notNull().default({}),
    /** The float-point set of the K draw (basis points ×100 of a percent); null: no K draw. */
    floatPointsBp: jsonb().$type<number[]>(),
    /** hex SHA-256 of the seed, shown from the start (commit). */
    kCommitment: text(),
    /** The seed (hex); never returned by any API before the draw. */
    kSeed: text(),
    kDrawnAt: ts(),
    kIndex: integer(),
    kResultBp: integer(),
    kValue: text(),
    kInputsSha256: text(),
    publishedAt: ts(),
    closedAt: ts(),
    createdAt: createdAt(),
  },
  (t) => [
    check('openings_host_chk', sql`(${t.hostUserId} IS NULL) = (${t.hostedAt} IS NULL)`),
    check('openings_late_chk', sql`${t.late} = (${t.lateReason} IS NOT NULL)`),
  ],
);

/** Who is to blame for a bid that was not decrypted (O3): the bidder, the platform or a third party. */
export type DecryptFailureCause = 'bidder' | 'platform' | 'third_party';

export const openingDecryptStatus = pgEnum('opening_decrypt_status', ['pending', 'decrypted', 'revoked', 'withdrawn_external']);
export const openingConfirmStatus = pgEnum('opening_confirm_status', ['pending', 'confirmed', 'objected', 'deemed_accepted']);

/** One line per bid opened: decryption state, the summary once decrypted, and the bidder's confirmation. */
export const openingBids = pgTable(
  'opening_bids',
  {
    id: id(),
    openingId: ref()
      .notNull()
      .references(() => openings.id),
    bidId: ref()
      .notNull()
      .unique()
      .references(() => bids.id),
    bidderOrgId: ref()
      .notNull()
      .references(() => organizations.id),
    sectionId: ref()
      .notNull()
      .references(() => sections.id),
    /** 1-based order of receipt in the project: the public label 投标人N before publication. */
    ordinal: integer().notNull(),
    decryptStatus: openingDecryptStatus().notNull().default('pending'),
    decryptStartedAt: ts(),
    decryptedAt: ts(),
    decryptedBy: ref().references(() => users.id),
    /** 'bidder' | 'platform' | 'third_party' — the recorded cause of a failed decryption (O3). */
    failureCause: text().$type<DecryptFailureCause>(),
    failureNote: text(),
    /** Parsed 开标一览表: { priceFen, durationDays, quality } (never returned before publication, O4). */
    summary: jsonb().$type<OpenedBidSummary>(),
    /** Deposit status at the moment of opening. */
    depositStatus: text(),
    confirmStatus: openingConfirmStatus().notNull().default('pending'),
    confirmedAt: ts(),
    confirmedBy: ref().references(() => users.id),
    confirmRecordSha256: text(),
    confirmCertSerial: text(),
    /** Detached CMS (DER, base64) over the record PDF. */
    confirmCms: text(),
    createdAt: createdAt(),
  },
  (t) => [index('opening_bids_opening_idx').on(t.openingId), uniqueIndex('opening_bids_ordinal_uq').on(t.openingId, t.ordinal)],
);

/** A bidder's sign-in to a project's opening (certificate login); may precede the session. */
export const openingSignIns = pgTable(
  'opening_sign_ins',
  {
    id: id(),
    projectId: ref()
      .notNull()
      .references(() => projects.id),
    bidderOrgId: ref()
      .notNull()
      .references(() => organizations.id),
    userId: ref()
      .notNull()
      .references(() => users.id),
    certSerial: text().notNull(),
    signedInAt: ts().notNull(),
  },
  (t) => [uniqueIndex('opening_sign_ins_uq').on(t.projectId, t.bidderOrgId)],
);

/** Participants' entropy for the K draw, given after the commitment (O8). */
export const openingContributions = pgTable(
  'opening_contributions',
  {
    id: id(),
    openingId: ref()
      .notNull()
      .references(() => openings.id),
    userId: ref()
      .notNull()
      .references(() => users.id),
    valueHex: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('opening_contributions_uq').on(t.openingId, t.userId)],
);

/** The opening record (开标记录表) PDF, sealed by the platform, one row per generated version. */
export const openingRecords = pgTable(
  'opening_records',
  {
    id: id(),
    openingId: ref()
      .notNull()
      .references(() => openings.id),
    version: integer().notNull(),
    sha256: text().notNull(),
    size: integer().notNull(),
    generatedAt: ts().notNull(),
    generatedBy: ref()
      .notNull()
      .references(() => users.id),
    /** The end of this version's confirm window (issue 18 §5): from then on the close deems the silent to accept. */
    confirmDeadline: ts().notNull(),
  },
  (t) => [uniqueIndex('opening_records_version_uq').on(t.openingId, t.version)],
);

/**
 * The alert that an opening was not started — not opened, or opened with no host — within the start
 * grace after the bid deadline (issue 18 §5): one per project and deadline (a postponed deadline may
 * raise its own), so the alert is raised exactly once.
 */
export const openingStartAlerts = pgTable(
  'opening_start_alerts',
  {
    id: id(),
    projectId: ref()
      .notNull()
      .references(() => projects.id),
    bidDeadline: ts().notNull(),
    reason: text().$type<'not_opened' | 'no_host'>().notNull(),
    raisedAt: ts().notNull(),
    /** How many staff and supervisors were told. */
    notified: integer().notNull(),
  },
  (t) => [uniqueIndex('opening_start_alerts_uq').on(t.projectId, t.bidDeadline), check('opening_start_alerts_reason_chk', sql`${t.reason} IN ('not_opened', 'no_host')`)],
);

/** Objections raised by bidders at opening (ZTBT §44, O6). */
export const openingObjections = pgTable(
  'opening_objections',
  {
    id: id(),
    openingId: ref()
      .notNull()
      .references(() => openings.id),
    openingBidId: ref()
      .notNull()
      .references(() => openingBids.id),
    userId: ref()
      .notNull()
      .references(() => users.id),
    text: text().notNull(),
    raisedAt: ts().notNull(),
    answer: text(),
    answeredBy: ref().references(() => users.id),
    answeredAt: ts(),
  },
  (t) => [index('opening_objections_opening_idx').on(t.openingId)],
);

/** Row types: what a select returns (issue 17 §3) — import these, do not re-declare them. */
export type OpeningRow = typeof openings.$inferSelect;
export type OpeningBidRow = typeof openingBids.$inferSelect;
export type OpeningSignInRow = typeof openingSignIns.$inferSelect;
export type OpeningContributionRow = typeof openingContributions.$inferSelect;
export type OpeningRecordRow = typeof openingRecords.$inferSelect;
export type OpeningObjectionRow = typeof openingObjections.$inferSelect;
export type OpeningStartAlertRow = typeof openingStartAlerts.$inferSelect;
