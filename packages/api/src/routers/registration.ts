import { z } from 'zod';
import { applyRegistration, myRegistrations, openProjectsForBidder, projectRegistrations, withdrawRegistration } from '@ebid/services';
import { PROCEDURE_STATUSES, TRADE_TYPES } from '@ebid/domain';
import { ZId } from '@ebid/contracts';
import { createTRPCRouter, guardedProcedure, requestContext } from '../trpc.ts';

const ZRegistrationStatus = z.enum(['applied', 'qualified', 'disqualified', 'withdrawn']);
export const ZDepositStatus = z.enum(['pending', 'received', 'refunded', 'forfeited']);
export const ZDepositForm = z.enum(['cash', 'guarantee', 'e_guarantee']);

const ZRegistration = z.object({
  id: z.number().int(),
  projectId: z.number().int(),
  sectionId: z.number().int(),
  sectionCode: z.string(),
  sectionName: z.string(),
  bidderOrgId: z.number().int(),
  bidderName: z.string(),
  status: ZRegistrationStatus,
  appliedAt: z.string(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  deposit: z
    .object({
      id: z.number().int(),
      requiredFen: z.number().int(),
      receivedFen: z.number().int().nullable(),
      form: ZDepositForm.nullable(),
      status: ZDepositStatus,
      receivedAt: z.string().nullable(),
      refundDueAt: z.string().nullable(),
      refundDueProvisional: z.boolean(),
      refundedAt: z.string().nullable(),
      overdue: z.boolean(),
      reference: z.string().nullable(),
      guaranteeIssuer: z.string().nullable(),
      guaranteeVerification: z.string().nullable(),
      guaranteeVerifiedAt: z.string().nullable(),
    })
    .nullable(),
  depositSecret: z.boolean(),
  paymentReference: z.string().nullable(),
  version: z.number().int(),
});

const ZMyRegistration = ZRegistration.extend({
  project: z.object({
    id: z.number().int(),
    unifiedDealCode: z.string(),
    name: z.string(),
    status: z.enum(PROCEDURE_STATUSES),
    tradeType: z.enum(TRADE_TYPES),
    method: z.string(),
    deadline: z.string().nullable(),
  }),
  /** The bidder's security card (issue 16 §5). */
  security: z.object({
    waived: z.boolean(),
    allowedForms: z.array(ZDepositForm),
    account: z.object({ bank: z.string(), accountName: z.string(), accountNo: z.string() }),
  }),
});

const ZOpenProject = z.object({
  id: z.number().int(),
  unifiedDealCode: z.string(),
  name: z.string(),
  tradeType: z.enum(TRADE_TYPES),
  method: z.string(),
  prequalification: z.boolean(),
  status: z.enum(PROCEDURE_STATUSES),
  tendereeName: z.string(),
  deadline: z.string().nullable(),
  sections: z.array(
    z.object({
      id: z.number().int(),
      code: z.string(),
      name: z.string(),
      securityFen: z.number().int().nullable(),
      myRegistration: z.object({ id: z.number().int(), status: ZRegistrationStatus }).nullable(),
    }),
  ),
});

export const registrationRouter = createTRPCRouter({
  /**
   * 报名 / 竞买申请: my company applies for a section (until the registration deadline, server time).
   * Named `register`, not `apply`: tRPC reserves `apply` (and `call`) as router keys.
   */
  register: guardedProcedure
    .input(z.object({ sectionId: ZId }))
    .output(ZRegistration)
    .mutation(({ ctx, input }) => applyRegistration(ctx.deps, requestContext(ctx), input)),

  withdraw: guardedProcedure
    .input(z.object({ registrationId: ZId }))
    .output(ZRegistration)
    .mutation(({ ctx, input }) => withdrawRegistration(ctx.deps, requestContext(ctx), input)),

  mine: guardedProcedure
    .input(z.object({}).optional())
    .output(z.array(ZMyRegistration))
    .query(({ ctx }) => myRegistrations(ctx.deps, requestContext(ctx))),

  forProject: guardedProcedure
    .input(z.object({ projectId: ZId }))
    .output(z.array(ZRegistration))
    .query(({ ctx, input }) => projectRegistrations(ctx.deps, requestContext(ctx), input)),

  openProjects: guardedProcedure
    .input(z.object({ limit: z.number().int().min(1).max(100).default(100) }).optional())
    .output(z.array(ZOpenProject))
    .query(({ ctx, input }) => openProjectsForBidder(ctx.deps, requestContext(ctx), { limit: input?.limit ?? 100 })),
});
