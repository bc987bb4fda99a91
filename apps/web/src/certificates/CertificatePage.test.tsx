// @vitest-environment jsdom
import '../test/dom.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { webcrypto } from 'node:crypto';
import { exportP12 } from '@ebid/pki/browser';
import { makeTestCertificate } from '@ebid/pki/test-ca';
import { startApp } from '../test/app.tsx';

/** The fake server's clock is 2026-01-01T00:00Z (see demoServer). */
function cert(id: number, usage: 'signing' | 'encryption', status: 'active' | 'revoked' | 'superseded', notAfter = '2028-01-01T00:00:00.000Z') {
  return {
    id,
    userId: 5,
    usage,
    serialHex: `0${id}ab`,
    subjectDn: 'serialNumber=91330100MA0000001G,CN=陈伟,O=华东建工集团有限公司,C=CN',
    issuerDn: 'CN=示范市公共资源交易平台根证书,O=示范市公共资源交易中心,C=CN',
    notBefore: '2025-06-01T00:00:00.000Z',
    notAfter,
    fingerprintSha256: 'f'.repeat(64),
    status,
    revokedAt: status === 'revoked' ? '2025-12-01T00:00:00.000Z' : null,
    pem: '-----BEGIN CERTIFICATE-----\nMA==\n-----END CERTIFICATE-----\n',
  };
}

