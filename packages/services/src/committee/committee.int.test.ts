/**
 * The committee draw end to end on PostgreSQL (issue 21 §3–§6; domain E1, E2, E3, E4, O7): request after
 * the bid deadline only, composition refused, the eligible list frozen (a tied expert excluded, an
 * availability edit refused), witnesses (supervisor and staff) commit and reveal, the draw runs by itself,
 * members invited and backups brought in on a decline and a timeout, a late answer refused, the public
 * re-run matching and an altered input not, and no name reaching anyone but the center and the project's
 * supervisors before publication (procedures, the live topic, notifications, the audit log).
 */
import crypto from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq, inArray } from 'drizzle-orm';
import { committeeMembers, committees, expertProfiles, liveEvents, notifications, projects, users } from '@ebid/db';
import type { CommitteeVerification } from '@ebid/contracts';
import { appError } from '@ebid/api/test-client';
import { callerAs, contextAs, draftProject, useDemoTestDeps, type TestDeps } from '@ebid/testing';
import { commitToDraw, getDraw, revealToDraw, runDraw } from '../draws/service.ts';
import { drawCommitment } from '../draws/crypto.ts';
import { userParticipant } from '@ebid/domain';
import { SYSTEM_CONTEXT, type RequestContext } from '../context.ts';
import { mayFollowCommittee } from './access.ts';
import { committeeOfSection, committeeVerification, getCommittee, myInvitations, publishedCommittees } from './read.ts';
import { requestCommittee } from './request.ts';
import { setExpertAvailability } from '../experts/pool.ts';
import { confirmSeat, declineSeat, runCommitteeRespondTimeout } from './respond.ts';
import { publishCommittee } from './publish.ts';
import { verifyCommitteeDraw } from './verify.ts';

let deps: TestDeps;
const START = new Date('2026-12-07T02:00:00Z');
useDemoTestDeps((d) => (deps = d), { clockStart: START });

const MIN = 60_000;
let projectId: number;
let sectionId: number;
let committeeId: number;
let drawId: number;
const names = new Map<number, string>(); // expert user id → name
const usernameOf = new Map<number, string>();

async function errOf(p: Promise<unknown>): Promise<{ code: string; reason: unknown }> {
  const e = await appError(p);
  return { code: e.code, reason: e.details?.reason };
}

const ctx = (u: string): Promise<RequestContext> => contextAs(deps, u);
const at = (t: Date) => deps.clock.set(t);
const countCommittees = async () => Number((await deps.db.select({ n: count() }).from(committees).where(eq(committees.projectId, projectId)))[0]?.n ?? 0);

const REQUEST = {
  size: 5,
  ownerReps: 0,
  complex: false,
  specialties: [
    { specialty: 'housing', members: 3, backups: 1 },
    { specialty: 'municipal', members: 2, backups: 1 },
  ],
  respondMinutes: 60,
  sessionAt: '2026-12-09T01:30:00Z',
  sessionPlace: '示范市公共资源交易中心 第3评标室',
  commitMinutes: 10,
  revealMinutes: 5,
};

beforeAll(async () => {
  const p = await draftProject(deps, { name: '示范市专家抽取测试道路工程' });
  projectId = p.id;
  sectionId = p.sections[0]!.id;
  await deps.db.update(projects).set({ regionCode: '330100', schedule: { bidDeadline: new Date(START.getTime() + 60 * MIN).toISOString() } }).where(eq(projects.id, projectId));
  for (const u of await deps.db.select({ id: users.id, name: users.displayName, username: users.username }).from(users).where(eq(users.role, 'expert'))) {
    names.set(u.id, u.name);
    usernameOf.set(u.id, u.username);
  }
});

