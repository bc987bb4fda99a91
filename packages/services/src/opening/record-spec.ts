/**
 * The opening record (开标记录表, rule O5, domain.md §4.5) as a document spec. Pure: the caller loads the
 * data, this turns it into blocks, and `renderDocument` turns the blocks into bytes. The only time in the
 * document properties is `generatedAt`, so the same data always gives the same PDF bytes — the bytes
 * the bidders sign with their CA certificates to confirm the record.
 *
 * Contents (O5): project, host and representatives, 招标控制价 per section, the 浮动点 / K draw (O8:
 * commitment, seed, number of participant contributions, result), each bid's submission, sign-in,
 * decryption status and time (with the cause of a failure), the 开标一览表 (price, duration, quality),
 * deposit status, the plaintext SHA-256 of every decrypted part, objections and answers, and the
 * confirmation rule (R87 §42: a bidder who does not respond is deemed to accept).
 */
import type { AuditRootWitness } from '@ebid/audit/root';
import { BID_PART_WORDS, beijingDateTime, beijingDateTimeZh, failureCitation, formatYuan, openingAcceptanceCitation, summaryPeriodKey, termsOf, word, type BidSummaryAsks, type ProcedureMethod, type Term, type TradeType } from '@ebid/domain';
import type { PdfBlock, PdfDocumentSpec } from '@ebid/pdf';
import { documentHeader } from '../documents/header.ts';
import { tradeMethodLabel } from '../documents/labels.ts';
import type { CenterIdentity } from '../identity/center.ts';

export type OpeningRecordDecryptStatus = 'decrypted' | 'revoked' | 'withdrawn_external';
export type OpeningRecordFailureCause = 'bidder' | 'platform' | 'third_party';
export type OpeningRecordBidPart = 'summary' | 'commercial' | 'technical' | 'qualification';

export interface OpeningRecordBid {
  /** '投标人1' … (ordinal by receipt time) */
  label: string;
  sectionCode: string;
  bidderName: string;
  receivedAt: Date;
  signedInAt: Date | null;
  decryptStatus: OpeningRecordDecryptStatus;
  decryptedAt: Date | null;
  failureCause: OpeningRecordFailureCause | null;
  failureNote: string | null;
  priceFen: number | null;
  /** Issue 16 §2: the price is above the section's price ceiling — flagged for the committee, not rejected. */
  aboveCeiling?: boolean;
  durationDays: number | null;
  quality: string | null;
  /** deposits.status at opening ('pending' | 'received' | 'refunded' | 'forfeited'), 'waived' (the tender waived it); null: the section requires none */
  depositStatus: string | null;
  /** plaintext SHA-256 of each decrypted part */
  partsSha256: { part: OpeningRecordBidPart | string; sha256: string }[];
}

export interface OpeningRecordObjection {
  /** the raiser's label ('投标人2'), printed after the bidder's name */
  label: string;
  bidderName: string;
  text: string;
  raisedAt: Date;
  answer: string | null;
  answeredAt: Date | null;
}

