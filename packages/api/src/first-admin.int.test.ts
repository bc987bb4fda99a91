/**
 * The platform's first administrator (issue 15 §1) on real PostgreSQL: `createFirstAdmin` makes the
 * center's organization, the administrator (no usable password) and a single-use activation link in one
 * transaction audited on the platform chain; it refuses a second time and when run concurrently; the
 * link is redeemed anonymously through `user.activateAccount` once, before it expires.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { and, asc, count, eq } from 'drizzle-orm';
import { auditEvents, organizations, passwordResetTokens, users } from '@ebid/db';
import { AppError } from '@ebid/domain';
import {
  createFirstAdmin,
  demoCreditCode,
  hashPassword,
  loginWithPassword,
  NO_PASSWORD_HASH,
  reissueAdminActivation,
  sha256Hex,
} from '@ebid/services';
import { createTestDatabase, createTestDeps, type TestDatabase } from '@ebid/testing';
import { apiClient, appCode, loginAs } from './test-client.ts';

const CENTER_CODE = demoCreditCode('12420100MB0000015');
const HOUR = 3600_000;

let opened: { tdb: TestDatabase; deps: Awaited<ReturnType<typeof createTestDeps>> }[] = [];
afterEach(async () => {
  for (const { tdb, deps } of opened) {
    await deps.close();
    await tdb.drop();
  }
  opened = [];
});

/** A fresh, migrated, empty database (no demo data: nobody is an administrator yet). */
async function fresh() {
  const tdb = await createTestDatabase();
  const deps = await createTestDeps(tdb.database, { clockStart: new Date('2026-06-01T02:00:00Z') });
  opened.push({ tdb, deps });
  return deps;
}
type TestDeps = Awaited<ReturnType<typeof fresh>>;

async function counts(deps: TestDeps) {
  const n = async (t: typeof organizations | typeof users | typeof passwordResetTokens | typeof auditEvents) =>
    (await deps.db.select({ n: count() }).from(t))[0]?.n ?? 0;
  return { orgs: await n(organizations), users: await n(users), tokens: await n(passwordResetTokens), audit: await n(auditEvents) };
}

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

/** `iso` is `hours` after `from` (the fake clock runs on at real speed meanwhile). */
function expectHoursAfter(iso: string, from: Date, hours: number): void {
  const ms = Date.parse(iso) - from.getTime() - hours * HOUR;
  expect(ms).toBeGreaterThanOrEqual(0);
  expect(ms).toBeLessThan(10_000);
}

const tokenOf = (activationPath: string) => /^\/activate\?token=([A-Za-z0-9_-]{43})$/.exec(activationPath)?.[1] ?? '';

