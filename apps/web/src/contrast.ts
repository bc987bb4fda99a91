/**
 * WCAG 2.1 contrast of colours as antd's theme writes them (#rgb, #rrggbb, rgb(), rgba()), a translucent
 * colour composited on the background it is drawn on. Used by the palette and theme tests (issue 19 §7).
 */

type Rgb = readonly [number, number, number];

function parse(colour: string, over: Rgb): Rgb {
  const c = colour.trim().toLowerCase();
  let m = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/.exec(c);
  if (m) return [m[1]!, m[2]!, m[3]!].map((h) => parseInt(h + h, 16)) as unknown as Rgb;
  m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/.exec(c);
  if (m) return [m[1]!, m[2]!, m[3]!].map((h) => parseInt(h, 16)) as unknown as Rgb;
  m = /^rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*(?:,\s*([\d.]+)\s*)?\)$/.exec(c);
  if (m) {
    const a = m[4] === undefined ? 1 : Number(m[4]);
    return [Number(m[1]), Number(m[2]), Number(m[3])].map((v, i) => v * a + over[i]! * (1 - a)) as unknown as Rgb;
  }
  throw new Error(`not a colour this parser reads: ${colour}`);
}

function luminance([r, g, b]: Rgb): number {
  const [lr, lg, lb] = [r, g, b].map((v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * lr! + 0.7152 * lg! + 0.0722 * lb!;
}

/** Contrast ratio (1–21) of `fg` drawn on `bg` (`bg` opaque; a translucent `fg` is composited on it). */
export function contrast(fg: string, bg: string): number {
  const back = parse(bg, [255, 255, 255]);
  const [hi, lo] = [luminance(parse(fg, back)), luminance(back)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}
