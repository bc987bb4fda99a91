import type { Config } from '@ebid/config';
import type { Database, Db } from '@ebid/db';
import type { ObjectStore } from '@ebid/storage';
import type { PlatformPki } from '@ebid/pki';
import type { Clock } from './clock.ts';
import type { LiveHub } from './live/hub.ts';
import type { Logger } from './logger.ts';
import type { TimeSourceMonitor } from './system/time-source/monitor.ts';

/** Everything a use case may touch, passed in explicitly (style.md §8). */
export interface Deps {
  config: Config;
  database: Database;
  db: Db;
  storage: ObjectStore;
  clock: Clock;
  live: LiveHub;
  logger: Logger;
  /** The platform CA and signing key, and every root CA trusted for users' certificates (CA互认). */
  pki: { platform: PlatformPki; trustedRootsPem: string[] };
  /**
   * Secrets kept out of the database (issue 14 §2). `draw`: 32 bytes; the platform's share of each public
   * draw is HMAC-SHA256(draw, 'ebid-draw-platform-share:v1:' + draw id) — see draws/crypto.ts.
   */
  secrets: { draw: Buffer };
  /** This instance's NTP offset monitor (issue 20 §5, T3): measured only, never used to set the clock. */
  timeSource: TimeSourceMonitor;
}
