/**
 * The expert pool through the API (issue 21 §1; domain §3): the center maintains it, supervisors read it,
 * an expert keeps its own profile and ties and never sees the pool or another expert; bidders and the owner
 * side get nothing. Bad input is a typed error and changes nothing; every change is audited.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { and, eq } from 'drizzle-orm';
import { auditEvents, committeeCandidates, committees, expertProfiles, users } from '@ebid/db';
import { AppError } from '@ebid/domain';
import { wireAppError } from '@ebid/api/test-client';
import { callerAs, draftProject, orgOf, useDemoTestDeps, type TestDeps } from '@ebid/testing';

let deps: TestDeps;
const NOW = new Date('2026-12-07T08:00:00Z');
useDemoTestDeps((d) => (deps = d), { clockStart: NOW });

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof TRPCError) return wireAppError(e).code;
    if (e instanceof AppError) return e.code;
    throw e;
  }
  return 'none';
}

const idOf = async (username: string) => (await orgOf(deps, username)).userId;
const profileOf = async (userId: number) => (await deps.db.select().from(expertProfiles).where(eq(expertProfiles.userId, userId)))[0]!;

beforeAll(() => deps.clock.set(NOW));

describe('expert pool: who sees what', () => {
  it('staff list the pool, paged, searched, filtered by specialty and state', async () => {
    const staff = await callerAs(deps, 'staff');
    const all = await staff.expert.list({ limit: 10 });
    expect(all.total).toBe(34);
    expect(all.items).toHaveLength(10);
    const page4 = await staff.expert.list({ offset: 30, limit: 10 });
    expect(page4.items).toHaveLength(4);
    expect((await staff.expert.list({ q: '孙立平' })).items.map((e) => e.username)).toEqual(['expert01']);
    const electrical = await staff.expert.list({ specialty: 'electrical', limit: 100 });
    expect(electrical.total).toBe(5);
    expect(electrical.items.every((e) => e.specialties.includes('electrical'))).toBe(true);
    expect((await staff.expert.list({ state: 'sanctioned' })).items.map((e) => e.username)).toEqual(['expert05']);
    expect((await staff.expert.list({ state: 'unavailable' })).items.map((e) => e.username)).toEqual(['expert06']);
    expect((await staff.expert.list({ state: 'available', limit: 100 })).total).toBe(32);
  });

  it('every specialty code has at least 5 experts in the demo pool; the demo ties are there', async () => {
    const staff = await callerAs(deps, 'staff');
    for (const s of ['housing', 'municipal', 'highway', 'water', 'electrical', 'it', 'medical', 'cost', 'legal', 'landscape'] as const) {
      expect((await staff.expert.list({ specialty: s })).total, s).toBeGreaterThanOrEqual(5);
    }
    const e1 = await staff.expert.get({ userId: await idOf('expert01') });
    expect(e1.ties).toMatchObject([{ kind: 'employment', orgCreditCode: (await orgOf(deps, 'bidder1')).creditCode, counts: true }]);
    const e3 = await staff.expert.get({ userId: await idOf('expert03') });
    expect(e3.ties).toMatchObject([{ kind: 'relative_employer', counts: false }]);
  });

  it('a supervisor reads the pool but changes nothing', async () => {
    const sup = await callerAs(deps, 'supervisor');
    expect((await sup.expert.list({})).total).toBe(34);
    expect((await sup.expert.get({ userId: await idOf('expert02') })).ties).toHaveLength(1);
    expect(await refusal(sup.expert.updateProfile({ userId: await idOf('expert02'), title: '教授' }))).toBe('FORBIDDEN');
    expect(await refusal(sup.expert.sanction({ userId: await idOf('expert02'), until: '2027-06-01T00:00:00+08:00', reason: '违规评标' }))).toBe('FORBIDDEN');
  });

  it('an expert sees itself only: the pool is FORBIDDEN, another expert NOT_FOUND', async () => {
    const me = await callerAs(deps, 'expert07');
    const mine = await me.expert.mine();
    expect(mine.profile.username).toBe('expert07');
    expect((await me.expert.get({ userId: mine.profile.userId })).profile.pseudonym).toBe(mine.profile.pseudonym);
    expect(await refusal(me.expert.list({}))).toBe('FORBIDDEN');
    expect(await refusal(me.expert.get({ userId: await idOf('expert08') }))).toBe('NOT_FOUND');
    expect(await refusal(me.expert.sanction({ userId: mine.profile.userId, until: '2027-06-01T00:00:00+08:00', reason: '自己处理自己' }))).toBe('FORBIDDEN');
    expect(await refusal(me.expert.updateProfile({ userId: mine.profile.userId, specialties: ['legal'] }))).toBe('FORBIDDEN');
  });

  it.each(['bidder1', 'tenderee', 'agent'])('%s: nothing of the pool', async (username) => {
    const c = await callerAs(deps, username);
    const someone = await idOf('expert01');
    expect(await refusal(c.expert.list({}))).toBe('FORBIDDEN');
    expect(await refusal(c.expert.get({ userId: someone }))).toBe('FORBIDDEN');
    expect(await refusal(c.expert.mine())).toBe('FORBIDDEN');
    expect(await refusal(c.expert.declareTie({ userId: someone, orgCreditCode: (await orgOf(deps, 'bidder2')).creditCode, orgName: '江南路桥建设有限公司', kind: 'employment' }))).toBe('FORBIDDEN');
  });
});

describe('expert pool: changes and bad input', () => {
  it('an expert edits its own profile and availability, audited; a bad credit code or region changes nothing', async () => {
    const me = await callerAs(deps, 'expert10');
    const id = await idOf('expert10');
    const before = await profileOf(id);
    const out = await me.expert.updateMine({ title: '教授级高级工程师', yearsInField: 21 });
    expect(out.profile).toMatchObject({ title: '教授级高级工程师', yearsInField: 21, pseudonym: before.pseudonym });
    expect(await refusal(me.expert.updateMine({ title: '不应保存', employerCreditCode: '91330100MA00000040' }))).toBe('VALIDATION');
    expect(await refusal(me.expert.updateMine({ title: '不应保存', regionCode: '12345' }))).toBe('VALIDATION');
    expect((await profileOf(id)).title).toBe('教授级高级工程师');
    expect(await refusal(me.expert.setMyAvailability({ available: false }))).toBe('VALIDATION');
    expect((await me.expert.setMyAvailability({ available: false, reason: '出差三个月' })).available).toBe(false);
    expect((await me.expert.setMyAvailability({ available: true })).unavailableReason).toBeNull();
    const acts = await deps.db.select({ action: auditEvents.action, actor: auditEvents.actorUserId }).from(auditEvents).where(and(eq(auditEvents.subjectType, 'expert'), eq(auditEvents.subjectId, String(id))));
    expect(acts.map((a) => a.action)).toEqual(['expert.profile_create', 'expert.profile_update', 'expert.availability_set', 'expert.availability_set']);
    expect(acts.slice(1).every((a) => a.actor === id)).toBe(true);
  });

  it('staff sanction (future end only) and lift it; lifting twice is INVALID_STATE', async () => {
    const staff = await callerAs(deps, 'staff');
    const id = await idOf('expert11');
    expect(await refusal(staff.expert.sanction({ userId: id, until: '2026-12-07T15:00:00+08:00', reason: '违规评标' }))).toBe('VALIDATION');
    expect((await profileOf(id)).sanctionedUntil).toBeNull();
    const s = await staff.expert.sanction({ userId: id, until: '2027-06-07T00:00:00+08:00', reason: '违规评标，暂停半年' });
    expect(s).toMatchObject({ sanctioned: true, sanctionReason: '违规评标，暂停半年' });
    expect((await staff.expert.unsanction({ userId: id, reason: '申诉成立' })).sanctioned).toBe(false);
    expect(await refusal(staff.expert.unsanction({ userId: id, reason: '申诉成立' }))).toBe('INVALID_STATE');
  });

  it('ties: invalid credit code, future or inverted dates are refused; an expert ends only its own, once', async () => {
    const me = await callerAs(deps, 'expert12');
    const b2 = (await orgOf(deps, 'bidder2')).creditCode;
    const bad = b2.slice(0, 17) + (b2.endsWith('0') ? '1' : '0');
    expect(await refusal(me.expert.declareTie({ orgCreditCode: bad, orgName: '江南路桥建设有限公司', kind: 'employment' }))).toBe('VALIDATION');
    expect(await refusal(me.expert.declareTie({ orgCreditCode: b2, orgName: '江南路桥建设有限公司', kind: 'employment', startedOn: '2027-01-01' }))).toBe('VALIDATION');
    expect(await refusal(me.expert.declareTie({ orgCreditCode: b2, orgName: '江南路桥建设有限公司', kind: 'employment', startedOn: '2022-01-01', endedOn: '2021-01-01' }))).toBe('VALIDATION');
    expect(await refusal(me.expert.declareTie({ userId: await idOf('expert13'), orgCreditCode: b2, orgName: '江南路桥建设有限公司', kind: 'employment' }))).toBe('NOT_FOUND');
    const tie = await me.expert.declareTie({ orgCreditCode: b2, orgName: '江南路桥建设有限公司', kind: 'employment', startedOn: '2018-03-01' });
    expect(tie).toMatchObject({ endedOn: null, counts: true, declaredBy: await idOf('expert12') });
    expect(await refusal((await callerAs(deps, 'expert13')).expert.endTie({ tieId: tie.id, endedOn: '2026-11-30' }))).toBe('NOT_FOUND');
    expect(await refusal(me.expert.endTie({ tieId: tie.id, endedOn: '2017-01-01' }))).toBe('VALIDATION');
    expect(await me.expert.endTie({ tieId: tie.id, endedOn: '2026-11-30' })).toMatchObject({ endedOn: '2026-11-30', counts: true });
    expect(await refusal(me.expert.endTie({ tieId: tie.id, endedOn: '2026-12-01' }))).toBe('INVALID_STATE');
    expect((await me.expert.mine()).ties).toHaveLength(1);
  });

  it('availability and sanctions cannot change while the expert is on a committed draw list (issue 21 §3)', async () => {
    const staff = await callerAs(deps, 'staff');
    const id = await idOf('expert15');
    const p = await draftProject(deps);
    const [c] = await deps.db
      .insert(committees)
      .values({ projectId: p.id, sectionId: p.sections[0]!.id, status: 'committed', size: 5, ownerReps: 1, respondMinutes: 60, createdBy: await idOf('staff') })
      .returning();
    const { pseudonym } = await profileOf(id);
    await deps.db.insert(committeeCandidates).values({ committeeId: c!.id, specialty: 'water', position: 0, expertUserId: id, pseudonym });
    expect(await refusal(staff.expert.setAvailability({ userId: id, available: false, reason: '临时有事' }))).toBe('INVALID_STATE');
    expect(await refusal((await callerAs(deps, 'expert15')).expert.setMyAvailability({ available: false, reason: '临时有事' }))).toBe('INVALID_STATE');
    expect(await refusal(staff.expert.sanction({ userId: id, until: '2027-06-07T00:00:00+08:00', reason: '违规评标' }))).toBe('INVALID_STATE');
    expect(await profileOf(id)).toMatchObject({ available: true, sanctionedUntil: null });
    await deps.db.update(committees).set({ status: 'drawn' }).where(eq(committees.id, c!.id));
    expect((await staff.expert.setAvailability({ userId: id, available: false, reason: '临时有事' })).available).toBe(false);
  });

  it('a new expert account (user.create) joins the pool with a random pseudonym; specialty names are refused', async () => {
    const staff = await callerAs(deps, 'staff');
    const pool = (await deps.db.select({ orgId: users.orgId }).from(users).where(eq(users.username, 'expert01')))[0]!.orgId;
    expect(await refusal(staff.user.create({ orgId: pool, username: 'expert99', displayName: '新专家', password: 'Demo#2026-long', specialties: ['房屋建筑'] }))).toBe('VALIDATION');
    const u = await staff.user.create({ orgId: pool, username: 'expert99', displayName: '新专家', password: 'Demo#2026-long', specialties: ['housing', 'cost'] });
    const d = await staff.expert.get({ userId: u.id });
    expect(d.profile.pseudonym).toMatch(/^EXP-[0-9A-F]{8}$/);
    expect(d.profile.specialties).toEqual(['housing', 'cost']);
    expect(await refusal(staff.expert.createProfile({ userId: u.id, specialties: ['housing'] }))).toBe('CONFLICT');
    expect(await refusal(staff.expert.createProfile({ userId: await idOf('bidder1'), specialties: ['housing'] }))).toBe('VALIDATION');
    const upd = await staff.expert.updateProfile({ userId: u.id, specialties: ['legal'], employer: '示范律师事务所' });
    expect(upd.profile).toMatchObject({ specialties: ['legal'], employer: '示范律师事务所' });
  });
});
