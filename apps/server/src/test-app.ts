/**
 * Test helper: the real HTTP server in-process on a fresh PostgreSQL database and S3 bucket, with the
 * holiday calendar and the demo identities (no demo certificates or projects), listening on a free port.
 */
import type { FastifyInstance } from 'fastify';
import { SESSION_COOKIE } from '@ebid/api';
import { loginAs } from '@ebid/api/test-client';
import { DEMO_PASSWORD, seedDemo, seedHolidayCalendar } from '@ebid/services';
import { addTestDocument, createTestDatabase, createTestDeps, createTestFsStore, createTestS3Store, type TestDatabase, type TestDocumentKind } from '@ebid/testing';
import { buildServer } from './app.ts';

export interface TestApp {
  base: string;
  /** The test database's URL (a second connection, e.g. to hold a lock). */
  dbUrl: string;
  deps: Awaited<ReturnType<typeof createTestDeps>>;
  close(): Promise<void>;
}

/**
 * `pki`: a platform PKI of your own (e.g. one whose root is valid from before a fake clock set in the past).
 * `storage`: the object store driver (default the S3 server; 'fs' a directory of its own).
 * `env`: more configuration (e.g. PRODUCTION_CENTER_ENV, a center's own identity).
 * `demoProjects`: seed the demo's projects too (notices, bids, an opening with its record).
 */
export async function startTestApp(
  opts: { clockStart?: Date; pki?: TestApp['deps']['pki']; storage?: 's3' | 'fs'; env?: Record<string, string>; demoProjects?: boolean } = {},
): Promise<TestApp> {
  const tdb: TestDatabase = await createTestDatabase();
  const storage = opts.storage === 'fs' ? await createTestFsStore() : await createTestS3Store();
  const deps = await createTestDeps(tdb.database, {
    storage,
    ...(opts.clockStart ? { clockStart: opts.clockStart } : {}),
    ...(opts.pki ? { pki: opts.pki } : {}),
    ...(opts.env ? { env: opts.env } : {}),
  });
  await seedHolidayCalendar(deps);
  await seedDemo(deps, { certificates: false, projects: opts.demoProjects === true });
  const app: FastifyInstance = await buildServer(deps, {});
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    base,
    dbUrl: tdb.url,
    deps,
    async close() {
      await deps.live.stop();
      await app.close();
      await deps.close();
      await tdb.drop();
    },
  };
}

/**
 * Issue 16 §1: `username` (a demo owner-side user) uploads a small PDF through `POST /files` and adds it to
 * the project as its documents of `kind` (default the tender documents) — before its notice is submitted.
 */
export async function addDocumentAs(
  app: Pick<TestApp, 'base' | 'deps'>,
  username: string,
  projectId: number,
  kind?: TestDocumentKind,
  password: string = DEMO_PASSWORD,
): Promise<{ uploadId: number }> {
  const c = await loginAs(app.deps, username, password);
  const cookie = `${SESSION_COOKIE}=${encodeURIComponent(c.jar.get(SESSION_COOKIE)!)}`;
  const t = await c.call();
  return addTestDocument({ baseUrl: app.base, cookie, add: (input) => t.document.add(input), projectId, ...(kind ? { kind } : {}) });
}
