/**
 * renderDocument: a PdfDocumentSpec → an A4 PDF with the Noto Sans SC subsets embedded.
 *
 * Layout: A4 portrait, 20 mm side margins, 10.5 pt (五号) body; title block on page 1, a running header
 * (the title) from page 2 on, and a footer on every page with the document id and "第 X 页 / 共 Y 页",
 * under it the issuer's name, address and contact (up to three lines; the body ends higher to make room).
 * Output is deterministic: no clock, fixed subset tags and /ID derived from the spec.
 */
import { createHash } from 'node:crypto';
import { FONT_NAMES, type FontFace, cachingFontkit, loadFace, subsetTag } from './fonts.ts';
import {
  type Color,
  PDFDocument,
  type PDFFont,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFOperator,
  PDFOperatorNames,
  type PDFPage,
  beginText,
  endText,
  fill,
  moveText,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  rgb,
  setFillingColor,
  setFontAndSize,
  setLineWidth,
  setStrokingColor,
  showText,
  stroke,
} from './pdf-lib.ts';
import type {
  HeadingBlock,
  KeyValueBlock,
  ParagraphBlock,
  PdfDocumentSpec,
  SignatureBlock,
  TableBlock,
  TextAlign,
} from './spec.ts';
import { type Line, breakLines, segment, spreadGaps } from './text.ts';

// ---------------------------------------------------------------- page geometry and styles (pt)

export const A4: [number, number] = [595.28, 841.89];
const [PAGE_W, PAGE_H] = A4;
const MARGIN_X = 56.7; // 20 mm
const CONTENT_TOP = PAGE_H - 62;
const CONTENT_BOTTOM = 62;
const CONTENT_W = PAGE_W - 2 * MARGIN_X;

export const BODY_SIZE = 10.5;
const SMALL_SIZE = 9;
const FOOTER_SIZE = 8.5;
const FOOTER_LEADING = 11;
/** baseline of the footer's only line (no issuer), and of the issuer's last line */
const FOOTER_BASELINE = 34;
const ISSUER_BASELINE = 25;
const ISSUER_MAX_LINES = 3;
const TITLE_SIZE = 18;
const SUBTITLE_SIZE = 11;
const HEADING_SIZE = { 1: 14, 2: 12, 3: 10.5 } as const;
const PARA_LEADING = 1.65;
const CELL_LEADING = 1.45;
const CELL_PAD_X = 5;
const CELL_PAD_Y = 4;
/** a row taller than a page is split, but leaves at least this many lines on a page */
const MIN_SPLIT_LINES = 3;
/** top of the ideographic em box above the baseline, as a fraction of the size */
const ASCENT = 0.88;

const C = {
  text: rgb(0.1, 0.1, 0.1),
  muted: rgb(0.42, 0.42, 0.42),
  rule: rgb(0.55, 0.55, 0.55),
  border: rgb(0.62, 0.62, 0.62),
  headerFill: rgb(0.91, 0.92, 0.94),
  labelFill: rgb(0.955, 0.96, 0.965),
  zebra: rgb(0.982, 0.982, 0.987),
};

interface Cell {
  x: number;
  w: number;
  text: string;
  face?: FontFace;
  align?: TextAlign;
  fill?: Color;
  color?: Color;
}

interface LaidCell extends Cell {
  lines: Line[];
}

interface RowStyle {
  size: number;
}

class Renderer {
  readonly pages: PDFPage[] = [];
  private page!: PDFPage;
  private y = CONTENT_TOP;
  /** where the body ends: CONTENT_BOTTOM, higher with an issuer of more than one line */
  private contentBottom = CONTENT_BOTTOM;
  /** the issuer's footer lines (set by `footer` before the body is laid out) */
  private issuerLines: string[] = [];
  private readonly fonts = new Map<FontFace, PDFFont>();
  private readonly widths = new Map<FontFace, Map<string, number>>();
  /** encoded strings per face: a table repeats its words ('合格', '—', …) and pdf-lib shapes every call anew */
  private readonly encoded = new Map<FontFace, Map<string, PDFHexString>>();
  private readonly fontKeys = new Map<PDFPage, Map<FontFace, PDFName>>();

