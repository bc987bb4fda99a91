import { z } from 'zod';
import { listOutages, recordOutage } from '@ebid/services';
import { ZOutage, ZOutageListInput, ZRecordOutageInput } from '@ebid/contracts';
import { createTRPCRouter, guardedProcedure, requestContext } from '../trpc.ts';

/** Platform outages (issue 12 §8): recorded by center staff; affected deadlines and windows extended. */
export const outageRouter = createTRPCRouter({
  record: guardedProcedure
    .input(ZRecordOutageInput)
    .output(ZOutage)
    .mutation(({ ctx, input }) => recordOutage(ctx.deps, requestContext(ctx), input)),
  list: guardedProcedure
    .input(ZOutageListInput)
    .output(z.array(ZOutage))
    .query(({ ctx }) => listOutages(ctx.deps, requestContext(ctx))),
});
