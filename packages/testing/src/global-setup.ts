/**
 * Vitest global setup for integration tests: migrate a template database once per run; each test file
 * then clones its own database from it (CREATE DATABASE … TEMPLATE, ~0.15 s), so files run in parallel
 * without sharing rows.
 */
import crypto from 'node:crypto';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { migratePostgres } from '@ebid/db';
import { testEnv, withDatabase } from './env.ts';

import './provided-context.ts';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const env = testEnv();
  const template = `ebid_tpl_${crypto.randomBytes(4).toString('hex')}`;
  const admin = postgres(env.databaseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${template}`);
  await migratePostgres(withDatabase(env.databaseUrl, template));
  await admin.unsafe(`alter database ${template} with is_template true allow_connections false`);
  project.provide('templateDatabase', template);
  return async () => {
    const prefix = template.replace('ebid_tpl_', 'ebid_t_');
    const rows = await admin<{ datname: string }[]>`select datname from pg_database where datname like ${prefix + '%'}`;
    for (const r of rows) await admin.unsafe(`drop database if exists ${r.datname} with (force)`);
    await admin.unsafe(`alter database ${template} with is_template false`);
    await admin.unsafe(`drop database if exists ${template} with (force)`);
    await admin.end();
  };
}
