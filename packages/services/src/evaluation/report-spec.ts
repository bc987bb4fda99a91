/**
 * The evaluation report (评标报告, issue 22 §5; domain §8 S10, S11, E5, E6) as a document spec. Pure, like
 * the opening record's spec: the caller loads the data and computes each member's own totals, this turns
 * them into blocks, and `renderDocument` turns the blocks into bytes. The only time in the document
 * properties is `generatedAt`, so the same data always gives the same PDF bytes — the bytes every member
 * signs with a detached CMS signature and the platform seals.
 *
 * Contents: 一 the project and the frozen method (kind, version, SHA-256, aggregation, K, ceiling, blind
 * technical review); 二 the committee (chair, specialties, declarations, owner representatives, E5
 * replacements); 三 the bids; 四 the compliance review (every item's decision and votes, every failing
 * reason by member, the rejected bids and why); 五 the detailed review (price score, criteria score,
 * totals, every member's total per bid, the base price and deviations, policy deductions, abnormally low
 * prices and the cost finding); 六 ranking and candidates (ties left to the last resort, why an
 * evaluation stopped, R87 §64 re-reviews); 七 clarifications (S10); 八 dissents (S11); 九 signing; and an
 * appendix of every signed score sheet's SHA-256, the inputs the ranking is recomputed from.
 */
import { beijingDateTimeZh, citeRule, formatYuan, termsOf, type ProcedureMethod, type Term, type TradeType } from '@ebid/domain';
import { CRITERION_GROUPS, EVALUATION_KIND_NAMES, type BidResult, type CostCheck, type CriterionGroup, type EvaluationKind, type EvaluationResult, type ItemDecision } from '@ebid/domain/evaluation';
import type { PdfBlock, PdfDocumentSpec, TableColumn } from '@ebid/pdf';
import { documentHeader } from '../documents/header.ts';
import { tradeMethodLabel } from '../documents/labels.ts';
import type { CenterIdentity } from '../identity/center.ts';

export type ReportSheetStage = 'compliance' | 'technical' | 'scores';

export interface EvaluationReportMember {
  memberId: string;
  name: string;
  specialty: string;
  chair: boolean;
  /** when the member signed the avoidance declaration (E3), before seeing any bid */
  declarationAt: Date;
  /** every sheet the member signed, by stage: its SHA-256 is an input of the replay */
  sheets: { stage: ReportSheetStage; sha256: string; signedAt: Date }[];
}

export interface EvaluationReportBid {
  bidId: string;
  /** '投标人1' … (the opening's ordinal) */
  label: string;
  bidderName: string;
  priceFen: number;
  aboveCeiling: boolean;
}

export interface EvaluationReportData {
  project: {
    unifiedDealCode: string;
    name: string;
    section: { code: string; name: string };
    tradeType: TradeType;
    procedureMethod: ProcedureMethod;
  };
  /** the configured identity: the report's author, issuer on every page and sealing platform */
  center: CenterIdentity;
  /** when this report was generated: the document's creation date (the only time in its properties) */
  generatedAt: Date;
  evaluation: {
    id: number;
    methodKind: EvaluationKind;
    methodVersion: number;
    /** SHA-256 of the frozen method (S1) */
    methodSha256: string;
    /** how the members' scores were aggregated, as the docs say it (S6) */
    aggregation: string;
    /** the technical part was reviewed without the bidders' names (暗标) */
    blindTechnical: boolean;
    startedAt: Date;
    finishedAt: Date;
    place: string;
    /** SHA-256 of the evaluation record object the ranking is recomputed from */
    manifestSha256: string;
    /** SHA-256 of the result (the canonical JSON of `result`) */
    resultSha256: string;
  };
  committee: {
    members: EvaluationReportMember[];
    /** the tenderee's representatives on the committee */
    ownerReps: number;
    /** E5: members replaced during the evaluation (their findings are void) */
    replaced: { name: string; reason: string; at: Date }[];
  };
  bids: EvaluationReportBid[];
  ceilingFen: number | null;
  /** the K drawn at opening (eng.comprehensive), a decimal string */
  k: string | null;
  result: EvaluationResult;
  /** each member's own totals per bid (computed by the caller from that member's signed sheet) */
  memberScores: { memberId: string; bidId: string; groups: Partial<Record<CriterionGroup, string>>; total: string }[];
  /** S10: the committee's written clarification requests and the answers */
  clarifications: { bidLabel: string; question: string; answer: string | null; askedAt: Date; answeredAt: Date | null }[];
  /** E6: extensions of the evaluation time */
  extensions: { minutes: number; grantedAt: Date }[];
  /** S11: dissenting members' written reasons */
  dissents: { memberId: string; name: string; text: string }[];
  /** R87 §64: the cases that reopened the review after the sheets were signed (may be empty) */
  reopenings: { at: Date; reason: string; rule: string }[];
  /** the frozen method's names of its criteria (compliance and scored), by id; absent: ids are printed */
  criterionNames?: Record<string, string>;
}