describe('createFirstAdmin', () => {
  it('creates the center organization, the administrator without a password and an activation link, audited on the platform chain', async () => {
    const deps = await fresh();
    const now = deps.clock.now();
    const r = await createFirstAdmin(deps, { username: 'Chen.Admin', displayName: '陈管理', email: 'chen@center.example', creditCode: CENTER_CODE.toLowerCase() });

    const token = tokenOf(r.activationPath);
    expect(token).toHaveLength(43);
    expectHoursAfter(r.expiresAt, now, 72);
    expect(r).toMatchObject({ username: 'chen.admin', orgName: deps.config.center.centerName, creditCode: CENTER_CODE, orgReused: false });

    const [org] = await deps.db.select().from(organizations).where(eq(organizations.id, r.orgId));
    expect(org).toMatchObject({ kind: 'center', name: deps.config.center.centerName, creditCode: CENTER_CODE, regionCode: deps.config.center.regionCode, status: 'active' });
    const [user] = await deps.db.select().from(users).where(eq(users.id, r.userId));
    expect(user).toMatchObject({ orgId: r.orgId, username: 'chen.admin', displayName: '陈管理', role: 'platform_admin', isOrgAdmin: true, active: true, email: 'chen@center.example' });
    expect(user!.passwordHash).toBe(NO_PASSWORD_HASH);
    const [t] = await deps.db.select().from(passwordResetTokens).where(eq(passwordResetTokens.userId, r.userId));
    // Stored as its SHA-256 only.
    expect(t).toMatchObject({ tokenHash: sha256Hex(token), usedAt: null });
    expect(t!.expiresAt.toISOString()).toBe(r.expiresAt);

    const events = await deps.db.select().from(auditEvents).orderBy(asc(auditEvents.id));
    expect(events.map((e) => [e.chain, e.seq, e.action])).toEqual([
      ['platform', 1, 'org.create'],
      ['platform', 2, 'user.create'],
      ['platform', 3, 'user.activation_issue'],
    ]);
    expect(events[0]).toMatchObject({ subjectType: 'organization', subjectId: String(r.orgId), payload: { kind: 'center', creditCode: CENTER_CODE, firstAdmin: true } });
    expect(events[1]).toMatchObject({ subjectType: 'user', subjectId: String(r.userId), payload: { username: 'chen.admin', role: 'platform_admin', firstAdmin: true } });
    expect(events[2]).toMatchObject({ subjectType: 'user', subjectId: String(r.userId), payload: { expiresAt: r.expiresAt } });
    const text = JSON.stringify(events);
    expect(text).not.toContain(token);
    expect(text).not.toContain(sha256Hex(token));
  });

  it('refuses a second run with CONFLICT / ADMIN_EXISTS naming the administrator, and writes nothing', async () => {
    const deps = await fresh();
    await createFirstAdmin(deps, { username: 'first', displayName: '第一位管理员', creditCode: CENTER_CODE });
    const before = await counts(deps);
    const e = await refusal(createFirstAdmin(deps, { username: 'second', displayName: '第二位管理员', creditCode: CENTER_CODE }));
    expect(e.code).toBe('CONFLICT');
    expect(e.details).toMatchObject({ reason: 'ADMIN_EXISTS', administrators: ['first'] });
    expect(e.messageZh).toContain('first');
    expect(e.messageEn).toContain('first');
    expect(await counts(deps)).toEqual(before);
  });

  it('lets exactly one of several concurrent runs succeed', async () => {
    const deps = await fresh();
    const runs = await Promise.allSettled(
      ['ra', 'rb', 'rc', 'rd'].map((u) => createFirstAdmin(deps, { username: `admin-${u}`, displayName: `管理员${u}`, creditCode: CENTER_CODE })),
    );
    expect(runs.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of runs) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'CONFLICT', details: { reason: 'ADMIN_EXISTS' } });
    expect((await deps.db.select().from(users).where(eq(users.role, 'platform_admin'))).length).toBe(1);
    expect(await counts(deps)).toMatchObject({ orgs: 1, users: 1, tokens: 1, audit: 3 });
  });

  it.each([
    ['a credit code with a wrong check character', { creditCode: CENTER_CODE.slice(0, 17) + (CENTER_CODE.endsWith('0') ? '1' : '0') }, 'creditCode'],
    ['a username that is not one', { username: '1 admin' }, 'username'],
    ['an empty display name', { displayName: '  ' }, 'displayName'],
    ['an e-mail address that is not one', { email: 'not-an-address' }, 'email'],
    ['a validity of 0 hours', { validHours: 0 }, 'validHours'],
    ['a validity over 168 hours', { validHours: 169 }, 'validHours'],
  ])('refuses %s with VALIDATION on the field, writing nothing', async (_n, patch, field) => {
    const deps = await fresh();
    const before = await counts(deps);
    const e = await refusal(createFirstAdmin(deps, { username: 'admin', displayName: '管理员', creditCode: CENTER_CODE, ...patch }));
    expect(e.code).toBe('VALIDATION');
    expect(e.details).toMatchObject({ field });
    expect(await counts(deps)).toEqual(before);
  });

  it('a taken username is CONFLICT on username, and the center organization is not left behind', async () => {
    const deps = await fresh();
    const [org] = await deps.db
      .insert(organizations)
      .values({ creditCode: demoCreditCode('91420100MA0000150'), name: '江城建设有限公司', kind: 'bidder', status: 'active' })
      .returning();
    await deps.db.insert(users).values({ orgId: org!.id, username: 'occupied', displayName: '占用者', role: 'bidder', passwordHash: await hashPassword('Str0ng#Pass') });
    const before = await counts(deps);
    const e = await refusal(createFirstAdmin(deps, { username: 'Occupied', displayName: '管理员', creditCode: CENTER_CODE }));
    expect(e).toMatchObject({ code: 'CONFLICT', details: { field: 'username' } });
    expect(await counts(deps)).toEqual(before);
  });

  it('reuses a center organization that exists already (same credit code) and refuses one registered under another code', async () => {
    const deps = await fresh();
    const [center] = await deps.db
      .insert(organizations)
      .values({ creditCode: CENTER_CODE, name: deps.config.center.centerName, kind: 'center', status: 'active', regionCode: deps.config.center.regionCode })
      .returning();
    const other = demoCreditCode('12420100MB0000016');
    const before = await counts(deps);
    const e = await refusal(createFirstAdmin(deps, { username: 'admin', displayName: '管理员', creditCode: other }));
    expect(e).toMatchObject({ code: 'CONFLICT', details: { field: 'creditCode' } });
    expect(await counts(deps)).toEqual(before);

    const r = await createFirstAdmin(deps, { username: 'admin', displayName: '管理员', creditCode: CENTER_CODE });
    expect(r).toMatchObject({ orgId: center!.id, orgReused: true });
    const actions = (await deps.db.select().from(auditEvents).orderBy(asc(auditEvents.id))).map((x) => x.action);
    expect(actions).toEqual(['user.create', 'user.activation_issue']);
  });
});

