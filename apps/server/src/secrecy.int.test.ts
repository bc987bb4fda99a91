/**
 * Who bid, and how many, stays secret until the deadline (issue 13 §2; 招标投标法 §22; domain N6, O4, B5,
 * B11) — through the real server on PostgreSQL + S3. A project with registrations, securities, document
 * downloads, qualification answers with evidence, sealed bids and an opening sign-in before the deadline;
 * then every role (two bidders, the owner side, staff, the platform admin, the supervisor, an expert and
 * the public) sweeps every read path, and nothing about another company comes back: no name, credit code,
 * payer reference, part hash, count or masked-away audit detail. After the deadline the lawful views return.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAND_LISTING_SCHEDULE, PREQUALIFICATION_SCHEDULE, runTestJob, TEST_LAND_PLOT } from '@ebid/testing';
import { TRPCError } from '@trpc/server';
import { eq, inArray } from 'drizzle-orm';
import { bidParts, bids, organizations, projects, registrations, users } from '@ebid/db';
import { actorFromSessionToken, AUDIT_SECRET_ACTIONS, DEMO_PASSWORD, mayFollowOpening, supervisorUserIdsFor, type JobKind, type JobPayloadArg, type LiveEvent } from '@ebid/services';
import { apiClient, loginAs, wireAppError } from '@ebid/api/test-client';
import { SESSION_COOKIE } from '@ebid/api';
import { ensureDevPki } from '@ebid/pki';
import { addDocumentAs, startTestApp, type TestApp } from './test-app.ts';
import { BID_TEST_SCHEDULE as schedule, bidKit, DEADLINE, IN_BIDDING, summary } from './bid-test-kit.ts';

let testApp: TestApp;
let deps: TestApp['deps'];
let base: string;
const START = new Date('2026-02-25T02:00:00Z');
const BEFORE_DEADLINE = new Date(DEADLINE.getTime() - 60 * 60_000); // sign-in is open (24 h lead)
const AFTER_DEADLINE = new Date(DEADLINE.getTime() + 60_000);
const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-secrecy-'));
const login = (u: string) => loginAs(deps, u, DEMO_PASSWORD);
const as = async (u: string) => (await login(u)).call();
type Caller = Awaited<ReturnType<typeof as>>;
const kit = bidKit(() => testApp);

const runJob = <K extends JobKind>(kind: K, ...payload: JobPayloadArg<K>) => runTestJob(deps, kind, ...payload);

/** The refusal of a call (code and reason), or the value it returned. */
async function read<T>(p: Promise<T>): Promise<T | { refused: string; reason: unknown }> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof TRPCError) {
      const w = wireAppError(e);
      return { refused: w.code, reason: (w.details as Record<string, unknown> | undefined)?.reason ?? null };
    }
    throw e;
  }
}
const refused = (v: unknown): v is { refused: string } => typeof v === 'object' && v !== null && 'refused' in v;

const BIDDERS = ['bidder1', 'bidder2', 'bidder3'] as const;
const ROLES = ['bidder1', 'bidder2', 'tenderee', 'agent', 'staff', 'admin', 'supervisor', 'supervisor2', 'expert01', 'anonymous'] as const;
type Who = (typeof ROLES)[number];

let project: { id: number; unifiedDealCode: string; sections: { id: number; code: string }[] };
let sectionId: number;
let chain: `project:${number}`;
let documentId: number;
const company: Record<string, { id: number; name: string; creditCode: string; userIds: number[] }> = {};
const answerOf: Record<string, number> = {};
const evidenceSha: Record<string, string> = {};
const references: Record<string, string> = { bidder1: 'SECRECY-REF-0001', bidder2: 'SECRECY-REF-0002', bidder3: 'SECRECY-REF-0003' };

async function caller(who: Who): Promise<Caller> {
  return who === 'anonymous' ? apiClient(deps).call() : as(who);
}
async function cookieOf(who: string): Promise<Record<string, string>> {
  if (who === 'anonymous') return {};
  const c = await login(who);
  return { cookie: `${SESSION_COOKIE}=${encodeURIComponent(c.jar.get(SESSION_COOKIE)!)}` };
}

async function upload(user: string, content: string, fileName: string): Promise<{ uploadId: number; sha256: string }> {
  const body = Buffer.from(content);
  const sha256 = crypto.createHash('sha256').update(body).digest('hex');
  const res = await fetch(`${base}/files?name=${encodeURIComponent(fileName)}`, {
    method: 'POST',
    headers: { ...(await cookieOf(user)), 'content-type': 'application/pdf', 'x-content-sha256': sha256 },
    body,
  });
  expect(res.status).toBe(201);
  return { uploadId: ((await res.json()) as { uploadId: number }).uploadId, sha256 };
}

