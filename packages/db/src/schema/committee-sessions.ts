/**
 * The evaluation session a committee is drawn for (issue 21 §5, §6; E4): what an invited expert is told —
 * the time and the place (or the remote room) — and nothing about the project's bidders. Also the
 * project's "complex / major social impact" flag the composition was checked with (E1: GP ≥ 7). One row per
 * committee (P's `committees` table, schema experts.ts), written with it.
 */
import { bigint, boolean, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.ts';
import { committees } from './experts.ts';

export const committeeSessions = pgTable('committee_sessions', {
  committeeId: bigint({ mode: 'number' })
    .primaryKey()
    .references(() => committees.id),
  /** flagged technically complex or of major social impact when requested (E1) */
  complex: boolean().notNull().default(false),
  /** when the evaluation session starts */
  sessionAt: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
  /** where (an evaluation room of the center, or the remote room's name) */
  sessionPlace: text().notNull(),
  createdAt: createdAt(),
});

export type CommitteeSessionRow = typeof committeeSessions.$inferSelect;
