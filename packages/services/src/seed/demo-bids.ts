/**
 * Demo stage "bids" (issue 6 §9): an engineering project in BIDDING whose bid deadline is three days
 * ahead, with sealed bids (summary + technical part) from three demo bidders, sealed with the demo users'
 * own keys (the .p12 files of the certificates stage in DATA_DIR/demo-certs; if that stage was skipped,
 * keys are issued here and their .p12 files written the same way) and submitted through the real
 * services: start upload, pieces, finalize with the outer signature, platform-signed receipt.
 *
 * The sealed parts open only with the bidders' own encryption keys; the server holds none of them.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import { certificates, organizations, sections, users, type Tx } from '@ebid/db';
import { BID_SUMMARY_FILE_NAME, encodeBidSummary, isAppError } from '@ebid/domain';
import { createCsrPem, createPartHasher, fromP12, generateKeyPairPem, outerManifestBytes, sealPart, signCmsDetached, toP12, TRANSPORT_CHUNK_SIZE, type BidPart } from '@ebid/pki';
import type { RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { finalizeBid } from '../bids/finalize.ts';
import { myBids } from '../bids/own-bids.ts';
import { putBidPiece, startBidUpload } from '../bids/uploads.ts';
import { CERT_VALIDITY_MS } from '../certificates/apply.ts';
import { createProject, draftNotice, publishNotice, saveSchedule, submitNotice } from '../projects/index.ts';
import { applyRegistration } from '../tendering/registrations/index.ts';
import { runProjectTimer } from '../tendering/lifecycle/index.ts';
import { addDemoDocuments, at0930, contextFor, lawfulDemoSchedule } from './demo-projects.ts';
import { shifted } from './demo-tendering.ts';

const DAY = 86_400_000;
const PASSPHRASE = 'Demo#2026';

export interface KeyPair {
  keyPem: string;
  certPem: string;
}

/** How far back the demo's story reaches (the stages put bids and openings up to a few weeks in the past). */
const DEMO_HISTORY_MS = 30 * DAY;

/**
 * notBefore of the demo users' certificates: back-dated so that the demo's history (bids received and
 * signatures made days ago) verifies, but never before the platform root itself is valid.
 */
export function demoCertNotBefore(deps: Pick<Deps, 'clock' | 'pki'>): Date {
  return new Date(Math.max(deps.pki.platform.rootInfo.notBefore.getTime(), deps.clock.now().getTime() - DEMO_HISTORY_MS));
}

