/**
 * Termination and re-tender through the real API (issue 5 §6, domain §1 side states TERMINATED and
 * FAILED / RE_TENDER, ZTBT §31, B10): termination publishes a sealed 终止公告 on the portal (pdfsig valid),
 * marks received securities for refund and tells the registered companies; a FAILED project is copied
 * once into a linked DRAFT with its sections, qualification criteria and current documents.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, deposits, notifications, projects, qualificationCriteria, sections, tenderDocuments, users } from '@ebid/db';
import { applyProjectEvent, loadProject, publicNoticePdf, SYSTEM_CONTEXT } from '@ebid/services';
import type { ProcedureEvent } from '@ebid/domain';
import { callerAs, publishedProject, registeredBidder, TEST_START, testSchedule, type TestDeps, useDemoTestDeps } from '@ebid/testing';
import { apiClient, appCode } from '../test-client.ts';

let deps: TestDeps;
useDemoTestDeps((d) => (deps = d), { clockStart: TEST_START });
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-lifecycle-'));
const as = (u: string) => callerAs(deps, u);

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

const ENG_PREQUAL = testSchedule('prequalification');

/** A published engineering project of two sections (a 100,000 and a 60,000 CNY security). */
async function published(name: string, prequalification = false) {
  deps.clock.set(TEST_START);
  return publishedProject(deps, {
    name,
    prequalification,
    sections: [
      { name: '第一标段', ceilingFen: 500_000_000, securityFen: 10_000_000 },
      { name: '第二标段', ceilingFen: 300_000_000, securityFen: 6_000_000 },
    ],
    schedule: prequalification ? ENG_PREQUAL : testSchedule('tender'),
    noticeTitle: `${name}公告`,
    noticeBody: '一、招标条件\n\n本项目已具备招标条件，现进行公开招标。',
  });
}

/** The whole stored PDF of a published notice, as the portal serves it. */
async function portalPdf(noticeId: number): Promise<{ size: number; bytes: Buffer }> {
  const pdf = await publicNoticePdf(deps, noticeId);
  const chunks: Buffer[] = [];
  for await (const c of pdf.stream) chunks.push(Buffer.from(c as Uint8Array));
  return { size: pdf.size, bytes: Buffer.concat(chunks) };
}

async function userOf(username: string) {
  const [u] = await deps.db.select().from(users).where(eq(users.username, username));
  return u!;
}

async function drive(projectId: number, ...events: ProcedureEvent[]) {
  for (const e of events) {
    await deps.db.transaction(async (tx) => applyProjectEvent(tx, deps, SYSTEM_CONTEXT, await loadProject(tx, projectId), e));
  }
}

