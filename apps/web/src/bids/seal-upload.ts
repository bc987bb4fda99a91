/**
 * The bidder's side of a sealed bid in the browser (issue 6 §2, §3; DESIGN §6), as plain async functions
 * so they can be tested without React:
 *
 * 1. keys: the signing key + certificate and the encryption certificate (+ its private key for the
 *    rehearsal) come from this browser's IndexedDB (keyStore, saved on 我的证书) or from .p12 backups the
 *    user imports for this session only (kept in memory, never stored);
 * 2. seal: `sealPartWebCrypto` per part (the 开标一览表 is built from a form and written in the one sealed
 *    summary format of packages/domain: a fixed 4096 bytes with a random salt, issue 14 §1);
 * 3. upload: `bid.startUpload`, then the sealed file in 4 MiB pieces, each a `PUT` with XMLHttpRequest
 *    (upload progress; fetch has none, and Chromium refuses streamed bodies over HTTP/1.1). Resuming asks
 *    `bid.startUpload` again — the same size + partHash returns the same upload with the pieces the
 *    server already holds — and sends only the missing ones;
 * 4. finalize: the outer signature per part (`signOuterWebCrypto`) over the outer manifest, which names
 *    the company and the version the bid becomes (issue 14 §8), and `bid.finalize` with that version.
 *
 * The sealed Blobs are kept in memory for the session (a tab switch does not lose them) and, when the
 * browser allows, in IndexedDB (database "ebid-bids"), so a reload can resume the upload too. Nothing is
 * sealed twice: sealing again draws a new content key, i.e. a new file and a new upload.
 */
import { AppError, checkSummaryFields, summaryPeriodKey, wordPair, wordPairsOf, type BidSummaryAsks } from '@ebid/domain';
import { BID_SUMMARY_FILE_NAME, encodeBidSummary, type BidSummaryFields } from '@ebid/domain/bid-summary';
import type { BidUploadStart, StartBidUploadInput } from '@ebid/contracts';
import { BID_PARTS, TRANSPORT_CHUNK_SIZE, type BidPart } from '@ebid/pki/constants';
import { bytesToBase64, keyStoreName, type ImportContext } from '../certs.ts';
import { loadPki, readP12, type Pki } from '../pki.ts';
import { uploadErrorFrom } from '../tendering/upload.ts';
import { yuanToFen } from '../money.ts';

// ------------------------------------------------------------------ parts

/** The bid's parts, from the envelope's constants (`@ebid/pki/constants`, which loads no crypto). */
export { BID_PARTS, type BidPart };

/** The parts' names in both languages, from the shared vocabulary (`bidPart.*`). */
export const PART_LABELS: Readonly<Record<BidPart, { zh: string; en: string }>> = wordPairsOf(BID_PARTS, (p) => `bidPart.${p}`);

/** The file name of the sealed 开标一览表 (its manifest carries it; the opening reads it back). */
export const SUMMARY_FILE_NAME = BID_SUMMARY_FILE_NAME;

// ------------------------------------------------------------------ the 开标一览表

export interface SummaryForm {
  /** 报价（元）as typed: "1,234,567.89". */
  priceYuan: string;
  /** The period (工期 / 服务期 / 交货期 …, calendar days) as typed; ignored where the project asks none. */
  durationDays: string | number;
  /** 质量标准 / 质量承诺; ignored where the project asks none. */
  quality: string;
}

/** The summary's fields as the form gives them: the period and quality filled in where the project asks them, null where not. */
export type BidSummary = BidSummaryFields;

function invalid(field: string, zh: string, en: string): AppError {
  return new AppError('VALIDATION', { zh, en }, { field, reason: 'INVALID' });
}

/**
 * The summary as data, checked: the price in integer fen (parsed digit by digit), and — only where the
 * project asks them (`asks`, domain bidSummaryFieldsOf, issue 18 §2) — whole days of its period and a
 * quality text.
 */
