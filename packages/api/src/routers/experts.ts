import {
  createExpertProfile,
  declareTie,
  endTie,
  getExpert,
  listExperts,
  myExpertProfile,
  sanctionExpert,
  setExpertAvailability,
  setMyAvailability,
  unsanctionExpert,
  updateExpertProfile,
  updateMyExpertProfile,
} from '@ebid/services';
import {
  ZCreateExpertProfileInput,
  ZDeclareTieInput,
  ZEndTieInput,
  ZExpertDetail,
  ZExpertIdInput,
  ZExpertListInput,
  ZExpertListOutput,
  ZExpertProfile,
  ZExpertTie,
  ZSanctionExpertInput,
  ZSetExpertAvailabilityInput,
  ZSetMyAvailabilityInput,
  ZUnsanctionExpertInput,
  ZUpdateExpertProfileInput,
  ZUpdateMyExpertProfileInput,
} from '@ebid/contracts';
import { z } from 'zod';
import { createTRPCRouter, guardedProcedure, requestContext } from '../trpc.ts';

/** The evaluation expert pool (issue 21 §1): the center maintains it, supervisors read it, an expert keeps its own profile and ties. */
export const expertRouter = createTRPCRouter({
  list: guardedProcedure
    .input(ZExpertListInput)
    .output(ZExpertListOutput)
    .query(({ ctx, input }) => listExperts(ctx.deps, requestContext(ctx), input)),
  get: guardedProcedure
    .input(ZExpertIdInput)
    .output(ZExpertDetail)
    .query(({ ctx, input }) => getExpert(ctx.deps, requestContext(ctx), input)),
  mine: guardedProcedure
    .input(z.void())
    .output(ZExpertDetail)
    .query(({ ctx }) => myExpertProfile(ctx.deps, requestContext(ctx))),
  createProfile: guardedProcedure
    .input(ZCreateExpertProfileInput)
    .output(ZExpertDetail)
    .mutation(({ ctx, input }) => createExpertProfile(ctx.deps, requestContext(ctx), input)),
  updateProfile: guardedProcedure
    .input(ZUpdateExpertProfileInput)
    .output(ZExpertDetail)
    .mutation(({ ctx, input }) => updateExpertProfile(ctx.deps, requestContext(ctx), input)),
  updateMine: guardedProcedure
    .input(ZUpdateMyExpertProfileInput)
    .output(ZExpertDetail)
    .mutation(({ ctx, input }) => updateMyExpertProfile(ctx.deps, requestContext(ctx), input)),
  setAvailability: guardedProcedure
    .input(ZSetExpertAvailabilityInput)
    .output(ZExpertProfile)
    .mutation(({ ctx, input }) => setExpertAvailability(ctx.deps, requestContext(ctx), input)),
  setMyAvailability: guardedProcedure
    .input(ZSetMyAvailabilityInput)
    .output(ZExpertProfile)
    .mutation(({ ctx, input }) => setMyAvailability(ctx.deps, requestContext(ctx), input)),
  sanction: guardedProcedure
    .input(ZSanctionExpertInput)
    .output(ZExpertProfile)
    .mutation(({ ctx, input }) => sanctionExpert(ctx.deps, requestContext(ctx), input)),
  unsanction: guardedProcedure
    .input(ZUnsanctionExpertInput)
    .output(ZExpertProfile)
    .mutation(({ ctx, input }) => unsanctionExpert(ctx.deps, requestContext(ctx), input)),
  declareTie: guardedProcedure
    .input(ZDeclareTieInput)
    .output(ZExpertTie)
    .mutation(({ ctx, input }) => declareTie(ctx.deps, requestContext(ctx), input)),
  endTie: guardedProcedure
    .input(ZEndTieInput)
    .output(ZExpertTie)
    .mutation(({ ctx, input }) => endTie(ctx.deps, requestContext(ctx), input)),
});
