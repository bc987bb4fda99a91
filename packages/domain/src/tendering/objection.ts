/**
 * Objection (异议 / 质疑) windows against the tender or prequalification documents and the tenderee's
 * answer limit (domain §8 N8, §1.1 step 5 and P2, §1.2 challenges, T2). Pure: the caller passes the
 * schedule, the filer's first download and the holiday table.
 *
 * - Engineering (ZTBT §22): objections to the tender documents must be raised at least 10 days before the
 *   bid deadline, to the prequalification documents at least 2 days before the application deadline.
 *   Read with MFD §201 (start day excluded): the deadline day must be ≥ N days after the filing day, so
 *   the last filing day is deadlineDate − N, until 24:00 北京时间 of that day. No §203 roll: rolling would
 *   lengthen a "no later than" limit past the statutory distance.
 * - Government procurement (CG §52, CGT §53): a challenge (质疑) within 7 working days of knowing; for the
 *   documents "knowing" is the day the supplier obtained them (its first download), else the end of the
 *   documents' availability period. The window ends at 24:00 of the 7th working day after it, and never
 *   after the bid (response / application) deadline: the documents cannot be challenged once bids are in.
 * - Land and property: there is no objection procedure against the documents (null).
 */
import { addDays, beijingDate, endOfBeijingDay } from '../calendar/dates.ts';
import type { HolidayTable } from '../calendar/holidays.ts';
import type { Schedule } from '../calendar/check-schedule.ts';
import { periodEnd } from '../calendar/periods.ts';
import type { TradeType } from '../procedure/flags.ts';

export type ObjectionStage = 'prequalification' | 'tender';

export interface ObjectionWindowInput {
  tradeType: TradeType;
  method: string;
  /** The procedure has a prequalification phase. */
  prequalification: boolean;
  /** Which documents are objected to. */
  stage: ObjectionStage;
  schedule: Schedule;
  /** The filer's first download of the project's documents, if any (procurement: the day it "knew"). */
  firstDownloadAt?: Date | null;
}

export interface ObjectionWindow {
  /** Exclusive end: a filing at instant t is in time iff t < closesAt. */
  closesAt: Date;
  /** The rule applied, for messages and the audit record. */
  ruleRef: string;
}

/** Days before the deadline (engineering, ZTBT §22) and working days after knowing (procurement, CG §52). */
export const OBJECTION_LIMITS = {
  engineeringTenderDays: 10,
  engineeringPrequalDays: 2,
  procurementChallengeWorkingDays: 7,
  answerDays: 3,
} as const;

/**
 * The window for an objection to the documents of `stage`, or null when the trade type has no objection
 * procedure against documents or the schedule lacks the deadline the window is measured from.
 */
export function objectionWindow(input: ObjectionWindowInput, table: HolidayTable): ObjectionWindow | null {
  const s = input.schedule;
  const prequal = input.stage === 'prequalification';
  if (prequal && !input.prequalification) return null;
  switch (input.tradeType) {
    case 'engineering': {
      const deadline = prequal ? s.prequalApplicationDeadline : s.bidDeadline;
      if (!deadline) return null;
      const days = prequal ? OBJECTION_LIMITS.engineeringPrequalDays : OBJECTION_LIMITS.engineeringTenderDays;
      const lastDay = addDays(beijingDate(deadline), -days);
      return {
        closesAt: endOfBeijingDay(lastDay),
        ruleRef: prequal ? 'ZTBT §22 (N8): 资格预审文件异议应在提交资格预审申请文件截止时间2日前提出' : 'ZTBT §22 (N8): 招标文件异议应在投标截止时间10日前提出',
      };
    }
    case 'procurement': {
      const cap = prequal ? s.prequalApplicationDeadline : s.bidDeadline;
      const issued = prequal ? (s.prequalDocsEnd ?? s.docsIssueEnd) : s.docsIssueEnd;
      const knowing = input.firstDownloadAt ?? issued;
      if (!knowing) return null;
      const end = periodEnd(knowing, OBJECTION_LIMITS.procurementChallengeWorkingDays, 'wd', table).endsAt;
      const closesAt = cap && cap.getTime() < end.getTime() ? cap : end;
      return {
        closesAt,
        ruleRef: 'CG §52, CGT §53: 对采购文件的质疑应在知道或应知其权益受到损害之日起7个工作日内提出',
      };
    }
    default:
      return null;
  }
}

/**
 * When the tenderee's answer to an accepted objection is due (ZTBT §22: 3 days from receipt): 24:00
 * 北京时间 of the 3rd day after the filing day, a last day on a rest day rolling to the next working day
 * (MFD §201–203, T2). Exclusive, like every period end.
 */
export function objectionAnswerDue(filedAt: Date, table: HolidayTable): Date {
  return periodEnd(filedAt, OBJECTION_LIMITS.answerDays, 'd', table).endsAt;
}
