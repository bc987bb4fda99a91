/**
 * tRPC setup: context, error formatting, and the procedure builders by role. Middleware settles WHO the
 * caller is; services decide whether they may act on a given record (style.md §10.5).
 */
import { initTRPC } from '@trpc/server';
import { AppError, findUnsafeText, isAppError, unsafeTextError } from '@ebid/domain';
import type { Actor, Deps, RequestContext } from '@ebid/services';
import { ACCESS, allows, type AccessRule } from './access.ts';
import { toTRPCError, wireAppError } from './errors.ts';

export interface RequestMeta {
  requestId: string;
  clientAddress: string;
  userAgent: string;
  /** The device fingerprint the client reported (header x-ebid-device), when well-formed (X4). */
  deviceFingerprint?: string | null;
  /** Server time at which the request body was fully received (T1); set by the HTTP edge. */
  receivedAt?: Date;
  /** The origin the client connected to: its Origin header, else scheme://Host (issue 14 §5). */
  origin?: string | null;
}

/** Cookie operations the HTTP adapter provides (the API stays transport-agnostic). */
export interface CookieJar {
  get(name: string): string | undefined;
  set(name: string, value: string, opts: { expires: Date }): void;
  clear(name: string): void;
}

export interface Context {
  deps: Deps;
  actor: Actor | null;
  meta: RequestMeta;
  cookies: CookieJar;
}

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    const appError = wireAppError(error);
    return {
      ...shape,
      // English by default in `message`; clients pick messageZh/messageEn from data.appError.
      message: appError.messageEn,
      data: { code: shape.data.code, httpStatus: shape.data.httpStatus, path: shape.data.path, appError },
    };
  },
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Every thrown AppError becomes the mapped TRPCError here, once. */
const errorMapping = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    // tRPC wraps what a procedure throws; unwrap our AppErrors, keep tRPC's own (e.g. input validation).
    throw isAppError(result.error.cause) ? toTRPCError(result.error.cause) : result.error;
  }
  return result;
});

/** Every procedure passes the declared access rule of its path (access.ts), deny by default. */
const accessControl = t.middleware(({ ctx, path, next }) => {
  const rule = (ACCESS as Record<string, AccessRule>)[path];
  if (!allows(rule, ctx.actor?.role ?? null)) {
    throw ctx.actor || rule === undefined
      ? new AppError('FORBIDDEN', undefined, { rule: 'access' })
      : new AppError('UNAUTHORIZED', undefined, { rule: 'access' });
  }
  return next();
});

/**
 * One character rule for every text input (issue 13 §9.1, domain safe-text.ts): the raw input — before
 * any schema or service sees it — may carry no control characters (tab, LF and CR allowed in values), no
 * bidirectional controls and no lone surrogates, in values and keys alike; else VALIDATION naming the path.
 * A NUL used to reach PostgreSQL and come back as a 500.
 */
const textGuard = t.middleware(async ({ getRawInput, next }) => {
  const hit = findUnsafeText(await getRawInput(), { allowLineBreaks: true });
  if (hit) throw unsafeTextError(hit);
  return next();
});

/**
 * The one procedure builder (issue 17 §6). It is not "public": every procedure passes the access rule
 * declared for its path in access.ts (deny by default), after error mapping and the text guard. Whether a
 * path is open to anonymous callers is said there, not by the builder's name.
 */
export const guardedProcedure = t.procedure.use(errorMapping).use(textGuard).use(accessControl);

/** A guarded procedure that also needs a signed-in caller, with `ctx.actor` narrowed to non-null. */
export const signedInProcedure = guardedProcedure.use(({ ctx, next }) => {
  if (!ctx.actor) throw new AppError('UNAUTHORIZED');
  return next({ ctx: { ...ctx, actor: ctx.actor } });
});


/** The services' view of a request: who and from where. */
export function requestContext(ctx: Context): RequestContext {
  return {
    actor: ctx.actor,
    clientAddress: ctx.meta.clientAddress,
    userAgent: ctx.meta.userAgent,
    deviceFingerprint: ctx.meta.deviceFingerprint ?? null,
    receivedAt: ctx.meta.receivedAt ?? null,
    origin: ctx.meta.origin ?? null,
  };
}
