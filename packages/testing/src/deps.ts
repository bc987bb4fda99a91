import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '@ebid/config';
import type { Database } from '@ebid/db';
import { Readable } from 'node:stream';
import { createFsObjectStore, createS3ObjectStore, objectKey, plainPutObjectForBench, type ObjectStore } from '@ebid/storage';
import { ensureDevPki } from '@ebid/pki';
import { FakeClock, LiveHub, silentLogger, TimeSourceMonitor, type Deps } from '@ebid/services';
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
 * Overwrites a stored object's bytes behind the store's back (issue 13 §5 tests): a raw S3 PUT to the same
 * key for a test S3 store, a write of the file for a test fs store. The object store never does this.
 */
export async function tamperStoredObject(store: ObjectStore, sha256: string, bytes: Uint8Array): Promise<void> {
  if ('bucket' in store && typeof store.bucket === 'string') {
    await plainPutObjectForBench({ ...testEnv().s3, bucket: store.bucket }, objectKey(sha256), Readable.from([Buffer.from(bytes)]), bytes.length);
    return;
  }
  if ('root' in store && typeof store.root === 'string') {
    const file = path.join(store.root, ...objectKey(sha256).split('/'));
    fs.chmodSync(file, 0o644);
    fs.writeFileSync(file, bytes);
    fs.chmodSync(file, 0o444);
    return;
  }
  throw new Error('tamperStoredObject: not a test store (createTestS3Store / createTestFsStore)');
}

/** The whole content of a stored object (verified). */
export async function readStoredObject(store: ObjectStore, sha256: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of await store.get(sha256)) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c as Uint8Array));
  return Buffer.concat(chunks);
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
    return { platform, trustedRootsPem: platform.chainPem };
  })();
  return testPki;
}

/**
 * A platform PKI whose root is valid from `notBefore` (for a fake clock set in the past: the demo
 * calendar of 2026), made once per test process and instant; trusted by its root alone.
 */
const pkiFrom = new Map<string, Promise<Deps['pki']>>();
export function createTestPkiValidFrom(notBefore: Date): Promise<Deps['pki']> {
  const key = notBefore.toISOString();
  let pki = pkiFrom.get(key);
  if (!pki) {
    pki = (async () => {
      const platform = await ensureDevPki(fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-pki-')), { now: notBefore });
      return { platform, trustedRootsPem: [platform.rootCertPem] };
    })();
    pkiFrom.set(key, pki);
  }
  return pki;
}

export async function createTestDeps(
  database: Database,
  opts: {
    storage?: ObjectStore;
    clockStart?: Date;
    pki?: Deps['pki'];
    /** More environment for loadConfig, e.g. PRODUCTION_CENTER_ENV: validated as a start validates it. */
    env?: Record<string, string>;
  } = {},
): Promise<Deps & { clock: FakeClock; close(): Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-data-'));
  const config = loadConfig({ NODE_ENV: 'test', EBID_FAKE_CLOCK: '1', LOG_LEVEL: 'silent', DATA_DIR: dataDir, ...opts.env });
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
    // A fresh draw secret per deps, as a server's own file would be (never in the database).
    secrets: { draw: crypto.randomBytes(32) },
    // Unmonitored unless the test configures NTP_SERVERS (e.g. the loopback responder, ntp-responder.ts).
    timeSource: new TimeSourceMonitor(config.timeSource, config.instanceId),
    async close() {
      await live.stop();
      await storage.close();
    },
  };
}
