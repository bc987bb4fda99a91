/**
 * Shared setup of the benchmarks that need many sealed bids through the real HTTP server (issue 6 §8
 * bids.bench, issue 7 §8 opening.bench): a test app on PostgreSQL + S3 with a fake clock, one engineering
 * project in BIDDING with one section, bidder companies (one user each, certified signing and
 * encryption keys — one key pair each, shared by every company: keygen would dominate the setup — and a
 * registration), sealing a part, uploading it in pieces and the outer signature for finalize.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { organizations, users } from '@ebid/db';
import { creditCodeCheckChar } from '@ebid/domain';
import { createCsrPem, createPartHasher, ensureDevPki, generateKeyPairPem, outerManifestBytes, sealPart, signCmsDetached, TRANSPORT_CHUNK_SIZE, type BidPart } from '@ebid/pki';
import { createJobHandlers } from '@ebid/services';
import { addTestDocumentAs, createTestClient } from '@ebid/testing';
import { startTestApp, type TestApp } from '../../apps/server/src/test-app.ts';

export const PASSWORD = 'Demo#2026';
export const START = new Date('2026-02-25T02:00:00Z');
export const IN_BIDDING = new Date('2026-03-10T02:00:00Z');
export const DEADLINE_ISO = '2026-03-25T09:30:00+08:00';
export const DEADLINE = new Date(DEADLINE_ISO);

export type Client = ReturnType<typeof createTestClient>;
export interface Company {
  username: string;
  orgId: number;
  client: Client;
  cookie: string;
  signCertPem: string;
  encCertPem: string;
}

export const headerSha = (sealed: Buffer): string => crypto.createHash('sha256').update(sealed.subarray(12, 12 + sealed.readUInt32BE(8))).digest('hex');

export function partHashOf(sealed: Buffer): string {
  const h = createPartHasher();
  h.update(sealed);
  return h.digest();
}

export const pct = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};

export interface BidBench {
  readonly app: TestApp;
  readonly base: string;
  readonly tmp: string;
  readonly projectId: number;
  readonly sectionId: number;
  /** The one key pair each for signing and encryption that every company's certificates certify. */
  readonly signKeys: { privateKeyPem: string; publicKeyPem: string };
  readonly encKeys: { privateKeyPem: string; publicKeyPem: string };
  /** Start the app, create the project and bring it into BIDDING (the clock ends at IN_BIDDING). */
  setup(): Promise<void>;
  close(): Promise<void>;
  signIn(username: string): Promise<Client>;
  /** A bidder company with one user (`${prefix}${i}`), its certificates (shared keys) and a registration for the section. */
  company(i: number, pwHash: string, prefix?: string): Promise<Company>;
  sealToBuffer(c: Company, part: BidPart, plaintext: Buffer | Readable): Promise<Buffer>;
  putPiece(c: Company, uploadId: number, index: number, body: Buffer): Promise<void>;
  /** Start the upload of one sealed part and send every piece (`parallel` at a time); returns what finalize needs (signed for bid `version`, default 1). */
  upload(c: Company, part: BidPart, sealed: Buffer, parallel?: number, version?: number): Promise<{ uploadId: number; outerSignature: string }>;
}

