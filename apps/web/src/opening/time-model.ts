/**
 * The opening's time as the room shows it (issue 18 §5), pure: where the chair stands — the platform
 * opens at the deadline, staff host; past the start grace a start or the chair needs the reason — and
 * the confirm window of the current record version. Unit-tested in opening-time.test.tsx.
 */
import type { OpeningView } from './model.ts';

/**
 * - scheduled: the platform opens the session at `autoOpenAt` (before the deadline: nothing to do yet);
 * - start_now: the deadline passed and the session is not open yet (the timer is due): staff may start it;
 * - start_late: not opened by the end of the grace: a late start, with its reason;
 * - take_chair / take_chair_late: opened by the platform, waiting for its host (late: with the reason);
 * - hosted: a host is in the chair; none: nothing to host (failed, closed without a host).
 */
export type ChairState = 'scheduled' | 'start_now' | 'start_late' | 'take_chair' | 'take_chair_late' | 'hosted' | 'none';

type TimeView = Pick<OpeningView, 'status' | 'bidDeadline' | 'graceEndsAt' | 'hostedAt'>;

export function chairState(v: TimeView, now: number | undefined): ChairState {
  if (v.status === 'failed' || v.status === 'closed') return v.hostedAt ? 'hosted' : 'none';
  const late = v.graceEndsAt !== null && now !== undefined && now > Date.parse(v.graceEndsAt);
  if (v.status === 'waiting') {
    if (!v.bidDeadline || now === undefined || now < Date.parse(v.bidDeadline)) return 'scheduled';
    return late ? 'start_late' : 'start_now';
  }
  if (v.hostedAt) return 'hosted';
  return late ? 'take_chair_late' : 'take_chair';
}

/** Does starting or taking the chair now need the late reason? */
export const needsLateReason = (s: ChairState): boolean => s === 'start_late' || s === 'take_chair_late';

/** The confirm window of the current record version, while the session is published and not closed; null otherwise. */
export function confirmWindow(v: Pick<OpeningView, 'status' | 'record'>, now: number | undefined): { deadline: string; leftMs: number | null; over: boolean } | null {
  if (v.status !== 'published' || !v.record) return null;
  const end = Date.parse(v.record.confirmDeadline);
  if (now === undefined) return { deadline: v.record.confirmDeadline, leftMs: null, over: false };
  return { deadline: v.record.confirmDeadline, leftMs: Math.max(0, end - now), over: now >= end };
}
