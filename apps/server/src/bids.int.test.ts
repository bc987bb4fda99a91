/**
 * Sealed bids through the real server on PostgreSQL + S3 (issue 6): chunked resumable upload, finalize
 * with the outer signature, platform-signed receipts (openssl cms -verify), replace / withdraw before the
 * deadline (B4, B9), server time decides (B1, T1), the unencrypted-file prompt (B2), the receipt (B3),
 * only qualified registrants (B8), the certificate rules (X1), and "nothing early" (B5) for every role.
 */
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, bidParts, bids, bidUploadPieces, bidUploads, certificates, jobs, organizations, projects, registrations, users } from '@ebid/db';
import { DEMO_PASSWORD, type JobKind, type JobPayloadArg } from '@ebid/services';
import { appCode, loginAs, appError } from '@ebid/api/test-client';
import { createCsrPem, ensureDevPki, generateKeyPairPem, openPart, TRANSPORT_CHUNK_SIZE, type BidPart } from '@ebid/pki';
import { Readable } from 'node:stream';
import { downloadTampered, integrityAlert } from './integrity-test-kit.ts';
import { biddingProject, runTestJob, type TestProject } from '@ebid/testing';
import { startTestApp, type TestApp } from './test-app.ts';
import { bidKit, DEADLINE, headerShaOf, IN_BIDDING, outerSig, partHash, piecesOf, sink, summary as summaryOf } from './bid-test-kit.ts';

let testApp: TestApp;
let deps: TestApp['deps'];
let base: string;
const START = new Date('2026-02-25T02:00:00Z');
const login = (u: string) => loginAs(deps, u, DEMO_PASSWORD);
const as = async (u: string) => (await login(u)).call();
const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-bids-'));



const runJob = <K extends JobKind>(kind: K, ...payload: JobPayloadArg<K>) => runTestJob(deps, kind, ...payload);

const kit = bidKit(() => testApp);
const { keysOf, issueKeys, cookie, seal, putPiece, uploadPart, submit, nextBid } = kit;
const summary = (priceFen: number) => summaryOf(priceFen);

let project: TestProject;
let sec1: number;
let sec2: number;

beforeAll(async () => {
  // The test PKI's root must be valid at the fake clock (which is set in the past of the real clock).
  const platform = await ensureDevPki(path.join(tmpDir, 'platform-pki'), { now: new Date('2026-01-01T00:00:00Z') });
  testApp = await startTestApp({ clockStart: START, pki: { platform, trustedRootsPem: [platform.rootCertPem] } });
  deps = testApp.deps;
  base = testApp.base;
  // Published, then the bidding period opened by its timer job (the clock at IN_BIDDING).
  project = await biddingProject(deps, {
    name: '示范市滨江大道改造工程（投标测试）',
    sections: [
      { name: '第一标段', ceilingFen: 800_000_000, securityFen: 0 },
      { name: '第二标段', ceilingFen: 500_000_000, securityFen: 0 },
    ],
    noticeTitle: '示范市滨江大道改造工程招标公告',
  });
  expect(project.status).toBe('BIDDING');
  sec1 = project.sections[0]!.id;
  sec2 = project.sections[1]!.id;
  for (const b of ['bidder1', 'bidder2', 'bidder3']) {
    await (await as(b)).registration.register({ sectionId: sec1 });
    await issueKeys(b);
  }
  await (await as('bidder1')).registration.register({ sectionId: sec2 });
  await issueKeys('bidder4');
}, 120_000);

afterAll(async () => {
  await testApp?.close();
  fs.rmSync(tmpDir, { recursive: true, force: true });
});

