/**
 * The bid receipt (issue 6 §5, issue 13 §6): the JSON the platform signs at finalize (a detached CMS over
 * its exact UTF-8 bytes, `openssl cms -verify` checks it) and hands to the bidder as receipt.json. ONE
 * builder for the platform and ONE strict parser for everyone who reads a receipt back (`ebid
 * verify-receipt`, the receipt PDF). Pure and browser-safe.
 *
 * Version 2 (written since issue 13 §6), exactly these keys in this order (JSON.stringify, no whitespace):
 *
 *   {"type":"ebid-bid-receipt","v":2,"bidId","version","projectId","unifiedDealCode","sectionId",
 *    "sectionCode","bidderOrgId","bidderName","signerCertSerial","receivedAt","parts":[{"part","size",
 *    "partHash","headerSha256"},…],"auditRoot"}
 *
 * `auditRoot` is the latest published audit root with the inclusion proof of the project's chain head in
 * it (packages/audit root.ts, checked there), or null when none covered the project yet. Version 1
 * (receipts issued before) is the same without `auditRoot`. A receipt already issued is never rebuilt:
 * its signature is over the stored text, so the layout here must not change.
 */
import { AppError } from './errors.ts';
import { decodeUtf8Strict, hasExactKeys, parseJsonStrict, StrictJsonError } from './strict-json.ts';

export const BID_RECEIPT_TYPE = 'ebid-bid-receipt';
export const BID_RECEIPT_VERSION = 2;

/** One sealed part as the receipt names it: its size, chunked part hash and envelope header hash. */
export interface BidReceiptPart {
  part: string;
  size: number;
  partHash: string;
  headerSha256: string;
}

/** What the platform attests at finalize; `W` is the audit-root witness block (opaque here). */
export interface BidReceiptFields<W = unknown> {
  bidId: number;
  version: number;
  projectId: number;
  unifiedDealCode: string;
  sectionId: number;
  sectionCode: string;
  bidderOrgId: number;
  bidderName: string;
  signerCertSerial: string;
  /** server time of arrival (ISO) */
  receivedAt: string;
  parts: BidReceiptPart[];
  auditRoot: W | null;
}

/** A receipt as read back: version 1 has no `auditRoot` (undefined), version 2 always has one (maybe null). */
export interface BidReceipt extends Omit<BidReceiptFields, 'auditRoot'> {
  type: typeof BID_RECEIPT_TYPE;
  v: 1 | 2;
  auditRoot?: unknown;
}

const V1_KEYS = ['type', 'v', 'bidId', 'version', 'projectId', 'unifiedDealCode', 'sectionId', 'sectionCode', 'bidderOrgId', 'bidderName', 'signerCertSerial', 'receivedAt', 'parts'] as const;
const V2_KEYS = [...V1_KEYS, 'auditRoot'] as const;
const PART_KEYS = ['part', 'size', 'partHash', 'headerSha256'] as const;

/** The exact text the platform signs (version 2). */
export function bidReceiptJson<W>(f: BidReceiptFields<W>): string {
  return JSON.stringify({
    type: BID_RECEIPT_TYPE,
    v: BID_RECEIPT_VERSION,
    bidId: f.bidId,
    version: f.version,
    projectId: f.projectId,
    unifiedDealCode: f.unifiedDealCode,
    sectionId: f.sectionId,
    sectionCode: f.sectionCode,
    bidderOrgId: f.bidderOrgId,
    bidderName: f.bidderName,
    signerCertSerial: f.signerCertSerial,
    receivedAt: f.receivedAt,
    parts: f.parts.map((p) => ({ part: p.part, size: p.size, partHash: p.partHash, headerSha256: p.headerSha256 })),
    auditRoot: f.auditRoot,
  });
}

/** A refused receipt: AppError VALIDATION, reason RECEIPT_INVALID, `cause` NOT_JSON | NOT_A_RECEIPT | FIELD. */
function invalid(cause: 'NOT_JSON' | 'NOT_A_RECEIPT' | 'FIELD', en: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError('VALIDATION', { zh: '回执格式错误', en: `The bid receipt is invalid: ${en}` }, { reason: 'RECEIPT_INVALID', cause, ...extra });
}

const isRecord = (o: unknown): o is Record<string, unknown> => typeof o === 'object' && o !== null && !Array.isArray(o);
const isId = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n > 0;
const isSize = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
const isText = (s: unknown): s is string => typeof s === 'string';

function part(p: unknown, i: number): BidReceiptPart {
  if (!hasExactKeys(p, PART_KEYS)) throw invalid('FIELD', `parts[${i}] must have exactly ${PART_KEYS.join(', ')}`, { field: 'parts' });
  const { part: name, size, partHash, headerSha256 } = p;
  if (!isText(name) || !isSize(size) || !isText(partHash) || !isText(headerSha256)) throw invalid('FIELD', `parts[${i}] has a field of the wrong type`, { field: 'parts' });
  return { part: name, size, partHash, headerSha256 };
}

/**
 * Parses a receipt strictly: UTF-8, JSON without duplicate keys, type `ebid-bid-receipt`, version 1 or 2
 * with exactly its keys in the builder's order, every field of its type. Anything else → AppError
 * VALIDATION, reason RECEIPT_INVALID, with `cause` NOT_JSON (not JSON at all), NOT_A_RECEIPT (JSON of
 * another kind) or FIELD. It checks the shape only: the platform's signature over the bytes and the
 * audit root's proof are the reader's to verify.
 */
export function parseBidReceipt(input: Uint8Array | string): BidReceipt {
  let o: unknown;
  try {
    o = parseJsonStrict(typeof input === 'string' ? input : decodeUtf8Strict(input));
  } catch (e) {
    if (e instanceof StrictJsonError) throw invalid('NOT_JSON', e.message);
    throw e;
  }
  if (!isRecord(o) || o.type !== BID_RECEIPT_TYPE || (o.v !== 1 && o.v !== 2) || !Array.isArray(o.parts)) {
    throw invalid('NOT_A_RECEIPT', `not an ${BID_RECEIPT_TYPE} of version 1 or 2`);
  }
  const r = o;
  const v = o.v;
  const parts = o.parts;
  if (!hasExactKeys(r, v === 1 ? V1_KEYS : V2_KEYS)) throw invalid('FIELD', 'missing, unknown or reordered fields');
  const id = (field: string): number => {
    const x = r[field];
    if (!isId(x)) throw invalid('FIELD', `${field} must be a positive integer`, { field });
    return x;
  };
  const text = (field: string): string => {
    const x = r[field];
    if (!isText(x)) throw invalid('FIELD', `${field} must be a string`, { field });
    return x;
  };
  const receipt: BidReceipt = {
    type: BID_RECEIPT_TYPE,
    v,
    bidId: id('bidId'),
    version: id('version'),
    projectId: id('projectId'),
    unifiedDealCode: text('unifiedDealCode'),
    sectionId: id('sectionId'),
    sectionCode: text('sectionCode'),
    bidderOrgId: id('bidderOrgId'),
    bidderName: text('bidderName'),
    signerCertSerial: text('signerCertSerial'),
    receivedAt: text('receivedAt'),
    parts: parts.map(part),
  };
  if (v === 2) {
    if (r.auditRoot !== null && !isRecord(r.auditRoot)) throw invalid('FIELD', 'auditRoot must be an object or null', { field: 'auditRoot' });
    receipt.auditRoot = r.auditRoot;
  }
  return receipt;
}
