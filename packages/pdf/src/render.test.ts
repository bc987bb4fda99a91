import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingGlyphs, renderDocument, type PdfDocumentSpec } from './index.ts';
import { EXT_A_CHAR, sampleSpec, threePageSpec } from './test-fixtures.ts';
import { darkPixels, emptyFontconfig, pdffonts, pdftotext, readPng, renderPage, run } from './test-helpers.ts';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const squash = (s: string) => s.replace(/\s+/g, '');

let dir: string;
let file: string;
let pdf: Uint8Array;
let renderMs: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ebid-pdf-render-'));
  const t = performance.now();
  pdf = await renderDocument(sampleSpec(60));
  renderMs = performance.now() - t;
  file = join(dir, 'sample.pdf');
  writeFileSync(file, pdf);
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('renderDocument', () => {
  it('embeds Noto Sans SC as subsets with ToUnicode (pdffonts: emb yes, sub yes, uni yes)', () => {
    const fonts = pdffonts(file);
    expect(fonts.length).toBeGreaterThanOrEqual(1);
    for (const f of fonts) {
      expect(f.name).toMatch(/^[A-Z]{6}\+NotoSansSC-(Regular|Bold)$/);
      expect(f.type).toBe('CID TrueType');
      expect([f.emb, f.sub, f.uni]).toEqual(['yes', 'yes', 'yes']);
    }
    expect(fonts.map((f) => f.name.split('+')[1]).sort()).toEqual(['NotoSansSC-Bold', 'NotoSansSC-Regular']);
    // a subset, not the 10 MB font
    expect(pdf.length).toBeLessThan(200_000);
    console.log(`[pdf] 60-row sample: ${pdf.length} bytes, first render ${renderMs.toFixed(0)} ms (includes loading the fonts)`);
  });

  it('extracts the Chinese text, mixed Latin, amounts and the Ext-A character (pdftotext)', () => {
    const text = squash(pdftotext(file));
    const spec = sampleSpec(60);
    for (const needle of [
      spec.title,
      '投标报价最高为¥1,234,567.89',
      '大写：壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分',
      'Allbidsweredecryptedbythebiddersthemselves',
      `生僻字测试：鑫、犇、淼、燚、垚、${EXT_A_CHAR}（CJKExt-A）`,
      '“引号”、‘单引号’、《书名号》、【方括号】——破折号……省略号',
      'ShenzhenBrightEngineeringCo.,Ltd.',
      '¥1,475,140.60',
      '文档编号：ZB-2025-001-OPEN-01',
      '第1页/共5页',
      '第5页/共5页',
      '招标人（盖章）',
    ]) {
      expect(text).toContain(needle);
    }
    // justified lines: the extra space between Chinese characters is too small to read as a word space
    expect(pdftotext(file)).toContain('投标人对开标过程无异议。');
    expect(pdftotext(file)).toContain('完成，平台未持有任何可解密投标文件的密钥。');
    // the header row repeats on every page of the 60-row table
    expect(text.split('投标报价（元）').length - 1).toBeGreaterThanOrEqual(4);
  });

  it('has the Ext-A character in the font (no tofu)', () => {
    expect(missingGlyphs(`开标记录表${EXT_A_CHAR}鑫犇淼燚垚¥,.（）“”`)).toEqual([]);
    expect(missingGlyphs('😀')).toEqual(['😀']);
  });

  it('renders glyphs with no system fonts at all (pdftoppm under an empty fontconfig)', () => {
    const fc = emptyFontconfig(dir);
    const { png, stderr } = renderPage(file, 1, 50, join(dir, 'page1'), fc);
    // poppler complains on stderr when an embedded font is unusable and it has to substitute
    expect(stderr).toBe('');
    const img = readPng(png);
    expect(img.width).toBeGreaterThanOrEqual(413); // A4 at 50 dpi: 413.4 x 584.6 px, rounded up
    expect(img.height).toBeGreaterThanOrEqual(584);
    const total = darkPixels(img);
    expect(total / (img.width * img.height)).toBeGreaterThan(0.02);
    // The title band (62 pt … 88 pt from the top) holds only the title's glyphs: no rules, no borders.
    const px = (pt: number) => Math.round((pt * 50) / 72);
    const title = darkPixels(img, 128, px(62), px(62 + 26));
    console.log(`[pdf] page 1 at 50 dpi, no system fonts: ${total} dark pixels (${((100 * total) / (img.width * img.height)).toFixed(1)} %), ${title} in the title band`);
    expect(title).toBeGreaterThan(300);
    // The sanity check of the check: a page rendered without the text is nearly white there.
    const blank: PdfDocumentSpec = { ...sampleSpec(1), title: ' ', subtitle: '', blocks: [] };
    return renderDocument(blank).then((b) => {
      const f = join(dir, 'blank.pdf');
      writeFileSync(f, b);
      const r = renderPage(f, 1, 50, join(dir, 'blank1'), fc);
      expect(darkPixels(readPng(r.png), 128, px(62), px(62 + 26))).toBe(0);
    });
  });

  it('is deterministic: the same spec renders to the same bytes', async () => {
    const again = await renderDocument(sampleSpec(60));
    expect(sha256(again)).toBe(sha256(pdf));
    // concurrent renders share the cached fonts and still give the same bytes
    const [c1, c2] = await Promise.all([renderDocument(sampleSpec(60)), renderDocument(sampleSpec(60))]);
    expect([sha256(c1), sha256(c2)]).toEqual([sha256(pdf), sha256(pdf)]);
    const other = await renderDocument({ ...sampleSpec(60), documentId: 'ZB-2025-001-OPEN-02' });
    expect(sha256(other)).not.toBe(sha256(pdf));
    // metadata comes from the spec, never from the clock
    const info = run('pdfinfo', ['-isodates', file]).stdout;
    expect(info).toMatch(/CreationDate:\s+2025-06-01T01:30:00Z/);
    expect(info).toMatch(/Title:\s+开标记录表 ZB-2025-001/);
    expect(info).toMatch(/Author:\s+示范市公共资源交易平台/);
    expect(info).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
  });

  it('renders a three-page document quickly', async () => {
    const spec = threePageSpec();
    const t = performance.now();
    const b = await renderDocument(spec);
    const ms = performance.now() - t;
    const f = join(dir, 'three.pdf');
    writeFileSync(f, b);
    expect(run('pdfinfo', [f]).stdout).toMatch(/Pages:\s+3\n/);
    console.log(`[pdf] 3-page render: ${ms.toFixed(0)} ms, ${b.length} bytes`);
    expect(ms).toBeLessThan(5_000);
  });

  it('splits a row taller than a page, renders empty tables and every block kind', async () => {
    const long = '超长单元格内容，用于测试跨页拆分。'.repeat(250);
    const spec: PdfDocumentSpec = {
      documentId: 'T-EDGE',
      title: '边界情况',
      metadata: { creationDate: new Date('2025-01-01T00:00:00Z') },
      blocks: [
        { kind: 'table', columns: [{ header: '甲' }, { header: '乙', width: 3 }], rows: [['1', long], ['2', '短']] },
        { kind: 'table', title: '空表', columns: [{ header: '甲' }], rows: [] },
        { kind: 'keyValue', columns: 3, items: [{ label: '一', value: '1' }, { label: '二', value: '2', span: 5 }, { label: '三', value: '3' }] },
        { kind: 'pageBreak' },
        { kind: 'heading', text: '三级标题', level: 3 },
        { kind: 'paragraph', text: '居中', align: 'center', bold: true },
        { kind: 'paragraph', text: '靠右', align: 'right' },
        { kind: 'spacer', height: 2000 },
        { kind: 'signatures', boxes: [{ title: '签字' }] },
      ],
    };
    const b = await renderDocument(spec);
    const f = join(dir, 'edge.pdf');
    writeFileSync(f, b);
    const pages = Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [f]).stdout)![1]);
    expect(pages).toBeGreaterThanOrEqual(4);
    const text = squash(pdftotext(f));
    expect(text).toContain('（无）');
    expect(text).toContain(`第${pages}页/共${pages}页`);
    // the long cell's text is all there, across pages
    expect(text.split('用于测试跨页拆分').length - 1).toBe(250);
  });

  it('prints the issuer (name, address, contact) under the footer of every page, below the body (issue 15 §3)', async () => {
    const issuer = { name: '江城市公共资源交易中心', address: '江城市政务服务中心 5 楼', contact: '027-87654321' };
    const plain = sampleSpec(60);
    const withIssuer: PdfDocumentSpec = { ...plain, issuer };
    const f = join(dir, 'issuer.pdf');
    writeFileSync(f, await renderDocument(withIssuer));
    const pages = Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [f]).stdout)![1]);
    expect(pages).toBe(5); // one line fits where the footer was: the body keeps its room
    for (let i = 1; i <= pages; i++) {
      const text = squash(run('pdftotext', ['-enc', 'UTF-8', '-f', String(i), '-l', String(i), f, '-']).stdout);
      for (const needle of ['文档编号：ZB-2025-001-OPEN-01', `第${i}页/共${pages}页`, '江城市公共资源交易中心', '地址：江城市政务服务中心5楼', '联系方式：027-87654321']) {
        expect(text, `page ${i}`).toContain(needle);
      }
    }
    // The line is drawn in the band under the footer (22…30 pt above the page's bottom), with embedded glyphs only.
    const fc = emptyFontconfig(dir);
    const px = (pt: number) => Math.round((pt * 100) / 72);
    const band = (file: string, name: string) => darkPixels(readPng(renderPage(file, 2, 100, join(dir, name), fc).png), 200, px(841.89 - 30), px(841.89 - 22));
    expect(band(f, 'issuer2')).toBeGreaterThan(50);
    expect(band(file, 'plain2')).toBe(0);
    // Without an issuer the document is what it was.
    expect(sha256(await renderDocument(plain))).toBe(sha256(pdf));
  });

  it('wraps a long issuer over up to three lines (the body ends higher) and cuts the rest with an ellipsis', async () => {
    const long = { name: '江城市公共资源交易中心', address: '江城市东湖高新技术开发区光谷大道特一号政务服务中心综合楼五楼东侧公共资源交易服务大厅', contact: '027-87654321（工作日 9:00—17:00）' };
    const two = join(dir, 'issuer-two.pdf');
    writeFileSync(two, await renderDocument({ ...sampleSpec(60), issuer: long }));
    const t2 = squash(pdftotext(two));
    expect(t2).toContain(squash(long.address));
    expect(t2).toContain(squash(long.contact));
    const huge = { ...long, address: '江城市东湖高新技术开发区光谷大道特一号政务服务中心综合楼五楼东侧公共资源交易服务大厅'.repeat(5) };
    const three = join(dir, 'issuer-three.pdf');
    writeFileSync(three, await renderDocument({ ...sampleSpec(60), issuer: huge }));
    const t3 = pdftotext(three);
    expect(t3).toContain('…');
    expect(squash(t3)).not.toContain(squash(huge.contact));
    const pagesOf = (f: string) => Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [f]).stdout)![1]);
    // Less room per page for the body: never fewer pages than with the one-line footer.
    expect(pagesOf(three)).toBeGreaterThanOrEqual(pagesOf(two));
    expect(pagesOf(two)).toBeGreaterThanOrEqual(5);
  });

  it('rejects a spec without a valid creation date', async () => {
    await expect(renderDocument({ ...sampleSpec(1), metadata: { creationDate: new Date('x') } })).rejects.toThrow(/creationDate/);
  });
});
