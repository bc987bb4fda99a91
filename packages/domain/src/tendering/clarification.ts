/**
 * N5 (domain §8, §2): a clarification or amendment (澄清/修改) that affects the preparation of bids must
 * reach bidders at least a minimum period before the deadline it concerns, or the deadline moves.
 *
 *   - prequalification documents → application deadline: 3 d (ZTBT §21; CGT §31)
 *   - engineering open/invited, procurement open/invited → bid deadline: 15 d (ZTB §23, ZTBT §21; CGT §31)
 *   - 竞争性磋商 → response deadline: 5 d (R214 §10, K)
 *   - 竞争性谈判 / 询价 → response deadline: 3 working days (R74 §29/§45, K)
 *   - single source, land and property: no statutory minimum (null)
 *
 * Counting (T2, issue 12 §3):
 * - whether the current deadline is far enough is a limit counted BACK from it ("at least n days before
 *   the deadline"): publishing on day D is in time iff the deadline day is on or after D + n (calendar
 *   days) / the n-th working day after D — never rolled;
 * - the deadline the platform moves to is a minimum counted FORWARD from publishing: the n-th day after D,
 *   rolled off a rest day to the next working day (民法典 §203), at the old deadline's time of day; a
 *   deadline the owner side asks for must not be earlier than that day.
 * Both are periods owed to bidders: provisional years count with the `owed` leaning (leaning.ts).
 */
import { AppError } from '../errors.ts';
import { MS_PER_DAY, beijingDate, startOfBeijingDay } from '../calendar/dates.ts';
import { WorkCalendar, type HolidayTable } from '../calendar/holidays.ts';
import { LEANING } from '../calendar/leaning.ts';
import { nthDayAfter, type PeriodUnit } from '../calendar/periods.ts';
import type { ProcedureMethod, TradeType } from '../procedure/flags.ts';
import type { DescribedRule } from '../procedure/laws.ts';

/** Which documents the clarification concerns: the prequalification documents or the tender documents. */
export type ClarificationStage = 'prequalification' | 'tender';

/** The minimum and its rule (key + words; users read it through `ruleSentence`, issue 19 §6). */
export interface ClarificationMinimum extends DescribedRule {
  n: number;
  unit: PeriodUnit;
}

/** The N5 minimum between publishing a clarification and the deadline, or null where the law sets none. */
export function clarificationMinimum(tradeType: TradeType, method: ProcedureMethod | string, stage: ClarificationStage): ClarificationMinimum | null {
  if (tradeType !== 'engineering' && tradeType !== 'procurement') return null;
  if (stage === 'prequalification') {
    return { n: 3, unit: 'd', ruleRef: tradeType === 'engineering' ? 'ZTBT §21' : 'CGT §31', descriptionZh: '资格预审文件的澄清或者修改，应当在提交资格预审申请文件截止时间至少3日前发出', descriptionEn: 'a clarification of the prequalification documents must be issued at least 3 days before the application deadline' };
  }
  if (method === 'open' || method === 'invited') {
    return { n: 15, unit: 'd', ruleRef: tradeType === 'engineering' ? 'ZTB §23, ZTBT §21' : 'CGT §31', descriptionZh: '影响投标文件编制的澄清或者修改，应当在投标截止时间至少15日前发出', descriptionEn: 'a clarification that affects bid preparation must be issued at least 15 days before the bid deadline' };
  }
  if (tradeType === 'procurement' && method === 'consultation') {
    return { n: 5, unit: 'd', ruleRef: 'R214 §10', descriptionZh: '磋商文件的澄清或者修改，应当在提交首次响应文件截止时间至少5日前发出', descriptionEn: 'a clarification of consultation documents must be issued at least 5 days before the first response deadline' };
  }
  if (tradeType === 'procurement' && (method === 'negotiation' || method === 'inquiry')) {
    return { n: 3, unit: 'wd', ruleRef: 'R74', descriptionZh: '谈判/询价文件的澄清或者修改，应当在提交响应文件截止之日3个工作日前发出', descriptionEn: 'a clarification of negotiation/inquiry documents must be issued at least 3 working days before the response deadline' };
  }
  return null;
}

