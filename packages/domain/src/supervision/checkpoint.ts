/**
 * Checkpoints (监督点, domain §6.1–6.2, M1): every statutory timer of a project is a checkpoint with a due
 * instant, a warning window before it, and the act that completes it. Its state is computed from the
 * server's time, never stored: green while now < warnAt; yellow while warnAt ≤ now < dueAt; red when
 * now ≥ dueAt and it is not done; done once its act happened (whenever that was — a late act is done,
 * and `late` says so).
 *
 * The engine (services/supervision) stores one row per checkpoint instance and raises each level's alert
 * once; the kinds and their warning windows are declared in `checkpoint-kinds.ts` (issue 20).
 */

export const CHECKPOINT_STATES = ['green', 'yellow', 'red', 'done'] as const;
export type CheckpointState = (typeof CHECKPOINT_STATES)[number];

/** An alert's level: a yellow (将超期) or red (超期) checkpoint raises one. */
export const ALERT_LEVELS = ['yellow', 'red'] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];

export interface CheckpointTimes {
  /** From here the checkpoint is yellow (= dueAt when the kind has no warning window). */
  warnAt: Date;
  /** The statutory limit: from here it is red unless done. */
  dueAt: Date;
  /** When its act happened, or null. */
  doneAt: Date | null;
}

/** The state at `now` (domain §6.2). */
export function checkpointState(c: CheckpointTimes, now: Date): CheckpointState {
  if (c.doneAt) return 'done';
  const t = now.getTime();
  if (t >= c.dueAt.getTime()) return 'red';
  if (t >= c.warnAt.getTime()) return 'yellow';
  return 'green';
}

/** A done checkpoint whose act came after its due instant. */
export function isLate(c: CheckpointTimes): boolean {
  return c.doneAt !== null && c.doneAt.getTime() > c.dueAt.getTime();
}
