/** The dashboard's numbers (issue 20 §3; domain §6.1–6.2, M1, M3): counts by state now, the Beijing-day trend, 处理超期数. */
import { describe, expect, it } from 'vitest';
import { alertTrend, countByGroup, countStates, DASHBOARD_MAX_DAYS, overdueUnhandled, trendDays } from './dashboard.ts';

const NOW = new Date('2026-12-07T08:00:00Z'); // 16:00 北京时间, Monday 7 December
const at = (iso: string) => new Date(iso);
const cp = (warn: string, due: string, done: string | null = null, group = 'a') => ({ warnAt: at(warn), dueAt: at(due), doneAt: done ? at(done) : null, group });

describe('countByGroup / countStates (M1: state computed now)', () => {
  const rows = [
    cp('2026-12-07T00:00:00Z', '2026-12-08T00:00:00Z', null, 'engineering'), // yellow
    cp('2026-12-07T08:00:00Z', '2026-12-08T00:00:00Z', null, 'engineering'), // yellow: warnAt = now
    cp('2026-12-06T00:00:00Z', '2026-12-07T08:00:00Z', null, 'engineering'), // red: dueAt = now
    cp('2026-12-06T00:00:00Z', '2026-12-07T08:00:00.001Z', null, 'procurement'), // yellow: 1 ms before due
    cp('2026-12-07T08:00:00.001Z', '2026-12-09T00:00:00Z', null, 'land'), // green: 1 ms before warn
    cp('2026-12-01T00:00:00Z', '2026-12-02T00:00:00Z', '2026-12-03T00:00:00Z', 'property'), // done (late) — not counted
    cp('2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z', null, 'procurement'), // red
  ];

  it('groups the yellow and red ones, the most red first; green and done are not counted', () => {
    expect(countByGroup(rows, NOW, (r) => r.group)).toEqual([
      { key: 'engineering', yellow: 2, red: 1 },
      { key: 'procurement', yellow: 1, red: 1 },
    ]);
  });

  it.each([
    ['before anything is due', at('2026-11-01T00:00:00Z'), { yellow: 1, red: 0 }],
    ['now', NOW, { yellow: 3, red: 2 }],
    ['a week later', at('2026-12-14T00:00:00Z'), { yellow: 0, red: 6 }],
  ] as const)('totals %s', (_label, now, expected) => {
    expect(countStates(rows, now)).toEqual(expected);
  });

  it('ties sort by key', () => {
    const two = [cp('2026-12-01T00:00:00Z', '2026-12-02T00:00:00Z', null, 'b'), cp('2026-12-01T00:00:00Z', '2026-12-02T00:00:00Z', null, 'a')];
    expect(countByGroup(two, NOW, (r) => r.group).map((g) => g.key)).toEqual(['a', 'b']);
  });
});

describe('trendDays (Beijing days, today included)', () => {
  it.each([
    // [now, days, first date, last date, first instant]
    ['16:00 Beijing', NOW, 7, '2026-12-01', '2026-12-07', '2026-11-30T16:00:00.000Z'],
    ['23:59:59.999 Beijing', at('2026-12-07T15:59:59.999Z'), 1, '2026-12-07', '2026-12-07', '2026-12-06T16:00:00.000Z'],
    ['00:00 Beijing (the next day already)', at('2026-12-07T16:00:00Z'), 1, '2026-12-08', '2026-12-08', '2026-12-07T16:00:00.000Z'],
    ['across a month and a year', at('2027-01-01T02:00:00Z'), 3, '2026-12-30', '2027-01-01', '2026-12-29T16:00:00.000Z'],
  ] as const)('%s', (_label, now, days, first, last, from) => {
    const t = trendDays(now, days);
    expect(t.dates).toHaveLength(days);
    expect(t.dates[0]).toBe(first);
    expect(t.dates[days - 1]).toBe(last);
    expect(t.from.toISOString()).toBe(from);
  });

  it.each([0, -1, 1.5, DASHBOARD_MAX_DAYS + 1])('refuses %s days', (days) => {
    expect(() => trendDays(NOW, days)).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
  });
});

describe('alertTrend (alerts raised per Beijing day by level)', () => {
  const alerts = [
    { level: 'yellow' as const, raisedAt: at('2026-12-05T15:59:59.999Z') }, // 23:59:59.999 on 12-05
    { level: 'red' as const, raisedAt: at('2026-12-05T16:00:00.000Z') }, // 00:00 on 12-06
    { level: 'red' as const, raisedAt: at('2026-12-06T01:00:00Z') }, // 12-06
    { level: 'yellow' as const, raisedAt: at('2026-12-07T07:59:00Z') }, // today
    { level: 'red' as const, raisedAt: at('2026-12-04T15:59:59.999Z') }, // 12-04: outside a 3-day trend
  ];

  it('puts each alert on its Beijing day, zero days included, outside days ignored', () => {
    expect(alertTrend(alerts, NOW, 3)).toEqual([
      { date: '2026-12-05', yellow: 1, red: 0 },
      { date: '2026-12-06', yellow: 0, red: 2 },
      { date: '2026-12-07', yellow: 1, red: 0 },
    ]);
  });

  it('a 4-day trend takes in the earlier one', () => {
    expect(alertTrend(alerts, NOW, 4)[0]).toEqual({ date: '2026-12-04', yellow: 0, red: 1 });
  });
});

describe('overdueUnhandled (处理超期数)', () => {
  it.each([
    [[], 0],
    [[{ level: 'red' as const, handledAt: null }], 1],
    [[{ level: 'red' as const, handledAt: NOW }], 0],
    [[{ level: 'yellow' as const, handledAt: null }], 0],
    [[{ level: 'red' as const, handledAt: null }, { level: 'red' as const, handledAt: null }, { level: 'yellow' as const, handledAt: null }], 2],
  ])('%j → %i', (alerts, n) => {
    expect(overdueUnhandled(alerts)).toBe(n);
  });
});
