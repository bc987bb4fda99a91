/**
 * Declared ties (issue 21 §1; domain §3, E3): organizations an expert is or was tied to — employment, a board
 * seat, control or shareholding, a close relative's employer. An expert declares and ends its own; the center
 * may do either for any expert. Ties are never deleted: an ended tie still counts for 3 years.
 */
import { eq } from 'drizzle-orm';
import { expertProfiles, expertTies, users } from '@ebid/db';
import type { DeclareTieInput, EndTieInput, ExpertTieView } from '@ebid/contracts';
import { AppError, beijingDate, isLocalDate } from '@ebid/domain';
import { audit, requireActor, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { assertCreditCodeField, toTieView } from './profile-rules.ts';

const isCenterRole = (role: string) => role === 'staff' || role === 'platform_admin';

function assertDate(d: string, field: string, today: string): void {
  if (!isLocalDate(d)) throw new AppError('VALIDATION', { zh: `日期无效：${d}`, en: `Invalid date: ${d}` }, { field, reason: 'DATE' });
  if (d > today) throw new AppError('VALIDATION', { zh: `日期不能晚于今天：${d}`, en: `The date cannot be after today: ${d}` }, { field, reason: 'DATE_FUTURE' });
}

/** Declare a tie: an expert its own (userId omitted or its own), the center for any expert. */
export async function declareTie(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: DeclareTieInput): Promise<ExpertTieView> {
  const actor = requireActor(ctx);
  let expertUserId: number;
  if (actor.role === 'expert') {
    if (input.userId !== undefined && input.userId !== actor.userId) throw new AppError('NOT_FOUND');
    expertUserId = actor.userId;
  } else if (isCenterRole(actor.role)) {
    if (input.userId === undefined) throw new AppError('VALIDATION', { zh: '请指定专家', en: 'Name the expert' }, { field: 'userId' });
    expertUserId = input.userId;
  } else throw new AppError('FORBIDDEN');
  const now = deps.clock.now();
  const today = beijingDate(now);
  const code = input.orgCreditCode.trim().toUpperCase();
  assertCreditCodeField(code, 'orgCreditCode');
  if (input.startedOn) assertDate(input.startedOn, 'startedOn', today);
  if (input.endedOn) assertDate(input.endedOn, 'endedOn', today);
  if (input.startedOn && input.endedOn && input.endedOn < input.startedOn) {
    throw new AppError('VALIDATION', { zh: '结束日期不能早于开始日期', en: 'The end date cannot be before the start date' }, { field: 'endedOn', reason: 'DATE_ORDER' });
  }
  return deps.db.transaction(async (tx) => {
    const [p] = await tx.select({ userId: expertProfiles.userId }).from(expertProfiles).innerJoin(users, eq(users.id, expertProfiles.userId)).where(eq(expertProfiles.userId, expertUserId));
    if (!p) throw new AppError('NOT_FOUND');
    const [t] = await tx
      .insert(expertTies)
      .values({ expertUserId, orgCreditCode: code, orgName: input.orgName.trim(), kind: input.kind, startedOn: input.startedOn ?? null, endedOn: input.endedOn ?? null, declaredBy: actor.userId })
      .returning();
    if (!t) throw new AppError('INTERNAL');
    await audit(tx, deps, ctx, {
      action: 'expert.tie_declare',
      subject: { type: 'expert_tie', id: t.id },
      payload: { expertUserId, orgCreditCode: code, orgName: t.orgName, kind: t.kind, startedOn: t.startedOn, endedOn: t.endedOn },
    });
    return toTieView(t, now);
  });
}

/** Record the day a lasting tie ended (the expert its own, the center any). It keeps counting for 3 years. */
export async function endTie(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: EndTieInput): Promise<ExpertTieView> {
  const actor = requireActor(ctx);
  if (actor.role !== 'expert' && !isCenterRole(actor.role)) throw new AppError('FORBIDDEN');
  const now = deps.clock.now();
  assertDate(input.endedOn, 'endedOn', beijingDate(now));
  return deps.db.transaction(async (tx) => {
    const [t] = await tx.select().from(expertTies).where(eq(expertTies.id, input.tieId)).for('update');
    if (!t || (actor.role === 'expert' && t.expertUserId !== actor.userId)) throw new AppError('NOT_FOUND');
    if (t.endedOn !== null) throw new AppError('INVALID_STATE', { zh: '该关联关系已登记终止', en: 'This tie has already ended' }, { reason: 'TIE_ENDED' });
    if (t.startedOn !== null && input.endedOn < t.startedOn) {
      throw new AppError('VALIDATION', { zh: '结束日期不能早于开始日期', en: 'The end date cannot be before the start date' }, { field: 'endedOn', reason: 'DATE_ORDER' });
    }
    const [u] = await tx.update(expertTies).set({ endedOn: input.endedOn }).where(eq(expertTies.id, t.id)).returning();
    if (!u) throw new AppError('INTERNAL');
    await audit(tx, deps, ctx, { action: 'expert.tie_end', subject: { type: 'expert_tie', id: t.id }, payload: { expertUserId: t.expertUserId, endedOn: input.endedOn } });
    return toTieView(u, now);
  });
}
