/**
 * Output validation for subscriptions (after the tRPC docs' `zAsyncIterable`): a plain zod schema cannot
 * check an async iterable, so this one wraps it and validates every yielded event, keeping `tracked()` ids.
 */
import { isTrackedEnvelope, tracked, type TrackedEnvelope } from '@trpc/server';
import { z } from 'zod';

function isAsyncIterable<T>(v: unknown): v is AsyncIterable<T> {
  return v !== null && typeof v === 'object' && Symbol.asyncIterator in v;
}

export function zTrackedAsyncIterable<T extends z.ZodType>(item: T) {
  return z
    .custom<AsyncIterable<TrackedEnvelope<z.input<T>>>>((v) => isAsyncIterable(v))
    .transform(async function* (iter): AsyncGenerator<TrackedEnvelope<z.output<T>>, void, unknown> {
      for await (const value of iter) {
        if (!isTrackedEnvelope(value)) throw new Error('subscription yielded an untracked event');
        const [id, data] = value;
        yield tracked(id, (await item.parseAsync(data)) as z.output<T>);
      }
    });
}
