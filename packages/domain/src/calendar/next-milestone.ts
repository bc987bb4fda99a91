/**
 * The next date of a project's schedule (issue 19 §5): what the owner side's 时间安排 list shows per
 * project — the earliest schedule instant still ahead of `now`. A project that stopped (failed,
 * terminated, archived) or is suspended has none: its schedule is not running.
 */
import type { ProcedureStatus } from '../procedure/machine.ts';
import { SCHEDULE_FIELDS, type ScheduleField } from './limits.ts';

export interface NextMilestone {
  field: ScheduleField;
  /** ISO instant as stored. */
  at: string;
}

/** Statuses whose schedule no longer runs (or runs again only on resume). */
const SCHEDULE_STOPPED: ReadonlySet<ProcedureStatus> = new Set<ProcedureStatus>(['SUSPENDED', 'FAILED', 'TERMINATED', 'ARCHIVED']);

/**
 * The earliest schedule instant strictly after `nowMs`; on a tie, the field that comes first in
 * SCHEDULE_FIELDS (the order of the procedure). Unparseable values are ignored.
 */
export function nextMilestone(schedule: Partial<Record<ScheduleField, string>>, status: ProcedureStatus, nowMs: number): NextMilestone | null {
  if (SCHEDULE_STOPPED.has(status)) return null;
  let best: { field: ScheduleField; at: string; ms: number } | null = null;
  for (const field of SCHEDULE_FIELDS) {
    const at = schedule[field];
    if (at === undefined) continue;
    const ms = Date.parse(at);
    if (!Number.isFinite(ms) || ms <= nowMs) continue;
    if (!best || ms < best.ms) best = { field, at, ms };
  }
  return best ? { field: best.field, at: best.at } : null;
}
