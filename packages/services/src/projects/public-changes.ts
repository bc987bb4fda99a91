/**
 * What every publication leaves in public (issue 4 §4): the venues a notice is published at (N9: the same
 * content hash everywhere) and the public change feed, which the portal serves to third parties.
 */
import { sql } from 'drizzle-orm';
import { publicChanges, type Tx } from '@ebid/db';
import type { Deps } from '../deps.ts';

/** Where every published notice goes, each recorded with the sealed PDF's hash (notice_publications). */
export const PUBLICATION_VENUES = ['platform', 'provincial_service_platform'] as const;

/** Append a public change in commit order (see publicChanges): serialize feed writers on one lock. */
export async function recordPublicChange(tx: Tx, deps: Pick<Deps, 'clock'>, entity: string, entityId: number, change: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(72817002)`);
  await tx.insert(publicChanges).values({ entity, entityId, change, at: deps.clock.now() });
}
