import { describe, expect, it } from 'vitest';
import { METHODS_BY_TRADE_TYPE, SCHEDULE_FIELDS, TRADE_TYPES, type TradeType } from '@ebid/domain';
import { scheduleFieldsFor, scheduleToSend, suggestedValue, violationText } from './schedule.ts';

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

describe('a violation as the user reads it (issue 19 §6)', () => {
  const v = {
    limitId: 'N1_ENG_BID_PREP',
    field: 'bidDeadline',
    suggestedAt: '2026-03-23T01:00:00.000Z',
    messageZh: '投标截止时间不得早于 2026年3月23日（自招标文件发出之日起不少于20日，《中华人民共和国招标投标法》第二十四条）；最早可设为 2026年3月23日（星期一）09:00',
    messageEn: 'Bid deadline must not be earlier than 2026-03-23 (…; Article 24 of the Bidding Law); the earliest to set is Mon 2026-03-23 09:00 (Beijing time)',
  };

  it.each([
    ['zh', '《中华人民共和国招标投标法》第二十四条'],
    ['en', 'Article 24 of the Bidding Law'],
  ] as const)('%s: the server sentence with the citation, never the key', (lang, cite) => {
    const text = violationText(v, lang);
    expect(text).toContain(cite);
    expect(text).not.toMatch(/§|ZTB/);
  });

  it.each([
    ['a limit on a field of the form', v, { field: 'bidDeadline', iso: v.suggestedAt, label: '2026年3月23日（星期一）09:00' }],
    ['the opening follows the deadline by itself', { ...v, limitId: 'OPENING_EQ_DEADLINE', field: 'openingAt' }, null],
    ['an unknown field', { ...v, field: 'nope' }, null],
    ['no usable instant', { ...v, suggestedAt: 'x' }, null],
  ])('suggests the value to set: %s', (_name, input, expected) => {
    const s = suggestedValue(input);
    if (expected === null) expect(s).toBeNull();
    else expect(s).toMatchObject(expected);
  });
});
