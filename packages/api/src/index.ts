export { appRouter, type AppRouter } from './root.ts';
export { createCallerFactory, type Context, type CookieJar, type RequestMeta } from './trpc.ts';
export { SESSION_COOKIE } from './routers/auth.ts';
export { httpStatusOf, type WireAppError } from './errors.ts';
export { ACCESS, allows, type AccessRule } from './access.ts';
