// @vitest-environment jsdom
import '../test/dom.ts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { TRPCClientError } from '@trpc/client';
import { AppError } from '@ebid/domain';
import { LangProvider, type Lang } from '../i18n.ts';
import { APP_ERROR_CODES, type AppErrorCode } from '@ebid/domain';
import { fieldIssues, isRetryable, toAppErrorView } from '../errors.ts';
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

/** The codes a retry can fix (issue 19 §6): the server or network away, a server fault, too many requests. */
const RETRYABLE = new Set<AppErrorCode>(['UNAVAILABLE', 'INTERNAL', 'RATE_LIMITED']);

describe('重试 only where a retry can help (issue 19 §6)', () => {
  afterEach(cleanup);

  it.each(APP_ERROR_CODES.map((code) => [code, RETRYABLE.has(code)] as const))('%s: retry offered = %s', (code, offered) => {
    const onRetry = vi.fn();
    render(
      <LangProvider initial="zh">
        <AppErrorAlert error={new AppError(code)} onRetry={onRetry} />
      </LangProvider>,
    );
    expect(isRetryable(toAppErrorView(new AppError(code)))).toBe(offered);
    const button = screen.queryByRole('button', { name: /重\s*试/ });
    if (offered) {
      expect(button).not.toBeNull();
      fireEvent.click(button!);
      expect(onRetry).toHaveBeenCalledOnce();
    } else {
      expect(button).toBeNull();
    }
  });

  it.each(['NOT_FOUND', 'FORBIDDEN', 'VALIDATION'] as const)('never for %s, even when the page passes onRetry', (code) => {
    render(
      <LangProvider initial="zh">
        <AppErrorAlert error={new AppError(code)} onRetry={() => {}} />
      </LangProvider>,
    );
    expect(screen.queryByTestId('error-retry')).toBeNull();
  });

  it('a network failure (no answer from the server) offers 重试', () => {
    render(
      <LangProvider initial="zh">
        <AppErrorAlert error={new TRPCClientError('Failed to fetch', { cause: new TypeError('Failed to fetch') })} onRetry={() => {}} />
      </LangProvider>,
    );
    expect(screen.getByTestId('error-retry').textContent).toMatch(/重\s*试/);
  });
});

describe('focus moves to the error when asked (issue 19 §6: after a failed sign-in)', () => {
  afterEach(cleanup);

  it('focuses the alert itself (role="alert", tabindex -1), and again when the error changes', () => {
    const { rerender } = render(
      <LangProvider initial="zh">
        <AppErrorAlert error={wireError(WRONG_PASSWORD)} title="登录失败" focus />
      </LangProvider>,
    );
    const alert = screen.getByRole('alert');
    expect(document.activeElement).toBe(alert);
    expect(alert.getAttribute('tabindex')).toBe('-1');
    (document.activeElement as HTMLElement).blur();
    rerender(
      <LangProvider initial="zh">
        <AppErrorAlert error={wireError({ ...WRONG_PASSWORD, messageZh: '账户已锁定' })} title="登录失败" focus />
      </LangProvider>,
    );
    expect(document.activeElement).toBe(screen.getByRole('alert'));
  });

  it('leaves the focus alone without `focus`', () => {
    render(
      <LangProvider initial="zh">
        <AppErrorAlert error={wireError(WRONG_PASSWORD)} />
      </LangProvider>,
    );
    expect(document.activeElement).not.toBe(screen.getByRole('alert'));
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
