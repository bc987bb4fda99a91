/**
 * The provisional calendar of a year whose official holiday schedule has not been published on the
 * platform (issue 12 §1, DESIGN §4, T2). The State Council announces each year's 放假调休 only in November
 * or December; until staff publish it, the platform computes on what the law already fixes, so that no
 * legal act ever waits for a table.
 *
 * What the law fixes (《全国年节及纪念日放假办法》, as revised by 国务院令第795号 of 2024-11-12, in force
 * 2025-01-01, Art. 2): 13 days off for everyone —
 *   元旦 1月1日 · 春节 农历除夕、正月初一至初三 · 清明节 the day of the 清明 solar term · 劳动节 5月1日、2日 ·
 *   端午节 农历五月初五 · 中秋节 农历八月十五 · 国庆节 10月1日至3日;
 * and Art. 6: a holiday for everyone that falls on a Saturday or Sunday is made up on a working day (补假).
 *
 * What the State Council decides each year, within its 2024 principles (放假调休原则, published with the
 * revision): 春节 is a block of 8 days from 除夕, 劳动节 5 days, 国庆节 7 days (8 with 中秋 inside it),
 * the one-day holidays join a weekend (a Tuesday or Thursday holiday bridges the Monday or Friday), and
 * the extra weekdays of a block are worked on nearby weekend days (调休上班), so that nobody works more
 * than about six days in a row.
 *
 * So a provisional year has three kinds of days:
 * - certain rest days: the statutory days, and Saturdays and Sundays far from any holiday;
 * - certain working days: Mondays to Fridays far from any holiday;
 * - uncertain days: weekdays near a holiday (they may be bridged or given as 补假) and weekend days near a
 *   holiday (they may be 调休 working days). "Near" is deliberately generous (see WINDOWS): a day the
 *   notice could plausibly move is uncertain, and only uncertain days can make a result provisional.
 * How a computation treats uncertain days is the one rule in `leaning.ts`.
 *
 * `predicted` is the schedule the principles most likely produce (shown to staff as 暂定 and offered as the
 * starting point when they enter the official notice); computations never rely on it.
 *
 * Lunar dates and the 清明 solar term come from tyme4ts (6tail's TypeScript calendar library, the
 * successor of lunar-javascript, MIT, maintained, no dependencies): the lunar calendar is astronomical
 * (new moons and solar terms computed with the 寿星 ephemeris), not a formula one writes in a few lines,
 * and the library is the one most Chinese calendar tools use. Checked against the 2025–2026 notices and
 * known years 2020–2035 in provisional.test.ts.
 */
import { LunarDay, SolarTerm } from 'tyme4ts';
import { addDays, compare, dayOfWeek, fromYmd, isWeekend, toYmd, yearOf, type LocalDate } from './dates.ts';

/** The holiday names used in the table (the same as the State Council notices' headings). */
export const HOLIDAY_NAMES = ['元旦', '春节', '清明', '劳动节', '端午', '中秋', '国庆节'] as const;
export type HolidayName = (typeof HOLIDAY_NAMES)[number];

export interface StatutoryDay {
  day: LocalDate;
  name: HolidayName;
  /** e.g. '除夕', '正月初一', '清明（节气）', '5月2日'. */
  labelZh: string;
}

function solar(y: number, m: number, d: number): LocalDate {
  return fromYmd(y, m, d);
}

function lunarToSolar(lunarYear: number, month: number, day: number): LocalDate {
  const s = LunarDay.fromYmd(lunarYear, month, day).getSolarDay();
  return fromYmd(s.getYear(), s.getMonth(), s.getDay());
}

/** 正月初一 of lunar year `year` (春节), as a Gregorian date in `year`. */
export function springFestival(year: number): LocalDate {
  return lunarToSolar(year, 1, 1);
}