/** The user's signing and encryption keys from the demo .p12 files, issued now if there are none. */
export async function demoKeys(tx: Tx, deps: Deps, username: string): Promise<{ sign: KeyPair; enc: KeyPair }> {
  const dir = path.join(deps.config.dataDir, 'demo-certs');
  const file = (u: 'sign' | 'enc') => path.join(dir, `${username}-${u}.p12`);
  const [row] = await tx
    .select({ user: users, orgName: organizations.name, creditCode: organizations.creditCode })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(eq(users.username, username));
  if (!row) throw new Error(`seed: no user ${username}`);
  const registered = async (certPem: string) => {
    const fp = crypto.createHash('sha256').update(new crypto.X509Certificate(certPem).raw).digest('hex');
    const [c] = await tx.select().from(certificates).where(eq(certificates.fingerprintSha256, fp));
    return c?.status === 'active';
  };
  if (fs.existsSync(file('sign')) && fs.existsSync(file('enc'))) {
    const sign = fromP12(fs.readFileSync(file('sign')), PASSPHRASE);
    const enc = fromP12(fs.readFileSync(file('enc')), PASSPHRASE);
    if ((await registered(sign.certPem)) && (await registered(enc.certPem))) {
      return { sign: { keyPem: sign.privateKeyPem, certPem: sign.certPem }, enc: { keyPem: enc.privateKeyPem, certPem: enc.certPem } };
    }
  }
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const now = deps.clock.now();
  const out: Partial<Record<'sign' | 'enc', KeyPair>> = {};
  for (const usage of ['signing', 'encryption'] as const) {
    const keys = generateKeyPairPem();
    const subject = { commonName: row.user.displayName, organizationName: row.orgName, serialNumber: row.creditCode, countryName: 'CN' };
    const issued = deps.pki.platform.issueUserCertificate({ csrPem: createCsrPem(keys, subject), usage, expectedSubject: subject, notBefore: demoCertNotBefore(deps), notAfter: new Date(now.getTime() + CERT_VALIDITY_MS) });
    await tx.update(certificates).set({ status: 'superseded' }).where(and(eq(certificates.userId, row.user.id), eq(certificates.usage, usage), eq(certificates.status, 'active')));
    await tx.insert(certificates).values({
      userId: row.user.id,
      orgId: row.user.orgId,
      usage,
      serialHex: issued.info.serialHex,
      subjectDn: issued.info.subjectDn,
      issuerDn: issued.info.issuerDn,
      notBefore: issued.info.notBefore,
      notAfter: issued.info.notAfter,
      pem: issued.pem,
      fingerprintSha256: issued.info.fingerprintSha256,
    });
    const short = usage === 'signing' ? 'sign' : 'enc';
    fs.writeFileSync(file(short), toP12({ privateKeyPem: keys.privateKeyPem, certPem: issued.pem, chainPem: [deps.pki.platform.rootCertPem], passphrase: PASSPHRASE, friendlyName: `${username}-${usage}` }), { mode: 0o600 });
    out[short] = { keyPem: keys.privateKeyPem, certPem: issued.pem };
  }
  return { sign: out.sign!, enc: out.enc! };
}

async function sealBytes(p: { plaintext: Uint8Array; part: BidPart; projectId: number; sectionId: number; name: string; keys: { sign: KeyPair; enc: KeyPair } }) {
  const chunks: Buffer[] = [];
  const output = new Writable({
    write(c: Buffer, _e, cb) {
      chunks.push(c);
      cb();
    },
  });
  const r = await sealPart({
    input: Readable.from([p.plaintext]),
    output,
    part: p.part,
    projectId: p.projectId,
    sectionId: p.sectionId,
    name: p.name,
    recipientCertPems: [p.keys.enc.certPem],
    signerKeyPem: p.keys.sign.keyPem,
    signerCertPem: p.keys.sign.certPem,
  });
  return { sealed: Buffer.concat(chunks), headerSha256: r.headerSha256 };
}

/**
 * Seal each part with the bidder's keys and submit the bid through the real services (upload, pieces,
 * finalize). The outer signatures name the company and the version this bid becomes (issue 14 §8).
 */
export async function submitDemoBid(deps: Deps, ctx: RequestContext, keys: { sign: KeyPair; enc: KeyPair }, projectId: number, sectionId: number, parts: { part: BidPart; name: string; plaintext: Uint8Array }[]) {
  const list: { uploadId: number; outerSignature: string }[] = [];
  const version = (await myBids(deps, ctx, { sectionId })).reduce((m, b) => Math.max(m, b.version), 0) + 1;
  const bidderOrgId = ctx.actor!.orgId;
  for (const p of parts) {
    const { sealed, headerSha256 } = await sealBytes({ ...p, projectId, sectionId, keys });
    const hasher = createPartHasher();
    hasher.update(sealed);
    const partHash = hasher.digest();
    const start = await startBidUpload(deps, ctx, { sectionId, part: p.part, size: sealed.length, partHash });
    for (let i = 0; i < start.pieceCount; i++) {
      await putBidPiece(deps, ctx, { uploadId: start.uploadId, index: i, body: sealed.subarray(i * TRANSPORT_CHUNK_SIZE, (i + 1) * TRANSPORT_CHUNK_SIZE) });
    }
    const outer = signCmsDetached(outerManifestBytes({ projectId, sectionId, bidderOrgId, version, part: p.part, headerSha256, partHash, size: sealed.length }), keys.sign);
    list.push({ uploadId: start.uploadId, outerSignature: outer.toString('base64') });
  }
  return finalizeBid(deps, ctx, { sectionId, version, parts: list });
}

