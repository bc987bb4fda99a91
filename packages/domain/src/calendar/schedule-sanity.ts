/**
 * Does a schedule make sense at all, before the law is checked (issue 13 §8)? The statutory check
 * (check-schedule.ts) counts periods between given fields; it says nothing about a bid deadline before
 * the notice, a schedule in 1900 or 9999, or a deadline that has already passed when the project is
 * submitted. These rules come first, in the save, check and submit paths, each refusal naming the field:
 *
 * - every instant falls in the years 2000–2100 (北京时间);
 * - the instants follow the procedure's order: the notice first; documents issued, then the bid
 *   deadline, then the opening; the prequalification documents, the application deadline and the review
 *   before the bid deadline; each window's start before its end; a property auction after its disclosure.
 *   Every pair of present fields related by that order is compared (also across a field left out), and
 *   equal instants are in order: how long a period must be is the law's business;
 * - at submission, no deadline may already be past: every field but those the publication itself sets
 *   (`ANCHORED_ON_PUBLICATION`: they move to the real publication instant) must lie after the arrival.
 */
import { AppError } from '../errors.ts';
import { ANCHORED_ON_PUBLICATION, type Schedule } from './check-schedule.ts';
import { BEIJING_OFFSET_MS, formatBeijingDateTime } from './dates.ts';
import { SCHEDULE_FIELDS, SCHEDULE_FIELD_LABELS, type ScheduleField } from './limits.ts';

export const SCHEDULE_YEAR_MIN = 2000;
export const SCHEDULE_YEAR_MAX = 2100;

/** The direct order of the schedule: each pair [earlier, later] (equal is in order). */
export const SCHEDULE_ORDER_EDGES: readonly (readonly [ScheduleField, ScheduleField])[] = [
  ...SCHEDULE_FIELDS.filter((f) => f !== 'noticePublishAt').map((f) => ['noticePublishAt', f] as const),
  ['docsIssueStart', 'docsIssueEnd'],
  ['docsIssueEnd', 'bidDeadline'],
  ['prequalDocsEnd', 'prequalApplicationDeadline'],
  ['prequalApplicationDeadline', 'prequalReviewEnd'],
  ['prequalReviewEnd', 'bidDeadline'],
  ['bidDeadline', 'openingAt'],
  ['listingStart', 'listingEnd'],
  ['disclosureStart', 'disclosureEnd'],
  ['disclosureEnd', 'auctionStart'],
  ['publicityStart', 'publicityEnd'],
];

/** Every [earlier, later] pair implied by the edges (transitive closure), in SCHEDULE_FIELDS order. */
export const SCHEDULE_ORDER_PAIRS: readonly (readonly [ScheduleField, ScheduleField])[] = (() => {
  const after = new Map<ScheduleField, Set<ScheduleField>>(SCHEDULE_FIELDS.map((f) => [f, new Set<ScheduleField>()]));
  for (const [a, b] of SCHEDULE_ORDER_EDGES) after.get(a)!.add(b);
  let grew = true;
  while (grew) {
    grew = false;
    for (const set of after.values()) {
      for (const b of [...set]) {
        for (const c of after.get(b)!) {
          if (!set.has(c)) {
            set.add(c);
            grew = true;
          }
        }
      }
    }
  }
  const pairs: (readonly [ScheduleField, ScheduleField])[] = [];
  for (const later of SCHEDULE_FIELDS) for (const earlier of SCHEDULE_FIELDS) if (after.get(earlier)!.has(later)) pairs.push([earlier, later] as const);
  return pairs;
})();

export type ScheduleSanityReason = 'SCHEDULE_YEAR_OUT_OF_RANGE' | 'SCHEDULE_ORDER' | 'SCHEDULE_IN_PAST';

export interface ScheduleSanityViolation {
  reason: ScheduleSanityReason;
  /** The field that must move. */
  field: ScheduleField;
  /** SCHEDULE_ORDER: the field it may not come before. */
  before?: ScheduleField;
  messageZh: string;
  messageEn: string;
}

