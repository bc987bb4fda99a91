/**
 * Trust corrections through the real server on PostgreSQL + S3 (issue 13 §1 §3 §4 §7): revoking or
 * superseding a signing certificate ends its sessions at once and every certificate-gated act checks it
 * when it runs, while a renewed encryption certificate never blocks the old bids' decryption; password
 * limits that hold under 150 parallel attempts and slow rather than lock (known devices, certificate login
 * and a shared office address unaffected); a certificate only from a certificate (or an approval), the
 * user told of every issuance, revocation and reset, reset links only to the user; audit events that say
 * who, from where and with what; SHA-256 and SM3 of every sealed part.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { auditEvents, bidParts, certificates, loginAttempts, notifications, outbox, passwordResetTokens, sessions, users } from '@ebid/db';
import { isAppError } from '@ebid/domain';
import { DEMO_PASSWORD, type JobKind, type JobPayloadArg, signInToOpening } from '@ebid/services';
import { apiClient, loginAs, appError } from '@ebid/api/test-client';
import { SESSION_COOKIE } from '@ebid/api';
import { createCsrPem, ensureDevPki, generateKeyPairPem, signCmsDetached, unwrapContentKey } from '@ebid/pki';
import { createTestClient, runTestJob } from '@ebid/testing';
import { biddingProject } from '@ebid/testing';
import { startTestApp, type TestApp } from './test-app.ts';
import { bidKit, DEADLINE, summary } from './bid-test-kit.ts';

let testApp: TestApp;
let deps: TestApp['deps'];
const kit = bidKit(() => testApp);
const { as, asCert, keysOf, issueKeys, submit } = kit;
const START = new Date('2026-02-25T02:00:00Z');
const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-trust-'));


const runJob = <K extends JobKind>(kind: K, ...payload: JobPayloadArg<K>) => runTestJob(deps, kind, ...payload);

/** A tRPC call over real HTTP with a cookie header (and optional extra headers). */
async function http(pathName: string, opts: { cookie?: string; input?: unknown; mutation?: boolean; headers?: Record<string, string> } = {}) {
  const query = opts.input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(opts.input))}`;
  const url = opts.mutation ? `${testApp.base}/trpc/${pathName}` : `${testApp.base}/trpc/${pathName}${query}`;
  const res = await fetch(url, {
    method: opts.mutation ? 'POST' : 'GET',
    headers: { ...(opts.cookie ? { cookie: opts.cookie } : {}), ...(opts.mutation ? { 'content-type': 'application/json' } : {}), ...(opts.headers ?? {}) },
    ...(opts.mutation && opts.input !== undefined ? { body: JSON.stringify(opts.input) } : {}),
  });
  const body = (await res.json()) as { result?: { data: unknown }; error?: { data?: { appError?: { code: string; details?: Record<string, unknown> } } } };
  return { status: res.status, data: body.result?.data, error: body.error?.data?.appError, setCookie: res.headers.getSetCookie() };
}

const userId = async (username: string) => (await deps.db.select({ id: users.id }).from(users).where(eq(users.username, username)))[0]!.id;
const notificationsOf = async (username: string) =>
  deps.db.select().from(notifications).where(eq(notifications.userId, await userId(username))).orderBy(desc(notifications.id));

async function subjectOf(username: string) {
  const c = await as(username);
  const me = (await c.auth.me()).actor!;
  const org = await c.org.get({ orgId: me.orgId });
  return { commonName: me.displayName, organizationName: org.name, serialNumber: org.creditCode, countryName: 'CN' };
}

async function csrs(username: string) {
  const subject = await subjectOf(username);
  const s = generateKeyPairPem();
  const e = generateKeyPairPem();
  return { s, e, input: { signingCsrPem: createCsrPem(s, subject), encryptionCsrPem: createCsrPem(e, subject) } };
}

let projectId: number;
let sectionId: number;

beforeAll(async () => {
  const platform = await ensureDevPki(path.join(tmpDir, 'platform-pki'), { now: new Date('2026-01-01T00:00:00Z') });
  testApp = await startTestApp({ clockStart: START, pki: { platform, trustedRootsPem: [platform.rootCertPem] } });
  deps = testApp.deps;
  const p = await biddingProject(deps, { name: '示范市信任修正测试工程', sections: [{ name: '施工', ceilingFen: 800_000_000, securityFen: 0 }] });
  expect(p.status).toBe('BIDDING');
  projectId = p.id;
  sectionId = p.sections[0]!.id;
  for (const b of ['bidder1', 'bidder2', 'bidder3', 'bidder4']) {
    await (await as(b)).registration.register({ sectionId });
    await issueKeys(b);
    await submit(b, { id: projectId }, sectionId, [
      { part: 'summary', plaintext: summary(750_000_000, { type: 'ebid-bid-summary', v: 1, projectId, sectionId }) },
      { part: 'technical', plaintext: crypto.randomBytes(5 * 1024 * 1024 + 17) },
    ]);
  }
}, 180_000);

afterAll(async () => {
  await testApp?.close();
  fs.rmSync(tmpDir, { recursive: true, force: true });
});

describe('§1 revoking a signing certificate takes effect at once', () => {
  it('revocation ends every session opened with it: the next request over HTTP is anonymous, sign-in refused', async () => {
    const a = await asCert('bidder1');
    const b = await asCert('bidder1'); // a second device
    expect((await http('auth.me', { cookie: a.cookie })).data).toMatchObject({ actor: { username: 'bidder1', certSerial: expect.any(String) } });
    // The holder's password session on a third device is not a certificate session and stays.
    const pw = await kit.cookie('bidder1');
    const serial = await certSerial('bidder1');
    // A third device follows its user topic over SSE with a certificate session.
    const watcher = createTestClient(testApp.base);
    const { challenge } = await watcher.trpc.auth.certChallenge.mutate();
    await watcher.trpc.auth.certLogin.mutate({ challenge, signature: signCmsDetached(Buffer.from(challenge, 'utf8'), keysOf.bidder1!.sign).toString('base64') });
    let streamEnded = false;
    const events: string[] = [];
    const sub = watcher.trpc.live.events.subscribe(
      { topics: [`user.${await userId('bidder1')}`] },
      { onData: (d) => events.push((d as { data: { type: string } }).data.type), onComplete: () => (streamEnded = true), onError: () => (streamEnded = true) },
    );
    await new Promise((r) => setTimeout(r, 500));
    await (await as('staff')).cert.revoke({ certificateId: keysOf.bidder1!.sign.id, reason: 1 });
    // Its open event stream closes at once (the revocation notice may still arrive first); a reconnect has no session.
    await expect.poll(() => streamEnded, { timeout: 10_000 }).toBe(true);
    sub.unsubscribe();
    expect((await watcher.trpc.auth.me.query()).actor).toBeNull();
    for (const c of [a.cookie, b.cookie]) expect((await http('auth.me', { cookie: c })).data).toEqual({ actor: null });
    expect((await http('auth.me', { cookie: pw })).data).toMatchObject({ actor: { username: 'bidder1', certSerial: null } });
    const sign = await http('opening.signIn', { cookie: a.cookie, input: { projectId }, mutation: true });
    expect(sign.status).toBe(401);
    const ended = await deps.db.select().from(sessions).where(and(eq(sessions.userId, await userId('bidder1')), eq(sessions.certSerial, serial)));
    expect(ended.length).toBeGreaterThanOrEqual(2);
    expect(ended.every((s) => s.revokedAt !== null)).toBe(true);
    const [ev] = await deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'cert.revoke')).orderBy(desc(auditEvents.id)).limit(1);
    expect((ev!.payload as { endedSessions: number[] }).endedSessions).toHaveLength(ended.length);
    // The holder is told who revoked it.
    expect((await notificationsOf('bidder1'))[0]).toMatchObject({ kind: 'cert.revoked', bodyZh: expect.stringContaining('张敏') });
    // Certificate login with it is refused too.
    expect((await appError(asCert('bidder1'))).code).toBe('CERT_REVOKED');
  });

  it('a certificate-gated act checks the certificate when it runs, not only when the session was looked up', async () => {
    // A session looked up just before the revocation committed: the act itself refuses.
    deps.clock.set(new Date(DEADLINE.getTime() - 3600_000));
    const [u] = await deps.db.select().from(users).where(eq(users.username, 'bidder1'));
    const actor = { userId: u!.id, username: 'bidder1', displayName: u!.displayName, role: 'bidder' as const, orgId: u!.orgId, orgName: '', isOrgAdmin: true, sessionId: 0, certSerial: await certSerial('bidder1') };
    const e = await signInToOpening(deps, { actor, clientAddress: '127.0.0.1' }, { projectId }).then(
      () => null,
      (x: unknown) => x,
    );
    expect(isAppError(e) && e.code).toBe('CERT_REVOKED');
  });

  it('renewal supersedes: the renewing session moves to the new certificate, the others of the old one end', async () => {
    const renewing = await asCert('bidder2');
    const other = await asCert('bidder2');
    const oldEnc = keysOf.bidder2!.enc;
    const { s, e, input } = await csrs('bidder2');
    const out = await renewing.caller.cert.issue(input);
    expect((await http('auth.me', { cookie: other.cookie })).data).toEqual({ actor: null });
    expect((await http('auth.me', { cookie: renewing.cookie })).data).toMatchObject({ actor: { certSerial: out.signing.serialHex } });
    keysOf.bidder2 = { sign: { keyPem: s.privateKeyPem, certPem: out.signing.pem, id: out.signing.id }, enc: { keyPem: e.privateKeyPem, certPem: out.encryption.pem, id: out.encryption.id } };
    keysOf.bidder2old = { sign: keysOf.bidder2.sign, enc: oldEnc };
    expect((await notificationsOf('bidder2'))[0]).toMatchObject({ kind: 'cert.issued' });
  });

  it('at the opening: a renewed encryption certificate does not block the bid sealed to the old one; the revoked bidder cannot act', async () => {
    deps.clock.set(DEADLINE);
    await (await as('staff')).opening.start({ projectId });
    // bidder2 renewed before the deadline: signs in with the NEW signing certificate and opens its bid,
    // sealed to the OLD (superseded) encryption certificate, with the old key.
    const { caller } = await asCert('bidder2');
    await caller.opening.signIn({ projectId });
    const mine = await caller.opening.myKeys({ projectId });
    const old = keysOf.bidder2old!.enc;
    const keys = mine.parts.map((p) => ({
      part: p.part,
      contentKey: Buffer.from(unwrapContentKey({ header: { recipients: p.recipients } as never, decryptionKeyPem: old.keyPem, recipientCertPem: old.certPem })).toString('base64'),
    }));
    expect(await caller.opening.decrypt({ projectId, bidId: mine.bidId, keys })).toMatchObject({ decryptStatus: 'decrypted' });
    // bidder1 (revoked) with a password session: no sign-in, no decryption.
    const pw = await as('bidder1');
    expect((await appError(pw.opening.signIn({ projectId }))).details?.reason).toBe('CERT_LOGIN_REQUIRED');
    const b1 = await pw.opening.myKeys({ projectId });
    expect((await appError(pw.opening.decrypt({ projectId, bidId: b1.bidId, keys: b1.parts.map((p) => ({ part: p.part, contentKey: crypto.randomBytes(32).toString('base64') })) }))).details?.reason).toBe('CERT_LOGIN_REQUIRED');
  });
});

async function certSerial(username: string): Promise<string> {
  return (await deps.db.select({ s: certificates.serialHex }).from(certificates).where(eq(certificates.id, keysOf[username]!.sign.id)))[0]!.s;
}

describe('§3 login limits that hold', () => {
  it('150 parallel wrong passwords for one account make exactly 5 password checks; the account slows, it does not lock', async () => {
    const username = 'agent2';
    const before = await deps.db.select().from(loginAttempts).where(eq(loginAttempts.username, username));
    const results = await Promise.all(
      Array.from({ length: 150 }, () => http('auth.login', { input: { username, password: 'Wrong#2026x' }, mutation: true })),
    );
    const codes = results.map((r) => r.error?.code);
    expect(codes.filter((c) => c === 'UNAUTHORIZED')).toHaveLength(5);
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(145);
    const after = await deps.db.select().from(loginAttempts).where(eq(loginAttempts.username, username));
    expect(after.length - before.length).toBe(5); // one row per password check, written before the check
    const limited = results.find((r) => r.error?.code === 'RATE_LIMITED')!.error!;
    expect(limited.details).toMatchObject({ scope: 'account', retryAfterSeconds: expect.any(Number) });
    // Even the right password waits (no oracle) …
    expect((await http('auth.login', { input: { username, password: DEMO_PASSWORD }, mutation: true })).error?.code).toBe('RATE_LIMITED');
    // … but only for a while: 60 s after the last failure one more check is allowed.
    deps.clock.set(new Date(deps.clock.now().getTime() + 61_000));
    expect((await http('auth.login', { input: { username, password: DEMO_PASSWORD }, mutation: true })).data).toMatchObject({ actor: { username } });
  });

  it('a rival failing a bidder’s password does not lock the bidder’s own browser, nor certificate login', async () => {
    // bidder3's browser signed in before: it holds a device cookie.
    const first = await http('auth.login', { input: { username: 'bidder3', password: DEMO_PASSWORD }, mutation: true });
    const device = first.setCookie.find((c) => c.startsWith('ebid_device='))!.split(';')[0]!;
    expect(device).toMatch(/^ebid_device=[A-Za-z0-9_-]{43}$/);
    // The rival (no device cookie) exhausts the account's allowance.
    for (let i = 0; i < 8; i++) await http('auth.login', { input: { username: 'bidder3', password: 'Wrong#2026x' }, mutation: true });
    expect((await http('auth.login', { input: { username: 'bidder3', password: DEMO_PASSWORD }, mutation: true })).error?.code).toBe('RATE_LIMITED');
    // The bidder's own browser still signs in, and so does its certificate.
    const mine = await http('auth.login', { input: { username: 'bidder3', password: DEMO_PASSWORD }, mutation: true, cookie: device });
    expect(mine.data).toMatchObject({ actor: { username: 'bidder3' } });
    expect((await asCert('bidder3')).caller).toBeDefined();
    // A device cookie of another account (or made up) is no exemption.
    const forged = `ebid_device=${crypto.randomBytes(32).toString('base64url')}`;
    expect((await http('auth.login', { input: { username: 'bidder3', password: DEMO_PASSWORD }, mutation: true, cookie: forged })).error?.code).toBe('RATE_LIMITED');
  });

  it('one address spraying passwords over many accounts slows that address for unknown devices only: a colleague’s known browser behind it is fine', async () => {
    const office = '198.51.100.23';
    // A colleague signs in from the office once (the browser becomes known to the account).
    const colleague = apiClient(deps, office);
    await (await colleague.call()).auth.login({ username: 'tenderee2', password: DEMO_PASSWORD });
    expect(colleague.jar.get('ebid_device')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const accounts = ['expert01', 'expert02', 'expert03', 'expert04', 'expert05', 'expert06', 'expert07', 'expert08', 'expert09', 'expert10'];
    for (let i = 0; i < 20; i++) {
      const c = apiClient(deps, office);
      expect(await appError((await c.call()).auth.login({ username: accounts[i % 10]!, password: `Wrong#${i}abc` })).then((e) => e.code)).toBe('UNAUTHORIZED');
    }
    const stranger = apiClient(deps, office);
    expect((await appError((await stranger.call()).auth.login({ username: 'expert11', password: DEMO_PASSWORD }))).details).toMatchObject({ scope: 'address' });
    // The known browser behind the same address signs in.
    colleague.jar.delete(SESSION_COOKIE);
    expect((await (await colleague.call()).auth.login({ username: 'tenderee2', password: DEMO_PASSWORD })).actor.username).toBe('tenderee2');
  });
});

