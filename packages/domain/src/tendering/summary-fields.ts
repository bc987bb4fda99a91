/**
 * What a project's 开标一览表 (bid summary) asks besides the price (issue 18 §1): a bid states only what the
 * trade has — no 工期 on a goods or a service bid, no 质量标准 on a land or property application.
 *
 * - The period (calendar days), by what is bought:
 *   - engineering works and EPC (施工、工程总承包): 工期 — the construction period the tender fixes
 *     (招标投标法实施条例 §51 (四): a bid that misses the tender's 工期 is rejected);
 *   - engineering survey, design and supervision (勘察、设计、监理): 服务期 — a service period, not a 工期;
 *   - engineering goods (与工程建设有关的货物): 交货期 — a delivery period;
 *   - government procurement: 交货期或服务期 — the project does not record whether it buys goods or
 *     services, so the summary asks the one performance period that covers both (政府采购法 §44 checks
 *     the 履约期限 against the documents);
 *   - land and property sales: none — what is bid is a price (and later the sale engine's rounds).
 * - 质量标准 (the quality the bidder commits to): for engineering and procurement; not for land or property.
 *
 * The summary itself (bid-summary.ts) keeps `durationDays` and `quality` nullable; `checkSummaryFields`
 * refuses one that states a field the project does not ask or lacks one it asks, wherever a summary is
 * written (the web form, the CLI); `conformSummary` keeps what an opening publishes to the fields asked.
 */
import { AppError } from '../errors.ts';
import type { TradeType } from '../procedure/flags.ts';
import type { ProjectSubject } from '../procedure/project-fields.ts';
import type { OpenedBidSummary } from '../bid-summary.ts';
import type { VocabularyKey } from '../vocabulary/keys.ts';
import { wordPair } from '../vocabulary/index.ts';

/** The kinds of period a summary may ask: 工期 / 服务期 / 交货期 / 交货期或服务期. */
export const SUMMARY_PERIODS = ['construction', 'service', 'delivery', 'performance'] as const;
export type SummaryPeriod = (typeof SUMMARY_PERIODS)[number];

export interface BidSummaryAsks {
  /** The period the summary asks in calendar days, or null when the project asks none. */
  period: SummaryPeriod | null;
  /** Whether the summary asks a 质量标准. */
  quality: boolean;
}

const ENGINEERING_PERIOD: Record<ProjectSubject, SummaryPeriod> = {
  works: 'construction',
  epc: 'construction',
  survey: 'service',
  design: 'service',
  supervision: 'service',
  goods: 'delivery',
};

/**
 * The fields of a project's bid summary besides the price. An engineering project without a subject
 * (created before issue 16 §8) asks a 工期, as every engineering bid did before.
 */
export function bidSummaryFieldsOf(p: { tradeType: TradeType; subject: ProjectSubject | null }): BidSummaryAsks {
  switch (p.tradeType) {
    case 'engineering':
      return { period: p.subject ? ENGINEERING_PERIOD[p.subject] : 'construction', quality: true };
    case 'procurement':
      return { period: 'performance', quality: true };
    case 'land':
    case 'property':
      return { period: null, quality: false };
  }
}

/** The vocabulary key of a period's name with its unit (`summaryPeriod.construction` → 工期（日历天）). */
export function summaryPeriodKey(period: SummaryPeriod): VocabularyKey {
  return `summaryPeriod.${period}`;
}

function refused(field: 'durationDays' | 'quality', reason: 'SUMMARY_FIELD_NOT_ASKED' | 'SUMMARY_FIELD_REQUIRED', msg: { zh: string; en: string }): AppError {
  return new AppError('VALIDATION', msg, { field, reason });
}

/**
 * Refuses a summary that states a field the project does not ask, or lacks one it asks (AppError
 * VALIDATION, `field` durationDays or quality, reason SUMMARY_FIELD_NOT_ASKED or SUMMARY_FIELD_REQUIRED),
 * naming the field as the project calls it.
 */
export function checkSummaryFields(asks: BidSummaryAsks, s: { durationDays: number | null; quality: string | null }): void {
  if (asks.period === null && s.durationDays !== null) {
    throw refused('durationDays', 'SUMMARY_FIELD_NOT_ASKED', { zh: '本项目的开标一览表不填写工期或期限', en: 'This project’s bid summary asks no period' });
  }
  if (asks.period !== null && s.durationDays === null) {
    const name = wordPair(summaryPeriodKey(asks.period));
    throw refused('durationDays', 'SUMMARY_FIELD_REQUIRED', { zh: `请填写${name.zh}`, en: `Enter the ${name.en.toLowerCase()}` });
  }
  if (!asks.quality && s.quality !== null) {
    throw refused('quality', 'SUMMARY_FIELD_NOT_ASKED', { zh: '本项目的开标一览表不填写质量标准', en: 'This project’s bid summary asks no quality standard' });
  }
  if (asks.quality && s.quality === null) {
    throw refused('quality', 'SUMMARY_FIELD_REQUIRED', { zh: '请填写质量标准', en: 'Enter the quality standard' });
  }
}

/**
 * What an opening publishes of a decrypted summary: only the fields the project asks (a period or a
 * quality on a summary that was not asked for one — e.g. written by an older client — is not read out).
 * A field asked but missing stays null and shows as not stated.
 */
export function conformSummary(asks: BidSummaryAsks, s: OpenedBidSummary): OpenedBidSummary {
  return {
    priceFen: s.priceFen,
    durationDays: asks.period === null ? null : s.durationDays,
    quality: asks.quality ? s.quality : null,
  };
}
