/**
 * Avoidance checked again after the freeze (issue 21 §2; domain E3): the eligible list is frozen when the
 * draw is committed, but a tie may be declared (or a sanction imposed) between the freeze and the draw, or
 * after it. Each seat is checked again when it is invited — at the draw and when a backup is brought in —
 * and a drawn expert who must now withdraw is not invited: the seat is recorded as avoided with its reasons
 * and the next backup of the specialty, in order, is invited (none left → staff are told). An expert who
 * has become tied cannot confirm: a clear error, nothing changed. PostgreSQL, the demo pool.
 */
import crypto from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq, inArray } from 'drizzle-orm';
import { auditEvents, committeeMembers, expertProfiles, notifications, organizations, projects, users } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import { userParticipant } from '@ebid/domain';
import { appError } from '@ebid/api/test-client';
import { contextAs, draftProject, useDemoTestDeps, type TestDeps } from '@ebid/testing';
import { commitToDraw, revealToDraw, runDraw } from '../draws/service.ts';
import { drawCommitment } from '../draws/crypto.ts';
import type { RequestContext } from '../context.ts';
import { declareTie } from '../experts/ties.ts';
import { committeeVerification, myInvitations } from './read.ts';
import { requestCommittee } from './request.ts';
import { confirmSeat, declineSeat } from './respond.ts';

let deps: TestDeps;
const START = new Date('2026-12-07T02:00:00Z');
useDemoTestDeps((d) => (deps = d), { clockStart: START });

const MIN = 60_000;
const ctx = (u: string): Promise<RequestContext> => contextAs(deps, u);
let projectId: number;
let committeeId: number;
let tenderee: { creditCode: string; name: string };
const usernameOf = new Map<number, string>();

const seatsOf = () => deps.db.select().from(committeeMembers).where(eq(committeeMembers.committeeId, committeeId));
const tieToTenderee = async (expertUserId: number) =>
  declareTie(deps, await ctx(usernameOf.get(expertUserId)!), { orgCreditCode: tenderee.creditCode, orgName: tenderee.name, kind: 'board', startedOn: '2025-01-01' });
/** Invitation notifications of each expert just before the draw. */
const before = new Map<number, number>();
const invitationsOf = async (userId: number) =>
  Number((await deps.db.select({ n: count() }).from(notifications).where(and(eq(notifications.userId, userId), eq(notifications.kind, 'committee.invitation'))))[0]?.n ?? 0);
const actions = async (action: string) => deps.db.select().from(auditEvents).where(and(eq(auditEvents.chain, projectChain(projectId)), eq(auditEvents.action, action)));

beforeAll(async () => {
  const p = await draftProject(deps, { name: '示范市专家回避复查测试工程' });
  projectId = p.id;
  await deps.db.update(projects).set({ regionCode: '330100', schedule: { bidDeadline: new Date(START.getTime() + 60 * MIN).toISOString() } }).where(eq(projects.id, projectId));
  const [org] = await deps.db.select({ creditCode: organizations.creditCode, name: organizations.name }).from(organizations).innerJoin(projects, eq(projects.tendereeOrgId, organizations.id)).where(eq(projects.id, projectId));
  tenderee = org!;
  for (const u of await deps.db.select({ id: users.id, username: users.username }).from(users).where(eq(users.role, 'expert'))) usernameOf.set(u.id, u.username);
  // The two specialties' lists must not share an expert: every housing expert is tied below, so one also on
  // the municipal list would make a randomly drawn municipal seat avoided too. Here they keep housing only.
  for (const u of await deps.db.select({ id: users.id, specialties: users.specialties }).from(users).where(eq(users.role, 'expert'))) {
    if (u.specialties.includes('housing') && u.specialties.includes('municipal')) {
      await deps.db.update(users).set({ specialties: u.specialties.filter((x) => x !== 'municipal') }).where(eq(users.id, u.id));
    }
  }

  deps.clock.set(new Date(START.getTime() + 61 * MIN));
  const c = await requestCommittee(deps, await ctx('staff'), {
    sectionId: p.sections[0]!.id,
    size: 5,
    ownerReps: 0,
    complex: false,
    specialties: [
      { specialty: 'housing', members: 3, backups: 2 },
      { specialty: 'municipal', members: 2, backups: 1 },
    ],
    respondMinutes: 60,
    sessionAt: '2026-12-09T01:30:00Z',
    sessionPlace: '示范市公共资源交易中心 第3评标室',
    commitMinutes: 10,
    revealMinutes: 5,
  });
  committeeId = c.id;
  const drawId = c.drawId!;
  // After the freeze, every housing expert on the list declares a board seat at the tenderee (E3).
  const { list } = await committeeVerification(deps, await ctx('staff'), { committeeId });
  const housing = list.specialties.find((s) => s.specialty === 'housing')!.eligible;
  expect(housing.length).toBeGreaterThanOrEqual(5);
  const municipal = list.specialties.find((s) => s.specialty === 'municipal')!.eligible;
  expect(municipal.length).toBeGreaterThanOrEqual(3);
  expect(municipal.filter((x) => housing.includes(x))).toEqual([]);
  const profiles = await deps.db.select({ userId: expertProfiles.userId, pseudonym: expertProfiles.pseudonym }).from(expertProfiles).where(inArray(expertProfiles.pseudonym, [...housing]));
  for (const p of profiles) await tieToTenderee(p.userId);
  const value = crypto.randomBytes(32).toString('hex');
  const staff = await ctx('staff');
  await commitToDraw(deps, staff, { drawId, commitment: drawCommitment(drawId, userParticipant(staff.actor!.userId), value) });
  deps.clock.set(new Date(START.getTime() + 72 * MIN));
  await revealToDraw(deps, staff, { drawId, valueHex: value });
  deps.clock.set(new Date(START.getTime() + 77 * MIN));
  for (const id of usernameOf.keys()) before.set(id, await invitationsOf(id));
  await runDraw(deps, { drawId });
});