describe('upload, finalize and receipt (B3)', () => {
  let bidId: number;
  let sealedSummary: Buffer;

  it('a bidder seals, uploads and finalizes: the bid is current v1, the receipt is platform-signed and openssl accepts it', async () => {
    const r = await submit('bidder1', project, sec1, [
      { part: 'summary', plaintext: summary(750_000_000) },
      { part: 'technical', plaintext: crypto.randomBytes(50_000) },
    ], { clientInfo: { tool: 'ebid', selfReported: { mac: '00:11:22:33:44:55', cpu: 'BFEBFBFF000906EA' } } });
    bidId = r.bid.id;
    expect(r.bid).toMatchObject({ version: 1, status: 'current', sectionId: sec1, sectionCode: '001' });
    expect(r.bid.parts.map((p) => p.part)).toEqual(['summary', 'technical']);
    const receipt = JSON.parse(r.receipt.json) as Record<string, unknown>;
    expect(Object.keys(receipt)).toEqual(['type', 'v', 'bidId', 'version', 'projectId', 'unifiedDealCode', 'sectionId', 'sectionCode', 'bidderOrgId', 'bidderName', 'signerCertSerial', 'receivedAt', 'parts', 'auditRoot']);
    // No checkpoint has run in this file (the job runner is not started): no root covers the project yet (issue 13 §6).
    expect(receipt).toMatchObject({ type: 'ebid-bid-receipt', v: 2, auditRoot: null, bidId, version: 1, projectId: project.id, unifiedDealCode: project.unifiedDealCode, sectionCode: '001', bidderName: '华东建工集团有限公司', receivedAt: r.bid.receivedAt });
    // Server time (the fake clock runs on from IN_BIDDING).
    expect(new Date(r.bid.receivedAt).getTime() - IN_BIDDING.getTime()).toBeGreaterThanOrEqual(0);
    expect(new Date(r.bid.receivedAt).getTime() - IN_BIDDING.getTime()).toBeLessThan(10 * 60_000);
    expect(receipt.signerCertSerial).toBe(r.bid.signerCertSerial);

    const dir = fs.mkdtempSync(path.join(tmpDir, 'receipt-'));
    fs.writeFileSync(path.join(dir, 'receipt.json'), r.receipt.json);
    fs.writeFileSync(path.join(dir, 'receipt.p7s'), Buffer.from(r.receipt.cmsBase64, 'base64'));
    fs.writeFileSync(path.join(dir, 'root.pem'), deps.pki.platform.rootCertPem);
    const out = execFileSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-content', path.join(dir, 'receipt.json'), '-in', path.join(dir, 'receipt.p7s'), '-CAfile', path.join(dir, 'root.pem'), '-purpose', 'any', '-out', '/dev/null'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(out).toBe('');
    // A changed receipt does not verify.
    fs.writeFileSync(path.join(dir, 'receipt.json'), r.receipt.json.replace('"version":1', '"version":2'));
    expect(() => execFileSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-content', path.join(dir, 'receipt.json'), '-in', path.join(dir, 'receipt.p7s'), '-CAfile', path.join(dir, 'root.pem'), '-purpose', 'any', '-out', '/dev/null'], { stdio: 'ignore' })).toThrow();

    const [row] = await deps.db.select().from(bids).where(eq(bids.id, bidId));
    expect(row!.selfReported).toEqual({ tool: 'ebid', selfReported: true, data: { mac: '00:11:22:33:44:55', cpu: 'BFEBFBFF000906EA' } });
    expect(row!.clientAddress).toBe('127.0.0.1');
    expect(row!.userAgent).toBeTruthy();
    expect((await (await as('bidder1b')).bid.receipt({ bidId })).json).toBe(r.receipt.json);
    expect((await (await as('bidder1')).bid.mine({ sectionId: sec1 })).map((b) => [b.id, b.status])).toEqual([[bidId, 'current']]);
  });

  it('issue 16 §6: the receipt as a PDF sealed by the platform (pdfsig, trusted root) names project, section, bidder, parts and hashes; made once, the same bytes every time', async () => {
    const ck = await cookie('bidder1');
    const url = `${base}/bids/${bidId}/receipt.pdf`;
    // Two at once (e.g. a double click): both get the one stored PDF.
    const [a, b] = await Promise.all([fetch(url, { headers: { cookie: ck } }), fetch(url, { headers: { cookie: ck } })]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.headers.get('content-type')).toBe('application/pdf');
    expect(decodeURIComponent(a.headers.get('content-disposition') ?? '')).toContain(`投标回执-${project.unifiedDealCode}-001-v1.pdf`);
    const pdf = Buffer.from(await a.arrayBuffer());
    expect(Buffer.from(await b.arrayBuffer()).equals(pdf)).toBe(true);
    const sha = crypto.createHash('sha256').update(pdf).digest('hex');
    expect(a.headers.get('x-content-sha256')).toBe(sha);
    const [row] = await deps.db.select().from(bids).where(eq(bids.id, bidId));
    expect(row).toMatchObject({ receiptPdfSha256: sha, receiptPdfSize: pdf.length });
    // Later, and by another user of the company: the same bytes.
    const again = await fetch(url, { headers: { cookie: await cookie('bidder1b') } });
    expect(Buffer.from(await again.arrayBuffer()).equals(pdf)).toBe(true);
    const made = await deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'bid.receipt_pdf'));
    expect(made.map((e) => e.objectHashes)).toEqual([[sha]]);

    const dir = fs.mkdtempSync(path.join(tmpDir, 'receipt-pdf-'));
    const file = path.join(dir, 'receipt.pdf');
    fs.writeFileSync(file, pdf);
    fs.writeFileSync(path.join(dir, 'root.pem'), deps.pki.platform.rootCertPem);
    fs.mkdirSync(path.join(dir, 'nss'));
    execFileSync('certutil', ['-N', '--empty-password', '-d', `sql:${path.join(dir, 'nss')}`]);
    execFileSync('certutil', ['-A', '-d', `sql:${path.join(dir, 'nss')}`, '-n', 'platform-root', '-t', 'CT,C,C', '-i', path.join(dir, 'root.pem')]);
    const sig = execFileSync('pdfsig', ['-nssdir', `sql:${path.join(dir, 'nss')}`, file], { encoding: 'utf8' });
    expect(sig).toContain('Signature is Valid');
    expect(sig).toContain('Certificate is Trusted');
    const text = execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' });
    const flat = text.replace(/\s+/g, '');
    const receipt = JSON.parse(row!.receiptJson) as { receivedAt: string; parts: { partHash: string; headerSha256: string; size: number }[] };
    const bj = new Date(Date.parse(receipt.receivedAt) + 8 * 3600_000);
    const p2 = (n: number) => String(n).padStart(2, '0');
    for (const s of [
      '投标文件递交回执',
      '示范市滨江大道改造工程（投标测试）',
      project.unifiedDealCode,
      '001第一标段',
      '华东建工集团有限公司',
      '第1版',
      `${bj.getUTCFullYear()}年${bj.getUTCMonth() + 1}月${bj.getUTCDate()}日${p2(bj.getUTCHours())}:${p2(bj.getUTCMinutes())}:${p2(bj.getUTCSeconds())}（北京时间`,
      crypto.createHash('sha256').update(row!.receiptJson).digest('hex'),
      '开标一览表',
      '技术标',
      ...receipt.parts.flatMap((x) => [x.partHash, x.headerSha256, `${x.size.toLocaleString('en-US')}字节`]),
    ]) {
      expect(flat, s).toContain(s);
    }
    // No price in it (B5): the receipt is of sealed files.
    expect(flat).not.toContain('7,500,000');
  });

  it('the browser cannot claim self-reported machine data: only clientInfo.tool = ebid is recorded', async () => {
    const r = await submit('bidder2', project, sec1, [{ part: 'summary', plaintext: summary(760_000_000) }], { clientInfo: { tool: 'browser', selfReported: { mac: 'invented' } } });
    const [row] = await deps.db.select().from(bids).where(eq(bids.id, r.bid.id));
    expect(row!.selfReported).toBeNull();
  });

  it('rehearsal: the company downloads its own sealed part and opens it with its own key', async () => {
    const res = await fetch(`${base}/bids/${bidId}/parts/summary/sealed`, { headers: { cookie: await cookie('bidder1b') } });
    expect(res.status).toBe(200);
    sealedSummary = Buffer.from(await res.arrayBuffer());
    const [part] = await deps.db.select().from(bidParts).where(and(eq(bidParts.bidId, bidId), eq(bidParts.part, 'summary')));
    expect(partHash(sealedSummary)).toBe(part!.partHash);
    expect(res.headers.get('x-part-hash')).toBe(part!.partHash);
    const out = sink();
    const opened = await openPart({ input: Readable.from([sealedSummary]), output: out.stream, decryptionKeyPem: keysOf.bidder1!.enc.keyPem, recipientCertPem: keysOf.bidder1!.enc.certPem });
    expect(opened.manifest.part).toBe('summary');
    expect(JSON.parse(out.bytes().toString('utf8'))).toMatchObject({ priceFen: 750_000_000 });
  });

  it('rehearsal: a corrupted piece never downloads complete, and raises the integrity alert (issue 13 §5)', async () => {
    const [part] = await deps.db.select().from(bidParts).where(and(eq(bidParts.bidId, bidId), eq(bidParts.part, 'summary')));
    const piece = (part!.pieces as string[])[0]!;
    const bad = await downloadTampered(testApp, { path: `/bids/${bidId}/parts/summary/sealed`, cookie: await cookie('bidder1b'), sha256: piece });
    expect(bad.outcome).not.toBe('complete');
    expect((await integrityAlert(testApp, piece)).events[0]?.payload).toMatchObject({ sha256: piece, route: 'GET /bids/:bidId/parts/:part/sealed' });
  });

  it('B4/B9: a second bid from the same company replaces the first — v2 current, v1 superseded and kept', async () => {
    const r2 = await submit('bidder1', project, sec1, [{ part: 'summary', plaintext: summary(740_000_000) }]);
    expect(r2.bid).toMatchObject({ version: 2, status: 'current' });
    const mine = await (await as('bidder1')).bid.mine({ sectionId: sec1 });
    expect(mine.map((b) => [b.version, b.status])).toEqual([[2, 'current'], [1, 'superseded']]);
    expect((await (await as('bidder1')).bid.receipt({ bidId })).json).toContain('"version":1');
    const rows = await deps.db.select().from(bids).where(and(eq(bids.sectionId, sec1), eq(bids.status, 'current')));
    expect(rows.filter((b) => b.bidderOrgId === r2.bid.bidderOrgId)).toHaveLength(1);
  });

  it('withdraw before the deadline: withdrawn, another company cannot, and it cannot be withdrawn twice', async () => {
    const r = await submit('bidder3', project, sec1, [{ part: 'summary', plaintext: summary(770_000_000) }]);
    expect(await appCode((await as('bidder2')).bid.withdraw({ bidId: r.bid.id }))).toBe('NOT_FOUND');
    const w = await (await as('bidder3')).bid.withdraw({ bidId: r.bid.id });
    expect(w.status).toBe('withdrawn');
    expect(new Date(w.withdrawnAt!).getTime()).toBeGreaterThanOrEqual(IN_BIDDING.getTime());
    expect((await appError((await as('bidder3')).bid.withdraw({ bidId: r.bid.id }))).details?.reason).toBe('NOT_CURRENT');
    // It may bid again before the deadline: version 2.
    const again = await submit('bidder3', project, sec1, [{ part: 'summary', plaintext: summary(765_000_000) }]);
    expect(again.bid).toMatchObject({ version: 2, status: 'current' });
  });

  it('resume: pieces put out of order, uploadStatus lists them, start again returns the same upload, then finish', async () => {
    const plaintext = crypto.randomBytes(9 * 1024 * 1024);
    const sealed = await seal({ username: 'bidder1', part: 'commercial', projectId: project.id, sectionId: sec2, plaintext });
    const ps = piecesOf(sealed);
    expect(ps.length).toBe(3);
    const b = await as('bidder1');
    const decl = { sectionId: sec2, part: 'commercial' as const, size: sealed.length, partHash: partHash(sealed) };
    const s1 = await b.bid.startUpload(decl);
    expect(s1).toMatchObject({ pieceSize: TRANSPORT_CHUNK_SIZE, pieceCount: 3, received: [] });
    expect((await putPiece('bidder1', s1.uploadId, 2, ps[2]!)).json).toMatchObject({ index: 2, received: [2] });
    expect((await putPiece('bidder1', s1.uploadId, 0, ps[0]!)).json).toMatchObject({ received: [0, 2] });
    expect(await b.bid.uploadStatus({ uploadId: s1.uploadId })).toMatchObject({ received: [0, 2], pieceCount: 3, status: 'open' });
    // "interrupted": another user of the company starts again and gets the same upload.
    const s2 = await (await as('bidder1b')).bid.startUpload(decl);
    expect(s2).toMatchObject({ uploadId: s1.uploadId, received: [0, 2] });
    // A wrong-size piece is refused by the store (exact size), nothing recorded.
    const bad = await putPiece('bidder1', s1.uploadId, 1, ps[1]!.subarray(0, 1000));
    expect(bad.status).toBe(422);
    expect((bad.json as { error: { code: string } }).error.code).toBe('INTEGRITY_FAILED');
    // Finalize now: missing piece 1 (plus the summary).
    const summarySealed = await seal({ username: 'bidder1', part: 'summary', projectId: project.id, sectionId: sec2, plaintext: summary(480_000_000) });
    const sumId = await uploadPart('bidder1', sec2, 'summary', summarySealed);
    const signer = keysOf.bidder1!.sign;
    const next = await nextBid('bidder1', sec2);
    const parts = [
      { uploadId: sumId, outerSignature: outerSig(signer, { projectId: project.id, sectionId: sec2, ...next, part: 'summary', headerSha256: headerShaOf(summarySealed), partHash: partHash(summarySealed), size: summarySealed.length }) },
      { uploadId: s1.uploadId, outerSignature: outerSig(signer, { projectId: project.id, sectionId: sec2, ...next, part: 'commercial', headerSha256: headerShaOf(sealed), partHash: partHash(sealed), size: sealed.length }) },
    ];
    const e = await appError(b.bid.finalize({ sectionId: sec2, version: next.version, parts }));
    expect(e).toMatchObject({ code: 'VALIDATION', details: { reason: 'MISSING_PIECE', missing: [{ uploadId: s1.uploadId, part: 'commercial', indexes: [1] }] } });
    expect(await deps.db.select().from(bids).where(eq(bids.sectionId, sec2))).toEqual([]);
    await putPiece('bidder1', s1.uploadId, 1, ps[1]!);
    const r = await b.bid.finalize({ sectionId: sec2, version: next.version, parts });
    expect(r.bid.parts.map((p) => [p.part, p.size])).toEqual([['summary', summarySealed.length], ['commercial', sealed.length]]);
    // The rehearsal download streams the three pieces in order.
    const res = await fetch(`${base}/bids/${r.bid.id}/parts/commercial/sealed`, { headers: { cookie: await cookie('bidder1') } });
    expect(Buffer.from(await res.arrayBuffer()).equals(sealed)).toBe(true);
    expect((await b.bid.uploadStatus({ uploadId: s1.uploadId })).status).toBe('finalized');
  }, 60_000);
});