  constructor(
    private readonly doc: PDFDocument,
    private readonly tagSeed: string,
  ) {}

  // ---------------------------------------------------------------- fonts and text

  private async font(face: FontFace): Promise<PDFFont> {
    let f = this.fonts.get(face);
    if (!f) {
      f = await this.doc.embedFont(loadFace(face).bytes, {
        subset: true,
        customName: `${subsetTag(`${face}\n${this.tagSeed}`)}+${FONT_NAMES[face]}`,
      });
      this.fonts.set(face, f);
    }
    return f;
  }

  async prepareFonts(faces: FontFace[]): Promise<void> {
    for (const f of faces) await this.font(f);
  }

  private pdfFont(face: FontFace): PDFFont {
    const f = this.fonts.get(face);
    if (!f) throw new Error(`font ${face} not prepared`);
    return f;
  }

  /** Width of `s` at `size`, from a per-face cache of widths at 1 pt. */
  width(s: string, size: number, face: FontFace = 'regular'): number {
    let m = this.widths.get(face);
    if (!m) {
      m = new Map();
      this.widths.set(face, m);
    }
    let w = m.get(s);
    if (w === undefined) {
      w = this.pdfFont(face).widthOfTextAtSize(s, 1);
      m.set(s, w);
    }
    return w * size;
  }

  lines(text: string, maxWidth: number, size: number, face: FontFace = 'regular', firstWidth?: number): Line[] {
    return breakLines(text, Math.max(maxWidth, size), (s) => this.width(s, size, face), firstWidth === undefined ? {} : { firstWidth });
  }

  /**
   * `s` in the face's subset encoding, shaped once per document: the first call adds the glyphs to the
   * subset (in the same order as before), later calls of the same string reuse the hex string.
   */
  private encode(s: string, face: FontFace): PDFHexString {
    let m = this.encoded.get(face);
    if (!m) {
      m = new Map();
      this.encoded.set(face, m);
    }
    let hex = m.get(s);
    if (!hex) {
      hex = this.pdfFont(face).encodeText(s);
      m.set(s, hex);
    }
    return hex;
  }

  /** The page's resource name for a face: /F1 regular, /F2 bold (pdf-lib's drawText adds a new one per call). */
  private fontKey(face: FontFace): PDFName {
    let keys = this.fontKeys.get(this.page);
    if (!keys) {
      keys = new Map();
      this.fontKeys.set(this.page, keys);
    }
    let key = keys.get(face);
    if (!key) {
      key = PDFName.of(face === 'bold' ? 'F2' : 'F1');
      this.page.node.setFontDictionary(key, this.pdfFont(face).ref);
      keys.set(face, key);
    }
    return key;
  }

  /**
   * Shows `s` with its baseline at (x, baseline). With `gaps` (from spreadGaps over segment(s)), the
   * extra space goes between the line's items through a TJ array, so Latin words are never letter-spaced.
   */
  private text(s: string, x: number, baseline: number, size: number, face: FontFace, color: Color, gaps?: number[]): void {
    if (!s) return;
    const ops = [pushGraphicsState(), beginText(), setFillingColor(color), setFontAndSize(this.fontKey(face), size), moveText(x, baseline)];
    if (gaps) {
      const arr = this.doc.context.obj([]);
      let run = '';
      segment(s).forEach((item, i) => {
        const g = gaps[i] ?? 0;
        if (i > 0 && g > 0) {
          arr.push(this.encode(run, face));
          arr.push(PDFNumber.of(-Math.round(((g * 1000) / size) * 1000) / 1000));
          run = '';
        }
        run += item.text;
      });
      if (run) arr.push(this.encode(run, face));
      ops.push(PDFOperator.of(PDFOperatorNames.ShowTextAdjusted, [arr]));
    } else {
      ops.push(showText(this.encode(s, face)));
    }
    ops.push(endText(), popGraphicsState());
    this.page.pushOperators(...ops);
  }

