import { bigint, index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.ts';

/**
 * Live events (DESIGN §3): written in the transaction of the change they announce, then fanned out to
 * every server instance through LISTEN/NOTIFY. Kept in a table so that a reconnecting SSE client resumes
 * from its last event id without losing events.
 */
export const liveEvents = pgTable(
  'live_events',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    topic: text().notNull(),
    type: text().notNull(),
    data: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [index('live_events_topic_id_idx').on(t.topic, t.id)],
);

/** Row types: what a select returns (issue 17 §3) — import these, do not re-declare them. */
export type LiveEventRow = typeof liveEvents.$inferSelect;
