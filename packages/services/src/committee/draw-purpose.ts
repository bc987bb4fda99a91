/**
 * The committee draw as a public commit–reveal draw (issue 21 §3; domain E2): purpose `committee.draw`,
 * subject the committee, options the frozen eligible list (`specialty:pseudonym`, in published order).
 * Visible to center staff and the project's supervisors before the committee is published, to everyone
 * after. Witnesses: the project's supervisors and center staff (`centerContributes`); platform
 * administrators never. When the draw has run, the committee is computed from its digest (drawn.ts).
 */
import { eq } from 'drizzle-orm';
import { committees, type DbOrTx, type DrawRow } from '@ebid/db';
import { AppError } from '@ebid/domain';
import type { Actor } from '../auth/session.ts';
import type { DrawPurpose } from '../draws/purposes.ts';
import { drawParticipantLabels } from '../opening/participants.ts';
import { loadCommitteeFor, notFound } from './access.ts';
import { applyCommitteeDraw } from './drawn.ts';

/** The purpose of the committee draw in the public draws (draws/service.ts). */
export const COMMITTEE_DRAW = 'committee.draw';

async function committeeOfDraw(db: DbOrTx, actor: Actor, d: DrawRow) {
  if (d.subjectType !== 'committee') throw notFound();
  const [c] = await db.select({ id: committees.id }).from(committees).where(eq(committees.id, d.subjectId));
  if (!c) throw notFound();
  return loadCommitteeFor(db, actor, c.id);
}

export const committeeDrawPurpose: DrawPurpose = {
  centerContributes: true,
  async visible(db, actor, d) {
    await committeeOfDraw(db, actor, d);
  },
  async authorize(db, actor, d) {
    const { viewer } = await committeeOfDraw(db, actor, d);
    if (actor.role === 'staff' || (actor.role === 'supervisor' && viewer === 'supervisor')) return;
    throw new AppError('FORBIDDEN', { zh: '只有该项目的监管人员和交易中心工作人员参与专家抽取', en: "Only the project's supervisors and center staff witness the committee draw" }, { reason: 'COMMITTEE_DRAW_WITNESS_ONLY' });
  },
  async labels(db, actor, d) {
    await committeeOfDraw(db, actor, d);
    return drawParticipantLabels(db, d.id, actor, true);
  },
  async onDrawn(tx, deps, d) {
    await applyCommitteeDraw(tx, deps, d);
  },
};
