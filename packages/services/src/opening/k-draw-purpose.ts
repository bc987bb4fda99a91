/**
 * The opening's 浮动点 / K draw as a public commit–reveal draw (issue 14 §2, O8): purpose `opening.k`,
 * subject the opening, options the tender's float-point set. Participants: the signed-in bidders (their
 * browsers commit and reveal by themselves), supervisors and the owner side (tenderee / agent). Center
 * staff and platform administrators do not contribute (refused by the draw service for every purpose).
 */
import { and, eq } from 'drizzle-orm';
import { openings, openingSignIns, type Db, type DrawRow, type Tx } from '@ebid/db';
import { AppError } from '@ebid/domain';
import type { Actor } from '../auth/session.ts';
import type { DrawPurpose } from '../draws/purposes.ts';
import { drawParticipantLabels, loadForViewer } from './participants.ts';
import { isPublished } from './session-state.ts';

/** The purpose of the opening's K draw in the public draws (issue 14 §2; draws/service.ts). */
export const OPENING_K_DRAW = 'opening.k';

async function openingOfDraw(db: Tx | Db, actor: Actor, d: DrawRow) {
  const [o] = await db.select().from(openings).where(eq(openings.id, d.subjectId));
  if (!o || d.subjectType !== 'opening') throw new AppError('NOT_FOUND', { zh: '抽取不存在', en: 'No such draw' }, { field: 'drawId' });
  const { project, kind } = await loadForViewer(db, actor, o.projectId);
  return { o, project, kind };
}

export const openingKDrawPurpose: DrawPurpose = {
  async visible(db, actor, d) {
    await openingOfDraw(db, actor, d);
  },
  async authorize(db, actor, d) {
    const { project, kind } = await openingOfDraw(db, actor, d);
    if (kind === 'center') throw new AppError('FORBIDDEN', { zh: '交易中心工作人员不参与随机抽取', en: 'Center staff do not contribute to draws' }, { reason: 'DRAW_CENTER_NO_CONTRIBUTION' });
    if (kind === 'bidder') {
      const [s] = await db.select({ id: openingSignIns.id }).from(openingSignIns).where(and(eq(openingSignIns.projectId, project.id), eq(openingSignIns.bidderOrgId, actor.orgId)));
      if (!s) throw new AppError('FORBIDDEN', { zh: '请先签到', en: 'Sign in first' }, { reason: 'NOT_SIGNED_IN' });
    }
  },
  async labels(db, actor, d) {
    const { o, kind } = await openingOfDraw(db, actor, d);
    return drawParticipantLabels(db, d.id, actor, kind !== 'bidder' || isPublished(o));
  },
};
