// @vitest-environment jsdom
import '../test/dom.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { AppError } from '@ebid/domain';
import { startApp } from '../test/app.tsx';

const TOKEN = 'a'.repeat(43);

function type(label: string, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

const usedLink = () => {
  throw new AppError('VALIDATION', { zh: '激活链接无效、已使用或已过期', en: 'The activation link is invalid, used or expired' }, { field: 'token' });
};

describe('激活账号 (issue 15 §1)', () => {
  beforeEach(() => localStorage.clear());
  afterEach(cleanup);

  it('sets the password from the link, with confirmation and the strength rule, then goes to the sign-in page saying so', async () => {
    const { api, router } = startApp(`/activate?token=${TOKEN}`, { handlers: { 'user.activateAccount': () => ({ ok: true, username: 'admin' }) } });
    await screen.findByRole('heading', { level: 1, name: '激活账号' });
    // The token is in the link, not a field to fill in; the strength rule is shown.
    expect(screen.getByLabelText('重置令牌').closest('.ant-form-item-hidden')).not.toBeNull();
    expect(screen.getByText('至少 8 位，包含大写字母、小写字母、数字、符号中的三类')).toBeTruthy();
    type('设置密码', 'weak');
    type('确认密码', 'other');
    fireEvent.click(screen.getByRole('button', { name: /激活账号/ }));
    expect(await screen.findByText('密码至少 8 位，且包含大写字母、小写字母、数字、符号中的三类')).toBeTruthy();
    expect(screen.getByText('两次输入的密码不一致')).toBeTruthy();
    expect(api.calls.filter((c) => c.path === 'user.activateAccount')).toEqual([]);

    type('设置密码', 'Act1vate#Now');
    type('确认密码', 'Act1vate#Now');
    fireEvent.click(screen.getByRole('button', { name: /激活账号/ }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/login'));
    expect(api.calls.find((c) => c.path === 'user.activateAccount')?.input).toEqual({ token: TOKEN, newPassword: 'Act1vate#Now' });
    expect((await screen.findByTestId('login-activated')).textContent).toContain('账号 admin 已激活');
    expect((screen.getByLabelText('用户名') as HTMLInputElement).value).toBe('admin');
  }, 30_000);

  it('a used or expired link shows the server’s typed error and stays on the page', async () => {
    startApp(`/activate?token=${TOKEN}`, { handlers: { 'user.activateAccount': usedLink } });
    await screen.findByRole('heading', { level: 1, name: '激活账号' });
    type('设置密码', 'Act1vate#Now');
    type('确认密码', 'Act1vate#Now');
    fireEvent.click(screen.getByRole('button', { name: /激活账号/ }));
    const alert = await screen.findByTestId('reset-error');
    expect(alert.textContent).toContain('激活链接无效、已使用或已过期');
    expect(alert.textContent).toContain('VALIDATION');
    // The form stays usable (e.g. after a mistyped link was corrected by the operator).
    await waitFor(() => expect((screen.getByRole('button', { name: /激活账号/ }) as HTMLButtonElement).disabled).toBe(false));
  }, 30_000);

  it('a link without its token says so instead of showing the form', async () => {
    startApp('/activate');
    expect((await screen.findByTestId('activate-no-token')).textContent).toContain('激活链接不完整');
    expect(screen.queryByLabelText('设置密码')).toBeNull();
  }, 30_000);
});
