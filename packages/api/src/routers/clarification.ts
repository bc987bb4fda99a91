import { z } from 'zod';
import { draftClarification, listClarifications, previewClarification, publishClarification, updateClarification } from '@ebid/services';
import { ZId } from '@ebid/contracts';
import { createTRPCRouter, guardedProcedure, requestContext } from '../trpc.ts';

const ZTitle = z.string().trim().min(2).max(200);
const ZBody = z.string().trim().min(2).max(20_000);

const ZClarification = z.object({
  id: z.number().int(),
  projectId: z.number().int(),
  seq: z.number().int().nullable(),
  title: z.string(),
  body: z.string(),
  affectsPreparation: z.boolean(),
  status: z.enum(['draft', 'published']),
  deadlineField: z.string().nullable(),
  previousDeadline: z.string().nullable(),
  newDeadline: z.string().nullable(),
  newDeadlineProvisional: z.boolean(),
  pdfSha256: z.string().nullable(),
  publishedAt: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  documents: z.array(z.object({ id: z.number().int(), name: z.string(), version: z.number().int(), sha256: z.string(), size: z.number().int() })),
});

/** Clarifications and amendments (issue 5 §2; N5: publishing may move the deadline). */
export const clarificationRouter = createTRPCRouter({
  draft: guardedProcedure
    .input(z.object({ projectId: ZId, title: ZTitle, body: ZBody, affectsPreparation: z.boolean() }))
    .output(ZClarification)
    .mutation(({ ctx, input }) => draftClarification(ctx.deps, requestContext(ctx), input)),
  update: guardedProcedure
    .input(z.object({ clarificationId: ZId, title: ZTitle, body: ZBody, affectsPreparation: z.boolean(), expectedVersion: z.number().int().min(1) }))
    .output(ZClarification)
    .mutation(({ ctx, input }) => updateClarification(ctx.deps, requestContext(ctx), input)),
  preview: guardedProcedure
    .input(z.object({ clarificationId: ZId }))
    .output(z.object({ deadlineField: z.string(), currentDeadline: z.string(), earliestLegal: z.string().nullable(), moveTo: z.string().nullable(), provisional: z.boolean() }))
    .query(({ ctx, input }) => previewClarification(ctx.deps, requestContext(ctx), input)),
  publish: guardedProcedure
    .input(z.object({ clarificationId: ZId, requestedDeadline: z.iso.datetime({ offset: true }).optional() }))
    .output(ZClarification)
    .mutation(({ ctx, input }) => publishClarification(ctx.deps, requestContext(ctx), input)),
  list: guardedProcedure
    .input(z.object({ projectId: ZId }))
    .output(z.array(ZClarification))
    .query(({ ctx, input }) => listClarifications(ctx.deps, requestContext(ctx), input)),
});
