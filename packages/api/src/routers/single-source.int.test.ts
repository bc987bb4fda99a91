/**
 * Single source (单一来源, issue 18 §3; CG §31, CGT §38) through the real API on PostgreSQL and S3: the
 * project names its one supplier (an approved bidder company), only that supplier registers and responds,
 * its publicity names it, and at the publicity end the procedure moves on to the negotiation — unless an
 * objection to the publicity is still open, which holds the project suspended until it is answered.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { and, count, eq, sql } from 'drizzle-orm';
import { auditEvents, bidUploads, dealCodeCounters, jobs, notifications, objections, organizations, projects, registrations, users } from '@ebid/db';
import { publicNoticePdf } from '@ebid/services';
import { callerAs, orgOf, publishedProject, runTestJob, TEST_START, type TestDeps, useDemoTestDeps } from '@ebid/testing';
import { appError } from '../test-client.ts';

let deps: TestDeps;
useDemoTestDeps((d) => (deps = d), { clockStart: TEST_START });
const as = (u: string) => callerAs(deps, u);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-single-source-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

beforeEach(() => deps.clock.set(TEST_START));

/** The supplier of every project here: 之江智能科技有限公司 (bidder4); bidder1's company is another supplier. */
const SUPPLIER_USER = 'bidder4';
/** Publicity Thursday 2/26 → 5 working days (2/27, 3/2–3/5) → open until 3/5 24:00; it ends 3/6 17:00. */
const PUBLICITY_END = '2026-03-06T17:00:00+08:00';
const SCHEDULE = { noticePublishAt: '2026-02-25T09:00:00+08:00', publicityStart: '2026-02-26T09:00:00+08:00', publicityEnd: PUBLICITY_END };

const base = (name: string, supplier: number | null | undefined) => ({
  tradeType: 'procurement' as const,
  method: 'single_source' as const,
  name,
  budgetFen: 50_000_000,
  sections: [{ name: '专用检测设备', ceilingFen: 50_000_000, securityFen: 0 }],
  ...(supplier === undefined ? {} : { singleSourceSupplierOrgId: supplier }),
});

/** A published single source naming `bidder4`'s company, its publicity running. */
async function singleSource(name: string) {
  const supplier = await orgOf(deps, SUPPLIER_USER);
  return publishedProject(deps, {
    ...base(name, supplier.orgId),
    schedule: SCHEDULE,
    documents: [],
    noticeKind: 'single_source',
    noticeTitle: `${name}单一来源采购公示`,
    noticeBody: '一、采用单一来源采购方式的原因\n\n该设备为专利产品，只能从唯一供应商处采购。',
  });
}

async function projectCount(): Promise<number> {
  const [r] = await deps.db.select({ n: count() }).from(projects);
  return r!.n;
}

async function counters(): Promise<number> {
  const [r] = await deps.db.select({ n: sql<number>`coalesce(sum(${dealCodeCounters.lastSeq}), 0)::int` }).from(dealCodeCounters);
  return r!.n;
}

