import { activateAccount, createOrgUser, getSupervisorScopes, issuePasswordReset, listOrgUsers, resetPassword, setSupervisorScopes, setUserActive } from '@ebid/services';
import {
  ZAccountActivated,
  ZCreateUserInput,
  ZOk,
  ZPasswordResetIssued,
  ZSetSupervisorScopesInput,
  ZSetUserActiveInput,
  ZSupervisorScope,
  ZTokenPasswordInput,
  ZUser,
  ZUserIdInput,
  ZUserListInput,
} from '@ebid/contracts';
import { z } from 'zod';
import { createTRPCRouter, guardedProcedure, requestContext } from '../trpc.ts';

export const userRouter = createTRPCRouter({
  /** Users of one organization (default: the caller's). */
  list: guardedProcedure
    .input(ZUserListInput)
    .output(z.array(ZUser))
    .query(({ ctx, input }) => listOrgUsers(ctx.deps, requestContext(ctx), input)),

  create: guardedProcedure
    .input(ZCreateUserInput)
    .output(ZUser)
    .mutation(({ ctx, input }) => createOrgUser(ctx.deps, requestContext(ctx), input)),

  setActive: guardedProcedure
    .input(ZSetUserActiveInput)
    .output(ZUser)
    .mutation(({ ctx, input }) => setUserActive(ctx.deps, requestContext(ctx), input)),

  /** A supervisor account's scopes (issue 20 §4): the center any; a supervisor its own. */
  scopes: guardedProcedure
    .input(ZUserIdInput)
    .output(z.array(ZSupervisorScope))
    .query(({ ctx, input }) => getSupervisorScopes(ctx.deps, requestContext(ctx), input)),

  /** Replace a supervisor account's scopes (the center; audited). */
  setScopes: guardedProcedure
    .input(ZSetSupervisorScopesInput)
    .output(z.array(ZSupervisorScope))
    .mutation(({ ctx, input }) => setSupervisorScopes(ctx.deps, requestContext(ctx), input)),

  /** Send the user a single-use reset link by e-mail; the issuer learns only the (masked) address. */
  issuePasswordReset: guardedProcedure
    .input(ZUserIdInput)
    .output(ZPasswordResetIssued)
    .mutation(({ ctx, input }) => issuePasswordReset(ctx.deps, requestContext(ctx), input)),

  resetPassword: guardedProcedure
    .input(ZTokenPasswordInput)
    .output(ZOk)
    .mutation(async ({ ctx, input }) => {
      await resetPassword(ctx.deps, requestContext(ctx), input);
      return { ok: true as const };
    }),

  /** Redeem the single-use activation link of an account without a password (the first administrator, issue 15 §1). */
  activateAccount: guardedProcedure
    .input(ZTokenPasswordInput)
    .output(ZAccountActivated)
    .mutation(async ({ ctx, input }) => {
      const { username } = await activateAccount(ctx.deps, requestContext(ctx), input);
      return { ok: true as const, username };
    }),
});
