/**
 * Sealed bids (issue 6 §3–§6): finalize (the bid exists only after this commits), receipts signed by
 * the platform, the company's own bids, withdrawal, and the rehearsal download of one's own sealed part.
 *
 * Finalize runs in one transaction and is judged by server time at the end of it (B1, T1): every upload
 * complete, its size and part hash recomputed from the stored piece hashes, exactly one recipient (the
 * company's encryption certificate, the wrapped key of its modulus size), the outer signature verified
 * over the rebuilt outer manifest — which names the company and the version this finalize creates, so an
 * old signature cannot finalize another version or another company's upload (issue 14 §8) — with a
 * signing certificate of a user of the bidding company (trusted, valid now, not revoked), a summary part
 * present, B8 (assertMayBid), B9/B4 (the previous current bid becomes superseded and is kept; the new one
 * is current with version + 1, the version the client signed).
 *
 * B5: nothing here returns plaintext, and the sealed file (which carries the key wrapped to the
 * company's own certificate) goes only to users of the bidding company — NOT_FOUND for everyone else,
 * administrators included.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { and, asc, desc, eq, inArray, max } from 'drizzle-orm';
import { bidParts, bids, bidUploadPieces, bidUploads, organizations, projects, registrations, sections } from '@ebid/db';
import { latestRootWitness, projectChain } from '@ebid/audit';
import { AppError } from '@ebid/domain';
import { BID_PARTS, outerManifestBytes, type BidPart } from '@ebid/pki';
import { arrivalOf, audit, requireActor, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { enqueueJob } from '../jobs/queue.ts';
import { markDepositsForRefund } from '../tendering/deposits/index.ts';
import { assertMayBid } from '../tendering/qualification/index.ts';
import { assertSectionOpen } from '../tendering/lifecycle/index.ts';
import { assertBiddingOpen, isBidPart, loadSectionForBidder, partHashOf, PIECE_SIZE, requireBidder, verifyCompanySignature } from './common.ts';
import { checkRecipients, type StoredRecipient } from './uploads.ts';

type BidRow = typeof bids.$inferSelect;
type BidPartRow = typeof bidParts.$inferSelect;

export interface BidPartView {
  part: BidPart;
  size: number;
  partHash: string;
  headerSha256: string;
  /** SHA-256 and SM3 of the whole sealed part (X3), once the `bid.digest` job has run; null before. */
  sha256: string | null;
  sm3: string | null;
}

export interface BidView {
  id: number;
  projectId: number;
  sectionId: number;
  sectionCode: string;
  bidderOrgId: number;
  version: number;
  status: BidRow['status'];
  signerCertSerial: string;
  receivedAt: string;
  withdrawnAt: string | null;
  parts: BidPartView[];
}

export interface ReceiptView {
  json: string;
  cmsBase64: string;
}

const partOrder = (p: string) => BID_PARTS.indexOf(p as BidPart);

function view(b: BidRow, sectionCode: string, parts: BidPartRow[]): BidView {
  return {
    id: b.id,
    projectId: b.projectId,
    sectionId: b.sectionId,
    sectionCode,
    bidderOrgId: b.bidderOrgId,
    version: b.version,
    status: b.status,
    signerCertSerial: b.signerCertSerial,
    receivedAt: b.receivedAt.toISOString(),
    withdrawnAt: b.withdrawnAt?.toISOString() ?? null,
    parts: parts
      .filter((p) => p.bidId === b.id)
      .sort((x, y) => partOrder(x.part) - partOrder(y.part))
      .map((p) => ({ part: p.part as BidPart, size: p.size, partHash: p.partHash, headerSha256: p.headerSha256, sha256: p.sha256, sm3: p.sm3 })),
  };
}

export interface FinalizeInput {
  sectionId: number;
  /**
   * The version this finalize creates, as the client signed it in every outer manifest: 1 for the
   * company's first bid in the section, else the highest version + 1 (bid.mine). Another → CONFLICT
   * BID_VERSION_MISMATCH (e.g. a concurrent finalize won): re-sign with the new version and retry.
   */
  version: number;
  parts: { uploadId: number; outerSignature: string }[];
  clientInfo?: { tool: string; selfReported?: Record<string, string> };
}