describe('termination (ZTBT §31)', () => {
  it('publishes a sealed 终止公告 on the portal, terminates the project, marks received securities for refund, tells registrants', async () => {
    const p = await published('示范市文化广场改造工程');
    // Two registrations: bidder1's security received (a bank guarantee recorded by staff), bidder2's still pending.
    const received = (await registeredBidder(deps, p.sections[0]!.id, { username: 'bidder1' })).deposit!;
    const pending = (await registeredBidder(deps, p.sections[0]!.id, { username: 'bidder2', security: false })).deposit!;
    const anon = await apiClient(deps).call();
    const feedBefore = await anon.portal.changes({ after: 0, limit: 1000 });

    deps.clock.set(new Date('2026-03-03T02:00:00Z'));
    const t = await as('tenderee');
    expect(await appCode(t.project.terminate({ projectId: p.id, reason: '短' }))).toBe('VALIDATION');
    const v = await t.project.terminate({ projectId: p.id, reason: '项目建设规划调整，本项目取消' });
    expect(v.status).toBe('TERMINATED');
    expect(v.statusDetail).toMatchObject({ termination: { reason: '项目建设规划调整，本项目取消' } });

    // The notice: on the portal like any published notice, its PDF sealed by the platform.
    const listed = await anon.portal.notices({ q: '示范市文化广场改造工程', limit: 50 });
    const notice = listed.items.find((i) => i.kind === 'termination');
    expect(notice).toMatchObject({ title: '示范市文化广场改造工程终止公告', project: { id: p.id, status: 'TERMINATED' } });
    const served = await portalPdf(notice!.id);
    const pdf = served.bytes;
    expect(pdf.length).toBe(served.size);
    expect(crypto.createHash('sha256').update(pdf).digest('hex')).toBe(notice!.pdfSha256);
    const file = path.join(tmp, 'termination.pdf');
    fs.writeFileSync(file, pdf);
    expect(execFileSync('pdfsig', [file], { encoding: 'utf8' })).toContain('Signature is Valid');
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(text).toContain('终止公告');
    expect(text).toContain('项目建设规划调整，本项目取消');
    expect(text).toContain('已缴纳的投标保证金将依法退还');
    expect(text).toContain(p.unifiedDealCode);
    const feed = await anon.portal.changes({ after: feedBefore.next, limit: 1000 });
    expect(feed.changes).toContainEqual(expect.objectContaining({ entity: 'notice', entityId: notice!.id, change: 'published' }));
    expect((await t.notice.forProject({ projectId: p.id })).find((n) => n.id === notice!.id)).toMatchObject({ status: 'published', kind: 'termination' });

    // B10: the received security gets a refund due date, the pending one does not.
    const [r1] = await deps.db.select().from(deposits).where(eq(deposits.id, received.id));
    const [r2] = await deps.db.select().from(deposits).where(eq(deposits.id, pending.id));
    expect(r1!.refundDueAt).toBeInstanceOf(Date);
    expect(r1!.refundDueAt!.getTime()).toBeGreaterThan(deps.clock.now().getTime());
    expect(r1!.refundReason).toBe('termination');
    expect(r2!.refundDueAt).toBeNull();

    for (const u of ['bidder1', 'bidder2']) {
      const me = await userOf(u);
      const n = await deps.db.select().from(notifications).where(and(eq(notifications.userId, me.id), eq(notifications.kind, 'project.terminated')));
      expect(n).toHaveLength(1);
    }
    const ev = await deps.db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.chain, `project:${p.id}`));
    expect(ev.map((e) => e.action)).toEqual(expect.arrayContaining(['project.terminate', 'notice.publish', 'project.terminated']));

    // Terminated is terminal: a second termination is refused, no second notice.
    expect(await appCode(t.project.terminate({ projectId: p.id, reason: '再次终止本项目的原因' }))).toBe('INVALID_STATE');
    expect((await anon.portal.notices({ q: '示范市文化广场改造工程', limit: 50 })).items.filter((i) => i.kind === 'termination')).toHaveLength(1);
  });

  it('a DRAFT cannot be terminated; only the owner side may terminate; nothing changes', async () => {
    const t = await as('tenderee');
    const d = await t.project.create({ tradeType: 'engineering', method: 'open', name: '示范市草稿项目', sections: [{ name: '一标段' }] });
    expect(await appCode(t.project.terminate({ projectId: d.id, reason: '草稿项目不需要终止' }))).toBe('INVALID_STATE');
    expect(await appCode((await as('tenderee2')).project.terminate({ projectId: d.id, reason: '他人项目不能终止' }))).toBe('NOT_FOUND');
    const p = await published('示范市图书馆改造工程');
    expect(await appCode((await as('bidder1')).project.terminate({ projectId: p.id, reason: '投标人不能终止项目' }))).toBe('FORBIDDEN');
    expect(await appCode((await as('tenderee2')).project.terminate({ projectId: p.id, reason: '他人项目不能终止' }))).toBe('FORBIDDEN');
    expect((await t.project.get({ projectId: p.id })).status).toBe('PUBLISHED');
    expect((await t.notice.forProject({ projectId: p.id })).some((n) => n.kind === 'termination')).toBe(false);
    // An agent with no part in this project cannot either.
    expect(await appCode((await as('agent')).project.terminate({ projectId: p.id, reason: '无关代理机构终止' }))).toBe('FORBIDDEN');
  });
});

