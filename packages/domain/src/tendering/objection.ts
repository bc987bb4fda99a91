/**
 * Objections (异议, engineering) and challenges (质疑, government procurement): when they may be filed,
 * whether they suspend the procedure, and when the answer is due (domain §8 N8, C2, §1.1 step 5 / P2,
 * §1.2; issue 12 §7). Pure: the caller passes the schedule, the facts and the holiday table.
 *
 * Engineering (ZTBT §22), against the documents only:
 * - filed at least 10 days before the bid deadline (tender documents) or 2 days before the application
 *   deadline (prequalification documents): counted BACK from the deadline with MFD §201 (start day
 *   excluded), so the last filing day is deadlineDate − N until 24:00, never rolled (rolling would put the
 *   limit past the statutory distance) and independent of the holiday calendar;
 * - receiving one suspends the procedure from receipt ("作出答复前，应当暂停招标投标活动"), whatever the
 *   owner side does;
 * - the answer is due within 3 days of receipt (a period that runs forward: rolled off a rest day); a
 *   refusal to accept it is an answer.
 * Government procurement (CG §52–53, CGT §53):
 * - a challenge is filed within 7 working days of the day the supplier knew or should have known: for the
 *   documents, the day it obtained them (its first download) or the end of their notice period; for the
 *   procurement process, the end of the step challenged; for the result, the end of the result notice
 *   period. The bid deadline does not cut a documents challenge short;
 * - it does not suspend the procurement by itself (a suspension is the supervisor's power, CG §57);
 * - the answer is due within 7 working days of receipt.
 * Land and property: no objection procedure (null).
 *
 * Windows are periods owed to the filer (`LEANING.owed`); answer due dates and their warnings are the
 * platform's watch (`LEANING.due`) — leaning.ts.
 */
import { addDays, beijingDate, endOfBeijingDay, MS_PER_DAY } from '../calendar/dates.ts';
import type { HolidayTable } from '../calendar/holidays.ts';
import { LEANING } from '../calendar/leaning.ts';
import type { Schedule } from '../calendar/check-schedule.ts';
import { periodEnd } from '../calendar/periods.ts';
import type { TradeType } from '../procedure/flags.ts';
import type { DescribedRule } from '../procedure/laws.ts';

/** Which documents an objection to documents concerns. */
export type ObjectionStage = 'prequalification' | 'tender';

/** What is objected to: the documents (both trades), the procurement process or its result (GP 质疑). */
export const OBJECTION_SUBJECTS = ['documents', 'process', 'result'] as const;
export type ObjectionSubject = (typeof OBJECTION_SUBJECTS)[number];

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

/**
 * The window an objection is judged against. The rule applied: its key (`ruleRef`, for the audit record
 * and tests) and its words (`descriptionZh/En`); users read it through `ruleSentence` (issue 19 §6).
 */
export interface ObjectionWindow extends DescribedRule {
  /** Exclusive end: a filing at instant t is in time iff t < closesAt. */
  closesAt: Date;
  /** The end was computed on a provisional calendar (暂定). */
  provisional: boolean;
}

/** Days before the deadline (engineering, ZTBT §22), working days (procurement, CG §52–53), answer days. */
export const OBJECTION_LIMITS = {
  engineeringTenderDays: 10,
  engineeringPrequalDays: 2,
  procurementChallengeWorkingDays: 7,
  engineeringAnswerDays: 3,
  procurementAnswerWorkingDays: 7,
} as const;

export const SINGLE_SOURCE_OBJECTION_RULE: DescribedRule = {
  ruleRef: 'CGT §38',
  descriptionZh: '对采用单一来源采购方式公示有异议的，可以在公示期内提出',
  descriptionEn: 'an objection to a single-source publicity may be raised while the publicity runs',
};

export const CHALLENGE_RULE: DescribedRule = {
  ruleRef: 'CG §52, CGT §53',
  descriptionZh: '供应商应在知道或者应知其权益受到损害之日起7个工作日内提出质疑',
  descriptionEn: 'a supplier challenges within 7 working days of the day it knew or should have known its rights were harmed',
};

/** Engineering objections to the documents (ZTBT §22, N8): 10 days before the bid deadline, 2 before a prequalification's. */
const ENGINEERING_OBJECTION_RULES: Readonly<Record<'tender' | 'prequalification', DescribedRule>> = {
  tender: {
    ruleRef: 'ZTBT §22',
    descriptionZh: '对招标文件有异议的，应当在投标截止时间10日前提出',
    descriptionEn: 'an objection to the tender documents is raised at least 10 days before the bid deadline',
  },
  prequalification: {
    ruleRef: 'ZTBT §22',
    descriptionZh: '对资格预审文件有异议的，应当在提交资格预审申请文件截止时间2日前提出',
    descriptionEn: 'an objection to the prequalification documents is raised at least 2 days before the application deadline',
  },
};

