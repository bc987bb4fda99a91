import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkSchedule } from './check-schedule.ts';
import { fitSchedule } from './fit-schedule.ts';
import { holidayTableFrom } from './holidays.ts';

const TABLE = holidayTableFrom(JSON.parse(readFileSync(new URL('./holidays-cn-2025-2026.json', import.meta.url), 'utf8')) as unknown);
const bj = (s: string): Date => new Date(`${s.replace(' ', 'T')}:00+08:00`);
const DAY = 86_400_000;

describe('fitSchedule: the earliest lawful schedule from a draft (demo seed, suggestions)', () => {
  it('rolls a bid deadline off 国庆 and stretches the document sale to 24:00 of its rolled last day', () => {
    const s = fitSchedule(
      {
        tradeType: 'engineering',
        method: 'open',
        schedule: { noticePublishAt: bj('2025-09-10 09:00'), docsIssueStart: bj('2025-09-11 09:30'), docsIssueEnd: bj('2025-09-16 09:30'), bidDeadline: bj('2025-10-01 09:30'), openingAt: bj('2025-10-01 09:30') },
      },
      TABLE,
    )!;
    expect(s.bidDeadline).toEqual(bj('2025-10-09 09:30'));
    expect(s.openingAt).toEqual(s.bidDeadline);
    expect(s.docsIssueEnd).toEqual(bj('2025-09-17 09:30')); // 5 d → 9/16 (Tue), open until 24:00 → 9/17 09:30
  });

  it('returns null when a fixed field would have to move', () => {
    const input = { tradeType: 'engineering' as const, method: 'open' as const, schedule: { docsIssueStart: bj('2025-09-11 09:30'), bidDeadline: bj('2025-10-01 09:30') } };
    expect(fitSchedule(input, TABLE, { fixed: ['bidDeadline'] })).toBeNull();
  });

  it.each<[string, string, (now: Date) => Record<string, Date>]>([
    ['land', 'listing', (now) => ({ noticePublishAt: now, listingStart: new Date(now.getTime() + 21 * DAY), listingEnd: new Date(now.getTime() + 36 * DAY) })],
    ['property', 'listing', (now) => ({ noticePublishAt: now, disclosureStart: now, disclosureEnd: new Date(now.getTime() + 32 * DAY) })],
    ['engineering', 'open', (now) => ({ noticePublishAt: now, docsIssueStart: new Date(now.getTime() + DAY), docsIssueEnd: new Date(now.getTime() + 9 * DAY), bidDeadline: new Date(now.getTime() + 26 * DAY), openingAt: new Date(now.getTime() + 26 * DAY) })],
    ['procurement', 'open', (now) => ({ noticePublishAt: now, docsIssueStart: new Date(now.getTime() + DAY), docsIssueEnd: new Date(now.getTime() + 15 * DAY), bidDeadline: new Date(now.getTime() + 25 * DAY), openingAt: new Date(now.getTime() + 25 * DAY) })],
  ])('%s/%s drafted from any day of a year (2026-12-06 … 2027-12-06, 2027 provisional) fits and passes', (tradeType, method, draft) => {
    const failures: string[] = [];
    for (let i = 0; i < 366; i++) {
      const now = new Date(bj('2026-12-06 10:00').getTime() + i * DAY);
      const input = { tradeType, method, schedule: draft(now) } as Parameters<typeof fitSchedule>[0];
      const s = fitSchedule(input, TABLE, { publishedAt: now });
      if (!s || !checkSchedule({ ...input, schedule: s }, TABLE).ok) failures.push(now.toISOString());
    }
    expect(failures).toEqual([]);
  });
});
