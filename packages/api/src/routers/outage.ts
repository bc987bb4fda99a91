import { z } from 'zod';
import { listOutages, recordOutage } from '@ebid/services';
import { createTRPCRouter, guardedProcedure, requestContext } from '../trpc.ts';

const ZItem = z.object({
  projectId: z.number().int(),
  unifiedDealCode: z.string(),
  name: z.string(),
  kind: z.enum(['bid_deadline', 'application_deadline', 'decryption_window', 'decryption_expired']),
  action: z.enum(['extended', 'not_extended', 'reclassified']),
  from: z.string(),
  to: z.string().nullable(),
  provisional: z.boolean(),
  noteZh: z.string().nullable(),
  noteEn: z.string().nullable(),
  noticeId: z.number().int().nullable(),
});

const ZOutage = z.object({
  id: z.number().int(),
  startsAt: z.string(),
  endsAt: z.string(),
  description: z.string(),
  marginMinutes: z.number().int(),
  extensionHours: z.number().int(),
  recordedAt: z.string(),
  recordedBy: z.number().int(),
  affected: z.array(ZItem),
});

/** Platform outages (issue 12 §8): recorded by center staff; affected deadlines and windows extended. */
export const outageRouter = createTRPCRouter({
  record: guardedProcedure
    .input(z.object({ startsAt: z.iso.datetime({ offset: true }), endsAt: z.iso.datetime({ offset: true }), description: z.string().trim().min(2).max(500) }))
    .output(ZOutage)
    .mutation(({ ctx, input }) => recordOutage(ctx.deps, requestContext(ctx), input)),
  list: guardedProcedure
    .input(z.object({}).optional())
    .output(z.array(ZOutage))
    .query(({ ctx }) => listOutages(ctx.deps, requestContext(ctx))),
});
