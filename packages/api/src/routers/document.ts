/** Tender documents (issue 5 §1): no view ever carries a download count (N6). */
import { z } from 'zod';
import { addDocument, listDocumentDownloads, listDocuments, removeDocument } from '@ebid/services';
import { ZAddDocumentInput, ZDocument, ZDocumentRef, ZDocumentRemoved, ZDownloadRecord, ZProjectRef } from '@ebid/contracts';
import { createTRPCRouter, guardedProcedure, requestContext } from '../trpc.ts';

export const documentRouter = createTRPCRouter({
  add: guardedProcedure
    .input(ZAddDocumentInput)
    .output(ZDocument)
    .mutation(({ ctx, input }) => addDocument(ctx.deps, requestContext(ctx), input)),
  remove: guardedProcedure
    .input(ZDocumentRef)
    .output(ZDocumentRemoved)
    .mutation(({ ctx, input }) => removeDocument(ctx.deps, requestContext(ctx), input)),
  list: guardedProcedure
    .input(ZProjectRef)
    .output(z.array(ZDocument))
    .query(({ ctx, input }) => listDocuments(ctx.deps, requestContext(ctx), input)),
  /** Who downloaded — refused to every role until the bid deadline has passed (N6). */
  downloads: guardedProcedure
    .input(ZProjectRef)
    .output(z.array(ZDownloadRecord))
    .query(({ ctx, input }) => listDocumentDownloads(ctx.deps, requestContext(ctx), input)),
});
