/**
 * Identity through the API on real PostgreSQL (issue 3 §1, §2, §5 object-level checks and the "bad
 * input" list): registration and approval, company users, password reset, rate limits, sessions.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TRPCError } from '@trpc/server';
import { count, desc, eq } from 'drizzle-orm';
import { auditEvents, organizations, outbox, users } from '@ebid/db';
import { actorFromSessionToken, DEMO_PASSWORD, demoCreditCode, seedDemo } from '@ebid/services';
import { createTestDatabase, createTestDeps, type TestDatabase } from '@ebid/testing';
import { apiClient, appCode, loginAs } from './test-client.ts';

let tdb: TestDatabase;
let deps: Awaited<ReturnType<typeof createTestDeps>>;
let addressCounter = 1;

beforeAll(async () => {
  tdb = await createTestDatabase();
  deps = await createTestDeps(tdb.database);
  await seedDemo(deps, { certificates: false, projects: false });
});
afterAll(async () => {
  await deps?.close();
  await tdb?.drop();
});

const client = (address = `10.0.0.${addressCounter++}`) => apiClient(deps, address);
const loggedIn = (username: string, password = DEMO_PASSWORD) => loginAs(deps, username, password, `10.0.1.${addressCounter++}`);

const auditCount = async () => (await deps.db.select({ n: count() }).from(auditEvents))[0]?.n ?? 0;
const orgCount = async () => (await deps.db.select({ n: count() }).from(organizations))[0]?.n ?? 0;

const newCompany = (body: string, username: string) => ({
  creditCode: demoCreditCode(body),
  name: `测试建设有限公司${body.slice(-3)}`,
  contactPhone: '0571-88886666',
  admin: { username, displayName: '测试管理员', password: 'Str0ng#Pass' },
});

describe('bidder self-registration and staff approval', () => {
  it('a registered company waits for approval; its admin cannot sign in until approved', async () => {
    const anon = await client().call();
    const org = await anon.org.register(newCompany('91330100MA0000101', 'newco-admin'));
    expect(org).toMatchObject({ status: 'pending', kind: 'bidder', regionCode: '330100' });
    expect(await appCode(anon.auth.login({ username: 'newco-admin', password: 'Str0ng#Pass' }))).toBe('UNAUTHORIZED');

    const staff = await (await loggedIn('staff')).call();
    const pending = await staff.org.list({ status: 'pending', limit: 10 });
    expect(pending.items.map((o) => o.id)).toContain(org.id);
    await staff.org.review({ orgId: org.id, decision: 'approve', note: '资料齐全' });
    expect(await appCode(staff.org.review({ orgId: org.id, decision: 'reject' }))).toBe('INVALID_STATE');

    const admin = await (await loggedIn('newco-admin', 'Str0ng#Pass')).call();
    expect((await admin.auth.me()).actor).toMatchObject({ username: 'newco-admin', role: 'bidder', isOrgAdmin: true });
  });

  it.each([
    ['a wrong check character', { creditCode: '91330100MA00001019' }, 'VALIDATION'],
    ['letters I/O/S/V/Z', { creditCode: '91330100MA000010IO' }, 'VALIDATION'],
    ['a weak password', { admin: { username: 'weakling', displayName: 'x', password: 'password1' } }, 'VALIDATION'],
    ['a bad username', { admin: { username: '1-bad name', displayName: 'x', password: 'Str0ng#Pass' } }, 'VALIDATION'],
  ])('refuses %s and changes nothing', async (_n, patch, code) => {
    const before = [await orgCount(), await auditCount()];
    const input = { ...newCompany('91330100MA0000102', 'co102-admin'), ...patch };
    expect(await appCode((await client().call()).org.register(input))).toBe(code);
    expect([await orgCount(), await auditCount()]).toEqual(before);
  });

  it.each([
    ['the platform’s name', '示范市公共资源交易平台'],
    ['the center’s name with spaces and full-width punctuation', '示范市 公共资源交易中心（有限公司）'],
  ])('refuses a company registered under %s (NAME_RESERVED, issue 14 §3) and changes nothing', async (_n, name) => {
    const staff = await (await loggedIn('staff')).call();
    const before = [await orgCount(), await auditCount()];
    const err = await (await client().call()).org.register({ ...newCompany('91330100MA0000105', 'co105-admin'), name }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'BAD_REQUEST', cause: { code: 'VALIDATION', details: { field: 'name', reason: 'NAME_RESERVED' } } });
    expect([await orgCount(), await auditCount()]).toEqual(before);
    expect(await appCode(staff.org.create({ creditCode: demoCreditCode('91330100MA0000106'), name, kind: 'tenderee' }))).toBe('VALIDATION');
    expect([await orgCount(), await auditCount()]).toEqual(before);
  });

  it('a duplicate organization (same credit code) → CONFLICT, and a taken username → CONFLICT', async () => {
    const anon = await client().call();
    await anon.org.register(newCompany('91330100MA0000103', 'co103-admin'));
    const before = [await orgCount(), await auditCount()];
    expect(await appCode(anon.org.register(newCompany('91330100MA0000103', 'co103-other')))).toBe('CONFLICT');
    expect(await appCode(anon.org.register(newCompany('91330100MA0000104', 'co103-admin')))).toBe('CONFLICT');
    expect([await orgCount(), await auditCount()]).toEqual(before);
  });
});

describe('company users and object-level checks', () => {
  it('a company admin manages its own users, not another company’s', async () => {
    const b1 = await (await loggedIn('bidder1')).call();
    const mine = await b1.user.list({});
    expect(mine.map((u) => u.username).sort()).toEqual(['bidder1', 'bidder1b']);
    const created = await b1.user.create({ username: 'b1-clerk3', displayName: '新员工', password: 'Clerk#2026x' });
    expect(created).toMatchObject({ role: 'bidder', isOrgAdmin: false, active: true });

    const otherOrg = (await deps.db.select().from(users).where(eq(users.username, 'bidder2')))[0]!;
    expect(await appCode(b1.user.list({ orgId: otherOrg.orgId }))).toBe('NOT_FOUND');
    expect(await appCode(b1.user.create({ orgId: otherOrg.orgId, username: 'intruder', displayName: 'x', password: 'Clerk#2026x' }))).toBe('NOT_FOUND');
    expect(await appCode(b1.user.setActive({ userId: otherOrg.id, active: false }))).toBe('NOT_FOUND');
    expect(await appCode(b1.user.issuePasswordReset({ userId: otherOrg.id }))).toBe('NOT_FOUND');
    expect(await appCode(b1.org.get({ orgId: otherOrg.orgId }))).toBe('NOT_FOUND');
  });

  it('a company user who is not its admin cannot manage users', async () => {
    const clerk = await (await loggedIn('bidder1b')).call();
    expect(await appCode(clerk.user.create({ username: 'b1-clerk4', displayName: 'x', password: 'Clerk#2026x' }))).toBe('NOT_FOUND');
    expect((await clerk.user.list({})).length).toBeGreaterThanOrEqual(2); // may see colleagues
  });

  it('deactivating a user ends their sessions at once', async () => {
    const victim = await loggedIn('bidder2b');
    expect((await (await victim.call()).auth.me()).actor?.username).toBe('bidder2b');
    const admin = await (await loggedIn('bidder2')).call();
    const id = (await admin.user.list({})).find((u) => u.username === 'bidder2b')!.id;
    await admin.user.setActive({ userId: id, active: false });
    expect((await (await victim.call()).auth.me()).actor).toBeNull();
    expect(await appCode((await client().call()).auth.login({ username: 'bidder2b', password: DEMO_PASSWORD }))).toBe('UNAUTHORIZED');
    await admin.user.setActive({ userId: id, active: true });
  });
});

/** Issue a reset (the link goes by e-mail, here to a mail directory) and read the token from the outbox. */
async function resetLink(issue: () => Promise<{ sentTo: string }>): Promise<string> {
  deps.config.mailDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-mail-'));
  try {
    const r = await issue();
    expect(r.sentTo).toMatch(/^.\*\*\*@/);
    const [m] = await deps.db.select().from(outbox).where(eq(outbox.secret, true)).orderBy(desc(outbox.id)).limit(1);
    return /token=([A-Za-z0-9_-]{43})/.exec(m!.body)![1]!;
  } finally {
    fs.rmSync(deps.config.mailDir, { recursive: true, force: true });
    deps.config.mailDir = null;
  }
}