describe('avoidance checked again at each invitation (E3)', () => {
  it('at the draw: the housing experts tied after the freeze are not invited — each seat avoided with its reason, the backups too, and staff told none is left', async () => {
    const seats = await seatsOf();
    const housing = seats.filter((s) => s.specialty === 'housing');
    expect(housing).toHaveLength(5);
    for (const s of housing) {
      expect(s.status, `seat ${s.id}`).toBe('avoided');
      expect(s.note).toContain('TIE_TENDEREE');
    }
    // Nobody among them was told anything: no invitation notification, nothing under 评标邀请.
    for (const s of housing) {
      // (an expert of several specialties may sit on a demo committee too: count those since the draw only)
      expect(await invitationsOf(s.expertUserId)).toBe(before.get(s.expertUserId) ?? 0);
      expect((await myInvitations(deps, await ctx(usernameOf.get(s.expertUserId)!))).filter((i) => i.committeeId === committeeId)).toEqual([]);
    }
    const avoided = await actions('committee.seat_avoided');
    expect(avoided.map((e) => (e.payload as { seatId: number }).seatId).sort()).toEqual(housing.map((s) => s.id).sort());
    expect(JSON.stringify(avoided.map((e) => e.payload))).not.toMatch(/expertUserId|displayName/);
    expect(await actions('committee.backups_exhausted')).toHaveLength(3); // one per housing member seat left empty
    // Municipal is untouched: two invited, one on standby.
    expect(seats.filter((s) => s.specialty === 'municipal').map((s) => s.status).sort()).toEqual(['invited', 'invited', 'standby']);
  });

  it('an invited expert who has since become tied cannot confirm: a clear error, nothing changed', async () => {
    const [m1] = (await seatsOf()).filter((s) => s.specialty === 'municipal' && s.kind === 'member').sort((a, b) => a.rank - b.rank);
    await tieToTenderee(m1!.expertUserId);
    const e = await appError(confirmSeat(deps, await ctx(usernameOf.get(m1!.expertUserId)!), { seatId: m1!.id }));
    expect(e.code).toBe('CONFLICT');
    expect(e.details).toMatchObject({ reason: 'AVOIDANCE_REQUIRED', reasons: ['TIE_TENDEREE'] });
    expect(e.messageZh).toContain('回避');
    const [after] = await deps.db.select().from(committeeMembers).where(eq(committeeMembers.id, m1!.id));
    expect(after).toMatchObject({ status: 'invited', respondedAt: null });
    // Declining (with the reason) is what the expert does; the backup is then checked before it is invited.
    await declineSeat(deps, await ctx(usernameOf.get(m1!.expertUserId)!), { seatId: m1!.id, note: '与招标人存在关联，回避' });
  });

  it('after a decline, a clean backup is checked and invited; the last member declining leaves none, and staff are told', async () => {
    const seats = await seatsOf();
    const backup = seats.find((s) => s.specialty === 'municipal' && s.kind === 'backup')!;
    // The decline above already brought the municipal backup in: it was clean, so it is invited.
    expect(backup.status).toBe('invited');
    expect(await invitationsOf(backup.expertUserId)).toBe((before.get(backup.expertUserId) ?? 0) + 1);
    // The other municipal member declines now: no backup left → staff told.
    const m2 = seats.find((s) => s.specialty === 'municipal' && s.kind === 'member' && s.status === 'invited')!;
    await declineSeat(deps, await ctx(usernameOf.get(m2.expertUserId)!), { seatId: m2.id, note: '出差' });
    expect(await actions('committee.backups_exhausted')).toHaveLength(4);
  });
});
