/**
 * Certificates through the API on real PostgreSQL and the S3 server (issue 3 §2, §3 and its bad-input
 * list): issue from CSRs, certificate login by signing a challenge, and each certificate problem with
 * its own code; renewal, revocation and the CRL (checked with openssl).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { auditEvents, certificates } from '@ebid/db';
import { createCsrPem, ensureDevPki, generateKeyPairPem, outerManifestBytes, signCmsDetached } from '@ebid/pki';
import { latestCrl, seedDemo } from '@ebid/services';
import { createTestDatabase, createTestDeps, type TestDatabase } from '@ebid/testing';
import { TEST_ORIGIN, apiClient, appCode } from './test-client.ts';

let tdb: TestDatabase;
let deps: Awaited<ReturnType<typeof createTestDeps>>;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-cert-test-'));

beforeAll(async () => {
  tdb = await createTestDatabase();
  deps = await createTestDeps(tdb.database);
  await seedDemo(deps, { certificates: false, projects: false });
});
afterAll(async () => {
  await deps?.close();
  await tdb?.drop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const client = () => apiClient(deps);

interface Holder {
  signing: { privateKeyPem: string; certPem: string };
  certId: number;
}

/** Log in by password, make keys and CSRs like `ebid keygen` + `ebid csr`, get both certificates. */
async function enroll(username: string, subject: { commonName: string; organizationName: string }): Promise<Holder> {
  const c = client();
  await (await c.call()).auth.login({ username, password: 'Demo#2026' });
  const sk = generateKeyPairPem();
  const ek = generateKeyPairPem();
  const res = await (await c.call()).cert.issue({
    signingCsrPem: createCsrPem(sk, subject),
    encryptionCsrPem: createCsrPem(ek, subject),
  });
  expect(res.signing.usage).toBe('signing');
  expect(res.encryption.usage).toBe('encryption');
  expect(res.signing.subjectDn).toContain(subject.commonName);
  return { signing: { privateKeyPem: sk.privateKeyPem, certPem: res.signing.pem }, certId: res.signing.id };
}

/** Renew from a certificate-login session with the current signing key (issue 13 §4). */
async function renew(current: { privateKeyPem: string; certPem: string }, subject: { commonName: string; organizationName: string }): Promise<Holder> {
  const { c } = await certLogin(current);
  const sk = generateKeyPairPem();
  const ek = generateKeyPairPem();
  const res = await (await c.call()).cert.issue({ signingCsrPem: createCsrPem(sk, subject), encryptionCsrPem: createCsrPem(ek, subject) });
  return { signing: { privateKeyPem: sk.privateKeyPem, certPem: res.signing.pem }, certId: res.signing.id };
}

async function certLogin(signer: { privateKeyPem: string; certPem: string }, tamper = false) {
  const c = client();
  const { challenge } = await (await c.call()).auth.certChallenge();
  const content = Buffer.from(tamper ? challenge + 'x' : challenge, 'utf8');
  const sig = signCmsDetached(content, { keyPem: signer.privateKeyPem, certPem: signer.certPem });
  const session = await (await c.call()).auth.certLogin({ challenge, signature: sig.toString('base64') });
  return { c, session, challenge, sig };
}

const CHEN = { commonName: '陈伟', organizationName: '华东建工集团有限公司' };
const LIU = { commonName: '刘洋', organizationName: '江南路桥建设有限公司' };

