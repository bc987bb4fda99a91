export type {
  HeadingBlock,
  KeyValueBlock,
  KeyValueItem,
  PageBreakBlock,
  ParagraphBlock,
  PdfBlock,
  PdfDocumentSpec,
  PdfMetadata,
  SignatureBlock,
  SignatureBox,
  SpacerBlock,
  TableBlock,
  TableColumn,
  TextAlign,
} from './spec.ts';
export { renderDocument, A4 } from './render.ts';
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
