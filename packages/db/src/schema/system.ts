import { bigint, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.ts';

/** Small key/value facts about this installation (e.g. which demo stage was seeded). */
export const systemMeta = pgTable('system_meta', {
  key: text().primaryKey(),
  value: jsonb().notNull(),
  createdAt: createdAt(),
});

/**
 * A platform outage recorded by center staff (issue 12 §8, 电子招标投标办法: the platform must not make
 * bidders bear its faults). Every bid deadline, opening or decryption window that fell inside it or
 * within `marginMinutes` after it was extended; `result` lists what moved and what could not.
 */
export const platformOutages = pgTable(
  'platform_outages',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    startsAt: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
    endsAt: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
    /** What failed (uploads, logins, the whole platform …), in the staff member's words. */
    description: text().notNull(),
    marginMinutes: integer().notNull(),
    extensionHours: integer().notNull(),
    /** `affected`: the outage's items as services/system/outages.ts records them (contracts ZOutageAffectedItem). */
    result: jsonb().$type<{ affected?: unknown[] }>().notNull().default({}),
    recordedBy: bigint({ mode: 'number' }).notNull(),
    recordedAt: createdAt(),
  },
  (t) => [index('platform_outages_ends_idx').on(t.endsAt)],
);

/** Row types: what a select returns (issue 17 §3) — import these, do not re-declare them. */
export type SystemMetaRow = typeof systemMeta.$inferSelect;
export type PlatformOutageRow = typeof platformOutages.$inferSelect;