  private alignedX(line: Line, x: number, w: number, align: TextAlign): number {
    if (align === 'center') return x + (w - line.width) / 2;
    if (align === 'right') return x + w - line.width;
    return x;
  }

  // ---------------------------------------------------------------- pages

  newPage(): void {
    this.page = this.doc.addPage(A4);
    this.pages.push(this.page);
    this.y = CONTENT_TOP;
  }

  private get space(): number {
    return this.y - this.contentBottom;
  }

  private get atTop(): boolean {
    return this.y >= CONTENT_TOP - 0.01;
  }

  /** Starts a new page unless `h` fits (or the page is still empty). */
  private ensure(h: number): void {
    if (!this.atTop && this.space < h) this.newPage();
  }

  private gap(h: number): void {
    if (!this.atTop) this.y -= h;
  }

  private rule(y: number, width = 0.6, color: Color = C.rule): void {
    this.page.drawLine({ start: { x: MARGIN_X, y }, end: { x: PAGE_W - MARGIN_X, y }, thickness: width, color });
  }

  // ---------------------------------------------------------------- blocks

  titleBlock(title: string, subtitle: string | undefined): void {
    const lh = TITLE_SIZE * 1.45;
    for (const line of this.lines(title, CONTENT_W, TITLE_SIZE, 'bold')) {
      this.text(line.text, this.alignedX(line, MARGIN_X, CONTENT_W, 'center'), this.y - (lh - TITLE_SIZE) / 2 - ASCENT * TITLE_SIZE, TITLE_SIZE, 'bold', C.text);
      this.y -= lh;
    }
    if (subtitle) {
      const slh = SUBTITLE_SIZE * 1.5;
      this.y -= 2;
      for (const line of this.lines(subtitle, CONTENT_W, SUBTITLE_SIZE)) {
        this.text(line.text, this.alignedX(line, MARGIN_X, CONTENT_W, 'center'), this.y - (slh - SUBTITLE_SIZE) / 2 - ASCENT * SUBTITLE_SIZE, SUBTITLE_SIZE, 'regular', C.muted);
        this.y -= slh;
      }
    }
    this.y -= 8;
    this.rule(this.y, 1.2, C.text);
    this.y -= 14;
  }

  heading(b: HeadingBlock): void {
    const level = b.level ?? 1;
    const size = HEADING_SIZE[level];
    const lh = size * 1.5;
    const before = { 1: 12, 2: 9, 3: 7 }[level];
    const after = { 1: 4, 2: 3, 3: 2 }[level];
    const lines = this.lines(b.text, CONTENT_W, size, 'bold');
    // keep with next: the heading plus two body lines
    this.ensure(before + lines.length * lh + after + 2 * BODY_SIZE * PARA_LEADING);
    this.gap(before);
    for (const line of lines) {
      this.text(line.text, MARGIN_X, this.y - (lh - size) / 2 - ASCENT * size, size, 'bold', C.text);
      this.y -= lh;
    }
    this.y -= after;
  }

  paragraph(b: ParagraphBlock): void {
    const small = b.style === 'small';
    const size = small ? SMALL_SIZE : BODY_SIZE;
    const face: FontFace = b.bold ? 'bold' : 'regular';
    const color = small ? C.muted : C.text;
    const lh = size * PARA_LEADING;
    const align = b.align ?? 'justify';
    const indent = b.indent ? 2 * size : 0;
    const lines = this.lines(b.text, CONTENT_W, size, face, CONTENT_W - indent);
    let first = true;
    for (const line of lines) {
      this.ensure(lh);
      const x0 = first ? MARGIN_X + indent : MARGIN_X;
      const w = first ? CONTENT_W - indent : CONTENT_W;
      let x = x0;
      let gaps: number[] | undefined;
      if (align === 'justify') {
        // full lines only; a line cut before a long Latin word may stay ragged (see spreadGaps)
        if (!line.last) gaps = spreadGaps(segment(line.text), w - line.width, size);
      } else {
        x = this.alignedX(line, x0, w, align);
      }
      this.text(line.text, x, this.y - (lh - size) / 2 - ASCENT * size, size, face, color, gaps);
      this.y -= lh;
      first = line.last;
    }
    this.y -= size * 0.5;
  }

