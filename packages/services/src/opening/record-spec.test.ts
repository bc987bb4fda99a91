import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { missingGlyphs, renderDocument, type PdfBlock, type PdfDocumentSpec } from '@ebid/pdf';
import type { AuditRootWitness } from '@ebid/audit/root';
import { DEMO_CENTER } from '@ebid/config';
import { drawK, kCommitment } from './k-draw.ts';
import { beijingDateTimeSecZh, floatPointPercent, openingRecordSpec, yuan, type OpeningRecordData, type OpeningRecordObjection } from './record-spec.ts';

const at = (iso: string) => new Date(iso);
/** The demo center's configured identity (a test's; the platform passes config.center). */
const CENTER = DEMO_CENTER;
const HEX = (c: string) => c.repeat(64);
const SEED = '3c'.repeat(32);
const FLOAT_POINTS = [150, 125, 100, 75, 50, 25];
const DRAW = drawK({ seedHex: SEED, contributions: [{ id: 1, valueHex: 'a1'.repeat(32) }, { id: 2, valueHex: 'b2'.repeat(32) }], floatPointsBp: FLOAT_POINTS });

function record(objections: OpeningRecordObjection[] = []): OpeningRecordData {
  return {
    project: {
      unifiedDealCode: 'A3301000000000001001',
      name: '示范市城市道路改造工程（一期）施工',
      tradeType: 'engineering',
      method: 'open',
      tendereeName: '示范市城市建设投资集团有限公司',
      agentName: '示范市建设工程招标代理有限公司',
    },
    sections: [
      { code: '001', name: '第一标段：道路及排水工程', ceilingFen: 1_234_567_89 },
      { code: '002', name: '第二标段：照明及绿化工程', ceilingFen: null },
    ],
    host: '王主持（示范市公共资源交易中心）',
    openedAt: at('2026-03-05T01:30:00Z'),
    decryptDeadline: at('2026-03-05T02:00:00Z'),
    publishedAt: at('2026-03-05T02:00:03Z'),
    generatedAt: at('2026-03-05T02:10:00Z'),
    version: 2,
    k: {
      floatPointsBp: FLOAT_POINTS,
      commitment: kCommitment(SEED),
      seedHex: SEED,
      contributions: 2,
      resultBp: DRAW.resultBp,
      kValue: DRAW.kValue,
      drawnAt: at('2026-03-05T02:05:17Z'),
    },
    bids: [
      {
        label: '投标人1',
        sectionCode: '001',
        bidderName: '北京华信建设工程有限公司',
        receivedAt: at('2026-03-04T08:15:42Z'),
        signedInAt: at('2026-03-05T01:10:05Z'),
        decryptStatus: 'decrypted',
        decryptedAt: at('2026-03-05T01:31:22Z'),
        failureCause: null,
        failureNote: null,
        priceFen: 1_198_000_00,
        durationDays: 180,
        quality: '合格',
        depositStatus: 'received',
        partsSha256: [
          { part: 'technical', sha256: HEX('c') },
          { part: 'summary', sha256: HEX('a') },
          { part: 'commercial', sha256: HEX('b') },
        ],
      },
      {
        label: '投标人2',
        sectionCode: '001',
        bidderName: 'Shenzhen Bright Engineering Co., Ltd.',
        receivedAt: at('2026-03-04T09:00:00Z'),
        signedInAt: null,
        decryptStatus: 'revoked',
        decryptedAt: null,
        failureCause: 'bidder',
        failureNote: null,
        priceFen: null,
        durationDays: null,
        quality: null,
        depositStatus: 'pending',
        partsSha256: [],
      },
      {
        label: '投标人3',
        sectionCode: '002',
        bidderName: '上海东方建设集团股份有限公司（联合体牵头人）与广州市南粤工程咨询有限公司组成的联合体',
        receivedAt: at('2026-03-04T10:20:30Z'),
        signedInAt: at('2026-03-05T01:20:00Z'),
        decryptStatus: 'withdrawn_external',
        decryptedAt: null,
        failureCause: 'third_party',
        failureNote: 'CA机构证书服务中断，已由主持人记录（工单号 CA-20260305-17）',
        priceFen: null,
        durationDays: null,
        quality: null,
        depositStatus: null,
        partsSha256: [],
      },
      {
        label: '投标人4',
        sectionCode: '002',
        bidderName: '杭州西湖智能装备有限公司',
        receivedAt: at('2026-03-04T11:00:00Z'),
        signedInAt: at('2026-03-05T01:25:00Z'),
        decryptStatus: 'decrypted',
        decryptedAt: at('2026-03-05T01:45:59Z'),
        failureCause: null,
        failureNote: null,
        priceFen: 987_654_321_05,
        durationDays: 365,
        quality: '优良，争创省级优质工程“钱江杯”',
        depositStatus: 'refunded',
        partsSha256: [
          { part: 'summary', sha256: HEX('D') },
          { part: 'qualification', sha256: HEX('e') },
        ],
      },
    ],
    objections,
    representatives: ['李监督（示范市住房和城乡建设局）', '赵代表（招标人）'],
  };
}