describe('bad input: a clear error and nothing changes', () => {
  const bidsOf = async (username: string, sectionId = sec1) => {
    const orgId = (await (await as(username)).auth.me()).actor!.orgId;
    return deps.db.select().from(bids).where(and(eq(bids.sectionId, sectionId), eq(bids.bidderOrgId, orgId)));
  };

  it('B2: an unencrypted file → 400 ENVELOPE_NOT_SEALED with the prompt; the piece is not kept', async () => {
    const plain = Buffer.from('%PDF-1.7 投标文件（未加密）'.repeat(100));
    const b = await as('bidder2');
    const s = await b.bid.startUpload({ sectionId: sec1, part: 'technical', size: plain.length, partHash: partHash(plain) });
    const r = await putPiece('bidder2', s.uploadId, 0, plain);
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ error: { code: 'VALIDATION', messageZh: '文件未加密，请先使用投标文件加密工具加密', details: { reason: 'ENVELOPE_NOT_SEALED' } } });
    expect(await deps.storage.stat(crypto.createHash('sha256').update(plain).digest('hex'))).toBeNull();
    expect((await b.bid.uploadStatus({ uploadId: s.uploadId })).received).toEqual([]);
  });

  it('a piece whose client sends one byte and then goes quiet is cut off after the idle timeout; nothing is kept (issue 13 §9.5)', async () => {
    const { connect } = await import('node:net');
    const sealed = await seal({ username: 'bidder2', part: 'technical', projectId: project.id, sectionId: sec1, plaintext: crypto.randomBytes(5000) });
    const b = await as('bidder2');
    const s = await b.bid.startUpload({ sectionId: sec1, part: 'technical', size: sealed.length, partHash: partHash(sealed) });
    deps.config.uploadIdleTimeoutMs = 500;
    try {
      const url = new URL(base);
      const socket = connect(Number(url.port), url.hostname);
      socket.on('error', () => {});
      await new Promise<void>((resolve) => socket.once('connect', resolve));
      const t0 = Date.now();
      socket.write(
        `PUT /bids/uploads/${s.uploadId}/pieces/0 HTTP/1.1\r\nHost: ${url.host}\r\ncookie: ${await cookie('bidder2')}\r\n` +
          `content-type: application/octet-stream\r\ncontent-length: ${sealed.length}\r\n\r\n`,
      );
      socket.write(sealed.subarray(0, 1)); // then nothing: the next byte would come a minute later
      const closed = await new Promise<boolean>((resolve) => {
        const giveUp = setTimeout(() => resolve(false), 5_000);
        socket.once('close', () => {
          clearTimeout(giveUp);
          resolve(true);
        });
      });
      socket.destroy();
      expect(closed).toBe(true);
      expect(Date.now() - t0).toBeLessThan(2_500);
      expect((await b.bid.uploadStatus({ uploadId: s.uploadId })).received).toEqual([]);
    } finally {
      deps.config.uploadIdleTimeoutMs = 30_000;
    }
  });

  it('an envelope for another section → VALIDATION ENVELOPE_WRONG_TARGET', async () => {
    const sealed = await seal({ username: 'bidder2', part: 'summary', projectId: project.id, sectionId: sec2, plaintext: summary(1) });
    const s = await (await as('bidder2')).bid.startUpload({ sectionId: sec1, part: 'summary', size: sealed.length, partHash: partHash(sealed) });
    const r = await putPiece('bidder2', s.uploadId, 0, sealed);
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ error: { code: 'VALIDATION', details: { reason: 'ENVELOPE_WRONG_TARGET', found: { sectionId: sec2 } } } });
    // …and for another part.
    const tech = await seal({ username: 'bidder2', part: 'technical', projectId: project.id, sectionId: sec1, plaintext: summary(1) });
    const s2 = await (await as('bidder2')).bid.startUpload({ sectionId: sec1, part: 'summary', size: tech.length, partHash: partHash(tech) });
    expect((await putPiece('bidder2', s2.uploadId, 0, tech)).json).toMatchObject({ error: { details: { reason: 'ENVELOPE_WRONG_TARGET' } } });
  });

  it('sealed to another company\'s encryption certificate → VALIDATION WRONG_RECIPIENT', async () => {
    const sealed = await seal({ username: 'bidder2', part: 'summary', projectId: project.id, sectionId: sec1, plaintext: summary(1), recipientCertPem: keysOf.bidder3!.enc.certPem });
    const s = await (await as('bidder2')).bid.startUpload({ sectionId: sec1, part: 'summary', size: sealed.length, partHash: partHash(sealed) });
    const r = await putPiece('bidder2', s.uploadId, 0, sealed);
    expect(r.json).toMatchObject({ error: { code: 'VALIDATION', details: { reason: 'WRONG_RECIPIENT' } } });
  });

  it('another company cannot put pieces into or read the status of an upload (NOT_FOUND)', async () => {
    const sealed = await seal({ username: 'bidder2', part: 'qualification', projectId: project.id, sectionId: sec1, plaintext: summary(2) });
    const s = await (await as('bidder2')).bid.startUpload({ sectionId: sec1, part: 'qualification', size: sealed.length, partHash: partHash(sealed) });
    expect((await putPiece('bidder3', s.uploadId, 0, sealed)).status).toBe(404);
    expect(await appCode((await as('bidder3')).bid.uploadStatus({ uploadId: s.uploadId }))).toBe('NOT_FOUND');
  });

  async function finalizeWith(username: string, signer: { keyPem: string; certPem: string }, tweak?: (m: Parameters<typeof outerSig>[1]) => Parameters<typeof outerSig>[1]) {
    const sealed = await seal({ username, part: 'summary', projectId: project.id, sectionId: sec1, plaintext: summary(crypto.randomInt(1e9)) });
    const uploadId = await uploadPart(username, sec1, 'summary', sealed);
    const next = await nextBid(username, sec1);
    const m = { projectId: project.id, sectionId: sec1, ...next, part: 'summary' as const, headerSha256: headerShaOf(sealed), partHash: partHash(sealed), size: sealed.length };
    return appError((await as(username)).bid.finalize({ sectionId: sec1, version: next.version, parts: [{ uploadId, outerSignature: outerSig(signer, tweak ? tweak(m) : m) }] }));
  }

  it('a signature that does not match the upload → VALIDATION SIGNATURE_INVALID; nothing stored', async () => {
    const before = (await bidsOf('bidder2')).length;
    expect(await finalizeWith('bidder2', keysOf.bidder2!.sign, (m) => ({ ...m, size: m.size + 1 }))).toMatchObject({ code: 'VALIDATION', details: { reason: 'SIGNATURE_INVALID' } });
    expect(await finalizeWith('bidder2', keysOf.bidder2!.sign, (m) => ({ ...m, sectionId: sec2 }))).toMatchObject({ details: { reason: 'SIGNATURE_INVALID' } });
    const e = await appError((await as('bidder2')).bid.finalize({ sectionId: sec1, version: (await nextBid('bidder2', sec1)).version, parts: [{ uploadId: 999999, outerSignature: 'AAAA' }] }));
    expect(e.code).toBe('NOT_FOUND');
    expect((await bidsOf('bidder2')).length).toBe(before);
  });

  it('signed by another company\'s certificate → SIGNER_NOT_OF_COMPANY', async () => {
    expect(await finalizeWith('bidder2', keysOf.bidder3!.sign)).toMatchObject({ code: 'VALIDATION', details: { reason: 'SIGNER_NOT_OF_COMPANY' } });
  });

  it('an untrusted certificate (another CA) → CERT_UNTRUSTED', async () => {
    const other = await ensureDevPki(path.join(tmpDir, 'other-ca'));
    const keys = generateKeyPairPem();
    const subject = { commonName: '赵六', organizationName: '江南路桥建设有限公司', countryName: 'CN' };
    const { pem } = other.issueUserCertificate({ csrPem: createCsrPem(keys, subject), usage: 'signing', expectedSubject: subject, notBefore: new Date(START.getTime() - 86400_000), notAfter: new Date(DEADLINE.getTime() + 86400_000 * 30) });
    expect(await finalizeWith('bidder2', { keyPem: keys.privateKeyPem, certPem: pem })).toMatchObject({ code: 'VALIDATION', details: { reason: 'CERT_UNTRUSTED' } });
  });

  it('an expired certificate → CERT_EXPIRED', async () => {
    const keys = generateKeyPairPem();
    const [row] = await deps.db
      .select({ id: users.id, orgId: users.orgId, displayName: users.displayName, orgName: organizations.name, creditCode: organizations.creditCode })
      .from(users)
      .innerJoin(organizations, eq(organizations.id, users.orgId))
      .where(eq(users.username, 'bidder2b'));
    const subject = { commonName: row!.displayName, organizationName: row!.orgName, serialNumber: row!.creditCode, countryName: 'CN' };
    const issued = deps.pki.platform.issueUserCertificate({ csrPem: createCsrPem(keys, subject), usage: 'signing', expectedSubject: subject, notBefore: new Date(START.getTime() - 40 * 86400_000), notAfter: new Date(START.getTime() - 86400_000) });
    await deps.db.insert(certificates).values({ userId: row!.id, orgId: row!.orgId, usage: 'signing', serialHex: issued.info.serialHex, subjectDn: issued.info.subjectDn, issuerDn: issued.info.issuerDn, notBefore: issued.info.notBefore, notAfter: issued.info.notAfter, pem: issued.pem, fingerprintSha256: issued.info.fingerprintSha256 });
    expect(await finalizeWith('bidder2', { keyPem: keys.privateKeyPem, certPem: issued.pem })).toMatchObject({ code: 'VALIDATION', details: { reason: 'CERT_EXPIRED' } });
  });

  it('a revoked certificate (revoked through the certificate service) → CERT_REVOKED', async () => {
    // bidder2b holds only the expired certificate above: new ones need the company administrator's approval (issue 13 §4).
    const [clerk] = await deps.db.select({ id: users.id }).from(users).where(eq(users.username, 'bidder2b'));
    await (await as('bidder2')).cert.approveIssuance({ userId: clerk!.id, reason: '证书已过期，重新申请' });
    const k = await issueKeys('bidder2b');
    await (await as('bidder2b')).cert.revoke({ certificateId: k.sign.id, reason: 1 });
    const sealed = await seal({ username: 'bidder2', part: 'summary', projectId: project.id, sectionId: sec1, plaintext: summary(5) });
    const uploadId = await uploadPart('bidder2b', sec1, 'summary', sealed);
    const next = await nextBid('bidder2b', sec1);
    const e = await appError((await as('bidder2b')).bid.finalize({ sectionId: sec1, version: next.version, parts: [{ uploadId, outerSignature: outerSig(k.sign, { projectId: project.id, sectionId: sec1, ...next, part: 'summary', headerSha256: headerShaOf(sealed), partHash: partHash(sealed), size: sealed.length }) }] }));
    expect(e).toMatchObject({ code: 'VALIDATION', details: { reason: 'CERT_REVOKED' } });
  });

  it('a declared hash that does not match → INTEGRITY_FAILED HASH_MISMATCH; a declared size that does not match → the last piece is refused', async () => {
    const sealed = await seal({ username: 'bidder2', part: 'commercial', projectId: project.id, sectionId: sec1, plaintext: crypto.randomBytes(1000) });
    const wrongHash = partHash(Buffer.concat([sealed, Buffer.from('x')]));
    const uploadId = await uploadPart('bidder2', sec1, 'commercial', sealed, { declared: { partHash: wrongHash } });
    const sumSealed = await seal({ username: 'bidder2', part: 'summary', projectId: project.id, sectionId: sec1, plaintext: summary(9) });
    const sumId = await uploadPart('bidder2', sec1, 'summary', sumSealed);
    const s = keysOf.bidder2!.sign;
    const next = await nextBid('bidder2', sec1);
    const e = await appError(
      (await as('bidder2')).bid.finalize({
        sectionId: sec1,
        version: next.version,
        parts: [
          { uploadId: sumId, outerSignature: outerSig(s, { projectId: project.id, sectionId: sec1, ...next, part: 'summary', headerSha256: headerShaOf(sumSealed), partHash: partHash(sumSealed), size: sumSealed.length }) },
          { uploadId, outerSignature: outerSig(s, { projectId: project.id, sectionId: sec1, ...next, part: 'commercial', headerSha256: headerShaOf(sealed), partHash: wrongHash, size: sealed.length }) },
        ],
      }),
    );
    expect(e).toMatchObject({ code: 'INTEGRITY_FAILED', details: { reason: 'HASH_MISMATCH', part: 'commercial' } });
    // The summary upload stays open (nothing changed) and can be used again.
    expect((await (await as('bidder2')).bid.uploadStatus({ uploadId: sumId })).status).toBe('open');

    const b = await as('bidder2');
    const st = await b.bid.startUpload({ sectionId: sec1, part: 'technical', size: sealed.length + 10, partHash: partHash(sealed) });
    const r = await putPiece('bidder2', st.uploadId, 0, sealed);
    expect(r.status).toBe(422);
    expect(r.json).toMatchObject({ error: { code: 'INTEGRITY_FAILED' } });
  });

  it('no summary part → VALIDATION SUMMARY_MISSING', async () => {
    const sealed = await seal({ username: 'bidder2', part: 'technical', projectId: project.id, sectionId: sec1, plaintext: crypto.randomBytes(100) });
    const uploadId = await uploadPart('bidder2', sec1, 'technical', sealed);
    const next = await nextBid('bidder2', sec1);
    const e = await appError((await as('bidder2')).bid.finalize({ sectionId: sec1, version: next.version, parts: [{ uploadId, outerSignature: outerSig(keysOf.bidder2!.sign, { projectId: project.id, sectionId: sec1, ...next, part: 'technical', headerSha256: headerShaOf(sealed), partHash: partHash(sealed), size: sealed.length }) }] }));
    expect(e.details?.reason).toBe('SUMMARY_MISSING');
  });

  it('B8: a company that is not registered → FORBIDDEN NOT_REGISTERED; a disqualified one (prequalification) → FORBIDDEN PREQUAL_FAILED', async () => {
    const sealed = await seal({ username: 'bidder4', part: 'summary', projectId: project.id, sectionId: sec1, plaintext: summary(1) });
    expect(await appError((await as('bidder4')).bid.startUpload({ sectionId: sec1, part: 'summary', size: sealed.length, partHash: partHash(sealed) }))).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'NOT_REGISTERED' } });
    // bidder3's company is registered in section 1; in a prequalification project it was disqualified.
    const orgId = (await (await as('bidder3')).auth.me()).actor!.orgId;
    await deps.db.update(projects).set({ prequalification: true }).where(eq(projects.id, project.id));
    await deps.db.update(registrations).set({ status: 'disqualified' }).where(and(eq(registrations.sectionId, sec1), eq(registrations.bidderOrgId, orgId)));
    try {
      const s3 = await seal({ username: 'bidder3', part: 'summary', projectId: project.id, sectionId: sec1, plaintext: summary(1) });
      expect(await appError((await as('bidder3')).bid.startUpload({ sectionId: sec1, part: 'summary', size: s3.length, partHash: partHash(s3) }))).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'PREQUAL_FAILED' } });
      // …and at finalize, even with an upload made before the decision.
    } finally {
      await deps.db.update(projects).set({ prequalification: false }).where(eq(projects.id, project.id));
      await deps.db.update(registrations).set({ status: 'applied' }).where(and(eq(registrations.sectionId, sec1), eq(registrations.bidderOrgId, orgId)));
    }
  });

  it('a tenderee, staff or an admin cannot start an upload (FORBIDDEN)', async () => {
    for (const u of ['tenderee', 'staff', 'admin', 'supervisor', 'agent']) {
      expect(await appCode((await as(u)).bid.startUpload({ sectionId: sec1, part: 'summary', size: 100, partHash: 'a'.repeat(64) }))).toBe('FORBIDDEN');
    }
  });
});