/** The 13 statutory days off of `year` (Art. 2 as revised in 2024), in date order. */
export function statutoryHolidays(year: number): StatutoryDay[] {
  const chuyi = springFestival(year);
  const qm = SolarTerm.fromName(year, '清明').getJulianDay().getSolarDay();
  const days: StatutoryDay[] = [
    { day: solar(year, 1, 1), name: '元旦', labelZh: '1月1日' },
    { day: addDays(chuyi, -1), name: '春节', labelZh: '除夕' },
    { day: chuyi, name: '春节', labelZh: '正月初一' },
    { day: addDays(chuyi, 1), name: '春节', labelZh: '正月初二' },
    { day: addDays(chuyi, 2), name: '春节', labelZh: '正月初三' },
    { day: fromYmd(qm.getYear(), qm.getMonth(), qm.getDay()), name: '清明', labelZh: '清明（节气）' },
    { day: solar(year, 5, 1), name: '劳动节', labelZh: '5月1日' },
    { day: solar(year, 5, 2), name: '劳动节', labelZh: '5月2日' },
    { day: lunarToSolar(year, 5, 5), name: '端午', labelZh: '农历五月初五' },
    { day: lunarToSolar(year, 8, 15), name: '中秋', labelZh: '农历八月十五' },
    { day: solar(year, 10, 1), name: '国庆节', labelZh: '10月1日' },
    { day: solar(year, 10, 2), name: '国庆节', labelZh: '10月2日' },
    { day: solar(year, 10, 3), name: '国庆节', labelZh: '10月3日' },
  ];
  return days.sort((a, b) => compare(a.day, b.day));
}

/** A holiday group of one year: its statutory days, the predicted block, and the uncertainty windows. */
interface HolidayGroup {
  name: HolidayName;
  statutory: LocalDate[];
  /** Predicted days off (inclusive span). */
  block: readonly [LocalDate, LocalDate];
  /** Predicted number of 调休 working days needed, and on which side to look first. */
  makeUp: number;
  makeUpFirst: 'before' | 'after';
  /** Weekdays that may be bridged, given as 补假 or joined to the block. */
  maybeOff: readonly LocalDate[];
  /** Weekend days in this span may become 调休 working days (null: no make-up day is plausible). */
  workWindow: readonly [LocalDate, LocalDate] | null;
}

function span(a: LocalDate, b: LocalDate): LocalDate[] {
  const out: LocalDate[] = [];
  for (let d = a; compare(d, b) <= 0; d = addDays(d, 1)) out.push(d);
  return out;
}

function weekdaysIn(a: LocalDate, b: LocalDate): number {
  return span(a, b).filter((d) => !isWeekend(d)).length;
}

/**
 * The uncertainty windows of the long blocks, in days (generous on purpose; the known notices use less:
 * 2026 put a 国庆 调休 day on 9月20日, 11 days before the block, and 2024 one on 10月12日, 11 days after).
 */
const WINDOWS = {
  springFestival: { offBefore: 3, offAfter: 9, workBefore: 16, workAfter: 23 },
  labourDay: { off: ['04-28', '05-08'], work: ['04-14', '05-18'] },
  nationalDay: { off: ['09-28', '10-10'], work: ['09-14', '10-21'] },
  /** One-day holidays that need a bridge or a 补假 may have a make-up working day within this distance. */
  oneDayWork: 10,
} as const;

function mmdd(year: number, s: string): LocalDate {
  const [m, d] = s.split('-').map(Number) as [number, number];
  return fromYmd(year, m, d);
}

/**
 * A one-day holiday by its weekday: the predicted block (a Tuesday or Thursday bridges the Monday or
 * Friday with a weekend day worked; a Saturday or Sunday gives a Monday 补假, Art. 6), the weekdays that
 * may be off instead, and whether a 调休 working day is plausible at all (Monday and Friday holidays make
 * a long weekend by themselves: nothing about them is uncertain).
 */
function oneDayGroup(name: HolidayName, h: LocalDate): HolidayGroup {
  const rules: Record<number, { block: [number, number]; makeUp: number; side: 'before' | 'after'; maybeOff: number[]; work: boolean }> = {
    1: { block: [-2, 0], makeUp: 0, side: 'before', maybeOff: [], work: false }, // Mon: Sat–Mon
    2: { block: [-2, 0], makeUp: 1, side: 'before', maybeOff: [-1], work: true }, // Tue: Sun–Tue, Saturday before worked
    3: { block: [0, 0], makeUp: 0, side: 'before', maybeOff: [-2, -1, 1, 2], work: true }, // Wed: the day alone (2025 元旦)
    4: { block: [0, 2], makeUp: 1, side: 'after', maybeOff: [1], work: true }, // Thu: Thu–Sat, Sunday after worked (2026 元旦)
    5: { block: [0, 2], makeUp: 0, side: 'after', maybeOff: [], work: false }, // Fri: Fri–Sun
    6: { block: [0, 2], makeUp: 0, side: 'after', maybeOff: [-1, 2], work: false }, // Sat: Sat–Mon, 补假 Monday (or Friday)
    7: { block: [-1, 1], makeUp: 0, side: 'after', maybeOff: [-2, 1], work: false }, // Sun: Sat–Mon, 补假 Monday (or Friday)
  };
  const r = rules[dayOfWeek(h)]!;
  return {
    name,
    statutory: [h],
    block: [addDays(h, r.block[0]), addDays(h, r.block[1])],
    makeUp: r.makeUp,
    makeUpFirst: r.side,
    maybeOff: r.maybeOff.map((k) => addDays(h, k)),
    workWindow: r.work ? [addDays(h, -WINDOWS.oneDayWork), addDays(h, WINDOWS.oneDayWork)] : null,
  };
}

