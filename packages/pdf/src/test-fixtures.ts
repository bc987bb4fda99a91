/** Sample documents for the tests (and for looking at the layout by eye). */
import type { PdfDocumentSpec } from './spec.ts';

export const EXT_A_CHAR = '㵘'; // U+3D58, CJK Unified Ideographs Extension A

const BIDDERS = ['北京华信科技有限公司', '上海东方建设集团股份有限公司', 'Shenzhen Bright Engineering Co., Ltd.', '广州市南粤工程咨询有限公司', '杭州西湖智能装备有限公司'];

function money(n: number): string {
  const [int, frac] = n.toFixed(2).split('.');
  return `¥${int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`;
}

/** An opening-record-like document: key-value grid, paragraphs, a `rows`-row table, signature boxes. */
export function sampleSpec(rows = 60): PdfDocumentSpec {
  const tableRows: string[][] = [];
  for (let i = 1; i <= rows; i++) {
    const bidder = BIDDERS[i % BIDDERS.length]!;
    const price = 1_000_000 + ((i * 7919) % 900_000) + (i % 100) / 100;
    tableRows.push([
      String(i),
      i % 7 === 0 ? `${bidder}（联合体牵头人）与${BIDDERS[(i + 1) % BIDDERS.length]}组成的联合体` : bidder,
      money(price),
      `${90 + (i % 60)}`,
      i % 5 === 0 ? '投标保证金以保函形式提交，已核验 guarantee verified' : '密封完好',
    ]);
  }
  return {
    documentId: 'ZB-2025-001-OPEN-01',
    title: '开标记录表（第一标段：示范市城市道路改造工程）',
    subtitle: 'Bid Opening Record — Section 1',
    footerText: '示范市公共资源交易平台',
    metadata: {
      title: '开标记录表 ZB-2025-001',
      subject: '示范市城市道路改造工程 开标记录',
      author: '示范市公共资源交易平台',
      keywords: ['开标', 'ZB-2025-001', 'opening record'],
      creationDate: new Date('2025-06-01T09:30:00+08:00'),
    },
    blocks: [
      {
        kind: 'keyValue',
        title: '项目信息',
        items: [
          { label: '项目编号', value: 'ZB-2025-001' },
          { label: '标段', value: '第一标段（施工）' },
          { label: '招标人', value: '示范市城市建设投资有限公司' },
          { label: '招标代理机构', value: '示范市公正招标代理有限公司' },
          { label: '开标时间', value: '2025年6月1日 09:30（北京时间）' },
          { label: '开标地点', value: '示范市公共资源交易中心 第3开标室 / online' },
          { label: '最高投标限价', value: `${money(1_234_567.89)}（大写：壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分）`, span: 2 },
        ],
      },
      { kind: 'heading', text: '一、开标情况说明', level: 1 },
      {
        kind: 'paragraph',
        indent: true,
        text:
          '本项目于2025年6月1日09:30在示范市公共资源交易平台进行电子开标。截至投标截止时间，共有 ' +
          `${BIDDERS.length} 家投标人递交了投标文件，投标报价最高为 ${money(1_234_567.89)}，最低为 ${money(1_000_001.01)}。` +
          'All bids were decrypted by the bidders themselves at the opening (bidder-side decryption); ' +
          '解密均由投标人本人完成，平台未持有任何可解密投标文件的密钥。生僻字测试：鑫、犇、淼、燚、垚、' +
          `${EXT_A_CHAR}（CJK Ext-A）。标点测试：“引号”、‘单引号’、《书名号》、【方括号】——破折号……省略号。`,
      },
      {
        kind: 'paragraph',
        indent: true,
        text: '投标人对开标过程无异议。A very long Latin token that must be broken by characters: https://example.com/tenders/ZB-2025-001/sections/1/opening-record/attachments/0001-very-long-path-segment.pdf 以上。',
      },
      { kind: 'heading', text: '二、投标人及投标报价', level: 2 },
      {
        kind: 'table',
        title: `表 1\u3000投标报价一览（共 ${rows} 家）`,
        columns: [
          { header: '序号', width: 0.6, align: 'center' },
          { header: '投标人', width: 2.9 },
          { header: '投标报价（元）', width: 1.7, align: 'right' },
          { header: '工期（天）', width: 1.2, align: 'center' },
          { header: '备注', width: 2.3 },
        ],
        rows: tableRows,
      },
      { kind: 'paragraph', style: 'small', text: '注：投标报价以投标人在开标一览表中填报并经其本人解密的数据为准。Prices are as decrypted at the opening.' },
      {
        kind: 'signatures',
        boxes: [
          { title: '招标人（盖章）', lines: ['代表（签字）：', '日期：    年  月  日'] },
          { title: '监督人（签字）', lines: ['签字：', '日期：    年  月  日'] },
          { title: '平台签章', lines: ['示范市公共资源交易平台', '（电子签章见数字签名）'] },
        ],
      },
    ],
  };
}

/** A three-page document for the timing figures. */
export function threePageSpec(): PdfDocumentSpec {
  return sampleSpec(32);
}