export interface OpeningRecordData {
  project: {
    unifiedDealCode: string;
    name: string;
    /** The record names the parties, things and law by these (issue 18 §1, vocabulary/terms.ts). */
    tradeType: TradeType;
    method: ProcedureMethod;
    tendereeName: string;
    agentName: string | null;
    /**
     * What the project's 开标一览表 asks besides the price (issue 18 §2; domain bidSummaryFieldsOf): the
     * period column is named by it (工期 / 服务期 / 交货期 …) and left out with the quality column where
     * the project asks none. Absent (records before issue 18): 工期 and 质量 as before.
     */
    summaryAsks?: BidSummaryAsks;
  };
  /**
   * ceilingFen as set on the section; priceCeiling (issue 16 §2): the ceiling bids are measured against
   * and its name (最高投标限价, 最高限价 or 采购预算), null when there is none; `rate`: rate bids, exempt.
   */
  sections: { code: string; name: string; ceilingFen: number | null; priceCeiling?: { fen: number; label: string } | null; rate?: boolean }[];
  /**
   * Sections that failed alone and were not opened (issue 16 §7): too few bids at this opening, or too
   * few qualified after prequalification. Absent or empty: no block (records before issue 16).
   */
  failedSections?: { code: string; name: string; reason: string | null; bidCount: number }[];
  /** display name of the staff member who hosted the opening */
  host: string;
  openedAt: Date;
  /**
   * Issue 18 §5: the session opened by the platform timer at the deadline or by staff, when its host took
   * the chair, a late opening (迟延开标: started or hosted after the grace) with its reason and how late,
   * and this version's confirm deadline. Absent: records before issue 18.
   */
  opening?: { openedBy: 'timer' | 'staff'; hostedAt: Date | null; late: { reason: string; minutesAfterDeadline: number } | null; confirmDeadline: Date };
  decryptDeadline: Date;
  /** when the 开标一览表 was published (end of the decryption window) */
  publishedAt: Date;
  /** when this version of the record was generated: the document's creation date */
  generatedAt: Date;
  /** 1, 2, … (a new version after an answered objection) */
  version: number;
  k: null | {
    floatPointsBp: number[];
    commitment: string;
    seedHex: string;
    /** how many participant contributions went into the draw */
    contributions: number;
    resultBp: number;
    kValue: string;
    drawnAt: Date;
    /**
     * Issue 14 §2, the public commit–reveal draw: then `commitment` is the platform share's commitment,
     * `seedHex` the platform share and `contributions` the revealed values. Absent: drawn the old way.
     */
    draw?: { drawId: number; commitCloseAt: Date; revealCloseAt: Date; committed: number; unrevealed: number };
  };
  bids: OpeningRecordBid[];
  objections: OpeningRecordObjection[];
  /**
   * Issue 18 §2: this is one supplier's copy where the offers are confidential (谈判 / 磋商 / 询价 / 单一来源):
   * `bids` and `objections` hold that supplier's lines only. Absent: the record itself.
   */
  supplierCopy?: { bidderName: string };
  /** representatives present (supervisors, owner side, …), names as shown */
  representatives?: string[];
  /**
   * Issue 13 §6: the latest audit root published before the record and the inclusion proof of the
   * project's chain head in it; null when none covered the project yet (absent: records before issue 13).
   */
  auditRoot?: AuditRootWitness | null;
}

type Words = Readonly<Record<Term, string>>;

/** How a bid ended at the decryption, in the trade's word for the bidder: 撤销（投标人原因）/ 撤销（供应商原因）. */
export function decryptStatusLabels(w: Pick<Words, 'bidder'>): Record<OpeningRecordDecryptStatus, string> {
  return { decrypted: '已解密', revoked: `撤销（${w.bidder}原因）`, withdrawn_external: `撤回（非${w.bidder}原因）` };
}

export function failureCauseLabels(w: Pick<Words, 'bidder'>): Record<OpeningRecordFailureCause, string> {
  return { bidder: `${w.bidder}原因`, platform: '平台原因', third_party: '第三方原因' };
}

/** deposits.status (packages/db/src/schema/tendering.ts), worded as on the deposits page; waived: the documents waived it. */
function depositStatusLabels(w: Pick<Words, 'tenderDocs'>): Record<string, string> {
  return { pending: '未到账', received: '已到账', refunded: '已退还', forfeited: '已没收', waived: `不收取（${w.tenderDocs}免收）` };
}

const PART_ORDER: string[] = [...BID_PART_WORDS];
const isPart = (part: string): part is OpeningRecordBidPart => (BID_PART_WORDS as readonly string[]).includes(part);

/**
 * A bid part as the documents name it (the vocabulary's bidPart words); the summary by the trade's own word
 * (开标一览表 / 报价一览表 / 报价单, issue 18 §1) when the project is known; an unknown part by its own name.
 */
