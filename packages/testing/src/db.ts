import crypto from 'node:crypto';
import postgres from 'postgres';
import { inject } from 'vitest';
import { openDatabase, type Database } from '@ebid/db';
import { testEnv, withDatabase } from './env.ts';
import './provided-context.ts';

export interface TestDatabase {
  name: string;
  url: string;
  database: Database;
  /** Close the connections and drop the database. */
  drop(): Promise<void>;
}

/** A fresh, migrated database cloned from the run's template (see global-setup.ts). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const env = testEnv();
  const template = inject('templateDatabase');
  const name = `${template.replace('ebid_tpl_', 'ebid_t_')}_${crypto.randomBytes(4).toString('hex')}`;
  const admin = postgres(env.databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name} template ${template}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(env.databaseUrl, name);
  const database = await openDatabase({ driver: 'postgres', url, max: 5 });
  return {
    name,
    url,
    database,
    async drop() {
      await database.close();
      const a = postgres(env.databaseUrl, { max: 1, onnotice: () => {} });
      try {
        await a.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await a.end();
      }
    },
  };
}

/**
 * An empty database (no tables, no migrations), as a DBA hands one over for a first production run;
 * `drop()` removes it. The first server or `ebid` command run against it migrates it.
 */
export async function createEmptyDatabase(): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const env = testEnv();
  const name = `ebid_empty_${crypto.randomBytes(4).toString('hex')}`;
  const admin = postgres(env.databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  return {
    name,
    url: withDatabase(env.databaseUrl, name),
    async drop() {
      const a = postgres(env.databaseUrl, { max: 1, onnotice: () => {} });
      try {
        await a.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await a.end();
      }
    },
  };
}
