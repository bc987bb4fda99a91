/**
 * The opening room's live events (topic `opening.<projectId>`, the contract's openingTopic), stamped
 * with the server clock. No event carries a price before publication, and none tells of a sign-in before
 * the bid deadline. Where the offers are confidential (谈判 / 磋商 / 询价 / 单一来源, issue 18 §2) the one
 * topic every participant follows carries only what concerns the whole room: no line's label, status,
 * objection or record hash (each reader refetches its own view, which shows what it may see).
 */
import { eq } from 'drizzle-orm';
import { projects, type ProjectRow, type Tx } from '@ebid/db';
import { openingTopic } from '@ebid/contracts';
import { offersConfidential } from '@ebid/domain';
import { isBeforeDeadline } from '../access/before-deadline.ts';
import type { Clock } from '../clock.ts';
import { publishLiveEvent } from '../live/hub.ts';

/**
 * The event fields that concern the whole room, never one supplier's line: times, the number of bids and
 * the failed sections at the start, the K draw's announcement, the record's version. Anything else (a
 * line's label or status, an objection's id, a record hash) is withheld where offers are confidential.
 */
const ROOM_FIELDS: ReadonlySet<string> = new Set(['at', 'openedAt', 'decryptDeadline', 'bids', 'bidCounts', 'failedSections', 'kDraw', 'version']);

/** An event's data as the room of a project may hear it (issue 18 §2; CG §38 (4)). */
export function roomEventData(p: Pick<ProjectRow, 'tradeType' | 'method'>, data: Record<string, unknown>): Record<string, unknown> {
  if (!offersConfidential(p.tradeType, p.method)) return data;
  return Object.fromEntries(Object.entries(data).filter(([k]) => ROOM_FIELDS.has(k)));
}

/** A live event in the opening room, stamped with the server clock (never a price before publication). */
export async function publishOpeningEvent(tx: Tx, clock: Clock, projectId: number, type: string, data: Record<string, unknown> = {}): Promise<void> {
  const [p] = await tx.select({ tradeType: projects.tradeType, method: projects.method }).from(projects).where(eq(projects.id, projectId));
  if (!p) return;
  await publishLiveEvent(tx, { topic: openingTopic(projectId), type, data: roomEventData(p, data), at: clock.now() });
}

/**
 * A bidder signed in. Before the bid deadline the event is not published at all: it would tell every
 * follower of the room (the owner side, the center, the supervisor, other bidders) that one more company
 * is bidding (招标投标法 §22, B11; the table's `sign_ins`). The signer has its answer; the room learns of
 * the sign-ins when the opening starts.
 */
export async function publishSignedIn(tx: Tx, clock: Clock, p: ProjectRow, data: Record<string, unknown>): Promise<void> {
  if (isBeforeDeadline(p, clock.now())) return;
  await publishOpeningEvent(tx, clock, p.id, 'signed_in', data);
}
