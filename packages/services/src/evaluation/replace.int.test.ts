/**
 * Replacing a member on PostgreSQL (issue 22 §1; E5, E3): center staff only, with a reason; the member's
 * live sheets are voided (drafts and signed ones) and what it reviewed is the newcomer's re-review list;
 * the other members' findings stay; a replaced chair is cleared with every vote, a vote for the replaced
 * member too; the newcomer is the committee's next backup of the specialty on standby — passing over a
 * backup who must withdraw (E3) — or the backup staff name; it must sign in and declare before it sees a
 * bid; bad input, a backup of another specialty, a tied backup, the report stage, or no backup left
 * change nothing.
 *
 * The kit's committee is drawn without backups; this file adds standby seats to it the way the draw
 * stores them (kind backup, status standby, ranks after the members) from the section's eligible experts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray, isNull, max } from 'drizzle-orm';
import { auditEvents, committeeMembers, evaluationMembers, evaluations, evaluationSheets, expertTies, notifications, users } from '@ebid/db';
import { engComprehensive } from '@ebid/domain/evaluation/test-fixtures';
import { appError } from '@ebid/api/test-client';
import { bidderKeys, contextAs, orgOf, TEST_START, useDemoTestDeps, type TestDeps } from '@ebid/testing';
import { signCmsDetached } from '@ebid/pki';
import type { RequestContext } from '../context.ts';
import { eligibleExperts } from '../experts/eligibility.ts';
import { voteChair } from './chair.ts';
import { replaceMember } from './replace.ts';
import { declareNoConflict, evaluationDeclaration, signInToEvaluation } from './start.ts';
import { certContext, evaluationKit, type KitEvaluation } from './test-kit.ts';
import { getEvaluation } from './view.ts';

let deps: TestDeps;
useDemoTestDeps((d) => (deps = d), { clockStart: TEST_START });

let kit: KitEvaluation;
/** user id → certificate-session context and signer */
const people = new Map<number, { ctx: RequestContext; sign: (b: Uint8Array) => string; username: string }>();
let municipal: number[] = [];
let cost: number[] = [];
/** the standby backups added: municipal A, B; cost C */
let A = 0;
let B = 0;
let C = 0;

async function person(userId: number) {
  let p = people.get(userId);
  if (!p) {
    const [u] = await deps.db.select({ username: users.username }).from(users).where(eq(users.id, userId));
    const keys = await bidderKeys(deps, u!.username);
    p = { ctx: await certContext(deps, keys.sign), sign: (b) => signCmsDetached(Buffer.from(b), keys.sign).toString('base64'), username: u!.username };
    people.set(userId, p);
  }
  return p;
}

async function declare(userId: number): Promise<void> {
  const p = await person(userId);
  await signInToEvaluation(deps, p.ctx, { evaluationId: kit.evaluationId });
  const { text } = await evaluationDeclaration(deps, p.ctx, { evaluationId: kit.evaluationId });
  await declareNoConflict(deps, p.ctx, { evaluationId: kit.evaluationId, signatureBase64: p.sign(new TextEncoder().encode(text)) });
}

async function addStandby(specialty: string, taken: Set<number>): Promise<number> {
  const el = await eligibleExperts(deps.db, { projectId: kit.projectId, sectionId: kit.sectionId, specialty, at: deps.clock.now() });
  const pick = el.eligible.find((e) => !taken.has(e.userId));
  if (!pick) throw new Error(`no eligible ${specialty} expert left`);
  taken.add(pick.userId);
  const [{ r } = { r: 0 }] = await deps.db.select({ r: max(committeeMembers.rank) }).from(committeeMembers).where(and(eq(committeeMembers.committeeId, kit.committeeId), eq(committeeMembers.specialty, specialty)));
  await deps.db.insert(committeeMembers).values({ committeeId: kit.committeeId, expertUserId: pick.userId, specialty, kind: 'backup', rank: (r ?? 0) + 1, status: 'standby' });
  return pick.userId;
}