export function bidBench(opts: { projectName: string; tmpPrefix: string }): BidBench {
  let app: TestApp | undefined;
  let projectId = 0;
  let sectionId = 0;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), opts.tmpPrefix));
  const signKeys = generateKeyPairPem();
  const encKeys = generateKeyPairPem();
  const base = () => app!.base;

  async function signIn(username: string): Promise<Client> {
    const c = createTestClient(base());
    await c.trpc.auth.login.mutate({ username, password: PASSWORD });
    return c;
  }

  async function putPiece(c: Company, uploadId: number, index: number, body: Buffer): Promise<void> {
    const res = await fetch(`${base()}/bids/uploads/${uploadId}/pieces/${index}`, { method: 'PUT', headers: { cookie: c.cookie, 'content-type': 'application/octet-stream' }, body });
    if (res.status !== 200) throw new Error(`piece ${index}: ${res.status} ${await res.text()}`);
  }

  const kit: BidBench = {
    get app() {
      return app!;
    },
    get base() {
      return base();
    },
    tmp,
    get projectId() {
      return projectId;
    },
    get sectionId() {
      return sectionId;
    },
    signKeys,
    encKeys,
    async setup() {
      const platform = await ensureDevPki(path.join(tmp, 'pki'), { now: new Date('2026-01-01T00:00:00Z') });
      app = await startTestApp({ clockStart: START, pki: { platform, trustedRootsPem: [platform.rootCertPem] } });
      const t = await signIn('tenderee');
      const p = await t.trpc.project.create.mutate({ tradeType: 'engineering', method: 'open', name: opts.projectName, budgetFen: 880_000_000, sections: [{ name: '第一标段', ceilingFen: 800_000_000, securityFen: 0 }] });
      await t.trpc.project.saveSchedule.mutate({
        projectId: p.id,
        expectedVersion: p.version,
        schedule: { noticePublishAt: '2026-02-25T09:00:00+08:00', docsIssueStart: '2026-03-02T09:00:00+08:00', docsIssueEnd: '2026-03-10T09:00:00+08:00', bidDeadline: DEADLINE_ISO, openingAt: DEADLINE_ISO },
      });
      await addTestDocumentAs(t, p.id);
      const n = await t.trpc.notice.draft.mutate({ projectId: p.id, kind: 'tender', title: `${opts.projectName}招标公告`, body: '一、招标条件\n\n本项目已具备招标条件，现进行公开招标。' });
      await t.trpc.notice.submit.mutate({ noticeId: n.id });
      await (await signIn('staff')).trpc.notice.publish.mutate({ noticeId: n.id });
      app.deps.clock.set(IN_BIDDING);
      await createJobHandlers(app.deps)['project.timer']!({ job: { id: 0, kind: 'project.timer', payload: { projectId: p.id, event: 'open_bidding' }, attempts: 1, maxAttempts: 5 }, instanceId: 'bench', signal: new AbortController().signal });
      projectId = p.id;
      // The clock moved two weeks: the tenderee's session has expired, so read the project as staff anew.
      sectionId = (await (await signIn('staff')).trpc.project.get.query({ projectId: p.id })).sections[0]!.id;
    },
    async close() {
      await app?.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    },
    signIn,
    async company(i, pwHash, prefix = 'rush') {
      const body = `91330100MA${String(1_000_000 + i).slice(-7)}`;
      const creditCode = body + creditCodeCheckChar(body)!;
      const name = `基准测试投标人${String(i).padStart(3, '0')}有限公司`;
      const username = `${prefix}${String(i).padStart(3, '0')}`;
      const [org] = await app!.deps.db.insert(organizations).values({ creditCode, name, kind: 'bidder', status: 'active', regionCode: '330100' }).returning();
      await app!.deps.db.insert(users).values({ orgId: org!.id, username, displayName: `投标员${i}`, role: 'bidder', passwordHash: pwHash, isOrgAdmin: true });
      const client = await signIn(username);
      const subject = { commonName: `投标员${i}`, organizationName: name, serialNumber: creditCode, countryName: 'CN' };
      const certs = await client.trpc.cert.issue.mutate({ signingCsrPem: createCsrPem(signKeys, subject), encryptionCsrPem: createCsrPem(encKeys, subject) });
      await client.trpc.registration.register.mutate({ sectionId });
      return { username, orgId: org!.id, client, cookie: client.cookie(), signCertPem: certs.signing.pem, encCertPem: certs.encryption.pem };
    },
    async sealToBuffer(c, part, plaintext) {
      const chunks: Buffer[] = [];
      await sealPart({
        input: Buffer.isBuffer(plaintext) ? Readable.from([plaintext]) : plaintext,
        output: new Writable({ write: (b: Buffer, _e, cb) => (chunks.push(b), cb()) }),
        part,
        projectId,
        sectionId,
        name: `${part}.json`,
        recipientCertPems: [c.encCertPem],
        signerKeyPem: signKeys.privateKeyPem,
        signerCertPem: c.signCertPem,
      });
      return Buffer.concat(chunks);
    },
    putPiece,
    async upload(c, part, sealed, parallel = 1, version = 1) {
      const hash = partHashOf(sealed);
      const s = await c.client.trpc.bid.startUpload.mutate({ sectionId, part, size: sealed.length, partHash: hash });
      const pieces = Math.ceil(sealed.length / TRANSPORT_CHUNK_SIZE);
      let next = 0;
      await Promise.all(
        Array.from({ length: Math.max(1, Math.min(parallel, pieces)) }, async () => {
          while (next < pieces) {
            const i = next++;
            await putPiece(c, s.uploadId, i, sealed.subarray(i * TRANSPORT_CHUNK_SIZE, (i + 1) * TRANSPORT_CHUNK_SIZE));
          }
        }),
      );
      const manifest = outerManifestBytes({ projectId, sectionId, bidderOrgId: c.orgId, version, part, headerSha256: headerSha(sealed), partHash: hash, size: sealed.length });
      return { uploadId: s.uploadId, outerSignature: signCmsDetached(manifest, { keyPem: signKeys.privateKeyPem, certPem: c.signCertPem }).toString('base64') };
    },
  };
  return kit;
}
