import { createOrganization, getOrganization, listOrganizations, registerBidderCompany, reviewOrganization, setBasicAccount, supplierChoices } from '@ebid/services';
import {
  ZCreateOrganizationInput,
  ZOrganization,
  ZOrganizationDetail,
  ZOrganizationIdInput,
  ZOrganizationList,
  ZOrganizationListInput,
  ZRegisterCompanyInput,
  ZReviewOrganizationInput,
  ZSetBasicAccountInput,
  ZSupplierChoices,
  ZSupplierChoicesInput,
} from '@ebid/contracts';
import { createTRPCRouter, guardedProcedure, requestContext } from '../trpc.ts';

export const orgRouter = createTRPCRouter({
  /** Bidder self-registration (pending until staff approve). */
  register: guardedProcedure
    .input(ZRegisterCompanyInput)
    .output(ZOrganization)
    .mutation(({ ctx, input }) => registerBidderCompany(ctx.deps, requestContext(ctx), input)),

  create: guardedProcedure
    .input(ZCreateOrganizationInput)
    .output(ZOrganization)
    .mutation(({ ctx, input }) => createOrganization(ctx.deps, requestContext(ctx), input)),

  review: guardedProcedure
    .input(ZReviewOrganizationInput)
    .output(ZOrganization)
    .mutation(({ ctx, input }) => reviewOrganization(ctx.deps, requestContext(ctx), input)),

  list: guardedProcedure
    .input(ZOrganizationListInput)
    .output(ZOrganizationList)
    .query(({ ctx, input }) => listOrganizations(ctx.deps, requestContext(ctx), input)),

  /** Approved bidder companies a single source may name as its supplier (issue 18 §3). */
  supplierChoices: guardedProcedure
    .input(ZSupplierChoicesInput)
    .output(ZSupplierChoices)
    .query(({ ctx, input }) => supplierChoices(ctx.deps, requestContext(ctx), input)),

  get: guardedProcedure
    .input(ZOrganizationIdInput)
    .output(ZOrganizationDetail)
    .query(({ ctx, input }) => getOrganization(ctx.deps, requestContext(ctx), input.orgId)),

  /** A bidder company's basic account (B7): its administrator, or center staff for any bidder org. */
  setBasicAccount: guardedProcedure
    .input(ZSetBasicAccountInput)
    .output(ZOrganizationDetail)
    .mutation(({ ctx, input }) => setBasicAccount(ctx.deps, requestContext(ctx), input)),
});