/** Who answers an objection, and by when (engineering ZTBT §22: 3 days; procurement CG §53: 7 working days). */
const ANSWER_RULES: Readonly<Record<'engineering' | 'procurement', DescribedRule>> = {
  engineering: {
    ruleRef: 'ZTBT §22',
    descriptionZh: '招标人应当自收到异议之日起3日内作出答复',
    descriptionEn: 'the tenderee answers within 3 days of receiving the objection',
  },
  procurement: {
    ruleRef: 'CG §53',
    descriptionZh: '采购人应当在收到供应商书面质疑后7个工作日内作出答复',
    descriptionEn: 'the purchaser answers within 7 working days of receiving the written challenge',
  },
};

/** Whether the trade type has an objection (or challenge) procedure at all. */
export function hasObjectionProcedure(tradeType: TradeType): boolean {
  return tradeType === 'engineering' || tradeType === 'procurement';
}

/** Subjects a filer may choose for the trade type: engineering objects to documents; GP challenges all three. */
export function objectionSubjects(tradeType: TradeType): readonly ObjectionSubject[] {
  if (tradeType === 'engineering') return ['documents'];
  if (tradeType === 'procurement') return OBJECTION_SUBJECTS;
  return [];
}

/**
 * A GP challenge window: 7 working days from the day the supplier knew (`knowingAt`), until 24:00 of the
 * 7th working day (CG §52).
 */
export function challengeWindow(knowingAt: Date, table: HolidayTable): ObjectionWindow {
  const end = periodEnd(knowingAt, OBJECTION_LIMITS.procurementChallengeWorkingDays, 'wd', table, { leaning: LEANING.owed });
  return { closesAt: end.endsAt, ...CHALLENGE_RULE, provisional: end.provisional };
}

/**
 * The window for an objection to the documents of `stage`, or null when the trade type has no objection
 * procedure against documents or the schedule lacks what the window is measured from.
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
        ...ENGINEERING_OBJECTION_RULES[prequal ? 'prequalification' : 'tender'],
        provisional: false,
      };
    }
    case 'procurement': {
      // CGT §38 (issue 18 §3): a single source issues no documents; anyone may object to its publicity
      // while it runs. A pending objection holds the procedure at the publicity end (R74 §39, K).
      if (input.method === 'single_source') {
        return s.publicityEnd ? { closesAt: s.publicityEnd, ...SINGLE_SOURCE_OBJECTION_RULE, provisional: false } : null;
      }
      // CGT §53: the day the documents were obtained, or the end of their notice (availability) period.
      const issued = prequal ? (s.prequalDocsEnd ?? s.docsIssueEnd) : s.docsIssueEnd;
      const knowing = input.firstDownloadAt ?? issued;
      if (!knowing) return null;
      return challengeWindow(knowing, table);
    }
    default:
      return null;
  }
}

/** Whether receiving an objection of this kind suspends the procedure (engineering documents only). */
export function objectionSuspends(tradeType: TradeType, subject: ObjectionSubject): boolean {
  return tradeType === 'engineering' && subject === 'documents';
}

export interface AnswerDue extends DescribedRule {
  /** Exclusive: the answer is late at this instant. */
  at: Date;
  /** The yellow warning starts here: the last day before the answer is due (24 h before). */
  warnAt: Date;
  /** 'd' 3 (engineering) or 'wd' 7 (procurement), for messages. */
  limit: { n: number; unit: 'd' | 'wd' };
  provisional: boolean;
}

/**
 * When the answer to an objection received at `receivedAt` is due (the receipt day excluded, MFD §201):
 * engineering 3 days, rolled off a rest day (ZTBT §22); procurement 7 working days (CG §53). Computed
 * with the `due` leaning: the earliest the official calendar can make it.
 */
export function objectionAnswerDue(tradeType: TradeType, receivedAt: Date, table: HolidayTable): AnswerDue {
  const gp = tradeType === 'procurement';
  const limit = gp ? { n: OBJECTION_LIMITS.procurementAnswerWorkingDays, unit: 'wd' as const } : { n: OBJECTION_LIMITS.engineeringAnswerDays, unit: 'd' as const };
  const end = periodEnd(receivedAt, limit.n, limit.unit, table, { leaning: LEANING.due });
  return {
    at: end.endsAt,
    warnAt: new Date(end.endsAt.getTime() - MS_PER_DAY),
    ...ANSWER_RULES[gp ? 'procurement' : 'engineering'],
    limit,
    provisional: end.provisional,
  };
}
