/**
 * From draft to published for each trade type through the real HTTP server (issue 4 §9), with an
 * amendment notice after publication, and the sandbox acceleration switch shrinking statutory periods.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '@ebid/services';
import { createTestClient, testSectionsFor } from '@ebid/testing';
import { addDocumentAs, startTestApp, type TestApp } from './test-app.ts';

let testApp: TestApp;
let deps: TestApp['deps'];
let base: string;

beforeAll(async () => {
  testApp = await startTestApp({ clockStart: new Date('2026-05-06T01:00:00Z') });
  deps = testApp.deps;
  base = testApp.base;
});
afterAll(async () => {
  await testApp?.close();
});

async function login(username: string) {
  const c = createTestClient(base);
  await c.trpc.auth.login.mutate({ username, password: DEMO_PASSWORD });
  return c.trpc;
}

const CASES = [
  {
    tradeType: 'engineering',
    method: 'open',
    kind: 'tender',
    documents: 'tender',
    schedule: { noticePublishAt: '2026-05-06T09:00:00+08:00', docsIssueStart: '2026-05-07T09:00:00+08:00', docsIssueEnd: '2026-05-14T17:00:00+08:00', bidDeadline: '2026-05-28T09:30:00+08:00', openingAt: '2026-05-28T09:30:00+08:00' },
  },
  {
    tradeType: 'procurement',
    method: 'consultation',
    kind: 'tender',
    documents: 'tender',
    schedule: { noticePublishAt: '2026-05-06T09:00:00+08:00', docsIssueStart: '2026-05-07T09:00:00+08:00', docsIssueEnd: '2026-05-15T17:00:00+08:00', bidDeadline: '2026-05-20T09:30:00+08:00' },
  },
  {
    tradeType: 'land',
    method: 'auction',
    kind: 'land_sale',
    documents: 'tender', // 出让文件
    schedule: { noticePublishAt: '2026-05-06T09:00:00+08:00', auctionStart: '2026-05-27T09:30:00+08:00' },
  },
  {
    tradeType: 'property',
    method: 'online_bidding',
    kind: 'property_disclosure',
    documents: null, // a listing disclosure issues no documents (issue 16 §1)
    schedule: { noticePublishAt: '2026-05-06T09:00:00+08:00', disclosureStart: '2026-05-06T09:00:00+08:00', disclosureEnd: '2026-06-04T17:00:00+08:00' },
  },
] as const;

describe('each trade type from draft to published, over HTTP', () => {
  it.each(CASES)('$tradeType / $method', async (c) => {
    const t = await login('tenderee');
    const budgetFen = c.tradeType === 'procurement' ? 50_000_000 : undefined; // R87 §63: a GP project states its budget
    const p = await t.project.create.mutate({
      tradeType: c.tradeType,
      method: c.method,
      name: `${c.tradeType}-${c.method} 测试项目`,
      budgetFen,
      ...(c.tradeType === 'property' ? { propertyKind: 'equity_transfer' as const } : {}), // issue 18 §4
      // A land plot or property item states its sale terms (issue 18 §4); a tender section only its name here.
      sections: [{ ...(c.tradeType === 'land' || c.tradeType === 'property' ? testSectionsFor(c.tradeType)[0] : {}), name: '标的一' }],
    });
    expect(p.status).toBe('DRAFT');
    const s = await t.project.saveSchedule.mutate({ projectId: p.id, schedule: c.schedule, expectedVersion: p.version });
    if (c.documents) await addDocumentAs(testApp, 'tenderee', p.id, c.documents);
    const n = await t.notice.draft.mutate({ projectId: p.id, kind: c.kind, title: `${p.name}公告`, body: '公告正文：交易条件、资格要求与时间安排详见附件。' });
    await t.notice.submit.mutate({ noticeId: n.id });
    expect((await t.project.get.query({ projectId: p.id })).status).toBe('PENDING_REVIEW');
    const staff = await login('staff');
    const pub = await staff.notice.publish.mutate({ noticeId: n.id });
    expect(pub.pdfSha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await t.project.get.query({ projectId: p.id })).status).toBe('PUBLISHED');
    const anon = createTestClient(base).trpc;
    expect((await anon.portal.notice.query({ noticeId: n.id })).project.tradeType).toBe(c.tradeType);
    const pdf = await fetch(`${base}/portal/notices/${n.id}.pdf`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(s.version).toBeGreaterThan(p.version);
  });

  it('an amendment notice is published beside the original; the original stays unchanged', async () => {
    const t = await login('tenderee');
    const p = await t.project.create.mutate({ tradeType: 'engineering', method: 'open', name: '变更公告测试项目', sections: [{ name: '一标段' }] });
    await t.project.saveSchedule.mutate({ projectId: p.id, schedule: CASES[0].schedule, expectedVersion: p.version });
    await addDocumentAs(testApp, 'tenderee', p.id);
    const n = await t.notice.draft.mutate({ projectId: p.id, kind: 'tender', title: '变更公告测试项目招标公告', body: '原公告正文，投标截止时间见时间安排。' });
    await t.notice.submit.mutate({ noticeId: n.id });
    const staff = await login('staff');
    const original = await staff.notice.publish.mutate({ noticeId: n.id });
    const a = await t.notice.draft.mutate({ projectId: p.id, kind: 'amendment', title: '变更公告测试项目变更公告（第1号）', body: '补充技术规范第三章，其余内容不变。' });
    await t.notice.submit.mutate({ noticeId: a.id });
    const amended = await staff.notice.publish.mutate({ noticeId: a.id });
    expect(amended.amendsNoticeId).toBe(original.id);
    const list = await createTestClient(base).trpc.portal.notices.query({ q: '变更公告测试项目', limit: 10 });
    expect(list.items.map((i) => i.kind).sort()).toEqual(['amendment', 'tender']);
    expect((await createTestClient(base).trpc.portal.notice.query({ noticeId: original.id })).pdfSha256).toBe(original.pdfSha256);
    expect((await t.project.get.query({ projectId: p.id })).status).toBe('PUBLISHED');
  });

  it('sandbox acceleration (never in production) shrinks statutory periods', async () => {
    const t = await login('tenderee');
    const p = await t.project.create.mutate({ tradeType: 'engineering', method: 'open', name: '演练项目', sections: [{ name: '一标段' }] });
    const fast = { docsIssueStart: '2026-05-07T09:00:00+08:00', bidDeadline: '2026-05-07T10:00:00+08:00', openingAt: '2026-05-07T10:00:00+08:00' };
    expect((await t.project.checkSchedule.query({ projectId: p.id, schedule: fast })).ok).toBe(false);
    deps.config.testing.acceleration = 1440; // 20 days → 20 minutes
    try {
      expect((await t.project.checkSchedule.query({ projectId: p.id, schedule: fast })).ok).toBe(true);
    } finally {
      deps.config.testing.acceleration = 1;
    }
  });
});
