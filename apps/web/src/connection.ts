/**
 * Whether the server answers (issue 19 §6): one store that the browser's offline event, every API request
 * (through `connection.link()`) and the live channel (live.ts) report to, and that the connection banner
 * reads. The connection is down from the first sign of a lost server — the browser going offline, a
 * request that got no answer, the live channel dropping — until the server answers again (any answered
 * request, an error with a body included: the server spoke).
 */
import { useSyncExternalStore } from 'react';
import { TRPCClientError, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import type { AnyRouter } from '@trpc/server';

export type ConnectionState = { down: false } | { down: true; cause: 'offline' | 'server' };

/** A request that failed without an answer the API understands: no network, no server, a proxy's page. */
export function isNetworkFailure(error: unknown): boolean {
  if (!(error instanceof TRPCClientError)) return false;
  const data: unknown = error.data;
  return data === undefined || data === null;
}

class Connection {
  private state: ConnectionState = { down: false };
  private listeners = new Set<() => void>();

  get = (): ConnectionState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(next: ConnectionState): void {
    const same = next.down === this.state.down && (!next.down || (this.state.down && next.cause === this.state.cause));
    if (same) return;
    this.state = next;
    for (const l of this.listeners) l();
  }

  /** Something showed the server unreachable. The browser's own offline state wins as the cause. */
  reportDown(cause: 'offline' | 'server'): void {
    if (this.state.down && this.state.cause === 'offline' && cause === 'server') return;
    this.set({ down: true, cause });
  }

  /** The server answered. */
  reportUp(): void {
    this.set({ down: false });
  }

  /** A tRPC link (before the terminating links) that reports each request's fate. */
  link<R extends AnyRouter>(): TRPCLink<R> {
    return () =>
      ({ op, next }) =>
        observable((observer) =>
          next(op).subscribe({
            next: (v) => {
              if (op.type !== 'subscription') this.reportUp();
              observer.next(v);
            },
            error: (e) => {
              if (isNetworkFailure(e)) this.reportDown('server');
              else this.reportUp();
              observer.error(e);
            },
            complete: () => observer.complete(),
          }),
        );
  }
}

export const connection = new Connection();

/** The connection state, re-rendering on change. */
export function useConnection(): ConnectionState {
  return useSyncExternalStore(connection.subscribe, connection.get, connection.get);
}
