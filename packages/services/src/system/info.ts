/** What the platform says about itself: its clock (the only one, T1) and what it is (system.time, system.info). */
import type { ServerTime, SystemInfo } from '@ebid/contracts';
import type { RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { pkiExpiry } from './health.ts';

/** Server time; the web top bar measures its offset from this. */
export function serverTime(deps: Pick<Deps, 'clock' | 'config'>): ServerTime {
  const now = deps.clock.now();
  return {
    epochMs: now.getTime(),
    iso: now.toISOString(),
    timeZone: 'Asia/Shanghai',
    fakeClock: deps.clock.fake,
    acceleration: deps.config.testing.acceleration,
  };
}

/**
 * The platform's mode, drivers, instance and configured center (public facts); center staff and
 * platform administrators also get the platform certificates that end soon (issue 15 §2).
 */
export function systemInfo(deps: Pick<Deps, 'clock' | 'config' | 'database' | 'storage' | 'pki'>, ctx: RequestContext): SystemInfo {
  const role = ctx.actor?.role;
  const staff = role === 'staff' || role === 'platform_admin';
  const { platformName, centerName, regionCode, address, contact } = deps.config.center;
  return {
    name: '公共资源交易平台',
    version: '0.1.0',
    mode: deps.config.mode,
    database: deps.database.driver,
    objectStore: deps.storage.driver,
    instance: deps.config.instanceId,
    center: { platformName, centerName, regionCode, address, contact },
    ...(staff
      ? {
          pkiWarnings: pkiExpiry(deps)
            .certificates.filter((c) => c.expiring)
            .map(({ role: r, subject, notAfter, daysLeft }) => ({ role: r, subject, notAfter, daysLeft })),
        }
      : {}),
  };
}