beforeAll(async () => {
  const platform = await ensureDevPki(path.join(tmpDir, 'platform-pki'), { now: new Date('2026-01-01T00:00:00Z') });
  testApp = await startTestApp({ clockStart: START, pki: { platform, trustedRootsPem: [platform.rootCertPem] } });
  deps = testApp.deps;
  base = testApp.base;
  for (const b of [...BIDDERS, 'bidder4']) {
    const [u] = await deps.db.select({ orgId: users.orgId }).from(users).where(eq(users.username, b));
    const [o] = await deps.db.select().from(organizations).where(eq(organizations.id, u!.orgId));
    const us = await deps.db.select({ id: users.id }).from(users).where(eq(users.orgId, o!.id));
    company[b] = { id: o!.id, name: o!.name, creditCode: o!.creditCode, userIds: us.map((x) => x.id) };
  }
  // The owner side: the tenderee mandates the agent, the agent creates the project for it.
  const t = await as('tenderee');
  const [agentOrg] = await deps.db.select({ orgId: users.orgId }).from(users).where(eq(users.username, 'agent'));
  const [ownerOrg] = await deps.db.select({ orgId: users.orgId }).from(users).where(eq(users.username, 'tenderee'));
  await t.mandate.record({ agentOrgId: agentOrg!.orgId, tendereeOrgId: ownerOrg!.orgId, scope: '施工招标代理', validFrom: '2026-01-01T00:00:00+08:00', validTo: '2027-01-01T00:00:00+08:00' });
  const a = await as('agent');
  const p = await a.project.create({
    tradeType: 'engineering',
    method: 'open',
    name: '示范市保密测试道路工程',
    tendereeOrgId: ownerOrg!.orgId,
    budgetFen: 880_000_000,
    sections: [{ name: '第一标段', ceilingFen: 800_000_000, securityFen: 10_000_000 }],
  });
  await a.project.saveSchedule({ projectId: p.id, schedule, expectedVersion: p.version });
  await a.qualification.setCriteria({ projectId: p.id, criteria: [{ code: 'Q1', category: 'licence', title: '施工资质', requirement: '市政公用工程施工总承包二级及以上', evidenceRequired: false }] });
  const doc = await upload('agent', '%PDF-1.4\n% 招标文件\n%%EOF\n', '招标文件.pdf');
  documentId = (await a.document.add({ projectId: p.id, uploadId: doc.uploadId, kind: 'tender' })).id;
  const n = await a.notice.draft({ projectId: p.id, kind: 'tender', title: '示范市保密测试道路工程招标公告', body: '一、招标条件\n\n本项目已具备招标条件，现进行公开招标。' });
  await a.notice.submit({ noticeId: n.id });
  await (await as('staff')).notice.publish({ noticeId: n.id });
  deps.clock.set(IN_BIDDING);
  expect(await runJob('project.timer', { projectId: p.id, event: 'open_bidding' })).toMatchObject({ status: 'BIDDING' });
  project = (await a.project.get({ projectId: p.id })) as typeof project;
  sectionId = project.sections[0]!.id;
  chain = `project:${project.id}`;

  // Before the deadline: download, register, answer with evidence, securities recorded, bids, a sign-in.
  for (const b of BIDDERS) {
    const res = await fetch(`${base}/documents/${documentId}`, { headers: await cookieOf(b) });
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    const c = await as(b);
    const reg = await c.registration.register({ sectionId });
    const [criterion] = await c.qualification.criteria({ projectId: project.id });
    const ev = await upload(b, `%PDF-1.4\n% ${b} 资质证书\n%%EOF\n`, '资质证书.pdf');
    evidenceSha[b] = ev.sha256;
    answerOf[b] = (await c.qualification.answer({ registrationId: reg.id, criterionId: criterion!.id, statement: `${b} 具备二级资质。`, evidenceUploadIds: [ev.uploadId] })).id;
    await kit.issueKeys(b);
  }
  const staff = await as('staff');
  for (const b of ['bidder1', 'bidder2'] as const) {
    // Staff find the security by project + section + company (the bidder presents it), never from a list.
    const d = await staff.deposit.lookup({ projectCode: project.unifiedDealCode, sectionCode: project.sections[0]!.code, company: company[b]!.creditCode });
    expect(d.bidderName).toBe(company[b]!.name);
    await staff.deposit.record({ depositId: d.id, amountFen: 10_000_000, form: 'guarantee', payerName: company[b]!.name, reference: references[b]!, guaranteeIssuer: '示范银行示范市分行', guaranteeVerification: '银行函证', receivedAt: IN_BIDDING.toISOString() });
  }
  for (const [i, b] of BIDDERS.entries()) await kit.submit(b, project, sectionId, [{ part: 'summary', plaintext: summary(700_000_000 + i * 10_000_000) }]);
  deps.clock.set(BEFORE_DEADLINE);
  await (await kit.asCert('bidder1')).caller.opening.signIn({ projectId: project.id });
}, 180_000);

afterAll(async () => {
  await testApp?.close();
  fs.rmSync(tmpDir, { recursive: true, force: true });
});

/** Everything a role can read about the project through every read path. */
async function sweep(who: Who) {
  const c = await caller(who);
  const pid = { projectId: project.id };
  const out: Record<string, unknown> = {
    'project.get': await read(c.project.get(pid)),
    'project.list': await read(c.project.list({ limit: 200 })),
    'registration.forProject': await read(c.registration.forProject(pid)),
    'registration.mine': await read(c.registration.mine({})),
    'registration.openProjects': await read(c.registration.openProjects()),
    'registration.saleApplicants': await read(c.registration.saleApplicants(pid)),
    'registration.saleReviewQueue': await read(c.registration.saleReviewQueue()),
    'deposit.list(all)': await read(c.deposit.list({})),
    'deposit.list(project)': await read(c.deposit.list(pid)),
    'deposit.list(overdue)': await read(c.deposit.list({ overdueOnly: true })),
    'deposit.lookup(reference)': await read(c.deposit.lookup({ reference: references.bidder2! })),
    'document.list': await read(c.document.list(pid)),
    'document.downloads': await read(c.document.downloads(pid)),
    'qualification.applicants': await read(c.qualification.applicants(pid)),
    'qualification.reviewQueue': await read(c.qualification.reviewQueue()),
    'qualification.mineForProject': await read(c.qualification.mineForProject(pid)),
    'bid.mine': await read(c.bid.mine({})),
    'opening.get': await read(c.opening.get(pid)),
    'audit.list(chain)': await read(c.audit.list({ chain, limit: 200 })),
    'audit.list(all)': await read(c.audit.list({ limit: 200 })),
    'audit.list(actor)': await read(c.audit.list({ actorUserId: company.bidder2!.userIds[0]!, limit: 200 })),
    // Issue 19 §4: the list in words and its filters.
    'audit.list(project)': await read(c.audit.list({ projectId: project.id, limit: 200 })),
    'audit.list(action)': await read(c.audit.list({ action: 'bid.finalize', limit: 1 })),
    'audit.list(actor+project)': await read(c.audit.list({ actorUserId: company.bidder2!.userIds[0]!, projectId: project.id, limit: 1 })),
    'audit.verify': await read(c.audit.verify({ chains: [chain] })),
    'notification.list': await read(c.notification.list({ limit: 200 })),
    'objection.list': await read(c.objection.list(pid)),
    'clarification.list': await read(c.clarification.list(pid)),
    'notice.forProject': await read(c.notice.forProject(pid)),
    'portal.notices': await read(c.portal.notices({ limit: 50 })),
    'portal.changes': await read(c.portal.changes({ after: 0, limit: 1000 })),
    // Issue 20 §2: the alerts of the checkpoints and their handling (the project's record).
    'supervision.alerts(project)': await read(c.supervision.alerts({ ...pid, limit: 200 })),
    'supervision.alerts(all)': await read(c.supervision.alerts({ limit: 200 })),
    // Issue 20 §3: the supervisor's dashboard, its alerts and the project's timeline (audit events in words).
    'supervision.dashboard': await read(c.supervision.dashboard({ days: 30 })),
    'supervision.dashboardAlerts': await read(c.supervision.dashboardAlerts({ openOnly: false, limit: 200 })),
    'supervision.timeline': await read(c.supervision.timeline(pid)),
    // Issue 20 §1: the project's checkpoints (refunds hidden until the deadline).
    'supervision.checkpoints': await read(c.supervision.checkpoints(pid)),
  };
  const ck = await cookieOf(who);
  for (const b of BIDDERS) {
    const res = await fetch(`${base}/qualification/evidence/${answerOf[b]}/0`, { headers: ck });
    out[`GET evidence ${b}`] = { status: res.status, body: res.status === 200 ? crypto.createHash('sha256').update(Buffer.from(await res.arrayBuffer())).digest('hex') : await res.text() };
  }
  return out;
}

