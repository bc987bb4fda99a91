import { z } from 'zod';
import { addDocument, listDocumentDownloads, listDocuments, removeDocument } from '@ebid/services';
import { ZId } from '@ebid/contracts';
import { createTRPCRouter, guardedProcedure, requestContext } from '../trpc.ts';

const ZDocument = z.object({
  id: z.number().int(),
  projectId: z.number().int(),
  kind: z.enum(['tender', 'prequalification', 'attachment']),
  name: z.string(),
  version: z.number().int(),
  sha256: z.string(),
  size: z.number().int(),
  contentType: z.string(),
  sectionId: z.number().int().nullable(),
  createdAt: z.string(),
  supersededAt: z.string().nullable(),
  supersedesId: z.number().int().nullable(),
  clarificationId: z.number().int().nullable(),
  visible: z.boolean(),
});

/** Tender documents (issue 5 §1): no view ever carries a download count (N6). */
export const documentRouter = createTRPCRouter({
  add: guardedProcedure
    .input(
      z.object({
        projectId: ZId,
        uploadId: ZId,
        kind: z.enum(['tender', 'prequalification', 'attachment']),
        sectionId: ZId.nullable().optional(),
        clarificationId: ZId.optional(),
      }),
    )
    .output(ZDocument)
    .mutation(({ ctx, input }) => addDocument(ctx.deps, requestContext(ctx), input)),
  remove: guardedProcedure
    .input(z.object({ documentId: ZId }))
    .output(z.object({ removed: z.literal(true) }))
    .mutation(({ ctx, input }) => removeDocument(ctx.deps, requestContext(ctx), input)),
  list: guardedProcedure
    .input(z.object({ projectId: ZId }))
    .output(z.array(ZDocument))
    .query(({ ctx, input }) => listDocuments(ctx.deps, requestContext(ctx), input)),
  /** Who downloaded — refused to every role until the bid deadline has passed (N6). */
  downloads: guardedProcedure
    .input(z.object({ projectId: ZId }))
    .output(z.array(z.object({ orgName: z.string(), userDisplayName: z.string(), documentName: z.string(), documentVersion: z.number().int(), at: z.string() })))
    .query(({ ctx, input }) => listDocumentDownloads(ctx.deps, requestContext(ctx), input)),
});
