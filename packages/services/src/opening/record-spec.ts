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
import { beijingDateTime, beijingDateTimeZh, formatYuan } from '@ebid/domain';
import type { PdfBlock, PdfDocumentSpec } from '@ebid/pdf';
import { documentHeader } from '../documents/header.ts';
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
    /** e.g. '工程建设' */
    tradeLabel: string;
    /** e.g. '公开招标' */
    methodLabel: string;
    tendereeName: string;
    agentName: string | null;
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
  /** representatives present (supervisors, owner side, …), names as shown */
  representatives?: string[];
  /**
   * Issue 13 §6: the latest audit root published before the record and the inclusion proof of the
   * project's chain head in it; null when none covered the project yet (absent: records before issue 13).
   */
  auditRoot?: AuditRootWitness | null;
}

export const DECRYPT_STATUS_LABELS: Record<OpeningRecordDecryptStatus, string> = {
  decrypted: '已解密',
  revoked: '撤销（投标人原因）',
  withdrawn_external: '撤回（非投标人原因）',
};

export const FAILURE_CAUSE_LABELS: Record<OpeningRecordFailureCause, string> = {
  bidder: '投标人原因',
  platform: '平台原因',
  third_party: '第三方原因',
};

/** deposits.status (packages/db/src/schema/tendering.ts), worded as on the deposits page. */
export const DEPOSIT_STATUS_LABELS: Record<string, string> = {
  pending: '未到账',
  received: '已到账',
  refunded: '已退还',
  forfeited: '已没收',
  /** Not a deposits.status: the tender waived the security (projects.securityWaived, issue 16 §5). */
  waived: '不收取（招标文件免收）',
};

export const BID_PART_LABELS: Record<OpeningRecordBidPart, string> = {
  summary: '开标一览表',
  commercial: '商务标',
  technical: '技术标',
  qualification: '资格证明文件',
};

const PART_ORDER: string[] = ['summary', 'commercial', 'technical', 'qualification'];
const PART_LABEL_OF: Partial<Record<string, string>> = BID_PART_LABELS;

/** A bid part as the documents name it (开标一览表 …); an unknown part by its own name. */
export function bidPartLabel(part: string): string {
  return PART_LABEL_OF[part] ?? part;
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

function decryptCell(b: OpeningRecordBid): string {
  const lines = [DECRYPT_STATUS_LABELS[b.decryptStatus] ?? b.decryptStatus];
  if (b.decryptStatus === 'decrypted') {
    lines.push(cellTime(b.decryptedAt));
  } else {
    if (b.decryptStatus === 'withdrawn_external' && b.failureCause && b.failureCause !== 'bidder') lines.push(FAILURE_CAUSE_LABELS[b.failureCause]);
    if (b.failureNote?.trim()) lines.push(b.failureNote.trim());
  }
  return lines.join('\n');
}

function depositCell(status: string | null): string {
  if (status === null) return '无需缴纳';
  return DEPOSIT_STATUS_LABELS[status] ?? status;
}

/** 审计日志见证: the published root the record was made under and the proof of the project's chain head. */
function auditRootBlocks(w: AuditRootWitness | null): PdfBlock[] {
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
        '注：审计根为交易平台在开标记录生成前最近一次公布的全部审计链链头的Merkle根（RFC 6962），由交易平台签名并在门户公开（/portal/audit/roots），任何人均可留存见证。' +
        '依据本项目链头哈希和包含证明可复算出上述审计根，从而证明本项目截至该时点的审计日志已被公开见证、此后不可篡改。',
    },
  ];
}

// ---------------------------------------------------------------- the document

