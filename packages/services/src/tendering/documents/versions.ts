/** Which document versions are current, and the versions a clarification issues (S1, N5). */
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { clarifications, tenderDocuments, type TenderDocumentRow, type Tx } from '@ebid/db';
import type { RequiredDocumentKind } from '@ebid/domain';

/**
 * The ids of the project's current documents of a kind: not superseded, and issued (not waiting in a
 * draft clarification). `except` leaves one document out (the one about to be removed).
 */
export async function currentDocumentIds(tx: Tx, projectId: number, kind: RequiredDocumentKind, except?: number): Promise<number[]> {
  const rows = await tx
    .select({ id: tenderDocuments.id, clarificationStatus: clarifications.status })
    .from(tenderDocuments)
    .leftJoin(clarifications, eq(clarifications.id, tenderDocuments.clarificationId))
    .where(and(eq(tenderDocuments.projectId, projectId), eq(tenderDocuments.kind, kind), isNull(tenderDocuments.supersededAt)));
  return rows.filter((r) => r.id !== except && (r.clarificationStatus === null || r.clarificationStatus === 'published')).map((r) => r.id);
}

/** Documents issued by a clarification (for its view and PDF). */
export async function clarificationDocuments(tx: Tx, clarificationIds: number[]): Promise<TenderDocumentRow[]> {
  if (clarificationIds.length === 0) return [];
  return tx.select().from(tenderDocuments).where(inArray(tenderDocuments.clarificationId, clarificationIds)).orderBy(tenderDocuments.name);
}

/** On publishing a clarification: the versions it issues now supersede the old ones. */
export async function supersedeByClarification(tx: Tx, clarificationId: number, at: Date): Promise<void> {
  const issued = await tx.select({ old: tenderDocuments.supersedesId }).from(tenderDocuments).where(eq(tenderDocuments.clarificationId, clarificationId));
  const old = issued.map((r) => r.old).filter((x): x is number => x !== null);
  if (old.length === 0) return;
  await tx.update(tenderDocuments).set({ supersededAt: at }).where(and(inArray(tenderDocuments.id, old), isNull(tenderDocuments.supersededAt)));
}
