/**
 * Issue 18 §2: where the offers are confidential (谈判 / 磋商 / 询价 / 单一来源; CG §38 (4), §40; R74; R214)
 * the opening record lists every supplier for the group — the owner side, the center, the supervisor —
 * and each supplier receives its own copy, which holds its own lines only. The copies of a version are
 * sealed and stored by hash when the version is generated and listed, per company, in that version's
 * `opening.record` audit event (the one record of what was generated, in the same transaction). A
 * supplier reads, downloads and confirms its copy; nobody outside the opening reads any.
 */
import { and, desc, eq } from 'drizzle-orm';
import { auditEvents, type Db, type OpeningRecordRow, type OpeningRow, type ProjectRow, type Tx } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import { openingLinesVisible } from '@ebid/domain';
import type { ViewerKind } from './participants.ts';

/** One supplier's copy of a record version. */
export interface RecordCopy {
  bidderOrgId: number;
  sha256: string;
  size: number;
}

function isCopy(v: unknown): v is RecordCopy {
  if (typeof v !== 'object' || v === null) return false;
  const c: Record<string, unknown> = { ...v };
  return Number.isSafeInteger(c.bidderOrgId) && typeof c.sha256 === 'string' && /^[0-9a-f]{64}$/.test(c.sha256) && Number.isSafeInteger(c.size);
}

/** The supplier copies listed in a payload of `opening.record` for `version` (none: not this version, or a public record). */
function copiesIn(payload: unknown, version: number): RecordCopy[] | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const p: Record<string, unknown> = { ...payload };
  if (p.version !== version || !Array.isArray(p.copies)) return null;
  const copies: unknown[] = p.copies;
  return copies.filter(isCopy);
}

/** The supplier copies of a record version, from its `opening.record` event. */
export async function recordCopies(db: Tx | Db, projectId: number, openingId: number, version: number): Promise<RecordCopy[]> {
  const events = await db
    .select({ payload: auditEvents.payload })
    .from(auditEvents)
    .where(and(eq(auditEvents.chain, projectChain(projectId)), eq(auditEvents.action, 'opening.record'), eq(auditEvents.subjectType, 'opening'), eq(auditEvents.subjectId, String(openingId))))
    .orderBy(desc(auditEvents.id));
  for (const e of events) {
    const copies = copiesIn(e.payload, version);
    if (copies) return copies;
  }
  return [];
}

/**
 * The record a participant reads and confirms: the group's record, or — for a supplier where the offers
 * are confidential — its own copy (null if the version has none for it: the caller refuses).
 */
export async function recordFor(
  db: Tx | Db,
  p: Pick<ProjectRow, 'id' | 'tradeType' | 'method'>,
  o: Pick<OpeningRow, 'id'>,
  rec: Pick<OpeningRecordRow, 'version' | 'sha256' | 'size'>,
  reader: { kind: ViewerKind; orgId: number },
): Promise<{ sha256: string; size: number; copy: boolean } | null> {
  if (openingLinesVisible(p, reader.kind) === 'all') return { sha256: rec.sha256, size: rec.size, copy: false };
  const copy = (await recordCopies(db, p.id, o.id, rec.version)).find((c) => c.bidderOrgId === reader.orgId);
  return copy ? { sha256: copy.sha256, size: copy.size, copy: true } : null;
}