function multiDayGroup(name: HolidayName, statutory: LocalDate[], block: readonly [LocalDate, LocalDate], off: readonly [LocalDate, LocalDate], work: readonly [LocalDate, LocalDate]): HolidayGroup {
  // Every statutory day entitles to one weekday off (on the day, or as 补假 when it is a weekend day);
  // the block's other weekdays are worked on weekend days (调休).
  const makeUp = Math.max(0, weekdaysIn(block[0], block[1]) - statutory.length);
  return { name, statutory, block, makeUp, makeUpFirst: 'before', maybeOff: span(off[0], off[1]).filter((d) => !isWeekend(d)), workWindow: work };
}

/** The holiday groups of `year` (the caller adds 元旦 of the next year, which reaches back into December). */
function groupsOf(year: number): HolidayGroup[] {
  const st = statutoryHolidays(year);
  const of = (n: HolidayName) => st.filter((s) => s.name === n).map((s) => s.day);
  const groups: HolidayGroup[] = [];
  groups.push(oneDayGroup('元旦', of('元旦')[0]!));

  const sf = of('春节');
  const eve = sf[0]!;
  const chuyi = sf[1]!;
  const sfStart = dayOfWeek(eve) === 1 ? addDays(eve, -1) : eve; // a Monday 除夕: the Sunday joins (2026)
  const W = WINDOWS.springFestival;
  groups.push(
    multiDayGroup('春节', sf, [sfStart, addDays(eve, 7)], [addDays(eve, -W.offBefore), addDays(chuyi, W.offAfter)], [addDays(eve, -W.workBefore), addDays(chuyi, W.workAfter)]),
  );
  groups.push(oneDayGroup('清明', of('清明')[0]!));
  groups.push(
    multiDayGroup('劳动节', of('劳动节'), [mmdd(year, '05-01'), mmdd(year, '05-05')], [mmdd(year, WINDOWS.labourDay.off[0]), mmdd(year, WINDOWS.labourDay.off[1])], [mmdd(year, WINDOWS.labourDay.work[0]), mmdd(year, WINDOWS.labourDay.work[1])]),
  );
  groups.push(oneDayGroup('端午', of('端午')[0]!));

  const mid = of('中秋')[0]!;
  const national = of('国庆节');
  const N = WINDOWS.nationalDay;
  // 中秋 within a few days of 国庆 is joined into one 8-day block (2023: 9/29–10/6; 2025: 10/1–10/8).
  const merged = compare(mid, mmdd(year, '09-29')) >= 0 && compare(mid, mmdd(year, '10-08')) <= 0;
  if (merged) {
    const start = compare(mid, mmdd(year, '10-01')) < 0 ? mid : mmdd(year, '10-01');
    groups.push(
      multiDayGroup('国庆节', [...national, mid], [start, addDays(start, 7)], [addDays(start, -3), mmdd(year, N.off[1])], [mmdd(year, N.work[0]), mmdd(year, N.work[1])]),
    );
  } else {
    groups.push(oneDayGroup('中秋', mid));
    groups.push(
      multiDayGroup('国庆节', national, [mmdd(year, '10-01'), mmdd(year, '10-07')], [mmdd(year, N.off[0]), mmdd(year, N.off[1])], [mmdd(year, N.work[0]), mmdd(year, N.work[1])]),
    );
  }
  return groups;
}

export interface ProvisionalYear {
  year: number;
  /** The statutory days of the year (certain days off). */
  statutory: readonly StatutoryDay[];
  /** The schedule the 2024 principles most likely produce: days off and 调休 working days. */
  predicted: { holidays: Readonly<Record<LocalDate, string>>; workdays: Readonly<Record<LocalDate, string>> };
  /** Days the official notice may set either way → the nearby holiday's name. */
  uncertain: Readonly<Record<LocalDate, string>>;
}

