/** A file as a signed-in user uploads it: the use case behind `POST /files` (declared SHA-256 and size). */
import crypto from 'node:crypto';
import { createUpload } from '@ebid/services';
import { contextAs, type TestDeps } from './callers.ts';

/** Upload `body` as `username`; the upload id (for `document.add`, qualification evidence …). */
export async function uploadFile(deps: TestDeps, username: string, fileName: string, body: Buffer, contentType = 'application/pdf'): Promise<number> {
  const sha256 = crypto.createHash('sha256').update(body).digest('hex');
  const up = await createUpload(deps, await contextAs(deps, username), { fileName, sha256, size: body.length, contentType, body });
  return up.uploadId;
}
