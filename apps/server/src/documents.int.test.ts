/**
 * Tender documents, uploads, downloads and clarifications through the real HTTP server (issue 5 §1, §2):
 * uploads verified by declared hash and size (nothing stored on a mismatch), names without paths or control
 * characters, a size limit; versioned documents, changes after publication only through a clarification
 * (S1/N5); any signed-in bidder downloads without registering (N7), every download recorded and nobody —
 * any role — learns who or how many before the bid deadline (N6); a clarification that affects bid
 * preparation and comes too late moves the deadline (N5), is pushed to the downloaders, enters the public
 * feed, and is a sealed PDF (pdfsig valid).
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import { documentDownloads, notifications, publicChanges, registrations, uploads } from '@ebid/db';
import { SESSION_COOKIE } from '@ebid/api';
import { DEMO_PASSWORD } from '@ebid/services';
import { appCode, appError, loginAs } from '@ebid/api/test-client';
import { publishedProject as publishedTestProject, TENDER_SCHEDULE, TEST_START } from '@ebid/testing';
import { downloadTampered, integrityAlert } from './integrity-test-kit.ts';
import { startTestApp, type TestApp } from './test-app.ts';

let testApp: TestApp;
let deps: TestApp['deps'];
let base: string;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-docs-'));
const as = async (u: string) => (await loginAs(deps, u, DEMO_PASSWORD)).call();
const cookies = new Map<string, string>();
async function cookieOf(u: string): Promise<string> {
  if (!cookies.has(u)) {
    const c = await loginAs(deps, u, DEMO_PASSWORD);
    cookies.set(u, `${SESSION_COOKIE}=${encodeURIComponent(c.jar.get(SESSION_COOKIE)!)}`);
  }
  return cookies.get(u)!;
}
/** Move the fake clock; sessions opened before may have expired, so HTTP cookies are re-issued. */
function setClock(iso: string) {
  deps.clock.set(new Date(iso));
  cookies.clear();
}
const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

async function upload(user: string | null, name: string, body: Buffer, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}/files?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/pdf', 'x-content-sha256': sha(body), ...(user ? { cookie: await cookieOf(user) } : {}), ...headers },
    body,
  });
  return { status: res.status, json: (await res.json()) as { error: { code: string; details: Record<string, unknown> } } & Record<string, unknown> };
}
async function uploadOk(user: string, name: string, body: Buffer = crypto.randomBytes(3000)) {
  const r = await upload(user, name, body);
  expect(r.status, JSON.stringify(r.json)).toBe(201);
  return r.json as unknown as { uploadId: number; fileName: string; sha256: string; size: number };
}
const uploadCount = async () => (await deps.db.select({ n: count() }).from(uploads))[0]!.n;

const schedule = TENDER_SCHEDULE;

let tendereeOrgId: number;

/**
 * A project of its own, drafted by the agent for the tenderee with one tender document (招标文件.pdf) and
 * published by staff, at noon of the notice day (the clock is set there first: after the demo mandate's start).
 */
async function publishedProject(name: string) {
  setClock('2026-02-25T12:00:00+08:00');
  const p = await publishedTestProject(deps, { owner: 'agent', tendereeOrgId, name, noticeBody: '一、招标条件\n\n本项目已具备招标条件，现进行公开招标。' });
  const a = await as('agent');
  const [doc] = await a.document.list({ projectId: p.id });
  return { a, p, doc: doc! };
}

/** `username` downloads the document through `GET /documents/:id` (the download is recorded). */
const downloadAs = async (username: string, documentId: number) => fetch(`${base}/documents/${documentId}`, { headers: { cookie: await cookieOf(username) } });

