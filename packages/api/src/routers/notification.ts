import { listMyNotifications, markNotificationsRead } from '@ebid/services';
import { ZMarkNotificationsReadInput, ZMarkNotificationsReadResult, ZNotificationList, ZNotificationListInput } from '@ebid/contracts';
import { createTRPCRouter, guardedProcedure, requestContext } from '../trpc.ts';

export const notificationRouter = createTRPCRouter({
  /** My message center, newest first; `unread` counts all unread. Live updates arrive on topic user.<id>. */
  list: guardedProcedure
    .input(ZNotificationListInput)
    .output(ZNotificationList)
    .query(({ ctx, input }) => listMyNotifications(ctx.deps, requestContext(ctx), input)),

  markRead: guardedProcedure
    .input(ZMarkNotificationsReadInput)
    .output(ZMarkNotificationsReadResult)
    .mutation(async ({ ctx, input }) => ({ marked: await markNotificationsRead(ctx.deps, requestContext(ctx), input) })),
});
