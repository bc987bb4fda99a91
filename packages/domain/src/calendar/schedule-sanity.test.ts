import { describe, expect, it } from 'vitest';
import { checkScheduleSanity, SCHEDULE_ORDER_PAIRS, scheduleDeadlinesPassed, assertScheduleSane } from './schedule-sanity.ts';
import type { Schedule } from './check-schedule.ts';
import type { ScheduleField } from './limits.ts';

/** An instant in 北京时间: bj('2026-03-01 09:00'), bj('2026-03-20 23:59:59.999'). */
const bj = (s: string): Date => {
  const [date, time = '00:00:00'] = s.split(' ');
  const t = time.length === 5 ? `${time}:00` : time;
  return new Date(`${date}T${t}+08:00`);
};
const sched = (o: Partial<Record<ScheduleField, string>>): Schedule =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, bj(v)])) as Schedule;
const brief = (s: Schedule) => checkScheduleSanity(s).map((v) => [v.reason, v.field, v.before ?? null]);

/** A sensible engineering schedule with prequalification (every sealed-bid field). */
const GOOD = {
  noticePublishAt: '2026-02-25 09:00',
  docsIssueStart: '2026-03-02 09:00',
  prequalDocsEnd: '2026-03-09 17:00',
  docsIssueEnd: '2026-03-10 09:00',
  prequalApplicationDeadline: '2026-03-16 09:00',
  prequalReviewEnd: '2026-03-16 17:00',
  bidDeadline: '2026-04-20 09:30',
  openingAt: '2026-04-20 09:30',
};

describe('checkScheduleSanity: years 2000–2100 (北京时间)', () => {
  it.each([
    ['the first instant of 2000', '2000-01-01 00:00:00', true],
    ['the last instant of 1999', '1999-12-31 23:59:59.999', false],
    ['1900', '1900-06-01 09:00', false],
    ['the last instant of 2100', '2100-12-31 23:59:59.999', true],
    ['the first instant of 2101', '2101-01-01 00:00:00', false],
    ['9999', '9999-12-31 09:00', false],
    ['2026', '2026-03-25 09:30', true],
  ])('%s → %s', (_what, at, ok) => {
    const v = checkScheduleSanity(sched({ bidDeadline: at }));
    expect(v.length === 0).toBe(ok);
    if (!ok) expect(v[0]).toMatchObject({ reason: 'SCHEDULE_YEAR_OUT_OF_RANGE', field: 'bidDeadline' });
  });

  it('judges the year in Beijing time: 2100-12-31 17:00 UTC is already 2101 in Beijing', () => {
    expect(checkScheduleSanity({ openingAt: new Date('2100-12-31T17:00:00Z') })).toMatchObject([{ reason: 'SCHEDULE_YEAR_OUT_OF_RANGE', field: 'openingAt' }]);
    expect(checkScheduleSanity({ openingAt: new Date('1999-12-31T16:00:00Z') })).toEqual([]);
  });

  it('an invalid Date is out of range, not a crash', () => {
    expect(checkScheduleSanity({ bidDeadline: new Date(Number.NaN) })).toMatchObject([{ reason: 'SCHEDULE_YEAR_OUT_OF_RANGE', messageEn: 'The bid deadline is not a valid time' }]);
  });

  it('messages name the field and the range in Chinese and English', () => {
    const [v] = checkScheduleSanity(sched({ noticePublishAt: '1900-01-02 09:00' }));
    expect(v!.messageZh).toBe('公告发布时间（1900-01-02 09:00:00）不在2000年至2100年之间');
    expect(v!.messageEn).toBe('The notice publication time (1900-01-02 09:00:00 Beijing time) is not within the years 2000–2100');
  });
});