/**
 * The whole audit trail (or a user's acts) also holds the platform chain (the company registry, logins,
 * certificates): companies are named there as platform members, not as registrants of this project.
 * Only the project's entries count.
 */
function onlyThisProject(pathName: string, v: unknown): unknown {
  if (pathName === 'deposit.lookup(reference)') return null; // the lawful lookup: checked on its own below
  if (!pathName.startsWith('audit.list(') || refused(v)) return v;
  return (v as { events: { chain: string }[] }).events.filter((e) => e.chain === chain);
}

/** Strings that name or identify a company's act: its name, credit code, reference, evidence and part hashes. */
async function secretsOf(b: string): Promise<string[]> {
  const bs = await deps.db.select({ id: bids.id }).from(bids).where(eq(bids.bidderOrgId, company[b]!.id));
  const parts = bs.length ? await deps.db.select().from(bidParts).where(inArray(bidParts.bidId, bs.map((x) => x.id))) : [];
  // Its payment references (付款附言, issue 16 §5) name it to the center's bank statement: its own secret too.
  const refs = await deps.db.select({ r: registrations.paymentReference }).from(registrations).where(eq(registrations.bidderOrgId, company[b]!.id));
  return [company[b]!.name, company[b]!.creditCode, references[b]!, evidenceSha[b]!, ...parts.flatMap((p) => [p.partHash, p.headerSha256]), ...refs.flatMap((x) => (x.r ? [x.r] : []))];
}

describe('before the deadline: nothing about another company, for any role (N6, O4, B5, B11)', () => {
  const seen: Partial<Record<Who, Record<string, unknown>>> = {};
  beforeAll(async () => {
    deps.clock.set(BEFORE_DEADLINE);
    for (const who of ROLES) seen[who] = await sweep(who);
  }, 180_000);

  it.each(ROLES)('%s: no other company\'s name, credit code, reference, evidence or part hash on any read path', async (who) => {
    const others = BIDDERS.filter((b) => b !== who);
    for (const b of others) {
      for (const s of await secretsOf(b)) {
        for (const [pathName, v] of Object.entries(seen[who]!)) expect(JSON.stringify(onlyThisProject(pathName, v)).includes(s), `${who} ${pathName} shows ${s}`).toBe(false);
      }
    }
  });

  it.each(ROLES)('%s: no registrant list, no deposit list, no downloads, no applicants, no other bids', (who) => {
    const s = seen[who]!;
    expect(refused(s['registration.forProject']), who).toBe(true);
    expect(refused(s['document.downloads']), who).toBe(true);
    expect(refused(s['qualification.applicants']), who).toBe(true);
    expect(refused(s['registration.saleApplicants']), who).toBe(true); // an engineering project has no sale review
    const sq = s['registration.saleReviewQueue'];
    if (!refused(sq)) expect((sq as { projectId: number }[]).some((q) => q.projectId === project.id)).toBe(false);
    for (const k of ['deposit.list(all)', 'deposit.list(overdue)']) {
      const v = s[k];
      if (!refused(v)) expect((v as { projectId: number }[]).filter((d) => d.projectId === project.id), `${who} ${k}`).toEqual([]);
    }
    expect(refused(s['deposit.list(project)']), who).toBe(true);
    const rq = s['qualification.reviewQueue'];
    if (!refused(rq)) expect((rq as { projectId: number }[]).some((q) => q.projectId === project.id)).toBe(false);
    for (const k of ['registration.mine', 'bid.mine']) {
      const v = s[k];
      if (!refused(v)) for (const x of v as { bidderOrgId: number }[]) expect(x.bidderOrgId, `${who} ${k}`).toBe(company[who]?.id);
    }
  });

  it('the security is found only by staff, one at a time, by reference or company + project; the owner side, the admin and the supervisor cannot', () => {
    expect(seen.staff!['deposit.lookup(reference)']).toMatchObject({ bidderName: company.bidder2!.name, reference: references.bidder2 });
    for (const who of ROLES.filter((r) => r !== 'staff')) expect(refused(seen[who]!['deposit.lookup(reference)']), who).toBe(true);
    expect(seen.staff!['deposit.list(project)']).toMatchObject({ refused: 'INVALID_STATE', reason: 'SECRET_UNTIL_DEADLINE' });
    expect(seen.tenderee!['registration.forProject']).toMatchObject({ refused: 'INVALID_STATE', reason: 'SECRET_UNTIL_DEADLINE' });
  });

  it('supervision timeline (issue 20 §3): the audit events masked as the audit list masks them; only the center and the supervisor read it', () => {
    for (const who of ROLES) {
      const v = seen[who]!['supervision.timeline'];
      if (who === 'supervisor2') {
        // Another region's supervisor (issue 20 §4): the timeline is NOT_FOUND; its dashboard holds none of this project.
        expect(v, who).toMatchObject({ refused: 'NOT_FOUND' });
        const d = seen[who]!['supervision.dashboard'] as { byRegion: { key: string }[]; byAgency: unknown[] };
        expect(refused(d), who).toBe(false);
        expect(d.byRegion.map((r) => r.key), who).not.toContain('330100');
        expect(d.byAgency, who).toEqual([]);
        continue;
      }
      if (!['staff', 'admin', 'supervisor'].includes(who)) {
        expect(refused(v), who).toBe(true);
        expect(refused(seen[who]!['supervision.dashboard']), who).toBe(true);
        continue;
      }
      const items = (v as { items: { type: string; event?: { action: string; masked: boolean; actorOrgId: number | null } }[] }).items.filter((i) => i.type === 'audit');
      expect(items.some((i) => i.event!.masked), who).toBe(true);
      for (const i of items) {
        expect(Object.keys(AUDIT_SECRET_ACTIONS).includes(i.event!.action) && i.event!.action !== 'project.terminated', `${who} ${i.event!.action}`).toBe(false);
        for (const b of BIDDERS) expect(i.event!.actorOrgId, who).not.toBe(company[b]!.id);
      }
    }
  });

  it('evidence files: the answering company only (404 to everyone else, the center included)', () => {
    for (const who of ROLES) {
      for (const b of BIDDERS) {
        const r = seen[who]![`GET evidence ${b}`] as { status: number; body: string };
        if (who === b) expect(r, `${who} ${b}`).toEqual({ status: 200, body: evidenceSha[b] });
        else expect(r.status, `${who} ${b}`).toBe(who === 'anonymous' ? 401 : 404);
      }
    }
  });

  it('the opening room: a bidder sees only its own sign-in, everyone else none and no count; the view says until when', () => {
    for (const who of ROLES) {
      const v = seen[who]!['opening.get'];
      if (refused(v)) continue;
      const view = v as { signIns: { bidderName: string | null }[]; secretUntil: string | null; bids: unknown[] };
      expect(view.secretUntil, who).toBe(DEADLINE.toISOString());
      expect(view.bids, who).toEqual([]);
      expect(view.signIns, who).toEqual(who === 'bidder1' ? [expect.objectContaining({ bidderName: company.bidder1!.name })] : []);
    }
    expect(refused(seen.tenderee!['opening.get'])).toBe(false);
    expect(refused(seen.staff!['opening.get'])).toBe(false);
  });

  it('live: the opening topic carries no signed_in event before the deadline', async () => {
    const ac = new AbortController();
    const got: LiveEvent[] = [];
    const done = (async () => {
      for await (const ev of deps.live.subscribe([`opening.${project.id}`], 0, ac.signal)) got.push(ev);
    })();
    await new Promise((r) => setTimeout(r, 300));
    ac.abort();
    await done;
    expect(got.map((e) => e.type)).not.toContain('signed_in');
  });

  it('audit list: entries of registrations, answers, securities, uploads, bids and the sign-in are masked for every reader; filtering by a bidder\'s user shows none of them', () => {
    for (const who of ['staff', 'admin', 'supervisor'] as const) {
      const list = seen[who]!['audit.list(chain)'] as { events: { action: string; masked: boolean; maskedUntil: string | null; actorOrgId: number | null; payload: unknown; hash: string | null }[] };
      expect(list.events.length, who).toBeGreaterThan(0);
      const masked = list.events.filter((e) => e.masked);
      expect(masked.length, who).toBeGreaterThan(0);
      for (const e of list.events) expect(Object.keys(AUDIT_SECRET_ACTIONS).includes(e.action) && e.action !== 'project.terminated', `${who} ${e.action}`).toBe(false);
      for (const e of masked) expect(e).toMatchObject({ action: 'masked', actorOrgId: null, payload: null, hash: null, maskedUntil: DEADLINE.toISOString() });
      for (const e of list.events) for (const b of BIDDERS) expect(e.actorOrgId, who).not.toBe(company[b]!.id);
      const all = seen[who]!['audit.list(all)'] as { events: { chain: string; action: string }[] };
      expect(all.events.filter((e) => e.chain === chain).every((e) => !Object.keys(AUDIT_SECRET_ACTIONS).includes(e.action)), who).toBe(true);
      const byActor = seen[who]!['audit.list(actor)'] as { events: { chain: string }[] };
      expect(byActor.events.filter((e) => e.chain === chain), who).toEqual([]);
      // Issue 19 §4: filtering by a bid action or by a bidder in the project finds nothing, not even a next page;
      // the words name no bidder company, on any chain (a bid, registration or security named by its company).
      expect(seen[who]!['audit.list(action)'], who).toEqual({ events: [], nextBeforeId: null });
      expect(seen[who]!['audit.list(actor+project)'], who).toEqual({ events: [], nextBeforeId: null });
      const inWords = seen[who]!['audit.list(project)'] as { events: { actorOrgName: string | null; actorName: string | null; subjectLabel: string | null }[] };
      expect(inWords.events.length, who).toBeGreaterThan(0);
      const everywhere = seen[who]!['audit.list(all)'] as { events: { subjectType: string; subjectLabel: string | null }[] };
      for (const b of BIDDERS) {
        for (const e of inWords.events) expect(`${e.actorOrgName} ${e.actorName} ${e.subjectLabel}`, `${who} ${b}`).not.toContain(company[b]!.name);
        for (const e of everywhere.events.filter((x) => ['bid', 'registration', 'deposit'].includes(x.subjectType))) expect(e.subjectLabel ?? '', `${who} ${b}`).not.toContain(company[b]!.name);
      }
      const verify = seen[who]!['audit.verify'] as { ok: boolean; chains: { chain: string; headHash: string | null }[] };
      expect(verify.ok, who).toBe(true);
      expect(verify.chains.find((x) => x.chain === chain)!.headHash, who).toBeNull(); // the head is the sign-in
    }
  });

  it('notifications name no other company and count none', () => {
    for (const who of ROLES) {
      const v = seen[who]!['notification.list'];
      if (refused(v)) continue;
      const text = JSON.stringify(v);
      for (const b of BIDDERS.filter((x) => x !== who)) expect(text.includes(company[b]!.name), `${who} ${b}`).toBe(false);
    }
  });
});