  private caption(title: string): number {
    const size = HEADING_SIZE[3];
    const lh = size * 1.6;
    const lines = this.lines(title, CONTENT_W, size, 'bold');
    return lines.length * lh;
  }

  private drawCaption(title: string): void {
    const size = HEADING_SIZE[3];
    const lh = size * 1.6;
    for (const line of this.lines(title, CONTENT_W, size, 'bold')) {
      this.text(line.text, MARGIN_X, this.y - (lh - size) / 2 - ASCENT * size, size, 'bold', C.text);
      this.y -= lh;
    }
  }

  private layCells(cells: Cell[], st: RowStyle): LaidCell[] {
    return cells.map((c) => ({ ...c, lines: this.lines(c.text, c.w - 2 * CELL_PAD_X, st.size, c.face ?? 'regular') }));
  }

  private rowHeight(cells: LaidCell[], st: RowStyle, from = 0): number {
    const n = Math.max(1, ...cells.map((c) => c.lines.length - from));
    return n * st.size * CELL_LEADING + 2 * CELL_PAD_Y;
  }

  /** Draws lines [from, from + count) of each cell as one row segment at the cursor. */
  private drawSegment(cells: LaidCell[], st: RowStyle, from: number[], count: number): void {
    const lh = st.size * CELL_LEADING;
    const h = count * lh + 2 * CELL_PAD_Y;
    const top = this.y;
    // The fills (grouped by colour; cells never overlap), then every border in one path: what a
    // drawRectangle per cell drew, in a handful of operators instead of some sixteen per rectangle.
    const ops = [pushGraphicsState()];
    const fills = new Map<Color, LaidCell[]>();
    for (const c of cells) if (c.fill) fills.set(c.fill, [...(fills.get(c.fill) ?? []), c]);
    for (const [color, filled] of fills) ops.push(setFillingColor(color), ...filled.map((c) => rectangle(c.x, top - h, c.w, h)), fill());
    ops.push(setStrokingColor(C.border), setLineWidth(0.5), ...cells.map((c) => rectangle(c.x, top - h, c.w, h)), stroke(), popGraphicsState());
    this.page.pushOperators(...ops);
    cells.forEach((c, i) => {
      const start = from[i]!;
      const face = c.face ?? 'regular';
      for (let k = 0; k < count && start + k < c.lines.length; k++) {
        const line = c.lines[start + k]!;
        const baseline = top - CELL_PAD_Y - k * lh - (lh - st.size) / 2 - ASCENT * st.size;
        this.text(line.text, this.alignedX(line, c.x + CELL_PAD_X, c.w - 2 * CELL_PAD_X, c.align ?? 'left'), baseline, st.size, face, c.color ?? C.text);
      }
    });
    this.y -= h;
  }

