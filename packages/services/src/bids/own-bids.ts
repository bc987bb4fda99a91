/**
 * The company's own bids (issue 6 §5, §6): list them, prove one (the platform-signed receipt), withdraw
 * the current one before the deadline (B4), and download one's own sealed part for the decryption
 * rehearsal.
 *
 * B5: nothing here returns plaintext, and the sealed file (which carries the key wrapped to the
 * company's own certificate) goes only to users of the bidding company — NOT_FOUND for everyone else,
 * administrators included.
 */
import { Readable } from 'node:stream';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { bidParts, bids, projects, sections, type BidRow, type ProjectRow } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import { AppError } from '@ebid/domain';
import type { BidIdInput, BidReceiptView, BidView, MyBidsInput } from '@ebid/contracts';
import { isBidPart } from '@ebid/pki/constants';
import { arrivalOf, audit, requireActor, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { markDepositsForRefund } from '../tendering/deposits/index.ts';
import { assertBiddingOpen, requireBidder } from './bidding-window.ts';
import { expectedPieceSize, pieceCountOf } from './pieces.ts';
import { bidView } from './view.ts';

/** The caller's company's own bid with its section code and project; NOT_FOUND for anyone else (B5). */
export async function ownBid(deps: Pick<Deps, 'db'>, ctx: RequestContext, bidId: number): Promise<{ bid: BidRow; sectionCode: string; project: ProjectRow }> {
  const actor = requireActor(ctx);
  const [row] = await deps.db
    .select({ bid: bids, sectionCode: sections.code, project: projects })
    .from(bids)
    .innerJoin(sections, eq(sections.id, bids.sectionId))
    .innerJoin(projects, eq(projects.id, bids.projectId))
    .where(eq(bids.id, bidId));
  // B5: only the bidding company; everyone else (administrators included) is told nothing exists.
  if (!row || actor.role !== 'bidder' || row.bid.bidderOrgId !== actor.orgId) throw new AppError('NOT_FOUND', { zh: '投标文件不存在', en: 'No such bid' }, { field: 'bidId' });
  return row;
}

/** The company's bids (every version), newest first, optionally for one section. */
export async function myBids(deps: Pick<Deps, 'db'>, ctx: RequestContext, input: MyBidsInput): Promise<BidView[]> {
  const actor = requireActor(ctx);
  requireBidder(actor);
  const rows = await deps.db
    .select({ bid: bids, sectionCode: sections.code })
    .from(bids)
    .innerJoin(sections, eq(sections.id, bids.sectionId))
    .where(and(eq(bids.bidderOrgId, actor.orgId), input.sectionId ? eq(bids.sectionId, input.sectionId) : undefined))
    .orderBy(desc(bids.id));
  if (rows.length === 0) return [];
  const parts = await deps.db.select().from(bidParts).where(inArray(bidParts.bidId, rows.map((r) => r.bid.id)));
  return rows.map((r) => bidView(r.bid, r.sectionCode, parts));
}

export async function bidReceipt(deps: Pick<Deps, 'db'>, ctx: RequestContext, input: BidIdInput): Promise<BidReceiptView> {
  const { bid } = await ownBid(deps, ctx, input.bidId);
  return { json: bid.receiptJson, cmsBase64: bid.receiptCms };
}

/** Withdraw the company's current bid before the deadline (B4); the security becomes due for refund. */
export async function withdrawBid(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: BidIdInput): Promise<BidView> {
  const { bid, sectionCode } = await ownBid(deps, ctx, input.bidId);
  const receivedAt = arrivalOf(ctx, deps); // T1
  return deps.db.transaction(async (tx) => {
    const [p] = await tx.select().from(projects).where(eq(projects.id, bid.projectId)).for('share');
    if (!p) throw new AppError('NOT_FOUND');
    assertBiddingOpen(p, receivedAt);
    const [w] = await tx
      .update(bids)
      .set({ status: 'withdrawn', withdrawnAt: receivedAt })
      .where(and(eq(bids.id, bid.id), eq(bids.status, 'current')))
      .returning();
    if (!w) throw new AppError('INVALID_STATE', { zh: '只能撤回当前有效的投标文件', en: 'Only the current bid can be withdrawn' }, { reason: 'NOT_CURRENT', status: bid.status });
    await markDepositsForRefund(tx, deps, ctx, { projectId: bid.projectId, trigger: 'withdrawal', registrationIds: [bid.registrationId] });
    await audit(tx, deps, ctx, {
      chain: projectChain(bid.projectId),
      action: 'bid.withdraw',
      subject: { type: 'bid', id: bid.id },
      payload: { sectionId: bid.sectionId, version: bid.version, receivedAt: receivedAt.toISOString() },
    });
    const parts = await tx.select().from(bidParts).where(eq(bidParts.bidId, bid.id));
    return bidView(w, sectionCode, parts);
  });
}

/**
 * The sealed file of one part of the company's own bid, streamed from its pieces in order (decryption
 * rehearsal, issue 6 §6). NOT_FOUND for anyone but the bidding company.
 */
export async function openSealedPart(
  deps: Pick<Deps, 'db' | 'storage'>,
  ctx: RequestContext,
  input: { bidId: number; part: string },
): Promise<{ size: number; partHash: string; headerSha256: string; fileName: string; stream: Readable }> {
  const { bid, sectionCode, project } = await ownBid(deps, ctx, input.bidId);
  if (!isBidPart(input.part)) throw new AppError('NOT_FOUND');
  const [p] = await deps.db.select().from(bidParts).where(and(eq(bidParts.bidId, bid.id), eq(bidParts.part, input.part)));
  if (!p) throw new AppError('NOT_FOUND', { zh: '该部分不存在', en: 'No such part' }, { field: 'part' });
  const hashes = p.pieces;
  // Fail before the response starts if a piece is gone.
  for (const h of hashes) if (!(await deps.storage.stat(h))) throw new AppError('INTEGRITY_FAILED', { zh: '投标文件分块缺失', en: 'A stored piece is missing' }, { reason: 'PIECE_MISSING' });
  const storage = deps.storage;
  // Every piece is TRANSPORT_CHUNK_SIZE bytes but the last: a piece of another size fails its read (issue 13 §5).
  const total = p.size;
  const sized = hashes.length === pieceCountOf(total);
  async function* pieces(): AsyncGenerator<Buffer> {
    for (const [i, h] of hashes.entries()) {
      const s = await storage.get(h, sized ? { expectedSize: expectedPieceSize(total, i) } : {});
      for await (const c of s) yield Buffer.isBuffer(c) ? c : Buffer.from(c);
    }
  }
  return {
    size: p.size,
    partHash: p.partHash,
    headerSha256: p.headerSha256,
    fileName: `${project.unifiedDealCode}-${sectionCode}-${p.part}-v${bid.version}.ebid`,
    stream: Readable.from(pieces(), { objectMode: false }),
  };
}
