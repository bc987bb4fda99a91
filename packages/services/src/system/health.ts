import { platformPkiExpiry, type PlatformPkiExpiry } from '@ebid/pki';
import type { TimeSourceStatus } from '@ebid/contracts';
import type { Deps } from '../deps.ts';

export interface HealthReport {
  status: 'ok' | 'degraded';
  instance: string;
  database: { ok: boolean; driver: string; ms: number; detail?: string };
  objectStore: { ok: boolean; driver: string; ms: number; detail?: string };
  /** The platform certificates (root, intermediates, issuing CA, seal) and whether one expires soon. */
  pki: PlatformPkiExpiry;
  /**
   * This instance's time source (issue 20 §5, T3): state, measured offset and the limit — no server names.
   * A blocking state does not turn the status to 'degraded' (the instance still serves everything else);
   * monitors alert on `timeSource.blocking`.
   */
  timeSource: { state: TimeSourceStatus['state']; blocking: boolean; offsetMs: number | null; lastSampleAt: string | null; warnOffsetMs: number; maxOffsetMs: number };
}

async function timed(f: () => Promise<{ ok: boolean; detail?: string }>): Promise<{ ok: boolean; ms: number; detail?: string }> {
  const t0 = performance.now();
  try {
    const r = await f();
    return { ...r, ms: Math.round(performance.now() - t0) };
  } catch (e) {
    // Only the error class travels: driver messages can carry connection strings.
    return { ok: false, ms: Math.round(performance.now() - t0), detail: e instanceof Error ? e.name : 'error' };
  }
}

/**
 * The platform certificates' ends, judged at the platform clock's now, and 'expiring' when one of them
 * ends within PKI_EXPIRY_WARNING_DAYS (issue 15 §2): /healthz, the start log, and staff (system.info).
 */
export function pkiExpiry(deps: Pick<Deps, 'pki' | 'config' | 'clock'>): PlatformPkiExpiry {
  return platformPkiExpiry(deps.pki.platform.certificates, deps.clock.now(), deps.config.pki.expiryWarningDays);
}

/**
 * What GET /healthz reports: both backing services answer, with their round-trip times, and the platform
 * certificates' expiry. An expiring certificate is a warning, not a failure: the status stays 'ok'.
 */
export async function checkHealth(deps: Pick<Deps, 'database' | 'storage' | 'config' | 'pki' | 'clock' | 'timeSource'>): Promise<HealthReport> {
  const [database, objectStore] = await Promise.all([
    timed(async () => {
      await deps.database.ping();
      return { ok: true };
    }),
    timed(() => deps.storage.health()),
  ]);
  return {
    status: database.ok && objectStore.ok ? 'ok' : 'degraded',
    instance: deps.config.instanceId,
    database: { ...database, driver: deps.database.driver },
    objectStore: { ...objectStore, driver: deps.storage.driver },
    pki: pkiExpiry(deps),
    timeSource: (({ state, blocking, offsetMs, lastSampleAt, warnOffsetMs, maxOffsetMs }) => ({ state, blocking, offsetMs, lastSampleAt, warnOffsetMs, maxOffsetMs }))(deps.timeSource.status()),
  };
}