describe('issue 14: one recipient (§6), the current envelope format, the signature bound to company and version (§8)', () => {
  const foreignWrap = (bits: number) => {
    const k = crypto.generateKeyPairSync('rsa', { modulusLength: bits });
    return crypto.publicEncrypt({ key: k.publicKey, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, crypto.randomBytes(32)).toString('base64');
  };
  async function putFirst(username: string, part: BidPart, sealed: Buffer) {
    const s = await (await as(username)).bid.startUpload({ sectionId: sec1, part, size: sealed.length, partHash: partHash(sealed) });
    return { uploadId: s.uploadId, ...(await putPiece(username, s.uploadId, 0, sealed)) };
  }

  it('a second entry labelled as the bidder\'s encryption certificate but wrapped to a foreign key → refused (typed), the piece not kept', async () => {
    const sealed = await seal({
      username: 'bidder2', part: 'summary', projectId: project.id, sectionId: sec1, plaintext: summary(11),
      hooks: { header: (h) => ({ ...h, recipients: [...h.recipients, { ...h.recipients[0]!, wrappedKey: foreignWrap(2048) }] }) },
    });
    const r = await putFirst('bidder2', 'summary', sealed);
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ error: { code: 'VALIDATION', details: { reason: 'ENVELOPE_MALFORMED', detail: 'exactly one recipient is allowed, found 2' } } });
    expect(await deps.db.select().from(bidUploadPieces).where(eq(bidUploadPieces.uploadId, r.uploadId))).toEqual([]);
    // The same entry twice is refused alike.
    const dup = await seal({ username: 'bidder2', part: 'summary', projectId: project.id, sectionId: sec1, plaintext: summary(12), hooks: { header: (h) => ({ ...h, recipients: [h.recipients[0], h.recipients[0]] }) } });
    expect((await putFirst('bidder2', 'summary', dup)).json).toMatchObject({ error: { details: { reason: 'ENVELOPE_MALFORMED' } } });
  });

  it('the only entry labelled as the bidder\'s certificate but wrapped to a foreign 3072-bit key → WRONG_RECIPIENT WRAPPED_KEY_LENGTH', async () => {
    const sealed = await seal({
      username: 'bidder2', part: 'summary', projectId: project.id, sectionId: sec1, plaintext: summary(13),
      hooks: { header: (h) => ({ ...h, recipients: [{ ...h.recipients[0]!, wrappedKey: foreignWrap(3072) }] }) },
    });
    const r = await putFirst('bidder2', 'summary', sealed);
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ error: { code: 'VALIDATION', details: { reason: 'WRONG_RECIPIENT', cause: 'WRAPPED_KEY_LENGTH', wrappedKeyBytes: 384, modulusBytes: 256 } } });
  });

  it('finalize checks the stored recipient again: two entries, or a wrapped key of another length → WRONG_RECIPIENT, nothing stored', async () => {
    const sealed = await seal({ username: 'bidder2', part: 'summary', projectId: project.id, sectionId: sec1, plaintext: summary(14) });
    const uploadId = await uploadPart('bidder2', sec1, 'summary', sealed);
    const [u] = await deps.db.select().from(bidUploads).where(eq(bidUploads.id, uploadId));
    const stored = u!.recipients!;
    expect(stored).toHaveLength(1);
    expect(stored[0]!.wrappedKeyBytes).toBe(256);
    expect(JSON.stringify(stored)).not.toContain('wrappedKey"');
    const next = await nextBid('bidder2', sec1);
    const fin = () =>
      appError((async () => (await as('bidder2')).bid.finalize({ sectionId: sec1, version: next.version, parts: [{ uploadId, outerSignature: outerSig(keysOf.bidder2!.sign, { projectId: project.id, sectionId: sec1, ...next, part: 'summary', headerSha256: headerShaOf(sealed), partHash: partHash(sealed), size: sealed.length }) }] }))());
    await deps.db.update(bidUploads).set({ recipients: [stored[0]!, { ...stored[0]!, wrappedKeyBytes: 384 }] }).where(eq(bidUploads.id, uploadId));
    expect(await fin()).toMatchObject({ code: 'VALIDATION', details: { reason: 'WRONG_RECIPIENT', cause: 'DUPLICATE_RECIPIENT' } });
    await deps.db.update(bidUploads).set({ recipients: [{ ...stored[0]!, wrappedKeyBytes: 384 }] }).where(eq(bidUploads.id, uploadId));
    expect(await fin()).toMatchObject({ code: 'VALIDATION', details: { reason: 'WRONG_RECIPIENT', cause: 'WRAPPED_KEY_LENGTH' } });
    expect((await (await as('bidder2')).bid.uploadStatus({ uploadId })).status).toBe('open');
  });

  it('an envelope in the old format v1 is refused at upload (ENVELOPE_OUTDATED): it has no key commitment', async () => {
    const sealed = await seal({ username: 'bidder2', part: 'summary', projectId: project.id, sectionId: sec1, plaintext: summary(15), hooks: { version: 1 } });
    const r = await putFirst('bidder2', 'summary', sealed);
    expect(r.json).toMatchObject({ error: { code: 'VALIDATION', details: { reason: 'ENVELOPE_OUTDATED', version: 1, expected: 2 } } });
  });

  it('an outer signature made for version 1 replayed to finalize version 2 → refused; one naming another company → refused; a concurrent finalize fails cleanly and the client re-signs', async () => {
    // bidder3's first bid in section 1 is version 1 (it may have one from the tests above: start from what it has).
    const first = await nextBid('bidder3', sec1);
    const prepare = async (price: number) => {
      const sealed = await seal({ username: 'bidder3', part: 'summary', projectId: project.id, sectionId: sec1, plaintext: summary(price) });
      const uploadId = await uploadPart('bidder3', sec1, 'summary', sealed);
      const m = { projectId: project.id, sectionId: sec1, ...first, part: 'summary' as const, headerSha256: headerShaOf(sealed), partHash: partHash(sealed), size: sealed.length };
      return { uploadId, m };
    };
    const a = await prepare(600_000_001);
    const b = await prepare(600_000_002);
    const c3 = await as('bidder3');
    // Two finalizes signed for the same version: the first wins…
    const ok = await c3.bid.finalize({ sectionId: sec1, version: first.version, parts: [{ uploadId: a.uploadId, outerSignature: outerSig(keysOf.bidder3!.sign, a.m) }] });
    expect(ok.bid.version).toBe(first.version);
    // …the second (the old signature, for the old version) fails cleanly, with what to do.
    const sigOld = outerSig(keysOf.bidder3!.sign, b.m);
    expect(await appError(c3.bid.finalize({ sectionId: sec1, version: first.version, parts: [{ uploadId: b.uploadId, outerSignature: sigOld }] }))).toMatchObject({
      code: 'CONFLICT',
      details: { reason: 'BID_VERSION_MISMATCH', expected: first.version + 1, signed: first.version },
    });
    // Claiming the new version with the old signature: the rebuilt manifest names the new version → the signature does not verify.
    expect(await appError(c3.bid.finalize({ sectionId: sec1, version: first.version + 1, parts: [{ uploadId: b.uploadId, outerSignature: sigOld }] }))).toMatchObject({ code: 'VALIDATION', details: { reason: 'SIGNATURE_INVALID' } });
    // A signature naming another company (bidder2's) for the right version → refused.
    const other = (await nextBid('bidder2', sec1)).bidderOrgId;
    const sigOtherCompany = outerSig(keysOf.bidder3!.sign, { ...b.m, bidderOrgId: other, version: first.version + 1 });
    expect(await appError(c3.bid.finalize({ sectionId: sec1, version: first.version + 1, parts: [{ uploadId: b.uploadId, outerSignature: sigOtherCompany }] }))).toMatchObject({ code: 'VALIDATION', details: { reason: 'SIGNATURE_INVALID' } });
    // Re-signed for the version it will be: accepted.
    const again = await c3.bid.finalize({ sectionId: sec1, version: first.version + 1, parts: [{ uploadId: b.uploadId, outerSignature: outerSig(keysOf.bidder3!.sign, { ...b.m, version: first.version + 1 }) }] });
    expect(again.bid.version).toBe(first.version + 1);
  });
});

