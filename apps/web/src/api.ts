/**
 * The tRPC client and the few queries the shell needs. The router is imported as a TYPE only: no server
 * code reaches the bundle (vite.config.ts refuses it). Subscriptions go over SSE, `system.time` alone
 * over a plain request (its round trip measures the clock offset, so it must not wait in a batch), and
 * everything else through the batch link.
 */
import { createContext, createElement, useContext, type ReactNode } from 'react';
import {
  createTRPCClient,
  httpBatchLink,
  httpLink,
  httpSubscriptionLink,
  splitLink,
  type TRPCClient,
  type TRPCLink,
} from '@trpc/client';
import type { inferRouterOutputs } from '@trpc/server';
import { useQuery, type QueryClient } from '@tanstack/react-query';
import type { AppRouter } from '@ebid/api';
import { deviceHeaders } from './device.ts';
import { sessionGate } from './session-gate.ts';
import { connection } from './connection.ts';

export type ApiClient = TRPCClient<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type Actor = NonNullable<RouterOutputs['auth']['me']['actor']>;
export type SystemInfo = RouterOutputs['system']['info'];
export type ServerTime = RouterOutputs['system']['time'];
export type TimeSourceStatus = RouterOutputs['system']['timeSource'];

export const TRPC_PATH = '/trpc';

export function createApiLinks(url: string = TRPC_PATH): TRPCLink<AppRouter>[] {
  return [
    sessionGate.link<AppRouter>(),
    connection.link<AppRouter>(),
    splitLink({
      condition: (op) => op.type === 'subscription',
      true: httpSubscriptionLink({ url }),
      false: splitLink({
        condition: (op) => op.path === 'system.time',
        true: httpLink({ url, headers: deviceHeaders }),
        false: httpBatchLink({ url, headers: deviceHeaders }),
      }),
    }),
  ];
}

export function createApiClient(links: TRPCLink<AppRouter>[] = createApiLinks()): ApiClient {
  return createTRPCClient<AppRouter>({ links });
}

const ApiContext = createContext<ApiClient | null>(null);

export function ApiProvider({ client, children }: { client: ApiClient; children: ReactNode }) {
  return createElement(ApiContext.Provider, { value: client }, children);
}

export function useApi(): ApiClient {
  const client = useContext(ApiContext);
  if (!client) throw new Error('useApi() outside <ApiProvider>');
  return client;
}

export const queryKeys = {
  me: ['auth', 'me'] as const,
  systemInfo: ['system', 'info'] as const,
  timeSource: ['system', 'timeSource'] as const,
};

/** The signed-in actor (null for a visitor). */
export function useMe() {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.me,
    queryFn: () => api.auth.me.query(),
    staleTime: 60_000,
  });
}

/** The server's NTP offset and state (issue 20 §5; center staff and administrators), re-read every 15 s. */
export function useTimeSource() {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.timeSource,
    queryFn: () => api.system.timeSource.query(),
    refetchInterval: 15_000,
  });
}

export function useSystemInfo() {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.systemInfo,
    queryFn: () => api.system.info.query(),
    staleTime: 10 * 60_000,
  });
}

/** After sign-in or sign-out: forget everything cached for the previous actor. */
export function resetForActor(queryClient: QueryClient, actor: Actor | null): void {
  queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'system' });
  queryClient.setQueryData(queryKeys.me, { actor });
}