beforeAll(async () => {
  kit = await evaluationKit(deps, { method: engComprehensive() });
  const seats = await deps.db.select().from(committeeMembers).where(eq(committeeMembers.committeeId, kit.committeeId));
  municipal = seats.filter((s) => s.specialty === 'municipal').map((s) => s.expertUserId);
  cost = seats.filter((s) => s.specialty === 'cost').map((s) => s.expertUserId);
  const taken = new Set(seats.map((s) => s.expertUserId));
  A = await addStandby('municipal', taken);
  B = await addStandby('municipal', taken);
  C = await addStandby('cost', taken);
  for (const m of kit.members) await declare(m.userId);
  // The committee elects the first municipal member chair; the last cost member votes for the second municipal.
  await voteChair(deps, (await person(cost[1]!)).ctx, { evaluationId: kit.evaluationId, candidateUserId: municipal[1]! });
  for (const id of [municipal[0]!, municipal[1]!, municipal[2]!]) await voteChair(deps, (await person(id)).ctx, { evaluationId: kit.evaluationId, candidateUserId: municipal[0]! });
  // The chair has drafted its compliance findings and signed its scores; another member has drafted too.
  const now = deps.clock.now();
  await deps.db.insert(evaluationSheets).values([
    {
      evaluationId: kit.evaluationId,
      memberUserId: municipal[0]!,
      stage: 'compliance',
      draft: { entries: [{ bid: '投标人2', criterionId: 'Q1', pass: false, reason: '未按要求盖章' }, { bid: '投标人1', criterionId: 'Q1', pass: true, reason: null }] },
      updatedAt: now,
    },
    {
      evaluationId: kit.evaluationId,
      memberUserId: municipal[0]!,
      stage: 'scores',
      draft: { entries: [{ bid: '投标人1', criterionId: 'T1', score: '20.5' }] },
      sha256: 'a'.repeat(64),
      size: 100,
      cms: 'MIIB',
      certSerial: '01',
      signedAt: now,
      updatedAt: now,
    },
    { evaluationId: kit.evaluationId, memberUserId: municipal[1]!, stage: 'compliance', draft: { entries: [{ bid: '投标人1', criterionId: 'Q1', pass: true, reason: null }] }, updatedAt: now },
  ]);
}, 180_000);

async function errOf(p: Promise<unknown>): Promise<{ code: string; reason: unknown }> {
  const e = await appError(p);
  return { code: e.code, reason: e.details?.reason };
}

const staff = () => contextAs(deps, 'staff');
/** The committee seat of an expert (what the center's page names a backup by). */
const seatOf = async (expertUserId: number): Promise<number> =>
  (await deps.db.select().from(committeeMembers).where(and(eq(committeeMembers.committeeId, kit.committeeId), eq(committeeMembers.expertUserId, expertUserId))))[0]!.id;
const replace = async (memberUserId: number, over: Partial<{ reason: string; replacementUserId: number; replacementSeatId: number }> = {}, ctx?: RequestContext) =>
  replaceMember(deps, ctx ?? (await staff()), { evaluationId: kit.evaluationId, memberUserId, reason: '突发疾病，无法继续评标', ...over });

async function snapshot() {
  const members = await deps.db.select().from(evaluationMembers).where(eq(evaluationMembers.evaluationId, kit.evaluationId));
  const sheets = await deps.db.select().from(evaluationSheets).where(eq(evaluationSheets.evaluationId, kit.evaluationId));
  const seats = await deps.db.select().from(committeeMembers).where(eq(committeeMembers.committeeId, kit.committeeId));
  const [e] = await deps.db.select().from(evaluations).where(eq(evaluations.id, kit.evaluationId));
  return JSON.stringify({ members, sheets, seats, chair: e!.chairUserId, status: e!.status });
}

