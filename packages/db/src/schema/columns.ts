import { timestamp } from 'drizzle-orm/pg-core';

/** Every table's creation time; always timestamptz (style.md §10.9). */
export const createdAt = () => timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow();
