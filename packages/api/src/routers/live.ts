import { tracked } from '@trpc/server';
import { AppError } from '@ebid/domain';
import { mayFollowCommittee, mayFollowEvaluation, mayFollowOpening, sessionTopic, type Actor, type Deps } from '@ebid/services';
import { ZLiveEvent, ZLiveEventsInput } from '@ebid/contracts';
import { zTrackedAsyncIterable } from '../async-iterable.ts';
import { createTRPCRouter, guardedProcedure } from '../trpc.ts';

/**
 * Who may follow which topic. `system` and `public` are open to everyone; `user.<id>` only to that user;
 * `opening.<projectId>` (the opening room, issue 7) only to that opening's participants; `committee.<id>`
 * as the committee itself (issue 21 §5); `evaluation.<id>` as the evaluation itself (issue 22 §1).
 */
export async function canSubscribe(deps: Pick<Deps, 'db'>, actor: Actor | null, topic: string): Promise<boolean> {
  if (topic === 'system' || topic === 'public') return true;
  const m = /^user\.(\d+)$/.exec(topic);
  if (m) return actor !== null && actor.userId === Number(m[1]);
  const o = /^opening\.(\d{1,15})$/.exec(topic);
  if (o) return mayFollowOpening(deps, actor, Number(o[1]));
  // `committee.<id>` (issue 21 §5, E4): the center and the project's supervisors; everyone once published.
  const c = /^committee\.(\d{1,15})$/.exec(topic);
  if (c) return mayFollowCommittee(deps.db, actor, Number(c[1]));
  // `evaluation.<id>` (issue 22 §1): its current members, the center and the project's supervisors only.
  const ev = /^evaluation\.(\d{1,15})$/.exec(topic);
  if (ev) return mayFollowEvaluation(deps.db, actor, Number(ev[1]));
  return false;
}

export const liveRouter = createTRPCRouter({
  /** Server-sent events on the given topics; resumes after `lastEventId` (sent by the client on reconnect). */
  events: guardedProcedure
    .input(ZLiveEventsInput)
    .output(zTrackedAsyncIterable(ZLiveEvent))
    // The topics are checked in the resolver itself, before the stream starts: a refusal then passes the
    // error mapping like any other procedure (FORBIDDEN, 403 in the event stream), not an INTERNAL error
    // raised from inside the generator.
    .subscription(async ({ ctx, input, signal }) => {
      for (const topic of input.topics) {
        if (!(await canSubscribe(ctx.deps, ctx.actor, topic))) {
          throw new AppError('FORBIDDEN', { zh: '无权订阅该频道', en: 'Not allowed to follow this topic' }, { topic });
        }
      }
      const last = input.lastEventId ? Number(input.lastEventId) : undefined;
      const live = ctx.deps.live;
      // A signed-in stream also hears its own session's end (revoked certificate, logout, password reset):
      // it closes then, and the client's reconnect is judged without the session (issue 13 §1).
      const ended = ctx.actor ? sessionTopic(ctx.actor.sessionId) : null;
      return (async function* () {
        for await (const ev of live.subscribe(ended ? [...input.topics, ended] : input.topics, last, signal)) {
          if (ev.topic === ended) {
            if (ev.type === 'ended') return;
            continue;
          }
          yield tracked(String(ev.id), ev);
        }
      })();
    }),
});
