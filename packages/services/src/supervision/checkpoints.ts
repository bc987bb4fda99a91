/**
 * Declaring and completing checkpoints (issue 20 §1, M1) — what a step calls, in its own transaction.
 * The kinds, their rules and warning windows are declared in the domain (supervision/checkpoint-kinds.ts,
 * whose header says how a new step adds its timer); the engine (engine.ts) evaluates and raises them.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { checkpoints, type CheckpointRow, type Tx } from '@ebid/db';
import type { Config } from '@ebid/config';
import { checkpointAt, type AuditAction, type CheckpointKind, type WarnOverrides } from '@ebid/domain';
import type { Deps } from '../deps.ts';
import { enqueueJob } from '../jobs/queue.ts';

export const CHECKPOINT_EVALUATE_JOB = 'checkpoint.evaluate';

/**
 * The configured per-kind warning windows (CHECKPOINT_WARN_MINUTES, validated by @ebid/config at start).
 * The steps' deps carry the config at run time even where their type names only the clock; without it
 * the declared defaults apply.
 */
export function warnOverrides(deps: object): WarnOverrides {
  const config = (deps as { config?: Partial<Config> }).config;
  return config?.checkpoints?.warnMinutes ?? {};
}

export interface DeclareCheckpointInput {
  projectId: number;
  kind: CheckpointKind;
  /** The instance inside the project, e.g. 'objection:12', 'deposit:5', 'project'. */
  subjectKey: string;
  dueAt: Date;
  /** Default: dueAt − the kind's (configured) warning window. */
  warnAt?: Date;
  provisional: boolean;
  /** The organization that must act; null = the trading center's staff. */
  responsibleOrgId: number | null;
}

const evaluateKey = (id: number, at: Date) => `${CHECKPOINT_EVALUATE_JOB}:${id}:${at.getTime()}`;

/** Schedule the evaluation at the warning start (when there is a window) and at the due instant (idempotent per instant). */
export async function scheduleEvaluation(tx: Tx, deps: Pick<Deps, 'clock'>, cp: Pick<CheckpointRow, 'id' | 'warnAt' | 'dueAt'>): Promise<void> {
  if (cp.warnAt.getTime() < cp.dueAt.getTime()) {
    await enqueueJob(tx, deps.clock, { kind: CHECKPOINT_EVALUATE_JOB, payload: { checkpointId: cp.id }, runAt: cp.warnAt, dedupeKey: evaluateKey(cp.id, cp.warnAt) });
  }
  await enqueueJob(tx, deps.clock, { kind: CHECKPOINT_EVALUATE_JOB, payload: { checkpointId: cp.id }, runAt: cp.dueAt, dedupeKey: evaluateKey(cp.id, cp.dueAt) });
}

/**
 * Declare (or move) a checkpoint in the caller's transaction: one row per (project, kind, subject); a
 * declaration again with another due instant moves it (a moved deadline, a year published) and schedules
 * the evaluation at the new instants — the old jobs find nothing due and do nothing. A checkpoint already
 * done stays done. Returns the row.
 */
export async function declareCheckpoint(tx: Tx, deps: Pick<Deps, 'clock'>, input: DeclareCheckpointInput): Promise<CheckpointRow> {
  const warnAt = input.warnAt ?? checkpointAt(input.kind, input.dueAt, { overrides: warnOverrides(deps) }).warnAt;
  const times = { warnAt: warnAt.getTime() > input.dueAt.getTime() ? input.dueAt : warnAt, dueAt: input.dueAt, provisional: input.provisional, responsibleOrgId: input.responsibleOrgId };
  const [row] = await tx
    .insert(checkpoints)
    .values({ projectId: input.projectId, kind: input.kind, subjectKey: input.subjectKey, ...times })
    .onConflictDoUpdate({
      target: [checkpoints.projectId, checkpoints.kind, checkpoints.subjectKey],
      set: { ...times, updatedAt: deps.clock.now() },
      setWhere: isNull(checkpoints.doneAt),
    })
    .returning();
  if (!row) {
    // Already done: nothing to move or schedule.
    const [done] = await tx.select().from(checkpoints).where(and(eq(checkpoints.projectId, input.projectId), eq(checkpoints.kind, input.kind), eq(checkpoints.subjectKey, input.subjectKey)));
    return done!;
  }
  await scheduleEvaluation(tx, deps, row);
  return row;
}

/**
 * Mark a checkpoint done by its act, in the act's transaction (the act's own audit event records it).
 * Without `subjectKey`, every open checkpoint of the kind in the project. Idempotent: a checkpoint already
 * done keeps its first act. Returns whether this call completed any; nothing happens when none was declared.
 */
export async function completeCheckpoint(
  tx: Tx,
  deps: Pick<Deps, 'clock'>,
  input: { projectId: number; kind: CheckpointKind; subjectKey?: string; act: AuditAction; at?: Date },
): Promise<boolean> {
  const rows = await tx
    .update(checkpoints)
    .set({ doneAt: input.at ?? deps.clock.now(), doneAct: input.act, updatedAt: deps.clock.now() })
    .where(
      and(
        eq(checkpoints.projectId, input.projectId),
        eq(checkpoints.kind, input.kind),
        input.subjectKey !== undefined ? eq(checkpoints.subjectKey, input.subjectKey) : undefined,
        isNull(checkpoints.doneAt),
      ),
    )
    .returning({ id: checkpoints.id });
  return rows.length > 0;
}

/** The checkpoint of a (project, kind, subject), or null. */
export async function findCheckpoint(tx: Tx, key: { projectId: number; kind: CheckpointKind; subjectKey: string }): Promise<CheckpointRow | null> {
  const [row] = await tx.select().from(checkpoints).where(and(eq(checkpoints.projectId, key.projectId), eq(checkpoints.kind, key.kind), eq(checkpoints.subjectKey, key.subjectKey)));
  return row ?? null;
}
