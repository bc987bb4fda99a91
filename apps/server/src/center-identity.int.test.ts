/**
 * The center's identity from configuration (issue 15 §3), through the real server started with a center
 * that is not the demo's (PRODUCTION_CENTER_ENV: 江城市…): system.info names it; every sealed PDF prints
 * it — notices, a termination notice, the clarification, the opening record: footer, author, seal
 * location — and never the demo center; the reserved names follow the configuration; a notification
 * names the configured center; the center's organizations carry its region; and a 统一交易标识码 without
 * a tenderee region falls back to the center's region code.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isNotNull } from 'drizzle-orm';
import { clarifications } from '@ebid/db';
import { DEMO_CENTER } from '@ebid/config';
import { ensureDevPki } from '@ebid/pki';
import { verifySealedPdf } from '@ebid/pdf';
import { DEMO_OPENING_PROJECT, DEMO_PASSWORD, demoCreditCode } from '@ebid/services';
import { apiClient, appCode, loginAs } from '@ebid/api/test-client';
import { PRODUCTION_CENTER_ENV, readStoredObject } from '@ebid/testing';
import { addDocumentAs, startTestApp, type TestApp } from './test-app.ts';

const CENTER = {
  platformName: PRODUCTION_CENTER_ENV.PLATFORM_NAME,
  centerName: PRODUCTION_CENTER_ENV.CENTER_NAME,
  regionCode: PRODUCTION_CENTER_ENV.CENTER_REGION_CODE,
  address: PRODUCTION_CENTER_ENV.CENTER_ADDRESS,
  contact: PRODUCTION_CENTER_ENV.CENTER_CONTACT,
};

let testApp: TestApp;
let deps: TestApp['deps'];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-center-'));
const as = async (u: string, pw = DEMO_PASSWORD) => (await loginAs(deps, u, pw)).call();
const squash = (s: string) => s.replace(/\s+/g, '');

/** The PDF's text (pdftotext), its document properties (pdfinfo) and its seal. */
async function readPdf(pdf: Buffer, name: string) {
  const file = path.join(tmp, `${name}.pdf`);
  fs.writeFileSync(file, pdf);
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
  const perPage = Array.from({ length: pages }, (_, i) => squash(execFileSync('pdftotext', ['-enc', 'UTF-8', '-f', String(i + 1), '-l', String(i + 1), file, '-'], { encoding: 'utf8' })));
  const seal = await verifySealedPdf(pdf, { trustedRootsPem: [deps.pki.platform.rootCertPem], at: new Date() });
  return { text: perPage.join('\n'), perPage, info: execFileSync('pdfinfo', [file], { encoding: 'utf8' }), seal };
}

/** Every page prints the configured center (name, address, contact) and the platform; none the demo's. */
function expectConfiguredIdentity(doc: Awaited<ReturnType<typeof readPdf>>, what: string) {
  for (const [i, page] of doc.perPage.entries()) {
    for (const s of [CENTER.centerName, CENTER.address, CENTER.contact, CENTER.platformName]) expect(page, `${what}, page ${i + 1}`).toContain(squash(s));
  }
  expect(doc.text, what).not.toContain(DEMO_CENTER.centerName);
  expect(doc.text, what).not.toContain(DEMO_CENTER.platformName);
  expect(doc.text, what).not.toContain(squash(DEMO_CENTER.address));
  expect(doc.info, what).toMatch(new RegExp(`Author:\\s+${CENTER.centerName}`));
  expect(doc.seal.ok, what).toBe(true);
  expect(doc.seal.location, what).toBe(CENTER.centerName);
}

