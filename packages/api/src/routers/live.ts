import { tracked } from '@trpc/server';
import { z } from 'zod';
import { AppError } from '@ebid/domain';
import type { Actor } from '@ebid/services';
import { zTrackedAsyncIterable } from '../async-iterable.ts';
import { createTRPCRouter, publicProcedure } from '../trpc.ts';

/**
 * Who may follow which topic. `system` and `public` are open to everyone; `user.<id>` only to that user.
 * Later capabilities add project topics with their own checks (e.g. opening room participants).
 */
export function canSubscribe(actor: Actor | null, topic: string): boolean {
  if (topic === 'system' || topic === 'public') return true;
  const m = /^user\.(\d+)$/.exec(topic);
  if (m) return actor !== null && actor.userId === Number(m[1]);
  return false;
}

export const ZLiveEvent = z.object({
  id: z.number().int(),
  topic: z.string(),
  type: z.string(),
  data: z.unknown(),
  at: z.string(),
});

export const liveRouter = createTRPCRouter({
  /** Server-sent events on the given topics; resumes after `lastEventId` (sent by the client on reconnect). */
  events: publicProcedure
    .input(
      z.object({
        topics: z
          .array(z.string().regex(/^[a-z][a-z0-9_.-]{0,63}$/))
          .min(1)
          .max(20),
        lastEventId: z.string().regex(/^\d{1,15}$/).nullish(),
      }),
    )
    .output(zTrackedAsyncIterable(ZLiveEvent))
    .subscription(async function* ({ ctx, input, signal }) {
      for (const topic of input.topics) {
        if (!canSubscribe(ctx.actor, topic)) {
          throw new AppError('FORBIDDEN', { zh: '无权订阅该频道', en: 'Not allowed to follow this topic' }, { topic });
        }
      }
      const last = input.lastEventId ? Number(input.lastEventId) : undefined;
      for await (const ev of ctx.deps.live.subscribe(input.topics, last, signal)) {
        yield tracked(String(ev.id), ev);
      }
    }),
});
