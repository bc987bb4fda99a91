/**
 * E2E global setup: the real server as `npm start` runs it, on a fresh PostgreSQL database and an S3
 * bucket, with demo data and the fake clock (so later e2e tests can move time), serving the built web
 * app. Tests read its URL from E2E_BASE_URL.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { REPO_ROOT, startServerProcess, testEnv, withDatabase } from '@ebid/testing';

declare module 'vitest' {
  export interface ProvidedContext {
    e2eBaseUrl: string;
    /** The server's DATA_DIR (its development mailbox is DATA_DIR/mail); '' when the server was started by hand. */
    e2eDataDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // A server started by hand (E2E_BASE_URL set): test against it, start nothing.
  const given = process.env.E2E_BASE_URL;
  if (given) {
    project.provide('e2eBaseUrl', given);
    project.provide('e2eDataDir', process.env.E2E_DATA_DIR ?? '');
    return async () => {};
  }
  const index = path.join(REPO_ROOT, 'apps/web/dist/index.html');
  if (!fs.existsSync(index)) {
    throw new Error('The web app is not built (apps/web/dist): run the tests with `npm test`, which builds it.');
  }
  const env = testEnv();
  const dbName = `ebid_e2e_${crypto.randomBytes(4).toString('hex')}`;
  const admin = postgres(env.databaseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${dbName}`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-e2e-'));
  const server = await startServerProcess({
    env: {
      DATABASE_URL: withDatabase(env.databaseUrl, dbName),
      S3_ENDPOINT: env.s3.endPoint,
      S3_ACCESS_KEY: env.s3.accessKey,
      S3_SECRET_KEY: env.s3.secretKey,
      S3_BUCKET: `e2e-${crypto.randomBytes(4).toString('hex')}`,
      SEED_DEMO: '1',
      DATA_DIR: dataDir,
      EBID_FAKE_CLOCK: '1',
      HOST: '127.0.0.1',
    },
    timeoutMs: 180_000,
  });
  process.env.E2E_BASE_URL = server.url;
  project.provide('e2eBaseUrl', server.url);
  project.provide('e2eDataDir', dataDir);
  return async () => {
    await server.stop('SIGTERM');
    await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  };
}
