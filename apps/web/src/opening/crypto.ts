/**
 * The bidder's crypto at the opening, in the browser (issue 7 §3, §6): unwrap each part's content key
 * with the encryption key (the private key never leaves this browser; only the 32-byte content keys are
 * handed over), and sign the opening record's PDF bytes (detached CMS, SHA-256) with the signing key.
 */
import { AppError } from '@ebid/domain';
import type { RouterOutputs } from '../api.ts';
import { bytesToBase64 } from '../certs.ts';
import { loadPki, type Pki } from '../pki.ts';
import { envelopeToAppError, PART_LABELS } from '../bids/seal-upload.ts';

export type MyKeys = RouterOutputs['opening']['myKeys'];

export interface UnwrappedKey {
  part: MyKeys['parts'][number]['part'];
  /** base64 of the 32-byte AES content key. */
  contentKey: string;
}

/** Unwrap every part's content key; `onPart(done, total)` after each. Envelope errors become AppErrors. */
export async function unwrapAll(
  keys: MyKeys,
  encryption: { certPem: string; privateKey: CryptoKey },
  opts: { onPart?: (done: number, total: number) => void; pki?: Pki } = {},
): Promise<UnwrappedKey[]> {
  const pki = opts.pki ?? (await loadPki());
  const out: UnwrappedKey[] = [];
  for (const p of keys.parts) {
    let raw: Uint8Array;
    try {
      raw = await pki.unwrapContentKeyWebCrypto({ recipients: p.recipients, certPem: encryption.certPem, privateKey: encryption.privateKey });
    } catch (e) {
      const err = envelopeToAppError(e);
      if (err instanceof AppError) {
        throw new AppError(
          'VALIDATION',
          {
            zh: `无法用您的加密证书打开“${PART_LABELS[p.part].zh}”的数字信封，请确认使用的是投标时的加密证书`,
            en: `Your encryption key does not open the envelope of the ${PART_LABELS[p.part].en}; use the certificate the bid was sealed for`,
          },
          { reason: (err.details as { reason?: string } | undefined)?.reason ?? 'ENVELOPE_NOT_RECIPIENT', part: p.part },
        );
      }
      throw err;
    }
    out.push({ part: p.part, contentKey: bytesToBase64(raw) });
    raw.fill(0);
    opts.onPart?.(out.length, keys.parts.length);
  }
  return out;
}

export async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return [...d].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The record's PDF as the server serves it (the bytes the confirmation signs). */
export async function fetchRecord(url: string, fetcher: typeof fetch = fetch): Promise<Uint8Array<ArrayBuffer>> {
  const res = await fetcher(url, { credentials: 'same-origin', cache: 'no-store' });
  if (!res.ok) {
    throw new AppError(res.status === 404 ? 'NOT_FOUND' : 'UNAVAILABLE', { zh: `无法下载开标记录表（HTTP ${res.status}）`, en: `Could not download the opening record (HTTP ${res.status})` });
  }
  return new Uint8Array(await res.arrayBuffer());
}

export interface SignedRecord {
  pdf: Uint8Array<ArrayBuffer>;
  sha256: string;
  signatureBase64: string;
}

/**
 * Fetch the record, check it is the version on screen (its SHA-256), and sign its bytes. A different
 * hash means the record was regenerated meanwhile: the user must look at the new one first.
 */
export async function signRecord(
  record: { url: string; sha256: string },
  signer: { privateKey: CryptoKey; certPem: string; chainPem?: string[] },
  opts: { pki?: Pki; fetcher?: typeof fetch } = {},
): Promise<SignedRecord> {
  const pki = opts.pki ?? (await loadPki());
  const pdf = await fetchRecord(record.url, opts.fetcher);
  const sha256 = await sha256Hex(pdf);
  if (sha256 !== record.sha256) {
    throw new AppError('CONFLICT', { zh: '开标记录表已更新，请刷新后查看最新版本再确认', en: 'The record changed; refresh and read the current version before confirming' }, { reason: 'RECORD_OUTDATED' });
  }
  const der = await pki.signCmsDetachedAsWithWebCrypto('opening-record', pdf, signer); // only a PDF (issue 14 §5)
  return { pdf, sha256, signatureBase64: bytesToBase64(der) };
}

export function base64ToBytes(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
