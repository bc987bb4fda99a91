/**
 * Schedules make sense before the law is checked (issue 13 §8), through the real HTTP server: a bid
 * deadline before the notice, a schedule in 1900 or 9999, and a deadline already past when the project or
 * its notice is submitted are refused with VALIDATION naming the field (Chinese and English), and change
 * nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '@ebid/services';
import { TENDER_SCHEDULE } from '@ebid/testing';
import { startTestApp, type TestApp } from './test-app.ts';

let t: TestApp;
let base: string;
const START = new Date('2026-02-25T12:00:00+08:00'); // after the demo mandate's start

beforeAll(async () => {
  t = await startTestApp({ clockStart: START });
  base = t.base;
});
afterAll(async () => {
  await t?.close();
});

/** A legal engineering schedule on the 2026 calendar. */
const LEGAL = TENDER_SCHEDULE;

type AppErr = { code: string; messageZh: string; messageEn: string; details: { field: string; reason: string; violations?: unknown[] } };
let cookie = '';
async function call(kind: 'query' | 'mutation', path: string, input: unknown): Promise<{ status: number; data: unknown; error?: AppErr }> {
  if (!cookie) {
    const res = await fetch(`${base}/trpc/auth.login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'tenderee', password: DEMO_PASSWORD }) });
    cookie = (res.headers.getSetCookie()[0] ?? '').split(';')[0]!;
  }
  const res =
    kind === 'query'
      ? await fetch(`${base}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers: { cookie } })
      : await fetch(`${base}/trpc/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(input) });
  const json = (await res.json()) as { result?: { data: unknown }; error?: { data: { appError: AppErr } } };
  return { status: res.status, data: json.result?.data, error: json.error?.data.appError };
}

async function newProject(): Promise<{ id: number; version: number }> {
  const r = await call('mutation', 'project.create', { tradeType: 'engineering', method: 'open', name: '时间安排合理性测试', sections: [{ name: '一标段' }] });
  expect(r.status).toBe(200);
  return r.data as { id: number; version: number };
}

describe('a schedule that makes no sense is refused before the law is checked', () => {
  it.each([
    ['a bid deadline before the notice', { noticePublishAt: '2026-03-10T09:00:00+08:00', bidDeadline: '2026-03-09T09:00:00+08:00', openingAt: '2026-03-09T09:00:00+08:00' }, 'bidDeadline', 'SCHEDULE_ORDER', '不得早于公告发布时间'],
    ['documents issued before the notice and the bid deadline before both', { noticePublishAt: '2026-03-10T09:00:00+08:00', docsIssueStart: '2026-03-09T09:00:00+08:00', bidDeadline: '2026-03-08T09:00:00+08:00' }, 'docsIssueStart', 'SCHEDULE_ORDER', '不得早于公告发布时间'],
    ['a schedule in 1900', { noticePublishAt: '1900-02-25T09:00:00+08:00', docsIssueStart: '1900-03-02T09:00:00+08:00', docsIssueEnd: '1900-03-10T09:00:00+08:00', bidDeadline: '1900-03-25T09:30:00+08:00', openingAt: '1900-03-25T09:30:00+08:00' }, 'noticePublishAt', 'SCHEDULE_YEAR_OUT_OF_RANGE', '不在2000年至2100年之间'],
    ['a bid deadline in 9999', { ...LEGAL, bidDeadline: '9999-03-25T09:30:00+08:00', openingAt: '9999-03-25T09:30:00+08:00' }, 'bidDeadline', 'SCHEDULE_YEAR_OUT_OF_RANGE', '不在2000年至2100年之间'],
  ])('%s: saveSchedule and checkSchedule → 400 VALIDATION naming the field; nothing saved', async (_what, schedule, field, reason, zh) => {
    const p = await newProject();
    const save = await call('mutation', 'project.saveSchedule', { projectId: p.id, schedule, expectedVersion: p.version });
    expect(save.status).toBe(400);
    expect(save.error).toMatchObject({ code: 'VALIDATION', details: { field, reason } });
    expect(save.error!.messageZh).toContain(zh);
    expect(save.error!.messageEn.length).toBeGreaterThan(10);
    const check = await call('query', 'project.checkSchedule', { projectId: p.id, schedule });
    expect(check.status).toBe(400);
    expect(check.error).toMatchObject({ code: 'VALIDATION', details: { field, reason } });
    const after = (await call('query', 'project.get', { projectId: p.id })).data as { schedule: object; version: number };
    expect(after).toMatchObject({ schedule: {}, version: p.version });
  });

  it('the legal schedule is still accepted (years 2000–2100, in order)', async () => {
    const p = await newProject();
    const save = await call('mutation', 'project.saveSchedule', { projectId: p.id, schedule: LEGAL, expectedVersion: p.version });
    expect(save.status, JSON.stringify(save.error)).toBe(200);
  });
});

describe('a deadline already past at submission is refused (issue 13 §8)', () => {
  async function savedProject() {
    t.deps.clock.set(START);
    cookie = '';
    const p = await newProject();
    const saved = await call('mutation', 'project.saveSchedule', { projectId: p.id, schedule: LEGAL, expectedVersion: p.version });
    expect(saved.status).toBe(200);
    return saved.data as { id: number; version: number };
  }

  it('project.submit after the documents issue end has passed → VALIDATION docsIssueEnd; still a draft', async () => {
    const p = await savedProject();
    t.deps.clock.set(new Date('2026-03-10T09:00:00+08:00')); // exactly the docs issue end: already past
    cookie = '';
    const r = await call('mutation', 'project.submit', { projectId: p.id });
    expect(r.status).toBe(400);
    expect(r.error).toMatchObject({ code: 'VALIDATION', details: { field: 'docsIssueEnd', reason: 'SCHEDULE_IN_PAST' } });
    expect(r.error!.messageZh).toBe('文件发售（提供）截止时间（2026-03-10 09:00:00）已经过去，请先修改时间安排');
    expect(((await call('query', 'project.get', { projectId: p.id })).data as { status: string }).status).toBe('DRAFT');
  });

  it('notice.submit after the bid deadline has passed → VALIDATION naming the first past deadline; notice still a draft', async () => {
    const p = await savedProject();
    const n = await call('mutation', 'notice.draft', { projectId: p.id, kind: 'tender', title: '过期的招标公告', body: '一、招标条件\n\n测试。' });
    expect(n.status).toBe(200);
    t.deps.clock.set(new Date('2026-04-01T09:00:00+08:00'));
    cookie = '';
    const r = await call('mutation', 'notice.submit', { noticeId: (n.data as { id: number }).id });
    expect(r.status).toBe(400);
    expect(r.error).toMatchObject({ code: 'VALIDATION', details: { field: 'docsIssueEnd', reason: 'SCHEDULE_IN_PAST' } });
    expect((r.error!.details.violations as { field: string }[]).map((v) => v.field)).toEqual(['docsIssueEnd', 'bidDeadline', 'openingAt']);
    const notices = (await call('query', 'notice.forProject', { projectId: p.id })).data as { status: string }[];
    expect(notices.map((x) => x.status)).toEqual(['draft']);
    expect(((await call('query', 'project.get', { projectId: p.id })).data as { status: string }).status).toBe('DRAFT');
  });

  it('a schedule whose deadlines are all ahead is submitted (the notice time itself may be past: publication sets it)', async () => {
    const p = await savedProject();
    t.deps.clock.set(new Date('2026-02-26T09:00:00+08:00')); // after the planned notice time, before every deadline
    cookie = '';
    const r = await call('mutation', 'project.submit', { projectId: p.id });
    expect(r.status, JSON.stringify(r.error)).toBe(200);
  });
});
