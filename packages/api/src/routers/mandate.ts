import { z } from 'zod';
import { listMandates, recordMandate } from '@ebid/services';
import { ZMandate, ZRecordMandateInput } from '@ebid/contracts';
import { createTRPCRouter, guardedProcedure, requestContext } from '../trpc.ts';

export const mandateRouter = createTRPCRouter({
  record: guardedProcedure
    .input(ZRecordMandateInput)
    .output(ZMandate)
    .mutation(({ ctx, input }) => recordMandate(ctx.deps, requestContext(ctx), input)),

  list: guardedProcedure
    .input(z.void())
    .output(z.array(ZMandate))
    .query(({ ctx }) => listMandates(ctx.deps, requestContext(ctx))),
});
