// @vitest-environment jsdom
import '../test/dom.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { AppError, creditCodeCheckChar } from '@ebid/domain';
import { startApp } from '../test/app.tsx';

const BODY = '11420100MB0000201';
const CODE = BODY + creditCodeCheckChar(BODY)!;
const TAKEN_BODY = '11420100MB0000202';
const TAKEN = TAKEN_BODY + creditCodeCheckChar(TAKEN_BODY)!;

function org(id: number, creditCode: string, name: string, kind = 'supervisor') {
  return { id, creditCode, name, kind, status: 'active', regionCode: '420100', contactPhone: null, createdAt: '2026-01-01T00:00:00.000Z', reviewNote: null };
}

function centerServer() {
  const orgs = [org(3, TAKEN, '江城市住房和城乡建设局')];
  const users: Record<number, unknown[]> = { 3: [] };
  return {
    'org.list': () => ({ items: orgs, nextBeforeId: null }),
    'org.create': (input: unknown) => {
      const i = input as { creditCode: string; name: string; kind: string };
      if (i.creditCode === TAKEN) {
        throw new AppError('CONFLICT', { zh: '该统一社会信用代码已注册', en: 'An organization with this credit code already exists' }, { field: 'creditCode' });
      }
      const o = org(9, i.creditCode, i.name, i.kind);
      orgs.unshift(o);
      return o;
    },
    'user.list': (input: unknown) => users[(input as { orgId: number }).orgId] ?? [],
    'user.create': (input: unknown) => {
      const i = input as { orgId: number; username: string; displayName: string };
      const u = { id: 30, orgId: i.orgId, username: i.username, displayName: i.displayName, role: 'supervisor', email: null, isOrgAdmin: false, active: true, specialties: [], createdAt: '2026-01-01T00:00:00.000Z' };
      (users[i.orgId] ??= []).push(u);
      return u;
    },
  };
}

function typeIn(scope: HTMLElement, label: string, value: string) {
  fireEvent.change(within(scope).getByLabelText(label), { target: { value } });
}

describe('新建机构 and its accounts (issue 15 §1)', () => {
  beforeEach(() => localStorage.clear());
  afterEach(cleanup);

  it('creates a supervisor organization with its administrator; a taken credit code shows on the field', async () => {
    const { api } = startApp('/workspace/staff/organizations', { as: 'staff', handlers: centerServer() });
    fireEvent.click(await screen.findByTestId('org-create'));
    const dialog = await screen.findByRole('dialog');
    // Nothing is sent until the form is right.
    fireEvent.click(within(dialog).getByTestId('org-create-submit'));
    expect(await within(dialog).findByText('请输入机构名称')).toBeTruthy();
    expect(api.calls.filter((c) => c.path === 'org.create')).toEqual([]);

    typeIn(dialog, '机构名称', ' 江城市财政局 ');
    typeIn(dialog, '统一社会信用代码', TAKEN.toLowerCase());
    typeIn(dialog, '用户名', 'CZJ.Admin');
    typeIn(dialog, '姓名', '刘监管');
    typeIn(dialog, '初始密码', 'Sup3rvise#1');
    typeIn(dialog, '确认密码', 'Sup3rvise#1');
    fireEvent.click(within(dialog).getByTestId('org-create-submit'));
    expect(await within(dialog).findByText('该统一社会信用代码已注册')).toBeTruthy();

    typeIn(dialog, '统一社会信用代码', CODE);
    fireEvent.click(within(dialog).getByTestId('org-create-submit'));
    await waitFor(() => expect(api.calls.filter((c) => c.path === 'org.create')).toHaveLength(2));
    expect(api.calls.filter((c) => c.path === 'org.create')[1]!.input).toEqual({
      kind: 'supervisor',
      name: '江城市财政局',
      creditCode: CODE,
      admin: { username: 'czj.admin', displayName: '刘监管', password: 'Sup3rvise#1' },
    });
    expect(await screen.findByText('已创建 江城市财政局')).toBeTruthy();
  }, 30_000);

  it('adds a user to another organization under 账号', async () => {
    const { api } = startApp('/workspace/staff/organizations', { as: 'staff', handlers: centerServer() });
    fireEvent.click(await screen.findByRole('radio', { name: '已通过' }));
    fireEvent.click(await screen.findByTestId(`org-users-${TAKEN}`));
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain('江城市住房和城乡建设局 的用户');
    fireEvent.click(within(dialog).getByTestId('org-user-add'));
    const add = (await screen.findAllByRole('dialog')).at(-1)!;
    typeIn(add, '用户名', 'zjj.li');
    typeIn(add, '姓名', '李监督');
    typeIn(add, '初始密码', 'Sup3rvise#2');
    fireEvent.click(within(add).getByRole('button', { name: /^添\s*加$/ }));
    await waitFor(() => expect(api.calls.find((c) => c.path === 'user.create')?.input).toMatchObject({ orgId: 3, username: 'zjj.li', displayName: '李监督' }));
    expect(await within(await screen.findByTestId('org-users-table')).findByText('zjj.li')).toBeTruthy();
  }, 30_000);

  it('sets a supervisor account\'s scopes (issue 20 §4): the current ones are shown, a row is added, and every row is sent', async () => {
    const server = centerServer();
    const scopes: Record<number, unknown[]> = { 31: [{ regionCode: '420100', tradeType: 'engineering', industry: 'water' }] };
    const { api } = startApp('/workspace/staff/organizations', {
      as: 'staff',
      handlers: {
        ...server,
        'user.list': () => [{ id: 31, orgId: 3, username: 'zjj.wang', displayName: '王监管', role: 'supervisor', email: null, isOrgAdmin: true, active: true, specialties: [], createdAt: '2026-01-01T00:00:00.000Z' }],
        'user.scopes': (input: unknown) => scopes[(input as { userId: number }).userId] ?? [],
        'user.setScopes': (input: unknown) => {
          const i = input as { userId: number; scopes: unknown[] };
          scopes[i.userId] = i.scopes;
          return i.scopes;
        },
      },
    });
    fireEvent.click(await screen.findByRole('radio', { name: '已通过' }));
    fireEvent.click(await screen.findByTestId(`org-users-${TAKEN}`));
    fireEvent.click(await screen.findByTestId('user-scopes-zjj.wang'));
    const dialog = (await screen.findAllByRole('dialog')).at(-1)!;
    expect(dialog.textContent).toContain('王监管 的监管范围');
    expect(((await within(dialog).findByTestId('scope-region-0')) as HTMLInputElement).value).toBe('420100');
    fireEvent.click(within(dialog).getByTestId('scope-add'));
    fireEvent.change(await within(dialog).findByTestId('scope-region-1'), { target: { value: '420000' } });
    fireEvent.click(within(dialog).getByRole('button', { name: /保存监管范围/ }));
    await waitFor(() =>
      expect(api.calls.find((c) => c.path === 'user.setScopes')?.input).toEqual({
        userId: 31,
        scopes: [
          { regionCode: '420100', tradeType: 'engineering', industry: 'water' },
          { regionCode: '420000', tradeType: 'engineering', industry: null },
        ],
      }),
    );
  }, 30_000);
});
