/**
 * Who a factory acts as: the demo users (seedDemo) through the real in-process API caller (middleware,
 * access table, schemas, services), or the request context an HTTP route hands to its use case.
 */
import { afterAll, beforeAll } from 'vitest';
import { SESSION_COOKIE } from '@ebid/api';
import { apiClient, loginAs } from '@ebid/api/test-client';
import { actorFromSessionToken, DEMO_PASSWORD, seedDemo, seedHolidayCalendar, type RequestContext } from '@ebid/services';
import { signCmsDetached } from '@ebid/pki';
import { createTestDatabase } from '../db.ts';
import { createTestDeps, createTestPkiValidFrom } from '../deps.ts';

export type TestDeps = Awaited<ReturnType<typeof createTestDeps>>;
export type Caller = Awaited<ReturnType<ReturnType<typeof apiClient>['call']>>;

/**
 * Real deps on a fresh database with the holiday calendar and the demo identities (no demo certificates
 * or projects): what the API-level tests start from. The platform PKI is valid from 2026-01-01, before the
 * test calendar, so certificates issued at a fake 2026 instant verify. `close()` stops everything and
 * drops the database.
 */
export async function createDemoTestDeps(opts: Parameters<typeof createTestDeps>[1] = {}): Promise<{ deps: TestDeps; dbUrl: string; close(): Promise<void> }> {
  const tdb = await createTestDatabase();
  const deps = await createTestDeps(tdb.database, { pki: await createTestPkiValidFrom(new Date('2026-01-01T00:00:00Z')), ...opts });
  await seedHolidayCalendar(deps);
  await seedDemo(deps, { certificates: false, projects: false });
  return {
    deps,
    dbUrl: tdb.url,
    async close() {
      await deps.close();
      await tdb.drop();
    },
  };
}

/**
 * The whole test file on createDemoTestDeps: made in beforeAll and handed to `use` (keep it in a `let
 * deps`), closed in afterAll.
 */
export function useDemoTestDeps(use: (deps: TestDeps) => void, opts: Parameters<typeof createTestDeps>[1] = {}): void {
  let env: Awaited<ReturnType<typeof createDemoTestDeps>> | undefined;
  beforeAll(async () => {
    env = await createDemoTestDeps(opts);
    use(env.deps);
  });
  afterAll(async () => {
    await env?.close();
  });
}

/** A caller signed in by password as `username` (a fresh session each time: a clock jump expires old ones). */
export async function callerAs(deps: TestDeps, username: string, password: string = DEMO_PASSWORD): Promise<Caller> {
  return (await loginAs(deps, username, password)).call();
}

/** The session token of a fresh password login. */
async function sessionOf(deps: TestDeps, username: string, password: string): Promise<string> {
  const token = (await loginAs(deps, username, password)).jar.get(SESSION_COOKIE);
  if (!token) throw new Error(`login of ${username} set no session cookie`);
  return token;
}

/** The session cookie header of a fresh password login (for `fetch` against a running server). */
export async function sessionCookieOf(deps: TestDeps, username: string, password: string = DEMO_PASSWORD): Promise<string> {
  return `${SESSION_COOKIE}=${encodeURIComponent(await sessionOf(deps, username, password))}`;
}

/** The request context of a signed-in user's HTTP request, for the use cases HTTP routes call (uploads, pieces). */
export async function contextAs(deps: TestDeps, username: string, password: string = DEMO_PASSWORD): Promise<RequestContext> {
  const actor = await actorFromSessionToken(deps.db, deps.clock, await sessionOf(deps, username, password));
  if (!actor) throw new Error(`no actor for ${username}`);
  return { actor, clientAddress: '127.0.0.1', userAgent: 'vitest' };
}

/** A caller whose session came from certificate login with `signer` (the user's signing key and certificate). */
export async function certCallerAs(deps: TestDeps, signer: { keyPem: string; certPem: string }): Promise<Caller> {
  const c = apiClient(deps);
  const { challenge } = await (await c.call()).auth.certChallenge();
  const signature = signCmsDetached(Buffer.from(challenge, 'utf8'), signer).toString('base64');
  await (await c.call()).auth.certLogin({ challenge, signature });
  return c.call();
}
