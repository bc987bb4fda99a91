/**
 * Publication of the committee (issue 21 §5; E4): center staff, once every expert seat is confirmed. From
 * then on the names, the roster and the draw's inputs and result are public (access.ts).
 */
import { and, count, eq } from 'drizzle-orm';
import { projectChain } from '@ebid/audit';
import { committeeMembers, committees } from '@ebid/db';
import { AppError } from '@ebid/domain';
import type { CommitteeIdInput, CommitteeView } from '@ebid/contracts';
import { audit, requireRole, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { publishLiveEvent } from '../live/hub.ts';
import { committeeTopic } from './access.ts';
import { buildCommitteeView } from './view.ts';

export async function publishCommittee(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: CommitteeIdInput): Promise<CommitteeView> {
  requireRole(ctx, 'staff');
  return deps.db.transaction(async (tx) => {
    const [c] = await tx.select().from(committees).where(eq(committees.id, input.committeeId)).for('update');
    if (!c) throw new AppError('NOT_FOUND', { zh: '评标委员会不存在', en: 'No such committee' }, { field: 'committeeId' });
    if (c.status !== 'drawn') throw new AppError('INVALID_STATE', { zh: '只有抽取完成的评标委员会可以公布', en: 'Only a drawn committee can be published' }, { reason: 'COMMITTEE_NOT_DRAWN', status: c.status });
    const [{ n } = { n: 0 }] = await tx
      .select({ n: count() })
      .from(committeeMembers)
      .where(and(eq(committeeMembers.committeeId, c.id), eq(committeeMembers.status, 'confirmed')));
    const experts = c.size - c.ownerReps;
    if (Number(n) !== experts) {
      throw new AppError('INVALID_STATE', { zh: `已确认的专家${Number(n)}人，应为${experts}人`, en: `${Number(n)} experts have confirmed; ${experts} are needed` }, { reason: 'COMMITTEE_INCOMPLETE', confirmed: Number(n), experts });
    }
    const now = deps.clock.now();
    await tx.update(committees).set({ status: 'published', publishedAt: now }).where(eq(committees.id, c.id));
    await audit(tx, deps, ctx, { chain: projectChain(c.projectId), action: 'committee.publish', subject: { type: 'committee', id: c.id }, payload: { committeeId: c.id, publishedAt: now.toISOString() } });
    await publishLiveEvent(tx, { topic: committeeTopic(c.id), type: 'committee_published', data: { committeeId: c.id }, at: now });
    return buildCommitteeView(tx, 'center', c.id);
  });
}
