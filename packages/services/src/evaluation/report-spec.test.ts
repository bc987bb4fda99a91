import { inflateSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { missingGlyphs, renderDocument, type PdfBlock, type PdfDocumentSpec, type TableBlock } from '@ebid/pdf';
import { DEMO_CENTER } from '@ebid/config';
import { aggregateScores, evaluate, fixed2, isComprehensive, type ComplianceFinding, type EvaluationBid, type EvaluationInput, type EvaluationMethodSpec, type ScoreSheet } from '@ebid/domain/evaluation';
// The domain's ready methods and inputs for evaluation tests (not part of its API).
import { allPass, engComprehensive, engLowest, gpComprehensive, sheetOf } from '@ebid/domain/evaluation/test-fixtures';
import { evaluationReportSpec, MAX_MEMBER_COLUMNS, yuanStringToFen, type EvaluationReportData } from './report-spec.ts';

const at = (iso: string) => new Date(iso);
const HEX = (c: string) => c.repeat(64);
const yuan = (v: number) => v * 100;
const NAMES = ['张明远', '李华', '王芳', '赵强', '陈静', '刘洋', '周杰', '吴敏', '郑磊', '冯雪', '褚卫东'];
const BIDDERS = ['北京华信建设工程有限公司', 'Shenzhen Bright Engineering Co., Ltd.', '江城市第三建筑工程有限公司', '湖北长江路桥建设集团有限公司', '武汉市政工程设计研究院有限责任公司'];
const members = (n: number) => Array.from({ length: n }, (_, i) => `m${i + 1}`);
const bid = (id: string, priceFen: number, over: Partial<EvaluationBid> = {}): EvaluationBid => ({ id, priceFen, policy: null, adjustmentsFen: null, costFinding: null, ...over });

/** Each member's own weighted criteria totals per valid bid: what the caller computes from the signed sheets. */
function memberScoresOf(spec: EvaluationMethodSpec, sheets: ScoreSheet[], bidIds: string[]): EvaluationReportData['memberScores'] {
  if (!isComprehensive(spec) || bidIds.length === 0) return [];
  return sheets.flatMap((sheet) =>
    aggregateScores(spec, [sheet], bidIds).map((a) => ({
      memberId: sheet.memberId,
      bidId: a.bidId,
      groups: Object.fromEntries(Object.entries(a.groups).map(([g, v]) => [g, fixed2(v)])),
      total: fixed2(a.criteria.value),
    })),
  );
}

/** A report of a real evaluation: `evaluate()` gives the result; the rest is the session around it. */
function reportOf(spec: EvaluationMethodSpec, input: EvaluationInput, over: Partial<EvaluationReportData> = {}): EvaluationReportData {
  const result = evaluate(spec, input);
  const scored = result.bids.filter((b) => b.total !== null).map((b) => b.bidId);
  const engineering = spec.kind.startsWith('eng.');
  return {
    project: {
      unifiedDealCode: 'A3301000000000001001',
      name: engineering ? '示范市城市道路改造工程（一期）施工' : '示范市第一人民医院医疗设备采购项目',
      section: { code: '001', name: engineering ? '第一标段：道路及排水工程' : '第一包：影像设备' },
      tradeType: engineering ? 'engineering' : 'procurement',
      procedureMethod: 'open',
    },
    center: DEMO_CENTER,
    generatedAt: at('2026-03-06T09:30:00Z'),
    evaluation: {
      id: 17,
      methodKind: spec.kind,
      methodVersion: spec.version,
      methodSha256: HEX('a'),
      aggregation: spec.kind === 'eng.comprehensive' ? '去掉一个最高分和一个最低分后取算术平均值（5名及以上成员）' : '算术平均值',
      blindTechnical: engineering,
      startedAt: at('2026-03-06T01:00:00Z'),
      finishedAt: at('2026-03-06T08:45:00Z'),
      place: '示范市公共资源交易中心第3评标室（远程异地评标）',
      manifestSha256: HEX('b'),
      resultSha256: HEX('c'),
    },
    committee: {
      members: input.members.map((id, i) => ({
        memberId: id,
        name: NAMES[i]!,
        specialty: i === 0 ? '建筑工程施工' : i % 2 ? '工程造价' : '市政道路工程',
        chair: i === 0,
        declarationAt: at(`2026-03-06T00:${String(40 + i).padStart(2, '0')}:00Z`),
        sheets: [
          { stage: 'compliance' as const, sha256: HEX(String(i % 10)), signedAt: at('2026-03-06T03:00:00Z') },
          { stage: 'scores' as const, sha256: HEX('d').slice(0, 62) + String(i).padStart(2, '0'), signedAt: at('2026-03-06T07:00:00Z') },
        ],
      })),
      ownerReps: 1,
      replaced: [],
    },
    bids: input.bids.map((b, i) => ({ bidId: b.id, label: `投标人${i + 1}`, bidderName: BIDDERS[i % BIDDERS.length]! + (i >= BIDDERS.length ? `（${i + 1}）` : ''), priceFen: b.priceFen, aboveCeiling: input.ceilingFen !== null && b.priceFen > input.ceilingFen })),
    ceilingFen: input.ceilingFen,
    k: input.k,
    result,
    memberScores: memberScoresOf(spec, input.sheets, scored),
    clarifications: [],
    extensions: [],
    dissents: [],
    reopenings: [],
    criterionNames: Object.fromEntries([...spec.compliance, ...(isComprehensive(spec) ? spec.criteria : [])].map((c) => [c.id, c.nameZh])),
    ...over,
  };
}

// ── 1. engineering 综合评估法, 5 members, K = 0.98: b5 rejected by 3 votes to 2, m4 dissents ──
const ENG_IDS = ['b1', 'b2', 'b3', 'b4', 'b5'];
const ENG_PRICES = [1_000_000, 950_000, 900_000, 1_050_000, 980_000];
const ENG_SCORES: Record<string, Record<string, string>> = {
  b1: { T1: '20', T2: '8', C1: '4' },
  b2: { T1: '18', T2: '7.5', C1: '3' },
  b3: { T1: '22', T2: '9', C1: '5' },
  b4: { T1: '25', T2: '10', C1: '5' },
  b5: { T1: '15', T2: '6', C1: '2' },
};
const DISSENT = '本人认为投标人5的资质证书在投标截止时仍在有效期内，不应否决其投标，保留意见。';
function engReport(): EvaluationReportData {
  const m5 = members(5);
  const compliance: ComplianceFinding[] = allPass(m5, ENG_IDS).map((f) =>
    f.bidId === 'b5' && f.criterionId === 'Q1' && ['m1', 'm2', 'm3'].includes(f.memberId) ? { ...f, pass: false, reason: '资质证书已过有效期' } : f,
  );
  const sheets = m5.map((m) => sheetOf(m, { ...ENG_SCORES, b1: { ...ENG_SCORES.b1!, T1: m === 'm4' ? '25' : m === 'm5' ? '10' : '20' } }));
  const input: EvaluationInput = { members: m5, ceilingFen: yuan(1_100_000), k: '0.98', bids: ENG_IDS.map((id, i) => bid(id, yuan(ENG_PRICES[i]!))), compliance, sheets };
  return reportOf(engComprehensive(), input, {
    dissents: [{ memberId: 'm4', name: NAMES[3]!, text: DISSENT }],
    clarifications: [
      { bidLabel: '投标人2', question: '请澄清拟派项目经理目前是否有在建工程。', answer: '拟派项目经理目前无在建工程，附承诺书。', askedAt: at('2026-03-06T02:10:00Z'), answeredAt: at('2026-03-06T02:40:00Z') },
      { bidLabel: '投标人3', question: '请说明施工组织设计中的工期安排。', answer: null, askedAt: at('2026-03-06T02:15:00Z'), answeredAt: null },
    ],
    extensions: [{ minutes: 60, grantedAt: at('2026-03-06T06:00:00Z') }],
    committee: { ...reportOf(engComprehensive(), input).committee, replaced: [{ name: '孙伟', reason: '与投标人存在利害关系，依法回避', at: at('2026-03-06T01:20:00Z') }] },
  });
}

// ── 2. GP 综合评分法 that fails (O2): g2 not responsive, g4 above the ceiling → 2 valid ──
function gpFailedReport(): EvaluationReportData {
  const m5 = members(5);
  const ids = ['g1', 'g2', 'g3', 'g4'];
  const compliance = allPass(m5, ids).map((f) => (f.bidId === 'g2' && f.criterionId === 'R1' ? { ...f, pass: false, reason: '投标有效期不足九十日' } : f));
  const sheets = m5.map((m) => sheetOf(m, Object.fromEntries(ids.map((id) => [id, { T1: '20', T2: '10', C1: '15' }]))));
  const input: EvaluationInput = { members: m5, ceilingFen: yuan(1_000_000), k: null, bids: [bid('g1', yuan(480_000)), bid('g2', yuan(500_000)), bid('g3', yuan(520_000)), bid('g4', yuan(1_200_000))], compliance, sheets };
  return reportOf(gpComprehensive(), input, {
    reopenings: [{ at: at('2026-03-06T08:00:00Z'), reason: '客观评审因素评分不一致，当场复核', rule: '财政部令第87号第六十四条' }],
  });
}

// ── 3. GP 综合评分法, fixed price: equal totals, g2 lowest price first, g1 and g3 tied → a draw; g3 an SME ──
function gpDrawReport(): EvaluationReportData {
  const m5 = members(5);
  const ids = ['g1', 'g2', 'g3'];
  const sheets = m5.map((m) => sheetOf(m, Object.fromEntries(ids.map((id) => [id, { T1: '20', T2: '10', C1: '10' }]))));
  const fixedPrice = gpComprehensive({ fixedPrice: true, weights: { scale: 'fraction', price: '0', groups: { technical: '0.80', commercial: '0.20' } } });
  const input: EvaluationInput = {
    members: m5,
    ceilingFen: null,
    k: null,
    bids: [bid('g1', yuan(500_000)), bid('g2', yuan(480_000)), bid('g3', yuan(500_000), { policy: { kind: 'sme', smeShare: null, evidence: '中小企业声明函 sha256:3f2a' } })],
    compliance: allPass(m5, ids),
    sheets,
  };
  return reportOf(fixedPrice, input);
}

// ── 4. engineering 经评审的最低投标价法: the committee's monetary adjustments make the evaluated price ──
function engLowestReport(): EvaluationReportData {
  const m5 = members(5);
  const ids = ['e1', 'e2', 'e3'];
  const input: EvaluationInput = {
    members: m5,
    ceilingFen: null,
    k: null,
    bids: [bid('e1', yuan(1_000_000), { adjustmentsFen: { A1: yuan(20_000) } }), bid('e2', yuan(1_010_000), { adjustmentsFen: { A1: yuan(10_000) } }), bid('e3', yuan(1_030_000))],
    compliance: allPass(m5, ids),
    sheets: [],
  };
  return reportOf(engLowest(), input);
}

// ── 5. GP: g1 abnormally low (S7) — without the committee's finding the evaluation waits; explained, it goes on ──
function gpLowPriceReport(costFinding: 'justified' | null): EvaluationReportData {
  const m5 = members(5);
  const ids = ['g1', 'g2', 'g3', 'g4'];
  const sheets = m5.map((m) => sheetOf(m, Object.fromEntries(ids.map((id, i) => [id, { T1: String(20 + i), T2: '10', C1: '15' }]))));
  const input: EvaluationInput = { members: m5, ceilingFen: null, k: null, bids: [bid('g1', yuan(400_000), { costFinding }), bid('g2', yuan(500_000)), bid('g3', yuan(520_000)), bid('g4', yuan(505_000))], compliance: allPass(m5, ids), sheets };
  return reportOf(gpComprehensive(), input);
}

/** Every string the renderer draws from the spec (the footer's fixed words are the renderer's own). */
function specTexts(spec: PdfDocumentSpec): string[] {
  const out = [spec.title, spec.subtitle ?? '', spec.footerText ?? '', spec.documentId, '文档编号：第页共地址联系方式', ...(spec.issuer ? [spec.issuer.name, spec.issuer.address, spec.issuer.contact] : [])];
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
const table = (spec: PdfDocumentSpec, title: string): TableBlock => {
  const t = spec.blocks.find((b): b is TableBlock => b.kind === 'table' && b.title === title);
  if (!t) throw new Error(`no table ${title}`);
  return t;
};
const nameLabel = (d: EvaluationReportData, bidId: string) => {
  const b = d.bids.find((x) => x.bidId === bidId)!;
  return `${b.bidderName}（${b.label}）`;
};

/** Pages of a PDF: its page objects, read through the compressed object streams pdf-lib writes (node:zlib). */
function pageCount(pdf: Uint8Array): number {
  const raw = Buffer.from(pdf);
  const texts = [raw.toString('latin1')];
  const s = texts[0]!;
  for (let at = s.indexOf('stream'); at >= 0; at = s.indexOf('stream', at + 6)) {
    if (s.slice(at - 3, at) === 'end') continue;
    const start = at + 6 + (s[at + 6] === '\r' ? 2 : 1);
    const end = s.indexOf('endstream', start);
    try {
      texts.push(inflateSync(raw.subarray(start, end)).toString('latin1'));
    } catch {
      // not a Flate stream (or not one we need)
    }
  }
  return texts.reduce((n, t) => n + (t.match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0), 0);
}

const SECTIONS = ['一、项目与评标办法', '二、评标委员会', '三、投标文件', '四、符合性审查', '五、详细评审', '六、排序与推荐', '七、澄清', '八、不同意见', '九、签署', '附表：签署的评分表及复算依据'];
const SIGN_LINE = '签署方式：成员以CA证书对本报告（含平台签章）的字节分别作出独立的CMS签名（分离式），签名记录随报告存档';

afterEach(() => {
  vi.useRealTimers();
});

describe('evaluationReportSpec', () => {
  it.each<[string, () => EvaluationReportData, string[], string[]]>([
    [
      'eng.comprehensive, 5 members, one bid rejected, a dissent',
      engReport,
      [
        '评标报告',
        '评标办法综合评估法',
        '办法版本第1版',
        `评标办法SHA-256${HEX('a')}`,
        '汇总方式去掉一个最高分和一个最低分后取算术平均值',
        'K值0.98',
        '招标控制价1,100,000.00元',
        '技术标暗标评审是',
        '张明远组长建筑工程施工',
        '其中招标人代表1名、评审专家4名，组长为张明远',
        '孙伟与投标人存在利害关系，依法回避',
        '被更换成员的评审意见均已作废',
        '评标时间延长1次，共60分钟',
        '投标人1北京华信建设工程有限公司1,000,000.00否',
        // compliance: the failed item with its votes and each member's reason
        '投标人5资格条件不合格2/3',
        '张明远：资质证书已过有效期',
        '王芳：资质证书已过有效期',
        '武汉市政工程设计研究院有限责任公司（投标人5）未通过符合性审查资格条件不合格（3票）',
        // detailed review: base price, deviation, trimmed members
        '评标基准价955,500.00元',
        '计算时去掉的报价投标人4、投标人3',
        '赵强、陈静',
        '带 * 的分值为汇总时去掉的最高分或最低分',
        '无投标人报价明显低于其他有效报价的情形',
        // clarifications, dissent
        '请澄清拟派项目经理目前是否有在建工程。',
        '（未答复）',
        `赵强：${DISSENT}`,
        '《中华人民共和国招标投标法实施条例》第五十三条',
        `评标记录对象SHA-256${HEX('b')}`,
        `评标结果SHA-256${HEX('c')}`,
      ],
      ['不同意见无', '并列第', '评标已终止'],
    ],
    [
      'gp.comprehensive failed (O2)',
      gpFailedReport,
      [
        '评标办法综合评分法',
        'K值不适用',
        '最高限价1,000,000.00元',
        '技术标暗标评审否',
        '投标人4湖北长江路桥建设集团有限公司1,200,000.00是',
        '投标人2投标有效期不合格0/5',
        '李华：投标有效期不足九十日',
        '报价超过最高限价报价1,200,000.00元，最高限价1,000,000.00元',
        '未通过符合性审查投标有效期不合格（5票）',
        '评标已终止，未进行详细评审',
        '符合资格条件或实质性响应招标文件的供应商不足三家（2家），评标终止，应予废标（政府采购法第三十六条）（规则O2）。本次评标不推荐中标候选人。',
        '客观评审因素评分不一致，当场复核财政部令第87号第六十四条',
        '八、不同意见无。',
        '《政府采购货物和服务招标投标管理办法》（财政部令第87号）第六十一条',
      ],
      ['评分汇总', '各成员评审因素得分'],
    ],
    [
      'gp.comprehensive with a tie left to a draw',
      gpDrawReport,
      [
        '小微企业10%50,000.00已扣除中小企业声明函sha256:3f2a',
        '并列第2名：北京华信建设工程有限公司（投标人1）、江城市第三建筑工程有限公司（投标人3），按全部法定排序因素仍相同，涉及2个中标候选人位置，招标文件未规定其他排序方法，以交易平台可审计的随机抽签确定顺序',
        '中标候选人（按顺序）：第1名：Shenzhen Bright Engineering Co., Ltd.（投标人2）',
        // the ranking: g2 by its lower price, then g1 and g3 tied (并列 2)
        '1Shenzhen Bright Engineering Co., Ltd.（投标人2）58.00480,000.00投标报价',
        '2北京华信建设工程有限公司（投标人1）58.00500,000.00并列',
        '2江城市第三建筑工程有限公司（投标人3）58.00500,000.00并列',
        // the SME's evaluated price after its 10% deduction
        '投标人3450,000.00',
      ],
      ['评标基准价', '带 * 的分值'],
    ],
    [
      'eng.lowest_evaluated_price',
      engLowestReport,
      [
        '评标办法经评审的最低投标价法',
        '（本办法不打分，不汇总评分）',
        '评审价格编号投标报价（元）价格扣除（元）价格折算（元）评审价格（元）',
        '投标人11,000,000.00—20,000.001,020,000.00',
        '投标人31,030,000.00—0.001,030,000.00',
        '名次投标人评审价格（元）投标报价（元）排序依据',
        '1北京华信建设工程有限公司（投标人1）1,020,000.001,000,000.00投标报价',
      ],
      ['评分汇总', '各成员评审因素得分', '评标基准价'],
    ],
    [
      'gp.comprehensive waiting for a written explanation (S7)',
      () => gpLowPriceReport(null),
      [
        '异常低价及成本评审',
        '投标人1508,333.33406,666.67待书面说明并记录评审结论',
        '详细评审暂停：有投标报价明显低于其他投标报价，须要求其书面说明并记录评审结论。',
        '（规则S7）。本次评标不推荐中标候选人。',
      ],
      ['评分汇总', '无供应商报价明显低于'],
    ],
    [
      'gp.comprehensive with the low price explained (S7)',
      () => gpLowPriceReport('justified'),
      ['投标人1508,333.33406,666.67已书面说明，经评审不低于成本', '评分汇总', '评标基准价（满足招标文件要求且评审价格最低的报价）为400,000.00元'],
      ['详细评审暂停', '不推荐'],
    ],
  ])('%s: every section and its values', (_name, make, says, never) => {
    const spec = evaluationReportSpec(make());
    const text = squash(allText(spec));
    for (const s of SECTIONS) expect(text, s).toContain(squash(s));
    for (const s of says) expect(text, s).toContain(squash(s));
    for (const s of never) expect(text, s).not.toContain(squash(s));
    expect(missingGlyphs(allText(spec), 'regular')).toEqual([]);
    expect(missingGlyphs(allText(spec), 'bold')).toEqual([]);
    for (const b of spec.blocks) if (b.kind === 'table') expect(b.rows.every((r) => r.length === b.columns.length), b.title).toBe(true);
  });

  it('ranks in the result’s order with at most 3 engineering candidates, each member’s total in its own column', () => {
    const data = engReport();
    const spec = evaluationReportSpec(data);
    const ranking = table(spec, '排序');
    expect(ranking.rows.map((r) => r[1])).toEqual(data.result.ranking.map((x) => nameLabel(data, x.bidId)));
    expect(ranking.rows.map((r) => r[0])).toEqual(['1', '2', '3', '4']);
    // the totals descend
    const totals = ranking.rows.map((r) => Number(r[2]));
    expect([...totals].sort((a, b) => b - a)).toEqual(totals);
    expect(data.result.candidates.decided).toHaveLength(3);
    const text = squash(allText(spec));
    expect(text).toContain(squash(`评标委员会推荐的中标候选人（按顺序）：${data.result.candidates.decided.map((id, i) => `第${i + 1}名：${nameLabel(data, id)}`).join('；')}。`));

    const perMember = table(spec, '各成员评审因素得分');
    expect(perMember.columns.map((c) => c.header)).toEqual(['编号', ...NAMES.slice(0, 5), '汇总']);
    // b1: m4 scored T1 25 (total 37, the highest, dropped), m5 10 (22, the lowest, dropped), the rest 32
    const b1 = perMember.rows.find((r) => r[0] === '投标人1')!;
    expect(b1).toEqual(['投标人1', '32.00', '32.00', '32.00', '37.00*', '22.00*', '32.00']);
    // the rejected bid has no scores
    expect(perMember.rows.map((r) => r[0])).toEqual(['投标人1', '投标人2', '投标人3', '投标人4']);
    const sums = table(spec, '评分汇总');
    expect(sums.columns.map((c) => c.header)).toEqual(['编号', '评审价格（元）', '偏差率', '价格分', '技术', '商务', '评审因素得分', '总分', '剔除的成员评分']);
    const b1Result = data.result.bids.find((b) => b.bidId === 'b1')!;
    expect(sums.rows[0]).toEqual(['投标人1', '1,000,000.00', `${b1Result.deviationPercent}%`, b1Result.priceScore, b1Result.groupScores!.technical, b1Result.groupScores!.commercial, b1Result.criteriaScore, b1Result.total, '赵强、陈静']);
  });

  it('R87 §31: a lower-ranked bid of a brand already ranked is named, no candidate, with the law cited', () => {
    const m5 = members(5);
    const ids = ['g1', 'g2', 'g3', 'g4'];
    const sheets = m5.map((m) => sheetOf(m, Object.fromEntries(ids.map((id, i) => [id, { T1: String(24 - i), T2: '10', C1: '15' }]))));
    const input: EvaluationInput = {
      members: m5,
      ceilingFen: null,
      k: null,
      bids: [bid('g1', yuan(500_000), { brand: '华为' }), bid('g2', yuan(500_000), { brand: '华为' }), bid('g3', yuan(500_000), { brand: '中兴' }), bid('g4', yuan(500_000))],
      compliance: allPass(m5, ids),
      sheets,
    };
    const data = reportOf(gpComprehensive(), input);
    expect(data.result.candidates).toMatchObject({ decided: ['g1', 'g3', 'g4'], sameBrand: ['g2'] });
    const text = squash(allText(evaluationReportSpec(data)));
    expect(text).toContain(squash(`${nameLabel(data, 'g2')}与排名在前的供应商提供相同品牌的核心产品，按一家供应商计算，不作为中标候选人（《政府采购货物和服务招标投标管理办法》（财政部令第87号）第三十一条）。`));
  });

  it('signs: one line per member, the chair marked', () => {
    const data = engReport();
    const signing = evaluationReportSpec(data).blocks.find((b): b is TableBlock => b.kind === 'table' && b.columns[1]?.header === '签署说明')!;
    expect(signing.rows).toEqual(data.committee.members.map((m, i) => [`${m.name}${i === 0 ? '（组长）' : ''}`, SIGN_LINE]));
    // the appendix lists every signed sheet
    const sheets = evaluationReportSpec(data).blocks.find((b): b is TableBlock => b.kind === 'table' && b.columns.at(-1)?.header === 'SHA-256')!;
    expect(sheets.rows).toHaveLength(10);
    expect(sheets.rows.map((r) => r[4])).toEqual(data.committee.members.flatMap((m) => m.sheets.map((s) => s.sha256)));
  });

  it(`more than ${MAX_MEMBER_COLUMNS} members: one row per member and bid, with the group scores`, () => {
    const m11 = members(11);
    const ids = ['g1', 'g2', 'g3'];
    const sheets = m11.map((m, i) => sheetOf(m, { g1: { T1: String(20 + (i % 3)), T2: '10', C1: '15' }, g2: { T1: '25', T2: '12', C1: '15' }, g3: { T1: '18', T2: '9.5', C1: '15' } }));
    const data = reportOf(gpComprehensive(), { members: m11, ceilingFen: null, k: null, bids: [bid('g1', yuan(480_000)), bid('g2', yuan(500_000)), bid('g3', yuan(520_000))], compliance: allPass(m11, ids), sheets });
    const perMember = table(evaluationReportSpec(data), '各成员评审因素得分');
    expect(perMember.columns.map((c) => c.header)).toEqual(['编号', '成员', '分组得分', '合计']);
    expect(perMember.rows).toHaveLength(33);
    expect(perMember.rows[0]).toEqual(['投标人1', '张明远', '技术 30.00；商务 15.00', '45.00']);
  });

  it('uses the trade’s words: 供应商 and 最高限价 under GP, 投标人 and 招标控制价 in engineering', () => {
    const gp = allText(evaluationReportSpec(gpFailedReport()));
    expect(gp).toContain('供应商');
    expect(gp).not.toContain('招标控制价');
    const eng = allText(evaluationReportSpec(engReport()));
    expect(eng).not.toContain('供应商');
    expect(eng).not.toContain('最高限价');
  });

  it('prints result amounts through formatYuan', () => {
    expect(yuanStringToFen('957133.33')).toBe(95_713_333);
    expect(yuanStringToFen('0.50')).toBe(50);
    expect(yuanStringToFen('12')).toBe(1200);
    expect(yuanStringToFen('-3.4')).toBe(-340);
    expect(() => yuanStringToFen('1e5')).toThrow(TypeError);
  });
});

describe('evaluationReportSpec → renderDocument', () => {
  it('renders the same bytes twice, whatever the clock says; another generation time is another document', async () => {
    const a = await renderDocument(evaluationReportSpec(engReport()));
    vi.useFakeTimers({ now: new Date('2031-07-01T00:00:00Z'), toFake: ['Date'] });
    const b = await renderDocument(evaluationReportSpec(engReport()));
    vi.useRealTimers();
    expect(Buffer.from(a).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(Buffer.compare(Buffer.from(a), Buffer.from(b))).toBe(0);
    const c = await renderDocument(evaluationReportSpec({ ...engReport(), generatedAt: at('2026-03-06T10:00:00Z') }));
    expect(Buffer.compare(Buffer.from(a), Buffer.from(c))).not.toBe(0);
  }, 120_000);

  it('renders the failed and the tied reports', async () => {
    for (const make of [gpFailedReport, gpDrawReport]) {
      const pdf = await renderDocument(evaluationReportSpec(make()));
      expect(Buffer.from(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    }
  }, 120_000);

  it('200 bids: the tables run over many pages, in the embedded font', async () => {
    const m5 = members(5);
    const ids = Array.from({ length: 200 }, (_, i) => `bid-${String(i + 1).padStart(3, '0')}`);
    let seed = 22;
    const rnd = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    const prices = ids.map(() => yuan(900_000 + Math.floor(rnd() * 200_000)));
    const scores = Object.fromEntries(ids.map((id) => [id, { T1: String(10 + Math.floor(rnd() * 16)), T2: (Math.floor(rnd() * 21) / 2).toFixed(1), C1: String(Math.floor(rnd() * 6)) }]));
    const sheets = m5.map((m) => sheetOf(m, scores));
    const data = reportOf(engComprehensive(), { members: m5, ceilingFen: yuan(1_090_000), k: '0.98', bids: ids.map((id, i) => bid(id, prices[i]!)), compliance: allPass(m5, ids), sheets });
    expect(data.result.status).toBe('complete');
    expect(data.result.bids.some((b) => b.rejection === 'ABOVE_CEILING')).toBe(true);
    const spec = evaluationReportSpec(data);
    expect(table(spec, '排序').rows.length).toBeGreaterThan(150);
    expect(missingGlyphs(allText(spec), 'regular')).toEqual([]);
    const pdf = await renderDocument(spec);
    expect(pageCount(pdf)).toBeGreaterThan(1);
  }, 300_000);
});
