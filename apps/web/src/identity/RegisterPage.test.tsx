// @vitest-environment jsdom
import '../test/dom.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { AppError, creditCodeCheckChar } from '@ebid/domain';
import { startApp } from '../test/app.tsx';

const BODY = '91310000MA1FL8TQ3';
const VALID = BODY + creditCodeCheckChar(BODY)!;
const WRONG = BODY + (creditCodeCheckChar(BODY) === 'A' ? 'B' : 'A');

function type(label: string, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

function fillValid() {
  type('统一社会信用代码', VALID.toLowerCase());
  type('企业名称', '  端到端测试建设有限公司 ');
  type('联系电话', '021-12345678');
  type('用户名', 'NewAdmin');
  type('姓名', '王五');
  type('密码', 'Demo#2026');
  type('确认密码', 'Demo#2026');
}

describe('企业注册', () => {
  beforeEach(() => localStorage.clear());
  afterEach(cleanup);

  it('checks the credit code’s check character in the browser and sends nothing until the form is right', async () => {
    const { api } = startApp('/register', {
      handlers: {
        'org.register': () => {
          throw new Error('not expected');
        },
      },
    });
    await screen.findByRole('heading', { level: 1, name: '企业注册' });
    type('统一社会信用代码', WRONG);
    expect(await screen.findByText('校验码不符，请核对是否输错')).toBeTruthy();
    type('统一社会信用代码', VALID.slice(0, 10));
    expect(await screen.findByText('统一社会信用代码应为 18 位')).toBeTruthy();
    type('确认密码', 'other');
    type('密码', 'weak');
    fireEvent.click(screen.getByTestId('register-submit'));
    expect(await screen.findByText('请输入企业名称')).toBeTruthy();
    expect(screen.getByText('密码至少 8 位，且包含大写字母、小写字母、数字、符号中的三类')).toBeTruthy();
    expect(screen.getByText('两次输入的密码不一致')).toBeTruthy();
    expect(api.calls.filter((c) => c.path === 'org.register')).toEqual([]);
  }, 30_000);

  it('sends the normalized registration and says it waits for review', async () => {
    const { api } = startApp('/register', {
      handlers: {
        'org.register': (input) => ({
          id: 9,
          creditCode: (input as { creditCode: string }).creditCode,
          name: (input as { name: string }).name,
          kind: 'bidder',
          status: 'pending',
          regionCode: '310000',
          contactPhone: '021-12345678',
          createdAt: '2026-01-01T00:00:00.000Z',
          reviewNote: null,
        }),
      },
    });
    await screen.findByRole('heading', { level: 1, name: '企业注册' });
    fillValid();
    fireEvent.click(screen.getByTestId('register-submit'));
    const done = await screen.findByTestId('register-done');
    expect(done.textContent).toContain('注册申请已提交');
    expect(done.textContent).toContain('newadmin');
    expect(api.calls.find((c) => c.path === 'org.register')?.input).toEqual({
      creditCode: VALID,
      name: '端到端测试建设有限公司',
      contactPhone: '021-12345678',
      admin: { username: 'newadmin', displayName: '王五', password: 'Demo#2026' },
    });
  }, 30_000);

  it('puts a server refusal on the field it names', async () => {
    startApp('/register', {
      handlers: {
        'org.register': () => {
          throw new AppError('CONFLICT', { zh: '用户名已被使用', en: 'This username is already taken' }, { field: 'username' });
        },
      },
    });
    await screen.findByRole('heading', { level: 1, name: '企业注册' });
    fillValid();
    fireEvent.click(screen.getByTestId('register-submit'));
    expect(await screen.findByText('用户名已被使用')).toBeTruthy();
    await waitFor(() => expect(screen.getByLabelText('用户名').getAttribute('aria-invalid')).toBe('true'));
    expect(screen.queryByTestId('app-error')).toBeNull();
  }, 30_000);
});
