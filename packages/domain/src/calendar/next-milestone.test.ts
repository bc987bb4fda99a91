import { describe, expect, it } from 'vitest';
import { nextMilestone } from './next-milestone.ts';
import type { ProcedureStatus } from '../procedure/machine.ts';

// Issue 19 §5: the owner side's 时间安排 list names each project's next date.
const NOW = Date.parse('2026-05-11T10:00:00+08:00');
const SCHEDULE = {
  noticePublishAt: '2026-05-08T09:00:00+08:00',
  docsIssueStart: '2026-05-08T09:00:00+08:00',
  docsIssueEnd: '2026-05-13T17:00:00+08:00',
  bidDeadline: '2026-05-28T09:30:00+08:00',
  openingAt: '2026-05-28T09:30:00+08:00',
};

describe('nextMilestone', () => {
  it.each<[string, Record<string, string>, ProcedureStatus, number, { field: string; at: string } | null]>([
    ['the earliest instant ahead of now', SCHEDULE, 'BIDDING', NOW, { field: 'docsIssueEnd', at: SCHEDULE.docsIssueEnd }],
    ['exactly at an instant: that one is past, the next counts', SCHEDULE, 'BIDDING', Date.parse(SCHEDULE.docsIssueEnd), { field: 'bidDeadline', at: SCHEDULE.bidDeadline }],
    ['1 ms before an instant: still ahead', SCHEDULE, 'BIDDING', Date.parse(SCHEDULE.docsIssueEnd) - 1, { field: 'docsIssueEnd', at: SCHEDULE.docsIssueEnd }],
    ['a tie (deadline = opening): the procedure order decides', { openingAt: SCHEDULE.openingAt, bidDeadline: SCHEDULE.bidDeadline }, 'BIDDING', NOW, { field: 'bidDeadline', at: SCHEDULE.bidDeadline }],
    ['everything past', SCHEDULE, 'EVALUATION', Date.parse('2026-06-01T00:00:00+08:00'), null],
    ['no schedule (a fresh draft)', {}, 'DRAFT', NOW, null],
    ['an unparseable value is ignored', { bidDeadline: 'not a date', openingAt: SCHEDULE.openingAt }, 'BIDDING', NOW, { field: 'openingAt', at: SCHEDULE.openingAt }],
    ['suspended: the schedule does not run', SCHEDULE, 'SUSPENDED', NOW, null],
    ['failed', SCHEDULE, 'FAILED', NOW, null],
    ['terminated', SCHEDULE, 'TERMINATED', NOW, null],
    ['archived', SCHEDULE, 'ARCHIVED', NOW, null],
    ['a draft with a planned schedule', SCHEDULE, 'DRAFT', NOW, { field: 'docsIssueEnd', at: SCHEDULE.docsIssueEnd }],
  ])('%s', (_name, schedule, status, now, expected) => {
    expect(nextMilestone(schedule, status, now)).toEqual(expected);
  });
});
