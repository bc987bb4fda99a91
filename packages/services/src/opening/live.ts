/**
 * The opening room's live events (topic `opening.<projectId>`, the contract's openingTopic), stamped
 * with the server clock. No event carries a price before publication, and none tells of a sign-in before
 * the bid deadline.
 */
import type { ProjectRow, Tx } from '@ebid/db';
import { openingTopic } from '@ebid/contracts';
import { isBeforeDeadline } from '../access/before-deadline.ts';
import type { Clock } from '../clock.ts';
import { publishLiveEvent } from '../live/hub.ts';

/** A live event in the opening room, stamped with the server clock (never a price before publication). */
export async function publishOpeningEvent(tx: Tx, clock: Clock, projectId: number, type: string, data: Record<string, unknown> = {}): Promise<void> {
  await publishLiveEvent(tx, { topic: openingTopic(projectId), type, data, at: clock.now() });
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
