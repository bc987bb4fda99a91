/**
 * The checkpoint engine (issue 20 §1, domain §6.2, M1): the state of a checkpoint is computed from the
 * server's time (never stored); at its warning start and its due instant the 'checkpoint.evaluate' job
 * raises the yellow / red alert once (raise.ts); a periodic 'checkpoint.sweep' evaluates every checkpoint
 * that is yellow or red and not yet raised, so a lost job (a restart, a database restored) still raises it.
 *
 * A kind may bring a raiser (services checkpoint-raisers.ts, next to the job handlers: above the
 * features), which looks at the watched thing again before anything is raised: its act may have happened
 * without the step completing the checkpoint (old data), its deadline may have moved, the project may
 * have ended — or it says what the alert says. Without one, the generic words of raise.ts are used.
 */
import { and, asc, eq, gt, isNull, lte, lt, or, sql } from 'drizzle-orm';
import { checkpoints, jobs, projects, type CheckpointRow, type ProjectRow, type Tx } from '@ebid/db';
import { checkpointState, type AlertLevel, type AuditAction, type CheckpointState } from '@ebid/domain';
import type { Deps } from '../deps.ts';
import { enqueueJob } from '../jobs/queue.ts';
import { audit, SYSTEM_CONTEXT } from '../context.ts';
import { projectChain } from '@ebid/audit';
import { CHECKPOINT_EVALUATE_JOB, scheduleEvaluation } from './checkpoints.ts';
import { genericAlertMessage, raiseOnce, type AlertMessage } from './raise.ts';

export const CHECKPOINT_SWEEP_JOB = 'checkpoint.sweep';
/** How often the sweep runs. */
export const CHECKPOINT_SWEEP_INTERVAL_MS = 5 * 60_000;
/** At most this many checkpoints per sweep (the rest next time, oldest due first). */
const SWEEP_BATCH = 200;

/** What a raiser found when the engine is about to raise a level. */
export type RaiserVerdict =
  /** Raise with these words; `result` is returned to the caller (e.g. a reason); `onRaised` runs in the same transaction. */
  | { type: 'raise'; message: AlertMessage; result?: Record<string, unknown>; onRaised?: (tx: Tx, alert: { alertId: number; notified: number }) => Promise<void> }
  /**
   * The act happened (or the checkpoint no longer applies): complete it with this act. `audit`: an event
   * the completion itself writes to the project's chain (an act nobody performs, e.g. a period that ran).
   */
  | { type: 'done'; act: AuditAction; at: Date; audit?: { action: AuditAction; subject: { type: string; id: number | string }; payload: Record<string, unknown> } }
  /** The due instant moved: the row moves and is evaluated again then. */
  | { type: 'moved'; dueAt: Date; warnAt: Date; provisional: boolean }
  /** Nothing to raise now (the row stays open; the sweep looks again). */
  | { type: 'skip'; result?: Record<string, unknown> };

export interface RaiserInput {
  checkpoint: CheckpointRow;
  project: ProjectRow;
  level: AlertLevel;
  now: Date;
}

export interface CheckpointRaiser {
  inspect(tx: Tx, deps: Pick<Deps, 'clock' | 'config'>, input: RaiserInput): Promise<RaiserVerdict>;
}

/** The raiser of a kind, if it has one of its own. */
export type RaiserFor = (kind: string) => CheckpointRaiser | undefined;

/** The generic raiser: the engine's words. */
export const GENERIC_RAISER: CheckpointRaiser = {
  inspect: async (_tx, _deps, { checkpoint, project, level }) => ({ type: 'raise', message: genericAlertMessage(checkpoint, project, level) }),
};

export interface EvaluateOutcome {
  /** The state at the evaluation (after a move or a completion found by the raiser); null: no such checkpoint. */
  state: CheckpointState | null;
  /** The level raised by this evaluation, or null. */
  raised: AlertLevel | null;
  moved?: boolean;
  result?: Record<string, unknown>;
}

/**
 * Evaluate one checkpoint now (server time) and raise its due level once, in one transaction. A yellow
 * checkpoint raises yellow; a red one raises red (a yellow never raised before its due instant is not
 * raised late: the red says it). `only` restricts it to one level (the legacy per-alert jobs).
 */
export async function evaluateCheckpoint(deps: Pick<Deps, 'db' | 'clock' | 'config'>, raiserFor: RaiserFor, checkpointId: number, opts: { only?: AlertLevel } = {}): Promise<EvaluateOutcome> {
  return deps.db.transaction((tx) => evaluateIn(tx, deps, raiserFor, checkpointId, opts));
}

