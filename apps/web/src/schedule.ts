/**
 * Which schedule instants a project shows, by trade type × method (the statutory limits of
 * @ebid/domain read these fields). `openingAt` is never typed: for sealed bids it equals the bid
 * deadline (ZTB §34), so the form fills it in.
 */
import { SCHEDULE_FIELDS, formatMoment, type ScheduleField, type TradeType } from '@ebid/domain';
import type { ScheduleViolationView } from '@ebid/contracts';
import { pick, type Lang } from './i18n.ts';

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

/**
 * A statutory-limit violation as the user reads it (issue 19 §6): the server's sentence — the rule in words,
 * its citation 《…》第…条 and 最早可设为 <a working day, 09:00–17:00> (domain `workingHoursMoment`) — never
 * the rule key (`ruleRef` stays for code).
 */
export function violationText(v: Pick<ScheduleViolationView, 'messageZh' | 'messageEn'>, lang: Lang): string {
  return pick(lang, { zh: v.messageZh, en: v.messageEn });
}

/**
 * The value to put in the field to meet the limit: the suggested working-hours moment, or null where the
 * form fills the field itself (the opening follows the bid deadline).
 */
export function suggestedValue(v: Pick<ScheduleViolationView, 'limitId' | 'field' | 'suggestedAt'>): { field: ScheduleField; iso: string; label: string; labelEn: string } | null {
  if (v.limitId === 'OPENING_EQ_DEADLINE') return null;
  const field = SCHEDULE_FIELDS.find((f) => f === v.field);
  const at = new Date(v.suggestedAt);
  if (!field || !Number.isFinite(at.getTime())) return null;
  const m = formatMoment(at);
  return { field, iso: v.suggestedAt, label: m.zh, labelEn: m.en };
}
