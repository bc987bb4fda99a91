import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import { EventSource } from 'eventsource';
import type { AppRouter } from '@ebid/api';

/** A Node tRPC client for a running server, with a cookie jar (one session per client). */
export function createTestClient(baseUrl: string) {
  let cookie = '';
  const fetchWithCookies: typeof fetch = async (input, init) => {
    const headers = new Headers(init?.headers);
    if (cookie) headers.set('cookie', cookie);
    const res = await fetch(input, { ...init, headers });
    const set = res.headers.getSetCookie();
    for (const c of set) {
      const pair = c.split(';')[0] ?? '';
      if (/Max-Age=0/i.test(c)) cookie = '';
      else cookie = pair;
    }
    return res;
  };
  const client = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({
          url: `${baseUrl}/trpc`,
          EventSource: class extends EventSource {
            constructor(url: string | URL, init?: ConstructorParameters<typeof EventSource>[1]) {
              super(url, {
                ...init,
                fetch: (u, i) => fetch(u, { ...i, headers: { ...(i?.headers ?? {}), ...(cookie ? { cookie } : {}) } }),
              });
            }
          } as unknown as typeof globalThis.EventSource,
        }),
        false: httpBatchLink({ url: `${baseUrl}/trpc`, fetch: fetchWithCookies }),
      }),
    ],
  });
  // The client is a proxy: keep the cookie accessor beside it, not on it.
  return { trpc: client, cookie: () => cookie };
}
