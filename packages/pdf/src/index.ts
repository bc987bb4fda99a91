/**
 * @ebid/pdf: the platform's PDF documents (notices, opening record, evaluation report, award notices).
 *
 * - renderDocument(spec): a small document model → A4 PDF with Noto Sans SC embedded as subsets;
 *   deterministic (same spec → same bytes).
 * - sealPdf(pdf, pki, opts): adds the ONE embedded platform seal (adbe.pkcs7.detached) that pdfsig
 *   accepts, signed through PlatformPki.signDetached (the key stays in @ebid/pki). Seal last.
 * - verifySealedPdf(pdf, opts): checks that seal with @ebid/pki, without pdfsig.
 */
export type {
  HeadingBlock,
  KeyValueBlock,
  KeyValueItem,
  PageBreakBlock,
  ParagraphBlock,
  PdfBlock,
  PdfDocumentSpec,
  PdfIssuer,
  PdfMetadata,
  SignatureBlock,
  SignatureBox,
  SpacerBlock,
  TableBlock,
  TableColumn,
  TextAlign,
} from './spec.ts';
export { renderDocument, A4 } from './render.ts';
export { anonymizePdf, PdfAnonymizeError } from './anonymize.ts';
export { missingGlyphs } from './fonts.ts';
export { breakLines, type Line } from './text.ts';
export {
  PdfSealError,
  SUBFILTER_CADES,
  SUBFILTER_PKCS7,
  sealPdf,
  verifySealedPdf,
  type SealCheck,
  type SealFailReason,
  type SealInfo,
  type SealOptions,
  type VerifySealOptions,
} from './seal.ts';
