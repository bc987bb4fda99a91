import { z } from 'zod';
import { activateAccount, createOrgUser, issuePasswordReset, listOrgUsers, resetPassword, setUserActive } from '@ebid/services';
import { ZDisplayName, ZId, ZPassword, ZUser, ZUsername } from '@ebid/contracts';
import { createTRPCRouter, guardedProcedure, requestContext } from '../trpc.ts';

export const userRouter = createTRPCRouter({
  /** Users of one organization (default: the caller's). */
  list: guardedProcedure
    .input(z.object({ orgId: ZId.optional() }))
    .output(z.array(ZUser))
    .query(({ ctx, input }) => listOrgUsers(ctx.deps, requestContext(ctx), input)),

  create: guardedProcedure
    .input(
      z.object({
        orgId: ZId.optional(),
        username: ZUsername,
        displayName: ZDisplayName,
        password: ZPassword,
        email: z.email().max(128).nullish(),
        isOrgAdmin: z.boolean().optional(),
        specialties: z.array(z.string().trim().min(1).max(32)).max(10).optional(),
      }),
    )
    .output(ZUser)
    .mutation(({ ctx, input }) => createOrgUser(ctx.deps, requestContext(ctx), input)),

  setActive: guardedProcedure
    .input(z.object({ userId: ZId, active: z.boolean() }))
    .output(ZUser)
    .mutation(({ ctx, input }) => setUserActive(ctx.deps, requestContext(ctx), input)),

  /** Send the user a single-use reset link by e-mail; the issuer learns only the (masked) address. */
  issuePasswordReset: guardedProcedure
    .input(z.object({ userId: ZId }))
    .output(z.object({ sentTo: z.string(), expiresAt: z.string() }))
    .mutation(({ ctx, input }) => issuePasswordReset(ctx.deps, requestContext(ctx), input)),

  resetPassword: guardedProcedure
    .input(z.object({ token: z.string().max(100), newPassword: ZPassword }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await resetPassword(ctx.deps, requestContext(ctx), input);
      return { ok: true as const };
    }),

  /** Redeem the single-use activation link of an account without a password (the first administrator, issue 15 §1). */
  activateAccount: guardedProcedure
    .input(z.object({ token: z.string().max(100), newPassword: ZPassword }))
    .output(z.object({ ok: z.literal(true), username: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const { username } = await activateAccount(ctx.deps, requestContext(ctx), input);
      return { ok: true as const, username };
    }),
});