describe('activation of the first administrator', () => {
  it('no password signs in before activation (UNAUTHORIZED, never a crash); activation sets it once; a second use changes nothing', async () => {
    const deps = await fresh();
    const r = await createFirstAdmin(deps, { username: 'admin', displayName: '平台管理员', creditCode: CENTER_CODE });
    const token = tokenOf(r.activationPath);
    for (const password of ['', NO_PASSWORD_HASH, 'Str0ng#Pass']) {
      await expect(loginWithPassword(deps.db, deps.clock, { username: 'admin', password, clientAddress: '10.1.0.1' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    }

    const anon = await apiClient(deps, '10.1.0.2').call();
    expect(await anon.user.activateAccount({ token, newPassword: 'Act1vate#Now' })).toEqual({ ok: true, username: 'admin' });
    const [event] = await deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'user.activate_account'));
    expect(event).toMatchObject({ chain: 'platform', subjectType: 'user', subjectId: String(r.userId) });
    const admin = await (await loginAs(deps, 'admin', 'Act1vate#Now', '10.1.0.3')).call();
    expect((await admin.auth.me()).actor).toMatchObject({ username: 'admin', role: 'platform_admin', isOrgAdmin: true, orgName: deps.config.center.centerName });

    const [hashAfter] = await deps.db.select({ h: users.passwordHash }).from(users).where(eq(users.id, r.userId));
    const before = await counts(deps);
    const e = await anon.user.activateAccount({ token, newPassword: 'An0ther#Pass' }).catch((err: unknown) => err);
    expect(e).toMatchObject({ code: 'BAD_REQUEST', cause: { code: 'VALIDATION', messageZh: '激活链接无效、已使用或已过期', messageEn: 'The activation link is invalid, used or expired', details: { field: 'token' } } });
    expect(await counts(deps)).toEqual(before);
    expect((await deps.db.select({ h: users.passwordHash }).from(users).where(eq(users.id, r.userId)))[0]).toEqual(hashAfter);
    expect(await appCode(loginAs(deps, 'admin', 'An0ther#Pass', '10.1.0.4'))).toBe('UNAUTHORIZED');
    await loginAs(deps, 'admin', 'Act1vate#Now', '10.1.0.5');
    // Neither password reached the audit trail.
    const text = JSON.stringify(await deps.db.select().from(auditEvents));
    expect(text).not.toContain('Act1vate#Now');
    expect(text).not.toContain(token);
  });

  it('an expired link is refused and changes nothing; --valid-hours sets the expiry', async () => {
    const deps = await fresh();
    const now = deps.clock.now();
    const r = await createFirstAdmin(deps, { username: 'admin', displayName: '平台管理员', creditCode: CENTER_CODE, validHours: 2 });
    expectHoursAfter(r.expiresAt, now, 2);
    deps.clock.advance(2 * HOUR + 1000);
    const before = await counts(deps);
    expect(await appCode((await apiClient(deps).call()).user.activateAccount({ token: tokenOf(r.activationPath), newPassword: 'Act1vate#Now' }))).toBe('VALIDATION');
    expect(await counts(deps)).toEqual(before);
    const [u] = await deps.db.select().from(users).where(eq(users.id, r.userId));
    expect(u!.passwordHash).toBe(NO_PASSWORD_HASH);
    const [t] = await deps.db.select().from(passwordResetTokens).where(eq(passwordResetTokens.userId, r.userId));
    expect(t!.usedAt).toBeNull();
  });

  it('a 72-hour link has expired after 72 hours', async () => {
    const deps = await fresh();
    const r = await createFirstAdmin(deps, { username: 'admin', displayName: '平台管理员', creditCode: CENTER_CODE });
    deps.clock.advance(72 * HOUR + 1000);
    expect(await appCode((await apiClient(deps).call()).user.activateAccount({ token: tokenOf(r.activationPath), newPassword: 'Act1vate#Now' }))).toBe('VALIDATION');
  });

  it('an activation link is no password-reset link: /reset-password refuses it and changes nothing; it still activates', async () => {
    const deps = await fresh();
    const r = await createFirstAdmin(deps, { username: 'admin', displayName: '平台管理员', creditCode: CENTER_CODE });
    const token = tokenOf(r.activationPath);
    const anon = await apiClient(deps, '10.1.0.9').call();
    const before = await counts(deps);
    expect(await appCode(anon.user.resetPassword({ token, newPassword: 'Res3t#Instead' }))).toBe('VALIDATION');
    expect(await counts(deps)).toEqual(before);
    expect((await deps.db.select({ h: users.passwordHash }).from(users).where(eq(users.id, r.userId)))[0]?.h).toBe(NO_PASSWORD_HASH);
    expect(await anon.user.activateAccount({ token, newPassword: 'Act1vate#Now' })).toEqual({ ok: true, username: 'admin' });
  });

  it('a password-reset token of an account that has a password is no activation link', async () => {
    const deps = await fresh();
    await createFirstAdmin(deps, { username: 'admin', displayName: '平台管理员', creditCode: CENTER_CODE });
    const [org] = await deps.db.insert(organizations).values({ creditCode: demoCreditCode('91420100MA0000151'), name: '江城监理有限公司', kind: 'bidder', status: 'active' }).returning();
    const [u] = await deps.db.insert(users).values({ orgId: org!.id, username: 'someone', displayName: '某人', role: 'bidder', passwordHash: await hashPassword('Str0ng#Pass') }).returning();
    const token = 'r'.repeat(43);
    await deps.db.insert(passwordResetTokens).values({ userId: u!.id, tokenHash: sha256Hex(token), expiresAt: new Date(deps.clock.now().getTime() + HOUR) });
    const before = await counts(deps);
    expect(await appCode((await apiClient(deps).call()).user.activateAccount({ token, newPassword: 'Act1vate#Now' }))).toBe('VALIDATION');
    expect(await counts(deps)).toEqual(before);
    const [t] = await deps.db.select().from(passwordResetTokens).where(eq(passwordResetTokens.tokenHash, sha256Hex(token)));
    expect(t!.usedAt).toBeNull();
    await loginAs(deps, 'someone', 'Str0ng#Pass', '10.1.1.1');
  });

  it('a new link for an administrator who never activated replaces the expired one; none for an activated account', async () => {
    const deps = await fresh();
    const r = await createFirstAdmin(deps, { username: 'admin', displayName: '平台管理员', creditCode: CENTER_CODE, validHours: 1 });
    const first = tokenOf(r.activationPath);
    const again = await reissueAdminActivation(deps, { username: 'ADMIN' });
    const second = tokenOf(again.activationPath);
    expect(second).toHaveLength(43);
    expect(second).not.toBe(first);
    // The earlier link stops working at once.
    expect(await appCode((await apiClient(deps).call()).user.activateAccount({ token: first, newPassword: 'Act1vate#Now' }))).toBe('VALIDATION');
    await (await apiClient(deps).call()).user.activateAccount({ token: second, newPassword: 'Act1vate#Now' });
    const [issued] = await deps.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'user.activation_issue'), eq(auditEvents.seq, 4)));
    expect(issued).toMatchObject({ payload: { reissue: true } });

    const before = await counts(deps);
    const e = await refusal(reissueAdminActivation(deps, { username: 'admin' }));
    expect(e).toMatchObject({ code: 'INVALID_STATE', details: { reason: 'ALREADY_ACTIVATED' } });
    expect((await refusal(reissueAdminActivation(deps, { username: 'nobody' }))).code).toBe('NOT_FOUND');
    expect(await counts(deps)).toEqual(before);
  });
});