describe('checkScheduleSanity: the order of every related pair', () => {
  it('a full sensible schedule passes', () => {
    expect(checkScheduleSanity(sched(GOOD))).toEqual([]);
  });

  it.each([
    // [what, schedule, expected [reason, field, before] list]
    ['bid deadline before the notice (nothing in between)', { noticePublishAt: '2026-03-10 09:00', bidDeadline: '2026-03-09 09:00' }, [['SCHEDULE_ORDER', 'bidDeadline', 'noticePublishAt']]],
    ['bid deadline one millisecond before the notice', { noticePublishAt: '2026-03-10 09:00', bidDeadline: '2026-03-10 08:59:59.999' }, [['SCHEDULE_ORDER', 'bidDeadline', 'noticePublishAt']]],
    ['bid deadline at the notice instant (equal is in order; the law judges the period)', { noticePublishAt: '2026-03-10 09:00', bidDeadline: '2026-03-10 09:00' }, []],
    ['documents issued before the notice', { noticePublishAt: '2026-03-10 09:00', docsIssueStart: '2026-03-09 09:00' }, [['SCHEDULE_ORDER', 'docsIssueStart', 'noticePublishAt']]],
    ['documents issue end before their start', { docsIssueStart: '2026-03-10 09:00', docsIssueEnd: '2026-03-09 09:00' }, [['SCHEDULE_ORDER', 'docsIssueEnd', 'docsIssueStart']]],
    ['bid deadline before the documents issue start, the end left out (transitive)', { docsIssueStart: '2026-03-10 09:00', bidDeadline: '2026-03-09 09:00' }, [['SCHEDULE_ORDER', 'bidDeadline', 'docsIssueStart']]],
    ['opening before the bid deadline', { bidDeadline: '2026-03-25 09:30', openingAt: '2026-03-25 09:29' }, [['SCHEDULE_ORDER', 'openingAt', 'bidDeadline']]],
    ['opening before the notice', { noticePublishAt: '2026-03-25 09:30', openingAt: '2026-03-01 09:30' }, [['SCHEDULE_ORDER', 'openingAt', 'noticePublishAt']]],
    ['application deadline before the prequalification documents end', { prequalDocsEnd: '2026-03-09 17:00', prequalApplicationDeadline: '2026-03-09 09:00' }, [['SCHEDULE_ORDER', 'prequalApplicationDeadline', 'prequalDocsEnd']]],
    ['review before the applications close', { prequalApplicationDeadline: '2026-03-16 09:00', prequalReviewEnd: '2026-03-15 17:00' }, [['SCHEDULE_ORDER', 'prequalReviewEnd', 'prequalApplicationDeadline']]],
    ['bid deadline before the review ends', { prequalReviewEnd: '2026-03-16 17:00', bidDeadline: '2026-03-16 09:00' }, [['SCHEDULE_ORDER', 'bidDeadline', 'prequalReviewEnd']]],
    ['listing end before its start', { listingStart: '2026-04-10 09:00', listingEnd: '2026-04-09 09:00' }, [['SCHEDULE_ORDER', 'listingEnd', 'listingStart']]],
    ['disclosure end before its start', { disclosureStart: '2026-04-10 09:00', disclosureEnd: '2026-04-09 09:00' }, [['SCHEDULE_ORDER', 'disclosureEnd', 'disclosureStart']]],
    ['property bidding before the disclosure ends', { disclosureEnd: '2026-04-10 17:00', auctionStart: '2026-04-10 09:00' }, [['SCHEDULE_ORDER', 'auctionStart', 'disclosureEnd']]],
    ['publicity end before its start', { publicityStart: '2026-04-10 09:00', publicityEnd: '2026-04-09 09:00' }, [['SCHEDULE_ORDER', 'publicityEnd', 'publicityStart']]],
    ['land auction before the notice', { noticePublishAt: '2026-05-06 09:00', auctionStart: '2026-05-05 09:30' }, [['SCHEDULE_ORDER', 'auctionStart', 'noticePublishAt']]],
    // Unrelated fields are not ordered: the tender documents may be issued before, during or after a prequalification.
    ['documents issued after the prequalification review (allowed)', { prequalReviewEnd: '2026-03-16 17:00', docsIssueStart: '2026-03-18 09:00', docsIssueEnd: '2026-03-25 17:00' }, []],
    ['documents issue end before the prequalification documents end (allowed)', { docsIssueEnd: '2026-03-08 17:00', prequalDocsEnd: '2026-03-09 17:00' }, []],
    ['every pair out of order is reported, by its later field', { noticePublishAt: '2026-03-10 09:00', docsIssueStart: '2026-03-09 09:00', bidDeadline: '2026-03-08 09:00' }, [
      ['SCHEDULE_ORDER', 'docsIssueStart', 'noticePublishAt'],
      ['SCHEDULE_ORDER', 'bidDeadline', 'noticePublishAt'],
      ['SCHEDULE_ORDER', 'bidDeadline', 'docsIssueStart'],
    ]],
    ['a year out of range is reported, and not ordered against the rest', { noticePublishAt: '2026-03-10 09:00', bidDeadline: '1900-03-08 09:00' }, [['SCHEDULE_YEAR_OUT_OF_RANGE', 'bidDeadline', null]]],
  ] as const)('%s', (_what, s, expected) => {
    expect(brief(sched(s))).toEqual(expected);
  });

  it('the order message names both fields', () => {
    const [v] = checkScheduleSanity(sched({ noticePublishAt: '2026-03-10 09:00', bidDeadline: '2026-03-09 09:00' }));
    expect(v!.messageZh).toBe('投标截止时间（2026-03-09 09:00:00）不得早于公告发布时间（2026-03-10 09:00:00）');
    expect(v!.messageEn).toBe('The bid deadline (2026-03-09 09:00:00) must not be before the notice publication time (2026-03-10 09:00:00, Beijing time)');
  });

  it('the order is a partial order: no pair both ways, the notice before everything, the opening after the bid deadline', () => {
    const key = (a: string, b: string) => `${a}<${b}`;
    const set = new Set(SCHEDULE_ORDER_PAIRS.map(([a, b]) => key(a, b)));
    for (const [a, b] of SCHEDULE_ORDER_PAIRS) expect(set.has(key(b, a))).toBe(false);
    expect(set.has(key('noticePublishAt', 'publicityEnd'))).toBe(true);
    expect(set.has(key('prequalDocsEnd', 'openingAt'))).toBe(true);
    expect(set.has(key('docsIssueStart', 'prequalDocsEnd'))).toBe(false);
  });
});

