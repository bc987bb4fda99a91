import { z } from 'zod';
import { acceptObjection, answerObjection, declineObjection, fileObjection, getObjectionWindow, listObjections } from '@ebid/services';
import { ZId } from '../schemas.ts';
import { createTRPCRouter, publicProcedure, requestContext } from '../trpc.ts';

const ZObjection = z.object({
  id: z.number().int(),
  projectId: z.number().int(),
  stage: z.enum(['prequalification', 'tender']),
  title: z.string(),
  body: z.string(),
  status: z.enum(['filed', 'accepted', 'declined', 'answered']),
  filerName: z.string().nullable(),
  mine: z.boolean(),
  filedAt: z.string(),
  decidedAt: z.string().nullable(),
  declineReason: z.string().nullable(),
  answerDueAt: z.string().nullable(),
  overdue: z.boolean(),
  answer: z.string().nullable(),
  answeredAt: z.string().nullable(),
  version: z.number().int(),
});

/** 异议 / 质疑 against the documents (issue 5 §3, domain N8). Authorization per record is in the services. */
export const objectionRouter = createTRPCRouter({
  file: publicProcedure
    .input(z.object({ projectId: ZId, title: z.string().trim().min(4).max(200), body: z.string().trim().min(10).max(5000) }))
    .output(ZObjection)
    .mutation(({ ctx, input }) => fileObjection(ctx.deps, requestContext(ctx), input)),
  accept: publicProcedure
    .input(z.object({ objectionId: ZId }))
    .output(ZObjection)
    .mutation(({ ctx, input }) => acceptObjection(ctx.deps, requestContext(ctx), input)),
  decline: publicProcedure
    .input(z.object({ objectionId: ZId, reason: z.string().trim().min(2).max(1000) }))
    .output(ZObjection)
    .mutation(({ ctx, input }) => declineObjection(ctx.deps, requestContext(ctx), input)),
  answer: publicProcedure
    .input(z.object({ objectionId: ZId, answer: z.string().trim().min(10).max(10_000) }))
    .output(ZObjection)
    .mutation(({ ctx, input }) => answerObjection(ctx.deps, requestContext(ctx), input)),
  list: publicProcedure
    .input(z.object({ projectId: ZId }))
    .output(z.array(ZObjection))
    .query(({ ctx, input }) => listObjections(ctx.deps, requestContext(ctx), input)),
  /** The window an objection filed now would be judged against (null: no objection procedure / no deadline yet). */
  window: publicProcedure
    .input(z.object({ projectId: ZId }))
    .output(z.object({ stage: z.enum(['prequalification', 'tender']), closesAt: z.string(), ruleRef: z.string(), open: z.boolean() }).nullable())
    .query(({ ctx, input }) => getObjectionWindow(ctx.deps, requestContext(ctx), input)),
});
