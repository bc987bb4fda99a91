import { jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.ts';

/** Small key/value facts about this installation (e.g. which demo stage was seeded). */
export const systemMeta = pgTable('system_meta', {
  key: text().primaryKey(),
  value: jsonb().notNull(),
  createdAt: createdAt(),
});
