/**
 * Which schedule instants a project shows, by trade type × method (the statutory limits of
 * @ebid/domain read these fields). `openingAt` is never typed: for sealed bids it equals the bid
 * deadline (ZTB §34), so the form fills it in.
 */
import { SCHEDULE_FIELDS, type ScheduleField, type TradeType } from '@ebid/domain';

const SEALED: ScheduleField[] = ['noticePublishAt', 'docsIssueStart', 'docsIssueEnd', 'bidDeadline'];
const PREQUAL: ScheduleField[] = ['prequalDocsEnd', 'prequalApplicationDeadline', 'prequalReviewEnd'];

export function scheduleFieldsFor(tradeType: TradeType, method: string, prequalification = false): ScheduleField[] {
  let fields: ScheduleField[];
  if (tradeType === 'engineering' || (tradeType === 'procurement' && method !== 'single_source')) {
    fields = prequalification || (tradeType === 'procurement' && method === 'invited') ? [...SEALED.slice(0, 3), ...PREQUAL, 'bidDeadline'] : SEALED;
  } else if (tradeType === 'procurement') {
    fields = ['noticePublishAt', 'publicityStart', 'publicityEnd'];
  } else if (tradeType === 'land') {
    fields =
      method === 'tender'
        ? ['noticePublishAt', 'docsIssueStart', 'bidDeadline']
        : method === 'auction'
          ? ['noticePublishAt', 'auctionStart']
          : ['noticePublishAt', 'listingStart', 'listingEnd'];
  } else {
    fields = ['noticePublishAt', 'disclosureStart', 'disclosureEnd', ...(method === 'listing' ? (['listingStart', 'listingEnd'] as const) : (['auctionStart'] as const))];
  }
  // in the canonical order
  return SCHEDULE_FIELDS.filter((f) => fields.includes(f));
}

/** Whether the opening is at the bid deadline (then `openingAt` is filled from `bidDeadline`). */
export function openingFollowsDeadline(fields: readonly ScheduleField[]): boolean {
  return fields.includes('bidDeadline');
}

/** The schedule to send: the shown fields that have a value, plus openingAt = bidDeadline. */
export function scheduleToSend(
  fields: readonly ScheduleField[],
  values: Partial<Record<ScheduleField, string | null | undefined>>,
): Partial<Record<ScheduleField, string>> {
  const out: Partial<Record<ScheduleField, string>> = {};
  for (const f of fields) {
    const v = values[f];
    if (v) out[f] = v;
  }
  if (openingFollowsDeadline(fields) && out.bidDeadline) out.openingAt = out.bidDeadline;
  return out;
}
