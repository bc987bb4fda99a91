/**
 * The platform seal: ONE embedded PDF signature (DESIGN §5) that poppler's `pdfsig` accepts, made with
 * `PlatformPki.signDetached` so the platform key never leaves @ebid/pki.
 *
 * sealPdf rewrites the PDF with pdf-lib (classic xref table, no object streams: docs/stack.md gotcha 14),
 * adding an invisible signature field whose value is a signature dictionary with a zero-filled /Contents
 * placeholder and a /ByteRange placeholder. It then fills in the byte ranges (everything but the
 * /Contents hex string), has the platform sign those bytes (CMS SignedData, detached, SHA-256, the
 * signer certificate and the root included) and writes the DER, hex-encoded, into the placeholder.
 *
 * Because pdf-lib rewrites the whole file, sealing must be the last step: an earlier embedded signature
 * would break. A sealed PDF is refused.
 */
import { type CertInfo, type CmsFailReason, type PlatformPki, hasPlatformSealIdentity, parseCertificate, verifyCmsDetached } from '@ebid/pki';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFString,
  type PDFObject,
} from './pdf-lib.ts';

export const SUBFILTER_PKCS7 = 'adbe.pkcs7.detached';
export const SUBFILTER_CADES = 'ETSI.CAdES.detached';

/** Bytes reserved for the CMS (the hex placeholder is twice as long). ~3 KB are used with the dev PKI. */
const SIGNATURE_BYTES = 8192;
const BYTE_RANGE_MARK = '**********';
const SEAL_FIELD_NAME = 'EbidPlatformSeal';

export interface SealOptions {
  /** /Reason, e.g. "中标通知书 平台签章" */
  reason: string;
  /** /Location */
  location?: string;
  /** /M in the signature dictionary (the CMS signingTime attribute is set by @ebid/pki's clock) */
  signingTime: Date;
  /** /Name; defaults to the platform certificate's CN */
  name?: string;
  /** /ContactInfo */
  contactInfo?: string;
  /**
   * /SubFilter, default adbe.pkcs7.detached. The CMS carries signingTime and ESS signingCertificateV2
   * attributes, so ETSI.CAdES.detached also passes pdfsig, but PAdES baseline forbids the signingTime
   * attribute: stay with adbe.pkcs7.detached unless a validator asks for CAdES.
   */
  subFilter?: typeof SUBFILTER_PKCS7 | typeof SUBFILTER_CADES;
}

export class PdfSealError extends Error {
  constructor(
    readonly reason: 'ALREADY_SIGNED' | 'PLACEHOLDER_NOT_FOUND' | 'SIGNATURE_TOO_LARGE' | 'PDF_MALFORMED',
    message: string,
  ) {
    super(message);
    this.name = 'PdfSealError';
  }
}

function text(s: string): PDFHexString {
  return PDFHexString.fromText(s);
}

function signatureDicts(doc: PDFDocument): PDFDict[] {
  const out: PDFDict[] = [];
  for (const [, obj] of doc.context.enumerateIndirectObjects()) {
    if (obj instanceof PDFDict && obj.has(PDFName.of('ByteRange')) && obj.has(PDFName.of('Contents'))) out.push(obj);
  }
  return out;
}

function indexOfUnique(hay: Buffer, needle: string, what: string): number {
  const i = hay.indexOf(needle, 0, 'latin1');
  if (i < 0 || hay.indexOf(needle, i + 1, 'latin1') >= 0) {
    throw new PdfSealError('PLACEHOLDER_NOT_FOUND', `${what}: expected exactly one placeholder`);
  }
  return i;
}

