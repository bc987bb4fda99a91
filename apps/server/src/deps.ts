/** Build the runtime dependencies from a validated Config: database, object store, clock, live hub. */
import crypto from 'node:crypto';
import path from 'node:path';
import { ConfigError, type Config } from '@ebid/config';
import { openDatabase } from '@ebid/db';
import { createFsObjectStore, createS3ObjectStore, type ObjectStore } from '@ebid/storage';
import fs from 'node:fs';
import { ensureDevPki, loadConfiguredPki, pkiConfigProblems, type PlatformPki } from '@ebid/pki';
import { FakeClock, LiveHub, systemClock, TimeSourceMonitor, type Clock, type Deps, type Logger } from '@ebid/services';

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

/**
 * The platform PKI and every trusted root (CA互认). Production (issue 15 §2) loads the configured CA —
 * the center's (PKI_CA_*) or the own CA in PKI_DIR (`ebid pki init`) — and the seal, and refuses with a
 * ConfigError naming the key when the chain, a key, the validity or a file's permissions is wrong, or
 * the CA is a development one; it never creates a key. Outside production a development CA is created in
 * PKI_DIR when missing (unless PKI_CA_* is configured, which is loaded as in production).
 *
 * Verifiers of users' certificates get the platform's whole chain (root, intermediates, issuing CA) with
 * the foreign roots, so a certificate issued by an intermediate verifies without its chain attached.
 */
export async function loadPki(config: Config, now: Date = new Date()): Promise<Deps['pki']> {
  let platform: PlatformPki;
  try {
    if (config.pki.ca === null && config.pki.createIfMissing) {
      // A dev PKI (never in production) is dated a year back: with the test clock the platform may run in
      // the past of the real date, and the demo seed back-dates its story (bids received, then opened,
      // before today) — every signature there must already be valid, not "not yet valid".
      const fakeStart = config.testing.fakeClock ? Date.parse(config.testing.fakeClockStart ?? '') || Date.now() : Date.now();
      const devNow = new Date(Math.min(Date.now(), fakeStart) - 366 * 86_400_000);
      const { platformName, centerName } = config.center;
      platform = await ensureDevPki(config.pki.dir, { now: devNow, names: { platformName, centerName } });
    } else {
      const production = config.mode === 'production';
      platform = await loadConfiguredPki({ dir: config.pki.dir, ca: config.pki.ca }, { production, ...(production ? { at: now } : {}) });
    }
  } catch (e) {
    const problems = pkiConfigProblems(e);
    if (problems) throw new ConfigError(problems);
    throw e;
  }
  const foreign = config.pki.trustedRootFiles.map((f) => fs.readFileSync(f, 'utf8'));
  return { platform, trustedRootsPem: [...platform.chainPem, ...foreign] };
}

/**
 * The draw secret (issue 14 §2) from its file — 64 hex characters, readable by the server's user only.
 * Outside production a missing file is created with 32 fresh random bytes and mode 0600; in production
 * it must exist, and a file readable by group or others is refused (the secret is what keeps the
 * platform's share of a draw unknown until the draw).
 */
export function loadDrawSecret(config: Pick<Config, 'draws' | 'mode'>): Buffer {
  const file = config.draws.secretFile;
  if (!fs.existsSync(file)) {
    if (!config.draws.createIfMissing) throw new ConfigError([{ key: 'DRAW_SECRET_FILE', problem: 'the file does not exist' }]);
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    try {
      fs.writeFileSync(file, `${crypto.randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e; // another instance made it meanwhile
    }
  }
  const st = fs.statSync(file);
  if (config.mode === 'production' && (st.mode & 0o077) !== 0) throw new ConfigError([{ key: 'DRAW_SECRET_FILE', problem: 'the file must not be readable by group or others (chmod 600)' }]);
  const hex = fs.readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new ConfigError([{ key: 'DRAW_SECRET_FILE', problem: 'the file must hold 64 hexadecimal characters' }]);
  return Buffer.from(hex, 'hex');
}

export async function createDeps(config: Config, logger: Logger): Promise<Deps> {
  const clock = createClock(config);
  const pki = await loadPki(config, clock.now());
  const secrets = { draw: loadDrawSecret(config) };
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
    return { config, database, db: database.db, storage, clock, live, logger, pki, secrets, timeSource: new TimeSourceMonitor(config.timeSource, config.instanceId) };
  } catch (e) {
    await database.close().catch(() => {});
    throw e;
  }
}
