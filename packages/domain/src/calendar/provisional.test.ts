import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isWeekend, localDate, yearOf, type LocalDate } from './dates.ts';
import { holidayTableFrom } from './holidays.ts';
import { provisionalDayKind, provisionalYear, springFestival, statutoryHolidays } from './provisional.ts';

const OFFICIAL = holidayTableFrom(JSON.parse(readFileSync(new URL('./holidays-cn-2025-2026.json', import.meta.url), 'utf8')) as unknown);
const D = (s: string): LocalDate => localDate(s);

describe('statutory days from the law (放假办法 Art. 2 as revised in 2024), lunar dates by tyme4ts', () => {
  // Gregorian dates of 正月初一, 清明, 端午 and 中秋 as printed in the State Council notices and almanacs.
  it.each<[number, string, string, string, string]>([
    [2020, '2020-01-25', '2020-04-04', '2020-06-25', '2020-10-01'],
    [2021, '2021-02-12', '2021-04-04', '2021-06-14', '2021-09-21'],
    [2022, '2022-02-01', '2022-04-05', '2022-06-03', '2022-09-10'],
    [2023, '2023-01-22', '2023-04-05', '2023-06-22', '2023-09-29'],
    [2024, '2024-02-10', '2024-04-04', '2024-06-10', '2024-09-17'],
    [2025, '2025-01-29', '2025-04-04', '2025-05-31', '2025-10-06'],
    [2026, '2026-02-17', '2026-04-05', '2026-06-19', '2026-09-25'],
    [2027, '2027-02-06', '2027-04-05', '2027-06-09', '2027-09-15'],
    [2028, '2028-01-26', '2028-04-04', '2028-05-28', '2028-10-03'],
  ])('%i: 春节 %s, 清明 %s, 端午 %s, 中秋 %s', (year, chunjie, qingming, duanwu, zhongqiu) => {
    expect(springFestival(year)).toBe(chunjie);
    const days = statutoryHolidays(year);
    expect(days).toHaveLength(13);
    const byName = (n: string) => days.filter((d) => d.name === n).map((d) => d.day);
    expect(byName('元旦')).toEqual([`${year}-01-01`]);
    expect(byName('春节')).toHaveLength(4);
    expect(byName('春节')[1]).toBe(chunjie);
    expect(byName('清明')).toEqual([qingming]);
    expect(byName('劳动节')).toEqual([`${year}-05-01`, `${year}-05-02`]);
    expect(byName('端午')).toEqual([duanwu]);
    expect(byName('中秋')).toEqual([zhongqiu]);
    expect(byName('国庆节')).toEqual([`${year}-10-01`, `${year}-10-02`, `${year}-10-03`]);
  });

  it('除夕 is the last day of the twelfth lunar month, even when that month has 29 days', () => {
    // 2025: 腊月 had 29 days, 除夕 = 1月28日 (腊月二十九); 2026: 2月16日.
    expect(statutoryHolidays(2025).find((d) => d.labelZh === '除夕')?.day).toBe('2025-01-28');
    expect(statutoryHolidays(2026).find((d) => d.labelZh === '除夕')?.day).toBe('2026-02-16');
  });
});

describe('the provisional calendar contains the official schedules of 2025 and 2026', () => {
  // The bound that makes the leaning rule safe: an official day off is never a certain working day, and
  // an official working day is never a certain day off.
  it.each([2025, 2026])('%i: every official day is either certain and equal, or uncertain', (year) => {
    const mismatches: string[] = [];
    for (let m = 1; m <= 12; m++) {
      for (let d = 1; d <= 31; d++) {
        const s = `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        let day: LocalDate;
        try {
          day = localDate(s);
        } catch {
          continue;
        }
        const officialWorking = OFFICIAL.workdays[day] !== undefined || (OFFICIAL.holidays[day] === undefined && !isWeekend(day));
        const p = provisionalDayKind(day);
        if (p.kind === 'uncertain') continue;
        if ((p.kind === 'working') !== officialWorking) mismatches.push(`${day}: provisional ${p.kind}, official ${officialWorking ? 'working' : 'rest'}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('2025: the 2024 principles predict the official schedule exactly', () => {
    const p = provisionalYear(2025);
    const official = Object.fromEntries(Object.entries(OFFICIAL.holidays).filter(([d]) => yearOf(D(d)) === 2025));
    expect(p.predicted.holidays).toEqual(official);
    expect(p.predicted.workdays).toEqual(Object.fromEntries(Object.entries(OFFICIAL.workdays).filter(([d]) => yearOf(D(d)) === 2025)));
  });

  it('2026: the prediction differs only where the notice chose among plausible days (劳动节 调休 after, not before)', () => {
    const p = provisionalYear(2026);
    expect(p.predicted.workdays).toMatchObject({ '2026-01-04': '元旦', '2026-02-14': '春节', '2026-02-28': '春节', '2026-09-20': '国庆节', '2026-10-10': '国庆节' });
    expect(p.predicted.workdays[D('2026-04-26')]).toBe('劳动节'); // official: 2026-05-09
    expect(provisionalDayKind(D('2026-04-26')).kind).toBe('uncertain');
    expect(provisionalDayKind(D('2026-05-09')).kind).toBe('uncertain');
  });
});

describe('2027 (not announced when this was written): what is certain and what is not', () => {
  it.each<[string, 'rest' | 'working' | 'uncertain', string]>([
    ['2027-01-01', 'rest', '元旦 on a Friday: a long weekend by itself'],
    ['2027-01-04', 'working', 'Monday after it: nothing to bridge'],
    ['2027-02-05', 'rest', '除夕'],
    ['2027-02-08', 'rest', '正月初三'],
    ['2027-02-09', 'uncertain', 'inside the likely 8-day 春节 block'],
    ['2027-02-14', 'uncertain', 'a Sunday after the block: a likely 调休 working day'],
    ['2027-03-10', 'working', 'an ordinary Wednesday'],
    ['2027-03-13', 'rest', 'an ordinary Saturday'],
    ['2027-04-05', 'rest', '清明 on a Monday'],
    ['2027-04-06', 'working', 'the Tuesday after it'],
    ['2027-05-05', 'uncertain', '劳动节 block'],
    ['2027-06-09', 'rest', '端午, Wednesday'],
    ['2027-06-10', 'uncertain', 'Thursday after a Wednesday holiday: may be bridged'],
    ['2027-09-15', 'rest', '中秋, Wednesday'],
    ['2027-10-07', 'uncertain', '国庆 block'],
    ['2027-10-20', 'working', 'an ordinary Wednesday after 国庆'],
    ['2027-12-31', 'uncertain', 'Friday before 元旦 2028 (a Saturday): 补假 may fall here'],
  ])('%s → %s (%s)', (d, kind) => {
    expect(provisionalDayKind(D(d)).kind).toBe(kind);
  });

  it('predicts an 8-day 春节 from 除夕 with two 调休 Sundays, and 7 days of 国庆', () => {
    const p = provisionalYear(2027);
    const sf = Object.entries(p.predicted.holidays).filter(([, n]) => n === '春节').map(([d]) => d);
    expect(sf).toEqual(['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12']);
    expect(p.predicted.workdays).toMatchObject({ '2027-01-31': '春节', '2027-02-14': '春节' });
    expect(Object.values(p.predicted.holidays).filter((n) => n === '国庆节')).toHaveLength(7);
  });
});
