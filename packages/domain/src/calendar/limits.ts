/**
 * The statutory minimum periods of domain §2 that can be checked when a schedule is saved (issue 4 §2),
 * as data. Each limit says: for these trade types and methods, `target` must not be earlier than
 * `earliestAllowed(anchor, min.n, min.unit)` (see periods.ts for the counting rule).
 *
 * Source keys as in domain §0: `V` = verified against the law text, `K` = domain knowledge (article
 * numbers believed correct, to be checked against the gazette).
 *
 * Limits that run AFTER the schedule (objections, complaints, refunds, award, contract) are timers, not
 * schedule checks, and are not here. Structural (ordering) rules are in `STRUCTURAL_RULES`.
 */
import { METHODS_BY_TRADE_TYPE, type ProcedureMethod, type TradeType } from '../procedure/flags.ts';
import type { MinimumKind, PeriodUnit } from './periods.ts';
import { ORDER_RULE, citeRule } from '../procedure/laws.ts';

// Trade types and methods are those of the procedure module (one definition in the domain package).
/** A method / sale mode (ux.md glossary); which ones a trade type offers is `METHODS_BY_TRADE_TYPE`. */
export type TradeMethod = ProcedureMethod;

/** Whether `method` is one of the methods `tradeType` offers. */
export function isMethodOf(tradeType: TradeType, method: string): boolean {
  return (METHODS_BY_TRADE_TYPE[tradeType] as readonly string[] | undefined)?.includes(method) ?? false;
}

/**
 * What a property deal transfers; decides the disclosure period (R32). Not a method: both `listing` and
 * `online_bidding` disclose first.
 */
export const PROPERTY_KINDS = ['equity_transfer', 'asset_transfer', 'capital_increase'] as const;
export type PropertyKind = (typeof PROPERTY_KINDS)[number];

/** Schedule instants a project may carry; only some apply per method. */
export const SCHEDULE_FIELDS = [
  'noticePublishAt',
  'docsIssueStart',
  'docsIssueEnd',
  'prequalDocsEnd',
  'prequalApplicationDeadline',
  'prequalReviewEnd',
  'bidDeadline',
  'openingAt',
  'listingStart',
  'listingEnd',
  'auctionStart',
  'applicationDeadline',
  'depositDeadline',
  'disclosureStart',
  'disclosureEnd',
  'publicityStart',
  'publicityEnd',
] as const;
export type ScheduleField = (typeof SCHEDULE_FIELDS)[number];

export interface Bilingual {
  readonly zh: string;
  readonly en: string;
}

export const SCHEDULE_FIELD_LABELS: Readonly<Record<ScheduleField, Bilingual>> = {
  noticePublishAt: { zh: '公告发布时间', en: 'notice publication time' },
  docsIssueStart: { zh: '文件发售（提供）开始时间', en: 'documents issue start' },
  docsIssueEnd: { zh: '文件发售（提供）截止时间', en: 'documents issue end' },
  prequalDocsEnd: { zh: '资格预审文件发售截止时间', en: 'prequalification documents issue end' },
  prequalApplicationDeadline: { zh: '资格预审申请文件提交截止时间', en: 'prequalification application deadline' },
  prequalReviewEnd: { zh: '资格审查截止时间', en: 'prequalification review deadline' },
  bidDeadline: { zh: '投标截止时间', en: 'bid deadline' },
  openingAt: { zh: '开标时间', en: 'opening time' },
  listingStart: { zh: '挂牌开始时间', en: 'listing start' },
  listingEnd: { zh: '挂牌截止时间', en: 'listing end' },
  auctionStart: { zh: '拍卖开始时间', en: 'auction start' },
  applicationDeadline: { zh: '竞买（受让）申请截止时间', en: 'application deadline' },
  depositDeadline: { zh: '保证金交纳截止时间', en: 'deposit deadline' },
  disclosureStart: { zh: '信息披露开始时间', en: 'disclosure start' },
  disclosureEnd: { zh: '信息披露截止时间', en: 'disclosure end' },
  publicityStart: { zh: '公示开始时间', en: 'publicity start' },
  publicityEnd: { zh: '公示截止时间', en: 'publicity end' },
};