describe('B5: nothing early, for any role', () => {
  it('no role other than the bidding company reads a bid, its receipt, its sealed parts, its uploads or its pieces', async () => {
    const mine = await (await as('bidder1')).bid.mine({});
    const bid = mine.find((b) => b.status === 'current' && b.sectionId === sec1)!;
    const [part] = await deps.db.select().from(bidParts).where(eq(bidParts.bidId, bid.id));
    const [upload] = await deps.db.select().from(bidUploads).where(eq(bidUploads.id, part!.uploadId));
    const pieceHashes = part!.pieces as string[];
    const roles = ['admin', 'staff', 'staff2', 'supervisor', 'tenderee', 'tenderee2', 'agent', 'agent2', 'bidder2', 'bidder3', 'bidder4', 'expert01'];
    for (const u of roles) {
      const c = await as(u);
      expect(await appCode(c.bid.receipt({ bidId: bid.id })), u).toMatch(/^(NOT_FOUND|FORBIDDEN)$/);
      expect((await fetch(`${base}/bids/${bid.id}/receipt.pdf`, { headers: { cookie: await cookie(u) } })).status, `${u} receipt.pdf`).toBe(404);
      expect(await appCode(c.bid.withdraw({ bidId: bid.id })), u).toMatch(/^(NOT_FOUND|FORBIDDEN)$/);
      expect(await appCode(c.bid.uploadStatus({ uploadId: upload!.id })), u).toMatch(/^(NOT_FOUND|FORBIDDEN)$/);
      const listed = await c.bid.mine({}).catch(() => []);
      expect(listed.some((b) => b.bidderOrgId === bid.bidderOrgId), u).toBe(false);
      const ck = await cookie(u);
      for (const p of ['summary', 'technical', 'commercial', 'qualification']) {
        const res = await fetch(`${base}/bids/${bid.id}/parts/${p}/sealed`, { headers: { cookie: ck } });
        expect(res.status, `${u} ${p}`).toBe(404);
      }
      // Object URLs by piece hash: there is no route serving objects by hash.
      for (const h of pieceHashes) {
        for (const url of [`/objects/${h}`, `/files/${h}`, `/documents/${h}`, `/sha256/${h.slice(0, 2)}/${h.slice(2, 4)}/${h}`]) {
          const res = await fetch(`${base}${url}`, { headers: { cookie: ck } });
          // Refused, or the web app's index.html (client-side routes): never the object.
          const body = Buffer.from(await res.arrayBuffer());
          expect(body.subarray(0, 8).toString('latin1'), `${u} ${url}`).not.toBe('EBIDENV1');
          expect(crypto.createHash('sha256').update(body).digest('hex'), `${u} ${url}`).not.toBe(h);
          if (res.status < 400) expect(res.headers.get('content-type'), `${u} ${url}`).toMatch(/text\/html/);
        }
      }
      const put = await fetch(`${base}/bids/uploads/${upload!.id}/pieces/0`, { method: 'PUT', headers: { cookie: ck, 'content-type': 'application/octet-stream' }, body: Buffer.from('x') });
      expect(put.status, u).toBeGreaterThanOrEqual(400);
    }
    // Anonymous.
    expect((await fetch(`${base}/bids/${bid.id}/parts/summary/sealed`)).status).toBe(401);
    expect((await fetch(`${base}/bids/${bid.id}/receipt.pdf`)).status).toBe(401);
    expect((await fetch(`${base}/bids/uploads/${upload!.id}/pieces/0`, { method: 'PUT', body: Buffer.from('x'), headers: { 'content-type': 'application/octet-stream' } })).status).toBe(401);
  });

  it('audit payloads carry hashes and sizes only: no wrapped key, no plaintext, no price', async () => {
    const events = await deps.db.select().from(auditEvents);
    const text = JSON.stringify(events.filter((e) => e.action.startsWith('bid.')));
    expect(text).toContain('bid.finalize');
    const wrapped = (await deps.db.select().from(bidParts)).flatMap((p) => (p.recipients as { wrappedKey?: string }[]).map((r) => r.wrappedKey));
    expect(wrapped.every((w) => w === undefined)).toBe(true); // the server keeps no wrapped key outside the sealed file
    expect(text).not.toMatch(/wrappedKey|priceFen|750000000|740000000/);
    const all = JSON.stringify(events);
    expect(all).not.toMatch(/priceFen|wrappedKey/);
    const staffView = JSON.stringify(await (await as('staff')).audit.list({ limit: 200 }));
    expect(staffView).not.toMatch(/priceFen|wrappedKey/);
  });
});

