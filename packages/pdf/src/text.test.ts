import { describe, expect, it } from 'vitest';
import { breakLines, segment, spreadGaps } from './text.ts';

// A fake font: CJK characters are 1 wide, everything else 0.5, spaces 0.25.
const measure = (s: string): number => {
  let w = 0;
  for (const ch of s) w += ch === ' ' ? 0.25 : /[\u3000-\u9fff\uff00-\uffef]/u.test(ch) ? 1 : 0.5;
  return w;
};
const texts = (text: string, width: number, first?: number) =>
  breakLines(text, width, measure, first === undefined ? {} : { firstWidth: first }).map((l) => l.text);

describe('breakLines', () => {
  it('breaks Chinese between any two characters', () => {
    expect(texts('一二三四五六七', 3)).toEqual(['一二三', '四五六', '七']);
  });

  it('breaks Latin text only at spaces and drops the space at the break', () => {
    expect(texts('hello world again', 6)).toEqual(['hello world', 'again']);
    expect(texts('hello   world', 3)).toEqual(['hello', 'world']);
  });

  it('mixes Chinese and Latin: a word is never split, CJK breaks next to it', () => {
    expect(texts('投标报价¥1,234,567.89元整', 7)).toEqual(['投标报价', '¥1,234,567.89', '元整']);
    expect(texts('共有 12 家投标人 bidders', 5)).toEqual(['共有 12 家', '投标人', 'bidders']);
  });

  it('keeps closing punctuation off the line start and opening punctuation off the line end', () => {
    expect(texts('一二三，四', 3)).toEqual(['一二', '三，四']);
    expect(texts('一二（三）', 3)).toEqual(['一二', '（三）']);
    expect(texts('一二三,', 3)).toEqual(['一二', '三,']);
    expect(texts('一二三。', 3)).toEqual(['一二', '三。']);
  });

  it('breaks a word wider than the line between characters', () => {
    expect(texts('abcdefgh', 2)).toEqual(['abcd', 'efgh']);
  });

  it('honours hard line breaks and marks the last line of each paragraph', () => {
    const lines = breakLines('一二三四\n五', 3, measure);
    expect(lines.map((l) => [l.text, l.last])).toEqual([
      ['一二三', false],
      ['四', true],
      ['五', true],
    ]);
  });

  it('uses firstWidth for the first line of each paragraph (indent)', () => {
    expect(texts('一二三四五六', 4, 2)).toEqual(['一二', '三四五六']);
    expect(texts('一二三\n四五六', 4, 2)).toEqual(['一二', '三', '四五', '六']);
  });

  it('gives an empty line for empty text and widths that add up', () => {
    expect(breakLines('', 5, measure)).toEqual([{ text: '', width: 0, last: true }]);
    const [l] = breakLines('中文 ab', 10, measure);
    expect(l!.width).toBeCloseTo(measure('中文 ab'));
  });

  it('segments into clusters and spaces', () => {
    expect(segment('中文，English text')).toEqual([
      { text: '中', space: false },
      { text: '文，', space: false },
      { text: 'English', space: false },
      { text: ' ', space: true },
      { text: 'text', space: false },
    ]);
  });
});

describe('spreadGaps (justification)', () => {
  const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);

  it('spreads a small slack evenly over CJK gaps', () => {
    const g = spreadGaps(segment('一二三四五'), 2, 10)!;
    expect(g).toEqual([0, 0.5, 0.5, 0.5, 0.5]);
  });

  it('caps CJK gaps at 0.08 em and puts the rest at word spaces', () => {
    const items = segment('中文 word 文字');
    // items: 中 | 文 | ' ' | word | ' ' | 文 | 字 → char gaps before 文, word?, 字; space gaps before both spaces
    const g = spreadGaps(items, 5, 10)!;
    expect(sum(g)).toBeCloseTo(5);
    items.forEach((it, i) => {
      if (i > 0 && !it.space && !items[i - 1]!.space) expect(g[i]).toBeLessThanOrEqual(0.8 + 1e-9);
    });
    expect(g[2]).toBeGreaterThan(0.8);
  });

  it('leaves a line ragged when it would need too much space', () => {
    expect(spreadGaps(segment('一二三'), 10, 10)).toBeUndefined();
    expect(spreadGaps(segment('a b'), 100, 10)).toBeUndefined();
    expect(spreadGaps(segment('一'), 1, 10)).toBeUndefined();
    expect(spreadGaps(segment('一二'), 0, 10)).toBeUndefined();
  });
});
