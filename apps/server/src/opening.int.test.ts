/**
 * Bid opening through the real server on PostgreSQL + S3 (issue 7, 不见面开标): the start exactly at the
 * deadline (O1) or the failure with too few bids (O2), certificate sign-in, bidder-side decryption with
 * content keys unwrapped on the bidder's side (wrong key / another bid's key / after the window refused,
 * nothing changed), the window's end by cause (O3), publication only when all are terminal (O4), the
 * committed K draw with participants' entropy (O8), the sealed opening record (O5; pdfsig, openssl cms),
 * objections answered before closing (O6), and the audit trail by hash.
 */
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appError } from '@ebid/api/test-client';
import { and, eq, sql } from 'drizzle-orm';
import { auditEvents, bidParts, bids, deposits, drawCommitments, draws, jobs, liveEvents, notices, notifications, openingBids, openingContributions, openings, organizations, projects, sections, users } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import { type Actor, commitToDraw, computeDraw, drawCommitment, drawK, type DrawRecord, type JobKind, type JobPayloadArg, kCommitment, mayFollowOpening, plaintextOf, platformShareOf, verifyDraw, verifyKDraw } from '@ebid/services';
import { encodeBidSummary, isAppError, userParticipant } from '@ebid/domain';
import { ensureDevPki, readEnvelopeHeader, signCmsDetached, unwrapContentKey } from '@ebid/pki';
import { downloadTampered, integrityAlert } from './integrity-test-kit.ts';
import { publishedProject, runTestJob, type SectionInput } from '@ebid/testing';
import { startTestApp, type TestApp } from './test-app.ts';
import { bidKit, DEADLINE, headerShaOf, IN_BIDDING, outerSig, partHash, summary } from './bid-test-kit.ts';

let testApp: TestApp;
let deps: TestApp['deps'];
let base: string;
const kit = bidKit(() => testApp);
const { as, asCert, keysOf, issueKeys, submit, cookie, seal, uploadPart, nextBid } = kit;
const START = new Date('2026-02-25T02:00:00Z');
const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-opening-'));

const BIDDERS = ['bidder1', 'bidder2', 'bidder3', 'bidder4', 'bidder5'] as const;
/** The section's ceiling is 800,000,000 fen: bidder2 is 2 fen above it, bidder3 exactly at it (issue 16 §2). */
const PRICES: Record<string, number> = { bidder1: 750_000_000, bidder2: 800_000_002, bidder3: 800_000_000, bidder4: 770_000_000, bidder5: 780_000_000 };


async function readAll(s: AsyncIterable<unknown>): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const c of s) out.push(Buffer.from(c as Uint8Array));
  return Buffer.concat(out);
}

const runJob = <K extends JobKind>(kind: K, ...payload: JobPayloadArg<K>) => runTestJob(deps, kind, ...payload);

async function actorOf(username: string): Promise<Actor> {
  const [u] = await deps.db.select().from(users).where(eq(users.username, username));
  return { userId: u!.id, username, displayName: u!.displayName, role: u!.role, orgId: u!.orgId, orgName: '', isOrgAdmin: u!.isOrgAdmin, sessionId: 0, certSerial: null } as Actor;
}

/** Unwrap every part's content key on the bidder's side (the server never sees the private key). */
async function contentKeys(username: string, projectId: number, keyOwner = username) {
  const { caller } = await asCert(username);
  const mine = await caller.opening.myKeys({ projectId });
  const k = keysOf[keyOwner]!;
  return {
    bidId: mine.bidId,
    keys: mine.parts.map((p) => ({
      part: p.part,
      contentKey: Buffer.from(unwrapContentKey({ header: { recipients: p.recipients } as never, decryptionKeyPem: k.enc.keyPem, recipientCertPem: k.enc.certPem })).toString('base64'),
    })),
  };
}

/** A project of its own, published through the factory (one section without a security unless told). */
const createProject = async (name: string, sections: SectionInput[] = [{ name: '施工', ceilingFen: 800_000_000, securityFen: 0 }]) => (await publishedProject(deps, { name, sections })).id;

let projectId: number;
let failProjectId: number;
let twoSectionProjectId: number;
/** Issue 16 §7: section 001 gets 2 bids (fails alone), 002 gets 3 (opens); securities received in both. */
let splitProjectId: number;
/** Issue 16 §7: both sections short → the project fails as a whole. */
let allShortProjectId: number;
let sectionId: number;
const plaintexts: Record<string, { summary: Buffer; technical: Buffer }> = {};
let kDrawId: number;
/** The random values each K-draw participant committed to (kept by its browser until the reveal). */
const drawValues: Record<string, string> = {};
const decryptedBids: Record<string, number> = {};

beforeAll(async () => {
  const platform = await ensureDevPki(path.join(tmpDir, 'platform-pki'), { now: new Date('2026-01-01T00:00:00Z') });
  testApp = await startTestApp({ clockStart: START, pki: { platform, trustedRootsPem: [platform.rootCertPem] } });
  deps = testApp.deps;
  base = testApp.base;
  projectId = await createProject('示范市滨江大道改造工程（开标测试）');
  failProjectId = await createProject('示范市城东泵站改造工程（流标测试）');
  twoSectionProjectId = await createProject('示范市两标段道路工程（开标测试）', [
    { name: '第一标段', ceilingFen: 400_000_000, securityFen: 0 },
    { name: '第二标段', ceilingFen: 400_000_000, securityFen: 0 },
  ]);
  splitProjectId = await createProject('示范市两标段管网工程（分标段流标测试）', [
    { name: '雨水管网', ceilingFen: 400_000_000, securityFen: 1_000_000 },
    { name: '污水管网', ceilingFen: 400_000_000, securityFen: 1_000_000 },
  ]);
  allShortProjectId = await createProject('示范市两标段绿化工程（全部标段流标测试）', [
    { name: '东片绿化', ceilingFen: 400_000_000, securityFen: 0 },
    { name: '西片绿化', ceilingFen: 400_000_000, securityFen: 0 },
  ]);
  deps.clock.set(IN_BIDDING);
  for (const id of [projectId, failProjectId, twoSectionProjectId, splitProjectId, allShortProjectId]) expect(await runJob('project.timer', { projectId: id, event: 'open_bidding' })).toMatchObject({ status: 'BIDDING' });
  const t = await as('tenderee');
  sectionId = (await t.project.get({ projectId })).sections[0]!.id;
  const failSection = (await t.project.get({ projectId: failProjectId })).sections[0]!.id;
  for (const b of BIDDERS) {
    await (await as(b)).registration.register({ sectionId });
    await issueKeys(b);
    // The sealed 开标一览表 format 2 (padded, salted; issue 14 §1): its hash is checked below.
    plaintexts[b] = { summary: Buffer.from(encodeBidSummary({ projectId, sectionId, priceFen: PRICES[b]!, durationDays: 365, quality: '合格' })), technical: crypto.randomBytes(b === 'bidder3' ? 9 * 1024 * 1024 + 123 : 300_000) }; // bidder3: three plaintext pieces
    await submit(b, { id: projectId }, sectionId, [
      { part: 'summary', plaintext: plaintexts[b].summary },
      { part: 'technical', plaintext: plaintexts[b].technical },
    ]);
  }
  // A project in two sections: every company bids in both.
  for (const s of (await t.project.get({ projectId: twoSectionProjectId })).sections) {
    for (const b of ['bidder1', 'bidder2', 'bidder3']) {
      await (await as(b)).registration.register({ sectionId: s.id });
      await submit(b, { id: twoSectionProjectId }, s.id, [{ part: 'summary', plaintext: summary(PRICES[b]! / 2, { type: 'ebid-bid-summary', v: 1, projectId: twoSectionProjectId, sectionId: s.id }) }]);
    }
  }
  const bidIn = async (pid: number, sectionCode: string, bidders: string[], security = false) => {
    const project = await t.project.get({ projectId: pid });
    const s = project.sections.find((x) => x.code === sectionCode)!;
    for (const b of bidders) {
      await (await as(b)).registration.register({ sectionId: s.id });
      if (security) {
        const [org] = await deps.db.select({ name: organizations.name }).from(users).innerJoin(organizations, eq(organizations.id, users.orgId)).where(eq(users.username, b));
        const staff = await as('staff');
        const d = await staff.deposit.lookup({ projectCode: project.unifiedDealCode, sectionCode, company: org!.name });
        await staff.deposit.record({ depositId: d.id, amountFen: 1_000_000, form: 'guarantee', payerName: org!.name, reference: `BH-${pid}-${sectionCode}-${b}`, guaranteeIssuer: '示范银行示范市分行', guaranteeVerification: '银行函证', receivedAt: IN_BIDDING.toISOString() });
      }
      await submit(b, { id: pid }, s.id, [{ part: 'summary', plaintext: summary(PRICES[b]! / 2, { type: 'ebid-bid-summary', v: 1, projectId: pid, sectionId: s.id }) }]);
    }
  };
  await bidIn(splitProjectId, '001', ['bidder1', 'bidder2'], true);
  await bidIn(splitProjectId, '002', ['bidder1', 'bidder2', 'bidder3'], true);
  await bidIn(allShortProjectId, '001', ['bidder1', 'bidder2']);
  await bidIn(allShortProjectId, '002', ['bidder3']);
  for (const b of ['bidder1', 'bidder2']) {
    await (await as(b)).registration.register({ sectionId: failSection });
    await submit(b, { id: failProjectId }, failSection, [{ part: 'summary', plaintext: summary(PRICES[b]!) }]);
  }
}, 180_000);