describe('the project names its supplier (CGT §38)', () => {
  it.each<[string, (ids: { tenderee: number; pending: number }) => Record<string, unknown>, string]>([
    ['no supplier', () => base('单一来源无供应商', undefined), 'SUPPLIER_REQUIRED'],
    ['a null supplier', () => base('单一来源空供应商', null), 'SUPPLIER_REQUIRED'],
    ['an organization that is not a supplier (the tenderee)', (ids) => base('单一来源招标人', ids.tenderee), 'SUPPLIER_NOT_ACTIVE_BIDDER'],
    ['a bidder company not yet approved', (ids) => base('单一来源未审核', ids.pending), 'SUPPLIER_NOT_ACTIVE_BIDDER'],
    ['an unknown organization', () => base('单一来源不存在', 987_654), 'SUPPLIER_NOT_ACTIVE_BIDDER'],
    ['a supplier on an open procurement', () => ({ ...base('公开招标指定供应商', 1), method: 'open' }), 'SUPPLIER_NOT_APPLICABLE'],
    ['a supplier on an engineering tender', () => ({ ...base('工程指定供应商', 1), tradeType: 'engineering', method: 'open' }), 'SUPPLIER_NOT_APPLICABLE'],
  ])('refuses %s: VALIDATION, no project, no deal code', async (_n, input, reason) => {
    const [pending] = await deps.db
      .insert(organizations)
      .values({ kind: 'bidder', name: `待审核供应商${reason}${Math.random()}`, creditCode: `91330100MA${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}X`.slice(0, 18), status: 'pending' })
      .returning();
    const tenderee = (await orgOf(deps, 'tenderee')).orgId;
    const before = { projects: await projectCount(), codes: await counters() };
    const e = await appError((await as('tenderee')).project.create(input({ tenderee, pending: pending!.id }) as Parameters<Awaited<ReturnType<typeof as>>['project']['create']>[0]));
    expect(e).toMatchObject({ code: 'VALIDATION', details: { field: 'singleSourceSupplierOrgId', reason } });
    expect(e.messageZh).toMatch(/供应商/);
    expect(e.messageEn).toMatch(/supplier/);
    expect({ projects: await projectCount(), codes: await counters() }).toEqual(before);
  });

  it('the owner side picks among approved supplier companies; the view and the audit name the supplier', async () => {
    const supplier = await orgOf(deps, SUPPLIER_USER);
    const choices = await (await as('tenderee')).org.supplierChoices({ q: '之江' });
    expect(choices).toEqual([{ id: supplier.orgId, name: '之江智能科技有限公司', creditCode: supplier.creditCode }]);
    expect(await (await as('agent')).org.supplierChoices({})).toEqual(expect.arrayContaining([expect.objectContaining({ id: supplier.orgId })]));
    for (const u of ['bidder1', 'expert01']) expect((await appError((await as(u)).org.supplierChoices({}))).code).toBe('FORBIDDEN');

    const p = await (await as('tenderee')).project.create(base('示范市疾控中心专用检测设备单一来源采购', supplier.orgId));
    expect(p.singleSourceSupplier).toEqual({ orgId: supplier.orgId, name: '之江智能科技有限公司', creditCode: supplier.creditCode });
    const [created] = await deps.db.select().from(auditEvents).where(and(eq(auditEvents.chain, `project:${p.id}`), eq(auditEvents.action, 'project.create')));
    expect(created!.payload).toMatchObject({ singleSourceSupplierOrgId: supplier.orgId });
    // Other methods name none.
    const open = await (await as('tenderee')).project.create({ ...base('示范市办公设备公开招标', undefined), method: 'open' });
    expect(open.singleSourceSupplier).toBeNull();
  });

  it('a single source is not submitted without its publicity period (its end moves the procedure on)', async () => {
    const supplier = await orgOf(deps, SUPPLIER_USER);
    const t = await as('tenderee');
    const p = await t.project.create(base('无公示期的单一来源', supplier.orgId));
    await t.project.saveSchedule({ projectId: p.id, schedule: { noticePublishAt: SCHEDULE.noticePublishAt, publicityStart: SCHEDULE.publicityStart }, expectedVersion: p.version });
    const e = await appError(t.project.submit({ projectId: p.id }));
    expect(e).toMatchObject({ code: 'VALIDATION', details: { reason: 'PUBLICITY_PERIOD_REQUIRED', field: 'schedule.publicityEnd' } });
    expect((await t.project.get({ projectId: p.id })).status).toBe('DRAFT');
  });

  it('the published publicity PDF names the supplier and its period', async () => {
    const p = await singleSource('示范市第一人民医院质子治疗系统单一来源采购');
    const supplier = await orgOf(deps, SUPPLIER_USER);
    const pdf = await publicNoticePdf(deps, p.notice.id);
    const chunks: Buffer[] = [];
    for await (const c of pdf.stream) chunks.push(Buffer.from(c as Uint8Array));
    const file = path.join(tmp, `notice-${p.id}.pdf`);
    fs.writeFileSync(file, Buffer.concat(chunks));
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(text).toContain('拟定的唯一供应商');
    expect(text).toContain('之江智能科技有限公司');
    expect(text).toContain(supplier.creditCode);
    expect(text).toContain('公示截止');
  });
});

