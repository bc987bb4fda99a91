import { bigint, boolean, index, pgEnum, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.ts';

/** Roles of DESIGN §5 / ux.md. */
export const userRole = pgEnum('user_role', [
  'platform_admin',
  'staff',
  'tenderee',
  'agent',
  'bidder',
  'expert',
  'supervisor',
]);

export const orgKind = pgEnum('org_kind', ['center', 'tenderee', 'agent', 'bidder', 'supervisor', 'expert_pool']);

/** A self-registered bidder company is `pending` until center staff approve it. */
export const orgStatus = pgEnum('org_status', ['pending', 'active', 'rejected']);

export const organizations = pgTable(
  'organizations',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** 统一社会信用代码 (GB 32100), 18 characters. */
    creditCode: text().notNull(),
    name: text().notNull(),
    kind: orgKind().notNull(),
    status: orgStatus().notNull().default('active'),
    /** 行政区划代码 (6 digits), taken from characters 3–8 of the credit code. */
    regionCode: text(),
    contactPhone: text(),
    /** 基本存款账户 (bidders): engineering cash security must come from it (domain B7). */
    basicAccountBank: text(),
    basicAccountNo: text(),
    reviewedBy: bigint({ mode: 'number' }),
    reviewedAt: timestamp({ withTimezone: true, mode: 'date' }),
    reviewNote: text(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('organizations_credit_code_uq').on(t.creditCode), index('organizations_kind_status_idx').on(t.kind, t.status)],
);

export const users = pgTable(
  'users',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    orgId: bigint({ mode: 'number' })
      .notNull()
      .references(() => organizations.id),
    username: text().notNull(),
    displayName: text().notNull(),
    role: userRole().notNull(),
    /** argon2id PHC string. */
    passwordHash: text().notNull(),
    email: text(),
    /** The company administrator manages the company's users. */
    isOrgAdmin: boolean().notNull().default(false),
    /** Expert specialties (评标专业), e.g. ['房屋建筑', '市政']; empty for other roles. */
    specialties: text().array().notNull().default([]),
    active: boolean().notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('users_username_uq').on(t.username), index('users_org_id_idx').on(t.orgId)],
);

/** Sessions are opaque random tokens; only their SHA-256 is stored. */
export const sessions = pgTable(
  'sessions',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    tokenHash: text().notNull(),
    userId: bigint({ mode: 'number' })
      .notNull()
      .references(() => users.id),
    expiresAt: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
    revokedAt: timestamp({ withTimezone: true, mode: 'date' }),
    clientAddress: text(),
    userAgent: text(),
    authMethod: text().notNull().default('password'),
    /** Serial (hex) of the signing certificate used for certificate login. */
    certSerial: text(),
    /** The device fingerprint the client reported at login (X4; self-reported, never trusted for access). */
    deviceFingerprint: text(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('sessions_token_hash_uq').on(t.tokenHash), index('sessions_user_id_idx').on(t.userId), index('sessions_cert_serial_idx').on(t.certSerial)],
);

/** An agent acts for a tenderee under a recorded mandate (委托代理合同). */
export const mandates = pgTable(
  'mandates',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    agentOrgId: bigint({ mode: 'number' })
      .notNull()
      .references(() => organizations.id),
    tendereeOrgId: bigint({ mode: 'number' })
      .notNull()
      .references(() => organizations.id),
    scope: text().notNull(),
    validFrom: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
    validTo: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
    /** SHA-256 of the mandate document in the object store, when one was uploaded. */
    documentSha256: text(),
    revokedAt: timestamp({ withTimezone: true, mode: 'date' }),
    createdBy: bigint({ mode: 'number' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('mandates_agent_idx').on(t.agentOrgId), index('mandates_tenderee_idx').on(t.tendereeOrgId)],
);

/** Single-use password reset tokens (only the SHA-256 is stored). */
export const passwordResetTokens = pgTable(
  'password_reset_tokens',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    userId: bigint({ mode: 'number' })
      .notNull()
      .references(() => users.id),
    tokenHash: text().notNull(),
    expiresAt: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
    usedAt: timestamp({ withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('password_reset_tokens_hash_uq').on(t.tokenHash)],
);

/**
 * Password checks, for the login limits (issue 13 §3, auth/login-limits.ts). A row is written BEFORE the
 * password is checked (success null = in flight) under a per-account lock, so parallel attempts cannot
 * exceed the limit; `deviceHash` is set when the attempt came from a device that signed in to this account
 * before (a device cookie), whose failures are counted apart from everyone else's.
 */
export const loginAttempts = pgTable(
  'login_attempts',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    username: text().notNull(),
    clientAddress: text().notNull(),
    success: boolean(),
    deviceHash: text(),
    at: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    index('login_attempts_username_at_idx').on(t.username, t.at),
    index('login_attempts_address_at_idx').on(t.clientAddress, t.at),
    index('login_attempts_device_at_idx').on(t.deviceHash, t.at),
  ],
);

/**
 * Devices that signed in to an account (OWASP "device cookies"): the browser keeps a random token in an
 * httpOnly cookie; only its SHA-256 is stored. Failed passwords from a known device count against that
 * device alone, so a rival failing a bidder's password elsewhere cannot lock the bidder out.
 */
export const loginDevices = pgTable(
  'login_devices',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    tokenHash: text().notNull(),
    userId: bigint({ mode: 'number' })
      .notNull()
      .references(() => users.id),
    expiresAt: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
    lastUsedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('login_devices_token_user_uq').on(t.tokenHash, t.userId)],
);

/** Server challenges for certificate login: random, single use, short-lived. */
export const authChallenges = pgTable(
  'auth_challenges',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    nonce: text().notNull(),
    expiresAt: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
    usedAt: timestamp({ withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('auth_challenges_nonce_uq').on(t.nonce)],
);

/** Row types: what a select returns (issue 17 §3) — import these, do not re-declare them. */
export type OrganizationRow = typeof organizations.$inferSelect;
export type UserRow = typeof users.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
export type MandateRow = typeof mandates.$inferSelect;
export type PasswordResetTokenRow = typeof passwordResetTokens.$inferSelect;
export type LoginAttemptRow = typeof loginAttempts.$inferSelect;
export type LoginDeviceRow = typeof loginDevices.$inferSelect;
export type AuthChallengeRow = typeof authChallenges.$inferSelect;
