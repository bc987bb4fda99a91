/**
 * Issue 14 §1 (rule O4): no price before publication, from any record. Between the first decryption and
 * the publication of the opening results, staff, administrators and supervisors read the project's audit
 * chain, and whoever runs the object store sees object names. The review brute-forced a 开标一览表's price
 * from the plaintext SHA-256 in the `opening.decrypt` event in seconds. Two fixes close it: no plaintext
 * hash is recorded anywhere before publication (this test: the true hashes, read from the database, are
 * absent from the chain and the store until publication, then present), and the summary is salted and
 * padded (packages/domain bid-summary tests), so even a published hash gives nothing to a brute force.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditEvents, bidParts } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import { type JobKind, type JobPayloadArg } from '@ebid/services';
import { ensureDevPki, unwrapContentKey } from '@ebid/pki';
import { biddingProject, runTestJob } from '@ebid/testing';
import { startTestApp, type TestApp } from './test-app.ts';
import { bidKit, DEADLINE, summary } from './bid-test-kit.ts';

let testApp: TestApp;
let deps: TestApp['deps'];
const kit = bidKit(() => testApp);
const { as, asCert, keysOf, issueKeys, submit } = kit;
const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-opening-secrecy-'));

const BIDDERS = ['bidder1', 'bidder2', 'bidder3'] as const;
const PRICES: Record<string, number> = { bidder1: 750_000_123, bidder2: 750_004_567, bidder3: 749_998_001 };

let projectId: number;
let sectionId: number;

const runJob = <K extends JobKind>(kind: K, ...payload: JobPayloadArg<K>) => runTestJob(deps, kind, ...payload);

/** Every SHA-256-looking value in a text (hex, or base64 of 32 bytes). */
function digestsIn(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/[0-9a-f]{64}/gi)) out.add(m[0].toLowerCase());
  for (const m of text.matchAll(/[A-Za-z0-9+/]{43}=/g)) out.add(Buffer.from(m[0], 'base64').toString('hex'));
  return out;
}

const summaryOf = (priceFen: number) => summary(priceFen); // sealed as the v2 summary (salted, padded) by the kit

/** What the chain holds for the project, as the audit viewer shows it to staff and supervisors. */
async function chainText(): Promise<string> {
  const rows = await deps.db.select().from(auditEvents).where(eq(auditEvents.chain, projectChain(projectId)));
  return JSON.stringify(rows);
}

beforeAll(async () => {
  const platform = await ensureDevPki(path.join(tmpDir, 'platform-pki'), { now: new Date('2026-01-01T00:00:00Z') });
  testApp = await startTestApp({ clockStart: new Date('2026-02-25T02:00:00Z'), pki: { platform, trustedRootsPem: [platform.rootCertPem] } });
  deps = testApp.deps;
  const p = await biddingProject(deps, { name: '示范市开标保密测试工程', sections: [{ name: '施工', ceilingFen: 800_000_000, securityFen: 0 }] });
  projectId = p.id;
  sectionId = p.sections[0]!.id;
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
    // The true plaintext hashes, read from the database (where they are kept for the publication).
    const plaintextHashes = async () => (await deps.db.select().from(bidParts)).filter((x) => x.plaintextSha256 !== null).map((x) => x.plaintextSha256!);
    const earlyHashes = await plaintextHashes();
    expect(earlyHashes).toHaveLength(2);

    // Before publication: two bids decrypted; neither the chain nor the store holds their plaintext hashes.
    const before = await chainText();
    expect(before).toContain('opening.decrypt');
    for (const h of earlyHashes) expect(digestsIn(before).has(h)).toBe(false);
    for (const h of earlyHashes) expect(await deps.storage.stat(h)).toBeNull();

    // The last bid: everything terminal → published. Now the plaintext hashes are part of the record.
    await decrypt('bidder3');
    const view = await (await as('staff')).opening.get({ projectId });
    expect(view.status).toBe('published');
    const all = await plaintextHashes();
    expect(all).toHaveLength(3);
    const published = (await deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'opening.publish'))).find((e) => e.chain === projectChain(projectId))!;
    for (const h of all) expect(digestsIn(JSON.stringify(published.payload)).has(h)).toBe(true);
    expect(view.bids.map((b) => b.priceFen).sort()).toEqual(Object.values(PRICES).sort());
    // The plaintexts are stored after publication (the job enqueued by it).
    for (const r of early) await runJob('opening.store_plaintext', { bidId: r.bidId });
    for (const h of earlyHashes) expect(await deps.storage.stat(h)).not.toBeNull();
  });
});
