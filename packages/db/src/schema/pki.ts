import { bigint, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.ts';
import { organizations, users } from './identity.ts';

export const certUsage = pgEnum('cert_usage', ['signing', 'encryption']);
export const certStatus = pgEnum('cert_status', ['active', 'revoked', 'superseded']);

/**
 * Certificates the platform CA issued to users (DESIGN §5): one for signing, one for encryption, from
 * CSRs (private keys never reach the server). A renewal supersedes the old certificate, which stays
 * valid for verifying and for opening bids sealed to it.
 */
export const certificates = pgTable(
  'certificates',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    userId: bigint({ mode: 'number' })
      .notNull()
      .references(() => users.id),
    orgId: bigint({ mode: 'number' })
      .notNull()
      .references(() => organizations.id),
    usage: certUsage().notNull(),
    /** Lower-case hex, no leading zeros beyond what the DER encodes. */
    serialHex: text().notNull(),
    subjectDn: text().notNull(),
    issuerDn: text().notNull(),
    notBefore: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
    notAfter: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
    pem: text().notNull(),
    fingerprintSha256: text().notNull(),
    status: certStatus().notNull().default('active'),
    revokedAt: timestamp({ withTimezone: true, mode: 'date' }),
    /** RFC 5280 CRLReason code. */
    revocationReason: integer(),
    replacesId: bigint({ mode: 'number' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('certificates_serial_uq').on(t.serialHex),
    uniqueIndex('certificates_fingerprint_uq').on(t.fingerprintSha256),
    index('certificates_user_idx').on(t.userId),
  ],
);

/** CRLs the platform CA published; the DER is in the object store by hash. */
export const crls = pgTable('crls', {
  number: integer().primaryKey(),
  sha256: text().notNull(),
  thisUpdate: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
  nextUpdate: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
  createdAt: createdAt(),
});

/**
 * An approval for a user to obtain new certificates without a certificate login (issue 13 §4): a key lost
 * while the certificate was valid, or any issuance after the first one. Given by the company's
 * administrator (another person) or center staff, audited, single use, short-lived.
 */
export const certificateApprovals = pgTable(
  'certificate_approvals',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    userId: bigint({ mode: 'number' })
      .notNull()
      .references(() => users.id),
    approvedBy: bigint({ mode: 'number' })
      .notNull()
      .references(() => users.id),
    reason: text().notNull(),
    expiresAt: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
    usedAt: timestamp({ withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
  },
  (t) => [index('certificate_approvals_user_idx').on(t.userId)],
);

/** Row types: what a select returns (issue 17 §3) — import these, do not re-declare them. */
export type CertificateRow = typeof certificates.$inferSelect;
export type CrlRow = typeof crls.$inferSelect;
export type CertificateApprovalRow = typeof certificateApprovals.$inferSelect;