describe('§4 a certificate comes from a certificate', () => {
  it('a password alone cannot replace a valid certificate; the refusal changes nothing', async () => {
    const pw = await as('bidder4');
    const before = await pw.cert.list({});
    const e = await appError(pw.cert.issue((await csrs('bidder4')).input));
    expect(e).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'CERT_LOGIN_REQUIRED', hasActiveCertificate: true } });
    expect(await pw.cert.list({})).toEqual(before);
  });

  it('a lost key: the company administrator (another person) approves once; self-approval and a second use are refused', async () => {
    // bidder4b (a clerk of the same company) holds a certificate and lost the key.
    await issueKeys('bidder4b');
    const clerk = await as('bidder4b');
    expect((await appError(clerk.cert.issue((await csrs('bidder4b')).input))).details?.reason).toBe('CERT_LOGIN_REQUIRED');
    expect((await appError(clerk.cert.approveIssuance({ userId: await userId('bidder4b'), reason: '自己批准自己' }))).code).toMatch(/FORBIDDEN|NOT_FOUND/);
    // Another company's administrator cannot approve.
    expect((await appError((await as('bidder1')).cert.approveIssuance({ userId: await userId('bidder4b'), reason: '私钥丢失' }))).code).toBe('NOT_FOUND');
    await (await as('bidder4')).cert.approveIssuance({ userId: await userId('bidder4b'), reason: '私钥丢失，已核实本人身份' });
    expect((await notificationsOf('bidder4b'))[0]).toMatchObject({ kind: 'cert.approved' });
    const out = await clerk.cert.issue((await csrs('bidder4b')).input);
    expect(out.signing.status).toBe('active');
    const [ev] = await deps.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'cert.renew'), eq(auditEvents.subjectId, String(out.signing.id))));
    expect(ev!.payload).toMatchObject({ ground: 'approval', approvedBy: await userId('bidder4') });
    expect((await appError(clerk.cert.issue((await csrs('bidder4b')).input))).details?.reason).toBe('CERT_LOGIN_REQUIRED');
  });

  it('a staff password reset sends the link to the user, never the token to staff; a new link voids the older ones; the user is told', async () => {
    deps.config.mailDir = path.join(tmpDir, 'mail');
    try {
      const staff = await as('staff');
      const target = await userId('bidder4b');
      const r1 = await staff.user.issuePasswordReset({ userId: target });
      expect(r1).toEqual({ sentTo: 'b***@demo.ebid.example', expiresAt: expect.any(String) });
      expect(JSON.stringify(r1)).not.toMatch(/[A-Za-z0-9_-]{43}/);
      const r2 = await staff.user.issuePasswordReset({ userId: target });
      expect(r2.sentTo).toBe(r1.sentTo);
      const tokens = await deps.db.select().from(passwordResetTokens).where(eq(passwordResetTokens.userId, target)).orderBy(passwordResetTokens.id);
      expect(tokens.slice(-2)[0]!.usedAt).not.toBeNull(); // the first link no longer works
      expect(tokens.slice(-1)[0]!.usedAt).toBeNull();
      // The links went by e-mail to the user (the mail directory stands in for SMTP here).
      const mails = await deps.db.select().from(outbox).where(and(eq(outbox.toAddress, 'bidder4b@demo.ebid.example'), eq(outbox.secret, true))).orderBy(outbox.id);
      expect(mails).toHaveLength(2);
      const link1 = /reset-password\?token=([A-Za-z0-9_-]{43})/.exec(mails[0]!.body)![1]!;
      const link2 = /reset-password\?token=([A-Za-z0-9_-]{43})/.exec(mails[1]!.body)![1]!;
      for (const m of mails) await runJob('notify.email', { outboxId: m.id });
      const files = fs.readdirSync(deps.config.mailDir);
      expect(files.length).toBeGreaterThanOrEqual(2);
      expect(fs.readFileSync(path.join(deps.config.mailDir, files.sort().at(-1)!), 'utf8')).toContain(link2.slice(0, 20));
      // Delivered: the secret is blanked from the outbox.
      const delivered = await deps.db.select().from(outbox).where(inArray(outbox.id, mails.map((m) => m.id)));
      expect(delivered.every((m) => m.status === 'sent' && !m.body.includes(link1) && !m.body.includes(link2))).toBe(true);
      // The in-app message says a reset was started and where the link went — without the link.
      const n = (await notificationsOf('bidder4b')).find((x) => x.kind === 'user.password_reset_issued')!;
      expect(n.bodyZh).toContain('b***@demo.ebid.example');
      expect(n.bodyZh + n.bodyEn).not.toContain(link2);
      const anon = await apiClient(deps).call();
      expect((await appError(anon.user.resetPassword({ token: link1, newPassword: 'NewPass#2026' }))).details?.field).toBe('token');
      await anon.user.resetPassword({ token: link2, newPassword: 'NewPass#2026' });
      expect((await notificationsOf('bidder4b'))[0]).toMatchObject({ kind: 'user.password_changed' });
      expect((await loginAs(deps, 'bidder4b', 'NewPass#2026')).jar.get(SESSION_COOKIE)).toBeTruthy();
      // A user without an e-mail address cannot be reset by link (nothing is issued).
      await deps.db.update(users).set({ email: null }).where(eq(users.id, target));
      expect((await appError(staff.user.issuePasswordReset({ userId: target }))).details).toMatchObject({ reason: 'NO_EMAIL' });
    } finally {
      deps.config.mailDir = null;
    }
  });
});