describe('after the deadline: the lawful views return', () => {
  beforeAll(async () => {
    deps.clock.set(AFTER_DEADLINE);
    await (await as('staff')).opening.start({ projectId: project.id });
  }, 60_000);

  it('the owner side sees the registrants and their securities; staff list the securities; downloads are listed', async () => {
    for (const who of ['tenderee', 'agent', 'staff', 'supervisor'] as const) {
      const regs = await (await as(who)).registration.forProject({ projectId: project.id });
      expect(regs.map((r) => r.bidderName).sort(), who).toEqual(BIDDERS.map((b) => company[b]!.name).sort());
    }
    const deposits = await (await as('staff')).deposit.list({ projectId: project.id });
    expect(deposits.filter((d) => d.status === 'received').map((d) => d.reference).sort()).toEqual([references.bidder1, references.bidder2]);
    const downloads = await (await as('tenderee')).document.downloads({ projectId: project.id });
    expect(new Set(downloads.map((d) => d.orgName))).toEqual(new Set(BIDDERS.map((b) => company[b]!.name)));
  });

  it('the opening room names who signed in to the center and the owner side', async () => {
    const v = await (await as('staff')).opening.get({ projectId: project.id });
    expect(v.secretUntil).toBeNull();
    expect(v.signIns.map((s) => s.bidderName)).toEqual([company.bidder1!.name]);
    expect(v.bids).toHaveLength(3);
  });

  it('the audit list shows the entries whole again', async () => {
    const list = await (await as('supervisor')).audit.list({ chain, limit: 200 });
    expect(list.events.some((e) => e.masked)).toBe(false);
    const actions = list.events.map((e) => e.action);
    for (const a of ['registration.apply', 'qualification.answer', 'deposit.record', 'bid.upload_start', 'bid.finalize', 'opening.sign_in']) expect(actions).toContain(a);
    expect(list.events.filter((e) => e.action === 'bid.finalize').map((e) => e.actorOrgId).sort()).toEqual(BIDDERS.map((b) => company[b]!.id).sort());
    // In words again (issue 19 §4): each bid's company, as actor and as the bid's owner.
    const finals = list.events.filter((e) => e.action === 'bid.finalize');
    expect(finals.map((e) => e.actorOrgName).sort()).toEqual(BIDDERS.map((b) => company[b]!.name).sort());
    for (const e of finals) expect(e.subjectLabel).toBe(`#${e.subjectId} · ${e.actorOrgName}`);
    const byActor = await (await as('staff')).audit.list({ actorUserId: company.bidder2!.userIds[0]!, limit: 200 });
    expect(byActor.events.some((e) => e.chain === chain)).toBe(true);
  });

  it('the evidence goes to the center again', async () => {
    const res = await fetch(`${base}/qualification/evidence/${answerOf.bidder2}/0`, { headers: await cookieOf('staff') });
    expect(res.status).toBe(200);
  });
});

