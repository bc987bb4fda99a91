/**
 * A corrupted object never downloads as a success (issue 13 §5), through the real HTTP server on
 * PostgreSQL, with both object store drivers: the S3 server (tampered by a raw S3 PUT to the same key) and
 * the fs driver (tampered on disk). A tender document (small and large), a notice PDF and the CRL: the
 * client sees a typed INTEGRITY_FAILED or a body cut short of its declared length, never a complete 200;
 * the platform raises one alert per object (audit event naming the hash and the route, a notification to
 * every staff member and the platform admin). The other download routes (clarification PDFs, opening
 * records, qualification evidence, the bid rehearsal download) are checked in their own files with the
 * same kit (integrity-test-kit.ts).
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import { crls, notices, users } from '@ebid/db';
import { SESSION_COOKIE } from '@ebid/api';
import { DEMO_PASSWORD } from '@ebid/services';
import { loginAs } from '@ebid/api/test-client';
import { createCsrPem, generateKeyPairPem } from '@ebid/pki';
import { download, downloadTampered, integrityAlert } from './integrity-test-kit.ts';
import { addDocumentAs, startTestApp, type TestApp } from './test-app.ts';

const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');
const DAY = 86_400_000;

describe.each(['s3', 'fs'] as const)('the %s driver', (driver) => {
  let t: TestApp;
  let cookie: string;
  const as = async (u: string) => (await loginAs(t.deps, u, DEMO_PASSWORD)).call();
  let projectId: number;
  const docs: Record<'small' | 'large', { id: number; sha256: string; bytes: Buffer }> = {} as never;
  let centerUsers: number;

  beforeAll(async () => {
    t = await startTestApp({ storage: driver });
    const c = await loginAs(t.deps, 'tenderee', DEMO_PASSWORD);
    cookie = `${SESSION_COOKIE}=${encodeURIComponent(c.jar.get(SESSION_COOKIE)!)}`;
    const tenderee = await c.call();
    const p = await tenderee.project.create({ tradeType: 'engineering', method: 'open', name: '完整性校验测试工程', sections: [{ name: '一标段' }] });
    projectId = p.id;
    for (const [kind, size] of [['small', 3000], ['large', 3 * 1024 * 1024 + 17]] as const) {
      const bytes = crypto.randomBytes(size);
      const res = await fetch(`${t.base}/files?name=${encodeURIComponent(`${kind}.pdf`)}`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/pdf', 'x-content-sha256': sha(bytes) },
        body: bytes,
      });
      expect(res.status).toBe(201);
      const { uploadId } = (await res.json()) as { uploadId: number };
      const d = await tenderee.document.add({ projectId, uploadId, kind: 'tender' });
      docs[kind] = { id: d.id, sha256: sha(bytes), bytes };
    }
    centerUsers = (await t.deps.db.select({ id: users.id }).from(users).where(inArray(users.role, ['staff', 'platform_admin']))).length;
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('an intact document downloads complete and byte-exact (the held-back chunk is released)', async () => {
    for (const d of Object.values(docs)) {
      const res = await fetch(`${t.base}/documents/${d.id}`, { headers: { cookie } });
      expect(res.status).toBe(200);
      expect(sha(Buffer.from(await res.arrayBuffer()))).toBe(d.sha256);
    }
  });

  it('a small document with one bit flipped → a typed 422 INTEGRITY_FAILED before any byte', async () => {
    const r = await downloadTampered(t, { path: `/documents/${docs.small.id}`, cookie, sha256: docs.small.sha256 });
    expect(r).toMatchObject({ status: 422, outcome: 'typed', code: 'INTEGRITY_FAILED' });
  });

  it('a large document with one bit flipped → the body is cut short of its length; never a complete 200', async () => {
    const r = await downloadTampered(t, { path: `/documents/${docs.large.id}`, cookie, sha256: docs.large.sha256 });
    expect(r.outcome).not.toBe('complete');
    if (r.status === 200) expect(r.outcome).toBe('cut');
  });

  it.each([
    ['longer', (b: Buffer) => Buffer.concat([b, crypto.randomBytes(1024 * 1024)])],
    ['shorter', (b: Buffer) => b.subarray(0, b.length - 1)],
  ])('a large document made %s → never a complete 200', async (_what, mutate) => {
    const r = await downloadTampered(t, { path: `/documents/${docs.large.id}`, cookie, sha256: docs.large.sha256, mutate });
    expect(r.outcome).not.toBe('complete');
  });

  it('the alert: one audit event on the platform chain naming the hash and the route, one notification per staff member; repeats do not flood', async () => {
    const a = await integrityAlert(t, docs.small.sha256);
    expect(a.events).toHaveLength(1);
    expect(a.events[0]).toMatchObject({ chain: 'platform', action: 'storage.integrity_failed', subjectType: 'object', subjectId: docs.small.sha256 });
    expect(a.events[0]!.payload).toMatchObject({ sha256: docs.small.sha256, route: 'GET /documents/:id' });
    expect(a.notifications).toBe(centerUsers);
    // Once more: still one alert.
    expect((await downloadTampered(t, { path: `/documents/${docs.small.id}`, cookie, sha256: docs.small.sha256 })).outcome).not.toBe('complete');
    await new Promise((r) => setTimeout(r, 300));
    const again = await integrityAlert(t, docs.small.sha256);
    expect(again.events).toHaveLength(1);
    expect(again.notifications).toBe(centerUsers);
    // The large one raised its own alert.
    expect((await integrityAlert(t, docs.large.sha256)).events).toHaveLength(1);
    // After the repair (the bytes were put back) the document downloads again.
    expect((await download(t, `/documents/${docs.large.id}`, cookie)).outcome).toBe('complete');
  });

  it('a published notice PDF (public route) → never complete; alert on GET /portal/notices/:id.pdf', async () => {
    const tenderee = await as('tenderee');
    const p = await tenderee.project.create({ tradeType: 'engineering', method: 'open', name: '完整性校验公告测试', sections: [{ name: '一标段' }] });
    const now = t.deps.clock.now().getTime();
    const at0930 = (days: number) => {
      const d = new Date(now + days * DAY + 8 * 3600_000);
      return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 1, 30)).toISOString();
    };
    const schedule = { noticePublishAt: new Date(now - 60_000).toISOString(), docsIssueStart: at0930(2), docsIssueEnd: at0930(14), bidDeadline: at0930(50), openingAt: at0930(50) };
    await tenderee.project.saveSchedule({ projectId: p.id, schedule, expectedVersion: p.version });
    await addDocumentAs(t, 'tenderee', p.id);
    const n = await tenderee.notice.draft({ projectId: p.id, kind: 'tender', title: '完整性校验公告', body: '一、招标条件\n\n测试。' });
    await tenderee.notice.submit({ noticeId: n.id });
    await (await as('staff')).notice.publish({ noticeId: n.id });
    const [row] = await t.deps.db.select({ sha256: notices.pdfSha256 }).from(notices).where(eq(notices.id, n.id));
    expect((await download(t, `/portal/notices/${n.id}.pdf`)).outcome).toBe('complete');
    const r = await downloadTampered(t, { path: `/portal/notices/${n.id}.pdf`, sha256: row!.sha256! });
    expect(r.outcome).not.toBe('complete');
    const a = await integrityAlert(t, row!.sha256!);
    expect(a.events[0]?.payload).toMatchObject({ route: 'GET /portal/notices/:id.pdf' });
  });

  it('the CRL → never complete; alert on GET /pki/crl.der', async () => {
    const tenderee = await as('tenderee');
    const me = (await tenderee.auth.me()).actor!;
    const subject = { commonName: me.displayName, organizationName: me.orgName, countryName: 'CN' };
    const s = generateKeyPairPem();
    const e = generateKeyPairPem();
    const issued = await tenderee.cert.issue({ signingCsrPem: createCsrPem(s, subject), encryptionCsrPem: createCsrPem(e, subject) });
    await tenderee.cert.revoke({ certificateId: issued.signing.id, reason: 1 });
    const [crl] = await t.deps.db.select().from(crls).orderBy(crls.number);
    expect((await download(t, '/pki/crl.der')).outcome).toBe('complete');
    const r = await downloadTampered(t, { path: '/pki/crl.der', sha256: crl!.sha256 });
    expect(r.outcome).not.toBe('complete');
    expect((await integrityAlert(t, crl!.sha256)).events[0]?.payload).toMatchObject({ route: 'GET /pki/crl.der' });
  });
});