export type LimitId =
  | 'N1_ENG_BID_PREP'
  | 'N3_ENG_DOC_SALE'
  | 'N3_ENG_PREQUAL_DOC_SALE'
  | 'N4_ENG_PREQUAL_APPLICATION'
  | 'N2_GP_BID_PREP'
  | 'N3_GP_DOC_AVAILABILITY'
  | 'GP_NOTICE_PERIOD'
  | 'N4_GP_PREQUAL_APPLICATION'
  | 'N2_GP_CONSULTATION_RESPONSE'
  | 'N3_GP_CONSULTATION_DOC_SALE'
  | 'N2_GP_NEGOTIATION_RESPONSE'
  | 'N2_GP_INQUIRY_RESPONSE'
  | 'GP_SINGLE_SOURCE_PUBLICITY'
  | 'L1_LAND_ANNOUNCEMENT_TENDER'
  | 'L1_LAND_ANNOUNCEMENT_AUCTION'
  | 'L1_LAND_ANNOUNCEMENT_LISTING'
  | 'L1_LAND_LISTING_PERIOD'
  | 'L7_PROPERTY_FORMAL_DISCLOSURE'
  | 'L7_PROPERTY_CAPITAL_INCREASE'
  | 'L7_PROPERTY_ASSET_TRANSFER';

export interface Limit {
  readonly id: LimitId;
  /** Short source key, e.g. 'ZTB §24' (domain §0). */
  readonly ruleRef: string;
  /** Citation for messages, from `ruleRef` (citeRule): 《中华人民共和国招标投标法》第二十四条. */
  readonly citationZh: string;
  readonly citationEn: string;
  /** Domain §0 confidence of the citation. */
  readonly source: 'V' | 'K';
  readonly tradeTypes: readonly TradeType[];
  readonly methods: readonly TradeMethod[];
  /** Property only: the kinds it applies to; absent = every kind. */
  readonly propertyKinds?: readonly PropertyKind[];
  readonly anchor: ScheduleField;
  /** The anchor is the end of a window (stored as 24:00 = the next day's 00:00; periods.ts `anchorDay`). */
  readonly anchorIsWindowEnd?: boolean;
  readonly target: ScheduleField;
  /**
   * `point`: the target is an instant (a deadline, a start), lawful from 00:00 of its earliest day.
   * `window`: the target ends a window that must last the whole period: open until 24:00 of its N-th day
   * (or the documents' business-hours end). Calendar-day minimums of both kinds roll off rest days (T2).
   */
  readonly kind: MinimumKind;
  readonly min: { readonly n: number; readonly unit: PeriodUnit };
  /** Overrides SCHEDULE_FIELD_LABELS[target] in messages. */
  readonly targetLabel?: Bilingual;
  /** The rule in words; the message reads "<target> 不得早于 <date>（<descriptionZh>，<citationZh>）". */
  readonly descriptionZh: string;
  readonly descriptionEn: string;
}

const RESPONSE_DEADLINE: Bilingual = { zh: '响应文件提交截止时间', en: 'response deadline' };

/** The citation fields of a limit from its rule key: the one formatter (procedure/laws.ts, issue 19 §6). */
function cite(ruleRef: string): { ruleRef: string; citationZh: string; citationEn: string } {
  const c = citeRule(ruleRef);
  return { ruleRef, citationZh: c.zh, citationEn: c.en };
}

