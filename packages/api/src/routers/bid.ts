import { z } from 'zod';
import { bidReceipt, bidUploadStatus, finalizeBid, myBids, startBidUpload, withdrawBid } from '@ebid/services';
import { BID_PARTS } from '@ebid/pki';
import { ZId } from '@ebid/contracts';
import { createTRPCRouter, guardedProcedure, requestContext } from '../trpc.ts';

const ZPart = z.enum(BID_PARTS);
const ZHash = z.string().regex(/^[0-9a-fA-F]{64}$/);

const ZBid = z.object({
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
  parts: z.array(z.object({ part: ZPart, size: z.number().int(), partHash: z.string(), headerSha256: z.string(), sha256: z.string().nullable(), sm3: z.string().nullable() })),
});
const ZReceipt = z.object({ json: z.string(), cmsBase64: z.string() });

/**
 * Sealed bids (issue 6). The sealed parts themselves travel on `PUT /bids/uploads/:uploadId/pieces/:index`
 * (apps/server/src/bid-routes.ts); these procedures start, inspect and finalize uploads, and list, prove
 * (receipt) and withdraw the company's own bids. Everything is the caller's company's only (services).
 */
export const bidRouter = createTRPCRouter({
  startUpload: guardedProcedure
    .input(z.object({ sectionId: ZId, part: ZPart, size: z.number().int().positive().max(Number.MAX_SAFE_INTEGER), partHash: ZHash }))
    .output(z.object({ uploadId: z.number().int(), pieceSize: z.number().int(), pieceCount: z.number().int(), received: z.array(z.number().int()) }))
    .mutation(({ ctx, input }) => startBidUpload(ctx.deps, requestContext(ctx), input)),
  uploadStatus: guardedProcedure
    .input(z.object({ uploadId: ZId }))
    .output(z.object({ received: z.array(z.number().int()), pieceCount: z.number().int(), status: z.enum(['open', 'finalized', 'abandoned']) }))
    .query(({ ctx, input }) => bidUploadStatus(ctx.deps, requestContext(ctx), input)),
  finalize: guardedProcedure
    .input(
      z.object({
        sectionId: ZId,
        /** the bid version the outer signatures name (issue 14 §8) */
        version: z.number().int().positive().max(1_000_000),
        parts: z.array(z.object({ uploadId: ZId, outerSignature: z.string().min(1).max(65536) })).min(1).max(BID_PARTS.length),
        clientInfo: z
          .object({ tool: z.string().max(40), selfReported: z.record(z.string().max(100), z.string().max(1000)).optional() })
          .optional(),
      }),
    )
    .output(z.object({ bid: ZBid, receipt: ZReceipt }))
    .mutation(({ ctx, input }) => finalizeBid(ctx.deps, requestContext(ctx), input)),
  mine: guardedProcedure
    .input(z.object({ sectionId: ZId.optional() }))
    .output(z.array(ZBid))
    .query(({ ctx, input }) => myBids(ctx.deps, requestContext(ctx), input)),
  receipt: guardedProcedure
    .input(z.object({ bidId: ZId }))
    .output(ZReceipt)
    .query(({ ctx, input }) => bidReceipt(ctx.deps, requestContext(ctx), input)),
  withdraw: guardedProcedure
    .input(z.object({ bidId: ZId }))
    .output(ZBid)
    .mutation(({ ctx, input }) => withdrawBid(ctx.deps, requestContext(ctx), input)),
});
