/**
 * Live events across server instances (DESIGN §3). `publishLiveEvent` stores the event in `live_events`
 * inside the caller's transaction and NOTIFYs the channel; PostgreSQL delivers the notification to every
 * instance (each has one LiveHub listening) when the transaction commits, and each hub fans it out to its
 * local SSE subscribers. A subscriber that reconnects with its last event id gets the missed events from
 * the table first, then the live stream, without duplicates.
 */
import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import { liveEvents, type Database, type DbOrTx, type LiveEventRow } from '@ebid/db';
import { ZLiveEvent, type LiveEvent } from '@ebid/contracts';
import type { Logger } from '../logger.ts';

export const LIVE_CHANNEL = 'ebid_live';
/** PostgreSQL's NOTIFY payload limit is 8000 bytes; bigger events travel by id and are read back. */
const MAX_INLINE_PAYLOAD = 7000;
const REPLAY_LIMIT = 1000;

export type { LiveEvent };

export interface PublishInput {
  topic: string;
  type: string;
  data?: Record<string, unknown>;
  /** The event's time; pass the server clock's now (the test clock may differ from the database's). */
  at?: Date;
}

export async function publishLiveEvent(db: DbOrTx, input: PublishInput): Promise<LiveEvent> {
  const [row] = await db
    .insert(liveEvents)
    .values({ topic: input.topic, type: input.type, data: input.data ?? {}, ...(input.at ? { createdAt: input.at } : {}) })
    .returning();
  if (!row) throw new Error('live event insert returned nothing');
  const ev = toEvent(row);
  const inline = JSON.stringify(ev);
  const payload = Buffer.byteLength(inline) <= MAX_INLINE_PAYLOAD ? inline : JSON.stringify({ id: ev.id });
  await db.execute(sql`select pg_notify(${LIVE_CHANNEL}, ${payload})`);
  return ev;
}

function toEvent(row: LiveEventRow): LiveEvent {
  return { id: row.id, topic: row.topic, type: row.type, data: row.data, at: row.createdAt.toISOString() };
}

const ZLiveEventId = ZLiveEvent.pick({ id: true });

type Listener = (ev: LiveEvent) => void;

export class LiveHub {
  private readonly listeners = new Set<Listener>();
  private unlisten: (() => Promise<void>) | undefined;
  private readonly closing = new AbortController();

  constructor(
    private readonly database: Database,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    this.unlisten = await this.database.listen(LIVE_CHANNEL, (payload) => {
      void this.onNotify(payload);
    });
  }

  /** Ends every open subscription (so SSE responses finish) and stops listening. */
  async stop(): Promise<void> {
    this.closing.abort();
    await this.unlisten?.();
    this.unlisten = undefined;
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }

  private async onNotify(payload: string): Promise<void> {
    try {
      // The whole event, or only its id when it was too big for a notification (publishLiveEvent).
      const message: unknown = JSON.parse(payload);
      const inline = ZLiveEvent.safeParse(message);
      let ev: LiveEvent | undefined = inline.success ? inline.data : undefined;
      const byId = ev ? null : ZLiveEventId.safeParse(message);
      if (byId?.success) {
        const [row] = await this.database.db.select().from(liveEvents).where(eq(liveEvents.id, byId.data.id));
        if (row) ev = toEvent(row);
      }
      if (ev) for (const l of this.listeners) l(ev);
    } catch (e) {
      this.logger.error({ err: e instanceof Error ? e.message : String(e) }, 'live: bad notification');
    }
  }

  /**
   * Events on the given topics: first those after `lastEventId` from the table (resume), then live ones.
   * Ends when `signal` aborts or the hub stops.
   */
  async *subscribe(topics: string[], lastEventId: number | undefined, signal?: AbortSignal): AsyncGenerator<LiveEvent> {
    const wanted = new Set(topics);
    const queue: LiveEvent[] = [];
    let notify: (() => void) | undefined;
    const listener: Listener = (ev) => {
      if (!wanted.has(ev.topic)) return;
      queue.push(ev);
      notify?.();
    };
    const onAbort = () => notify?.();
    this.listeners.add(listener); // before the replay, so nothing falls between replay and live
    signal?.addEventListener('abort', onAbort);
    this.closing.signal.addEventListener('abort', onAbort);
    try {
      let lastId = lastEventId ?? 0;
      if (lastEventId !== undefined) {
        const missed = await this.database.db
          .select()
          .from(liveEvents)
          .where(and(inArray(liveEvents.topic, [...wanted]), gt(liveEvents.id, lastEventId)))
          .orderBy(asc(liveEvents.id))
          .limit(REPLAY_LIMIT);
        for (const row of missed) {
          const ev = toEvent(row);
          lastId = Math.max(lastId, ev.id);
          yield ev;
        }
      }
      const seen = new Set<number>();
      while (!signal?.aborted && !this.closing.signal.aborted) {
        const ev = queue.shift();
        if (!ev) {
          await new Promise<void>((resolve) => {
            notify = resolve;
          });
          notify = undefined;
          continue;
        }
        if (ev.id <= lastId && lastEventId !== undefined) continue; // already replayed
        if (seen.has(ev.id)) continue;
        seen.add(ev.id);
        if (seen.size > 10_000) seen.clear();
        yield ev;
      }
    } finally {
      this.listeners.delete(listener);
      signal?.removeEventListener('abort', onAbort);
      this.closing.signal.removeEventListener('abort', onAbort);
    }
  }
}
