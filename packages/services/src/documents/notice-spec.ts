/**
 * Notices as document specs (issue 4 §3, issue 16): the notices the owner side drafts and staff publish
 * (`noticeSpec`) and those the platform issues itself (`platformNoticeSpec`: 终止公告, 流标公告, 变更公告
 * after an outage). Pure: same notice, same bytes — every date comes from the record, never the clock.
 * Both open with the same project overview and share the header of every platform document.
 */
import type { NoticeRow, ProjectRow, SectionRow } from '@ebid/db';
import { beijingDateTimeZh, formatFen, noticeParagraphs, SCHEDULE_FIELD_LABELS, SCHEDULE_FIELDS, termsOf, word, type ScheduleField } from '@ebid/domain';
import type { KeyValueItem, PdfDocumentSpec } from '@ebid/pdf';
import type { CenterIdentity } from '../identity/center.ts';
import type { PlatformNoticeKind } from '../tendering/platform-notices.ts';
import { documentHeader } from './header.ts';
import { noticeKindLabel, subjectLabel, tradeMethodLabel } from './labels.ts';

/**
 * The first items of every notice's 项目概况: code, name, the owner side by its trade's word (招标人 / 采购人 /
 * 出让人 / 转让方, issue 18 §1), the budget where the trade has one (a sale has none), trade type and method.
 */
function projectOverviewItems(p: ProjectRow, tendereeName: string): KeyValueItem[] {
  const w = termsOf('zh', p.tradeType, p.method);
  const budget: KeyValueItem[] =
    p.tradeType === 'engineering' ? [{ label: '预算/估算', value: formatFen(p.budgetFen) }] : p.tradeType === 'procurement' ? [{ label: '采购预算', value: formatFen(p.budgetFen) }] : [];
  return [
    { label: '统一交易标识码', value: p.unifiedDealCode, span: 2 },
    { label: '项目名称', value: p.name, span: 2 },
    { label: w.tenderee, value: tendereeName, span: 2 },
    ...budget,
    { label: '交易类型', value: tradeMethodLabel(p.tradeType, p.method), ...(budget.length === 0 ? { span: 2 } : {}) },
  ];
}

/** A time of the project's schedule as the notice prints it, '—' when the schedule has none. */
function scheduleTime(p: ProjectRow, field: ScheduleField): string {
  const iso = p.schedule[field];
  return iso ? beijingDateTimeZh(new Date(iso)) : '—';
}

/** The fields a sale's notice prints: those of its schedule (挂牌 / 信息披露 / 申请 / 保证金 …), in order. */
const SALE_FIELDS: readonly ScheduleField[] = SCHEDULE_FIELDS.filter((f) => f !== 'noticePublishAt');

/**
 * The times a notice prints: a tender its documents period and the deadline by the trade's word (投标截止时间 /
 * 响应文件提交截止时间); a land or property sale the times its schedule has (挂牌 / 信息披露 …, L1, L7).
 */
function scheduleItems(p: ProjectRow): KeyValueItem[] {
  if (p.tradeType === 'land' || p.tradeType === 'property') {
    return SALE_FIELDS.filter((f) => p.schedule[f]).map((f) => ({ label: SCHEDULE_FIELD_LABELS[f].zh, value: scheduleTime(p, f) }));
  }
  return [
    { label: '文件发售开始', value: scheduleTime(p, 'docsIssueStart') },
    { label: '文件发售截止', value: scheduleTime(p, 'docsIssueEnd') },
    { label: termsOf('zh', p.tradeType, p.method).bidDeadline, value: scheduleTime(p, 'bidDeadline'), span: 2 },
  ];
}

/** The security column of the sections table: 投标保证金 / 响应保证金 / 竞买保证金 / 交易保证金. */
function securityHeader(p: ProjectRow): string {
  return termsOf('zh', p.tradeType, p.method).security;
}


/** The named supplier of a single source (issue 18 §3), as its publicity prints it (CGT §38: 拟定的唯一供应商名称). */
export interface NoticeSupplier {
  name: string;
  creditCode: string;
}

/** A single source's publicity names its one supplier and its period (CGT §38, issue 18 §3). */
function singleSourceItems(p: ProjectRow, supplier: NoticeSupplier | null): KeyValueItem[] {
  if (!supplier) return [];
  return [
    { label: '拟定的唯一供应商', value: `${supplier.name}（统一社会信用代码：${supplier.creditCode}）`, span: 2 },
    { label: '公示开始', value: scheduleTime(p, 'publicityStart') },
    { label: '公示截止', value: scheduleTime(p, 'publicityEnd') },
  ];
}

