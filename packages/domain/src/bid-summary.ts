/**
 * The 开标一览表 (bid summary) as sealed bytes (issue 14 §1, §7): ONE encoder and ONE strict parser for
 * every writer (web, CLI, seeds, test kits) and the opening. Pure and browser-safe.
 *
 * Format 2 (written by every client since issue 14):
 *
 *   {"type":"ebid-bid-summary","v":2,"projectId":…,"sectionId":…,"priceFen":…,"durationDays":…|null,
 *    "quality":"…"|null,"salt":"<32 hex digits>"}
 *
 * exactly these keys in this order (JSON.stringify output, no whitespace), then ASCII spaces (0x20) up to
 * exactly BID_SUMMARY_SIZE (4096) bytes. The fixed size hides the price's digit count in the sealed size
 * (99,999,999 and 100,000,000 fen seal to the same size); the salt (16 random bytes) makes the SHA-256 of
 * the plaintext useless for guessing the price offline.
 *
 * Format 1 (legacy, bids sealed before issue 14; accepted only when the caller allows it, i.e. from a v1
 * envelope): `{"type":"ebid-bid-summary","v":1,"projectId","sectionId","priceFen","durationDays","quality"}`
 * (the web) or the bare `{"priceFen","durationDays"?,"quality"?}` (CLI users), any JSON whitespace, no
 * padding, no salt.
 *
 * Both are parsed strictly: invalid UTF-8, duplicate keys, missing or unknown fields, wrong types, a
 * format-2 text that is not byte for byte the encoder's layout (non-space padding, whitespace, key order,
 * size) → AppError VALIDATION, reason SUMMARY_INVALID with a `cause`.
 */
import { AppError } from './errors.ts';
import { bytesToHexLower, decodeUtf8Strict, hasExactKeys, parseJsonStrict, StrictJsonError } from './strict-json.ts';

export const BID_SUMMARY_TYPE = 'ebid-bid-summary';
export const BID_SUMMARY_VERSION = 2;
/** Every format-2 summary is exactly this many bytes (JSON then spaces). */
export const BID_SUMMARY_SIZE = 4096;
export const BID_SUMMARY_SALT_BYTES = 16;
export const BID_SUMMARY_QUALITY_MAX = 500;
export const BID_SUMMARY_DURATION_MAX = 99999;
/** The file name a client gives the sealed summary (its manifest carries it). */
export const BID_SUMMARY_FILE_NAME = '开标一览表.json';

const V2_KEYS = ['type', 'v', 'projectId', 'sectionId', 'priceFen', 'durationDays', 'quality', 'salt'] as const;
const V1_TYPED_KEYS = ['type', 'v', 'projectId', 'sectionId', 'priceFen', 'durationDays', 'quality'] as const;
const V1_BARE_KEYS = new Set(['priceFen', 'durationDays', 'quality']);

export interface BidSummaryFields {
  projectId: number;
  sectionId: number;
  /** the price in integer fen (分), > 0 */
  priceFen: number;
  /**
   * The period in calendar days — 工期, 服务期, 交货期 … as the project asks (tendering/summary-fields.ts
   * `bidSummaryFieldsOf`) — or null when the project asks for none (land, property)
   */
  durationDays: number | null;
  /** 质量标准, or null when the project asks for none */
  quality: string | null;
}

/** What the opening publishes and keeps of a readable summary (opening_bids.summary): its three values. */
export type OpenedBidSummary = Pick<BidSummaryFields, 'priceFen' | 'durationDays' | 'quality'>;

export interface ParsedBidSummary {
  /** 2, or 1 for a legacy summary */
  format: 1 | 2;
  /** null in the bare legacy form */
  projectId: number | null;
  sectionId: number | null;
  priceFen: number;
  durationDays: number | null;
  quality: string | null;
}

const utf8 = new TextEncoder();

function invalid(cause: string, zh: string, en: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError('VALIDATION', { zh: `开标一览表格式错误：${zh}`, en: `The bid summary is invalid: ${en}` }, { reason: 'SUMMARY_INVALID', cause, ...extra });
}

const isPosInt = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n > 0;

function checkFields(o: { priceFen: unknown; durationDays: unknown; quality: unknown }): void {
  if (!isPosInt(o.priceFen)) throw invalid('FIELD', '报价须为正整数（分）', 'priceFen must be a positive integer (fen)', { field: 'priceFen' });
  if (o.durationDays !== null && !(isPosInt(o.durationDays) && o.durationDays <= BID_SUMMARY_DURATION_MAX)) {
    throw invalid('FIELD', '工期须为正整数（日历天）', 'durationDays must be a positive whole number of days', { field: 'durationDays' });
  }
  if (o.quality !== null && !(typeof o.quality === 'string' && o.quality.length > 0 && o.quality.length <= BID_SUMMARY_QUALITY_MAX)) {
    throw invalid('FIELD', `质量标准须为1至${BID_SUMMARY_QUALITY_MAX}个字符`, `quality must be 1 to ${BID_SUMMARY_QUALITY_MAX} characters`, { field: 'quality' });
  }
}

/** The format-2 JSON (without the padding) for these fields and this salt (32 lower-case hex digits). */
function v2Json(f: BidSummaryFields, saltHex: string): string {
  return JSON.stringify({
    type: BID_SUMMARY_TYPE,
    v: BID_SUMMARY_VERSION,
    projectId: f.projectId,
    sectionId: f.sectionId,
    priceFen: f.priceFen,
    durationDays: f.durationDays,
    quality: f.quality,
    salt: saltHex,
  });
}