describe('password reset by a single-use token', () => {
  it('resets once, ends old sessions, refuses the reused token', async () => {
    const old = await loggedIn('bidder3b');
    const admin = await (await loggedIn('bidder3')).call();
    const id = (await admin.user.list({})).find((u) => u.username === 'bidder3b')!.id;
    const token = await resetLink(() => admin.user.issuePasswordReset({ userId: id }));
    const anon = await client().call();
    await anon.user.resetPassword({ token, newPassword: 'N3w#Password' });
    expect((await (await old.call()).auth.me()).actor).toBeNull();
    await (await loggedIn('bidder3b', 'N3w#Password')).call();
    const before = await auditCount();
    expect(await appCode(anon.user.resetPassword({ token, newPassword: 'An0ther#Pass' }))).toBe('VALIDATION');
    expect(await appCode(anon.user.resetPassword({ token: 'x'.repeat(43), newPassword: 'An0ther#Pass' }))).toBe('VALIDATION');
    expect(await auditCount()).toBe(before);
    await loggedIn('bidder3b', 'N3w#Password');
  });

  it('an expired token is refused', async () => {
    const admin = await (await loggedIn('bidder4')).call();
    const id = (await admin.user.list({})).find((u) => u.username === 'bidder4b')!.id;
    const token = await resetLink(() => admin.user.issuePasswordReset({ userId: id }));
    deps.clock.advance(25 * 3600_000);
    try {
      expect(await appCode((await client().call()).user.resetPassword({ token, newPassword: 'N3w#Password' }))).toBe('VALIDATION');
    } finally {
      deps.clock.advance(-25 * 3600_000);
    }
  });
});

