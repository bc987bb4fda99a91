/**
 * Shared setup of the `ebid` integration tests that talk to the real server (submit.int.test.ts,
 * decrypt.int.test.ts): the server on PostgreSQL + S3 with a dev platform PKI (root.pem written into the
 * temporary directory), the demo users, one open-procedure project with one section published and open
 * for bids, bidders registered with certificates issued through cert.issue (the keys stay here, written
 * as sign.p12 / enc.p12), and `ebid` run in-process.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import { organizations, users } from '@ebid/db';
import { buildServer } from '@ebid/server/app';
import { DEMO_PASSWORD, seedDemo, seedHolidayCalendar } from '@ebid/services';
import { addTestDocumentAs, createTestClient, createTestDatabase, createTestDeps, createTestS3Store, runTestJob, TENDER_SCHEDULE, testEnv, type TestDatabase } from '@ebid/testing';
import { createCsrPem, ensureDevPki, generateKeyPairPem, toP12, type PlatformPki } from '@ebid/pki';
import { run } from './main.ts';

const START = new Date('2026-02-25T02:00:00Z');
const IN_BIDDING = new Date('2026-03-10T02:00:00Z');
/** The project's schedule: the bid deadline and the opening are 2026-03-25 09:30 +08:00. */
/** The tender schedule of @ebid/testing (the one test calendar). */
export const SCHEDULE = { ...TENDER_SCHEDULE };

/** Runs `ebid <args>` in-process and collects what it prints. */
export async function cli(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await run(args, (s) => (out += s));
  return { code, out };
}

export interface CliServer {
  deps: Awaited<ReturnType<typeof createTestDeps>>;
  app: FastifyInstance;
  /** The server's URL (`--server`). */
  base: string;
  /** The temporary directory (removed by close()). */
  dir: string;
  platform: PlatformPki;
  /** The test database's URL (a second connection, e.g. the superuser of issue 13 §6). */
  dbUrl: string;
  /** The server's environment for operator commands such as `ebid verify-audit`. */
  serverEnv: Record<string, string>;
  projectId: number;
  sectionId: number;
  /** A path inside `dir`. */
  p(...names: string[]): string;
  /** A test client logged in as a demo user (password login). */
  as(username: string): Promise<ReturnType<typeof createTestClient>>;
  /**
   * Registers the bidder for the section and issues its certificates through cert.issue; the keys are
   * written with `passphrase` as `<into>/sign.p12` (with the platform root as chain when `chain`) and
   * `<into>/enc.p12`.
   */
  registerBidder(username: string, o: { into: string; passphrase: string; chain?: boolean }): Promise<void>;
  /** Stops the server, drops the database, removes `dir`. */
  close(): Promise<void>;
}

/** Starts the server and creates the project (`projectName`), published and open for bids. */
export async function startCliServer(o: { tmpPrefix: string; projectName: string }): Promise<CliServer> {
  let tdb: TestDatabase | undefined;
  let deps: CliServer['deps'] | undefined;
  let app: FastifyInstance | undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), o.tmpPrefix));
  const close = async () => {
    await deps?.live.stop();
    await app?.close();
    await deps?.close();
    await tdb?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    const p = (...n: string[]) => path.join(dir, ...n);
    const platform = await ensureDevPki(p('platform-pki'), { now: new Date('2026-01-01T00:00:00Z') });
    tdb = await createTestDatabase();
    const store = await createTestS3Store();
    deps = await createTestDeps(tdb.database, { storage: store, clockStart: START, pki: { platform, trustedRootsPem: [platform.rootCertPem] } });
    const { s3 } = testEnv();
    const serverEnv = { DATABASE_URL: tdb.url, S3_ENDPOINT: s3.endPoint, S3_ACCESS_KEY: s3.accessKey, S3_SECRET_KEY: s3.secretKey, S3_BUCKET: store.bucket, PKI_DIR: p('platform-pki') };
    await seedHolidayCalendar(deps);
    await seedDemo(deps, { certificates: false, projects: false });
    app = await buildServer(deps, {});
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    fs.writeFileSync(p('root.pem'), platform.rootCertPem);

    const as = async (username: string) => {
      const c = createTestClient(base);
      await c.trpc.auth.login.mutate({ username, password: DEMO_PASSWORD });
      return c;
    };
    const owner = await as('tenderee');
    const t = owner.trpc;
    const created = await t.project.create.mutate({
      tradeType: 'engineering',
      method: 'open',
      name: o.projectName,
      budgetFen: 500_000_000,
      sections: [{ name: '第一标段', ceilingFen: 400_000_000, securityFen: 0 }],
    });
    await t.project.saveSchedule.mutate({ projectId: created.id, schedule: SCHEDULE, expectedVersion: created.version });
    await addTestDocumentAs(owner, created.id);
    const n = await t.notice.draft.mutate({ projectId: created.id, kind: 'tender', title: `${o.projectName}招标公告`, body: '一、招标条件\n\n本项目已具备招标条件，现对该项目的施工进行公开招标。' });
    await t.notice.submit.mutate({ noticeId: n.id });
    await (await as('staff')).trpc.notice.publish.mutate({ noticeId: n.id });
    deps.clock.set(IN_BIDDING);
    await runTestJob(deps, 'project.timer', { projectId: created.id, event: 'open_bidding' });
    // (sessions made before the clock jump have expired)
    const project = await (await as('tenderee')).trpc.project.get.query({ projectId: created.id });
    const sectionId = project.sections[0]!.id;
    const d = deps;

    const registerBidder = async (username: string, r: { into: string; passphrase: string; chain?: boolean }) => {
      const c = (await as(username)).trpc;
      await c.registration.register.mutate({ sectionId });
      const [row] = await d.db
        .select({ displayName: users.displayName, orgName: organizations.name, creditCode: organizations.creditCode })
        .from(users)
        .innerJoin(organizations, eq(organizations.id, users.orgId))
        .where(eq(users.username, username));
      const subject = { commonName: row!.displayName, organizationName: row!.orgName, serialNumber: row!.creditCode, countryName: 'CN' };
      const s = generateKeyPairPem();
      const e = generateKeyPairPem();
      const issued = await c.cert.issue.mutate({ signingCsrPem: createCsrPem(s, subject), encryptionCsrPem: createCsrPem(e, subject) });
      const chain = r.chain ? { chainPem: [platform.rootCertPem] } : {};
      fs.writeFileSync(path.join(r.into, 'sign.p12'), toP12({ privateKeyPem: s.privateKeyPem, certPem: issued.signing.pem, ...chain, passphrase: r.passphrase }));
      fs.writeFileSync(path.join(r.into, 'enc.p12'), toP12({ privateKeyPem: e.privateKeyPem, certPem: issued.encryption.pem, passphrase: r.passphrase }));
    };

    return { deps, app, base, dir, platform, dbUrl: tdb.url, serverEnv, projectId: project.id, sectionId, p, as, registerBidder, close };
  } catch (e) {
    await close().catch(() => undefined);
    throw e;
  }
}
