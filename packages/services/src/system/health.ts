import type { Deps } from '../deps.ts';

export interface HealthReport {
  status: 'ok' | 'degraded';
  instance: string;
  database: { ok: boolean; driver: string; ms: number; detail?: string };
  objectStore: { ok: boolean; driver: string; ms: number; detail?: string };
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

/** What GET /healthz reports: both backing services answer, with their round-trip times. */
export async function checkHealth(deps: Pick<Deps, 'database' | 'storage' | 'config'>): Promise<HealthReport> {
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
  };
}
