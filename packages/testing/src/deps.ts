import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '@ebid/config';
import type { Database } from '@ebid/db';
import { createFsObjectStore, createS3ObjectStore, type ObjectStore } from '@ebid/storage';
import { ensureDevPki } from '@ebid/pki';
import { FakeClock, LiveHub, silentLogger, type Deps } from '@ebid/services';
import { testEnv } from './env.ts';

/** A fresh bucket on the test S3 server (s3rver). */
export async function createTestS3Store(): Promise<ObjectStore & { bucket: string }> {
  const { s3 } = testEnv();
  const bucket = `t-${crypto.randomBytes(6).toString('hex')}`;
  const store = createS3ObjectStore({ ...s3, bucket });
  await store.init();
  return Object.assign(store, { bucket });
}

export async function createTestFsStore(): Promise<ObjectStore & { root: string }> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-fs-'));
  const store = createFsObjectStore({ root });
  await store.init();
  return Object.assign(store, { root });
}

/**
 * Real dependencies for service and API tests: the given database, a real object store, a FakeClock, a
 * started LiveHub. `close()` stops the hub and the store (the database belongs to the caller).
 */
/** A platform PKI in a temp dir, made once per test process (two RSA keys take a moment). */
let testPki: Promise<Deps['pki']> | undefined;
export function createTestPki(): Promise<Deps['pki']> {
  testPki ??= (async () => {
    const platform = await ensureDevPki(fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-pki-')));
    return { platform, trustedRootsPem: [platform.rootCertPem] };
  })();
  return testPki;
}

export async function createTestDeps(
  database: Database,
  opts: { storage?: ObjectStore; clockStart?: Date; pki?: Deps['pki'] } = {},
): Promise<Deps & { clock: FakeClock; close(): Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-data-'));
  const config = loadConfig({ NODE_ENV: 'test', EBID_FAKE_CLOCK: '1', LOG_LEVEL: 'silent', DATA_DIR: dataDir });
  const storage = opts.storage ?? (await createTestS3Store());
  const live = new LiveHub(database, silentLogger);
  await live.start();
  const clock = new FakeClock(opts.clockStart ?? new Date());
  return {
    config,
    database,
    db: database.db,
    storage,
    clock,
    live,
    logger: silentLogger,
    pki: opts.pki ?? (await createTestPki()),
    async close() {
      await live.stop();
      await storage.close();
    },
  };
}