const BIDS = [
  { username: 'bidder1', priceFen: 38_650_000_00, durationDays: 540 },
  { username: 'bidder2', priceFen: 39_120_000_00, durationDays: 510 },
  { username: 'bidder3', priceFen: 38_980_000_00, durationDays: 530 },
];

async function biddingProject(sp: Tx, deps: Deps): Promise<void> {
  // Published 18 days ago; the deadline is a few days ahead (later where a holiday makes it roll).
  const now = deps.clock.now();
  const { t0, schedule } = await lawfulDemoSchedule(sp, deps, {
    tradeType: 'engineering',
    method: 'open',
    t0: new Date(now.getTime() - 18 * DAY),
    draft: (t) => ({ noticePublishAt: t.toISOString(), docsIssueStart: at0930(t, 1), docsIssueEnd: at0930(t, 8), bidDeadline: at0930(t, 21), openingAt: at0930(t, 21) }),
  });
  const past = shifted(deps, sp, t0.getTime() - now.getTime());
  const tenderee = await contextFor(sp, 'tenderee');
  const staff = await contextFor(sp, 'staff');
  const p = await createProject(past, tenderee, {
    tradeType: 'engineering',
    method: 'open',
    name: '示范市东湖路综合管廊工程施工',
    budgetFen: 41_000_000_00,
    sections: [{ name: '施工总承包', ceilingFen: 40_000_000_00, securityFen: 0 }],
  });
  await saveSchedule(past, tenderee, { projectId: p.id, schedule, expectedVersion: p.version });
  await addDemoDocuments(past, tenderee, p, 'tender');
  const n = await draftNotice(past, tenderee, {
    projectId: p.id,
    kind: 'tender',
    title: '示范市东湖路综合管廊工程施工招标公告',
    body: '一、招标条件\n\n本项目已由示范市发展和改革委员会批准建设，现对该项目的施工进行公开招标，资格审查采用资格后审。\n\n二、投标文件的递交\n\n投标文件须使用投标文件加密工具加密后，在投标截止时间前通过交易平台上传，逾期上传的，交易平台予以拒收。',
  });
  await submitNotice(past, tenderee, { noticeId: n.id });
  await publishNotice(past, staff, { noticeId: n.id });
  const today = shifted(deps, sp, 0);
  await runProjectTimer(today, { projectId: p.id, event: 'open_bidding' });
  const [sec] = await sp.select().from(sections).where(eq(sections.projectId, p.id));
  for (const b of BIDS) {
    const ctx = await contextFor(sp, b.username);
    await applyRegistration(today, ctx, { sectionId: sec!.id });
    const keys = await demoKeys(sp, deps, b.username);
    await submitDemoBid(today, ctx, keys, p.id, sec!.id, [
      // The 开标一览表 in the one sealed format (issue 14 §1): padded to a fixed size, salted.
      { part: 'summary', name: BID_SUMMARY_FILE_NAME, plaintext: encodeBidSummary({ projectId: p.id, sectionId: sec!.id, priceFen: b.priceFen, durationDays: b.durationDays, quality: '合格' }) },
      { part: 'technical', name: '技术标（施工组织设计）.txt', plaintext: Buffer.from(`${ctx.actor!.orgName} 施工组织设计（示范）\n\n一、工程概况\n二、施工部署\n三、主要施工方法\n四、质量、安全与文明施工保证措施\n`.repeat(40)) },
    ]);
  }
}

/** Seeds what it can; returns the projects it skipped and why. */
export async function seedDemoBids(tx: Tx, deps: Deps): Promise<{ seeded: string[]; skipped: { name: string; reason: string }[] }> {
  try {
    await tx.transaction((sp) => biddingProject(sp, deps));
    return { seeded: ['bidding'], skipped: [] };
  } catch (e) {
    if (!isAppError(e)) throw e;
    return { seeded: [], skipped: [{ name: 'bidding', reason: `${e.code}: ${e.messageZh} ${JSON.stringify(e.details ?? {})}` }] };
  }
}