/**
 * A notice drafted by the owner side and published by staff. `p` carries the schedule as published;
 * `center` (the configured identity) is its author, the issuer on every page and the sealing platform;
 * `supplier` the single source's named supplier (null for every other method).
 */
export function noticeSpec(n: NoticeRow, p: ProjectRow, tendereeName: string, secs: SectionRow[], publishedAt: Date, center: CenterIdentity, supplier: NoticeSupplier | null = null): PdfDocumentSpec {
  const label = noticeKindLabel(n.kind, p);
  return {
    ...documentHeader({ documentId: `${p.unifiedDealCode}-N${n.id}`, title: n.title, subtitle: label, properties: { subject: label, keywords: [p.unifiedDealCode], createdAt: publishedAt } }, center),
    blocks: [
      {
        kind: 'keyValue',
        title: '项目概况',
        columns: 2,
        items: [
          ...projectOverviewItems(p, tendereeName),
          ...(p.subject ? [{ label: p.tradeType === 'procurement' ? '采购内容' : '招标内容', value: subjectLabel(p.subject) }] : []),
          ...(p.priceKind === 'rate' ? [{ label: '报价方式', value: word('zh', 'priceKind.rate') }] : []),
          // A single source's publicity prints its supplier and period, not a document sale or a deadline.
          ...(supplier ? singleSourceItems(p, supplier) : scheduleItems(p)),
        ],
      },
      {
        kind: 'table',
        title: '标段（包）',
        columns: [
          { header: '编号', width: 1 },
          { header: '名称', width: 4 },
          { header: termsOf('zh', p.tradeType, p.method).ceiling, width: 2, align: 'right' },
          { header: securityHeader(p), width: 2, align: 'right' },
        ],
        rows: secs.map((s) => [s.code, s.name, formatFen(s.ceilingFen), p.securityWaived ? '免收' : formatFen(s.securityFen)]),
      },
      { kind: 'heading', text: '公告内容', level: 2 },
      ...noticeParagraphs(n.body).map((para) => ({ kind: 'paragraph' as const, text: para, indent: true })),
      { kind: 'paragraph', text: `发布时间：${beijingDateTimeZh(publishedAt)}（北京时间）。本公告经${center.platformName}电子签章，内容以平台发布的版本为准。`, style: 'small' },
    ],
  };
}

const PLATFORM_DOCUMENT_SUFFIX: Record<PlatformNoticeKind, string> = { termination: 'T', failure: 'F', amendment: 'A', prequalification_result: 'R' };

/** A notice the platform issues itself, in the style of `noticeSpec`; a section's own notice names its section. */
export function platformNoticeSpec(
  input: { kind: PlatformNoticeKind; title: string; body: string; sectionCode?: string },
  p: ProjectRow,
  tendereeName: string,
  secs: SectionRow[],
  publishedAt: Date,
  center: CenterIdentity,
): PdfDocumentSpec {
  const label = noticeKindLabel(input.kind, p);
  const documentId = `${p.unifiedDealCode}-${input.sectionCode ? `${input.sectionCode}-` : ''}${PLATFORM_DOCUMENT_SUFFIX[input.kind]}${publishedAt.getTime()}`;
  return {
    ...documentHeader({ documentId, title: input.title, subtitle: label, properties: { subject: label, keywords: [p.unifiedDealCode], createdAt: publishedAt } }, center),
    blocks: [
      { kind: 'keyValue', title: '项目概况', columns: 2, items: projectOverviewItems(p, tendereeName) },
      ...(secs.length > 0
        ? [
            {
              kind: 'table' as const,
              title: '标段（包）',
              columns: [{ header: '编号', width: 1 }, { header: '名称', width: 4 }, { header: securityHeader(p), width: 2, align: 'right' as const }],
              rows: secs.map((s) => [s.code, s.name, formatFen(s.securityFen)]),
            },
          ]
        : []),
      { kind: 'heading', text: '公告内容', level: 2 },
      ...noticeParagraphs(input.body).map((para) => ({ kind: 'paragraph' as const, text: para, indent: true })),
      { kind: 'paragraph', text: `发布时间：${beijingDateTimeZh(publishedAt)}（北京时间）。本公告由${center.platformName}发布并电子签章，内容以平台发布的版本为准。`, style: 'small' },
    ],
  };
}
