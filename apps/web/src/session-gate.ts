/**
 * Signing out without refused requests. A query in flight while the session ends reaches the server
 * after the logout and is refused (401) — the browser logs it, and the app briefly shows a refusal
 * for a session the user ended on purpose. The gate is a tRPC link that counts the requests in flight;
 * signing out closes it, waits until they have answered under the still-valid session, and holds any
 * new request until the logout has answered and the app has put away the ended session's pages (the
 * caller's `settle`, then a short grace for the pages to unmount: a page still mounted can refetch in
 * that time). Signed out: the held requests fail here with UNAUTHORIZED without reaching the network.
 * Sign-out refused: they go out as if nothing happened.
 * Subscriptions are not counted (the server closes them with the session), and the session's own
 * procedures (`auth.*`: the logout itself, who-am-I, the next sign-in) always pass; a sign-in during
 * the grace ends it, since what was held belongs to the session that ended.
 */
import { TRPCClientError, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import type { AnyRouter } from '@trpc/server';
import { AppError } from '@ebid/domain';

const SESSION_PATHS = 'auth.';
/** A request that has not answered by then is not waited for any longer (a stalled network). */
const DRAIN_LIMIT_MS = 5_000;
/** After `settle`: time for the ended session's pages to unmount before requests go out again. */
const SETTLE_GRACE_MS = 250;

export class SessionGate {
  private inFlight = 0;
  private closed = false;
  private grace = false;
  private drained: Array<() => void> = [];
  private held: Array<{ release: () => void; drop: () => void }> = [];

  /** The link; place it before the terminating links. */
  link<R extends AnyRouter>(): TRPCLink<R> {
    return () =>
      ({ op, next }) =>
        observable((observer) => {
          if (op.type === 'subscription') return next(op).subscribe(observer);
          if (op.path.startsWith(SESSION_PATHS)) {
            if (this.grace) this.open(false);
            return next(op).subscribe(observer);
          }
          let unsubscribe: (() => void) | undefined;
          let cancelled = false;
          const send = () => {
            if (cancelled) return;
            this.inFlight += 1;
            let counted = true;
            const done = () => {
              if (!counted) return;
              counted = false;
              this.inFlight -= 1;
              if (this.inFlight === 0) for (const resolve of this.drained.splice(0)) resolve();
            };
            const sub = next(op).subscribe({
              next: (v) => observer.next(v),
              error: (e) => {
                done();
                observer.error(e);
              },
              complete: () => {
                done();
                observer.complete();
              },
            });
            unsubscribe = () => {
              sub.unsubscribe();
              done();
            };
          };
          if (this.closed) {
            this.held.push({
              release: send,
              drop: () => {
                if (!cancelled) observer.error(TRPCClientError.from(signedOutResponse()));
              },
            });
          } else {
            send();
          }
          return () => {
            cancelled = true;
            unsubscribe?.();
          };
        });
  }

  /** Requests now in flight (for tests and the status page). */
  get pending(): number {
    return this.inFlight;
  }

  /**
   * Ends the session through `logout`: waits for the requests in flight and holds new ones. When the
   * session has ended (the logout answered, or failed in a way `ended(err)` says still means signed
   * out) `settle` puts the app in the signed-out state, and the held requests are dropped after a grace.
   */
  async signOut<T>(
    logout: () => Promise<T>,
    ended: (err: unknown) => boolean,
    settle: () => void = () => undefined,
  ): Promise<T | undefined> {
    this.closed = true;
    let result: T | undefined;
    try {
      await this.drain();
      result = await logout();
    } catch (err) {
      if (!ended(err)) {
        this.open(true);
        throw err;
      }
    }
    this.grace = true;
    try {
      settle();
      await new Promise((resolve) => setTimeout(resolve, SETTLE_GRACE_MS));
    } finally {
      if (this.grace) this.open(false);
    }
    return result;
  }

  private drain(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, DRAIN_LIMIT_MS);
      this.drained.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private open(release: boolean): void {
    this.closed = false;
    this.grace = false;
    for (const h of this.held.splice(0)) (release ? h.release : h.drop)();
  }
}

function signedOutResponse() {
  const err = new AppError('UNAUTHORIZED');
  return {
    error: {
      code: -32001,
      message: err.messageEn,
      data: { code: 'UNAUTHORIZED', httpStatus: 401, appError: err.toJSON() },
    },
  };
}

/** The app's one gate (the tRPC client and the sign-out share it). */
export const sessionGate = new SessionGate();
