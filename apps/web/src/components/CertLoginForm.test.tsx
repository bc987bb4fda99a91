// @vitest-environment jsdom
/**
 * 证书登录 in the page, with the real browser crypto (jsdom has WebCrypto, not IndexedDB): a .p12 made
 * by a development CA, a wrong passphrase on the field, the right one signs in through a fake server
 * that verifies the CMS signature with the server's verifier; a saved key that this browser cannot
 * load shows its error with the code.
 */
import '../test/dom.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { AppError } from '@ebid/domain';
import { ensureDevPki, verifyCmsDetached, type PlatformPki } from '@ebid/pki';
import { createCsrPemWithWebCrypto, exportP12, generateUserKeys } from '@ebid/pki/browser';
import { keyStoreName, rememberKey } from '../certs.ts';
import { startApp } from '../test/app.tsx';
import { ACTORS } from '../test/fakeApi.ts';

const SUBJECT = { commonName: '陈伟', organizationName: '华东建工集团有限公司', serialNumber: '91330100MA0000001G', countryName: 'CN' };
const PASSPHRASE = 'P12-test-pass';

let dir: string;
let ca: PlatformPki;
let p12: Uint8Array<ArrayBuffer>;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-web-login-'));
  ca = await ensureDevPki(path.join(dir, 'dev'));
  const keys = await generateUserKeys();
  const csrPem = await createCsrPemWithWebCrypto(keys.signing, SUBJECT);
  const now = Date.now();
  const { pem } = ca.issueUserCertificate({
    csrPem,
    usage: 'signing',
    expectedSubject: SUBJECT,
    notBefore: new Date(now - 86_400_000),
    notAfter: new Date(now + 86_400_000),
  });
  p12 = new Uint8Array(await exportP12({ privateKey: keys.signing.privateKey, certPem: pem, chainPem: [ca.rootCertPem], passphrase: PASSPHRASE }));
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const certServer = {
  'auth.certChallenge': () => ({ challenge: `ebid-login:v1:${window.location.origin}:${'x'.repeat(43)}`, expiresAt: new Date().toISOString() }),
  'auth.certLogin': (input: unknown) => {
    const { challenge, signature } = input as { challenge: string; signature: string };
    const check = verifyCmsDetached(Buffer.from(signature, 'base64'), Buffer.from(challenge, 'utf8'), {
      trustedRootsPem: [ca.rootCertPem],
      at: new Date(),
      usage: 'signing',
    });
    if (!check.ok) throw new AppError('SIGNATURE_INVALID');
    return { actor: { ...ACTORS.bidder1, certSerial: check.signer.serialHex }, expiresAt: new Date().toISOString() };
  },
  'cert.list': () => [],
  // The server clock inside the certificate's validity: the import judges validity by it (issue 16 §3).
  'system.time': () => ({ epochMs: Date.now(), iso: new Date().toISOString(), timeZone: 'Asia/Shanghai', fakeClock: false, acceleration: 1 }),
};

async function openCertTab() {
  await screen.findByRole('heading', { level: 1, name: '登录' });
  fireEvent.click(screen.getByRole('tab', { name: '证书登录' }));
  await waitFor(() => expect(screen.getByTestId('cert-login-submit').textContent).toContain('使用证书登录'), { timeout: 20_000 });
}

describe('证书登录', () => {
  beforeEach(() => localStorage.clear());
  afterEach(cleanup);

  it('signs in with a .p12 backup; a wrong passphrase shows on the field with its reason', async () => {
    const { api, router } = startApp('/login', { handlers: certServer });
    await openCertTab();
    const input = screen.getByTestId('cert-login').querySelector('input[type=file]')!;
    fireEvent.change(input, { target: { files: [new File([p12], 'bidder1-sign.p12', { type: 'application/x-pkcs12' })] } });
    await screen.findByText('bidder1-sign.p12');

    fireEvent.change(screen.getByLabelText('备份密码'), { target: { value: 'wrong-passphrase' } });
    fireEvent.click(screen.getByTestId('cert-login-submit'));
    expect(await screen.findByText('证书备份文件密码错误 (P12_BAD_PASSPHRASE)', {}, { timeout: 20_000 })).toBeTruthy();
    expect(api.calls.filter((c) => c.path.startsWith('auth.cert'))).toEqual([]);

    fireEvent.change(screen.getByLabelText('备份密码'), { target: { value: PASSPHRASE } });
    fireEvent.click(screen.getByTestId('cert-login-submit'));
    await waitFor(() => expect(router.state.location.pathname).toBe('/workspace/bidder/certificate'), { timeout: 20_000 });
    expect(api.calls.map((c) => c.path).filter((p) => p.startsWith('auth.cert'))).toEqual(['auth.certChallenge', 'auth.certLogin']);
  }, 60_000);

  it('refuses a .p12 whose certificate is not yet valid by the SERVER clock before any sign-in request (issue 16 §3)', async () => {
    const { 'system.time': _serverNow, ...rest } = certServer;
    void _serverNow;
    // the fake server's clock stands at 2026-01-01, before the certificate's notBefore
    const { api } = startApp('/login', { handlers: rest });
    await openCertTab();
    const input = screen.getByTestId('cert-login').querySelector('input[type=file]')!;
    fireEvent.change(input, { target: { files: [new File([p12], 'bidder1-sign.p12', { type: 'application/x-pkcs12' })] } });
    await screen.findByText('bidder1-sign.p12');
    fireEvent.change(screen.getByLabelText('备份密码'), { target: { value: PASSPHRASE } });
    fireEvent.click(screen.getByTestId('cert-login-submit'));
    await waitFor(() => expect(screen.getByTestId('error-code').textContent).toBe('CERT_NOT_YET_VALID'), { timeout: 20_000 });
    expect(screen.getByTestId('app-error').textContent).toContain('所选文件（bidder1-sign.p12）的证书尚未生效（以服务器时间为准）');
    expect(api.calls.filter((c) => c.path.startsWith('auth.cert'))).toEqual([]);
  }, 60_000);

  it('offers the keys this browser keeps, and shows why one cannot be used, with the code', async () => {
    rememberKey({
      name: keyStoreName('bidder4', 'signing'),
      usage: 'signing',
      username: 'bidder4',
      subjectDn: 'CN=徐楠,O=之江智能科技有限公司,C=CN',
      serialHex: '0a1b',
      notAfter: '2028-01-01T00:00:00.000Z',
      savedAt: '2026-01-01T00:00:00.000Z',
    });
    startApp('/login', { handlers: certServer });
    await openCertTab();
    const saved = screen.getByTestId('saved-keys');
    expect(saved.textContent).toContain('bidder4');
    expect(saved.textContent).toContain('徐楠 · 之江智能科技有限公司');
    expect(saved.textContent).toContain('0A:1B');
    fireEvent.click(screen.getByTestId('saved-key-login'));
    // jsdom has no IndexedDB: the failure is shown as an error with its code, not swallowed
    await waitFor(() => expect(screen.getByTestId('error-code').textContent).toBe('UNAVAILABLE'), { timeout: 20_000 });
    expect(screen.getByTestId('app-error').textContent).toContain('证书登录失败');
  }, 60_000);
});
