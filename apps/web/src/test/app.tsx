/**
 * Test-only: the whole app on a memory router over the fake API, optionally signed in as a demo actor.
 */
import { render } from '@testing-library/react';
import { createMemoryRouter } from 'react-router';
import { App, createQueryClient } from '../App.tsx';
import { routes } from '../routes.tsx';
import { ACTORS, createFakeApi, demoServer, type Handler } from './fakeApi.ts';

export function startApp(path: string, opts: { as?: keyof typeof ACTORS; handlers?: Record<string, Handler> } = {}) {
  const handlers = { ...demoServer(), ...opts.handlers };
  if (opts.as) handlers['auth.login']!({ username: ACTORS[opts.as].username, password: 'Demo#2026' });
  const api = createFakeApi(handlers);
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  render(<App router={router} api={api.client} queryClient={createQueryClient()} />);
  return { api, router, handlers };
}
