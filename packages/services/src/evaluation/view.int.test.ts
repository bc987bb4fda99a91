/**
 * The evaluation's views and the bid viewer on PostgreSQL and the S3 server (issue 22 §1, §6; E3, E4):
 * - a member sees the session at once and the bids only after its declaration; the center and the
 *   project's supervisor see them; the opening's price and above-ceiling flag are there;
 * - a blind technical part (暗标) is listed by blind label only, never next to a bid, and downloads as
 *   `<blind label>-技术标.pdf`; by label it is refused until the reveal; every part view is audited with
 *   the label, never the bidder;
 * - a bidder, an expert of another committee, a supervisor of another scope and an anonymous caller are
 *   told the evaluation does not exist, for every read and the live topic.
 */
import crypto from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray, notInArray } from 'drizzle-orm';
import { auditEvents, bidParts, evaluations, organizations, users } from '@ebid/db';
import { engComprehensive } from '@ebid/domain/evaluation/test-fixtures';
import { appError } from '@ebid/api/test-client';
import { contextAs, TEST_START, useDemoTestDeps, type TestDeps } from '@ebid/testing';
import { renderDocument } from '@ebid/pdf';
import type { RequestContext } from '../context.ts';
import { evaluationClarificationList } from './clarify.ts';
import { evaluationProgress, mayFollowEvaluation } from './progress.ts';
import { declareNoConflict, evaluationDeclaration, signInToEvaluation } from './start.ts';
import { evaluationKit, type KitEvaluation, type KitMember } from './test-kit.ts';
import { evaluationsForCenter, getEvaluation, myEvaluations } from './view.ts';
import { evaluationBidParts, evaluationPartStream } from './viewer.ts';

let deps: TestDeps;
useDemoTestDeps((d) => (deps = d), { clockStart: TEST_START });

let kit: KitEvaluation;
/** The technical part's bytes of each bid (stored as a decrypted plaintext beside the opened summary). */
const technical = new Map<number, Buffer>();
const ANON: RequestContext = { actor: null, clientAddress: '127.0.0.1' };

beforeAll(async () => {
  kit = await evaluationKit(deps, {
    method: engComprehensive(),
    blindTechnical: true,
    // bidder3's price is above the section's ceiling (800,000,000 fen): the opening flagged it.
    bids: [
      { username: 'bidder1', priceFen: 750_000_000 },
      { username: 'bidder2', priceFen: 790_000_000 },
      { username: 'bidder3', priceFen: 820_000_000 },
    ],
  });
  // A decrypted technical part for every bid, stored as the opening stores plaintexts (pieces by hash).
  for (const b of kit.bids) {
    // A real PDF whose metadata names the company, as a word processor's would (the blind copy drops it).
    const company = `${b.username}建设有限公司`;
    const bytes = Buffer.from(
      await renderDocument({
        documentId: `T-${crypto.randomBytes(4).toString('hex')}`,
        title: '施工组织设计（暗标）',
        metadata: { title: `${company}技术标`, subject: '施工组织设计', author: company, keywords: [company], creationDate: TEST_START },
        footerText: '暗标',
        blocks: [{ kind: 'paragraph', text: '一、工程概况：本工程按招标文件要求组织施工。' }],
      }),
    );
    technical.set(b.bidId, bytes);
    const put = await deps.storage.put(bytes);
    const [summary] = await deps.db.select().from(bidParts).where(and(eq(bidParts.bidId, b.bidId), eq(bidParts.part, 'summary')));
    const { id: _id, createdAt: _c, ...rest } = summary!;
    await deps.db.insert(bidParts).values({
      ...rest,
      part: 'technical',
      plaintextSha256: put.sha256,
      plaintextSize: bytes.length,
      plaintextName: `${b.username}公司-技术标-盖章版.pdf`,
      plaintextPieces: [put.sha256],
      contentKey: null,
    });
  }
}, 120_000);

async function errOf(p: Promise<unknown>): Promise<{ code: string; reason: unknown }> {
  const e = await appError(p);
  return { code: e.code, reason: e.details?.reason };
}

async function declare(m: KitMember): Promise<void> {
  const c = await m.ctx();
  await signInToEvaluation(deps, c, { evaluationId: kit.evaluationId });
  const { text } = await evaluationDeclaration(deps, c, { evaluationId: kit.evaluationId });
  await declareNoConflict(deps, c, { evaluationId: kit.evaluationId, signatureBase64: m.signB64(new TextEncoder().encode(text)) });
}

async function readAll(s: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(typeof c === 'string' ? Buffer.from(c) : Buffer.from(c));
  return Buffer.concat(chunks);
}