/** The widest table that gets one column per member (issue 22 §5); more members → one row per member and bid. */
export const MAX_MEMBER_COLUMNS = 9;

const GROUP_NAMES: Record<CriterionGroup, string> = { technical: '技术', commercial: '商务', service: '服务', qualification: '资信', other: '其他' };

const STAGE_NAMES: Record<ReportSheetStage, string> = { compliance: '符合性审查', technical: '技术评审', scores: '详细评审评分' };

const DECISION_NAMES: Record<ItemDecision, string> = { pass: '合格', fail: '不合格', undecided: '未形成结论' };

const COST_CHECK_NAMES: Record<CostCheck, string> = {
  not_flagged: '未触发',
  justified: '已书面说明，经评审不低于成本',
  below_cost: '经评审低于成本',
  pending: '待书面说明并记录评审结论',
};

const DECIDED_BY_NAMES: Record<string, string> = { total: '总分', price: '投标报价', evaluatedPrice: '评审价格', technical: '技术得分' };

const DEDUCTION_KIND_NAMES: Record<string, string> = { sme: '小微企业', consortium_sme: '联合体或分包（小微企业）' };
const DEDUCTION_OUTCOME_NAMES: Record<string, string> = {
  APPLIED: '已扣除',
  NOT_IN_METHOD: '招标文件未规定该项扣除，不予扣除',
  SME_SHARE_BELOW_MINIMUM: '小微企业合同份额低于30%，不予扣除',
};

type Words = Readonly<Record<Term, string>>;

/** The procurement methods that take responses and are reviewed by a group (磋商小组 …), not a 评标委员会. */
const RESPONSE_METHODS: readonly ProcedureMethod[] = ['negotiation', 'consultation', 'inquiry', 'single_source'];

/** Why a bid was rejected, in the trade's words. */
export function rejectionLabel(rejection: NonNullable<BidResult['rejection']>, w: Pick<Words, 'ceiling'>): string {
  switch (rejection) {
    case 'COMPLIANCE_FAILED':
      return '未通过符合性审查';
    case 'ABOVE_CEILING':
      return `报价超过${w.ceiling}`;
    case 'BELOW_COST':
      return '报价经评审低于成本';
  }
}

/** Yuan as the report prints money: '1,234,567.89'; '—' when none. */
function yuan(fen: number | null): string {
  return fen === null ? '—' : formatYuan(fen);
}

/** A 2-dp yuan decimal string of the result ('957133.33') as fen, so it prints through formatYuan. */
export function yuanStringToFen(s: string): number {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) throw new TypeError(`not a yuan amount: ${s}`);
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -fen : fen;
}

const yuanOf = (s: string | null): string => (s === null ? '—' : formatYuan(yuanStringToFen(s)));
const dash = (s: string | null | undefined): string => (s === null || s === undefined || s === '' ? '—' : s);
const cellTime = (at: Date | null): string => (at ? beijingDateTimeZh(at) : '—');

/** The law that makes a silent refusal to sign an acceptance, by trade (none cited for the response methods). */
function dissentCitation(p: EvaluationReportData['project']): string | null {
  if (p.tradeType === 'engineering') return '《中华人民共和国招标投标法实施条例》第五十三条';
  if (p.tradeType === 'procurement' && !RESPONSE_METHODS.includes(p.procedureMethod)) return '《政府采购货物和服务招标投标管理办法》（财政部令第87号）第六十一条';
  return null;
}