/**
 * Supervisors see their own (issue 20 §4, M3): the project (engineering, 示范市 330100, industry housing)
 * through every read path of the sweep, after the deadline (when a supervisor of the project lawfully
 * sees its registrants, securities and bids). The demo supervisor (330100, every trade type) and a
 * province-level supervisor of its industry see it; a supervisor of another region (the demo
 * `supervisor2`, 330200), of another trade type and of another industry see nothing: NOT_FOUND on each
 * single read, no row of it in any list, no event of its chain in the audit list or its CSV export, and
 * no live opening topic. Staff are unaffected.
 */
describe('supervisors see the projects of their scope only (issue 20 §4, M3)', () => {
  const OUTSIDERS = ['supervisor2', 'suptrade', 'supindustry'] as const;
  const INSIDERS = ['supervisor', 'supprovince', 'staff'] as const;
  type Sweeper = (typeof OUTSIDERS)[number] | (typeof INSIDERS)[number];
  const seen: Partial<Record<Sweeper, Record<string, unknown>>> = {};

  /** Every read path of the project a supervisor could use, with the refusal or the value. */
  async function supervisorSweep(who: Sweeper): Promise<Record<string, unknown>> {
    const c = await as(who);
    const pid = { projectId: project.id };
    const ck = await cookieOf(who);
    const csvOf = async (q: string) => {
      const res = await fetch(`${base}/audit/export.csv?${q}`, { headers: ck });
      return { status: res.status, body: await res.text() };
    };
    const token = decodeURIComponent(ck.cookie!.split('=')[1]!);
    const actor = await actorFromSessionToken(deps.db, deps.clock, token);
    return {
      'project.get': await read(c.project.get(pid)),
      'project.list': await read(c.project.list({ limit: 200 })),
      'notice.forProject': await read(c.notice.forProject(pid)),
      'document.list': await read(c.document.list(pid)),
      'document.downloads': await read(c.document.downloads(pid)),
      'clarification.list': await read(c.clarification.list(pid)),
      'objection.list': await read(c.objection.list(pid)),
      'registration.forProject': await read(c.registration.forProject(pid)),
      'deposit.list(project)': await read(c.deposit.list(pid)),
      'deposit.list(all)': await read(c.deposit.list({})),
      'qualification.applicants': await read(c.qualification.applicants(pid)),
      'qualification.criteria': await read(c.qualification.criteria(pid)),
      'opening.get': await read(c.opening.get(pid)),
      'audit.list(chain)': await read(c.audit.list({ chain, limit: 200 })),
      'audit.list(project)': await read(c.audit.list({ projectId: project.id, limit: 200 })),
      'audit.list(all)': await read(c.audit.list({ limit: 200 })),
      'audit.verify(chain)': await read(c.audit.verify({ chains: [chain] })),
      'audit.choices(project)': await read(c.audit.choices({ kind: 'project', query: project.unifiedDealCode })),
      'GET audit/export.csv(project)': await csvOf(`projectId=${project.id}&lang=zh`),
      'GET audit/export.csv(all)': await csvOf('lang=en'),
      'live opening topic': actor ? await mayFollowOpening(deps, actor, project.id) : null,
    };
  }

  beforeAll(async () => {
    deps.clock.set(AFTER_DEADLINE);
    const staff = await as('staff');
    const [org] = await deps.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, '示范市发展和改革委员会'));
    const scopes = {
      suptrade: [{ regionCode: '330100', tradeType: 'procurement' as const, industry: null }],
      supindustry: [{ regionCode: '330100', tradeType: 'engineering' as const, industry: 'water' }],
      supprovince: [{ regionCode: '330000', tradeType: 'engineering' as const, industry: 'housing' }],
    };
    for (const [username, list] of Object.entries(scopes)) {
      const u = await staff.user.create({ orgId: org!.id, username, displayName: `监管${username}`, password: DEMO_PASSWORD });
      expect(await staff.user.setScopes({ userId: u.id, scopes: list })).toEqual(list);
    }
    for (const who of [...OUTSIDERS, ...INSIDERS]) seen[who] = await supervisorSweep(who);
  }, 180_000);

  it('the project is engineering, in 330100, of the housing industry (the default)', () => {
    expect(seen.staff!['project.get']).toMatchObject({ tradeType: 'engineering', regionCode: '330100', industry: 'housing' });
  });

  const SINGLE_READS = [
    'project.get',
    'notice.forProject',
    'document.list',
    'document.downloads',
    'clarification.list',
    'objection.list',
    'registration.forProject',
    'deposit.list(project)',
    'qualification.applicants',
    'qualification.criteria',
    'opening.get',
    'audit.list(chain)',
    'audit.list(project)',
    'audit.verify(chain)',
  ];

  it.each(OUTSIDERS)('%s (another region, trade type or industry): NOT_FOUND on every single read', (who) => {
    for (const path of SINGLE_READS) expect(seen[who]![path], `${who} ${path}`).toMatchObject({ refused: 'NOT_FOUND' });
    expect(seen[who]!['GET audit/export.csv(project)']!, who).toMatchObject({ status: 404 });
  });

  it.each(OUTSIDERS)('%s: no row of the project in any list, no event of its chain, no live opening topic', (who) => {
    const s = seen[who]!;
    expect((s['project.list'] as { id: number }[]).map((p) => p.id), who).not.toContain(project.id);
    expect((s['deposit.list(all)'] as { projectId: number }[]).filter((d) => d.projectId === project.id), who).toEqual([]);
    expect((s['audit.list(all)'] as { events: { chain: string }[] }).events.filter((e) => e.chain === chain), who).toEqual([]);
    expect(s['audit.choices(project)'], who).toEqual([]);
    const csv = s['GET audit/export.csv(all)'] as { status: number; body: string };
    expect(csv.status, who).toBe(200);
    expect(csv.body.includes(project.unifiedDealCode), who).toBe(false);
    expect(s['live opening topic'], who).toBe(false);
  });

  it('supervisor2 (another region) sees no project at all: its project list is empty', () => {
    expect(seen.supervisor2!['project.list']).toEqual([]);
  });

  it.each(INSIDERS)('%s (in scope, or the center): every path returns the project', (who) => {
    const s = seen[who]!;
    for (const path of SINGLE_READS) expect(refused(s[path]), `${who} ${path} ${JSON.stringify(s[path])}`).toBe(false);
    expect((s['project.list'] as { id: number }[]).map((p) => p.id), who).toContain(project.id);
    expect((s['notice.forProject'] as unknown[]).length, who).toBeGreaterThan(0);
    expect((s['registration.forProject'] as unknown[]).length, who).toBe(BIDDERS.length);
    expect((s['deposit.list(all)'] as { projectId: number }[]).some((d) => d.projectId === project.id), who).toBe(true);
    expect((s['opening.get'] as { bids: unknown[] }).bids, who).toHaveLength(3);
    expect((s['audit.list(project)'] as { events: unknown[] }).events.length, who).toBeGreaterThan(0);
    expect((s['audit.list(all)'] as { events: { chain: string }[] }).events.some((e) => e.chain === chain), who).toBe(true);
    expect((s['audit.verify(chain)'] as { ok: boolean }).ok, who).toBe(true);
    expect((s['audit.choices(project)'] as { value: number }[]).map((c) => c.value), who).toEqual([project.id]);
    const csv = s['GET audit/export.csv(project)'] as { status: number; body: string };
    expect(csv.status, who).toBe(200);
    expect(csv.body.split('\r\n').filter(Boolean).length, who).toBeGreaterThan(1);
    expect(s['live opening topic'], who).toBe(true);
  });

  it('a supervisor\'s audit list holds its projects\' chains and, of the platform chain, only its own acts; staff see the whole platform chain', async () => {
    for (const who of ['supervisor', 'supprovince', 'supervisor2'] as const) {
      const [me] = await deps.db.select({ id: users.id }).from(users).where(eq(users.username, who));
      const events = (seen[who]!['audit.list(all)'] as { events: { chain: string; actorUserId: number | null; action: string }[] }).events;
      for (const e of events) if (e.chain === 'platform') expect(e.actorUserId, `${who} ${e.action}`).toBe(me!.id);
      if (who !== 'supervisor2') expect(events.some((e) => e.chain !== 'platform'), who).toBe(true);
      expect(events.some((e) => e.chain === 'platform' && e.action === 'auth.login'), who).toBe(true);
    }
    expect((seen.staff!['audit.list(all)'] as { events: { chain: string }[] }).events.some((e) => e.chain === 'platform')).toBe(true);
  });

  it('scopes are the center\'s: a supervisor cannot set them; a bad region code or an industry outside engineering is a typed VALIDATION and changes nothing', async () => {
    const staff = await as('staff');
    const [u] = await deps.db.select({ id: users.id }).from(users).where(eq(users.username, 'suptrade'));
    const before = await staff.user.scopes({ userId: u!.id });
    const sup = await as('supervisor');
    expect(await read(sup.user.setScopes({ userId: u!.id, scopes: [] }))).toMatchObject({ refused: 'FORBIDDEN' });
    expect(await read(staff.user.setScopes({ userId: u!.id, scopes: [{ regionCode: '3301', tradeType: 'procurement', industry: null }] }))).toMatchObject({ refused: 'VALIDATION', reason: 'REGION_CODE' });
    expect(await read(staff.user.setScopes({ userId: u!.id, scopes: [{ regionCode: '330100', tradeType: 'procurement', industry: 'water' }] }))).toMatchObject({ refused: 'VALIDATION', reason: 'INDUSTRY_NOT_APPLICABLE' });
    expect(await read(staff.user.setScopes({ userId: u!.id, scopes: [{ regionCode: '330100', tradeType: 'engineering', industry: 'mining' }] }))).toMatchObject({ refused: 'VALIDATION', reason: 'INDUSTRY_UNKNOWN' });
    const [t] = await deps.db.select({ id: users.id }).from(users).where(eq(users.username, 'tenderee'));
    expect(await read(staff.user.setScopes({ userId: t!.id, scopes: [] }))).toMatchObject({ refused: 'VALIDATION', reason: 'NOT_SUPERVISOR' });
    expect(await staff.user.scopes({ userId: u!.id })).toEqual(before);
    // A supervisor reads its own scopes, not another's.
    const [me] = await deps.db.select({ id: users.id }).from(users).where(eq(users.username, 'supervisor'));
    expect(await sup.user.scopes({ userId: me!.id })).toEqual(['engineering', 'procurement', 'land', 'property'].map((tradeType) => ({ regionCode: '330100', tradeType, industry: null })));
    expect(await read(sup.user.scopes({ userId: u!.id }))).toMatchObject({ refused: 'NOT_FOUND' });
  });

  it('the project\'s alerts go to the supervisors whose scope covers it (supervisorUserIdsFor), active ones only', async () => {
    const ids = async (names: string[]) =>
      (await deps.db.select({ id: users.id }).from(users).where(inArray(users.username, names))).map((u) => u.id).sort((a, b) => a - b);
    const [row] = await deps.db.select().from(projects).where(eq(projects.id, project.id));
    expect(await supervisorUserIdsFor(deps.db, row!)).toEqual(await ids(['supervisor', 'supprovince']));
    // a project of another city of the province: that city's supervisor and the province's, not this city's
    expect(await supervisorUserIdsFor(deps.db, { ...row!, regionCode: '330205' })).toEqual(await ids(['supervisor2', 'supprovince']));
    // another province: nobody of these
    expect(await supervisorUserIdsFor(deps.db, { ...row!, regionCode: '320505' })).toEqual([]);
    // a procurement project of the city: the city's supervisor and the procurement one
    expect(await supervisorUserIdsFor(deps.db, { ...row!, tradeType: 'procurement', industry: null })).toEqual(await ids(['supervisor', 'suptrade']));
    // a water project: the industry's supervisor too, not the province's housing supervisor
    expect(await supervisorUserIdsFor(deps.db, { ...row!, industry: 'water' })).toEqual(await ids(['supervisor', 'supindustry']));
  });

  it('a changed scope applies at the next request, and the change is audited', async () => {
    const staff = await as('staff');
    const [u] = await deps.db.select({ id: users.id }).from(users).where(eq(users.username, 'supindustry'));
    await staff.user.setScopes({ userId: u!.id, scopes: [{ regionCode: '330100', tradeType: 'engineering', industry: 'housing' }] });
    expect(await (await as('supindustry')).project.get({ projectId: project.id })).toMatchObject({ id: project.id });
    const log = await staff.audit.list({ action: 'supervisor.set_scopes', limit: 10 });
    expect(log.events[0]).toMatchObject({ action: 'supervisor.set_scopes', subjectType: 'user', subjectId: String(u!.id) });
    expect(log.events[0]!.payload).toMatchObject({ before: [{ regionCode: '330100', tradeType: 'engineering', industry: 'water' }], scopes: [{ regionCode: '330100', tradeType: 'engineering', industry: 'housing' }] });
  });
});

