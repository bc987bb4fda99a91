/**
 * Sealed bids (issue 6, DESIGN §6): chunked resumable uploads of sealed parts, the finalized bids with
 * their parts, and the platform-signed receipts. The server never holds plaintext or an unwrapped key:
 * a part is the sealed file (content-addressed pieces in the object store) plus its header facts.
 */
import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { BidPart } from '@ebid/pki/constants';
import { createdAt } from './columns.ts';
import { organizations, users } from './identity.ts';
import { projects, sections } from './projects.ts';
import { registrations } from './tendering.ts';

const ts = () => timestamp({ withTimezone: true, mode: 'date' });
const id = () => bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity();
const ref = () => bigint({ mode: 'number' });

/**
 * What the server keeps of an envelope recipient: the certificate it names and the byte length of the
 * wrapped key (checked against the certificate's RSA modulus again at finalize) — not the wrapped key.
 */
export interface StoredBidRecipient {
  kind: string;
  certSerial: string;
  certSha256: string;
  wrappedKeyBytes: number;
}

/** Machine data `ebid submit` read with node:os, kept as the client reported it (X4). */
export interface SelfReportedClient {
  tool: 'ebid';
  selfReported: true;
  data: Record<string, string>;
}

export const bidUploadStatus = pgEnum('bid_upload_status', ['open', 'finalized', 'abandoned']);

/**
 * One sealed part being uploaded in transport pieces of 4 MiB (the last may be shorter). An open upload
 * of the same (company, section, part, partHash, size) is resumed, never duplicated.
 */
export const bidUploads = pgTable(
  'bid_uploads',
  {
    id: id(),
    projectId: ref()
      .notNull()
      .references(() => projects.id),
    sectionId: ref()
      .notNull()
      .references(() => sections.id),
    bidderOrgId: ref()
      .notNull()
      .references(() => organizations.id),
    userId: ref()
      .notNull()
      .references(() => users.id),
    /** 'summary' | 'commercial' | 'technical' | 'qualification' */
    part: text().$type<BidPart>().notNull(),
    /** Sealed file bytes, as declared. */
    size: bigint({ mode: 'number' }).notNull(),
    /** Declared chunked hash (hex SHA-256 over the pieces' raw SHA-256 digests, in order). */
    partHash: text().notNull(),
    pieceCount: integer().notNull(),
    status: bidUploadStatus().notNull().default('open'),
    /** SHA-256 of the envelope header, known once piece 0 has been checked. */
    headerSha256: text(),
    /** The header's recipients (cert serials / hashes and wrapped keys), from piece 0. */
    recipients: jsonb().$type<StoredBidRecipient[]>(),
    createdAt: createdAt(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [
    index('bid_uploads_section_org_idx').on(t.sectionId, t.bidderOrgId),
    index('bid_uploads_status_idx').on(t.status, t.updatedAt),
    uniqueIndex('bid_uploads_open_uq').on(t.bidderOrgId, t.sectionId, t.part, t.partHash, t.size).where(sql`${t.status} = 'open'`),
  ],
);

/** A stored piece of an upload (the object itself is content-addressed by sha256). */
export const bidUploadPieces = pgTable(
  'bid_upload_pieces',
  {
    uploadId: ref()
      .notNull()
      .references(() => bidUploads.id),
    index: integer().notNull(),
    sha256: text().notNull(),
    size: integer().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('bid_upload_pieces_uq').on(t.uploadId, t.index), index('bid_upload_pieces_sha_idx').on(t.sha256)],
);

export const bidStatus = pgEnum('bid_status', ['current', 'superseded', 'withdrawn']);

/**
 * A finalized bid (投标文件) of a company for a section. Every version is kept (B4); only one is
 * `current` per company and section (B9).
 */
export const bids = pgTable(
  'bids',
  {
    id: id(),
    projectId: ref()
      .notNull()
      .references(() => projects.id),
    sectionId: ref()
      .notNull()
      .references(() => sections.id),
    bidderOrgId: ref()
      .notNull()
      .references(() => organizations.id),
    registrationId: ref()
      .notNull()
      .references(() => registrations.id),
    version: integer().notNull(),
    status: bidStatus().notNull().default('current'),
    submittedBy: ref()
      .notNull()
      .references(() => users.id),
    signerCertSerial: text().notNull(),
    /** Server time at which finalize committed (B1, B3). */
    receivedAt: ts().notNull(),
    /** The exact receipt JSON the platform signed, and its CMS (DER, base64). */
    receiptJson: text().notNull(),
    receiptCms: text().notNull(),
    /** The receipt as a PDF sealed by the platform (issue 16 §6), made on first download and kept by hash. */
    receiptPdfSha256: text(),
    receiptPdfSize: integer(),
    /** Recorded for later collusion checks (X4). */
    clientAddress: text(),
    userAgent: text(),
    /** Machine data read by `ebid` (never by the browser); marked self-reported: { tool, selfReported: true, data }. */
    selfReported: jsonb().$type<SelfReportedClient>(),
    withdrawnAt: ts(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('bids_section_org_version_uq').on(t.sectionId, t.bidderOrgId, t.version),
    uniqueIndex('bids_current_uq').on(t.sectionId, t.bidderOrgId).where(sql`${t.status} = 'current'`),
    index('bids_project_idx').on(t.projectId),
  ],
);

/** One sealed part of a bid: the pieces (in order), the header facts and the bidder's outer signature. */
export const bidParts = pgTable(
  'bid_parts',
  {
    id: id(),
    bidId: ref()
      .notNull()
      .references(() => bids.id),
    uploadId: ref()
      .notNull()
      .references(() => bidUploads.id),
    part: text().$type<BidPart>().notNull(),
    size: bigint({ mode: 'number' }).notNull(),
    partHash: text().notNull(),
    headerSha256: text().notNull(),
    /** Piece SHA-256s in order (objects in the store). */
    pieces: jsonb().$type<string[]>().notNull(),
    /** CMS detached over outerManifestBytes(...), DER base64. */
    outerSignature: text().notNull(),
    recipients: jsonb().$type<StoredBidRecipient[]>().notNull(),
    /** Set when the part was decrypted at opening (issue 7): the plaintext object and its manifest name. */
    plaintextSha256: text(),
    plaintextSize: bigint({ mode: 'number' }),
    plaintextName: text(),
    /** The plaintext's 4 MiB pieces in order (objects in the store, like `pieces`); plaintextSha256 is of the whole. */
    plaintextPieces: jsonb().$type<string[]>(),
    /**
     * The content key the bidder handed over at opening (base64), kept only from the verified decryption
     * until the plaintext pieces are stored by the `opening.store_plaintext` job, then erased.
     */
    contentKey: text(),
    /**
     * Digests of the whole sealed part as the bidder's file holds it (X3): SHA-256 and SM3 (GB/T 32905),
     * computed from the stored pieces by the `bid.digest` job right after finalize.
     */
    sha256: text(),
    sm3: text(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('bid_parts_bid_part_uq').on(t.bidId, t.part)],
);

/** Row types: what a select returns (issue 17 §3) — import these, do not re-declare them. */
export type BidUploadRow = typeof bidUploads.$inferSelect;
export type BidUploadPieceRow = typeof bidUploadPieces.$inferSelect;
export type BidRow = typeof bids.$inferSelect;
export type BidPartRow = typeof bidParts.$inferSelect;