describe('B5: nothing early — not even who bid, or how many (issue 13 §2, B11)', () => {
  it('before the deadline no role but the bidding company learns that a bid exists: opening room, audit list, registrants, securities, applicants', async () => {
    expect(deps.clock.now().getTime()).toBeLessThan(DEADLINE.getTime()); // still bidding
    const bidderOrgs = (await deps.db.select({ orgId: bids.bidderOrgId }).from(bids).where(eq(bids.projectId, project.id))).map((b) => b.orgId);
    expect(bidderOrgs.length).toBeGreaterThan(0);
    const chain = `project:${project.id}` as const;
    for (const u of ['admin', 'staff', 'supervisor', 'tenderee', 'agent', 'bidder4', 'expert01']) {
      const c = await as(u);
      const view = await c.opening.get({ projectId: project.id }).catch(() => null);
      if (view) {
        expect(view.signIns, u).toEqual([]);
        expect(view.bids, u).toEqual([]);
        expect(view.secretUntil, u).toBe(DEADLINE.toISOString());
      }
      const list = await c.audit.list({ chain, limit: 200 }).catch(() => null);
      if (list) {
        expect(list.events.filter((e) => e.action.startsWith('bid.') || e.action.startsWith('registration.')), u).toEqual([]);
        for (const e of list.events) expect(bidderOrgs, u).not.toContain(e.actorOrgId);
      }
      expect(await appCode(c.registration.forProject({ projectId: project.id })), u).toMatch(/^(INVALID_STATE|FORBIDDEN|NOT_FOUND)$/);
      expect(await appCode(c.qualification.applicants({ projectId: project.id })), u).toMatch(/^(INVALID_STATE|FORBIDDEN|NOT_FOUND)$/);
      expect(await appCode(c.deposit.list({ projectId: project.id })), u).toMatch(/^(INVALID_STATE|FORBIDDEN|NOT_FOUND)$/);
    }
    // The bidding company sees its own bid and nothing of the others.
    const own = await (await as('bidder2')).bid.mine({});
    expect(own.every((b) => b.bidderOrgId === own[0]!.bidderOrgId)).toBe(true);
  });
});

