/**
 * The review of land and property applicants before the sale (issue 18 §4; domain §1.3 step 5, §1.4
 * step 5, §5.3, L2): each application (竞买申请 / 受让申请) is found qualified or not by the trading center
 * before the applicant may compete. Pure: time passed in.
 *
 * Until when may it be decided? Until the instant the applicants compete with each other, which no
 * unreviewed applicant may enter (L2: an offer needs the deposit AND the qualification):
 * - land listing (挂牌): the listing end — applications run until the application deadline, which lies
 *   inside the listing (≥ 3 wd before its end, C-FJL §14), so the review cannot close at the listing
 *   start; at the listing end the sale is decided (one bidder → deal, two or more → timed bidding);
 * - land auction (拍卖) and property online bidding (网络竞价): the auction start;
 * - land tender (招标出让): the bid deadline (the opening follows it);
 * - property listing (挂牌转让): the bidding start if the disclosure announces one, else the disclosure end
 *   (one qualified buyer → direct deal at ≥ the listing price, two or more → competitive bidding).
 * A schedule without that field has no closing instant (null): the caller refuses until it is set.
 */
import type { ProcedureMethod, TradeType } from '../procedure/flags.ts';
import type { ScheduleField } from '../calendar/limits.ts';

export function reviewClosingField(tradeType: TradeType, method: ProcedureMethod | string, schedule: Partial<Record<ScheduleField, unknown>>): ScheduleField | null {
  if (tradeType === 'land') {
    if (method === 'listing') return 'listingEnd';
    if (method === 'auction') return 'auctionStart';
    if (method === 'tender') return 'bidDeadline';
    return null;
  }
  if (tradeType === 'property') {
    if (method === 'online_bidding') return 'auctionStart';
    if (method === 'listing') return schedule.auctionStart !== undefined && schedule.auctionStart !== null ? 'auctionStart' : 'disclosureEnd';
  }
  return null;
}

/** The instant the review of applicants closes (see above), or null when the schedule does not say. */
export function reviewClosesAt(tradeType: TradeType, method: ProcedureMethod | string, schedule: Partial<Record<ScheduleField, string | Date | undefined>>): Date | null {
  const field = reviewClosingField(tradeType, method, schedule);
  const v = field ? schedule[field] : undefined;
  if (v === undefined) return null;
  const d = v instanceof Date ? v : new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Is the review still open at `now` (strictly before the closing instant)? */
export function reviewOpen(tradeType: TradeType, method: ProcedureMethod | string, schedule: Partial<Record<ScheduleField, string | Date | undefined>>, now: Date): boolean {
  const closes = reviewClosesAt(tradeType, method, schedule);
  return closes !== null && now.getTime() < closes.getTime();
}