export const STATUTORY_LIMITS: readonly Limit[] = [
  // ---- Engineering construction (工程建设) ----
  {
    id: 'N1_ENG_BID_PREP',
    ...cite('ZTB §24'),
    source: 'V',
    tradeTypes: ['engineering'],
    methods: ['open', 'invited'],
    anchor: 'docsIssueStart',
    target: 'bidDeadline',
    kind: 'point',
    min: { n: 20, unit: 'd' },
    descriptionZh: '自招标文件发出之日起不少于20日',
    descriptionEn: 'at least 20 days from the first issue of the tender documents',
  },
  {
    id: 'N3_ENG_DOC_SALE',
    ...cite('ZTBT §16'),
    source: 'V',
    tradeTypes: ['engineering'],
    methods: ['open', 'invited'],
    anchor: 'docsIssueStart',
    target: 'docsIssueEnd',
    kind: 'window',
    min: { n: 5, unit: 'd' },
    descriptionZh: '招标文件或者资格预审文件的发售期不少于5日',
    descriptionEn: 'the tender or prequalification documents are on sale for at least 5 days',
  },
  {
    // Issue 18 §3 (domain P1, N3): the same 5 days for the prequalification documents. A schedule has no
    // field for their sale start; they are sold from the 资格预审公告, so the window is counted from the
    // notice (necessary, and exactly the rule when the sale starts with the notice). `docsIssueStart` is
    // the tender documents' start in a prequalification schedule, after the review (N1 counts from it).
    id: 'N3_ENG_PREQUAL_DOC_SALE',
    ...cite('ZTBT §16'),
    source: 'V',
    tradeTypes: ['engineering'],
    methods: ['open', 'invited'],
    anchor: 'noticePublishAt',
    target: 'prequalDocsEnd',
    kind: 'window',
    min: { n: 5, unit: 'd' },
    descriptionZh: '资格预审文件的发售期不少于5日',
    descriptionEn: 'the prequalification documents are on sale for at least 5 days',
  },
  {
    id: 'N4_ENG_PREQUAL_APPLICATION',
    ...cite('ZTBT §17'),
    source: 'V',
    tradeTypes: ['engineering'],
    methods: ['open', 'invited'],
    anchor: 'prequalDocsEnd',
    target: 'prequalApplicationDeadline',
    anchorIsWindowEnd: true,
    kind: 'point',
    min: { n: 5, unit: 'd' },
    descriptionZh: '自资格预审文件停止发售之日起不少于5日',
    descriptionEn: 'at least 5 days after the prequalification documents stop being sold',
  },
  // ---- Government procurement (政府采购) ----
  {
    id: 'N2_GP_BID_PREP',
    ...cite('CG §35'),
    source: 'V',
    tradeTypes: ['procurement'],
    methods: ['open', 'invited'],
    anchor: 'docsIssueStart',
    target: 'bidDeadline',
    kind: 'point',
    min: { n: 20, unit: 'd' },
    descriptionZh: '自招标文件开始发出之日起不少于20日',
    descriptionEn: 'at least 20 days from the first issue of the tender documents',
  },
  {
    id: 'N3_GP_DOC_AVAILABILITY',
    ...cite('CGT §31'),
    source: 'V',
    tradeTypes: ['procurement'],
    methods: ['open', 'invited'],
    anchor: 'docsIssueStart',
    target: 'docsIssueEnd',
    kind: 'window',
    min: { n: 5, unit: 'wd' },
    descriptionZh: '招标文件的提供期限自开始发出之日起不少于5个工作日',
    descriptionEn: 'the tender documents are available for at least 5 working days from their first issue',
  },
  {
    id: 'GP_NOTICE_PERIOD',
    ...cite('R87 §16, §18'),
    source: 'K',
    tradeTypes: ['procurement'],
    methods: ['open', 'invited'],
    anchor: 'noticePublishAt',
    target: 'docsIssueEnd',
    kind: 'window',
    min: { n: 5, unit: 'wd' },
    descriptionZh: '公告期限为5个工作日，文件提供期限自公告发布之日起不少于5个工作日',
    descriptionEn: 'the notice runs 5 working days and the documents are available for at least 5 working days from it',
  },
  {
    id: 'N4_GP_PREQUAL_APPLICATION',
    ...cite('CGT §21'),
    source: 'V',
    tradeTypes: ['procurement'],
    methods: ['open', 'invited'],
    anchor: 'noticePublishAt',
    target: 'prequalApplicationDeadline',
    kind: 'point',
    min: { n: 5, unit: 'wd' },
    descriptionZh: '提交资格预审申请文件的时间自公告发布之日起不少于5个工作日',
    descriptionEn: 'at least 5 working days from the prequalification notice',
  },
  {
    id: 'N2_GP_CONSULTATION_RESPONSE',
    ...cite('R214 §10'),
    source: 'K',
    tradeTypes: ['procurement'],
    methods: ['consultation'],
    anchor: 'docsIssueStart',
    target: 'bidDeadline',
    kind: 'point',
    min: { n: 10, unit: 'd' },
    targetLabel: RESPONSE_DEADLINE,
    descriptionZh: '自磋商文件发出之日起至提交首次响应文件截止之日止不少于10日',
    descriptionEn: 'at least 10 days from the issue of the consultation documents to the first response deadline',
  },
  {
    id: 'N3_GP_CONSULTATION_DOC_SALE',
    ...cite('R214 §10'),
    source: 'K',
    tradeTypes: ['procurement'],
    methods: ['consultation'],
    anchor: 'docsIssueStart',
    target: 'docsIssueEnd',
    kind: 'window',
    min: { n: 5, unit: 'wd' },
    descriptionZh: '磋商文件的发售期限自开始之日起不少于5个工作日',
    descriptionEn: 'the consultation documents are on sale for at least 5 working days',
  },
  {
    id: 'N2_GP_NEGOTIATION_RESPONSE',
    ...cite('R74 §29'),
    source: 'K',
    tradeTypes: ['procurement'],
    methods: ['negotiation'],
    anchor: 'docsIssueStart',
    target: 'bidDeadline',
    kind: 'point',
    min: { n: 3, unit: 'wd' },
    targetLabel: RESPONSE_DEADLINE,
    descriptionZh: '自谈判文件发出之日起至提交首次响应文件截止之日止不少于3个工作日',
    descriptionEn: 'at least 3 working days from the issue of the negotiation documents to the first response deadline',
  },
  {
    id: 'N2_GP_INQUIRY_RESPONSE',
    ...cite('R74 §45'),
    source: 'K',
    tradeTypes: ['procurement'],
    methods: ['inquiry'],
    anchor: 'docsIssueStart',
    target: 'bidDeadline',
    kind: 'point',
    min: { n: 3, unit: 'wd' },
    targetLabel: RESPONSE_DEADLINE,
    descriptionZh: '自询价通知书发出之日起至提交响应文件截止之日止不少于3个工作日',
    descriptionEn: 'at least 3 working days from the issue of the inquiry notice to the response deadline',
  },
  {
    id: 'GP_SINGLE_SOURCE_PUBLICITY',
    ...cite('CGT §38'),
    source: 'V',
    tradeTypes: ['procurement'],
    methods: ['single_source'],
    anchor: 'publicityStart',
    target: 'publicityEnd',
    kind: 'window',
    min: { n: 5, unit: 'wd' },
    descriptionZh: '单一来源采购公示期不少于5个工作日',
    descriptionEn: 'the single-source publicity lasts at least 5 working days',
  },
  // ---- Land use rights (国有建设用地使用权出让) ----
  {
    id: 'L1_LAND_ANNOUNCEMENT_TENDER',
    ...cite('R39L'),
    source: 'K',
    tradeTypes: ['land'],
    methods: ['tender'],
    anchor: 'noticePublishAt',
    // There is no "bidding opens" field; the deadline is checked (necessary, weaker than the rule).
    target: 'bidDeadline',
    kind: 'point',
    min: { n: 20, unit: 'd' },
    descriptionZh: '出让公告应当至少在投标开始日前20日发布',
    descriptionEn: 'the sale notice is published at least 20 days before bidding starts',
  },
  {
    id: 'L1_LAND_ANNOUNCEMENT_AUCTION',
    ...cite('R39L'),
    source: 'K',
    tradeTypes: ['land'],
    methods: ['auction'],
    anchor: 'noticePublishAt',
    target: 'auctionStart',
    kind: 'point',
    min: { n: 20, unit: 'd' },
    descriptionZh: '出让公告应当至少在拍卖开始日前20日发布',
    descriptionEn: 'the sale notice is published at least 20 days before the auction starts',
  },
  {
    id: 'L1_LAND_ANNOUNCEMENT_LISTING',
    ...cite('R39L'),
    source: 'K',
    tradeTypes: ['land'],
    methods: ['listing'],
    anchor: 'noticePublishAt',
    target: 'listingStart',
    kind: 'point',
    min: { n: 20, unit: 'd' },
    descriptionZh: '出让公告应当至少在挂牌开始日前20日发布',
    descriptionEn: 'the sale notice is published at least 20 days before the listing starts',
  },
  {
    id: 'L1_LAND_LISTING_PERIOD',
    ...cite('R114'),
    source: 'K',
    tradeTypes: ['land'],
    methods: ['listing'],
    anchor: 'listingStart',
    target: 'listingEnd',
    // R39L's floor is 10 calendar days; R114's 10 working days is always at least as long.
    kind: 'window',
    min: { n: 10, unit: 'wd' },
    descriptionZh: '挂牌时间不少于10个工作日',
    descriptionEn: 'the listing lasts at least 10 working days',
  },
  // ---- Property rights (企业国有产权 / 资产) ----
  {
    id: 'L7_PROPERTY_FORMAL_DISCLOSURE',
    ...cite('R32 §13'),
    source: 'K',
    tradeTypes: ['property'],
    methods: ['listing', 'online_bidding'],
    propertyKinds: ['equity_transfer'],
    anchor: 'disclosureStart',
    target: 'disclosureEnd',
    kind: 'window',
    min: { n: 20, unit: 'wd' },
    descriptionZh: '产权转让正式披露信息时间不少于20个工作日',
    descriptionEn: 'the formal disclosure of an equity transfer lasts at least 20 working days',
  },
  {
    id: 'L7_PROPERTY_CAPITAL_INCREASE',
    ...cite('R32 §41'),
    source: 'K',
    tradeTypes: ['property'],
    methods: ['listing', 'online_bidding'],
    propertyKinds: ['capital_increase'],
    anchor: 'disclosureStart',
    target: 'disclosureEnd',
    kind: 'window',
    min: { n: 40, unit: 'wd' },
    descriptionZh: '企业增资信息披露时间不少于40个工作日',
    descriptionEn: 'the disclosure of a capital increase lasts at least 40 working days',
  },
  {
    id: 'L7_PROPERTY_ASSET_TRANSFER',
    ...cite('R32 §48'),
    source: 'K',
    tradeTypes: ['property'],
    methods: ['listing', 'online_bidding'],
    propertyKinds: ['asset_transfer'],
    anchor: 'disclosureStart',
    target: 'disclosureEnd',
    // The floor for 1–10 M CNY; above 10 M the rule is 20 wd (the value is not part of the schedule).
    kind: 'window',
    min: { n: 10, unit: 'wd' },
    descriptionZh: '资产转让信息披露时间不少于10个工作日',
    descriptionEn: 'the disclosure of an asset transfer lasts at least 10 working days',
  },
];

