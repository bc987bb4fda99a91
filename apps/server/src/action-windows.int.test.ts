/**
 * Actions before (or after) their time through the API (issue 16 §4 "an action before its time through
 * the API"): the page disables them, and the server refuses the same requests with a typed error — a
 * stable code, `details.reason`, the instant it opens or closed — and nothing changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTestJob } from '@ebid/testing';
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { count, eq } from 'drizzle-orm';
import { auditEvents, bidUploads, openings, registrations } from '@ebid/db';
import { DEMO_PASSWORD, type JobKind, type JobPayloadArg } from '@ebid/services';
import { appError, loginAs } from '@ebid/api/test-client';
import { ensureDevPki } from '@ebid/pki';
import { addDocumentAs, startTestApp, type TestApp } from './test-app.ts';
import { bidKit, partHash } from './bid-test-kit.ts';

let testApp: TestApp;
let deps: TestApp['deps'];
const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-windows-'));
const as = async (u: string) => (await loginAs(deps, u, DEMO_PASSWORD)).call();
const bj = (s: string) => new Date(`${s.replace(' ', 'T')}+08:00`);
const at = (s: string) => deps.clock.set(bj(s));
const runJob = <K extends JobKind>(kind: K, ...payload: JobPayloadArg<K>) => runTestJob(deps, kind, ...payload);

const kit = bidKit(() => testApp);
let project: { id: number; sections: { id: number }[] };
const SUMMARY = Buffer.from('x'.repeat(1000));

async function counts() {
  const [u] = await deps.db.select({ n: count() }).from(bidUploads).where(eq(bidUploads.projectId, project.id));
  const [r] = await deps.db.select({ n: count() }).from(registrations).where(eq(registrations.projectId, project.id));
  const [o] = await deps.db.select({ n: count() }).from(openings).where(eq(openings.projectId, project.id));
  const [a] = await deps.db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.chain, `project:${project.id}`));
  return { uploads: u!.n, registrations: r!.n, openings: o!.n, audit: a!.n };
}

beforeAll(async () => {
  const platform = await ensureDevPki(path.join(tmpDir, 'platform-pki'), { now: new Date('2026-01-01T00:00:00Z') });
  testApp = await startTestApp({ clockStart: bj('2026-03-13 10:00:00'), pki: { platform, trustedRootsPem: [platform.rootCertPem] } });
  deps = testApp.deps;
  const t = await as('tenderee');
  const p = await t.project.create({
    tradeType: 'engineering',
    method: 'open',
    name: '示范市操作时间窗测试工程',
    budgetFen: 880_000_000,
    sections: [{ name: '第一标段', ceilingFen: 800_000_000, securityFen: 0 }],
  });
  await t.project.saveSchedule({
    projectId: p.id,
    schedule: { noticePublishAt: '2026-03-13T09:00:00+08:00', docsIssueStart: '2026-03-16T09:00:00+08:00', docsIssueEnd: '2026-03-24T09:00:00+08:00', bidDeadline: '2026-04-15T09:30:00+08:00', openingAt: '2026-04-15T09:30:00+08:00' },
    expectedVersion: p.version,
  });
  await addDocumentAs(testApp, 'tenderee', p.id); // issue 16 §1
  const n = await t.notice.draft({ projectId: p.id, kind: 'tender', title: '示范市操作时间窗测试工程招标公告', body: '一、招标条件\n\n本项目已具备招标条件，现进行公开招标。' });
  await t.notice.submit({ noticeId: n.id });
  await (await as('staff')).notice.publish({ noticeId: n.id });
  project = (await t.project.get({ projectId: p.id })) as typeof project;
  await (await as('bidder1')).registration.register({ sectionId: project.sections[0]!.id });
  await kit.issueKeys('bidder1');
}, 120_000);
afterAll(async () => {
  await testApp?.close();
  fs.rmSync(tmpDir, { recursive: true, force: true });
});

describe('an action before its time through the API is refused with a typed error, and nothing changes (issue 16 §4)', () => {
  it('加密并上传 before the project is in bidding: INVALID_STATE / NOT_BIDDING with the instant it opens', async () => {
    at('2026-03-14 10:00:00');
    const before = await counts();
    const err = await appError((await as('bidder1')).bid.startUpload({ sectionId: project.sections[0]!.id, part: 'summary', size: SUMMARY.length, partHash: partHash(SUMMARY) }));
    expect(err).toMatchObject({
      code: 'INVALID_STATE',
      details: { reason: 'NOT_BIDDING', action: 'bid.submit', status: 'PUBLISHED', opensAt: bj('2026-03-16 09:00:00').toISOString(), deadline: bj('2026-04-15 09:30:00').toISOString() },
    });
    expect(err.messageZh).toBe('投标文件递交将于 2026-03-16 09:00:00 开放（项目当前为“已发布”，尚未进入投标中阶段）');
    expect(await counts()).toEqual(before);
  });

  it('the same request is taken once the project is in bidding (the rule, not the page, decides)', async () => {
    at('2026-03-16 09:00:01');
    await runJob('project.timer', { projectId: project.id, event: 'open_bidding' });
    const r = await (await as('bidder1')).bid.startUpload({ sectionId: project.sections[0]!.id, part: 'summary', size: SUMMARY.length, partHash: partHash(SUMMARY) });
    expect(r.uploadId).toBeGreaterThan(0);
  });

  it('开始开标 before the bid deadline: INVALID_STATE / OPENING_TOO_EARLY with the instant it opens', async () => {
    deps.clock.set(new Date(bj('2026-04-15 09:30:00').getTime() - 60_000)); // the test clock runs on: a minute before
    const before = await counts();
    const err = await appError((await as('staff')).opening.start({ projectId: project.id }));
    expect(err).toMatchObject({ code: 'INVALID_STATE', details: { reason: 'OPENING_TOO_EARLY', opensAt: bj('2026-04-15 09:30:00').toISOString() } });
    expect(await counts()).toEqual(before);
  });

  it('报名 and 加密并上传 1 ms after the deadline: REGISTRATION_CLOSED / DEADLINE_PASSED naming the deadline', async () => {
    deps.clock.set(new Date(bj('2026-04-15 09:30:00').getTime() + 1));
    const before = await counts();
    const reg = await appError((await as('bidder2')).registration.register({ sectionId: project.sections[0]!.id }));
    expect(reg).toMatchObject({ code: 'VALIDATION', details: { reason: 'REGISTRATION_CLOSED', deadline: bj('2026-04-15 09:30:00').toISOString() } });
    expect(reg.messageZh).toBe('报名已于 2026-04-15 09:30:00 截止（以平台服务器时间为准）');
    const bid = await appError((await as('bidder1')).bid.startUpload({ sectionId: project.sections[0]!.id, part: 'summary', size: SUMMARY.length, partHash: partHash(SUMMARY) }));
    expect(bid).toMatchObject({ code: 'INVALID_STATE', details: { reason: 'DEADLINE_PASSED' } });
    expect(await counts()).toEqual(before);
  });
});