export interface ClarificationPlanInput {
  tradeType: TradeType;
  method: ProcedureMethod | string;
  stage: ClarificationStage;
  /** The instant of publishing (server time, T1). */
  publishAt: Date;
  /** The deadline the clarification is judged against. */
  deadline: Date;
  affectsPreparation: boolean;
  /** A later deadline the owner side asks for (used if it is later than the platform's choice). */
  requestedDeadline?: Date | null;
  /** Sandbox acceleration (DESIGN §4): every day becomes 24 h ÷ factor of real time from `publishAt`. */
  acceleration?: number;
}

export type ClarificationPlan =
  | { ok: true; moveTo: Date | null; earliest: Date | null; provisional: boolean }
  | { ok: false; earliest: Date; provisional: boolean };

/**
 * For a clarification published at `publishAt`, or null if no minimum applies:
 * - `inTimeFrom`: the deadline day from which the current deadline is far enough (counted back, no roll);
 * - `earliest`: 00:00 of the earliest lawful NEW deadline day (counted forward, rolled off a rest day).
 */
export function clarificationEarliest(
  input: Pick<ClarificationPlanInput, 'tradeType' | 'method' | 'stage' | 'publishAt' | 'acceleration'>,
  table: HolidayTable,
): { inTimeFrom: Date; earliest: Date; provisional: boolean } | null {
  const min = clarificationMinimum(input.tradeType, input.method, input.stage);
  if (!min) return null;
  const factor = input.acceleration ?? 1;
  if (factor !== 1) {
    const at = new Date(input.publishAt.getTime() + Math.ceil((min.n * MS_PER_DAY) / factor));
    return { inTimeFrom: at, earliest: at, provisional: false };
  }
  const nth = nthDayAfter(input.publishAt, min.n, min.unit, table, LEANING.owed);
  const cal = new WorkCalendar(table, LEANING.owed);
  const rolled = min.unit === 'd' ? cal.nextWorkingDayOnOrAfter(nth.day) : nth.day;
  return { inTimeFrom: startOfBeijingDay(nth.day), earliest: startOfBeijingDay(rolled), provisional: nth.provisional || cal.provisional };
}

/**
 * Decide whether publishing now moves the deadline (N5):
 * - not affecting preparation, no statutory minimum, or the deadline far enough → `{ ok, moveTo: null }`;
 * - too close → `moveTo` = the earliest lawful new deadline day (rolled off a rest day) at the old
 *   deadline's Beijing time of day, or `requestedDeadline` if that is later;
 * - a `requestedDeadline` before the earliest lawful new deadline → `{ ok: false, earliest }`.
 */
export function planClarification(input: ClarificationPlanInput, table: HolidayTable): ClarificationPlan {
  for (const [k, v] of [['publishAt', input.publishAt], ['deadline', input.deadline], ['requestedDeadline', input.requestedDeadline]] as const) {
    if (v === undefined || v === null) continue;
    if (!(v instanceof Date) || !Number.isFinite(v.getTime())) {
      throw new AppError('VALIDATION', { zh: '时间无效', en: 'Invalid time' }, { field: k });
    }
  }
  const e = clarificationEarliest(input, table);
  if (e === null) return { ok: true, moveTo: null, earliest: null, provisional: false };
  if (!input.affectsPreparation || input.deadline.getTime() >= e.inTimeFrom.getTime()) {
    return { ok: true, moveTo: null, earliest: e.earliest, provisional: e.provisional };
  }
  const requested = input.requestedDeadline ?? null;
  if (requested && requested.getTime() < e.earliest.getTime()) return { ok: false, earliest: e.earliest, provisional: e.provisional };
  let computed: Date;
  if ((input.acceleration ?? 1) !== 1) {
    computed = e.earliest;
  } else {
    const timeOfDay = input.deadline.getTime() - startOfBeijingDay(beijingDate(input.deadline)).getTime();
    computed = new Date(e.earliest.getTime() + timeOfDay);
  }
  const moveTo = requested && requested.getTime() > computed.getTime() ? requested : computed;
  return { ok: true, moveTo, earliest: e.earliest, provisional: e.provisional };
}
