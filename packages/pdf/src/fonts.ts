/**
 * The CJK fonts: Noto Sans SC (Regular and Bold, plain TrueType, SIL OFL 1.1) from the npm package
 * `@expo-google-fonts/noto-sans-sc`, so PDFs render the same with no system fonts at all.
 *
 * Two work-arounds for @pdf-lib/fontkit 1.1.1 (docs/stack.md §5, gotcha 11):
 * - its TrueType subsetter writes glyph records of odd length next to a short-format `loca` table
 *   (offsets stored / 2), so many glyphs of the subset vanish. `patchFontkitSubsetPadding` pads every
 *   glyph record to an even length;
 * - the fontkit object handed to pdf-lib returns one parsed font per face, cached for the process,
 *   instead of re-parsing the 10 MB file for every document.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type PDFDocument, fontkit } from './pdf-lib.ts';

type Fontkit = Parameters<PDFDocument['registerFontkit']>[0];

export type FontFace = 'regular' | 'bold';

const FONT_FILES: Record<FontFace, string> = {
  regular: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
};

/** PostScript names used (after the subset tag) as the PDF BaseFont. */
export const FONT_NAMES: Record<FontFace, string> = { regular: 'NotoSansSC-Regular', bold: 'NotoSansSC-Bold' };

type FontkitFont = ReturnType<Fontkit['create']>;

interface LoadedFace {
  bytes: Uint8Array;
  font: FontkitFont;
}

const faces = new Map<FontFace, LoadedFace>();
const byBytes = new WeakMap<Uint8Array, FontkitFont>();

/** Absolute path of a face's TTF inside node_modules. */
export function fontPath(face: FontFace): string {
  return createRequire(import.meta.url).resolve(FONT_FILES[face]);
}

/** The face's bytes and its parsed fontkit font (loaded once per process; the pad patch applied). */
export function loadFace(face: FontFace): LoadedFace {
  const hit = faces.get(face);
  if (hit) return hit;
  const bytes = new Uint8Array(readFileSync(fontPath(face)));
  const font = fontkit.create(bytes);
  patchFontkitSubsetPadding(font);
  const loaded = { bytes, font };
  faces.set(face, loaded);
  byBytes.set(bytes, font);
  return loaded;
}

/** The fontkit that pdf-lib uses: hands back the cached parsed font for our own face bytes. */
export const cachingFontkit: Fontkit = {
  create(buffer: Uint8Array, postscriptName?: string) {
    return byBytes.get(buffer) ?? fontkit.create(buffer, postscriptName);
  },
};

// ---------------------------------------------------------------- fontkit subset padding patch

interface SubsetBuffer extends Uint8Array {
  copy(target: Uint8Array, targetStart: number, sourceStart: number, sourceEnd: number): number;
}
interface SubsetBufferClass {
  alloc(size: number): SubsetBuffer;
}
interface TtfSubset {
  glyf: SubsetBuffer[];
  offset: number;
}
interface TtfSubsetProto {
  _addGlyph(this: TtfSubset, gid: number): number;
  __ebidPadPatched?: boolean;
}

/**
 * Pads every glyph record of fontkit's TrueType subset to an even length. Idempotent; patches the
 * TTFSubset prototype of the fontkit bundle that pdf-lib uses.
 */
export function patchFontkitSubsetPadding(sample: FontkitFont): void {
  const subset = (sample as unknown as { createSubset(): object }).createSubset();
  const proto = Object.getPrototypeOf(subset) as TtfSubsetProto;
  if (typeof proto._addGlyph !== 'function') throw new Error('fontkit: not a TrueType subset, cannot apply the pad patch');
  if (proto.__ebidPadPatched) return;
  const orig = proto._addGlyph;
  proto._addGlyph = function (this: TtfSubset, gid: number): number {
    const idx = orig.call(this, gid);
    const buf = this.glyf[idx];
    if (buf && buf.length % 2 === 1) {
      // Allocate with the bundle's own Buffer class: the ES build ships a Buffer polyfill and its
      // encoder rejects a Node Buffer ("Invalid non-string/buffer chunk").
      const B = buf.constructor as unknown as SubsetBufferClass;
      const padded = B.alloc(buf.length + 1);
      buf.copy(padded, 0, 0, buf.length);
      this.glyf[idx] = padded;
      this.offset += 1;
    }
    return idx;
  };
  proto.__ebidPadPatched = true;
}

// ---------------------------------------------------------------- glyph coverage and subset tags

/** Characters of `text` (whitespace and controls ignored) that the face has no glyph for. */
export function missingGlyphs(text: string, face: FontFace = 'regular'): string[] {
  const { font } = loadFace(face);
  const out = new Set<string>();
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x20 || /\s/u.test(ch)) continue;
    if (!font.hasGlyphForCodePoint(cp)) out.add(ch);
  }
  return [...out];
}

/**
 * A PDF subset tag (six upper-case letters, ISO 32000 §9.6.4) derived from `seed`: deterministic, so the
 * same document renders to the same bytes, and different documents get different tags.
 */
export function subsetTag(seed: string): string {
  const h = createHash('sha256').update(seed).digest();
  let tag = '';
  for (let i = 0; i < 6; i++) tag += String.fromCharCode(65 + (h[i]! % 26));
  return tag;
}
