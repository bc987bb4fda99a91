import { auditCheckpoint, listAudit, verifyAuditTrail } from '@ebid/services';
import { ZAuditCheckpointResult, ZAuditListInput, ZAuditPage, ZAuditVerifyInput, ZVerifyReport } from '@ebid/contracts';
import { z } from 'zod';
import { createTRPCRouter, guardedProcedure, requestContext } from '../trpc.ts';

export const auditRouter = createTRPCRouter({
  /** Staff audit viewer: one chain (platform or a project) or one user's acts, newest first. */
  list: guardedProcedure
    .input(ZAuditListInput)
    .output(ZAuditPage)
    .query(({ ctx, input }) => listAudit(ctx.deps, requestContext(ctx), input)),

  /** Recompute the trail; with `roots` (published roots kept outside, issue 13 §6) also check them. */
  verify: guardedProcedure
    .input(ZAuditVerifyInput)
    .output(ZVerifyReport)
    .mutation(({ ctx, input }) => verifyAuditTrail(ctx.deps, requestContext(ctx), input)),

  checkpoint: guardedProcedure
    .input(z.void())
    .output(ZAuditCheckpointResult)
    .mutation(async ({ ctx }) => {
      const ev = await auditCheckpoint(ctx.deps, requestContext(ctx));
      return { eventId: ev.id, objectHashes: ev.objectHashes, rootId: ev.auditRoot.id };
    }),
});