describe('re-tender after 流标 (ZTBT §19)', () => {
  it('only a FAILED project, once: a linked DRAFT with sections, criteria and current documents copied', async () => {
    const p = await published('示范市综合管廊工程', true);
    const t = await as('tenderee');
    const me = await userOf('tenderee');
    // Criteria and documents of the failed project (written directly: another part's services).
    await deps.db.insert(qualificationCriteria).values([
      { projectId: p.id, code: 'Q1', category: 'licence', title: '施工总承包资质', requirement: '市政公用工程施工总承包二级及以上', createdBy: me.id, sortOrder: 1 },
      { projectId: p.id, sectionId: p.sections[1]!.id, code: 'Q2', category: 'financial', title: '净资产', requirement: '近一年净资产不少于5000万元', minValue: 5_000_000_000, unit: 'fen', createdBy: me.id, sortOrder: 2 },
    ]);
    const sha = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
    // Version 1 is the prequalification documents uploaded before the notice (issue 16 §1); a version 2 supersedes it.
    const [oldV1] = await deps.db
      .update(tenderDocuments)
      .set({ supersededAt: new Date('2026-02-26T00:00:00Z') })
      .where(and(eq(tenderDocuments.projectId, p.id), eq(tenderDocuments.name, '资格预审文件.pdf'), eq(tenderDocuments.version, 1)))
      .returning();
    await deps.db.insert(tenderDocuments).values([
      { projectId: p.id, kind: 'prequalification', name: '资格预审文件.pdf', version: 2, sha256: sha('v2'), size: 120, contentType: 'application/pdf', createdBy: me.id, supersedesId: oldV1!.id },
      { projectId: p.id, sectionId: p.sections[1]!.id, kind: 'attachment', name: '第二标段图纸.zip', version: 1, sha256: sha('zip'), size: 300, contentType: 'application/zip', createdBy: me.id },
    ]);

    expect(await appCode(t.project.retender({ projectId: p.id }))).toBe('INVALID_STATE'); // PUBLISHED, not failed
    await drive(p.id, { type: 'start_prequalification' }, { type: 'prequalification_done', qualifiedCount: 1 });
    const failed = await t.project.get({ projectId: p.id });
    expect(failed).toMatchObject({ status: 'FAILED', statusDetail: { failure: { reason: 'too_few_qualified' } } });
    expect(await appCode((await as('bidder1')).project.retender({ projectId: p.id }))).toBe('FORBIDDEN');
    expect(await appCode((await as('tenderee2')).project.retender({ projectId: p.id }))).toBe('FORBIDDEN');

    const n = await t.project.retender({ projectId: p.id });
    expect(n).toMatchObject({
      status: 'DRAFT',
      previousProjectId: p.id,
      name: '示范市综合管廊工程（重新招标）',
      tradeType: 'engineering',
      method: 'open',
      prequalification: true,
      tendereeOrgId: p.tendereeOrgId,
      agentOrgId: p.agentOrgId,
      regionCode: p.regionCode,
      budgetFen: 880_000_000,
      schedule: {},
    });
    expect(n.unifiedDealCode).toMatch(/^\d{6}-2026-E\d{6}$/);
    expect(n.unifiedDealCode).not.toBe(p.unifiedDealCode);
    expect(n.sections.map((s) => [s.code, s.name, s.ceilingFen, s.securityFen])).toEqual(p.sections.map((s) => [s.code, s.name, s.ceilingFen, s.securityFen]));
    const crit = await deps.db.select().from(qualificationCriteria).where(eq(qualificationCriteria.projectId, n.id)).orderBy(qualificationCriteria.sortOrder);
    expect(crit.map((c) => [c.code, c.title, c.minValue])).toEqual([
      ['Q1', '施工总承包资质', null],
      ['Q2', '净资产', 5_000_000_000],
    ]);
    expect(crit[1]!.sectionId).toBe(n.sections[1]!.id); // section-bound criteria follow the copied section
    const docs = await deps.db.select().from(tenderDocuments).where(eq(tenderDocuments.projectId, n.id)).orderBy(tenderDocuments.name);
    expect(docs.map((d) => [d.name, d.version, d.sha256, d.supersededAt])).toEqual([
      ['第二标段图纸.zip', 1, sha('zip'), null],
      ['资格预审文件.pdf', 1, sha('v2'), null], // the current version only, as version 1 of the new project
    ]);
    expect(docs[0]!.sectionId).toBe(n.sections[1]!.id);
    const [newSec] = await deps.db.select().from(sections).where(eq(sections.id, n.sections[0]!.id));
    expect(newSec!.projectId).toBe(n.id);

    // Linked both ways; audit events on both chains.
    expect((await t.project.get({ projectId: n.id })).previousProjectId).toBe(p.id);
    expect(await t.project.successor({ projectId: p.id })).toMatchObject({ id: n.id, unifiedDealCode: n.unifiedDealCode });
    expect(await (await as('bidder1')).project.successor({ projectId: p.id })).toBeNull(); // the re-tender draft is not public yet
    const evOld = await deps.db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.chain, `project:${p.id}`));
    const evNew = await deps.db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.chain, `project:${n.id}`));
    expect(evOld.map((e) => e.action)).toContain('project.retendered');
    expect(evNew.map((e) => e.action)).toContain('project.create');

    // Only once.
    expect(await appCode(t.project.retender({ projectId: p.id }))).toBe('CONFLICT');
    expect(await deps.db.select({ id: projects.id }).from(projects).where(eq(projects.previousProjectId, p.id))).toHaveLength(1);
    // The new draft is an ordinary draft: the owner side schedules it.
    expect((await t.project.saveSchedule({ projectId: n.id, schedule: ENG_PREQUAL, expectedVersion: n.version })).schedule).toHaveProperty('bidDeadline');
  });

  it('a bid deadline with 0 bids fails the project; the re-tender keeps a single suffix', async () => {
    deps.clock.set(TEST_START);
    const p = await published('示范市河道整治工程（重新招标）');
    await drive(p.id, { type: 'open_bidding' }, { type: 'deadline_reached', bidCount: 0 });
    const t = await as('tenderee');
    const n = await t.project.retender({ projectId: p.id });
    expect(n.name).toBe('示范市河道整治工程（重新招标）');
    expect(await appCode(t.project.retender({ projectId: n.id }))).toBe('INVALID_STATE'); // a DRAFT is not failed
  });
});
