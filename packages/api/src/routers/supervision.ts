import { z } from 'zod';
import { listProjectCheckpoints } from '@ebid/services';
import { ZCheckpointListInput, ZCheckpointView } from '@ebid/contracts';
import { guardedProcedure, requestContext } from '../trpc.ts';

/** Electronic supervision (issue 20): a project's checkpoints with their state from server time (M1, M3). */
export const supervisionCheckpointProcedures = {
  checkpoints: guardedProcedure
    .input(ZCheckpointListInput)
    .output(z.array(ZCheckpointView))
    .query(({ ctx, input }) => listProjectCheckpoints(ctx.deps, requestContext(ctx), input)),
};
