/**
 * Issue 19 §1, notices read like notices — the portal through the real HTTP server on PostgreSQL and S3:
 * the list is newest publication first (a notice drafted first but published last leads), paging on
 * keeps that order; the notice detail is the project's portal page, listing the project's public notices
 * with their PDFs named in words (the name the download sends too), and the opening record (开标记录表)
 * only once it is public (O5: the session closed) — before that, no link and nothing of it through the
 * portal API, and an anonymous download is refused.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDevPki } from '@ebid/pki';
import { apiClient } from '@ebid/api/test-client';
import { addDocument, callerAs, draftProject, openedProject, publishedProject, runTestJob, TEST_START, testSchedule } from '@ebid/testing';
import { startTestApp, type TestApp } from './test-app.ts';

let testApp: TestApp;
let deps: TestApp['deps'];
let base: string;
const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-portal-'));

beforeAll(async () => {
  const platform = await ensureDevPki(path.join(tmpDir, 'platform-pki'), { now: new Date('2026-01-01T00:00:00Z') });
  testApp = await startTestApp({ clockStart: TEST_START, pki: { platform, trustedRootsPem: [platform.rootCertPem] } });
  deps = testApp.deps;
  base = testApp.base;
}, 120_000);
afterAll(async () => {
  await testApp?.close();
  fs.rmSync(tmpDir, { recursive: true, force: true });
});

const anon = async () => (await apiClient(deps).call()).portal;
const minutes = (n: number) => new Date(deps.clock.now().getTime() + n * 60_000);

/** The file name a download sends (`filename*=UTF-8''…`). */
function sentFileName(res: Response): string {
  const cd = res.headers.get('content-disposition') ?? '';
  return decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(cd)?.[1] ?? '');
}

describe('the portal lists notices newest publication first (issue 19 §1)', () => {
  const TAG = '示范市排序测试';
  let ids: { early: number; late: number; termination: number; projectB: number };

  beforeAll(async () => {
    deps.clock.set(TEST_START);
    // A's notice is drafted and submitted first (the smaller id) but staff publish it last.
    const t = await callerAs(deps, 'tenderee');
    const a = await draftProject(deps, { name: `${TAG}甲工程` });
    await t.project.saveSchedule({ projectId: a.id, schedule: testSchedule('tender'), expectedVersion: a.version });
    await addDocument(deps, 'tenderee', a.id);
    const late = await t.notice.draft({ projectId: a.id, kind: 'tender', title: `${TAG}甲工程招标公告`, body: '一、招标条件\n\n本项目已具备招标条件。' });
    await t.notice.submit({ noticeId: late.id });
    // B is published now, then terminated an hour later (its 终止公告, a results notice).
    const b = await publishedProject(deps, { name: `${TAG}乙工程`, noticeTitle: `${TAG}乙工程招标公告` });
    deps.clock.set(minutes(60));
    await (await callerAs(deps, 'staff')).notice.publish({ noticeId: late.id });
    deps.clock.set(minutes(60));
    await t.project.terminate({ projectId: b.id, reason: '项目建设规划调整，本项目取消' });
    const list = await (await anon()).notices({ q: TAG, limit: 50 });
    const termination = list.items.find((i) => i.kind === 'termination');
    if (!termination) throw new Error('no termination notice');
    ids = { early: b.notice.id, late: late.id, termination: termination.id, projectB: b.id };
    expect(ids.late).toBeLessThan(ids.early); // the case: id order is not publication order
  }, 180_000);

  it('newest publication first, whatever the drafting order (the service orders it, not the screen)', async () => {
    const { items } = await (await anon()).notices({ q: TAG, limit: 50 });
    expect(items.map((i) => i.id)).toEqual([ids.termination, ids.late, ids.early]);
    const times = items.map((i) => Date.parse(i.publishedAt));
    expect([...times].sort((x, y) => y - x)).toEqual(times);
  });

  it('paging on (beforeId) keeps the order: each page continues where the last ended, nothing missed or repeated', async () => {
    const portal = await anon();
    const first = await portal.notices({ q: TAG, limit: 1 });
    const second = await portal.notices({ q: TAG, limit: 1, beforeId: first.nextBeforeId! });
    const third = await portal.notices({ q: TAG, limit: 1, beforeId: second.nextBeforeId! });
    expect([...first.items, ...second.items, ...third.items].map((i) => i.id)).toEqual([ids.termination, ids.late, ids.early]);
    expect(third.nextBeforeId).toBeNull();
    // A cursor that is no published notice gives nothing rather than everything.
    expect((await portal.notices({ q: TAG, limit: 50, beforeId: 999_999_999 })).items).toEqual([]);
  });

  it('each notice PDF is named in words — project, kind in the trade\'s word, day — in the list and in the download', async () => {
    const { items } = await (await anon()).notices({ q: TAG, limit: 50 });
    const byId = new Map(items.map((i) => [i.id, i]));
    expect(byId.get(ids.termination)?.pdfFileName).toBe(`${TAG}乙工程-终止公告-2026-02-25.pdf`);
    expect(byId.get(ids.early)?.pdfFileName).toBe(`${TAG}乙工程-招标公告-2026-02-25.pdf`);
    for (const n of items) {
      const res = await fetch(`${base}/portal/notices/${n.id}.pdf`);
      expect(res.status).toBe(200);
      expect(sentFileName(res)).toBe(n.pdfFileName);
    }
  });

  it('the detail is the project\'s portal page: the project\'s public notices newest first with their PDF names; no record without an opening', async () => {
    const d = await (await anon()).notice({ noticeId: ids.early });
    expect(d.projectFiles?.notices.map((n) => [n.id, n.kind])).toEqual([
      [ids.termination, 'termination'],
      [ids.early, 'tender'],
    ]);
    expect(d.projectFiles?.notices.every((n) => n.pdfFileName.endsWith('.pdf') && n.pdfSize > 0)).toBe(true);
    expect(d.projectFiles?.openingRecord).toBeNull();
    // Another project's notices are not listed; the list itself carries no project files.
    expect(d.projectFiles?.notices.some((n) => n.id === ids.late)).toBe(false);
    const { items } = await (await anon()).notices({ q: TAG, limit: 50 });
    for (const i of items) expect(i).not.toHaveProperty('projectFiles');
  });
});