describe('only the named supplier registers and responds', () => {
  it('another company is refused registration (FORBIDDEN, nothing written); the supplier registers', async () => {
    const p = await singleSource('示范市图书馆古籍修复服务单一来源采购');
    const sec = p.sections[0]!;
    const e = await appError((await as('bidder1')).registration.register({ sectionId: sec.id }));
    expect(e).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'NOT_SINGLE_SOURCE_SUPPLIER', act: 'register' } });
    expect(e.messageZh).toContain('单一来源');
    expect(await deps.db.select().from(registrations).where(eq(registrations.projectId, p.id))).toEqual([]);
    const r = await (await as(SUPPLIER_USER)).registration.register({ sectionId: sec.id });
    expect(r).toMatchObject({ status: 'applied', bidderName: '之江智能科技有限公司' });
  });

  it('another company is refused a response (upload start, finalize) before anything else; nothing is written', async () => {
    const p = await singleSource('示范市气象局雷达备件单一来源采购');
    const sec = p.sections[0]!;
    const other = await as('bidder1');
    const start = await appError(other.bid.startUpload({ sectionId: sec.id, part: 'summary', size: 1024, partHash: 'ab'.repeat(32) }));
    expect(start).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'NOT_SINGLE_SOURCE_SUPPLIER', act: 'respond' } });
    const fin = await appError(other.bid.finalize({ sectionId: sec.id, version: 1, parts: [{ uploadId: 1, outerSignature: 'x' }] }));
    expect(fin).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'NOT_SINGLE_SOURCE_SUPPLIER' } });
    expect(await deps.db.select().from(bidUploads).where(eq(bidUploads.projectId, p.id))).toEqual([]);
    // The supplier passes that check and meets the procedure's own rule (no sealed bids during the publicity).
    const own = await appError((await as(SUPPLIER_USER)).bid.startUpload({ sectionId: sec.id, part: 'summary', size: 1024, partHash: 'ab'.repeat(32) }));
    expect(own.code).toBe('INVALID_STATE');
    expect(own.details).not.toMatchObject({ reason: 'NOT_SINGLE_SOURCE_SUPPLIER' });
  });
});