export function buildSummary(form: SummaryForm, ids: { projectId: number; sectionId: number }, asks: BidSummaryAsks): BidSummary {
  const priceFen = yuanToFen(String(form.priceYuan ?? ''));
  if (priceFen === null || priceFen <= 0) throw invalid('priceYuan', '请输入有效的报价（元，最多两位小数）', 'Enter a valid price (yuan, at most 2 decimals)');
  let durationDays: number | null = null;
  if (asks.period !== null) {
    const daysText = String(form.durationDays ?? '').trim();
    if (!/^\d{1,5}$/.test(daysText) || Number(daysText) <= 0) {
      const name = wordPair(summaryPeriodKey(asks.period));
      throw invalid('durationDays', `${name.zh}须为正整数`, `The ${name.en.toLowerCase()} must be a positive whole number`);
    }
    durationDays = Number(daysText);
  }
  let quality: string | null = null;
  if (asks.quality) {
    quality = String(form.quality ?? '').trim();
    if (!quality) throw invalid('quality', '请填写质量标准', 'Enter the quality standard');
    if (quality.length > 500) throw invalid('quality', '质量标准不超过500字', 'The quality text is at most 500 characters');
  }
  const summary = { projectId: ids.projectId, sectionId: ids.sectionId, priceFen, durationDays, quality };
  checkSummaryFields(asks, summary);
  return summary;
}

/**
 * The bytes of the summary as sealed: the one encoder (packages/domain bid-summary.ts), exactly 4096
 * bytes whatever the price, with a fresh random salt each time (so sealing the same form twice gives
 * different bytes, and no hash of them can be guessed from the price).
 */
export function summaryBytes(s: BidSummary): Uint8Array<ArrayBuffer> {
  return encodeBidSummary(s);
}

/** The 开标一览表 as the file that gets sealed. */
export function summaryFile(form: SummaryForm, ids: { projectId: number; sectionId: number }, asks: BidSummaryAsks): File {
  return new File([summaryBytes(buildSummary(form, ids, asks))], SUMMARY_FILE_NAME, { type: 'application/json' });
}

// ------------------------------------------------------------------ pieces and resume (pure)

export interface PieceRange {
  index: number;
  start: number;
  end: number;
}

/** The transport pieces of a sealed file: [i·pieceSize, min(size, (i+1)·pieceSize)); an empty file has none. */
export function pieceRanges(size: number, pieceSize: number = TRANSPORT_CHUNK_SIZE): PieceRange[] {
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError('size');
  if (!Number.isSafeInteger(pieceSize) || pieceSize <= 0) throw new RangeError('pieceSize');
  const out: PieceRange[] = [];
  for (let i = 0, start = 0; start < size; i++, start += pieceSize) out.push({ index: i, start, end: Math.min(size, start + pieceSize) });
  return out;
}

export function pieceCountOf(size: number, pieceSize: number = TRANSPORT_CHUNK_SIZE): number {
  return Math.ceil(size / pieceSize);
}

/** The pieces the server does not hold yet, in order (what a resumed upload sends). */
export function missingPieces(pieceCount: number, received: readonly number[]): number[] {
  const have = new Set(received);
  const out: number[] = [];
  for (let i = 0; i < pieceCount; i++) if (!have.has(i)) out.push(i);
  return out;
}

/** Bytes the server already holds of a file of `size` given the received piece indexes. */
export function receivedBytes(size: number, pieceSize: number, received: readonly number[]): number {
  const count = pieceCountOf(size, pieceSize);
  let n = 0;
  for (const i of new Set(received)) if (i >= 0 && i < count) n += Math.min(size, (i + 1) * pieceSize) - i * pieceSize;
  return n;
}

export interface ProgressView {
  doneMb: string;
  totalMb: string;
  percent: number;
}

/** "12.3 MB / 45.6 MB" (two decimals under 1 MB: "0.01 MB") and a whole percent (floored, 100 only when done). */
export function progressView(done: number, total: number): ProgressView {
  const digits = total < 1024 * 1024 ? 2 : 1;
  const mb = (n: number) => (n / 1024 / 1024).toFixed(digits);
  const percent = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 100;
  return { doneMb: mb(done), totalMb: mb(total), percent: done < total && percent === 100 ? 99 : percent };
}

