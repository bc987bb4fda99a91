/**
 * Browser uploads to `POST /files` (issue 5 §1): the SHA-256 is computed here with a streaming hasher
 * (hash-wasm; WebCrypto has no incremental digest and would need the whole file in memory), then the file
 * is sent with XMLHttpRequest (fetch has no upload progress, and Chromium refuses streamed fetch bodies
 * over HTTP/1.1 — stack.md §0). The server verifies hash and size while storing and keeps nothing on a
 * mismatch. Errors are AppErrors, so `toAppErrorView` / `AppErrorAlert` show them like any API error.
 */
import { createSHA256 } from 'hash-wasm';
import { deviceHeaders } from '../device.ts';
import { AppError, isAppErrorCode } from '@ebid/domain';
import { textPair } from '../i18n.ts';

export interface UploadedFile {
  uploadId: number;
  sha256: string;
  size: number;
  fileName: string;
}

export interface UploadOptions {
  onProgress?: (sent: number, total: number) => void;
  signal?: AbortSignal;
}

const HASH_CHUNK = 4 * 1024 * 1024;

function aborted(): AppError {
  return new AppError('VALIDATION', textPair('documents.aborted.uploadCancelled'), { reason: 'ABORTED' });
}

/** SHA-256 (lowercase hex) of a file, read in 4 MiB slices. */
export async function sha256OfBlob(blob: Blob, signal?: AbortSignal): Promise<string> {
  const hasher = await createSHA256();
  hasher.init();
  for (let offset = 0; offset < blob.size; offset += HASH_CHUNK) {
    if (signal?.aborted) throw aborted();
    hasher.update(new Uint8Array(await blob.slice(offset, offset + HASH_CHUNK).arrayBuffer()));
  }
  return hasher.digest('hex');
}

/** The error body `{ error: { code, messageZh, messageEn, details? } }` as an AppError. */
export function uploadErrorFrom(status: number, text: string): AppError {
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; messageZh?: unknown; messageEn?: unknown; details?: unknown } };
    const e = body.error;
    if (e && isAppErrorCode(e.code)) {
      return new AppError(
        e.code,
        {
          ...(typeof e.messageZh === 'string' ? { zh: e.messageZh } : {}),
          ...(typeof e.messageEn === 'string' ? { en: e.messageEn } : {}),
        },
        typeof e.details === 'object' && e.details !== null ? (e.details as Record<string, unknown>) : undefined,
      );
    }
  } catch {
    // not JSON: fall through
  }
  if (status === 413) return new AppError('PAYLOAD_TOO_LARGE');
  return new AppError('UNAVAILABLE', textPair('documents.upload.failedHttp', { status }));
}

/** Hash and upload one file; resolves with the server's record of it. */
export async function uploadFile(file: File, opts: UploadOptions = {}): Promise<UploadedFile> {
  const sha256 = await sha256OfBlob(file, opts.signal);
  if (opts.signal?.aborted) throw aborted();
  const device = await deviceHeaders();
  return new Promise<UploadedFile>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/files?name=${encodeURIComponent(file.name)}`);
    for (const [k, v] of Object.entries(device)) xhr.setRequestHeader(k, v);
    xhr.setRequestHeader('content-type', file.type || 'application/octet-stream');
    xhr.setRequestHeader('x-content-sha256', sha256);
    xhr.setRequestHeader('x-content-size', String(file.size));
    xhr.responseType = 'text';
    xhr.upload.onprogress = (e) => opts.onProgress?.(e.loaded, e.lengthComputable ? e.total : file.size);
    const onAbort = () => xhr.abort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => opts.signal?.removeEventListener('abort', onAbort);
    xhr.onload = () => {
      done();
      if (xhr.status === 201) {
        try {
          resolve(JSON.parse(xhr.responseText) as UploadedFile);
        } catch {
          reject(uploadErrorFrom(xhr.status, ''));
        }
      } else {
        reject(uploadErrorFrom(xhr.status, xhr.responseText));
      }
    };
    xhr.onerror = () => {
      done();
      reject(new AppError('UNAVAILABLE', textPair('documents.uploadFile.networkErrorUpload')));
    };
    xhr.onabort = () => {
      done();
      reject(aborted());
    };
    opts.onProgress?.(0, file.size);
    xhr.send(file);
  });
}
