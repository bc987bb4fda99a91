import { z } from 'zod';
import { createOrganization, getOrganization, listOrganizations, registerBidderCompany, reviewOrganization, setBasicAccount } from '@ebid/services';
import { ZCreditCode, ZId, ZNewAdmin, ZOrganization, ZOrgKind, ZOrgName, ZPage } from '@ebid/contracts';
import { createTRPCRouter, guardedProcedure, requestContext } from '../trpc.ts';

const ZPhone = z.string().trim().regex(/^[0-9+\-() ]{6,20}$/).nullish();
/** org.get / org.setBasicAccount: the bidder's 基本账户 is included for its own users and the center. */
const ZOrganizationDetail = ZOrganization.extend({ basicAccountBank: z.string().nullish(), basicAccountNo: z.string().nullish() });

export const orgRouter = createTRPCRouter({
  /** Bidder self-registration (pending until staff approve). */
  register: guardedProcedure
    .input(z.object({ creditCode: ZCreditCode, name: ZOrgName, contactPhone: ZPhone, admin: ZNewAdmin }))
    .output(ZOrganization)
    .mutation(({ ctx, input }) => registerBidderCompany(ctx.deps, requestContext(ctx), input)),

  create: guardedProcedure
    .input(z.object({ creditCode: ZCreditCode, name: ZOrgName, kind: ZOrgKind, contactPhone: ZPhone, admin: ZNewAdmin.optional() }))
    .output(ZOrganization)
    .mutation(({ ctx, input }) => createOrganization(ctx.deps, requestContext(ctx), input)),

  review: guardedProcedure
    .input(z.object({ orgId: ZId, decision: z.enum(['approve', 'reject']), note: z.string().trim().max(500).nullish() }))
    .output(ZOrganization)
    .mutation(({ ctx, input }) => reviewOrganization(ctx.deps, requestContext(ctx), input)),

  list: guardedProcedure
    .input(
      z.object({
        status: z.enum(['pending', 'active', 'rejected']).optional(),
        kind: ZOrgKind.optional(),
        q: z.string().trim().min(1).max(64).optional(),
        ...ZPage,
      }),
    )
    .output(z.object({ items: z.array(ZOrganization), nextBeforeId: z.number().int().nullable() }))
    .query(({ ctx, input }) => listOrganizations(ctx.deps, requestContext(ctx), input)),

  get: guardedProcedure
    .input(z.object({ orgId: ZId }))
    .output(ZOrganizationDetail)
    .query(({ ctx, input }) => getOrganization(ctx.deps, requestContext(ctx), input.orgId)),

  /** A bidder company's basic account (B7): its administrator, or center staff for any bidder org. */
  setBasicAccount: guardedProcedure
    .input(
      z.object({
        orgId: ZId.optional(),
        bank: z.string().trim().min(2).max(100),
        accountNo: z.string().trim().regex(/^[0-9][0-9 -]{4,38}[0-9]$/, 'digits, spaces and dashes, 6–40 characters'),
      }),
    )
    .output(ZOrganizationDetail)
    .mutation(({ ctx, input }) => setBasicAccount(ctx.deps, requestContext(ctx), input)),
});
