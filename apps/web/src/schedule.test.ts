import { describe, expect, it } from 'vitest';
import { METHODS_BY_TRADE_TYPE, SCHEDULE_FIELDS, TRADE_TYPES, type TradeType } from '@ebid/domain';
import { scheduleFieldsFor, scheduleToSend } from './schedule.ts';

describe('schedule fields per method', () => {
  it.each<[TradeType, string, boolean, string[]]>([
    ['engineering', 'open', false, ['noticePublishAt', 'docsIssueStart', 'docsIssueEnd', 'bidDeadline']],
    ['engineering', 'invited', false, ['noticePublishAt', 'docsIssueStart', 'docsIssueEnd', 'bidDeadline']],
    ['engineering', 'open', true, ['noticePublishAt', 'docsIssueStart', 'docsIssueEnd', 'prequalDocsEnd', 'prequalApplicationDeadline', 'prequalReviewEnd', 'bidDeadline']],
    ['procurement', 'open', false, ['noticePublishAt', 'docsIssueStart', 'docsIssueEnd', 'bidDeadline']],
    ['procurement', 'invited', false, ['noticePublishAt', 'docsIssueStart', 'docsIssueEnd', 'prequalDocsEnd', 'prequalApplicationDeadline', 'prequalReviewEnd', 'bidDeadline']],
    ['procurement', 'single_source', false, ['noticePublishAt', 'publicityStart', 'publicityEnd']],
    ['land', 'tender', false, ['noticePublishAt', 'docsIssueStart', 'bidDeadline']],
    ['land', 'auction', false, ['noticePublishAt', 'auctionStart']],
    ['land', 'listing', false, ['noticePublishAt', 'listingStart', 'listingEnd']],
    ['property', 'listing', false, ['noticePublishAt', 'listingStart', 'listingEnd', 'disclosureStart', 'disclosureEnd']],
    ['property', 'online_bidding', false, ['noticePublishAt', 'auctionStart', 'disclosureStart', 'disclosureEnd']],
  ])('%s / %s (prequalification %s)', (tradeType, method, prequal, expected) => {
    expect(scheduleFieldsFor(tradeType, method, prequal)).toEqual(expected);
  });

  it('never asks for openingAt, and every combination yields known fields in canonical order', () => {
    for (const tt of TRADE_TYPES) {
      for (const m of METHODS_BY_TRADE_TYPE[tt]) {
        const f = scheduleFieldsFor(tt, m);
        expect(f).not.toContain('openingAt');
        expect(f).toEqual(SCHEDULE_FIELDS.filter((x) => f.includes(x)));
        expect(f[0]).toBe('noticePublishAt');
      }
    }
  });

  it('sends only the filled fields and sets the opening at the bid deadline', () => {
    const fields = scheduleFieldsFor('engineering', 'open');
    expect(scheduleToSend(fields, { noticePublishAt: '2026-03-01T09:00:00+08:00', bidDeadline: '2026-03-21T09:30:00+08:00', docsIssueEnd: '' })).toEqual({
      noticePublishAt: '2026-03-01T09:00:00+08:00',
      bidDeadline: '2026-03-21T09:30:00+08:00',
      openingAt: '2026-03-21T09:30:00+08:00',
    });
    expect(scheduleToSend(scheduleFieldsFor('land', 'auction'), { auctionStart: '2026-03-21T09:30:00+08:00' })).toEqual({ auctionStart: '2026-03-21T09:30:00+08:00' });
  });
});
