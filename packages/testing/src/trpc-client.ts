import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import { EventSource } from 'eventsource';
import type { AppRouter } from '@ebid/api';

/** A Node tRPC client for a running server, with a cookie jar (one session per client). */
export function createTestClient(baseUrl: string) {
  // The jar: the session cookie and the device cookie (issue 13 §3), as a browser keeps them.
  const jar = new Map<string, string>();
  const header = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const fetchWithCookies: typeof fetch = async (input, init) => {
    const headers = new Headers(init?.headers);
    if (jar.size) headers.set('cookie', header());
    const res = await fetch(input, { ...init, headers });
    for (const c of res.headers.getSetCookie()) {
      const pair = c.split(';')[0] ?? '';
      const i = pair.indexOf('=');
      if (i <= 0) continue;
      if (/Max-Age=0/i.test(c)) jar.delete(pair.slice(0, i));
      else jar.set(pair.slice(0, i), pair.slice(i + 1));
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
                fetch: (u, i) => fetch(u, { ...i, headers: { ...(i?.headers ?? {}), ...(jar.size ? { cookie: header() } : {}) } }),
              });
            }
          } as unknown as typeof globalThis.EventSource,
        }),
        false: httpBatchLink({ url: `${baseUrl}/trpc`, fetch: fetchWithCookies }),
      }),
    ],
  });
  // The client is a proxy: keep the cookie accessor beside it, not on it.
  return { trpc: client, cookie: header, baseUrl };
}
