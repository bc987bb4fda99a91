import { z } from 'zod';
import { acceptObjection, answerObjection, declineObjection, fileObjection, getObjectionWindow, listObjections, PROCESS_STEPS } from '@ebid/services';
import { OBJECTION_SUBJECTS } from '@ebid/domain';
import { ZId } from '@ebid/contracts';
import { createTRPCRouter, guardedProcedure, requestContext } from '../trpc.ts';

const ZObjection = z.object({
  id: z.number().int(),
  projectId: z.number().int(),
  stage: z.enum(['prequalification', 'tender']),
  subject: z.enum(OBJECTION_SUBJECTS),
  step: z.string().nullable(),
  title: z.string(),
  body: z.string(),
  status: z.enum(['filed', 'accepted', 'declined', 'answered']),
  filerName: z.string().nullable(),
  mine: z.boolean(),
  suspends: z.boolean(),
  filedAt: z.string(),
  decidedAt: z.string().nullable(),
  declineReason: z.string().nullable(),
  answerDueAt: z.string().nullable(),
  answerDueProvisional: z.boolean(),
  open: z.boolean(),
  overdue: z.boolean(),
  answer: z.string().nullable(),
  answeredAt: z.string().nullable(),
  version: z.number().int(),
});

/** 异议 / 质疑 (issue 5 §3, issue 12 §7; domain N8, C2). Authorization per record is in the services. */
export const objectionRouter = createTRPCRouter({
  file: guardedProcedure
    .input(
      z.object({
        projectId: ZId,
        title: z.string().trim().min(4).max(200),
        body: z.string().trim().min(10).max(5000),
        subject: z.enum(OBJECTION_SUBJECTS).optional(),
        step: z.enum(PROCESS_STEPS).nullable().optional(),
      }),
    )
    .output(ZObjection)
    .mutation(({ ctx, input }) => fileObjection(ctx.deps, requestContext(ctx), input)),
  accept: guardedProcedure
    .input(z.object({ objectionId: ZId }))
    .output(ZObjection)
    .mutation(({ ctx, input }) => acceptObjection(ctx.deps, requestContext(ctx), input)),
  decline: guardedProcedure
    .input(z.object({ objectionId: ZId, reason: z.string().trim().min(2).max(1000) }))
    .output(ZObjection)
    .mutation(({ ctx, input }) => declineObjection(ctx.deps, requestContext(ctx), input)),
  answer: guardedProcedure
    .input(z.object({ objectionId: ZId, answer: z.string().trim().min(10).max(10_000) }))
    .output(ZObjection)
    .mutation(({ ctx, input }) => answerObjection(ctx.deps, requestContext(ctx), input)),
  list: guardedProcedure
    .input(z.object({ projectId: ZId }))
    .output(z.array(ZObjection))
    .query(({ ctx, input }) => listObjections(ctx.deps, requestContext(ctx), input)),
  /** The window an objection filed now would be judged against (null: no objection procedure / no deadline yet). */
  window: guardedProcedure
    .input(z.object({ projectId: ZId }))
    .output(
      z
        .object({
          stage: z.enum(['prequalification', 'tender']),
          closesAt: z.string(),
          ruleRef: z.string(),
          provisional: z.boolean(),
          open: z.boolean(),
          subjects: z.array(z.enum(OBJECTION_SUBJECTS)),
        })
        .nullable(),
    )
    .query(({ ctx, input }) => getObjectionWindow(ctx.deps, requestContext(ctx), input)),
});