afterAll(async () => {
  await testApp?.close();
  fs.rmSync(tmpDir, { recursive: true, force: true });
});

describe('before the deadline (O1, sign-in)', () => {
  it('staff cannot open a second early; nothing is created', async () => {
    deps.clock.set(new Date(DEADLINE.getTime() - 1000));
    const e = await appError((await as('staff')).opening.start({ projectId }));
    expect(e.code).toBe('INVALID_STATE');
    expect(e.details).toMatchObject({ reason: 'OPENING_TOO_EARLY', opensAt: DEADLINE.toISOString() });
    expect(await deps.db.select().from(openings).where(eq(openings.projectId, projectId))).toHaveLength(0);
    const [p] = await deps.db.select().from(projects).where(eq(projects.id, projectId));
    expect(p!.status).toBe('BIDDING');
  });

  it('sign-in needs a certificate login and opens 24 h before the deadline', async () => {
    deps.clock.set(new Date(DEADLINE.getTime() - 25 * 3600_000));
    expect((await appError((await asCert('bidder1')).caller.opening.signIn({ projectId }))).details?.reason).toBe('SIGN_IN_NOT_OPEN');
    deps.clock.set(new Date(DEADLINE.getTime() - 3600_000));
    expect((await appError((await as('bidder1')).opening.signIn({ projectId }))).details?.reason).toBe('CERT_LOGIN_REQUIRED');
    const v = await (await asCert('bidder1')).caller.opening.signIn({ projectId });
    expect(v.status).toBe('waiting');
    // Before the deadline (issue 13 §2): the company sees its own sign-in; nobody else sees who or how many.
    expect((await (await asCert('bidder1')).caller.opening.get({ projectId })).signIns.map((x) => x.bidderName)).toEqual(['华东建工集团有限公司']);
    for (const u of ['staff', 'supervisor', 'tenderee', 'admin', 'bidder2']) {
      const other = await (await as(u)).opening.get({ projectId });
      expect(other.signIns, u).toEqual([]);
      expect(other.secretUntil, u).toBe(DEADLINE.toISOString());
    }
    const signedIn = new Date(v.me.signedInAt!).getTime() - (DEADLINE.getTime() - 3600_000);
    expect(signedIn).toBeGreaterThanOrEqual(0);
    expect(signedIn).toBeLessThan(60_000); // the fake clock runs on
    // Not a participant: a company without a bid in the project.
    expect((await appError((await as('bidder1')).opening.get({ projectId: 999_999 }))).code).toBe('NOT_FOUND');
  });

  it('the live room is for participants only', async () => {
    expect(await mayFollowOpening(deps, await actorOf('bidder1'), projectId)).toBe(true);
    expect(await mayFollowOpening(deps, await actorOf('staff'), projectId)).toBe(true);
    expect(await mayFollowOpening(deps, await actorOf('supervisor'), projectId)).toBe(true);
    expect(await mayFollowOpening(deps, await actorOf('tenderee'), projectId)).toBe(true);
    expect(await mayFollowOpening(deps, await actorOf('tenderee2'), projectId)).toBe(false);
    expect(await mayFollowOpening(deps, await actorOf('expert01'), projectId)).toBe(false);
    expect(await mayFollowOpening(deps, null, projectId)).toBe(false);
  });
});

describe('opening rules (set with the tender, frozen after publication)', () => {
  it('the owner side sets the window, the sign-in lead and the float points in DRAFT; bad values and late changes are refused', async () => {
    const t = await as('tenderee');
    const draft = await t.project.create({ tradeType: 'engineering', method: 'open', name: '示范市规则测试工程', budgetFen: 100_000_000, sections: [{ name: '施工', ceilingFen: 90_000_000, securityFen: 0 }] });
    expect((await appError(t.opening.setRules({ projectId: draft.id, decryptWindowMinutes: 5 }))).details?.field).toBe('decryptWindowMinutes');
    expect((await appError(t.opening.setRules({ projectId: draft.id, signInLeadMinutes: -1 }))).details?.field).toBe('signInLeadMinutes');
    expect((await appError(t.opening.setRules({ projectId: draft.id, floatPointsBp: [100, 100] }))).details?.field).toBe('floatPointsBp');
    expect((await appError(t.opening.setRules({ projectId: draft.id, floatPointsBp: [100, 2001] }))).details?.field).toBe('floatPointsBp');
    expect(await t.opening.setRules({ projectId: draft.id, decryptWindowMinutes: 45, floatPointsBp: [100, 50] })).toEqual({ decryptWindowMinutes: 45, signInLeadMinutes: 1440, floatPointsBp: [100, 50], startGraceMinutes: 15, confirmWindowMinutes: 30 });
    expect((await appError((await as('tenderee2')).opening.setRules({ projectId: draft.id, decryptWindowMinutes: 60 }))).code).toMatch(/FORBIDDEN|NOT_FOUND/);
    expect((await appError(t.opening.setRules({ projectId, decryptWindowMinutes: 60 }))).details?.reason).toBe('RULES_FROZEN');
  });
});

describe('O2: fewer than 3 bids', () => {
  it('the opening does not happen; the project fails with a 流标公告', async () => {
    deps.clock.set(DEADLINE);
    const v = await (await as('staff')).opening.start({ projectId: failProjectId });
    expect(v.status).toBe('failed');
    expect(v.failure).toEqual({ reason: 'too_few_bids', bidCount: 2 });
    expect(v.failedSections.map((s) => [s.sectionCode, s.reason, s.bidCount])).toEqual([['001', 'too_few_bids', 2]]); // a single section: the old outcome
    const [p] = await deps.db.select().from(projects).where(eq(projects.id, failProjectId));
    expect(p!.status).toBe('FAILED');
    const notices = await (await as('tenderee')).notice.forProject({ projectId: failProjectId });
    expect(notices.some((n) => n.kind === 'failure' && n.status === 'published')).toBe(true);
    expect((await appError((await as('staff')).opening.start({ projectId: failProjectId }))).details?.reason).toBe('ALREADY_OPENED');
  });
});

