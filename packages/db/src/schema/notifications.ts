import { boolean, bigint, index, integer, pgEnum, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.ts';
import { users } from './identity.ts';

/** The in-app message center (issue 4 §5): one row per recipient. */
export const notifications = pgTable(
  'notifications',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    userId: bigint({ mode: 'number' })
      .notNull()
      .references(() => users.id),
    kind: text().notNull(),
    titleZh: text().notNull(),
    titleEn: text().notNull(),
    bodyZh: text().notNull(),
    bodyEn: text().notNull(),
    /** A path in the web app, e.g. /workspace/bidder/projects/42. */
    link: text(),
    readAt: timestamp({ withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
  },
  (t) => [index('notifications_user_id_idx').on(t.userId, t.id)],
);

export const outboxStatus = pgEnum('outbox_status', ['pending', 'sent', 'failed', 'skipped']);

/** Every message leaving the platform (e-mail today), with its delivery state. */
export const outbox = pgTable(
  'outbox',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    notificationId: bigint({ mode: 'number' }).references(() => notifications.id),
    channel: text().notNull().default('email'),
    toAddress: text().notNull(),
    subject: text().notNull(),
    body: text().notNull(),
    /** The body holds a one-time secret (a reset link): it is blanked once delivered (issue 13 §4). */
    secret: boolean().notNull().default(false),
    status: outboxStatus().notNull().default('pending'),
    attempts: integer().notNull().default(0),
    lastError: text(),
    sentAt: timestamp({ withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
  },
  (t) => [index('outbox_status_idx').on(t.status)],
);

/** Row types: what a select returns (issue 17 §3) — import these, do not re-declare them. */
export type NotificationRow = typeof notifications.$inferSelect;
export type OutboxRow = typeof outbox.$inferSelect;