export async function finalizeBid(deps: Pick<Deps, 'db' | 'clock' | 'pki'>, ctx: RequestContext, input: FinalizeInput): Promise<{ bid: BidView; receipt: ReceiptView }> {
  const actor = requireActor(ctx);
  requireBidder(actor);
  if (!Array.isArray(input.parts) || input.parts.length === 0) {
    throw new AppError('VALIDATION', { zh: '没有要提交的投标文件', en: 'No parts to submit' }, { field: 'parts', reason: 'NO_PARTS' });
  }
  const uploadIds = input.parts.map((p) => p.uploadId);
  if (new Set(uploadIds).size !== uploadIds.length) {
    throw new AppError('VALIDATION', { zh: '同一上传不能提交两次', en: 'An upload is listed twice' }, { field: 'parts', reason: 'DUPLICATE_PART' });
  }
  // T1: judged by the instant the request arrived, whenever the transaction commits.
  const receivedAt = arrivalOf(ctx, deps);
  return deps.db.transaction(async (tx) => {
    const { section } = await loadSectionForBidder(tx, input.sectionId);
    assertSectionOpen(section); // issue 16 §7
    // A share lock on the project: finalizes run side by side, but the opening (which locks the project
    // for update at the deadline) waits for every finalize in flight, so a bid that arrived in time and
    // commits late is opened with the others.
    const [project] = await tx.select().from(projects).where(eq(projects.id, section.projectId)).for('share');
    if (!project) throw new AppError('NOT_FOUND');
    assertBiddingOpen(project, receivedAt);
    await assertMayBid(tx, { projectId: project.id, sectionId: section.id, bidderOrgId: actor.orgId });
    // One finalize per company and section at a time (B9): lock the registration.
    const [reg] = await tx
      .select()
      .from(registrations)
      .where(and(eq(registrations.sectionId, section.id), eq(registrations.bidderOrgId, actor.orgId)))
      .for('update');
    if (!reg) throw new AppError('FORBIDDEN', undefined, { reason: 'NOT_REGISTERED' });
    const now = deps.clock.now();
    // The version is decided under the registration lock (one finalize per company and section at a
    // time) and must be the one the client signed (issue 14 §8).
    const [last] = await tx.select({ v: max(bids.version) }).from(bids).where(and(eq(bids.sectionId, section.id), eq(bids.bidderOrgId, actor.orgId)));
    const version = (last?.v ?? 0) + 1;
    if (input.version !== version) {
      throw new AppError(
        'CONFLICT',
        { zh: `投标版本已变化：本次提交将成为第${version}版，签名针对的是第${String(input.version)}版。请刷新后重新签名提交`, en: `The bid version changed: this finalize creates version ${version}, the signatures are for version ${String(input.version)}. Refresh, sign again and resubmit` },
        { reason: 'BID_VERSION_MISMATCH', expected: version, signed: input.version ?? null },
      );
    }

    const ups = await tx.select().from(bidUploads).where(inArray(bidUploads.id, uploadIds)).for('update');
    const byId = new Map(ups.map((u) => [u.id, u]));
    for (const id of uploadIds) {
      const u = byId.get(id);
      if (!u || u.bidderOrgId !== actor.orgId || u.sectionId !== section.id) {
        throw new AppError('NOT_FOUND', { zh: '上传不存在', en: 'No such upload' }, { field: 'parts', uploadId: id });
      }
      if (u.status !== 'open') {
        throw new AppError('INVALID_STATE', { zh: '该上传已结束（已提交或已放弃）', en: 'This upload is closed (finalized or abandoned)' }, { reason: 'UPLOAD_CLOSED', uploadId: id, status: u.status });
      }
    }
    const partNames = uploadIds.map((id) => byId.get(id)!.part);
    if (new Set(partNames).size !== partNames.length) {
      throw new AppError('VALIDATION', { zh: '同一部分只能提交一个文件', en: 'Each part may be submitted once' }, { field: 'parts', reason: 'DUPLICATE_PART' });
    }
    if (!partNames.includes('summary')) {
      throw new AppError('VALIDATION', { zh: '缺少开标一览表（投标函摘要）部分', en: 'The bid summary part is missing' }, { field: 'parts', reason: 'SUMMARY_MISSING' });
    }

    // Completeness, then size and part hash from the stored piece hashes.
    const pieces = await tx.select().from(bidUploadPieces).where(inArray(bidUploadPieces.uploadId, uploadIds)).orderBy(asc(bidUploadPieces.uploadId), asc(bidUploadPieces.index));
    const missing: { uploadId: number; part: string; indexes: number[] }[] = [];
    const piecesOf = new Map<number, typeof pieces>();
    for (const id of uploadIds) {
      const u = byId.get(id)!;
      const mine = pieces.filter((p) => p.uploadId === id);
      piecesOf.set(id, mine);
      const have = new Set(mine.map((p) => p.index));
      const gaps: number[] = [];
      for (let i = 0; i < u.pieceCount; i++) if (!have.has(i)) gaps.push(i);
      if (gaps.length) missing.push({ uploadId: id, part: u.part, indexes: gaps.slice(0, 100) });
    }
    if (missing.length) {
      throw new AppError('VALIDATION', { zh: '投标文件尚未上传完整，缺少分块', en: 'The upload is incomplete: pieces are missing' }, { reason: 'MISSING_PIECE', missing });
    }
    const verified: { upload: (typeof ups)[number]; pieces: string[]; signature: Buffer; signerSerial: string; recipients: StoredRecipient[] }[] = [];
    for (const p of input.parts) {
      const u = byId.get(p.uploadId)!;
      const mine = piecesOf.get(u.id)!;
      const size = mine.reduce((n, x) => n + x.size, 0);
      const hash = partHashOf(mine.map((x) => x.sha256));
      if (size !== u.size || hash !== u.partHash) {
        throw new AppError(
          'INTEGRITY_FAILED',
          { zh: '上传的文件与申报的大小或摘要不一致', en: 'The uploaded file does not match the declared size or hash' },
          { reason: size !== u.size ? 'SIZE_MISMATCH' : 'HASH_MISMATCH', uploadId: u.id, part: u.part, declared: { size: u.size, partHash: u.partHash }, received: { size, partHash: hash } },
        );
      }
      if (!u.headerSha256 || !u.recipients) {
        throw new AppError('VALIDATION', { zh: '文件头尚未校验', en: 'The envelope header was not checked' }, { reason: 'ENVELOPE_MALFORMED', uploadId: u.id });
      }
      // The recipients again: a certificate revoked since piece 0 no longer qualifies.
      const recipients = await checkRecipients(tx, deps, actor.orgId, u.recipients);
      const signature = Buffer.from(typeof p.outerSignature === 'string' ? p.outerSignature : '', 'base64');
      const content = outerManifestBytes({
        projectId: project.id,
        sectionId: section.id,
        bidderOrgId: actor.orgId,
        version,
        part: u.part as BidPart,
        headerSha256: u.headerSha256,
        partHash: u.partHash,
        size: u.size,
      });
      const cert = await verifyCompanySignature(tx, deps, {
        kind: 'bid',
        signature,
        content,
        orgId: actor.orgId,
        at: receivedAt,
        text: { SIGNATURE_INVALID: { zh: '外层签名与上传的文件不符', en: 'The outer signature does not match the uploaded file' } },
        details: { part: u.part, uploadId: u.id },
      });
      verified.push({ upload: u, pieces: mine.map((x) => x.sha256), signature, signerSerial: cert.serialHex, recipients });
    }

    // B9 / B4: the previous current bid is kept, superseded; the new one counts.
    await tx.update(bids).set({ status: 'superseded' }).where(and(eq(bids.sectionId, section.id), eq(bids.bidderOrgId, actor.orgId), eq(bids.status, 'current')));
    const summary = verified.find((v) => v.upload.part === 'summary')!;
    const selfReported =
      input.clientInfo && input.clientInfo.tool === 'ebid' && input.clientInfo.selfReported
        ? { tool: 'ebid', selfReported: true, data: input.clientInfo.selfReported }
        : null;
    const [bid] = await tx
      .insert(bids)
      .values({
        projectId: project.id,
        sectionId: section.id,
        bidderOrgId: actor.orgId,
        registrationId: reg.id,
        version,
        status: 'current',
        submittedBy: actor.userId,
        signerCertSerial: summary.signerSerial,
        receivedAt,
        receiptJson: '',
        receiptCms: '',
        clientAddress: ctx.clientAddress,
        userAgent: ctx.userAgent ?? null,
        selfReported,
        createdAt: now,
      })
      .returning();
    const partRows = await tx
      .insert(bidParts)
      .values(
        verified.map((v) => ({
          bidId: bid!.id,
          uploadId: v.upload.id,
          part: v.upload.part,
          size: v.upload.size,
          partHash: v.upload.partHash,
          headerSha256: v.upload.headerSha256!,
          pieces: v.pieces,
          outerSignature: v.signature.toString('base64'),
          recipients: v.recipients,
          createdAt: now,
        })),
      )
      .returning();
    await tx.update(bidUploads).set({ status: 'finalized', updatedAt: now }).where(inArray(bidUploads.id, uploadIds));

    const [org] = await tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, actor.orgId));
    const sortedParts = [...partRows].sort((x, y) => partOrder(x.part) - partOrder(y.part));
    // Issue 13 §6: the latest audit root published before this bid, with the inclusion proof of the
    // project's chain head in it (null while no published root covers the project).
    const auditRoot = await latestRootWitness(tx, projectChain(project.id));
    const receiptJson = JSON.stringify({
      type: 'ebid-bid-receipt',
      v: 2,
      bidId: bid!.id,
      version,
      projectId: project.id,
      unifiedDealCode: project.unifiedDealCode,
      sectionId: section.id,
      sectionCode: section.code,
      bidderOrgId: actor.orgId,
      bidderName: org?.name ?? '',
      signerCertSerial: summary.signerSerial,
      receivedAt: receivedAt.toISOString(),
      parts: sortedParts.map((p) => ({ part: p.part, size: p.size, partHash: p.partHash, headerSha256: p.headerSha256 })),
      auditRoot,
    });
    const receiptCms = deps.pki.platform.signDetached(Buffer.from(receiptJson, 'utf8')).toString('base64');
    const [saved] = await tx.update(bids).set({ receiptJson, receiptCms }).where(eq(bids.id, bid!.id)).returning();

    await audit(tx, deps, ctx, {
      chain: projectChain(project.id),
      action: 'bid.finalize',
      subject: { type: 'bid', id: bid!.id },
      payload: {
        sectionId: section.id,
        version,
        signerCertSerial: summary.signerSerial,
        parts: sortedParts.map((p) => ({ part: p.part, size: p.size, partHash: p.partHash, headerSha256: p.headerSha256 })),
        receiptSha256: sha256Hex(receiptJson),
        auditRootId: auditRoot?.id ?? null,
        receivedAt: receivedAt.toISOString(),
        userAgent: ctx.userAgent ?? null,
        selfReported,
      },
      objectHashes: verified.flatMap((v) => v.pieces),
    });

    // X3: SHA-256 and SM3 of each whole sealed part, computed from the stored pieces (bids/digests.ts).
    await enqueueJob(tx, deps.clock, { kind: 'bid.digest', payload: { bidId: bid!.id }, dedupeKey: `bid.digest:${bid!.id}` });

    return { bid: view(saved!, section.code, partRows), receipt: { json: receiptJson, cmsBase64: receiptCms } };
  });
}