/** The evaluation report of one section. */
export function evaluationReportSpec(data: EvaluationReportData): PdfDocumentSpec {
  const p = data.project;
  const ev = data.evaluation;
  const r = data.result;
  const w = termsOf('zh', p.tradeType, p.procedureMethod);
  const response = p.tradeType === 'procurement' && RESPONSE_METHODS.includes(p.procedureMethod);
  const reportWord = response ? '评审报告' : '评标报告';
  const committeeWord = response ? '评审小组' : '评标委员会';
  const candidateWord = response ? '成交候选人' : '中标候选人';
  const engineering = p.tradeType === 'engineering';
  const comprehensive = r.kind === 'eng.comprehensive' || r.kind === 'gp.comprehensive';
  const k = data.k ?? r.k;

  const bidOf = new Map(data.bids.map((b) => [b.bidId, b]));
  const label = (bidId: string) => bidOf.get(bidId)?.label ?? bidId;
  const nameLabel = (bidId: string) => {
    const b = bidOf.get(bidId);
    return b ? `${b.bidderName}（${b.label}）` : bidId;
  };
  const memberOf = new Map(data.committee.members.map((m) => [m.memberId, m]));
  const memberName = (id: string) => memberOf.get(id)?.name ?? id;
  const criterion = (id: string) => data.criterionNames?.[id] ?? id;
  const resultOf = new Map(r.bids.map((b) => [b.bidId, b]));
  // bids in the order of the opening's labels (data.bids), then any result-only bid by id
  const orderedResults: BidResult[] = [...data.bids.flatMap((b) => resultOf.get(b.bidId) ?? []), ...r.bids.filter((b) => !bidOf.has(b.bidId))];

  const blocks: PdfBlock[] = [];

  // ---------------------------------------------------------------- the project

  blocks.push({
    kind: 'keyValue',
    title: '项目及评标信息',
    columns: 2,
    items: [
      { label: '统一交易标识码', value: p.unifiedDealCode, span: 2 },
      { label: '项目名称', value: p.name, span: 2 },
      { label: '标段（包）', value: `${p.section.code}\u3000${p.section.name}`, span: 2 },
      { label: '交易类型', value: tradeMethodLabel(p.tradeType, p.procedureMethod) },
      { label: '评标编号', value: `第${ev.id}号` },
      { label: '评标地点', value: ev.place, span: 2 },
      { label: '评标开始时间', value: beijingDateTimeZh(ev.startedAt) },
      { label: '评标结束时间', value: beijingDateTimeZh(ev.finishedAt) },
      { label: '报告生成时间', value: beijingDateTimeZh(data.generatedAt), span: 2 },
    ],
  });

  // ---------------------------------------------------------------- 一、项目与评标办法

  blocks.push({ kind: 'heading', text: '一、项目与评标办法', level: 2 });
  const extensionText =
    data.extensions.length === 0
      ? '无'
      : `${data.extensions.length}次，共${data.extensions.reduce((s, e) => s + e.minutes, 0)}分钟（超过三分之一的成员申请后延长）：` +
        data.extensions.map((e) => `${beijingDateTimeZh(e.grantedAt)}延长${e.minutes}分钟`).join('；');
  blocks.push({
    kind: 'keyValue',
    columns: 2,
    items: [
      { label: '评标办法', value: EVALUATION_KIND_NAMES[ev.methodKind].zh },
      { label: '办法版本', value: `第${ev.methodVersion}版` },
      { label: '评标办法SHA-256', value: ev.methodSha256.toLowerCase(), span: 2 },
      { label: '汇总方式', value: comprehensive ? ev.aggregation : `${ev.aggregation}（本办法不打分，不汇总评分）`, span: 2 },
      { label: 'K值', value: k ?? '不适用' },
      { label: w.ceiling, value: data.ceilingFen === null ? '未设置' : `${yuan(data.ceilingFen)}元` },
      { label: '技术标暗标评审', value: ev.blindTechnical ? `是（技术评审时不显示${w.bidder}名称）` : '否', span: 2 },
      { label: `推荐${candidateWord}数量`, value: `${r.candidates.count}名` },
      { label: '评标时间延长', value: extensionText, span: data.extensions.length === 0 ? 1 : 2 },
    ],
  });
  blocks.push({
    kind: 'paragraph',
    style: 'small',
    text: `本次评标仅使用${w.tenderDocs}中载明并于发布时冻结的评标办法（评标办法SHA-256如上）；评分、汇总、价格分和排序均由交易平台按该办法以十进制定点运算计算，保留两位小数，四舍五入。`,
  });

  // ---------------------------------------------------------------- 二、评标委员会

  blocks.push({ kind: 'heading', text: `二、${committeeWord}`, level: 2 });
  blocks.push({
    kind: 'table',
    title: `${committeeWord}成员`,
    size: 'small',
    columns: [
      { header: '序号', width: 0.6, align: 'center' },
      { header: '姓名', width: 1.6 },
      { header: '职务', width: 0.9, align: 'center' },
      { header: '专业', width: 2.6 },
      { header: '回避声明签署时间', width: 2 },
    ],
    rows: data.committee.members.map((m, i) => [String(i + 1), m.name, m.chair ? '组长' : '成员', m.specialty, beijingDateTimeZh(m.declarationAt)]),
  });
  const chair = data.committee.members.find((m) => m.chair);
  blocks.push({
    kind: 'paragraph',
    text:
      `${committeeWord}由${data.committee.members.length}名成员组成，其中${w.tenderee}代表${data.committee.ownerReps}名、评审专家${data.committee.members.length - data.committee.ownerReps}名` +
      `${chair ? `，组长为${chair.name}` : ''}。全体成员均已在接触${w.bid}前签署回避声明。`,
  });
  if (data.committee.replaced.length === 0) {
    blocks.push({ kind: 'paragraph', style: 'small', text: '评标过程中无成员更换。' });
  } else {
    blocks.push({
      kind: 'table',
      title: '成员更换',
      size: 'small',
      columns: [
        { header: '被更换成员', width: 1.6 },
        { header: '更换原因', width: 4.4 },
        { header: '更换时间', width: 2 },
      ],
      rows: data.committee.replaced.map((x) => [x.name, x.reason, beijingDateTimeZh(x.at)]),
    });
    blocks.push({ kind: 'paragraph', style: 'small', text: '被更换成员的评审意见均已作废，其评审事项已由现任成员重新评审。' });
  }

  // ---------------------------------------------------------------- 三、投标文件

  blocks.push({ kind: 'heading', text: `三、${w.bid}`, level: 2 });
  blocks.push({
    kind: 'table',
    title: `参加评审的${w.bid}`,
    size: 'small',
    columns: [
      { header: '编号', width: 1.1 },
      { header: w.bidder, width: 4 },
      { header: '投标报价（元）', width: 2, align: 'right' },
      { header: `超过${w.ceiling}`, width: 1.4, align: 'center' },
    ],
    rows: data.bids.map((b) => [b.label, b.bidderName, yuan(b.priceFen), b.aboveCeiling ? '是' : '否']),
  });

  // ---------------------------------------------------------------- 四、符合性审查

  blocks.push({ kind: 'heading', text: '四、符合性审查', level: 2 });
  const complianceRows: string[][] = [];
  for (const b of orderedResults) {
    for (const item of b.compliance) {
      const reasons = item.failReasons.map((f) => `${memberName(f.memberId)}：${f.reason}`);
      if (item.decision === 'pass' && item.dissent.length > 0) reasons.unshift(`（少数意见，不影响结论）`);
      if (item.missing.length > 0) reasons.push(`未表决：${item.missing.map(memberName).join('、')}`);
      complianceRows.push([label(b.bidId), criterion(item.criterionId), DECISION_NAMES[item.decision], `${item.passVotes} / ${item.failVotes}`, reasons.join('\n') || '—']);
    }
  }
  blocks.push({
    kind: 'table',
    title: '审查结论（每项按少数服从多数确定）',
    size: 'small',
    columns: [
      { header: '编号', width: 1.1 },
      { header: '审查项', width: 1.8 },
      { header: '结论', width: 1, align: 'center' },
      { header: '合格票 / 不合格票', width: 1.3, align: 'center' },
      { header: '不合格意见（成员：理由）', width: 4.8 },
    ],
    rows: complianceRows,
  });
  const rejected = orderedResults.filter((b) => b.status === 'rejected');
  if (rejected.length === 0) {
    blocks.push({ kind: 'heading', text: `被否决的${w.bid}`, level: 3 });
    blocks.push({ kind: 'paragraph', text: '无。' });
  } else {
    // a table's caption stays with its header and first row (a heading keeps only two lines with it)
    blocks.push({
      kind: 'table',
      title: `被否决的${w.bid}`,
      size: 'small',
      columns: [
        { header: w.bidder, width: 3.4 },
        { header: '否决原因', width: 2 },
        { header: '说明', width: 4.6 },
      ],
      rows: rejected.map((b) => [nameLabel(b.bidId), rejectionLabel(b.rejection!, w), rejectionDetail(b, data, w, criterion)]),
    });
  }

  // ---------------------------------------------------------------- 五、详细评审

  blocks.push({ kind: 'heading', text: '五、详细评审', level: 2 });
  const scored = orderedResults.filter((b) => b.status === 'valid' && (b.total !== null || b.evaluatedPriceFen !== null));
  if (r.status === 'failed') {
    blocks.push({ kind: 'paragraph', text: `评标已终止，未进行详细评审：${r.stopReason?.zh ?? '有效投标不足'}。` });
  } else {
    if (r.kind === 'eng.comprehensive') {
      blocks.push({
        kind: 'keyValue',
        title: '评标基准价',
        columns: 2,
        items: [
          { label: '评标基准价', value: r.basePriceYuan === null ? '—' : `${yuanOf(r.basePriceYuan)}元`, span: 2 },
          { label: 'K值', value: dash(k) },
          { label: '计算时去掉的报价', value: r.basePriceDropped.length === 0 ? '无' : r.basePriceDropped.map(label).join('、') },
        ],
      });
    } else if (r.kind === 'gp.comprehensive' && r.basePriceYuan !== null) {
      blocks.push({ kind: 'paragraph', text: `评标基准价（满足${w.tenderDocs}要求且评审价格最低的报价）为${yuanOf(r.basePriceYuan)}元；价格分 = 评标基准价 ÷ 评审价格 × 价格权重 × 100。` });
    }

    const deductions = orderedResults.filter((b) => b.deduction !== null);
    if (deductions.length > 0) {
      blocks.push({
        kind: 'table',
        title: '政策性价格扣除',
        size: 'small',
        columns: [
          { header: '编号', width: 1.1 },
          { header: '扣除类型', width: 2 },
          { header: '扣除比例', width: 1, align: 'right' },
          { header: '扣除金额（元）', width: 1.7, align: 'right' },
          { header: '结果', width: 2.4 },
          { header: '证明材料', width: 2.2 },
        ],
        rows: deductions.map((b) => {
          const d = b.deduction!;
          return [label(b.bidId), DEDUCTION_KIND_NAMES[d.kind] ?? d.kind, d.rate === null ? '—' : percentOf(d.rate), yuan(d.amountFen), DEDUCTION_OUTCOME_NAMES[d.outcome] ?? d.outcome, d.evidence];
        }),
      });
    }

    const flagged = orderedResults.filter((b) => b.abnormallyLow !== null || b.costCheck !== 'not_flagged');
    if (flagged.length === 0) {
      blocks.push({ kind: 'paragraph', style: 'small', text: `无${w.bidder}报价明显低于其他有效报价的情形。` });
    } else {
      blocks.push({
        kind: 'table',
        title: '异常低价及成本评审',
        size: 'small',
        columns: [
          { header: '编号', width: 1.1 },
          { header: '其他有效报价平均值（元）', width: 2.2, align: 'right' },
          { header: '异常低价阈值（元）', width: 2, align: 'right' },
          { header: '成本评审结论', width: 3.4 },
        ],
        rows: flagged.map((b) => [label(b.bidId), yuanOf(b.abnormallyLow?.meanOfOthersYuan ?? null), yuanOf(b.abnormallyLow?.thresholdYuan ?? null), COST_CHECK_NAMES[b.costCheck]]),
      });
    }

    if (r.status === 'needs_explanation') {
      blocks.push({ kind: 'paragraph', text: `详细评审暂停：${r.stopReason?.zh ?? ''}。` });
    } else if (comprehensive) {
      blocks.push(...scoreBlocks(data, scored, label, memberName));
    } else {
      const lowestEvaluated = r.kind === 'eng.lowest_evaluated_price';
      blocks.push({
        kind: 'table',
        title: '评审价格',
        size: 'small',
        columns: [
          { header: '编号', width: 1.1 },
          { header: '投标报价（元）', width: 2, align: 'right' },
          { header: '价格扣除（元）', width: 1.7, align: 'right' },
          ...(lowestEvaluated ? [{ header: '价格折算（元）', width: 1.7, align: 'right' as const }] : []),
          { header: '评审价格（元）', width: 2, align: 'right' },
        ],
        rows: scored.map((b) => [
          label(b.bidId),
          yuan(b.priceFen),
          b.deduction?.applied ? yuan(b.deduction.amountFen) : '—',
          ...(lowestEvaluated ? [yuan(b.adjustmentsFen)] : []),
          yuan(b.evaluatedPriceFen),
        ]),
      });
    }
  }

  // ---------------------------------------------------------------- 六、排序与推荐

  blocks.push({ kind: 'heading', text: '六、排序与推荐', level: 2 });
  if (r.status !== 'complete') {
    blocks.push({ kind: 'paragraph', text: `评标结论：${r.stopReason?.zh ?? ''}${r.stopReason?.rule ? `（规则${r.stopReason.rule}）` : ''}。本次评标不推荐${candidateWord}。`, bold: true });
  } else {
    blocks.push({
      kind: 'table',
      title: '排序',
      size: 'small',
      columns: [
        { header: '名次', width: 0.8, align: 'center' },
        { header: w.bidder, width: 4.4 },
        { header: comprehensive ? '总分' : '评审价格（元）', width: 1.7, align: 'right' },
        { header: '投标报价（元）', width: 1.9, align: 'right' },
        { header: '排序依据', width: 1.2, align: 'center' },
      ],
      rows: r.ranking.map((x) => {
        const b = resultOf.get(x.bidId);
        return [String(x.rank), nameLabel(x.bidId), comprehensive ? dash(b?.total) : yuan(b?.evaluatedPriceFen ?? null), yuan(b?.priceFen ?? null), x.decidedBy === null ? '并列' : (DECIDED_BY_NAMES[x.decidedBy] ?? x.decidedBy)];
      }),
    });
    const decided = r.candidates.decided.map((id, i) => `第${i + 1}名：${nameLabel(id)}`);
    blocks.push({
      kind: 'paragraph',
      text: decided.length === 0 ? `${committeeWord}未能确定${candidateWord}。` : `${committeeWord}推荐的${candidateWord}（按顺序）：${decided.join('；')}。`,
      bold: true,
    });
    if (r.candidates.sameBrand?.length) {
      // R87 §31: one bidder per brand of the core product; the lower-ranked of a brand is no candidate
      blocks.push({
        kind: 'paragraph',
        text: `${r.candidates.sameBrand.map(nameLabel).join('、')}与排名在前的${w.bidder}提供相同品牌的核心产品，按一家${w.bidder}计算，不作为${candidateWord}（${citeRule('R87 §31').zh}）。`,
      });
    }
    for (const g of r.needsDraw) {
      const how = g.resolution === 'random_draw' ? `${w.tenderDocs}未规定其他排序方法，以交易平台可审计的随机抽签确定顺序` : `按${w.tenderDocs}规定由${w.tenderee}确定`;
      blocks.push({
        kind: 'paragraph',
        text: `并列第${g.rank}名：${g.bidIds.map(nameLabel).join('、')}，按全部法定排序因素仍相同，涉及${g.seats}个${candidateWord}位置，${how}；在此之前${candidateWord}名单不完整。`,
      });
    }
    if (!r.candidates.complete && r.needsDraw.length === 0 && decided.length < r.candidates.count) {
      blocks.push({ kind: 'paragraph', style: 'small', text: `有效${w.bid}不足，${candidateWord}少于${r.candidates.count}名。` });
    }
    if (r.competitionMayBeLacking && engineering) {
      blocks.push({
        kind: 'paragraph',
        style: 'small',
        text: `注：通过初步评审的有效${w.bid}不足三个。${committeeWord}经评审认为缺乏竞争性的，可以否决全部投标（《评标委员会和评标方法暂行规定》第二十七条）。`,
      });
    }
  }
  blocks.push({ kind: 'heading', text: '评审复核及重新评审', level: 3 });
  if (data.reopenings.length === 0) {
    blocks.push({ kind: 'paragraph', text: '无。' });
  } else {
    blocks.push({
      kind: 'table',
      size: 'small',
      columns: [
        { header: '时间', width: 2 },
        { header: '原因', width: 5.4 },
        { header: '依据', width: 2 },
      ],
      rows: data.reopenings.map((x) => [beijingDateTimeZh(x.at), x.reason, x.rule]),
    });
  }

  // ---------------------------------------------------------------- 七、澄清

  blocks.push({ kind: 'heading', text: '七、澄清', level: 2 });
  if (data.clarifications.length === 0) {
    blocks.push({ kind: 'paragraph', text: '无。' });
  } else {
    blocks.push({
      kind: 'table',
      size: 'small',
      columns: [
        { header: '序号', width: 0.6, align: 'center' },
        { header: w.bidder, width: 1.2 },
        { header: '澄清问题（提出时间）', width: 4 },
        { header: '答复（答复时间）', width: 4 },
      ],
      rows: data.clarifications.map((c, i) => [
        String(i + 1),
        c.bidLabel,
        `${c.question.trim()}\n（${beijingDateTimeZh(c.askedAt)}）`,
        c.answer === null ? '（未答复）' : `${c.answer.trim()}\n（${cellTime(c.answeredAt)}）`,
      ]),
    });
  }
  blocks.push({ kind: 'paragraph', style: 'small', text: `澄清要求均由${committeeWord}通过交易平台以书面形式提出；${w.bidder}主动提出的澄清不予接受。澄清不得超出${w.bid}的范围或改变其实质性内容。` });

  // ---------------------------------------------------------------- 八、不同意见

  blocks.push({ kind: 'heading', text: '八、不同意见', level: 2 });
  if (data.dissents.length === 0) {
    blocks.push({ kind: 'paragraph', text: '无。' });
  } else {
    for (const d of data.dissents) blocks.push({ kind: 'paragraph', text: `${d.name}：${d.text.trim()}` });
  }

  // ---------------------------------------------------------------- 九、签署

  blocks.push({ kind: 'heading', text: '九、签署', level: 2 });
  blocks.push({
    kind: 'table',
    size: 'small',
    columns: [
      { header: '成员', width: 1.8 },
      { header: '签署说明', width: 8 },
    ],
    rows: data.committee.members.map((m) => [`${m.name}${m.chair ? '（组长）' : ''}`, '签署方式：成员以CA证书对本报告（含平台签章）的字节分别作出独立的CMS签名（分离式），签名记录随报告存档']),
  });
  const citation = dissentCitation(p);
  blocks.push({
    kind: 'paragraph',
    indent: true,
    text:
      `本${reportWord}由${data.center.platformName}根据评标过程记录自动生成，并加盖交易平台电子签章（嵌入式PDF签章）。` +
      `${committeeWord}成员的签名不嵌入本文件，各成员的分离式CMS签名以本文件的字节为签名对象，与本文件一并存档，可分别独立核验。` +
      `对评标结论有不同意见的成员应以书面形式说明其不同意见和理由并记入本报告；拒绝签署又不书面说明其不同意见和理由的，视为同意评标结论${citation ? `（${citation}）` : ''}。`,
  });

  // ---------------------------------------------------------------- appendix: the replay's inputs

  blocks.push({ kind: 'heading', text: '附表：签署的评分表及复算依据', level: 2 });
  blocks.push({
    kind: 'keyValue',
    columns: 1,
    items: [
      { label: '评标记录对象SHA-256', value: ev.manifestSha256.toLowerCase() },
      { label: '评标结果SHA-256', value: ev.resultSha256.toLowerCase() },
      { label: '评标办法SHA-256', value: ev.methodSha256.toLowerCase() },
    ],
  });
  const sheetRows: string[][] = [];
  for (const m of data.committee.members) {
    for (const s of m.sheets) sheetRows.push([String(sheetRows.length + 1), m.name, STAGE_NAMES[s.stage] ?? s.stage, beijingDateTimeZh(s.signedAt), s.sha256.toLowerCase()]);
  }
  blocks.push({
    kind: 'table',
    size: 'small',
    columns: [
      { header: '序号', width: 0.6, align: 'center' },
      { header: '成员', width: 1.3 },
      { header: '评审阶段', width: 1.5 },
      { header: '签署时间', width: 2 },
      { header: 'SHA-256', width: 5 },
    ],
    rows: sheetRows,
  });
  blocks.push({
    kind: 'paragraph',
    style: 'small',
    text: '注：排序结果可由上述评标记录对象和各成员签署的评分表，按冻结的评标办法独立复算（ebid replay-evaluation），复算结果的SHA-256应与评标结果SHA-256一致。本报告所列时间均为北京时间。',
  });

  const title = reportWord;
  const header = documentHeader(
    {
      documentId: `${p.unifiedDealCode}-${p.section.code}-EVAL-${ev.id}`,
      title,
      subtitle: `${p.name}（${p.section.code} ${p.section.name}）`,
      properties: { title: `${title} ${p.name}`, subject: reportWord, keywords: [p.unifiedDealCode, p.section.code, `evaluation:${ev.id}`], createdAt: data.generatedAt },
    },
    data.center,
  );
  return { ...header, blocks };
}

