import { describe, expect, it } from 'vitest';
import type { ProcedureMethod, TradeType } from '../procedure/flags.ts';
import { reviewClosesAt, reviewClosingField, reviewOpen } from './review.ts';

const S = {
  bidDeadline: '2026-04-01T09:30:00+08:00',
  listingEnd: '2026-04-08T10:00:00+08:00',
  auctionStart: '2026-04-10T10:00:00+08:00',
  disclosureEnd: '2026-04-03T17:00:00+08:00',
};

describe('reviewClosingField: the review closes when the applicants compete (issue 18 §4, L2)', () => {
  it.each<[TradeType, ProcedureMethod, Record<string, string>, string | null]>([
    ['land', 'listing', S, 'listingEnd'],
    ['land', 'auction', S, 'auctionStart'],
    ['land', 'tender', S, 'bidDeadline'],
    ['property', 'online_bidding', S, 'auctionStart'],
    ['property', 'listing', S, 'auctionStart'],
    ['property', 'listing', { disclosureEnd: S.disclosureEnd }, 'disclosureEnd'],
    ['engineering', 'open', S, null],
    ['procurement', 'negotiation', S, null],
  ])('%s/%s → %s', (tradeType, method, schedule, field) => {
    expect(reviewClosingField(tradeType, method, schedule)).toBe(field);
  });
});

describe('reviewOpen: strictly before the closing instant', () => {
  const end = new Date(S.listingEnd);
  it.each<[string, Date, boolean]>([
    ['a minute before the listing end', new Date(end.getTime() - 60_000), true],
    ['a millisecond before', new Date(end.getTime() - 1), true],
    ['at the listing end', end, false],
    ['after it', new Date(end.getTime() + 1), false],
  ])('%s → %s', (_, now, open) => {
    expect(reviewOpen('land', 'listing', S, now)).toBe(open);
  });

  it('a schedule without the closing field has no closing instant: never open', () => {
    expect(reviewClosesAt('land', 'auction', { listingEnd: S.listingEnd })).toBeNull();
    expect(reviewOpen('land', 'auction', { listingEnd: S.listingEnd }, new Date('2026-01-01T00:00:00Z'))).toBe(false);
  });
});