beforeAll(async () => {
  testApp = await startTestApp({ clockStart: TEST_START });
  deps = testApp.deps;
  base = testApp.base;
  tendereeOrgId = (await (await as('tenderee')).auth.me()).actor!.orgId;
});
afterAll(async () => {
  await testApp?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('uploads (POST /files)', () => {
  it('stores the file by hash and records the upload', async () => {
    const body = crypto.randomBytes(5000);
    const r = await uploadOk('tenderee', '技术规范 第1册.pdf', body);
    expect(r).toMatchObject({ fileName: '技术规范 第1册.pdf', sha256: sha(body), size: 5000 });
    expect(await deps.storage.stat(sha(body))).toEqual({ sha256: sha(body), size: 5000 });
    const [row] = await deps.db.select().from(uploads).where(eq(uploads.id, r.uploadId));
    expect(row).toMatchObject({ fileName: '技术规范 第1册.pdf', size: 5000, contentType: 'application/pdf' });
  });

  it('a declared hash that does not match → INTEGRITY_FAILED, nothing stored, no upload row', async () => {
    const body = crypto.randomBytes(4000);
    const declared = sha(crypto.randomBytes(10));
    const before = await uploadCount();
    const r = await upload('tenderee', 'a.pdf', body, { 'x-content-sha256': declared });
    expect(r.json.error.code).toBe('INTEGRITY_FAILED');
    expect(r.status).toBe(422);
    expect(await deps.storage.stat(sha(body))).toBeNull();
    expect(await deps.storage.stat(declared)).toBeNull();
    expect(await uploadCount()).toBe(before);
  });

  it('a declared size that does not match → INTEGRITY_FAILED, nothing stored', async () => {
    const body = crypto.randomBytes(4000);
    const before = await uploadCount();
    const r = await upload('tenderee', 'a.pdf', body, { 'x-content-size': '4001' });
    expect(r.json.error.code).toBe('INTEGRITY_FAILED');
    expect(await deps.storage.stat(sha(body))).toBeNull();
    expect(await uploadCount()).toBe(before);
  });

  it('a file over the configured limit → 413 PAYLOAD_TOO_LARGE before any byte is stored', async () => {
    const saved = deps.config.uploadMaxBytes;
    deps.config.uploadMaxBytes = 2048;
    try {
      const body = crypto.randomBytes(4096);
      const r = await upload('tenderee', 'big.pdf', body);
      expect(r.status).toBe(413);
      expect(r.json.error.code).toBe('PAYLOAD_TOO_LARGE');
      expect(await deps.storage.stat(sha(body))).toBeNull();
    } finally {
      deps.config.uploadMaxBytes = saved;
    }
  });

  it.each(['../a.pdf', 'a/b.pdf', 'a\\b.pdf', 'bad\u0007.pdf', 'tab\there.pdf', '..', ' lead.pdf', 'x'.repeat(201) + '.pdf', ''])(
    'file name %j → VALIDATION (field name), nothing stored',
    async (name) => {
      const body = crypto.randomBytes(1000);
      const r = await upload('tenderee', name, body);
      expect(r.status).toBe(400);
      expect(r.json.error.code).toBe('VALIDATION');
      // Control characters are refused by the one character rule of every input, naming the query parameter.
      const control = name.includes('\u0007') || name.includes('\t');
      expect(r.json.error.details.field).toBe(control ? 'query.name' : 'name');
      expect(await deps.storage.stat(sha(body))).toBeNull();
    },
  );

  it('a missing or malformed hash header → VALIDATION', async () => {
    const r = await upload('tenderee', 'a.pdf', crypto.randomBytes(100), { 'x-content-sha256': 'abc' });
    expect(r.json.error).toMatchObject({ code: 'VALIDATION', details: { field: 'sha256' } });
  });

  it('without a session → 401 UNAUTHORIZED, nothing stored', async () => {
    const body = crypto.randomBytes(1000);
    const r = await upload(null, 'a.pdf', body);
    expect(r.status).toBe(401);
    expect(r.json.error.code).toBe('UNAUTHORIZED');
    expect(await deps.storage.stat(sha(body))).toBeNull();
  });

  it("another organization's upload cannot be used (NOT_FOUND)", async () => {
    const t2 = await as('tenderee2');
    const p = await t2.project.create({ tradeType: 'engineering', method: 'open', name: '他人上传测试', sections: [{ name: '一标段' }] });
    const theirs = await uploadOk('tenderee', '别人的文件.pdf');
    expect(await appCode(t2.document.add({ projectId: p.id, uploadId: theirs.uploadId, kind: 'tender' }))).toBe('NOT_FOUND');
    const mine = await uploadOk('tenderee2', '自己的文件.pdf');
    expect((await t2.document.add({ projectId: p.id, uploadId: mine.uploadId, kind: 'tender' })).version).toBe(1);
  });
});

describe('tender documents', () => {
  it('the same name makes a new version; the old one is superseded; a draft version can be removed', async () => {
    const t = await as('tenderee');
    const p = await t.project.create({ tradeType: 'engineering', method: 'open', name: '版本测试项目', sections: [{ name: '一标段' }] });
    const v1 = await t.document.add({ projectId: p.id, uploadId: (await uploadOk('tenderee', '招标文件.pdf')).uploadId, kind: 'tender' });
    const v2 = await t.document.add({ projectId: p.id, uploadId: (await uploadOk('tenderee', '招标文件.pdf')).uploadId, kind: 'tender', sectionId: p.sections[0]!.id });
    expect([v1.version, v2.version, v2.supersedesId]).toEqual([1, 2, v1.id]);
    let list = await t.document.list({ projectId: p.id });
    expect(list.map((d) => [d.name, d.version, d.supersededAt !== null, d.visible])).toEqual([
      ['招标文件.pdf', 1, true, false],
      ['招标文件.pdf', 2, false, false],
    ]);
    // N6: no view carries a count or a downloader
    expect(Object.keys(list[0]!).sort()).toEqual(['clarificationId', 'contentType', 'createdAt', 'id', 'kind', 'name', 'projectId', 'sectionId', 'sha256', 'size', 'supersededAt', 'supersedesId', 'version', 'visible']);
    expect(await appCode(t.document.remove({ documentId: v1.id }))).toBe('INVALID_STATE'); // has a newer version
    await t.document.remove({ documentId: v2.id });
    list = await t.document.list({ projectId: p.id });
    expect(list.map((d) => [d.version, d.supersededAt])).toEqual([[1, null]]);
    expect(await appCode((await as('bidder1')).document.list({ projectId: p.id }))).toBe('NOT_FOUND'); // not public
    expect(await appCode((await as('bidder1')).document.add({ projectId: p.id, uploadId: v1.id, kind: 'tender' }))).toBe('FORBIDDEN');
  });

  it('after publication a document can only come with a draft clarification (S1/N5), and is visible when it is published', async () => {
    const { a, p, doc } = await publishedProject('发布后加文件测试');
    const up = await uploadOk('agent', '补充图纸.pdf');
    const e = await appError(a.document.add({ projectId: p.id, uploadId: up.uploadId, kind: 'attachment' }));
    expect([e.code, e.details?.reason]).toEqual(['INVALID_STATE', 'NEEDS_CLARIFICATION']);
    expect(await appCode(a.document.remove({ documentId: doc.id }))).toBe('INVALID_STATE');
    const c = await a.clarification.draft({ projectId: p.id, title: '补充图纸', body: '补充第三册图纸。', affectsPreparation: false });
    const att = await a.document.add({ projectId: p.id, uploadId: up.uploadId, kind: 'attachment', clarificationId: c.id });
    const b = await as('bidder2');
    expect((await b.document.list({ projectId: p.id })).map((d) => d.name)).toEqual(['招标文件.pdf']);
    expect((await fetch(`${base}/documents/${att.id}`, { headers: { cookie: await cookieOf('bidder2') } })).status).toBe(404);
    // S1: carrying a changed document, the clarification affects preparation; unmarked it is refused.
    const refused = await appError(a.clarification.publish({ clarificationId: c.id }));
    expect([refused.code, refused.details?.reason]).toEqual(['VALIDATION', 'DOCUMENTS_AFFECT_PREPARATION']);
    const marked = await a.clarification.update({ clarificationId: c.id, title: c.title, body: c.body, affectsPreparation: true, expectedVersion: c.version });
    await a.clarification.publish({ clarificationId: marked.id });
    expect((await b.document.list({ projectId: p.id })).map((d) => d.name).sort()).toEqual(['招标文件.pdf', '补充图纸.pdf'].sort());
    expect(await appCode(a.document.add({ projectId: p.id, uploadId: up.uploadId, kind: 'attachment', clarificationId: c.id }))).toBe('INVALID_STATE');
  });
});

describe('downloads (N7) and clarifications (N5, N6)', () => {
  it('a bidder that never registered downloads the documents (N7); the download is recorded, without an audit event naming it', async () => {
    const main = await publishedProject('示范市滨江大道改造工程');
    const res = await downloadAs('bidder1', main.doc.id);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('招标文件.pdf')}`);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(sha(bytes)).toBe(main.doc.sha256);
    expect(res.headers.get('content-length')).toBe(String(main.doc.size));
    const rows = await deps.db.select().from(documentDownloads).where(eq(documentDownloads.projectId, main.p.id));
    expect(rows).toHaveLength(1);
    const me = (await (await as('bidder1')).auth.me()).actor!;
    expect(rows[0]).toMatchObject({ documentId: main.doc.id, userId: me.userId, orgId: me.orgId });
    const trail = await (await as('staff')).audit.list({ limit: 200 });
    expect(trail.events.filter((e) => /download/i.test(e.action))).toEqual([]);
    expect((await fetch(`${base}/documents/${main.doc.id}`)).status).toBe(401);
    expect((await fetch(`${base}/documents/999999`, { headers: { cookie: await cookieOf('bidder1') } })).status).toBe(404);
  });

  it('N6: before the deadline every role is refused who or how many downloaded', async () => {
    const main = await publishedProject('示范市滨江大道改造工程（下载名单保密）');
    expect((await downloadAs('bidder1', main.doc.id)).status).toBe(200);
    for (const u of ['tenderee', 'agent', 'staff', 'supervisor', 'admin']) {
      const e = await appError((await as(u)).document.downloads({ projectId: main.p.id }));
      expect([u, e.code, e.details?.reason]).toEqual([u, 'INVALID_STATE', 'SECRET_UNTIL_DEADLINE']);
    }
    expect(await appCode((await as('bidder1')).document.downloads({ projectId: main.p.id }))).toBe('FORBIDDEN');
  });

  it('N5: requested deadline earlier than the law allows → VALIDATION with the earliest date; nothing changes', async () => {
    const other = await publishedProject('示范市第二污水处理厂提标改造');
    setClock('2026-03-15T10:00:00+08:00'); // 10 days before the bid deadline
    const a = await as('agent');
    const c = await a.clarification.draft({ projectId: other.p.id, title: '技术参数修改', body: '第五章技术参数修改如下。', affectsPreparation: true });
    const e = await appError(a.clarification.publish({ clarificationId: c.id, requestedDeadline: '2026-03-28T09:00:00+08:00' }));
    expect(e.code).toBe('VALIDATION');
    expect(e.details).toMatchObject({ field: 'requestedDeadline', earliest: new Date('2026-03-30T00:00:00+08:00').toISOString() });
    // Issue 19 §6: the earliest moment to set is a working day at a working hour, and no rule key (N5) is shown.
    expect(e.messageZh).toContain('最早可设为 2026年3月30日（星期一）09:00');
    expect(e.messageEn).toContain('the earliest to set is Mon 2026-03-30 09:00 (Beijing time)');
    expect(`${e.messageZh} ${e.messageEn}`).not.toMatch(/\(N5\)|§/);
    expect((await a.project.get({ projectId: other.p.id })).schedule.bidDeadline).toBe(new Date(schedule.bidDeadline).toISOString());
    expect((await a.clarification.list({ projectId: other.p.id })).map((x) => x.status)).toEqual(['draft']);
  });

  it('N5: a clarification that does not affect preparation does not move the deadline', async () => {
    const other = await publishedProject('示范市第二污水处理厂提标改造（联系人变更）');
    setClock('2026-03-15T10:00:00+08:00'); // 10 days before the bid deadline
    const a = await as('agent');
    const c = await a.clarification.draft({ projectId: other.p.id, title: '联系人变更', body: '招标代理联系人变更为王芳。', affectsPreparation: false });
    expect(await a.clarification.preview({ clarificationId: c.id })).toMatchObject({ deadlineField: 'bidDeadline', moveTo: null });
    const pub = await a.clarification.publish({ clarificationId: c.id });
    expect([pub.seq, pub.newDeadline, pub.previousDeadline]).toEqual([1, null, null]);
    expect((await a.project.get({ projectId: other.p.id })).schedule.bidDeadline).toBe(new Date(schedule.bidDeadline).toISOString());
  });

  it('N5: affects preparation and too close → the deadline moves (schedule, previous/new), downloaders notified, feed entry, sealed PDF', async () => {
    const main = await publishedProject('示范市滨江大道改造工程（澄清顺延）');
    expect((await downloadAs('bidder1', main.doc.id)).status).toBe(200); // bidder1 downloaded; bidder3 never did
    setClock('2026-03-15T10:00:00+08:00'); // 10 days before the bid deadline
    const a = await as('agent');
    const c = await a.clarification.draft({ projectId: main.p.id, title: '关于工程量清单的澄清', body: '一、工程量清单第3项数量更正。\n\n二、招标文件第二版随本澄清发布。', affectsPreparation: true });
    const v2 = await a.document.add({ projectId: main.p.id, uploadId: (await uploadOk('agent', '招标文件.pdf')).uploadId, kind: 'tender', clarificationId: c.id });
    const preview = await a.clarification.preview({ clarificationId: c.id });
    const moveTo = new Date('2026-03-30T09:30:00+08:00').toISOString(); // 3/15 + 15 d = 3/30 (Monday), old time of day
    expect(preview).toEqual({ deadlineField: 'bidDeadline', currentDeadline: new Date(schedule.bidDeadline).toISOString(), earliestLegal: new Date('2026-03-30T00:00:00+08:00').toISOString(), moveTo, provisional: false });
    const [feedRow] = await deps.db.select({ n: count() }).from(publicChanges).where(and(eq(publicChanges.entity, 'clarification'), eq(publicChanges.entityId, c.id)));
    expect(feedRow?.n).toBe(0);

    const pub = await a.clarification.publish({ clarificationId: c.id });
    expect(pub).toMatchObject({ status: 'published', seq: 1, deadlineField: 'bidDeadline', previousDeadline: new Date(schedule.bidDeadline).toISOString(), newDeadline: moveTo });
    expect(pub.documents.map((d) => [d.name, d.version])).toEqual([['招标文件.pdf', 2]]);
    const proj = await a.project.get({ projectId: main.p.id });
    expect([proj.schedule.bidDeadline, proj.schedule.openingAt]).toEqual([moveTo, moveTo]);
    expect(proj.schedule.docsIssueEnd).toBe(new Date(schedule.docsIssueEnd).toISOString());

    // the downloader (bidder1) is notified with the new deadline; a bidder that never downloaded is not
    const me = (await (await as('bidder1')).auth.me()).actor!;
    const notes = await deps.db.select().from(notifications).where(and(eq(notifications.userId, me.userId), eq(notifications.kind, 'clarification.published')));
    expect(notes).toHaveLength(1);
    expect(notes[0]!.bodyZh).toContain('顺延至 2026-03-30 09:30');
    const b3 = (await (await as('bidder3')).auth.me()).actor!;
    expect(await deps.db.select().from(notifications).where(and(eq(notifications.userId, b3.userId), eq(notifications.kind, 'clarification.published')))).toHaveLength(0);
    const feed = await deps.db.select().from(publicChanges).where(and(eq(publicChanges.entity, 'clarification'), eq(publicChanges.entityId, c.id)));
    expect(feed.map((f) => f.change)).toEqual(['published']);

    // bidders see it (newest first) and the new version; v1 is superseded but stays downloadable
    const b = await as('bidder3');
    const list = await b.clarification.list({ projectId: main.p.id });
    expect(list.map((x) => [x.seq, x.newDeadline])).toEqual([[1, moveTo]]);
    const docs = await b.document.list({ projectId: main.p.id });
    expect(docs.map((d) => [d.version, d.supersededAt !== null])).toEqual([[1, true], [2, false]]);
    expect(docs[1]!.id).toBe(v2.id);

    // the sealed PDF
    const res = await fetch(`${base}/clarifications/${c.id}.pdf`, { headers: { cookie: await cookieOf('bidder3') } });
    expect(res.status).toBe(200);
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(sha(pdf)).toBe(pub.pdfSha256);
    const file = path.join(tmp, 'clarification.pdf');
    fs.writeFileSync(file, pdf);
    expect(execFileSync('pdfsig', [file], { encoding: 'utf8' })).toContain('Signature is Valid');
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    expect(text).toContain('关于工程量清单的澄清');
    expect(text).toContain('顺延至');
    expect((await fetch(`${base}/clarifications/${c.id}.pdf`)).status).toBe(401);
    // Issue 13 §5: a corrupted clarification PDF never downloads complete; the alert names the route.
    const bad = await downloadTampered(testApp, { path: `/clarifications/${c.id}.pdf`, cookie: await cookieOf('bidder3'), sha256: pub.pdfSha256! });
    expect(bad.outcome).not.toBe('complete');
    expect((await integrityAlert(testApp, pub.pdfSha256!)).events[0]?.payload).toMatchObject({ sha256: pub.pdfSha256, route: 'GET /clarifications/:id.pdf' });
    expect(sha(Buffer.from(await (await fetch(`${base}/clarifications/${c.id}.pdf`, { headers: { cookie: await cookieOf('bidder3') } })).arrayBuffer()))).toBe(pub.pdfSha256);

    // a second one now is 15 days out → no further move
    const c2 = await a.clarification.draft({ projectId: main.p.id, title: '第二次澄清', body: '补充说明。', affectsPreparation: true });
    expect((await a.clarification.preview({ clarificationId: c2.id })).moveTo).toBeNull();
    // bidders never see drafts
    expect((await b.clarification.list({ projectId: main.p.id })).map((x) => x.id)).toEqual([c.id]);
  });

  it('N6: once the server clock is past the bid deadline the owner side, center and supervisor see the downloads', async () => {
    const main = await publishedProject('示范市滨江大道改造工程（截止后下载名单）');
    expect((await downloadAs('bidder1', main.doc.id)).status).toBe(200);
    expect(await appCode((await as('tenderee')).document.downloads({ projectId: main.p.id }))).toBe('INVALID_STATE');
    setClock('2026-03-30T09:31:00+08:00');
    for (const u of ['tenderee', 'agent', 'staff', 'supervisor', 'admin']) {
      const list = await (await as(u)).document.downloads({ projectId: main.p.id });
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({ documentName: '招标文件.pdf', documentVersion: 1 });
    }
    expect(await appCode((await as('tenderee2')).document.downloads({ projectId: main.p.id }))).toBe('FORBIDDEN'); // not its project
    // past the deadline no clarification can be drafted
    expect(await appCode((await as('agent')).clarification.draft({ projectId: main.p.id, title: '截止后澄清', body: '不允许。', affectsPreparation: false }))).toBe('INVALID_STATE');
  });
});

describe('prequalification project', () => {
  it('tender documents go only to qualified applicants; a late prequalification clarification moves the application deadline (3 d) and the review end with it', async () => {
    setClock('2026-02-25T12:00:00+08:00'); // after the demo mandate's start
    const a = await as('agent');
    const p = await a.project.create({ tradeType: 'engineering', method: 'open', prequalification: true, name: '资格预审项目', tendereeOrgId, sections: [{ name: '一标段' }] });
    const pq = {
      noticePublishAt: '2026-02-25T09:00:00+08:00',
      docsIssueStart: '2026-03-02T09:00:00+08:00',
      docsIssueEnd: '2026-03-10T09:00:00+08:00',
      prequalDocsEnd: '2026-03-09T17:00:00+08:00',
      prequalApplicationDeadline: '2026-03-16T09:00:00+08:00',
      prequalReviewEnd: '2026-03-16T17:00:00+08:00',
      bidDeadline: '2026-04-20T09:30:00+08:00',
      openingAt: '2026-04-20T09:30:00+08:00',
    };
    await a.project.saveSchedule({ projectId: p.id, schedule: pq, expectedVersion: p.version });
    const pre = await a.document.add({ projectId: p.id, uploadId: (await uploadOk('agent', '资格预审文件.pdf')).uploadId, kind: 'prequalification' });
    const ten = await a.document.add({ projectId: p.id, uploadId: (await uploadOk('agent', '招标文件.pdf')).uploadId, kind: 'tender' });
    const n = await a.notice.draft({ projectId: p.id, kind: 'prequalification', title: '资格预审项目资格预审公告', body: '一、资格预审条件\n\n详见资格预审文件。' });
    await a.notice.submit({ noticeId: n.id });
    await (await as('staff')).notice.publish({ noticeId: n.id });

    const b = await as('bidder4');
    expect((await b.document.list({ projectId: p.id })).map((d) => d.name)).toEqual(['资格预审文件.pdf']);
    const get = async (id: number) => (await fetch(`${base}/documents/${id}`, { headers: { cookie: await cookieOf('bidder4') } })).status;
    expect([await get(pre.id), await get(ten.id)]).toEqual([200, 404]);
    const me = (await b.auth.me()).actor!;
    await deps.db.insert(registrations).values({ projectId: p.id, sectionId: p.sections[0]!.id, bidderOrgId: me.orgId, userId: me.userId, status: 'qualified', appliedAt: deps.clock.now() });
    expect((await b.document.list({ projectId: p.id })).map((d) => d.name).sort()).toEqual(['招标文件.pdf', '资格预审文件.pdf'].sort());
    expect(await get(ten.id)).toBe(200);

    setClock('2026-03-14T10:00:00+08:00');
    const c = await a.clarification.draft({ projectId: p.id, title: '资格预审文件澄清', body: '资格条件第二项更正。', affectsPreparation: true });
    const preview = await a.clarification.preview({ clarificationId: c.id });
    expect(preview).toMatchObject({ deadlineField: 'prequalApplicationDeadline', earliestLegal: new Date('2026-03-17T00:00:00+08:00').toISOString(), moveTo: new Date('2026-03-17T09:00:00+08:00').toISOString() });
    await a.clarification.publish({ clarificationId: c.id });
    const s = (await a.project.get({ projectId: p.id })).schedule;
    expect([s.prequalApplicationDeadline, s.prequalReviewEnd, s.bidDeadline]).toEqual([
      new Date('2026-03-17T09:00:00+08:00').toISOString(),
      new Date('2026-03-17T17:00:00+08:00').toISOString(), // shifted by the same day, so it stays after the applications
      new Date(pq.bidDeadline).toISOString(),
    ]);
    // the registered company's users are notified, with the new deadline
    const notes = await deps.db.select().from(notifications).where(and(eq(notifications.userId, me.userId), eq(notifications.kind, 'clarification.published')));
    expect(notes.some((x) => x.bodyZh.includes('2026-03-17 09:00'))).toBe(true);
  });
});