/** Why a section failed alone (issue 16 §7), as the record prints it. */
const SECTION_FAILURE_LABELS: Record<string, string> = {
  too_few_bids: '递交投标文件的投标人数量不足，依据《招标投标法实施条例》第四十四条不予开标，本标段流标，其他标段照常开标',
  too_few_qualified: '资格预审合格的申请人数量不足，本标段流标',
};

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
  const windowMinutes = Math.round((data.decryptDeadline.getTime() - data.openedAt.getTime()) / 60_000);
  const multiSection = data.sections.length > 1;
  const blocks: PdfBlock[] = [];

  blocks.push({
    kind: 'keyValue',
    title: '项目及开标信息',
    columns: 2,
    items: [
      { label: '统一交易标识码', value: p.unifiedDealCode, span: 2 },
      { label: '项目名称', value: p.name, span: 2 },
      { label: '招标人', value: p.tendereeName },
      { label: '招标代理', value: p.agentName ?? '无（招标人自行招标）' },
      { label: '交易类型', value: `${p.tradeLabel} · ${p.methodLabel}` },
      { label: '开标方式', value: '不见面开标（网上开标）' },
      { label: '开标时间', value: `${beijingDateTimeZh(data.openedAt)}` },
      { label: '主持人', value: data.host },
      ...(data.opening ? openingTimeItems(data.opening) : []),
      { label: '解密时限', value: `${beijingDateTimeZh(data.decryptDeadline)}（开标后${windowMinutes}分钟内）` },
      { label: '开标结果公布', value: beijingDateTimeZh(data.publishedAt) },
      ...(data.representatives && data.representatives.length > 0 ? [{ label: '参加开标的代表', value: data.representatives.join('、'), span: 2 }] : []),
      { label: '记录版本', value: `第${data.version}版，生成于${beijingDateTimeZh(data.generatedAt)}`, span: 2 },
    ],
  });

  blocks.push({
    kind: 'table',
    title: '招标控制价（最高投标限价）',
    columns: [
      { header: '标段编号', width: 1.2 },
      { header: '标段名称', width: 4 },
      { header: '招标控制价（元）', width: 2, align: 'right' },
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
      title: '流标标段（不予开标）',
      columns: [
        { header: '标段编号', width: 1.2 },
        { header: '标段名称', width: 3 },
        { header: '投标人数', width: 1.2, align: 'right' },
        { header: '流标原因', width: 4 },
      ],
      rows: data.failedSections.map((s) => [s.code, s.name, String(s.bidCount), SECTION_FAILURE_LABELS[s.reason ?? ''] ?? '流标']),
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
            { label: '平台份额承诺', value: `${k.commitment}（SHA-256，开标开始时公布）`, span: 2 },
            { label: '参与方承诺数量', value: `${k.draw.committed}个` },
            { label: '已公开随机数', value: `${k.contributions}个（未公开${k.draw.unrevealed}个，不计入）` },
            { label: '抽取时间', value: beijingDateTimeSecZh(k.drawnAt) },
            { label: '平台份额（抽取后公开）', value: k.seedHex, span: 2 },
            { label: '抽取结果', value: `浮动点 ${floatPointPercent(k.resultBp)}，K = 1 − ${floatPointPercent(k.resultBp)} = ${k.kValue}`, span: 2 },
          ]
        : [
            // Drawn the old way (before issue 14): the seed committed at the start, revealed at the draw.
            { label: '浮动点集合', value: k.floatPointsBp.map(floatPointPercent).join('、'), span: 2 },
            { label: '种子承诺', value: `${k.commitment}（SHA-256，开标开始时公布）`, span: 2 },
            { label: '参与方随机数数量', value: `${k.contributions}个` },
            { label: '抽取时间', value: beijingDateTimeSecZh(k.drawnAt) },
            { label: '种子（抽取后公开）', value: k.seedHex, span: 2 },
            { label: '抽取结果', value: `浮动点 ${floatPointPercent(k.resultBp)}，K = 1 − ${floatPointPercent(k.resultBp)} = ${k.kValue}`, span: 2 },
          ],
    });
  }

  // widths in pt of the 482 pt content width (9 pt text): the dates, the status and a price of
  // nine-figure yuan fit on one line each; the bidder takes what is left
  blocks.push({
    kind: 'table',
    title: '投标情况及开标一览表',
    size: 'small',
    columns: [
      { header: '序号', width: 26, align: 'center' },
      { header: '投标人', width: multiSection ? 58 : 88 },
      ...(multiSection ? [{ header: '标段', width: 30, align: 'center' as const }] : []),
      { header: '递交时间', width: 57 },
      { header: '签到时间', width: 57 },
      { header: '解密状态及时间', width: 60 },
      { header: '投标报价\n（元）', width: 74, align: 'right' },
      { header: '工期\n（日历天）', width: 42, align: 'right' },
      { header: '质量', width: 40 },
      { header: '保证金', width: 38 },
    ],
    rows: data.bids.map((b, i) => [
      String(i + 1),
      `${b.bidderName}（${b.label}）`,
      ...(multiSection ? [b.sectionCode] : []),
      cellTime(b.receivedAt),
      b.signedInAt ? cellTime(b.signedInAt) : '未签到',
      decryptCell(b),
      b.aboveCeiling ? `${yuan(b.priceFen)}\n※高于限价` : yuan(b.priceFen),
      b.durationDays === null ? '—' : String(b.durationDays),
      b.quality?.trim() || '—',
      depositCell(b.depositStatus),
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
      text: `※ 备注：${b.bidderName}（${b.label}${multiSection ? `，标段${b.sectionCode}` : ''}）投标报价${yuan(b.priceFen)}元超过${c ? `${c.label}${yuan(c.fen)}元` : '最高投标限价'}，由评标委员会依法评审（本记录仅作标注，不是否决）。`,
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
        bidPartLabel(part.part),
        part.sha256.toLowerCase(),
      ]);
    }
  }
  blocks.push({
    kind: 'table',
    title: '解密后投标文件摘要（明文SHA-256）',
    size: 'small',
    columns: [
      { header: '序号', width: 0.6, align: 'center' },
      { header: '投标人', width: 2.6 },
      ...(multiSection ? [{ header: '标段', width: 0.8, align: 'center' as const }] : []),
      { header: '文件部分', width: 1.4 },
      { header: 'SHA-256', width: 5.6 },
    ],
    rows: partRows,
  });
  if (partRows.length === 0) blocks.push({ kind: 'paragraph', text: '无已解密的投标文件。', style: 'small' });

  blocks.push({ kind: 'heading', text: '开标异议及答复', level: 2 });
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

  if (data.auditRoot !== undefined) blocks.push(...auditRootBlocks(data.auditRoot));

  blocks.push({ kind: 'heading', text: '确认', level: 2 });
  blocks.push({
    kind: 'paragraph',
    indent: true,
    text:
      `本开标记录由${center.platformName}根据开标过程自动生成，并加盖交易平台电子签章。` +
      '各投标人应在规定时间内使用本单位数字证书（CA）对本记录进行电子签名确认；' +
      '对开标过程或本记录有异议的，应在开标现场（不见面开标大厅）当场提出，由主持人答复并记入本记录。' +
      '投标人未参加开标或在规定时间内未确认也未提出异议的，视同认可开标结果（《政府采购货物和服务招标投标管理办法》第四十二条）。',
  });
  blocks.push({
    kind: 'paragraph',
    style: 'small',
    text:
      '注：1. 本记录所列时间均为北京时间，以交易平台标准时间为准。' +
      '\n2. 投标文件以加密形式递交，由投标人在解密时限内使用本单位数字证书自行解密，交易平台不持有解密密钥；' +
      '“撤销（投标人原因）”指因投标人原因未在时限内解密，“撤回（非投标人原因）”指因平台或第三方原因未能解密并经主持人记录。' +
      '\n3. 明文SHA-256为解密后各部分文件内容的摘要，可用于核对评标使用的文件与开标时解密的文件一致。' +
      (data.k?.draw
        ? '\n4. 浮动点抽取采用公开承诺—公开随机数方式：开标开始时公布承诺截止、公开截止时间及平台份额的SHA-256承诺；参与方（交易中心工作人员除外）' +
          '在承诺截止前提交随机数的哈希承诺，承诺截止后公开随机数；公开截止时以平台份额为密钥对全部已公开的随机数计算HMAC-SHA256，' +
          '按均匀抽样确定结果并公开平台份额，未公开的承诺不计入，任何人均可复核；K = 1 − 浮动点。'
        : data.k
          ? '\n4. 浮动点抽取采用“承诺—揭示”方式：开标开始时公布种子的SHA-256承诺，参与方提交随机数后，以种子为密钥对全部随机数计算HMAC-SHA256，' +
            '按均匀抽样确定结果并公开种子，任何人均可复核；K = 1 − 浮动点。'
          : '') +
      `\n${data.k ? 5 : 4}. 投标报价及“开标一览表”内容以投标人解密后的投标文件为准；本记录不含依法应当保密的内容。`,
  });

  const title = '开标记录表';
  const header = documentHeader(
    {
      documentId: `${p.unifiedDealCode}-OPEN-v${data.version}`,
      title,
      subtitle: p.name,
      properties: { title: `${title} ${p.name}`, subject: '开标记录', keywords: [p.unifiedDealCode, ...data.sections.map((s) => s.code)], createdAt: data.generatedAt },
    },
    center,
  );
  return { ...header, blocks };
}
