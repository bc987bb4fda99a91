// @vitest-environment jsdom
import '../test/dom.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { AppError } from '@ebid/domain';
import { startApp } from '../test/app.tsx';

function user(id: number, username: string, displayName: string, over: Partial<{ isOrgAdmin: boolean; active: boolean }> = {}) {
  return {
    id,
    orgId: 4,
    username,
    displayName,
    role: 'bidder',
    email: null,
    isOrgAdmin: over.isOrgAdmin ?? false,
    active: over.active ?? true,
    specialties: [],
    createdAt: '2026-01-01T00:00:00.000Z',
  };
}

function companyServer() {
  const users = [user(5, 'bidder1', '陈伟', { isOrgAdmin: true }), user(6, 'bidder1b', '林峰')];
  return {
    'user.list': () => users,
    'user.issuePasswordReset': () => ({ sentTo: 'l***@example.com', expiresAt: '2026-01-02T00:00:00.000Z' }),
    'cert.approveIssuance': () => ({ approvalId: 1, expiresAt: '2026-01-02T00:00:00.000Z' }),
    'user.setActive': (input: unknown) => {
      const { userId, active } = input as { userId: number; active: boolean };
      const u = users.find((x) => x.id === userId)!;
      u.active = active;
      return u;
    },
    'user.create': (input: unknown) => {
      const i = input as { username: string; displayName: string };
      if (i.username === 'bidder1b') {
        throw new AppError('CONFLICT', { zh: '用户名已被使用', en: 'This username is already taken' }, { field: 'username' });
      }
      const u = user(7, i.username, i.displayName);
      users.push(u);
      return u;
    },
  };
}

describe('企业用户', () => {
  beforeEach(() => localStorage.clear());
  afterEach(cleanup);

  it('sends the reset link to the user and says where — never shows the link (issue 13 §4)', async () => {
    const { api } = startApp('/workspace/bidder/users', { as: 'bidder1', handlers: companyServer() });
    const table = await screen.findByTestId('users-table');
    await within(table).findByText('bidder1b');
    // one's own account cannot be deactivated here
    expect((screen.getByTestId('deactivate-bidder1') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByTestId('reset-bidder1b'));
    const sent = await screen.findByTestId('reset-sent');
    expect(sent.textContent).toContain('l***@example.com');
    const dialog = screen.getByRole('dialog');
    expect(dialog.textContent).toContain('已为 林峰 发送重置链接');
    expect(dialog.textContent).toContain('2026-01-02 08:00:00');
    expect(dialog.querySelector('input')).toBeNull();
    expect(api.calls.find((c) => c.path === 'user.issuePasswordReset')?.input).toEqual({ userId: 6 });
  }, 30_000);

  it('the company administrator approves a colleague’s new certificate application with a reason; not their own', async () => {
    const { api } = startApp('/workspace/bidder/users', { as: 'bidder1', handlers: companyServer() });
    await within(await screen.findByTestId('users-table')).findByText('bidder1b');
    expect(screen.queryByTestId('approve-cert-bidder1')).toBeNull();
    fireEvent.click(screen.getByTestId('approve-cert-bidder1b'));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByRole('textbox'), { target: { value: '私钥丢失，已当面核实身份' } });
    fireEvent.click(within(dialog).getByRole('button', { name: /同\s*意/ }));
    await waitFor(() => expect(api.calls.find((c) => c.path === 'cert.approveIssuance')?.input).toEqual({ userId: 6, reason: '私钥丢失，已当面核实身份' }));
  }, 30_000);

  it('adds a user through the modal form, with a server conflict on the username field', async () => {
    const { api } = startApp('/workspace/bidder/users', { as: 'bidder1', handlers: companyServer() });
    await within(await screen.findByTestId('users-table')).findByText('bidder1b');
    fireEvent.click(screen.getByTestId('user-add'));
    const dialog = await screen.findByRole('dialog');
    const type = (label: string, value: string) => fireEvent.change(within(dialog).getByLabelText(label), { target: { value } });
    type('用户名', 'bidder1b');
    type('姓名', '重名');
    type('初始密码', 'Demo#2026');
    fireEvent.click(within(dialog).getByRole('button', { name: /添\s*加/ }));
    expect(await within(dialog).findByText('用户名已被使用')).toBeTruthy();
    type('用户名', 'Clerk2');
    fireEvent.click(within(dialog).getByRole('button', { name: /添\s*加/ }));
    await within(screen.getByTestId('users-table')).findByText('clerk2');
    expect(api.calls.filter((c) => c.path === 'user.create').at(-1)?.input).toEqual({
      username: 'clerk2',
      displayName: '重名',
      password: 'Demo#2026',
      isOrgAdmin: false,
    });
  }, 30_000);

  it('is not in the menu of a user who is not the company administrator, and refuses the page', async () => {
    startApp('/workspace/bidder/users', { as: 'bidder1b', handlers: companyServer() });
    expect(await screen.findByText('无权访问')).toBeTruthy();
    expect(within(screen.getByTestId('role-menu')).queryByText('企业用户')).toBeNull();
    await waitFor(() => expect(within(screen.getByTestId('role-menu')).getByText('我的证书')).toBeTruthy());
  }, 30_000);
});
