/** Build the runtime dependencies from a validated Config: database, object store, clock, live hub. */
import type { Config } from '@ebid/config';
import { openDatabase } from '@ebid/db';
import { createFsObjectStore, createS3ObjectStore, type ObjectStore } from '@ebid/storage';
import fs from 'node:fs';
import { ensureDevPki, loadPlatformPki } from '@ebid/pki';
import { FakeClock, LiveHub, systemClock, type Clock, type Deps, type Logger } from '@ebid/services';

export function createClock(config: Config): Clock {
  if (!config.testing.fakeClock) return systemClock;
  return new FakeClock(config.testing.fakeClockStart ? new Date(config.testing.fakeClockStart) : new Date());
}

export function createObjectStore(config: Config): ObjectStore {
  const s = config.storage;
  if (s.driver === 'fs') return createFsObjectStore({ root: s.root });
  return createS3ObjectStore({
    endPoint: s.endPoint,
    accessKey: s.accessKey,
    secretKey: s.secretKey,
    bucket: s.bucket,
    region: s.region,
  });
}

/** The platform PKI (created on first start outside production) and every trusted root (CA互认). */
export async function loadPki(config: Config): Promise<Deps['pki']> {
  // A dev PKI (never in production) is dated a year back: with the test clock the platform may run in the
  // past of the real date, and the demo seed back-dates its story (bids received, then opened, before
  // today) — every signature there must already be valid, not "not yet valid".
  const fakeStart = config.testing.fakeClock ? Date.parse(config.testing.fakeClockStart ?? '') || Date.now() : Date.now();
  const devNow = new Date(Math.min(Date.now(), fakeStart) - 366 * 86_400_000);
  const platform = config.pki.createIfMissing
    ? await ensureDevPki(config.pki.dir, { now: devNow })
    : await loadPlatformPki(config.pki.dir);
  const foreign = config.pki.trustedRootFiles.map((f) => fs.readFileSync(f, 'utf8'));
  return { platform, trustedRootsPem: [platform.rootCertPem, ...foreign] };
}

export async function createDeps(config: Config, logger: Logger): Promise<Deps> {
  const pki = await loadPki(config);
  const database = await openDatabase(
    config.database.driver === 'postgres'
      ? { driver: 'postgres', url: config.database.url }
      : { driver: 'pglite', dir: config.database.dir },
  );
  try {
    await database.migrate();
    const storage = createObjectStore(config);
    await storage.init();
    const live = new LiveHub(database, logger);
    await live.start();
    return { config, database, db: database.db, storage, clock: createClock(config), live, logger, pki };
  } catch (e) {
    await database.close().catch(() => {});
    throw e;
  }
}