describe('committee draw (issue 21)', () => {
  it('a draw before the bid deadline is refused and changes nothing (T1)', async () => {
    at(new Date(START.getTime() + 60 * MIN - 5000)); // 5 s before the deadline (the fake clock runs at real speed)
    expect(await errOf(requestCommittee(deps, await ctx('staff'), { sectionId, ...REQUEST }))).toEqual({ code: 'INVALID_STATE', reason: 'COMMITTEE_BEFORE_DEADLINE' });
    expect(await countCommittees()).toBe(0);
    at(new Date(START.getTime() + 61 * MIN));
  });

  it.each<[string, Partial<typeof REQUEST>, string]>([
    ['an even size', { size: 6, specialties: [{ specialty: 'housing', members: 4, backups: 1 }, { specialty: 'municipal', members: 2, backups: 1 }] }, 'COMMITTEE_EVEN'],
    ['below the minimum', { size: 3, specialties: [{ specialty: 'housing', members: 3, backups: 1 }] }, 'COMMITTEE_TOO_SMALL'],
    ["two owner's representatives of five", { ownerReps: 2, specialties: [{ specialty: 'housing', members: 3, backups: 1 }] }, 'COMMITTEE_OWNER_REPS'],
    ['members not filling the expert seats', { specialties: [{ specialty: 'housing', members: 3, backups: 1 }] }, 'COMMITTEE_MEMBERS_MISMATCH'],
    ['an unknown specialty', { specialties: [{ specialty: 'astrology', members: 5, backups: 0 }] }, 'SPECIALTY'],
    ['more than the eligible experts', { specialties: [{ specialty: 'medical', members: 5, backups: 9 }] }, 'COMMITTEE_NOT_ENOUGH_ELIGIBLE'],
  ])('E1/E2: %s is refused and changes nothing', async (_n, patch, reason) => {
    expect(await errOf(requestCommittee(deps, await ctx('staff'), { sectionId, ...REQUEST, ...patch }))).toMatchObject({ code: 'VALIDATION', reason });
    expect(await countCommittees()).toBe(0);
  });

  it('only center staff request a draw', async () => {
    for (const u of ['supervisor', 'tenderee', 'bidder1', 'expert10']) {
      expect((await errOf(requestCommittee(deps, await ctx(u), { sectionId, ...REQUEST }))).code, u).toBe('FORBIDDEN');
    }
  });

  it('the request freezes the eligible list (tied expert excluded) and publishes both commitments at once', async () => {
    const c = await requestCommittee(deps, await ctx('staff'), { sectionId, ...REQUEST });
    committeeId = c.id;
    drawId = c.drawId!;
    expect(c.status).toBe('committed');
    expect(c.eligibleSha256).toMatch(/^[0-9a-f]{64}$/);
    // expert02 sits on the board of the tenderee (demo tie): excluded from municipal with its reason (E3).
    const [e02] = await deps.db.select({ pseudonym: expertProfiles.pseudonym }).from(expertProfiles).innerJoin(users, eq(users.id, expertProfiles.userId)).where(eq(users.username, 'expert02'));
    const ex = c.excluded.find((x) => x.pseudonym === e02!.pseudonym);
    expect(ex?.specialty).toBe('municipal');
    expect(ex?.reasons.length).toBeGreaterThan(0);
    const d = await getDraw(deps, await ctx('supervisor'), { drawId });
    expect(d.purpose).toBe('committee.draw');
    expect(d.options).not.toContain(`municipal:${e02!.pseudonym}`);
    expect(JSON.stringify(d)).not.toMatch(new RegExp([...names.values()].join('|')));
    // Nothing is drawn yet: no seat exists.
    expect(c.seats).toEqual([]);
  });

  it('an availability edit of a frozen expert is refused while the draw is in progress', async () => {
    const v = await committeeVerification(deps, await ctx('supervisor'), { committeeId });
    const pseudonym = v.list.specialties[0]!.eligible[0]!;
    const [p] = await deps.db.select().from(expertProfiles).where(eq(expertProfiles.pseudonym, pseudonym));
    // Through the pool's own service (staff), as the 专家库 page calls it: refused, nothing changed.
    expect(await errOf(setExpertAvailability(deps, await ctx('staff'), { userId: p!.userId, available: false, reason: '临时出差' }))).toEqual({ code: 'INVALID_STATE', reason: 'AVAILABILITY_FROZEN' });
    const [after] = await deps.db.select().from(expertProfiles).where(eq(expertProfiles.userId, p!.userId));
    expect(after).toEqual(p);
  });

  const values: Record<string, string> = {};
  it('witnesses: the supervisor and staff commit; a platform administrator and the owner side may not', async () => {
    for (const u of ['supervisor', 'staff']) {
      const c = await ctx(u);
      const value = crypto.randomBytes(32).toString('hex');
      values[u] = value;
      await commitToDraw(deps, c, { drawId, commitment: drawCommitment(drawId, userParticipant(c.actor!.userId), value) });
    }
    expect(await errOf(commitToDraw(deps, await ctx('admin'), { drawId, commitment: 'a'.repeat(64) }))).toEqual({ code: 'FORBIDDEN', reason: 'DRAW_CENTER_NO_CONTRIBUTION' });
    for (const u of ['tenderee', 'agent', 'bidder1', 'supervisor2', 'expert10']) {
      expect((await errOf(commitToDraw(deps, await ctx(u), { drawId, commitment: 'a'.repeat(64) }))).code, u).toBe('NOT_FOUND');
    }
    at(new Date(START.getTime() + 72 * MIN)); // past the commit close (61 + 10)
    for (const u of ['supervisor', 'staff']) await revealToDraw(deps, await ctx(u), { drawId, valueHex: values[u]! });
    at(new Date(START.getTime() + 77 * MIN)); // past the reveal close
    await runDraw(deps, { drawId });
    const c = await getCommittee(deps, await ctx('staff'), { committeeId });
    expect(c.status).toBe('drawn');
    expect(c.seats.filter((s) => s.kind === 'member' && s.status === 'invited')).toHaveLength(5);
    expect(c.seats.filter((s) => s.status === 'standby').map((s) => s.specialty).sort()).toEqual(['housing', 'municipal']);
    // The tied expert is never seated.
    const e02 = [...usernameOf].find(([, u]) => u === 'expert02')![0];
    expect((await deps.db.select().from(committeeMembers).where(eq(committeeMembers.committeeId, committeeId))).some((m) => m.expertUserId === e02)).toBe(false);
    expect(c.seats.every((s) => s.name !== null)).toBe(true); // the center knows the names
  });

  let verification: CommitteeVerification;
  it('the supervisor re-runs the draw from the published inputs and gets the same committee; any altered input does not match (E2)', async () => {
    verification = await committeeVerification(deps, await ctx('supervisor'), { committeeId });
    expect(await verifyCommitteeDraw(verification)).toBe(true);
    const c = await getCommittee(deps, await ctx('supervisor'), { committeeId });
    for (const s of verification.selection!) {
      const seats = c.seats.filter((x) => x.specialty === s.specialty);
      expect(seats.filter((x) => x.kind === 'member').map((x) => x.pseudonym)).toEqual(s.members);
      expect(seats.filter((x) => x.kind === 'backup').map((x) => x.pseudonym)).toEqual(s.backups);
    }
    const clone = (): CommitteeVerification => structuredClone(verification);
    const alter: [string, (v: CommitteeVerification) => void][] = [
      ['one pseudonym', (v) => (v.list.specialties[0]!.eligible[0] = 'EXP-FFFFFFFF')],
      ['the order', (v) => v.list.specialties[0]!.eligible.reverse()],
      ['a count', (v) => (v.list.specialties[0]!.members += 1)],
      ['a revealed value', (v) => (v.draw.commitments[0]!.valueHex = 'ab'.repeat(32))],
      ['the platform share', (v) => (v.draw.platformShareHex = 'cd'.repeat(32))],
      ['the selection', (v) => v.selection![0]!.members.reverse()],
      ['the eligible hash', (v) => (v.eligibleSha256 = 'ef'.repeat(32))],
    ];
    for (const [name, f] of alter) {
      const v = clone();
      f(v);
      expect(await verifyCommitteeDraw(v), name).toBe(false);
    }
  });

  it('invitations carry the time and place only — not the project, its bidders or the other members (E4)', async () => {
    const c = await getCommittee(deps, await ctx('staff'), { committeeId });
    const invitedIds = (await deps.db.select().from(committeeMembers).where(and(eq(committeeMembers.committeeId, committeeId), eq(committeeMembers.status, 'invited')))).map((m) => m.expertUserId);
    const ns = await deps.db.select().from(notifications).where(and(inArray(notifications.userId, invitedIds), eq(notifications.kind, 'committee.invitation')));
    expect(ns).toHaveLength(5);
    for (const n of ns) {
      expect(n.bodyZh).toContain(REQUEST.sessionPlace);
      expect(n.bodyZh).not.toContain('示范市专家抽取测试道路工程');
      for (const s of c.seats) if (s.name && names.get(n.userId) !== s.name) expect(n.bodyZh).not.toContain(s.name);
    }
    const u = usernameOf.get(invitedIds[0]!)!;
    const mine = await myInvitations(deps, await ctx(u));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ sessionPlace: REQUEST.sessionPlace, status: 'invited' });
    expect(Object.keys(mine[0]!).sort()).toEqual(['committeeId', 'invitedAt', 'respondBy', 'respondedAt', 'seatId', 'sessionAt', 'sessionPlace', 'specialty', 'status']);
  });

  it('confirm; decline brings in the next backup; a late answer is refused; a timeout brings in the next backup', async () => {
    const seats = await deps.db.select().from(committeeMembers).where(eq(committeeMembers.committeeId, committeeId));
    const by = (sp: string, kind: 'member' | 'backup') => seats.filter((s) => s.specialty === sp && s.kind === kind).sort((a, b) => a.rank - b.rank);
    const [h1, h2, h3] = by('housing', 'member');
    const [hb] = by('housing', 'backup');
    const [m1, m2] = by('municipal', 'member');
    const [mb] = by('municipal', 'backup');
    const as = (s: { expertUserId: number }) => ctx(usernameOf.get(s.expertUserId)!);
    // Someone else's seat is NOT_FOUND.
    expect((await errOf(confirmSeat(deps, await as(h2!), { seatId: h1!.id }))).code).toBe('NOT_FOUND');
    // A backup on standby has no invitation yet.
    expect((await errOf(confirmSeat(deps, await as(hb!), { seatId: hb!.id }))).code).toBe('NOT_FOUND');
    expect((await confirmSeat(deps, await as(h1!), { seatId: h1!.id })).status).toBe('confirmed');
    expect(await errOf(confirmSeat(deps, await as(h1!), { seatId: h1!.id }))).toEqual({ code: 'CONFLICT', reason: 'SEAT_ANSWERED' });
    expect((await declineSeat(deps, await as(h2!), { seatId: h2!.id, note: '出差' })).status).toBe('declined');
    const [hbNow] = await deps.db.select().from(committeeMembers).where(eq(committeeMembers.id, hb!.id));
    expect(hbNow).toMatchObject({ status: 'invited' });
    await confirmSeat(deps, await as(h3!), { seatId: h3!.id });
    await confirmSeat(deps, await as(hb!), { seatId: hb!.id });
    await confirmSeat(deps, await as(m1!), { seatId: m1!.id });

    // m2 does not answer: after its due time a confirmation is refused and nothing changes.
    at(new Date(m2!.respondBy!.getTime() + 1));
    expect(await errOf(confirmSeat(deps, await as(m2!), { seatId: m2!.id }))).toEqual({ code: 'DEADLINE_PASSED', reason: 'RESPONSE_CLOSED' });
    expect((await deps.db.select().from(committeeMembers).where(eq(committeeMembers.id, m2!.id)))[0]!.status).toBe('invited');
    expect(await runCommitteeRespondTimeout(deps, { seatId: m2!.id })).toEqual({ outcome: 'applied' });
    expect(await runCommitteeRespondTimeout(deps, { seatId: m2!.id })).toEqual({ outcome: 'noop' });
    const after = await deps.db.select().from(committeeMembers).where(inArray(committeeMembers.id, [m2!.id, mb!.id]));
    expect(after.find((s) => s.id === m2!.id)!.status).toBe('timed_out');
    expect(after.find((s) => s.id === mb!.id)!.status).toBe('invited');
    await confirmSeat(deps, await as(mb!), { seatId: mb!.id });
  });

  it('before publication no name reaches a bidder, the owner side, the public or an expert of another committee (E4)', async () => {
    const outsiders = ['bidder1', 'bidder2', 'tenderee', 'agent', 'supervisor2', 'expert30'];
    const seated = await deps.db.select().from(committeeMembers).where(eq(committeeMembers.committeeId, committeeId));
    const seatedNames = seated.map((s) => names.get(s.expertUserId)!);
    const leaks = (x: unknown) => seatedNames.filter((n) => JSON.stringify(x ?? null).includes(n));
    const anonymous: RequestContext = SYSTEM_CONTEXT;
    for (const u of [...outsiders, null]) {
      const c = u ? await ctx(u) : anonymous;
      const who = u ?? 'anonymous';
      // procedures
      expect((await errOf(getCommittee(deps, c, { committeeId }))).code, who).toBe('NOT_FOUND');
      expect(await committeeOfSection(deps, c, { sectionId }), who).toBeNull();
      expect((await errOf(committeeVerification(deps, c, { committeeId }))).code, who).toBe('NOT_FOUND');
      if (u) expect((await errOf(getDraw(deps, c, { drawId }))).code, who).toBe('NOT_FOUND');
      // live topic
      expect(await mayFollowCommittee(deps.db, c.actor, committeeId), who).toBe(false);
      // notifications
      if (u) expect(leaks(await deps.db.select().from(notifications).where(eq(notifications.userId, c.actor!.userId))), who).toEqual([]);
    }
    // the API: the same answers through the procedures; the audit log is the center's and supervisors' only
    for (const u of outsiders) {
      const api = await callerAs(deps, u);
      expect(await api.committee.ofSection({ sectionId }), u).toBeNull();
      expect((await errOf(api.committee.get({ committeeId }))).code, u).toBe('NOT_FOUND');
      // a supervisor of another region reads audit chains of its own projects only: this one is NOT_FOUND
      expect((await errOf(api.audit.list({ projectId }))).code, u).toBe(u === 'supervisor2' ? 'NOT_FOUND' : 'FORBIDDEN');
    }
    // the portal's list of published committees does not name it (drawn, not published)
    expect((await publishedCommittees(deps)).map((p) => p.committeeId)).not.toContain(committeeId);
    // what the live topic carries: pseudonyms and hashes, never a name
    expect(leaks(await deps.db.select().from(liveEvents).where(eq(liveEvents.topic, `committee.${committeeId}`)))).toEqual([]);
    // the staff and the project's supervisor do know
    expect((await getCommittee(deps, await ctx('supervisor'), { committeeId })).seats.some((s) => s.name !== null)).toBe(true);
    expect(await mayFollowCommittee(deps.db, (await ctx('supervisor')).actor, committeeId)).toBe(true);
  });

  it('publication: names become public, the inputs re-run for anyone', async () => {
    expect((await errOf(publishCommittee(deps, await ctx('supervisor'), { committeeId }))).code).toBe('FORBIDDEN');
    const c = await publishCommittee(deps, await ctx('staff'), { committeeId });
    expect(c.status).toBe('published');
    const seen = await getCommittee(deps, await ctx('bidder1'), { committeeId });
    expect(seen.seats).toHaveLength(5);
    expect(seen.seats.every((s) => s.status === 'confirmed' && s.name !== null)).toBe(true);
    expect(seen.excluded).toEqual([]);
    const v = await committeeVerification(deps, SYSTEM_CONTEXT, { committeeId });
    expect(await verifyCommitteeDraw(v)).toBe(true);
    expect(JSON.stringify(v)).not.toMatch(new RegExp([...names.values()].join('|')));
    // the portal lists it first (newest), by project and section, naming no expert
    const listed = await (await callerAs(deps, 'bidder2')).committee.published();
    expect(listed[0]).toMatchObject({ committeeId, projectId, sectionCode: expect.any(String), publishedAt: c.publishedAt });
    expect(JSON.stringify(listed)).not.toMatch(new RegExp([...names.values()].join('|')));
    expect(listed.every((p) => p.committeeId !== committeeId || p.projectName.length > 0)).toBe(true);
  });
});
