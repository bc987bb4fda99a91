/**
 * The header every PDF the platform issues shares (issue 17 §5): the notices, the platform's own notices,
 * the opening record and the bid receipt. The configured center identity (`deps.config.center`, issue 15
 * §3) is the author in the document properties, the platform's name in every footer and the issuer at the
 * foot of every page; the creation date is passed in (never the clock), so the same data gives the same
 * bytes. A spec is `{ ...documentHeader(…), blocks }`: the key order is part of the rendered bytes.
 */
import type { PdfDocumentSpec } from '@ebid/pdf';
import { documentIssuer, type CenterIdentity } from '../identity/center.ts';

export interface DocumentHeader {
  /** Printed in every footer and the PDF /ID, e.g. `330100-2026-E000042-N7`. */
  documentId: string;
  title: string;
  subtitle: string;
  /** The document properties: title (default: `title`), subject, keywords and creation date. */
  properties: { title?: string; subject: string; keywords: string[]; createdAt: Date };
}

/** Everything of a document spec but its blocks. */
export function documentHeader(h: DocumentHeader, center: CenterIdentity): Omit<PdfDocumentSpec, 'blocks'> {
  return {
    documentId: h.documentId,
    title: h.title,
    subtitle: h.subtitle,
    metadata: { title: h.properties.title ?? h.title, subject: h.properties.subject, author: center.centerName, keywords: h.properties.keywords, creationDate: h.properties.createdAt },
    footerText: center.platformName,
    issuer: documentIssuer(center),
  };
}