// ---- Structural (ordering) rules ----

export type StructuralRuleId =
  | 'OPENING_EQ_DEADLINE'
  | 'DOCS_NOT_BEFORE_NOTICE'
  | 'DOCS_END_AFTER_START'
  | 'DOCS_END_NOT_AFTER_DEADLINE'
  | 'PREQUAL_BEFORE_DEADLINE'
  | 'PREQUAL_REVIEW_AFTER_APPLICATIONS'
  | 'PREQUAL_REVIEW_BEFORE_DEADLINE'
  | 'LISTING_END_AFTER_START'
  | 'DISCLOSURE_END_AFTER_START'
  | 'AUCTION_NOT_BEFORE_DISCLOSURE_END'
  | 'PUBLICITY_END_AFTER_START'
  | 'APPLICATION_AFTER_NOTICE'
  | 'DEPOSIT_NOT_AFTER_APPLICATION'
  | 'APPLICATION_BEFORE_LISTING_END'
  | 'DEPOSIT_BEFORE_LISTING_END'
  | 'APPLICATION_BEFORE_AUCTION'
  | 'DEPOSIT_BEFORE_AUCTION'
  | 'APPLICATION_NOT_AFTER_BID_DEADLINE'
  | 'DEPOSIT_NOT_AFTER_BID_DEADLINE'
  | 'APPLICATION_NOT_AFTER_DISCLOSURE_END';

