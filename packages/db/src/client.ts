/**
 * Database client factory: PostgreSQL through postgres.js (production, tests) or PGlite (the embedded
 * default). Both give the same drizzle API. PGlite has ONE connection: inside `db.transaction(tx => …)`
 * use only `tx` (stack.md §0), or the query waits forever.
 */
import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePg } from 'drizzle-orm/postgres-js';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import postgres from 'postgres';
import { PGlite } from '@electric-sql/pglite';
import * as schema from './schema/index.ts';
import { migratePglite, migratePostgres } from './migrate.ts';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** A handle that runs queries: the database or a transaction. */
export type DbOrTx = Db | Tx;

export type DatabaseOptions = { driver: 'postgres'; url: string; max?: number } | { driver: 'pglite'; dir: string };

export interface Database {
  readonly driver: 'postgres' | 'pglite';
  readonly db: Db;
  /** Subscribe to a NOTIFY channel; resolves once listening. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  /** Apply pending migrations from `drizzle/`; safe with several instances starting at once. */
  migrate(): Promise<void>;
  /** A cheap round trip for /healthz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  if (opts.driver === 'postgres') {
    const client = postgres(opts.url, {
      max: opts.max ?? 10,
      onnotice: () => {},
      connection: { application_name: 'ebid' },
    });
    const db = drizzlePg(client, { schema, casing: 'snake_case' }) as unknown as Db;
    return {
      driver: 'postgres',
      db,
      migrate: () => migratePostgres(opts.url),
      async listen(channel, onPayload) {
        const sub = await client.listen(channel, onPayload);
        return async () => {
          await sub.unlisten();
        };
      },
      async ping() {
        await db.execute(sql`select 1`);
      },
      async close() {
        await client.end({ timeout: 5 });
      },
    };
  }
  fs.mkdirSync(opts.dir, { recursive: true });
  return wrapPglite(await PGlite.create({ dataDir: opts.dir }));
}

/** Open an in-memory PGlite (smoke tests). */
export async function openMemoryPglite(): Promise<Database> {
  return wrapPglite(await PGlite.create());
}

function wrapPglite(pg: PGlite): Database {
  const db = drizzlePglite(pg, { schema, casing: 'snake_case' }) as unknown as Db;
  return {
    driver: 'pglite',
    db,
    migrate: () => migratePglite(pg),
    async listen(channel, onPayload) {
      const unsub = await pg.listen(channel, onPayload);
      return async () => {
        await unsub();
      };
    },
    async ping() {
      await db.execute(sql`select 1`);
    },
    async close() {
      await pg.close();
    },
  };
}