describe('replacing a member (E5)', () => {
  it('bad input, the wrong caller, a backup that is not one or of another specialty, the report stage: refused, nothing changes', async () => {
    const before = await snapshot();
    expect((await errOf(replace(municipal[1]!, {}, await contextAs(deps, 'supervisor')))).code).toBe('FORBIDDEN');
    expect((await errOf(replace(municipal[1]!, {}, (await person(municipal[0]!)).ctx))).code).toBe('FORBIDDEN');
    expect((await errOf(replace(municipal[1]!, {}, await contextAs(deps, 'bidder1')))).code).toBe('FORBIDDEN');
    expect(await errOf(replace(municipal[1]!, { reason: '  ' }))).toEqual({ code: 'VALIDATION', reason: 'TEXT_LENGTH' });
    expect(await errOf(replace(A))).toEqual({ code: 'NOT_FOUND', reason: 'MEMBER_UNKNOWN' });
    expect(await errOf(replace(municipal[1]!, { replacementUserId: municipal[2]! }))).toEqual({ code: 'VALIDATION', reason: 'REPLACEMENT_NOT_A_BACKUP' });
    expect(await errOf(replace(municipal[1]!, { replacementUserId: C }))).toEqual({ code: 'VALIDATION', reason: 'REPLACEMENT_SPECIALTY' });
    expect(await errOf(replace(municipal[1]!, { replacementSeatId: await seatOf(municipal[2]!) }))).toEqual({ code: 'VALIDATION', reason: 'REPLACEMENT_NOT_A_BACKUP' });
    expect(await errOf(replace(municipal[1]!, { replacementSeatId: await seatOf(C) }))).toEqual({ code: 'VALIDATION', reason: 'REPLACEMENT_SPECIALTY' });
    expect(await errOf(replace(municipal[1]!, { replacementUserId: C, replacementSeatId: await seatOf(C) }))).toEqual({ code: 'VALIDATION', reason: 'REPLACEMENT_TWICE' });
    await deps.db.update(evaluations).set({ status: 'reporting' }).where(eq(evaluations.id, kit.evaluationId));
    expect(await errOf(replace(municipal[1]!))).toEqual({ code: 'INVALID_STATE', reason: 'REPORT_STAGE' });
    await deps.db.update(evaluations).set({ status: 'compliance' }).where(eq(evaluations.id, kit.evaluationId));
    expect(await snapshot()).toBe(before);
  });

  it('the chair replaced: its sheets void, its items to re-review, the chair and every vote cleared; the next backup — passing over a tied one (E3) — joins undeclared', async () => {
    // Backup A has declared a tie with bidder1's company since the draw: it must withdraw and is passed over.
    const b1 = await orgOf(deps, 'bidder1');
    await deps.db.insert(expertTies).values({ expertUserId: A, orgCreditCode: b1.creditCode, orgName: b1.orgName, kind: 'employment', declaredBy: A });
    const chair = municipal[0]!;
    const r = await replace(chair);
    expect(r).toMatchObject({ replacedUserId: chair, newMemberUserId: B, voidedSheets: 2, chairCleared: true });
    expect(r.newMemberName.length).toBeGreaterThan(0);
    expect(r.reReview).toEqual([
      { stage: 'compliance', bid: '投标人1', criterionId: 'Q1' },
      { stage: 'compliance', bid: '投标人2', criterionId: 'Q1' },
      { stage: 'scoring', bid: '投标人1', criterionId: 'T1' },
    ]);
    const sheets = await deps.db.select().from(evaluationSheets).where(eq(evaluationSheets.evaluationId, kit.evaluationId));
    expect(sheets.filter((s) => s.memberUserId === chair).map((s) => s.voidReason)).toEqual(['member_replaced', 'member_replaced']);
    expect(sheets.filter((s) => s.memberUserId === municipal[1]).map((s) => s.voidedAt)).toEqual([null]);
    const [e] = await deps.db.select().from(evaluations).where(eq(evaluations.id, kit.evaluationId));
    expect(e).toMatchObject({ chairUserId: null, chairElectedAt: null, status: 'compliance' });
    const members = await deps.db.select().from(evaluationMembers).where(eq(evaluationMembers.evaluationId, kit.evaluationId));
    expect(members.every((m) => m.chairVote === null)).toBe(true);
    expect(members.find((m) => m.userId === chair)).toMatchObject({ status: 'replaced', replacedReason: '突发疾病，无法继续评标' });
    expect(members.find((m) => m.userId === B)).toMatchObject({ status: 'active', signedInAt: null, declaredAt: null });
    const seats = await deps.db.select().from(committeeMembers).where(eq(committeeMembers.committeeId, kit.committeeId));
    expect(seats.find((s) => s.expertUserId === chair)!.status).toBe('replaced');
    expect(seats.find((s) => s.expertUserId === B)!.status).toBe('confirmed');
    expect(seats.find((s) => s.expertUserId === A)!.status).toBe('standby');
    const [ev] = await deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'evaluation.member_replaced'));
    expect(ev!.payload).toMatchObject({ replacedUserId: chair, newMemberUserId: B, chairCleared: true, rule: 'E5', skipped: [{ reasons: ['TIE_BIDDER'] }] });
    const called = await deps.db.select().from(notifications).where(and(eq(notifications.userId, B), eq(notifications.kind, 'evaluation.called_in')));
    expect(called).toHaveLength(1);

    // The replaced member no longer sees the session; the newcomer sees it, but no bid before declaring.
    expect((await errOf(getEvaluation(deps, await contextAs(deps, (await person(chair)).username), { evaluationId: kit.evaluationId }))).code).toBe('NOT_FOUND');
    const nb = await getEvaluation(deps, await contextAs(deps, (await person(B)).username), { evaluationId: kit.evaluationId });
    expect(nb).toMatchObject({ bids: null, me: { userId: B, declaredAt: null } });
    expect(nb.members.filter((m) => m.status === 'active')).toHaveLength(5);
    expect(nb.members.find((m) => m.userId === chair)).toMatchObject({ status: 'replaced', chair: false });
    // It declares; the committee elects a chair again.
    await declare(B);
    await voteChair(deps, (await person(cost[0]!)).ctx, { evaluationId: kit.evaluationId, candidateUserId: cost[1]! });
    let last;
    for (const id of [B, municipal[1]!, municipal[2]!]) last = await voteChair(deps, (await person(id)).ctx, { evaluationId: kit.evaluationId, candidateUserId: municipal[1]! });
    expect(last).toMatchObject({ chairUserId: municipal[1], votes: 3, majority: 3 });
  });

  it('a named backup that must withdraw is refused; a member replaced by the named backup clears the votes for it; no backup left: nothing changes', async () => {
    expect(await errOf(replace(municipal[2]!, { replacementUserId: A }))).toEqual({ code: 'CONFLICT', reason: 'AVOIDANCE_REQUIRED' });
    // Only the tied A is left on standby for municipal: no one can be called in.
    const before = await snapshot();
    expect(await errOf(replace(municipal[2]!))).toEqual({ code: 'INVALID_STATE', reason: 'NO_BACKUP_LEFT' });
    expect(await snapshot()).toBe(before);
    // A cost member is replaced by the named cost backup; the chair stays.
    // Named by its seat, as the center's page does.
    const r = await replace(cost[1]!, { replacementSeatId: await seatOf(C), reason: '家中急事' });
    expect(r).toMatchObject({ replacedUserId: cost[1], newMemberUserId: C, voidedSheets: 0, reReview: [], chairCleared: false });
    const [e] = await deps.db.select().from(evaluations).where(eq(evaluations.id, kit.evaluationId));
    expect(e!.chairUserId).toBe(municipal[1]);
    const active = await deps.db.select().from(evaluationMembers).where(and(eq(evaluationMembers.evaluationId, kit.evaluationId), eq(evaluationMembers.status, 'active')));
    expect(active.map((m) => m.userId).sort()).toEqual([B, municipal[1]!, municipal[2]!, cost[0]!, C].sort());
    // cost[0] had voted for the replaced member: that vote is cleared; the votes for the chair stay.
    const voteOf = (id: number) => active.find((m) => m.userId === id)!.chairVote;
    expect([voteOf(cost[0]!), voteOf(B), voteOf(municipal[1]!), voteOf(municipal[2]!), voteOf(C)]).toEqual([null, municipal[1], municipal[1], municipal[1], null]);
    const live = await deps.db.select().from(evaluationSheets).where(and(eq(evaluationSheets.evaluationId, kit.evaluationId), isNull(evaluationSheets.voidedAt), inArray(evaluationSheets.memberUserId, [C])));
    expect(live).toEqual([]);
  });
});
