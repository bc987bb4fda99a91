/**
 * Who may read an evaluation committee's names BEFORE ITS PUBLICATION (issue 21 §5; domain E4: names are
 * hidden from every non-authorised role until the result is published) — the one table the committee's
 * read paths consult (committee/access.ts). After publication the names are public.
 *
 * - `all`: center staff running the draw (and platform administrators, who run the platform);
 * - `own_scope`: a supervisor, for the projects its scope covers (issue 20 §4, M3);
 * - `own_seat`: an expert learns its own invitation — the session's time and place — and nothing else:
 *   not the other members, not the project's bidders;
 * - `never`: bidders, the owner side (tenderee, agent) and the public learn nothing, not even that a
 *   committee exists.
 *
 * Pure.
 */
import type { Reader } from './before-deadline.ts';

export type CommitteeNamesAccess = 'all' | 'own_scope' | 'own_seat' | 'never';

export const COMMITTEE_NAMES_BEFORE_PUBLICATION: Readonly<Record<Reader, CommitteeNamesAccess>> = {
  staff: 'all',
  platform_admin: 'all',
  supervisor: 'own_scope',
  expert: 'own_seat',
  bidder: 'never',
  tenderee: 'never',
  agent: 'never',
  anonymous: 'never',
};

export function committeeNamesAccess(reader: Reader): CommitteeNamesAccess {
  return COMMITTEE_NAMES_BEFORE_PUBLICATION[reader];
}
