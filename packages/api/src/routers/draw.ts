import { z } from 'zod';
import { commitToDraw, getDraw, revealToDraw } from '@ebid/services';
import { ZId } from '@ebid/contracts';
import { createTRPCRouter, guardedProcedure, requestContext } from '../trpc.ts';

const ZTime = z.string();
const ZHex32 = z.string().max(64);

export const ZDraw = z.object({
  id: z.number().int(),
  purpose: z.string(),
  options: z.array(z.unknown()),
  phase: z.enum(['commit', 'reveal', 'closed', 'drawn']),
  serverTime: ZTime,
  createdAt: ZTime,
  commitCloseAt: ZTime,
  revealCloseAt: ZTime,
  platformCommitment: z.string(),
  platformShare: z.string().nullable(),
  commitments: z.array(
    z.object({
      id: z.number().int(),
      participant: z.string(),
      label: z.string(),
      mine: z.boolean(),
      commitment: z.string(),
      committedAt: ZTime,
      valueHex: z.string().nullable(),
      revealedAt: ZTime.nullable(),
    }),
  ),
  result: z.object({ index: z.number().int(), drawnAt: ZTime, digestHex: z.string(), inputsSha256: z.string(), unrevealed: z.array(z.number().int()) }).nullable(),
  me: z.object({ mayContribute: z.boolean(), committed: z.boolean(), revealed: z.boolean() }),
});

/**
 * Public commit–reveal draws (issue 14 §2): participants commit a hash before the commit close and reveal
 * the value after it; the draw runs by itself at the reveal close (no procedure draws). Who may see or
 * contribute is decided by the draw's purpose in the services (draws/purposes.ts).
 */
export const drawRouter = createTRPCRouter({
  get: guardedProcedure
    .input(z.object({ drawId: ZId }))
    .output(ZDraw)
    .query(({ ctx, input }) => getDraw(ctx.deps, requestContext(ctx), input)),
  commit: guardedProcedure
    .input(z.object({ drawId: ZId, commitment: ZHex32 }))
    .output(ZDraw)
    .mutation(({ ctx, input }) => commitToDraw(ctx.deps, requestContext(ctx), input)),
  reveal: guardedProcedure
    .input(z.object({ drawId: ZId, valueHex: ZHex32 }))
    .output(ZDraw)
    .mutation(({ ctx, input }) => revealToDraw(ctx.deps, requestContext(ctx), input)),
});