const cache = new Map<number, ProvisionalYear>();

/** The provisional calendar of `year` (memoized; pure). */
export function provisionalYear(year: number): ProvisionalYear {
  const hit = cache.get(year);
  if (hit) return hit;
  // 元旦 of next year may bridge or make up days of late December (1月1日 on a Tuesday: 12月31日 off).
  const groups = [...groupsOf(year), oneDayGroup('元旦', fromYmd(year + 1, 1, 1))];
  const statutory = statutoryHolidays(year);
  const statutorySet = new Set<string>(statutory.map((s) => s.day));
  const holidays: Record<LocalDate, string> = {};
  const workdays: Record<LocalDate, string> = {};
  const uncertain: Record<LocalDate, string> = {};
  const inYear = (d: LocalDate) => yearOf(d) === year;

  for (const g of groups) for (const d of span(g.block[0], g.block[1])) if (inYear(d)) holidays[d] = g.name;
  for (const s of statutory) holidays[s.day] = s.name;

  // Predicted 调休 working days: the weekend days nearest the block on each side, not in any block, and
  // not the weekend day adjoining the block (so the block keeps its connected weekend day).
  const blocked = (d: LocalDate) => holidays[d] !== undefined;
  for (const g of groups) {
    const before: LocalDate[] = [];
    const after: LocalDate[] = [];
    for (let i = 1; i <= 21; i++) {
      const b = addDays(g.block[0], -i);
      const a = addDays(g.block[1], i);
      if (isWeekend(b) && !blocked(b) && !(i === 1 && dayOfWeek(b) === 7)) before.push(b);
      if (isWeekend(a) && !blocked(a) && !(i === 1 && dayOfWeek(a) === 6)) after.push(a);
    }
    const win = g.workWindow;
    const inWork = (d: LocalDate) => win !== null && compare(d, win[0]) >= 0 && compare(d, win[1]) <= 0;
    const order = g.makeUpFirst === 'before' ? [before, after] : [after, before];
    let left = g.makeUp;
    for (let k = 0; left > 0 && k < 21; k++) {
      const side = order[k % 2]!;
      const d = side.shift();
      if (d && inWork(d) && workdays[d] === undefined) {
        if (inYear(d)) workdays[d] = g.name; // a day of the neighbouring year is that year's business
        left--;
      }
    }
  }

  // Uncertainty around every group (元旦 of next year included: it reaches back into late December).
  for (const g of groups) {
    for (const d of g.maybeOff) {
      if (inYear(d) && !isWeekend(d) && !statutorySet.has(d)) uncertain[d] ??= g.name;
    }
    if (g.workWindow) {
      for (const d of span(g.workWindow[0], g.workWindow[1])) {
        if (inYear(d) && isWeekend(d) && !statutorySet.has(d)) uncertain[d] ??= g.name;
      }
    }
  }
  // A predicted day off outside every window would be a bug in WINDOWS; keep the invariant explicit.
  for (const d of Object.keys(holidays) as LocalDate[]) {
    if (!statutorySet.has(d) && !isWeekend(d) && uncertain[d] === undefined) uncertain[d] = holidays[d]!;
  }
  for (const d of Object.keys(workdays) as LocalDate[]) if (uncertain[d] === undefined) uncertain[d] = workdays[d]!;

  const result: ProvisionalYear = {
    year,
    statutory: Object.freeze(statutory),
    predicted: { holidays: Object.freeze(holidays), workdays: Object.freeze(workdays) },
    uncertain: Object.freeze(uncertain),
  };
  cache.set(year, result);
  return result;
}

/** Whether `d` (of a provisional year) is certainly a day off, certainly a working day, or uncertain. */
export function provisionalDayKind(d: LocalDate): { kind: 'rest' | 'working' | 'uncertain'; name?: string } {
  const y = provisionalYear(yearOf(d));
  const st = y.statutory.find((s) => s.day === d);
  if (st) return { kind: 'rest', name: st.name };
  const u = y.uncertain[d];
  if (u !== undefined) return { kind: 'uncertain', name: u };
  return { kind: isWeekend(d) ? 'rest' : 'working' };
}

/** The month and day of a LocalDate as `M月D日` (messages). */
export function monthDayZh(d: LocalDate): string {
  const { m, d: day } = toYmd(d);
  return `${m}月${day}日`;
}