  /**
   * Draws rows of cells; a row that does not fit moves to the next page (repeating `header`), and a row
   * taller than a whole page is split between its lines.
   */
  private rows(rows: Cell[][], st: RowStyle, header?: Cell[]): void {
    const laidHeader = header ? this.layCells(header, st) : undefined;
    const headerH = laidHeader ? this.rowHeight(laidHeader, st) : 0;
    const drawHeader = () => {
      if (laidHeader) this.drawSegment(laidHeader, st, laidHeader.map(() => 0), Math.max(1, ...laidHeader.map((c) => c.lines.length)));
    };
    const lh = st.size * CELL_LEADING;
    const laidRows = rows.map((r) => this.layCells(r, st));
    const pageBody = CONTENT_TOP - this.contentBottom - headerH;
    // keep the header with the first row (or with the first lines of a row taller than a page)
    const firstH = laidRows[0] ? this.rowHeight(laidRows[0], st) : 0;
    this.ensure(headerH + (firstH <= pageBody ? firstH : MIN_SPLIT_LINES * lh + 2 * CELL_PAD_Y));
    drawHeader();
    for (const cells of laidRows) {
      const from = cells.map(() => 0);
      const total = Math.max(1, ...cells.map((c) => c.lines.length));
      let done = 0;
      for (;;) {
        const remaining = total - done;
        const need = remaining * lh + 2 * CELL_PAD_Y;
        if (need <= this.space + 0.01) {
          this.drawSegment(cells, st, from, remaining);
          break;
        }
        const fit = Math.floor((this.space - 2 * CELL_PAD_Y) / lh);
        if (need <= pageBody || fit < Math.min(MIN_SPLIT_LINES, remaining)) {
          this.newPage();
          drawHeader();
          continue;
        }
        this.drawSegment(cells, st, from, fit);
        done += fit;
        for (let i = 0; i < from.length; i++) from[i]! += fit;
        this.newPage();
        drawHeader();
      }
    }
  }

  table(b: TableBlock): void {
    const size = b.size === 'small' ? SMALL_SIZE : BODY_SIZE;
    const weights = b.columns.map((c) => (c.width && c.width > 0 ? c.width : 1));
    const sum = weights.reduce((a, w) => a + w, 0);
    const xs: number[] = [];
    const ws: number[] = [];
    let x = MARGIN_X;
    for (const w of weights) {
      xs.push(x);
      ws.push((CONTENT_W * w) / sum);
      x += (CONTENT_W * w) / sum;
    }
    const header: Cell[] = b.columns.map((c, i) => ({
      x: xs[i]!,
      w: ws[i]!,
      text: c.header,
      face: 'bold',
      align: c.align === 'right' ? 'right' : c.align === 'center' ? 'center' : 'left',
      fill: C.headerFill,
    }));
    const rows: Cell[][] =
      b.rows.length === 0
        ? [[{ x: MARGIN_X, w: CONTENT_W, text: '（无）', align: 'center', color: C.muted }]]
        : b.rows.map((r, ri) =>
            b.columns.map((c, i) => ({
              x: xs[i]!,
              w: ws[i]!,
              text: r[i] ?? '',
              align: c.align ?? 'left',
              ...(ri % 2 === 1 ? { fill: C.zebra } : {}),
            })),
          );
    this.gap(4);
    if (b.title) {
      // keep the caption with the header row and the first row (or its first lines if it is very tall)
      const st = { size };
      const headH = this.rowHeight(this.layCells(header, st), st);
      const firstH = rows[0] ? Math.min(this.rowHeight(this.layCells(rows[0], st), st), MIN_SPLIT_LINES * size * CELL_LEADING + 2 * CELL_PAD_Y) : 0;
      this.ensure(this.caption(b.title) + headH + firstH);
      this.drawCaption(b.title);
    }
    this.rows(rows, { size }, header);
    this.y -= 10;
  }

