/**
 * The transport pieces of a sealed part (issue 6 §3, DESIGN §6): every piece is TRANSPORT_CHUNK_SIZE
 * (4 MiB) but the last, stored content-addressed by its SHA-256; the part hash over them; the upload
 * limits; and removing a piece object that nothing references any more.
 */
import { createHash } from 'node:crypto';
import { and, eq, ne, sql } from 'drizzle-orm';
import { bidParts, bidUploadPieces, bidUploads, type Db, type Tx } from '@ebid/db';
import { TRANSPORT_CHUNK_SIZE } from '@ebid/pki/constants';
import type { Deps } from '../deps.ts';

/** The largest sealed part accepted (2 GiB). */
export const MAX_SEALED_PART_BYTES = 2 * 1024 * 1024 * 1024;
/** An open upload untouched this long is abandoned by the cleanup job. */
export const UPLOAD_IDLE_MS = 24 * 60 * 60 * 1000;
export const BID_UPLOAD_CLEANUP_JOB = 'bid.upload_cleanup';

export const SHA256_HEX = /^[0-9a-f]{64}$/;

/** partHash: hex SHA-256 over the raw 32-byte SHA-256 digests of the pieces, in order. */
export function partHashOf(pieceHashesHex: string[]): string {
  const h = createHash('sha256');
  for (const p of pieceHashesHex) h.update(Buffer.from(p, 'hex'));
  return h.digest('hex');
}

export function pieceCountOf(size: number): number {
  return Math.max(1, Math.ceil(size / TRANSPORT_CHUNK_SIZE));
}

/** The exact byte count piece `index` must have. */
export function expectedPieceSize(size: number, index: number): number {
  const count = pieceCountOf(size);
  return index < count - 1 ? TRANSPORT_CHUNK_SIZE : size - (count - 1) * TRANSPORT_CHUNK_SIZE;
}

/** Is the object still referenced by a recorded piece (of an upload not abandoned) or a bid part? */
export async function pieceReferenced(db: Tx | Db, sha256: string, exceptAbandoned = true): Promise<boolean> {
  const piece = await db
    .select({ u: bidUploadPieces.uploadId })
    .from(bidUploadPieces)
    .innerJoin(bidUploads, eq(bidUploads.id, bidUploadPieces.uploadId))
    .where(and(eq(bidUploadPieces.sha256, sha256), exceptAbandoned ? ne(bidUploads.status, 'abandoned') : sql`true`))
    .limit(1);
  if (piece.length) return true;
  const part = await db
    .select({ id: bidParts.id })
    .from(bidParts)
    .where(sql`${bidParts.pieces} @> ${JSON.stringify([sha256])}::jsonb`)
    .limit(1);
  return part.length > 0;
}

/** Remove a piece object unless something still references it (content-addressed: never remove a shared one). */
export async function deletePieceIfUnreferenced(deps: Pick<Deps, 'db' | 'storage' | 'logger'>, sha256: string): Promise<boolean> {
  if (await pieceReferenced(deps.db, sha256)) return false;
  try {
    await deps.storage.delete(sha256);
    return true;
  } catch (e) {
    deps.logger.warn({ err: e, sha256 }, 'bid piece cleanup failed');
    return false;
  }
}
