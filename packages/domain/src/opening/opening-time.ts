/**
 * When the opening happens and when its record is settled (issue 18 §5; domain O1, O5, O6, R87 §42).
 *
 * - The opening is due at the bid deadline (O1: never a moment before, by the server clock). The platform
 *   timer opens the session at that instant; staff host it. Up to the start grace after the deadline the
 *   opening is on time; a session opened or taken over by its host later than that is a late opening
 *   (迟延开标), which needs its reason on the record.
 * - Each version of the opening record gives the bidders a confirm window. Before its end the session
 *   closes only when every bidder has answered this version (confirmed or objected); from its end on,
 *   the close deems the silent bidders to accept the record — for government procurement a bidder who
 *   does not sign is deemed to accept it (R87 §42); for the other trades objections are raised at the
 *   opening and recorded (ZTBT §44), so a bidder silent through the window has raised none and the
 *   record stands for it alike.
 *
 * Pure: every instant is passed in. A boundary instant belongs to the earlier phase (the grace end is
 * still on time; the confirm deadline itself already allows the close).
 */
import { AppError } from '../errors.ts';
import type { ProcedureMethod, TradeType } from '../procedure/flags.ts';
import { termPair } from '../vocabulary/terms.ts';

/** The start grace after the bid deadline when the tender sets none (minutes). */
export const DEFAULT_START_GRACE_MINUTES = 15;
/** The confirm window of a record version when the tender sets none (minutes). */
export const DEFAULT_CONFIRM_WINDOW_MINUTES = 30;
/** What the tender may set (inclusive). */
export const START_GRACE_LIMITS = { min: 0, max: 120 } as const;
export const CONFIRM_WINDOW_LIMITS = { min: 10, max: 1440 } as const;
/** A late opening's reason: 2 to 500 characters. */
export const LATE_REASON_LIMITS = { min: 2, max: 500 } as const;

const MINUTE = 60_000;

/** 'early' before the deadline (O1: refused), 'on_time' from the deadline through the grace end, 'late' after it. */
export type OpeningTiming = 'early' | 'on_time' | 'late';

/** The end of the start grace: the last instant an opening is still on time. */
export function startGraceEnd(bidDeadline: Date, graceMinutes: number): Date {
  if (!Number.isInteger(graceMinutes) || graceMinutes < 0) {
    throw new AppError('VALIDATION', { zh: '开标宽限时间无效', en: 'The opening grace is not valid' }, { reason: 'GRACE_INVALID' });
  }
  return new Date(bidDeadline.getTime() + graceMinutes * MINUTE);
}

/** How an opening (or its host's taking the chair) at `at` stands against the deadline and its grace. */
export function openingTimingAt(rule: { bidDeadline: Date; graceMinutes: number }, at: Date): OpeningTiming {
  if (at.getTime() < rule.bidDeadline.getTime()) return 'early';
  return at.getTime() <= startGraceEnd(rule.bidDeadline, rule.graceMinutes).getTime() ? 'on_time' : 'late';
}

/**
 * The reason a start or a taking of the chair needs at `timing`: none when on time (a reason given is
 * ignored), the trimmed reason when late — VALIDATION (LATE_REASON_REQUIRED) without one.
 */
export function lateReasonFor(timing: OpeningTiming, reason: string | null | undefined): string | null {
  if (timing !== 'late') return null;
  const r = typeof reason === 'string' ? reason.trim() : '';
  if (r.length < LATE_REASON_LIMITS.min || r.length > LATE_REASON_LIMITS.max) {
    throw new AppError(
      'VALIDATION',
      { zh: `已超过开标时间及宽限时间，属迟延开标，请写明原因（${LATE_REASON_LIMITS.min}至${LATE_REASON_LIMITS.max}字）`, en: `The opening is past its time and grace (a late opening): state the reason (${LATE_REASON_LIMITS.min} to ${LATE_REASON_LIMITS.max} characters)` },
      { reason: 'LATE_REASON_REQUIRED', field: 'lateReason' },
    );
  }
  return r;
}

/** The confirm deadline of a record version generated at `generatedAt`. */
export function confirmDeadlineOf(generatedAt: Date, windowMinutes: number): Date {
  if (!Number.isInteger(windowMinutes) || windowMinutes <= 0) {
    throw new AppError('VALIDATION', { zh: '确认时限无效', en: 'The confirm window is not valid' }, { reason: 'CONFIRM_WINDOW_INVALID' });
  }
  return new Date(generatedAt.getTime() + windowMinutes * MINUTE);
}

/** A bidder's answer to the current record version. */
export type RecordAnswer = 'pending' | 'confirmed' | 'objected' | 'deemed_accepted';

/**
 * May the session close at `at`, and whom does the close deem to accept? Before the confirm deadline
 * only when every line has answered this version (INVALID_STATE CONFIRM_WINDOW_OPEN otherwise, naming
 * how many are still silent); at or after it, the silent lines (and the objected ones, whose objections
 * are answered and in the record — O6 is checked by the caller) are deemed to accept.
 */
export function closeDecision<Id>(input: {
  confirmDeadline: Date;
  at: Date;
  lines: readonly { id: Id; answer: RecordAnswer }[];
  /** The project, for the message's words (issue 18 §1): 投标人 / 供应商 …, 开标 / 响应文件开启 …; default engineering. */
  project?: { tradeType: TradeType; method: ProcedureMethod };
}): { deemed: Id[] } {
  const silent = input.lines.filter((l) => l.answer === 'pending');
  if (silent.length && input.at.getTime() < input.confirmDeadline.getTime()) {
    const { tradeType, method } = input.project ?? { tradeType: 'engineering', method: 'open' };
    const bidder = termPair('bidder', tradeType, method);
    const opening = termPair('opening', tradeType, method);
    throw new AppError(
      'INVALID_STATE',
      {
        zh: `${opening.zh}记录表确认时限尚未届满，仍有${silent.length}家${bidder.zh}未确认或提出异议，不能结束${opening.zh}`,
        en: `The record's confirm window is still open and ${silent.length} ${bidder.en}(s) have not answered; the ${opening.en} cannot close yet`,
      },
      { reason: 'CONFIRM_WINDOW_OPEN', confirmDeadline: input.confirmDeadline.toISOString(), waiting: silent.length },
    );
  }
  return { deemed: input.lines.filter((l) => l.answer === 'pending' || l.answer === 'objected').map((l) => l.id) };
}
