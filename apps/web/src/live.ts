/**
 * Live events over SSE (`live.events`, httpSubscriptionLink). The link resumes from the last tracked id
 * after a reconnect, so a dropped connection loses nothing the server still has.
 */
import { useEffect, useRef, useState } from 'react';
import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useApi } from './api.ts';
import { connection } from './connection.ts';

export interface LiveEvent {
  id: number;
  topic: string;
  type: string;
  data?: unknown;
  at: string;
}

export type LiveState = 'connecting' | 'connected' | 'reconnecting' | 'closed';

export interface LiveFeed {
  events: LiveEvent[];
  state: LiveState;
  error: unknown;
}

/** The last `keep` events of the given topics, newest first, and the connection's state. */
export function useLiveEvents(topics: readonly string[], keep = 10): LiveFeed {
  const api = useApi();
  const [events, setEvents] = useState<LiveEvent[]>([]);
  const [state, setState] = useState<LiveState>('connecting');
  const [error, setError] = useState<unknown>(null);
  const topicsKey = topics.join(',');

  useEffect(() => {
    // One subscription per topic set; a component that changes topics should remount (key) to reset.
    const list = topicsKey.split(',').filter(Boolean);
    const sub = api.live.events.subscribe(
      { topics: list },
      {
        onStarted: () => setState('connected'),
        onConnectionStateChange: (s) => {
          if (s.state === 'connecting') setState((prev) => (prev === 'connected' ? 'reconnecting' : prev));
          else if (s.state === 'pending') setState('connected');
          if (s.error) setError(s.error);
          // Issue 19 §6: a dropped live channel is a lost connection until the server answers again.
          if (s.state === 'connecting' && s.error) connection.reportDown('server');
          else if (s.state === 'pending') connection.reportUp();
        },
        onData: (msg) => {
          const ev: LiveEvent = msg.data;
          setEvents((prev) => [ev, ...prev.filter((e) => e.id !== ev.id)].slice(0, keep));
        },
        onError: (err) => {
          setError(err);
          setState('closed');
        },
        onComplete: () => setState('closed'),
      },
    );
    return () => sub.unsubscribe();
  }, [api, topicsKey, keep]);

  return { events, state, error };
}

/**
 * The live events of `topics`, and `queryKey` invalidated when they arrive — at most once per `ms`: in a busy
 * window (a hundred bidders decrypting, a committee saving sheets) a burst of events becomes one fetch of
 * the view, never one per event. The opening room and the evaluation room both refresh this way.
 */
export function useLiveRefresh(topics: readonly string[], keep: number, queryKey: QueryKey, ms: number): LiveFeed {
  const qc = useQueryClient();
  const live = useLiveEvents(topics, keep);
  const latest = live.events[0]?.id;
  const refresh = useRef<ReturnType<typeof setTimeout> | null>(null);
  const keyText = JSON.stringify(queryKey);
  useEffect(() => {
    if (latest === undefined || refresh.current) return;
    refresh.current = setTimeout(() => {
      refresh.current = null;
      void qc.invalidateQueries({ queryKey: JSON.parse(keyText) as QueryKey });
    }, ms);
  }, [latest, qc, keyText, ms]);
  useEffect(
    () => () => {
      if (refresh.current) clearTimeout(refresh.current);
    },
    [],
  );
  return live;
}
