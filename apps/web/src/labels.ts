/** Message keys of the procedure words (trade types, methods, notice kinds) — one place for every page. */
import { NOTICE_KINDS, SCHEDULE_FIELD_LABELS, type Industry, type PriceKind, type ProcedureMethod, type ProjectSubject, type ScheduleField, type TradeType } from '@ebid/domain';
import { serverText, type Lang, type MessageKey, type TFunction } from './i18n.ts';

export const TRADE_KEYS: Record<TradeType, MessageKey> = {
  engineering: 'trade.engineering',
  procurement: 'trade.procurement',
  land: 'trade.land',
  property: 'trade.property',
};

export const SUBJECT_KEYS: Record<ProjectSubject, MessageKey> = {
  works: 'subject.works',
  goods: 'subject.goods',
  survey: 'subject.survey',
  design: 'subject.design',
  supervision: 'subject.supervision',
  epc: 'subject.epc',
};

/** An engineering project's industry (issue 20 §4): the vocabulary's words. */
export const INDUSTRY_KEYS: Record<Industry, MessageKey> = {
  housing: 'industry.housing',
  transport: 'industry.transport',
  water: 'industry.water',
  other: 'industry.other',
};

export const PRICE_KIND_KEYS: Record<PriceKind, MessageKey> = { amount: 'priceKind.amount', rate: 'priceKind.rate' };

export const METHOD_KEYS: Record<ProcedureMethod, MessageKey> = {
  open: 'method.open',
  invited: 'method.invited',
  negotiation: 'method.negotiation',
  consultation: 'method.consultation',
  inquiry: 'method.inquiry',
  single_source: 'method.single_source',
  tender: 'method.tender',
  auction: 'method.auction',
  listing: 'method.listing',
  online_bidding: 'method.online_bidding',
};

/** Every notice kind's word (vocabulary `notice.kind.<kind>`), so a new kind is never shown raw. */
export const NOTICE_KIND_KEYS: Record<string, MessageKey> = Object.fromEntries(NOTICE_KINDS.map((k): [string, MessageKey] => [k, `notice.kind.${k}`]));

/**
 * What the project budget is called (issue 18 §1): 采购预算 in government procurement, the budget of an
 * engineering project; a land or property sale has none (its price is the sections' starting or reserve price).
 */
export function budgetKey(tradeType: TradeType): MessageKey | null {
  if (tradeType === 'procurement') return 'project.budget.procurement';
  if (tradeType === 'engineering') return 'project.budget.engineering';
  return null;
}

/**
 * A schedule field's name as the project says it (issue 18 §1): the bid deadline and the opening by the
 * trade's words (响应文件提交截止时间, 竞买申请截止时间 …), the other fields by their statutory names.
 * `t` is the project's translation function (useProjectT).
 */
export function scheduleFieldLabel(field: ScheduleField, lang: Lang, t: TFunction): string {
  if (field === 'bidDeadline') return t('schedule.field.bidDeadline');
  if (field === 'openingAt') return t('schedule.field.openingAt');
  return serverText(lang, SCHEDULE_FIELD_LABELS[field]);
}

export function methodKey(method: string): MessageKey | undefined {
  return Object.hasOwn(METHOD_KEYS, method) ? METHOD_KEYS[method as ProcedureMethod] : undefined;
}

/** The PDF's download name: `公告-<统一交易标识码>.pdf` (ux.md: official documents by deal code). */
export function noticePdfName(unifiedDealCode: string): string {
  return `公告-${unifiedDealCode}.pdf`;
}

export function noticePdfUrl(noticeId: number): string {
  return `/portal/notices/${noticeId}.pdf`;
}

/**
 * The project's terms beside its trade type (issue 16 §2, §5, §8) as description items: the subject and the
 * industry (issue 20 §4) of an engineering project, a fee-rate price, a waived security — shown only where they apply.
 */
export function projectTermItems(
  p: { subject: ProjectSubject | null; industry?: Industry | null; priceKind: PriceKind; securityWaived: boolean },
  t: TFunction,
): { key: string; label: string; children: string }[] {
  return [
    ...(p.subject ? [{ key: 'subject', label: t('project.subject'), children: t(SUBJECT_KEYS[p.subject]) }] : []),
    ...(p.industry ? [{ key: 'industry', label: t('project.industry'), children: t(INDUSTRY_KEYS[p.industry]) }] : []),
    ...(p.priceKind === 'rate' ? [{ key: 'priceKind', label: t('project.priceKind'), children: t(PRICE_KIND_KEYS.rate) }] : []),
    ...(p.securityWaived ? [{ key: 'securityWaived', label: t('project.securityWaived'), children: '✓' }] : []),
  ];
}