/**
 * The sealed bytes of a summary (format 2): exactly BID_SUMMARY_SIZE bytes. `salt` defaults to 16 bytes
 * from the platform CSPRNG (crypto.getRandomValues, in browsers and Node); pass one only in tests.
 */
export function encodeBidSummary(f: BidSummaryFields, salt?: Uint8Array): Uint8Array<ArrayBuffer> {
  if (!isPosInt(f.projectId) || !isPosInt(f.sectionId)) throw invalid('FIELD', '项目或标段编号无效', 'projectId/sectionId must be positive integers', { field: 'projectId' });
  checkFields(f);
  const s = salt ?? globalThis.crypto.getRandomValues(new Uint8Array(BID_SUMMARY_SALT_BYTES));
  if (s.length < BID_SUMMARY_SALT_BYTES) throw new RangeError(`the salt must be at least ${BID_SUMMARY_SALT_BYTES} bytes`);
  const json = utf8.encode(v2Json(f, bytesToHexLower(s.subarray(0, BID_SUMMARY_SALT_BYTES))));
  if (json.length > BID_SUMMARY_SIZE) throw invalid('SIZE', '内容过长', `longer than ${BID_SUMMARY_SIZE} bytes`);
  const out = new Uint8Array(BID_SUMMARY_SIZE).fill(0x20);
  out.set(json, 0);
  return out;
}

/**
 * Parses a decrypted summary strictly (see the top). `expect` are the bid's project and section: a
 * summary naming others is refused. `allowLegacy`: accept format 1 (only for a v1 envelope).
 */
export function parseBidSummary(bytes: Uint8Array, opts: { expect: { projectId: number; sectionId: number }; allowLegacy: boolean }): ParsedBidSummary {
  let text: string;
  let o: unknown;
  try {
    text = decodeUtf8Strict(bytes);
    o = parseJsonStrict(text);
  } catch (e) {
    if (e instanceof StrictJsonError) {
      const zh = e.reason === 'UTF8' ? '不是有效的UTF-8文本' : e.reason === 'DUPLICATE_KEY' ? '字段重复' : '不是有效的JSON';
      throw invalid(e.reason, zh, e.message);
    }
    throw e;
  }
  if (typeof o !== 'object' || o === null || Array.isArray(o)) throw invalid('LAYOUT', '不是JSON对象', 'not a JSON object');
  const r = o as Record<string, unknown>;
  const target = (projectId: unknown, sectionId: unknown) => {
    if (!isPosInt(projectId) || !isPosInt(sectionId)) throw invalid('FIELD', '项目或标段编号无效', 'projectId/sectionId must be positive integers', { field: 'projectId' });
    if (projectId !== opts.expect.projectId || sectionId !== opts.expect.sectionId) {
      throw invalid('WRONG_TARGET', '不是本项目、本标段的开标一览表', 'made for another project or section');
    }
  };
  if (r.v === BID_SUMMARY_VERSION) {
    if (!hasExactKeys(r, V2_KEYS)) throw invalid('FIELDS', '字段缺失、多余或顺序不对', 'missing, unknown or reordered fields');
    if (r.type !== BID_SUMMARY_TYPE) throw invalid('TYPE', '类型不对', `type must be ${BID_SUMMARY_TYPE}`);
    target(r.projectId, r.sectionId);
    checkFields({ priceFen: r.priceFen, durationDays: r.durationDays, quality: r.quality });
    if (typeof r.salt !== 'string' || !/^[0-9a-f]{32}$/.test(r.salt)) throw invalid('FIELD', '随机盐无效', 'salt must be 32 lower-case hex digits', { field: 'salt' });
    const f = { projectId: r.projectId as number, sectionId: r.sectionId as number, priceFen: r.priceFen as number, durationDays: r.durationDays as number | null, quality: r.quality as string | null };
    // Byte for byte the encoder's output: no whitespace, this key order, spaces only, the fixed size.
    const json = v2Json(f, r.salt);
    if (bytes.length !== BID_SUMMARY_SIZE) throw invalid('SIZE', `大小不是${BID_SUMMARY_SIZE}字节`, `not ${BID_SUMMARY_SIZE} bytes`);
    if (!text.startsWith(json)) throw invalid('LAYOUT', '格式与规范不一致', 'not in the canonical layout');
    if (!/^ *$/.test(text.slice(json.length))) throw invalid('PADDING', '填充不是空格', 'the padding is not ASCII spaces');
    return { format: 2, ...f };
  }
  if (!opts.allowLegacy) throw invalid('VERSION', '版本不受支持', `format ${String(r.v)} is not accepted here`);
  if (r.type !== undefined) {
    if (!hasExactKeys(r, V1_TYPED_KEYS) || r.type !== BID_SUMMARY_TYPE || r.v !== 1) throw invalid('FIELDS', '字段缺失、多余或版本不对', 'missing or unknown fields, or an unknown version');
    target(r.projectId, r.sectionId);
  } else {
    for (const k of Object.keys(r)) if (!V1_BARE_KEYS.has(k)) throw invalid('FIELDS', `未知字段 ${k}`, `unknown field ${k}`);
  }
  const durationDays = r.durationDays === undefined ? null : r.durationDays;
  const quality = r.quality === undefined ? null : r.quality;
  checkFields({ priceFen: r.priceFen, durationDays, quality });
  return {
    format: 1,
    projectId: r.type !== undefined ? (r.projectId as number) : null,
    sectionId: r.type !== undefined ? (r.sectionId as number) : null,
    priceFen: r.priceFen as number,
    durationDays: durationDays as number | null,
    quality: quality as string | null,
  };
}
