/**
 * The digests of every sealed part as a file (issue 13 §7, X3): SHA-256 and SM3 (GB/T 32905, node:crypto's
 * OpenSSL) of the whole ciphertext, in the order the bidder's sealed file holds it. Pieces arrive in
 * parallel, so no running digest exists at finalize; the `bid.digest` job, queued in the finalize
 * transaction, reads the stored pieces (each verified by its own SHA-256 as it streams) once and records
 * both digests on the part and in the project's audit chain. `ebid seal` prints the same two digests of
 * the sealed file, so a bidder can compare them with the bid's record.
 */
import { createHash } from 'node:crypto';
import { and, asc, eq, isNull } from 'drizzle-orm';
import { bidParts, bids } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import { AppError } from '@ebid/domain';
import { audit, SYSTEM_CONTEXT } from '../context.ts';
import type { Deps } from '../deps.ts';

/** SHA-256 and SM3 of a stream of bytes, in one pass. */
export async function digestsOf(chunks: AsyncIterable<Uint8Array>): Promise<{ sha256: string; sm3: string; size: number }> {
  const sha = createHash('sha256');
  const sm3 = createHash('sm3');
  let size = 0;
  for await (const c of chunks) {
    sha.update(c);
    sm3.update(c);
    size += c.length;
  }
  return { sha256: sha.digest('hex'), sm3: sm3.digest('hex'), size };
}

/** The job: digest every part of the bid not yet digested; a no-op when all are. */
export async function runBidDigest(deps: Pick<Deps, 'db' | 'clock' | 'storage'>, payload: { bidId: number }): Promise<{ parts: number }> {
  const [bid] = await deps.db.select({ id: bids.id, projectId: bids.projectId }).from(bids).where(eq(bids.id, payload.bidId));
  if (!bid) return { parts: 0 };
  const parts = await deps.db.select().from(bidParts).where(and(eq(bidParts.bidId, bid.id), isNull(bidParts.sha256))).orderBy(asc(bidParts.id));
  if (parts.length === 0) return { parts: 0 };
  const done: { id: number; part: string; size: number; sha256: string; sm3: string }[] = [];
  for (const p of parts) {
    const storage = deps.storage;
    async function* pieces(): AsyncGenerator<Uint8Array> {
      for (const h of p.pieces) for await (const c of await storage.get(h)) yield c;
    }
    const d = await digestsOf(pieces());
    if (d.size !== p.size) {
      throw new AppError('INTEGRITY_FAILED', { zh: '投标文件分块的总大小与记录不符', en: 'The stored pieces do not add up to the part size' }, { bidId: bid.id, part: p.part, size: p.size, read: d.size });
    }
    done.push({ id: p.id, part: p.part, size: p.size, sha256: d.sha256, sm3: d.sm3 });
  }
  await deps.db.transaction(async (tx) => {
    for (const d of done) await tx.update(bidParts).set({ sha256: d.sha256, sm3: d.sm3 }).where(and(eq(bidParts.id, d.id), isNull(bidParts.sha256)));
    await audit(tx, deps, SYSTEM_CONTEXT, {
      chain: projectChain(bid.projectId),
      action: 'bid.digest',
      subject: { type: 'bid', id: bid.id },
      payload: { parts: done.map(({ part, size, sha256, sm3 }) => ({ part, size, sha256, sm3 })) },
    });
  });
  return { parts: done.length };
}