const label = (f: ScheduleField) => SCHEDULE_FIELD_LABELS[f];
const when = (d: Date) => formatBeijingDateTime(d);

function yearViolation(f: ScheduleField, v: Date): ScheduleSanityViolation {
  return {
    reason: 'SCHEDULE_YEAR_OUT_OF_RANGE',
    field: f,
    messageZh: `${label(f).zh}（${when(v)}）不在${SCHEDULE_YEAR_MIN}年至${SCHEDULE_YEAR_MAX}年之间`,
    messageEn: `The ${label(f).en} (${when(v)} Beijing time) is not within the years ${SCHEDULE_YEAR_MIN}–${SCHEDULE_YEAR_MAX}`,
  };
}

/**
 * The schedule's nonsense, in order: years out of range first, then order (each out-of-order pair, named
 * by its later field). Empty when it makes sense. Invalid Dates count as out of range.
 */
export function checkScheduleSanity(schedule: Schedule): ScheduleSanityViolation[] {
  const out: ScheduleSanityViolation[] = [];
  const inRange = new Set<ScheduleField>();
  for (const f of SCHEDULE_FIELDS) {
    const v = schedule[f];
    if (v === undefined) continue;
    if (!(v instanceof Date) || !Number.isFinite(v.getTime())) {
      out.push({ reason: 'SCHEDULE_YEAR_OUT_OF_RANGE', field: f, messageZh: `${label(f).zh}不是有效的时间`, messageEn: `The ${label(f).en} is not a valid time` });
      continue;
    }
    const year = new Date(v.getTime() + BEIJING_OFFSET_MS).getUTCFullYear();
    if (year >= SCHEDULE_YEAR_MIN && year <= SCHEDULE_YEAR_MAX) inRange.add(f);
    else out.push(yearViolation(f, v));
  }
  for (const [earlier, later] of SCHEDULE_ORDER_PAIRS) {
    if (!inRange.has(earlier) || !inRange.has(later)) continue;
    const a = schedule[earlier]!;
    const b = schedule[later]!;
    if (b.getTime() < a.getTime()) {
      out.push({
        reason: 'SCHEDULE_ORDER',
        field: later,
        before: earlier,
        messageZh: `${label(later).zh}（${when(b)}）不得早于${label(earlier).zh}（${when(a)}）`,
        messageEn: `The ${label(later).en} (${when(b)}) must not be before the ${label(earlier).en} (${when(a)}, Beijing time)`,
      });
    }
  }
  return out;
}

/**
 * The deadlines already past at `now` (submission for review, issue 13 §8): every present field except
 * those the publication sets (ANCHORED_ON_PUBLICATION), at or before `now`.
 */
export function scheduleDeadlinesPassed(schedule: Schedule, now: Date): ScheduleSanityViolation[] {
  const out: ScheduleSanityViolation[] = [];
  for (const f of SCHEDULE_FIELDS) {
    const v = schedule[f];
    if (v === undefined || ANCHORED_ON_PUBLICATION.includes(f)) continue;
    if (v.getTime() <= now.getTime()) {
      out.push({
        reason: 'SCHEDULE_IN_PAST',
        field: f,
        messageZh: `${label(f).zh}（${when(v)}）已经过去，请先修改时间安排`,
        messageEn: `The ${label(f).en} (${when(v)} Beijing time) has already passed; change the schedule first`,
      });
    }
  }
  return out;
}

/** VALIDATION naming the first violation's field, with every violation in the details; no-op when empty. */
export function assertScheduleSane(violations: readonly ScheduleSanityViolation[]): void {
  const first = violations[0];
  if (!first) return;
  throw new AppError('VALIDATION', { zh: first.messageZh, en: first.messageEn }, {
    field: first.field,
    reason: first.reason,
    violations: violations.map((v) => ({ ...v })),
  });
}
