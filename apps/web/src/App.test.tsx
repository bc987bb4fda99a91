// @vitest-environment jsdom
import './test/dom.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { createMemoryRouter } from 'react-router';
import { App, createQueryClient } from './App.tsx';
import { routes } from './routes.tsx';
import { createFakeApi, demoServer } from './test/fakeApi.ts';

function start(path: string) {
  const api = createFakeApi(demoServer());
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  render(<App router={router} api={api.client} queryClient={createQueryClient()} />);
  return { api, router };
}

async function signIn(username: string, password: string) {
  fireEvent.change(screen.getByLabelText('用户名'), { target: { value: username } });
  fireEvent.change(screen.getByLabelText('密码'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: /登\s*录/ }));
}

describe('App shell', () => {
  beforeEach(() => localStorage.clear());
  afterEach(cleanup);

  it('shows the public portal without a left menu', async () => {
    start('/');
    expect(await screen.findByRole('heading', { level: 1, name: '交易公告' })).toBeTruthy();
    expect(screen.getByTestId('platform-name').textContent).toContain('公共资源交易平台');
    for (const label of ['工程建设', '政府采购', '土地使用权', '产权交易']) expect(screen.getByText(label)).toBeTruthy();
    expect(await screen.findByText('没有符合条件的公告')).toBeTruthy();
    expect(screen.queryByTestId('role-menu')).toBeNull();
    await waitFor(() => expect(screen.getByTestId('status-footer').textContent).toContain('pglite'));
  }, 30_000);

  it('sends a visitor from the workspace to /login, shows a wrong password with its code, then the role menu', async () => {
    const { router } = start('/workspace/staff/archive');
    await screen.findByRole('heading', { level: 1, name: '登录' });
    expect(router.state.location.pathname).toBe('/login');

    // empty submit: errors on the fields, no request
    fireEvent.click(screen.getByRole('button', { name: /登\s*录/ }));
    expect(await screen.findByText('请输入用户名')).toBeTruthy();
    expect(screen.getByText('请输入密码')).toBeTruthy();

    await signIn('staff', 'wrong');
    await waitFor(() => expect(screen.getByTestId('app-error').textContent).toContain('用户名或密码错误'));
    expect(screen.getByTestId('error-code').textContent).toBe('UNAUTHORIZED');

    await signIn('staff', 'Demo#2026');
    // back to where the visitor wanted to go, inside the staff workspace
    const menu = await screen.findByTestId('role-menu');
    expect(router.state.location.pathname).toBe('/workspace/staff/archive');
    expect(within(menu).getByText('公告审核')).toBeTruthy();
    expect(screen.getByTestId('role-label').textContent).toContain('交易中心');
    expect(screen.getByRole('heading', { level: 1, name: '归档' })).toBeTruthy();
    expect(screen.getByTestId('under-construction').textContent).toContain('状态：建设中');

    // English
    act(() => fireEvent.click(screen.getByText('English')));
    await waitFor(() => expect(screen.getByTestId('role-label').textContent).toContain('Center staff'));
    expect(within(screen.getByTestId('role-menu')).getByText('Notice review')).toBeTruthy();
    expect(document.documentElement.lang).toBe('en');
  }, 30_000);

  it('lands a bidder on its first menu item and refuses another role\'s pages', async () => {
    const { router } = start('/login');
    await screen.findByRole('heading', { level: 1, name: '登录' });
    await signIn('bidder1', 'Demo#2026');
    await waitFor(() => expect(router.state.location.pathname).toBe('/workspace/bidder/certificate'));
    const menu = await screen.findByTestId('role-menu');
    expect(within(menu).getByText('我的投标')).toBeTruthy();
    expect(within(menu).queryByText('公告审核')).toBeNull();
    expect(screen.getByTestId('role-label').textContent).toContain('投标人');

    await act(() => router.navigate('/workspace/staff/notices'));
    expect(await screen.findByText('无权访问')).toBeTruthy();
  }, 30_000);
});
