/**
 * `npm start`: validate the config, open the database (PGlite under .data/pg by default) and the object
 * store (.data/objects), apply migrations, seed the demo data once, start the jobs runner and the HTTP
 * server, print the URL, the demo accounts and what the seed made (the demo projects by stage, and what it
 * did not generate and why: banner.ts). SIGTERM/SIGINT drain and exit.
 */
import { ConfigError, loadConfig, type Config } from '@ebid/config';
import {
  type Deps,
  assertCenterPrintable,
  createJobHandlers,
  DEMO_ACCOUNTS,
  DEMO_PASSWORD,
  demoCertDir,
  JobRunner,
  pkiExpiry,
  publishLiveEvent,
  scheduleAuditCheckpoint,
  startTimeSourceMonitor,
  scheduleCheckpointSweep,
  seedDemoWithSummary,
  seedHolidayCalendar,
  type DemoSeedSummary,
} from '@ebid/services';
import { ROLE_LABELS } from '@ebid/domain';
import { buildServer } from './app.ts';
import { demoSeedLines } from './banner.ts';
import { createDeps } from './deps.ts';
import { createLogger } from './logger.ts';

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
    assertCenterPrintable(config.center); // every PDF prints it: a name the font cannot show is refused too
  } catch (e) {
    if (e instanceof ConfigError) {
      // Names the keys only, never their values.
      process.stderr.write(`${e.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw e;
  }
  const logger = createLogger(config);
  const t0 = performance.now();
  let deps: Deps;
  try {
    deps = await createDeps(config, logger);
  } catch (e) {
    if (e instanceof ConfigError) {
      // The PKI and the draw secret are checked here (issue 15 §2): keys and problems only, never values.
      process.stderr.write(`${e.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw e;
  }
  // A platform certificate that ends within PKI_EXPIRY_WARNING_DAYS: warned at start and once a day.
  const warnPkiExpiry = () => {
    const expiry = pkiExpiry(deps);
    if (expiry.status === 'expiring') {
      logger.warn({ pki: expiry.certificates.filter((c) => c.expiring) }, 'a platform certificate expires soon: renew it (平台证书即将到期，请及时更新)');
    }
  };
  warnPkiExpiry();
  const pkiTimer = setInterval(warnPkiExpiry, 24 * 3600 * 1000);
  pkiTimer.unref();
  await seedHolidayCalendar(deps); // reference data, in every mode
  const demo: DemoSeedSummary | null = config.seedDemo ? await seedDemoWithSummary(deps) : null;
  if (demo?.seeded.length) logger.info({ stages: demo.seeded, projects: demo.projects.length, skipped: demo.skipped.length }, 'demo data seeded');

  const jobs = new JobRunner({
    database: deps.database,
    clock: deps.clock,
    instanceId: config.instanceId,
    handlers: createJobHandlers(deps),
    logger,
    pollMs: config.jobs.pollMs,
  });
  if (config.jobs.enabled) {
    await scheduleAuditCheckpoint(deps, deps.clock.now());
    await scheduleCheckpointSweep(deps, deps.clock.now()); // issue 20: checkpoints whose job was lost are still raised
    await jobs.start();
  }

  // The time source (issue 20 §5, T3): measured from the start (first poll awaited), stopped on close.
  const timeSource = await startTimeSourceMonitor(deps);

  const app = await buildServer(deps, { logger });
  await app.listen({ port: config.port, host: config.host });
  await publishLiveEvent(deps.db, { topic: 'system', type: 'instance.started', data: { instanceId: config.instanceId } });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const url = `http://${config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host}:${port}`;
  logger.info({ url, mode: config.mode, database: deps.database.driver, objectStore: deps.storage.driver, startMs: Math.round(performance.now() - t0) }, 'listening');

  if (config.mode === 'embedded') {
    const lines = [
      '',
      `  ${config.center.platformName} is running at ${url}`,
      `  mode: ${config.mode} · database: ${deps.database.driver} (${config.database.driver === 'pglite' ? config.database.dir : 'PostgreSQL'}) · objects: ${deps.storage.driver}`,
    ];
    if (config.seedDemo) {
      lines.push(`  demo accounts — password ${DEMO_PASSWORD} for every account and .p12 file:`);
      const byRole = new Map<string, string[]>();
      for (const a of DEMO_ACCOUNTS) byRole.set(a.role, [...(byRole.get(a.role) ?? []), a.username]);
      for (const [role, names] of byRole) {
        const label = ROLE_LABELS[role as keyof typeof ROLE_LABELS];
        const shown = names.length > 6 ? `${names.slice(0, 3).join(', ')} … ${names.at(-1)} (${names.length})` : names.join(', ');
        lines.push(`    ${`${label.zh} / ${label.en}`.padEnd(28)} ${shown}`);
      }
      lines.push(`  certificates (.p12, signing + encryption per user): ${demoCertDir(deps)}`);
      if (demo) lines.push(...demoSeedLines(demo));
    }
    process.stdout.write(lines.join('\n') + '\n\n');
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    clearInterval(pkiTimer);
    timeSource.stop();
    logger.info({ signal }, 'draining');
    await publishLiveEvent(deps.db, { topic: 'system', type: 'instance.stopping', data: { instanceId: config.instanceId } }).catch(() => {});
    const force = setTimeout(() => {
      logger.error({}, 'drain timed out; exiting');
      process.exit(1);
    }, 20_000);
    force.unref();
    try {
      await deps.live.stop(); // ends SSE subscriptions so their responses finish
      await app.close(); // stops accepting, waits for in-flight requests
      await jobs.stop(); // lets the job in hand finish
      await deps.storage.close();
      await deps.database.close();
      logger.info({}, 'stopped');
      process.exit(0);
    } catch (e) {
      logger.error({ err: e }, 'error while draining');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((e: unknown) => {
  // A database error's message carries the query and its parameters: print the driver's own message
  // (the PostgreSQL error text) instead, never the parameters.
  const cause = e instanceof Error ? (e.cause as { message?: unknown } | undefined) : undefined;
  const text = typeof cause?.message === 'string' ? cause.message : e instanceof Error ? e.message : String(e);
  process.stderr.write(`start failed: ${text}\n`);
  process.exit(1);
});
