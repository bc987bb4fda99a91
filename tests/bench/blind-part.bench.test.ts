/**
 * The cost of showing a blind technical part (暗标) without what names its author (`npm run bench`; issue 22
 * §1): `anonymizePdf` (@ebid/pdf: load, drop the metadata, signatures, form and links, copy the pages into
 * a new document, save) on a technical part of BENCH_BLIND_PAGES pages (300) of Chinese text rendered by
 * the platform's own renderer, each page with a scanned figure (an uncompressed 240×180 RGB image, as a
 * scanned certificate or drawing weighs; BENCH_BLIND_SCAN=0 leaves them out) — against the unavoidable floor in the same run: pdf-lib loading the same
 * bytes and saving them again. Goal: anonymize ÷ load+save ≤ 3. The copy is made once per part and kept
 * in the object store (evaluation/viewer.ts), so this is the cost of a part's first view.
 * Both run alternately after a warm-up; the median of RUNS counts. Prints ms, MB/s and the ratio.
 */
import { describe, expect, it } from 'vitest';
// The floor is pdf-lib itself (only packages/pdf imports it in the product): measuring anonymizePdf against
// bare pdf-lib is the benchmark's purpose, so the rule that keeps pdf-lib behind packages/pdf is set aside here.
// eslint-disable-next-line no-restricted-imports -- the benchmark's floor is bare pdf-lib (see above)
import { concatTransformationMatrix, drawObject, PDFDocument, popGraphicsState, pushGraphicsState } from 'pdf-lib';
import { anonymizePdf, renderDocument, type PdfBlock } from '@ebid/pdf';

const PAGES = Number(process.env.BENCH_BLIND_PAGES ?? 300);
const SCAN = process.env.BENCH_BLIND_SCAN !== '0';
const RUNS = 5;
const WARMUP = 1;
const GOAL = 3;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

async function timed<T>(fn: () => Promise<T>): Promise<{ out: T; ms: number }> {
  const t0 = performance.now();
  const out = await fn();
  return { out, ms: performance.now() - t0 };
}

/** A 施工组织设计 of about `pages` pages: headings and long paragraphs, as a bidder's word processor would make it. */
async function technicalPart(pages: number): Promise<Uint8Array> {
  const paragraph = '本工程施工组织设计依据招标文件、设计图纸及现行施工规范编制，涵盖施工部署、进度计划、资源配置、质量安全保证措施及文明施工要求。'.repeat(6);
  const blocks: PdfBlock[] = [];
  for (let i = 1; i <= pages * 3; i++) blocks.push({ kind: 'paragraph', text: `第${i}节`, bold: true }, { kind: 'paragraph', text: paragraph, indent: true });
  const text = await renderDocument({
    documentId: 'TECH-BENCH',
    title: '施工组织设计（暗标）',
    metadata: { title: '某某建设集团技术标', subject: '施工组织设计', author: '某某建设集团', keywords: ['技术标'], creationDate: new Date('2026-03-01T00:00:00Z') },
    blocks,
  });
  if (!SCAN) return text;
  // A scanned figure on every page: pseudo-random pixels (no compression helps), each page its own image.
  const doc = await PDFDocument.load(text, { updateMetadata: false });
  const [w, h] = [240, 180];
  let seed = 1;
  for (const page of doc.getPages()) {
    const pixels = new Uint8Array(w * h * 3);
    for (let i = 0; i < pixels.length; i++) pixels[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
    const image = doc.context.register(doc.context.stream(pixels, { Type: 'XObject', Subtype: 'Image', Width: w, Height: h, ColorSpace: 'DeviceRGB', BitsPerComponent: 8 }));
    const name = page.node.newXObject('Scan', image);
    page.pushOperators(pushGraphicsState(), concatTransformationMatrix(w, 0, 0, h, 300, 60), drawObject(name), popGraphicsState());
  }
  return doc.save();
}

describe(`blind technical part: anonymizePdf on ${PAGES} pages`, () => {
  it('anonymize ÷ pdf-lib load + save of the same bytes', async () => {
    const original = await technicalPart(PAGES);
    const pages = (await PDFDocument.load(original, { updateMetadata: false })).getPageCount();
    expect(pages).toBeGreaterThan(PAGES / 2);
    const floor = async () => (await PDFDocument.load(original, { updateMetadata: false })).save({ useObjectStreams: false });
    for (let i = 0; i < WARMUP; i++) {
      await anonymizePdf(original);
      await floor();
    }
    const anon: number[] = [];
    const bare: number[] = [];
    let out: Uint8Array = new Uint8Array();
    for (let i = 0; i < RUNS; i++) {
      const a = await timed(() => anonymizePdf(original));
      out = a.out;
      anon.push(a.ms);
      bare.push((await timed(floor)).ms);
    }
    expect((await PDFDocument.load(out, { updateMetadata: false })).getPageCount()).toBe(pages);
    const mb = original.length / 1e6;
    const a = median(anon);
    const b = median(bare);
    const ratio = a / b;
    console.log(
      `[bench] blind part: ${pages} pages, ${mb.toFixed(1)} MB → ${(out.length / 1e6).toFixed(1)} MB; anonymizePdf ${a.toFixed(0)} ms (${(mb / (a / 1000)).toFixed(1)} MB/s, ${(a / pages).toFixed(2)} ms/page); pdf-lib load+save ${b.toFixed(0)} ms; ratio ${ratio.toFixed(2)}× (goal ≤ ${GOAL}×)`,
    );
    expect(ratio).toBeLessThanOrEqual(GOAL);
  }, 600_000);
});
