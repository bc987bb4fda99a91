import { z } from 'zod';
import { listMandates, recordMandate } from '@ebid/services';
import { ZId } from '@ebid/contracts';
import { createTRPCRouter, guardedProcedure, requestContext } from '../trpc.ts';

const ZMandate = z.object({
  id: z.number().int(),
  agentOrgId: z.number().int(),
  tendereeOrgId: z.number().int(),
  scope: z.string(),
  validFrom: z.string(),
  validTo: z.string(),
  revokedAt: z.string().nullable(),
});

export const mandateRouter = createTRPCRouter({
  record: guardedProcedure
    .input(
      z.object({
        agentOrgId: ZId,
        tendereeOrgId: ZId,
        scope: z.string().trim().min(2).max(500),
        validFrom: z.iso.datetime({ offset: true }),
        validTo: z.iso.datetime({ offset: true }),
      }),
    )
    .output(ZMandate)
    .mutation(({ ctx, input }) =>
      recordMandate(ctx.deps, requestContext(ctx), {
        ...input,
        validFrom: new Date(input.validFrom),
        validTo: new Date(input.validTo),
      }),
    ),

  list: guardedProcedure
    .input(z.void())
    .output(z.array(ZMandate))
    .query(({ ctx }) => listMandates(ctx.deps, requestContext(ctx))),
});
