import { z } from 'zod';
import { listMyNotifications, markNotificationsRead } from '@ebid/services';
import { ZId, ZPage } from '../schemas.ts';
import { createTRPCRouter, guardedProcedure, requestContext } from '../trpc.ts';

const ZNotification = z.object({
  id: z.number().int(),
  kind: z.string(),
  titleZh: z.string(),
  titleEn: z.string(),
  bodyZh: z.string(),
  bodyEn: z.string(),
  link: z.string().nullable(),
  readAt: z.string().nullable(),
  createdAt: z.string(),
});

export const notificationRouter = createTRPCRouter({
  /** My message center, newest first; `unread` counts all unread. Live updates arrive on topic user.<id>. */
  list: guardedProcedure
    .input(z.object({ unreadOnly: z.boolean().optional(), ...ZPage }))
    .output(z.object({ items: z.array(ZNotification), unread: z.number().int(), nextBeforeId: z.number().int().nullable() }))
    .query(({ ctx, input }) => listMyNotifications(ctx.deps, requestContext(ctx), input)),

  markRead: guardedProcedure
    .input(z.object({ ids: z.array(ZId).min(1).max(500) }))
    .output(z.object({ marked: z.number().int() }))
    .mutation(async ({ ctx, input }) => ({ marked: await markNotificationsRead(ctx.deps, requestContext(ctx), input) })),
});