describe('prequalification: applicants from the application deadline, securities still secret until the bid deadline', () => {
  const pq = PREQUALIFICATION_SCHEDULE;
  let pid: number;
  let code: string;
  let pchain: `project:${number}`;

  beforeAll(async () => {
    deps.clock.set(START);
    const t = await as('tenderee');
    const p = await t.project.create({ tradeType: 'engineering', method: 'open', prequalification: true, name: '示范市保密测试预审工程', budgetFen: 500_000_000, sections: [{ name: '第一标段', ceilingFen: 450_000_000, securityFen: 5_000_000 }] });
    await t.project.saveSchedule({ projectId: p.id, schedule: pq, expectedVersion: p.version });
    await t.qualification.setCriteria({ projectId: p.id, criteria: [{ code: 'Q1', category: 'licence', title: '施工资质', requirement: '二级及以上', evidenceRequired: false }] });
    await addDocumentAs(testApp, 'tenderee', p.id, 'prequalification');
    const n = await t.notice.draft({ projectId: p.id, kind: 'prequalification', title: '示范市保密测试预审工程资格预审公告', body: '一、招标条件\n\n本项目采用资格预审。' });
    await t.notice.submit({ noticeId: n.id });
    await (await as('staff')).notice.publish({ noticeId: n.id });
    const proj = await t.project.get({ projectId: p.id });
    pid = proj.id;
    code = proj.unifiedDealCode;
    pchain = `project:${pid}`;
    deps.clock.set(new Date('2026-03-02T02:00:00Z'));
    for (const b of ['bidder1', 'bidder2']) await (await as(b)).registration.register({ sectionId: proj.sections[0]!.id });
    const staff = await as('staff');
    const d = await staff.deposit.lookup({ projectCode: code, sectionCode: proj.sections[0]!.code, company: company.bidder1!.name });
    await staff.deposit.record({ depositId: d.id, amountFen: 5_000_000, form: 'guarantee', payerName: company.bidder1!.name, reference: 'SECRECY-PQ-0001', guaranteeIssuer: '示范银行示范市分行', guaranteeVerification: '银行函证', receivedAt: '2026-03-02T01:00:00.000Z' });
  }, 60_000);

  it('before the application deadline: nobody sees the applicants; their audit entries are masked', async () => {
    for (const u of ['staff', 'supervisor', 'admin', 'tenderee']) {
      const c = await as(u);
      expect(await read(c.qualification.applicants({ projectId: pid })), u).toMatchObject({ refused: 'INVALID_STATE', reason: 'SECRET_UNTIL_DEADLINE' });
      expect(await read(c.registration.forProject({ projectId: pid })), u).toMatchObject({ refused: 'INVALID_STATE', reason: 'SECRET_UNTIL_DEADLINE' });
    }
    const list = await (await as('supervisor')).audit.list({ chain: pchain, limit: 200 });
    expect(list.events.map((e) => e.action)).not.toContain('registration.apply');
    expect(list.events.filter((e) => e.masked).length).toBeGreaterThanOrEqual(3); // two applications, one security
  });

  it('after it: the center and the supervisor see the applicants and the audit entries of the applications; securities stay secret; the owner side waits for the review', async () => {
    deps.clock.set(new Date('2026-03-13T02:00:00Z'));
    expect(await runJob('project.timer', { projectId: pid, event: 'start_prequalification' })).toMatchObject({ status: 'PREQUALIFICATION' });
    const names = [company.bidder1!.name, company.bidder2!.name].sort();
    for (const u of ['staff', 'supervisor', 'admin']) {
      const review = await (await as(u)).qualification.applicants({ projectId: pid });
      expect(review.applicants.map((a) => a.companyName).sort(), u).toEqual(names);
    }
    expect((await (await as('staff')).qualification.reviewQueue()).find((q) => q.projectId === pid)?.applicantCount).toBe(2);
    expect(await read((await as('tenderee')).qualification.applicants({ projectId: pid }))).toMatchObject({ refused: 'FORBIDDEN', reason: 'REVIEW_NOT_COMPLETE' });
    const regs = await (await as('tenderee')).registration.forProject({ projectId: pid });
    expect(regs.map((r) => r.bidderName).sort()).toEqual(names);
    expect(regs.every((r) => r.deposit === null && r.depositSecret)).toBe(true);
    expect(await read((await as('staff')).deposit.list({ projectId: pid }))).toMatchObject({ refused: 'INVALID_STATE', reason: 'SECRET_UNTIL_DEADLINE' });
    const list = await (await as('supervisor')).audit.list({ chain: pchain, limit: 200 });
    expect(list.events.filter((e) => e.action === 'registration.apply').map((e) => e.actorOrgId).sort()).toEqual([company.bidder1!.id, company.bidder2!.id].sort());
    expect(list.events.map((e) => e.action)).not.toContain('deposit.record');
    expect(JSON.stringify(list)).not.toContain('SECRECY-PQ-0001');
  });
});

