/**
 * Notifications (issue 4 §5) with a real SMTP server on loopback: the in-app message center, the outbox
 * with its delivery state, e-mail through nodemailer via the jobs queue, retry after a failure, and a
 * message that announces a rolled-back change never existing.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { eq } from 'drizzle-orm';
import { organizations, outbox, users } from '@ebid/db';
import { createJobHandlers, DEMO_PASSWORD, demoCreditCode, JobRunner, notify, seedDemo, silentLogger } from '@ebid/services';
import { createTestDatabase, createTestDeps, type TestDatabase } from '@ebid/testing';
import { apiClient, loginAs } from './test-client.ts';

let tdb: TestDatabase;
let deps: Awaited<ReturnType<typeof createTestDeps>>;
let smtp: SMTPServer;
let smtpPort = 0;
const received: { to: string; data: string }[] = [];

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, cb) {
      let data = '';
      stream.on('data', (c: Buffer) => (data += c.toString()));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), data });
        cb();
      });
    },
  });
  smtpPort = await freePort();
  await new Promise<void>((r) => smtp.listen(smtpPort, '127.0.0.1', () => r()));
  tdb = await createTestDatabase();
  deps = await createTestDeps(tdb.database);
  deps.config.smtp = { url: `smtp://127.0.0.1:${smtpPort}`, from: 'ebid <noreply@ebid.test>' };
  await seedDemo(deps, { certificates: false, projects: false });
});
afterAll(async () => {
  await new Promise<void>((r) => smtp.close(() => r()));
  await deps?.close();
  await tdb?.drop();
});

const runner = () =>
  new JobRunner({ database: deps.database, clock: deps.clock, instanceId: 'test', handlers: createJobHandlers(deps), logger: silentLogger });

describe('notifications', () => {
  it('approving a registration notifies the company admin in-app and by e-mail through SMTP', async () => {
    const anon = await apiClient(deps).call();
    const org = await anon.org.register({
      creditCode: demoCreditCode('91330100MA0000201'),
      name: '通知测试建设有限公司',
      admin: { username: 'notify-admin', displayName: '通知管理员', password: 'Str0ng#Pass', email: 'admin@notify.test' },
    });
    const staff = await (await loginAs(deps, 'staff', DEMO_PASSWORD)).call();
    await staff.org.review({ orgId: org.id, decision: 'approve', note: '材料齐全' });

    const [row] = await deps.db.select().from(outbox).where(eq(outbox.toAddress, 'admin@notify.test'));
    expect(row).toMatchObject({ status: 'pending', channel: 'email' });
    expect(await runner().runOnce()).toBeGreaterThanOrEqual(1);
    const [sent] = await deps.db.select().from(outbox).where(eq(outbox.id, row!.id));
    expect(sent).toMatchObject({ status: 'sent', attempts: 1 });
    const mail = received.find((m) => m.to === 'admin@notify.test');
    expect(mail?.data).toContain('Subject:');
    expect(mail?.data).toMatch(/approved/);

    const admin = await (await loginAs(deps, 'notify-admin', 'Str0ng#Pass')).call();
    const inbox = await admin.notification.list({ limit: 10 });
    expect(inbox.unread).toBe(1);
    expect(inbox.items[0]).toMatchObject({ kind: 'org.review', titleZh: '企业注册已通过审核', readAt: null });
    expect((await admin.notification.markRead({ ids: [inbox.items[0]!.id] })).marked).toBe(1);
    expect((await admin.notification.list({ limit: 10 })).unread).toBe(0);
    // Someone else's notification id is simply not theirs: nothing changes.
    const other = await (await loginAs(deps, 'bidder1', DEMO_PASSWORD)).call();
    expect((await other.notification.markRead({ ids: [inbox.items[0]!.id] })).marked).toBe(0);
  });

  it('an SMTP failure is retried by the queue and the outbox keeps the error; then it is delivered', async () => {
    const [u] = await deps.db.select().from(users).where(eq(users.username, 'bidder2'));
    await deps.db.update(users).set({ email: 'b2@notify.test' }).where(eq(users.id, u!.id));
    const goodUrl = deps.config.smtp!.url;
    deps.config.smtp = { ...deps.config.smtp!, url: `smtp://127.0.0.1:${await freePort()}` }; // nobody listens
    await deps.db.transaction((tx) =>
      notify(tx, deps, { userIds: [u!.id], kind: 'test', title: { zh: '测试', en: 'Test' }, body: { zh: '正文', en: 'Body' } }),
    );
    await runner().runOnce();
    const [failed] = await deps.db.select().from(outbox).where(eq(outbox.toAddress, 'b2@notify.test'));
    expect(failed).toMatchObject({ status: 'pending', attempts: 1 });
    expect(failed!.lastError).toBeTruthy();
    deps.config.smtp = { ...deps.config.smtp!, url: goodUrl };
    deps.clock.advance(3000); // past the 2 s backoff
    await runner().runOnce();
    const [ok] = await deps.db.select().from(outbox).where(eq(outbox.id, failed!.id));
    expect(ok).toMatchObject({ status: 'sent', attempts: 2 });
    expect(received.some((m) => m.to === 'b2@notify.test')).toBe(true);
  });

  it('a notification in a rolled-back transaction never exists; without SMTP the e-mail is recorded as skipped', async () => {
    const [u] = await deps.db.select().from(users).where(eq(users.username, 'bidder2'));
    await deps.db
      .transaction(async (tx) => {
        await notify(tx, deps, { userIds: [u!.id], kind: 'ghost', title: { zh: '幽灵', en: 'Ghost' }, body: { zh: 'x', en: 'x' } });
        tx.rollback();
      })
      .catch(() => {});
    const b2 = await (await loginAs(deps, 'bidder2', DEMO_PASSWORD)).call();
    expect((await b2.notification.list({ limit: 50 })).items.map((n) => n.kind)).not.toContain('ghost');
    const smtpConf = deps.config.smtp;
    deps.config.smtp = null;
    try {
      await deps.db.transaction((tx) =>
        notify(tx, deps, { userIds: [u!.id], kind: 'nosmtp', title: { zh: '无邮件', en: 'No mail' }, body: { zh: 'x', en: 'x' } }),
      );
    } finally {
      deps.config.smtp = smtpConf;
    }
    const rows = await deps.db.select().from(outbox).where(eq(outbox.subject, '无邮件 / No mail'));
    expect(rows[0]).toMatchObject({ status: 'skipped', lastError: 'SMTP not configured' });
  });

  it('org approval for an unknown organization changes nothing', async () => {
    const staff = await (await loginAs(deps, 'staff', DEMO_PASSWORD)).call();
    await expect(staff.org.review({ orgId: 999_999, decision: 'approve' })).rejects.toThrow();
    expect((await deps.db.select().from(organizations).where(eq(organizations.id, 999_999))).length).toBe(0);
  });
});