// ------------------------------------------------------------------ keys

export interface BidKeys {
  signingKey: CryptoKey;
  signerCertPem: string;
  chainPems?: string[];
  /** The bidder's encryption certificate: the recipient of every part. */
  encryptionCertPem: string;
  /** Its private key, for the rehearsal (absent when only the certificate is known). */
  decryptionKey?: CryptoKey;
  source: 'browser' | 'p12';
}

/** .p12 keys imported for this session, per user (memory only; a reload forgets them). */
const sessionKeys = new Map<string, BidKeys>();

export function sessionKeysOf(username: string): BidKeys | undefined {
  return sessionKeys.get(username);
}

export function forgetSessionKeys(username: string): void {
  sessionKeys.delete(username);
}

function keyMissing(zh: string, en: string): AppError {
  return new AppError('VALIDATION', { zh, en }, { field: 'keys', reason: 'KEY_MISSING' });
}

/** The keys this browser keeps for the user (saved on 我的证书), or null when either is missing. */
export async function loadBrowserKeys(username: string, pki?: Pki): Promise<BidKeys | null> {
  const p = pki ?? (await loadPki());
  const signing = await p.keyStore.load(keyStoreName(username, 'signing'));
  const encryption = await p.keyStore.load(keyStoreName(username, 'encryption'));
  if (!signing || !encryption) return null;
  return { signingKey: signing.key, signerCertPem: signing.certPem, encryptionCertPem: encryption.certPem, decryptionKey: encryption.key, source: 'browser' };
}

/** Import the two .p12 backups for this session (signing and encryption), kept in memory only. */
export async function importSessionKeys(
  username: string,
  input: { signingFile: Blob; signingPassphrase: string; encryptionFile: Blob; encryptionPassphrase: string },
  pki?: Pki,
  check: Omit<ImportContext, 'fileName'> = {},
): Promise<BidKeys> {
  const p = pki ?? (await loadPki());
  // Both files are checked (usage, holder, revocation, validity) before either is kept (issue 16 §3).
  const signing = await readP12(input.signingFile, input.signingPassphrase, 'signing', p, check);
  const encryption = await readP12(input.encryptionFile, input.encryptionPassphrase, 'encryption', p, check);
  const keys: BidKeys = {
    signingKey: signing.privateKey,
    signerCertPem: signing.certPem,
    chainPems: signing.chainPem,
    encryptionCertPem: encryption.certPem,
    decryptionKey: encryption.privateKey,
    source: 'p12',
  };
  sessionKeys.set(username, keys);
  return keys;
}

/** The keys to seal with: this session's imported .p12 first, then the browser's saved keys. */
export async function resolveKeys(username: string, pki?: Pki): Promise<BidKeys> {
  const s = sessionKeys.get(username);
  if (s) return s;
  const b = await loadBrowserKeys(username, pki);
  if (b) return b;
  throw keyMissing(
    '本浏览器未保存您的签名证书和加密证书：请导入证书备份（.p12）后再加密',
    'This browser keeps no signing and encryption keys for you: import your .p12 backups first',
  );
}

// ------------------------------------------------------------------ sealing

export interface SealedPart {
  part: BidPart;
  /** The plaintext file's name (in the manifest, inside the encryption). */
  name: string;
  plainSize: number;
  sealed: Blob;
  headerSha256: string;
  partHash: string;
  /** Sealed bytes. */
  size: number;
  sealedAt: string;
}

export class Cancelled extends AppError {
  constructor(zh = '已取消', en = 'Cancelled') {
    super('VALIDATION', { zh, en }, { reason: 'ABORTED' });
  }
}

export function isCancelled(e: unknown): boolean {
  if (e instanceof Cancelled) return true;
  if (e instanceof DOMException && e.name === 'AbortError') return true;
  return e instanceof AppError && (e.details as { reason?: unknown } | undefined)?.reason === 'ABORTED';
}

