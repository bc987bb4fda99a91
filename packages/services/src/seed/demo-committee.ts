/**
 * Demo stage "committee" (issues 21, 22): the evaluation committees of the demo projects past their bid
 * deadline, through the real services:
 *
 * - 滨江大道快速路 (opened two days ago): three hours ago staff requested a committee of five (three
 *   municipal experts and two cost engineers, one backup each) — the eligible lists were frozen and
 *   committed, 华东建工's former employee excluded (E3); staff and the supervisor witnessed; the draw ran;
 *   one member declined, so the municipal backup was invited and confirmed; staff published the committee
 *   (the names are public from then on, E4). Its evaluation is told by demo-evaluation.ts.
 * - 城南污水处理厂配套管网 (opened yesterday): two hours ago the same kind of committee was drawn, every member
 *   confirmed and it was published; its evaluation session is started and waits for its members
 *   (demo-evaluation.ts).
 * - 政务云平台运维服务 (竞争性磋商, opened for the group): requested at the seed; its commitments are
 *   published and the witnesses' commit window is open for an hour after the start, so a newcomer signing
 *   in as `staff` or `supervisor` can witness it in the browser; then the platform draws by itself and
 *   invites the drawn experts, who answer under 评标邀请.
 *
 * Everything goes through the services; each story is skipped (never forced) when a rule refuses it.
 */
import crypto from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { committeeMembers, users, type Tx } from '@ebid/db';
import { isAppError, userParticipant } from '@ebid/domain';
import type { Deps } from '../deps.ts';
import type { RequestContext } from '../context.ts';
import { requestCommittee } from '../committee/request.ts';
import { confirmSeat, declineSeat } from '../committee/respond.ts';
import { publishCommittee } from '../committee/publish.ts';
import { commitToDraw, revealToDraw, runDraw } from '../draws/service.ts';
import { drawCommitment } from '../draws/crypto.ts';
import { atInstant } from './demo-opening-kit.ts';
import { contextFor, demoSectionOf } from './demo-projects.ts';
import { DEMO_OPENING_PROJECT, DEMO_WAITING_EVALUATION_PROJECT } from './demo-opening.ts';
import { DEMO_CONFIDENTIAL_PROJECT } from './demo-confidential.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;

/** The one section of a demo project by name (the story is skipped when the opening stage skipped it). */
async function sectionOf(sp: Tx, name: string): Promise<number> {
  return (await demoSectionOf(sp, name)).sectionId;
}

/** Tomorrow 09:30 北京时间 after `ms`: the evaluation session's time. */
function tomorrow0930(ms: number): string {
  const d = new Date(ms + 8 * HOUR + 24 * HOUR);
  return `${d.toISOString().slice(0, 10)}T09:30:00+08:00`;
}

/** A witness commits and later reveals a random value, as its browser would. */
async function witness(sp: Tx, deps: Deps, ctx: RequestContext, drawId: number, commitAt: number, revealAt: number): Promise<void> {
  const value = crypto.randomBytes(32).toString('hex');
  await commitToDraw(atInstant(deps, sp, commitAt), ctx, { drawId, commitment: drawCommitment(drawId, userParticipant(ctx.actor!.userId), value) });
  await revealToDraw(atInstant(deps, sp, revealAt), ctx, { drawId, valueHex: value });
}

interface DrawnStory {
  /** the story's key in the seed summary (demo.ts STORY_WORDS) */
  key: string;
  project: string;
  /** the request this long before now */
  agoMs: number;
  place: string;
  /** one municipal member declines and the backup confirms */
  decline: boolean;
}

const DRAWN_STORIES: DrawnStory[] = [
  { key: 'committee published', project: DEMO_OPENING_PROJECT, agoMs: 3 * HOUR, place: '示范市公共资源交易中心 第2评标室', decline: true },
  { key: 'committee of the waiting session', project: DEMO_WAITING_EVALUATION_PROJECT, agoMs: 2 * HOUR, place: '示范市公共资源交易中心 远程评标室（不见面）', decline: false },
];

/** The evaluation session is planned 80 minutes after the request (the committee is complete by then). */
export const DEMO_SESSION_AFTER_REQUEST_MS = 80 * MIN;

