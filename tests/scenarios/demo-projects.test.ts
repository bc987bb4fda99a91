/**
 * The demo's "projects", "tendering", "bids" and "opening" stages (issue 4 §7, issue 5 §7, issue 6 §9,
 * issue 7 §9) through the real services on PostgreSQL and the S3 server: one project of each trade type,
 * legally scheduled from today, its notice published as a sealed PDF and listed on the public portal; a
 * post-qualification project in registration whose clarification moved the deadline, a prequalification
 * project in review; a project in BIDDING with sealed bids; and an engineering project already opened,
 * with its sealed opening record.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import { bidParts, bids, deposits, registrations } from '@ebid/db';
import { ensureDevPki, fromP12, openPart } from '@ebid/pki';
import { apiClient, appCode, loginAs } from '@ebid/api/test-client';
import { verifySealedPdf } from '@ebid/pdf';
import { DEMO_CONFIDENTIAL_PROJECT, DEMO_OPENING_PROJECT, DEMO_PASSWORD, DEMO_WAITING_EVALUATION_PROJECT, DEMO_SINGLE_SOURCE_PROJECT, plaintextOf, seedDemo, seedHolidayCalendar, verifyCommitteeDraw, verifyDraw } from '@ebid/services';
import { createTestDatabase, createTestDeps, createTestS3Store, type TestDatabase } from '@ebid/testing';

async function readStream(s: AsyncIterable<unknown>): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const c of s) out.push(Buffer.from(c as Uint8Array));
  return Buffer.concat(out);
}

let tdb: TestDatabase;
let deps: Awaited<ReturnType<typeof createTestDeps>>;

beforeAll(async () => {
  tdb = await createTestDatabase();
  // A fixed "today" whose working-day periods stay inside the announced 2025–2026 calendar.
  // The demo bids are signed and verified at the fake clock, so the platform root must already be valid then.
  const platform = await ensureDevPki(fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-demo-pki-')), { now: new Date('2026-01-01T00:00:00Z') });
  deps = await createTestDeps(tdb.database, { storage: await createTestS3Store(), clockStart: new Date('2026-06-01T01:00:00Z'), pki: { platform, trustedRootsPem: [platform.rootCertPem] } });
  await seedHolidayCalendar(deps);
  expect(await seedDemo(deps, { certificates: false })).toEqual(['identity', 'experts', 'projects', 'sales', 'tendering', 'bids', 'opening', 'committee', 'evaluation']);
  expect(await seedDemo(deps, { certificates: false })).toEqual([]);
}, 120_000);
afterAll(async () => {
  await deps?.close();
  await tdb?.drop();
});

describe('demo projects', () => {
  it('publishes one notice per trade type on the portal, each a valid sealed PDF', async () => {
    const anon = await apiClient(deps).call();
    const { items } = await anon.portal.notices({ limit: 50 });
    expect(items.map((i) => i.project.tradeType).sort()).toEqual(['engineering', 'engineering', 'engineering', 'engineering', 'engineering', 'engineering', 'engineering', 'land', 'procurement', 'procurement', 'procurement', 'property']);
    // The GP tender waives its security (issue 16 §5; 发改法规〔2023〕27号).
    const gp = (await (await loginAs(deps, 'staff', DEMO_PASSWORD)).call()).project.get({ projectId: items.find((i) => i.project.tradeType === 'procurement' && i.kind === 'tender' && i.project.status === 'PUBLISHED')!.project.id });
    expect((await gp).securityWaived).toBe(true);
    expect(items.filter((i) => i.project.status !== 'PUBLISHED').map((i) => i.project.status).sort()).toEqual(['BIDDING', 'EVALUATION', 'EVALUATION', 'OPENING', 'PREQUALIFICATION', 'PREQUALIFICATION']);
    for (const n of items) {
      const chunks: Buffer[] = [];
      for await (const c of (await deps.storage.get(n.pdfSha256)) as AsyncIterable<Buffer>) chunks.push(c);
      // The test PKI was made with the real clock, the app runs on a fake one: verify at the real time.
      const check = await verifySealedPdf(Buffer.concat(chunks), { trustedRootsPem: [deps.pki.platform.rootCertPem], at: new Date() });
      expect(check.ok, n.title).toBe(true);
    }
    const changes = await anon.portal.changes({ after: 0, limit: 100 });
    // Twelve notices (the demo bids, opening and consultation projects' and the single-source publicity too), and the clarification of the post-qualification project that moved its deadline.
    expect(changes.changes.map((c) => `${c.entity}.${c.change}`).sort()).toEqual([
      'clarification.published',
      ...Array<string>(12).fill('notice.published'),
      'project.deadline_moved',
    ]);
  });

  it('has a single-source procurement in its publicity, naming its supplier; only that supplier may register (issue 18 §3)', async () => {
    const staff = await (await loginAs(deps, 'staff', DEMO_PASSWORD)).call();
    const p = (await staff.project.list({ limit: 50 })).find((x) => x.name === DEMO_SINGLE_SOURCE_PROJECT)!;
    expect(p).toMatchObject({ tradeType: 'procurement', method: 'single_source', status: 'PUBLISHED', singleSourceSupplier: { name: '西湖医疗设备有限公司' } });
    expect(Date.parse(p.schedule.publicityEnd!)).toBeGreaterThan(deps.clock.now().getTime()); // the publicity is running
    const other = await (await loginAs(deps, 'bidder1', DEMO_PASSWORD)).call();
    expect(await appCode(other.registration.register({ sectionId: p.sections[0]!.id }))).toBe('FORBIDDEN');
  });

  it('has a project in registration whose clarification moved the deadline (N5), with registrations and a received security', async () => {
    const staff = await (await loginAs(deps, 'staff', DEMO_PASSWORD)).call();
    const all = await staff.project.list({ limit: 50 });
    const p = all.find((x) => x.name.startsWith('示范市城北污水处理厂'))!;
    expect(p.status).toBe('PUBLISHED');
    const [c] = await staff.clarification.list({ projectId: p.id });
    expect(c!.status).toBe('published');
    expect(c!.newDeadline).not.toBeNull();
    expect(Date.parse(c!.newDeadline!)).toBeGreaterThan(Date.parse(c!.previousDeadline!));
    expect(p.schedule.bidDeadline).toBe(new Date(c!.newDeadline!).toISOString());
    // Before the bid deadline nobody lists the registrants or their securities (issue 13 §2): read the demo data itself.
    expect(await appCode(staff.registration.forProject({ projectId: p.id }))).toBe('INVALID_STATE');
    expect(await appCode(staff.deposit.list({ projectId: p.id }))).toBe('INVALID_STATE');
    expect(await deps.db.select().from(registrations).where(eq(registrations.projectId, p.id))).toHaveLength(3);
    // Issue 16 §5: a cash security matched from the bank statement by its payment reference, an electronic
    // guarantee with its issuer and verification, and a transfer without the reference left unmatched.
    const ds = await deps.db.select().from(deposits).where(eq(deposits.projectId, p.id));
    expect(ds.map((d) => `${d.status}:${d.form ?? '-'}:${d.source ?? '-'}`).sort()).toEqual(['pending:-:-', 'received:cash:import', 'received:e_guarantee:manual']);
    expect(ds.find((d) => d.form === 'e_guarantee')).toMatchObject({ guaranteeIssuer: '示范市融资担保有限公司', guaranteeVerification: expect.stringContaining('核验通过') });
    const unmatched = await staff.deposit.unmatched({});
    expect(unmatched).toEqual([expect.objectContaining({ status: 'open', remark: '投标保证金', payerName: '钱塘市政工程有限公司' })]);
    const docs = await staff.document.list({ projectId: p.id });
    expect(docs.map((d) => d.kind).sort()).toEqual(['attachment', 'tender']);
  });

  it('has a prequalification project in review with four applicants who answered every criterion', async () => {
    const staff = await (await loginAs(deps, 'staff', DEMO_PASSWORD)).call();
    const all = await staff.project.list({ limit: 50 });
    const p = all.find((x) => x.name.startsWith('示范市第二中学'))!;
    expect(p.status).toBe('PREQUALIFICATION');
    const review = await staff.qualification.applicants({ projectId: p.id });
    expect(review.criteria).toHaveLength(4);
    expect(review.applicants).toHaveLength(4);
    for (const a of review.applicants) expect(a.items.filter((i) => i.answer !== null)).toHaveLength(4);
  });

  it('has a land listing and an equity transfer with their sale terms, and applications awaiting the center\'s review (issue 18 §4)', async () => {
    const staff = await (await loginAs(deps, 'staff', DEMO_PASSWORD)).call();
    const all = await staff.project.list({ limit: 50 });
    const land = all.find((x) => x.tradeType === 'land')!;
    expect(land.sections[0]).toMatchObject({ ceilingFen: null, startingPriceFen: 520_000_000_00, incrementFen: 500_000_00, securityFen: 104_000_000_00 });
    expect(land.schedule.applicationDeadline).toBeDefined();
    const property = all.find((x) => x.tradeType === 'property')!;
    expect(property).toMatchObject({ propertyKind: 'equity_transfer' });
    expect(property.sections[0]).toMatchObject({ ceilingFen: null, startingPriceFen: 36_800_000_00, appraisalFen: 36_800_000_00 });
    const queue = await staff.registration.saleReviewQueue();
    expect(queue.find((q) => q.projectId === land.id)).toMatchObject({ pending: 1 });
    expect(queue.find((q) => q.projectId === property.id)).toMatchObject({ pending: 1 });
    const applicants = await staff.registration.saleApplicants({ projectId: land.id });
    expect(applicants.map((a) => a.status).sort()).toEqual(['applied', 'qualified']);
    expect(applicants.every((a) => a.deposit?.status === 'received')).toBe(true);
  });
});

describe('demo bids (issue 6)', () => {
  it('an engineering project in BIDDING, deadline a few days ahead, with sealed bids from three bidders that open only with their own keys', async () => {
    const staff = await (await loginAs(deps, 'staff', DEMO_PASSWORD)).call();
    const p = (await staff.project.list({ limit: 50 })).find((x) => x.name === '示范市东湖路综合管廊工程施工')!;
    expect(p.status).toBe('BIDDING');
    const days = (Date.parse(p.schedule.bidDeadline!) - deps.clock.now().getTime()) / 86_400_000;
    expect(days).toBeGreaterThan(1);
    expect(days).toBeLessThan(5);
    const rows = await deps.db.select().from(bids).where(eq(bids.projectId, p.id));
    expect(rows.map((b) => [b.status, b.version])).toEqual([['current', 1], ['current', 1], ['current', 1]]);
    for (const [i, username] of ['bidder1', 'bidder2', 'bidder3'].entries()) {
      const b = await (await loginAs(deps, username, DEMO_PASSWORD)).call();
      const mine = (await b.bid.mine({})).filter((x) => x.projectId === p.id);
      expect(mine).toHaveLength(1);
      expect(mine[0]!.parts.map((x) => x.part)).toEqual(['summary', 'technical']);
      expect(JSON.parse((await b.bid.receipt({ bidId: mine[0]!.id })).json)).toMatchObject({ type: 'ebid-bid-receipt', projectId: p.id });
      if (i === 0) {
        // The demo .p12 opens the company's own sealed summary (what a rehearsal does).
        const [part] = await deps.db.select().from(bidParts).where(eq(bidParts.bidId, mine[0]!.id));
        const chunks: Buffer[] = [];
        for (const h of part!.pieces as string[]) for await (const c of (await deps.storage.get(h)) as AsyncIterable<Buffer>) chunks.push(c);
        const enc = fromP12(fs.readFileSync(path.join(deps.config.dataDir, 'demo-certs', `${username}-enc.p12`)), DEMO_PASSWORD);
        const out: Buffer[] = [];
        const opened = await openPart({
          input: Readable.from([Buffer.concat(chunks)]),
          output: new Writable({ write: (c: Buffer, _e, cb) => (out.push(c), cb()) }),
          decryptionKeyPem: enc.privateKeyPem,
          recipientCertPem: enc.certPem,
        });
        expect(opened.manifest.part).toBe(part!.part);
      }
    }
  });
});

describe('demo opening (issue 7)', () => {
  it('an engineering project opened at its past deadline: every bid decrypted, K drawn, the record sealed and confirmed, the session closed', async () => {
    const staff = await (await loginAs(deps, 'staff', DEMO_PASSWORD)).call();
    const p = (await staff.project.list({ limit: 50 })).find((x) => x.name === DEMO_OPENING_PROJECT)!;
    expect(p.tradeType).toBe('engineering');
    expect(p.status).toBe('EVALUATION');
    expect(Date.parse(p.schedule.bidDeadline!)).toBeLessThan(deps.clock.now().getTime());
    const o = await staff.opening.get({ projectId: p.id });
    expect(o.status).toBe('closed');
    expect(o.openedAt).toBe(new Date(p.schedule.bidDeadline!).toISOString());
    expect(o.closedAt).not.toBeNull();
    expect(o.host).toBe('张敏');
    expect(o.bids).toHaveLength(3);
    for (const b of o.bids) {
      expect(b.decryptStatus).toBe('decrypted');
      expect(b.bidderName).toBeTruthy();
      expect(b.priceFen).toBeGreaterThan(0);
      expect(b.durationDays).toBeGreaterThan(0);
      expect(b.quality).toBe('合格');
      expect(b.parts.map((x) => x.part)).toEqual(['summary', 'technical']);
      for (const x of b.parts) expect(x.plaintextSha256).toMatch(/^[0-9a-f]{64}$/);
    }
    // The plaintext is stored by hash for the evaluation and no handed-over key is kept.
    const rows = await deps.db.select().from(bidParts).where(inArray(bidParts.bidId, o.bids.map((b) => b.bidId!)));
    expect(rows).toHaveLength(6);
    for (const r of rows) {
      expect(r.contentKey).toBeNull();
      const text = await readStream((await plaintextOf(deps, r))!);
      expect(crypto.createHash('sha256').update(text).digest('hex')).toBe(r.plaintextSha256);
    }
    expect(o.bids.map((b) => b.confirmStatus).sort()).toEqual(['confirmed', 'deemed_accepted', 'deemed_accepted']);
    // Issue 16 §2: one price above the 最高投标限价 is flagged for the committee, not rejected.
    expect(o.bids.filter((b) => b.aboveCeiling).map((b) => b.priceFen)).toEqual([58_615_500_00]);
    // K by the public commit–reveal draw (issue 14 §2): three bidders and the supervisor committed and
    // revealed, the platform drew at the reveal close, and the public record verifies.
    const d = o.k!.draw!;
    expect(d.phase).toBe('drawn');
    expect(d.commitments).toHaveLength(4);
    expect(d.commitments.every((c) => c.valueHex !== null && Date.parse(c.committedAt) <= Date.parse(d.commitCloseAt))).toBe(true);
    expect(o.k!.drawnAt).not.toBeNull();
    expect(o.k!.floatPointsBp).toContain(o.k!.resultBp);
    expect(o.k!.kValue).toMatch(/^0\.\d+$/);
    expect(
      verifyDraw({
        drawId: d.id,
        n: d.options.length,
        commitCloseAt: d.commitCloseAt,
        revealCloseAt: d.revealCloseAt,
        platformCommitment: d.platformCommitment,
        platformShareHex: d.platformShare!,
        commitments: d.commitments,
        resultIndex: d.result!.index,
        digestHex: d.result!.digestHex,
      }),
    ).toBe(true);

    // The record: stored by hash, a PDF, sealed by the platform.
    expect(o.record!.sha256).toMatch(/^[0-9a-f]{64}$/);
    const chunks: Buffer[] = [];
    for await (const c of (await deps.storage.get(o.record!.sha256)) as AsyncIterable<Buffer>) chunks.push(c);
    const pdf = Buffer.concat(chunks);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(crypto.createHash('sha256').update(pdf).digest('hex')).toBe(o.record!.sha256);
    expect((await verifySealedPdf(pdf, { trustedRootsPem: [deps.pki.platform.rootCertPem], at: new Date() })).ok).toBe(true);

    // The confirming bidder sees its own confirmation (a CMS over the PDF) and everyone's prices.
    const b1 = await (await loginAs(deps, 'bidder1', DEMO_PASSWORD)).call();
    const mine = await b1.opening.get({ projectId: p.id });
    const own = mine.bids.find((b) => b.mine)!;
    expect(own.confirmStatus).toBe('confirmed');
    expect(own.confirmCmsBase64).toBeTruthy();
    expect(mine.bids.every((b) => b.priceFen !== null && b.bidderName !== null)).toBe(true);
  });
});

describe('demo consultation opening (issue 18 §2)', () => {
  it('a 竞争性磋商 opened for the group: bidder1 sees its own line and its confirmed copy of the record; staff see every line', async () => {
    const staff = await (await loginAs(deps, 'staff', DEMO_PASSWORD)).call();
    const p = (await staff.project.list({ limit: 50 })).find((x) => x.name === DEMO_CONFIDENTIAL_PROJECT)!;
    expect([p.tradeType, p.method, p.status]).toEqual(['procurement', 'consultation', 'OPENING']);
    const all = await staff.opening.get({ projectId: p.id });
    expect(all).toMatchObject({ status: 'published', confidentialOffers: true });
    expect(all.bids.map((b) => b.decryptStatus)).toEqual(['decrypted', 'decrypted', 'decrypted']);
    const mine = await (await loginAs(deps, 'bidder1', DEMO_PASSWORD)).call().then((c) => c.opening.get({ projectId: p.id }));
    expect(mine.bids).toEqual([expect.objectContaining({ mine: true, confirmStatus: 'confirmed' })]);
    expect(mine.record!.sha256).not.toBe(all.record!.sha256); // its own copy, not the group's record
    expect(JSON.stringify(mine)).not.toContain(all.bids.find((b) => !b.mine && b.bidderName !== mine.bids[0]!.bidderName)!.bidderName!);
  });
});

describe('demo committees (issue 21)', () => {
  const sectionOf = async (name: string) => {
    const staff = await (await loginAs(deps, 'staff', DEMO_PASSWORD)).call();
    const p = (await staff.project.list({ limit: 50 })).find((x) => x.name === name)!;
    return (await staff.project.get({ projectId: p.id })).sections[0]!.id;
  };

  it('the opened project: a committee of five drawn and witnessed, one decline replaced by the backup, published (E2, E4)', async () => {
    const sectionId = await sectionOf(DEMO_OPENING_PROJECT);
    const staff = await (await loginAs(deps, 'staff', DEMO_PASSWORD)).call();
    const c = (await staff.committee.ofSection({ sectionId }))!;
    expect(c).toMatchObject({ status: 'published', size: 5 });
    expect(Date.parse(c.publishedAt!)).toBeLessThan(deps.clock.now().getTime());
    const by = (status: string) => c.seats.filter((s) => s.status === status);
    expect(by('confirmed')).toHaveLength(5);
    expect(by('declined')).toHaveLength(1);
    expect(by('confirmed').filter((s) => s.kind === 'backup')).toEqual([expect.objectContaining({ specialty: 'municipal', kind: 'backup' })]);
    expect(c.seats.every((s) => s.name)).toBe(true);
    expect(c.excluded.length).toBeGreaterThan(0); // 华东建工's former employee, at least (E3)
    // The supervisor re-runs the draw from the published inputs and gets the same committee.
    const supervisor = await (await loginAs(deps, 'supervisor', DEMO_PASSWORD)).call();
    expect((await supervisor.committee.get({ committeeId: c.id })).seats.map((s) => s.name)).toEqual(c.seats.map((s) => s.name));
    expect(await verifyCommitteeDraw(await supervisor.committee.verification({ committeeId: c.id }))).toBe(true);
    // Published: the portal lists it (E4: the names are public from now on).
    const anyone = await (await loginAs(deps, 'bidder1', DEMO_PASSWORD)).call();
    expect((await anyone.committee.published()).some((x) => x.committeeId === c.id)).toBe(true);
  });

  it('the second opened project: its committee published with every drawn member confirmed', async () => {
    const sectionId = await sectionOf(DEMO_WAITING_EVALUATION_PROJECT);
    const staff = await (await loginAs(deps, 'staff', DEMO_PASSWORD)).call();
    const c = (await staff.committee.ofSection({ sectionId }))!;
    expect(c).toMatchObject({ status: 'published', size: 5 });
    expect(c.seats.filter((s) => s.status === 'confirmed' && s.kind === 'member')).toHaveLength(5);
  });

  it('the consultation: its commitments published, the witnesses\' commit window open after the start', async () => {
    const sectionId = await sectionOf(DEMO_CONFIDENTIAL_PROJECT);
    const supervisor = await (await loginAs(deps, 'supervisor', DEMO_PASSWORD)).call();
    const c = (await supervisor.committee.ofSection({ sectionId }))!;
    expect(c).toMatchObject({ status: 'committed', size: 5, ownerReps: 1 });
    const v = await supervisor.committee.verification({ committeeId: c.id });
    expect(v.eligibleSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(Date.parse(v.draw.commitCloseAt)).toBeGreaterThan(deps.clock.now().getTime());
    expect(v.selection).toBeNull();
  });
});

describe('demo evaluations (issue 22)', () => {
  const evaluationOf = async (name: string) => {
    const staff = await (await loginAs(deps, 'staff', DEMO_PASSWORD)).call();
    const list = await staff.evaluation.list();
    return { staff, e: list.find((x) => x.projectName === name) };
  };

  it('滨江大道快速路: evaluated, signed by the five members, and its replay from the signed objects matches (S11)', async () => {
    const { staff, e } = await evaluationOf(DEMO_OPENING_PROJECT);
    expect(e?.status).toBe('signed');
    const report = await staff.evaluation.report({ evaluationId: e!.evaluationId });
    expect(report.signatures).toHaveLength(5);
    expect(report.reportSha256).toMatch(/^[0-9a-f]{64}$/);
    const replay = await staff.evaluation.replay({ evaluationId: e!.evaluationId });
    expect(replay.matches).toBe(true);
    // The public clarification answer is the bidder's own; the committee's names never reach the bidder.
    const bidder = await (await loginAs(deps, 'bidder1', DEMO_PASSWORD)).call();
    const mine = await bidder.evaluation.myClarifications();
    expect(mine.some((c) => c.answer !== null)).toBe(true);
  });

  it('城南污水处理厂配套管网: the session started and waits for its five members (blind technical part)', async () => {
    const { staff, e } = await evaluationOf(DEMO_WAITING_EVALUATION_PROJECT);
    expect(e?.status).toBe('preparing');
    const v = await staff.evaluation.get({ evaluationId: e!.evaluationId });
    expect(v.members).toHaveLength(5);
    expect(v.members.every((m) => !m.signedIn)).toBe(true);
  });
});
