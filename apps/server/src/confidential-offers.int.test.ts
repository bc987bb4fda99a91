/**
 * Issue 18 §2: no public price reading where the law keeps offers confidential. In 竞争性磋商, 竞争性谈判
 * and 询价 the responses are opened for the group, not read out to the suppliers (CG §38 (4), §40; R74;
 * R214): through the real HTTP server on PostgreSQL + S3, three suppliers respond, the responses are
 * opened and decrypted, the record generated; then EVERY read path as supplier A (bidder1) — the opening
 * view, the live events over SSE, the record PDF, its registrations, bids, notifications, the portal,
 * documents, clarifications, objections, the project — holds neither B's nor C's name, credit code,
 * company id nor price. The record is not public (no anonymous download, even once closed); supplier A
 * reads and confirms its own copy, which holds its own line only; the owner side, the center and the
 * supervisor read every line. An engineering open tender keeps its public reading (ZTB §36, O5).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { formatYuan } from '@ebid/domain';
import { DEMO_PASSWORD } from '@ebid/services';
import { apiClient, appError, wireAppError } from '@ebid/api/test-client';
import { ensureDevPki, signCmsDetached } from '@ebid/pki';
import { bidderCertCaller, bidderKeys, callerAs, createTestClient, openedProject, orgOf, runTestJob, sessionCookieOf, TEST_START, type Caller } from '@ebid/testing';
import { startTestApp, type TestApp } from './test-app.ts';

let testApp: TestApp;
let deps: TestApp['deps'];
let base: string;
const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-confidential-'));

const BIDDERS = ['bidder1', 'bidder2', 'bidder3'] as const;
type Bidder = (typeof BIDDERS)[number];
const PRICES: Record<Bidder, number> = { bidder1: 700_012_345, bidder2: 710_067_891, bidder3: 720_034_567 };
const METHODS = ['consultation', 'negotiation', 'inquiry'] as const;
type Method = (typeof METHODS)[number];

const company = {} as Record<Bidder, { id: number; name: string; creditCode: string }>;
const projectOf = {} as Record<Method | 'engineering', { id: number; sectionId: number; bidIds: Record<Bidder, number> }>;

const as = (u: string): Promise<Caller> => callerAs(deps, u);
const cookieOf = async (u: string): Promise<Record<string, string>> => (u === 'anonymous' ? {} : { cookie: await sessionCookieOf(deps, u) });

/** The refusal of a call (code, reason and the whole wire error), or the value it returned. */
async function read<T>(p: Promise<T>): Promise<T | { refused: string; reason: unknown; error: unknown }> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof TRPCError) {
      const w = wireAppError(e);
      return { refused: w.code, reason: (w.details as Record<string, unknown> | undefined)?.reason ?? null, error: w };
    }
    throw e;
  }
}
const refused = (v: unknown): v is { refused: string } => typeof v === 'object' && v !== null && 'refused' in v;