const LONG =
  '我单位对开标过程提出异议：投标人2的投标文件递交时间与平台显示的签到时间不一致，且解密时限内平台出现短时无法访问的情况（约3分钟），' +
  '请主持人核实平台日志并说明是否影响各投标人的解密操作；同时请说明浮动点抽取的种子承诺是否在开标开始时已公布。Please also confirm the server time source (NTP).';

function threeObjections(): OpeningRecordObjection[] {
  return [1, 2, 3].map((i) => ({
    label: i === 2 ? '投标人2' : '投标人1',
    bidderName: i === 2 ? 'Shenzhen Bright Engineering Co., Ltd.' : '北京华信建设工程有限公司',
    text: LONG.repeat(i),
    raisedAt: at(`2026-03-05T02:0${i}:00Z`),
    answer: i === 3 ? null : `经核实平台日志，${'平台服务在解密时限内持续可用，授时来源为国家授时中心NTP服务，种子承诺已于开标开始时公布。'.repeat(i + 1)}`,
    answeredAt: i === 3 ? null : at(`2026-03-05T02:0${i + 4}:30Z`),
  }));
}

/** Every string the renderer draws from the spec (the footer's fixed words are the renderer's own). */
function specTexts(spec: PdfDocumentSpec): string[] {
  const out = [spec.title, spec.subtitle ?? '', spec.footerText ?? '', spec.documentId, `文档编号：第页共地址联系方式`, ...(spec.issuer ? [spec.issuer.name, spec.issuer.address, spec.issuer.contact] : [])];
  const block = (b: PdfBlock) => {
    switch (b.kind) {
      case 'heading':
      case 'paragraph':
        out.push(b.text);
        break;
      case 'keyValue':
        out.push(b.title ?? '', ...b.items.flatMap((i) => [i.label, i.value]));
        break;
      case 'table':
        out.push(b.title ?? '', ...b.columns.map((c) => c.header), ...b.rows.flat());
        break;
      case 'signatures':
        out.push(...b.boxes.flatMap((x) => [x.title, ...(x.lines ?? [])]));
        break;
      default:
        break;
    }
  };
  spec.blocks.forEach(block);
  return out;
}

const allText = (spec: PdfDocumentSpec) => specTexts(spec).join('\n');
const squash = (s: string) => s.replace(/\s+/g, '');

afterEach(() => {
  vi.useRealTimers();
});

