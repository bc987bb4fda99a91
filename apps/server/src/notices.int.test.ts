/**
 * Notices from draft to the public portal through the real HTTP server (issue 4 §3, §4): staff publish a
 * sealed Chinese PDF (pdfsig: valid), stored by hash with one content hash per venue (N9); published
 * notices are never edited; the portal lists and filters; the change feed neither misses nor repeats.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { and, eq } from 'drizzle-orm';
import { auditEvents, noticePublications, notices, tenderDocuments } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import { AppError } from '@ebid/domain';
import { createJobHandlers, DEMO_PASSWORD } from '@ebid/services';
import { apiClient, appCode, loginAs } from '@ebid/api/test-client';
import { PREQUALIFICATION_SCHEDULE, publishedProject as publishedTestProject, TENDER_SCHEDULE, TEST_PROPERTY_ITEM } from '@ebid/testing';
import { addDocumentAs, startTestApp, type TestApp } from './test-app.ts';

let testApp: TestApp;
let deps: TestApp['deps'];
let base: string;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-notice-'));
const as = async (u: string) => (await loginAs(deps, u, DEMO_PASSWORD)).call();

beforeAll(async () => {
  testApp = await startTestApp({ clockStart: new Date('2026-02-25T02:00:00Z') });
  deps = testApp.deps;
  base = testApp.base;
});
afterAll(async () => {
  await testApp?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const schedule = TENDER_SCHEDULE;

/** A project of its own, published through the factory; the owner's caller, the project and its notice. */
async function publishedProject(name: string) {
  const p = await publishedTestProject(deps, { name, noticeBody: '一、招标条件\n\n本项目已具备招标条件，现对该项目的施工进行公开招标。\n\n二、投标人资格要求\n\n具备市政公用工程施工总承包三级及以上资质。' });
  return { t: await as('tenderee'), p, n: p.notice };
}