describe('the session (O1, O3, O4)', () => {
  it('at the deadline staff open: one line per bid, the K seed committed, no price for anyone', async () => {
    deps.clock.set(DEADLINE);
    const v = await (await as('staff')).opening.start({ projectId });
    expect(v.status).toBe('decrypting');
    expect(v.bids).toHaveLength(5);
    // The window: 30 minutes (the default) from the moment staff opened (the fake clock runs on).
    expect(new Date(v.decryptDeadline!).getTime() - new Date(v.openedAt!).getTime()).toBe(30 * 60_000);
    expect(new Date(v.openedAt!).getTime() - DEADLINE.getTime()).toBeLessThan(60_000);
    expect(v.k).toMatchObject({ floatPointsBp: [150, 125, 100, 75, 50, 25], seedHex: null, drawnAt: null });
    expect(v.k!.draw!.platformCommitment).toMatch(/^[0-9a-f]{64}$/);
    expect(v.bids.every((b) => b.priceFen === null && b.bidderName !== null)).toBe(true);
    expect(v.ceilings).toEqual([{ sectionCode: '001', ceilingFen: 800_000_000, priceCeilingFen: 800_000_000 }]);
    expect(v.bids.every((b) => !b.aboveCeiling)).toBe(true); // nothing is flagged before publication (O4)
    const [p] = await deps.db.select().from(projects).where(eq(projects.id, projectId));
    expect(p!.status).toBe('OPENING');
    expect((await appError((await as('staff')).opening.start({ projectId }))).details?.reason).toBe('ALREADY_OPENED');
    // A bidder sees its own name, not the others'.
    const b = await (await as('bidder2')).opening.get({ projectId });
    expect(b.bids.filter((x) => x.bidderName !== null).map((x) => x.mine)).toEqual([true]);
    expect(b.k!.seedHex).toBeNull();
  });

  it('a key that does not open the bid, or belongs to another bid, is refused and changes nothing', async () => {
    const { caller } = await asCert('bidder2');
    await caller.opening.signIn({ projectId });
    const own = await contentKeys('bidder2', projectId);
    const random = own.keys.map((k) => ({ ...k, contentKey: crypto.randomBytes(32).toString('base64') }));
    const e1 = await appError(caller.opening.decrypt({ projectId, bidId: own.bidId, keys: random }));
    expect(e1).toMatchObject({ code: 'VALIDATION', details: { reason: 'DECRYPTION_KEY_WRONG' } });
    const other = await contentKeys('bidder1', projectId);
    const e2 = await appError(caller.opening.decrypt({ projectId, bidId: own.bidId, keys: other.keys }));
    expect(e2.details?.reason).toBe('DECRYPTION_KEY_WRONG');
    const e3 = await appError(caller.opening.decrypt({ projectId, bidId: own.bidId, keys: own.keys.slice(0, 1) }));
    expect(e3.details?.reason).toBe('KEYS_MISMATCH');
    // Another company's bid: not found for this bidder.
    expect((await appError(caller.opening.decrypt({ projectId, bidId: other.bidId, keys: other.keys }))).code).toBe('NOT_FOUND');
    const [line] = await deps.db.select().from(openingBids).where(eq(openingBids.bidId, own.bidId));
    expect(line).toMatchObject({ decryptStatus: 'pending', decryptStartedAt: null, summary: null });
    const parts = await deps.db.select().from(bidParts).where(eq(bidParts.bidId, own.bidId));
    expect(parts.every((p) => p.plaintextSha256 === null)).toBe(true);
    const refused = await deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'opening.decrypt_refused'));
    expect(refused.length).toBeGreaterThanOrEqual(2);
    // Not signed in: refused.
    const b3 = await contentKeys('bidder3', projectId);
    expect((await appError((await asCert('bidder3')).caller.opening.decrypt({ projectId, ...b3 }))).details?.reason).toBe('NOT_SIGNED_IN');
    // Decryption is certificate-gated (issue 13 §1): a password session is refused first.
    expect((await appError((await as('bidder3')).opening.decrypt({ projectId, ...b3 }))).details?.reason).toBe('CERT_LOGIN_REQUIRED');
  });

  it('bidders decrypt with their own keys: every chunk, the manifest and the inner signature checked, plaintext stored by hash', async () => {
    for (const b of ['bidder1', 'bidder2', 'bidder3']) {
      const { caller } = await asCert(b);
      await caller.opening.signIn({ projectId });
      const k = await contentKeys(b, projectId);
      const r = await caller.opening.decrypt({ projectId, ...k });
      expect(r).toMatchObject({ bidId: k.bidId, decryptStatus: 'decrypted', openingStatus: 'decrypting' });
      const mine = (await caller.opening.get({ projectId })).bids.find((x) => x.mine)!;
      expect(mine.decryptStatus).toBe('decrypted');
      expect(mine.priceFen).toBeNull(); // O4: others are still pending
      const tech = r.parts.find((p) => p.part === 'technical')!;
      expect(mine.parts.find((p) => p.part === 'technical')!.plaintextSha256).toBe(tech.plaintextSha256);
      expect(tech.plaintextSha256).toBe(crypto.createHash('sha256').update(plaintexts[b]!.technical).digest('hex'));
      // Verified now; the plaintext is stored by the job only after publication (issue 14 §1), with the
      // handed-over key kept until then.
      const techRow = async () => (await deps.db.select().from(bidParts).where(and(eq(bidParts.bidId, k.bidId), eq(bidParts.part, 'technical'))))[0]!;
      expect(await techRow()).toMatchObject({ plaintextPieces: null, contentKey: expect.any(String) });
      expect(await plaintextOf(deps, await techRow())).toBeNull();
      const summaryRow = async () => (await deps.db.select().from(bidParts).where(and(eq(bidParts.bidId, k.bidId), eq(bidParts.part, 'summary'))))[0]!;
      expect(await summaryRow()).toMatchObject({ plaintextPieces: null, plaintextSha256: crypto.createHash('sha256').update(plaintexts[b]!.summary).digest('hex') });
      expect(await runJob('opening.store_plaintext', { bidId: k.bidId })).toEqual({ stored: 0 }); // not published yet
      expect(await techRow()).toMatchObject({ plaintextPieces: null, contentKey: expect.any(String) });
      decryptedBids[b] = k.bidId;
      expect((await appError(caller.opening.decrypt({ projectId, ...k }))).details?.reason).toBe('NOT_PENDING');
    }
    const staffView = await (await as('staff')).opening.get({ projectId });
    expect(staffView.bids.map((b) => b.decryptStatus)).toEqual(['decrypted', 'decrypted', 'decrypted', 'pending', 'pending']);
    expect(staffView.bids.every((b) => b.priceFen === null)).toBe(true);
    // The audit holds no price and no plaintext hash before publication (issue 14 §1; the brute force is
    // in opening-secrecy.int.test.ts).
    const ev = await deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'opening.decrypt'));
    expect(ev).toHaveLength(3);
    expect(JSON.stringify(ev)).not.toContain(String(PRICES.bidder1));
    expect(JSON.stringify(ev)).not.toContain(crypto.createHash('sha256').update(plaintexts.bidder1!.summary).digest('hex'));
  });

  // ------------------------------------------------------------------ the K draw (O8, issue 14 §2)

  it('K draw: created at the start, its commit close, reveal close and platform commitment fixed and announced', async () => {
    const v = await (await as('staff')).opening.get({ projectId });
    const d = v.k!.draw!;
    kDrawId = d.id;
    const opened = Date.parse(v.openedAt!);
    // A 30-minute window: commit close 10 min after the start, reveal close 5 min later — inside the window.
    expect(Date.parse(d.commitCloseAt) - opened).toBe(10 * 60_000);
    expect(Date.parse(d.revealCloseAt) - opened).toBe(15 * 60_000);
    expect(d).toMatchObject({ purpose: 'opening.k', options: [150, 125, 100, 75, 50, 25], phase: 'commit', platformShare: null, result: null });
    expect(d.platformCommitment).toMatch(/^[0-9a-f]{64}$/);
    // No old-protocol seed any more.
    const [o] = await deps.db.select().from(openings).where(eq(openings.projectId, projectId));
    expect(o).toMatchObject({ kSeed: null, kCommitment: null });
    const [created] = await deps.db.select().from(auditEvents).where(and(eq(auditEvents.chain, projectChain(projectId)), eq(auditEvents.action, 'draw.create')));
    expect(created!.payload).toMatchObject({ drawId: d.id, commitCloseAt: d.commitCloseAt, revealCloseAt: d.revealCloseAt, platformCommitment: d.platformCommitment });
    const [ev] = await deps.db.select().from(liveEvents).where(and(eq(liveEvents.topic, `opening.${projectId}`), eq(liveEvents.type, 'draw_created')));
    expect(ev!.data).toMatchObject({ drawId: d.id, commitCloseAt: d.commitCloseAt, revealCloseAt: d.revealCloseAt, platformCommitment: d.platformCommitment });
    // The run is scheduled for the reveal close: no staff button.
    const queued = await deps.db.select().from(jobs).where(eq(jobs.kind, 'draw.run'));
    expect(queued.map((j) => [j.payload, j.runAt.getTime()])).toContainEqual([{ drawId: d.id }, Date.parse(d.revealCloseAt) + 1000]);
  });

  it('K draw: participants commit a hash once; the center is FORBIDDEN; reveals wait for the close; nothing changes on refusal', async () => {
    const commit = async (u: string, cert = true) => {
      const value = crypto.randomBytes(32).toString('hex');
      const c = drawCommitment(kDrawId, userParticipant((await actorOf(u)).userId), value);
      const caller = cert ? (await asCert(u)).caller : await as(u);
      const d = await caller.draw.commit({ drawId: kDrawId, commitment: c });
      drawValues[u] = value;
      return d;
    };
    const count = async () => (await deps.db.select().from(drawCommitments).where(eq(drawCommitments.drawId, kDrawId))).length;
    for (const u of ['staff', 'admin']) {
      // Refused at the API's access table, and by the service itself with its own reason.
      expect((await appError((await as(u)).draw.commit({ drawId: kDrawId, commitment: 'a'.repeat(64) }))).code, u).toBe('FORBIDDEN');
      const e = await commitToDraw(deps, { actor: await actorOf(u), clientAddress: null }, { drawId: kDrawId, commitment: 'a'.repeat(64) }).then(
        () => null,
        (x: unknown) => (isAppError(x) ? x.toJSON() : null),
      );
      expect(e, u).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'DRAW_CENTER_NO_CONTRIBUTION' } });
      expect((await (await as(u)).opening.get({ projectId })).k!.draw!.me.mayContribute, u).toBe(false);
    }
    // A bidder that has not signed in (bidder4) may not; a company outside the project does not even see it.
    expect((await appError((await as('bidder4')).draw.commit({ drawId: kDrawId, commitment: 'a'.repeat(64) }))).details?.reason).toBe('NOT_SIGNED_IN');
    expect((await appError((await as('tenderee2')).draw.commit({ drawId: kDrawId, commitment: 'a'.repeat(64) }))).code).toBe('NOT_FOUND');
    expect((await appError((await asCert('bidder1')).caller.draw.commit({ drawId: kDrawId, commitment: 'xyz' }))).code).toBe('VALIDATION');
    expect(await count()).toBe(0);
    await commit('bidder1');
    await commit('bidder2');
    await commit('supervisor', false);
    const d = await commit('tenderee', false);
    expect(d.commitments).toHaveLength(4);
    const again = await appError((await asCert('bidder1')).caller.draw.commit({ drawId: kDrawId, commitment: 'b'.repeat(64) }));
    expect(again).toMatchObject({ code: 'CONFLICT', details: { reason: 'ALREADY_COMMITTED' } });
    // Before the commit close a reveal is refused, even the right one.
    const early = await appError((await asCert('bidder1')).caller.draw.reveal({ drawId: kDrawId, valueHex: drawValues.bidder1! }));
    expect(early).toMatchObject({ code: 'INVALID_STATE', details: { reason: 'REVEAL_NOT_OPEN' } });
    expect(await count()).toBe(4);
    expect((await deps.db.select().from(drawCommitments).where(eq(drawCommitments.drawId, kDrawId))).every((c) => c.valueHex === null)).toBe(true);
    // Everybody sees who committed and the hash; another bidder's name stays hidden from a bidder.
    const b2 = (await (await as('bidder2')).opening.get({ projectId })).k!.draw!;
    expect(b2.commitments[0]!.label).toBe('投标人');
    expect(b2.commitments[1]).toMatchObject({ mine: true, label: expect.not.stringMatching(/^投标人$/) });
    expect(b2.commitments[2]!.label).toMatch(/^监管部门/);
    expect(b2.commitments.every((c) => /^[0-9a-f]{64}$/.test(c.commitment) && c.valueHex === null)).toBe(true);
    expect(b2.me).toEqual({ mayContribute: true, committed: true, revealed: false });
  });

  it('K draw: an attacker who reads every table before the commit close finds no platform share, so a last-second commitment is blind', async () => {
    const d = (await (await as('supervisor')).opening.get({ projectId })).k!.draw!;
    // Dump every row of every table of the database as text, as an insider with read access would.
    const tables = (await deps.db.execute(sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`)) as unknown as { table_name: string }[];
    expect(tables.length).toBeGreaterThan(30);
    let dump = '';
    for (const t of tables) dump += JSON.stringify(await deps.db.execute(sql.raw(`select * from "${t.table_name}"`)));
    const share = platformShareOf(deps.secrets.draw, kDrawId);
    expect(drawCommitment(kDrawId, 'platform', share)).toBe(d.platformCommitment); // the share the draw will use
    const lower = dump.toLowerCase();
    expect(lower).not.toContain(share);
    expect(dump).not.toContain(Buffer.from(share, 'hex').toString('base64'));
    expect(lower).not.toContain(deps.secrets.draw.toString('hex'));
    // Nothing in the dump opens the platform commitment: no 64-hex string there is the share.
    const tokens = new Set(lower.match(/[0-9a-f]{64}/g) ?? []);
    expect(tokens.size).toBeGreaterThan(10);
    for (const t of tokens) expect(drawCommitment(kDrawId, 'platform', t)).not.toBe(d.platformCommitment);
    // Nor are the participants' values there — only their commitments.
    for (const v of Object.values(drawValues)) expect(lower).not.toContain(v);
    expect(lower).toContain(d.platformCommitment);
    // The last-second contributor (bidder3, one second before the close) commits blind: whatever value
    // it grinds, the result depends on the share it cannot read. Under other shares the same values give
    // other float points — the share, fixed at the start and secret, decides.
    deps.clock.set(new Date(Date.parse(d.commitCloseAt) - 1000));
    const { caller: b3 } = await asCert('bidder3');
    await b3.opening.signIn({ projectId });
    const v3 = crypto.randomBytes(32).toString('hex');
    await b3.draw.commit({ drawId: kDrawId, commitment: drawCommitment(kDrawId, userParticipant((await actorOf('bidder3')).userId), v3) });
    drawValues.bidder3 = v3;
    const reveals = await Promise.all(Object.entries(drawValues).map(async ([u, valueHex], i) => ({ commitmentId: i + 1, participant: userParticipant((await actorOf(u)).userId), valueHex })));
    const indices = new Set(Array.from({ length: 24 }, () => computeDraw({ drawId: kDrawId, n: 6, platformShareHex: crypto.randomBytes(32).toString('hex'), reveals }).index));
    expect(indices.size).toBeGreaterThan(1);
  });

  it('K draw: a commitment after the close is refused (T1); values are revealed in the reveal window and must match', async () => {
    const d = (await (await as('supervisor')).opening.get({ projectId })).k!.draw!;
    deps.clock.set(new Date(Date.parse(d.commitCloseAt) + 1000));
    // Late: refused, nothing written (bidder5, signed in just now).
    const { caller: b5 } = await asCert('bidder5');
    await b5.opening.signIn({ projectId });
    const late = await appError(b5.draw.commit({ drawId: kDrawId, commitment: drawCommitment(kDrawId, userParticipant((await actorOf('bidder5')).userId), 'c'.repeat(64)) }));
    expect(late).toMatchObject({ code: 'DEADLINE_PASSED', details: { reason: 'COMMIT_CLOSED' } });
    expect((await deps.db.select().from(drawCommitments).where(eq(drawCommitments.drawId, kDrawId))).length).toBe(5);
    // A value that does not match the commitment: refused, nothing changed.
    const { caller: b1 } = await asCert('bidder1');
    const wrong = await appError(b1.draw.reveal({ drawId: kDrawId, valueHex: drawValues.bidder2! }));
    expect(wrong).toMatchObject({ code: 'VALIDATION', details: { reason: 'REVEAL_MISMATCH' } });
    expect((await appError((await as('tenderee2')).draw.reveal({ drawId: kDrawId, valueHex: 'a'.repeat(64) }))).code).toBe('NOT_FOUND');
    expect((await appError((await as('staff')).draw.reveal({ drawId: kDrawId, valueHex: 'a'.repeat(64) }))).code).toBe('FORBIDDEN');
    expect((await (await as('staff')).draw.get({ drawId: kDrawId })).me.mayContribute).toBe(false); // staff watch
    expect((await deps.db.select().from(drawCommitments).where(eq(drawCommitments.drawId, kDrawId))).every((c) => c.valueHex === null)).toBe(true);
    // The right values: bidder1, bidder2, the supervisor and bidder3 reveal; the tenderee does not.
    await b1.draw.reveal({ drawId: kDrawId, valueHex: drawValues.bidder1! });
    expect((await appError(b1.draw.reveal({ drawId: kDrawId, valueHex: drawValues.bidder1! }))).details?.reason).toBe('ALREADY_REVEALED');
    await (await asCert('bidder2')).caller.draw.reveal({ drawId: kDrawId, valueHex: drawValues.bidder2! });
    await (await as('supervisor')).draw.reveal({ drawId: kDrawId, valueHex: drawValues.supervisor! });
    const v = await (await asCert('bidder3')).caller.draw.reveal({ drawId: kDrawId, valueHex: drawValues.bidder3! });
    expect(v.phase).toBe('reveal');
    expect(v.commitments.filter((c) => c.valueHex !== null)).toHaveLength(4);
    expect(v.platformShare).toBeNull();
    // After the reveal close: too late to reveal.
    deps.clock.set(new Date(Date.parse(d.revealCloseAt) + 1000));
    const tooLate = await appError((await as('tenderee')).draw.reveal({ drawId: kDrawId, valueHex: drawValues.tenderee! }));
    expect(tooLate).toMatchObject({ code: 'DEADLINE_PASSED', details: { reason: 'REVEAL_CLOSED' } });
  });

  it('K draw: runs by itself at the reveal close (the job), idempotent; verifyDraw true on the record and false on any altered input', async () => {
    const d0 = (await (await as('staff')).opening.get({ projectId })).k!.draw!;
    // Too early, the job reschedules itself and changes nothing.
    deps.clock.set(new Date(Date.parse(d0.revealCloseAt) - 1000));
    expect(await runJob('draw.run', { drawId: kDrawId })).toEqual({ outcome: 'rescheduled' });
    expect((await deps.db.select().from(draws).where(eq(draws.id, kDrawId)))[0]).toMatchObject({ status: 'open', platformShare: null });
    deps.clock.set(new Date(Date.parse(d0.revealCloseAt) + 1000));
    const first = (await runJob('draw.run', { drawId: kDrawId })) as { outcome: string; index: number };
    expect(first.outcome).toBe('applied');
    expect(await runJob('draw.run', { drawId: kDrawId })).toEqual({ outcome: 'noop', index: first.index });
    const v = await (await as('bidder2')).opening.get({ projectId });
    const d = v.k!.draw!;
    expect(d.phase).toBe('drawn');
    expect(d.platformShare).toBe(platformShareOf(deps.secrets.draw, kDrawId));
    expect(d.result!.index).toBe(first.index);
    const tendereeC = d.commitments.find((c) => c.valueHex === null)!;
    expect(d.result!.unrevealed).toEqual([tendereeC.id]);
    expect(v.k!.resultBp).toBe([150, 125, 100, 75, 50, 25][first.index]);
    expect(v.k!.kValue).toBe((1 - v.k!.resultBp! / 10000).toFixed(4));
    // The public record, as anyone reads it from the view.
    const record: DrawRecord = {
      drawId: d.id,
      n: d.options.length,
      commitCloseAt: d.commitCloseAt,
      revealCloseAt: d.revealCloseAt,
      platformCommitment: d.platformCommitment,
      platformShareHex: d.platformShare!,
      commitments: d.commitments.map((c) => ({ id: c.id, participant: c.participant, commitment: c.commitment, committedAt: c.committedAt, valueHex: c.valueHex, revealedAt: c.revealedAt })),
      resultIndex: d.result!.index,
      digestHex: d.result!.digestHex,
      inputsSha256: d.result!.inputsSha256,
    };
    expect(verifyDraw(record)).toBe(true);
    // Computing it twice gives the same.
    const reveals = record.commitments.filter((c) => c.valueHex).map((c) => ({ commitmentId: c.id, participant: c.participant, valueHex: c.valueHex! }));
    expect(computeDraw({ drawId: d.id, n: 6, platformShareHex: d.platformShare!, reveals })).toEqual(computeDraw({ drawId: d.id, n: 6, platformShareHex: d.platformShare!, reveals }));
    const flip = (h: string) => (h[0] === '0' ? '1' : '0') + h.slice(1);
    const altered: [string, DrawRecord][] = [
      ['another platform share', { ...record, platformShareHex: crypto.randomBytes(32).toString('hex') }],
      ['another platform commitment', { ...record, platformCommitment: flip(record.platformCommitment) }],
      ['another index', { ...record, resultIndex: (record.resultIndex + 1) % 6 }],
      ['another digest', { ...record, digestHex: flip(record.digestHex!) }],
      ['another number of options', { ...record, n: 5 }],
      ['another draw id', { ...record, drawId: record.drawId + 1 }],
      ['a revealed value changed', { ...record, commitments: record.commitments.map((c, i) => (i === 0 ? { ...c, valueHex: flip(c.valueHex!) } : c)) }],
      ['a commitment changed', { ...record, commitments: record.commitments.map((c, i) => (i === 0 ? { ...c, commitment: flip(c.commitment) } : c)) }],
      ['a reveal dropped', { ...record, commitments: record.commitments.map((c, i) => (i === 0 ? { ...c, valueHex: null } : c)) }],
      ['a participant swapped', { ...record, commitments: record.commitments.map((c, i) => (i === 0 ? { ...c, participant: 'user:999999' } : c)) }],
      ['a commitment after the close', { ...record, commitments: record.commitments.map((c, i) => (i === 0 ? { ...c, committedAt: new Date(Date.parse(record.commitCloseAt!) + 1).toISOString() } : c)) }],
      ['a reveal before the commit close', { ...record, commitments: record.commitments.map((c, i) => (i === 0 ? { ...c, revealedAt: record.commitCloseAt! } : c)) }],
    ];
    for (const [name, r] of altered) expect(verifyDraw(r), name).toBe(false);
    // The audit holds the whole public record.
    const [ev] = await deps.db.select().from(auditEvents).where(and(eq(auditEvents.chain, projectChain(projectId)), eq(auditEvents.action, 'draw.result')));
    expect(verifyDraw(ev!.payload as DrawRecord)).toBe(true);
    expect(ev!.payload).toMatchObject({ unrevealed: [tendereeC.id], option: v.k!.resultBp });
    // Nothing after the draw.
    expect((await appError((await as('tenderee')).draw.reveal({ drawId: kDrawId, valueHex: drawValues.tenderee! }))).code).toBe('DEADLINE_PASSED');
  });

  it('window end (O3): a recorded platform fault → withdrawn, silence → revoked; a late key refused; then publication (O4)', async () => {
    const staff = await as('staff');
    const view = await staff.opening.get({ projectId });
    const line5 = view.bids.find((b) => b.bidderName === '西湖医疗设备有限公司')!;
    expect((await appError(staff.opening.recordFailure({ projectId, openingBidId: line5.id, cause: 'platform', note: ' ' }))).details?.field).toBe('note');
    await staff.opening.recordFailure({ projectId, openingBidId: line5.id, cause: 'platform', note: '平台解密服务故障，经技术人员确认' });
    expect((await appError(staff.opening.endWindow({ projectId }))).details?.reason).toBe('WINDOW_NOT_OVER');
    deps.clock.set(new Date(DEADLINE.getTime() + 30 * 60_000 + 1000));
    const { caller } = await asCert('bidder4');
    const k4 = await contentKeys('bidder4', projectId);
    expect((await appError(caller.opening.decrypt({ projectId, ...k4 }))).details?.reason).toBe('DECRYPTION_WINDOW_CLOSED');
    // A decryption whose key arrived inside the window is waited for (T1): the job tries again later…
    const line4 = view.bids.find((b) => b.bidderName === '之江智能科技有限公司')!;
    await deps.db.update(openingBids).set({ decryptStartedAt: new Date(deps.clock.now().getTime() - 60_000) }).where(eq(openingBids.id, line4.id));
    expect(await runJob('opening.window_end', { projectId })).toMatchObject({ outcome: 'rescheduled' });
    expect((await staff.opening.get({ projectId })).status).toBe('decrypting');
    // …but not for ever: one started more than five minutes ago is dead.
    await deps.db.update(openingBids).set({ decryptStartedAt: new Date(deps.clock.now().getTime() - 6 * 60_000) }).where(eq(openingBids.id, line4.id));
    expect(await runJob('opening.window_end', { projectId })).toMatchObject({ outcome: 'applied' });
    const v = await (await as('bidder4')).opening.get({ projectId });
    expect(v.status).toBe('published');
    const by = Object.fromEntries(v.bids.map((b) => [b.bidderName, b]));
    expect(by['之江智能科技有限公司']).toMatchObject({ decryptStatus: 'revoked', failureCause: 'bidder', priceFen: null });
    expect(by['西湖医疗设备有限公司']).toMatchObject({ decryptStatus: 'withdrawn_external', failureCause: 'platform' });
    expect(by['华东建工集团有限公司']).toMatchObject({ decryptStatus: 'decrypted', priceFen: PRICES.bidder1, durationDays: 365, quality: '合格' });
    expect(by['钱塘市政工程有限公司']!.priceFen).toBe(PRICES.bidder3);
    expect(v.bids.every((b) => b.bidderName !== null)).toBe(true);
    // Issue 16 §2: once published, the line above its section's ceiling is flagged — at the ceiling is not.
    expect(v.bids.filter((b) => b.aboveCeiling).map((b) => b.priceFen)).toEqual([PRICES.bidder2]);
    expect(by['钱塘市政工程有限公司']!.aboveCeiling).toBe(false);
    // A rate-priced project (费率报价) is exempt: nothing is flagged.
    await deps.db.update(projects).set({ priceKind: 'rate' }).where(eq(projects.id, projectId));
    const rate = await (await as('staff')).opening.get({ projectId });
    expect(rate.bids.some((b) => b.aboveCeiling)).toBe(false);
    expect(rate.ceilings).toEqual([{ sectionCode: '001', ceilingFen: 800_000_000, priceCeilingFen: null }]);
    await deps.db.update(projects).set({ priceKind: 'amount' }).where(eq(projects.id, projectId));
    expect((await appError((await as('staff')).opening.endWindow({ projectId }))).details?.reason).toBe('NOT_DECRYPTING');
    // Published: the plaintexts are stored by hash now (the job publication enqueued), the keys erased.
    for (const [b, bidId] of Object.entries(decryptedBids)) {
      expect(await runJob('opening.store_plaintext', { bidId })).toEqual({ stored: 2 });
      expect(await runJob('opening.store_plaintext', { bidId })).toEqual({ stored: 0 });
      const rows = await deps.db.select().from(bidParts).where(eq(bidParts.bidId, bidId));
      const summaryRow = rows.find((r) => r.part === 'summary')!;
      expect(summaryRow).toMatchObject({ contentKey: null, plaintextPieces: [crypto.createHash('sha256').update(plaintexts[b]!.summary).digest('hex')] });
      const row = rows.find((r) => r.part === 'technical')!;
      expect(row.contentKey).toBeNull();
      // Stored in 4 MiB content-addressed pieces (like the sealed parts): 300 kB → 1, 9 MiB + 123 B → 3.
      expect((row.plaintextPieces as string[]).length).toBe(Math.ceil(plaintexts[b]!.technical.length / (4 * 1024 * 1024)));
      const stored = await readAll((await plaintextOf(deps, row))!);
      expect(stored.equals(plaintexts[b]!.technical)).toBe(true);
    }
  });
});

describe('the opening record (O5, O6)', () => {
  let recordPdf: Buffer;
  let recordSha: string;

  async function fetchRecord(username: string | null): Promise<Response> {
    return fetch(`${base}/openings/${projectId}/record.pdf`, { headers: username ? { cookie: await cookie(username) } : {} });
  }

  it('is generated, sealed by the platform (pdfsig) and stored by hash', async () => {
    const v = await (await as('staff')).opening.generateRecord({ projectId });
    expect(v.record).toMatchObject({ version: 1, url: `/openings/${projectId}/record.pdf` });
    const res = await fetchRecord('bidder2');
    expect(res.status).toBe(200);
    recordPdf = Buffer.from(await res.arrayBuffer());
    recordSha = crypto.createHash('sha256').update(recordPdf).digest('hex');
    expect(recordSha).toBe(v.record!.sha256);
    const file = path.join(tmpDir, 'record.pdf');
    fs.writeFileSync(file, recordPdf);
    expect(execFileSync('pdfsig', [file], { encoding: 'utf8' })).toContain('Signature is Valid');
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    for (const s of ['开标记录表', '华东建工集团有限公司', '7,500,000.00', '撤销', '撤回', '平台份额', '承诺截止时间']) expect(text).toContain(s);
    // Issue 16 §2: the ceiling per section and a remark on the one line above it (not a rejection).
    const flat = text.replace(/\s+/g, '');
    expect(flat).toContain('最高投标限价8,000,000.00元');
    expect(flat).toContain('投标报价8,000,000.02元超过最高投标限价8,000,000.00元，由评标委员会依法评审');
    expect(flat.match(/※备注/g)?.length).toBe(1);
    expect((await fetchRecord(null)).status).toBe(401);
    expect((await fetchRecord('tenderee2')).status).toBe(404);
    const ev = await deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'opening.record'));
    expect(ev[0]!.objectHashes).toEqual([recordSha]);
  });

  it('a corrupted record never downloads complete, and raises the integrity alert (issue 13 §5)', async () => {
    const bad = await downloadTampered(testApp, { path: `/openings/${projectId}/record.pdf`, cookie: await cookie('bidder2'), sha256: recordSha });
    expect(bad.outcome).not.toBe('complete');
    expect((await integrityAlert(testApp, recordSha)).events[0]?.payload).toMatchObject({ sha256: recordSha, route: 'GET /openings/:projectId/record.pdf' });
    expect((await fetchRecord('bidder2')).status).toBe(200); // repaired
  });

  it('a bidder confirms with its company signing key; another company’s certificate or an old version is refused', async () => {
    const { caller } = await asCert('bidder1');
    const wrong = signCmsDetached(recordPdf, keysOf.bidder2!.sign).toString('base64');
    expect((await appError(caller.opening.confirm({ projectId, recordSha256: recordSha, signatureBase64: wrong }))).details?.reason).toBe('SIGNER_NOT_OF_COMPANY');
    const overOther = signCmsDetached(Buffer.from('something else'), keysOf.bidder1!.sign).toString('base64');
    expect((await appError(caller.opening.confirm({ projectId, recordSha256: recordSha, signatureBase64: overOther }))).details?.reason).toBe('SIGNATURE_INVALID');
    const good = signCmsDetached(recordPdf, keysOf.bidder1!.sign);
    expect((await appError(caller.opening.confirm({ projectId, recordSha256: '0'.repeat(64), signatureBase64: good.toString('base64') }))).details?.reason).toBe('RECORD_OUTDATED');
    const v = await caller.opening.confirm({ projectId, recordSha256: recordSha, signatureBase64: good.toString('base64') });
    const mine = v.bids.find((b) => b.mine)!;
    expect(mine).toMatchObject({ confirmStatus: 'confirmed', confirmCertSerial: expect.any(String) });
    const dir = fs.mkdtempSync(path.join(tmpDir, 'confirm-'));
    fs.writeFileSync(path.join(dir, 'record.pdf'), recordPdf);
    fs.writeFileSync(path.join(dir, 'confirm.p7s'), Buffer.from(mine.confirmCmsBase64!, 'base64'));
    fs.writeFileSync(path.join(dir, 'root.pem'), deps.pki.platform.rootCertPem);
    const args = ['cms', '-verify', '-binary', '-inform', 'DER', '-in', path.join(dir, 'confirm.p7s'), '-content', path.join(dir, 'record.pdf'), '-CAfile', path.join(dir, 'root.pem'), '-purpose', 'any', '-out', '/dev/null'];
    expect(execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })).toBe('');
  });

  it('O6: closing is refused with an unanswered objection and with a record that lacks the answer; silence is acceptance', async () => {
    const b2 = (await asCert('bidder2')).caller;
    await b2.opening.object({ projectId, text: '我单位对投标人4的解密失败原因有异议，请核实。' });
    const staff = await as('staff');
    const e1 = await appError(staff.opening.close({ projectId }));
    expect(e1.details?.reason).toBe('OBJECTIONS_OPEN');
    const v0 = await staff.opening.get({ projectId });
    await staff.opening.answer({ objectionId: v0.objections[0]!.id, answer: '经核实，投标人4未在解密时限内解密，按招标文件规定视为撤销投标文件。' });
    expect((await appError(staff.opening.answer({ objectionId: v0.objections[0]!.id, answer: '重复答复' }))).details?.reason).toBe('ALREADY_ANSWERED');
    deps.clock.set(new Date(deps.clock.now().getTime() + 60_000));
    expect((await appError(staff.opening.close({ projectId }))).details?.reason).toBe('RECORD_OUTDATED');
    const v2 = await staff.opening.generateRecord({ projectId });
    expect(v2.record!.version).toBe(2);
    // The confirmation was of version 1: asked again.
    expect(v2.bids.find((b) => b.bidderName === '华东建工集团有限公司')!.confirmStatus).toBe('pending');
    const pdf2 = Buffer.from(await (await fetchRecord('bidder1')).arrayBuffer());
    const file = path.join(tmpDir, 'record2.pdf');
    fs.writeFileSync(file, pdf2);
    expect(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })).toContain('视为撤销投标文件');
    const { caller } = await asCert('bidder1');
    await caller.opening.confirm({ projectId, recordSha256: v2.record!.sha256, signatureBase64: signCmsDetached(pdf2, keysOf.bidder1!.sign).toString('base64') });
    deps.clock.set(new Date(deps.clock.now().getTime() + 60_000));
    // Issue 18 §5: the others have not answered version 2 — the close waits for its confirm deadline.
    expect((await appError(staff.opening.close({ projectId }))).details).toMatchObject({ reason: 'CONFIRM_WINDOW_OPEN', waiting: 4 });
    deps.clock.set(new Date(v2.record!.confirmDeadline));
    const closed = await staff.opening.close({ projectId });
    expect(closed.status).toBe('closed');
    expect(closed.bids.map((b) => b.confirmStatus)).toEqual(['confirmed', 'deemed_accepted', 'deemed_accepted', 'deemed_accepted', 'deemed_accepted']);
    const [p] = await deps.db.select().from(projects).where(eq(projects.id, projectId));
    expect(p!.status).toBe('EVALUATION');
    // Published: anyone may read the record now.
    expect((await fetchRecord(null)).status).toBe(200);
    expect((await appError(b2.opening.object({ projectId, text: '再次异议' }))).details?.reason).toBe('CLOSED');
  });

  it('every step is in the project chain, with the record and the plaintexts referenced by hash', async () => {
    const rows = await deps.db.select().from(auditEvents).where(eq(auditEvents.chain, projectChain(projectId)));
    const actions = rows.map((r) => r.action);
    for (const a of ['opening.sign_in', 'project.deadline_reached', 'opening.start', 'opening.decrypt', 'opening.plaintext_stored', 'opening.decrypt_refused', 'draw.create', 'draw.commit', 'draw.reveal', 'draw.result', 'opening.failure_cause', 'opening.decrypt_expired', 'opening.publish', 'opening.record', 'opening.confirm', 'opening.objection', 'opening.answer', 'opening.close', 'project.opening_done']) {
      expect(actions).toContain(a);
    }
    const decrypts = rows.filter((r) => r.action === 'opening.plaintext_stored');
    // The plaintext pieces are referenced (one piece here, so its hash is the whole part's).
    expect(decrypts.flatMap((r) => r.objectHashes as string[])).toContain(crypto.createHash('sha256').update(plaintexts.bidder1!.technical).digest('hex'));
    const [line] = await deps.db.select().from(openingBids).where(and(eq(openingBids.confirmStatus, 'confirmed')));
    expect(line!.confirmRecordSha256).toMatch(/^[0-9a-f]{64}$/);
    // An envelope header still names only the bidder's own certificate as recipient.
    const [part] = await deps.db.select().from(bidParts).where(eq(bidParts.part, 'summary')).limit(1);
    const head = await readAll(await deps.storage.get((part!.pieces as string[])[0]!));
    expect(readEnvelopeHeader(head).header.recipients).toHaveLength(1);
  });
});

describe('a company bidding in several sections', () => {
  it('names the bid for its keys and decrypts each section’s bid', async () => {
    deps.clock.set(new Date(DEADLINE.getTime() + 2 * 3600_000));
    // Two hours after the deadline: a late opening (issue 18 §5), started with its reason.
    await (await as('staff')).opening.start({ projectId: twoSectionProjectId, lateReason: '同一主持人先行主持其他项目开标，本项目顺延开标' });
    const { caller } = await asCert('bidder1');
    const v0 = await caller.opening.signIn({ projectId: twoSectionProjectId });
    const own = v0.bids.filter((b) => b.mine);
    expect(own.map((b) => b.sectionCode)).toEqual(['001', '002']);
    expect(own.every((b) => b.bidId !== null)).toBe(true);
    expect(v0.bids.filter((b) => !b.mine).every((b) => b.bidId === null)).toBe(true);
    expect((await appError(caller.opening.myKeys({ projectId: twoSectionProjectId }))).details?.reason).toBe('BID_REQUIRED');
    const k = keysOf.bidder1!;
    for (const b of own) {
      const mine = await caller.opening.myKeys({ projectId: twoSectionProjectId, bidId: b.bidId! });
      const keys = mine.parts.map((p) => ({ part: p.part, contentKey: Buffer.from(unwrapContentKey({ header: { recipients: p.recipients }, decryptionKeyPem: k.enc.keyPem, recipientCertPem: k.enc.certPem })).toString('base64') }));
      expect((await caller.opening.decrypt({ projectId: twoSectionProjectId, bidId: mine.bidId, keys })).bidId).toBe(b.bidId);
    }
    const last = await caller.opening.get({ projectId: twoSectionProjectId });
    expect(last.bids.filter((b) => b.mine).map((b) => b.decryptStatus)).toEqual(['decrypted', 'decrypted']);
    // Another company's bid id is not found.
    expect((await appError(caller.opening.myKeys({ projectId: twoSectionProjectId, bidId: (await (await as('staff')).opening.get({ projectId: twoSectionProjectId })).bids.find((b) => !b.bidderName?.startsWith('华东'))!.bidId! }))).code).toBe('NOT_FOUND');
  });
});

describe('an opening drawn the old way (before issue 14)', () => {
  it('keeps displaying its seed, contributions and K, and the old verification still holds', async () => {
    // Make the two-section opening look like one drawn before issue 14: no public draw, the old columns.
    const [o] = await deps.db.select().from(openings).where(eq(openings.projectId, twoSectionProjectId));
    const [d] = await deps.db.select().from(draws).where(eq(draws.subjectId, o!.id));
    await deps.db.delete(drawCommitments).where(eq(drawCommitments.drawId, d!.id));
    await deps.db.delete(draws).where(eq(draws.id, d!.id));
    const seedHex = crypto.randomBytes(32).toString('hex');
    const supervisor = await actorOf('supervisor');
    const [c] = await deps.db.insert(openingContributions).values({ openingId: o!.id, userId: supervisor.userId, valueHex: 'ab'.repeat(32), createdAt: deps.clock.now() }).returning();
    const r = drawK({ seedHex, contributions: [{ id: c!.id, valueHex: c!.valueHex }], floatPointsBp: o!.floatPointsBp as number[] });
    await deps.db
      .update(openings)
      .set({ kSeed: seedHex, kCommitment: kCommitment(seedHex), kDrawnAt: deps.clock.now(), kIndex: r.index, kResultBp: r.resultBp, kValue: r.kValue, kInputsSha256: r.inputsSha256 })
      .where(eq(openings.id, o!.id));
    const v = await (await as('bidder2')).opening.get({ projectId: twoSectionProjectId });
    expect(v.k).toMatchObject({ draw: null, seedHex, commitment: kCommitment(seedHex), resultBp: r.resultBp, kValue: r.kValue, resultIndex: r.index });
    expect(v.k!.contributions).toEqual([{ label: expect.stringMatching(/^监管部门/), at: expect.any(String), valueHex: 'ab'.repeat(32) }]);
    expect(verifyKDraw({ seedHex, commitment: v.k!.commitment!, contributions: [{ id: c!.id, valueHex: c!.valueHex }], floatPointsBp: v.k!.floatPointsBp, index: v.k!.resultIndex! })).toBe(true);
  });
});

describe('issue 14 §7: the inner signer, as strictly as the outer one', () => {
  // A bid of bidder2 whose summary's inner signature is by `inner` (a user of the same company), the
  // outer by bidder2's own key; then the opening's decryption of that part (the store_plaintext job runs
  // the same decryptPart as opening.decrypt, after publication) with the content key the bidder would hand over.
  let p3: number;
  let s3: number;
  async function bidWithInner(inner: { keyPem: string; certPem: string }, price: number) {
    const plaintext = Buffer.from(encodeBidSummary({ projectId: p3, sectionId: s3, priceFen: price, durationDays: 30, quality: '合格' }));
    const sealed = await seal({ username: 'bidder2', part: 'summary', projectId: p3, sectionId: s3, plaintext, signer: inner });
    const uploadId = await uploadPart('bidder2', s3, 'summary', sealed);
    const next = await nextBid('bidder2', s3);
    const r = await (await as('bidder2')).bid.finalize({
      sectionId: s3,
      version: next.version,
      parts: [{ uploadId, outerSignature: outerSig(keysOf.bidder2!.sign, { projectId: p3, sectionId: s3, ...next, part: 'summary', headerSha256: headerShaOf(sealed), partHash: partHash(sealed), size: sealed.length }) }],
    });
    const k = unwrapContentKey({ header: readEnvelopeHeader(sealed).header, decryptionKeyPem: keysOf.bidder2!.enc.keyPem, recipientCertPem: keysOf.bidder2!.enc.certPem });
    await deps.db
      .update(bidParts)
      .set({ contentKey: Buffer.from(k).toString('base64'), plaintextSha256: crypto.createHash('sha256').update(plaintext).digest('hex') })
      .where(eq(bidParts.bidId, r.bid.id));
    return r.bid.id;
  }
  const open = (bidId: number) => runJob('opening.store_plaintext', { bidId }).then(() => 'opened', (e: unknown) => (isAppError(e) ? e.toJSON() : e));

  it('a signing certificate revoked after the bid arrived is fine; one revoked before is refused (INNER_SIGNER_INVALID CERT_REVOKED)', async () => {
    deps.clock.set(START);
    p3 = await createProject('示范市内层签名测试工程');
    // Late in the bidding period (the certificates issued in beforeAll are valid by then).
    const T = DEADLINE.getTime() - 3 * 3600_000;
    deps.clock.set(new Date(T));
    expect(await runJob('project.timer', { projectId: p3, event: 'open_bidding' })).toMatchObject({ status: 'BIDDING' });
    s3 = (await (await as('tenderee')).project.get({ projectId: p3 })).sections[0]!.id;
    await (await as('bidder2')).registration.register({ sectionId: s3 });
    const clerk = await issueKeys('bidder2b');
    // The store job decrypts only once the opening's results are published (issue 14 §1): a published
    // opening row for this project stands in for the session this test does not run.
    const [staffUser] = await deps.db.select().from(users).where(eq(users.username, 'staff'));
    await deps.db.insert(openings).values({ projectId: p3, status: 'published', hostUserId: staffUser!.id, hostedAt: new Date(T), openedAt: new Date(T), decryptWindowMinutes: 30, decryptDeadline: new Date(T + 30 * 60_000), publishedAt: new Date(T) });
    const early = await bidWithInner(clerk.sign, 500_000_001);
    // Revoked after that bid arrived: its inner signature still counts.
    deps.clock.set(new Date(T + 60_000));
    await (await as('bidder2b')).cert.revoke({ certificateId: clerk.sign.id, reason: 1 });
    expect(await open(early)).toBe('opened');
    // A bid that arrives after the revocation, inner-signed with the revoked certificate: refused at the opening.
    deps.clock.set(new Date(T + 120_000));
    const late = await bidWithInner(clerk.sign, 500_000_002);
    expect(await open(late)).toMatchObject({ code: 'VALIDATION', details: { reason: 'INNER_SIGNER_INVALID', cause: 'CERT_REVOKED', part: 'summary' } });
    // Another company's signing certificate inside, the company's own outside → SIGNER_NOT_OF_COMPANY.
    const foreign = await bidWithInner(keysOf.bidder1!.sign, 500_000_003);
    expect(await open(foreign)).toMatchObject({ details: { reason: 'SIGNER_NOT_OF_COMPANY' } });
  });
});

describe('issue 16 §7: sections stand alone (O2 per section)', () => {
  it('2 bids in one section, 3 in the other: the short section fails alone — its own 流标公告, its securities due — the other opens and its bids decrypt', async () => {
    deps.clock.set(new Date(DEADLINE.getTime() + 3600_000));
    const [s1, s2] = await deps.db.select().from(sections).where(eq(sections.projectId, splitProjectId)).orderBy(sections.code);
    const v = await (await as('staff')).opening.start({ projectId: splitProjectId, lateReason: '主持人先行主持其他项目开标，本项目顺延开标' }); // an hour late (issue 18 §5)
    expect(v.status).toBe('decrypting');
    expect(v.failure).toBeNull();
    // Opening lines only for the section going on.
    expect(v.bids.map((b) => b.sectionCode)).toEqual(['002', '002', '002']);
    expect(v.failedSections).toEqual([
      { sectionId: s1!.id, sectionCode: '001', sectionName: '雨水管网', reason: 'too_few_bids', failedAt: expect.any(String), bidCount: 2, failureNoticeId: expect.any(Number) },
    ]);
    const [p] = await deps.db.select().from(projects).where(eq(projects.id, splitProjectId));
    expect(p!.status).toBe('OPENING');

    // Its own notice: published, about section 001 only, sealed PDF on the portal.
    const noticeId = v.failedSections[0]!.failureNoticeId!;
    const [n] = await deps.db.select().from(notices).where(eq(notices.id, noticeId));
    expect(n).toMatchObject({ kind: 'failure', status: 'published', sectionId: s1!.id, title: '示范市两标段管网工程（分标段流标测试）第001标段（雨水管网）流标公告' });
    expect(n!.body).toContain('第四十四条');
    expect(n!.body).toContain('其他标段不受影响');
    const pdf = await fetch(`${base}/portal/notices/${noticeId}.pdf`);
    expect(pdf.status).toBe(200);
    expect(crypto.createHash('sha256').update(Buffer.from(await pdf.arrayBuffer())).digest('hex')).toBe(n!.pdfSha256);
    expect((await (await as('tenderee')).project.get({ projectId: splitProjectId })).sections.map((s) => [s.code, s.status, s.failureNoticeId])).toEqual([
      ['001', 'failed', noticeId],
      ['002', 'open', null],
    ]);

    // Securities: those of the failed section are due for refund, those of the other are not.
    const ds = await deps.db.select().from(deposits).where(eq(deposits.projectId, splitProjectId));
    expect(ds).toHaveLength(5);
    expect(ds.filter((d) => d.sectionId === s1!.id).map((d) => [d.refundReason, d.refundDueAt !== null])).toEqual([['failure', true], ['failure', true]]);
    expect(ds.filter((d) => d.sectionId === s2!.id).every((d) => d.refundDueAt === null)).toBe(true);

    // Told: the owner side and the section's companies; audited.
    const told = async (u: string) => {
      const [x] = await deps.db.select().from(users).where(eq(users.username, u));
      return (await deps.db.select().from(notifications).where(and(eq(notifications.userId, x!.id), eq(notifications.kind, 'section.failed')))).some((m) => m.bodyZh.includes('分标段流标测试'));
    };
    expect([await told('tenderee'), await told('bidder2'), await told('bidder3')]).toEqual([true, true, false]);
    expect(await deps.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'section.fail'), eq(auditEvents.subjectId, String(s1!.id))))).toHaveLength(1);

    // The other section's bids decrypt; the failed section's bid is not opened and refuses decryption.
    const { caller } = await asCert('bidder1');
    const own = (await caller.opening.signIn({ projectId: splitProjectId })).bids.filter((b) => b.mine);
    expect(own.map((b) => b.sectionCode)).toEqual(['002']);
    const k = keysOf.bidder1!;
    const mine = await caller.opening.myKeys({ projectId: splitProjectId, bidId: own[0]!.bidId! });
    const keys = mine.parts.map((x) => ({ part: x.part, contentKey: Buffer.from(unwrapContentKey({ header: { recipients: x.recipients }, decryptionKeyPem: k.enc.keyPem, recipientCertPem: k.enc.certPem })).toString('base64') }));
    expect((await caller.opening.decrypt({ projectId: splitProjectId, bidId: mine.bidId, keys })).decryptStatus).toBe('decrypted');
    const b1 = await actorOf('bidder1');
    const [failedBid] = await deps.db.select().from(bids).where(and(eq(bids.sectionId, s1!.id), eq(bids.bidderOrgId, b1.orgId), eq(bids.status, 'current')));
    expect(await deps.db.select().from(openingBids).where(eq(openingBids.bidId, failedBid!.id))).toHaveLength(0);
    expect((await appError(caller.opening.myKeys({ projectId: splitProjectId, bidId: failedBid!.id }))).details?.reason).toBe('SECTION_FAILED');
    const random = [{ part: 'summary' as const, contentKey: crypto.randomBytes(32).toString('base64') }];
    expect(await appError(caller.opening.decrypt({ projectId: splitProjectId, bidId: failedBid!.id, keys: random }))).toMatchObject({ code: 'INVALID_STATE', details: { reason: 'SECTION_FAILED' } });
    // A new registration in the failed section is refused too.
    expect((await appError((await as('bidder4')).registration.register({ sectionId: s1!.id }))).details?.reason).toBe('SECTION_FAILED');
  });

  it('every section short → the project FAILS as before, with one 流标公告 and no section notice of its own', async () => {
    const v = await (await as('staff')).opening.start({ projectId: allShortProjectId, lateReason: '主持人先行主持其他项目开标，本项目顺延开标' });
    expect(v.status).toBe('failed');
    expect(v.failure).toEqual({ reason: 'too_few_bids', bidCount: 1 });
    expect(v.bids).toEqual([]);
    const [p] = await deps.db.select().from(projects).where(eq(projects.id, allShortProjectId));
    expect(p!.status).toBe('FAILED');
    const ns = await deps.db.select().from(notices).where(and(eq(notices.projectId, allShortProjectId), eq(notices.kind, 'failure')));
    expect(ns.map((x) => [x.title, x.sectionId])).toEqual([['示范市两标段绿化工程（全部标段流标测试）流标公告', null]]);
    expect(v.failedSections.map((s) => [s.sectionCode, s.reason, s.bidCount, s.failureNoticeId])).toEqual([
      ['001', 'too_few_bids', 2, ns[0]!.id],
      ['002', 'too_few_bids', 1, ns[0]!.id],
    ]);
    expect(await deps.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'section.fail'), eq(auditEvents.chain, projectChain(allShortProjectId))))).toHaveLength(0);
  });
});
