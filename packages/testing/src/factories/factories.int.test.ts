/**
 * The factories make what they say, through the real API and services: each test starts from its own
 * project, so a factory that breaks names itself here before it breaks the tests that use it.
 */
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { bidParts, deposits } from '@ebid/db';
import { callerAs, useDemoTestDeps, type TestDeps } from './callers.ts';
import { publishedProject, draftProject } from './projects.ts';
import { registeredBidder } from './bidders.ts';
import { sealedBid } from './bids.ts';
import { biddingProject, openedProject } from './opening.ts';
import { TEST_START, testSchedule } from './schedule.ts';

let deps: TestDeps;
useDemoTestDeps((d) => (deps = d), { clockStart: TEST_START });

describe('factories', () => {
  it('draftProject: a DRAFT with the default section; publishedProject: documents, schedule, published notice', async () => {
    const d = await draftProject(deps, { name: '示范市草稿工程' });
    expect(d).toMatchObject({ status: 'DRAFT', name: '示范市草稿工程', sections: [{ ceilingFen: 800_000_000, securityFen: 16_000_000 }] });
    const p = await publishedProject(deps, { tradeType: 'procurement', owner: 'tenderee2', sections: [{ name: '包1', securityFen: 2_000_000 }], budgetFen: 100_000_000 });
    expect(p).toMatchObject({ status: 'PUBLISHED', tradeType: 'procurement', notice: { status: 'published', kind: 'tender' } });
    expect(p.schedule).toMatchObject({ bidDeadline: expect.any(String) });
    expect((await (await callerAs(deps, 'tenderee2')).document.list({ projectId: p.id })).length).toBeGreaterThan(0);
    const q = await publishedProject(deps, { prequalification: true });
    expect(q).toMatchObject({ status: 'PUBLISHED', prequalification: true, notice: { kind: 'prequalification' } });
    expect(Object.keys(q.schedule)).toEqual(expect.arrayContaining(Object.keys(testSchedule('prequalification'))));
  });

  it('registeredBidder: applied, the security recorded as received', async () => {
    deps.clock.set(TEST_START);
    const p = await publishedProject(deps);
    const r = await registeredBidder(deps, p.sections[0]!.id, { username: 'bidder2' });
    expect(r).toMatchObject({ status: 'applied', username: 'bidder2', deposit: { status: 'received', receivedFen: 16_000_000 } });
    const [d] = await deps.db.select().from(deposits).where(eq(deposits.id, r.deposit!.id));
    expect(d!.form).toBe('guarantee');
    const unpaid = await registeredBidder(deps, p.sections[0]!.id, { username: 'bidder3', security: false });
    expect(unpaid.deposit).toMatchObject({ status: 'pending' });
  });

  it('sealedBid: sealed parts uploaded piece by piece and finalized, with a receipt', async () => {
    deps.clock.set(TEST_START);
    const p = await biddingProject(deps);
    expect(p.status).toBe('BIDDING');
    const sectionId = p.sections[0]!.id;
    // A user the next test does not bid as: its certificates are issued now, and the next test moves the clock back.
    await registeredBidder(deps, sectionId, { username: 'bidder1b' });
    const b = await sealedBid(deps, { projectId: p.id, sectionId }, { username: 'bidder1b', parts: { technical: Buffer.alloc(5 * 1024 * 1024, 7) } });
    expect(b.bid).toMatchObject({ version: 1 });
    expect(b.receipt.json).toContain(String(b.bid.id));
    const parts = await deps.db.select().from(bidParts).where(eq(bidParts.bidId, b.bid.id));
    expect(parts.map((x) => x.part).sort()).toEqual(['summary', 'technical']);
    const again = await sealedBid(deps, { projectId: p.id, sectionId }, { username: 'bidder1b' });
    expect(again.bid.version).toBe(2);
  });

  it('openedProject: opened at the deadline, every bid decrypted by its bidder', async () => {
    deps.clock.set(TEST_START);
    const o = await openedProject(deps);
    expect(o.started.status).toBe('decrypting');
    expect(o.bids.map((b) => b.username)).toEqual(['bidder1', 'bidder2', 'bidder3']);
    expect(o.opening.bids).toHaveLength(3);
    expect(o.opening.bids.every((b) => b.decryptStatus === 'decrypted')).toBe(true);
    deps.clock.set(TEST_START);
    const n = await openedProject(deps, { decrypt: false, bids: [{ username: 'bidder4', priceFen: 1 }, { username: 'bidder5', priceFen: 2 }] });
    expect(n.started.status).toBe('failed');
  });
});