describe('certificates and certificate login', () => {
  let chen: Holder;
  beforeAll(async () => {
    chen = await enroll('bidder1', CHEN);
  });

  it('logs in by signing the server challenge; the session records the certificate serial', async () => {
    const { c, session } = await certLogin(chen.signing);
    expect(session.actor).toMatchObject({ username: 'bidder1', role: 'bidder' });
    expect(session.actor.certSerial).toMatch(/^[0-9a-f]+$/);
    expect((await (await c.call()).auth.me()).actor?.username).toBe('bidder1');
  });

  it('a challenge is single use', async () => {
    const { challenge, sig } = await certLogin(chen.signing);
    const again = (await client().call()).auth.certLogin({ challenge, signature: sig.toString('base64') });
    expect(await appCode(again)).toBe('UNAUTHORIZED');
  });

  it('the challenge names the origin the client connects to: ebid-login:v1:<origin>:<nonce> (issue 14 §5)', async () => {
    const { challenge } = await (await client().call()).auth.certChallenge();
    expect(challenge).toMatch(new RegExp(`^ebid-login:v1:${TEST_ORIGIN}:[A-Za-z0-9_-]{43}$`));
  });

  it.each<[string, (challenge: string) => string, string]>([
    [
      'a signature over an outer bid manifest presented as the challenge',
      () => new TextDecoder().decode(outerManifestBytes({ projectId: 1, sectionId: 2, bidderOrgId: 3, version: 1, part: 'summary', headerSha256: 'a'.repeat(64), partHash: 'b'.repeat(64), size: 10 })),
      'SIGNING_DOMAIN_MISMATCH',
    ],
    ['a challenge rewritten for another origin', (c) => c.replace(TEST_ORIGIN, 'https://evil.example.com'), 'LOGIN_ORIGIN_MISMATCH'],
    ['the old unversioned form', (c) => `ebid-login:${c.slice(-43)}`, 'SIGNING_DOMAIN_MISMATCH'],
  ])('the server refuses %s: VALIDATION / %s, and the real challenge stays unused (issue 14 §5)', async (_what, forge, reason) => {
    const c = client();
    const { challenge } = await (await c.call()).auth.certChallenge();
    const other = forge(challenge);
    const sig = signCmsDetached(Buffer.from(other, 'utf8'), { keyPem: chen.signing.privateKeyPem, certPem: chen.signing.certPem });
    const err = await (await c.call()).auth.certLogin({ challenge: other, signature: sig.toString('base64') }).catch((e: unknown) => e);
    expect(err).toMatchObject({ cause: { code: 'VALIDATION', details: { reason } } });
    const good = signCmsDetached(Buffer.from(challenge, 'utf8'), { keyPem: chen.signing.privateKeyPem, certPem: chen.signing.certPem });
    expect((await (await c.call()).auth.certLogin({ challenge, signature: good.toString('base64') })).actor.username).toBe('bidder1');
  });

  it('a challenge issued for one origin is refused from another; with PUBLIC_URL only that origin gets one (issue 14 §5)', async () => {
    const a = apiClient(deps, '10.9.0.1', 'https://a.example.cn');
    const { challenge } = await (await a.call()).auth.certChallenge();
    expect(challenge.startsWith('ebid-login:v1:https://a.example.cn:')).toBe(true);
    const sig = signCmsDetached(Buffer.from(challenge, 'utf8'), { keyPem: chen.signing.privateKeyPem, certPem: chen.signing.certPem });
    const b = apiClient(deps, '10.9.0.1', 'https://b.example.cn');
    expect(await (await b.call()).auth.certLogin({ challenge, signature: sig.toString('base64') }).catch((e: unknown) => e)).toMatchObject({ cause: { details: { reason: 'LOGIN_ORIGIN_MISMATCH' } } });
    const pinned = { ...deps, config: { ...deps.config, publicUrl: 'https://ebid.example.cn' } };
    expect(await (await apiClient(pinned, '10.9.0.2', 'https://b.example.cn').call()).auth.certChallenge().catch((e: unknown) => e)).toMatchObject({ cause: { code: 'VALIDATION', details: { reason: 'LOGIN_ORIGIN_MISMATCH' } } });
    expect((await (await apiClient(pinned, '10.9.0.2', 'https://ebid.example.cn').call()).auth.certChallenge()).challenge).toMatch(/^ebid-login:v1:https:\/\/ebid\.example\.cn:/);
  });

  it('a signature over other bytes → SIGNATURE_INVALID', async () => {
    expect(await appCode(certLogin(chen.signing, true))).toBe('SIGNATURE_INVALID');
  });

  it('expired → CERT_EXPIRED, not yet valid → CERT_NOT_YET_VALID (server time decides)', async () => {
    deps.clock.advance(3 * 365 * 24 * 3600_000);
    try {
      expect(await appCode(certLogin(chen.signing))).toBe('CERT_EXPIRED');
    } finally {
      deps.clock.advance(-3 * 365 * 24 * 3600_000);
    }
    deps.clock.advance(-24 * 3600_000);
    try {
      expect(await appCode(certLogin(chen.signing))).toBe('CERT_NOT_YET_VALID');
    } finally {
      deps.clock.advance(24 * 3600_000);
    }
  });

  it('a certificate from an untrusted CA → CERT_UNTRUSTED; trusted by configuration (CA互认) it is recognised but not registered', async () => {
    const foreign = await ensureDevPki(path.join(tmp, 'foreign-ca'));
    const keys = generateKeyPairPem();
    const now = deps.clock.now();
    const issued = foreign.issueUserCertificate({
      csrPem: createCsrPem(keys, CHEN),
      usage: 'signing',
      expectedSubject: CHEN,
      notBefore: now,
      notAfter: new Date(now.getTime() + 86_400_000),
    });
    const signer = { privateKeyPem: keys.privateKeyPem, certPem: issued.pem };
    expect(await appCode(certLogin(signer))).toBe('CERT_UNTRUSTED');
    const roots = deps.pki.trustedRootsPem;
    deps.pki.trustedRootsPem = [...roots, foreign.rootCertPem];
    try {
      expect(await appCode(certLogin(signer))).toBe('CERT_INVALID');
    } finally {
      deps.pki.trustedRootsPem = roots;
    }
  });

  it('a CSR whose signature fails, or whose subject is not the user → CSR_INVALID, nothing issued', async () => {
    const c = client();
    await (await c.call()).auth.login({ username: 'bidder2', password: 'Demo#2026' });
    const k = generateKeyPairPem();
    const good = createCsrPem(k, LIU);
    const before = [(await deps.db.select({ n: count() }).from(certificates))[0]?.n, (await deps.db.select({ n: count() }).from(auditEvents))[0]?.n];
    const notMe = createCsrPem(k, { commonName: '陈伟', organizationName: '江南路桥建设有限公司' });
    expect(await appCode((await c.call()).cert.issue({ signingCsrPem: notMe, encryptionCsrPem: good }))).toBe('CSR_INVALID');
    // Flip one byte inside the CSR's signature (near the end of the DER).
    const der = Buffer.from(good.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
    der[der.length - 10] = (der[der.length - 10] ?? 0) ^ 0xff;
    const broken = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE REQUEST-----\n`;
    expect(await appCode((await c.call()).cert.issue({ signingCsrPem: broken, encryptionCsrPem: good }))).toBe('CSR_INVALID');
    const after = [(await deps.db.select({ n: count() }).from(certificates))[0]?.n, (await deps.db.select({ n: count() }).from(auditEvents))[0]?.n];
    expect(after).toEqual(before);
  });

  it('renewal supersedes the old signing certificate, which can no longer log in', async () => {
    const liu1 = await enroll('bidder2', LIU);
    // A password alone no longer replaces a valid certificate (issue 13 §4) …
    expect(await appCode(enroll('bidder2', LIU))).toBe('FORBIDDEN');
    // … a session opened with it does.
    const liu2 = await renew(liu1.signing, LIU);
    const list = await (await (async () => {
      const c = client();
      await (await c.call()).auth.login({ username: 'bidder2', password: 'Demo#2026' });
      return c.call();
    })()).cert.list({});
    expect(list.find((x) => x.id === liu1.certId)?.status).toBe('superseded');
    expect(list.find((x) => x.id === liu2.certId)?.status).toBe('active');
    expect(await appCode(certLogin(liu1.signing))).toBe('CERT_INVALID');
    expect((await certLogin(liu2.signing)).session.actor.username).toBe('bidder2');
  });

  it('another user cannot see or revoke my certificates', async () => {
    const other = client();
    await (await other.call()).auth.login({ username: 'bidder3', password: 'Demo#2026' });
    const b1 = (await deps.db.select().from(certificates)).find((x) => x.id === chen.certId)!;
    expect(await appCode((await other.call()).cert.list({ userId: b1.userId }))).toBe('NOT_FOUND');
    expect(await appCode((await other.call()).cert.revoke({ certificateId: chen.certId, reason: 1 }))).toBe('NOT_FOUND');
  });

  it('revocation → CERT_REVOKED at login, and the new CRL (openssl-verified) lists the serial', async () => {
    const c = client();
    await (await c.call()).auth.login({ username: 'bidder1', password: 'Demo#2026' });
    const revoked = await (await c.call()).cert.revoke({ certificateId: chen.certId, reason: 1 });
    expect(revoked.status).toBe('revoked');
    expect(await appCode(certLogin(chen.signing))).toBe('CERT_REVOKED');
    expect(await appCode((await c.call()).cert.revoke({ certificateId: chen.certId, reason: 1 }))).toBe('INVALID_STATE');

    const stream = await latestCrl(deps);
    expect(stream).not.toBeNull();
    const chunks: Buffer[] = [];
    for await (const ch of stream as AsyncIterable<Buffer>) chunks.push(ch);
    fs.writeFileSync(path.join(tmp, 'crl.der'), Buffer.concat(chunks));
    fs.writeFileSync(path.join(tmp, 'root.pem'), deps.pki.platform.rootCertPem);
    const text = execFileSync('openssl', ['crl', '-inform', 'DER', '-in', path.join(tmp, 'crl.der'), '-CAfile', path.join(tmp, 'root.pem'), '-noout', '-text'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(text.toUpperCase()).toContain(revoked.serialHex.toUpperCase());
  });
});