/** '0.10' → '10%'; '0.045' → '4.5%' (a decimal string, by string arithmetic). */
function percentOf(fraction: string): string {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(fraction);
  if (!m) return fraction;
  const digits = `${m[1]}${(m[2] ?? '').padEnd(2, '0')}`;
  const int = digits.slice(0, m[1]!.length + 2).replace(/^0+(?=\d)/, '');
  const rest = digits.slice(m[1]!.length + 2).replace(/0+$/, '');
  return `${int}${rest ? `.${rest}` : ''}%`;
}

/** Why exactly: the failed items with their reasons, the price against the ceiling, the cost finding. */
function rejectionDetail(b: BidResult, data: EvaluationReportData, w: Words, criterion: (id: string) => string): string {
  if (b.rejection === 'ABOVE_CEILING') return `报价${yuan(b.priceFen)}元，${w.ceiling}${yuan(data.ceilingFen)}元`;
  if (b.rejection === 'BELOW_COST') return `报价明显低于其他有效报价，${w.bidder}的书面说明未能证明其报价合理，${COST_CHECK_NAMES.below_cost}`;
  const failed = b.compliance.filter((i) => i.decision === 'fail');
  return failed.map((i) => `${criterion(i.criterionId)}不合格（${i.failVotes}票）`).join('；') || '—';
}

