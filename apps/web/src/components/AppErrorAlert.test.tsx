// @vitest-environment jsdom
import '../test/dom.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { TRPCClientError } from '@trpc/client';
import { AppError } from '@ebid/domain';
import { LangProvider, type Lang } from '../i18n.ts';
import { fieldIssues, toAppErrorView } from '../errors.ts';
import { AppErrorAlert } from './AppErrorAlert.tsx';

function wireError(appError: Record<string, unknown>) {
  return TRPCClientError.from({
    error: { code: -32001, message: 'x', data: { code: 'UNAUTHORIZED', httpStatus: 401, path: 'auth.login', appError } },
  });
}

const WRONG_PASSWORD = { code: 'UNAUTHORIZED', messageZh: '用户名或密码错误', messageEn: 'Wrong username or password' };

describe('AppErrorAlert', () => {
  afterEach(cleanup);

  it.each<[Lang, unknown, string, string]>([
    ['zh', wireError(WRONG_PASSWORD), '用户名或密码错误', 'UNAUTHORIZED'],
    ['en', wireError(WRONG_PASSWORD), 'Wrong username or password', 'UNAUTHORIZED'],
    ['zh', new AppError('DEADLINE_PASSED'), '已超过截止时间', 'DEADLINE_PASSED'],
    ['zh', new TRPCClientError('Failed to fetch', { cause: new TypeError('Failed to fetch') }), '无法连接服务器，请检查网络后重试', 'UNAVAILABLE'],
    ['en', new Error('boom'), 'An unknown error occurred', 'INTERNAL'],
  ])('%s: shows the message and the code as text', (lang, error, message, code) => {
    render(
      <LangProvider initial={lang}>
        <AppErrorAlert error={error} />
      </LangProvider>,
    );
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain(message);
    expect(screen.getByTestId('error-code').textContent).toBe(code);
    expect(alert.textContent).toContain(lang === 'zh' ? '错误代码' : 'Error code');
  });

  it('puts the message under a heading when given one', () => {
    render(
      <LangProvider initial="zh">
        <AppErrorAlert error={wireError(WRONG_PASSWORD)} title="登录失败" />
      </LangProvider>,
    );
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('登录失败');
    expect(alert.textContent).toContain('用户名或密码错误');
    expect(alert.textContent).toContain('UNAUTHORIZED');
  });
});

describe('toAppErrorView', () => {
  it('falls back to the default message of a known code without messages', () => {
    expect(toAppErrorView(wireError({ code: 'FORBIDDEN' }))).toEqual({
      code: 'FORBIDDEN',
      messageZh: '无权执行此操作',
      messageEn: 'You are not allowed to do this',
    });
  });

  it('reads validation issues per field', () => {
    const view = toAppErrorView(
      wireError({
        code: 'VALIDATION',
        messageZh: '输入不符合要求',
        messageEn: 'The input is not valid',
        details: { issues: [{ path: 'username', message: 'Too small' }, { path: '', message: 'root' }] },
      }),
    );
    expect(fieldIssues(view)).toEqual({ username: 'Too small' });
  });
});
