/**
 * The browser's certificate flows (src/pki.ts) with the real @ebid/pki/browser crypto (Node's WebCrypto)
 * against a fake API whose cert.issue and auth.certLogin use a real development CA and the server's
 * CMS verifier: keys → CSRs → certificates → .p12 backups → certificate sign-in. IndexedDB is absent
 * here (the keys are reported as not stored); the e2e covers it in Chromium.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@ebid/domain';
import { ensureDevPki, loginChallenge, outerManifestBytes, verifyCmsDetached, type PlatformPki } from '@ebid/pki';
import { toAppErrorView } from './errors.ts';
import { APPLY_STEPS, ApplyCancelled, applyForCertificates, certificateSignIn, readP12, type ApplyStep } from './pki.ts';
import { ACTORS, createFakeApi, type Handler } from './test/fakeApi.ts';

const SUBJECT = { commonName: '徐楠', organizationName: '之江智能科技有限公司', serialNumber: '91330100MA0000001G', countryName: 'CN' };
const PASSPHRASE = 'P12-test-pass';
const DAY = 86_400_000;
/** The origin the page runs at in these tests (login challenges name it, issue 14 §5). */
const ORIGIN = 'https://ebid.example.cn';

let dir: string;
let ca: PlatformPki;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-web-pki-'));
  ca = await ensureDevPki(path.join(dir, 'dev'));
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** cert.issue and certificate sign-in as the server does them, over the development CA. */
function server(challengeFor: (nonce: string) => string = (nonce) => loginChallenge(ORIGIN, nonce)) {
  let nextId = 1;
  const revoked = new Set<string>();
  const challenges = new Set<string>();
  const issue = (csrPem: string, usage: 'signing' | 'encryption') => {
    const now = Date.now();
    const { pem, info } = ca.issueUserCertificate({
      csrPem,
      usage,
      expectedSubject: SUBJECT,
      notBefore: new Date(now - DAY),
      notAfter: new Date(now + 365 * DAY),
    });
    return {
      id: nextId++,
      userId: ACTORS.bidder1.userId,
      usage,
      serialHex: info.serialHex,
      subjectDn: info.subjectDn,
      issuerDn: info.issuerDn,
      notBefore: info.notBefore.toISOString(),
      notAfter: info.notAfter.toISOString(),
      fingerprintSha256: info.fingerprintSha256,
      status: 'active' as const,
      revokedAt: null,
      pem,
    };
  };
  const handlers: Record<string, Handler> = {
    'cert.issue': (input) => {
      const { signingCsrPem, encryptionCsrPem } = input as { signingCsrPem: string; encryptionCsrPem: string };
      return { signing: issue(signingCsrPem, 'signing'), encryption: issue(encryptionCsrPem, 'encryption'), caCertPem: ca.rootCertPem };
    },
    'auth.certChallenge': () => {
      const challenge = challengeFor(Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url'));
      challenges.add(challenge);
      return { challenge, expiresAt: new Date(Date.now() + 60_000).toISOString() };
    },
    'auth.certLogin': (input) => {
      const { challenge, signature } = input as { challenge: string; signature: string };
      const check = verifyCmsDetached(Buffer.from(signature, 'base64'), Buffer.from(challenge, 'utf8'), {
        trustedRootsPem: [ca.rootCertPem],
        at: new Date(),
        isRevoked: (serial) => revoked.has(serial),
        usage: 'signing',
      });
      if (!check.ok) throw new AppError(check.reason === 'CERT_REVOKED' ? 'CERT_REVOKED' : 'SIGNATURE_INVALID');
      if (!challenges.delete(challenge)) throw new AppError('UNAUTHORIZED');
      return { actor: { ...ACTORS.bidder1, certSerial: check.signer.serialHex }, expiresAt: new Date(Date.now() + DAY).toISOString() };
    },
  };
  return { handlers, revoked };
}

/** "CODE/reason" of what a call threw (an AppError in the browser, or the API's error). */
async function reason(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    const view = toAppErrorView(e);
    return `${view.code}/${String(view.details?.reason ?? '')}`;
  }
  return undefined;
}

