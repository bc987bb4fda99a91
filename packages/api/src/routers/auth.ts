import { z } from 'zod';
import { createLoginChallenge, loginOriginOf, loginWithCertificate, loginWithPassword, logout, revokeMySessions } from '@ebid/services';
import { ZActor, ZCertificateLoginInput, ZLoginChallenge, ZMe, ZOk, ZPasswordLoginInput, ZSession, ZSessionsRevoked } from '@ebid/contracts';
import { createTRPCRouter, signedInProcedure, guardedProcedure, requestContext } from '../trpc.ts';

export const SESSION_COOKIE = 'ebid_session';
/** A browser that signed in before (issue 13 §3): its failed passwords count apart from everyone else's. */
export const DEVICE_COOKIE = 'ebid_device';

export const authRouter = createTRPCRouter({
  me: guardedProcedure
    .input(z.void())
    .output(ZMe)
    .query(({ ctx }) => ({ actor: ctx.actor ? ZActor.parse(ctx.actor) : null })),

  login: guardedProcedure
    .input(ZPasswordLoginInput)
    .output(ZSession)
    .mutation(async ({ ctx, input }) => {
      const device = ctx.cookies.get(DEVICE_COOKIE);
      const r = await loginWithPassword(ctx.deps.db, ctx.deps.clock, {
        ...input,
        clientAddress: ctx.meta.clientAddress,
        userAgent: ctx.meta.userAgent,
        deviceFingerprint: ctx.meta.deviceFingerprint ?? null,
        ...(device ? { deviceToken: device } : {}),
      });
      ctx.cookies.set(SESSION_COOKIE, r.token, { expires: r.expiresAt });
      ctx.cookies.set(DEVICE_COOKIE, r.device.token, { expires: r.device.expiresAt });
      return { actor: ZActor.parse(r.actor), expiresAt: r.expiresAt.toISOString() };
    }),

  /**
   * A single-use challenge to sign with the user's signing key (certificate login):
   * `ebid-login:v1:<origin>:<nonce>`, the origin being the one the client connects to (issue 14 §5).
   */
  certChallenge: guardedProcedure
    .input(z.void())
    .output(ZLoginChallenge)
    .mutation(async ({ ctx }) => {
      const c = await createLoginChallenge(ctx.deps.db, ctx.deps.clock, loginOriginOf(ctx.deps.config, ctx.meta.origin));
      return { challenge: c.challenge, expiresAt: c.expiresAt.toISOString() };
    }),

  /** Certificate login: a detached CMS signature (DER, base64) over the challenge's UTF-8 bytes. */
  certLogin: guardedProcedure
    .input(ZCertificateLoginInput)
    .output(ZSession)
    .mutation(async ({ ctx, input }) => {
      const device = ctx.cookies.get(DEVICE_COOKIE);
      const r = await loginWithCertificate(ctx.deps, requestContext(ctx), {
        challenge: input.challenge,
        signatureBase64: input.signature,
        ...(device ? { deviceToken: device } : {}),
      });
      ctx.cookies.set(SESSION_COOKIE, r.token, { expires: r.expiresAt });
      ctx.cookies.set(DEVICE_COOKIE, r.device.token, { expires: r.device.expiresAt });
      return { actor: ZActor.parse(r.actor), expiresAt: r.expiresAt.toISOString() };
    }),

  logout: signedInProcedure
    .input(z.void())
    .output(ZOk)
    .mutation(async ({ ctx }) => {
      await logout(ctx.deps.db, ctx.deps.clock, ctx.actor, requestContext(ctx));
      ctx.cookies.clear(SESSION_COOKIE);
      return { ok: true as const };
    }),

  /** End every session of the signed-in user, on every device. */
  revokeAllSessions: signedInProcedure
    .input(z.void())
    .output(ZSessionsRevoked)
    .mutation(async ({ ctx }) => {
      const revoked = await revokeMySessions(ctx.deps, requestContext(ctx));
      ctx.cookies.clear(SESSION_COOKIE);
      return { revoked };
    }),
});