describe('§7 the audit says who, from where, with what', () => {
  it('events carry the certificate serial, client address, user agent and device fingerprint', async () => {
    const fp = `web:${'ab'.repeat(32)}`;
    const serial = await certSerial('bidder3');
    // A mutation that writes an event: the certificate login itself, over HTTP.
    const { challenge } = (await http('auth.certChallenge', { mutation: true })).data as { challenge: string };
    const sig = signCmsDetached(Buffer.from(challenge, 'utf8'), keysOf.bidder3!.sign).toString('base64');
    const login = await http('auth.certLogin', { input: { challenge, signature: sig }, mutation: true, headers: { 'user-agent': 'Mozilla/5.0 (trust test)', 'x-ebid-device': fp } });
    expect(login.status).toBe(200);
    const [ev] = await deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'auth.login')).orderBy(desc(auditEvents.id)).limit(1);
    expect(ev).toMatchObject({ certSerial: serial, clientAddress: '127.0.0.1', userAgent: 'Mozilla/5.0 (trust test)', deviceFingerprint: fp });
    const [s] = await deps.db.select().from(sessions).orderBy(desc(sessions.id)).limit(1);
    expect(s).toMatchObject({ deviceFingerprint: fp, certSerial: serial });
    // The audit viewer shows them (staff, the platform chain).
    const listed = (await (await as('staff')).audit.list({ chain: 'platform', limit: 50 })).events.find((x) => x.id === ev!.id)!;
    expect(listed).toMatchObject({ certSerial: serial, clientAddress: '127.0.0.1', userAgent: 'Mozilla/5.0 (trust test)', deviceFingerprint: fp });
    // A malformed fingerprint is not recorded (and breaks nothing).
    const bad = await http('auth.certChallenge', { mutation: true, headers: { 'x-ebid-device': 'x y' } });
    expect(bad.status).toBe(200);
    // The verifier still checks every chain with the new fields in the hash.
    expect((await (await as('staff')).audit.verify({})).ok).toBe(true);
  });

  it('a bid keeps SHA-256 and SM3 of each whole sealed part, computed from the stored pieces', async () => {
    const [bid] = await (await asCert('bidder3')).caller.bid.mine({ sectionId });
    expect(bid!.parts.every((p) => p.sha256 === null || /^[0-9a-f]{64}$/.test(p.sha256))).toBe(true);
    await runJob('bid.digest', { bidId: bid!.id });
    const rows = await deps.db.select().from(bidParts).where(eq(bidParts.bidId, bid!.id));
    for (const r of rows) {
      const whole = Buffer.concat(await Promise.all((r.pieces as string[]).map(async (h) => Buffer.concat(await toArray(await deps.storage.get(h))))));
      expect(r.sha256).toBe(crypto.createHash('sha256').update(whole).digest('hex'));
      expect(r.sm3).toBe(crypto.createHash('sm3').update(whole).digest('hex'));
    }
    const [ev] = await deps.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'bid.digest'), eq(auditEvents.subjectId, String(bid!.id))));
    expect((ev!.payload as { parts: { sm3: string }[] }).parts.map((p) => p.sm3).sort()).toEqual(rows.map((r) => r.sm3).sort());
    // SM3 is GB/T 32905's: the standard's vector for "abc".
    expect(crypto.createHash('sm3').update('abc').digest('hex')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });
});

async function toArray(s: AsyncIterable<unknown>): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const c of s) out.push(Buffer.from(c as Uint8Array));
  return out;
}