/** The record PDF over HTTP: status, and its text (pdftotext) when 200, else the error body. */
async function recordAs(who: string, projectId: number): Promise<{ status: number; text: string; sha256: string | null; bytes: Buffer | null }> {
  const res = await fetch(`${base}/openings/${projectId}/record.pdf`, { headers: await cookieOf(who) });
  if (res.status !== 200) return { status: res.status, text: await res.text(), sha256: null, bytes: null };
  const bytes = Buffer.from(await res.arrayBuffer());
  const file = path.join(tmpDir, `record-${projectId}-${who}-${Date.now()}.pdf`);
  fs.writeFileSync(file, bytes);
  const r = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pdftotext failed: ${r.stderr}`);
  return { status: 200, text: r.stdout, sha256: res.headers.get('x-content-sha256'), bytes };
}

/** Every event of the opening topic over SSE (replayed from the start), as `who` hears it. */
async function liveEventsAs(who: string, projectId: number): Promise<unknown[]> {
  const c = createTestClient(base);
  if (who !== 'anonymous') await c.trpc.auth.login.mutate({ username: who, password: DEMO_PASSWORD });
  const got: unknown[] = [];
  let error: unknown = null;
  const sub = c.trpc.live.events.subscribe({ topics: [`opening.${projectId}`], lastEventId: '0' }, { onData: (d) => got.push(d), onError: (e) => (error = e) });
  await new Promise((r) => setTimeout(r, 1500));
  sub.unsubscribe();
  if (error) throw error;
  return got;
}

/** Strings that name or price another supplier: name, credit code, company id, the price in fen and in yuan. */
function secretsOf(b: Bidder): string[] {
  const c = company[b];
  return [c.name, c.creditCode, `rgId":${c.id},`, `rgId":${c.id}}`, String(PRICES[b]), formatYuan(PRICES[b])];
}

/** Everything supplier `who` can read about a project through every read path. */
async function sweep(who: Bidder, projectId: number): Promise<Record<string, unknown>> {
  const c = await as(who);
  const pid = { projectId };
  return {
    'opening.get': await read(c.opening.get(pid)),
    'project.get': await read(c.project.get(pid)),
    'registration.mine': await read(c.registration.mine({})),
    'registration.openProjects': await read(c.registration.openProjects()),
    'registration.forProject': await read(c.registration.forProject(pid)),
    'bid.mine': await read(c.bid.mine({})),
    'document.list': await read(c.document.list(pid)),
    'clarification.list': await read(c.clarification.list(pid)),
    'objection.list': await read(c.objection.list(pid)),
    'notice.forProject': await read(c.notice.forProject(pid)),
    'qualification.mineForProject': await read(c.qualification.mineForProject(pid)),
    'notification.list': await read(c.notification.list({ limit: 200 })),
    'portal.notices': await read(c.portal.notices({ limit: 50 })),
    'portal.changes': await read(c.portal.changes({ after: 0, limit: 1000 })),
    'audit.list': await read(c.audit.list({ chain: `project:${projectId}`, limit: 200 })),
    'deposit.list': await read(c.deposit.list(pid)),
    'live.events': await liveEventsAs(who, projectId),
    'GET record.pdf': await recordAs(who, projectId).then((r) => ({ status: r.status, text: r.text })),
  };
}

async function openProject(tradeType: 'procurement' | 'engineering', method: Method | 'open'): Promise<{ id: number; sectionId: number; bidIds: Record<Bidder, number> }> {
  deps.clock.set(TEST_START);
  const o = await openedProject(deps, {
    tradeType,
    method,
    name: `示范市保密开启测试${method}项目`,
    budgetFen: 880_000_000,
    bids: BIDDERS.map((username) => ({ username, priceFen: PRICES[username] })),
  });
  expect(o.opening.status).toBe('published');
  const draw = o.opening.k?.draw;
  if (draw) {
    // The engineering K draw (O8) runs by itself at its reveal close; the record waits for it.
    deps.clock.set(new Date(new Date(draw.revealCloseAt).getTime() + 1000));
    await runTestJob(deps, 'draw.run', { drawId: draw.id });
  }
  await (await as('staff')).opening.generateRecord({ projectId: o.project.id });
  const bidIds = Object.fromEntries(o.bids.map((b) => [b.username, b.bid.id])) as Record<Bidder, number>;
  return { id: o.project.id, sectionId: o.sectionId, bidIds };
}

beforeAll(async () => {
  const platform = await ensureDevPki(path.join(tmpDir, 'platform-pki'), { now: new Date('2026-01-01T00:00:00Z') });
  testApp = await startTestApp({ clockStart: TEST_START, pki: { platform, trustedRootsPem: [platform.rootCertPem] } });
  deps = testApp.deps;
  base = testApp.base;
  for (const b of BIDDERS) {
    const o = await orgOf(deps, b);
    company[b] = { id: o.orgId, name: o.orgName, creditCode: o.creditCode };
    await bidderKeys(deps, b); // issued at the start: valid for every project below (each starts at TEST_START)
  }
  for (const m of METHODS) projectOf[m] = await openProject('procurement', m);
  projectOf.engineering = await openProject('engineering', 'open');
}, 600_000);

afterAll(async () => {
  await testApp?.close();
  fs.rmSync(tmpDir, { recursive: true, force: true });
});

describe.each(METHODS)('procurement %s: opened for the group, not read out (CG §38, §40; R74; R214)', (method) => {
  let seen: Record<string, unknown>;
  beforeAll(async () => {
    seen = await sweep('bidder1', projectOf[method].id);
  }, 120_000);

  it('supplier A: no other supplier\'s name, credit code, company id or price on any read path', () => {
    for (const b of ['bidder2', 'bidder3'] as const) {
      for (const s of secretsOf(b)) {
        for (const [pathName, v] of Object.entries(seen)) expect(JSON.stringify(v).includes(s), `${method} ${pathName} shows ${s}`).toBe(false);
      }
    }
  });

  it('supplier A reads its own response state and price, and only its own line', () => {
    const v = seen['opening.get'] as Awaited<ReturnType<Caller['opening']['get']>>;
    expect(v.status).toBe('published');
    expect(v.confidentialOffers).toBe(true);
    expect(v.bids).toHaveLength(1);
    expect(v.bids[0]).toMatchObject({ mine: true, bidderName: company.bidder1.name, priceFen: PRICES.bidder1, decryptStatus: 'decrypted' });
    expect(v.signIns.map((s) => s.bidderName)).toEqual([company.bidder1.name]);
    for (const k of ['registration.mine', 'bid.mine']) for (const x of seen[k] as { bidderOrgId: number }[]) expect(x.bidderOrgId).toBe(company.bidder1.id);
    expect(refused(seen['audit.list'])).toBe(true);
    expect(refused(seen['registration.forProject'])).toBe(true);
    expect(refused(seen['deposit.list'])).toBe(true);
  });

  it('supplier A\'s copy of the record holds its own line only; it is not the group\'s record', async () => {
    const mine = seen['GET record.pdf'] as { status: number; text: string };
    expect(mine.status).toBe(200);
    expect(mine.text).toContain(company.bidder1.name);
    expect(mine.text).toContain(formatYuan(PRICES.bidder1));
    const group = await recordAs('staff', projectOf[method].id);
    const copy = await recordAs('bidder1', projectOf[method].id);
    expect(copy.sha256).not.toBe(group.sha256);
    const v = await (await as('bidder1')).opening.get({ projectId: projectOf[method].id });
    expect(v.record?.sha256).toBe(copy.sha256); // the view offers the copy it confirms
  });

  it('the live events carry no line of the room to anyone: no label, no name, no price', () => {
    const events = seen['live.events'] as { data: { type: string; data: Record<string, unknown> } }[];
    expect(events.length).toBeGreaterThan(0);
    expect(events.map((e) => e.data.type)).toEqual(expect.arrayContaining(['started', 'published', 'record']));
    for (const e of events) expect(e.data.data, e.data.type).not.toHaveProperty('label');
  });

  it('the owner side, the center and the supervisor read every line, in the view and in the record', async () => {
    for (const who of ['tenderee', 'staff', 'supervisor']) {
      const v = await (await as(who)).opening.get({ projectId: projectOf[method].id });
      expect(v.bids.map((b) => [b.bidderName, b.priceFen]).sort(), who).toEqual(BIDDERS.map((b) => [company[b].name, PRICES[b]]).sort());
      const r = await recordAs(who, projectOf[method].id);
      expect(r.status, who).toBe(200);
      for (const b of BIDDERS) {
        expect(r.text, `${who} ${b}`).toContain(company[b].name);
        expect(r.text, `${who} ${b}`).toContain(formatYuan(PRICES[b]));
      }
    }
  });

  it('no anonymous record, and a stranger is told there is none (no existence oracle)', async () => {
    const anon = await recordAs('anonymous', projectOf[method].id);
    expect(anon.status).toBe(401);
    const stranger = await recordAs('bidder4', projectOf[method].id);
    expect(stranger.status).toBe(404);
    for (const b of BIDDERS) for (const s of secretsOf(b)) expect(anon.text + stranger.text).not.toContain(s);
  });

  it('bad input: reading another supplier\'s bid or keys is refused with a message in Chinese and English, naming nothing', async () => {
    const a = await as('bidder1');
    const { id: projectId, bidIds } = projectOf[method];
    const errors = [
      await appError(a.bid.receipt({ bidId: bidIds.bidder2 })),
      await appError((await bidderCertCaller(deps, 'bidder1')).opening.myKeys({ projectId, bidId: bidIds.bidder2 })),
    ];
    for (const e of errors) {
      expect(['NOT_FOUND', 'FORBIDDEN']).toContain(e.code);
      expect(e.messageZh.length).toBeGreaterThan(0);
      expect(e.messageEn.length).toBeGreaterThan(0);
      for (const s of [...secretsOf('bidder2'), ...secretsOf('bidder3')]) expect(JSON.stringify(e)).not.toContain(s);
    }
  });
});

describe('procurement negotiation while decrypting: no other supplier at any stage', () => {
  it('before publication a supplier sees its own line and sign-in only — not even another supplier\'s label or count of sign-ins', async () => {
    deps.clock.set(TEST_START);
    const o = await openedProject(deps, {
      tradeType: 'procurement',
      method: 'negotiation',
      name: '示范市保密开启测试解密中项目',
      budgetFen: 880_000_000,
      bids: BIDDERS.map((username) => ({ username, priceFen: PRICES[username] })),
      decrypt: false,
    });
    expect(o.opening.status).toBe('decrypting');
    for (const b of BIDDERS) await (await bidderCertCaller(deps, b)).opening.signIn({ projectId: o.project.id });
    const v = await (await as('bidder1')).opening.get({ projectId: o.project.id });
    expect(v.bids.map((b) => [b.mine, b.bidderName])).toEqual([[true, company.bidder1.name]]);
    expect(v.signIns.map((s) => s.bidderName)).toEqual([company.bidder1.name]);
    const text = JSON.stringify([v, await liveEventsAs('bidder1', o.project.id)]);
    for (const b of ['bidder2', 'bidder3'] as const) for (const s of secretsOf(b)) expect(text).not.toContain(s);
    expect(text).not.toMatch(/投标人[23]|供应商[23]/);
    // The center follows every line.
    expect((await (await as('staff')).opening.get({ projectId: o.project.id })).bids).toHaveLength(3);
  }, 120_000);
});

/** Issue 18 §5: the close waits for the record's confirm window (or every answer); move past it. */
async function pastConfirmWindow(projectId: number): Promise<void> {
  const v = await (await as('staff')).opening.get({ projectId });
  const deadline = v.record?.confirmDeadline;
  if (!deadline) throw new Error('no record');
  if (deps.clock.now().getTime() <= Date.parse(deadline)) deps.clock.set(new Date(Date.parse(deadline) + 1000));
}

describe('procurement consultation: confirming and closing keep the record within the group', () => {
  it('supplier A confirms its own copy (its signature over the copy\'s bytes); after the close the record is still not public', async () => {
    const { id: projectId } = projectOf.consultation;
    const copy = await recordAs('bidder1', projectId);
    const keys = await bidderKeys(deps, 'bidder1');
    const caller = await bidderCertCaller(deps, 'bidder1');
    // The group's record is not what supplier A may confirm.
    const group = await recordAs('staff', projectId);
    expect((await appError(caller.opening.confirm({ projectId, recordSha256: group.sha256!, signatureBase64: signCmsDetached(group.bytes!, keys.sign).toString('base64') }))).details?.reason).toBe('RECORD_OUTDATED');
    const v = await caller.opening.confirm({ projectId, recordSha256: copy.sha256!, signatureBase64: signCmsDetached(copy.bytes!, keys.sign).toString('base64') });
    expect(v.bids).toEqual([expect.objectContaining({ mine: true, confirmStatus: 'confirmed' })]);
    const staffView = await (await as('staff')).opening.get({ projectId });
    expect(staffView.bids.filter((b) => b.confirmStatus === 'confirmed').map((b) => b.bidderName)).toEqual([company.bidder1.name]);

    await pastConfirmWindow(projectId);
    const closed = await (await as('staff')).opening.close({ projectId });
    // A's confirmation of its own copy counts for this version; the silent suppliers are deemed to accept.
    expect(closed.bids.map((b) => [b.bidderName, b.confirmStatus]).sort()).toEqual(
      [[company.bidder1.name, 'confirmed'], [company.bidder2.name, 'deemed_accepted'], [company.bidder3.name, 'deemed_accepted']].sort(),
    );
    expect((await recordAs('anonymous', projectId)).status).toBe(401);
    expect((await recordAs('bidder4', projectId)).status).toBe(404);
    // Issue 19 §1: the project's portal page links no record, and names none of it (CG §38).
    const portal = (await apiClient(deps).call()).portal;
    const [notice] = (await portal.notices({ q: '示范市保密开启测试consultation项目', limit: 5 })).items;
    const page = await portal.notice({ noticeId: notice!.id });
    expect(page.projectFiles?.openingRecord).toBeNull();
    for (const s of [group.sha256!, copy.sha256!, 'record.pdf', '开标记录', '响应文件开启记录']) expect(JSON.stringify(page)).not.toContain(s);
    const after = await recordAs('bidder2', projectId);
    expect(after.status).toBe(200);
    expect(after.text).toContain(company.bidder2.name);
    for (const b of ['bidder1', 'bidder3'] as const) for (const s of secretsOf(b)) expect(after.text).not.toContain(s);
  });
});

describe('engineering open tender: the public reading stays (ZTB §36, O5; regression)', () => {
  it('every bidder sees every name and price; the closed record is public', async () => {
    const { id: projectId } = projectOf.engineering;
    const v = await (await as('bidder1')).opening.get({ projectId });
    expect(v.confidentialOffers).toBe(false);
    expect(v.bids.map((b) => [b.bidderName, b.priceFen]).sort()).toEqual(BIDDERS.map((b) => [company[b].name, PRICES[b]]).sort());
    const events = (await liveEventsAs('bidder1', projectId)) as { data: { type: string; data: Record<string, unknown> } }[];
    expect(events.some((e) => typeof e.data.data.label === 'string')).toBe(true);
    const r = await recordAs('bidder1', projectId);
    for (const b of BIDDERS) expect(r.text).toContain(company[b].name);
    await pastConfirmWindow(projectId);
    await (await as('staff')).opening.close({ projectId });
    const anon = await recordAs('anonymous', projectId);
    expect(anon.status).toBe(200);
    expect(anon.sha256).toBe(r.sha256);
    // Issue 19 §1: and the project's portal page links it.
    const portal = (await apiClient(deps).call()).portal;
    const [notice] = (await portal.notices({ q: '示范市保密开启测试open项目', limit: 5 })).items;
    expect((await portal.notice({ noticeId: notice!.id })).projectFiles?.openingRecord).toMatchObject({ sha256: r.sha256, url: `/openings/${projectId}/record.pdf` });
  });
});