describe('我的证书', () => {
  beforeEach(() => localStorage.clear());
  afterEach(cleanup);

  it('lists the certificates in use first, each state in words, and asks for renewal when a usage has none valid', async () => {
    startApp('/workspace/bidder/certificate', {
      as: 'bidder1',
      handlers: {
        'cert.list': () => [cert(1, 'signing', 'superseded'), cert(2, 'encryption', 'revoked'), cert(3, 'signing', 'active'), cert(4, 'encryption', 'active', '2025-12-31T00:00:00.000Z')],
      },
    });
    const table = await screen.findByTestId('cert-table');
    await waitFor(() => expect(within(table).getAllByTestId('cert-state')).toHaveLength(4));
    // the server clock is known once measured: the encryption certificate ended the day before
    await waitFor(() =>
      expect(within(table).getAllByTestId('cert-state').map((e) => e.textContent)).toEqual(['有效', '已过期', '已替换', '已吊销']),
    );
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows[0]!.textContent).toContain('签名');
    expect(rows[0]!.textContent).toContain('陈伟 · 华东建工集团有限公司');
    expect(rows[0]!.textContent).toContain('示范市公共资源交易平台根证书');
    expect(rows[0]!.textContent).toContain('03:AB');
    // a revoked certificate has no revoke button
    expect(within(rows[3]!).queryByRole('button', { name: /吊\s*销/ })).toBeNull();
    expect(await screen.findByTestId('cert-renew-needed')).toBeTruthy();
    expect(screen.getByTestId('cert-apply').textContent).toContain('更新证书');
    // a password session: renewing a valid certificate needs a certificate login first (issue 13 §4)
    expect(screen.getByTestId('cert-renew-needs-login').textContent).toContain('更新证书须先使用当前证书登录');
    expect(screen.getByTestId('root-ca').getAttribute('href')).toBe('/pki/root.pem');
  }, 30_000);

  it('导入证书备份 refuses, at import, the encryption backup chosen as 签名 — saying which file is which — and keeps nothing (issue 16 §3)', async () => {
    const ca = await makeTestCertificate({ subject: { commonName: '测试根CA', countryName: 'CN' } });
    const enc = await makeTestCertificate({
      subject: { commonName: '陈伟（华东建工）', organizationName: '华东建工集团有限公司', countryName: 'CN' },
      issuer: ca,
      ca: false,
      usage: ['keyEncipherment', 'dataEncipherment'],
      notBefore: new Date('2025-06-01T00:00:00Z'),
      notAfter: new Date('2028-01-01T00:00:00Z'),
    });
    const key = await webcrypto.subtle.importKey('pkcs8', Buffer.from(enc.keyPem.replace(/-----[^-]+-----|\s/g, ''), 'base64'), { name: 'RSA-OAEP', hash: 'SHA-256' }, true, ['decrypt']);
    const p12 = await exportP12({ privateKey: key as CryptoKey, certPem: enc.certPem, passphrase: 'P12-test-pass' });
    const { api } = startApp('/workspace/bidder/certificate', {
      as: 'bidder1',
      handlers: { 'cert.list': () => [{ ...cert(3, 'signing', 'active') }, { ...cert(4, 'encryption', 'active'), serialHex: enc.info.serialHex }] },
    });
    fireEvent.click(await screen.findByTestId('cert-import'));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(dialog.querySelector('input[type=file]')!, { target: { files: [new File([new Uint8Array(p12)], 'bidder1-enc.p12')] } });
    await within(dialog).findByText('bidder1-enc.p12');
    fireEvent.change(within(dialog).getByLabelText('备份密码'), { target: { value: 'P12-test-pass' } });
    fireEvent.click(within(dialog).getByRole('button', { name: /导\s*入/ }));
    await waitFor(() => expect(within(dialog).getByTestId('app-error').textContent).toContain('您在“签名证书”处选择的文件（bidder1-enc.p12）是加密证书'), { timeout: 20_000 });
    expect(within(dialog).getByTestId('error-code').textContent).toBe('CERT_INVALID');
    expect(api.calls.some((c) => c.path === 'cert.describe')).toBe(false);
    expect(localStorage.getItem('ebid.keys')).toBeNull();
  }, 60_000);

  it('revokes after a confirmation with a reason', async () => {
    const { api } = startApp('/workspace/bidder/certificate', {
      as: 'bidder1',
      handlers: {
        'cert.list': () => [cert(3, 'signing', 'active'), cert(4, 'encryption', 'active')],
        'cert.revoke': (input) => ({ ...cert(3, 'signing', 'revoked'), id: (input as { certificateId: number }).certificateId }),
      },
    });
    fireEvent.click(await screen.findByTestId('revoke-3'));
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain('吊销后此证书不能再用于登录和签名，且无法恢复。');
    fireEvent.click(within(dialog).getByLabelText('不再使用'));
    fireEvent.click(within(dialog).getByTestId('revoke-confirm'));
    await waitFor(() => expect(api.calls.find((c) => c.path === 'cert.revoke')?.input).toEqual({ certificateId: 3, reason: 5 }));
    expect(await screen.findByText('证书已吊销')).toBeTruthy();
  }, 30_000);

  it('asks for the backup passphrase twice before generating keys', async () => {
    const { api } = startApp('/workspace/bidder/certificate', {
      as: 'bidder1',
      handlers: {
        'cert.list': () => [],
        'org.get': () => ({
          id: 4,
          creditCode: '91330100MA0000001G',
          name: '华东建工集团有限公司',
          kind: 'bidder',
          status: 'active',
          regionCode: '330100',
          contactPhone: null,
          createdAt: '2025-01-01T00:00:00.000Z',
          reviewNote: null,
        }),
      },
    });
    fireEvent.click(await screen.findByTestId('cert-apply'));
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain('申请证书');
    await within(dialog).findByText('91330100MA0000001G');
    fireEvent.change(within(dialog).getByLabelText('备份密码'), { target: { value: '密码短' } });
    fireEvent.change(within(dialog).getByLabelText('确认备份密码'), { target: { value: 'different' } });
    fireEvent.click(within(dialog).getByTestId('cert-apply-start'));
    expect(await within(dialog).findByText('备份密码至少 8 位')).toBeTruthy();
    expect(within(dialog).getByText('备份密码只能包含英文字母、数字和符号')).toBeTruthy();
    expect(within(dialog).getByText('两次输入的备份密码不一致')).toBeTruthy();
    expect(api.calls.filter((c) => c.path === 'cert.issue')).toEqual([]);
  }, 30_000);
});
