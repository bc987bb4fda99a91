/**
 * Reading the published roots (issue 13 §6): the public list (oldest first, keyset paging by id) and the
 * witness block for receipts and records — the latest root published so far with the inclusion proof of
 * one chain's head in it.
 */
import { and, asc, desc, eq, gt, sql } from 'drizzle-orm';
import { auditEvents, auditRoots, type DbOrTx } from '@ebid/db';
import { AppError } from '@ebid/domain';
import { parseHeads, toPublishedRoot } from './checkpoint.ts';
import { chainInclusionProof, verifyChainInclusion } from './merkle.ts';
import { parseAuditRootDocument, type AuditRootWitness, type PublishedAuditRoot } from './root.ts';
import type { ChainId } from './types.ts';

export const MAX_ROOTS_PAGE = 500;

/** Roots published after `after` (exclusive id), oldest first; `next` is the id to pass next time. */
export async function listPublishedRoots(db: DbOrTx, input: { after: number; limit: number }): Promise<{ roots: PublishedAuditRoot[]; next: number }> {
  if (!Number.isSafeInteger(input.limit) || input.limit < 1 || input.limit > MAX_ROOTS_PAGE) {
    throw new AppError('VALIDATION', { zh: '分页大小无效', en: `limit must be 1 … ${MAX_ROOTS_PAGE}` }, { field: 'limit' });
  }
  const rows = await db.select().from(auditRoots).where(gt(auditRoots.id, input.after)).orderBy(asc(auditRoots.id)).limit(input.limit);
  return { roots: rows.map(toPublishedRoot), next: rows.at(-1)?.id ?? input.after };
}

export async function getPublishedRoot(db: DbOrTx, id: number): Promise<PublishedAuditRoot> {
  const [row] = await db.select().from(auditRoots).where(eq(auditRoots.id, id));
  if (!row) throw new AppError('NOT_FOUND', { zh: '审计根不存在', en: 'No such audit root' }, { field: 'id' });
  return toPublishedRoot(row);
}

/**
 * The latest published root and the inclusion proof of `chain`'s head in it; null when no root has been
 * published yet or the latest one has no leaf for the chain (it had no event when the root was taken).
 * Call it in the act's transaction: it sees only roots committed before the act.
 */
export async function latestRootWitness(db: DbOrTx, chain: ChainId): Promise<AuditRootWitness | null> {
  const [row] = await db.select().from(auditRoots).orderBy(desc(auditRoots.id)).limit(1);
  if (!row) return null;
  const [ev] = await db
    .select({ payload: sql<string>`${auditEvents.payload}::text` })
    .from(auditEvents)
    .where(and(eq(auditEvents.id, row.checkpointEventId), eq(auditEvents.chain, 'platform')));
  const document = parseAuditRootDocument(row.document);
  const heads = ev ? parseHeads((JSON.parse(ev.payload) as { heads?: unknown }).heads) : null;
  const proof = heads ? chainInclusionProof(heads, chain) : null;
  if (!document || !heads) {
    throw new AppError('INTEGRITY_FAILED', { zh: '审计根与检查点记录不一致', en: `Published audit root #${row.id} does not match its checkpoint` }, { rootId: row.id });
  }
  if (!proof) return null;
  if (!verifyChainInclusion(proof, document.root) || proof.treeSize !== document.treeSize) {
    throw new AppError('INTEGRITY_FAILED', { zh: '审计根与检查点记录不一致', en: `Published audit root #${row.id} is not the root of its checkpoint's heads` }, { rootId: row.id });
  }
  return {
    id: row.id,
    document,
    inclusion: { chain: proof.chain, headHash: proof.headHash, leafIndex: proof.leafIndex, hashes: proof.hashes },
  };
}
