/**
 * Sealed bids (issue 6): starting and inspecting chunked uploads, finalizing a bid, the company's own
 * bids and their receipts. The pieces themselves travel on `PUT /bids/uploads/:uploadId/pieces/:index`
 * (apps/server bid-routes.ts), outside tRPC. The receipt's JSON text is defined in @ebid/domain
 * bid-receipt.ts; here it travels as the exact signed string.
 */
import { z } from 'zod';
import { BID_PARTS } from '@ebid/pki/constants';
import { ZId } from './common.ts';

export const ZBidPart = z.enum(BID_PARTS);
const ZHash = z.string().regex(/^[0-9a-fA-F]{64}$/);

export const ZBidPartView = z.object({
  part: ZBidPart,
  size: z.number().int(),
  partHash: z.string(),
  headerSha256: z.string(),
  /** SHA-256 and SM3 of the whole sealed part (X3), once the `bid.digest` job has run; null before. */
  sha256: z.string().nullable(),
  sm3: z.string().nullable(),
});
export type BidPartView = z.infer<typeof ZBidPartView>;

export const ZBid = z.object({
  id: z.number().int(),
  projectId: z.number().int(),
  sectionId: z.number().int(),
  sectionCode: z.string(),
  bidderOrgId: z.number().int(),
  version: z.number().int(),
  status: z.enum(['current', 'superseded', 'withdrawn']),
  signerCertSerial: z.string(),
  receivedAt: z.string(),
  withdrawnAt: z.string().nullable(),
  parts: z.array(ZBidPartView),
});
export type BidView = z.infer<typeof ZBid>;

/** The company's bids (every version), newest first. */
export const ZBidList = z.array(ZBid);

/** The receipt as the platform signed it: the exact JSON text and the detached CMS (DER, base64). */
export const ZBidReceipt = z.object({ json: z.string(), cmsBase64: z.string() });
export type BidReceiptView = z.infer<typeof ZBidReceipt>;

export const ZStartBidUploadInput = z.object({ sectionId: ZId, part: ZBidPart, size: z.number().int().positive().max(Number.MAX_SAFE_INTEGER), partHash: ZHash });
export type StartBidUploadInput = z.infer<typeof ZStartBidUploadInput>;

export const ZBidUploadStart = z.object({ uploadId: z.number().int(), pieceSize: z.number().int(), pieceCount: z.number().int(), received: z.array(z.number().int()) });
export type BidUploadStart = z.infer<typeof ZBidUploadStart>;

export const ZBidUploadStatusInput = z.object({ uploadId: ZId });
export type BidUploadStatusInput = z.infer<typeof ZBidUploadStatusInput>;

export const ZBidUploadStatus = z.object({ received: z.array(z.number().int()), pieceCount: z.number().int(), status: z.enum(['open', 'finalized', 'abandoned']) });
export type BidUploadStatus = z.infer<typeof ZBidUploadStatus>;

export const ZFinalizeBidInput = z.object({
  sectionId: ZId,
  /**
   * The version this finalize creates, as the client signed it in every outer manifest (issue 14 §8): 1
   * for the company's first bid in the section, else the highest version + 1 (bid.mine). Another →
   * CONFLICT BID_VERSION_MISMATCH (e.g. a concurrent finalize won): re-sign with the new version and retry.
   */
  version: z.number().int().positive().max(1_000_000),
  parts: z.array(z.object({ uploadId: ZId, outerSignature: z.string().min(1).max(65536) })).min(1).max(BID_PARTS.length),
  clientInfo: z.object({ tool: z.string().max(40), selfReported: z.record(z.string().max(100), z.string().max(1000)).optional() }).optional(),
});
export type FinalizeBidInput = z.infer<typeof ZFinalizeBidInput>;

export const ZFinalizedBid = z.object({ bid: ZBid, receipt: ZBidReceipt });
export type FinalizedBid = z.infer<typeof ZFinalizedBid>;

export const ZMyBidsInput = z.object({ sectionId: ZId.optional() });
export type MyBidsInput = z.infer<typeof ZMyBidsInput>;

export const ZBidIdInput = z.object({ bidId: ZId });
export type BidIdInput = z.infer<typeof ZBidIdInput>;