export function bidPartLabel(part: string, p?: { tradeType: TradeType; method: ProcedureMethod }): string {
  if (!isPart(part)) return part;
  return part === 'summary' && p ? termsOf('zh', p.tradeType, p.method).summary : word('zh', `bidPart.${part}`);
}

// ---------------------------------------------------------------- formatting (domain format.ts; integers only)

/** A money cell: yuan without a currency sign (the headers say 元), '—' when there is none: 123456789 → '1,234,567.89'. */
export function yuan(fen: number | null): string {
  return fen === null ? '—' : formatYuan(fen);
}

/** A float point in basis points as a percentage: 125 → '1.25%'. */
export function floatPointPercent(bp: number): string {
  return `${Math.floor(bp / 100)}.${String(bp % 100).padStart(2, '0')}%`;
}

/** `2026年3月5日 09:30:05` in 北京时间 (beijingDateTimeZh with seconds; the offset is whole hours). */
export function beijingDateTimeSecZh(at: Date): string {
  return `${beijingDateTimeZh(at)}:${String(at.getUTCSeconds()).padStart(2, '0')}`;
}

/** Compact for narrow table cells: `2026-03-05 09:30:05` (北京时间); wraps at the space. */
function cellTime(at: Date | null): string {
  if (!at) return '—';
  return `${beijingDateTime(at)}:${String(at.getUTCSeconds()).padStart(2, '0')}`;
}

function decryptCell(b: OpeningRecordBid, w: Words): string {
  const lines = [decryptStatusLabels(w)[b.decryptStatus] ?? b.decryptStatus];
  if (b.decryptStatus === 'decrypted') {
    lines.push(cellTime(b.decryptedAt));
  } else {
    if (b.decryptStatus === 'withdrawn_external' && b.failureCause && b.failureCause !== 'bidder') lines.push(failureCauseLabels(w)[b.failureCause]);
    if (b.failureNote?.trim()) lines.push(b.failureNote.trim());
  }
  return lines.join('\n');
}

function depositCell(status: string | null, w: Words): string {
  if (status === null) return '无需缴纳';
  return depositStatusLabels(w)[status] ?? status;
}

/** 审计日志见证: the published root the record was made under and the proof of the project's chain head. */
function auditRootBlocks(w: AuditRootWitness | null, opening: string): PdfBlock[] {
  if (!w) return [{ kind: 'heading', text: '审计日志见证', level: 2 }, { kind: 'paragraph', text: '生成本记录时，交易平台尚未公布涵盖本项目的审计根。', style: 'small' }];
  return [
    {
      kind: 'keyValue',
      title: '审计日志见证（公开审计根）',
      columns: 2,
      items: [
        { label: '审计根编号', value: `第${w.id}号` },
        { label: '公布时间', value: beijingDateTimeSecZh(new Date(w.document.at)) },
        { label: '审计根（Merkle根）', value: w.document.root, span: 2 },
        { label: '审计链数量', value: String(w.document.treeSize) },
        { label: '本项目审计链', value: `${w.inclusion.chain}（第${w.inclusion.leafIndex + 1}个叶）` },
        { label: '本项目链头哈希', value: w.inclusion.headHash, span: 2 },
        { label: '包含证明', value: w.inclusion.hashes.length ? w.inclusion.hashes.join('\n') : '（仅一条链，无需证明）', span: 2 },
        { label: '审计检查点文件SHA-256', value: w.document.checkpointSha256, span: 2 },
      ],
    },
    {
      kind: 'paragraph',
      style: 'small',
      text:
        `注：审计根为交易平台在${opening}记录生成前最近一次公布的全部审计链链头的Merkle根（RFC 6962），由交易平台签名并在门户公开（/portal/audit/roots），任何人均可留存见证。` +
        '依据本项目链头哈希和包含证明可复算出上述审计根，从而证明本项目截至该时点的审计日志已被公开见证、此后不可篡改。',
    },
  ];
}

// ---------------------------------------------------------------- the document

