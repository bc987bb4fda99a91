/**
 * A blind technical part (暗标, issue 22 §1) shown without what names its author: the pages only, copied
 * into a new document. Left behind: the document information dictionary (title, author, creator,
 * producer, dates), the XMP metadata, the form with its signature fields (a signature dictionary carries
 * the signer's name and certificate), every form widget and link annotation with it, the outlines,
 * attachments, JavaScript and the document ID. Page contents, resources and the other annotations
 * (comments) are kept: they are the bid.
 *
 * Copying pages (rather than deleting keys in place) matters: pdf-lib writes every object of a document,
 * so a signature dictionary unlinked but left in the file would still be in the bytes; a copy carries only
 * what the pages reach.
 */
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef } from './pdf-lib.ts';

export class PdfAnonymizeError extends Error {
  constructor(cause: unknown) {
    super('not a readable PDF', { cause });
    this.name = 'PdfAnonymizeError';
  }
}

/** Page keys that belong to the producing application, not to what the page shows. */
const PAGE_KEYS_DROPPED = ['Metadata', 'PieceInfo', 'AA', 'StructParents', 'Thumb'];
/** Annotations that name their author or act: form widgets (signatures), links, embedded files, scripts. */
const ANNOTATIONS_DROPPED = new Set(['Widget', 'Link', 'FileAttachment', 'Screen', 'Movie', 'Sound', 'RichMedia']);

function keepAnnotation(doc: PDFDocument, ref: unknown): boolean {
  const a = ref instanceof PDFRef ? doc.context.lookup(ref) : ref;
  if (!(a instanceof PDFDict)) return false;
  const subtype = a.get(PDFName.of('Subtype'));
  if (subtype instanceof PDFName && ANNOTATIONS_DROPPED.has(subtype.decodeText())) return false;
  // The author of a comment (/T) and its popup's text stay — they are the bid's content — but its name does not.
  a.delete(PDFName.of('T'));
  return true;
}

/** The pages of `bytes` in a new PDF without identifying metadata (see the file comment); PdfAnonymizeError when unreadable. */
export async function anonymizePdf(bytes: Uint8Array): Promise<Uint8Array> {
  try {
    const src = await PDFDocument.load(bytes, { updateMetadata: false });
    if (src.getPageCount() === 0) throw new Error('no pages');
    for (const page of src.getPages()) {
      for (const k of PAGE_KEYS_DROPPED) page.node.delete(PDFName.of(k));
      const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
      if (!annots) continue;
      const kept = annots.asArray().filter((a) => keepAnnotation(src, a));
      if (kept.length === 0) page.node.delete(PDFName.of('Annots'));
      else page.node.set(PDFName.of('Annots'), src.context.obj(kept));
    }
    const out = await PDFDocument.create({ updateMetadata: false });
    for (const p of await out.copyPages(src, src.getPageIndices())) out.addPage(p);
    // No object streams: the result is plain objects, checkable with any PDF tool.
    return await out.save({ updateFieldAppearances: false, useObjectStreams: false });
  } catch (e) {
    // pdf-lib parses leniently and fails late (a missing page tree): any failure is an unreadable PDF.
    throw new PdfAnonymizeError(e);
  }
}
