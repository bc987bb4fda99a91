/** The sealed PDF of a published clarification (澄清/修改（第N号）): its document spec. */
import type { ClarificationRow, ProjectRow } from '@ebid/db';
import { formatBeijingDateTime, noticeParagraphs, SCHEDULE_FIELD_LABELS, termsOf, type ScheduleField } from '@ebid/domain';
import type { PdfDocumentSpec } from '@ebid/pdf';
import { documentIssuer, type CenterIdentity } from '../../identity/center.ts';

/** What publishing does to the deadline (publishing.ts `planFor`). */
export interface DeadlinePlan {
  field: ScheduleField;
  deadline: Date;
  earliest: Date | null;
  moveTo: Date | null;
  /** Computed on a provisional calendar (a year not yet published): the moved deadline is 暂定. */
  provisional: boolean;
}

const STAGE_ZH: Record<string, string> = { prequalApplicationDeadline: '资格预审申请文件提交截止时间', listingEnd: '挂牌截止时间', disclosureEnd: '信息披露截止时间' };

export function clarificationSpec(
  c: ClarificationRow,
  p: ProjectRow,
  tendereeName: string,
  seq: number,
  publishedAt: Date,
  plan: DeadlinePlan,
  docs: { name: string; version: number; sha256: string; size: number }[],
  center: CenterIdentity,
): PdfDocumentSpec {
  // Issue 18 §1: the parties, documents and deadline in the project's own words (采购人, 响应文件, 采购文件 …).
  const w = termsOf('zh', p.tradeType, p.method);
  const label = plan.field === 'bidDeadline' ? w.bidDeadline : (STAGE_ZH[plan.field] ?? SCHEDULE_FIELD_LABELS[plan.field].zh);
  const deadlineText = plan.moveTo
    ? `${label}由 ${formatBeijingDateTime(plan.deadline)} 顺延至 ${formatBeijingDateTime(plan.moveTo)}（北京时间）${plan.provisional ? '※' : ''}`
    : `${label}不变：${formatBeijingDateTime(plan.deadline)}（北京时间）`;
  return {
    documentId: `${p.unifiedDealCode}-C${seq}`,
    title: c.title,
    subtitle: `澄清/修改（第${seq}号）`,
    metadata: { title: c.title, subject: '澄清/修改', author: center.centerName, keywords: [p.unifiedDealCode], creationDate: publishedAt },
    footerText: center.platformName,
    issuer: documentIssuer(center),
    blocks: [
      {
        kind: 'keyValue',
        title: '项目概况',
        columns: 2,
        items: [
          { label: '统一交易标识码', value: p.unifiedDealCode, span: 2 },
          { label: '项目名称', value: p.name, span: 2 },
          { label: w.tenderee, value: tendereeName, span: 2 },
          { label: '澄清编号', value: `第${seq}号` },
          { label: `影响${w.bid}编制`, value: c.affectsPreparation ? '是' : '否' },
          { label: '截止时间', value: deadlineText, span: 2 },
        ],
      },
      { kind: 'heading', text: '澄清/修改内容', level: 2 },
      ...noticeParagraphs(c.body).map((para) => ({ kind: 'paragraph' as const, text: para, indent: true })),
      ...(docs.length
        ? [
            {
              kind: 'table' as const,
              title: '随本澄清发布的文件',
              columns: [{ header: '文件名', width: 4 }, { header: '版本', width: 1 }, { header: 'SHA-256', width: 6 }],
              rows: docs.map((d) => [d.name, `V${d.version}`, d.sha256]),
            },
          ]
        : []),
      ...(plan.moveTo && plan.provisional
        ? [
            {
              kind: 'paragraph' as const,
              text: `※ 顺延后的截止时间按暂定节假日安排计算：该年度国务院放假安排尚未在平台公布，平台按法定节假日及调休可能影响的日期取最长期限；正式安排公布后如有变化，将另行通知（《民法典》第二百零三条）。`,
              style: 'small' as const,
            },
          ]
        : []),
      { kind: 'paragraph', text: `发布时间：${formatBeijingDateTime(publishedAt)}（北京时间）。本澄清经${center.platformName}电子签章，是${w.tenderDocs}的组成部分，内容以平台发布的版本为准。`, style: 'small' },
    ],
  };
}
