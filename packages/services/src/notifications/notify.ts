/**
 * Notifications (issue 4 §5): every message lands in the recipient's in-app message center; when mail is
 * configured (SMTP, or in development a directory of .eml files) and the user has an address, an e-mail is
 * queued in the outbox and delivered by a job (retried with backoff), its state kept. Call `notify` inside
 * the transaction of the change it announces, so a rolled-back change sends nothing. Later capabilities
 * send through it. `sendSecretEmail` carries a one-time secret (a reset link) by e-mail only, never
 * in-app, and blanks it from the outbox once delivered.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { and, count, desc, eq, inArray, isNull, lt } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import { notifications, outbox, users, type NotificationRow, type OutboxRow, type Tx } from '@ebid/db';
import { AppError } from '@ebid/domain';
import type { MarkNotificationsReadInput, NotificationList, NotificationListInput, NotificationView } from '@ebid/contracts';
import { requireActor, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { enqueueJob } from '../jobs/queue.ts';
import { publishLiveEvent } from '../live/hub.ts';

export interface NotificationInput {
  userIds: number[];
  kind: string;
  title: { zh: string; en: string };
  body: { zh: string; en: string };
  link?: string | null;
}


const view = (n: NotificationRow): NotificationView => ({
  id: n.id,
  kind: n.kind,
  titleZh: n.titleZh,
  titleEn: n.titleEn,
  bodyZh: n.bodyZh,
  bodyEn: n.bodyEn,
  link: n.link,
  readAt: n.readAt?.toISOString() ?? null,
  createdAt: n.createdAt.toISOString(),
});

export async function notify(tx: Tx, deps: Pick<Deps, 'clock' | 'config'>, input: NotificationInput): Promise<number[]> {
  if (input.userIds.length === 0) return [];
  const recipients = await tx.select({ id: users.id, email: users.email, active: users.active }).from(users).where(inArray(users.id, input.userIds));
  const ids: number[] = [];
  for (const r of recipients.filter((u) => u.active)) {
    const [n] = await tx
      .insert(notifications)
      .values({
        userId: r.id,
        kind: input.kind,
        titleZh: input.title.zh,
        titleEn: input.title.en,
        bodyZh: input.body.zh,
        bodyEn: input.body.en,
        link: input.link ?? null,
      })
      .returning();
    if (!n) continue;
    ids.push(n.id);
    await publishLiveEvent(tx, { topic: `user.${r.id}`, type: 'notification', data: { id: n.id, kind: n.kind, titleZh: n.titleZh, titleEn: n.titleEn } });
    if (r.email) {
      const [o] = await tx
        .insert(outbox)
        .values({
          notificationId: n.id,
          toAddress: r.email,
          subject: `${input.title.zh} / ${input.title.en}`,
          body: `${input.body.zh}\n\n${input.body.en}${input.link ? `\n\n${input.link}` : ''}`,
          status: mailConfigured(deps.config) ? 'pending' : 'skipped',
          lastError: mailConfigured(deps.config) ? null : 'SMTP not configured',
        })
        .returning({ id: outbox.id });
      if (o && mailConfigured(deps.config)) await enqueueJob(tx, deps.clock, { kind: 'notify.email', payload: { outboxId: o.id }, maxAttempts: 5 });
    }
  }
  return ids;
}

/** Can the platform send e-mail at all (SMTP, or the development mail directory)? */
export function mailConfigured(config: Deps['config']): boolean {
  return config.smtp !== null || config.mailDir !== null;
}

const SECRET_BLANKED = '[已投递；正文含一次性凭证，不予留存 / delivered; the body held a one-time secret and is not kept]';

/**
 * Queue an e-mail that carries a one-time secret (a password reset link): e-mail only — in-app messages
 * are readable by whoever holds a session — and its body is blanked in the outbox once delivered (or
 * when delivery finally fails). Throws UNAVAILABLE when the platform cannot send e-mail.
 */