/** `field` must be `eq` (equal to), `gt` (strictly after) or `gte` (not before) `relativeTo`. */
export interface StructuralRule {
  readonly id: StructuralRuleId;
  readonly ruleRef: string;
  readonly citationZh: string;
  readonly citationEn: string;
  /** Absent = every trade type / every method. */
  readonly tradeTypes?: readonly TradeType[];
  readonly methods?: readonly TradeMethod[];
  readonly field: ScheduleField;
  readonly relativeTo: ScheduleField;
  readonly relation: 'eq' | 'gt' | 'gte';
}

const ORDER = cite(ORDER_RULE);
/**
 * Land sales (issue 18 §4; domain §1.3 step 4, §5.3, K): the deposit must arrive by the application
 * deadline (bidding rights need both), and both come before the sale: the listing's end, the auction's
 * start, the land tender's bid deadline.
 */
const LAND_SALE = cite('R39L');
/** Property sales (R32, K): applications during the disclosure, deposit with them, before the bidding. */
const PROPERTY_SALE = cite('R32');

export const STRUCTURAL_RULES: readonly StructuralRule[] = [
  {
    id: 'OPENING_EQ_DEADLINE',
    ...cite('ZTB §34'),
    tradeTypes: ['engineering'],
    methods: ['open', 'invited'],
    field: 'openingAt',
    relativeTo: 'bidDeadline',
    relation: 'eq',
  },
  {
    id: 'OPENING_EQ_DEADLINE',
    ...cite('R87 §39'),
    tradeTypes: ['procurement'],
    methods: ['open', 'invited'],
    field: 'openingAt',
    relativeTo: 'bidDeadline',
    relation: 'eq',
  },
  { id: 'DOCS_NOT_BEFORE_NOTICE', ...ORDER, field: 'docsIssueStart', relativeTo: 'noticePublishAt', relation: 'gte' },
  { id: 'DOCS_END_AFTER_START', ...ORDER, field: 'docsIssueEnd', relativeTo: 'docsIssueStart', relation: 'gt' },
  { id: 'DOCS_END_NOT_AFTER_DEADLINE', ...ORDER, field: 'bidDeadline', relativeTo: 'docsIssueEnd', relation: 'gte' },
  {
    id: 'PREQUAL_BEFORE_DEADLINE',
    ...ORDER,
    field: 'bidDeadline',
    relativeTo: 'prequalApplicationDeadline',
    relation: 'gt',
  },
  {
    id: 'PREQUAL_REVIEW_AFTER_APPLICATIONS',
    ...ORDER,
    field: 'prequalReviewEnd',
    relativeTo: 'prequalApplicationDeadline',
    relation: 'gt',
  },
  { id: 'PREQUAL_REVIEW_BEFORE_DEADLINE', ...ORDER, field: 'bidDeadline', relativeTo: 'prequalReviewEnd', relation: 'gt' },
  { id: 'LISTING_END_AFTER_START', ...ORDER, field: 'listingEnd', relativeTo: 'listingStart', relation: 'gt' },
  { id: 'DISCLOSURE_END_AFTER_START', ...ORDER, field: 'disclosureEnd', relativeTo: 'disclosureStart', relation: 'gt' },
  {
    id: 'AUCTION_NOT_BEFORE_DISCLOSURE_END',
    ...ORDER,
    tradeTypes: ['property'],
    field: 'auctionStart',
    relativeTo: 'disclosureEnd',
    relation: 'gte',
  },
  { id: 'PUBLICITY_END_AFTER_START', ...ORDER, field: 'publicityEnd', relativeTo: 'publicityStart', relation: 'gt' },
  // ---- Sales: the application and deposit deadlines (issue 18 §4) ----
  {
    id: 'APPLICATION_AFTER_NOTICE',
    ...ORDER,
    tradeTypes: ['land', 'property'],
    field: 'applicationDeadline',
    relativeTo: 'noticePublishAt',
    relation: 'gt',
  },
  {
    id: 'DEPOSIT_NOT_AFTER_APPLICATION',
    ...LAND_SALE,
    tradeTypes: ['land'],
    field: 'applicationDeadline',
    relativeTo: 'depositDeadline',
    relation: 'gte',
  },
  {
    id: 'DEPOSIT_NOT_AFTER_APPLICATION',
    ...PROPERTY_SALE,
    tradeTypes: ['property'],
    field: 'applicationDeadline',
    relativeTo: 'depositDeadline',
    relation: 'gte',
  },
  // domain §5.3: "the deadline must be before the listing end" — strictly before.
  { id: 'APPLICATION_BEFORE_LISTING_END', ...LAND_SALE, tradeTypes: ['land'], methods: ['listing'], field: 'listingEnd', relativeTo: 'applicationDeadline', relation: 'gt' },
  { id: 'DEPOSIT_BEFORE_LISTING_END', ...LAND_SALE, tradeTypes: ['land'], methods: ['listing'], field: 'listingEnd', relativeTo: 'depositDeadline', relation: 'gt' },
  { id: 'APPLICATION_BEFORE_AUCTION', ...LAND_SALE, tradeTypes: ['land'], methods: ['auction'], field: 'auctionStart', relativeTo: 'applicationDeadline', relation: 'gt' },
  { id: 'DEPOSIT_BEFORE_AUCTION', ...LAND_SALE, tradeTypes: ['land'], methods: ['auction'], field: 'auctionStart', relativeTo: 'depositDeadline', relation: 'gt' },
  { id: 'APPLICATION_NOT_AFTER_BID_DEADLINE', ...LAND_SALE, tradeTypes: ['land'], methods: ['tender'], field: 'bidDeadline', relativeTo: 'applicationDeadline', relation: 'gte' },
  { id: 'DEPOSIT_NOT_AFTER_BID_DEADLINE', ...LAND_SALE, tradeTypes: ['land'], methods: ['tender'], field: 'bidDeadline', relativeTo: 'depositDeadline', relation: 'gte' },
  {
    id: 'APPLICATION_NOT_AFTER_DISCLOSURE_END',
    ...PROPERTY_SALE,
    tradeTypes: ['property'],
    field: 'disclosureEnd',
    relativeTo: 'applicationDeadline',
    relation: 'gte',
  },
  { id: 'APPLICATION_BEFORE_AUCTION', ...PROPERTY_SALE, tradeTypes: ['property'], field: 'auctionStart', relativeTo: 'applicationDeadline', relation: 'gt' },
  { id: 'DEPOSIT_BEFORE_AUCTION', ...PROPERTY_SALE, tradeTypes: ['property'], field: 'auctionStart', relativeTo: 'depositDeadline', relation: 'gt' },
];
