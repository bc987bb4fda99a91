import { auditCheckpoint, auditChoices, listAudit, verifyAuditTrail } from '@ebid/services';
import { ZAuditCheckpointResult, ZAuditChoice, ZAuditChoicesInput, ZAuditListInput, ZAuditPage, ZAuditVerifyInput, ZVerifyReport } from '@ebid/contracts';
import { z } from 'zod';
import { createTRPCRouter, guardedProcedure, requestContext } from '../trpc.ts';

export const auditRouter = createTRPCRouter({
  /** Staff audit viewer: the events of a filter (chain or project, actor, action, time range) in words, newest first. */
  list: guardedProcedure
    .input(ZAuditListInput)
    .output(ZAuditPage)
    .query(({ ctx, input }) => listAudit(ctx.deps, requestContext(ctx), input)),

  /** The filter's choices: projects or users matching a query (issue 19 §4). */
  choices: guardedProcedure
    .input(ZAuditChoicesInput)
    .output(z.array(ZAuditChoice))
    .query(({ ctx, input }) => auditChoices(ctx.deps, requestContext(ctx), input)),

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
