/** Clarifications and amendments (issue 5 §2; N5: publishing may move the deadline). */
import { z } from 'zod';
import { draftClarification, listClarifications, previewClarification, publishClarification, updateClarification } from '@ebid/services';
import { ZClarification, ZClarificationPreview, ZClarificationRef, ZDraftClarificationInput, ZProjectRef, ZPublishClarificationInput, ZUpdateClarificationInput } from '@ebid/contracts';
import { createTRPCRouter, guardedProcedure, requestContext } from '../trpc.ts';

export const clarificationRouter = createTRPCRouter({
  draft: guardedProcedure
    .input(ZDraftClarificationInput)
    .output(ZClarification)
    .mutation(({ ctx, input }) => draftClarification(ctx.deps, requestContext(ctx), input)),
  update: guardedProcedure
    .input(ZUpdateClarificationInput)
    .output(ZClarification)
    .mutation(({ ctx, input }) => updateClarification(ctx.deps, requestContext(ctx), input)),
  preview: guardedProcedure
    .input(ZClarificationRef)
    .output(ZClarificationPreview)
    .query(({ ctx, input }) => previewClarification(ctx.deps, requestContext(ctx), input)),
  publish: guardedProcedure
    .input(ZPublishClarificationInput)
    .output(ZClarification)
    .mutation(({ ctx, input }) => publishClarification(ctx.deps, requestContext(ctx), input)),
  list: guardedProcedure
    .input(ZProjectRef)
    .output(z.array(ZClarification))
    .query(({ ctx, input }) => listClarifications(ctx.deps, requestContext(ctx), input)),
});
