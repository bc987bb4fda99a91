/** Notifications (issue 4 §5): the message center, and e-mail through the outbox. */
export { listMyNotifications, markNotificationsRead, notify, sendSecretEmail, type NotificationInput } from './notify.ts';
