/**
 * The check of an official year before staff publish it (issue 12 §2): what a State Council notice
 * always satisfies, so that a typo cannot become the calendar every deadline is computed with.
 *
 * - every date lies in the year (a late-December day that next year's 元旦 moves is entered in its own
 *   year, which staff then republish);
 * - every statutory day off of the law (provisional.ts `statutoryHolidays`: 元旦, 除夕 to 正月初三, 清明,
 *   5月1–2日, 端午, 中秋, 10月1–3日) is listed as a day off — a notice cannot take a statutory holiday away;
 * - a 调休 working day is a Saturday or Sunday and not a statutory day;
 * - no date is listed twice.
 */
import { dayOfWeek, formatDateZh, isLocalDate, isWeekend, yearOf, type LocalDate } from './dates.ts';
import { statutoryHolidays } from './provisional.ts';

export interface OfficialDayInput {
  day: string;
  kind: 'holiday' | 'workday';
  name: string;
}

export type OfficialYearProblemReason = 'BAD_DATE' | 'OUTSIDE_YEAR' | 'DUPLICATE' | 'MISSING_STATUTORY' | 'WORKDAY_NOT_WEEKEND' | 'WORKDAY_ON_STATUTORY';

export interface OfficialYearProblem {
  reason: OfficialYearProblemReason;
  day: string;
  messageZh: string;
  messageEn: string;
}

/** Every problem of `days` as the official schedule of `year`; an empty list means it may be published. */
export function checkOfficialYear(year: number, days: readonly OfficialDayInput[]): OfficialYearProblem[] {
  const problems: OfficialYearProblem[] = [];
  const seen = new Map<string, OfficialDayInput>();
  for (const d of days) {
    if (!isLocalDate(d.day)) {
      problems.push({ reason: 'BAD_DATE', day: String(d.day), messageZh: `日期无效：${String(d.day)}`, messageEn: `Invalid date: ${String(d.day)}` });
      continue;
    }
    if (yearOf(d.day) !== year) {
      problems.push({
        reason: 'OUTSIDE_YEAR',
        day: d.day,
        messageZh: `${formatDateZh(d.day)}不在${year}年内`,
        messageEn: `${d.day} is not in ${year}`,
      });
    }
    if (seen.has(d.day)) {
      problems.push({ reason: 'DUPLICATE', day: d.day, messageZh: `${formatDateZh(d.day)}重复列出`, messageEn: `${d.day} is listed twice` });
    }
    seen.set(d.day, d);
  }
  const statutory = statutoryHolidays(year);
  const statutoryDays = new Set<string>(statutory.map((s) => s.day));
  for (const s of statutory) {
    const entry = seen.get(s.day);
    if (!entry || entry.kind !== 'holiday') {
      problems.push({
        reason: 'MISSING_STATUTORY',
        day: s.day,
        messageZh: `缺少法定节假日：${s.name}（${s.labelZh}，${formatDateZh(s.day)}）应为放假日（《全国年节及纪念日放假办法》第二条）`,
        messageEn: `Missing statutory holiday: ${s.name} (${s.day}) must be a day off (National Holidays Measures, Art. 2)`,
      });
    }
  }
  for (const d of seen.values()) {
    if (d.kind !== 'workday' || !isLocalDate(d.day)) continue;
    const day: LocalDate = d.day;
    if (!isWeekend(day)) {
      problems.push({
        reason: 'WORKDAY_NOT_WEEKEND',
        day,
        messageZh: `调休上班日${formatDateZh(day)}不是周六或周日`,
        messageEn: `Make-up working day ${day} is not a Saturday or Sunday (weekday ${dayOfWeek(day)})`,
      });
    }
    if (statutoryDays.has(day)) {
      problems.push({ reason: 'WORKDAY_ON_STATUTORY', day, messageZh: `${formatDateZh(day)}是法定节假日，不能调休上班`, messageEn: `${day} is a statutory holiday and cannot be a working day` });
    }
  }
  return problems;
}