beforeAll(async () => {
  // The demo opening signs and verifies at the fake clock: the platform root must be valid by then.
  const platform = await ensureDevPki(path.join(tmp, 'pki'), { now: new Date('2026-01-01T00:00:00Z') });
  testApp = await startTestApp({
    clockStart: new Date('2026-06-01T01:00:00Z'),
    pki: { platform, trustedRootsPem: [platform.rootCertPem] },
    env: { ...PRODUCTION_CENTER_ENV },
    demoProjects: true,
  });
  deps = testApp.deps;
}, 180_000);
afterAll(async () => {
  await testApp?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('the configured center (issue 15 §3)', () => {
  it('system.info names the configured platform and center (public)', async () => {
    const res = await fetch(`${testApp.base}/trpc/system.info`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { result: { data: { center: unknown } } };
    expect(body.result.data.center).toEqual(CENTER);
  });

  it('the center’s own organization carries the configured name and region', async () => {
    const staff = await as('staff');
    const centers = (await staff.org.list({ kind: 'center', limit: 10 })).items;
    expect(centers.map((o) => [o.name, o.regionCode])).toEqual([[CENTER.centerName, CENTER.regionCode]]);
    // A center organization the platform administrator creates takes the center's region, not the credit code's.
    const admin = await as('admin');
    const branch = await admin.org.create({ creditCode: demoCreditCode('12330100MB0000401'), name: `${CENTER.centerName}东湖分中心`, kind: 'center' });
    expect(branch.regionCode).toBe(CENTER.regionCode);
  });

  it('a notice of a tenderee without a region: the deal code falls back to the center’s region; its sealed PDF prints the configured center on every page, never the demo’s', async () => {
    const staff = await as('staff');
    // 100000: a credit code registered at the national level names no administrative region.
    await staff.org.create({
      creditCode: demoCreditCode('91100000MA0000301'),
      name: '江城市城市建设发展有限公司',
      kind: 'tenderee',
      admin: { username: 'jc-owner', displayName: '江城业主', password: 'Str0ng#Pass1' },
    });
    const t = await as('jc-owner', 'Str0ng#Pass1');
    const p = await t.project.create({ tradeType: 'engineering', method: 'open', name: '江城市东湖绿道提升工程', budgetFen: 880_000_000, sections: [{ name: '第一标段', ceilingFen: 800_000_000, securityFen: 16_000_000 }] });
    expect(p.unifiedDealCode).toMatch(new RegExp(`^${CENTER.regionCode}-2026-`));
    await t.project.saveSchedule({
      projectId: p.id,
      expectedVersion: p.version,
      schedule: {
        noticePublishAt: '2026-06-01T08:00:00+08:00',
        docsIssueStart: '2026-06-02T09:00:00+08:00',
        docsIssueEnd: '2026-06-10T09:00:00+08:00',
        bidDeadline: '2026-06-25T09:30:00+08:00',
        openingAt: '2026-06-25T09:30:00+08:00',
      },
    });
    await addDocumentAs(testApp, 'jc-owner', p.id, 'tender', 'Str0ng#Pass1');
    const n = await t.notice.draft({ projectId: p.id, kind: 'tender', title: '江城市东湖绿道提升工程招标公告', body: '一、招标条件\n\n本项目已具备招标条件，现对该项目的施工进行公开招标。\n\n二、投标人资格要求\n\n具备市政公用工程施工总承包三级及以上资质。' });
    await t.notice.submit({ noticeId: n.id });
    const published = await staff.notice.publish({ noticeId: n.id });
    const res = await fetch(`${testApp.base}/portal/notices/${published.id}.pdf`);
    expect(res.status).toBe(200);
    const doc = await readPdf(Buffer.from(await res.arrayBuffer()), 'own-notice');
    expect(doc.text).toContain('江城市东湖绿道提升工程招标公告');
    expect(doc.text).toContain(p.unifiedDealCode);
    expect(doc.text).toContain('本公告经江城市公共资源交易平台电子签章');
    expectConfiguredIdentity(doc, 'the notice');
    // Nothing in this notice is the demo's: no 示范市 at all.
    expect(doc.text).not.toContain('示范市');
    // The notice the platform issues itself (终止公告) prints the configured center as well.
    await t.project.terminate({ projectId: p.id, reason: '项目建设规划调整，本项目取消' });
    const termination = (await (await apiClient(deps).call()).portal.notices({ q: '江城市东湖绿道提升工程', limit: 10 })).items.find((i) => i.kind === 'termination')!;
    const tdoc = await readPdf(await readStoredObject(deps.storage, termination.pdfSha256), 'termination');
    expect(tdoc.text).toContain('本公告由江城市公共资源交易平台发布并电子签章');
    expectConfiguredIdentity(tdoc, 'the termination notice');
    expect(tdoc.text).not.toContain('示范市');
    // A tenderee with a region keeps it (the demo tenderee's credit code names 330100).
    const demoOwner = await as('tenderee');
    expect((await demoOwner.project.create({ tradeType: 'engineering', method: 'open', name: '区域保持测试工程', sections: [{ name: '一标段' }] })).unifiedDealCode).toMatch(/^330100-2026-/);
  });

  it('every notice the demo published, its clarification and the opening record print the configured center', async () => {
    const anon = await apiClient(deps).call();
    const { items } = await anon.portal.notices({ limit: 50 });
    expect(items.length).toBeGreaterThanOrEqual(8);
    for (const item of items) expectConfiguredIdentity(await readPdf(await readStoredObject(deps.storage, item.pdfSha256), `notice-${item.id}`), item.title);

    const [c] = await deps.db.select().from(clarifications).where(isNotNull(clarifications.pdfSha256));
    expectConfiguredIdentity(await readPdf(await readStoredObject(deps.storage, c!.pdfSha256!), 'clarification'), 'the clarification');

    const staff = await as('staff');
    const opened = (await staff.project.list({ limit: 50 })).find((x) => x.name === DEMO_OPENING_PROJECT)!;
    const res = await fetch(`${testApp.base}/openings/${opened.id}/record.pdf`);
    expect(res.status).toBe(200);
    const record = await readPdf(Buffer.from(await res.arrayBuffer()), 'record');
    expect(record.text).toContain('开标记录表');
    expectConfiguredIdentity(record, 'the opening record');
  });

  it('the configured names are reserved, the demo center’s name no longer is; the approval names the configured center', async () => {
    const anon = await apiClient(deps).call();
    const company = (name: string, n: number) => ({
      creditCode: demoCreditCode(`9133010${n}MA0000500`),
      name,
      admin: { username: `jc-co${n}`, displayName: '企业管理员', password: 'Str0ng#Pass1' },
    });
    for (const [i, name] of [CENTER.centerName, '江城市 公共资源交易平台（有限公司）'].entries()) {
      const err = await anon.org.register(company(name, i + 1)).catch((e: unknown) => e);
      expect(err).toMatchObject({ cause: { code: 'VALIDATION', details: { field: 'name', reason: 'NAME_RESERVED' } } });
    }
    const staff = await as('staff');
    expect(await appCode(staff.org.create({ creditCode: demoCreditCode('91330100MA0000503'), name: CENTER.platformName, kind: 'tenderee' }))).toBe('VALIDATION');
    // Under this configuration the demo's center is just another name.
    const org = await anon.org.register(company(DEMO_CENTER.centerName, 4));
    expect(org).toMatchObject({ name: DEMO_CENTER.centerName, status: 'pending' });
    await staff.org.review({ orgId: org.id, decision: 'approve' });
    const inbox = await (await as('jc-co4', 'Str0ng#Pass1')).notification.list({ limit: 10 });
    const review = inbox.items.find((x) => x.kind === 'org.review')!;
    expect(review.bodyZh).toContain(CENTER.centerName);
    expect(review.bodyEn).toContain(CENTER.centerName);
  });
});
