/**
 * Test helper (not shipped to clients): an in-process API caller that behaves like one browser — its own
 * cookie jar and client address — so integration tests go through the real middleware, access table,
 * input/output schemas and services.
 */
import { TRPCError } from '@trpc/server';
import { isAppError } from '@ebid/domain';
import { actorFromSessionToken, type Deps } from '@ebid/services';
import { wireAppError, type WireAppError } from './errors.ts';

export { wireAppError };
import { SESSION_COOKIE } from './routers/auth.ts';
import { appRouter } from './root.ts';
import { createCallerFactory, type Context } from './trpc.ts';

const createCaller = createCallerFactory(appRouter);

/** The origin in-process test callers connect to (login challenges name it, issue 14 §5). */
export const TEST_ORIGIN = 'http://ebid.test';

export function apiClient(deps: Deps, clientAddress = '127.0.0.1', origin: string = TEST_ORIGIN) {
  const jar = new Map<string, string>();
  return {
    jar,
    /** A caller bound to the jar's current session (call again after login/logout). */
    async call() {
      const token = jar.get(SESSION_COOKIE);
      const actor = token ? await actorFromSessionToken(deps.db, deps.clock, token) : null;
      const ctx: Context = {
        deps,
        actor,
        meta: { requestId: 'test', clientAddress, userAgent: 'vitest', origin },
        cookies: { get: (n) => jar.get(n), set: (n, v) => void jar.set(n, v), clear: (n) => void jar.delete(n) },
      };
      return createCaller(ctx);
    },
  };
}

/** A client signed in by password. */
export async function loginAs(deps: Deps, username: string, password: string, clientAddress?: string) {
  const c = apiClient(deps, clientAddress);
  await (await c.call()).auth.login({ username, password });
  return c;
}

/** The wire form of an API error, or of an AppError a use case threw directly; undefined for anything else. */
function wireOf(e: unknown): WireAppError | undefined {
  if (e instanceof TRPCError) return wireAppError(e);
  if (isAppError(e)) return e.toJSON();
  return undefined;
}

/** The AppError code a call (or a use case) fails with ('OK' if it succeeds), as the wire would show it. */
export async function appCode(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    const w = wireOf(e);
    if (w) return w.code;
    throw e;
  }
  return 'OK';
}

/** The AppError a call (or a use case) fails with, as the wire would show it (code, messages, details); throws if it succeeds. */
export async function appError(p: Promise<unknown>): Promise<WireAppError> {
  try {
    await p;
  } catch (e) {
    const w = wireOf(e);
    if (w) return w;
    throw e;
  }
  throw new Error('expected the call to fail');
}
