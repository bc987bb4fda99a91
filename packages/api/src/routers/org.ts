import { z } from 'zod';
import { createOrganization, getOrganization, listOrganizations, registerBidderCompany, reviewOrganization } from '@ebid/services';
import { ZCreditCode, ZId, ZNewAdmin, ZOrganization, ZOrgKind, ZOrgName, ZPage } from '../schemas.ts';
import { createTRPCRouter, publicProcedure, requestContext } from '../trpc.ts';

const ZPhone = z.string().trim().regex(/^[0-9+\-() ]{6,20}$/).nullish();

export const orgRouter = createTRPCRouter({
  /** Bidder self-registration (pending until staff approve). */
  register: publicProcedure
    .input(z.object({ creditCode: ZCreditCode, name: ZOrgName, contactPhone: ZPhone, admin: ZNewAdmin }))
    .output(ZOrganization)
    .mutation(({ ctx, input }) => registerBidderCompany(ctx.deps, requestContext(ctx), input)),

  create: publicProcedure
    .input(z.object({ creditCode: ZCreditCode, name: ZOrgName, kind: ZOrgKind, contactPhone: ZPhone, admin: ZNewAdmin.optional() }))
    .output(ZOrganization)
    .mutation(({ ctx, input }) => createOrganization(ctx.deps, requestContext(ctx), input)),

  review: publicProcedure
    .input(z.object({ orgId: ZId, decision: z.enum(['approve', 'reject']), note: z.string().trim().max(500).nullish() }))
    .output(ZOrganization)
    .mutation(({ ctx, input }) => reviewOrganization(ctx.deps, requestContext(ctx), input)),

  list: publicProcedure
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

  get: publicProcedure
    .input(z.object({ orgId: ZId }))
    .output(ZOrganization)
    .query(({ ctx, input }) => getOrganization(ctx.deps, requestContext(ctx), input.orgId)),
});