describe('notices', () => {
  it('draft → submit → staff publish: sealed PDF (pdfsig valid), stored by hash, a hash per venue, project published', async () => {
    const { p, n } = await publishedProject('示范市滨江大道改造工程');
    expect(n.status).toBe('published');
    expect(n.pdfSha256).toMatch(/^[0-9a-f]{64}$/);
    const proj = await (await as('tenderee')).project.get({ projectId: p.id });
    expect(proj.status).toBe('PUBLISHED');

    const res = await fetch(`${base}/portal/notices/${n.id}.pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(crypto.createHash('sha256').update(pdf).digest('hex')).toBe(n.pdfSha256);
    const file = path.join(tmp, 'notice.pdf');
    fs.writeFileSync(file, pdf);
    const sig = execFileSync('pdfsig', [file], { encoding: 'utf8' });
    expect(sig).toContain('Signature is Valid');
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    expect(text).toContain('示范市滨江大道改造工程招标公告');
    expect(text).toContain(proj.unifiedDealCode);
    const venues = await deps.db.select().from(noticePublications).where(eq(noticePublications.noticeId, n.id));
    expect(venues.map((v) => v.venue).sort()).toEqual(['platform', 'provincial_service_platform']);
    expect(new Set(venues.map((v) => v.contentSha256))).toEqual(new Set([n.pdfSha256]));
  });

  it('a published notice is never edited: only an amendment notice changes it', async () => {
    const { t, p, n } = await publishedProject('示范市第二污水处理厂提标改造');
    expect(await appCode(t.notice.update({ noticeId: n.id, title: '篡改后的标题', body: '篡改后的正文内容内容', expectedVersion: n.version }))).toBe('INVALID_STATE');
    expect(await appCode(t.notice.draft({ projectId: p.id, kind: 'tender', title: '第二份招标公告', body: '不允许再发一份招标公告' }))).toBe('INVALID_STATE');
    const a = await t.notice.draft({ projectId: p.id, kind: 'amendment', title: '变更公告（第1号）', body: '投标截止时间不变，补充技术规范第三章。' });
    expect(a.amendsNoticeId).toBe(n.id);
  });

  it('staff reject sends the project back to draft; the owner edits and resubmits', async () => {
    const t = await as('tenderee');
    const p = await t.project.create({ tradeType: 'engineering', method: 'open', name: '示范市体育中心改造', sections: [{ name: '一标段' }] });
    await t.project.saveSchedule({ projectId: p.id, schedule, expectedVersion: p.version });
    await addDocumentAs(testApp, 'tenderee', p.id);
    const n = await t.notice.draft({ projectId: p.id, kind: 'tender', title: '示范市体育中心改造招标公告', body: '公告正文第一稿，缺少资格条件。' });
    await t.notice.submit({ noticeId: n.id });
    const staff = await as('staff');
    expect((await staff.notice.pending()).map((x) => x.id)).toContain(n.id);
    const r = await staff.notice.reject({ noticeId: n.id, note: '请补充资格条件' });
    expect(r.status).toBe('rejected');
    expect((await t.project.get({ projectId: p.id })).status).toBe('DRAFT');
    const u = await t.notice.update({ noticeId: n.id, title: r.title, body: '公告正文第二稿，已补充资格条件。', expectedVersion: r.version });
    expect((await t.notice.submit({ noticeId: u.id })).status).toBe('pending_review');
  });

  it('only the owner side drafts; others get FORBIDDEN or NOT_FOUND and nothing changes', async () => {
    const t = await as('tenderee');
    const p = await t.project.create({ tradeType: 'engineering', method: 'open', name: '示范市图书馆新馆', sections: [{ name: '一标段' }] });
    expect(await appCode((await as('bidder1')).notice.draft({ projectId: p.id, kind: 'tender', title: '投标人冒充发布', body: '投标人不能起草公告内容' }))).toBe('FORBIDDEN');
    expect(await appCode((await as('tenderee2')).notice.draft({ projectId: p.id, kind: 'tender', title: '其他招标人冒充', body: '其他招标人不能起草公告' }))).toBe('NOT_FOUND');
    expect(await appCode(t.notice.draft({ projectId: p.id, kind: 'tender', title: '短', body: '正文太短' }))).toBe('VALIDATION');
    expect(await appCode(t.notice.draft({ projectId: p.id, kind: 'tender', title: '超长正文', body: '长'.repeat(20_001) }))).toBe('VALIDATION');
    expect(await t.notice.forProject({ projectId: p.id })).toEqual([]);
  });
});

describe('public portal and change feed', () => {
  it('anyone lists, filters and searches published notices', async () => {
    const anon = await apiClient(deps).call();
    const all = await anon.portal.notices({ limit: 50 });
    expect(all.items.length).toBeGreaterThanOrEqual(2);
    expect(all.items.every((i) => i.project.tradeType === 'engineering')).toBe(true);
    expect((await anon.portal.notices({ tradeType: 'land', limit: 50 })).items).toEqual([]);
    const hit = await anon.portal.notices({ q: '滨江大道', limit: 50 });
    expect(hit.items.map((i) => i.title)).toEqual(['示范市滨江大道改造工程招标公告']);
    expect((await anon.portal.notices({ q: '%', limit: 50 })).items).toEqual([]); // LIKE wildcards are literal
    const one = await anon.portal.notice({ noticeId: hit.items[0]!.id });
    expect(one.project.bidDeadline).toBe('2026-03-25T01:30:00.000Z');
    // Drafts are not public.
    const t = await as('tenderee');
    const p = await t.project.create({ tradeType: 'engineering', method: 'open', name: '未发布项目', sections: [{ name: '一标段' }] });
    const d = await t.notice.draft({ projectId: p.id, kind: 'tender', title: '未发布的招标公告', body: '这是一份草稿，不应公开。' });
    expect(await appCode(anon.portal.notice({ noticeId: d.id }))).toBe('NOT_FOUND');
    expect((await fetch(`${base}/portal/notices/${d.id}.pdf`)).status).toBe(404);
  });

  it('a poller following `next` sees every change exactly once, in order', async () => {
    const anon = await apiClient(deps).call();
    const first = await anon.portal.changes({ after: 0, limit: 1000 });
    const seen = first.changes.map((c) => c.id);
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect((await anon.portal.changes({ after: first.next, limit: 1000 })).changes).toEqual([]);
    // Publish several concurrently: the next poll returns each once, ids strictly increasing.
    await Promise.all(['甲', '乙', '丙'].map((x) => publishedProject(`并发发布项目${x}`)));
    const second = await anon.portal.changes({ after: first.next, limit: 2 });
    const third = await anon.portal.changes({ after: second.next, limit: 1000 });
    const ids = [...second.changes, ...third.changes].map((c) => c.id);
    expect(ids).toHaveLength(3);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect(ids.some((id) => seen.includes(id))).toBe(false);
  });
});

/** The AppError of a refused call (with its details and both messages). */
async function refusal(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof TRPCError && e.cause instanceof AppError) return e.cause;
    throw e;
  }
  throw new Error('expected a refusal');
}
const actionsOf = async (projectId: number) =>
  (await deps.db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.chain, projectChain(projectId)))).map((e) => e.action);


describe('no tender without documents (issue 16 §1)', () => {
  async function draftTender(name: string, opts: { prequalification?: boolean; kind?: 'tender' | 'prequalification' } = {}) {
    const t = await as('tenderee');
    const p = await t.project.create({ tradeType: 'engineering', method: 'open', name, ...(opts.prequalification ? { prequalification: true } : {}), sections: [{ name: '一标段' }] });
    const s = opts.prequalification ? PREQUALIFICATION_SCHEDULE : schedule;
    await t.project.saveSchedule({ projectId: p.id, schedule: s, expectedVersion: p.version });
    const n = await t.notice.draft({ projectId: p.id, kind: opts.kind ?? 'tender', title: `${name}公告`, body: '一、招标条件\n\n本项目已具备招标条件，现进行公开招标。' });
    return { t, p, n };
  }

  it('a tender notice submitted without its 招标文件 → INVALID_STATE DOCUMENTS_MISSING; notice still a draft, project still DRAFT, no audit event', async () => {
    const { t, p, n } = await draftTender('示范市无文件招标工程');
    const before = await actionsOf(p.id);
    const e = await refusal(t.notice.submit({ noticeId: n.id }));
    expect(e).toMatchObject({ code: 'INVALID_STATE', details: { reason: 'DOCUMENTS_MISSING', kind: 'tender' } });
    expect(e.messageZh).toContain('招标文件尚未上传，公告不能提交审核');
    expect(e.messageEn).toContain('tender documents are not uploaded yet');
    const [row] = await deps.db.select().from(notices).where(eq(notices.id, n.id));
    expect(row).toMatchObject({ status: 'draft', submittedAt: null, version: n.version });
    expect((await t.project.get({ projectId: p.id })).status).toBe('DRAFT');
    expect(await actionsOf(p.id)).toEqual(before);
    // An attachment (drawings) is not the tender documents.
    await addDocumentAs(testApp, 'tenderee', p.id, 'attachment');
    expect(await refusal(t.notice.submit({ noticeId: n.id }))).toMatchObject({ details: { reason: 'DOCUMENTS_MISSING', kind: 'tender' } });
    // With the tender documents uploaded, it goes to review.
    await addDocumentAs(testApp, 'tenderee', p.id);
    expect((await t.notice.submit({ noticeId: n.id })).status).toBe('pending_review');
    expect((await t.project.get({ projectId: p.id })).status).toBe('PENDING_REVIEW');
  });

  it('a prequalification notice needs the 资格预审文件: the tender documents alone do not do', async () => {
    const { t, p, n } = await draftTender('示范市资格预审无文件工程', { prequalification: true, kind: 'prequalification' });
    await addDocumentAs(testApp, 'tenderee', p.id, 'tender');
    const e = await refusal(t.notice.submit({ noticeId: n.id }));
    expect(e).toMatchObject({ code: 'INVALID_STATE', details: { reason: 'DOCUMENTS_MISSING', kind: 'prequalification' } });
    expect(e.messageZh).toContain('资格预审文件尚未上传');
    await addDocumentAs(testApp, 'tenderee', p.id, 'prequalification');
    expect((await t.notice.submit({ noticeId: n.id })).status).toBe('pending_review');
  });

  it('a notice that issues no documents (listing disclosure) is submitted and published without any', async () => {
    const t = await as('tenderee');
    const p = await t.project.create({ tradeType: 'property', method: 'online_bidding', name: '示范市国有股权转让（无文件）', propertyKind: 'equity_transfer', sections: [{ ...TEST_PROPERTY_ITEM, name: '标的一' }] });
    await t.project.saveSchedule({
      projectId: p.id,
      schedule: { noticePublishAt: '2026-02-25T10:00:00+08:00', disclosureStart: '2026-02-25T10:00:00+08:00', disclosureEnd: '2026-03-26T17:00:00+08:00' },
      expectedVersion: p.version,
    });
    const n = await t.notice.draft({ projectId: p.id, kind: 'property_disclosure', title: '国有股权转让挂牌披露公告', body: '公告正文：交易条件、资格要求与时间安排详见公告。' });
    expect((await t.notice.submit({ noticeId: n.id })).status).toBe('pending_review');
    expect((await (await as('staff')).notice.publish({ noticeId: n.id })).status).toBe('published');
  });

  it('under review, the last tender document cannot be removed (NOTICE_NEEDS_DOCUMENTS); if it went missing anyway, staff cannot publish (DOCUMENTS_MISSING), nothing changes', async () => {
    const { t, p, n } = await draftTender('示范市文件缺失发布工程');
    await addDocumentAs(testApp, 'tenderee', p.id);
    await t.notice.submit({ noticeId: n.id });
    const [doc] = await deps.db.select().from(tenderDocuments).where(eq(tenderDocuments.projectId, p.id));
    const e = await refusal(t.document.remove({ documentId: doc!.id }));
    expect(e).toMatchObject({ code: 'INVALID_STATE', details: { reason: 'NOTICE_NEEDS_DOCUMENTS', kind: 'tender' } });
    expect(e.messageZh).toContain('不能删除最后一份招标文件');
    expect(await deps.db.select().from(tenderDocuments).where(eq(tenderDocuments.id, doc!.id))).toHaveLength(1);
    // A repair outside the platform removes it: publication is refused, the notice stays under review.
    await deps.db.delete(tenderDocuments).where(eq(tenderDocuments.id, doc!.id));
    const before = await actionsOf(p.id);
    const staff = await as('staff');
    const pe = await refusal(staff.notice.publish({ noticeId: n.id }));
    expect(pe).toMatchObject({ code: 'INVALID_STATE', details: { reason: 'DOCUMENTS_MISSING', kind: 'tender' } });
    expect(pe.messageZh).toContain('招标文件尚未上传，公告不能发布');
    const [row] = await deps.db.select().from(notices).where(and(eq(notices.id, n.id), eq(notices.status, 'pending_review')));
    expect(row).toMatchObject({ publishedAt: null, pdfSha256: null });
    expect(await actionsOf(p.id)).toEqual(before);
    expect((await t.project.get({ projectId: p.id })).status).toBe('PENDING_REVIEW');
  });

  it('a scheduled publication that finds its documents gone does not publish: the notice returns to the owner side, who is told why', async () => {
    const t = await as('tenderee');
    const p = await t.project.create({ tradeType: 'engineering', method: 'open', name: '示范市定时发布缺文件工程', sections: [{ name: '一标段' }] });
    const later = { ...schedule, noticePublishAt: '2026-02-27T09:00:00+08:00' };
    await t.project.saveSchedule({ projectId: p.id, schedule: later, expectedVersion: p.version });
    await addDocumentAs(testApp, 'tenderee', p.id);
    const n = await t.notice.draft({ projectId: p.id, kind: 'tender', title: '示范市定时发布缺文件工程招标公告', body: '一、招标条件\n\n本项目已具备招标条件，现进行公开招标。' });
    await t.notice.submit({ noticeId: n.id });
    expect((await (await as('staff')).notice.publish({ noticeId: n.id })).status).toBe('scheduled');
    await deps.db.delete(tenderDocuments).where(eq(tenderDocuments.projectId, p.id)); // a repair outside the platform
    const clock = deps.clock.now();
    deps.clock.set(new Date('2026-02-27T01:00:05Z'));
    try {
      const run = createJobHandlers(deps)['notice.publish_scheduled']!;
      expect(await run({ job: { id: 0, kind: 'notice.publish_scheduled', payload: { noticeId: n.id }, attempts: 1, maxAttempts: 5 }, instanceId: 'test', signal: new AbortController().signal })).toEqual({ outcome: 'returned' });
    } finally {
      deps.clock.set(clock);
    }
    const [row] = await deps.db.select().from(notices).where(eq(notices.id, n.id));
    expect(row).toMatchObject({ status: 'rejected', publishedAt: null, pdfSha256: null });
    expect(row!.reviewNote).toContain('招标文件尚未上传，公告不能发布');
    expect(await actionsOf(p.id)).toContain('notice.publication_refused');
  });
});
