/**
 * The opening session's rows and states (issue 7): loading the session (one per project), its lines in
 * ordinal order with their bids' parts, its current record; when a line is terminal and the session
 * published (O4); and the session's job kinds.
 */
import { asc, eq, inArray } from 'drizzle-orm';
import { bidParts, bids, openingBids, openingRecords, openings, organizations, users, type Db, type OpeningBidRow, type OpeningRecordRow, type OpeningRow, type ProjectRow, type Tx } from '@ebid/db';
import { AppError, startGraceEnd } from '@ebid/domain';
import type { OpeningView } from '@ebid/contracts';
import { bidDeadlineOf } from '../bids/bidding-window.ts';
import { hasOpeningSession } from './opening-schedule.ts';
import { openingRulesOf } from './rules.ts';

/** The end of the decryption window (O3): pending lines become terminal, then publication (session.ts). */
export const OPENING_WINDOW_END_JOB = 'opening.window_end';
/** The job that stores a decrypted bid's plaintext by hash (enqueued at publication, issue 14 §1). */
export const OPENING_STORE_PLAINTEXT_JOB = 'opening.store_plaintext';
/** A decryption started this long ago and not finished is considered dead (the window end stops waiting). */
export const DECRYPT_IN_FLIGHT_MS = 5 * 60 * 1000;

export function noSession(): AppError {
  return new AppError('INVALID_STATE', { zh: '开标尚未开始', en: 'The opening has not started' }, { reason: 'NOT_OPENED' });
}

/** Host-only acts (issue 18 §5): a session the timer opened needs a staff member in the chair first. */
export function requireHost(o: OpeningRow): OpeningRow {
  if (o.hostUserId === null) {
    throw new AppError('INVALID_STATE', { zh: '开标会议尚无主持人，请先主持开标', en: 'The opening has no host yet: take the chair first' }, { reason: 'NO_HOST' });
  }
  return o;
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

/** The host's display name (null while a session the timer opened waits for its host). */
export async function hostNameOf(db: Tx | Db, o: Pick<OpeningRow, 'hostUserId'>): Promise<string | null> {
  if (o.hostUserId === null) return null;
  const [h] = await db.select({ n: users.displayName }).from(users).where(eq(users.id, o.hostUserId));
  return h?.n ?? null;
}

/** The opening's time as the view shows it (issue 18 §5): the auto-open instant, who opened, the host's arrival, the grace, lateness. */
export function openingTimeOf(
  p: Pick<ProjectRow, 'schedule' | 'openingRules' | 'tradeType' | 'method' | 'prequalification'>,
  o: Pick<OpeningRow, 'openedBy' | 'hostedAt' | 'late' | 'lateReason'> | null,
): Pick<OpeningView, 'autoOpenAt' | 'openedBy' | 'hostedAt' | 'startGraceMinutes' | 'graceEndsAt' | 'late' | 'lateReason' | 'confirmWindowMinutes'> {
  const rules = openingRulesOf(p);
  const deadline = bidDeadlineOf(p);
  return {
    autoOpenAt: deadline && hasOpeningSession(p) ? deadline.toISOString() : null,
    openedBy: o?.openedBy ?? null,
    hostedAt: o?.hostedAt?.toISOString() ?? null,
    startGraceMinutes: rules.startGraceMinutes,
    graceEndsAt: deadline ? startGraceEnd(deadline, rules.startGraceMinutes).toISOString() : null,
    late: o?.late ?? false,
    lateReason: o?.lateReason ?? null,
    confirmWindowMinutes: rules.confirmWindowMinutes,
  };
}
