/**
 * The member's signatures in the browser (issue 22 §1, §4, §5): the avoidance declaration's exact text, a
 * sheet's exact bytes as the server gives them (sheetToSign), the sealed report's PDF bytes — each a detached
 * CMS made with the member's own signing key (kept by this browser or imported for the session); the key
 * never leaves the browser.
 */
import { AppError } from '@ebid/domain';
import type { BidKeys } from '../bids/seal-upload.ts';
import { bytesToBase64, utf8 } from '../certs.ts';
import { textPair } from '../i18n.ts';
import { base64ToBytes, fetchRecord, sha256Hex } from '../opening/crypto.ts';
import { loadPki, type Pki } from '../pki.ts';
import { reportUrl } from './model.ts';

export type SigningKind = 'evaluation-declaration' | 'evaluation-sheet' | 'opening-record';

export function keyMissing(): AppError {
  return new AppError('VALIDATION', textPair('evaluation.keys.missing'), { field: 'keys', reason: 'KEY_MISSING' });
}

export async function signDetached(kind: SigningKind, bytes: Uint8Array<ArrayBuffer>, keys: BidKeys | null, pki?: Pki): Promise<string> {
  if (!keys) throw keyMissing();
  const p = pki ?? (await loadPki());
  const der = await p.signCmsDetachedAsWithWebCrypto(kind, bytes, {
    privateKey: keys.signingKey,
    certPem: keys.signerCertPem,
    ...(keys.chainPems ? { chainPem: keys.chainPems } : {}),
  });
  return bytesToBase64(der);
}

export function signDeclaration(text: string, keys: BidKeys | null): Promise<string> {
  return signDetached('evaluation-declaration', utf8(text), keys);
}

/** The sheet's bytes as the server gives them, checked against their SHA-256, then signed. */
export async function signSheetBytes(toSign: { bytesBase64: string; sha256: string }, keys: BidKeys | null): Promise<{ sha256: string; signatureBase64: string }> {
  const bytes = base64ToBytes(toSign.bytesBase64);
  const sha256 = await sha256Hex(bytes);
  if (sha256 !== toSign.sha256) {
    throw new AppError('CONFLICT', textPair('evaluation.sheet.bytesChanged'), { reason: 'SHEET_BYTES_MISMATCH' });
  }
  return { sha256, signatureBase64: await signDetached('evaluation-sheet', bytes, keys) };
}

/** The sealed report's PDF as the server serves it, checked to be the version on screen, then signed. */
export async function signReportPdf(
  evaluationId: number,
  reportSha256: string,
  keys: BidKeys | null,
  fetcher: typeof fetch = fetch,
): Promise<{ sha256: string; signatureBase64: string }> {
  if (!keys) throw keyMissing();
  const pdf = await fetchRecord(`${reportUrl(evaluationId)}?sha256=${reportSha256}`, fetcher);
  const sha256 = await sha256Hex(pdf);
  if (sha256 !== reportSha256) {
    throw new AppError('CONFLICT', textPair('evaluation.report.changed'), { reason: 'REPORT_OUTDATED' });
  }
  return { sha256, signatureBase64: await signDetached('opening-record', pdf, keys) };
}
