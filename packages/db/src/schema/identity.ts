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

export const organizations = pgTable(
  'organizations',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** 统一社会信用代码 (GB 32100), 18 characters. */
    creditCode: text().notNull(),
    name: text().notNull(),
    kind: orgKind().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('organizations_credit_code_uq').on(t.creditCode)],
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
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('sessions_token_hash_uq').on(t.tokenHash), index('sessions_user_id_idx').on(t.userId)],
);
