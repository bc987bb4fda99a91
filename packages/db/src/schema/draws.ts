/**
 * Public commit–reveal draws (issue 14 §2; domain O8, E2), one construction for every random draw of the
 * platform: the opening's 浮动点 / K draw (purpose `opening.k`, subject the opening) and later the expert
 * committee. A draw is keyed by purpose and subject; its timeline and the platform share's commitment are
 * fixed when it is created. The platform share itself is derived from a secret kept OUT of the database
 * and is stored only with the result (see packages/services/src/draws).
 */
import { bigint, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.ts';
import { users } from './identity.ts';

const ts = () => timestamp({ withTimezone: true, mode: 'date' });
const id = () => bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity();
const ref = () => bigint({ mode: 'number' });

export const drawStatus = pgEnum('draw_status', ['open', 'drawn']);

export const draws = pgTable(
  'draws',
  {
    id: id(),
    /** what the draw decides, e.g. 'opening.k' */
    purpose: text().notNull(),
    /** what it is about, e.g. ('opening', <opening id>) */
    subjectType: text().notNull(),
    subjectId: ref().notNull(),
    /** the audit chain its events go to, and the live topic they are announced on */
    chain: text().notNull(),
    topic: text().notNull(),
    /** the public, ordered options the index points into (e.g. the float points); n = its length */
    options: jsonb().$type<unknown[]>().notNull(),
    status: drawStatus().notNull().default('open'),
    commitCloseAt: ts().notNull(),
    revealCloseAt: ts().notNull(),
    /** hex SHA-256 of the platform share's commitment text, published at creation */
    platformCommitment: text().notNull(),
    /** the platform share (hex), stored only with the result */
    platformShare: text(),
    drawnAt: ts(),
    resultIndex: integer(),
    /** hex SHA-256 of the canonical result text, and the HMAC digest the index was taken from */
    inputsSha256: text(),
    digestHex: text(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('draws_subject_uq').on(t.purpose, t.subjectType, t.subjectId)],
);

/** One participant's commitment, and its value once revealed (only after the commit close). */
export const drawCommitments = pgTable(
  'draw_commitments',
  {
    id: id(),
    drawId: ref()
      .notNull()
      .references(() => draws.id),
    userId: ref()
      .notNull()
      .references(() => users.id),
    commitment: text().notNull(),
    committedAt: ts().notNull(),
    valueHex: text(),
    revealedAt: ts(),
  },
  (t) => [uniqueIndex('draw_commitments_uq').on(t.drawId, t.userId), index('draw_commitments_draw_idx').on(t.drawId)],
);

/** Row types: what a select returns (issue 17 §3) — import these, do not re-declare them. */
export type DrawRow = typeof draws.$inferSelect;
export type DrawCommitmentRow = typeof drawCommitments.$inferSelect;
