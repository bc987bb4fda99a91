/**
 * What every publication leaves in public (issue 4 §4): the venues a notice is published at (N9: the same
 * content hash everywhere) and the public change feed, which the portal serves to third parties.
 */
import { sql } from 'drizzle-orm';
import { noticePublications, publicChanges, type Tx } from '@ebid/db';
import { requestCheckpoint } from '../audit/checkpoints.ts';
import type { Deps } from '../deps.ts';

/** Where every published notice goes, each recorded with the sealed PDF's hash (notice_publications). */
export const PUBLICATION_VENUES = ['platform', 'provincial_service_platform'] as const;

/** Append a public change in commit order (see publicChanges): serialize feed writers on one lock. */
export async function recordPublicChange(tx: Tx, deps: Pick<Deps, 'clock'>, entity: string, entityId: number, change: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(72817002)`);
  await tx.insert(publicChanges).values({ entity, entityId, change, at: deps.clock.now() });
}

/**
 * A notice just published: its sealed PDF's hash at every venue (N9), the public change, and an audit
 * checkpoint soon after (issue 13 §6). The caller records its own audit event.
 */
export async function recordNoticePublished(
  tx: Tx,
  deps: Pick<Deps, 'clock'>,
  n: { noticeId: number; projectId: number; pdfSha256: string; publishedAt: Date },
): Promise<void> {
  for (const venue of PUBLICATION_VENUES) {
    await tx.insert(noticePublications).values({ noticeId: n.noticeId, venue, contentSha256: n.pdfSha256, publishedAt: n.publishedAt });
  }
  await recordPublicChange(tx, deps, 'notice', n.noticeId, 'published');
  await requestCheckpoint(tx, deps, { reason: 'notice.publish', projectId: n.projectId });
}
