/**
 * Who may be drawn for a section (issue 21 §2; domain §3, E3) on real PostgreSQL with the demo pool: each
 * avoidance reason with a positive and a negative case, through the pool's own services (ties declared,
 * availability and sanctions set, all audited). Bid rows are inserted directly — the bid services make
 * them in production and are tested there; here only "which companies bid for the section" matters.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import { auditEvents, bids, projects, registrations, users } from '@ebid/db';
import { AppError } from '@ebid/domain';
import { contextAs, draftProject, orgOf, useDemoTestDeps, type TestDeps } from '@ebid/testing';
import { eligibleExperts } from './eligibility.ts';
import { sanctionExpert, setExpertAvailability, unsanctionExpert, updateExpertProfile } from './pool.ts';
import { declareTie } from './ties.ts';

let deps: TestDeps;
// 16:00 北京时间, Monday 7 December 2026.
const NOW = new Date('2026-12-07T08:00:00Z');
useDemoTestDeps((d) => (deps = d), { clockStart: NOW });

let projectId: number;
let sectionId: number;
let otherSectionId: number;
const codes: Record<string, string> = {};
const ids: Record<string, number> = {};

async function bidFor(projectIdArg: number, section: number, username: string) {
  const o = await orgOf(deps, username);
  const [r] = await deps.db.insert(registrations).values({ projectId: projectIdArg, sectionId: section, bidderOrgId: o.orgId, userId: o.userId, appliedAt: NOW }).returning();
  await deps.db.insert(bids).values({
    projectId: projectIdArg,
    sectionId: section,
    bidderOrgId: o.orgId,
    registrationId: r!.id,
    version: 1,
    submittedBy: o.userId,
    signerCertSerial: 'test',
    receivedAt: NOW,
    receiptJson: '{}',
    receiptCms: '',
  });
}

const housing = () => eligibleExperts(deps.db, { projectId, sectionId, specialty: 'housing', at: deps.clock.now() });
const excludedReasons = async (username: string) => (await housing()).excluded.find((e) => e.userId === ids[username])?.reasons ?? [];
const isEligible = async (username: string) => (await housing()).eligible.some((e) => e.userId === ids[username]);

beforeAll(async () => {
  deps.clock.set(NOW);
  const p = await draftProject(deps, { sections: [{ name: '第一标段', ceilingFen: 800_000_000, securityFen: 16_000_000 }, { name: '第二标段', ceilingFen: 500_000_000, securityFen: 10_000_000 }] });
  projectId = p.id;
  sectionId = p.sections[0]!.id;
  otherSectionId = p.sections[1]!.id;
  for (const u of ['tenderee', 'agent', 'bidder1', 'bidder2', 'bidder5', 'supervisor', 'supervisor2']) codes[u] = (await orgOf(deps, u)).creditCode;
  await deps.db.update(projects).set({ agentOrgId: (await orgOf(deps, 'agent')).orgId }).where(eq(projects.id, projectId));
  await bidFor(projectId, sectionId, 'bidder2');
  await bidFor(projectId, otherSectionId, 'bidder5'); // another section's bidder: no party of section 1
  const rows = await deps.db.select({ id: users.id, username: users.username }).from(users).where(inArray(users.username, ['expert01', 'expert06', 'expert09', 'expert14', 'expert17', 'expert21', 'expert22', 'expert23', 'expert27']));
  for (const r of rows) ids[r.username] = r.id;
});

describe('eligibleExperts (E3)', () => {
  it('the housing experts of the demo pool: the unavailable one excluded, the rest eligible, sorted by pseudonym', async () => {
    const r = await housing();
    expect(r.eligible.length + r.excluded.length).toBe(9);
    expect(r.excluded.map((e) => e.userId)).toEqual([ids.expert06]);
    expect(r.excluded[0]!.reasons).toEqual(['UNAVAILABLE']);
    const order = r.eligible.map((e) => e.pseudonym);
    expect(order).toEqual([...order].sort());
    for (const e of r.eligible) expect(e.pseudonym).toMatch(/^EXP-[0-9A-F]{8}$/);
  });

  it('an unknown specialty is a VALIDATION; a section of another project NOT_FOUND', async () => {
    await expect(eligibleExperts(deps.db, { projectId, sectionId, specialty: '房屋建筑', at: NOW })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(eligibleExperts(deps.db, { projectId: projectId + 1000, sectionId, specialty: 'housing', at: NOW })).rejects.toBeInstanceOf(AppError);
  });

  it('TIE_BIDDER: a tie to a company that bid for the section excludes; to another section’s bidder, or a bidder’s tie ended > 3 years ago, does not', async () => {
    const staff = await contextAs(deps, 'staff');
    expect(await isEligible('expert01')).toBe(true); // its demo tie is to bidder1 (b1), who did not bid here
    await declareTie(deps, staff, { userId: ids.expert01!, orgCreditCode: codes.bidder5!, orgName: '西湖医疗设备有限公司', kind: 'employment' });
    expect(await isEligible('expert01')).toBe(true);
    await declareTie(deps, staff, { userId: ids.expert09!, orgCreditCode: codes.bidder2!, orgName: '江南路桥建设有限公司', kind: 'board', startedOn: '2015-01-01', endedOn: '2023-12-06' });
    expect(await isEligible('expert09')).toBe(true); // ended 3 years and a day before 2026-12-07
    await declareTie(deps, staff, { userId: ids.expert09!, orgCreditCode: codes.bidder2!, orgName: '江南路桥建设有限公司', kind: 'control', startedOn: '2016-01-01', endedOn: '2023-12-07' });
    expect(await excludedReasons('expert09')).toEqual(['TIE_BIDDER']); // ended exactly 3 years before: still counts
    const detail = (await housing()).excluded.find((e) => e.userId === ids.expert09)!.details;
    expect(detail).toEqual([{ reason: 'TIE_BIDDER', orgCreditCode: codes.bidder2, orgName: '江南路桥建设有限公司', via: 'control' }]);
  });

  it('TIE_TENDEREE and TIE_AGENT: declared by the expert itself', async () => {
    expect(await isEligible('expert14')).toBe(true);
    await declareTie(deps, await contextAs(deps, 'expert14'), { orgCreditCode: codes.tenderee!, orgName: '示范市城市建设投资集团有限公司', kind: 'relative_employer' });
    expect(await excludedReasons('expert14')).toEqual(['TIE_TENDEREE']);
    expect(await isEligible('expert17')).toBe(true);
    await declareTie(deps, await contextAs(deps, 'expert17'), { orgCreditCode: codes.agent!, orgName: '示范招标代理有限公司', kind: 'employment', startedOn: '2020-01-01' });
    expect(await excludedReasons('expert17')).toEqual(['TIE_AGENT']);
  });

  it('TIE_SUPERVISOR: the employer is the department supervising the project; another region’s department is not', async () => {
    const staff = await contextAs(deps, 'staff');
    await updateExpertProfile(deps, staff, { userId: ids.expert21!, employerCreditCode: codes.supervisor2!, employer: '邻市发展和改革委员会' });
    expect(await isEligible('expert21')).toBe(true);
    await updateExpertProfile(deps, staff, { userId: ids.expert21!, employerCreditCode: codes.supervisor!, employer: '示范市发展和改革委员会' });
    expect(await excludedReasons('expert21')).toEqual(['TIE_SUPERVISOR']);
  });

  it('the employer on the profile counts as a lasting tie (a bidder)', async () => {
    const staff = await contextAs(deps, 'staff');
    await updateExpertProfile(deps, staff, { userId: ids.expert27!, employerCreditCode: codes.bidder2!, employer: '江南路桥建设有限公司' });
    expect(await excludedReasons('expert27')).toEqual(['TIE_BIDDER']);
  });

  it('SANCTIONED: while the sanction lasts; at its end and after lifting it, eligible again', async () => {
    const staff = await contextAs(deps, 'staff');
    const until = new Date(NOW.getTime() + 3_600_000);
    await sanctionExpert(deps, staff, { userId: ids.expert22!, until: until.toISOString(), reason: '评标中违规，暂停评标资格' });
    expect(await excludedReasons('expert22')).toEqual(['SANCTIONED']);
    expect((await eligibleExperts(deps.db, { projectId, sectionId, specialty: 'housing', at: until })).eligible.some((e) => e.userId === ids.expert22)).toBe(true);
    await unsanctionExpert(deps, staff, { userId: ids.expert22!, reason: '复核后撤销处理' });
    expect(await isEligible('expert22')).toBe(true);
  });

  it('UNAVAILABLE: set by staff excludes; set available again, eligible', async () => {
    const staff = await contextAs(deps, 'staff');
    await setExpertAvailability(deps, staff, { userId: ids.expert23!, available: false, reason: '住院治疗' });
    expect(await excludedReasons('expert23')).toEqual(['UNAVAILABLE']);
    await setExpertAvailability(deps, staff, { userId: ids.expert23!, available: true });
    expect(await isEligible('expert23')).toBe(true);
  });

  it('every change above was audited', async () => {
    const acts = (await deps.db.select({ action: auditEvents.action }).from(auditEvents)).map((a) => a.action);
    for (const a of ['expert.tie_declare', 'expert.profile_update', 'expert.sanction', 'expert.unsanction', 'expert.availability_set']) expect(acts).toContain(a);
  });
});
