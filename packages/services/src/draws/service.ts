/**
 * Public commit–reveal draws (issue 14 §2; domain O8, E2), written once for every random draw: the
 * opening's 浮动点 / K draw (purpose `opening.k`) now, the expert-committee draw later. The rules are in
 * @ebid/domain (draws/draw.ts), the hashes in ./crypto.ts; this is the service: create (timeline and the
 * platform share's commitment fixed and announced), commit, reveal, and the automatic run at the reveal
 * close (the `draw.run` job; no staff button). Who may contribute is the purpose's business
 * (./purposes.ts); center staff and platform administrators never do.
 *
 * Every mutation writes its audit event in the draw's chain and a live event on the draw's topic in the
 * same transaction. Bad input gets a typed AppError and changes nothing.
 */
import { and, asc, count, eq, isNotNull } from 'drizzle-orm';
import { drawCommitments, draws, type DrawRow, type Tx } from '@ebid/db';
import { isChainId, type ChainId } from '@ebid/audit';
import { AppError, assertMayCommit, assertMayContributeRole, assertMayReveal, mayRunDraw, normalizeHex32, PLATFORM_PARTICIPANT, userParticipant } from '@ebid/domain';
import { arrivalOf, audit, requireActor, SYSTEM_CONTEXT, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import type { Actor } from '../auth/session.ts';
import { enqueueJob } from '../jobs/queue.ts';
import { publishLiveEvent } from '../live/hub.ts';
import { computeDraw, drawCommitment, platformShareOf, type DrawRecord } from './crypto.ts';
import { drawPurpose } from './purposes.ts';
import type { DrawCommitInput, DrawIdInput, DrawRevealInput, DrawView } from '@ebid/contracts';
import { buildDrawView } from './view.ts';

export const DRAW_RUN_JOB = 'draw.run';

export interface CreateDrawInput {
  purpose: string;
  subject: { type: string; id: number };
  chain: ChainId;
  topic: string;
  /** the public, ordered options; the result is an index into them */
  options: readonly unknown[];
  commitCloseAt: Date;
  revealCloseAt: Date;
}

/** The audit chain a draw's events go to (written by createDraw from a ChainId). */
function chainOf(d: Pick<DrawRow, 'chain'>): ChainId {
  if (!isChainId(d.chain)) throw new AppError('INTERNAL', undefined, { reason: 'DRAW_CHAIN_INVALID', chain: d.chain });
  return d.chain;
}

const runAtOf = (d: Pick<DrawRow, 'revealCloseAt'>) => new Date(d.revealCloseAt.getTime() + 1000);

async function scheduleRun(tx: Tx, deps: Pick<Deps, 'clock'>, d: Pick<DrawRow, 'id' | 'revealCloseAt'>): Promise<void> {
  const runAt = runAtOf(d);
  await enqueueJob(tx, deps.clock, { kind: DRAW_RUN_JOB, payload: { drawId: d.id }, runAt, dedupeKey: `${DRAW_RUN_JOB}:${d.id}:${runAt.toISOString()}` });
}

/**
 * Create a draw inside the caller's transaction: the timeline and the platform share's commitment are
 * fixed now, audited (`draw.create`) and announced (live `draw_created`); the run is scheduled for the
 * reveal close. The share itself is never written before the result.
 */
export async function createDraw(tx: Tx, deps: Pick<Deps, 'clock' | 'secrets'>, ctx: RequestContext, input: CreateDrawInput): Promise<DrawRow> {
  if (!(input.commitCloseAt.getTime() < input.revealCloseAt.getTime())) {
    throw new AppError('VALIDATION', { zh: '公开截止时间应晚于承诺截止时间', en: 'The reveal close must come after the commit close' }, { reason: 'DRAW_TIMELINE_INVALID' });
  }
  if (input.options.length < 1) throw new AppError('VALIDATION', { zh: '抽取范围不能为空', en: 'There is nothing to draw from' }, { reason: 'DRAW_OPTIONS_INVALID' });
  drawPurpose(input.purpose); // an unknown purpose is a programming error: refuse before writing
  // The id is needed for the commitment: insert with a placeholder inside the transaction, then set it.
  const [row] = await tx
    .insert(draws)
    .values({
      purpose: input.purpose,
      subjectType: input.subject.type,
      subjectId: input.subject.id,
      chain: input.chain,
      topic: input.topic,
      options: [...input.options],
      commitCloseAt: input.commitCloseAt,
      revealCloseAt: input.revealCloseAt,
      platformCommitment: '',
      createdAt: deps.clock.now(),
    })
    .returning();
  if (!row) throw new AppError('INTERNAL');
  const platformCommitment = drawCommitment(row.id, PLATFORM_PARTICIPANT, platformShareOf(deps.secrets.draw, row.id));
  const [d] = await tx.update(draws).set({ platformCommitment }).where(eq(draws.id, row.id)).returning();
  if (!d) throw new AppError('INTERNAL');
  const announced = {
    drawId: d.id,
    purpose: d.purpose,
    subject: input.subject,
    options: d.options,
    commitCloseAt: d.commitCloseAt.toISOString(),
    revealCloseAt: d.revealCloseAt.toISOString(),
    platformCommitment,
  };
  await audit(tx, deps, ctx, { chain: input.chain, action: 'draw.create', subject: { type: 'draw', id: d.id }, payload: announced });
  await publishLiveEvent(tx, { topic: d.topic, type: 'draw_created', data: announced, at: deps.clock.now() });
  await scheduleRun(tx, deps, d);
  return d;
}

async function lockDraw(tx: Tx, drawId: number): Promise<DrawRow> {
  const [d] = await tx.select().from(draws).where(eq(draws.id, drawId)).for('update');
  if (!d) throw new AppError('NOT_FOUND', { zh: '抽取不存在', en: 'No such draw' }, { field: 'drawId' });
  return d;
}

/** The view with the purpose's labels and whether the actor may contribute. */
export async function viewFor(db: Tx | Deps['db'], deps: Pick<Deps, 'clock'>, actor: Actor, d: DrawRow): Promise<DrawView> {
  const purpose = drawPurpose(d.purpose);
  const labels = await purpose.labels(db, actor, d);
  let mayContribute = true;
  try {
    assertRoleMayContribute(d, actor);
    await purpose.authorize(db, actor, d);
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    mayContribute = false;
  }
  return buildDrawView(db, deps, actor, d, { labelOf: (id) => labels.get(id) ?? '参与方', mayContribute });
}

/**
 * Center staff and platform administrators never contribute — except center staff to a purpose that
 * takes their witness entropy (the committee draw, issue 21 §3); platform administrators never.
 */
function assertRoleMayContribute(d: DrawRow, actor: Actor): void {
  if (actor.role === 'staff' && drawPurpose(d.purpose).centerContributes === true) return;
  assertMayContributeRole(actor.role);
}

/** Only a participant the purpose admits (never the center); NOT_FOUND when the actor may not even see it. */
async function authorize(tx: Tx, actor: Actor, d: DrawRow): Promise<void> {
  await drawPurpose(d.purpose).authorize(tx, actor, d);
}

/** A participant commits to its value before the commit close: the hash only, once. */
export async function commitToDraw(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: DrawCommitInput): Promise<DrawView> {
  const actor = requireActor(ctx);
  const commitment = normalizeHex32(input.commitment, 'commitment');
  const arrival = arrivalOf(ctx, deps);
  return deps.db.transaction(async (tx) => {
    const d = await lockDraw(tx, input.drawId);
    await drawPurpose(d.purpose).visible(tx, actor, d);
    assertRoleMayContribute(d, actor);
    if (d.status !== 'open') throw new AppError('DEADLINE_PASSED', { zh: '抽取已完成', en: 'The draw is done' }, { reason: 'COMMIT_CLOSED' });
    assertMayCommit(d, arrival);
    await authorize(tx, actor, d);
    const [ins] = await tx.insert(drawCommitments).values({ drawId: d.id, userId: actor.userId, commitment, committedAt: arrival }).onConflictDoNothing().returning();
    if (!ins) throw new AppError('CONFLICT', { zh: '您已提交过随机数承诺', en: 'You have already committed' }, { reason: 'ALREADY_COMMITTED' });
    const [{ n } = { n: 0 }] = await tx.select({ n: count() }).from(drawCommitments).where(eq(drawCommitments.drawId, d.id));
    await audit(tx, deps, ctx, {
      chain: chainOf(d),
      action: 'draw.commit',
      subject: { type: 'draw', id: d.id },
      payload: { drawId: d.id, commitmentId: ins.id, participant: userParticipant(actor.userId), commitment, committedAt: arrival.toISOString() },
    });
    await publishLiveEvent(tx, { topic: d.topic, type: 'draw_committed', data: { drawId: d.id, count: Number(n) }, at: deps.clock.now() });
    return viewFor(tx, deps, actor, d);
  });
}

/** After the commit close and until the reveal close, a participant reveals the value it committed to. */
export async function revealToDraw(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: DrawRevealInput): Promise<DrawView> {
  const actor = requireActor(ctx);
  const valueHex = normalizeHex32(input.valueHex, 'valueHex');
  const arrival = arrivalOf(ctx, deps);
  return deps.db.transaction(async (tx) => {
    const d = await lockDraw(tx, input.drawId);
    await drawPurpose(d.purpose).visible(tx, actor, d);
    assertRoleMayContribute(d, actor);
    if (d.status !== 'open') throw new AppError('DEADLINE_PASSED', { zh: '抽取已完成', en: 'The draw is done' }, { reason: 'REVEAL_CLOSED' });
    assertMayReveal(d, arrival);
    const [c] = await tx.select().from(drawCommitments).where(and(eq(drawCommitments.drawId, d.id), eq(drawCommitments.userId, actor.userId))).for('update');
    if (!c) throw new AppError('INVALID_STATE', { zh: '您未在承诺截止前提交随机数承诺', en: 'You did not commit before the commit close' }, { reason: 'NOT_COMMITTED' });
    if (c.valueHex !== null) throw new AppError('CONFLICT', { zh: '您已公开过随机数', en: 'You have already revealed' }, { reason: 'ALREADY_REVEALED' });
    if (drawCommitment(d.id, userParticipant(actor.userId), valueHex) !== c.commitment) {
      throw new AppError('VALIDATION', { zh: '公开的随机数与承诺不符', en: 'The value does not match your commitment' }, { reason: 'REVEAL_MISMATCH' });
    }
    await tx.update(drawCommitments).set({ valueHex, revealedAt: arrival }).where(eq(drawCommitments.id, c.id));
    const [{ n } = { n: 0 }] = await tx.select({ n: count() }).from(drawCommitments).where(and(eq(drawCommitments.drawId, d.id), isNotNull(drawCommitments.valueHex)));
    await audit(tx, deps, ctx, {
      chain: chainOf(d),
      action: 'draw.reveal',
      subject: { type: 'draw', id: d.id },
      payload: { drawId: d.id, commitmentId: c.id, participant: userParticipant(actor.userId), valueHex, revealedAt: arrival.toISOString() },
    });
    await publishLiveEvent(tx, { topic: d.topic, type: 'draw_revealed', data: { drawId: d.id, count: Number(n) }, at: deps.clock.now() });
    return viewFor(tx, deps, actor, d);
  });
}

/** The public record of a drawn draw (what `verifyDraw` takes), from the database. */
export async function drawRecordOf(db: Tx | Deps['db'], d: DrawRow): Promise<DrawRecord | null> {
  if (d.status !== 'drawn' || d.platformShare === null || d.resultIndex === null) return null;
  const cs = await db.select().from(drawCommitments).where(eq(drawCommitments.drawId, d.id)).orderBy(asc(drawCommitments.id));
  return {
    drawId: d.id,
    n: d.options.length,
    commitCloseAt: d.commitCloseAt.toISOString(),
    revealCloseAt: d.revealCloseAt.toISOString(),
    platformCommitment: d.platformCommitment,
    platformShareHex: d.platformShare,
    commitments: cs.map((c) => ({
      id: c.id,
      participant: userParticipant(c.userId),
      commitment: c.commitment,
      committedAt: c.committedAt.toISOString(),
      valueHex: c.valueHex,
      revealedAt: c.revealedAt?.toISOString() ?? null,
    })),
    resultIndex: d.resultIndex,
    ...(d.digestHex ? { digestHex: d.digestHex } : {}),
    ...(d.inputsSha256 ? { inputsSha256: d.inputsSha256 } : {}),
  };
}

/**
 * The `draw.run` job: at the reveal close the platform share is derived from the secret, checked
 * against its commitment, and the result computed over the revealed values (unrevealed commitments
 * listed and left out), stored, audited (`draw.result`, the whole public record) and announced.
 * Idempotent: a drawn draw is left as it is; too early → rescheduled at the reveal close.
 */
export async function runDraw(
  deps: Pick<Deps, 'db' | 'clock' | 'secrets' | 'config'>,
  payload: { drawId: number },
): Promise<{ outcome: 'applied' | 'rescheduled' | 'noop'; index?: number }> {
  return deps.db.transaction(async (tx) => {
    const [d] = await tx.select().from(draws).where(eq(draws.id, payload.drawId)).for('update');
    if (!d) return { outcome: 'noop' as const };
    if (d.status === 'drawn') return { outcome: 'noop' as const, index: d.resultIndex ?? undefined };
    const now = deps.clock.now();
    if (!mayRunDraw(d, now)) {
      await scheduleRun(tx, deps, d);
      return { outcome: 'rescheduled' as const };
    }
    const share = platformShareOf(deps.secrets.draw, d.id);
    if (drawCommitment(d.id, PLATFORM_PARTICIPANT, share) !== d.platformCommitment) {
      // The secret is not the one the draw was created under (a changed or lost secret file): never
      // draw with another share. The job fails loudly and is retried; the operator restores the file.
      throw new AppError('INTEGRITY_FAILED', { zh: '平台随机份额与公布的承诺不符（抽取密钥已变更）', en: 'The platform share does not match its commitment (the draw secret changed)' }, { reason: 'DRAW_SECRET_MISMATCH', drawId: d.id });
    }
    const cs = await tx.select().from(drawCommitments).where(eq(drawCommitments.drawId, d.id)).orderBy(asc(drawCommitments.id));
    const reveals = cs.flatMap((c) => (c.valueHex !== null ? [{ commitmentId: c.id, participant: userParticipant(c.userId), valueHex: c.valueHex }] : []));
    const n = d.options.length;
    const r = computeDraw({ drawId: d.id, n, platformShareHex: share, reveals });
    const [u] = await tx
      .update(draws)
      .set({ status: 'drawn', platformShare: share, drawnAt: now, resultIndex: r.index, digestHex: r.digestHex, inputsSha256: r.inputsSha256 })
      .where(and(eq(draws.id, d.id), eq(draws.status, 'open')))
      .returning();
    const record = u ? await drawRecordOf(tx, u) : null;
    if (!record) throw new AppError('INTERNAL', undefined, { drawId: d.id }); // the row is locked and open: never
    const unrevealed = cs.filter((c) => c.valueHex === null).map((c) => c.id);
    await audit(tx, deps, SYSTEM_CONTEXT, {
      chain: chainOf(d),
      action: 'draw.result',
      subject: { type: 'draw', id: d.id },
      payload: { ...record, options: d.options, option: d.options[r.index], unrevealed, drawnAt: now.toISOString() },
    });
    await publishLiveEvent(tx, {
      topic: d.topic,
      type: 'draw_result',
      data: { drawId: d.id, index: r.index, option: d.options[r.index], platformShare: share, platformCommitment: d.platformCommitment, revealed: reveals.length, unrevealed: unrevealed.length },
      at: now,
    });
    // The purpose's consequence (the committee computed from the digest …) in the same transaction.
    if (u) await drawPurpose(d.purpose).onDrawn?.(tx, deps, u);
    return { outcome: 'applied' as const, index: r.index };
  });
}

/** The draw as the actor may see it (NOT_FOUND when the purpose does not let the actor see it). */
export async function getDraw(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: DrawIdInput): Promise<DrawView> {
  const actor = requireActor(ctx);
  const [d] = await deps.db.select().from(draws).where(eq(draws.id, input.drawId));
  if (!d) throw new AppError('NOT_FOUND', { zh: '抽取不存在', en: 'No such draw' }, { field: 'drawId' });
  await drawPurpose(d.purpose).visible(deps.db, actor, d);
  return viewFor(deps.db, deps, actor, d);
}
