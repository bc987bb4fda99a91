/** 异议 / 质疑 (issue 5 §3, issue 12 §7; domain N8, C2). Authorization per record is in the services. */
import { z } from 'zod';
import { acceptObjection, answerObjection, declineObjection, fileObjection, getObjectionWindow, listObjections } from '@ebid/services';
import { ZAnswerObjectionInput, ZDeclineObjectionInput, ZFileObjectionInput, ZObjection, ZObjectionRef, ZObjectionWindow, ZProjectRef } from '@ebid/contracts';
import { createTRPCRouter, guardedProcedure, requestContext } from '../trpc.ts';

export const objectionRouter = createTRPCRouter({
  file: guardedProcedure
    .input(ZFileObjectionInput)
    .output(ZObjection)
    .mutation(({ ctx, input }) => fileObjection(ctx.deps, requestContext(ctx), input)),
  accept: guardedProcedure
    .input(ZObjectionRef)
    .output(ZObjection)
    .mutation(({ ctx, input }) => acceptObjection(ctx.deps, requestContext(ctx), input)),
  decline: guardedProcedure
    .input(ZDeclineObjectionInput)
    .output(ZObjection)
    .mutation(({ ctx, input }) => declineObjection(ctx.deps, requestContext(ctx), input)),
  answer: guardedProcedure
    .input(ZAnswerObjectionInput)
    .output(ZObjection)
    .mutation(({ ctx, input }) => answerObjection(ctx.deps, requestContext(ctx), input)),
  list: guardedProcedure
    .input(ZProjectRef)
    .output(z.array(ZObjection))
    .query(({ ctx, input }) => listObjections(ctx.deps, requestContext(ctx), input)),
  /** The window an objection filed now would be judged against (null: no objection procedure / no deadline yet). */
  window: guardedProcedure
    .input(ZProjectRef)
    .output(ZObjectionWindow)
    .query(({ ctx, input }) => getObjectionWindow(ctx.deps, requestContext(ctx), input)),
});