describe('openingRecordSpec', () => {
  it('keeps every string inside the embedded font (regular and bold)', () => {
    for (const spec of [openingRecordSpec(record(), CENTER), openingRecordSpec(record(threeObjections()), CENTER), openingRecordSpec({ ...record(), k: null, bids: [], representatives: undefined }, CENTER)]) {
      const text = allText(spec);
      expect(missingGlyphs(text, 'regular')).toEqual([]);
      expect(missingGlyphs(text, 'bold')).toEqual([]);
    }
  });

  it('has the document id, title and the generation time as the only date', () => {
    const data = record();
    const spec = openingRecordSpec(data, CENTER);
    expect(spec.documentId).toBe('A3301000000000001001-OPEN-v2');
    expect(spec.title).toBe('开标记录表');
    expect(spec.metadata.creationDate).toBe(data.generatedAt);
    expect(spec.metadata.modificationDate).toBeUndefined();
  });

  it('a K drawn by the public commit–reveal draw (issue 14 §2) shows its timeline, the platform share and what was left out', () => {
    const share = 'c3'.repeat(32);
    const base = record();
    const text = squash(
      allText(
        openingRecordSpec({
          ...base,
          k: {
            ...base.k!,
            commitment: 'd4'.repeat(32),
            seedHex: share,
            contributions: 3,
            draw: { drawId: 41, commitCloseAt: at('2026-03-05T01:40:00Z'), revealCloseAt: at('2026-03-05T01:45:00Z'), committed: 4, unrevealed: 1 },
          },
        }, CENTER),
      ),
    );
    for (const needle of ['公开承诺—公开随机数抽取（抽取编号41）', '承诺截止时间2026年3月5日09:40:00', '公开截止时间2026年3月5日09:45:00', `平台份额承诺${'d4'.repeat(32)}`, '参与方承诺数量4个', '已公开随机数3个（未公开1个，不计入）', `平台份额（抽取后公开）${share}`]) {
      expect(text).toContain(squash(needle));
    }
    expect(text).not.toContain('种子');
  });

  it('names the configured center (issue 15 §3): author, footer, issuer on every page, the platform in the confirmation', () => {
    const other = { platformName: '江城市公共资源交易平台', centerName: '江城市公共资源交易中心', regionCode: '420100', address: '江城市政务服务中心 5 楼', contact: '027-87654321' };
    const spec = openingRecordSpec(record(), other);
    expect(spec.metadata.author).toBe(other.centerName);
    expect(spec.footerText).toBe(other.platformName);
    expect(spec.issuer).toEqual({ name: other.centerName, address: other.address, contact: other.contact });
    expect(squash(allText(spec))).toContain('本开标记录由江城市公共资源交易平台根据开标过程自动生成');
    expect(JSON.stringify(spec)).not.toContain(DEMO_CENTER.platformName);
  });

  it('contains what O5 requires', () => {
    const text = squash(allText(openingRecordSpec(record(), CENTER)));
    for (const needle of [
      '统一交易标识码A3301000000000001001',
      '项目名称示范市城市道路改造工程（一期）施工',
      '招标人示范市城市建设投资集团有限公司',
      '招标代理示范市建设工程招标代理有限公司',
      '交易类型工程建设·公开招标',
      '开标时间2026年3月5日09:30',
      '开标方式不见面开标',
      '主持人王主持',
      '解密时限2026年3月5日10:00（开标后30分钟内）',
      '李监督（示范市住房和城乡建设局）、赵代表（招标人）',
      // control price per section
      '001第一标段：道路及排水工程1,234,567.89',
      '002第二标段：照明及绿化工程未设置',
      // K draw
      '1.50%、1.25%、1.00%、0.75%、0.50%、0.25%',
      kCommitment(SEED),
      '参与方随机数数量2个',
      SEED,
      `浮动点${floatPointPercent(DRAW.resultBp)}`,
      DRAW.kValue,
      '2026年3月5日10:05:17',
      // bids
      '北京华信建设工程有限公司（投标人1）',
      '2026-03-0416:15:42',
      '已解密2026-03-0509:31:22',
      '1,198,000.00',
      '180',
      '合格',
      '已到账',
      '撤销（投标人原因）',
      '未签到',
      '未到账',
      '撤回（非投标人原因）第三方原因CA机构证书服务中断',
      '无需缴纳',
      '987,654,321.05',
      '已退还',
      // parts: lower-cased, in part order
      `开标一览表${'a'.repeat(64)}`,
      `开标一览表${'d'.repeat(64)}`,
      `资格证明文件${'e'.repeat(64)}`,
      // objections, confirmation
      '开标异议及答复无。',
      '数字证书（CA）对本记录进行电子签名确认',
      '视同认可开标结果。',
    ]) {
      expect(text).toContain(squash(needle));
    }
    const parts = squash(allText(openingRecordSpec(record(), CENTER)));
    expect(parts.indexOf(`开标一览表${'a'.repeat(64)}`)).toBeLessThan(parts.indexOf(`商务标${'b'.repeat(64)}`));
    expect(parts.indexOf(`商务标${'b'.repeat(64)}`)).toBeLessThan(parts.indexOf(`技术标${'c'.repeat(64)}`));
  });

  it('lists objections with their answers, and an unanswered one as such', () => {
    const text = squash(allText(openingRecordSpec(record(threeObjections()), CENTER)));
    expect(text).toContain(squash(`1北京华信建设工程有限公司（投标人1）2026年3月5日10:01:00${LONG}`));
    expect(text).toContain('（答复时间：2026年3月5日10:05:30）');
    expect(text).toContain('（尚未答复）');
    expect(text).not.toContain('开标异议及答复无。');
  });

  it('has a section column only when the project has several sections', () => {
    const headers = (spec: PdfDocumentSpec) =>
      spec.blocks.flatMap((b) => (b.kind === 'table' && b.title !== undefined && b.title !== '招标控制价（最高投标限价）' ? [b.columns.map((c) => c.header)] : []));
    for (const h of headers(openingRecordSpec(record(), CENTER))) expect(h).toContain('标段');
    const one = { ...record(), sections: record().sections.slice(0, 1) };
    for (const h of headers(openingRecordSpec(one, CENTER))) expect(h).not.toContain('标段');
    const bids = openingRecordSpec(one, CENTER).blocks.find((b) => b.kind === 'table' && b.title === '投标文件递交情况及开标一览表');
    expect(bids?.kind === 'table' && bids.rows.every((r) => r.length === bids.columns.length)).toBe(true);
  });

  // Issue 18 §2: the summary columns are the ones the project asks (domain bidSummaryFieldsOf).
  it.each<[string, OpeningRecordData['project']['summaryAsks'], string | null, boolean]>([
    ['a record before issue 18: 工期 and 质量', undefined, '工期\n（日历天）', true],
    ['engineering works', { period: 'construction', quality: true }, '工期\n（日历天）', true],
    ['engineering design: 服务期', { period: 'service', quality: true }, '服务期\n（日历天）', true],
    ['engineering goods: 交货期', { period: 'delivery', quality: true }, '交货期\n（日历天）', true],
    ['government procurement: 交货期或服务期, no 工期', { period: 'performance', quality: true }, '交货期或服务期\n（日历天）', true],
    ['a land or property sale: neither', { period: null, quality: false }, null, false],
  ])('the bid table of %s', (_name, summaryAsks, periodHeader, quality) => {
    const data = record();
    const spec = openingRecordSpec({ ...data, project: { ...data.project, ...(summaryAsks ? { summaryAsks } : {}) } }, CENTER);
    const bids = spec.blocks.find((b) => b.kind === 'table' && b.title === '投标文件递交情况及开标一览表');
    if (bids?.kind !== 'table') throw new Error('no bid table');
    const headers = bids.columns.map((c) => c.header);
    const periods = headers.filter((h) => /（日历天）/.test(h));
    expect(periods).toEqual(periodHeader ? [periodHeader] : []);
    expect(headers.includes('质量')).toBe(quality);
    expect(bids.rows.every((r) => r.length === bids.columns.length)).toBe(true);
    // The table keeps its width: a column left out gives its width to the bidder.
    expect(bids.columns.reduce((n, c) => n + (c.width ?? 0), 0)).toBe(482);
    expect(missingGlyphs(headers.join(''), 'bold')).toEqual([]);
  });

  it('issue 16 §2: the price ceiling per section, and a remark (not a rejection) on a bid above it', () => {
    const base = record();
    const data: OpeningRecordData = {
      ...base,
      sections: [
        { ...base.sections[0]!, priceCeiling: { fen: base.sections[0]!.ceilingFen!, label: '最高投标限价' } },
        { ...base.sections[1]!, priceCeiling: null },
      ],
      bids: base.bids.map((b, i) => (i === 0 ? { ...b, sectionCode: '001', aboveCeiling: true } : { ...b, aboveCeiling: false })),
    };
    const spec = openingRecordSpec(data, CENTER);
    const ceilings = spec.blocks.find((b) => b.kind === 'table' && b.title === '招标控制价（最高投标限价）');
    expect(ceilings?.kind === 'table' && ceilings.rows.map((r) => r[3])).toEqual(['最高投标限价 1,234,567.89元', '无']);
    const text = allText(spec);
    const first = data.bids[0]!;
    expect(text).toContain(`※ 备注：${first.bidderName}（${first.label}，标段001）投标报价${yuan(first.priceFen)}元超过最高投标限价1,234,567.89元，由评标委员会依法评审（本记录仅作标注，不是否决）。`);
    expect(text.match(/※ 备注/g)?.length).toBe(1);
    expect(allText(openingRecordSpec(base, CENTER))).not.toContain('※');
    const rate = openingRecordSpec({ ...base, sections: base.sections.map((s) => ({ ...s, rate: true })) }, CENTER);
    expect(allText(rate)).toContain('费率报价，不适用');
  });

  it('lists the sections that failed alone (issue 16 §7) with their bid count and reason, in the embedded font; none → no block', () => {
    const data = { ...record(), failedSections: [{ code: '003', name: '第三标段：附属工程', reason: 'too_few_bids', bidCount: 2 }, { code: '004', name: '第四标段', reason: 'too_few_qualified', bidCount: 0 }] };
    const spec = openingRecordSpec(data, CENTER);
    const table = spec.blocks.find((b) => b.kind === 'table' && b.title === '流标标段（不予开标）');
    expect(table?.kind === 'table' && table.rows.map((r) => r.slice(0, 3))).toEqual([['003', '第三标段：附属工程', '2'], ['004', '第四标段', '0']]);
    const text = allText(spec);
    expect(text).toContain('《中华人民共和国招标投标法》第二十八条、《中华人民共和国招标投标法实施条例》第四十四条不予开标');
    expect(text).toContain('资格预审合格的申请人数量不足');
    expect(missingGlyphs(text, 'regular')).toEqual([]);
    expect(missingGlyphs(text, 'bold')).toEqual([]);
    for (const none of [record(), { ...record(), failedSections: [] }]) expect(allText(openingRecordSpec(none, CENTER))).not.toContain('流标标段');
  });

  it('issue 18 §2: a supplier\'s copy says whose copy it is and why it holds no other supplier, in the embedded font; the record itself does not', () => {
    const data = record();
    const own = data.bids[0]!;
    const text = allText(openingRecordSpec({ ...data, bids: [own], objections: [], supplierCopy: { bidderName: own.bidderName } }, CENTER));
    expect(text).toContain(`本件为${own.bidderName}的记录副本`);
    expect(text).toContain('不公开唱标');
    for (const other of data.bids.slice(1)) expect(text).not.toContain(other.bidderName);
    expect(missingGlyphs(text, 'regular')).toEqual([]);
    expect(missingGlyphs(text, 'bold')).toEqual([]);
    expect(allText(openingRecordSpec(data, CENTER))).not.toContain('记录副本');
  });

  it('issue 18 §5: how the session opened, a late opening with its reason, and the confirm deadline, in the embedded font; absent → no lines', () => {
    const opening = {
      openedBy: 'timer' as const,
      hostedAt: new Date('2026-06-24T01:52:00Z'),
      late: { reason: '主持人临时处置其他项目异议，未能按时到位', minutesAfterDeadline: 22 },
      confirmDeadline: new Date('2026-06-24T02:50:00Z'),
    };
    const text = allText(openingRecordSpec({ ...record(), opening }, CENTER));
    expect(text).toContain('交易平台于开标时间自动开启，主持人于2026年6月24日 09:52就位主持');
    expect(text).toContain('开标时间后22分钟开始主持；原因：主持人临时处置其他项目异议，未能按时到位');
    expect(text).toContain('2026年6月24日 10:50前（逾期未确认也未提出异议的，视为认可）');
    expect(missingGlyphs(text, 'regular')).toEqual([]);
    expect(missingGlyphs(text, 'bold')).toEqual([]);
    const onTime = allText(openingRecordSpec({ ...record(), opening: { ...opening, openedBy: 'staff', late: null } }, CENTER));
    expect(onTime).toContain('主持人开启并主持');
    expect(onTime).not.toContain('迟延开标');
    expect(allText(openingRecordSpec(record(), CENTER))).not.toContain('开启方式');
  });

  it('leaves the K block out when the project has no draw', () => {
    const text = allText(openingRecordSpec({ ...record(), k: null }, CENTER));
    expect(text).not.toContain('浮动点');
    expect(text).not.toContain('种子');
  });

  it('formats money and float points with integers', () => {
    expect(yuan(0)).toBe('0.00');
    expect(yuan(5)).toBe('0.05');
    expect(yuan(123_456_789)).toBe('1,234,567.89');
    expect(yuan(900_719_925_474_099)).toBe('9,007,199,254,740.99');
    expect(yuan(null)).toBe('—');
    expect(floatPointPercent(125)).toBe('1.25%');
    expect(floatPointPercent(50)).toBe('0.50%');
    expect(floatPointPercent(2000)).toBe('20.00%');
    expect(beijingDateTimeSecZh(at('2026-12-31T16:59:07Z'))).toBe('2027年1月1日 00:59:07');
  });
});

