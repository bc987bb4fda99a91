/** Live events (DESIGN §3): server-sent events on topics, resumable by the last event id. */
import { z } from 'zod';

export const ZLiveEvent = z.object({
  id: z.number().int(),
  topic: z.string(),
  type: z.string(),
  data: z.unknown(),
  at: z.string(),
});
export type LiveEvent = z.infer<typeof ZLiveEvent>;

/** The topics to follow; `lastEventId` is sent by the client on reconnect. */
export const ZLiveEventsInput = z.object({
  topics: z
    .array(z.string().regex(/^[a-z][a-z0-9_.-]{0,63}$/))
    .min(1)
    .max(20),
  lastEventId: z.string().regex(/^\d{1,15}$/).nullish(),
});
export type LiveEventsInput = z.infer<typeof ZLiveEventsInput>;
