import { z } from 'zod';
import { moveFakeClock, serverTime, systemInfo, timeSourceStatus } from '@ebid/services';
import { ZFakeClockMoved, ZServerTime, ZSetFakeClockInput, ZSystemInfo, ZTimeSourceStatus } from '@ebid/contracts';
import { createTRPCRouter, guardedProcedure, requestContext } from '../trpc.ts';

export const systemRouter = createTRPCRouter({
  /** Server time, the only clock (T1). The web top bar measures its offset from this. */
  time: guardedProcedure
    .input(z.void())
    .output(ZServerTime)
    .query(({ ctx }) => serverTime(ctx.deps)),

  info: guardedProcedure
    .input(z.void())
    .output(ZSystemInfo)
    .query(({ ctx }) => systemInfo(ctx.deps, requestContext(ctx))),

  /** The time source of the instance answering (issue 20 §5, T3): offset, servers, last sample, state. */
  timeSource: guardedProcedure
    .input(z.void())
    .output(ZTimeSourceStatus)
    .query(({ ctx }) => timeSourceStatus(ctx.deps, requestContext(ctx))),

  /**
   * Test and rehearsal only: move the fake clock. Staff and the platform admin only, and refused unless
   * EBID_FAKE_CLOCK (never in production).
   */
  setFakeClock: guardedProcedure
    .input(ZSetFakeClockInput)
    .output(ZFakeClockMoved)
    .mutation(({ ctx, input }) => moveFakeClock(ctx.deps, requestContext(ctx), input)),
});