export async function evaluateIn(tx: Tx, deps: Pick<Deps, 'clock' | 'config'>, raiserFor: RaiserFor, checkpointId: number, opts: { only?: AlertLevel } = {}): Promise<EvaluateOutcome> {
  const [cp] = await tx.select().from(checkpoints).where(eq(checkpoints.id, checkpointId));
  if (!cp) return { state: null, raised: null };
  const now = deps.clock.now();
  const state = checkpointState(cp, now);
  if (state === 'green') {
    // Claimed early (clock skew between instances): look again at the warning start. No dedupe key —
    // the running job still holds it.
    await enqueueJob(tx, deps.clock, { kind: CHECKPOINT_EVALUATE_JOB, payload: { checkpointId: cp.id }, runAt: cp.warnAt });
    return { state, raised: null };
  }
  if (state === 'done') return { state, raised: null };
  const level: AlertLevel = state;
  if (opts.only && opts.only !== level) return { state, raised: null };
  if ((level === 'red' ? cp.redRaisedAt : cp.yellowRaisedAt) !== null) return { state, raised: null };
  const [project] = await tx.select().from(projects).where(eq(projects.id, cp.projectId));
  if (!project) return { state, raised: null };
  const verdict = await (raiserFor(cp.kind) ?? GENERIC_RAISER).inspect(tx, deps, { checkpoint: cp, project, level, now });
  switch (verdict.type) {
    case 'done': {
      const [done] = await tx
        .update(checkpoints)
        .set({ doneAt: verdict.at, doneAct: verdict.act, updatedAt: now })
        .where(and(eq(checkpoints.id, cp.id), isNull(checkpoints.doneAt)))
        .returning({ id: checkpoints.id });
      if (done && verdict.audit) await audit(tx, deps, SYSTEM_CONTEXT, { chain: projectChain(cp.projectId), ...verdict.audit });
      return { state: 'done', raised: null };
    }
    case 'moved': {
      const [moved] = await tx
        .update(checkpoints)
        .set({ dueAt: verdict.dueAt, warnAt: verdict.warnAt, provisional: verdict.provisional, updatedAt: now })
        .where(and(eq(checkpoints.id, cp.id), isNull(checkpoints.doneAt)))
        .returning();
      if (moved) await scheduleEvaluation(tx, deps, moved);
      return { state: moved ? checkpointState(moved, now) : 'done', raised: null, moved: true };
    }
    case 'skip':
      return { state, raised: null, ...(verdict.result ? { result: verdict.result } : {}) };
    case 'raise': {
      const raised = await raiseOnce(tx, deps, cp, project, level, verdict.message);
      if (!raised) return { state, raised: null };
      await verdict.onRaised?.(tx, raised);
      return { state, raised: level, ...(verdict.result ? { result: verdict.result } : {}) };
    }
  }
}

/**
 * The periodic sweep: every open checkpoint that is red without its red alert, or yellow without its
 * yellow one, is evaluated (each in its own transaction; one failing does not stop the others).
 */
export async function sweepCheckpoints(deps: Pick<Deps, 'db' | 'clock' | 'config' | 'logger'>, raiserFor: RaiserFor): Promise<{ evaluated: number; raised: number; failed: number }> {
  const now = deps.clock.now();
  const due = await deps.db
    .select({ id: checkpoints.id })
    .from(checkpoints)
    .where(
      and(
        isNull(checkpoints.doneAt),
        or(
          and(lte(checkpoints.dueAt, now), isNull(checkpoints.redRaisedAt)),
          and(lte(checkpoints.warnAt, now), gt(checkpoints.dueAt, now), lt(checkpoints.warnAt, checkpoints.dueAt), isNull(checkpoints.yellowRaisedAt)),
        ),
      ),
    )
    .orderBy(asc(checkpoints.dueAt), asc(checkpoints.id))
    .limit(SWEEP_BATCH);
  let raised = 0;
  let failed = 0;
  for (const { id } of due) {
    try {
      if ((await evaluateCheckpoint(deps, raiserFor, id)).raised) raised++;
    } catch (e) {
      failed++;
      deps.logger.warn({ checkpointId: id, err: e instanceof Error ? e.message : String(e) }, 'checkpoint sweep: evaluation failed');
    }
  }
  return { evaluated: due.length, raised, failed };
}

/** Make sure one sweep is pending at `runAt` (the dedupe key keeps it to one across instances). Call at start. */
export async function scheduleCheckpointSweep(deps: Pick<Deps, 'db' | 'clock'>, runAt: Date): Promise<void> {
  await enqueueJob(deps.db, deps.clock, { kind: CHECKPOINT_SWEEP_JOB, runAt, dedupeKey: CHECKPOINT_SWEEP_JOB });
}

/** The 'checkpoint.sweep' job: release its key, sweep, and schedule the next sweep. */
export async function runCheckpointSweep(deps: Pick<Deps, 'db' | 'clock' | 'config' | 'logger'>, raiserFor: RaiserFor, job: { id: number }): Promise<{ evaluated: number; raised: number; failed: number }> {
  await deps.db.update(jobs).set({ dedupeKey: null }).where(and(eq(jobs.id, job.id), sql`${jobs.dedupeKey} = ${CHECKPOINT_SWEEP_JOB}`));
  const out = await sweepCheckpoints(deps, raiserFor);
  await scheduleCheckpointSweep(deps, new Date(deps.clock.now().getTime() + CHECKPOINT_SWEEP_INTERVAL_MS));
  return out;
}
