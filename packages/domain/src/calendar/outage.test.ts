import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { holidayTableFrom } from './holidays.ts';
import { affectedByOutage, checkOutage, extendedDeadline } from './outage.ts';

const TABLE = holidayTableFrom(JSON.parse(readFileSync(new URL('./holidays-cn-2025-2026.json', import.meta.url), 'utf8')) as unknown);
const bj = (s: string): Date => new Date(`${s.replace(' ', 'T')}:00+08:00`);

describe('platform outages (issue 12 §8)', () => {
  const outage = { startsAt: bj('2026-03-10 08:50'), endsAt: bj('2026-03-10 09:40') };

  it.each<[string, boolean]>([
    ['2026-03-10 08:49', false],
    ['2026-03-10 08:50', true],
    ['2026-03-10 09:30', true],
    ['2026-03-10 10:40', true], // the end + 60 min margin
    ['2026-03-10 10:41', false],
  ])('an instant %s is affected (60 min margin): %s', (at, affected) => {
    expect(affectedByOutage(bj(at), outage, 60)).toBe(affected);
  });

  it.each<[string, string, string, number, string, boolean]>([
    // old deadline, outage start, outage end, hours, new deadline, provisional
    ['2026-03-10 09:30', '2026-03-10 08:50', '2026-03-10 09:20', 24, '2026-03-11 09:30', false], // next day, same time (deadline in the margin)
    ['2026-03-10 09:30', '2026-03-10 08:50', '2026-03-10 09:50', 24, '2026-03-12 09:30', false], // 3/11 09:30 is < 24 h
    ['2026-03-13 09:30', '2026-03-13 09:00', '2026-03-13 09:45', 24, '2026-03-16 09:30', false], // Friday → Monday
    ['2026-09-30 09:30', '2026-09-30 09:00', '2026-09-30 11:00', 24, '2026-10-08 09:30', false], // over 国庆
    ['2026-12-31 09:30', '2026-12-31 09:00', '2026-12-31 09:40', 24, '2027-01-04 09:30', false], // into 2027: certain
    ['2027-02-04 09:30', '2027-02-04 09:00', '2027-02-04 09:40', 24, '2027-02-16 09:30', true], // provisional 春节: the latest
  ])('deadline %s, outage %s–%s, +%ih → %s (provisional %s)', (old, s, e, hours, expected, provisional) => {
    const r = extendedDeadline(bj(old), { startsAt: bj(s), endsAt: bj(e) }, hours, TABLE);
    expect(r.at).toEqual(bj(expected));
    expect(r.provisional).toBe(provisional);
  });

  it.each<[string, string, string, string]>([
    ['end before start', '2026-03-10 09:40', '2026-03-10 08:50', 'OUTAGE_END_BEFORE_START'],
    ['end equal to start', '2026-03-10 09:40', '2026-03-10 09:40', 'OUTAGE_END_BEFORE_START'],
    ['end in the future', '2026-03-10 09:40', '2026-03-10 12:01', 'OUTAGE_IN_FUTURE'],
  ])('%s → VALIDATION %s', (_n, s, e, reason) => {
    expect(() => checkOutage({ startsAt: bj(s), endsAt: bj(e) }, bj('2026-03-10 12:00'))).toThrow(
      expect.objectContaining({ code: 'VALIDATION', details: expect.objectContaining({ reason }) }),
    );
  });

  it('a finished outage passes', () => {
    expect(() => checkOutage(outage, bj('2026-03-10 12:00'))).not.toThrow();
    expect(() => checkOutage({ startsAt: new Date('x'), endsAt: outage.endsAt }, bj('2026-03-10 12:00'))).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
  });
});