const evaluationId = () => kit.evaluationId;

describe('the evaluation view (issue 22 §1)', () => {
  it('a member sees the session before its declaration, but no bid; reading a bid needs the declaration (E3)', async () => {
    const m = kit.members[0]!;
    const ctx = await contextAs(deps, m.username);
    const v = await getEvaluation(deps, ctx, { evaluationId: evaluationId() });
    expect(v).toMatchObject({ viewer: 'member', status: 'preparing', kind: 'eng.comprehensive', version: 1, blindTechnical: true, revealedAt: null, bids: null, blindParts: null, extensions: 0 });
    expect(v.extension).toEqual({ ordinal: 1, requests: 0, threshold: 2, requestedByMe: false });
    expect(v.me).toMatchObject({ userId: m.userId, signedInAt: null, declaredAt: null, chair: false });
    expect(v.members).toHaveLength(5);
    expect(v.members.every((x) => x.name.length > 0 && x.specialty.length > 0 && !x.signedIn && !x.declared && x.status === 'active')).toBe(true);
    expect((v.method as { criteria: unknown[] }).criteria).toHaveLength(3);
    expect(v.priceCeilingFen).toBe(800_000_000);
    expect(await errOf(evaluationBidParts(deps, ctx, { evaluationId: evaluationId(), label: '投标人1' }))).toEqual({ code: 'INVALID_STATE', reason: 'DECLARATION_REQUIRED' });
    expect(await errOf(evaluationPartStream(deps, ctx, { evaluationId: evaluationId(), ref: { label: '投标人1', part: 'summary' } }))).toEqual({ code: 'INVALID_STATE', reason: 'DECLARATION_REQUIRED' });
    expect(await errOf(evaluationClarificationList(deps, ctx, { evaluationId: evaluationId() }))).toEqual({ code: 'INVALID_STATE', reason: 'DECLARATION_REQUIRED' });
  });

  it('after the declaration: the bids with bidder, price and the opening’s ceiling flag — and no blind label next to any of them', async () => {
    const m = kit.members[0]!;
    await declare(m);
    const v = await getEvaluation(deps, await contextAs(deps, m.username), { evaluationId: evaluationId() });
    const [e] = await deps.db.select().from(evaluations).where(eq(evaluations.id, evaluationId()));
    const names = await deps.db
      .select({ id: organizations.id, name: organizations.name })
      .from(organizations)
      .innerJoin(users, eq(users.orgId, organizations.id))
      .where(inArray(users.username, ['bidder1', 'bidder2', 'bidder3']));
    expect(v.bids).toHaveLength(3);
    expect(v.bids!.map((b) => [b.label, b.priceFen, b.aboveCeiling])).toEqual([
      ['投标人1', 750_000_000, false],
      ['投标人2', 790_000_000, false],
      ['投标人3', 820_000_000, true],
    ]);
    expect(v.bids!.every((b) => names.some((n) => n.name === b.bidderName) && b.blindLabel === null)).toBe(true);
    const blind = e!.labels.map((l) => l.blindLabel!);
    const bidsJson = JSON.stringify(v.bids);
    for (const b of blind) expect(bidsJson).not.toContain(b);
    // The blind parts: by blind label only, sorted, nothing else.
    expect(v.blindParts!.map((p) => p.blindLabel)).toEqual([...blind].sort());
    for (const p of v.blindParts!) expect(Object.keys(p).sort()).toEqual(['blindLabel', 'partUrl']);
    expect(v.me).toMatchObject({ declaredAt: expect.any(String) });
  });

  it('the bid viewer: parts by label without the blind part; a summary read from the stored plaintext; the blind part only by its blind label', async () => {
    const m = kit.members[0]!;
    const ctx = await contextAs(deps, m.username);
    const [e] = await deps.db.select().from(evaluations).where(eq(evaluations.id, evaluationId()));
    const b1 = e!.labels.find((l) => l.label === '投标人1')!;
    const listed = await evaluationBidParts(deps, ctx, { evaluationId: evaluationId(), label: '投标人1' });
    expect(listed.parts.map((p) => p.part)).toEqual(['summary']);
    expect(listed.parts[0]!.partUrl).toBe(`/evaluations/${evaluationId()}/parts/${encodeURIComponent('投标人1')}/summary`);
    expect(await errOf(evaluationBidParts(deps, ctx, { evaluationId: evaluationId(), label: '投标人9' }))).toEqual({ code: 'NOT_FOUND', reason: 'LABEL_UNKNOWN' });
    // The summary: the opening's `opening.store_plaintext` job has not run here, so the plaintext is
    // stored on this first read (from the key kept since the decryption); the bytes hash right.
    const [before] = await deps.db.select().from(bidParts).where(and(eq(bidParts.bidId, b1.bidId), eq(bidParts.part, 'summary')));
    expect(before!.plaintextPieces).toBeNull();
    const s = await evaluationPartStream(deps, ctx, { evaluationId: evaluationId(), ref: { label: '投标人1', part: 'summary' } });
    const bytes = await readAll(s.stream);
    expect(bytes.length).toBe(s.size);
    expect(crypto.createHash('sha256').update(bytes).digest('hex')).toBe(listed.parts[0]!.sha256);
    // The technical part by label is refused while blind; by blind label it comes under the blind name.
    expect(await errOf(evaluationPartStream(deps, ctx, { evaluationId: evaluationId(), ref: { label: '投标人1', part: 'technical' } }))).toEqual({ code: 'FORBIDDEN', reason: 'BLIND_PART' });
    const t = await evaluationPartStream(deps, ctx, { evaluationId: evaluationId(), ref: { blindLabel: b1.blindLabel! } });
    expect(t.fileName).toBe(`${b1.blindLabel}-技术标.pdf`);
    expect(t.contentType).toBe('application/pdf');
    // Its anonymized copy: a PDF whose bytes, size and hash are not the bidder's file, without the company in its metadata.
    const blindBytes = await readAll(t.stream);
    const original = technical.get(b1.bidId)!;
    expect(blindBytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(blindBytes.length).toBe(t.size);
    expect(crypto.createHash('sha256').update(blindBytes).digest('hex')).toBe(t.sha256);
    expect(t.sha256).not.toBe(crypto.createHash('sha256').update(original).digest('hex'));
    const companyHex = (name: string) => Buffer.from(name, 'utf16le').swap16().toString('hex').toUpperCase();
    // The copy is written without object streams, so a raw search sees every object (pdfinfo on both: @ebid/pdf anonymize.test.ts).
    expect(blindBytes.toString('latin1')).not.toContain('/ObjStm');
    expect(blindBytes.toString('latin1').toUpperCase()).not.toContain(companyHex('bidder1建设有限公司'));
    expect(blindBytes.toString('latin1')).not.toMatch(/\/(Author|Title|Creator|Producer|Metadata)\b/);
    // Made once and kept in the store: a second view serves the same copy.
    const again = await evaluationPartStream(deps, ctx, { evaluationId: evaluationId(), ref: { blindLabel: b1.blindLabel! } });
    expect(again.sha256).toBe(t.sha256);
    expect((await readAll(again.stream)).equals(blindBytes)).toBe(true);
    expect(await errOf(evaluationPartStream(deps, ctx, { evaluationId: evaluationId(), ref: { blindLabel: '暗标-XXXX' } }))).toEqual({ code: 'NOT_FOUND', reason: 'LABEL_UNKNOWN' });
    // Audited with the label — the blind label for the blind part, with no hash — never the bidder.
    const viewed = await deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'evaluation.part_viewed'));
    expect(viewed.map((v) => v.payload)).toEqual([
      { evaluationId: evaluationId(), label: '投标人1', part: 'summary', sha256: listed.parts[0]!.sha256 },
      { evaluationId: evaluationId(), blindLabel: b1.blindLabel, part: 'technical' },
      { evaluationId: evaluationId(), blindLabel: b1.blindLabel, part: 'technical' },
    ]);
    expect(JSON.stringify(viewed)).not.toContain('bidder1');
    expect(JSON.stringify(viewed)).not.toContain(crypto.createHash('sha256').update(technical.get(b1.bidId)!).digest('hex'));
  });

  it('the center and the project’s supervisor read everything a declared member does; a platform administrator reads no bid content', async () => {
    for (const u of ['staff', 'supervisor']) {
      const ctx = await contextAs(deps, u);
      const v = await getEvaluation(deps, ctx, { evaluationId: evaluationId() });
      expect(v.viewer).toBe(u === 'staff' ? 'center' : 'supervisor');
      expect(v.me).toBeNull();
      expect(v.bids).toHaveLength(3);
      expect(v.blindParts).toHaveLength(3);
      expect((await evaluationBidParts(deps, ctx, { evaluationId: evaluationId(), label: '投标人2' })).parts.map((p) => p.part)).toEqual(['summary']);
      expect(await mayFollowEvaluation(deps.db, ctx.actor, evaluationId())).toBe(true);
      expect((await evaluationProgress(deps, ctx, { evaluationId: evaluationId() })).members).toHaveLength(5);
    }
    const admin = await contextAs(deps, 'admin');
    expect((await getEvaluation(deps, admin, { evaluationId: evaluationId() })).viewer).toBe('center');
    expect(await errOf(evaluationBidParts(deps, admin, { evaluationId: evaluationId(), label: '投标人2' }))).toEqual({ code: 'FORBIDDEN', reason: 'BID_CONTENT_NOT_FOR_ADMIN' });
  });

  it('bidders, an expert of another committee, a supervisor of another scope and the public: NOT_FOUND for every read, and no live topic', async () => {
    const [other] = await deps.db
      .select({ username: users.username })
      .from(users)
      .where(and(eq(users.role, 'expert'), notInArray(users.id, kit.members.map((m) => m.userId))))
      .limit(1);
    const outsiders: [string, RequestContext][] = [
      ['bidder1', await contextAs(deps, 'bidder1')],
      ['tenderee', await contextAs(deps, 'tenderee')],
      [other!.username, await contextAs(deps, other!.username)],
      ['supervisor2', await contextAs(deps, 'supervisor2')],
      ['anonymous', ANON],
    ];
    const id = evaluationId();
    for (const [who, ctx] of outsiders) {
      const reads: (() => Promise<unknown>)[] = [
        () => getEvaluation(deps, ctx, { evaluationId: id }),
        () => evaluationBidParts(deps, ctx, { evaluationId: id, label: '投标人1' }),
        () => evaluationPartStream(deps, ctx, { evaluationId: id, ref: { label: '投标人1', part: 'summary' } }),
        () => evaluationClarificationList(deps, ctx, { evaluationId: id }),
        () => evaluationProgress(deps, ctx, { evaluationId: id }),
      ];
      for (const r of reads) expect((await errOf(r())).code, who).toBe('NOT_FOUND');
      expect(await mayFollowEvaluation(deps.db, ctx.actor, id), who).toBe(false);
    }
    // A member's view is its own: a member does not read the progress unless chair.
    expect(await errOf(evaluationProgress(deps, await contextAs(deps, kit.members[0]!.username), { evaluationId: id }))).toEqual({ code: 'FORBIDDEN', reason: 'NOT_CHAIR' });
  });

  it('lists: the expert’s own sessions; the center’s all; a supervisor’s its scope; nobody else', async () => {
    const mine = await myEvaluations(deps, await contextAs(deps, kit.members[1]!.username));
    expect(mine.map((x) => x.evaluationId)).toEqual([evaluationId()]);
    expect(mine[0]).toMatchObject({ status: 'preparing', signedInAt: null, declaredAt: null, chair: false });
    const [other] = await deps.db.select({ username: users.username }).from(users).where(and(eq(users.role, 'expert'), notInArray(users.id, kit.members.map((m) => m.userId)))).limit(1);
    expect(await myEvaluations(deps, await contextAs(deps, other!.username))).toEqual([]);
    const center = await evaluationsForCenter(deps, await contextAs(deps, 'staff'));
    expect(center.find((x) => x.evaluationId === evaluationId())).toMatchObject({ sectionId: kit.sectionId, members: 5, declared: 1, chairElected: false, status: 'preparing' });
    expect((await evaluationsForCenter(deps, await contextAs(deps, 'supervisor'))).map((x) => x.evaluationId)).toContain(evaluationId());
    expect(await evaluationsForCenter(deps, await contextAs(deps, 'supervisor2'))).toEqual([]);
    expect((await errOf(evaluationsForCenter(deps, await contextAs(deps, kit.members[0]!.username)))).code).toBe('FORBIDDEN');
    expect((await errOf(myEvaluations(deps, await contextAs(deps, 'staff')))).code).toBe('FORBIDDEN');
  });

  it('after the reveal each bid carries its blind label and the technical part is listed under the bid', async () => {
    await deps.db.update(evaluations).set({ revealedAt: deps.clock.now() }).where(eq(evaluations.id, evaluationId()));
    const ctx = await contextAs(deps, kit.members[0]!.username);
    const v = await getEvaluation(deps, ctx, { evaluationId: evaluationId() });
    const [e] = await deps.db.select().from(evaluations).where(eq(evaluations.id, evaluationId()));
    expect(v.blindParts).toBeNull();
    expect(v.bids!.map((b) => b.blindLabel)).toEqual(e!.labels.map((l) => l.blindLabel));
    expect((await evaluationBidParts(deps, ctx, { evaluationId: evaluationId(), label: '投标人3' })).parts.map((p) => p.part)).toEqual(['summary', 'technical']);
    const t = await evaluationPartStream(deps, ctx, { evaluationId: evaluationId(), ref: { label: '投标人3', part: 'technical' } });
    expect(t.fileName).toBe('bidder3公司-技术标-盖章版.pdf');
    await readAll(t.stream);
  });
});