/** The agent as each trade names it: 招标代理 (ZTB §13) / 采购代理机构 (CG §19) / 代理机构. */
const AGENT_LABEL: Record<TradeType, string> = { engineering: '招标代理', procurement: '采购代理机构', land: '代理机构', property: '代理机构' };

/** Why a section failed alone (issue 16 §7), as the record prints it: the trade's words and law. */
function sectionFailureLabel(p: OpeningRecordData['project'], reason: string | null, w: Words): string {
  if (reason === 'too_few_bids') {
    return `递交${w.bid}的${w.bidder}数量不足，依据${failureCitation(p.tradeType, p.method, 'too_few_bids').zh}不予${w.opening}，本标段${w.failure}，其他标段照常${w.opening}`;
  }
  if (reason === 'too_few_qualified') return `资格预审合格的申请人数量不足，本标段${w.failure}`;
  return w.failure;
}

/** Issue 18 §5: how the session opened, a late opening with its reason, and the confirm deadline. */
function openingTimeItems(o: NonNullable<OpeningRecordData['opening']>): { label: string; value: string; span?: number }[] {
  const hosted = o.hostedAt ? `，主持人于${beijingDateTimeZh(o.hostedAt)}就位主持` : '';
  return [
    { label: '开启方式', value: o.openedBy === 'timer' ? `交易平台于开标时间自动开启${hosted}` : '主持人开启并主持', span: 2 },
    ...(o.late ? [{ label: '迟延开标', value: `开标时间后${o.late.minutesAfterDeadline}分钟开始主持；原因：${o.late.reason}`, span: 2 }] : []),
    { label: '确认时限', value: `${beijingDateTimeZh(o.confirmDeadline)}前（逾期未确认也未提出异议的，视为认可）`, span: 2 },
  ];
}