describe('scheduleDeadlinesPassed: at submission', () => {
  const now = bj('2026-03-01 12:00');
  it.each([
    ['a bid deadline one millisecond after now', { bidDeadline: '2026-03-01 12:00:00.001' }, []],
    ['a bid deadline exactly now', { bidDeadline: '2026-03-01 12:00' }, ['bidDeadline']],
    ['a bid deadline yesterday', { bidDeadline: '2026-02-28 12:00' }, ['bidDeadline']],
    ['a documents issue end in the past', { docsIssueEnd: '2026-03-01 09:00', bidDeadline: '2026-04-01 09:00' }, ['docsIssueEnd']],
    ['a notice time in the past (publication sets it)', { noticePublishAt: '2026-02-01 09:00', docsIssueStart: '2026-02-02 09:00', disclosureStart: '2026-02-01 09:00', publicityStart: '2026-02-01 09:00' }, []],
    ['the listing start and end', { listingStart: '2026-02-01 09:00', listingEnd: '2026-02-20 09:00' }, ['listingStart', 'listingEnd']],
  ] as const)('%s', (_what, s, fields) => {
    const v = scheduleDeadlinesPassed(sched(s), now);
    expect(v.map((x) => x.field)).toEqual(fields);
    for (const x of v) expect(x.reason).toBe('SCHEDULE_IN_PAST');
  });

  it('says so in Chinese and English', () => {
    const [v] = scheduleDeadlinesPassed(sched({ bidDeadline: '2026-02-28 12:00' }), now);
    expect(v!.messageZh).toBe('投标截止时间（2026-02-28 12:00:00）已经过去，请先修改时间安排');
    expect(v!.messageEn).toBe('The bid deadline (2026-02-28 12:00:00 Beijing time) has already passed; change the schedule first');
  });
});

describe('assertScheduleSane', () => {
  it('throws VALIDATION naming the first field, with every violation', () => {
    const vs = checkScheduleSanity(sched({ noticePublishAt: '2026-03-10 09:00', bidDeadline: '2026-03-09 09:00', openingAt: '9999-01-01 09:00' }));
    try {
      assertScheduleSane(vs);
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ code: 'VALIDATION', details: { field: 'openingAt', reason: 'SCHEDULE_YEAR_OUT_OF_RANGE' } });
      expect((e as { details: { violations: unknown[] } }).details.violations).toHaveLength(2);
    }
  });
  it('does nothing without violations', () => {
    expect(() => assertScheduleSane([])).not.toThrow();
  });
});
