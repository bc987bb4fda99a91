/**
 * Notices as document specs (issue 4 §3, issue 16): the notices the owner side drafts and staff publish
 * (`noticeSpec`) and those the platform issues itself (`platformNoticeSpec`: 终止公告, 流标公告, 变更公告
 * after an outage). Pure: same notice, same bytes — every date comes from the record, never the clock.
 * Both open with the same project overview and share the header of every platform document.
 */
import type { NoticeRow, ProjectRow, SectionRow } from '@ebid/db';
import { beijingDateTimeZh, formatFen, type ScheduleField } from '@ebid/domain';
import type { KeyValueItem, PdfDocumentSpec } from '@ebid/pdf';
import type { CenterIdentity } from '../identity/center.ts';
import type { PlatformNoticeKind } from '../tendering/platform-notices.ts';
import { documentHeader } from './header.ts';
import { METHOD_LABELS, NOTICE_KIND_LABELS, SUBJECT_LABELS, TRADE_LABELS } from './labels.ts';

/** The first items of every notice's 项目概况: code, name, tenderee, budget, trade type and method. */
function projectOverviewItems(p: ProjectRow, tendereeName: string): KeyValueItem[] {
  return [
    { label: '统一交易标识码', value: p.unifiedDealCode, span: 2 },
    { label: '项目名称', value: p.name, span: 2 },
    { label: '招标人', value: tendereeName, span: 2 },
    { label: '预算/估算', value: formatFen(p.budgetFen) },
    { label: '交易类型', value: `${TRADE_LABELS[p.tradeType]} · ${METHOD_LABELS[p.method]}` },
  ];
}

/** A time of the project's schedule as the notice prints it, '—' when the schedule has none. */
function scheduleTime(p: ProjectRow, field: ScheduleField): string {
  const iso = p.schedule[field];
  return iso ? beijingDateTimeZh(new Date(iso)) : '—';
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
  const label = NOTICE_KIND_LABELS[n.kind].zh;
  return {
    ...documentHeader({ documentId: `${p.unifiedDealCode}-N${n.id}`, title: n.title, subtitle: label, properties: { subject: label, keywords: [p.unifiedDealCode], createdAt: publishedAt } }, center),
    blocks: [
      {
        kind: 'keyValue',
        title: '项目概况',
        columns: 2,
        items: [
          ...projectOverviewItems(p, tendereeName),
          ...(p.subject ? [{ label: '招标内容', value: SUBJECT_LABELS[p.subject] }] : []),
          ...(p.priceKind === 'rate' ? [{ label: '报价方式', value: '费率报价' }] : []),
          ...singleSourceItems(p, supplier),
          { label: '文件发售开始', value: scheduleTime(p, 'docsIssueStart') },
          { label: '文件发售截止', value: scheduleTime(p, 'docsIssueEnd') },
          { label: '投标截止时间', value: scheduleTime(p, 'bidDeadline'), span: 2 },
        ],
      },
      {
        kind: 'table',
        title: '标段（包）',
        columns: [{ header: '编号', width: 1 }, { header: '名称', width: 4 }, { header: '最高限价', width: 2, align: 'right' }, { header: '投标保证金', width: 2, align: 'right' }],
        rows: secs.map((s) => [s.code, s.name, formatFen(s.ceilingFen), p.securityWaived ? '免收' : formatFen(s.securityFen)]),
      },
      { kind: 'heading', text: '公告内容', level: 2 },
      ...n.body.split(/\n{2,}/).map((para) => ({ kind: 'paragraph' as const, text: para.trim(), indent: true })),
      { kind: 'paragraph', text: `发布时间：${beijingDateTimeZh(publishedAt)}（北京时间）。本公告经${center.platformName}电子签章，内容以平台发布的版本为准。`, style: 'small' },
    ],
  };
}

const PLATFORM_DOCUMENT_SUFFIX: Record<PlatformNoticeKind, string> = { termination: 'T', failure: 'F', amendment: 'A' };

/** A notice the platform issues itself, in the style of `noticeSpec`; a section's own notice names its section. */
export function platformNoticeSpec(
  input: { kind: PlatformNoticeKind; title: string; body: string; sectionCode?: string },
  p: ProjectRow,
  tendereeName: string,
  secs: SectionRow[],
  publishedAt: Date,
  center: CenterIdentity,
): PdfDocumentSpec {
  const label = NOTICE_KIND_LABELS[input.kind].zh;
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
              columns: [{ header: '编号', width: 1 }, { header: '名称', width: 4 }, { header: '投标保证金', width: 2, align: 'right' as const }],
              rows: secs.map((s) => [s.code, s.name, formatFen(s.securityFen)]),
            },
          ]
        : []),
      { kind: 'heading', text: '公告内容', level: 2 },
      ...input.body
        .split(/\n{2,}/)
        .map((para) => para.trim())
        .filter((para) => para.length > 0)
        .map((para) => ({ kind: 'paragraph' as const, text: para, indent: true })),
      { kind: 'paragraph', text: `发布时间：${beijingDateTimeZh(publishedAt)}（北京时间）。本公告由${center.platformName}发布并电子签章，内容以平台发布的版本为准。`, style: 'small' },
    ],
  };
}