/**
 * An EnvelopeError (code ENVELOPE_…, with zh/en) as the platform's VALIDATION AppError with
 * `details.reason` = the envelope code — the same shape the server uses — so AppErrorAlert shows it.
 */
export function envelopeToAppError(e: unknown): unknown {
  if (e instanceof AppError) return e;
  if (e instanceof Error && 'code' in e && typeof (e as { code: unknown }).code === 'string' && (e as { code: string }).code.startsWith('ENVELOPE_')) {
    const x = e as Error & { code: string; zh?: unknown; en?: unknown };
    return new AppError(
      'VALIDATION',
      { zh: typeof x.zh === 'string' ? x.zh : e.message, en: typeof x.en === 'string' ? x.en : e.message },
      { reason: x.code },
    );
  }
  return e;
}

export async function sealOnePart(
  input: { file: Blob; name: string; part: BidPart; projectId: number; sectionId: number; keys: BidKeys },
  opts: { onProgress?: (done: number, total: number) => void; signal?: AbortSignal; pki?: Pki } = {},
): Promise<SealedPart> {
  const pki = opts.pki ?? (await loadPki());
  if (opts.signal?.aborted) throw new Cancelled();
  try {
    const r = await pki.sealPartWebCrypto({
      file: input.file,
      part: input.part,
      projectId: input.projectId,
      sectionId: input.sectionId,
      name: input.name,
      recipientCertPems: [input.keys.encryptionCertPem],
      signingKey: input.keys.signingKey,
      signerCertPem: input.keys.signerCertPem,
      ...(input.keys.chainPems ? { chainPems: input.keys.chainPems } : {}),
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    return { part: input.part, name: input.name, plainSize: input.file.size, sealed: r.sealed, headerSha256: r.headerSha256, partHash: r.partHash, size: r.size, sealedAt: new Date().toISOString() };
  } catch (e) {
    if (opts.signal?.aborted) throw new Cancelled();
    throw envelopeToAppError(e);
  }
}

// ------------------------------------------------------------------ upload

/** What bid.startUpload answers (the contract's BidUploadStart). */
export type StartedUpload = BidUploadStart;

export interface BidUploadApi {
  startUpload(input: StartBidUploadInput): Promise<StartedUpload>;
}

export type PutPiece = (
  uploadId: number,
  index: number,
  body: Blob,
  opts: { onProgress?: (loaded: number) => void; signal?: AbortSignal },
) => Promise<{ index: number; received?: number[] }>;

/** `PUT /bids/uploads/:uploadId/pieces/:index` with XMLHttpRequest (upload progress; abortable). */
export const putPieceXhr: PutPiece = (uploadId, index, body, opts) =>
  new Promise((resolve, reject) => {
    if (opts.signal?.aborted) {
      reject(new Cancelled('上传已取消', 'The upload was cancelled'));
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', `/bids/uploads/${encodeURIComponent(String(uploadId))}/pieces/${index}`);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.responseType = 'text';
    xhr.upload.onprogress = (e) => opts.onProgress?.(e.loaded);
    const onAbort = () => xhr.abort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => opts.signal?.removeEventListener('abort', onAbort);
    xhr.onload = () => {
      done();
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(xhr.responseText) as { index: number; received?: number[] });
        } catch {
          resolve({ index });
        }
      } else reject(uploadErrorFrom(xhr.status, xhr.responseText));
    };
    xhr.onerror = () => {
      done();
      reject(new AppError('UNAVAILABLE', { zh: '网络错误，上传中断，可点击“继续上传”', en: 'Network error; the upload stopped — use Resume' }));
    };
    xhr.onabort = () => {
      done();
      reject(new Cancelled('上传已取消', 'The upload was cancelled'));
    };
    xhr.send(body);
  });

export interface UploadResult {
  uploadId: number;
  /** The indexes sent in this call (a resumed upload sends only the missing ones). */
  sent: number[];
  /** The indexes the server already had when this call started. */
  alreadyReceived: number[];
}

/**
 * Upload a sealed part (or resume its upload): ask for the upload, then PUT the missing pieces in order.
 * `onProgress(done, total)` counts bytes the server holds plus the bytes of the piece in flight.
 */