describe('applying for certificates and signing in with them', () => {
  it('generates keys, sends CSRs, makes two .p12 backups; the signing backup signs in', async () => {
    const { handlers, revoked } = server();
    const api = createFakeApi(handlers);
    const steps: ApplyStep[] = [];
    const result = await applyForCertificates(
      api.client,
      { username: 'bidder4', subject: SUBJECT, passphrase: PASSPHRASE },
      { onStep: (s) => steps.push(s) },
    );
    expect(steps).toEqual([...APPLY_STEPS]);
    expect(api.calls.map((c) => c.path)).toEqual(['cert.issue']);
    const sent = api.calls[0]!.input as { signingCsrPem: string; encryptionCsrPem: string };
    expect(sent.signingCsrPem).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----/);
    expect(sent.encryptionCsrPem).not.toBe(sent.signingCsrPem);
    expect(result.signing.cert.usage).toBe('signing');
    expect(result.encryption.cert.usage).toBe('encryption');
    expect(result.signing.p12.length).toBeGreaterThan(1000);
    // no IndexedDB in Node: reported, not fatal (the backups hold the keys)
    expect(result.stored).toBe(false);

    // the backup opens only with its passphrase
    const file = new Blob([result.signing.p12]);
    expect(await reason(readP12(file, 'wrong-passphrase', 'signing'))).toBe('VALIDATION/P12_BAD_PASSPHRASE');
    const key = await readP12(file, PASSPHRASE, 'signing');
    expect(key.privateKey.extractable).toBe(false);
    expect(key.certPem).toBe(result.signing.cert.pem);

    // certificate sign-in: a fresh challenge signed with the key, verified by the server's verifier
    const session = await certificateSignIn(api.client, key, undefined, ORIGIN);
    expect(session.actor.username).toBe('bidder1');
    expect(session.actor.certSerial).toBe(result.signing.cert.serialHex);
    expect(api.calls.map((c) => c.path).slice(-2)).toEqual(['auth.certChallenge', 'auth.certLogin']);

    // the encryption backup opens as an encryption key, and cannot sign in
    const enc = await readP12(new Blob([result.encryption.p12]), PASSPHRASE, 'encryption');
    expect(await reason(certificateSignIn(api.client, enc, undefined, ORIGIN))).toBe('VALIDATION/KEY_INVALID');

    // a revoked certificate is refused with its own code
    revoked.add(result.signing.cert.serialHex);
    expect(await reason(certificateSignIn(api.client, key, undefined, ORIGIN))).toBe('CERT_REVOKED/');
  }, 60_000);

  it.each<[string, (nonce: string) => string, string]>([
    [
      'an outer bid manifest handed over as the "challenge" (a malicious server)',
      () => new TextDecoder().decode(outerManifestBytes({ projectId: 7, sectionId: 9, bidderOrgId: 3, version: 1, part: 'summary', headerSha256: 'a'.repeat(64), partHash: 'b'.repeat(64), size: 4096 })),
      'VALIDATION/SIGNING_DOMAIN_MISMATCH',
    ],
    ['a login challenge for another origin', (nonce) => loginChallenge('https://evil.example.com', nonce), 'VALIDATION/LOGIN_ORIGIN_MISMATCH'],
    ['the old unversioned challenge', (nonce) => `ebid-login:${nonce}`, 'VALIDATION/SIGNING_DOMAIN_MISMATCH'],
  ])('refuses to sign %s: no signature leaves the page (issue 14 §5)', async (_what, challengeFor, expected) => {
    const { handlers } = server(challengeFor);
    const api = createFakeApi(handlers);
    const result = await applyForCertificates(api.client, { username: 'bidder4', subject: SUBJECT, passphrase: PASSPHRASE });
    const key = await readP12(new Blob([result.signing.p12]), PASSPHRASE, 'signing');
    expect(await reason(certificateSignIn(api.client, key, undefined, ORIGIN))).toBe(expected);
    expect(api.calls.map((c) => c.path)).toEqual(['cert.issue', 'auth.certChallenge']);
  }, 60_000);

  it('can be cancelled before the request is sent, and then sends nothing', async () => {
    const api = createFakeApi(server().handlers);
    const ac = new AbortController();
    const steps: ApplyStep[] = [];
    const run = applyForCertificates(
      api.client,
      { username: 'bidder4', subject: SUBJECT, passphrase: PASSPHRASE },
      {
        signal: ac.signal,
        onStep: (s) => {
          steps.push(s);
          if (s === 'csr') ac.abort();
        },
      },
    );
    await expect(run).rejects.toBeInstanceOf(ApplyCancelled);
    expect(steps).toEqual(['keys', 'csr']);
    expect(api.calls).toEqual([]);
  }, 60_000);

  it('reports a CSR the CA refuses (the subject of another person) with its reason', async () => {
    const { handlers } = server();
    const api = createFakeApi(handlers);
    const other = { ...SUBJECT, commonName: '别人' };
    const err = await reason(applyForCertificates(api.client, { username: 'bidder4', subject: other, passphrase: PASSPHRASE }));
    // the fake passes the CA's own error through: the code is the pki reason's AppError code
    expect(err).toMatch(/CSR_SUBJECT_MISMATCH/);
  }, 60_000);
});
