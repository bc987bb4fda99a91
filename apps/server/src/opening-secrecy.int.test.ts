/**
 * Issue 14 §1 (rule O4): no price before publication, from any record. Between the first decryption and
 * the publication of the opening results, staff, administrators and supervisors read the project's audit
 * chain, and whoever runs the object store sees object names. A 开标一览表 is a short JSON whose only unknown
 * is the price, so any plaintext hash in those places gives the price to a brute force over prices in fen
 * in seconds. The test runs that brute force against everything recorded before publication (it must find
 * nothing) and after it (it must find every price: the control that the search works).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditEvents, bidParts } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import { createJobHandlers } from '@ebid/services';
import { ensureDevPki, unwrapContentKey } from '@ebid/pki';
import { startTestApp, type TestApp } from './test-app.ts';
import { BID_TEST_SCHEDULE as schedule, bidKit, DEADLINE, IN_BIDDING, summary } from './bid-test-kit.ts';

let testApp: TestApp;
let deps: TestApp['deps'];
const kit = bidKit(() => testApp);
const { as, asCert, keysOf, issueKeys, submit } = kit;
const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-opening-secrecy-'));

const BIDDERS = ['bidder1', 'bidder2', 'bidder3'] as const;
// Prices chosen inside the brute-force range below, not at its edges.
const PRICES: Record<string, number> = { bidder1: 750_000_123, bidder2: 750_004_567, bidder3: 749_998_001 };
const RANGE = { from: 749_990_000, to: 750_010_000 }; // 20,001 candidates, well under a second

let projectId: number;
let sectionId: number;

const runJob = (kind: string, payload: Record<string, unknown> = {}) =>
  createJobHandlers(deps)[kind]!({ job: { id: 0, kind, payload, attempts: 1, maxAttempts: 5 }, instanceId: 'test', signal: new AbortController().signal });

/** Every SHA-256-looking value in a text (hex, or base64 of 32 bytes). */
function digestsIn(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/[0-9a-f]{64}/gi)) out.add(m[0].toLowerCase());
  for (const m of text.matchAll(/[A-Za-z0-9+/]{43}=/g)) out.add(Buffer.from(m[0], 'base64').toString('hex'));
  return out;
}

/** The reviewer's attack: hash every candidate summary and look it up among the recorded digests. */
function bruteForce(digests: Set<string>, encode: (priceFen: number) => Buffer): number[] {
  const found: number[] = [];
  for (let p = RANGE.from; p <= RANGE.to; p++) {
    if (digests.has(crypto.createHash('sha256').update(encode(p)).digest('hex'))) found.push(p);
  }
  return found;
}

const summaryOf = (priceFen: number) => summary(priceFen, { type: 'ebid-bid-summary', v: 1, projectId, sectionId });

/** What the chain holds for the project, as the audit viewer shows it to staff and supervisors. */
async function chainText(): Promise<string> {
  const rows = await deps.db.select().from(auditEvents).where(eq(auditEvents.chain, projectChain(projectId)));
  return JSON.stringify(rows);
}

/** Object names an object-store operator sees: the plaintext digests that exist as objects. */
async function storedDigests(candidates: Buffer[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (const c of candidates) {
    const h = crypto.createHash('sha256').update(c).digest('hex');
    if (await deps.storage.stat(h)) out.add(h);
  }
  return out;
}

beforeAll(async () => {
  const platform = await ensureDevPki(path.join(tmpDir, 'platform-pki'), { now: new Date('2026-01-01T00:00:00Z') });
  testApp = await startTestApp({ clockStart: new Date('2026-02-25T02:00:00Z'), pki: { platform, trustedRootsPem: [platform.rootCertPem] } });
  deps = testApp.deps;
  const t = await as('tenderee');
  const p = await t.project.create({ tradeType: 'engineering', method: 'open', name: '示范市开标保密测试工程', budgetFen: 880_000_000, sections: [{ name: '施工', ceilingFen: 800_000_000, securityFen: 0 }] });
  projectId = p.id;
  await t.project.saveSchedule({ projectId, schedule, expectedVersion: p.version });
  const n = await t.notice.draft({ projectId, kind: 'tender', title: '示范市开标保密测试工程招标公告', body: '一、招标条件\n\n本项目已具备招标条件，现对该项目的施工进行公开招标。' });
  await t.notice.submit({ noticeId: n.id });
  await (await as('staff')).notice.publish({ noticeId: n.id });
  deps.clock.set(IN_BIDDING);
  await runJob('project.timer', { projectId, event: 'open_bidding' });
  sectionId = (await t.project.get({ projectId })).sections[0]!.id;
  for (const b of BIDDERS) {
    await (await as(b)).registration.register({ sectionId });
    await issueKeys(b);
    await submit(b, { id: projectId }, sectionId, [{ part: 'summary', plaintext: summaryOf(PRICES[b]!) }]);
  }
}, 180_000);

afterAll(async () => {
  await testApp?.close();
  fs.rmSync(tmpDir, { recursive: true, force: true });
});

describe('issue 14 §1 (O4): no price before publication, from any record', () => {
  it('the audit chain and the object store give no price to a brute force until the results are published', async () => {
    deps.clock.set(new Date(DEADLINE.getTime() + 1000));
    await (await as('staff')).opening.start({ projectId });
    const decrypt = async (b: string) => {
      const { caller } = await asCert(b);
      await caller.opening.signIn({ projectId });
      const mine = await caller.opening.myKeys({ projectId });
      const keys = mine.parts.map((x) => ({
        part: x.part,
        contentKey: Buffer.from(unwrapContentKey({ header: { recipients: x.recipients } as never, decryptionKeyPem: keysOf[b]!.enc.keyPem, recipientCertPem: keysOf[b]!.enc.certPem })).toString('base64'),
      }));
      return caller.opening.decrypt({ projectId, bidId: mine.bidId, keys });
    };
    const early = [await decrypt('bidder1'), await decrypt('bidder2')];
    // Any job that is due runs now, as the runner would (e.g. storing plaintexts): it must not give them away.
    for (const r of early) await runJob('opening.store_plaintext', { bidId: r.bidId });
    const plaintexts = BIDDERS.map((b) => summaryOf(PRICES[b]!));

    // Before publication: two bids decrypted, nothing in the chain or the store gives a price away.
    const before = await chainText();
    expect(before).toContain('opening.decrypt');
    expect(bruteForce(digestsIn(before), summaryOf)).toEqual([]);
    expect([...(await storedDigests(plaintexts))]).toEqual([]);

    // The last bid: everything terminal → published. Now the plaintext hashes are part of the record.
    await decrypt('bidder3');
    const view = await (await as('staff')).opening.get({ projectId });
    expect(view.status).toBe('published');
    const after = await chainText();
    expect(bruteForce(digestsIn(after), summaryOf).sort()).toEqual(Object.values(PRICES).sort());
    const published = (await deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'opening.publish'))).find((e) => e.chain === projectChain(projectId))!;
    expect(JSON.stringify(published.payload)).toContain(crypto.createHash('sha256').update(plaintexts[0]!).digest('hex'));
    // The plaintexts are stored after publication (the job enqueued by it).
    for (const row of (await deps.db.select().from(bidParts)).filter((x) => x.plaintextSha256 !== null)) {
      await runJob('opening.store_plaintext', { bidId: row.bidId });
    }
    expect((await storedDigests(plaintexts)).size).toBe(3);
  });
});