function sha256Hex(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}

/** The caller's company's own bid with its section code and project; NOT_FOUND for anyone else (B5). */
export async function ownBid(deps: Pick<Deps, 'db'>, ctx: RequestContext, bidId: number): Promise<{ bid: BidRow; sectionCode: string; project: typeof projects.$inferSelect }> {
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
export async function myBids(deps: Pick<Deps, 'db'>, ctx: RequestContext, input: { sectionId?: number }): Promise<BidView[]> {
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
  return rows.map((r) => view(r.bid, r.sectionCode, parts));
}

export async function bidReceipt(deps: Pick<Deps, 'db'>, ctx: RequestContext, input: { bidId: number }): Promise<ReceiptView> {
  const { bid } = await ownBid(deps, ctx, input.bidId);
  return { json: bid.receiptJson, cmsBase64: bid.receiptCms };
}

/** Withdraw the company's current bid before the deadline (B4); the security becomes due for refund. */
export async function withdrawBid(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: { bidId: number }): Promise<BidView> {
  const { bid, sectionCode } = await ownBid(deps, ctx, input.bidId);
  const receivedAt = arrivalOf(ctx, deps); // T1
  return deps.db.transaction(async (tx) => {
    const [p] = await tx.select().from(projects).where(eq(projects.id, bid.projectId)).for('share');
    assertBiddingOpen(p!, receivedAt);
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
    return view(w, sectionCode, parts);
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
  const hashes = p.pieces as string[];
  // Fail before the response starts if a piece is gone.
  for (const h of hashes) if (!(await deps.storage.stat(h))) throw new AppError('INTEGRITY_FAILED', { zh: '投标文件分块缺失', en: 'A stored piece is missing' }, { reason: 'PIECE_MISSING' });
  const storage = deps.storage;
  // Every piece is PIECE_SIZE bytes but the last: a piece of another size fails its read (issue 13 §5).
  const total = p.size;
  const sized = hashes.length === Math.max(1, Math.ceil(total / PIECE_SIZE));
  async function* pieces(): AsyncGenerator<Buffer> {
    for (const [i, h] of hashes.entries()) {
      const s = await storage.get(h, sized ? { expectedSize: Math.min(PIECE_SIZE, total - i * PIECE_SIZE) } : {});
      for await (const c of s) yield Buffer.isBuffer(c) ? c : Buffer.from(c as Uint8Array);
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

