/**
 * The public view of a draw (issue 14 §2): its timeline, the platform share's commitment, who committed
 * and the hash, the values once revealed (only after the commit close — they cannot exist earlier), the
 * platform share and the result once drawn. The same for every participant; labels come from the purpose.
 * Its shape is the contract's DrawView.
 */
import { asc, eq } from 'drizzle-orm';
import { drawCommitments, draws, type Db, type DrawRow, type Tx } from '@ebid/db';
import { drawPhaseAt, userParticipant } from '@ebid/domain';
import type { DrawView } from '@ebid/contracts';
import type { Actor } from '../auth/session.ts';
import type { Deps } from '../deps.ts';

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

export async function buildDrawView(
  db: Tx | Db,
  deps: Pick<Deps, 'clock'>,
  actor: Actor,
  d: DrawRow,
  opts: { labelOf: (userId: number) => string; mayContribute: boolean },
): Promise<DrawView> {
  const [fresh] = await db.select().from(draws).where(eq(draws.id, d.id));
  const row = fresh ?? d;
  const cs = await db.select().from(drawCommitments).where(eq(drawCommitments.drawId, row.id)).orderBy(asc(drawCommitments.id));
  const now = deps.clock.now();
  const drawn = row.status === 'drawn' && row.resultIndex !== null;
  const mine = cs.find((c) => c.userId === actor.userId);
  return {
    id: row.id,
    purpose: row.purpose,
    options: row.options,
    phase: drawn ? 'drawn' : drawPhaseAt(row, now),
    serverTime: now.toISOString(),
    createdAt: row.createdAt.toISOString(),
    commitCloseAt: row.commitCloseAt.toISOString(),
    revealCloseAt: row.revealCloseAt.toISOString(),
    platformCommitment: row.platformCommitment,
    platformShare: drawn ? row.platformShare : null,
    commitments: cs.map((c) => ({
      id: c.id,
      participant: userParticipant(c.userId),
      label: opts.labelOf(c.userId),
      mine: c.userId === actor.userId,
      commitment: c.commitment,
      committedAt: c.committedAt.toISOString(),
      valueHex: c.valueHex,
      revealedAt: iso(c.revealedAt),
    })),
    result:
      drawn && row.resultIndex !== null && row.drawnAt !== null
        ? { index: row.resultIndex, drawnAt: row.drawnAt.toISOString(), digestHex: row.digestHex ?? '', inputsSha256: row.inputsSha256 ?? '', unrevealed: cs.filter((c) => c.valueHex === null).map((c) => c.id) }
        : null,
    me: { mayContribute: opts.mayContribute, committed: !!mine, revealed: !!mine?.valueHex },
  };
}

/** The draw of a purpose and subject, if one was created. */
export async function drawOf(db: Tx | Db, purpose: string, subject: { type: string; id: number }): Promise<DrawRow | null> {
  const rows = await db.select().from(draws).where(eq(draws.subjectId, subject.id));
  return rows.find((r) => r.purpose === purpose && r.subjectType === subject.type) ?? null;
}
