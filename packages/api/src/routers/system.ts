import { z } from 'zod';
import { moveFakeClock, pkiExpiry } from '@ebid/services';
import { createTRPCRouter, guardedProcedure, requestContext } from '../trpc.ts';

export const ZServerTime = z.object({
  epochMs: z.number().int(),
  iso: z.string(),
  timeZone: z.literal('Asia/Shanghai'),
  fakeClock: z.boolean(),
  acceleration: z.number(),
});

export const ZSystemInfo = z.object({
  name: z.string(),
  version: z.string(),
  mode: z.enum(['embedded', 'production']),
  database: z.enum(['postgres', 'pglite']),
  objectStore: z.enum(['s3', 'fs']),
  instance: z.string(),
  /**
   * The platform certificates (root, intermediates, issuing CA, seal) that end within
   * PKI_EXPIRY_WARNING_DAYS (issue 15 §2): for center staff and platform administrators only, who must
   * have them renewed; absent for anybody else.
   */
  pkiWarnings: z
    .array(
      z.object({
        role: z.enum(['root', 'intermediate', 'issuing', 'seal']),
        subject: z.string(),
        notAfter: z.string(),
        daysLeft: z.number().int(),
      }),
    )
    .optional(),
  /** The configured platform and center (issue 15 §3): public facts, shown in the top bar and the footer. */
  center: z.object({ platformName: z.string(), centerName: z.string(), regionCode: z.string(), address: z.string(), contact: z.string() }),
});

export const systemRouter = createTRPCRouter({
  /** Server time, the only clock (T1). The web top bar measures its offset from this. */
  time: guardedProcedure
    .input(z.void())
    .output(ZServerTime)
    .query(({ ctx }) => {
      const now = ctx.deps.clock.now();
      return {
        epochMs: now.getTime(),
        iso: now.toISOString(),
        timeZone: 'Asia/Shanghai' as const,
        fakeClock: ctx.deps.clock.fake,
        acceleration: ctx.deps.config.testing.acceleration,
      };
    }),

  info: guardedProcedure
    .input(z.void())
    .output(ZSystemInfo)
    .query(({ ctx }) => {
      const role = ctx.actor?.role;
      const staff = role === 'staff' || role === 'platform_admin';
      return {
        name: '公共资源交易平台',
        version: '0.1.0',
        mode: ctx.deps.config.mode,
        database: ctx.deps.database.driver,
        objectStore: ctx.deps.storage.driver,
        instance: ctx.deps.config.instanceId,
        center: {
          platformName: ctx.deps.config.center.platformName,
          centerName: ctx.deps.config.center.centerName,
          regionCode: ctx.deps.config.center.regionCode,
          address: ctx.deps.config.center.address,
          contact: ctx.deps.config.center.contact,
        },
        ...(staff
          ? {
              pkiWarnings: pkiExpiry(ctx.deps)
                .certificates.filter((c) => c.expiring)
                .map(({ role: r, subject, notAfter, daysLeft }) => ({ role: r, subject, notAfter, daysLeft })),
            }
          : {}),
      };
    }),

  /**
   * Test and rehearsal only: move the fake clock. Staff and the platform admin only, and refused unless
   * EBID_FAKE_CLOCK (never in production).
   */
  setFakeClock: guardedProcedure
    .input(z.object({ iso: z.iso.datetime({ offset: true }) }))
    .output(ZServerTime.pick({ epochMs: true, iso: true }))
    .mutation(async ({ ctx, input }) => {
      const now = await moveFakeClock(ctx.deps, requestContext(ctx), { at: new Date(input.iso) });
      return { epochMs: now.getTime(), iso: now.toISOString() };
    }),
});