/** Issue 13 §6: the latest published audit root and the proof of the project's chain head in it. */
const WITNESS: AuditRootWitness = {
  id: 42,
  document: { type: 'ebid.audit.root', version: 1, at: '2026-03-05T01:30:00.123Z', treeSize: 5, root: HEX('a'), checkpointSha256: HEX('c') },
  inclusion: { chain: 'project:7', headHash: HEX('d'), leafIndex: 3, hashes: [HEX('1'), HEX('2'), HEX('3')] },
};

describe('openingRecordSpec in each trade’s words (issue 18 §1)', () => {
  const ENGINEERING = ['招标人', '投标人', '招标控制价', '投标文件', '招标投标法', '评标委员会'];
  it.each([
    ['procurement', 'open', ['采购人', '供应商', '最高限价', '投标文件', '开标记录表', '采购代理机构', '视同认可开标结果（《政府采购货物和服务招标投标管理办法》（财政部令第87号）第四十二条）', '《中华人民共和国政府采购法》第三十六条'], ['招标人', '投标人', '招标控制价', '招标投标法']],
    ['procurement', 'consultation', ['采购人', '供应商', '最高限价', '响应文件', '响应文件开启记录表', '撤销（供应商原因）', '《政府采购竞争性磋商采购方式管理暂行办法》', '采购失败'], [...ENGINEERING, '开标', '第四十二条']],
    ['land', 'tender', ['出让人', '竞买人', '起始价', '竞买文件', '土地使用权·招标出让', '《招标拍卖挂牌出让国有建设用地使用权规定》'], ENGINEERING],
    ['property', 'listing', ['转让方', '意向受让方', '转让底价', '受让申请文件', '开启记录表'], [...ENGINEERING, '开标']],
  ] as const)('%s %s: names %j, never %j', (tradeType, method, says, never) => {
    const base = record();
    const data: OpeningRecordData = {
      ...base,
      project: { ...base.project, tradeType, method },
      k: null,
      representatives: [],
      sections: base.sections.map((s) => ({ ...s, priceCeiling: s.ceilingFen === null ? null : { fen: s.ceilingFen, label: '最高限价' } })),
      bids: base.bids.map((b, i) => ({ ...b, label: `第${i + 1}家`, aboveCeiling: i === 0 })),
      failedSections: [{ code: '003', name: '第三包', reason: 'too_few_bids', bidCount: 1 }],
      objections: [],
    };
    const text = squash(allText(openingRecordSpec(data, CENTER)));
    for (const w of says) expect(text, w).toContain(squash(w));
    for (const w of never) expect(text, w).not.toContain(w);
  });
});