/** Adds the platform seal (one embedded signature) to `pdf` and returns the sealed file. */
export async function sealPdf(
  pdf: Uint8Array,
  pki: Pick<PlatformPki, 'signDetached' | 'platformInfo'>,
  opts: SealOptions,
): Promise<Uint8Array> {
  if (!(opts.signingTime instanceof Date) || Number.isNaN(opts.signingTime.getTime())) {
    throw new TypeError('signingTime must be a valid Date');
  }
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(pdf, { updateMetadata: false });
  } catch (e) {
    throw new PdfSealError('PDF_MALFORMED', `cannot parse the PDF: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (signatureDicts(doc).length > 0) throw new PdfSealError('ALREADY_SIGNED', 'the PDF already carries a signature');
  const page = doc.getPages()[0];
  if (!page) throw new PdfSealError('PDF_MALFORMED', 'the PDF has no page');
  const ctx = doc.context;

  const byteRange = PDFArray.withContext(ctx);
  byteRange.push(PDFNumber.of(0));
  for (let i = 0; i < 3; i++) byteRange.push(PDFName.of(BYTE_RANGE_MARK));
  const name = opts.name ?? pki.platformInfo.subject.CN ?? pki.platformInfo.subjectDn;
  const sig = ctx.obj({
    Type: 'Sig',
    Filter: 'Adobe.PPKLite',
    SubFilter: opts.subFilter ?? SUBFILTER_PKCS7,
    ByteRange: byteRange,
    Contents: PDFHexString.of('0'.repeat(SIGNATURE_BYTES * 2)),
    Reason: text(opts.reason),
    M: PDFString.fromDate(opts.signingTime),
    Name: text(name),
    ...(opts.location ? { Location: text(opts.location) } : {}),
    ...(opts.contactInfo ? { ContactInfo: text(opts.contactInfo) } : {}),
    Prop_Build: { App: { Name: 'ebid' } },
  });
  const sigRef = ctx.register(sig);

  // An invisible widget on page 1 (Print | Locked); the visible "平台签章" box is part of the page.
  const widget = ctx.obj({
    Type: 'Annot',
    Subtype: 'Widget',
    FT: 'Sig',
    T: PDFString.of(SEAL_FIELD_NAME),
    Rect: [0, 0, 0, 0],
    F: 132,
    P: page.ref,
    V: sigRef,
  });
  const widgetRef = ctx.register(widget);
  const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
  if (annots) annots.push(widgetRef);
  else page.node.set(PDFName.of('Annots'), ctx.obj([widgetRef]));

  let acroForm = doc.catalog.lookupMaybe(PDFName.of('AcroForm'), PDFDict);
  if (!acroForm) {
    acroForm = ctx.obj({ Fields: [] });
    doc.catalog.set(PDFName.of('AcroForm'), ctx.register(acroForm));
  }
  const fields = acroForm.lookupMaybe(PDFName.of('Fields'), PDFArray);
  if (fields) fields.push(widgetRef);
  else acroForm.set(PDFName.of('Fields'), ctx.obj([widgetRef]));
  const flags = acroForm.lookupMaybe(PDFName.of('SigFlags'), PDFNumber)?.asNumber() ?? 0;
  acroForm.set(PDFName.of('SigFlags'), PDFNumber.of(flags | 3)); // SignaturesExist | AppendOnly

  const out = Buffer.from(await doc.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false }));

  // Fill in the byte ranges: everything except the <…> hex string of /Contents.
  const contentsHex = `<${'0'.repeat(SIGNATURE_BYTES * 2)}>`;
  const start = indexOfUnique(out, contentsHex, '/Contents');
  const end = start + contentsHex.length;
  const brMark = `[ 0 /${BYTE_RANGE_MARK} /${BYTE_RANGE_MARK} /${BYTE_RANGE_MARK} ]`;
  const brPos = indexOfUnique(out, brMark, '/ByteRange');
  const br = `[0 ${start} ${end} ${out.length - end}]`;
  if (br.length > brMark.length) throw new PdfSealError('PLACEHOLDER_NOT_FOUND', '/ByteRange placeholder too short');
  out.write(br.padEnd(brMark.length, ' '), brPos, 'latin1');

  const cms = pki.signDetached(Buffer.concat([out.subarray(0, start), out.subarray(end)]));
  if (cms.length > SIGNATURE_BYTES) {
    throw new PdfSealError('SIGNATURE_TOO_LARGE', `the CMS (${cms.length} bytes) exceeds the ${SIGNATURE_BYTES}-byte placeholder`);
  }
  out.write(cms.toString('hex').toUpperCase(), start + 1, 'latin1');
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

// ---------------------------------------------------------------- verification

export type SealFailReason =
  | 'NOT_SEALED'
  | 'MULTIPLE_SIGNATURES'
  | 'PDF_MALFORMED'
  | 'BYTE_RANGE_INVALID'
  | 'NOT_WHOLE_FILE'
  | 'UNEXPECTED_SIGNER'
  | CmsFailReason;

export interface SealInfo {
  /** true when the signed byte ranges are the whole file except the signature itself */
  coversWholeFile: boolean;
  /** the certificate that made the CMS signature (set when the CMS signature itself verified) */
  signer?: CertInfo;
  /** the CMS signingTime attribute (authenticated) */
  signingTime?: Date;
  /** /M of the signature dictionary (not authenticated) */
  declaredSigningTime?: Date;
  subFilter?: string;
  /** /Reason */
  sealReason?: string;
  location?: string;
}

export type SealCheck = (SealInfo & { ok: true; signer: CertInfo }) | (SealInfo & { ok: false; reason: SealFailReason });

export interface VerifySealOptions {
  /** PEM trust anchors for the signer's chain (the platform root) */
  trustedRootsPem: string[];
  /** the instant at which the signer certificate must be valid */
  at: Date;
  /**
   * When set, the signer must be exactly this certificate (e.g. the platform's own); otherwise it must
   * carry the platform seal identity (issue 14 §3, NOT_PLATFORM_SEAL) or be one of `legacySealFingerprints`.
   */
  expectedSignerPem?: string;
  /** seal certificates from before the seal identity (PlatformPki.sealTrust.legacySealFingerprints) */
  legacySealFingerprints?: string[];
  isRevoked?: (serialHex: string, issuerDn: string) => boolean;
}

/** Length of the DER TLV at the start of `b` (the CMS is followed by zero padding). */
function derLength(b: Buffer): number | undefined {
  if (b.length < 2 || b[0] !== 0x30) return undefined;
  const first = b[1]!;
  if (first < 0x80) return 2 + first;
  const n = first & 0x7f;
  if (n < 1 || n > 4 || b.length < 2 + n) return undefined;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + b[2 + i]!;
  return 2 + n + len <= b.length ? 2 + n + len : undefined;
}

function textOf(o: PDFObject | undefined): string | undefined {
  return o instanceof PDFHexString || o instanceof PDFString ? o.decodeText() : undefined;
}

function dateOf(o: PDFObject | undefined): Date | undefined {
  try {
    return o instanceof PDFHexString || o instanceof PDFString ? o.decodeDate() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Verifies the one embedded seal of `pdf` with @ebid/pki (no pdfsig needed): the byte ranges must cover
 * the whole file except the /Contents hex string, and the CMS must verify over them with a signer
 * certificate that chains to `trustedRootsPem` at `at`.
 */
export async function verifySealedPdf(pdf: Uint8Array, opts: VerifySealOptions): Promise<SealCheck> {
  const bytes = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  const fail = (reason: SealFailReason, info: SealInfo = { coversWholeFile: false }): SealCheck => ({ ok: false, reason, ...info });
  let sigs: PDFDict[];
  try {
    const doc = await PDFDocument.load(bytes, { updateMetadata: false, ignoreEncryption: true, throwOnInvalidObject: true });
    sigs = signatureDicts(doc);
  } catch {
    return fail('PDF_MALFORMED');
  }
  if (sigs.length === 0) return fail('NOT_SEALED');
  if (sigs.length > 1) return fail('MULTIPLE_SIGNATURES');
  const sig = sigs[0]!;
  const subFilter = sig.lookupMaybe(PDFName.of('SubFilter'), PDFName)?.decodeText();
  const sealReason = textOf(sig.lookup(PDFName.of('Reason')));
  const location = textOf(sig.lookup(PDFName.of('Location')));
  const declaredSigningTime = dateOf(sig.lookup(PDFName.of('M')));
  const info: SealInfo = {
    coversWholeFile: false,
    ...(subFilter ? { subFilter } : {}),
    ...(sealReason !== undefined ? { sealReason } : {}),
    ...(location !== undefined ? { location } : {}),
    ...(declaredSigningTime ? { declaredSigningTime } : {}),
  };
  if (subFilter !== SUBFILTER_PKCS7 && subFilter !== SUBFILTER_CADES) return fail('BYTE_RANGE_INVALID', info);

  const br = sig.lookupMaybe(PDFName.of('ByteRange'), PDFArray)?.asArray();
  const nums = br?.map((n) => (n instanceof PDFNumber ? n.asNumber() : Number.NaN));
  if (!nums || nums.length !== 4 || nums.some((n) => !Number.isSafeInteger(n) || n < 0)) return fail('BYTE_RANGE_INVALID', info);
  const [s1, l1, s2, l2] = nums as [number, number, number, number];
  if (s1 !== 0 || l1 >= s2 || s2 + l2 > bytes.length) return fail('BYTE_RANGE_INVALID', info);
  // The gap must be exactly the <hex> string of /Contents.
  const gap = bytes.subarray(l1, s2).toString('latin1');
  if (!/^<[0-9A-Fa-f]*>$/.test(gap) || gap.length % 2 !== 0) return fail('BYTE_RANGE_INVALID', info);
  const contents = sig.lookup(PDFName.of('Contents'));
  if (!(contents instanceof PDFHexString) || contents.asString().toUpperCase() !== gap.slice(1, -1).toUpperCase()) {
    return fail('BYTE_RANGE_INVALID', info);
  }
  info.coversWholeFile = s2 + l2 === bytes.length;

  const cmsPadded = Buffer.from(gap.slice(1, -1), 'hex');
  const len = derLength(cmsPadded);
  if (len === undefined) return fail('CMS_MALFORMED', info);
  const content = Buffer.concat([bytes.subarray(0, l1), bytes.subarray(s2, s2 + l2)]);
  const check = verifyCmsDetached(cmsPadded.subarray(0, len), content, {
    trustedRootsPem: opts.trustedRootsPem,
    at: opts.at,
    usage: 'signing',
    ...(opts.isRevoked ? { isRevoked: opts.isRevoked } : {}),
  });
  if (!check.ok) return fail(check.reason, info);
  const signed: SealInfo = { ...info, signer: check.signer, ...(check.signingTime ? { signingTime: check.signingTime } : {}) };
  if (!info.coversWholeFile) return fail('NOT_WHOLE_FILE', signed);
  if (opts.expectedSignerPem !== undefined) {
    if (parseCertificate(opts.expectedSignerPem).fingerprintSha256 !== check.signer.fingerprintSha256) {
      return fail('UNEXPECTED_SIGNER', signed);
    }
  } else if (!hasPlatformSealIdentity(check.signer) && !(opts.legacySealFingerprints ?? []).includes(check.signer.fingerprintSha256)) {
    return fail('NOT_PLATFORM_SEAL', signed);
  }
  return { ...signed, ok: true, signer: check.signer };
}
