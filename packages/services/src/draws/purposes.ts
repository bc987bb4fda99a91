/**
 * What each kind of draw needs from its owner (issue 14 §2): who may see it, who may contribute, and how
 * participants are named to a viewer. The draw service itself knows nothing of openings or committees.
 */
import type { Db, DrawRow, Tx } from '@ebid/db';
import { AppError } from '@ebid/domain';
import type { Actor } from '../auth/session.ts';
import type { Deps } from '../deps.ts';
import { OPENING_K_DRAW, openingKDrawPurpose } from '../opening/k-draw-purpose.ts';
import { COMMITTEE_DRAW, committeeDrawPurpose } from '../committee/draw-purpose.ts';

export interface DrawPurpose {
  /** NOT_FOUND unless the actor takes part in the draw's subject (no existence oracle). */
  visible(db: Tx | Db, actor: Actor, d: DrawRow): Promise<void>;
  /** A typed AppError (FORBIDDEN …) unless the actor may contribute; the center is refused before this. */
  authorize(db: Tx | Db, actor: Actor, d: DrawRow): Promise<void>;
  /** The participants' labels as this viewer may see them, by user id. */
  labels(db: Tx | Db, actor: Actor, d: DrawRow): Promise<Map<number, string>>;
  /**
   * Center staff contribute witness entropy to this purpose's draws (the committee draw, issue 21 §3: the
   * supervisors and the staff running it). Platform administrators never do. Default: the center does not.
   */
  centerContributes?: boolean;
  /** Called by the `draw.run` job in the result's own transaction, once the draw is drawn. */
  onDrawn?(tx: Tx, deps: Pick<Deps, 'clock' | 'config'>, d: DrawRow): Promise<void>;
}

/** Looked up at call time (never at module load), so the purposes' modules may import the draws freely. */
const purposes = (): Record<string, DrawPurpose> => ({
  [OPENING_K_DRAW]: openingKDrawPurpose,
  [COMMITTEE_DRAW]: committeeDrawPurpose,
});

export function drawPurpose(name: string): DrawPurpose {
  const p = purposes()[name];
  if (!p) throw new AppError('INTERNAL', undefined, { reason: 'DRAW_PURPOSE_UNKNOWN', purpose: name });
  return p;
}