describe('openingRecordSpec: the audit root block (issue 13 §6)', () => {
  it('shows the root, its time, the chain head and every proof hash, in the embedded font', () => {
    const text = allText(openingRecordSpec({ ...record(), auditRoot: WITNESS }, CENTER));
    for (const needle of ['审计日志见证（公开审计根）', '第42号', HEX('a'), 'project:7（第4个叶）', HEX('d'), HEX('1'), HEX('2'), HEX('3'), HEX('c'), beijingDateTimeSecZh(at(WITNESS.document.at))]) {
      expect(text).toContain(needle);
    }
    expect(missingGlyphs(text, 'regular')).toEqual([]);
    expect(missingGlyphs(text, 'bold')).toEqual([]);
  });

  it('says so when no published root covered the project (null); a record before issue 13 has no block', () => {
    expect(allText(openingRecordSpec({ ...record(), auditRoot: null }, CENTER))).toContain('尚未公布涵盖本项目的审计根');
    expect(allText(openingRecordSpec(record(), CENTER))).not.toContain('审计日志见证');
  });
});

describe('openingRecordSpec → renderDocument', () => {
  it('renders the same bytes twice, whatever the clock says', async () => {
    const a = await renderDocument(openingRecordSpec(record(), CENTER));
    vi.useFakeTimers({ now: new Date('2031-07-01T00:00:00Z'), toFake: ['Date'] });
    const b = await renderDocument(openingRecordSpec(record(), CENTER));
    vi.useRealTimers();
    expect(Buffer.from(a).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(Buffer.compare(Buffer.from(a), Buffer.from(b))).toBe(0);
    // and another version or generation time is another document
    const c = await renderDocument(openingRecordSpec({ ...record(), version: 3 }, CENTER));
    const d = await renderDocument(openingRecordSpec({ ...record(), generatedAt: at('2026-03-05T02:11:00Z') }, CENTER));
    expect(Buffer.compare(Buffer.from(a), Buffer.from(c))).not.toBe(0);
    expect(Buffer.compare(Buffer.from(a), Buffer.from(d))).not.toBe(0);
  }, 60_000);

  it('renders with no objections and with three long ones (a longer document)', async () => {
    const none = await renderDocument(openingRecordSpec(record(), CENTER));
    const three = await renderDocument(openingRecordSpec(record(threeObjections()), CENTER));
    const three2 = await renderDocument(openingRecordSpec(record(threeObjections()), CENTER));
    expect(none.length).toBeGreaterThan(1000);
    expect(three.length).toBeGreaterThan(none.length);
    expect(Buffer.compare(Buffer.from(three), Buffer.from(three2))).toBe(0);
  }, 60_000);

  it('renders a minimal record (no K, no bids, no agent, no representatives)', async () => {
    const pdf = await renderDocument(openingRecordSpec({ ...record(), k: null, bids: [], representatives: [], project: { ...record().project, agentName: null } }, CENTER));
    expect(Buffer.from(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  }, 60_000);

  // poppler-utils is already a test tool of @ebid/pdf; no PDF parsing dependency is added
  const hasPdftotext = spawnSync('pdftotext', ['-v']).error === undefined;
  it.skipIf(!hasPdftotext)('has the text extractable (pdftotext)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ebid-open-record-'));
    try {
      const file = join(dir, 'record.pdf');
      writeFileSync(file, await renderDocument(openingRecordSpec(record(threeObjections()), CENTER)));
      const r = spawnSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
      expect(r.status).toBe(0);
      const text = squash(r.stdout);
      for (const needle of ['开标记录表', '不见面开标', '1,198,000.00', '987,654,321.05', DRAW.kValue, '撤销（投标人原因）', '（尚未答复）', '文档编号：A3301000000000001001-OPEN-v2']) {
        expect(text).toContain(squash(needle));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
