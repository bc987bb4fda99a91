// @vitest-environment jsdom
import '../test/dom.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { startApp } from '../test/app.tsx';
import { SYSTEM_INFO } from '../test/fakeApi.ts';

const WARNINGS = [
  { role: 'seal', subject: 'CN=江城市公共资源交易平台 平台签章,O=江城市公共资源交易平台,C=CN', notAfter: '2026-01-11T00:00:00.000Z', daysLeft: 10 },
  { role: 'issuing', subject: 'CN=江城 业务CA,C=CN', notAfter: '2025-12-30T00:00:00.000Z', daysLeft: -2 },
];

/** system.info as the server answers staff and platform administrators when certificates expire soon. */
const expiring = { 'system.info': () => ({ ...SYSTEM_INFO, pkiWarnings: WARNINGS }) };

describe('the platform certificates’ expiry warning (issue 15 §2)', () => {
  beforeEach(() => localStorage.clear());
  afterEach(cleanup);

  it('center staff see it at the top of the workspace, Chinese first, English on switching', async () => {
    startApp('/workspace/staff/archive', { as: 'staff', handlers: expiring });
    const alert = await screen.findByTestId('pki-expiry');
    expect(alert.textContent).toContain('平台证书即将到期');
    expect(alert.textContent).toContain('平台签章证书“CN=江城市公共资源交易平台 平台签章,O=江城市公共资源交易平台,C=CN”于 2026-01-11 到期（剩余 10 天）');
    expect(alert.textContent).toContain('签发CA证书“CN=江城 业务CA,C=CN”已于 2025-12-30 过期');
    expect(alert.className).toContain('ant-alert-warning');
    fireEvent.click(screen.getByText('English'));
    await waitFor(() => expect(screen.getByTestId('pki-expiry').textContent).toContain('Platform seal certificate “CN=江城市公共资源交易平台 平台签章,O=江城市公共资源交易平台,C=CN” expires on 2026-01-11 (10 days left)'));
  }, 30_000);

  it('nothing when no certificate expires soon (the server sends no warnings)', async () => {
    startApp('/workspace/staff/archive', { as: 'staff' });
    await screen.findByRole('heading', { level: 1, name: '归档' });
    expect(screen.queryByTestId('pki-expiry')).toBeNull();
  }, 30_000);

  it('a bidder never sees it', async () => {
    const { api } = startApp('/workspace/bidder/users', { as: 'bidder1', handlers: { ...expiring, 'user.list': () => [] } });
    await screen.findByTestId('role-menu');
    await waitFor(() => expect(api.calls.some((c) => c.path === 'user.list')).toBe(true));
    expect(screen.queryByTestId('pki-expiry')).toBeNull();
  }, 30_000);
});
