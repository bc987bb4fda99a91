import { commitToDraw, getDraw, revealToDraw } from '@ebid/services';
import { ZDraw, ZDrawCommitInput, ZDrawIdInput, ZDrawRevealInput } from '@ebid/contracts';
import { createTRPCRouter, guardedProcedure, requestContext } from '../trpc.ts';

/**
 * Public commit–reveal draws (issue 14 §2): participants commit a hash before the commit close and reveal
 * the value after it; the draw runs by itself at the reveal close (no procedure draws). Who may see or
 * contribute is decided by the draw's purpose in the services (draws/purposes.ts).
 */
export const drawRouter = createTRPCRouter({
  get: guardedProcedure
    .input(ZDrawIdInput)
    .output(ZDraw)
    .query(({ ctx, input }) => getDraw(ctx.deps, requestContext(ctx), input)),
  commit: guardedProcedure
    .input(ZDrawCommitInput)
    .output(ZDraw)
    .mutation(({ ctx, input }) => commitToDraw(ctx.deps, requestContext(ctx), input)),
  reveal: guardedProcedure
    .input(ZDrawRevealInput)
    .output(ZDraw)
    .mutation(({ ctx, input }) => revealToDraw(ctx.deps, requestContext(ctx), input)),
});