describe('the opening record is linked from the project\'s portal page once public, never before (O5; issue 19 §1)', () => {
  let projectId: number;
  let noticeId: number;

  beforeAll(async () => {
    deps.clock.set(TEST_START);
    const o = await openedProject(deps, { name: '示范市记录公开测试工程' });
    expect(o.opening.status).toBe('published');
    projectId = o.project.id;
    const list = await (await anon()).notices({ q: '示范市记录公开测试工程', limit: 5 });
    noticeId = list.items[0]!.id;
    const draw = o.opening.k?.draw;
    if (draw) {
      // The engineering K draw (O8) runs by itself at its reveal close; the record waits for it.
      deps.clock.set(new Date(new Date(draw.revealCloseAt).getTime() + 1000));
      await runTestJob(deps, 'draw.run', { drawId: draw.id });
    }
  }, 300_000);

  /** What the public reads of the record: the portal page's link, and the download as anyone. */
  async function publicView() {
    const d = await (await anon()).notice({ noticeId });
    const res = await fetch(`${base}/openings/${projectId}/record.pdf`);
    return { detail: d, json: JSON.stringify(d), status: res.status, fileName: res.status === 200 ? sentFileName(res) : null, sha256: res.headers.get('x-content-sha256') };
  }

  it('opened, record generated and being confirmed: no link, nothing of the record on the portal, no anonymous download', async () => {
    const staff = await callerAs(deps, 'staff');
    const v = await staff.opening.generateRecord({ projectId });
    const rec = v.record;
    if (!rec) throw new Error('no record');
    const p = await publicView();
    expect(p.detail.projectFiles?.openingRecord).toBeNull();
    expect(p.json).not.toContain(rec.sha256);
    expect(p.json).not.toContain('开标记录表');
    expect(p.json).not.toContain('record.pdf');
    expect(p.status).toBe(401);
  });

  it('closed: the portal page links the record (its name, size and hash) and anyone downloads those very bytes', async () => {
    const staff = await callerAs(deps, 'staff');
    const v = await staff.opening.get({ projectId });
    deps.clock.set(new Date(Date.parse(v.record!.confirmDeadline) + 1000));
    await staff.opening.close({ projectId });
    const p = await publicView();
    const link = p.detail.projectFiles?.openingRecord;
    expect(link).toMatchObject({ version: 1, url: `/openings/${projectId}/record.pdf`, sha256: v.record!.sha256 });
    expect(link?.fileName).toMatch(/^开标记录表-.+-v1\.pdf$/);
    expect(link?.size).toBeGreaterThan(0);
    expect(p.status).toBe(200);
    expect(p.sha256).toBe(link?.sha256);
    expect(p.fileName).toBe(link?.fileName);
  });
});