/** The scored methods' tables: the aggregated scores per bid, then every member's own total per bid. */
function scoreBlocks(data: EvaluationReportData, scored: BidResult[], label: (id: string) => string, memberName: (id: string) => string): PdfBlock[] {
  const r = data.result;
  const blocks: PdfBlock[] = [];
  const groups = CRITERION_GROUPS.filter((g) => scored.some((b) => b.groupScores?.[g] !== undefined));
  const deviation = r.kind === 'eng.comprehensive';
  const columns: TableColumn[] = [
    { header: '编号', width: 1.1 },
    { header: '评审价格（元）', width: 1.9, align: 'right' },
    ...(deviation ? [{ header: '偏差率', width: 0.9, align: 'right' as const }] : []),
    { header: '价格分', width: 0.9, align: 'right' },
    ...groups.map((g) => ({ header: GROUP_NAMES[g], width: 0.9, align: 'right' as const })),
    { header: '评审因素得分', width: 1.1, align: 'right' },
    { header: '总分', width: 0.9, align: 'right' },
    { header: '剔除的成员评分', width: 1.6 },
  ];
  blocks.push({
    kind: 'table',
    title: '评分汇总',
    size: 'small',
    columns,
    rows: scored.map((b) => [
      label(b.bidId),
      yuan(b.evaluatedPriceFen),
      ...(deviation ? [b.deviationPercent === null ? '—' : `${b.deviationPercent}%`] : []),
      dash(b.priceScore),
      ...groups.map((g) => dash(b.groupScores?.[g])),
      dash(b.criteriaScore),
      dash(b.total),
      b.droppedMembers.length === 0 ? '—' : b.droppedMembers.map(memberName).join('、'),
    ]),
  });

  const members = data.committee.members;
  const scoreOf = new Map(data.memberScores.map((s) => [`${s.memberId}\n${s.bidId}`, s]));
  const dropped = new Map(scored.map((b) => [b.bidId, new Set(b.droppedMembers)]));
  if (members.length <= MAX_MEMBER_COLUMNS) {
    blocks.push({
      kind: 'table',
      title: '各成员评审因素得分',
      size: 'small',
      columns: [{ header: '编号', width: 1.1 }, ...members.map((m) => ({ header: m.name, width: 0.85, align: 'right' as const })), { header: '汇总', width: 0.9, align: 'right' }],
      rows: scored.map((b) => [
        label(b.bidId),
        ...members.map((m) => {
          const s = scoreOf.get(`${m.memberId}\n${b.bidId}`);
          return s ? `${s.total}${dropped.get(b.bidId)?.has(m.memberId) ? '*' : ''}` : '—';
        }),
        dash(b.criteriaScore),
      ]),
    });
  } else {
    const rows: string[][] = [];
    for (const b of scored) {
      for (const m of members) {
        const s = scoreOf.get(`${m.memberId}\n${b.bidId}`);
        const g = s ? CRITERION_GROUPS.filter((x) => s.groups[x] !== undefined).map((x) => `${GROUP_NAMES[x]} ${s.groups[x]}`).join('；') : '—';
        rows.push([label(b.bidId), m.name, g || '—', s ? `${s.total}${dropped.get(b.bidId)?.has(m.memberId) ? '*' : ''}` : '—']);
      }
    }
    blocks.push({
      kind: 'table',
      title: '各成员评审因素得分',
      size: 'small',
      columns: [
        { header: '编号', width: 1.1 },
        { header: '成员', width: 1.3 },
        { header: '分组得分', width: 4 },
        { header: '合计', width: 1, align: 'right' },
      ],
      rows,
    });
  }
  blocks.push({
    kind: 'paragraph',
    style: 'small',
    text: `注：各成员得分为该成员评分表中评审因素的加权得分（不含价格分）；汇总方式：${data.evaluation.aggregation}。${scored.some((b) => b.droppedMembers.length > 0) ? '带 * 的分值为汇总时去掉的最高分或最低分。' : ''}`,
  });
  return blocks;
}