describe('the procedure moves on when the publicity ends (CGT §38)', () => {
  it('publication schedules publicity_done at the publicity end; before it nothing moves, at it the project enters the negotiation, once', async () => {
    const p = await singleSource('示范市水务集团管网检测机器人单一来源采购');
    const end = new Date(PUBLICITY_END);
    const queued = await deps.db.select().from(jobs).where(and(eq(jobs.kind, 'project.timer'), sql`${jobs.payload}->>'projectId' = ${String(p.id)}`));
    expect(queued.map((j) => [j.payload, j.runAt.toISOString()])).toEqual([[{ projectId: p.id, event: 'publicity_done' }, end.toISOString()]]);

    deps.clock.set(new Date(end.getTime() - 1000));
    expect(await runTestJob(deps, 'project.timer', { projectId: p.id, event: 'publicity_done' })).toEqual({ outcome: 'rescheduled', status: 'PUBLISHED' });
    expect((await (await as('tenderee')).project.get({ projectId: p.id })).status).toBe('PUBLISHED');

    deps.clock.set(end);
    expect(await runTestJob(deps, 'project.timer', { projectId: p.id, event: 'publicity_done' })).toEqual({ outcome: 'applied', status: 'NEGOTIATION' });
    expect((await (await as('tenderee')).project.get({ projectId: p.id })).status).toBe('NEGOTIATION');
    // Idempotent: a second run (a retried job) changes nothing.
    expect(await runTestJob(deps, 'project.timer', { projectId: p.id, event: 'publicity_done' })).toEqual({ outcome: 'noop', status: 'NEGOTIATION' });
    const moves = await deps.db.select().from(auditEvents).where(and(eq(auditEvents.chain, `project:${p.id}`), eq(auditEvents.action, 'project.publicity_done')));
    expect(moves).toHaveLength(1);
    // The supplier and the owner side are told.
    const supplierUser = (await deps.db.select().from(users).where(eq(users.username, SUPPLIER_USER)))[0]!;
    const told = await deps.db.select().from(notifications).where(and(eq(notifications.userId, supplierUser.id), eq(notifications.kind, 'project.publicity_ended')));
    expect(told).toHaveLength(1);
  });

  it('an objection still open at the publicity end holds the project suspended; its answer resumes it and the timer moves it on', async () => {
    const p = await singleSource('示范市轨道交通信号系统扩容单一来源采购');
    const end = new Date(PUBLICITY_END);
    // During the publicity any supplier may object (CGT §38); filing does not suspend a procurement (CG §52).
    deps.clock.set(new Date('2026-03-03T02:00:00Z'));
    const o = await (await as('bidder1')).objection.file({ projectId: p.id, title: '对单一来源公示的异议', body: '本公司同样能够提供满足需求的信号系统，不应采用单一来源采购方式。' });
    expect(o).toMatchObject({ suspends: false });
    expect((await (await as('tenderee')).project.get({ projectId: p.id })).status).toBe('PUBLISHED');

    deps.clock.set(end);
    expect(await runTestJob(deps, 'project.timer', { projectId: p.id, event: 'publicity_done' })).toEqual({ outcome: 'held_by_objection', status: 'SUSPENDED' });
    const held = await (await as('tenderee')).project.get({ projectId: p.id });
    expect(held).toMatchObject({ status: 'SUSPENDED', statusDetail: { suspendedFrom: 'PUBLISHED', suspension: { reason: 'objection' } } });
    expect((await deps.db.select().from(objections).where(eq(objections.id, o.id)))[0]!.suspends).toBe(true);
    const retry = await deps.db.select().from(jobs).where(and(eq(jobs.kind, 'project.timer'), eq(jobs.status, 'queued'), sql`${jobs.payload}->>'projectId' = ${String(p.id)}`));
    // Retried an hour after the hold (the test clock runs on from `end`).
    expect(retry.some((j) => j.runAt.getTime() - end.getTime() >= 60 * 60 * 1000 && j.runAt.getTime() - end.getTime() < 60 * 60 * 1000 + 60_000)).toBe(true);
    // While held, the retried timer waits.
    deps.clock.set(new Date(end.getTime() + 60 * 60 * 1000));
    expect(await runTestJob(deps, 'project.timer', { projectId: p.id, event: 'publicity_done' })).toMatchObject({ outcome: 'suspended_retry', status: 'SUSPENDED' });
    // After the publicity nobody may object to it any more.
    const late = await appError((await as('bidder2')).objection.file({ projectId: p.id, title: '公示期满后的异议', body: '公示期满后才提出的异议，应当不予受理。' }));
    expect(late).toMatchObject({ code: 'VALIDATION', details: { reason: 'OBJECTION_WINDOW' } });

    await (await as('tenderee')).objection.answer({ objectionId: o.id, answer: '经组织专业人员补充论证，该设备与既有系统兼容只能由原供应商提供，异议不成立。' });
    expect((await (await as('tenderee')).project.get({ projectId: p.id })).status).toBe('PUBLISHED');
    deps.clock.set(new Date(end.getTime() + 2 * 60 * 60 * 1000));
    expect(await runTestJob(deps, 'project.timer', { projectId: p.id, event: 'publicity_done' })).toEqual({ outcome: 'applied', status: 'NEGOTIATION' });
    const chain = await deps.db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.chain, `project:${p.id}`));
    expect(chain.map((e) => e.action)).toEqual(expect.arrayContaining(['project.publicity_held', 'project.suspend', 'project.resume', 'project.publicity_done']));
  });
});
