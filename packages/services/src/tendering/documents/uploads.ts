/**
 * Uploaded files (issue 5 §1): a signed-in user streams a file to `POST /files` with its declared SHA-256
 * and size; the object store hashes while storing and refuses a mismatch (INTEGRITY_FAILED, nothing
 * stored); then a short transaction records the upload. Later mutations refer to it by id — only the
 * uploader's organization may use it (`getUploadForUse`).
 */
import { and, eq } from 'drizzle-orm';
import { uploads, type Tx, type UploadRow } from '@ebid/db';
import { AppError } from '@ebid/domain';
import type { PutBody } from '@ebid/storage';
import type { Actor } from '../../auth/session.ts';
import { audit, requireActor, type RequestContext } from '../../context.ts';
import type { Deps } from '../../deps.ts';

export interface UploadView {
  uploadId: number;
  fileName: string;
  sha256: string;
  size: number;
}

// U+0000–U+001F and U+007F (C0 controls and DEL); also the Unicode line/paragraph separators and bidi
// overrides, which make a file name display differently from what it is.
// eslint-disable-next-line no-control-regex -- control characters in file names are refused on purpose
const CONTROL = /[\u0000-\u001f\u007f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

function badName(zh: string, en: string, reason: string, field: string): AppError {
  return new AppError('VALIDATION', { zh: `文件名无效：${zh}`, en: `Invalid file name: ${en}` }, { field, reason });
}

/**
 * A file name as the platform stores and serves it: 1–200 characters, no path, no control characters;
 * `field` names the input in the error.
 */
export function validateFileName(name: unknown, field = 'name'): string {
  if (typeof name !== 'string' || name.length === 0) throw badName('不能为空', 'empty', 'EMPTY', field);
  if (name.length > 200) throw badName('超过200个字符', 'longer than 200 characters', 'TOO_LONG', field);
  if (name.includes('/') || name.includes('\\')) throw badName('不能包含路径分隔符 / 或 \\', 'must not contain / or \\', 'PATH_SEPARATOR', field);
  if (CONTROL.test(name)) throw badName('不能包含控制字符', 'must not contain control characters', 'CONTROL_CHARACTER', field);
  if (name === '.' || name === '..') throw badName('不能是 . 或 ..', 'must not be . or ..', 'DOT_NAME', field);
  if (name.trim() !== name) throw badName('首尾不能有空格', 'must not start or end with a space', 'SPACES', field);
  return name;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Checks the declared hash and size before any byte is read. */
export function validateUploadDeclaration(deps: Pick<Deps, 'config'>, input: { sha256: unknown; size: unknown }): { sha256: string; size: number } {
  const sha256 = typeof input.sha256 === 'string' ? input.sha256.toLowerCase() : '';
  if (!SHA256_HEX.test(sha256)) {
    throw new AppError('VALIDATION', { zh: '缺少或无效的文件摘要（x-content-sha256 应为64位十六进制SHA-256）', en: 'Missing or invalid file hash (x-content-sha256 must be 64 hex digits of SHA-256)' }, { field: 'sha256' });
  }
  const size = typeof input.size === 'number' ? input.size : Number.NaN;
  if (!Number.isSafeInteger(size) || size <= 0) {
    throw new AppError('VALIDATION', { zh: '缺少或无效的文件大小（content-length）', en: 'Missing or invalid file size (content-length)' }, { field: 'size' });
  }
  const max = deps.config.uploadMaxBytes;
  if (size > max) {
    throw new AppError('PAYLOAD_TOO_LARGE', { zh: `文件超过上限（${max} 字节）`, en: `The file exceeds the limit (${max} bytes)` }, { field: 'size', max, size });
  }
  return { sha256, size };
}

/**
 * Store a streamed file and record it. The body is streamed into the object store (verified against the
 * declared hash and size, capped at the configured maximum) BEFORE the transaction, which is short.
 */
export async function createUpload(
  deps: Pick<Deps, 'db' | 'clock' | 'config' | 'storage'>,
  ctx: RequestContext,
  input: { fileName: string; sha256: string; size: number; contentType: string; body: PutBody },
): Promise<UploadView> {
  const actor = requireActor(ctx);
  const fileName = validateFileName(input.fileName);
  const { sha256, size } = validateUploadDeclaration(deps, input);
  const contentType = /^[\w.+-]+\/[\w.+-]+$/.test(input.contentType) && input.contentType.length <= 100 ? input.contentType : 'application/octet-stream';
  const stored = await deps.storage.put(input.body, { expectedSha256: sha256, expectedSize: size, maxSize: deps.config.uploadMaxBytes, contentType });
  return deps.db.transaction(async (tx) => {
    const [u] = await tx.insert(uploads).values({ userId: actor.userId, orgId: actor.orgId, fileName, sha256: stored.sha256, size: stored.size, contentType }).returning();
    if (!u) throw new AppError('INTERNAL');
    await audit(tx, deps, ctx, {
      action: 'file.upload',
      subject: { type: 'upload', id: u.id },
      payload: { fileName, size: stored.size, contentType },
      objectHashes: [stored.sha256],
    });
    return { uploadId: u.id, fileName, sha256: stored.sha256, size: stored.size };
  });
}

/** The upload, if it belongs to the actor's organization; NOT_FOUND otherwise (no existence leak). */
export async function getUploadForUse(tx: Tx, actor: Actor, uploadId: number): Promise<UploadRow> {
  const [u] = await tx.select().from(uploads).where(and(eq(uploads.id, uploadId), eq(uploads.orgId, actor.orgId)));
  if (!u) throw new AppError('NOT_FOUND', { zh: '上传的文件不存在', en: 'No such uploaded file' }, { field: 'uploadId' });
  return u;
}