describe('deadline (B1, T1) and cleanup', () => {
  it('an upload made before the deadline but finalized after it → INVALID_STATE DEADLINE_PASSED, nothing stored; pieces after it are refused too', async () => {
    const sealed = await seal({ username: 'bidder2', part: 'summary', projectId: project.id, sectionId: sec1, plaintext: summary(777) });
    const uploadId = await uploadPart('bidder2', sec1, 'summary', sealed);
    const before = await deps.db.select().from(bids).where(eq(bids.sectionId, sec1));
    const next = await nextBid('bidder2', sec1);
    deps.clock.set(new Date(DEADLINE.getTime() + 1000));
    const e = await appError(
      (await as('bidder2')).bid.finalize({ sectionId: sec1, version: next.version, parts: [{ uploadId, outerSignature: outerSig(keysOf.bidder2!.sign, { projectId: project.id, sectionId: sec1, ...next, part: 'summary', headerSha256: headerShaOf(sealed), partHash: partHash(sealed), size: sealed.length }) }] }),
    );
    expect(e).toMatchObject({ code: 'INVALID_STATE', details: { reason: 'DEADLINE_PASSED', deadline: DEADLINE.toISOString() } });
    expect(await deps.db.select().from(bids).where(eq(bids.sectionId, sec1))).toEqual(before);
    const r = await putPiece('bidder2', uploadId, 0, sealed);
    expect(r.json).toMatchObject({ error: { code: 'INVALID_STATE', details: { reason: 'DEADLINE_PASSED' } } });
    expect((await appError((await as('bidder1')).bid.withdraw({ bidId: before.find((b) => b.status === 'current')!.id }))).code).toMatch(/NOT_FOUND|INVALID_STATE/);
  });

  it('finalize is judged when the request arrived (T1): the deadline passing while it runs does not refuse it; the receipt shows the arrival', async () => {
    const arrival = new Date(DEADLINE.getTime() - 60_000);
    deps.clock.set(arrival);
    const sealed = await seal({ username: 'bidder2', part: 'summary', projectId: project.id, sectionId: sec1, plaintext: summary(778) });
    const uploadId = await uploadPart('bidder2', sec1, 'summary', sealed);
    const next = await nextBid('bidder2', sec1);
    const sig = outerSig(keysOf.bidder2!.sign, { projectId: project.id, sectionId: sec1, ...next, part: 'summary', headerSha256: headerShaOf(sealed), partHash: partHash(sealed), size: sealed.length });
    const c = await as('bidder2');
    const platform = deps.pki.platform;
    const realSign = platform.signDetached.bind(platform);
    // The deadline passes while the receipt is being signed (after every other check, before the commit).
    platform.signDetached = (content) => {
      deps.clock.set(new Date(DEADLINE.getTime() + 1));
      return realSign(content);
    };
    try {
      deps.clock.set(arrival);
      const r = await c.bid.finalize({ sectionId: sec1, version: next.version, parts: [{ uploadId, outerSignature: sig }] });
      expect(r.bid.status).toBe('current');
      const at = new Date((JSON.parse(r.receipt.json) as { receivedAt: string }).receivedAt).getTime();
      expect(at).toBeLessThan(DEADLINE.getTime());
      expect(at - arrival.getTime()).toBeLessThan(5_000);
    } finally {
      platform.signDetached = realSign;
    }
  });

  it('bid.upload_cleanup abandons open uploads after the deadline and removes their pieces, but never a piece a bid part references', async () => {
    deps.clock.set(new Date(DEADLINE.getTime() + 5000));
    const open = await deps.db.select().from(bidUploads).where(eq(bidUploads.status, 'open'));
    expect(open.length).toBeGreaterThan(0);
    const openPieces = await deps.db.select().from(bidUploadPieces).where(eq(bidUploadPieces.uploadId, open[0]!.id));
    const r = (await runJob('bid.upload_cleanup')) as { abandoned: number; deleted: number };
    expect(r.abandoned).toBe(open.length);
    expect(await deps.db.select().from(bidUploads).where(eq(bidUploads.status, 'open'))).toEqual([]);
    for (const p of openPieces) expect(await deps.storage.stat(p.sha256)).toBeNull();
    for (const p of await deps.db.select().from(bidParts)) {
      for (const h of p.pieces as string[]) expect(await deps.storage.stat(h)).not.toBeNull();
    }
    expect((await deps.db.select().from(jobs).where(eq(jobs.kind, 'bid.upload_cleanup'))).length).toBeGreaterThan(0);
  });
});
