import { bidReceipt, bidUploadStatus, finalizeBid, myBids, startBidUpload, withdrawBid } from '@ebid/services';
import {
  ZBid,
  ZBidIdInput,
  ZBidList,
  ZBidReceipt,
  ZBidUploadStart,
  ZBidUploadStatus,
  ZBidUploadStatusInput,
  ZFinalizeBidInput,
  ZFinalizedBid,
  ZMyBidsInput,
  ZStartBidUploadInput,
} from '@ebid/contracts';
import { createTRPCRouter, guardedProcedure, requestContext } from '../trpc.ts';

/**
 * Sealed bids (issue 6). The sealed parts themselves travel on `PUT /bids/uploads/:uploadId/pieces/:index`
 * (apps/server/src/bid-routes.ts); these procedures start, inspect and finalize uploads, and list, prove
 * (receipt) and withdraw the company's own bids. Everything is the caller's company's only (services).
 */
export const bidRouter = createTRPCRouter({
  startUpload: guardedProcedure
    .input(ZStartBidUploadInput)
    .output(ZBidUploadStart)
    .mutation(({ ctx, input }) => startBidUpload(ctx.deps, requestContext(ctx), input)),
  uploadStatus: guardedProcedure
    .input(ZBidUploadStatusInput)
    .output(ZBidUploadStatus)
    .query(({ ctx, input }) => bidUploadStatus(ctx.deps, requestContext(ctx), input)),
  finalize: guardedProcedure
    .input(ZFinalizeBidInput)
    .output(ZFinalizedBid)
    .mutation(({ ctx, input }) => finalizeBid(ctx.deps, requestContext(ctx), input)),
  mine: guardedProcedure
    .input(ZMyBidsInput)
    .output(ZBidList)
    .query(({ ctx, input }) => myBids(ctx.deps, requestContext(ctx), input)),
  receipt: guardedProcedure
    .input(ZBidIdInput)
    .output(ZBidReceipt)
    .query(({ ctx, input }) => bidReceipt(ctx.deps, requestContext(ctx), input)),
  withdraw: guardedProcedure
    .input(ZBidIdInput)
    .output(ZBid)
    .mutation(({ ctx, input }) => withdrawBid(ctx.deps, requestContext(ctx), input)),
});
