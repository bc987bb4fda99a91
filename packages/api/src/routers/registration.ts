/** 报名 / 竞买申请 (issue 5 §4): a bidder company applies for a section, withdraws, and reads its registrations. */
import { z } from 'zod';
import { applyRegistration, myRegistrations, openProjectsForBidder, projectRegistrations, reviewRegistration, saleApplicants, saleReviewQueue, withdrawRegistration } from '@ebid/services';
import {
  ZApplyRegistrationInput,
  ZMyRegistration,
  ZOpenProject,
  ZOpenProjectsInput,
  ZProjectRef,
  ZRegistration,
  ZReviewRegistrationInput,
  ZSaleReviewItem,
  ZWithdrawRegistrationInput,
} from '@ebid/contracts';
import { createTRPCRouter, guardedProcedure, requestContext } from '../trpc.ts';

export const registrationRouter = createTRPCRouter({
  /**
   * 报名 / 竞买申请: my company applies for a section (until the registration deadline, server time).
   * Named `register`, not `apply`: tRPC reserves `apply` (and `call`) as router keys.
   */
  register: guardedProcedure
    .input(ZApplyRegistrationInput)
    .output(ZRegistration)
    .mutation(({ ctx, input }) => applyRegistration(ctx.deps, requestContext(ctx), input)),

  withdraw: guardedProcedure
    .input(ZWithdrawRegistrationInput)
    .output(ZRegistration)
    .mutation(({ ctx, input }) => withdrawRegistration(ctx.deps, requestContext(ctx), input)),

  mine: guardedProcedure
    .input(z.object({}).optional())
    .output(z.array(ZMyRegistration))
    .query(({ ctx }) => myRegistrations(ctx.deps, requestContext(ctx))),

  forProject: guardedProcedure
    .input(ZProjectRef)
    .output(z.array(ZRegistration))
    .query(({ ctx, input }) => projectRegistrations(ctx.deps, requestContext(ctx), input)),

  openProjects: guardedProcedure
    .input(ZOpenProjectsInput)
    .output(z.array(ZOpenProject))
    .query(({ ctx, input }) => openProjectsForBidder(ctx.deps, requestContext(ctx), { limit: input?.limit ?? 100 })),

  /** Issue 18 §4: center staff review land / property applications before the sale. */
  review: guardedProcedure
    .input(ZReviewRegistrationInput)
    .output(ZRegistration)
    .mutation(({ ctx, input }) => reviewRegistration(ctx.deps, requestContext(ctx), input)),

  saleApplicants: guardedProcedure
    .input(ZProjectRef)
    .output(z.array(ZRegistration))
    .query(({ ctx, input }) => saleApplicants(ctx.deps, requestContext(ctx), input)),

  saleReviewQueue: guardedProcedure
    .input(z.object({}).optional())
    .output(z.array(ZSaleReviewItem))
    .query(({ ctx }) => saleReviewQueue(ctx.deps, requestContext(ctx))),
});
