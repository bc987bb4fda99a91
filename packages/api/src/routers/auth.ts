import { z } from 'zod';
import { ROLES } from '@ebid/domain';
import { loginWithPassword, logout } from '@ebid/services';
import { createTRPCRouter, protectedProcedure, publicProcedure } from '../trpc.ts';

export const SESSION_COOKIE = 'ebid_session';

export const ZActor = z.object({
  userId: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  orgId: z.number().int(),
  orgName: z.string(),
});

export const authRouter = createTRPCRouter({
  me: publicProcedure
    .input(z.void())
    .output(z.object({ actor: ZActor.nullable() }))
    .query(({ ctx }) => ({ actor: ctx.actor ? ZActor.parse(ctx.actor) : null })),

  login: publicProcedure
    .input(
      z.object({
        username: z.string().trim().min(1).max(64),
        password: z.string().min(1).max(256),
      }),
    )
    .output(z.object({ actor: ZActor, expiresAt: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const r = await loginWithPassword(ctx.deps.db, ctx.deps.clock, {
        ...input,
        clientAddress: ctx.meta.clientAddress,
        userAgent: ctx.meta.userAgent,
      });
      ctx.cookies.set(SESSION_COOKIE, r.token, { expires: r.expiresAt });
      return { actor: ZActor.parse(r.actor), expiresAt: r.expiresAt.toISOString() };
    }),

  logout: protectedProcedure
    .input(z.void())
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx }) => {
      await logout(ctx.deps.db, ctx.deps.clock, ctx.actor);
      ctx.cookies.clear(SESSION_COOKIE);
      return { ok: true as const };
    }),
});
