import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { drizzle as drizzlePg } from 'drizzle-orm/postgres-js';
import { migrate as migratePgDrizzle } from 'drizzle-orm/postgres-js/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePgliteDrizzle } from 'drizzle-orm/pglite/migrator';
import type { PGlite } from '@electric-sql/pglite';

/** The committed SQL migrations (repo root `drizzle/`), resolved from this module, not the cwd. */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../../drizzle', import.meta.url));

// An arbitrary constant: several instances starting together migrate one at a time.
const MIGRATION_LOCK = 72_817_001;

/** Migrate a PostgreSQL database on one dedicated connection holding a session advisory lock. */
export async function migratePostgres(url: string): Promise<void> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK})`;
    try {
      await migratePgDrizzle(drizzlePg(client), { migrationsFolder: MIGRATIONS_FOLDER });
    } finally {
      await client`select pg_advisory_unlock(${MIGRATION_LOCK})`;
    }
  } finally {
    await client.end({ timeout: 5 });
  }
}

export async function migratePglite(pg: PGlite): Promise<void> {
  await migratePgliteDrizzle(drizzlePglite(pg), { migrationsFolder: MIGRATIONS_FOLDER });
}
