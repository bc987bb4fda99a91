/**
 * The audit log in words (issue 19 §4) through the real server on PostgreSQL + S3: the events named (action
 * code, actor and company, project, subject), nothing withheld resolved before its time, the filters
 * (project, actor, action, time range) combined under keyset paging, bad filters refused and nothing
 * written, and the export of a filtered view as CSV (UTF-8 with BOM) with its own audit event and its cap.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, desc, eq, gte, lte, sql } from 'drizzle-orm';
import { AUDIT_EXPORT_MAX_ROWS } from '@ebid/contracts';
import { auditEvents } from '@ebid/db';
import { appError } from '@ebid/api/test-client';
import { biddingProject, callerAs, createTestPkiValidFrom, orgOf, parseCsv, registeredBidder, sealedBid, sessionCookieOf, TEST_DEADLINE, TEST_START, type TestProject } from '@ebid/testing';
import { startTestApp, type TestApp } from './test-app.ts';

let app: TestApp;
let deps: TestApp['deps'];
let project: TestProject;
let other: TestProject;
let bidId: number;
const staff = () => callerAs(deps, 'staff');


const auditCount = async () => (await deps.db.select({ n: count() }).from(auditEvents))[0]!.n;

beforeAll(async () => {
  app = await startTestApp({ clockStart: TEST_START, pki: await createTestPkiValidFrom(new Date('2026-01-01T00:00:00Z')) });
  deps = app.deps;
  project = await biddingProject(deps, { name: '示范市审计日志测试道路工程', noticeTitle: '示范市审计日志测试道路工程招标公告' });
  deps.clock.set(TEST_START); // the second project is published on the same schedule
  other = await biddingProject(deps, { name: '示范市审计日志测试另一工程' });
  const sectionId = project.sections[0]!.id;
  await registeredBidder(deps, sectionId, { username: 'bidder1' });
  bidId = (await sealedBid(deps, { projectId: project.id, sectionId }, { username: 'bidder1' })).bid.id;
}, 300_000);

afterAll(async () => {
  await app?.close();
});

describe('before the deadline', () => {
  it('names the action, the actor and company, the project and the subject; the platform acts as itself', async () => {
    const page = await (await staff()).audit.list({ projectId: project.id, limit: 200 });
    expect(page.events.length).toBeGreaterThan(3);
    for (const e of page.events) expect(e.project).toEqual({ id: project.id, name: '示范市审计日志测试道路工程', code: project.unifiedDealCode });
    const created = page.events.find((e) => e.action === 'project.create')!;
    const owner = await orgOf(deps, 'tenderee');
    expect(created).toMatchObject({ actorName: owner.displayName, actorOrgName: owner.orgName, actorWithheld: false, subjectLabel: '示范市审计日志测试道路工程' });
    const published = page.events.find((e) => e.action === 'notice.publish')!;
    expect(published.subjectLabel).toBe('《示范市审计日志测试道路工程招标公告》');
    expect(published.actorName).toBe((await orgOf(deps, 'staff')).displayName);
    const timer = page.events.find((e) => e.action === 'project.open_bidding')!;
    expect(timer).toMatchObject({ actorUserId: null, actorName: null, actorOrgName: null, actorWithheld: false });
  });

  it('resolves no bidder: its acts stay masked, and a filter by the bidder or by a bid action finds nothing, not even a next page', async () => {
    const s = await staff();
    const bidder = await orgOf(deps, 'bidder1');
    const page = await s.audit.list({ projectId: project.id, limit: 200 });
    const text = JSON.stringify(page);
    expect(text).not.toContain(bidder.orgName);
    expect(text).not.toContain(bidder.displayName);
    expect(page.events.filter((e) => e.masked).length).toBeGreaterThanOrEqual(3); // registration, upload, finalize
    for (const e of page.events.filter((x) => x.masked)) expect(e).toMatchObject({ actorName: null, actorOrgName: null, subjectLabel: null });
    // Its own platform acts (sign-ins, certificates) are a platform member's, not a bidder's in this project.
    const byBidder = await s.audit.list({ actorUserId: bidder.userId, limit: 200 });
    expect(byBidder.events.length).toBeGreaterThan(0);
    expect(byBidder.events.filter((e) => e.chain !== 'platform')).toEqual([]);
    for (const input of [{ actorUserId: bidder.userId, projectId: project.id }, { action: 'bid.finalize' }, { action: 'registration.apply', projectId: project.id }]) {
      for (const limit of [1, 50]) expect(await s.audit.list({ ...input, limit }), JSON.stringify(input)).toEqual({ events: [], nextBeforeId: null });
    }
  });

  it('keyset paging under combined filters gives exactly the matching events, newest first, at every page size', async () => {
    const s = await staff();
    const all = await s.audit.list({ projectId: project.id, limit: 200 });
    const times = all.events.map((e) => e.at).sort();
    const from = times[1]!;
    const to = times[times.length - 2]!;
    const expected = (
      await deps.db
        .select({ id: auditEvents.id })
        .from(auditEvents)
        .where(and(eq(auditEvents.chain, `project:${project.id}`), gte(auditEvents.at, new Date(from)), lte(auditEvents.at, new Date(to))))
        .orderBy(desc(auditEvents.id))
    ).map((r) => r.id);
    expect(expected.length).toBeGreaterThan(3);
    for (const limit of [1, 2, expected.length - 1, expected.length, expected.length + 1]) {
      const got: number[] = [];
      let beforeId: number | undefined;
      let pages = 0;
      do {
        const page = await s.audit.list({ projectId: project.id, from, to, limit, ...(beforeId ? { beforeId } : {}) });
        got.push(...page.events.map((e) => e.id));
        beforeId = page.nextBeforeId ?? undefined;
        pages++;
        if (page.nextBeforeId !== null) expect(page.events).toHaveLength(limit);
      } while (beforeId !== undefined);
      expect(got, `limit ${limit}`).toEqual(expected);
      expect(pages, `limit ${limit}`).toBe(Math.max(1, Math.ceil(expected.length / limit)));
    }
    // The ends of the range count (inclusive), a millisecond beyond does not.
    const edge = all.events.find((e) => e.at === from)!;
    const exact = await s.audit.list({ projectId: project.id, from, to: from, limit: 200 });
    expect(exact.events.map((e) => e.id)).toContain(edge.id);
    const after = await s.audit.list({ projectId: project.id, from: new Date(Date.parse(from) + 1).toISOString(), to, limit: 200 });
    expect(after.events.map((e) => e.id)).not.toContain(edge.id);
    // Project + actor + action together: the tenderee's creation of this project only.
    const owner = await orgOf(deps, 'tenderee');
    const one = await s.audit.list({ projectId: project.id, actorUserId: owner.userId, action: 'project.create', limit: 10 });
    expect(one.events.map((e) => e.action)).toEqual(['project.create']);
    expect(one.nextBeforeId).toBeNull();
    // Another project's chain is another chain.
    const theOther = await s.audit.list({ projectId: other.id, action: 'project.create', limit: 10 });
    expect(theOther.events.map((e) => e.project?.id)).toEqual([other.id]);
  });

  it('refuses bad filters with a clear error and writes nothing; only the audit readers may list', async () => {
    const s = await staff();
    const others = await Promise.all(['bidder1', 'tenderee', 'agent', 'expert01'].map(async (who) => [who, await callerAs(deps, who)] as const));
    const before = await auditCount();
    const reversed = await appError(s.audit.list({ projectId: project.id, from: '2026-03-02T00:00:00+08:00', to: '2026-03-01T00:00:00+08:00', limit: 10 }));
    expect(reversed).toMatchObject({ code: 'VALIDATION', messageZh: '开始时间晚于结束时间', details: { reason: 'RANGE_REVERSED' } });
    expect(await appError(s.audit.list({ projectId: project.id, chain: `project:${other.id}`, limit: 10 }))).toMatchObject({ code: 'VALIDATION', details: { reason: 'CHAIN_MISMATCH' } });
    expect(await appError(s.audit.list({ action: 'Not An Action', limit: 10 }))).toMatchObject({ code: 'VALIDATION' });
    expect(await appError(s.audit.list({ from: 'yesterday', limit: 10 }))).toMatchObject({ code: 'VALIDATION' });
    for (const [who, c] of others) {
      expect((await appError(c.audit.list({ limit: 10 }))).code, who).toBe('FORBIDDEN');
      expect((await appError(c.audit.choices({ kind: 'actor', query: '' }))).code, who).toBe('FORBIDDEN');
    }
    expect(await auditCount()).toBe(before);
  });

  it('offers projects and users to filter by', async () => {
    const s = await staff();
    expect(await s.audit.choices({ kind: 'project', query: '审计日志测试道路' })).toEqual([{ value: project.id, label: '示范市审计日志测试道路工程', detail: project.unifiedDealCode }]);
    const users = await s.audit.choices({ kind: 'actor', query: 'tenderee' });
    expect(users.map((u) => u.value)).toContain((await orgOf(deps, 'tenderee')).userId);
    expect(await s.audit.choices({ kind: 'project', query: '%' })).toEqual([]); // wildcards are literal
  });
});

describe('after the deadline', () => {
  beforeAll(() => {
    deps.clock.set(new Date(TEST_DEADLINE.getTime() + 60_000));
  });

  it('names the bidder and its bid', async () => {
    const bidder = await orgOf(deps, 'bidder1');
    const page = await (await staff()).audit.list({ projectId: project.id, action: 'bid.finalize', limit: 10 });
    expect(page.events).toHaveLength(1);
    expect(page.events[0]).toMatchObject({ actorName: bidder.displayName, actorOrgName: bidder.orgName, subjectType: 'bid', subjectLabel: `#${bidId} · ${bidder.orgName}`, masked: false });
    const byBidder = await (await staff()).audit.list({ actorUserId: bidder.userId, projectId: project.id, limit: 50 });
    expect(byBidder.events.map((e) => e.action)).toEqual(expect.arrayContaining(['bid.finalize', 'registration.apply']));
  });

  it('exports the filtered view as CSV with a BOM, in words with the raw ids and hashes, and audits the export', async () => {
    const cookie = await sessionCookieOf(deps, 'staff');
    const list = await (await staff()).audit.list({ projectId: project.id, limit: 200 });
    const res = await fetch(`${app.base}/audit/export.csv?projectId=${project.id}&lang=zh`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename\*=UTF-8''/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parseCsv(bytes.subarray(3).toString('utf8'));
    expect(header).toEqual(['时间（北京时间）', '操作', '操作人', '单位', '项目', '对象', '事件编号', '审计链', '序号', '操作代码', '操作人用户编号', '角色', '项目编号', '对象类型', '对象编号', 'IP地址', '事件哈希', '前一事件哈希', '内容哈希', '时间（UTC）']);
    const col = (name: string) => header!.indexOf(name);
    expect(rows.map((r) => Number(r[col('事件编号')]))).toEqual(list.events.map((e) => e.id));
    const finalize = rows.find((r) => r[col('操作代码')] === 'bid.finalize')!;
    const bidder = await orgOf(deps, 'bidder1');
    expect(finalize[col('操作')]).toBe('提交投标文件');
    expect(finalize[col('操作人')]).toBe(bidder.displayName);
    expect(finalize[col('单位')]).toBe(bidder.orgName);
    expect(finalize[col('项目')]).toBe('示范市审计日志测试道路工程');
    expect(finalize[col('对象')]).toBe(`投标文件 #${bidId} · ${bidder.orgName}`);
    expect(finalize[col('事件哈希')]).toBe(list.events.find((e) => e.action === 'bid.finalize')!.hash);
    const timer = rows.find((r) => r[col('操作代码')] === 'project.open_bidding')!;
    expect(timer[col('操作人')]).toBe('系统');
    // Its own event, with the filter.
    const [exported] = await deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'audit.export')).orderBy(desc(auditEvents.id)).limit(1);
    expect(exported).toMatchObject({ chain: 'platform', actorRole: 'staff', subjectType: 'audit_log', subjectId: String(project.id), payload: { filter: { projectId: project.id }, lang: 'zh' } });
  });

  it('exports in English, filtered by action, and refuses the wrong reader, no session, another site and a bad filter', async () => {
    const cookie = await sessionCookieOf(deps, 'supervisor');
    const res = await fetch(`${app.base}/audit/export.csv?projectId=${project.id}&action=bid.finalize&lang=en`, { headers: { cookie } });
    expect(res.status).toBe(200);
    const [header, ...rows] = parseCsv((await res.text()).replace(/^\uFEFF/, ''));
    expect(header![1]).toBe('Action');
    expect(rows.map((r) => r[1])).toEqual(['Bid submitted']);
    const before = await auditCount();
    const bidderCookie = await sessionCookieOf(deps, 'bidder1');
    const afterLogins = await auditCount();
    const refusals: [Record<string, string>, string, number, string][] = [
      [{ cookie: bidderCookie }, `projectId=${project.id}`, 403, 'FORBIDDEN'],
      [{}, `projectId=${project.id}`, 401, 'UNAUTHORIZED'],
      [{ cookie, 'sec-fetch-site': 'cross-site' }, `projectId=${project.id}`, 403, 'FORBIDDEN'],
      [{ cookie }, 'from=yesterday', 400, 'VALIDATION'],
      [{ cookie }, 'from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z', 400, 'VALIDATION'],
      [{ cookie }, 'lang=fr', 400, 'VALIDATION'],
    ];
    for (const [headers, q, status, code] of refusals) {
      const r = await fetch(`${app.base}/audit/export.csv?${q}`, { headers });
      expect(r.status, q).toBe(status);
      expect(((await r.json()) as { error: { code: string } }).error.code, q).toBe(code);
    }
    expect(await auditCount()).toBe(afterLogins);
    expect(afterLogins).toBeGreaterThanOrEqual(before);
  });

  it(`refuses an export of more than ${AUDIT_EXPORT_MAX_ROWS} events with a typed error, before writing anything`, async () => {
    // A chain of its own with one event more than the cap (the rows are never verified in this database).
    await deps.db.execute(
      sql.raw(`insert into audit_events (chain, seq, prev_hash, hash, at, action, subject_type, subject_id, payload, payload_hash)
               select 'project:999999', g, 'x', 'x', now(), 'test.bulk', 'project', '999999', '{}'::jsonb, 'x' from generate_series(1, ${AUDIT_EXPORT_MAX_ROWS + 1}) g`),
    );
    const cookie = await sessionCookieOf(deps, 'staff');
    const before = await auditCount();
    const r = await fetch(`${app.base}/audit/export.csv?projectId=999999`, { headers: { cookie } });
    expect(r.status).toBe(413);
    expect(await r.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE', details: { reason: 'EXPORT_TOO_LARGE', max: AUDIT_EXPORT_MAX_ROWS } } });
    expect(await auditCount()).toBe(before);
    // Narrowed to the cap, it goes.
    const ok = await fetch(`${app.base}/audit/export.csv?projectId=${project.id}`, { headers: { cookie } });
    expect(ok.status).toBe(200);
  }, 120_000);
});