  keyValue(b: KeyValueBlock): void {
    const cols = b.columns ?? 2;
    const unit = CONTENT_W / cols;
    // label cells as wide as the longest label (within a quarter … half of a column, at least 64 pt)
    const longest = Math.max(0, ...b.items.map((i) => this.width(i.label, BODY_SIZE)));
    const auto = Math.min(Math.max(longest + 2 * CELL_PAD_X + 1, unit * 0.25, 64), unit * 0.5);
    const labelW = Math.min(b.labelWidth ?? auto, unit - 24);
    const rows: Cell[][] = [];
    let row: { item: (typeof b.items)[number]; span: number }[] = [];
    let used = 0;
    const finish = () => {
      if (row.length === 0) return;
      const last = row[row.length - 1]!;
      last.span += cols - used; // the last item stretches to the right edge
      let x = MARGIN_X;
      const cells: Cell[] = [];
      for (const { item, span } of row) {
        const w = unit * span;
        cells.push({ x, w: labelW, text: item.label, fill: C.labelFill, color: C.muted });
        cells.push({ x: x + labelW, w: w - labelW, text: item.value });
        x += w;
      }
      rows.push(cells);
      row = [];
      used = 0;
    };
    for (const item of b.items) {
      const span = Math.min(Math.max(1, Math.floor(item.span ?? 1)), cols);
      if (used + span > cols) finish();
      row.push({ item, span });
      used += span;
    }
    finish();
    this.gap(4);
    if (b.title) {
      this.ensure(this.caption(b.title) + 2 * BODY_SIZE * CELL_LEADING);
      this.drawCaption(b.title);
    }
    this.rows(rows, { size: BODY_SIZE });
    this.y -= 10;
  }

  signatures(b: SignatureBlock): void {
    const n = Math.max(1, b.boxes.length);
    const gapX = 14;
    const w = (CONTENT_W - gapX * (n - 1)) / n;
    const h = b.height ?? 96;
    const size = BODY_SIZE;
    const lh = size * 1.5;
    const pad = 8;
    this.gap(8);
    this.ensure(h);
    const top = this.y;
    b.boxes.forEach((box, i) => {
      const x = MARGIN_X + i * (w + gapX);
      this.page.drawRectangle({ x, y: top - h, width: w, height: h, borderColor: C.border, borderWidth: 0.6 });
      let y = top - pad;
      for (const line of this.lines(box.title, w - 2 * pad, size, 'bold')) {
        this.text(line.text, x + pad, y - (lh - size) / 2 - ASCENT * size, size, 'bold', C.text);
        y -= lh;
      }
      const bottomLines = (box.lines ?? []).flatMap((l) => this.lines(l, w - 2 * pad, size));
      let by = top - h + pad + bottomLines.length * lh;
      for (const line of bottomLines) {
        this.text(line.text, x + pad, by - (lh - size) / 2 - ASCENT * size, size, 'regular', C.text);
        by -= lh;
      }
    });
    this.y = top - h - 10;
  }

  spacer(h: number): void {
    if (this.space <= h) this.newPage();
    else this.gap(h);
  }

  pageBreak(): void {
    if (!this.atTop) this.newPage();
  }

  // ---------------------------------------------------------------- running header and footer

  /** The issuer's lines (wrapped, at most ISSUER_MAX_LINES, the last cut with "…"); fixes the body's end. */
  footer(spec: PdfDocumentSpec): void {
    const is = spec.issuer;
    if (!is) return;
    const lines = this.lines(`${is.name}\u3000地址：${is.address}\u3000联系方式：${is.contact}`, CONTENT_W, FOOTER_SIZE).map((l) => l.text);
    if (lines.length > ISSUER_MAX_LINES) {
      lines.length = ISSUER_MAX_LINES;
      lines[ISSUER_MAX_LINES - 1] = this.truncated(lines[ISSUER_MAX_LINES - 1]!, CONTENT_W, FOOTER_SIZE, true);
    }
    this.issuerLines = lines;
    this.contentBottom = Math.max(CONTENT_BOTTOM, this.footerRuleY() + 14);
  }

  /** Baseline of the footer's first line (document id, page number). */
  private footerBaseline(): number {
    return this.issuerLines.length === 0 ? FOOTER_BASELINE : ISSUER_BASELINE + this.issuerLines.length * FOOTER_LEADING;
  }

  private footerRuleY(): number {
    return this.issuerLines.length === 0 ? FOOTER_BASELINE + 14 : this.footerBaseline() + 12;
  }

