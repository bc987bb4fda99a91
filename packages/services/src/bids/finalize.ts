/**
 * Finalizing a sealed bid (issue 6 §3–§5): the bid exists only after this commits, with a receipt signed
 * by the platform (the one receipt layout of @ebid/domain bid-receipt.ts).
 *
 * Finalize runs in one transaction and is judged by server time at the end of it (B1, T1): every upload
 * complete, its size and part hash recomputed from the stored piece hashes, exactly one recipient (the
 * company's encryption certificate, the wrapped key of its modulus size), the outer signature verified
 * over the rebuilt outer manifest — which names the company and the version this finalize creates, so an
 * old signature cannot finalize another version or another company's upload (issue 14 §8) — with a
 * signing certificate of a user of the bidding company (trusted, valid now, not revoked), a summary part
 * present, B8 (assertMayBid), B9/B4 (the previous current bid becomes superseded and is kept; the new one
 * is current with version + 1, the version the client signed).
 */
import { createHash } from 'node:crypto';
import { and, asc, eq, inArray, max } from 'drizzle-orm';
import { bidParts, bids, bidUploadPieces, bidUploads, organizations, projects, registrations, type BidUploadRow, type SelfReportedClient, type StoredBidRecipient } from '@ebid/db';
import { latestRootWitness, projectChain } from '@ebid/audit';
import { AppError, bidReceiptJson } from '@ebid/domain';
import type { FinalizeBidInput, FinalizedBid } from '@ebid/contracts';
import { outerManifestBytes } from '@ebid/pki';
import { arrivalOf, audit, requireActor, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { enqueueJob } from '../jobs/queue.ts';
import { assertMayBid } from '../tendering/qualification/index.ts';
import { assertSectionOpen } from '../tendering/lifecycle/index.ts';
import { assertBiddingOpen, assertMayRespond, loadSectionForBidder, requireBidder } from './bidding-window.ts';
import { verifyCompanySignature } from './company-signature.ts';
import { partHashOf } from './pieces.ts';
import { checkRecipients } from './uploads.ts';
import { bidView, partOrder } from './view.ts';

function summaryMissing(): AppError {
  return new AppError('VALIDATION', { zh: '缺少开标一览表（投标函摘要）部分', en: 'The bid summary part is missing' }, { field: 'parts', reason: 'SUMMARY_MISSING' });
}

export async function finalizeBid(deps: Pick<Deps, 'db' | 'clock' | 'pki'>, ctx: RequestContext, input: FinalizeBidInput): Promise<FinalizedBid> {
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
    const { section, project: seen } = await loadSectionForBidder(tx, input.sectionId);
    assertMayRespond(seen, actor.orgId); // issue 18 §3
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
    // The uploads in the order of input.parts, each the company's own, of this section, still open.
    const uploads = input.parts.map(({ uploadId: id }) => {
      const u = byId.get(id);
      if (!u || u.bidderOrgId !== actor.orgId || u.sectionId !== section.id) {
        throw new AppError('NOT_FOUND', { zh: '上传不存在', en: 'No such upload' }, { field: 'parts', uploadId: id });
      }
      if (u.status !== 'open') {
        throw new AppError('INVALID_STATE', { zh: '该上传已结束（已提交或已放弃）', en: 'This upload is closed (finalized or abandoned)' }, { reason: 'UPLOAD_CLOSED', uploadId: id, status: u.status });
      }
      return u;
    });
    const partNames = uploads.map((u) => u.part);
    if (new Set(partNames).size !== partNames.length) {
      throw new AppError('VALIDATION', { zh: '同一部分只能提交一个文件', en: 'Each part may be submitted once' }, { field: 'parts', reason: 'DUPLICATE_PART' });
    }
    if (!partNames.includes('summary')) throw summaryMissing();

    // Completeness, then size and part hash from the stored piece hashes.
    const pieces = await tx.select().from(bidUploadPieces).where(inArray(bidUploadPieces.uploadId, uploadIds)).orderBy(asc(bidUploadPieces.uploadId), asc(bidUploadPieces.index));
    const missing: { uploadId: number; part: string; indexes: number[] }[] = [];
    const piecesOf = (u: BidUploadRow) => pieces.filter((p) => p.uploadId === u.id);
    for (const u of uploads) {
      const have = new Set(piecesOf(u).map((p) => p.index));
      const gaps: number[] = [];
      for (let i = 0; i < u.pieceCount; i++) if (!have.has(i)) gaps.push(i);
      if (gaps.length) missing.push({ uploadId: u.id, part: u.part, indexes: gaps.slice(0, 100) });
    }
    if (missing.length) {
      throw new AppError('VALIDATION', { zh: '投标文件尚未上传完整，缺少分块', en: 'The upload is incomplete: pieces are missing' }, { reason: 'MISSING_PIECE', missing });
    }
    const verified: { upload: BidUploadRow; headerSha256: string; pieces: string[]; signature: Buffer; signerSerial: string; recipients: StoredBidRecipient[] }[] = [];
    for (const [i, u] of uploads.entries()) {
      const outerSignature = input.parts[i]?.outerSignature;
      const mine = piecesOf(u);
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
      const signature = Buffer.from(typeof outerSignature === 'string' ? outerSignature : '', 'base64');
      const content = outerManifestBytes({
        projectId: project.id,
        sectionId: section.id,
        bidderOrgId: actor.orgId,
        version,
        part: u.part,
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
      verified.push({ upload: u, headerSha256: u.headerSha256, pieces: mine.map((x) => x.sha256), signature, signerSerial: cert.serialHex, recipients });
    }

    // B9 / B4: the previous current bid is kept, superseded; the new one counts.
    await tx.update(bids).set({ status: 'superseded' }).where(and(eq(bids.sectionId, section.id), eq(bids.bidderOrgId, actor.orgId), eq(bids.status, 'current')));
    const summary = verified.find((v) => v.upload.part === 'summary');
    if (!summary) throw summaryMissing(); // checked above
    const selfReported: SelfReportedClient | null =
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
    if (!bid) throw new AppError('INTERNAL');
    const partRows = await tx
      .insert(bidParts)
      .values(
        verified.map((v) => ({
          bidId: bid.id,
          uploadId: v.upload.id,
          part: v.upload.part,
          size: v.upload.size,
          partHash: v.upload.partHash,
          headerSha256: v.headerSha256,
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
    const receiptJson = bidReceiptJson({
      bidId: bid.id,
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
    const [saved] = await tx.update(bids).set({ receiptJson, receiptCms }).where(eq(bids.id, bid.id)).returning();
    if (!saved) throw new AppError('INTERNAL');

    await audit(tx, deps, ctx, {
      chain: projectChain(project.id),
      action: 'bid.finalize',
      subject: { type: 'bid', id: bid.id },
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
    await enqueueJob(tx, deps.clock, { kind: 'bid.digest', payload: { bidId: bid.id }, dedupeKey: `bid.digest:${bid.id}` });

    return { bid: bidView(saved, section.code, partRows), receipt: { json: receiptJson, cmsBase64: receiptCms } };
  });
}

function sha256Hex(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}
