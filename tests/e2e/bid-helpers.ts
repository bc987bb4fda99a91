/**
 * Shared setup of the bid and opening browser tests: an open tender (no prequalification, one section),
 * publishing it and opening bidding, importing a demo bidder's .p12 backups in the browser, and a sealed
 * bid submitted from Node (sealed with the demo user's own keys from its .p12 files).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import type { Locator, Page } from 'playwright-core';
import { createPartHasher, fromP12, outerManifestBytes, sealPart, signCmsDetached, TRANSPORT_CHUNK_SIZE, type BidPart } from '@ebid/pki';
import { encodeBidSummary } from '@ebid/domain';
import { addTestDocumentAs } from '@ebid/testing';
import { PASSWORD, type ApiClient } from './harness.ts';

/**
 * The tenderee's open tender (engineering, no prequalification, one section 施工总承包) with a 2026
 * schedule whose bidding opens at 09:00 on 2 June 2026.
 */
export async function createOpenTender(
  tenderee: ApiClient,
  opts: { name: string; noticePublishAt: string; bidDeadline: string },
): Promise<{ projectId: number; sectionId: number; dealCode: string }> {
  const p = await tenderee.trpc.project.create.mutate({
    tradeType: 'engineering',
    method: 'open',
    prequalification: false,
    name: opts.name,
    budgetFen: 900_000_000,
    sections: [{ name: '施工总承包', ceilingFen: 880_000_000 }],
  });
  await tenderee.trpc.project.saveSchedule.mutate({
    projectId: p.id,
    expectedVersion: p.version,
    schedule: {
      noticePublishAt: opts.noticePublishAt,
      docsIssueStart: '2026-06-02T09:00:00+08:00',
      docsIssueEnd: '2026-06-09T17:00:00+08:00',
      bidDeadline: opts.bidDeadline,
      openingAt: opts.bidDeadline,
    },
  });
  const got = await tenderee.trpc.project.get.query({ projectId: p.id });
  return { projectId: p.id, sectionId: got.sections[0]!.id, dealCode: p.unifiedDealCode };
}

/**
 * The tenderee's tender notice (staff publish it), `bidders` register for the section, the clock moves
 * to `biddingAt` and the job runner opens bidding (issue 5 timers). Without `biddingAt` the project is
 * left published, before bidding (the test moves the clock itself).
 */
export async function publishAndOpenBidding(opts: {
  as: (username: string) => Promise<ApiClient>;
  setClock: (iso: string) => Promise<void>;
  projectId: number;
  sectionId: number;
  title: string;
  body: string;
  bidders: readonly string[];
  biddingAt?: string;
}): Promise<void> {
  const { as, projectId, sectionId } = opts;
  const t = await as('tenderee');
  await addTestDocumentAs(t, projectId); // issue 16 §1: no tender without documents
  const n = await t.trpc.notice.draft.mutate({ projectId, kind: 'tender', title: opts.title, body: opts.body });
  await t.trpc.notice.submit.mutate({ noticeId: n.id });
  await (await as('staff')).trpc.notice.publish.mutate({ noticeId: n.id });
  for (const u of opts.bidders) await (await as(u)).trpc.registration.register.mutate({ sectionId });
  if (opts.biddingAt === undefined) return;

  await opts.setClock(opts.biddingAt);
  await waitForBidding(as, projectId);
}