  /** `s` cut to `maxWidth` with "…" (always with `ellipsis`, e.g. after a dropped line). */
  private truncated(s: string, maxWidth: number, size: number, ellipsis = false): string {
    if (!ellipsis && this.width(s, size) <= maxWidth) return s;
    const chars = [...s];
    while (chars.length > 1 && this.width(`${chars.join('')}…`, size) > maxWidth) chars.pop();
    return `${chars.join('')}…`;
  }

  decorate(spec: PdfDocumentSpec): void {
    const total = this.pages.length;
    const size = FOOTER_SIZE;
    const base = this.footerBaseline();
    this.pages.forEach((page, i) => {
      this.page = page;
      if (i > 0) {
        const [line] = this.lines(spec.title, CONTENT_W, size);
        if (line) this.text(line.text, MARGIN_X, PAGE_H - 40, size, 'regular', C.muted);
        this.rule(PAGE_H - 46, 0.5);
      }
      this.rule(this.footerRuleY(), 0.5);
      const right = `第 ${i + 1} 页 / 共 ${total} 页`;
      const rw = this.width(right, size);
      this.text(right, PAGE_W - MARGIN_X - rw, base, size, 'regular', C.muted);
      const left = this.truncated(`${spec.footerText ? `${spec.footerText}\u3000` : ''}文档编号：${spec.documentId}`, CONTENT_W - rw - 16, size);
      this.text(left, MARGIN_X, base, size, 'regular', C.muted);
      this.issuerLines.forEach((line, n) => this.text(line, MARGIN_X, base - (n + 1) * FOOTER_LEADING, size, 'regular', C.muted));
    });
  }
}

/** The 16-byte file identifier (trailer /ID) of a document, derived from its id: stable across renders. */
export function fileIdOf(documentId: string): string {
  return createHash('sha256').update(`ebid-pdf\n${documentId}`).digest('hex').slice(0, 32).toUpperCase();
}

function specSeed(spec: PdfDocumentSpec): string {
  return JSON.stringify(spec);
}

/** Renders the document. Same spec → same bytes (nothing reads the clock or a random source). */
export async function renderDocument(spec: PdfDocumentSpec): Promise<Uint8Array> {
  const m = spec.metadata;
  if (!(m.creationDate instanceof Date) || Number.isNaN(m.creationDate.getTime())) {
    throw new TypeError('metadata.creationDate must be a valid Date');
  }
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(cachingFontkit);
  doc.setTitle(m.title ?? spec.title, { showInWindowTitleBar: true });
  if (m.subject) doc.setSubject(m.subject);
  if (m.author) doc.setAuthor(m.author);
  if (m.keywords && m.keywords.length > 0) doc.setKeywords(m.keywords);
  doc.setCreator(m.creator ?? 'ebid');
  doc.setProducer('@ebid/pdf (pdf-lib 1.17.1)');
  doc.setCreationDate(m.creationDate);
  doc.setModificationDate(m.modificationDate ?? m.creationDate);
  doc.setLanguage('zh-CN');
  const id = PDFHexString.of(fileIdOf(spec.documentId));
  doc.context.trailerInfo.ID = doc.context.obj([id, id]);

  const r = new Renderer(doc, specSeed(spec));
  await r.prepareFonts(['regular', 'bold']);
  r.footer(spec);
  r.newPage();
  r.titleBlock(spec.title, spec.subtitle);
  for (const b of spec.blocks) {
    switch (b.kind) {
      case 'heading':
        r.heading(b);
        break;
      case 'paragraph':
        r.paragraph(b);
        break;
      case 'keyValue':
        r.keyValue(b);
        break;
      case 'table':
        r.table(b);
        break;
      case 'signatures':
        r.signatures(b);
        break;
      case 'spacer':
        r.spacer(b.height);
        break;
      case 'pageBreak':
        r.pageBreak();
        break;
      default: {
        const never: never = b;
        throw new TypeError(`unknown block ${(never as { kind: string }).kind}`);
      }
    }
  }
  r.decorate(spec);
  doc.catalog.set(PDFName.of('PageLayout'), PDFName.of('OneColumn'));
  return doc.save();
}
