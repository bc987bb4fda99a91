/**
 * The document model: what notices, the opening record, the evaluation report and award notices are
 * made of. Plain data (JSON-serialisable apart from the dates), so a spec can be stored and re-rendered:
 * the same spec always renders to the same bytes.
 */

export interface PdfMetadata {
  /** document properties title; defaults to the spec's title */
  title?: string;
  subject?: string;
  author?: string;
  keywords?: string[];
  /** the application that made the document; defaults to "ebid" */
  creator?: string;
  /** passed in (never the clock), so the output is deterministic */
  creationDate: Date;
  /** defaults to creationDate */
  modificationDate?: Date;
}

export type TextAlign = 'left' | 'center' | 'right';

export interface HeadingBlock {
  kind: 'heading';
  text: string;
  /** 1: 14 pt, 2: 12 pt, 3: 10.5 pt; all bold. Default 1. */
  level?: 1 | 2 | 3;
}

export interface ParagraphBlock {
  kind: 'paragraph';
  /** `\n` is a hard line break */
  text: string;
  /** 'justify' (default) spreads full lines of the paragraph to both margins */
  align?: TextAlign | 'justify';
  /** indent the first line by two characters (Chinese convention) */
  indent?: boolean;
  /** 'small' is 9 pt and muted (notes, remarks) */
  style?: 'body' | 'small';
  bold?: boolean;
}

export interface KeyValueItem {
  label: string;
  value: string;
  /** how many of the block's columns this item spans (default 1) */
  span?: number;
}

/** A bordered label / value grid (like antd Descriptions). */
export interface KeyValueBlock {
  kind: 'keyValue';
  /** bold caption above the grid */
  title?: string;
  items: KeyValueItem[];
  /** items per row, default 2 */
  columns?: 1 | 2 | 3;
  /** width of each label cell in pt; default: fits the longest label, within ¼…½ of a column, at least 64 pt */
  labelWidth?: number;
}

export interface TableColumn {
  header: string;
  /** relative width (the columns share the page width in proportion), default 1 */
  width?: number;
  align?: TextAlign;
}

/** A data table: header row (repeated on every page), cells wrap, rows break across pages. */
export interface TableBlock {
  kind: 'table';
  /** bold caption above the table */
  title?: string;
  columns: TableColumn[];
  /** one string per column; missing cells are empty */
  rows: string[][];
  /** 'small' is 9 pt (wide tables); default 10.5 pt */
  size?: 'body' | 'small';
}

export interface SignatureBox {
  /** e.g. "招标人（盖章）" */
  title: string;
  /** lines at the bottom of the box, e.g. "法定代表人或其委托代理人（签字）：", "日期：    年  月  日" */
  lines?: string[];
}

/** Boxes side by side for signatures and seals; kept on one page. */
export interface SignatureBlock {
  kind: 'signatures';
  boxes: SignatureBox[];
  /** box height in pt, default 96 */
  height?: number;
}

export interface SpacerBlock {
  kind: 'spacer';
  /** pt */
  height: number;
}

export interface PageBreakBlock {
  kind: 'pageBreak';
}

export type PdfBlock = HeadingBlock | ParagraphBlock | KeyValueBlock | TableBlock | SignatureBlock | SpacerBlock | PageBreakBlock;

/**
 * Who issues the document (issue 15 §3): the trading center, printed at the foot of every page with its
 * address and contact, from the platform's configuration.
 */
export interface PdfIssuer {
  /** e.g. "江城市公共资源交易中心" */
  name: string;
  address: string;
  /** a telephone number or another contact line */
  contact: string;
}

export interface PdfDocumentSpec {
  /** printed in every footer and used for the PDF /ID, e.g. "ZB-2025-001-OPEN-01" */
  documentId: string;
  title: string;
  subtitle?: string;
  metadata: PdfMetadata;
  blocks: PdfBlock[];
  /** printed at the left of every footer, before the document id (e.g. the platform's name) */
  footerText?: string;
  /** printed under the footer line of every page: "<name>\u3000地址：<address>\u3000联系方式：<contact>" */
  issuer?: PdfIssuer;
}
