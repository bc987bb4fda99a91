/**
 * The opening session's rows and states (issue 7): loading the session (one per project), its lines in
 * ordinal order with their bids' parts, its current record; when a line is terminal and the session
 * published (O4); and the session's job kinds.
 */
import { asc, eq, inArray } from 'drizzle-orm';
import { bidParts, bids, openingBids, openingRecords, openings, organizations, type Db, type OpeningBidRow, type OpeningRecordRow, type OpeningRow, type Tx } from '@ebid/db';
import { AppError } from '@ebid/domain';

/** The end of the decryption window (O3): pending lines become terminal, then publication (session.ts). */
export const OPENING_WINDOW_END_JOB = 'opening.window_end';
/** The job that stores a decrypted bid's plaintext by hash (enqueued at publication, issue 14 §1). */
export const OPENING_STORE_PLAINTEXT_JOB = 'opening.store_plaintext';
/** A decryption started this long ago and not finished is considered dead (the window end stops waiting). */
export const DECRYPT_IN_FLIGHT_MS = 5 * 60 * 1000;

export function noSession(): AppError {
  return new AppError('INVALID_STATE', { zh: '开标尚未开始', en: 'The opening has not started' }, { reason: 'NOT_OPENED' });
}

export async function loadOpening(db: Tx | Db, projectId: number, lock = false): Promise<OpeningRow | null> {
  const q = db.select().from(openings).where(eq(openings.projectId, projectId));
  const [o] = lock ? await q.for('update') : await q;
  return o ?? null;
}

export const isTerminal = (s: OpeningBidRow['decryptStatus']): boolean => s !== 'pending';
export const isPublished = (o: Pick<OpeningRow, 'status'>): boolean => o.status === 'published' || o.status === 'closed';

export async function currentRecord(db: Tx | Db, openingId: number): Promise<OpeningRecordRow | null> {
  const rows = await db.select().from(openingRecords).where(eq(openingRecords.openingId, openingId)).orderBy(asc(openingRecords.version));
  return rows.at(-1) ?? null;
}

/** The opening's lines in ordinal order, each with its bid and company name, and the bids' parts. */
export async function openingLines(db: Tx | Db, openingId: number) {
  // Narrow columns: a bid row carries its receipt and CMS, a part its piece lists — not needed here.
  const lines = await db
    .select({ ob: openingBids, bid: { id: bids.id, receivedAt: bids.receivedAt }, orgName: organizations.name })
    .from(openingBids)
    .innerJoin(bids, eq(bids.id, openingBids.bidId))
    .innerJoin(organizations, eq(organizations.id, openingBids.bidderOrgId))
    .where(eq(openingBids.openingId, openingId))
    .orderBy(asc(openingBids.ordinal));
  const parts = lines.length
    ? await db
        .select({ bidId: bidParts.bidId, part: bidParts.part, plaintextSha256: bidParts.plaintextSha256, plaintextSize: bidParts.plaintextSize })
        .from(bidParts)
        .where(inArray(bidParts.bidId, lines.map((r) => r.bid.id)))
    : [];
  return { lines, parts };
}
