import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkOfficialYear, type OfficialDayInput } from './official-year.ts';

const RAW = JSON.parse(readFileSync(new URL('./holidays-cn-2025-2026.json', import.meta.url), 'utf8')) as {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
};

function yearDays(year: number): OfficialDayInput[] {
  return [
    ...Object.entries(RAW.holidays).map(([day, name]) => ({ day, kind: 'holiday' as const, name })),
    ...Object.entries(RAW.workdays).map(([day, name]) => ({ day, kind: 'workday' as const, name })),
  ].filter((d) => d.day.startsWith(`${year}-`));
}

describe('checkOfficialYear — what every State Council notice satisfies (issue 12 §2)', () => {
  it.each([2025, 2026])('the published %i schedule passes', (year) => {
    expect(checkOfficialYear(year, yearDays(year))).toEqual([]);
  });

  it.each<[string, (days: OfficialDayInput[]) => OfficialDayInput[], string, string]>([
    ['a date outside the year', (d) => [...d, { day: '2027-01-01', kind: 'holiday', name: '元旦' }], 'OUTSIDE_YEAR', '2027-01-01'],
    ['no Spring Festival', (d) => d.filter((x) => x.name !== '春节'), 'MISSING_STATUTORY', '2026-02-16'],
    ['正月初三 missing', (d) => d.filter((x) => x.day !== '2026-02-19'), 'MISSING_STATUTORY', '2026-02-19'],
    ['5月2日 as a working day', (d) => d.map((x) => (x.day === '2026-05-02' ? { ...x, kind: 'workday' as const } : x)), 'WORKDAY_ON_STATUTORY', '2026-05-02'],
    ['a Wednesday as 调休 workday', (d) => [...d, { day: '2026-03-11', kind: 'workday', name: '劳动节' }], 'WORKDAY_NOT_WEEKEND', '2026-03-11'],
    ['a date listed twice', (d) => [...d, { day: '2026-10-01', kind: 'holiday', name: '国庆节' }], 'DUPLICATE', '2026-10-01'],
    ['an impossible date', (d) => [...d, { day: '2026-02-30', kind: 'holiday', name: '春节' }], 'BAD_DATE', '2026-02-30'],
  ])('%s → %s naming %s', (_name, edit, reason, day) => {
    const problems = checkOfficialYear(2026, edit(yearDays(2026)));
    expect(problems).toContainEqual(expect.objectContaining({ reason, day }));
    for (const p of problems) {
      expect(p.messageZh.length).toBeGreaterThan(0);
      expect(p.messageEn.length).toBeGreaterThan(0);
    }
  });

  it('an empty 2027 names all 13 statutory days, 除夕 to 正月初三 included', () => {
    const problems = checkOfficialYear(2027, []);
    expect(problems.map((p) => p.day)).toEqual([
      '2027-01-01',
      '2027-02-05',
      '2027-02-06',
      '2027-02-07',
      '2027-02-08',
      '2027-04-05',
      '2027-05-01',
      '2027-05-02',
      '2027-06-09',
      '2027-09-15',
      '2027-10-01',
      '2027-10-02',
      '2027-10-03',
    ]);
    expect(problems[1]!.messageZh).toContain('春节（除夕');
  });
});
