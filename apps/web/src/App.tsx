import { useMemo, useState, type ReactNode } from 'react';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/en';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createBrowserRouter, RouterProvider, type createMemoryRouter } from 'react-router';
import { ApiProvider, createApiClient, queryKeys, type ApiClient } from './api.ts';
import { DocumentTitle } from './components/CenterIdentity.tsx';
import { ServerClockProvider } from './components/ServerClock.tsx';
import { toAppErrorView } from './errors.ts';
import { LangProvider, useLang, type Lang } from './i18n.ts';
import { routes } from './routes.tsx';
import { THEME } from './theme.ts';

const ANTD_LOCALES = { zh: zhCN, en: enUS } as const;
const DAYJS_LOCALES: Record<Lang, string> = { zh: 'zh-cn', en: 'en' };


export function createQueryClient(): QueryClient {
  // A request refused for want of a session (it ended: logout elsewhere, a revoked certificate, a reset
  // password — issue 13 §1) makes the app ask who is signed in again; the workspace then sends the user
  // to the sign-in page instead of leaving every card in an error state.
  const sessionLost = (err: unknown) => {
    if (toAppErrorView(err).code === 'UNAUTHORIZED') void client.invalidateQueries({ queryKey: queryKeys.me });
  };
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (err, query) => {
        if (!(query.queryKey[0] === queryKeys.me[0] && query.queryKey[1] === queryKeys.me[1])) sessionLost(err);
      },
    }),
    mutationCache: new MutationCache({ onError: sessionLost }),
    defaultOptions: {
      queries: {
        // Retrying cannot fix a refusal (no session, no right, bad input); it can fix a dropped network.
        retry: (count, err) => count < 2 && ['UNAVAILABLE', 'INTERNAL'].includes(toAppErrorView(err).code),
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
  });
  return client;
}

function LocalizedProviders({ children }: { children: ReactNode }) {
  const { lang } = useLang();
  // dayjs's locale is global and DatePicker reads it while rendering, so set it before the children.
  if (dayjs.locale() !== DAYJS_LOCALES[lang]) dayjs.locale(DAYJS_LOCALES[lang]);
  return (
    <ConfigProvider locale={ANTD_LOCALES[lang]} theme={THEME}>
      <DocumentTitle />
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

export type AppRouter = ReturnType<typeof createBrowserRouter> | ReturnType<typeof createMemoryRouter>;

/** Everything the pages need, around a router; tests pass a memory router and a fake API client. */
export function AppProviders({
  api,
  queryClient,
  lang,
  children,
}: {
  api: ApiClient;
  queryClient: QueryClient;
  lang?: Lang;
  children: ReactNode;
}) {
  return (
    <LangProvider {...(lang ? { initial: lang } : {})}>
      <ApiProvider client={api}>
        <QueryClientProvider client={queryClient}>
          <ServerClockProvider>
            <LocalizedProviders>{children}</LocalizedProviders>
          </ServerClockProvider>
        </QueryClientProvider>
      </ApiProvider>
    </LangProvider>
  );
}

export function App({ router, api, queryClient }: { router?: AppRouter; api?: ApiClient; queryClient?: QueryClient }) {
  const [client] = useState(() => api ?? createApiClient());
  const [qc] = useState(() => queryClient ?? createQueryClient());
  const r = useMemo(() => router ?? createBrowserRouter(routes), [router]);
  return (
    <AppProviders api={client} queryClient={qc}>
      <RouterProvider router={r} />
    </AppProviders>
  );
}