describe('the 资格预审结果公告 (issue 18 §3): published, and it names and counts no applicant for any reader (ZTB §22)', () => {
  let pid: number;
  let noticeId: number;

  beforeAll(async () => {
    deps.clock.set(START);
    const t = await as('tenderee');
    const p = await t.project.create({ tradeType: 'engineering', method: 'open', prequalification: true, name: '示范市保密测试预审结果工程', budgetFen: 500_000_000, sections: [{ name: '第一标段', ceilingFen: 450_000_000, securityFen: 5_000_000 }] });
    await t.project.saveSchedule({ projectId: p.id, schedule: PREQUALIFICATION_SCHEDULE, expectedVersion: p.version });
    const [criterion] = await t.qualification.setCriteria({ projectId: p.id, criteria: [{ code: 'Q1', category: 'licence', title: '施工资质', requirement: '二级及以上', evidenceRequired: false }] });
    await addDocumentAs(testApp, 'tenderee', p.id, 'prequalification');
    const n = await t.notice.draft({ projectId: p.id, kind: 'prequalification', title: '示范市保密测试预审结果工程资格预审公告', body: '一、招标条件\n\n本项目采用资格预审。' });
    await t.notice.submit({ noticeId: n.id });
    await (await as('staff')).notice.publish({ noticeId: n.id });
    pid = p.id;
    const proj = await t.project.get({ projectId: pid });
    deps.clock.set(new Date('2026-03-02T02:00:00Z'));
    const regs: number[] = [];
    for (const b of BIDDERS) {
      const c = await as(b);
      const reg = await c.registration.register({ sectionId: proj.sections[0]!.id });
      await c.qualification.answer({ registrationId: reg.id, criterionId: criterion!.id, statement: `${b} 具备二级资质。`, evidenceUploadIds: [] });
      regs.push(reg.id);
    }
    deps.clock.set(new Date('2026-03-13T02:00:00Z'));
    expect(await runJob('project.timer', { projectId: pid, event: 'start_prequalification' })).toMatchObject({ status: 'PREQUALIFICATION' });
    const staff = await as('staff');
    for (const r of regs) await staff.qualification.decide({ registrationId: r, criterionId: criterion!.id, pass: true, reason: '符合资格预审文件要求' });
    const done = await staff.qualification.completeReview({ projectId: pid });
    expect(done.status).toBe('BIDDING');
    noticeId = done.resultNoticeId!;
  }, 120_000);

  it.each(ROLES)('%s: the notice on every notice read path and its PDF, with no applicant name, credit code or count', async (who) => {
    const c = await caller(who);
    const paths: Record<string, unknown> = {
      'portal.notices': await read(c.portal.notices({ q: '示范市保密测试预审结果工程', limit: 50 })),
      'portal.notice': await read(c.portal.notice({ noticeId })),
      'portal.changes': await read(c.portal.changes({ after: 0, limit: 1000 })),
      'notice.forProject': await read(c.notice.forProject({ projectId: pid })),
    };
    expect((paths['portal.notices'] as { items: { id: number; kind: string }[] }).items.find((i) => i.id === noticeId)?.kind, who).toBe('prequalification_result');
    expect(paths['portal.notice'], who).toMatchObject({ kind: 'prequalification_result' });
    const res = await fetch(`${base}/portal/notices/${noticeId}.pdf`, { headers: await cookieOf(who) });
    expect(res.status, who).toBe(200);
    const file = path.join(tmpDir, `prequal-result-${who}.pdf`);
    fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    paths.pdf = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(paths.pdf as string).toContain('资格预审结果公告');
    for (const b of BIDDERS) {
      for (const s of [company[b]!.name, company[b]!.creditCode]) {
        for (const [k, v] of Object.entries(paths)) expect(JSON.stringify(v).includes(s), `${who} ${k} shows ${s}`).toBe(false);
      }
    }
    for (const k of ['portal.notice', 'pdf']) expect(/\d+\s*(家|个|名)/.test(JSON.stringify(paths[k])), `${who} ${k} counts`).toBe(false);
  });
});