describe('login', () => {
  it('one message for a wrong password, an unknown user and a pending company', async () => {
    const anon = await client().call();
    const msgs = await Promise.all(
      [
        anon.auth.login({ username: 'staff', password: 'wrong' }),
        anon.auth.login({ username: 'no-such-user', password: 'wrong' }),
      ].map((p) =>
        p.then(
          () => null,
          (e: TRPCError) => (e.cause as { messageZh?: string })?.messageZh,
        ),
      ),
    );
    expect(msgs).toEqual(['用户名或密码错误', '用户名或密码错误']);
  });

  it('rate-limits an account after 5 failures in 15 minutes, from any address', async () => {
    for (let i = 0; i < 5; i++) {
      expect(await appCode((await client().call()).auth.login({ username: 'expert05', password: 'nope' }))).toBe('UNAUTHORIZED');
    }
    // Even the right password is refused now, and from a new address.
    expect(await appCode((await client().call()).auth.login({ username: 'expert05', password: DEMO_PASSWORD }))).toBe('RATE_LIMITED');
    deps.clock.advance(16 * 60_000);
    try {
      await loggedIn('expert05');
    } finally {
      deps.clock.advance(-16 * 60_000);
    }
  });

  it('rate-limits an address after 20 failures, whatever the accounts', async () => {
    const c = client('10.9.9.9');
    for (let i = 0; i < 20; i++) {
      expect(await appCode((await c.call()).auth.login({ username: `ghost${i}`, password: 'nope' }))).toBe('UNAUTHORIZED');
    }
    expect(await appCode((await c.call()).auth.login({ username: 'expert06', password: DEMO_PASSWORD }))).toBe('RATE_LIMITED');
    await loggedIn('expert06'); // another address is unaffected
  });

  it('a forged or unknown session cookie is no session', async () => {
    for (const token of ['forged', 'A'.repeat(43), '../../etc/passwd', '']) {
      expect(await actorFromSessionToken(deps.db, deps.clock, token)).toBeNull();
    }
  });

  it('revoke-all ends every session of the user', async () => {
    const a = await loggedIn('expert07');
    const b = await loggedIn('expert07');
    const r = await (await a.call()).auth.revokeAllSessions();
    expect(r.revoked).toBeGreaterThanOrEqual(2);
    expect((await (await b.call()).auth.me()).actor).toBeNull();
  });

  it('sessions expire after 12 hours', async () => {
    const c = await loggedIn('expert08');
    deps.clock.advance(12 * 3600_000 + 1000);
    try {
      expect((await (await c.call()).auth.me()).actor).toBeNull();
    } finally {
      deps.clock.advance(-(12 * 3600_000 + 1000));
    }
  });
});

describe('mandates', () => {
  it('a tenderee records a mandate for its own organization only', async () => {
    const t = await (await loggedIn('tenderee2')).call();
    const orgs = await deps.db.select().from(organizations);
    const agent = orgs.find((o) => o.kind === 'agent')!;
    const own = orgs.find((o) => o.name === '示范市第一人民医院')!;
    const other = orgs.find((o) => o.name === '示范市城市建设投资集团有限公司')!;
    const m = await t.mandate.record({ agentOrgId: agent.id, tendereeOrgId: own.id, scope: '医疗设备采购代理', validFrom: '2026-01-01T00:00:00+08:00', validTo: '2027-01-01T00:00:00+08:00' });
    expect(m.agentOrgId).toBe(agent.id);
    expect(await appCode(t.mandate.record({ agentOrgId: agent.id, tendereeOrgId: other.id, scope: '越权', validFrom: '2026-01-01T00:00:00+08:00', validTo: '2027-01-01T00:00:00+08:00' }))).toBe('FORBIDDEN');
    const agentView = await (await loggedIn('agent')).call();
    expect((await agentView.mandate.list()).map((x) => x.id)).toContain(m.id);
  });
});

describe('audit of identity mutations', () => {
  it('every mutation above wrote its event in the platform chain, linked', async () => {
    const events = await deps.db.select().from(auditEvents).where(eq(auditEvents.chain, 'platform'));
    const actions = new Set(events.map((e) => e.action));
    for (const a of ['org.register', 'org.review', 'user.create', 'user.deactivate', 'user.password_reset_issue', 'user.password_reset', 'auth.login', 'auth.revoke_all', 'mandate.create']) {
      expect(actions, a).toContain(a);
    }
    const seqs = events.map((e) => e.seq).sort((x, y) => x - y);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    // Secrets never reach the audit payloads.
    const text = JSON.stringify(events.map((e) => e.payload));
    expect(text).not.toContain('Str0ng#Pass');
    expect(text).not.toContain(DEMO_PASSWORD);
    expect(text).not.toContain('N3w#Password');
  });
});