export async function uploadSealedPart(
  api: BidUploadApi,
  sealed: SealedPart,
  sectionId: number,
  opts: { onProgress?: (done: number, total: number) => void; signal?: AbortSignal; putPiece?: PutPiece; onStarted?: (u: StartedUpload) => void } = {},
): Promise<UploadResult> {
  const cancelled = () => new Cancelled('上传已取消', 'The upload was cancelled');
  if (opts.signal?.aborted) throw cancelled();
  const started = await api.startUpload({ sectionId, part: sealed.part, size: sealed.size, partHash: sealed.partHash });
  opts.onStarted?.(started);
  // The server's piece size wins (the envelope's TRANSPORT_CHUNK_SIZE).
  const pieceSize = started.pieceSize || TRANSPORT_CHUNK_SIZE;
  const ranges = pieceRanges(sealed.size, pieceSize);
  const received = new Set(started.received);
  const todo = missingPieces(ranges.length, started.received);
  let held = receivedBytes(sealed.size, pieceSize, started.received);
  opts.onProgress?.(held, sealed.size);
  const put = opts.putPiece ?? putPieceXhr;
  const sent: number[] = [];
  for (const index of todo) {
    if (opts.signal?.aborted) throw cancelled();
    const r = ranges[index]!;
    await put(started.uploadId, index, sealed.sealed.slice(r.start, r.end), {
      onProgress: (loaded) => opts.onProgress?.(held + Math.min(loaded, r.end - r.start), sealed.size),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    received.add(index);
    sent.push(index);
    held += r.end - r.start;
    opts.onProgress?.(held, sealed.size);
  }
  return { uploadId: started.uploadId, sent, alreadyReceived: [...started.received].sort((a, b) => a - b) };
}

// ------------------------------------------------------------------ finalize

export interface FinalizePartInput {
  uploadId: number;
  outerSignature: string;
}

/** What the outer signature names besides the part: the project, section, company and the bid version. */
export interface BidTarget {
  projectId: number;
  sectionId: number;
  /** the bidding company (auth.me's orgId) */
  bidderOrgId: number;
  /** the version this finalize creates: the company's highest in the section + 1 (nextBidVersion) */
  version: number;
}

/** The version the next finalize creates, from the company's bids (`bid.mine`): the highest in the section + 1. */
export function nextBidVersion(bids: readonly { sectionId: number; version: number }[], sectionId: number): number {
  return bids.filter((b) => b.sectionId === sectionId).reduce((m, b) => Math.max(m, b.version), 0) + 1;
}

/** The outer signature (base64 CMS) of one sealed, uploaded part. */
export async function outerSignatureOf(
  sealed: SealedPart,
  ids: BidTarget,
  keys: BidKeys,
  pki?: Pki,
): Promise<string> {
  const p = pki ?? (await loadPki());
  const sig: unknown = await p.signOuterWebCrypto({
    signingKey: keys.signingKey,
    signerCertPem: keys.signerCertPem,
    ...(keys.chainPems ? { chainPems: keys.chainPems } : {}),
    manifest: {
      projectId: ids.projectId,
      sectionId: ids.sectionId,
      bidderOrgId: ids.bidderOrgId,
      version: ids.version,
      part: sealed.part,
      headerSha256: sealed.headerSha256,
      partHash: sealed.partHash,
      size: sealed.size,
    },
  });
  return typeof sig === 'string' ? sig : bytesToBase64(sig as Uint8Array);
}

export async function finalizeParts(
  parts: { sealed: SealedPart; uploadId: number }[],
  ids: BidTarget,
  keys: BidKeys,
  pki?: Pki,
): Promise<FinalizePartInput[]> {
  const p = pki ?? (await loadPki());
  const out: FinalizePartInput[] = [];
  for (const x of parts) out.push({ uploadId: x.uploadId, outerSignature: await outerSignatureOf(x.sealed, ids, keys, p) });
  return out;
}

// ------------------------------------------------------------------ rehearsal

export interface RehearsalResult {
  part: BidPart;
  name: string;
  size: number;
  sha256: string;
}

/** Fetch my own sealed part (same origin, session cookie) — the only route that returns ciphertext before the opening. */
export async function fetchOwnSealed(bidId: number, part: BidPart, signal?: AbortSignal): Promise<Blob> {
  const res = await fetch(`/bids/${bidId}/parts/${part}/sealed`, { credentials: 'same-origin', ...(signal ? { signal } : {}) });
  if (!res.ok) throw uploadErrorFrom(res.status, await res.text());
  return res.blob();
}

/** Open a sealed part locally with my encryption key; nothing about the content is sent anywhere. */
export async function rehearsePart(
  sealed: Blob,
  keys: BidKeys,
  opts: { pki?: Pki; expectedSignerCertPem?: string } = {},
): Promise<RehearsalResult & { plaintext: Blob }> {
  if (!keys.decryptionKey) {
    throw keyMissing('解密演练需要加密证书的私钥：请导入加密证书备份（.p12）', 'The rehearsal needs the encryption private key: import your encryption .p12');
  }
  const p = opts.pki ?? (await loadPki());
  try {
    const r = await p.openPartWebCrypto({
      sealed,
      decryptionKey: keys.decryptionKey,
      recipientCertPem: keys.encryptionCertPem,
      ...(opts.expectedSignerCertPem ? { expectedSignerCertPem: opts.expectedSignerCertPem } : {}),
    });
    const m = r.manifest as { part: BidPart; name: string; size: number; sha256: string };
    return { part: m.part, name: m.name, size: m.size, sha256: m.sha256, plaintext: r.plaintext };
  } catch (e) {
    throw envelopeToAppError(e);
  }
}

// ------------------------------------------------------------------ keeping sealed parts

/** Where a sealed part is kept between steps: per user, section and part. */
export function sealedKey(username: string, sectionId: number, part: BidPart): string {
  return `${username}:${sectionId}:${part}`;
}

export interface KeptPart {
  sealed: SealedPart;
  uploadId?: number;
}

const memory = new Map<string, KeptPart>();

const DB_NAME = 'ebid-bids';
const STORE = 'sealed';

function idb(): IDBFactory | undefined {
  return (globalThis as { indexedDB?: IDBFactory }).indexedDB;
}

function req<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

async function withStore<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T | undefined> {
  const f = idb();
  if (!f) return undefined;
  const open = f.open(DB_NAME, 1);
  open.onupgradeneeded = () => {
    if (!open.result.objectStoreNames.contains(STORE)) open.result.createObjectStore(STORE);
  };
  const db = await req(open);
  try {
    const tx = db.transaction(STORE, mode);
    const done = new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onabort = tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    });
    const [result] = await Promise.all([req(fn(tx.objectStore(STORE))), done]);
    return result;
  } finally {
    db.close();
  }
}

/**
 * The sealed parts waiting for upload or finalize: memory for the session, IndexedDB (a Blob, stored by
 * the browser on disk) so that a reload can resume. IndexedDB failures (private mode, quota) only lose
 * the reload-resume: the session copy stays.
 */
export const keptParts = {
  async put(key: string, value: KeptPart): Promise<void> {
    memory.set(key, value);
    try {
      await withStore('readwrite', (s) => s.put(value, key));
    } catch {
      // kept in memory for this session only
    }
  },
  async get(key: string): Promise<KeptPart | undefined> {
    const m = memory.get(key);
    if (m) return m;
    try {
      const v = (await withStore('readonly', (s) => s.get(key))) as KeptPart | undefined;
      if (v && v.sealed?.sealed instanceof Blob) {
        memory.set(key, v);
        return v;
      }
    } catch {
      // nothing kept
    }
    return undefined;
  },
  async remove(key: string): Promise<void> {
    memory.delete(key);
    try {
      await withStore('readwrite', (s) => s.delete(key));
    } catch {
      // nothing kept
    }
  },
  /** Session copy only (synchronous; the panel's first render). */
  peek(key: string): KeptPart | undefined {
    return memory.get(key);
  },
};