async function drawnCommittee(sp: Tx, deps: Deps, story: DrawnStory): Promise<void> {
  const now = deps.clock.now().getTime();
  const t0 = now - story.agoMs;
  const staff = await contextFor(sp, 'staff');
  const supervisor = await contextFor(sp, 'supervisor');
  const c = await requestCommittee(atInstant(deps, sp, t0), staff, {
    sectionId: await sectionOf(sp, story.project),
    size: 5,
    ownerReps: 0,
    complex: false,
    specialties: [
      { specialty: 'municipal', members: 3, backups: 1 },
      { specialty: 'cost', members: 2, backups: 1 },
    ],
    respondMinutes: 24 * 60,
    sessionAt: new Date(t0 + DEMO_SESSION_AFTER_REQUEST_MS).toISOString(),
    sessionPlace: story.place,
    commitMinutes: 20,
    revealMinutes: 10,
  });
  const drawId = c.drawId!;
  await witness(sp, deps, staff, drawId, t0 + 2 * MIN, t0 + 21 * MIN);
  await witness(sp, deps, supervisor, drawId, t0 + 5 * MIN, t0 + 23 * MIN);
  await runDraw(atInstant(deps, sp, t0 + 31 * MIN), { drawId });
  // The invited members answer in the next hour; in the first story the second municipal member declines
  // (a clash), so the municipal backup is invited and confirms.
  const expertCtx = async (userId: number) => {
    const [u] = await sp.select({ username: users.username }).from(users).where(eq(users.id, userId));
    return contextFor(sp, u!.username);
  };
  const seats = await sp.select().from(committeeMembers).where(and(eq(committeeMembers.committeeId, c.id), eq(committeeMembers.status, 'invited'))).orderBy(asc(committeeMembers.specialty), asc(committeeMembers.rank));
  let declined = false;
  for (const [i, s] of seats.entries()) {
    const at = atInstant(deps, sp, t0 + 40 * MIN + i * 5 * MIN);
    const ctx = await expertCtx(s.expertUserId);
    if (story.decline && !declined && s.specialty === 'municipal' && s.rank === 1) {
      declined = true;
      await declineSeat(at, ctx, { seatId: s.id, note: '该时段已有其他评标安排' });
    } else {
      await confirmSeat(at, ctx, { seatId: s.id });
    }
  }
  const backups = await sp.select().from(committeeMembers).where(and(eq(committeeMembers.committeeId, c.id), eq(committeeMembers.status, 'invited')));
  for (const b of backups) await confirmSeat(atInstant(deps, sp, t0 + 68 * MIN), await expertCtx(b.expertUserId), { seatId: b.id });
  await publishCommittee(atInstant(deps, sp, t0 + 72 * MIN), staff, { committeeId: c.id });
}

async function committedCommittee(sp: Tx, deps: Deps): Promise<void> {
  const now = deps.clock.now().getTime();
  const staff = await contextFor(sp, 'staff');
  await requestCommittee(atInstant(deps, sp, now - MIN), staff, {
    sectionId: await sectionOf(sp, DEMO_CONFIDENTIAL_PROJECT),
    // 竞争性磋商 of 4 million yuan, above the open-tender threshold: at least 5, odd (E1); one purchaser's
    // representative (at most a third), four experts drawn.
    size: 5,
    ownerReps: 1,
    complex: false,
    specialties: [
      { specialty: 'it', members: 3, backups: 1 },
      { specialty: 'cost', members: 1, backups: 1 },
    ],
    respondMinutes: 24 * 60,
    sessionAt: tomorrow0930(now + 24 * HOUR),
    sessionPlace: '示范市公共资源交易中心 远程评标室（不见面）',
    commitMinutes: 60,
    revealMinutes: 30,
  });
}

/** Seeds what it can; returns the stories it skipped and why. */
export async function seedDemoCommittee(tx: Tx, deps: Deps): Promise<{ skipped: { name: string; reason: string }[] }> {
  const skipped: { name: string; reason: string }[] = [];
  for (const [name, run] of [
    ...DRAWN_STORIES.map((story) => [story.key, (sp: Tx, d: Deps) => drawnCommittee(sp, d, story)] as const),
    ['committee committed', committedCommittee] as const,
  ]) {
    try {
      await tx.transaction((sp) => run(sp, deps));
    } catch (e) {
      if (!isAppError(e)) throw e;
      skipped.push({ name, reason: `${e.code}: ${e.messageZh} ${JSON.stringify(e.details ?? {})}` });
    }
  }
  return { skipped };
}