/** Poll until the job runner has moved the project into BIDDING. */
export async function waitForBidding(as: (username: string) => Promise<ApiClient>, projectId: number): Promise<void> {
  const staff = await as('staff');
  for (let i = 0; ; i++) {
    const status = (await staff.trpc.project.get.query({ projectId })).status;
    if (status === 'BIDDING') break;
    if (i > 120) throw new Error(`the project did not open for bidding (status ${status})`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** In the keys card within `scope`: import `user`'s demo .p12 backups for this session, wait for `readyTestId`. */
export async function importP12Backups(scope: Page | Locator, dataDir: string, user: string, readyTestId: string): Promise<void> {
  await scope.getByLabel('签名证书备份（.p12）').setInputFiles(path.join(dataDir, 'demo-certs', `${user}-sign.p12`));
  await scope.getByLabel('签名证书口令').fill(PASSWORD);
  await scope.getByLabel('加密证书备份（.p12）').setInputFiles(path.join(dataDir, 'demo-certs', `${user}-enc.p12`));
  await scope.getByLabel('加密证书口令').fill(PASSWORD);
  await scope.getByRole('button', { name: '导入证书备份' }).click();
  await scope.getByTestId(readyTestId).waitFor();
}

// ------------------------------------------------------------------------------ sealed bids (Node)

/** `user`'s demo signing and encryption keys, from the .p12 files in the server's DATA_DIR. */
function demoKeys(dataDir: string, user: string) {
  const read = (u: 'sign' | 'enc') => fromP12(fs.readFileSync(path.join(dataDir, 'demo-certs', `${user}-${u}.p12`)), PASSWORD);
  const sign = read('sign');
  const enc = read('enc');
  return { sign: { keyPem: sign.privateKeyPem, certPem: sign.certPem }, enc: { keyPem: enc.privateKeyPem, certPem: enc.certPem } };
}

async function seal(dataDir: string, user: string, at: { projectId: number; sectionId: number }, part: BidPart, name: string, plaintext: Buffer) {
  const keys = demoKeys(dataDir, user);
  const chunks: Buffer[] = [];
  const r = await sealPart({
    input: Readable.from([plaintext]),
    output: new Writable({
      write(c: Buffer, _e, cb) {
        chunks.push(c);
        cb();
      },
    }),
    part,
    projectId: at.projectId,
    sectionId: at.sectionId,
    name,
    recipientCertPems: [keys.enc.certPem],
    signerKeyPem: keys.sign.keyPem,
    signerCertPem: keys.sign.certPem,
  });
  return { sealed: Buffer.concat(chunks), headerSha256: r.headerSha256, signer: keys.sign };
}

/**
 * `user` (signed in as `client`) seals the 开标一览表 (price `priceFen`) and a 300 kB technical part in
 * Node, uploads them in pieces over HTTP to the server at `base`, and finalizes; the bid's id.
 */
export async function submitSealedBid(opts: {
  base: string;
  dataDir: string;
  client: ApiClient;
  user: string;
  projectId: number;
  sectionId: number;
  priceFen: number;
}): Promise<number> {
  const { base, client: c, user, projectId, sectionId } = opts;
  // The one sealed summary format (padded, salted; issue 14 §1).
  const summary = Buffer.from(encodeBidSummary({ projectId, sectionId, priceFen: opts.priceFen, durationDays: 365, quality: '合格' }));
  const parts: { part: BidPart; name: string; plaintext: Buffer }[] = [
    { part: 'summary', name: '开标一览表.json', plaintext: summary },
    { part: 'technical', name: `技术标-${user}.pdf`, plaintext: crypto.randomBytes(300_000) },
  ];
  const list: { uploadId: number; outerSignature: string }[] = [];
  // The outer signature names the company and the version this bid becomes (issue 14 §8).
  const [who, mine] = await Promise.all([c.trpc.auth.me.query(), c.trpc.bid.mine.query({ sectionId })]);
  const bidderOrgId = who.actor!.orgId;
  const version = mine.reduce((m, b) => Math.max(m, b.version), 0) + 1;
  for (const p of parts) {
    const { sealed, headerSha256, signer } = await seal(opts.dataDir, user, { projectId, sectionId }, p.part, p.name, p.plaintext);
    const h = createPartHasher();
    h.update(sealed);
    const partHash = h.digest();
    const start = await c.trpc.bid.startUpload.mutate({ sectionId, part: p.part, size: sealed.length, partHash });
    for (let i = 0; i < start.pieceCount; i++) {
      const res = await fetch(`${base}/bids/uploads/${start.uploadId}/pieces/${i}`, {
        method: 'PUT',
        headers: { cookie: c.cookie(), origin: base, 'content-type': 'application/octet-stream' },
        body: sealed.subarray(i * TRANSPORT_CHUNK_SIZE, (i + 1) * TRANSPORT_CHUNK_SIZE),
      });
      if (res.status !== 200) throw new Error(`${user} piece ${i}: ${res.status} ${await res.text()}`);
    }
    const outer = signCmsDetached(outerManifestBytes({ projectId, sectionId, bidderOrgId, version, part: p.part, headerSha256, partHash, size: sealed.length }), signer);
    list.push({ uploadId: start.uploadId, outerSignature: outer.toString('base64') });
  }
  const r = await c.trpc.bid.finalize.mutate({ sectionId, version, parts: list });
  return r.bid.id;
}