/** `center`: the configured identity, the record's author, issuer on every page and sealing platform. */
export function openingRecordSpec(data: OpeningRecordData, center: CenterIdentity): PdfDocumentSpec {
  const p = data.project;
  const w = termsOf('zh', p.tradeType, p.method);
  const acceptance = openingAcceptanceCitation(p.tradeType, p.method);
  // A tender's price is a 投标报价; a response's, a land or property bid's, a 报价.
  const offer = w.bid === termsOf('zh', 'engineering', 'open').bid ? '投标报价' : '报价';
  const windowMinutes = Math.round((data.decryptDeadline.getTime() - data.openedAt.getTime()) / 60_000);
  const multiSection = data.sections.length > 1;
  const blocks: PdfBlock[] = [];

  blocks.push({
    kind: 'keyValue',
    title: `项目及${w.opening}信息`,
    columns: 2,
    items: [
      { label: '统一交易标识码', value: p.unifiedDealCode, span: 2 },
      { label: '项目名称', value: p.name, span: 2 },
      { label: w.tenderee, value: p.tendereeName },
      { label: AGENT_LABEL[p.tradeType], value: p.agentName ?? `无（${w.tenderee}自行组织）` },
      { label: '交易类型', value: tradeMethodLabel(p.tradeType, p.method) },
      { label: `${w.opening}方式`, value: `不见面${w.opening}（网上${w.opening}）` },
      { label: `${w.opening}时间`, value: `${beijingDateTimeZh(data.openedAt)}` },
      { label: '主持人', value: data.host },
      ...(data.opening ? openingTimeItems(data.opening) : []),
      { label: '解密时限', value: `${beijingDateTimeZh(data.decryptDeadline)}（${w.opening}后${windowMinutes}分钟内）` },
      { label: `${w.opening}结果公布`, value: beijingDateTimeZh(data.publishedAt) },
      ...(data.representatives && data.representatives.length > 0 ? [{ label: `参加${w.opening}的代表`, value: data.representatives.join('、'), span: 2 }] : []),
      { label: '记录版本', value: `第${data.version}版，生成于${beijingDateTimeZh(data.generatedAt)}`, span: 2 },
    ],
  });

  if (data.supplierCopy) {
    blocks.push({
      kind: 'paragraph',
      text: `本件为${data.supplierCopy.bidderName}的记录副本。本项目的响应文件由谈判（磋商、询价）小组开启，不公开唱标（《中华人民共和国政府采购法》第三十八条、第四十条）：副本仅载明本单位响应文件的递交、解密及报价情况，不载明其他供应商的名称及报价。`,
      style: 'small',
    });
  }

  blocks.push({
    kind: 'table',
    title: p.tradeType === 'engineering' ? `${w.ceiling}（最高投标限价）` : w.ceiling,
    columns: [
      { header: '标段编号', width: 1.2 },
      { header: '标段名称', width: 4 },
      { header: `${w.ceiling}（元）`, width: 2, align: 'right' },
      { header: '报价上限', width: 2.4 },
    ],
    rows: data.sections.map((s) => [
      s.code,
      s.name,
      s.ceilingFen === null ? '未设置' : yuan(s.ceilingFen),
      s.rate ? '费率报价，不适用' : s.priceCeiling ? `${s.priceCeiling.label} ${yuan(s.priceCeiling.fen)}元` : '无',
    ]),
  });

  if (data.failedSections && data.failedSections.length > 0) {
    blocks.push({
      kind: 'table',
      title: `${w.failure}标段（不予${w.opening}）`,
      columns: [
        { header: '标段编号', width: 1.2 },
        { header: '标段名称', width: 3 },
        { header: `${w.bidder}数`, width: 1.2, align: 'right' },
        { header: `${w.failure}原因`, width: 4 },
      ],
      rows: data.failedSections.map((s) => [s.code, s.name, String(s.bidCount), sectionFailureLabel(p, s.reason, w)]),
    });
  }

  if (data.k) {
    const k = data.k;
    blocks.push({
      kind: 'keyValue',
      title: '浮动点（K值）抽取',
      columns: 2,
      items: k.draw
        ? [
            { label: '浮动点集合', value: k.floatPointsBp.map(floatPointPercent).join('、'), span: 2 },
            { label: '抽取方式', value: `公开承诺—公开随机数抽取（抽取编号${k.draw.drawId}）`, span: 2 },
            { label: '承诺截止时间', value: beijingDateTimeSecZh(k.draw.commitCloseAt) },
            { label: '公开截止时间', value: beijingDateTimeSecZh(k.draw.revealCloseAt) },
            { label: '平台份额承诺', value: `${k.commitment}（SHA-256，${w.opening}开始时公布）`, span: 2 },
            { label: '参与方承诺数量', value: `${k.draw.committed}个` },
            { label: '已公开随机数', value: `${k.contributions}个（未公开${k.draw.unrevealed}个，不计入）` },
            { label: '抽取时间', value: beijingDateTimeSecZh(k.drawnAt) },
            { label: '平台份额（抽取后公开）', value: k.seedHex, span: 2 },
            { label: '抽取结果', value: `浮动点 ${floatPointPercent(k.resultBp)}，K = 1 − ${floatPointPercent(k.resultBp)} = ${k.kValue}`, span: 2 },
          ]
        : [
            // Drawn the old way (before issue 14): the seed committed at the start, revealed at the draw.
            { label: '浮动点集合', value: k.floatPointsBp.map(floatPointPercent).join('、'), span: 2 },
            { label: '种子承诺', value: `${k.commitment}（SHA-256，${w.opening}开始时公布）`, span: 2 },
            { label: '参与方随机数数量', value: `${k.contributions}个` },
            { label: '抽取时间', value: beijingDateTimeSecZh(k.drawnAt) },
            { label: '种子（抽取后公开）', value: k.seedHex, span: 2 },
            { label: '抽取结果', value: `浮动点 ${floatPointPercent(k.resultBp)}，K = 1 − ${floatPointPercent(k.resultBp)} = ${k.kValue}`, span: 2 },
          ],
    });
  }

  // widths in pt of the 482 pt content width (9 pt text): the dates, the status and a price of
  // nine-figure yuan fit on one line each; the bidder takes what is left
  const asks: BidSummaryAsks = data.project.summaryAsks ?? { period: 'construction', quality: true };
  // The widths of the columns a project does not ask go to the bidder's name.
  const spare = (asks.period ? 0 : 42) + (asks.quality ? 0 : 40);
  blocks.push({
    kind: 'table',
    title: `${w.bid}递交情况及${w.opening}一览表`,
    size: 'small',
    columns: [
      { header: '序号', width: 26, align: 'center' },
      { header: w.bidder, width: (multiSection ? 58 : 88) + spare },
      ...(multiSection ? [{ header: '标段', width: 30, align: 'center' as const }] : []),
      { header: '递交时间', width: 57 },
      { header: '签到时间', width: 57 },
      { header: '解密状态及时间', width: 60 },
      { header: `${offer}\n（元）`, width: 74, align: 'right' },
      ...(asks.period ? [{ header: word('zh', summaryPeriodKey(asks.period)).replace('（', '\n（'), width: 42, align: 'right' as const }] : []),
      ...(asks.quality ? [{ header: '质量', width: 40 }] : []),
      { header: '保证金', width: 38 },
    ],
    rows: data.bids.map((b, i) => [
      String(i + 1),
      `${b.bidderName}（${b.label}）`,
      ...(multiSection ? [b.sectionCode] : []),
      cellTime(b.receivedAt),
      b.signedInAt ? cellTime(b.signedInAt) : '未签到',
      decryptCell(b, w),
      b.aboveCeiling ? `${yuan(b.priceFen)}\n※高于限价` : yuan(b.priceFen),
      ...(asks.period ? [b.durationDays === null ? '—' : String(b.durationDays)] : []),
      ...(asks.quality ? [b.quality?.trim() || '—'] : []),
      depositCell(b.depositStatus, w),
    ]),
  });
  if (data.bids.length === 0) blocks.push({ kind: 'paragraph', text: '无。', style: 'small' });
  // Issue 16 §2: a flag, not a rejection — 否决 is the committee's act in the evaluation (实施条例 §51).
  const ceilingOf = new Map(data.sections.map((s) => [s.code, s.priceCeiling]));
  for (const b of data.bids.filter((x) => x.aboveCeiling)) {
    const c = ceilingOf.get(b.sectionCode);
    blocks.push({
      kind: 'paragraph',
      style: 'small',
      text: `※ 备注：${b.bidderName}（${b.label}${multiSection ? `，标段${b.sectionCode}` : ''}）${offer}${yuan(b.priceFen)}元超过${c ? `${c.label}${yuan(c.fen)}元` : w.ceiling}，由${p.tradeType === 'engineering' ? '评标委员会' : '评审委员会（小组）'}依法评审（本记录仅作标注，不是否决）。`,
    });
  }

  const partRows: string[][] = [];
  for (const b of data.bids) {
    const parts = [...b.partsSha256].sort((x, y) => PART_ORDER.indexOf(x.part) - PART_ORDER.indexOf(y.part));
    for (const part of parts) {
      partRows.push([
        String(partRows.length + 1),
        b.bidderName,
        ...(multiSection ? [b.sectionCode] : []),
        bidPartLabel(part.part, p),
        part.sha256.toLowerCase(),
      ]);
    }
  }
  blocks.push({
    kind: 'table',
    title: `解密后${w.bid}摘要（明文SHA-256）`,
    size: 'small',
    columns: [
      { header: '序号', width: 0.6, align: 'center' },
      { header: w.bidder, width: 2.6 },
      ...(multiSection ? [{ header: '标段', width: 0.8, align: 'center' as const }] : []),
      { header: '文件部分', width: 1.4 },
      { header: 'SHA-256', width: 5.6 },
    ],
    rows: partRows,
  });
  if (partRows.length === 0) blocks.push({ kind: 'paragraph', text: `无已解密的${w.bid}。`, style: 'small' });

  blocks.push({ kind: 'heading', text: `${w.opening}异议及答复`, level: 2 });
  if (data.objections.length === 0) {
    blocks.push({ kind: 'paragraph', text: '无。' });
  } else {
    blocks.push({
      kind: 'table',
      size: 'small',
      columns: [
        { header: '序号', width: 0.7, align: 'center' },
        { header: '提出人及时间', width: 2.3 },
        { header: '异议内容', width: 4.5 },
        { header: '答复', width: 4.5 },
      ],
      rows: data.objections.map((o, i) => [
        String(i + 1),
        `${o.bidderName}（${o.label}）\n${beijingDateTimeSecZh(o.raisedAt)}`,
        o.text.trim(),
        o.answer === null ? '（尚未答复）' : `${o.answer.trim()}\n（答复时间：${o.answeredAt ? beijingDateTimeSecZh(o.answeredAt) : '—'}）`,
      ]),
    });
  }

  if (data.auditRoot !== undefined) blocks.push(...auditRootBlocks(data.auditRoot, w.opening));

  blocks.push({ kind: 'heading', text: '确认', level: 2 });
  blocks.push({
    kind: 'paragraph',
    indent: true,
    text:
      `本${w.opening}记录由${center.platformName}根据${w.opening}过程自动生成，并加盖交易平台电子签章。` +
      `各${w.bidder}应在规定时间内使用本单位数字证书（CA）对本记录进行电子签名确认；` +
      `对${w.opening}过程或本记录有异议的，应在${w.opening}现场（不见面${w.opening}大厅）当场提出，由主持人答复并记入本记录。` +
      `${w.bidder}未参加${w.opening}或在规定时间内未确认也未提出异议的，视同认可${w.opening}结果${acceptance ? `（${acceptance.zh}）` : ''}。`,
  });
  blocks.push({
    kind: 'paragraph',
    style: 'small',
    text:
      '注：1. 本记录所列时间均为北京时间，以交易平台标准时间为准。' +
      `\n2. ${w.bid}以加密形式递交，由${w.bidder}在解密时限内使用本单位数字证书自行解密，交易平台不持有解密密钥；` +
      `“撤销（${w.bidder}原因）”指因${w.bidder}原因未在时限内解密，“撤回（非${w.bidder}原因）”指因平台或第三方原因未能解密并经主持人记录。` +
      `\n3. 明文SHA-256为解密后各部分文件内容的摘要，可用于核对评审使用的文件与${w.opening}时解密的文件一致。` +
      (data.k?.draw
        ? `\n4. 浮动点抽取采用公开承诺—公开随机数方式：${w.opening}开始时公布承诺截止、公开截止时间及平台份额的SHA-256承诺；参与方（交易中心工作人员除外）` +
          '在承诺截止前提交随机数的哈希承诺，承诺截止后公开随机数；公开截止时以平台份额为密钥对全部已公开的随机数计算HMAC-SHA256，' +
          '按均匀抽样确定结果并公开平台份额，未公开的承诺不计入，任何人均可复核；K = 1 − 浮动点。'
        : data.k
          ? `\n4. 浮动点抽取采用“承诺—揭示”方式：${w.opening}开始时公布种子的SHA-256承诺，参与方提交随机数后，以种子为密钥对全部随机数计算HMAC-SHA256，` +
            '按均匀抽样确定结果并公开种子，任何人均可复核；K = 1 − 浮动点。'
          : '') +
      `\n${data.k ? 5 : 4}. ${offer}及“${w.summary}”内容以${w.bidder}解密后的${w.bid}为准；本记录不含依法应当保密的内容。`,
  });

  const title = `${w.opening}记录表`;
  const header = documentHeader(
    {
      documentId: `${p.unifiedDealCode}-OPEN-v${data.version}`,
      title,
      subtitle: p.name,
      properties: { title: `${title} ${p.name}`, subject: `${w.opening}记录`, keywords: [p.unifiedDealCode, ...data.sections.map((s) => s.code)], createdAt: data.generatedAt },
    },
    center,
  );
  return { ...header, blocks };
}
