import { authRouter } from './routers/auth.ts';
import { liveRouter } from './routers/live.ts';
import { systemRouter } from './routers/system.ts';
import { createTRPCRouter } from './trpc.ts';

export const appRouter = createTRPCRouter({
  system: systemRouter,
  auth: authRouter,
  live: liveRouter,
});

export type AppRouter = typeof appRouter;
