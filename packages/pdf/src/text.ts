/**
 * Line breaking for mixed Chinese / Latin text, independent of pdf-lib (the width comes from a callback).
 *
 * - Chinese (and other CJK) text may break between any two characters, Latin text only at spaces;
 *   a Latin word next to a Chinese character may break there too ("共 12 家" / "2025年").
 * - Simple 禁则 (kinsoku): closing punctuation (，。、；：？！）》」】” …) never starts a line and opening
 *   punctuation (（《「【“ …) never ends one: they stay glued to their neighbour.
 * - A word (or glued run) wider than the line is broken between characters as a last resort.
 * - `\n` is a hard line break; spaces at the start and end of a wrapped line are dropped.
 */

/** Closing punctuation: never at the start of a line. */
const NO_LINE_START = new Set([
  ...'，。、；：？！）》」』】〕〉〗〙〛”’…—·～％‰℃',
  ...',.;:!?)]}%',
  ...'ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶー々〻',
]);
/** Opening punctuation: never at the end of a line. */
const NO_LINE_END = new Set([...'（《「『【〔〈〖〘〚“‘￥＄', ...'([{']);

/** CJK ideographs, kana, hangul, CJK/full-width punctuation: each is its own breakable unit. */
export function isCjk(cp: number): boolean {
  return (
    (cp >= 0x2e80 && cp <= 0x2fdf) || // radicals
    (cp >= 0x2ff0 && cp <= 0x303f) || // ideographic description, CJK symbols and punctuation
    (cp >= 0x3040 && cp <= 0x31ff) || // kana, bopomofo, CJK strokes
    (cp >= 0x3200 && cp <= 0x4dbf) || // enclosed, compatibility, Ext-A
    (cp >= 0x4e00 && cp <= 0x9fff) || // unified ideographs
    (cp >= 0xa960 && cp <= 0xa97f) ||
    (cp >= 0xac00 && cp <= 0xd7af) || // hangul
    (cp >= 0xf900 && cp <= 0xfaff) || // compatibility ideographs
    (cp >= 0xfe30 && cp <= 0xfe4f) || // CJK compatibility forms
    (cp >= 0xff00 && cp <= 0xffef) || // full-width forms
    (cp >= 0x20000 && cp <= 0x3ffff) || // Ext-B … Ext-H
    cp === 0x2014 || // — (Chinese dash, written as ——)
    cp === 0x2026 || // …
    (cp >= 0x2018 && cp <= 0x201f) // ‘ ’ “ ”
  );
}

interface Item {
  text: string;
  space: boolean;
}

/**
 * Splits one paragraph (no `\n`) into unbreakable clusters and space runs. A break is possible only
 * before a space run or between two clusters.
 */
export function segment(para: string): Item[] {
  // 1. atoms: a Latin word, one CJK character, or a run of spaces
  const atoms: Item[] = [];
  let word = '';
  let spaces = '';
  const flushWord = () => {
    if (word) atoms.push({ text: word, space: false });
    word = '';
  };
  const flushSpaces = () => {
    if (spaces) atoms.push({ text: spaces, space: true });
    spaces = '';
  };
  for (const ch of para) {
    const cp = ch.codePointAt(0)!;
    if (ch === ' ' || ch === '\t' || ch === '\u3000') {
      flushWord();
      spaces += ch === '\t' ? ' ' : ch;
    } else if (isCjk(cp)) {
      flushWord();
      flushSpaces();
      atoms.push({ text: ch, space: false });
    } else {
      flushSpaces();
      word += ch;
    }
  }
  flushWord();
  flushSpaces();
  // 2. glue atoms that must not be separated (kinsoku)
  const items: Item[] = [];
  for (const a of atoms) {
    const prev = items[items.length - 1];
    if (prev && !prev.space && !a.space) {
      const first = [...a.text][0]!;
      const last = [...prev.text].pop()!;
      if (NO_LINE_START.has(first) || NO_LINE_END.has(last)) {
        prev.text += a.text;
        continue;
      }
    }
    items.push({ ...a });
  }
  return items;
}

export interface Line {
  text: string;
  /** width of `text` as measured */
  width: number;
  /** the last line of a paragraph (ends at a hard break or the end of the text) */
  last: boolean;
}

export interface BreakOptions {
  /** width available for the first line of each paragraph (e.g. less when it is indented) */
  firstWidth?: number;
}

/**
 * Breaks `text` into lines no wider than `maxWidth` (greedy). `measure` returns the width of a string;
 * it is called on clusters, spaces and single characters and should be cached by the caller.
 */
export function breakLines(text: string, maxWidth: number, measure: (s: string) => number, opts: BreakOptions = {}): Line[] {
  const out: Line[] = [];
  for (const para of text.replace(/\r\n?/g, '\n').split('\n')) {
    let limit = opts.firstWidth ?? maxWidth;
    let cur = '';
    let curW = 0;
    let pending = '';
    const push = () => {
      out.push({ text: cur, width: curW, last: false });
      cur = '';
      curW = 0;
      pending = '';
      limit = maxWidth;
    };
    for (const item of segment(para)) {
      if (item.space) {
        if (cur) pending += item.text;
        continue;
      }
      const w = measure(item.text);
      const pw = pending ? measure(pending) : 0;
      if (curW + pw + w <= limit + 1e-6) {
        cur += pending + item.text;
        curW += pw + w;
        pending = '';
        continue;
      }
      if (cur) push();
      if (w <= limit + 1e-6) {
        cur = item.text;
        curW = w;
        continue;
      }
      // A cluster wider than a whole line: break it between characters.
      for (const ch of item.text) {
        const cw = measure(ch);
        if (cur && curW + cw > limit + 1e-6) push();
        cur += ch;
        curW += cw;
      }
    }
    out.push({ text: cur, width: curW, last: true });
  }
  return out;
}

/** Largest extra space between two CJK characters (em): more makes pdftotext see a word space. */
const MAX_CJK_GAP = 0.08;
/** Largest extra space at a word space (em). */
const MAX_SPACE_GAP = 0.6;

/**
 * How to spread `slack` over the break opportunities of a justified line: one adjustment per boundary
 * between items (index i is the space before `items[i]`, i ≥ 1). Character gaps get at most 0.08 em
 * (so text extraction sees no spaces inside Chinese words), the rest goes to word spaces (at most 0.6 em
 * each). `undefined` when the line cannot be justified within those limits (it stays ragged).
 */
export function spreadGaps(items: { text: string; space: boolean }[], slack: number, size: number): number[] | undefined {
  if (slack <= 0 || items.length < 2) return undefined;
  const kind = items.map((it, i) => (i === 0 ? 'none' : it.space ? 'space' : items[i - 1]!.space ? 'none' : 'char'));
  const chars = kind.filter((k) => k === 'char').length;
  const spaces = kind.filter((k) => k === 'space').length;
  if (chars + spaces === 0) return undefined;
  let perChar = Math.min(MAX_CJK_GAP * size, slack / (chars + spaces));
  let perSpace = perChar;
  if ((chars + spaces) * perChar < slack - 1e-9) {
    perChar = chars > 0 ? Math.min(MAX_CJK_GAP * size, slack / chars) : 0;
    const rest = slack - chars * perChar;
    if (rest > 1e-9) {
      if (spaces === 0 || rest / spaces > MAX_SPACE_GAP * size) return undefined;
      perSpace = rest / spaces;
    } else {
      perSpace = 0;
    }
  }
  return kind.map((k) => (k === 'char' ? perChar : k === 'space' ? perSpace : 0));
}
