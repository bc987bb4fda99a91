/**
 * Test-only: one component inside the app's providers — language (zh), antd's App, the fake API and React
 * Query (no retries) — optionally inside a memory router and the server clock; and a project as
 * `project.get` returns it, for the panels that take one.
 */
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp } from 'antd';
import { MemoryRouter } from 'react-router';
import { ApiProvider, type RouterOutputs } from '../api.ts';
import { ServerClockProvider } from '../components/ServerClock.tsx';
import { LangProvider } from '../i18n.ts';
import { createFakeApi, type Handler } from './fakeApi.ts';

export function renderWithApi(ui: ReactNode, handlers: Record<string, Handler>, opts: { router?: boolean; serverClock?: boolean } = {}) {
  const api = createFakeApi(handlers);
  const queries = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const tree = (
    <LangProvider initial="zh">
      <AntApp>
        <ApiProvider client={api.client}>
          <QueryClientProvider client={queries}>{opts.serverClock ? <ServerClockProvider>{ui}</ServerClockProvider> : ui}</QueryClientProvider>
        </ApiProvider>
      </AntApp>
    </LangProvider>
  );
  render(opts.router ? <MemoryRouter>{tree}</MemoryRouter> : tree);
  return api;
}

type Project = RouterOutputs['project']['get'];

/** 示范工程 (#7, one section 001 #70), engineering, open tender; `over` replaces whole fields. */
export function testProject(over: Record<string, unknown> = {}): Project {
  return {
    id: 7,
    unifiedDealCode: '330100-2026-E000007',
    tradeType: 'engineering',
    method: 'open',
    prequalification: false,
    name: '示范工程',
    tendereeOrgId: 1,
    tendereeName: '示范招标人',
    agentOrgId: null,
    status: 'PUBLISHED',
    statusDetail: {},
    regionCode: '330100',
    budgetFen: null,
    subject: 'works',
    priceKind: 'amount',
    securityWaived: false,
    singleSourceSupplier: null,
    schedule: {},
    businessHoursEnd: null,
    sections: [{ id: 70, code: '001', name: '一标段', ceilingFen: null, securityFen: null, status: 'open', failureReason: null, failureNoticeId: null }],
    steps: [],
    stepStop: null,
    previousProjectId: null,
    version: 3,
    createdAt: '2026-02-25T02:00:00.000Z',
    ...over,
  } as unknown as Project;
}
