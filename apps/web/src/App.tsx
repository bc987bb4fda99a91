import { useMemo, useState, type ReactNode } from 'react';
import { App as AntApp, ConfigProvider, type ThemeConfig } from 'antd';
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

const ANTD_LOCALES = { zh: zhCN, en: enUS } as const;
const DAYJS_LOCALES: Record<Lang, string> = { zh: 'zh-cn', en: 'en' };

/** Readable grey for text antd draws in colorTextDisabled (empty tables and lists): 0.25 alpha is 1.8:1. */
const READABLE_GREY = 'rgba(0, 0, 0, 0.62)';

/**
 * Colours that keep every text ≥ 4.5:1 on its background (WCAG 2.1 AA 1.4.3; issue 19 §7), set once here
 * for every page, modal and drawer rather than per screen:
 * - government-blue primary; links take it too (antd derives links from #1677ff, 4.2:1) and are
 *   underlined (1.4.1: a link in running text is not told by colour alone — axe link-in-text-block; the
 *   menus, tabs and top bar take the underline off in styles.css);
 * - secondary text darker than antd's 0.45 alpha (≈ 3.4:1) on white and on the #f5f5f5 page;
 * - status colours: error #cf1322 (white on a danger button 5.6:1; antd's #ff4d4f is 3.2:1), the text
 *   tones of success / warning / info one step darker than antd's (#52c41a on white is 2.3:1);
 * - tags: the status tags (success / processing / warning / error) and the preset colours whose
 *   colour-7 text is below 4.5:1 on its colour-1 background (green 3.4, orange 3.3, gold 2.8, cyan 3.4 …)
 *   take colour 8 or 9 of the same palette;
 * - the empty text of tables (antd: colorTextDisabled, 1.8:1) reads as secondary text (lists: styles.css,
 *   as antd's deprecated List does not take a component-level override).
 */
const THEME: ThemeConfig = {
  token: {
    colorPrimary: '#0958d9',
    colorInfo: '#0958d9',
    colorLink: '#0958d9',
    colorLinkHover: '#1677ff',
    colorLinkActive: '#003eb3',
    linkDecoration: 'underline',
    linkHoverDecoration: 'underline',
    colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
    colorTextDescription: READABLE_GREY,
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.6)',
    colorError: '#cf1322',
    colorErrorHover: '#a8071a',
    colorErrorActive: '#820014',
    colorErrorText: '#cf1322',
    colorSuccessText: '#237804',
    colorWarningText: '#ad4e00',
    colorInfoText: '#0958d9',
    borderRadius: 4,
  },
  components: {
    Tag: {
      colorSuccess: '#237804',
      colorInfo: '#0958d9',
      colorWarning: '#ad4e00',
      colorError: '#cf1322',
      green7: '#237804',
      cyan7: '#006d75',
      lime7: '#3f6600',
      gold7: '#874d00',
      yellow7: '#876800',
      orange7: '#ad4e00',
      volcano7: '#ad2102',
    },
    Table: { colorTextDisabled: READABLE_GREY },
  },
};

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
