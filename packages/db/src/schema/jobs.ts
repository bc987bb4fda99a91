import { bigint, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { createdAt } from './columns.ts';

export const jobStatus = pgEnum('job_status', ['queued', 'running', 'done', 'failed']);

/**
 * Background jobs (DESIGN §3): rows claimed with FOR UPDATE SKIP LOCKED, so with N server instances each
 * job runs once. A running job whose lease expired (its instance died) is claimed again. Jobs only do
 * side effects; time rules never depend on a job having run (DESIGN §4).
 */
export const jobs = pgTable(
  'jobs',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    kind: text().notNull(),
    payload: jsonb().notNull().default({}),
    status: jobStatus().notNull().default('queued'),
    /** Optional: at most one queued/running job per key (e.g. 'notify:notice:42'). */
    dedupeKey: text(),
    runAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    attempts: integer().notNull().default(0),
    maxAttempts: integer().notNull().default(5),
    lockedBy: text(),
    lockedUntil: timestamp({ withTimezone: true, mode: 'date' }),
    lastError: text(),
    result: jsonb(),
    completedBy: text(),
    finishedAt: timestamp({ withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
  },
  (t) => [
    index('jobs_status_run_at_idx').on(t.status, t.runAt),
    uniqueIndex('jobs_dedupe_key_uq')
      .on(t.dedupeKey)
      .where(sql`${t.status} in ('queued', 'running')`),
  ],
);

/** Row types: what a select returns (issue 17 §3) — import these, do not re-declare them. */
export type JobRow = typeof jobs.$inferSelect;
