/**
 * The 资格预审结果公告 (issue 18 §3): when the prequalification review completes and the procedure goes on,
 * the platform publishes that the prequalification is over — a sealed notice on the portal like its
 * 终止公告 and 流标公告 — besides telling each applicant its own result.
 *
 * What it says, and what it must not (decided here):
 * - Each applicant's result is told to that applicant alone: the 资格预审结果通知书 of ZTBT §19 goes to
 *   the applicants, it is not a public list. The platform sends it as the `qualification.result`
 *   notification and shows it on the applicant's 资格审查 page.
 * - The public notice names no applicant and gives no count. The qualified applicants are the potential
 *   bidders: ZTB §22 forbids disclosing the names *and the number* of potential bidders, and the platform
 *   keeps both secret until the bid deadline (R20; domain N6, B11). A list, or "5 qualified", published
 *   before the deadline would tell every bidder whom it competes with, and how many — the facts that make
 *   collusion possible. So the notice states the outcome per section only as "met the legal minimum and
 *   goes on to bidding" (which ZTBT §19 makes a precondition of going on anyway), the date, where each
 *   applicant finds its own result, and the bid deadline of the published schedule.
 * - A failed review is not announced here: its 流标公告 (complete-review.ts) is the public outcome.
 * Procurement (邀请招标 pool, open with prequalification; both tender, so 投标 is the word) is treated the
 * same: the same secrecy holds for the suppliers who may bid (R20); ZTB §22 is cited for engineering only.
 */
import type { ProjectRow, SectionRow } from '@ebid/db';
import { beijingDateTimeZh, termWord } from '@ebid/domain';

export interface ResultNoticeInput {
  project: ProjectRow;
  /** The sections that go on to bidding, and those that failed in this review (each has its own 流标公告). */
  proceeding: readonly SectionRow[];
  failed: readonly SectionRow[];
  completedAt: Date;
}

const sectionList = (secs: readonly SectionRow[]): string => secs.map((s) => `第${s.code}标段（${s.name}）`).join('、');

/** Title and body of the 资格预审结果公告: no applicant name, no count (ZTB §22; see above). */
export function prequalificationResultNoticeText({ project: p, proceeding, failed, completedAt }: ResultNoticeInput): { title: string; body: string } {
  const w = (term: Parameters<typeof termWord>[1]) => termWord('zh', term, p.tradeType, p.method);
  const secrecyBasis = p.tradeType === 'engineering' ? '依据《中华人民共和国招标投标法》第二十二条' : '依法';
  const deadline = p.schedule.bidDeadline ? `${w('bidDeadline')}为${beijingDateTimeZh(new Date(p.schedule.bidDeadline))}（北京时间），以${w('tenderDocs')}及其澄清或修改为准。` : `${w('bidDeadline')}以${w('tenderDocs')}为准。`;
  return {
    title: `${p.name}资格预审结果公告`,
    body: [
      `${p.name}（统一交易标识码：${p.unifiedDealCode}）的资格预审已于${beijingDateTimeZh(completedAt)}（北京时间）审查完毕，资格审查按资格预审文件载明的标准和方法进行。`,
      `${sectionList(proceeding)}通过资格预审的申请人数量符合法定要求，进入投标阶段。${failed.length ? `${sectionList(failed)}通过资格预审的申请人不足，已另行发布流标公告。` : ''}`,
      `每一申请人的资格预审结果已通过本平台以资格预审结果通知书的形式单独告知（《中华人民共和国招标投标法实施条例》第十九条）。申请人可登录本平台，在本项目的“资格审查”页查看本单位的结果；未通过资格预审的，同时载明未通过的理由。未通过资格预审的申请人不具有投标资格（同条）。`,
      `${secrecyBasis}，本公告不公布通过资格预审的申请人名称及数量。`,
      `通过资格预审的申请人请按资格预审结果通知书的要求获取${w('tenderDocs')}。${deadline}`,
    ].join('\n\n'),
  };
}
