/**
 * The message center's contract (the worked example of issue 17 §1): input and output schemas, and the
 * types inferred from them. The service returns `NotificationList`; the router validates with the same
 * schemas; the web reads the same types.
 */
import { z } from 'zod';
import { ZId, ZPage } from './common.ts';

export const ZNotification = z.object({
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
export type NotificationView = z.infer<typeof ZNotification>;

export const ZNotificationListInput = z.object({ unreadOnly: z.boolean().optional(), ...ZPage });
export type NotificationListInput = z.infer<typeof ZNotificationListInput>;

export const ZNotificationList = z.object({
  items: z.array(ZNotification),
  unread: z.number().int(),
  nextBeforeId: z.number().int().nullable(),
});
export type NotificationList = z.infer<typeof ZNotificationList>;

export const ZMarkNotificationsReadInput = z.object({ ids: z.array(ZId).min(1).max(500) });
export type MarkNotificationsReadInput = z.infer<typeof ZMarkNotificationsReadInput>;

export const ZMarkNotificationsReadResult = z.object({ marked: z.number().int() });