export async function sendSecretEmail(tx: Tx, deps: Pick<Deps, 'clock' | 'config'>, input: { to: string; subject: string; body: string }): Promise<number> {
  if (!mailConfigured(deps.config)) {
    throw new AppError('UNAVAILABLE', { zh: '平台未配置邮件发送，无法发送链接', en: 'The platform cannot send e-mail, so the link cannot be sent' }, { reason: 'MAIL_NOT_CONFIGURED' });
  }
  const [o] = await tx.insert(outbox).values({ toAddress: input.to, subject: input.subject, body: input.body, secret: true, status: 'pending' }).returning({ id: outbox.id });
  if (!o) throw new AppError('INTERNAL');
  await enqueueJob(tx, deps.clock, { kind: 'notify.email', payload: { outboxId: o.id }, maxAttempts: 5 });
  return o.id;
}

/** Development delivery: the message as an .eml file in the mail directory (nodemailer's stream transport). */
async function writeEml(dir: string, from: string, o: OutboxRow, at: Date): Promise<void> {
  const t = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  const info = await t.sendMail({ from, to: o.toAddress, subject: o.subject, text: o.body, date: at });
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  await fs.writeFile(path.join(dir, `${String(o.id).padStart(6, '0')}.eml`), info.message as Buffer, { mode: 0o600 });
}

/** The job that delivers one outbox e-mail (SMTP through nodemailer, or the mail directory). A failure is retried by the queue. */
export async function deliverOutboxEmail(deps: Pick<Deps, 'db' | 'clock' | 'config'>, outboxId: number, final: boolean): Promise<void> {
  const [o] = await deps.db.select().from(outbox).where(eq(outbox.id, outboxId));
  if (!o || o.status !== 'pending') return; // already sent (or skipped): each message goes once
  const blank = o.secret ? { body: SECRET_BLANKED } : {};
  if (!deps.config.smtp && deps.config.mailDir) {
    await writeEml(deps.config.mailDir, `${deps.config.center.platformName} <noreply@localhost>`, o, deps.clock.now());
    await deps.db.update(outbox).set({ status: 'sent', sentAt: deps.clock.now(), attempts: o.attempts + 1, lastError: null, ...blank }).where(and(eq(outbox.id, o.id), eq(outbox.status, 'pending')));
    return;
  }
  if (!deps.config.smtp) {
    await deps.db.update(outbox).set({ status: 'skipped', lastError: 'SMTP not configured', ...blank }).where(eq(outbox.id, o.id));
    return;
  }
  const transport = nodemailer.createTransport(deps.config.smtp.url);
  try {
    await transport.sendMail({ from: deps.config.smtp.from, to: o.toAddress, subject: o.subject, text: o.body });
    await deps.db
      .update(outbox)
      .set({ status: 'sent', sentAt: deps.clock.now(), attempts: o.attempts + 1, lastError: null, ...blank })
      .where(and(eq(outbox.id, o.id), eq(outbox.status, 'pending')));
  } catch (e) {
    // The SMTP error text may echo the server but never our credentials (they are not in the message).
    const msg = (e instanceof Error ? e.message : String(e)).slice(0, 500);
    await deps.db
      .update(outbox)
      .set({ attempts: o.attempts + 1, lastError: msg, ...(final ? { status: 'failed' as const, ...blank } : {}) })
      .where(eq(outbox.id, o.id));
    throw e;
  } finally {
    transport.close();
  }
}

export async function listMyNotifications(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  input: NotificationListInput,
): Promise<NotificationList> {
  const actor = requireActor(ctx);
  const rows = await deps.db
    .select()
    .from(notifications)
    .where(
      and(
        eq(notifications.userId, actor.userId),
        input.unreadOnly ? isNull(notifications.readAt) : undefined,
        input.beforeId ? lt(notifications.id, input.beforeId) : undefined,
      ),
    )
    .orderBy(desc(notifications.id))
    .limit(input.limit + 1);
  const [u] = await deps.db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, actor.userId), isNull(notifications.readAt)));
  const items = rows.slice(0, input.limit).map(view);
  return { items, unread: u?.n ?? 0, nextBeforeId: rows.length > input.limit ? (items.at(-1)?.id ?? null) : null };
}

/** Mark some of MY notifications read (others' ids are silently not mine: nothing changes). */
export async function markNotificationsRead(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: MarkNotificationsReadInput): Promise<number> {
  const actor = requireActor(ctx);
  if (input.ids.length > 500) throw new AppError('VALIDATION', undefined, { field: 'ids' });
  const rows = await deps.db
    .update(notifications)
    .set({ readAt: deps.clock.now() })
    .where(and(eq(notifications.userId, actor.userId), inArray(notifications.id, input.ids), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}