describe('land and property applicants under review (issue 18 §4): the center\'s reviewers only, until the sale', () => {
  let pid: number;
  let lchain: `project:${number}`;

  beforeAll(async () => {
    deps.clock.set(START);
    const t = await as('tenderee');
    const p = await t.project.create({ tradeType: 'land', method: 'listing', name: '示范市保密测试地块挂牌出让', sections: [{ ...TEST_LAND_PLOT }] });
    await t.project.saveSchedule({ projectId: p.id, schedule: LAND_LISTING_SCHEDULE, expectedVersion: p.version });
    await addDocumentAs(testApp, 'tenderee', p.id, 'tender');
    const n = await t.notice.draft({ projectId: p.id, kind: 'land_sale', title: '示范市保密测试地块挂牌出让公告', body: '经批准，以挂牌方式出让一幅地块的国有建设用地使用权。' });
    await t.notice.submit({ noticeId: n.id });
    await (await as('staff')).notice.publish({ noticeId: n.id });
    pid = p.id;
    lchain = `project:${pid}`;
    deps.clock.set(new Date('2026-03-02T02:00:00Z'));
    const regs: number[] = [];
    for (const b of ['bidder1', 'bidder2']) regs.push((await (await as(b)).registration.register({ sectionId: p.sections[0]!.id })).id);
    await (await as('staff')).registration.review({ registrationId: regs[0]!, decision: 'disqualified', note: '竞买申请材料不全' });
  }, 60_000);

  it('before the listing end: only staff list the applicants; every other reader gets nothing, not even a count', async () => {
    const names = [company.bidder1!.name, company.bidder2!.name];
    const staffList = await (await as('staff')).registration.saleApplicants({ projectId: pid });
    expect(staffList.map((r) => r.bidderName).sort()).toEqual([...names].sort());
    for (const who of ROLES.filter((r) => r !== 'staff')) {
      const c = await caller(who);
      const paths: Record<string, unknown> = {
        saleApplicants: await read(c.registration.saleApplicants({ projectId: pid })),
        saleReviewQueue: await read(c.registration.saleReviewQueue()),
        forProject: await read(c.registration.forProject({ projectId: pid })),
        audit: await read(c.audit.list({ chain: lchain, limit: 200 })),
        notifications: await read(c.notification.list({ limit: 200 })),
        project: await read(c.project.get({ projectId: pid })),
        portal: await read(c.portal.changes({ after: 0, limit: 1000 })),
      };
      expect(refused(paths.saleApplicants), who).toBe(true);
      expect(refused(paths.saleReviewQueue), who).toBe(true);
      expect(refused(paths.forProject), who).toBe(true);
      const own = who === 'bidder1' ? company.bidder1!.name : who === 'bidder2' ? company.bidder2!.name : null;
      for (const name of names.filter((x) => x !== own)) {
        for (const [k, v] of Object.entries(paths)) expect(JSON.stringify(v).includes(name), `${who} ${k} shows ${name}`).toBe(false);
      }
    }
  });

  it('the review is audited, its entry masked for every reader until the listing end; the applicant alone is told', async () => {
    for (const who of ['staff', 'supervisor', 'admin'] as const) {
      const list = await (await as(who)).audit.list({ chain: lchain, limit: 200 });
      expect(list.events.map((e) => e.action), who).not.toContain('registration.review');
      expect(list.events.filter((e) => e.masked).length, who).toBeGreaterThanOrEqual(3); // two applications, one review
    }
    const told = await (await as('bidder1')).notification.list({ limit: 200 });
    expect(told.items.filter((n) => n.kind === 'registration.review').map((n) => n.titleZh)).toEqual(['竞买申请未通过审核']);
    const other = await (await as('bidder2')).notification.list({ limit: 200 });
    expect(other.items.some((n) => n.kind === 'registration.review')).toBe(false);
    deps.clock.set(new Date(new Date(LAND_LISTING_SCHEDULE.listingEnd).getTime() + 1));
    const after = await (await as('supervisor')).audit.list({ chain: lchain, limit: 200 });
    expect(after.events.filter((e) => e.action === 'registration.review').map((e) => e.payload)).toEqual([expect.objectContaining({ decision: 'disqualified', bidderOrgId: company.bidder1!.id })]);
  });
});
